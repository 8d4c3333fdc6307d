"""Opening a file for display: R-set siblings, the image to show and its pyramid."""

from __future__ import annotations

import glob
import os
import re

from workbench.io import IO, AssetType
from workbench.io.core.registry import strip_rset_suffix

from .pyramid import TilePyramid, overview_assets

_RN = re.compile(r"\.r(\d+)$", re.IGNORECASE)


def rset_paths(path: str) -> list[str]:
    """``[base, base.r1, base.r2, …]`` when sibling ``.rN`` files exist beside ``path`` (which may
    be the base or any of the ``.rN``); else ``[path]``."""
    base = strip_rset_suffix(os.fspath(path))
    if not os.path.exists(base):
        return [os.fspath(path)]
    levels = {}
    for p in glob.glob(glob.escape(base) + ".[rR]*"):
        m = _RN.search(p)
        if m and int(m.group(1)) >= 1:
            levels[int(m.group(1))] = p
    return [base] + [levels[k] for k in sorted(levels)]


def open_dataset(path_or_paths, format: str | None = None):
    """A reader for a path (with its R-set siblings) or an explicit list of paths."""
    if isinstance(path_or_paths, (list, tuple)):
        paths = list(path_or_paths)
    else:
        paths = rset_paths(os.fspath(path_or_paths))
    return IO.open(paths if len(paths) > 1 else paths[0], "r", format)


def image_keys(reader) -> list[str]:
    """Image assets a user may show: full-resolution images first, then overviews."""
    keys = reader.get_asset_keys(AssetType.Image)
    data = [k for k in keys if "overview" not in reader.get_asset(k).roles]
    return data + [k for k in keys if k not in data]


def default_image(reader) -> str:
    keys = image_keys(reader)
    if not keys:
        raise ValueError("the dataset holds no image to show")
    data = [k for k in keys if "data" in reader.get_asset(k).roles]
    return (data or keys)[0]


def pyramid_for(reader, key: str, tile_size: int = 512, cache_bytes: int = 256 << 20):
    asset = reader.get_asset(key)
    return TilePyramid(asset, overview_assets(reader, key), tile_size, cache_bytes)

"""R-sets: a pyramid stored as one file per resolution level (``base``, ``base.r1``, …).

Reading merges the files into one dataset (``image:0`` and ``image:0:overview:N``); writing routes
each ``image:0:overview:N`` asset to the file of level N, re-keyed ``image:0``. Any format.
"""

from __future__ import annotations

import os
import re

from .assets import ImageAsset
from .dataset import DatasetReader, DatasetWriter
from .enums import AssetType
from .errors import UnsupportedError
from .registry import rset_level

_OVERVIEW_KEY = re.compile(r":overview:(\d+)$")


def levels_for(paths: list, roles) -> list[int]:
    """The resolution level of each path/stream: 0 for the first, the ``.rN`` suffix (or, for
    streams, ``roles[i]`` such as ``"r2"``/``"overview:2"``, else the position) for the rest."""
    levels = [0]
    for i, p in enumerate(paths[1:], start=1):
        role = roles[i] if roles and i < len(roles) else None
        if isinstance(p, (str, os.PathLike)):
            level = rset_level(os.fspath(p))
            if level is None:
                raise UnsupportedError(
                    f"extra path {os.fspath(p)!r} of an R-set must end in .rN (e.g. out.ntf.r1)")
        elif role is not None:
            m = re.search(r"(\d+)$", str(role))
            if not m:
                raise UnsupportedError(f"role {role!r} of stream {i} does not name a level")
            level = int(m.group(1))
        else:
            level = i
        if level < 1 or level in levels:
            raise UnsupportedError(f"R-set level {level} of input {i} is repeated or invalid")
        levels.append(level)
    return levels


class RekeyedImageAsset(ImageAsset):
    """An image asset seen under another key and roles (no copy of anything)."""

    _SHARED = ("title", "description", "num_rows", "num_columns", "num_bands",
               "pixel_value_type", "num_bits_per_pixel", "actual_bits_per_pixel",
               "num_pixels_per_block_horizontal", "num_pixels_per_block_vertical",
               "num_resolution_levels", "pad_pixel_value")

    def __init__(self, inner: ImageAsset, key: str, roles: list[str]):
        super().__init__(key, inner.title, inner.description, roles, inner.metadata)
        self.inner = inner
        for name in self._SHARED:
            setattr(self, name, getattr(inner, name))

    def has_block(self, block_row, block_col, resolution_level=0):
        return self.inner.has_block(block_row, block_col, resolution_level)

    def _read_block(self, row, col, level, bands):
        return self.inner.get_block(row, col, level, bands)


class RSetReader(DatasetReader):
    def __init__(self, readers: list[DatasetReader], levels: list[int]):
        base = readers[0]
        super().__init__([], base.metadata)
        self.readers = readers
        for key in base.get_asset_keys():
            self._add(base.get_asset(key))
        for reader, level in sorted(zip(readers[1:], levels[1:]), key=lambda t: t[1]):
            images = reader.get_asset_keys(AssetType.Image)
            if images:
                self._add(RekeyedImageAsset(reader.get_asset(images[0]),
                                            f"image:0:overview:{level}", ["overview"]))

    def close(self) -> None:
        if not self.closed:
            self.closed = True
            for r in self.readers:
                r.close()


class RSetWriter(DatasetWriter):
    """Routes assets to one writer per level; closes base first, then ascending levels."""

    def __init__(self, writers: list[DatasetWriter], levels: list[int], fmt):
        super().__init__([], fmt)
        self.by_level = dict(zip(levels, writers))

    def add_asset(self, key, provider, title="", description="", roles=None) -> None:
        m = _OVERVIEW_KEY.search(key)
        level = int(m.group(1)) if m else 0
        if level not in self.by_level:
            raise UnsupportedError(
                f"asset {key!r} is for R-set level {level} but no .r{level} path was given")
        if level:
            key, roles = "image:0", ["data"]
        self.by_level[level].add_asset(key, provider, title, description, roles)

    def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        for level in sorted(self.by_level):
            writer = self.by_level[level]
            writer.metadata = self.metadata
            writer.progress, writer.cancel_event = self.progress, self.cancel_event
            writer.close()

    def abort(self) -> None:
        self.closed = True
        for writer in self.by_level.values():
            writer.abort()

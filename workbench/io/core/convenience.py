"""The simple path: ``imread``, ``imsave``, ``iminfo`` and ``tiles``."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .enums import AssetType, PixelType
from .io import IO
from .metadata import BufferedMetadataProvider
from .providers import BufferedImageAssetProvider
from .registry import for_write
from .window import clamp_window, read_window


@dataclass(frozen=True)
class ImageInfo:
    """Image metadata returned by :func:`iminfo` (a snapshot, no pixels read)."""

    width: int
    height: int
    bands: int
    dtype: str
    block_size: tuple[int, int]
    num_resolution_levels: int
    asset_key: str
    metadata: dict[str, Any] = field(repr=False)


@dataclass(frozen=True)
class Tile:
    """One tile from :func:`tiles`: CHW ``data`` whose top-left pixel is (``x``, ``y``)."""

    data: np.ndarray = field(repr=False)
    x: int
    y: int
    tile_col: int
    tile_row: int


@dataclass
class ImsavePlan:
    """What a format module decides for :func:`imsave`: image hints, block size, file hints."""

    metadata: BufferedMetadataProvider
    block_width: int = 0
    block_height: int = 0
    file_metadata: BufferedMetadataProvider | None = None


def default_image_key(reader, asset: str | None = None) -> str:
    """``asset`` if given; else the first image with role ``data``; else the first image."""
    if asset is not None:
        reader.get_asset(asset)  # raises a clear error when missing
        return asset
    images = reader.get_asset_keys(AssetType.Image)
    if not images:
        raise ValueError("the dataset holds no image assets")
    data = [k for k in images if "data" in reader.get_asset(k).roles]
    return (data or images)[0]


def _open(src, format):
    if not isinstance(src, (str, os.PathLike)) and format is None:
        raise ValueError("reading from a file-like object needs format= (e.g. format='png')")
    return IO.open([src], "r", format)


def imread(src, *, window=None, asset: str | None = None, bands=None, resolution_level: int = 0,
           fill_value=0, format: str | None = None) -> np.ndarray:
    """Read an image (or ``window=(x, y, width, height)`` of it) as a CHW array."""
    with _open(src, format) as reader:
        image = reader.get_asset(default_image_key(reader, asset))
        out = read_window(image, window, bands, resolution_level, fill_value)
        return out


def iminfo(src, *, asset: str | None = None, format: str | None = None) -> ImageInfo:
    with _open(src, format) as reader:
        key = default_image_key(reader, asset)
        image = reader.get_asset(key)
        return ImageInfo(image.num_columns, image.num_rows, image.num_bands,
                         image.pixel_value_type.to_numpy_dtype().name,
                         (image.block_width, image.block_height), image.num_resolution_levels,
                         key, image.metadata.to_dict())


def tiles(src, tile_size, *, overlap=(0, 0), asset: str | None = None, bands=None,
          resolution_level: int = 0, fill_value=0, format: str | None = None) -> Iterator[Tile]:
    """Tiles of ``tile_size=(width, height)`` in row-major order; edge tiles may be smaller."""
    tw, th = (int(v) for v in tile_size)
    ox, oy = (int(v) for v in overlap)
    if tw <= 0 or th <= 0:
        raise ValueError(f"tile_size must be positive, got {tile_size}")
    if not (0 <= ox < tw and 0 <= oy < th):
        raise ValueError(f"overlap {overlap} must be >= 0 and smaller than tile_size {tile_size}")
    return _tiles(src, tw, th, ox, oy, asset, bands, resolution_level, fill_value, format)


def _tiles(src, tw, th, ox, oy, asset, bands, level, fill_value, format) -> Iterator[Tile]:
    with _open(src, format) as reader:
        image = reader.get_asset(default_image_key(reader, asset))
        _, _, width, height = clamp_window(image, None, level)
        step_x, step_y = tw - ox, th - oy
        for row, y in enumerate(range(0, height, step_y)):
            for col, x in enumerate(range(0, width, step_x)):
                w, h = min(tw, width - x), min(th, height - y)
                data = read_window(image, (x, y, w, h), bands, level, fill_value)
                yield Tile(data, x, y, col, row)
                if x + tw >= width:
                    break
            if y + th >= height:
                break


def imsave(dst, data, *, compression: str | None = None, block_size=None, corners=None,
           crs: str | None = None, quality: float | None = None,
           format: str | None = None) -> None:
    """Save a CHW (or 2-D) array; format from ``format=`` or the extension."""
    path = os.fspath(dst) if isinstance(dst, (str, os.PathLike)) else None
    spec = for_write(path, format)
    array = np.asarray(data)
    if array.ndim == 2:
        array = array[np.newaxis]
    if array.ndim != 3:
        raise ValueError(f"imsave expects a 2-D (rows, columns) or 3-D (bands, rows, columns) "
                         f"array, got {array.ndim}-D")
    if array.size == 0:
        raise ValueError(f"imsave got an empty array of shape {array.shape}")
    PixelType.from_numpy_dtype(array.dtype)
    if array.dtype.byteorder not in ("=", "|"):
        array = array.astype(array.dtype.newbyteorder("="))
    if corners is not None and len(corners) != 4:
        raise ValueError(f"corners must be 4 (lon, lat) pairs UL, UR, LR, LL; got {len(corners)}")
    plan: ImsavePlan = spec.load().imsave_plan(
        spec, array, compression=compression, block_size=block_size, quality=quality,
        corners=corners, crs=crs)
    provider = BufferedImageAssetProvider.create(
        key="image:0", num_columns=array.shape[2], num_rows=array.shape[1],
        num_bands=array.shape[0], block_width=plan.block_width or None,
        block_height=plan.block_height or None,
        pixel_type=PixelType.from_numpy_dtype(array.dtype), metadata=plan.metadata)
    provider.set_full_image(array)
    with IO.open([dst], "w", spec.requested) as writer:
        if plan.file_metadata is not None:
            writer.metadata = plan.file_metadata
        writer.add_asset("image:0", provider, title="", description="", roles=["data"])

"""Lazy overview (pyramid) providers for any image asset.

Level ``k`` has ``ceil(size / 2**k)`` pixels a side and is made from level ``k - 1`` by a 2x
reduction (level 0 being the source): the mean of each 2x2 cell for continuous data (integers
rounded half up; a partial cell at the right/bottom edge averages the pixels it has), or the
cell's lower-right pixel ("nearest": never a blend) for masks, palette/LUT and class images.

Nothing is precomputed: a block is computed when first asked for, from the four (or fewer)
blocks under it one level down, and then kept in a spool file (raw pixels in an unnamed
temporary file, read back with ``pread``), so each level is computed once whatever order its
blocks are read in, and memory stays O(block). Writing a COG (smallest overview first) thus
reads the source once for all overviews.

    overviews = build_overviews(image)        # down to one 256-pixel tile
    for ovr in overviews: writer.add_asset(ovr.key, ovr, roles=["overview"])

or, for a COG (one path) or an R-set (``out.ntf``, ``out.ntf.r1``, ...) alike:

    add_pyramid(writer, image, levels=len(paths) - 1 if len(paths) > 1 else None)
"""

from __future__ import annotations

import os
import tempfile
import threading

import numpy as np

from .core.assets import ImageAsset
from .core.geometry import ceil_div
from .core.metadata import BufferedMetadataProvider
from .geo.georef import GeoRef
from .tiff.geokeys import GEO_KEYS, GEO_TAGS

AVERAGE, NEAREST = "average", "nearest"
_SUM_TYPE = {"u1": np.uint32, "u2": np.uint32, "i1": np.int32, "i2": np.int32}


def choose_method(asset) -> str:
    """``nearest`` for masks, palette (TIFF Photometric 3) and LUT (NITF IREP=LUT) images."""
    meta = asset.metadata
    if "mask" in getattr(asset, "roles", ()) or str(meta.get("262", "")) == "3" \
            or str(meta.get("IREP", "")).strip().upper() == "LUT":
        return NEAREST
    return AVERAGE


def build_overviews(asset, min_size: int = 256, method: str | None = None,
                    block_size: int | None = None, max_levels: int | None = None
                    ) -> list["OverviewProvider"]:
    """Overview providers at levels 1, 2, ... until the larger side is at most ``min_size``
    (each level built from the one before)."""
    method = method or choose_method(asset)
    out: list[OverviewProvider] = []
    parent = asset
    while max(parent.num_columns, parent.num_rows) > min_size and parent.num_columns > 1 \
            and parent.num_rows > 1:
        if max_levels is not None and len(out) >= max_levels:
            break
        parent = OverviewProvider(asset, len(out) + 1, method, block_size, parent=parent)
        out.append(parent)
    return out


def add_pyramid(writer, asset, key: str = "image:0", title: str = "", description: str = "",
                min_size: int = 256, levels: int | None = None, method: str | None = None
                ) -> list["OverviewProvider"]:
    """Add ``asset`` (role ``data``) and its overviews (role ``overview``, keys
    ``{key}:overview:N``) to ``writer``; ``levels`` caps the count (e.g. the R-set files given).
    Returns the overview providers."""
    writer.add_asset(key, asset, title=title, description=description, roles=["data"])
    overviews = build_overviews(asset, min_size=min_size, method=method, max_levels=levels)
    if levels is not None and len(overviews) < levels:
        overviews = build_overviews(asset, min_size=1, method=method, max_levels=levels)
    for ovr in overviews:
        ovr.key = f"{key}:overview:{ovr.level}"
        writer.add_asset(ovr.key, ovr, title=f"{title} overview {ovr.level}".strip(),
                         description=ovr.description, roles=["overview"])
    return overviews


def reduce2(block: np.ndarray, method: str = AVERAGE) -> np.ndarray:
    """Halve a CHW block (odd sides pad by repeating the edge, so a partial cell averages the
    pixels it has)."""
    _, h, w = block.shape
    if h % 2 or w % 2:
        block = np.pad(block, ((0, 0), (0, h % 2), (0, w % 2)), mode="edge")
    if method == NEAREST:
        return np.ascontiguousarray(block[:, 1::2, 1::2])
    dt = block.dtype
    acc = _SUM_TYPE.get(dt.str[1:], np.int64 if dt.kind in "iu" else
                        (np.complex128 if dt.kind == "c" else np.float64))
    total = block[:, 0::2, 0::2].astype(acc)
    total += block[:, 1::2, 0::2]
    total += block[:, 0::2, 1::2]
    total += block[:, 1::2, 1::2]
    if dt.kind in "iu":
        return ((total + 2) // 4).astype(dt)
    return (total / 4).astype(dt)


class _Spool:
    """Computed blocks, raw, in an unnamed temporary file (page cache, not process memory)."""

    def __init__(self):
        self._file = None
        self._index: dict[tuple[int, int], tuple[int, tuple, np.dtype]] = {}
        self._lock = threading.Lock()

    def get(self, key) -> np.ndarray | None:
        with self._lock:
            entry = self._index.get(key)
        if entry is None:
            return None
        offset, shape, dtype = entry
        data = os.pread(self._file.fileno(), int(np.prod(shape)) * dtype.itemsize, offset)
        return np.frombuffer(data, dtype).reshape(shape)

    def put(self, key, block: np.ndarray) -> None:
        data = np.ascontiguousarray(block).tobytes()
        with self._lock:
            if key in self._index:
                return
            if self._file is None:
                self._file = tempfile.TemporaryFile(prefix="wb-pyramid-")
            offset = self._file.seek(0, 2)
            self._file.write(data)
            self._file.flush()
            self._index[key] = (offset, block.shape, block.dtype)

    def close(self) -> None:
        with self._lock:
            if self._file is not None:
                self._file.close()
                self._file = None
            self._index.clear()


def _overview_metadata(asset, factor: int) -> BufferedMetadataProvider:
    """The source's metadata with its georeference scaled to the overview's pixels."""
    meta = BufferedMetadataProvider(source=asset.metadata)
    ref = GeoRef.from_tiff_metadata(asset.metadata)
    if any(k in meta for k in GEO_KEYS):
        for key in [*GEO_KEYS, *map(str, GEO_TAGS)]:
            meta.pop(key, None)
        if ref is not None:
            meta.update(ref.for_overview(factor).to_tiff_metadata())
    return meta


class OverviewProvider(ImageAsset):
    """``source`` reduced ``2**level`` times, computed from ``parent`` (level - 1; built on
    demand when not given)."""

    def __init__(self, source, level: int = 1, method: str | None = None,
                 block_size: int | None = None, key: str | None = None, parent=None):
        if level < 1:
            raise ValueError(f"overview level must be >= 1, got {level}")
        self.method = method or choose_method(source)
        if self.method not in (AVERAGE, NEAREST):
            raise ValueError(f"method must be {AVERAGE!r} or {NEAREST!r}, got {method!r}")
        if parent is None:
            parent = source if level == 1 else \
                OverviewProvider(source, level - 1, self.method, block_size)
        self.factor = 1 << level
        self.level = level
        super().__init__(key or f"image:0:overview:{level}", getattr(source, "title", ""),
                         f"{self.factor}x reduced ({self.method})", ["overview"],
                         _overview_metadata(source, self.factor))
        self.source, self.parent = source, parent
        self.num_columns = ceil_div(parent.num_columns, 2)
        self.num_rows = ceil_div(parent.num_rows, 2)
        self.num_bands = source.num_bands
        self.pixel_value_type = source.pixel_value_type
        self.num_bits_per_pixel = source.num_bits_per_pixel
        self.actual_bits_per_pixel = source.actual_bits_per_pixel
        bs = block_size or 256
        self.num_pixels_per_block_horizontal = min(bs, self.num_columns)
        self.num_pixels_per_block_vertical = min(bs, self.num_rows)
        self.num_resolution_levels = 1
        self.pad_pixel_value = source.pad_pixel_value
        self._spool = _Spool()

    def _read_block(self, row, col, level, bands):
        block = self._spool.get((row, col))
        if block is None:
            block = self._compute(row, col)
            self._spool.put((row, col), block)
        return block if bands is None else block[list(bands)]

    def _compute(self, row: int, col: int) -> np.ndarray:
        y0, x0, h, w = self.block_bounds(row, col)
        py0, px0 = 2 * y0, 2 * x0
        ph = min(2 * h, self.parent.num_rows - py0)
        pw = min(2 * w, self.parent.num_columns - px0)
        return reduce2(_gather(self.parent, px0, py0, pw, ph), self.method)

    def release(self) -> None:
        """Drop the computed blocks (they are recomputed if read again)."""
        self._spool.close()


def _gather(asset, x: int, y: int, w: int, h: int) -> np.ndarray:
    """A window of ``asset`` read block by block on this thread (safe inside pool workers)."""
    out = np.full((asset.num_bands, h, w), asset.pad_pixel_value,
                  dtype=asset.pixel_value_type.to_numpy_dtype())
    bw, bh = asset.block_width, asset.block_height
    for r in range(y // bh, (y + h - 1) // bh + 1):
        for c in range(x // bw, (x + w - 1) // bw + 1):
            if not asset.has_block(r, c, 0):
                continue
            block = asset.get_block(r, c, 0)
            by, bx = r * bh, c * bw
            ya, yb = max(y, by), min(y + h, by + block.shape[1])
            xa, xb = max(x, bx), min(x + w, bx + block.shape[2])
            out[:, ya - y:yb - y, xa - x:xb - x] = block[:, ya - by:yb - by, xa - bx:xb - bx]
    return out

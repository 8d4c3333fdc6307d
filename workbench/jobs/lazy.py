"""Lazy image providers that jobs chain between a source asset and a writer: a window of a
source (at a resolution level, with a band subset), a 2^k-reduced copy, an 8-bit stretch. Each
block is computed when the writer asks for it, so memory stays O(block)."""

from __future__ import annotations

import threading
from collections import OrderedDict

import numpy as np

from workbench.io import BufferedMetadataProvider, ImageAsset, PixelType
from workbench.io.core.geometry import level_size
from workbench.io.core.window import clamp_window, overlapping_blocks
from workbench.io.core.window import read_window as core_read_window


class BlockCache:
    """Recently decoded source blocks (LRU, bounded in bytes), shared by the writer's threads:
    when output blocks are smaller than, or straddle, the source's blocks (a 512-tile COG from
    1024-block J2K), each source block is decoded once instead of once per output block."""

    def __init__(self, max_bytes: int = 96 << 20):
        self.max_bytes = max_bytes
        self._items: OrderedDict = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, asset, row: int, col: int, level: int, bands):
        key = (id(asset), row, col, level, None if bands is None else tuple(bands))
        with self._lock:
            block = self._items.get(key)
            if block is not None:
                self._items.move_to_end(key)
                return block
        block = asset.get_block(row, col, level, bands)
        with self._lock:
            if key not in self._items and block.nbytes <= self.max_bytes:
                self._items[key] = block
                self._bytes += block.nbytes
                while self._bytes > self.max_bytes:
                    _, old = self._items.popitem(last=False)
                    self._bytes -= old.nbytes
        return block


def read_window(asset, window=None, bands=None, resolution_level: int = 0, fill_value=0,
                cache: BlockCache | None = None):
    """``workbench.io.core.window.read_window`` (only overlapping blocks are read, in parallel;
    inline when already on the block pool, so nesting inside a writer never waits on itself),
    through ``cache`` when given."""
    if cache is None:
        return core_read_window(asset, window, bands, resolution_level, fill_value)
    return core_read_window(asset, window, bands, resolution_level, fill_value,
                            get_block=lambda r, c: cache.get(asset, r, c, resolution_level,
                                                             bands))


class _Derived(ImageAsset):
    def __init__(self, key, width, height, bands, pixel_type, block, metadata, abpp=None):
        super().__init__(key, title="", description="", roles=["data"],
                         metadata=BufferedMetadataProvider(source=metadata or {}))
        self.num_columns, self.num_rows, self.num_bands = int(width), int(height), int(bands)
        self.pixel_value_type = pixel_type
        self.num_bits_per_pixel = pixel_type.bits_per_pixel
        self.actual_bits_per_pixel = abpp or self.num_bits_per_pixel
        bw, bh = block
        self.num_pixels_per_block_horizontal = min(int(bw), self.num_columns)
        self.num_pixels_per_block_vertical = min(int(bh), self.num_rows)
        self.num_resolution_levels = 1
        self.pad_pixel_value = 0.0

    def _region(self, row, col):
        y0, x0, h, w = self.block_bounds(row, col)
        return x0, y0, w, h


class WindowAsset(_Derived):
    """``window=(x, y, w, h)`` of ``source`` at ``level`` (level pixel coordinates), bands
    ``bands`` (0-based, in the order given), re-blocked to ``block``."""

    def __init__(self, source, window=None, level: int = 0, bands=None, block=(1024, 1024),
                 metadata=None, key: str = "image:0"):
        cols = level_size(source.num_columns, level)
        rows = level_size(source.num_rows, level)
        if level >= source.num_resolution_levels:
            # Levels the source does not store are computed from R0 (area average), reading
            # only the blocks under the window.
            source = ReducedAsset(source, 1 << level, block=(source.block_width,
                                                             source.block_height))
            level = 0
        x, y, w, h = window if window is not None else (0, 0, cols, rows)
        if not (0 <= x and 0 <= y and w > 0 and h > 0 and x + w <= cols and y + h <= rows):
            raise ValueError(f"window {(x, y, w, h)} is not inside the {cols}x{rows} image at "
                             f"level {level}")
        self.window = (int(x), int(y), int(w), int(h))
        self.level = int(level)
        self.bands = list(bands) if bands is not None else None
        nb = len(self.bands) if self.bands is not None else source.num_bands
        super().__init__(key, w, h, nb, source.pixel_value_type, block, metadata,
                         source.actual_bits_per_pixel)
        self.source = source
        self.pad_pixel_value = source.pad_pixel_value
        self.cache = BlockCache()

    def has_block(self, block_row, block_col, resolution_level=0) -> bool:
        self.check_block_index(block_row, block_col, resolution_level)
        x, y, w, h = self._region(block_row, block_col)
        wx, wy = self.window[:2]
        return any(self.source.has_block(r, c, self.level) for r, c in
                   overlapping_blocks(self.source, wx + x, wy + y, w, h, self.level))

    def _read_block(self, row, col, level, bands):
        x, y, w, h = self._region(row, col)
        wx, wy = self.window[:2]
        chosen = self.bands
        if bands is not None:
            chosen = [(self.bands or list(range(self.source.num_bands)))[b] for b in bands]
        return read_window(self.source, (wx + x, wy + y, w, h), chosen, self.level,
                           self.source.pad_pixel_value, self.cache)


class ReducedAsset(_Derived):
    """``source`` reduced by an integer ``factor`` (area average; nearest for integer class
    data when ``nearest``). Each output block reads its ``factor``-times larger source region."""

    def __init__(self, source, factor: int, block=(256, 256), metadata=None, nearest=False,
                 key: str = "image:0"):
        self.factor = int(factor)
        width = -(-source.num_columns // self.factor)
        height = -(-source.num_rows // self.factor)
        super().__init__(key, width, height, source.num_bands, source.pixel_value_type, block,
                         metadata, source.actual_bits_per_pixel)
        self.source = source
        self.nearest = nearest

    def _read_block(self, row, col, level, bands):
        x, y, w, h = self._region(row, col)
        f = self.factor
        sx, sy = x * f, y * f
        sw = min(self.source.num_columns - sx, w * f)
        sh = min(self.source.num_rows - sy, h * f)
        # Source rows in strips of whole output rows, about one source block high: memory stays
        # O(output block width × factor × source block height).
        strip = max(f, (self.source.block_height // f) * f)
        parts = []
        for y0 in range(sy, sy + sh, strip):
            data = read_window(self.source, (sx, y0, sw, min(strip, sy + sh - y0)), bands, 0,
                               self.source.pad_pixel_value)
            if self.nearest or f == 1:
                parts.append(data[:, ::f, ::f])
            else:
                parts.append(reduce_mean(data, f).astype(self.dtype))
        return np.ascontiguousarray(np.concatenate(parts, axis=1))


def reduce_mean(data: np.ndarray, f: int) -> np.ndarray:
    """Area average by ``f`` of a CHW array; partial edge cells average what they hold."""
    n, h, w = data.shape
    oh, ow = -(-h // f), -(-w // f)
    acc = np.zeros((n, oh, ow), dtype=np.float64)
    count = np.zeros((1, oh, ow), dtype=np.float64)
    for dy in range(f):
        for dx in range(f):
            part = data[:, dy::f, dx::f]
            acc[:, :part.shape[1], :part.shape[2]] += part
            count[:, :part.shape[1], :part.shape[2]] += 1
    mean = acc / count
    if np.issubdtype(data.dtype, np.integer):
        mean = np.rint(mean)
    return mean


class StretchedAsset(_Derived):
    """``source`` mapped linearly from per-band ``low..high`` to 0..255 (uint8)."""

    def __init__(self, source, low, high, metadata=None, key: str = "image:0"):
        super().__init__(key, source.num_columns, source.num_rows, source.num_bands,
                         PixelType.UInt8, (source.block_width, source.block_height), metadata, 8)
        self.source = source
        self.low = np.asarray(low, dtype=np.float64).reshape(-1, 1, 1)
        self.high = np.asarray(high, dtype=np.float64).reshape(-1, 1, 1)

    def has_block(self, block_row, block_col, resolution_level=0) -> bool:
        return self.source.has_block(block_row, block_col, resolution_level)

    def _read_block(self, row, col, level, bands):
        data = self.source.get_block(row, col, 0, bands)
        low = self.low if bands is None else self.low[list(bands)]
        high = self.high if bands is None else self.high[list(bands)]
        scaled = (np.abs(data) if np.iscomplexobj(data) else data).astype(np.float64)
        scaled = (scaled - low) * (255.0 / np.maximum(high - low, 1e-12))
        return np.clip(np.rint(scaled), 0, 255).astype(np.uint8)


def sample_pixels(source, window=None, bands=None, level: int = 0,
                  max_pixels: int = 1_000_000) -> np.ndarray:
    """At most about ``max_pixels`` pixels (bands × N) of ``window`` (level pixels) of
    ``source``, evenly strided: from the coarsest stored level that still has enough of them,
    one source block at a time (memory O(block + sample))."""
    x, y, w, h = clamp_window(source, window, level)
    while level + 1 < source.num_resolution_levels and (w // 2) * (h // 2) >= max_pixels // 4:
        x, y, w, h = x // 2, y // 2, max(1, w // 2), max(1, h // 2)
        level += 1
    step = max(1, int(np.ceil(np.sqrt(w * h / max_pixels))))
    parts = []
    for r, c in overlapping_blocks(source, x, y, w, h, level):
        if not source.has_block(r, c, level):
            continue
        by, bx, bh, bw = source.block_bounds(r, c, level)
        block = source.get_block(r, c, level, bands)
        # global grid points x + k*step that fall in this block and in the window
        gy0 = max(y, by) + (-(max(y, by) - y)) % step
        gx0 = max(x, bx) + (-(max(x, bx) - x)) % step
        gy1, gx1 = min(y + h, by + bh), min(x + w, bx + bw)
        if gy0 < gy1 and gx0 < gx1:
            part = block[:, gy0 - by:gy1 - by:step, gx0 - bx:gx1 - bx:step]
            parts.append(part.reshape(part.shape[0], -1))
    if not parts:
        nb = source.num_bands if bands is None else len(bands)
        return np.zeros((nb, 1), dtype=source.pixel_value_type.to_numpy_dtype())
    return np.concatenate(parts, axis=1)


def percentile_limits(source, window=None, bands=None, level: int = 0, low_pct=2.0,
                      high_pct=98.0, max_pixels=1_000_000):
    """Per-band (low, high) percentiles of a window of ``source`` from a bounded sample."""
    data = sample_pixels(source, window, bands, level, max_pixels)
    data = np.abs(data) if np.iscomplexobj(data) else data
    flat = data.astype(np.float64)
    low = np.percentile(flat, low_pct, axis=1)
    high = np.percentile(flat, high_pct, axis=1)
    return low, np.maximum(high, low + 1e-9)

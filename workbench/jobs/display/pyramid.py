"""A display pyramid over one image asset: level k is the image reduced 2^k times.

Each level comes from the cheapest place that has it: the asset's own resolution levels (JPEG 2000),
an overview asset of that size (COG overviews, R-set files), or else it is computed on the fly by
decimating the finest stored level below it (and cached). Every level is cut into square display tiles of
``tile_size`` pixels, independent of the file's block size.
"""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np

from workbench.io.core.geometry import ceil_div, level_size
from workbench.io.core.parallel import worker_count

from .cache import ByteLRU

_POOL: ThreadPoolExecutor | None = None


def _block_pool() -> ThreadPoolExecutor:
    """Threads that fetch blocks for computed levels (never used by the blocks themselves, so
    nesting cannot deadlock)."""
    global _POOL
    if _POOL is None:
        _POOL = ThreadPoolExecutor(max_workers=worker_count(), thread_name_prefix="wb-display")
    return _POOL

_OVERVIEW_KEY = re.compile(r":overview:(\d+)$")


@dataclass(frozen=True)
class Level:
    """Level ``index`` (reduction 2**index): where its pixels come from."""

    index: int
    width: int
    height: int
    kind: str  # "native" (asset resolution level), "overview" (another asset), "computed"
    asset: object = None
    rlevel: int = 0


@dataclass(frozen=True)
class RawTile:
    """Raw pixel values of one display tile (CHW) and which pixels hold data (HxW bool, or None
    when all do). ``data`` is None when no pixel holds data."""

    data: np.ndarray | None
    mask: np.ndarray | None
    width: int
    height: int

    @property
    def nbytes(self) -> int:
        n = 64
        if self.data is not None:
            n += self.data.nbytes
        if self.mask is not None:
            n += self.mask.nbytes
        return n


def overview_assets(reader, key: str) -> list:
    """Overview image assets that belong to ``key`` (``key:overview:N`` or role ``overview``)."""
    out = []
    for other in reader.get_asset_keys():
        asset = reader.get_asset(other)
        if other == key or not hasattr(asset, "num_rows"):
            continue
        if _OVERVIEW_KEY.search(other) and other.rsplit(":overview:", 1)[0] == key:
            out.append(asset)
        elif "overview" in getattr(asset, "roles", ()) and not _OVERVIEW_KEY.search(other):
            out.append(asset)
    return out


class TilePyramid:
    """Tiles of every level of ``asset``; thread-safe (workers read tiles concurrently)."""

    def __init__(self, asset, overviews=(), tile_size: int = 512, cache_bytes: int = 256 << 20):
        self.asset = asset
        self.tile_size = int(tile_size)
        self.width, self.height = asset.num_columns, asset.num_rows
        self.num_bands = asset.num_bands
        self.dtype = asset.pixel_value_type.to_numpy_dtype()
        self.cache = ByteLRU(cache_bytes)
        self.levels = self._plan_levels(list(overviews))

    # -- level planning ------------------------------------------------------------------------
    def _plan_levels(self, overviews) -> list[Level]:
        by_size = {}
        for ov in overviews:
            factor = self.width / max(1, ov.num_columns)
            k = int(round(np.log2(factor))) if factor >= 1.5 else 0
            if k >= 1 and abs(level_size(self.width, k) - ov.num_columns) <= 1 \
                    and ov.num_bands == self.num_bands:
                by_size.setdefault(k, ov)
        levels = [Level(0, self.width, self.height, "native", self.asset, 0)]
        k = 0
        native = max(1, int(getattr(self.asset, "num_resolution_levels", 1) or 1))
        while max(levels[-1].width, levels[-1].height) > self.tile_size:
            k += 1
            w, h = level_size(self.width, k), level_size(self.height, k)
            if k < native:
                levels.append(Level(k, w, h, "native", self.asset, k))
            elif k in by_size:
                levels.append(Level(k, w, h, "overview", by_size[k], 0))
            else:
                levels.append(Level(k, w, h, "computed"))
        return levels

    @property
    def num_levels(self) -> int:
        return len(self.levels)

    def grid(self, k: int) -> tuple[int, int]:
        """(tile rows, tile columns) of level ``k``."""
        lv = self.levels[k]
        return ceil_div(lv.height, self.tile_size), ceil_div(lv.width, self.tile_size)

    def tile_bounds(self, k: int, r: int, c: int) -> tuple[int, int, int, int]:
        """(x, y, w, h) of tile (r, c) in level-``k`` pixels."""
        lv, t = self.levels[k], self.tile_size
        x, y = c * t, r * t
        return x, y, min(t, lv.width - x), min(t, lv.height - y)

    # -- tiles -----------------------------------------------------------------------------------
    def cached_tile(self, k: int, r: int, c: int, bands: tuple[int, ...]) -> RawTile | None:
        return self.cache.get((k, r, c, tuple(bands)))

    def tile(self, k: int, r: int, c: int, bands: tuple[int, ...]) -> RawTile:
        """Raw values of tile (r, c) of level ``k`` for ``bands`` (cached)."""
        key = (k, r, c, tuple(bands))
        hit = self.cache.get(key)
        if hit is not None:
            return hit
        lv = self.levels[k]
        if lv.kind == "computed":
            out = self._computed_tile(k, r, c, tuple(bands))
        else:
            out = self._read_tile(lv, k, r, c, list(bands))
        self.cache.put(key, out)
        return out

    def _read_tile(self, lv: Level, k: int, r: int, c: int, bands: list[int]) -> RawTile:
        x, y, w, h = self.tile_bounds(k, r, c)
        asset, rl = lv.asset, lv.rlevel
        aw, ah = level_size(asset.num_columns, rl), level_size(asset.num_rows, rl)
        data = np.zeros((len(bands), h, w), dtype=self.dtype)
        mask = np.zeros((h, w), dtype=bool)
        bw = ceil_div(asset.block_width, 1 << rl)
        bh = ceil_div(asset.block_height, 1 << rl)
        x1, y1 = min(x + w, aw), min(y + h, ah)
        blocks = [(br, bc) for br in range(y // bh, (y1 - 1) // bh + 1 if y1 > y else y // bh)
                  for bc in range(x // bw, (x1 - 1) // bw + 1 if x1 > x else x // bw)]

        def fetch(rc):
            br, bc = rc
            if not asset.has_block(br, bc, rl):
                return None
            by, bx = br * bh, bc * bw
            sy0, sx0 = max(0, y - by), max(0, x - bx)
            sy1 = min(bh, ah - by, y + h - by)
            sx1 = min(bw, aw - bx, x + w - bx)
            if sy1 <= sy0 or sx1 <= sx0:
                return None
            part = _block_part(asset, br, bc, rl, bands, slice(sy0, sy1), slice(sx0, sx1))
            return by + sy0 - y, bx + sx0 - x, part

        # many small blocks (a reduced JPEG 2000 level): decode them on both cores
        results = _block_pool().map(fetch, blocks) if len(blocks) > 2 else map(fetch, blocks)
        for result in results:
            if result is None:
                continue
            dy, dx, part = result
            ph, pw = part.shape[1:]
            data[:, dy:dy + ph, dx:dx + pw] = part
            mask[dy:dy + ph, dx:dx + pw] = True
        return _finish(data, mask, w, h)

    def _computed_tile(self, k: int, r: int, c: int, bands: tuple[int, ...]) -> RawTile:
        """Nearest-neighbour decimation of the finest stored level below ``k`` (what GDAL's
        default overviews do): every 2**d-th pixel of each overlapping block, blocks fetched on
        the block pool so both cores decode."""
        x, y, w, h = self.tile_bounds(k, r, c)
        b = max(i for i in range(k) if self.levels[i].kind != "computed")
        lv, s = self.levels[b], 1 << (k - b)
        asset, rl = lv.asset, lv.rlevel
        aw, ah = level_size(asset.num_columns, rl), level_size(asset.num_rows, rl)
        bw = ceil_div(asset.block_width, 1 << rl)
        bh = ceil_div(asset.block_height, 1 << rl)
        X0, Y0 = x * s, y * s
        X1, Y1 = min(aw, (x + w - 1) * s + 1), min(ah, (y + h - 1) * s + 1)
        decimated = getattr(asset, "read_decimated", None) if rl == 0 else None
        if decimated is not None:   # uncompressed NITF: one gather from the mapped file
            got = decimated(X0, Y0, X1 - X0, Y1 - Y0, s, list(bands))
            if got is not None:
                return RawTile(got, None, w, h)
        blocks = [(br, bc) for br in range(Y0 // bh, (Y1 - 1) // bh + 1)
                  for bc in range(X0 // bw, (X1 - 1) // bw + 1)]
        data = np.zeros((len(bands), h, w), dtype=self.dtype)
        mask = np.zeros((h, w), dtype=bool)

        def sample(rc):
            br, bc = rc
            by, bx = br * bh, bc * bw
            ry0 = max(by, Y0)
            ry0 += (-(ry0 - Y0)) % s
            rx0 = max(bx, X0)
            rx0 += (-(rx0 - X0)) % s
            if ry0 >= min(by + bh, Y1) or rx0 >= min(bx + bw, X1):
                return None
            if not asset.has_block(br, bc, rl):
                return None
            ry1, rx1 = min(by + bh, ah, Y1), min(bx + bw, aw, X1)
            sub = _block_part(asset, br, bc, rl, list(bands), slice(ry0 - by, ry1 - by, s),
                              slice(rx0 - bx, rx1 - bx, s))
            return (ry0 - Y0) // s, (rx0 - X0) // s, sub

        for result in _block_pool().map(sample, blocks):
            if result is None:
                continue
            dy, dx, sub = result
            data[:, dy:dy + sub.shape[1], dx:dx + sub.shape[2]] = sub
            mask[dy:dy + sub.shape[1], dx:dx + sub.shape[2]] = True
        return _finish(data, mask, w, h)

    def pixel(self, x: int, y: int) -> np.ndarray | None:
        """Raw values of every band at full-resolution pixel (x, y); None where masked."""
        t = self.tile_size
        tile = self.tile(0, y // t, x // t, tuple(range(self.num_bands)))
        if tile.data is None or (tile.mask is not None and not tile.mask[y % t, x % t]):
            return None
        return tile.data[:, y % t, x % t].copy()


def _block_part(asset, br: int, bc: int, rl: int, bands: list[int], rows: slice,
                cols: slice) -> np.ndarray:
    """``block[bands, rows, cols]``: through the asset's ``read_block_part`` when it has one
    (uncompressed NITF copies only those pixels from the mapped file, so decimating touches only
    the rows it keeps), else sliced from the decoded block."""
    part = getattr(asset, "read_block_part", None)
    if part is not None:
        return part(br, bc, rl, rows, cols, list(bands))
    return np.array(asset.get_block(br, bc, rl, list(bands))[:, rows, cols])


def crop_tile(tile: RawTile, x0: int, y0: int, x1: int, y1: int) -> RawTile | None:
    """The part [x0, x1) × [y0, y1) of a tile (tile pixel coordinates, clamped); None if empty."""
    x0, y0 = max(0, x0), max(0, y0)
    x1, y1 = min(tile.width, x1), min(tile.height, y1)
    if x1 <= x0 or y1 <= y0:
        return None
    data = None if tile.data is None else tile.data[:, y0:y1, x0:x1]
    mask = None if tile.mask is None else tile.mask[y0:y1, x0:x1]
    return RawTile(data, mask, x1 - x0, y1 - y0)


def _finish(data, mask, w, h) -> RawTile:
    if mask.all():
        return RawTile(data, None, w, h)
    if not mask.any():
        return RawTile(None, None, w, h)
    return RawTile(data, mask, w, h)

"""A display pyramid over one image asset: level k is the image reduced 2^k times.

Each level comes from the cheapest place that has it: the asset's own resolution levels (JPEG 2000),
an overview asset of that size (COG overviews, R-set files), or else it is computed on the fly from
2×2 tiles of the level below (and cached). Every level is cut into square display tiles of
``tile_size`` pixels, independent of the file's block size.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from workbench.io.core.geometry import ceil_div, level_size

from .cache import ByteLRU

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
        for br in range(y // bh, (y1 - 1) // bh + 1 if y1 > y else y // bh):
            for bc in range(x // bw, (x1 - 1) // bw + 1 if x1 > x else x // bw):
                if not asset.has_block(br, bc, rl):
                    continue
                block = asset.get_block(br, bc, rl, bands)
                by, bx = br * bh, bc * bw
                sy0, sx0 = max(0, y - by), max(0, x - bx)
                sy1 = min(block.shape[1], y + h - by)
                sx1 = min(block.shape[2], x + w - bx)
                if sy1 <= sy0 or sx1 <= sx0:
                    continue
                dy, dx = by + sy0 - y, bx + sx0 - x
                data[:, dy:dy + sy1 - sy0, dx:dx + sx1 - sx0] = block[:, sy0:sy1, sx0:sx1]
                mask[dy:dy + sy1 - sy0, dx:dx + sx1 - sx0] = True
        return _finish(data, mask, w, h)

    def _computed_tile(self, k: int, r: int, c: int, bands: tuple[int, ...]) -> RawTile:
        x, y, w, h = self.tile_bounds(k, r, c)
        t = self.tile_size
        rows, cols = self.grid(k - 1)
        big = np.zeros((len(bands), 2 * t, 2 * t), dtype=np.float64
                       if self.dtype.kind != "c" else np.complex128)
        valid = np.zeros((2 * t, 2 * t), dtype=bool)
        for i in (0, 1):
            for j in (0, 1):
                cr, cc = 2 * r + i, 2 * c + j
                if cr >= rows or cc >= cols:
                    continue
                child = self.tile(k - 1, cr, cc, bands)
                if child.data is None:
                    continue
                ch, cw = child.height, child.width
                big[:, i * t:i * t + ch, j * t:j * t + cw] = child.data
                valid[i * t:i * t + ch, j * t:j * t + cw] = True if child.mask is None \
                    else child.mask
        return _reduce2(big, valid, w, h, self.dtype)

    def pixel(self, x: int, y: int) -> np.ndarray | None:
        """Raw values of every band at full-resolution pixel (x, y); None where masked."""
        t = self.tile_size
        tile = self.tile(0, y // t, x // t, tuple(range(self.num_bands)))
        if tile.data is None or (tile.mask is not None and not tile.mask[y % t, x % t]):
            return None
        return tile.data[:, y % t, x % t].copy()


def _finish(data, mask, w, h) -> RawTile:
    if mask.all():
        return RawTile(data, None, w, h)
    if not mask.any():
        return RawTile(None, None, w, h)
    return RawTile(data, mask, w, h)


def _reduce2(big: np.ndarray, valid: np.ndarray, w: int, h: int, dtype) -> RawTile:
    """Average 2×2 neighbourhoods of valid pixels; a pixel is valid if any of its four is."""
    b = big[:, :2 * h, :2 * w]
    v = valid[:2 * h, :2 * w]
    n = v.reshape(h, 2, w, 2).sum(axis=(1, 3))
    if not n.any():
        return RawTile(None, None, w, h)
    s = (b * v).reshape(b.shape[0], h, 2, w, 2).sum(axis=(2, 4))
    mean = s / np.maximum(n, 1)
    if np.dtype(dtype).kind in "iu":
        info = np.iinfo(dtype)
        mean = np.clip(np.rint(mean), info.min, info.max)
    data = mean.astype(dtype)
    return _finish(data, n > 0, w, h)

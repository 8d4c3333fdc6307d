"""Lazy overview (pyramid) providers for any image asset.

Level ``k`` halves the size ``k`` times (``ceil(size / 2**k)``). Each overview pixel is the
reduction of a ``2**k x 2**k`` cell of full-resolution pixels (cells at the right/bottom edge
are partial): the area average for continuous data, or the cell's centre pixel ("nearest") for
masks, palette/LUT and class images, whose values must not be blended. Blocks are computed on
demand from the source's blocks, one source block at a time, so memory stays O(block) at every
level and nothing is precomputed.

    overviews = build_overviews(image)        # down to one 256-pixel tile
    for ovr in overviews: writer.add_asset(ovr.key, ovr, roles=["overview"])
"""

from __future__ import annotations

import numpy as np

from .core.assets import ImageAsset
from .core.geometry import ceil_div
from .core.metadata import BufferedMetadataProvider
from .geo.georef import GeoRef
from .tiff.geokeys import GEO_KEYS, GEO_TAGS

AVERAGE, NEAREST = "average", "nearest"


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
    """Overview providers at levels 1, 2, ... until the larger side is at most ``min_size``."""
    out: list[OverviewProvider] = []
    level = 1
    while max(asset.num_columns, asset.num_rows) > min_size * (1 << (level - 1)):
        if max_levels is not None and level > max_levels:
            break
        if min(ceil_div(asset.num_columns, 1 << level), ceil_div(asset.num_rows, 1 << level)) < 1:
            break
        out.append(OverviewProvider(asset, level, method, block_size))
        level += 1
    return out


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
    """A reduced-resolution view of ``source`` at ``level`` (factor ``2**level``)."""

    def __init__(self, source, level: int, method: str | None = None,
                 block_size: int | None = None, key: str | None = None):
        if level < 1:
            raise ValueError(f"overview level must be >= 1, got {level}")
        self.method = method or choose_method(source)
        if self.method not in (AVERAGE, NEAREST):
            raise ValueError(f"method must be {AVERAGE!r} or {NEAREST!r}, got {method!r}")
        self.factor = 1 << level
        self.level = level
        super().__init__(key or f"image:0:overview:{level}", getattr(source, "title", ""),
                         f"{self.factor}x reduced ({self.method})", ["overview"],
                         _overview_metadata(source, self.factor))
        self.source = source
        self.num_columns = ceil_div(source.num_columns, self.factor)
        self.num_rows = ceil_div(source.num_rows, self.factor)
        self.num_bands = source.num_bands
        self.pixel_value_type = source.pixel_value_type
        self.num_bits_per_pixel = source.num_bits_per_pixel
        self.actual_bits_per_pixel = source.actual_bits_per_pixel
        bs = block_size or 256
        self.num_pixels_per_block_horizontal = min(bs, self.num_columns)
        self.num_pixels_per_block_vertical = min(bs, self.num_rows)
        self.num_resolution_levels = 1
        self.pad_pixel_value = source.pad_pixel_value

    def _read_block(self, row, col, level, bands):
        y0, x0, h, w = self.block_bounds(row, col)
        f = self.factor
        sx0, sy0 = x0 * f, y0 * f
        sx1 = min(self.source.num_columns, (x0 + w) * f)
        sy1 = min(self.source.num_rows, (y0 + h) * f)
        nb = self.num_bands if bands is None else len(bands)
        if self.method == NEAREST:
            out = np.full((nb, h, w), self.pad_pixel_value, dtype=self.dtype)
        else:
            acc_dtype = np.complex128 if self.dtype.kind == "c" else np.float64
            out = np.zeros((nb, h, w), acc_dtype)
            weight = np.zeros((h, w), np.float64)
        src = self.source
        bw, bh = src.block_width, src.block_height
        for br in range(sy0 // bh, (sy1 - 1) // bh + 1):
            for bc in range(sx0 // bw, (sx1 - 1) // bw + 1):
                if not src.has_block(br, bc, 0):
                    continue
                block = np.asarray(src.get_block(br, bc, 0, bands))
                by, bx = br * bh, bc * bw
                ya, yb = max(sy0, by), min(sy1, by + block.shape[1])
                xa, xb = max(sx0, bx), min(sx1, bx + block.shape[2])
                if yb <= ya or xb <= xa:
                    continue
                part = block[:, ya - by:yb - by, xa - bx:xb - bx]
                if self.method == NEAREST:
                    self._nearest(out, part, ya, xa, x0, y0)
                else:
                    self._accumulate(out, weight, part, ya, xa, x0, y0)
        if self.method == NEAREST:
            return out
        with np.errstate(invalid="ignore", divide="ignore"):
            mean = out / np.where(weight == 0, 1, weight)
        if self.dtype.kind in "iu":
            mean = np.floor(mean.real + 0.5)
            info = np.iinfo(self.dtype)
            mean = np.clip(mean, info.min, info.max)
        mean[:, weight == 0] = self.pad_pixel_value
        return mean.astype(self.dtype)

    def _accumulate(self, out, weight, part, ya, xa, x0, y0) -> None:
        f = self.factor
        rows = np.arange(ya, ya + part.shape[1])
        cols = np.arange(xa, xa + part.shape[2])
        r_starts = np.flatnonzero(np.r_[True, np.diff(rows // f) != 0])
        c_starts = np.flatnonzero(np.r_[True, np.diff(cols // f) != 0])
        summed = np.add.reduceat(np.add.reduceat(part, r_starts, axis=1, dtype=out.dtype),
                                 c_starts, axis=2, dtype=out.dtype)
        r_cells = rows[r_starts] // f - y0
        c_cells = cols[c_starts] // f - x0
        r_counts = np.diff(np.r_[r_starts, len(rows)])
        c_counts = np.diff(np.r_[c_starts, len(cols)])
        rs = slice(r_cells[0], r_cells[-1] + 1)
        cs = slice(c_cells[0], c_cells[-1] + 1)
        out[:, rs, cs] += summed
        weight[rs, cs] += np.outer(r_counts, c_counts)

    def _nearest(self, out, part, ya, xa, x0, y0) -> None:
        """Cell (i, j) takes source pixel (min(i*f + f/2, H-1), min(j*f + f/2, W-1))."""
        f, c = self.factor, self.factor // 2
        sy = np.minimum((y0 + np.arange(out.shape[1])) * f + c, self.source.num_rows - 1)
        sx = np.minimum((x0 + np.arange(out.shape[2])) * f + c, self.source.num_columns - 1)
        rows = (sy >= ya) & (sy < ya + part.shape[1])
        cols = (sx >= xa) & (sx < xa + part.shape[2])
        if rows.any() and cols.any():
            picked = part[:, sy[rows] - ya][:, :, sx[cols] - xa]
            out[:, np.flatnonzero(rows)[:, None], np.flatnonzero(cols)[None, :]] = picked

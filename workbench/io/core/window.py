"""Reading a pixel window from a block-organised image, touching only overlapping blocks."""

from __future__ import annotations

import numpy as np

from .geometry import ceil_div, level_size
from .parallel import ordered_map


def overlapping_blocks(asset, x: int, y: int, w: int, h: int, level: int = 0):
    """(row, col) of every block overlapping the window (level-``level`` pixel coordinates)."""
    scale = 1 << level
    bw = ceil_div(asset.block_width, scale)
    bh = ceil_div(asset.block_height, scale)
    return [(r, c) for r in range(y // bh, (y + h - 1) // bh + 1)
            for c in range(x // bw, (x + w - 1) // bw + 1)]


def clamp_window(asset, window, level: int = 0) -> tuple[int, int, int, int]:
    cols = level_size(asset.num_columns, level)
    rows = level_size(asset.num_rows, level)
    if window is None:
        return 0, 0, cols, rows
    x, y, w, h = (int(v) for v in window)
    x0, y0 = max(0, x), max(0, y)
    x1, y1 = min(cols, x + w), min(rows, y + h)
    if x1 <= x0 or y1 <= y0:
        raise ValueError(f"window {tuple(window)} does not overlap the {cols}x{rows} image "
                         f"(level {level})")
    return x0, y0, x1 - x0, y1 - y0


def read_window(asset, window=None, bands=None, resolution_level: int = 0,
                fill_value=0, get_block=None) -> np.ndarray:
    """CHW array of ``window=(x, y, width, height)`` (clamped to the image) at a level.
    Blocks that ``has_block`` says are absent read as ``fill_value``.

    An asset that can read an arbitrary region cheaper than its blocks (a PNG, whose one block is
    the whole image, decodes only the rows of the window) offers ``read_region(x, y, w, h,
    bands)``; it is used at full resolution. ``get_block(row, col)`` replaces
    ``asset.get_block`` (e.g. to go through a cache of decoded blocks)."""
    x, y, w, h = clamp_window(asset, window, resolution_level)
    region = getattr(asset, "read_region", None)
    if region is not None and resolution_level == 0 and get_block is None:
        return region(x, y, w, h, bands)
    nb = asset.num_bands if bands is None else len(bands)
    dtype = asset.pixel_value_type.to_numpy_dtype()
    overlapping = overlapping_blocks(asset, x, y, w, h, resolution_level)
    blocks = [(r, c) for r, c in overlapping if asset.has_block(r, c, resolution_level)]
    # Every block present: the blocks cover the window, so it is not pre-filled (a pass over
    # the whole output saved: a third of an uncompressed read). A block that comes back smaller
    # than its bounds gets its uncovered part filled below.
    complete = len(blocks) == len(overlapping)
    out = (np.empty((nb, h, w), dtype) if complete
           else np.full((nb, h, w), fill_value, dtype=dtype))

    def fetch(rc):
        # each block is copied into its (disjoint) part of ``out`` on the thread that decoded
        # it: the copies (often a pixel- to band-interleaved transpose) run in parallel too
        r, c = rc
        if get_block is not None:
            block = get_block(r, c)
        else:
            block = asset.get_block(r, c, resolution_level, bands)
        by, bx, bh, bw = asset.block_bounds(r, c, resolution_level)
        sy0, sx0 = max(0, y - by), max(0, x - bx)
        ty1, tx1 = min(bh, y + h - by), min(bw, x + w - bx)  # the block's part of the window
        sy1, sx1 = min(ty1, block.shape[1]), min(tx1, block.shape[2])
        if complete and (sy1 < ty1 or sx1 < tx1):
            out[:, by + sy0 - y:by + ty1 - y, bx + sx0 - x:bx + tx1 - x] = fill_value
        if sy1 > sy0 and sx1 > sx0:
            out[:, by + sy0 - y:by + sy1 - y, bx + sx0 - x:bx + sx1 - x] = \
                block[:, sy0:sy1, sx0:sx1]

    if len(blocks) == 1:  # nothing to overlap: no hand-off to the pool
        fetch(blocks[0])
    else:
        for _ in ordered_map(fetch, blocks):
            pass
    return out

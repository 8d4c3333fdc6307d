"""Tiled JPEG 2000 images: encode tiles in parallel and splice them into one codestream; decode
any region (a NITF block, a window) from the tiles that overlap it."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from itertools import chain

import numpy as np

from ..core.errors import FormatError, UnsupportedError
from ..core.geometry import ceil_div
from ..core.parallel import ordered_map
from .codestream import (MainHeader, TilePart, index_tile_parts, parse_main_header,
                         spliced_header, tile_body, tile_codestream)
from .decode import decode_full, decode_tile
from .encode import EncodeParams, TileGrid, is_pow2, tile_encoder
from .reduce import reduced_tile

_SCRATCH = "j2k-tile"  # tile codestreams cut for decoding (see workbench.io.core.scratch)

Tile = Callable[[int, int], "np.ndarray | None"]


def encode_tiled(width: int, height: int, tile_width: int, tile_height: int, bands: int,
                 dtype, params: EncodeParams, get_tile: Tile,
                 report: Callable[[float, str], None]) -> tuple[bytes, Iterator[bytes | None]]:
    """Main header and, lazily, each tile's tile-parts in raster order (None for tiles
    ``get_tile`` says are absent). ``get_tile(r, c)`` returns the CHW tile clipped to the image."""
    rows, cols = ceil_div(height, tile_height), ceil_div(width, tile_width)
    order = [(r, c) for r in range(rows) for c in range(cols)]
    grid = TileGrid(width, height, tile_width, tile_height, bands, np.dtype(dtype))
    params = grid.plan(params)
    prepare, encode = tile_encoder(params, grid)
    # Blocks are pulled in the consuming thread: providers may themselves use the shared pool
    # (read_window), which must not wait on itself from inside a worker.
    pulled, position = [], 0
    for rc in order:
        block = get_tile(*rc)
        pulled.append((rc, block))
        if block is not None:
            break
    if prepare is not None:  # lossy rate control: calibrate on the first present tile
        present = next((b for _, b in pulled if b is not None), None)
        prepare(present if present is not None else np.zeros(
            (bands, min(tile_height, height), min(tile_width, width)), dtype))

    def fetched():
        yield from pulled
        for rc in order[len(pulled):]:
            yield rc, get_tile(*rc)

    def job(item):
        rc, block = item
        origin = (rc[1] * tile_width, rc[0] * tile_height)
        return rc, (None if block is None else encode(block, origin))

    # Every tile, the first included, is coded on the pool; the main header is taken from the
    # first coded tile (its coding markers are what the other tiles are compared against).
    stream = ordered_map(job, fetched())
    head: list = []
    for item in stream:
        head.append(item)
        if item[1] is not None:
            break
    first_cs = next((cs for _, cs in head if cs is not None), None)
    if first_cs is None:  # nothing present: a header from a blank tile
        first_cs = encode(np.zeros((bands, min(tile_height, height), min(tile_width, width)),
                                   dtype=dtype), (0, 0))
    header, coding = spliced_header(first_cs, width, height, tile_width, tile_height)

    def units():
        total = len(order)
        for done, ((r, c), cs) in enumerate(chain(head, stream), 1):
            yield None if cs is None else tile_body(cs, r * cols + c, coding)
            report(done / total, f"JPEG 2000 tile {done}/{total}")

    return header, units()


class TiledDecoder:
    """Random access to the tiles of one codestream held in ``data`` (a memoryview); the tile-part
    index is built on first use by hopping over SOT markers."""

    def __init__(self, data, name: str = "codestream"):
        self.data = data
        self.name = name
        self.header: MainHeader = parse_main_header(data)
        self.levels = self.header.decomposition_levels
        self._index: dict[int, list[TilePart]] | None = None
        siz = self.header.siz
        self._aligned = (is_pow2(siz.xtsiz) and is_pow2(siz.ytsiz) and siz.xtosiz % siz.xtsiz
                         == 0 and siz.ytosiz % siz.ytsiz == 0)
        self._lock = threading.Lock()

    @property
    def siz(self):
        return self.header.siz

    @property
    def bands(self) -> int:
        return len(self.siz.components)

    def index(self) -> dict[int, list[TilePart]]:
        with self._lock:
            if self._index is None:
                self._index = index_tile_parts(self.data, self.header)
            return self._index

    def has_tile(self, tile: int) -> bool:
        return tile in self.index()

    def tile_pixels(self, tile: int, level: int, dtype) -> np.ndarray:
        parts = self.index().get(tile)
        if not parts:
            raise FormatError(f"{self.name}: J2K tile {tile} is missing from the codestream")
        x0, y0, _, _ = self.siz.tile_rect(tile)
        at_origin = self._aligned or (x0, y0) == (0, 0)
        try:  # the tile is cut into this thread's scratch buffer and decoded at once
            if level and not self.siz.is_htj2k:  # cut and shortened in one copy
                reduced = reduced_tile(self.header, self.data, parts, level, at_origin,
                                       _SCRATCH)
                if reduced is not None:
                    return decode_full(reduced, dtype)
            cs = tile_codestream(self.header, self.data, parts, at_origin=at_origin,
                                 scratch_slot=_SCRATCH)
            return decode_tile(cs, level, self.bands, dtype)
        except (FormatError, UnsupportedError):
            raise
        except Exception as exc:
            raise FormatError(f"{self.name}: J2K tile {tile} (tile-part at offset "
                              f"{parts[0].offset}) does not decode: {exc}") from exc

    def region(self, x0: int, y0: int, x1: int, y1: int, level: int, dtype) -> np.ndarray:
        """CHW pixels of the reference-grid rectangle [x0, x1) x [y0, y1) (image coordinates, from
        the image origin) at ``level``; the result has the rectangle's size at that level."""
        siz, s = self.siz, 1 << level
        ox, oy = siz.xosiz, siz.yosiz
        ax0, ay0, ax1, ay1 = ox + x0, oy + y0, ox + x1, oy + y1
        lx0, ly0 = ceil_div(ax0, s), ceil_div(ay0, s)
        out = np.zeros((self.bands, ceil_div(ay1, s) - ly0, ceil_div(ax1, s) - lx0), dtype=dtype)
        p0 = max(0, (ax0 - siz.xtosiz) // siz.xtsiz)
        p1 = min(siz.tiles_across, ceil_div(ax1 - siz.xtosiz, siz.xtsiz))
        q0 = max(0, (ay0 - siz.ytosiz) // siz.ytsiz)
        q1 = min(siz.tiles_down, ceil_div(ay1 - siz.ytosiz, siz.ytsiz))
        for q in range(q0, q1):
            for p in range(p0, p1):
                t = q * siz.tiles_across + p
                tx0, ty0, tx1, ty1 = siz.tile_rect(t)
                if tx1 <= ax0 or ty1 <= ay0 or tx0 >= ax1 or ty0 >= ay1:
                    continue
                pix = self.tile_pixels(t, level, dtype)
                tlx, tly = ceil_div(tx0, s), ceil_div(ty0, s)
                # Intersection in level coordinates.
                ix0, iy0 = max(tlx, lx0), max(tly, ly0)
                ix1 = min(tlx + pix.shape[2], lx0 + out.shape[2])
                iy1 = min(tly + pix.shape[1], ly0 + out.shape[1])
                if ix1 > ix0 and iy1 > iy0:
                    out[:, iy0 - ly0:iy1 - ly0, ix0 - lx0:ix1 - lx0] = \
                        pix[:, iy0 - tly:iy1 - tly, ix0 - tlx:ix1 - tlx]
        return out

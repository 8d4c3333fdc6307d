"""Decoding one tile of a JPEG 2000 image at any resolution level.

Measured on a 1024² RGB uint8 tile (this machine):
  * HTJ2K: ``htj2k_decode(skipres=k)``: 14 ms full, 0.3 ms at level 3.
  * Part 1, full: ``jpeg2k_decode`` 260 ms (releases the GIL: 2 tiles at once on 2 cores).
  * Part 1, level 3: the tile rewritten to end at level 3 (:mod:`.reduce`) and decoded by
    imagecodecs 3.9 ms, off the GIL (two tiles at once on two cores); Pillow's OpenJPEG with
    ``reduce=3`` 4.8 ms holding the GIL; full decode + downsample 260 ms. Chosen: the rewrite
    wherever it is exact (resolution-first packet order, expounded or no quantisation); else
    Pillow where it maps the pixels (1 band uint8/16-bit, 3 or 4 bands uint8); else full decode
    + the 5/3 analysis low-pass (exact for reversible codestreams; RCT-aware).
"""

from __future__ import annotations

import io
import threading

import imagecodecs
import numpy as np

from ..core.errors import FormatError
from ..core.parallel import worker_count
from .codestream import parse_main_header
from .reduce import reduced_codestream


def _pillow_mode(bands: int, dtype: np.dtype) -> bool:
    dtype = np.dtype(dtype)
    return (dtype == np.uint8 and bands in (1, 3, 4)) or (dtype == np.uint16 and bands == 1)


def decode_full(codestream: bytes, dtype) -> np.ndarray:
    """CHW pixels of a Part-1 codestream at full resolution (imagecodecs, GIL released)."""
    with _busy:
        out = imagecodecs.jpeg2k_decode(codestream, numthreads=_busy.threads(), planar=False)
    return _chw(out).astype(dtype, copy=False)


def decode_tile(codestream: bytes, level: int, bands: int, dtype) -> np.ndarray:
    """CHW pixels of a single-tile codestream at resolution ``level`` (0 = full)."""
    dtype = np.dtype(dtype)
    header = parse_main_header(codestream)
    levels = header.decomposition_levels
    if level > levels:
        raise FormatError(f"J2K: resolution level {level} beyond the {levels} decomposition "
                          "levels of the codestream")
    if header.siz.is_htj2k:
        out = imagecodecs.htj2k_decode(codestream, skipres=level or None, planar=False)
        return _chw(out).astype(dtype, copy=False)
    if level:  # the tile rewritten to end at that level: a full decode, off the GIL
        reduced = reduced_codestream(codestream, level)
        if reduced is not None:
            return decode_full(reduced, dtype)
    if level and _pillow_mode(bands, dtype):
        try:
            out = _chw(_pillow_decode(codestream, level))
            precision = header.siz.components[0].precision
            if dtype == np.uint16 and precision < 16:  # Pillow scales to 16 bits by shifting
                out = out >> (16 - precision)
            return out.astype(dtype, copy=False)
        except (OSError, ValueError):
            pass  # Pillow rejects some small/odd tiles at reduced size: take the exact path
    with _busy:
        out = _chw(imagecodecs.jpeg2k_decode(codestream, numthreads=_busy.threads(),
                                             planar=False))
    if level:
        info = np.iinfo(dtype)
        mct = header.uses_mct and out.shape[0] >= 3
        if mct:
            out = _rct(out)
        out = lowpass53(out, level, header.siz.xosiz, header.siz.yosiz)
        if mct:
            out = _inverse_rct(out)
        out = out.clip(info.min, info.max)
    return out.astype(dtype, copy=False)


class _Busy:
    """Counts tiles being decoded: a tile decoded alone (a window, one block) gets the codec's
    own threads; tiles decoded side by side by the block pool get one each."""

    def __init__(self):
        self._n = 0
        self._lock = threading.Lock()

    def __enter__(self):
        with self._lock:
            self._n += 1

    def __exit__(self, *exc):
        with self._lock:
            self._n -= 1

    def threads(self) -> int:
        with self._lock:
            alone = self._n <= 1
        return worker_count() if alone else 1


_busy = _Busy()


def _chw(array: np.ndarray) -> np.ndarray:
    array = np.asarray(array)
    return array[np.newaxis] if array.ndim == 2 else np.moveaxis(array, -1, 0)


def _pillow_decode(codestream: bytes, level: int) -> np.ndarray:
    from PIL import Image

    with Image.open(io.BytesIO(codestream), formats=["JPEG2000"]) as im:
        im.reduce = level
        im.load()
        return np.asarray(im)


def _rct(chw: np.ndarray) -> np.ndarray:
    """Forward reversible colour transform of the first three components (Annex G)."""
    out = chw.astype(np.int64)
    r, g, b = out[0].copy(), out[1].copy(), out[2].copy()
    out[0], out[1], out[2] = (r + 2 * g + b) >> 2, b - g, r - g
    return out


def _inverse_rct(chw: np.ndarray) -> np.ndarray:
    out = chw.copy()
    y, u, v = chw[0], chw[1], chw[2]
    g = y - ((u + v) >> 2)
    out[0], out[1], out[2] = v + g, g, u + g
    return out


def lowpass53(chw: np.ndarray, level: int, x0: int = 0, y0: int = 0) -> np.ndarray:
    """The LL band after ``level`` reversible 5/3 analysis steps (what a decoder returns at that
    reduced resolution for a reversible codestream), for a region starting at (x0, y0) on the
    reference grid (its parity sets the polyphase split)."""
    out = chw.astype(np.int64)
    for _ in range(level):
        out = _lowpass_axis(out, 1, y0)  # vertical first (Annex F, 2D_SD)
        out = _lowpass_axis(out, 2, x0)
        x0, y0 = -(-x0 // 2), -(-y0 // 2)
    return out


def _lowpass_axis(a: np.ndarray, axis: int, start: int) -> np.ndarray:
    n = a.shape[axis]
    a = np.moveaxis(a, axis, -1)
    if n == 1:  # a lone sample is low-pass at an even coordinate, high-pass at an odd one
        out = a if start % 2 == 0 else a[..., :0]
        return np.moveaxis(out, -1, axis)
    # Whole-sample symmetric (periodic) extension by two samples on each side.
    ext = np.pad(a, [(0, 0)] * (a.ndim - 1) + [(2, 2)], mode="reflect")
    idx = np.arange(-2, n + 2) + start  # absolute coordinates of ext
    odd = (idx % 2) == 1
    hi = ext.copy()
    hi[..., 1:-1] = np.where(odd[1:-1], ext[..., 1:-1] - ((ext[..., :-2] + ext[..., 2:]) >> 1),
                             ext[..., 1:-1])
    low = ext.copy()
    low[..., 1:-1] = np.where(~odd[1:-1], ext[..., 1:-1] + ((hi[..., :-2] + hi[..., 2:] + 2) >> 2),
                              ext[..., 1:-1])
    keep = ~odd[2:-2]
    out = low[..., 2:-2][..., keep]
    return np.moveaxis(out, -1, axis)

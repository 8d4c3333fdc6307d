"""Encoding one tile and decoding one tile (at any resolution level) of a JPEG 2000 image.

Encoding goes through imagecodecs (OpenJPEG for Part 1, OpenJPH for HTJ2K), which release the GIL,
so tiles encode in parallel threads. Each tile is coded as its own single-tile codestream at
origin (0, 0) and later spliced (see :mod:`.codestream`); that is exact only when every tile
starts on the same code-block/precinct/wavelet-phase alignment as the origin, which holds when the
tile sides are powers of two or the image is a single tile (:func:`splice_safe`).

Decoding at reduced resolution, measured on a 1024² RGB uint8 tile (this machine):
  * HTJ2K: ``htj2k_decode(skipres=k)``: 14 ms full, 0.3 ms at level 3.
  * Part 1, full: ``jpeg2k_decode`` 260 ms (releases the GIL: 2 tiles at once on 2 cores).
  * Part 1, level 3: Pillow's OpenJPEG with ``reduce=3`` 3.8 ms (holds the GIL) versus 260 ms
    for full decode + downsample. Chosen: Pillow wherever it maps the pixels (1 band uint8 or
    16-bit, 3 or 4 bands uint8); otherwise full decode + the 5/3 analysis low-pass (exact for
    reversible codestreams, the usual NITF case).
"""

from __future__ import annotations

import io
import math
import threading
from dataclasses import dataclass, replace

import imagecodecs
import numpy as np

from ..core.errors import FormatError, MetadataError
from ..core.parallel import worker_count
from .codestream import parse_main_header

CODEBLOCK = 64
_PSNR_PER_BIT = 6.02  # high-rate rule: one more bit per sample buys ~6 dB


@dataclass(frozen=True)
class EncodeParams:
    lossless: bool = True
    bits_per_sample: float | None = None  # lossy target, bits per pixel per band
    levels: int = 5
    layers: int = 1
    htj2k: bool = False
    precision: int = 8

    def clamp_levels(self, tile_width: int, tile_height: int) -> "EncodeParams":
        top = int(math.floor(math.log2(max(1, min(tile_width, tile_height)))))
        return EncodeParams(self.lossless, self.bits_per_sample, max(0, min(self.levels, top)),
                            self.layers, self.htj2k, self.precision)


def storable_dtype(dtype: np.dtype, field: str = "pixel type") -> None:
    """Raise MetadataError for pixel types a JPEG 2000 codestream cannot hold."""
    dtype = np.dtype(dtype)
    if dtype.kind not in "ui" or dtype.itemsize > 4:
        raise MetadataError(f"{field}: JPEG 2000 holds integer samples of 1 to 32 bits, "
                            f"not {dtype}")


def is_pow2(n: int) -> bool:
    return n > 0 and n & (n - 1) == 0


def splice_safe(tile_width: int, tile_height: int, width: int, height: int) -> bool:
    """True when tiles coded at the origin splice into the image unchanged."""
    return ((is_pow2(tile_width) or tile_width >= width)
            and (is_pow2(tile_height) or tile_height >= height))


def _imagecodecs_levels(h: int, w: int) -> int:
    """imagecodecs' OpenJPEG wrapper codes at most floor(log2(min side)) - 3 levels."""
    return max(0, int(math.floor(math.log2(max(1, min(h, w))))) - 3)


def pillow_fits(bands: int, dtype, precision: int) -> bool:
    """Pillow's OpenJPEG encoder takes L, I;16, RGB and RGBA (precision 8 or 16)."""
    dtype = np.dtype(dtype)
    return ((dtype == np.uint8 and precision == 8 and bands in (1, 3, 4))
            or (dtype == np.uint16 and precision == 16 and bands == 1))


@dataclass(frozen=True)
class TileGrid:
    width: int
    height: int
    tile_width: int
    tile_height: int
    bands: int
    dtype: np.dtype

    def shapes(self) -> set[tuple[int, int]]:
        """Distinct (h, w) of the tiles (interior, right, bottom, corner)."""
        hs = {min(self.tile_height, self.height)} | (
            {self.height % self.tile_height} if self.height % self.tile_height else set())
        ws = {min(self.tile_width, self.width)} | (
            {self.width % self.tile_width} if self.width % self.tile_width else set())
        return {(h, w) for h in hs for w in ws}

    def route(self, params: "EncodeParams", h: int, w: int) -> str | None:
        """How a tile of h x w is coded: "ht" (OpenJPH), "ic" (imagecodecs' OpenJPEG at the
        origin), "pil" (Pillow's OpenJPEG at its true position), or None (cannot)."""
        aligned = splice_safe(self.tile_width, self.tile_height, self.width, self.height)
        if params.layers > 1:  # only Pillow's encoder writes several quality layers
            fits = pillow_fits(self.bands, self.dtype, params.precision)
            return "pil" if fits and not params.htj2k else None
        if params.htj2k:
            return "ht" if aligned else None
        if aligned and _imagecodecs_levels(h, w) >= params.levels:
            return "ic"
        if pillow_fits(self.bands, self.dtype, params.precision) and params.layers == 1:
            return "pil"
        return None

    def plan(self, params: "EncodeParams") -> "EncodeParams":
        """``params`` with levels lowered until every tile shape has a coding route; raises
        MetadataError when none exists."""
        params = params.clamp_levels(self.tile_width, self.tile_height)
        if params.layers > 1 and not self.route(params, self.tile_height, self.tile_width):
            raise MetadataError(
                f"J2K_QUALITY_LAYERS: {params.layers} layers are written for Part-1 coding of "
                "1 band (8 or 16 bits) or 3/4 bands of 8 bits only, not "
                f"{'HTJ2K' if params.htj2k else f'{self.bands}-band {params.precision}-bit'}")
        for levels in range(params.levels, -1, -1):
            trial = replace(params, levels=levels)
            if all(self.route(trial, h, w) for h, w in self.shapes()):
                return trial
        raise MetadataError(
            f"NPPBH/NPPBV: JPEG 2000 tiles of {self.tile_width}x{self.tile_height} for "
            f"{self.bands}-band {self.dtype} pixels must be powers of two (or one tile spanning "
            "the image) so every tile codes on the same code-block grid")


def _hwc(block: np.ndarray) -> np.ndarray:
    """CHW -> contiguous HWC (or HW for one band)."""
    if block.shape[0] == 1:
        return np.ascontiguousarray(block[0])
    return np.ascontiguousarray(np.moveaxis(block, 0, -1))


def encode_tile(block: np.ndarray, params: EncodeParams, grid: TileGrid, origin=(0, 0),
                psnr: float | None = None) -> bytes:
    """One CHW tile (clipped to the image) whose top-left pixel is ``origin`` (x, y), as a
    single-tile codestream. ``psnr`` drives lossy coding (see :class:`RateControl`)."""
    data = _hwc(block)
    route = grid.route(params, block.shape[1], block.shape[2])
    if route == "ht":  # imagecodecs' ``resolutions`` is the number of decompositions here
        if params.lossless:
            return imagecodecs.htj2k_encode(data, reversible=True, resolutions=params.levels,
                                            planar=False)
        return imagecodecs.htj2k_encode(data, level=_qstep_for_psnr(psnr or 40.0),
                                        reversible=False, resolutions=params.levels,
                                        planar=False)
    if route == "ic":
        kw = dict(codecformat="j2k", resolutions=params.levels + 1, numthreads=1, planar=False,
                  bitspersample=params.precision, mct=block.shape[0] == 3)
        if params.lossless:
            return imagecodecs.jpeg2k_encode(data, reversible=True, **kw)
        return imagecodecs.jpeg2k_encode(data, level=psnr or 40.0, reversible=False, **kw)
    if route == "pil":
        return _pillow_encode(data, params, grid, origin, psnr)
    raise MetadataError(f"J2K: no encoder for a {block.shape[1]}x{block.shape[2]} tile with "
                        f"{params.levels} decomposition levels")


def _pillow_encode(data, params, grid, origin, psnr) -> bytes:
    from PIL import Image

    image = Image.fromarray(data)
    kw = dict(no_jp2=True, num_resolutions=params.levels + 1, offset=origin, tile_offset=origin,
              tile_size=(grid.tile_width, grid.tile_height), mct=int(data.ndim == 3 and
                                                                    data.shape[2] == 3))
    n = params.layers
    if n > 1 and params.lossless:  # progressively finer layers, the last one lossless
        kw.update(quality_mode="rates",
                  quality_layers=[2.5 * 4 ** (n - 1 - i) for i in range(n - 1)] + [1])
    elif n > 1:  # the last layer meets the rate target, each earlier one halves it
        ratio = params.precision / params.bits_per_sample
        kw.update(irreversible=True, quality_mode="rates",
                  quality_layers=[ratio * 2 ** (n - 1 - i) for i in range(n)])
    elif not params.lossless:
        kw.update(irreversible=True, quality_mode="dB", quality_layers=[psnr or 40.0])
    out = io.BytesIO()
    image.save(out, "JPEG2000", **kw)
    return out.getvalue()


def _qstep_for_psnr(psnr: float) -> float:
    """OpenJPH's quantisation step (relative to full scale) for a target PSNR: uniform
    quantisation error has RMS step/sqrt(12)."""
    rms = 10 ** (-psnr / 20.0)  # relative to the peak
    return float(min(1.0, max(1e-6, rms * math.sqrt(12.0))))


class RateControl:
    """A lossy bit-rate target (bits per pixel per band) met with one encode per tile: the PSNR
    that hits the target is found on a sample of the first tile (its centre, at most 512², a few
    cheap trial encodes, secant on the ~6 dB/bit rule) and then used for every tile - equal
    distortion across tiles is the rate-distortion optimal split of the budget."""

    SAMPLE = 512

    def __init__(self, params: EncodeParams, grid: TileGrid):
        self.params = params
        self.grid = grid
        self.psnr: float | None = None

    def calibrate(self, block: np.ndarray) -> None:
        _, h, w = block.shape
        y0, x0 = max(0, (h - self.SAMPLE) // 2), max(0, (w - self.SAMPLE) // 2)
        sample = np.ascontiguousarray(block[:, y0:y0 + self.SAMPLE, x0:x0 + self.SAMPLE])
        grid = TileGrid(sample.shape[2], sample.shape[1], sample.shape[2], sample.shape[1],
                        self.grid.bands, self.grid.dtype)
        params = grid.plan(self.params)
        target = self.params.bits_per_sample
        psnr, best = 6.02 * target + 30.0, None
        for _ in range(6):
            rate = len(encode_tile(sample, params, grid, (0, 0), psnr)) * 8.0 / sample.size
            if best is None or abs(rate - target) < abs(best[0] - target):
                best = (rate, psnr)
            if abs(rate - target) <= 0.03 * target or rate < 0.02:
                break
            psnr = min(max(psnr + _PSNR_PER_BIT * (target - rate), 15.0), 140.0)
        self.psnr = best[1]

    def encode(self, block: np.ndarray, origin=(0, 0)) -> bytes:
        return encode_tile(block, self.params, self.grid, origin, self.psnr)


def tile_encoder(params: EncodeParams, grid: TileGrid):
    """(prepare(first block) or None, encode(block, origin)) for ``params``."""
    if params.lossless or params.layers > 1:  # layered coding is rate-driven already
        def plain(block, origin):
            return encode_tile(block, params, grid, origin)
        return None, plain
    rc = RateControl(params, grid)
    return rc.calibrate, rc.encode


# ---- decoding --------------------------------------------------------------------------------
def _pillow_mode(bands: int, dtype: np.dtype) -> bool:
    dtype = np.dtype(dtype)
    return (dtype == np.uint8 and bands in (1, 3, 4)) or (dtype == np.uint16 and bands == 1)


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

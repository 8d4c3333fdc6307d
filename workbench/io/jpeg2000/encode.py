"""Encoding one tile of a JPEG 2000 image as a single-tile codestream.

Encoding goes through imagecodecs (OpenJPEG for Part 1, OpenJPH for HTJ2K), which release the GIL,
so tiles encode in parallel threads. Each tile is coded as its own single-tile codestream at
origin (0, 0) and later spliced (see :mod:`.codestream`); that is exact only when every tile
starts on the same code-block/precinct/wavelet-phase alignment as the origin, which holds when the
tile sides are powers of two or the image is a single tile (:func:`splice_safe`). Tiles that
imagecodecs cannot code with the image's decomposition levels (it wants sides of 2**(levels+3))
and tiles of other sizes go through Pillow's OpenJPEG, which codes a tile at its true position.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass, replace

import imagecodecs
import numpy as np

from ..core.errors import MetadataError
from ..core.parallel import worker_count

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
                psnr: float | None = None, threads: int = 1) -> bytes:
    """One CHW tile (clipped to the image) whose top-left pixel is ``origin`` (x, y), as a
    single-tile codestream. ``psnr`` drives lossy coding (see :class:`RateControl`).
    ``threads``: OpenJPEG's own threads (the codestream is the same for any count); tiles
    coded side by side on the block pool take one each."""
    route = grid.route(params, block.shape[1], block.shape[2])
    if route == "ic":
        # OpenJPEG codes component planes: a CHW block goes in as it is (imagecodecs would
        # transpose an interleaved one back); it reads the bands from the last axis unless
        # that axis has one sample, so one-column blocks go in interleaved
        planar = block.shape[0] > 1 and block.shape[2] > 1
        planes = np.ascontiguousarray(block) if planar else _hwc(block)
        kw = dict(codecformat="j2k", resolutions=params.levels + 1, numthreads=threads,
                  planar=planar, bitspersample=params.precision, mct=block.shape[0] == 3)
        if params.lossless:
            return imagecodecs.jpeg2k_encode(planes, reversible=True, **kw)
        return imagecodecs.jpeg2k_encode(planes, level=psnr or 40.0, reversible=False, **kw)
    data = _hwc(block)
    if route == "ht":  # imagecodecs' ``resolutions`` is the number of decompositions here
        if params.lossless:
            return imagecodecs.htj2k_encode(data, reversible=True, resolutions=params.levels,
                                            planar=False)
        return imagecodecs.htj2k_encode(data, level=_qstep_for_psnr(psnr or 40.0),
                                        reversible=False, resolutions=params.levels,
                                        planar=False)
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
    that hits the target is found on a sample of the first tile (its centre, at most 512²; a
    few cheap trial encodes, each on every core since no tile is coded meanwhile: a first step by
    the ~6 dB/bit rule, then secant steps on the measured slope - near 1 bpp it is nearer
    4 dB/bit, where the fixed rule oscillated for all 6 trials, the secant needs 2 to 4) and then
    used for every tile - equal distortion across tiles is the rate-distortion optimal split of
    the budget."""

    SAMPLE = 512

    def __init__(self, params: EncodeParams, grid: TileGrid):
        self.params = params
        self.grid = grid
        self.psnr: float | None = None
        self._calibrated: tuple | None = None  # (first tile, its codestream) when the trial was it

    def calibrate(self, block: np.ndarray) -> None:
        _, h, w = block.shape
        y0, x0 = max(0, (h - self.SAMPLE) // 2), max(0, (w - self.SAMPLE) // 2)
        sample = np.ascontiguousarray(block[:, y0:y0 + self.SAMPLE, x0:x0 + self.SAMPLE])
        grid = TileGrid(sample.shape[2], sample.shape[1], sample.shape[2], sample.shape[1],
                        self.grid.bands, self.grid.dtype)
        params = grid.plan(self.params)
        target = self.params.bits_per_sample
        psnr, best, last = 6.02 * target + 30.0, None, None
        for _ in range(6):
            coded = encode_tile(sample, params, grid, (0, 0), psnr, threads=worker_count())
            rate = len(coded) * 8.0 / sample.size
            if best is None or abs(rate - target) < abs(best[0] - target):
                best = (rate, psnr, coded)
            if abs(rate - target) <= 0.03 * target or rate < 0.02:
                break
            slope = _PSNR_PER_BIT  # dB per bit: the rule at first, then the measured secant
            if last is not None and abs(rate - last[0]) > 1e-3:
                slope = min(max((psnr - last[1]) / (rate - last[0]), 1.0), 4 * _PSNR_PER_BIT)
            last = (rate, psnr)
            psnr = min(max(psnr + slope * (target - rate), 15.0), 140.0)
        self.psnr = best[1]
        # The sample was the whole tile, coded exactly as encode() would code it (same
        # parameters and route, at the origin): that trial is the tile's codestream. For a
        # one-tile image (a chip) this saves one of the encodes.
        whole = sample.shape == block.shape
        if whole and params == self.params and grid.route(params, h, w) == \
                self.grid.route(self.params, h, w):
            self._calibrated = (block, best[2])

    def encode(self, block: np.ndarray, origin=(0, 0)) -> bytes:
        done = self._calibrated
        if done is not None and block is done[0] and origin == (0, 0):
            self._calibrated = None
            return done[1]
        return encode_tile(block, self.params, self.grid, origin, self.psnr)


def tile_encoder(params: EncodeParams, grid: TileGrid):
    """(prepare(first block) or None, encode(block, origin)) for ``params``."""
    if params.lossless or params.layers > 1:  # layered coding is rate-driven already
        def plain(block, origin):
            return encode_tile(block, params, grid, origin)
        return None, plain
    rc = RateControl(params, grid)
    return rc.calibrate, rc.encode

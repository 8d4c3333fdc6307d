"""NITF JPEG DCT (C3, M3) and downsampled JPEG (I1): every block is one JPEG stream, as the NITF
JPEG profile lays it out. One and three bands: one stream per block holding every band - for
IMODE P with interleaved components, for IMODE B (and S) with one scan per component, as the
profile lays out band-interleaved blocks; GDAL reads both (it writes P). Other band counts need
IMODE S and get one single-component stream per block per band, band-major (GDAL cannot read
those). The reader tells the two IMODE S layouts apart by the
component count of the first stream.

Colour truth: with IREP=YCbCr601 (the default for three bands, see
:func:`workbench.io.nitf.layout.layout_for_write`) three bands are coded as YCbCr (libjpeg's
transform; readers get RGB back, as GDAL's own C3 files do); with any other IREP the components are stored as given, no
colour transform (an Adobe marker says so), so IREP=RGB is true of the bytes.

COMRAT is the quality factor ``nn.n`` (``00.0``-``99.9``; default 75.0); libjpeg takes it rounded
(minimum 1).
"""

from __future__ import annotations

import threading
from collections.abc import Mapping

import imagecodecs
import numpy as np

from workbench.io.core.errors import FormatError, MetadataError
from workbench.io.core.parallel import ordered_map
from workbench.io.jpeg.stream import components, stream_end, stream_offsets

from .base import BlockDecoder, EncodedImage, ImageCodec, ImageLayout, register_codec
from .jpeg_scans import merge_band_streams

DEFAULT_QUALITY = 75.0
I1_MAX = 2048


def parse_quality(value) -> float:
    text = str(value if value is not None else "").strip()
    if not text:
        return DEFAULT_QUALITY
    try:
        quality = float(text)
    except ValueError:
        raise MetadataError(f"COMRAT: {value!r} is not a JPEG quality factor 00.0-99.9") from None
    if not 0 <= quality <= 99.9:
        raise MetadataError(f"COMRAT: JPEG quality {value!r} must be from 00.0 to 99.9")
    return quality


# libjpeg's RGB -> YCbCr in 16-bit fixed point (jccolor.c): coefficients round(c * 2**16), Y
# rounded half up, Cb/Cr offset by 128 and rounded half down
_YCC = np.array([[19595, 38470, 7471], [-11059, -21709, 32768], [32768, -27439, -5329]],
                np.int32)
_YCC_ADD = (32768, (128 << 16) + 32767, (128 << 16) + 32767)


def _to_ycbcr(rgb: np.ndarray) -> np.ndarray:
    """JFIF (full-range BT.601) YCbCr of a CHW RGB block, exactly as libjpeg computes it (so the
    planes code to the bytes libjpeg's own transform would give). Integer arithmetic in place,
    no temporaries per term: 5 ms for a 1024² block (float arithmetic: 26 ms)."""
    out = np.empty(rgb.shape, np.uint8)
    acc, term = np.empty(rgb.shape[1:], np.int32), np.empty(rgb.shape[1:], np.int32)
    for k in range(3):  # uint8 x int32 scalar -> int32: no widened copies of the inputs
        np.multiply(rgb[0], _YCC[k, 0], out=acc)
        np.multiply(rgb[1], _YCC[k, 1], out=term)
        acc += term
        np.multiply(rgb[2], _YCC[k, 2], out=term)
        acc += term
        acc += _YCC_ADD[k]
        acc >>= 16
        out[k] = acc
    return out


class JpegCodec(ImageCodec):
    ic_codes = ("C3", "M3", "I1")

    def validate(self, layout: ImageLayout, hints: Mapping) -> None:
        if layout.imode not in ("B", "P", "S"):
            raise MetadataError(f"IMODE: JPEG (IC={layout.ic}) takes IMODE B, P or S, not "
                                f"{layout.imode!r} (row interleave has no JPEG layout)")
        if layout.nbpp != 8 or np.dtype(layout.dtype) != np.uint8:
            raise MetadataError(f"NBPP: JPEG (IC={layout.ic}) codes 8-bit unsigned pixels; got "
                                f"NBPP={layout.nbpp} ({np.dtype(layout.dtype)})")
        if layout.ic == "I1" and (layout.rows > I1_MAX or layout.cols > I1_MAX):
            raise MetadataError(f"NROWS/NCOLS: IC=I1 (downsampled JPEG) is limited to "
                                f"{I1_MAX}x{I1_MAX}; the image is {layout.cols}x{layout.rows}")
        if layout.bands not in (1, 3) and layout.imode != "S":
            raise MetadataError(f"IMODE: a {layout.bands}-band JPEG image needs IMODE S (one "
                                "stream per band); B and P hold 1 or 3 bands")
        parse_quality(hints.get("COMRAT"))

    def comrat(self, layout: ImageLayout, hints: Mapping) -> str:
        return f"{parse_quality(hints.get('COMRAT')):04.1f}"

    def encode(self, layout, hints, get_block, report) -> EncodedImage:
        self.validate(layout, hints)
        quality = max(1, int(round(parse_quality(hints.get("COMRAT")))))
        ycbcr = layout.irep.upper() == "YCBCR601"
        masked = layout.ic == "M3"
        per_band = layout.bands not in (1, 3)
        blocks = [(r, c) for r in range(layout.blocks_per_col)
                  for c in range(layout.blocks_per_row)]
        jobs = [(b, rc) for b in range(layout.bands) for rc in blocks] if per_band \
            else [(None, rc) for rc in blocks]
        def fetched():
            # Pulled in the consuming thread (a provider may use the shared pool itself);
            # IMODE S pulls a block once per band, keeping memory O(block).
            for band, rc in jobs:
                yield band, rc, get_block(*rc)

        def encode_one(job):
            band, rc, block = job
            if block is None:
                if not masked:
                    raise MetadataError(f"IC: block {rc} is absent but IC={layout.ic} stores "
                                        "every block (use M3 for sparse images)")
                return None
            block = np.asarray(block, dtype=np.uint8)
            if band is not None:
                return imagecodecs.jpeg8_encode(np.ascontiguousarray(block[band]), level=quality)
            if block.shape[0] == 1:
                return imagecodecs.jpeg8_encode(np.ascontiguousarray(block[0]), level=quality)
            if layout.imode != "P":  # B (and S): one scan per band in one stream
                planes = _to_ycbcr(block) if ycbcr else block
                return merge_band_streams(
                    [imagecodecs.jpeg8_encode(np.ascontiguousarray(p), level=quality)
                     for p in planes], rgb=not ycbcr)
            hwc = np.ascontiguousarray(np.moveaxis(block, 0, -1))
            if ycbcr:  # the NITF JPEG profile has no chroma subsampling
                return imagecodecs.jpeg8_encode(hwc, level=quality, subsampling="444")
            return imagecodecs.jpeg8_encode(hwc, level=quality, colorspace="RGB",
                                            outcolorspace="RGB")

        ordered = ordered_map(encode_one, fetched())

        def units():
            for done, unit in enumerate(ordered, 1):
                yield unit
                report(done / len(jobs), f"JPEG block {done}/{len(jobs)}")

        return EncodedImage(b"", units(), b"")

    def open_decoder(self, layout, data, unit_offsets) -> BlockDecoder:
        return JpegBlockDecoder(layout, data, unit_offsets)


class JpegBlockDecoder(BlockDecoder):
    """Reads every layout found in the wild: one stream per block (interleaved or one scan per
    band), or one single-component stream per band - band-major for IMODE S (as NITF orders S),
    block-major for IMODE B (as osml-imagery-io writes B)."""

    num_resolution_levels = 1

    def __init__(self, layout: ImageLayout, data, unit_offsets):
        self.layout = layout
        self.data = data
        self.masked = unit_offsets is not None
        self._offsets = list(unit_offsets) if unit_offsets is not None else None
        self._lock = threading.Lock()
        self.per_band = False
        if layout.bands > 1 and layout.imode in ("B", "S"):
            first = next((o for o in self._offsets if o is not None), None) \
                if self._offsets is not None else stream_offsets(data, 1)[0]
            self.per_band = first is not None and components(data, first) == 1
        scanned = layout.bands if self.per_band else 1
        self.count = layout.num_blocks * scanned

    def offsets(self) -> list[int | None]:
        with self._lock:
            if self._offsets is None:
                self._offsets = stream_offsets(self.data, self.count)
            return self._offsets

    def _band_starts(self, row: int, col: int) -> list[int | None]:
        lay, offsets = self.layout, self.offsets()
        block = row * lay.blocks_per_row + col
        if not self.per_band:
            return [offsets[block]]
        if lay.imode == "S":  # band-major: the mask (if any) has an entry per band and block
            return [offsets[b * lay.num_blocks + block] for b in range(lay.bands)]
        if not self.masked:  # block-major streams found by scanning
            return offsets[block * lay.bands:(block + 1) * lay.bands]
        start = offsets[block]  # IMODE B mask: one entry per block, its bands follow
        if start is None:
            return [None]
        starts = [start]
        for _ in range(lay.bands - 1):
            starts.append(stream_offsets(self.data, 1, stream_end(self.data, starts[-1]))[0])
        return starts

    def _decode(self, start: int | None, row: int, col: int) -> np.ndarray:
        if start is None:
            raise FormatError(f"JPEG block ({row}, {col}) is masked (no data)")
        try:
            end = stream_end(self.data, start)
            pixels = imagecodecs.jpeg8_decode(bytes(self.data[start:end]))
        except FormatError:
            raise
        except Exception as exc:
            raise FormatError(f"JPEG block ({row}, {col}) at offset {start} does not decode: "
                              f"{exc}") from exc
        pixels = np.asarray(pixels)
        return pixels[np.newaxis] if pixels.ndim == 2 else np.moveaxis(pixels, -1, 0)

    def decode_block(self, row: int, col: int, level: int) -> np.ndarray:
        lay = self.layout
        planes = [self._decode(start, row, col) for start in self._band_starts(row, col)]
        out = planes[0] if len(planes) == 1 else np.concatenate(planes)
        shape = (lay.bands, lay.block_height, lay.block_width)
        if out.shape != shape:
            if out.shape[0] != lay.bands:
                raise FormatError(f"JPEG block ({row}, {col}): {out.shape[0]} components, the "
                                  f"image has {lay.bands} bands")
            full = np.zeros(shape, np.uint8)
            h, w = min(shape[1], out.shape[1]), min(shape[2], out.shape[2])
            full[:, :h, :w] = out[:, :h, :w]
            out = full
        return out


register_codec(JpegCodec())

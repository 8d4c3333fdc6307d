"""JPEG (JFIF) reader and writer through imagecodecs (libjpeg-turbo)."""

from __future__ import annotations

import imagecodecs
import numpy as np

from ..core.convenience import ImsavePlan
from ..core.errors import FormatError, MetadataError, UnsupportedError
from ..core.metadata import BufferedMetadataProvider
from ..core.single import WholeImageAsset, WholeImageReader, WholeImageWriter
from .markers import parse_markers
from .region import JpegImageAsset, complete_decoder, top_rows_plan

DEFAULT_QUALITY = 75


def open_reader(sources, fmt):
    src = sources[0]
    meta = parse_markers(src.view)
    w, h = int(meta["JPEG_WIDTH"]), int(meta["JPEG_HEIGHT"])
    bands, precision = int(meta["JPEG_COMPONENTS"]), int(meta["JPEG_PRECISION"])
    if w == 0 or h == 0 or bands not in (1, 3, 4):
        raise FormatError(f"JPEG SOF: unsupported size {w}x{h} or {bands} components")
    if precision <= 8:
        asset = JpegImageAsset(src, (bands, h, w), meta, top_rows_plan(src.view))
    else:
        decode = complete_decoder(imagecodecs.ljpeg_decode)
        asset = WholeImageAsset("image:0", src.name, src.view, decode,
                                (bands, h, w), np.uint16, meta, actual_bits=precision)
    return WholeImageReader(sources, asset)


def parse_quality(value) -> int:
    try:
        q = float(str(value).strip())
    except ValueError:
        raise MetadataError(f"JPEG_QUALITY: {value!r} is not a number from 1 to 100") from None
    if not 1 <= q <= 100:
        raise MetadataError(f"JPEG_QUALITY: {value!r} must be from 1 to 100")
    return int(round(q))


class JpegWriter(WholeImageWriter):
    format_label = "JPEG"

    def check_image(self, asset) -> None:
        if asset.pixel_value_type.value != "uint8":
            raise UnsupportedError(f"JPEG holds 8-bit unsigned pixels, not "
                                   f"{asset.pixel_value_type.value}")
        if asset.num_bands not in (1, 3):
            raise UnsupportedError(f"JPEG holds 1 (gray) or 3 (RGB) bands, not {asset.num_bands}")
        parse_quality(asset.metadata.get("JPEG_QUALITY", DEFAULT_QUALITY))

    def encode(self, hwc, metadata) -> bytes:
        quality = parse_quality(metadata.get("JPEG_QUALITY", DEFAULT_QUALITY))
        return imagecodecs.jpeg8_encode(hwc, level=quality)


def open_writer(targets, fmt):
    return JpegWriter(targets, fmt)


def imsave_plan(spec, array, *, compression, block_size, quality, corners, crs) -> ImsavePlan:
    meta = BufferedMetadataProvider()
    meta["JPEG_QUALITY"] = str(int(quality if quality is not None else DEFAULT_QUALITY))
    return ImsavePlan(meta)

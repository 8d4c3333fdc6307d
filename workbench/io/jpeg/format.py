"""JPEG (JFIF) reader and writer through imagecodecs (libjpeg-turbo)."""

from __future__ import annotations

import struct

import imagecodecs
import numpy as np

from ..core.convenience import ImsavePlan
from ..core.errors import FormatError, MetadataError, UnsupportedError
from ..core.metadata import BufferedMetadataProvider
from ..core.single import WholeImageAsset, WholeImageReader, WholeImageWriter

DEFAULT_QUALITY = 75
_SOF = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}


def parse_markers(data) -> dict:
    """Frame header and application segments as ``JPEG_*`` metadata."""
    if bytes(data[:2]) != b"\xff\xd8":
        raise FormatError("not a JPEG stream: no SOI marker at offset 0")
    meta: dict = {}
    pos, size = 2, len(data)
    while pos + 4 <= size:
        if data[pos] != 0xFF:
            raise FormatError(f"JPEG: expected a marker at offset {pos}")
        marker = data[pos + 1]
        if marker == 0xFF:
            pos += 1
            continue
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
            pos += 2
            continue
        (length,) = struct.unpack(">H", bytes(data[pos + 2:pos + 4]))
        if length < 2 or pos + 2 + length > size:
            raise FormatError(f"JPEG marker 0x{marker:02X} at offset {pos} has length {length} "
                              f"past the end of the {size}-byte stream")
        body = bytes(data[pos + 4:pos + 2 + length])
        if marker in _SOF and len(body) >= 6:
            precision, h, w, ncomp = struct.unpack(">BHHB", body[:6])
            meta.update(JPEG_PRECISION=str(precision), JPEG_HEIGHT=str(h), JPEG_WIDTH=str(w),
                        JPEG_COMPONENTS=str(ncomp), JPEG_PROCESS=f"SOF{marker - 0xC0}")
        elif marker == 0xE0 and body.startswith(b"JFIF"):
            meta["JPEG_JFIF"] = "yes"
        elif marker == 0xE1 and body.startswith(b"Exif"):
            meta["JPEG_EXIF"] = "yes"
        elif marker == 0xEE and body.startswith(b"Adobe"):
            meta["JPEG_ADOBE_TRANSFORM"] = str(body[11]) if len(body) > 11 else ""
        elif marker == 0xFE:
            meta["JPEG_COMMENT"] = body.decode("latin-1")
        elif marker == 0xDA:
            break
        pos += 2 + length
    if "JPEG_WIDTH" not in meta:
        raise FormatError("JPEG stream has no frame header (SOF) before its scan")
    return meta


def open_reader(sources, fmt):
    src = sources[0]
    meta = parse_markers(src.view)
    w, h = int(meta["JPEG_WIDTH"]), int(meta["JPEG_HEIGHT"])
    bands, precision = int(meta["JPEG_COMPONENTS"]), int(meta["JPEG_PRECISION"])
    if w == 0 or h == 0 or bands not in (1, 3, 4):
        raise FormatError(f"JPEG SOF: unsupported size {w}x{h} or {bands} components")
    dtype = np.uint16 if precision > 8 else np.uint8
    asset = WholeImageAsset("image:0", src.name, src.view, imagecodecs.jpeg8_decode if precision
                            <= 8 else imagecodecs.ljpeg_decode, (bands, h, w), dtype, meta,
                            actual_bits=precision)
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

"""PNG reader and writer through imagecodecs."""

from __future__ import annotations

import struct
import zlib

import imagecodecs
import numpy as np

from ..core.convenience import ImsavePlan
from ..core.errors import FormatError, UnsupportedError
from ..core.metadata import BufferedMetadataProvider
from ..core.single import WholeImageAsset, WholeImageReader, WholeImageWriter

SIGNATURE = b"\x89PNG\r\n\x1a\n"
_COLOR_BANDS = {0: 1, 2: 3, 3: 3, 4: 2, 6: 4}


def parse_chunks(data) -> dict:
    """Header fields and text chunks as metadata (``PNG_*`` keys, text under its keyword)."""
    if bytes(data[:8]) != SIGNATURE:
        raise FormatError("not a PNG file: bad signature at offset 0")
    meta: dict = {}
    pos, size = 8, len(data)
    while pos + 8 <= size:
        length, ctype = struct.unpack(">I4s", bytes(data[pos:pos + 8]))
        if pos + 12 + length > size:
            raise FormatError(f"PNG chunk {ctype!r} at offset {pos} claims {length} bytes, past "
                              f"the end of the {size}-byte file")
        body = bytes(data[pos + 8:pos + 8 + length]) if ctype != b"IDAT" else b""
        if ctype == b"IHDR":
            if length != 13:
                raise FormatError(f"PNG IHDR at offset {pos} has length {length}, expected 13")
            w, h, depth, color, _, _, interlace = struct.unpack(">IIBBBBB", body)
            meta.update(PNG_WIDTH=str(w), PNG_HEIGHT=str(h), PNG_BIT_DEPTH=str(depth),
                        PNG_COLOR_TYPE=str(color), PNG_INTERLACE=str(interlace))
        elif ctype == b"tEXt" and b"\x00" in body:
            key, text = body.split(b"\x00", 1)
            meta[key.decode("latin-1")] = text.decode("latin-1")
        elif ctype == b"zTXt" and b"\x00" in body:
            key, rest = body.split(b"\x00", 1)
            try:
                meta[key.decode("latin-1")] = zlib.decompress(rest[1:]).decode("latin-1")
            except zlib.error:
                pass
        elif ctype == b"pHYs" and length == 9:
            px, py, unit = struct.unpack(">IIB", body)
            meta["PNG_PHYS"] = f"{px},{py},{unit}"
        elif ctype == b"IEND":
            break
        pos += 12 + length
    if "PNG_WIDTH" not in meta:
        raise FormatError("PNG file has no IHDR chunk at offset 8")
    return meta


def open_reader(sources, fmt):
    src = sources[0]
    meta = parse_chunks(src.view)
    w, h = int(meta["PNG_WIDTH"]), int(meta["PNG_HEIGHT"])
    depth, color = int(meta["PNG_BIT_DEPTH"]), int(meta["PNG_COLOR_TYPE"])
    if color not in _COLOR_BANDS or w == 0 or h == 0:
        raise FormatError(f"PNG IHDR: unsupported colour type {color} or empty size {w}x{h}")
    bands = _COLOR_BANDS[color]
    dtype = np.uint16 if depth == 16 else np.uint8
    asset = WholeImageAsset("image:0", src.name, src.view, imagecodecs.png_decode,
                            (bands, h, w), dtype, meta, actual_bits=depth if color != 3 else 8)
    return WholeImageReader(sources, asset)


class PngWriter(WholeImageWriter):
    format_label = "PNG"

    def check_image(self, asset) -> None:
        if asset.pixel_value_type.value not in ("uint8", "uint16"):
            raise UnsupportedError(f"PNG holds 8- or 16-bit unsigned pixels, not "
                                   f"{asset.pixel_value_type.value}")
        if asset.num_bands not in (1, 2, 3, 4):
            raise UnsupportedError(f"PNG holds 1 to 4 bands (gray, gray+alpha, RGB, RGBA), not "
                                   f"{asset.num_bands}")

    def encode(self, hwc, metadata) -> bytes:
        level = int(metadata.get("PNG_COMPRESSION_LEVEL", 6) or 6)
        return imagecodecs.png_encode(hwc, level=level)


def open_writer(targets, fmt):
    return PngWriter(targets, fmt)


def imsave_plan(spec, array, *, compression, block_size, quality, corners, crs) -> ImsavePlan:
    meta = BufferedMetadataProvider()
    if quality is not None:
        meta["PNG_COMPRESSION_LEVEL"] = str(int(quality))
    return ImsavePlan(meta)

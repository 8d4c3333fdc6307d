"""JPEG marker segments: the header up to the first scan, and the ``JPEG_*`` metadata read
from it (ITU-T T.81 Annex B)."""

from __future__ import annotations

import struct

from ..core.errors import FormatError
from .stream import stream_end, walk

SOF = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}


def segments(data):
    """(marker, offset, body) of each marker segment from SOI up to and including the first
    SOS (the entropy-coded data follows it)."""
    for marker, pos, length in walk(data, 0, "JPEG", through_scans=False):
        if length:
            yield marker, pos, bytes(data[pos + 4:pos + 2 + length])


def parse_markers(data) -> dict:
    """Frame header and application segments as ``JPEG_*`` metadata."""
    meta: dict = {}
    for marker, _pos, body in segments(data):
        if marker in SOF and len(body) >= 6:
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
    if "JPEG_WIDTH" not in meta:
        raise FormatError("JPEG stream has no frame header (SOF) before its scan")
    return meta


def check_complete(data) -> None:
    """Raise FormatError unless the stream reaches its EOI marker. libjpeg decodes a truncated
    stream without complaint, filling the missing rows with grey; GDAL and Pillow refuse it, and
    so do we. A file that ends with EOI is accepted at once; otherwise (bytes after the EOI, or
    none) the stream is walked scan by scan (:func:`.stream.stream_end`)."""
    size = len(data)
    if size >= 2 and data[size - 2] == 0xFF and data[size - 1] == 0xD9:
        return
    try:
        stream_end(data, 0)
    except FormatError as exc:
        raise FormatError(f"JPEG stream is truncated or damaged ({size} bytes): {exc}") from None

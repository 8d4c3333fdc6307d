"""One baseline JPEG stream with non-interleaved scans (one scan per component, ISO/IEC 10918-1
B.2.3), built from single-component streams of the same size: the NITF JPEG profile's layout for
IMODE B.

A non-interleaved scan's MCU is one 8x8 block of its component, exactly as in a one-component
image, so each band's entropy-coded data is reused as is; only the headers are merged (each band
keeps its own quantisation table, its Huffman tables are redefined before its scan).
"""

from __future__ import annotations

import struct

from workbench.io.core.errors import FormatError

SOI, EOI = b"\xff\xd8", b"\xff\xd9"
_ADOBE_RGB = b"Adobe" + struct.pack(">HHHB", 100, 0, 0, 0)  # APP14, colour transform 0 (none)


def _segments(stream: bytes):
    """(marker, body) of the header segments, and the entropy-coded data of the one scan."""
    if stream[:2] != SOI or stream[-2:] != EOI:
        raise FormatError("JPEG band stream does not run from SOI to EOI")
    pos, out = 2, []
    while pos + 4 <= len(stream):
        marker = stream[pos + 1]
        (length,) = struct.unpack(">H", stream[pos + 2:pos + 4])
        body = stream[pos + 4:pos + 2 + length]
        out.append((marker, body))
        pos += 2 + length
        if marker == 0xDA:
            return out, stream[pos:-2]
    raise FormatError("JPEG band stream has no scan (SOS)")


def _segment(marker: int, body: bytes) -> bytes:
    return struct.pack(">BBH", 0xFF, marker, len(body) + 2) + body


def merge_band_streams(streams: list[bytes], rgb: bool) -> bytes:
    """Merge 1-component baseline streams (one per band, same size) into one stream whose
    components are stored in separate scans. ``rgb``: mark the components as RGB (Adobe
    transform 0, ids R, G, B) so decoders apply no colour conversion."""
    if not 1 <= len(streams) <= 4:
        raise ValueError(f"merge needs 1 to 4 band streams, got {len(streams)}")
    parsed = [_segments(s) for s in streams]
    out = [SOI]
    if rgb and len(streams) == 3:
        out.append(_segment(0xEE, _ADOBE_RGB))
        ids = b"RGB"
    else:
        out += [_segment(m, b) for m, b in parsed[0][0] if m == 0xE0]  # JFIF, if any
        ids = bytes(range(1, len(streams) + 1))
    frame = None
    for i, (segments, _) in enumerate(parsed):
        for marker, body in segments:
            if marker == 0xDB:  # its quantisation table(s), renumbered to table i
                if len(body) != 65 or body[0] & 0xF0:
                    raise FormatError("JPEG band stream: expected one 8-bit DQT table")
                out.append(_segment(0xDB, bytes([i]) + body[1:]))
            elif marker == 0xC0:
                if body[5] != 1:
                    raise FormatError("JPEG band stream has more than one component")
                frame = frame or body[:5]
                if body[:5] != frame:
                    raise FormatError("JPEG band streams differ in size or precision")
    components = b"".join(bytes([ids[i], 0x11, i]) for i in range(len(streams)))
    out.append(_segment(0xC0, frame + bytes([len(streams)]) + components))
    for i, (segments, data) in enumerate(parsed):
        out += [_segment(0xC4, body) for marker, body in segments if marker == 0xC4]
        out.append(_segment(0xDA, bytes([1, ids[i], 0x00, 0, 63, 0])))
        out.append(data)
    out.append(EOI)
    return b"".join(out)

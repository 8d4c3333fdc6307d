"""PNG chunk layout (ISO/IEC 15948 §5): walking the chunks of a file, the header, building
chunks, and the metadata the reader exposes."""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass, field

from ..core.errors import FormatError

SIGNATURE = b"\x89PNG\r\n\x1a\n"
# samples per pixel of each colour type, and the bit depths the standard allows for it
CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}
DEPTHS = {0: (1, 2, 4, 8, 16), 2: (8, 16), 3: (1, 2, 4, 8), 4: (8, 16), 6: (8, 16)}


@dataclass
class Header:
    width: int
    height: int
    depth: int
    color: int
    interlace: int

    @property
    def bits_per_pixel(self) -> int:
        return CHANNELS[self.color] * self.depth

    @property
    def filter_bpp(self) -> int:
        """The byte distance of the Sub/Average/Paeth filters (at least 1)."""
        return max(1, self.bits_per_pixel // 8)

    @property
    def row_bytes(self) -> int:
        """Bytes of one unfiltered row (without its filter-type byte)."""
        return (self.width * self.bits_per_pixel + 7) // 8

    def pack(self) -> bytes:
        return struct.pack(">IIBBBBB", self.width, self.height, self.depth, self.color, 0, 0,
                           self.interlace)


@dataclass
class Layout:
    """Where everything is: the header, the chunks a decoder needs besides IHDR/IDAT (PLTE,
    tRNS, ...) as raw chunk bytes, each IDAT chunk's (data offset, length), and text/metadata."""
    header: Header
    idats: list[tuple[int, int]] = field(default_factory=list)
    extra: list[bytes] = field(default_factory=list)
    private: dict[bytes, bytes] = field(default_factory=dict)
    metadata: dict = field(default_factory=dict)
    has_trns: bool = False


def chunk(ctype: bytes, body: bytes = b"") -> bytes:
    """One chunk: length, type, data, CRC of type and data."""
    return (struct.pack(">I", len(body)) + ctype + body
            + struct.pack(">I", zlib.crc32(body, zlib.crc32(ctype))))


def _parse_header(body: bytes, pos: int) -> Header:
    w, h, depth, color, comp, filt, interlace = struct.unpack(">IIBBBBB", body)
    if color not in CHANNELS or depth not in DEPTHS[color]:
        raise FormatError(f"PNG IHDR at offset {pos}: colour type {color} with bit depth {depth} "
                          "is not allowed")
    if w == 0 or h == 0 or comp != 0 or filt != 0 or interlace > 1:
        raise FormatError(f"PNG IHDR at offset {pos}: size {w}x{h}, compression {comp}, filter "
                          f"{filt}, interlace {interlace} (expected non-zero size, 0, 0, 0 or 1)")
    return Header(w, h, depth, color, interlace)


def _text(meta: dict, ctype: bytes, body: bytes) -> None:
    if ctype == b"tEXt" and b"\x00" in body:
        key, text = body.split(b"\x00", 1)
        meta[key.decode("latin-1")] = text.decode("latin-1")
    elif ctype == b"zTXt" and b"\x00" in body:
        key, rest = body.split(b"\x00", 1)
        try:
            meta[key.decode("latin-1")] = zlib.decompress(rest[1:]).decode("latin-1")
        except zlib.error:
            pass
    elif ctype == b"pHYs" and len(body) == 9:
        px, py, unit = struct.unpack(">IIB", body)
        meta["PNG_PHYS"] = f"{px},{py},{unit}"


def read_layout(data) -> Layout:
    """Walk the chunks of a PNG file (a buffer), reading everything but IDAT bodies."""
    if bytes(data[:8]) != SIGNATURE:
        raise FormatError("not a PNG file: bad signature at offset 0")
    layout: Layout | None = None
    pos, size = 8, len(data)
    while pos + 8 <= size:
        length, ctype = struct.unpack(">I4s", bytes(data[pos:pos + 8]))
        if pos + 12 + length > size:
            raise FormatError(f"PNG chunk {ctype!r} at offset {pos} claims {length} bytes, past "
                              f"the end of the {size}-byte file")
        if layout is None:
            if ctype != b"IHDR" or length != 13:
                raise FormatError(f"PNG IHDR expected at offset {pos}, found {ctype!r} of "
                                  f"length {length} (expected 13)")
            layout = Layout(_parse_header(bytes(data[pos + 8:pos + 21]), pos))
        elif ctype == b"IDAT":
            layout.idats.append((pos + 8, length))
        elif ctype == b"IEND":
            break
        else:
            body = bytes(data[pos + 8:pos + 8 + length])
            if ctype in (b"PLTE", b"tRNS"):
                layout.extra.append(bytes(data[pos:pos + 12 + length]))
                layout.has_trns |= ctype == b"tRNS"
            elif ctype[1:2].islower():  # private chunks (second letter lower case)
                layout.private[ctype] = body
            _text(layout.metadata, ctype, body)
        pos += 12 + length
    if layout is None:
        raise FormatError("PNG file has no IHDR chunk at offset 8")
    if not layout.idats:
        raise FormatError(f"PNG file has no IDAT chunk (image data) before offset {pos}")
    hdr = layout.header
    layout.metadata.update(PNG_WIDTH=str(hdr.width), PNG_HEIGHT=str(hdr.height),
                           PNG_BIT_DEPTH=str(hdr.depth), PNG_COLOR_TYPE=str(hdr.color),
                           PNG_INTERLACE=str(hdr.interlace))
    return layout

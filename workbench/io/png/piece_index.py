"""The private ``wbIX`` chunk: where the independently decodable pieces of the image data are.

Layout written by :mod:`.writer`: IDAT 0 holds the zlib header and piece 0, IDAT i holds piece i,
the last IDAT holds the stream's closing bytes. Pieces hold consecutive rows, each piece's first row
filtered without looking above it. The chunk body is a version byte (1) and the piece count
(uint32), then per piece its row count, compressed length and the Adler-32 of its filtered bytes
(uint32 each), big-endian. The chunk type's letter cases say ancillary, private,
and not safe to copy (an editor that rewrites the image data must drop it).

Decoders that do not know the chunk ignore it and read one ordinary zlib stream.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

from . import zstream
from .chunks import Layout

CHUNK_TYPE = b"wbIX"
VERSION = 1


@dataclass(frozen=True)
class Piece:
    first_row: int
    rows: int
    offset: int       # file offset of the piece's raw DEFLATE bytes
    length: int
    adler: int


def pack(pieces: list[tuple[int, int, int]]) -> bytes:
    """The chunk body for pieces given as (rows, compressed length, adler32)."""
    return struct.pack(">BI", VERSION, len(pieces)) + b"".join(struct.pack(">III", *p)
                                                               for p in pieces)


def pieces_of(layout: Layout) -> list[Piece] | None:
    """The pieces, when the file carries an index that matches its IDAT chunks exactly (else
    None: the file is read as one stream)."""
    body = layout.private.get(CHUNK_TYPE)
    hdr = layout.header
    if body is None or len(body) < 5 or hdr.interlace:
        return None
    version, count = struct.unpack(">BI", body[:5])
    if version != VERSION or len(body) != 5 + 12 * count or len(layout.idats) != count + 1 \
            or layout.idats[-1][1] != len(zstream.trailer(0)):
        return None
    out, first = [], 0
    for i, (offset, chunk_len) in enumerate(layout.idats[:-1]):
        rows, length, adler = struct.unpack(">III", body[5 + 12 * i:17 + 12 * i])
        skip = len(zstream.HEADER) if i == 0 else 0
        if chunk_len != length + skip or rows == 0:
            return None
        out.append(Piece(first, rows, offset + skip, length, adler))
        first += rows
    return out if first == hdr.height else None

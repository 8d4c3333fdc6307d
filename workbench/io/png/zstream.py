"""One zlib stream (RFC 1950) made of independently compressed pieces.

Each piece is raw DEFLATE (RFC 1951) from a fresh compressor ended by a sync flush: it refers to
no earlier byte and ends byte-aligned without a final block. Concatenated behind the zlib header,
closed by an empty final block and the Adler-32 of all the data, the pieces form one ordinary
stream that any inflater reads, while each piece can also be inflated on its own (in parallel,
or only the pieces a window needs).
"""

from __future__ import annotations

import struct
import zlib

ADLER_BASE = 65521
HEADER = b"\x78\x5e"          # deflate, 32 KiB window, "default" level hint; FCHECK makes % 31 == 0
FINAL_EMPTY_BLOCK = b"\x03\x00"  # BFINAL=1, fixed Huffman, end-of-block


# Run-length matching (zlib's Z_RLE) is ~4x faster than full matching at level 6, and as small
# on noisy imagery once filtered; on smooth or synthetic content it can be 1.4-7x bigger. A piece
# uses it when a sample of the piece compresses within this factor of the full search.
RLE_TOLERANCE = 1.01


def compress_piece(data, level: int, strategy: int = zlib.Z_DEFAULT_STRATEGY) -> bytes:
    """Raw DEFLATE of ``data`` ending with a sync flush (byte-aligned, not final)."""
    comp = zlib.compressobj(level, zlib.DEFLATED, -15, 9, strategy)
    return comp.compress(data) + comp.flush(zlib.Z_SYNC_FLUSH)


def compress_rows(rows, level: int, strategy: int) -> bytes:
    """:func:`compress_piece` of filtered rows (rows × bytes), with run-length matching instead
    of ``strategy`` when a run of rows from the middle says it costs nothing."""
    data = memoryview(rows).cast("B")
    if level != 0 and rows.shape[0] >= 8:
        n = max(4, rows.shape[0] // 16)
        top = (rows.shape[0] - n) // 2
        sample = memoryview(rows[top:top + n]).cast("B")
        if len(compress_piece(sample, 1, zlib.Z_RLE)) <= RLE_TOLERANCE * len(
                compress_piece(sample, level, strategy)):
            strategy = zlib.Z_RLE
    return compress_piece(data, level, strategy)


def adler32_combine(adler_a: int, adler_b: int, len_b: int) -> int:
    """Adler-32 of A + B from those of A and B. With a = 1 + sum(bytes) and b = sum of the
    running a's, appending B (n bytes) gives a = a_A + a_B - 1 and b = b_A + b_B + n (a_A - 1)."""
    a_a, b_a = adler_a & 0xFFFF, adler_a >> 16
    a_b, b_b = adler_b & 0xFFFF, adler_b >> 16
    a = (a_a + a_b - 1) % ADLER_BASE
    b = (b_a + b_b + len_b * (a_a - 1)) % ADLER_BASE
    return (b << 16) | a


def trailer(adler: int) -> bytes:
    """What closes the stream after the last piece."""
    return FINAL_EMPTY_BLOCK + struct.pack(">I", adler)


def standalone(piece, adler: int) -> bytes:
    """A complete zlib stream holding one piece whose data has Adler-32 ``adler``."""
    return b"".join((HEADER, piece, trailer(adler)))

"""Finding where JPEG streams (SOI..EOI) end: NITF JPEG blocks laid end to end, and whether a
standalone JPEG file holds its whole stream.

Marker segments are skipped by their lengths; entropy-coded data is searched for the next marker
that is not a stuffed 0xFF00 or a restart marker (RST0-7), so tables that happen to hold FF D9
bytes cannot end a stream early.
"""

from __future__ import annotations

import struct

from workbench.io.core.errors import FormatError

SOI, EOI, SOS = 0xD8, 0xD9, 0xDA
_STANDALONE = {0x01, SOI} | set(range(0xD0, 0xD8))


CHUNK = 1 << 16


def stream_end(data, start: int) -> int:
    """Offset just past the EOI of the JPEG stream starting at ``start``."""
    if bytes(data[start:start + 2]) != b"\xff\xd8":
        raise FormatError(f"JPEG block: no SOI marker at offset {start}")
    pos, size = start + 2, len(data)
    while pos + 2 <= size:
        if data[pos] != 0xFF:
            raise FormatError(f"JPEG block: expected a marker at offset {pos}")
        marker = data[pos + 1]
        if marker == 0xFF:
            pos += 1
            continue
        if marker == EOI:
            return pos + 2
        if marker in _STANDALONE:
            pos += 2
            continue
        if pos + 4 > size:
            break
        (length,) = struct.unpack(">H", bytes(data[pos + 2:pos + 4]))
        pos += 2 + length
        if marker == SOS:
            pos = _skip_entropy(data, pos)
    raise FormatError(f"JPEG block starting at offset {start}: no EOI before the end of the "
                      f"{size}-byte image data")


def _skip_entropy(data, pos: int) -> int:
    """Offset of the first real marker at or after ``pos`` in entropy-coded data (read in
    chunks, so a memory-mapped file is touched only where the stream lies)."""
    size = len(data)
    while pos < size:
        chunk = bytes(data[pos:pos + CHUNK])
        n = len(chunk)
        i = chunk.find(b"\xff")
        while 0 <= i < n - 1:
            nxt = chunk[i + 1]
            if nxt == 0x00 or 0xD0 <= nxt <= 0xD7:
                i = chunk.find(b"\xff", i + 2)
            elif nxt == 0xFF:
                i = chunk.find(b"\xff", i + 1)
            else:
                return pos + i
        if i < 0:
            pos += n
        elif pos + n >= size:
            return size
        else:
            pos += i  # an FF on the chunk's last byte: read on from it
    return size


def find(data, needle: bytes, pos: int) -> int:
    size = len(data)
    while pos < size:
        chunk = bytes(data[pos:pos + CHUNK + len(needle) - 1])
        i = chunk.find(needle)
        if i >= 0:
            return pos + i
        pos += CHUNK
    return -1


def stream_offsets(data, count: int, start: int = 0) -> list[int]:
    """Start offsets of ``count`` JPEG streams laid end to end (padding between them skipped)."""
    offsets, pos = [], start
    for i in range(count):
        soi = find(data, b"\xff\xd8", pos)
        if soi < 0:
            raise FormatError(f"JPEG block {i}: no SOI marker after offset {pos}")
        offsets.append(soi)
        pos = stream_end(data, soi)
    return offsets


def components(data, start: int) -> int:
    """Number of components in the frame header (SOFn) of the stream at ``start``."""
    pos, size = start + 2, len(data)
    while pos + 4 <= size and data[pos] == 0xFF:
        marker = data[pos + 1]
        (length,) = struct.unpack(">H", bytes(data[pos + 2:pos + 4]))
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            return data[pos + 9]
        if marker == SOS:
            break
        pos += 2 + length
    raise FormatError(f"JPEG block at offset {start}: no frame header (SOF) before the scan")

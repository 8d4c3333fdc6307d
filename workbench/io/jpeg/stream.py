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


def walk(data, start: int = 0, what: str = "JPEG stream", through_scans: bool = True):
    """(marker, offset, length) of each marker of the stream starting (SOI) at ``start``, in
    order; ``length`` is the segment's length field, 0 for standalone markers (RSTn, TEM, EOI).
    Stops after EOI; after the first SOS unless ``through_scans``, else skips the entropy-coded
    data to the next marker. Raises FormatError naming ``what`` and the offset for bytes that
    are not markers and for segments running past the end of ``data``."""
    if bytes(data[start:start + 2]) != b"\xff\xd8":
        raise FormatError(f"{what}: no SOI marker at offset {start}")
    pos, size = start + 2, len(data)
    while pos + 2 <= size:
        if data[pos] != 0xFF:
            raise FormatError(f"{what}: expected a marker at offset {pos}")
        marker = data[pos + 1]
        if marker == 0xFF:  # fill byte
            pos += 1
            continue
        if marker == EOI or marker in _STANDALONE:
            yield marker, pos, 0
            if marker == EOI:
                return
            pos += 2
            continue
        if pos + 4 > size:
            return
        (length,) = struct.unpack(">H", bytes(data[pos + 2:pos + 4]))
        if length < 2 or pos + 2 + length > size:
            raise FormatError(f"{what}: marker 0x{marker:02X} at offset {pos} has length {length} "
                              f"past the end of the {size}-byte stream")
        yield marker, pos, length
        pos += 2 + length
        if marker == SOS:
            if not through_scans:
                return
            pos = _skip_entropy(data, pos)


def stream_end(data, start: int) -> int:
    """Offset just past the EOI of the JPEG stream starting at ``start``."""
    for marker, pos, _ in walk(data, start, "JPEG block"):
        if marker == EOI:
            return pos + 2
    raise FormatError(f"JPEG block starting at offset {start}: no EOI before the end of the "
                      f"{len(data)}-byte image data")


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
    for marker, pos, _ in walk(data, start, f"JPEG block at offset {start}", False):
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            return data[pos + 9]
    raise FormatError(f"JPEG block at offset {start}: no frame header (SOF) before the scan")

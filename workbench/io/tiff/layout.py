"""Serialising IFDs (classic TIFF and BigTIFF, little-endian) and planning where they go."""

from __future__ import annotations

import struct
from dataclasses import dataclass

import numpy as np

from .tags import ASCII, FIELD_TYPES, LONG, LONG8, RATIONAL

CLASSIC_LIMIT = 2**32 - 1
HEADER_SIZE = {False: 8, True: 16}


@dataclass
class Field:
    tag: int
    type: int
    values: object  # str for ASCII, else a sequence of numbers

    def payload(self) -> bytes:
        if self.type == ASCII:
            return str(self.values).encode("latin-1", "replace") + b"\x00"
        if self.type == RATIONAL:
            out = []
            for v in self.values:
                den = 10000 if float(v) != int(float(v)) else 1
                out += [int(round(float(v) * den)), den]
            return np.asarray(out, "<u4").tobytes()
        char = FIELD_TYPES[self.type][0]
        return np.asarray(self.values).astype("<" + char).tobytes()

    @property
    def count(self) -> int:
        if self.type == ASCII:
            return len(str(self.values).encode("latin-1", "replace")) + 1
        return len(self.values) if hasattr(self.values, "__len__") else 1


def header(big: bool, first_ifd: int) -> bytes:
    if big:
        return b"II" + struct.pack("<HHHQ", 43, 8, 0, first_ifd)
    return b"II" + struct.pack("<HI", 42, first_ifd)


def offset_type(big: bool) -> int:
    return LONG8 if big else LONG


def ifd_size(fields: list[Field], big: bool) -> int:
    return len(encode_ifd(fields, 0, 0, big))


def encode_ifd(fields: list[Field], offset: int, next_offset: int, big: bool) -> bytes:
    """The IFD at file ``offset`` followed by the values that do not fit in an entry (each
    starting on a word boundary)."""
    fields = sorted(fields, key=lambda f: f.tag)
    n = len(fields)
    entry_size, word = (20, 8) if big else (12, 4)
    head = struct.pack("<Q", n) if big else struct.pack("<H", n)
    extra_at = offset + len(head) + n * entry_size + word
    entries, extra = [], bytearray()
    for f in fields:
        data = f.payload()
        if len(data) <= word:
            value = data.ljust(word, b"\x00")
        else:
            if (extra_at + len(extra)) % 2:
                extra += b"\x00"
            value = struct.pack("<Q" if big else "<I", extra_at + len(extra))
            extra += data
        entries.append(struct.pack("<HHQ" if big else "<HHI", f.tag, f.type, f.count) + value)
    tail = struct.pack("<Q" if big else "<I", next_offset)
    out = head + b"".join(entries) + tail + bytes(extra)
    return out + (b"\x00" if len(out) % 2 else b"")

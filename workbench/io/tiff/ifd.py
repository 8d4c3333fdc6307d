"""Reading TIFF and BigTIFF image file directories (IFDs) from a memory-mapped file."""

from __future__ import annotations

import struct
from dataclasses import dataclass, field

import numpy as np

from ..core.errors import FormatError
from .tags import ASCII, FIELD_TYPES

MAX_IFDS = 100_000


@dataclass
class Entry:
    """One IFD entry with its values decoded: ``str`` for ASCII, else a 1-D numpy array
    (RATIONALs as float64 numerator/denominator)."""

    tag: int
    type: int
    count: int
    value: object

    def as_list(self) -> list:
        return [self.value] if isinstance(self.value, str) else self.value.tolist()


@dataclass
class Ifd:
    offset: int
    entries: dict[int, Entry] = field(default_factory=dict)

    def __contains__(self, tag: int) -> bool:
        return tag in self.entries

    def array(self, tag: int, default=None) -> np.ndarray | None:
        e = self.entries.get(tag)
        if e is None:
            return None if default is None else np.asarray(default)
        if isinstance(e.value, str):
            raise FormatError(f"TIFF tag {tag} at IFD offset {self.offset} is ASCII, "
                              "expected numbers")
        return e.value

    def int(self, tag: int, default: int | None = None) -> int:
        e = self.entries.get(tag)
        if e is None:
            if default is None:
                raise FormatError(f"TIFF IFD at offset {self.offset} lacks required tag {tag}")
            return default
        values = self.array(tag)
        if len(values) == 0:
            raise FormatError(f"TIFF tag {tag} at IFD offset {self.offset} has no value")
        return int(values[0])

    def text(self, tag: int) -> str | None:
        e = self.entries.get(tag)
        return e.value if e is not None and isinstance(e.value, str) else None


@dataclass
class Header:
    byteorder: str  # "<" or ">"
    bigtiff: bool
    first_ifd: int


def read_header(view) -> Header:
    head = bytes(view[:16])
    if len(head) < 8 or head[:2] not in (b"II", b"MM"):
        raise FormatError("not a TIFF file: byte-order mark at offset 0 is not II or MM")
    bo = "<" if head[:2] == b"II" else ">"
    magic = struct.unpack(bo + "H", head[2:4])[0]
    if magic == 42:
        return Header(bo, False, struct.unpack(bo + "I", head[4:8])[0])
    if magic == 43:
        if len(head) < 16:
            raise FormatError("BigTIFF header truncated: expected 16 bytes at offset 0")
        size, zero, first = struct.unpack(bo + "HHQ", head[4:16])
        if size != 8 or zero != 0:
            raise FormatError(f"BigTIFF header at offset 4: offset size {size}, expected 8")
        return Header(bo, True, first)
    raise FormatError(f"not a TIFF file: version {magic} at offset 2 (expected 42 or 43)")


def read_ifds(view) -> tuple[Header, list[Ifd]]:
    """The header and every IFD of the main chain, in file order."""
    header = read_header(view)
    ifds: list[Ifd] = []
    seen: set[int] = set()
    offset = header.first_ifd
    while offset:
        if offset in seen or len(ifds) >= MAX_IFDS:
            raise FormatError(f"TIFF IFD chain loops back to offset {offset}")
        seen.add(offset)
        ifd, offset = _read_ifd(view, header, offset)
        ifds.append(ifd)
    if not ifds:
        raise FormatError("TIFF file has no image file directory (first IFD offset is 0)")
    return header, ifds


def _read_ifd(view, header: Header, offset: int) -> tuple[Ifd, int]:
    bo, big = header.byteorder, header.bigtiff
    size = len(view)
    count_fmt, entry_size, word = ("Q", 20, 8) if big else ("H", 12, 4)
    head_len = 8 if big else 2
    if offset + head_len > size:
        raise FormatError(f"TIFF IFD offset {offset} is past the end of the {size}-byte file")
    n = struct.unpack(bo + count_fmt, bytes(view[offset:offset + head_len]))[0]
    end = offset + head_len + n * entry_size
    if end + word > size:
        raise FormatError(f"TIFF IFD at offset {offset} with {n} entries runs past the end of "
                          f"the {size}-byte file")
    raw = bytes(view[offset + head_len:end + word])
    ifd = Ifd(offset)
    entry_fmt = bo + ("HHQ" if big else "HHI")
    for i in range(n):
        pos = i * entry_size
        tag, ftype, count = struct.unpack_from(entry_fmt, raw, pos)
        value_pos = pos + (12 if big else 8)
        if ftype not in FIELD_TYPES:
            continue  # unknown field types are skipped, as TIFF 6.0 requires
        char, nbytes, per = FIELD_TYPES[ftype]
        total = count * nbytes
        if total <= word:
            data = raw[value_pos:value_pos + total]
        else:
            ptr = struct.unpack_from(bo + ("Q" if big else "I"), raw, value_pos)[0]
            if ptr + total > size:
                raise FormatError(f"TIFF tag {tag} at IFD offset {offset}: {count} values at "
                                  f"offset {ptr} run past the end of the {size}-byte file")
            data = view[ptr:ptr + total]
        ifd.entries[tag] = Entry(tag, ftype, count, _decode(data, ftype, count, bo))
    next_offset = struct.unpack_from(bo + ("Q" if big else "I"), raw, n * entry_size)[0]
    return ifd, next_offset


def _decode(data, ftype: int, count: int, bo: str):
    if ftype == ASCII:
        return bytes(data).split(b"\x00\x00")[0].rstrip(b"\x00").decode("latin-1")
    char, nbytes, per = FIELD_TYPES[ftype]
    values = np.frombuffer(data, dtype=np.dtype(bo + char), count=count * per).copy()
    if per == 2:
        num, den = values[0::2].astype(np.float64), values[1::2].astype(np.float64)
        with np.errstate(divide="ignore", invalid="ignore"):
            values = np.where(den != 0, num / np.where(den == 0, 1, den), 0.0)
    return values.astype(values.dtype.newbyteorder("="))


def _plain(v):
    """A Python number, integral values as int (as the reference library returns them)."""
    if isinstance(v, (float, np.floating)):
        f = float(v)
        return int(f) if f.is_integer() and abs(f) < 1e16 else f
    return int(v)


def entry_value(entry: Entry):
    """The metadata form of a tag value, as the reference library gives it: ASCII as ``str``,
    one number as ``int``/``float``, several as a ``list``."""
    if isinstance(entry.value, str):
        return entry.value
    values = entry.value.tolist()
    if entry.value.dtype.kind not in "iu":
        values = [_plain(v) for v in values]
    return values[0] if len(values) == 1 else values

"""The file header: parse it (validating every length against the file size before anything
is allocated) and build it."""

from __future__ import annotations

from dataclasses import dataclass

from ..core.errors import FormatError, MetadataError, UnsupportedError
from . import tres
from .fields import FILE_HEAD, SEGMENT_LOOPS
from .fieldio import Cursor, format_field, format_fields, format_number

VERSIONS = {("NITF", "02.10"): "nitf", ("NSIF", "01.00"): "nsif"}
_KIND = {"NUMI": "image", "NUMS": "graphic", "NUMT": "text", "NUMDES": "des", "NUMRES": "res"}


@dataclass
class SegmentSpan:
    kind: str           # image, graphic, text, des, res
    index: int          # 0-based within its kind
    header_offset: int
    header_length: int
    data_offset: int
    data_length: int


def parse_file_header(view) -> tuple[dict, list[SegmentSpan]]:
    size = len(view)
    if size < 9 or bytes(view[:4]) not in (b"NITF", b"NSIF"):
        raise FormatError("not a NITF/NSIF file: FHDR at offset 0 is not 'NITF' or 'NSIF'")
    cur = Cursor(view, 0, size, "file header")
    meta: dict = {}
    cur.fields(FILE_HEAD[:2], meta)
    if (meta["FHDR"], meta["FVER"]) not in VERSIONS:
        raise UnsupportedError(f"file header: {meta['FHDR']} version {meta['FVER']!r} is not "
                               "supported (NITF 02.10 and NSIF 01.00 are)")
    cur.fields(FILE_HEAD[2:-2], meta)
    fl_at = cur.pos
    fl = cur.number("FL", 12)
    hl = cur.number("HL", 6)
    meta["FL"], meta["HL"] = str(fl).zfill(12), str(hl).zfill(6)
    if fl != 999999999999 and fl > size:
        raise FormatError(f"file header: FL at offset {fl_at} says {fl} bytes but the file has "
                          f"{size} (truncated?)")
    if hl > size or hl < cur.pos:
        raise FormatError(f"file header: HL at offset {fl_at + 12} says {hl} bytes, outside "
                          f"{cur.pos}..{size}")
    cur.end = hl
    spans: list[SegmentSpan] = []
    offset = hl
    for count_name, lengths, info_key in SEGMENT_LOOPS:
        count_at = cur.pos
        n = cur.number(count_name, 3)
        meta[count_name] = str(n).zfill(3)
        if not lengths and n:
            raise FormatError(f"file header: {count_name}={n} at offset {count_at}; this "
                              "reserved count must be 000")
        if lengths and cur.pos + n * sum(w for _, w in lengths) > hl:
            raise FormatError(f"file header: {count_name}={n} at offset {count_at} needs more "
                              f"length fields than fit in the {hl}-byte header")
        infos = []
        for i in range(n):
            info = {name: cur.text(name, width) for name, width in lengths}
            if offset == size and all(not v.strip() for v in info.values()):
                # Announced but never written: blank lengths and nothing left in the file (GDAL
                # leaves a text segment so when images are appended with APPEND_SUBDATASET).
                # GDAL reads such a file; the segment is skipped, and a save drops it.
                infos.append(info)
                continue
            for name, width in lengths:
                if not info[name].isdigit():
                    raise FormatError(f"file header: {name} of segment {i} ({count_name}) is not "
                                      f"numeric: {info[name]!r}")
            hlen, dlen = (int(info[name]) for name, _ in lengths)
            if offset + hlen + dlen > size:
                raise FormatError(f"file header: {lengths[1][0]} of {_KIND.get(count_name)} "
                                  f"segment {i} ends at {offset + hlen + dlen}, past the end of "
                                  f"the {size}-byte file")
            spans.append(SegmentSpan(_KIND[count_name], i, offset, hlen, offset + hlen, dlen))
            offset += hlen + dlen
            infos.append(info)
        if info_key:
            meta[info_key] = infos
    for length_name, ofl_name, area in (("UDHDL", "UDHOFL", "UDHD"), ("XHDL", "XHDLOFL", "XHD")):
        n = cur.number(length_name, 5)
        meta[length_name] = str(n).zfill(5)
        if n:
            if n < 3:
                raise FormatError(f"file header: {length_name}={n} is shorter than its 3-byte "
                                  f"overflow field")
            meta[ofl_name] = cur.text(ofl_name, 3)
            tres.add_area(meta, area, cur.take(n - 3, area), f"file header {area}")
    return meta, spans


def file_format(meta: dict) -> str:
    return VERSIONS[(meta["FHDR"], meta["FVER"])]


def build_file_header(meta, fmt: str, lengths: dict[str, list[tuple[int, int]]],
                      areas: dict[str, bytes], ofl: dict[str, int], fl: int, clevel: int) -> bytes:
    """The whole file header. ``lengths`` maps NUMI/NUMS/NUMT/NUMDES/NUMRES to (subheader,
    data) lengths; ``areas`` the UDHD/XHD TRE bytes."""
    values = dict(meta)
    values["FHDR"], values["FVER"] = ("NSIF", "01.00") if fmt == "nsif" else ("NITF", "02.10")
    values["CLEVEL"] = str(clevel).zfill(2)
    values["FL"] = str(fl).zfill(12)
    head = format_fields(FILE_HEAD[:-1], values, "file header ")
    tail = bytearray()
    for count_name, widths, _ in SEGMENT_LOOPS:
        entries = lengths.get(count_name, [])
        if len(entries) > 999:
            raise MetadataError(f"file header {count_name}: {len(entries)} segments, at most 999")
        tail += format_number(count_name, len(entries), 3)
        for entry in entries:
            for (name, width), value in zip(widths, entry):
                tail += format_number(name, value, width, "file header ")
    for length_name, ofl_name, area in (("UDHDL", "UDHOFL", "UDHD"), ("XHDL", "XHDLOFL", "XHD")):
        data = areas.get(area, b"")
        if not data:
            tail += b"00000"
            continue
        tail += format_number(length_name, len(data) + 3, 5) + format_number(ofl_name, ofl.get(
            area, 0), 3) + data
    hl = len(head) + 6 + len(tail)
    values["HL"] = str(hl)
    return head + format_field(FILE_HEAD[-1], values["HL"]) + bytes(tail)

"""Graphic, text and data-extension (DES) subheaders: parse and build."""

from __future__ import annotations

from ..core.errors import FormatError, MetadataError
from . import tres
from .fields import DES_HEAD, DES_OVERFLOW, DESSHL, GRAPHIC_HEAD, TEXT_HEAD
from .fieldio import Cursor, format_field, format_fields, format_number

_SPEC = {  # kind: (fixed fields, part type, extended-header fields)
    "graphic": (GRAPHIC_HEAD, "SY", ("SXSHDL", "SXSOFL", "SXSHD")),
    "text": (TEXT_HEAD, "TE", ("TXSHDL", "TXSOFL", "TXSHD")),
}
OVERFLOW_ID = "TRE_OVERFLOW"


def parse_subheader(kind: str, view, start: int, end: int, index: int) -> dict:
    where = f"{kind} segment {index} subheader"
    cur = Cursor(view, start, end, where)
    meta: dict = {}
    if kind == "des":
        cur.fields(DES_HEAD, meta)
        if meta["DE"] != "DE":
            raise FormatError(f"{where}: DE at offset {start} is {meta['DE']!r}, expected 'DE'")
        if meta["DESID"].strip() == OVERFLOW_ID:
            cur.fields(DES_OVERFLOW, meta)
        raw = cur.text("DESSHL", 4)
        if raw.strip() and not raw.isdigit():
            raise FormatError(f"{where}: field DESSHL at offset {cur.pos - 4} must be 4 digits, "
                              f"got {raw!r}")
        n = int(raw) if raw.strip() else 0  # blank (osml-imagery-io writes it) = no user fields
        meta["DESSHL"] = raw
        meta["DESSHF"] = cur.text("DESSHF", n)
        return meta
    table, part, (length_name, ofl_name, area) = _SPEC[kind]
    cur.fields(table, meta)
    if meta[table[0].name] != part:
        raise FormatError(f"{where}: part type at offset {start} is {meta[table[0].name]!r}, "
                          f"expected {part!r}")
    if cur.pos == end:  # some writers (osml-imagery-io) omit the last length field
        meta[length_name] = "00000"
        return meta
    n = cur.number(length_name, 5)
    meta[length_name] = str(n).zfill(5)
    if n:
        if n < 3:
            raise FormatError(f"{where}: {length_name}={n} is shorter than its overflow field")
        meta[ofl_name] = cur.text(ofl_name, 3)
        tres.add_area(meta, area, cur.take(n - 3, area), f"{where} {area}")
    return meta


def build_subheader(kind: str, meta, where: str = "") -> bytes:
    if kind == "des":
        vals = dict(meta)
        out = format_fields(DES_HEAD, vals, where)
        if str(vals.get("DESID", "")).strip() == OVERFLOW_ID:
            out += format_fields(DES_OVERFLOW, vals, where)
        user = vals.get("DESSHF") or ""
        user = user.encode("latin-1") if isinstance(user, str) else bytes(user)
        if len(user) > 9999:
            raise MetadataError(f"{where}DESSHF: {len(user)} bytes, at most 9999")
        return out + format_field(DESSHL, len(user), where) + user
    table, _, (length_name, _, area) = _SPEC[kind]
    out = format_fields(table, meta, where)
    data = b"".join(tres.build_areas(meta, (area,), where)[area])
    if not data:
        return out + b"00000"
    if len(data) + 3 > 99999:
        raise MetadataError(f"{where}{area}: {len(data)} bytes of TREs exceed the 99996-byte "
                            "limit")
    return out + format_number(length_name, len(data) + 3, 5) + b"000" + data

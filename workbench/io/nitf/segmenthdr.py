"""Graphic, text, data-extension (DES) and reserved-extension (RES) subheaders: parse and build.

DES and RES subheaders share a shape (MIL-STD-2500C tables A-8 and A-9): part type (DE/RE), type
identifier (DESID/RESID), version, the security fields, a user-defined subheader length
(DESSHL/RESSHL) and that many bytes of user fields (DESSHF/RESSHF, kept as a latin-1 string so
they are rewritten byte for byte). Graphic and text subheaders end in an extended header
(SXSHD/TXSHD) of TREs; TREs that do not fit go to a TRE_OVERFLOW DES (:func:`fit_tres`, the
same fitting the file and image headers use). Every one of these subheaders is at most 9,999
bytes (its length field in the file header has 4 digits), which bounds SXSHD at 9,738 bytes of
TREs, TXSHD at 9,714 and DESSHF/RESSHF at 9,999 less the fixed fields.
"""

from __future__ import annotations

from ..core.errors import FormatError, MetadataError
from . import tres
from .fields import DES_HEAD, DES_OVERFLOW, DESSHL, GRAPHIC_HEAD, RES_HEAD, RESSHL, TEXT_HEAD
from .fieldio import Cursor, format_field, format_fields, format_number

_SPEC = {  # kind: (fixed fields, part type, extended-header fields)
    "graphic": (GRAPHIC_HEAD, "SY", ("SXSHDL", "SXSOFL", "SXSHD")),
    "text": (TEXT_HEAD, "TE", ("TXSHDL", "TXSOFL", "TXSHD")),
}
# kind: (fixed fields, part type, user-defined length field, user-defined fields)
_EXT = {"des": (DES_HEAD, "DE", DESSHL, "DESSHF"), "res": (RES_HEAD, "RE", RESSHL, "RESSHF")}
OVERFLOW_ID = "TRE_OVERFLOW"
_MAX_SUBHEADER = 9999  # LSSH, LTSH, LDSH and LRESH have 4 digits
_LENGTH_FIELD = {"graphic": "LSSH", "text": "LTSH", "des": "LDSH", "res": "LRESH"}


def _parse_extension(kind: str, cur: Cursor, start: int, where: str) -> dict:
    table, part, length, user = _EXT[kind]
    meta: dict = {}
    cur.fields(table, meta)
    if meta[table[0].name] != part:
        raise FormatError(f"{where}: {table[0].name} at offset {start} is "
                          f"{meta[table[0].name]!r}, expected {part!r}")
    if kind == "des" and meta["DESID"].strip() == OVERFLOW_ID:
        cur.fields(DES_OVERFLOW, meta)
    raw = cur.text(length.name, 4)
    if raw.strip() and not raw.isdigit():
        raise FormatError(f"{where}: field {length.name} at offset {cur.pos - 4} must be 4 "
                          f"digits, got {raw!r}")
    n = int(raw) if raw.strip() else 0  # blank (osml-imagery-io writes it) = no user fields
    meta[length.name] = raw
    meta[user] = cur.text(user, n)
    return meta


def parse_subheader(kind: str, view, start: int, end: int, index: int) -> dict:
    where = f"{kind} segment {index} subheader"
    cur = Cursor(view, start, end, where)
    if kind in _EXT:
        return _parse_extension(kind, cur, start, where)
    table, part, (length_name, ofl_name, area) = _SPEC[kind]
    meta: dict = {}
    cur.fields(table, meta)
    if meta[table[0].name] != part:
        raise FormatError(f"{where}: part type at offset {start} is {meta[table[0].name]!r}, "
                          f"expected {part!r}")
    if cur.pos == end:  # some writers (osml-imagery-io) omit the last length field
        meta[length_name] = "00000"
        return meta
    tres.read_extended_area(cur, meta, length_name, ofl_name, area, where)
    return meta


def extended_area(kind: str) -> str:
    """The extended-header area of a graphic or text subheader (SXSHD, TXSHD)."""
    return _SPEC[kind][2][2]


def area_limit(kind: str) -> int:
    """Most TRE bytes a graphic/text subheader holds: the whole subheader must fit LSSH/LTSH's
    4 digits, so SXSHDL <= 9741 and TXSHDL <= 9717 (MIL-STD-2500C), less the 3-byte OFL."""
    table = _SPEC[kind][0]
    return _MAX_SUBHEADER - sum(f.width for f in table) - 5 - 3


def fit_tres(kind: str, meta, where: str = "") -> tuple[bytes, bytes]:
    """A graphic/text segment's TREs as (what stays in its subheader, what overflows)."""
    area = extended_area(kind)
    return tres.fit(tres.build_areas(meta, (area,), where)[area], area_limit(kind))


def build_subheader(kind: str, meta, where: str = "", area_data: bytes = b"",
                    ofl: int = 0) -> bytes:
    """The subheader bytes. For graphic/text, ``area_data`` is the (fitted) SXSHD/TXSHD TRE
    bytes and ``ofl`` the number of the TRE_OVERFLOW DES holding the rest (0 if none)."""
    if kind in _EXT:
        table, _, length, user_name = _EXT[kind]
        vals = dict(meta)
        out = format_fields(table, vals, where)
        if kind == "des" and str(vals.get("DESID", "")).strip() == OVERFLOW_ID:
            out += format_fields(DES_OVERFLOW, vals, where)
        user = vals.get(user_name) or ""
        user = user.encode("latin-1") if isinstance(user, str) else bytes(user)
        if len(user) > 9999:
            raise MetadataError(f"{where}{user_name}: {len(user)} bytes, at most 9999 "
                                f"({length.name} has 4 digits)")
        out += format_field(length, len(user), where) + user
        if len(out) > _MAX_SUBHEADER:
            raise MetadataError(f"{where}{user_name}: the subheader would be {len(out)} bytes, "
                                f"at most {_MAX_SUBHEADER} ({_LENGTH_FIELD[kind]} has 4 digits)")
        return out
    table, _, (length_name, ofl_name, area) = _SPEC[kind]
    out = format_fields(table, meta, where)
    if not area_data:
        return out + b"00000"
    if len(area_data) > area_limit(kind):
        raise MetadataError(f"{where}{area}: {len(area_data)} bytes of TREs exceed the "
                            f"{area_limit(kind)}-byte limit")
    return out + format_number(length_name, len(area_data) + 3, 5) + format_number(
        ofl_name, ofl, 3, where) + area_data

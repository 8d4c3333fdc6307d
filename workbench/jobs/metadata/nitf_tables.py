"""Adapter from the NITF engine's header field tables (``workbench.io.nitf.fields``) to
:class:`FieldMeta`, plus the rules the tables leave to the editor (enumerations, dates)."""

from __future__ import annotations

from functools import lru_cache

from .rules import FieldMeta

_CLASSIFICATIONS = ("T", "S", "C", "R", "U")
# Enumerations and blank-allowed fields by field name (all segment kinds).
_ENUMS = {
    "FSCLAS": _CLASSIFICATIONS, "ISCLAS": _CLASSIFICATIONS, "SSCLAS": _CLASSIFICATIONS,
    "TSCLAS": _CLASSIFICATIONS, "DESCLAS": _CLASSIFICATIONS,
    "ENCRYP": ("0",), "PJUST": ("L", "R"), "IMODE": ("B", "P", "R", "S"),
    "TXTFMT": ("STA", "UT1", "U8S", "MTF"), "FHDR": ("NITF", "NSIF"),
    "FVER": ("02.10", "01.00"),
}
_SECURITY_ENUMS = {
    "CLSY": ("", "US", "NS", "NC", "XN", "EU"), "DCTP": ("", "DD", "DE", "GD", "GE", "O", "X"),
    "DG": ("", "S", "C", "R"), "CATP": ("", "O", "D", "M"), "CRSN": ("", "A", "B", "C", "D", "E",
                                                                        "F", "G", "H"),
}
_SECURITY_PREFIXES = ("FS", "IS", "SS", "TS", "DES")
# Per-band fields beyond free text (MIL-STD-2500C Table A-3: IFC is "N", reserved).
_BAND_ENUMS = {"IFC": ("N",)}
_DATE_FIELDS = {"FDT", "IDATIM", "TXTDT"}
_KINDS = {"A": "A", "E": "E", "N": "N", "S": "A"}


def _enum_for(name: str):
    if name in _ENUMS:
        return _ENUMS[name]
    if name in _BAND_ENUMS:
        return _BAND_ENUMS[name]
    for prefix in _SECURITY_PREFIXES:
        if name.startswith(prefix) and name[len(prefix):] in _SECURITY_ENUMS:
            return tuple(e for e in _SECURITY_ENUMS[name[len(prefix):]] if e)
    return None


@lru_cache(maxsize=2048)
def nitf_field_meta(segment_kind: str, name: str) -> FieldMeta | None:
    """The header table entry for ``name`` as a FieldMeta, or None when the name is not a fixed
    header field (groups, TREs, private keys) or the NITF engine is not installed."""
    try:
        from workbench.io.nitf.fields import ALL_FIELDS
    except ModuleNotFoundError:
        return None
    f = ALL_FIELDS.get(name)
    if f is None:
        return None
    if f.kind == "H":  # binary, shown as hex digits
        return FieldMeta(name, 2 * f.width, "H", f.description)
    kind = "D" if name in _DATE_FIELDS else _KINDS.get(f.kind, "A")
    enum = _enum_for(name)
    optional_security = any(name.startswith(p) and name[len(p):] in _SECURITY_ENUMS
                            for p in _SECURITY_PREFIXES)
    blank = kind == "D" or optional_security
    return FieldMeta(name, f.width, kind, f.description, enum, None, None, blank)


_SEGMENT_WORDS = {"NUMI": "image", "NUMS": "graphic", "NUMX": "reserved", "NUMT": "text",
                  "NUMDES": "data extension", "NUMRES": "reserved extension"}
_LENGTH_WORDS = {"LISH": "image subheader", "LI": "image segment", "LSSH": "graphic subheader",
                 "LS": "graphic segment", "LTSH": "text subheader", "LT": "text segment",
                 "LDSH": "data extension subheader", "LD": "data extension segment",
                 "LRESH": "reserved extension subheader", "LRE": "reserved extension segment"}
_AREA_WORDS = {"UDHD": "user-defined header", "XHD": "extended header",
               "UDID": "user-defined image", "IXSHD": "image extended subheader",
               "SXSHD": "graphic extended subheader", "TXSHD": "text extended subheader"}


@lru_cache(maxsize=1)
def count_fields() -> dict[str, tuple[int, str]]:
    """Width and description of the count and length fields the NITF writer computes (NUMI,
    LISH, UDHDL, IXSOFL, ...), taken from the engine's segment loop and TRE-area tables."""
    try:
        from workbench.io.nitf.fields import SEGMENT_LOOPS, TRE_AREAS
    except ModuleNotFoundError:
        return {}
    out: dict[str, tuple[int, str]] = {}
    for count, lengths, _ in SEGMENT_LOOPS:
        out[count] = (3, f"Number of {_SEGMENT_WORDS.get(count, count)} segments (computed)")
        for name, width in lengths:
            out[name] = (width, f"Length of {_LENGTH_WORDS.get(name, name)} (computed)")
    for areas in TRE_AREAS.values():
        for length, ofl, area in areas:
            what = _AREA_WORDS.get(area, area)
            out[length] = (5, f"Length of the {what} data (computed)")
            out[ofl] = (3, f"Overflow DES of the {what} data (computed)")
    return out


def count_field_meta(segment_kind: str, name: str) -> FieldMeta | None:
    """The width of a computed count/length field, or None for other names."""
    entry = count_fields().get(name)
    if entry is None:
        return None
    return FieldMeta(name, entry[0], "N", entry[1], readonly=True)

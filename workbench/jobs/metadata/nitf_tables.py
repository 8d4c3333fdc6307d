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
_DATE_FIELDS = {"FDT", "IDATIM", "TXTDT"}
_KINDS = {"A": "A", "E": "E", "N": "N", "S": "A"}


def _enum_for(name: str):
    if name in _ENUMS:
        return _ENUMS[name]
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

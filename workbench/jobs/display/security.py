"""NITF security markings as a model: the banner text and colour of a file, and segments marked
higher than the file header (an inconsistency the analyst must see)."""

from __future__ import annotations

from dataclasses import dataclass

ORDER = {"U": 0, "R": 1, "C": 2, "S": 3, "T": 4}
NAMES = {"U": "UNCLASSIFIED", "R": "RESTRICTED", "C": "CONFIDENTIAL", "S": "SECRET",
         "T": "TOP SECRET"}
# Conventional banner colours: U green, C blue, S red, T orange; R (NATO restricted) amber.
COLOURS = {"U": ("#007a33", "#ffffff"), "R": ("#d4a017", "#000000"),
           "C": ("#0033a0", "#ffffff"), "S": ("#c8102e", "#ffffff"),
           "T": ("#ff8c00", "#000000")}
_SEGMENT_FIELDS = ("ISCLAS", "SSCLAS", "TSCLAS", "DESCLAS", "LSCLAS")


@dataclass(frozen=True)
class Banner:
    level: str
    text: str
    background: str
    foreground: str


def _field(md, name: str) -> str:
    v = md.get(name) if md is not None else None
    return v.strip() if isinstance(v, str) else ""


def banner_for(metadata, prefix: str = "FS") -> Banner | None:
    """The banner of a file header (``FS`` fields) or a segment (``IS``…); None if unmarked."""
    level = _field(metadata, prefix + "CLAS").upper()
    if level not in ORDER:
        return None
    parts = [NAMES[level]]
    system = _field(metadata, prefix + "CLSY")
    if system and system.upper() not in ("US",):
        parts[0] = f"{system} {parts[0]}"
    for name in ("CODE", "CTLH"):
        v = _field(metadata, prefix + name)
        if v:
            parts.append(v)
    rel = _field(metadata, prefix + "REL")
    if rel:
        parts.append("REL TO " + ", ".join(rel.split()))
    dctp = _field(metadata, prefix + "DCTP")
    dcxm = _field(metadata, prefix + "DCXM")
    if dctp or dcxm:
        parts.append("DECL " + " ".join(v for v in (dctp, dcxm) if v))
    bg, fg = COLOURS[level]
    return Banner(level, "//".join(parts), bg, fg)


def inconsistencies(reader) -> list[str]:
    """Segments whose classification is higher than the file header's."""
    file_level = _field(reader.metadata, "FSCLAS").upper()
    if file_level not in ORDER:
        return []
    out = []
    for key in reader.get_asset_keys():
        md = reader.get_asset(key).metadata
        for field in _SEGMENT_FIELDS:
            level = _field(md, field).upper()
            if level in ORDER and ORDER[level] > ORDER[file_level]:
                out.append(f"segment {key!r} is marked {NAMES[level]} ({field}={level}), higher "
                           f"than the file header's {NAMES[file_level]} (FSCLAS={file_level})")
    return out

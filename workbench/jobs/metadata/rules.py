"""What one field may hold (:class:`FieldMeta`) and the checks an edit must pass.

Type codes follow the TRE engine (A, N, S, R, U, F, B) plus ``D`` (NITF date-time
``CCYYMMDDhhmmss``, ``-`` for unknown digits) and ``X`` (free text of any length, the metadata of
formats without fixed-width fields).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

TYPE_LABELS = {
    "A": "BCS-A text",
    "E": "ECS-A text",
    "N": "BCS-N unsigned integer",
    "S": "BCS-N signed integer",
    "R": "BCS-N real",
    "U": "binary unsigned integer",
    "F": "binary IEEE float",
    "B": "binary data",
    "D": "BCS-N date-time CCYYMMDDhhmmss",
    "H": "hex digits (binary)",
    "X": "text",
}

_TEXT_RE = {
    "A": re.compile(r"[\x20-\x7e]*"),
    "E": re.compile(r"[\x20-\x7e\xa0-\xff\n\r\x0c]*"),
    "N": re.compile(r"[0-9]+"),
    "S": re.compile(r"[+-][0-9]+"),
    "R": re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[Ee][+-]?[0-9]+)?"),
    "D": re.compile(r"[0-9-]{14}"),
    "H": re.compile(r"[0-9A-Fa-f]*"),
}
_DATE_PARTS = ((4, 6, 1, 12, "month"), (6, 8, 1, 31, "day"), (8, 10, 0, 23, "hour"),
               (10, 12, 0, 59, "minute"), (12, 14, 0, 59, "second"))


@dataclass(frozen=True)
class FieldMeta:
    """How an editor shows and checks one field."""

    name: str
    width: int | None = None       # exact width in characters; None: any length
    type: str = "X"
    description: str = ""
    enum: tuple | None = None
    min: float | None = None
    max: float | None = None
    blank_allowed: bool = False
    readonly: bool = False         # computed by the writer (lengths, counts) or not a NITF file
    units: str = ""

    @property
    def type_label(self) -> str:
        return TYPE_LABELS.get(self.type, self.type)

    @property
    def width_type(self) -> str:
        """``"8 BCS-N unsigned integer"``: the width/type column of the tree."""
        return f"{self.width} {self.type_label}" if self.width else self.type_label

    @property
    def numeric(self) -> bool:
        return self.type in ("N", "S", "R", "U", "F", "D")


_NUMBER_TEXT = re.compile(r"[+-]?[0-9]*\.?[0-9]*([Ee][+-]?[0-9]+)?")


def normalize(meta: FieldMeta, value):
    """Pad a short text value to the field's width the way the format stores it: text
    left-justified with spaces, numbers right-justified with zeros after the sign."""
    if not isinstance(value, str) or not meta.width or len(value) >= meta.width:
        return value
    if meta.type in ("N", "S", "R"):
        text = value.strip()
        if not text:
            return " " * meta.width if meta.blank_allowed else value
        if not _NUMBER_TEXT.fullmatch(text):  # not a number: left for the rule to name as typed
            return value.rjust(meta.width)
        sign = ""
        if text[0] in "+-":
            sign, text = text[0], text[1:]
        elif meta.type == "S":
            sign = "+"
        return sign + text.rjust(meta.width - len(sign), "0")
    if meta.type in ("A", "E", "D"):
        return value.ljust(meta.width)
    if meta.type == "H":
        return value.rjust(meta.width, "0")
    return value


def check_value(meta: FieldMeta, value) -> str | None:
    """The rule ``value`` breaks for this field, or None when it is acceptable."""
    if meta.readonly:
        return "is computed when the file is written and cannot be edited"
    if meta.type in ("U", "F"):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return f"must be a {meta.type_label}"
        return _check_range(meta, value)
    if meta.type == "B":
        return None if isinstance(value, (bytes, bytearray)) else "must be binary data"
    if not isinstance(value, str):
        return f"must be {_rule_text(meta)}"
    if meta.width is not None and len(value) != meta.width:
        return f"must be {_rule_text(meta)}, got {len(value)} characters"
    if meta.blank_allowed and not value.strip(" "):
        return None
    pattern = _TEXT_RE.get(meta.type)
    if pattern is not None:
        if not pattern.fullmatch(value):
            shown = value.strip() if meta.numeric else value
            return f"must be {_rule_text(meta)}, got {shown!r}"
    if meta.type == "D":
        rule = _check_date(value)
        if rule:
            return rule
    if meta.enum is not None and value.strip() not in meta.enum:
        return f"must be one of {', '.join(repr(e) for e in meta.enum)}, got {value.strip()!r}"
    if meta.type in ("N", "S", "R") and value.strip():
        try:
            number = float(value) if meta.type == "R" else int(value)
        except ValueError:
            return f"must be {_rule_text(meta)}, got {value!r}"
        return _check_range(meta, number)
    return None


def _rule_text(meta: FieldMeta) -> str:
    if meta.width:
        return f"{meta.type_label} of width {meta.width}"
    return meta.type_label


def _check_range(meta: FieldMeta, number) -> str | None:
    if meta.min is not None and number < meta.min:
        return f"must be >= {meta.min:g}, got {number:g}"
    if meta.max is not None and number > meta.max:
        return f"must be <= {meta.max:g}, got {number:g}"
    return None


def _check_date(value: str) -> str | None:
    for start, end, low, high, what in _DATE_PARTS:
        part = value[start:end]
        if "-" in part:
            continue
        if not low <= int(part) <= high:
            return f"must be a date-time CCYYMMDDhhmmss: {what} {part} is not {low:02d}..{high:02d}"
    return None

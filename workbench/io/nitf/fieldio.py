"""Reading fixed-width header fields from bytes, and formatting values into them.

Reading keeps the stored text (padding included); every read is bounds-checked against the
segment so a truncated or lying file raises :class:`FormatError` naming the field and offset.
Formatting pads/justifies a value to its width or raises :class:`MetadataError` naming the field
and the rule it breaks.
"""

from __future__ import annotations

from ..core.errors import FormatError, MetadataError
from .fields import Field


class Cursor:
    """Sequential reader over ``view[start:end]`` with absolute offsets in error messages."""

    def __init__(self, view, start: int, end: int, where: str):
        self.view = view
        self.pos = start
        self.end = end
        self.where = where

    def take(self, n: int, name: str) -> bytes:
        if n < 0 or self.pos + n > self.end:
            raise FormatError(f"{self.where}: field {name} at offset {self.pos} needs {n} bytes "
                              f"but only {max(0, self.end - self.pos)} remain")
        data = bytes(self.view[self.pos:self.pos + n])
        self.pos += n
        return data

    def text(self, name: str, width: int) -> str:
        return self.take(width, name).decode("latin-1")

    def number(self, name: str, width: int) -> int:
        at = self.pos
        raw = self.text(name, width)
        if not raw.isdigit():
            raise FormatError(f"{self.where}: field {name} at offset {at} must be {width} digits, "
                              f"got {raw!r}")
        return int(raw)

    def field(self, f: Field) -> str:
        if f.kind == "H":
            return self.take(f.width, f.name).hex().upper()
        return self.text(f.name, f.width)

    def fields(self, table, out: dict) -> None:
        for f in table:
            out[f.name] = self.field(f)


def _chars_ok(text: str, kind: str) -> bool:
    for ch in text:
        o = ord(ch)
        if 0x20 <= o <= 0x7E:
            continue
        if kind == "E" and 0xA0 <= o <= 0xFF:
            continue
        return False
    return True


def format_field(f: Field, value, where: str = "") -> bytes:
    """``value`` (str, int, bytes for H) as exactly ``f.width`` bytes."""
    label = f"{where}{f.name}"
    if value is None:
        value = f.default
    if f.kind == "H":
        raw = bytes(value) if isinstance(value, (bytes, bytearray)) else None
        if raw is None:
            text = str(value).strip() or "0" * (2 * f.width)
            try:
                raw = bytes.fromhex(text)
            except ValueError:
                raise MetadataError(f"{label}: {value!r} is not hex bytes") from None
        if len(raw) != f.width:
            raise MetadataError(f"{label}: must be {f.width} bytes ({2 * f.width} hex digits), "
                                f"got {len(raw)}")
        return raw
    if isinstance(value, bool):
        raise MetadataError(f"{label}: expected text or an integer, got a bool")
    if isinstance(value, int):
        if f.kind not in ("N", "S"):
            value = str(value)
        elif value < 0 and f.kind == "N":
            raise MetadataError(f"{label}: must be a non-negative integer, got {value}")
        else:
            text = str(value).zfill(f.width) if value >= 0 else "-" + str(-value).zfill(f.width - 1)
            if len(text) > f.width:
                raise MetadataError(f"{label}: {value} does not fit in {f.width} digits")
            return text.encode("ascii")
    if isinstance(value, (bytes, bytearray)):
        value = bytes(value).decode("latin-1")
    text = str(value)
    if len(text) > f.width:
        stripped = text.strip()
        if len(stripped) > f.width:
            raise MetadataError(f"{label}: {value!r} is {len(stripped)} characters, longer than the "
                                f"field's {f.width}")
        text = stripped
    if not _chars_ok(text, "E" if f.kind == "E" else "A"):
        allowed = "ECS-A (0x20-0x7E, 0xA0-0xFF)" if f.kind == "E" else "BCS-A (0x20-0x7E)"
        raise MetadataError(f"{label}: {value!r} has characters outside {allowed}")
    if f.kind == "N":
        core = text.strip()
        if not core:  # blank: the default, or spaces where the standard allows an empty value
            return (f.default.zfill(f.width) if f.default else " " * f.width).encode("ascii")
        if not core.isdigit():
            raise MetadataError(f"{label}: {value!r} must be digits (BCS-N)")
        return core.zfill(f.width).encode("ascii")
    if f.kind == "D":
        core = text.strip()
        if core and not (len(core) == f.width and all(c.isdigit() or c == "-" for c in core)):
            raise MetadataError(f"{label}: {value!r} must be {f.width} characters CCYYMMDDhhmmss "
                                "(digits, '-' for unknown parts) or blank")
        return core.ljust(f.width).encode("ascii")
    if f.kind == "S":
        core = text.strip()
        if core and not core.lstrip("+-").replace("+", "").replace("-", "").isdigit():
            raise MetadataError(f"{label}: {value!r} must be digits and signs")
        return core.zfill(f.width).encode("ascii") if len(core) == len(text) else \
            text.ljust(f.width).encode("ascii")
    return text.ljust(f.width).encode("latin-1")


def format_fields(table, values, where: str = "") -> bytes:
    return b"".join(format_field(f, values.get(f.name), where) for f in table)


def format_number(name: str, value: int, width: int, where: str = "") -> bytes:
    if value < 0 or len(str(value)) > width:
        raise MetadataError(f"{where}{name}: {value} does not fit in {width} digits")
    return str(value).zfill(width).encode("ascii")

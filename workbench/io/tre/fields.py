"""Field types: how one fixed-width TRE field is read from bytes, checked, and formatted.

Type codes used in definition files:

====  =========================  ==============================================================
code  meaning                    decoded value
====  =========================  ==============================================================
A     BCS-A text                 ``str`` exactly as stored (padding kept)
N     BCS-N unsigned integer     ``str`` exactly as stored, e.g. ``"007"``
S     BCS-N signed integer       ``str`` exactly as stored, e.g. ``"+0012"``
R     BCS-N real                 ``str`` exactly as stored, e.g. ``"0001.00000"``, ``"+1.5E-1"``
U     binary unsigned integer    ``int`` (big-endian, 1/2/4/8 bytes)
F     binary IEEE-754 float      ``float`` (big-endian, 4 or 8 bytes)
B     binary data                ``bytes``
====  =========================  ==============================================================

Text is kept as stored so that re-encoding a decoded TRE gives identical bytes. On encode, a
shorter value is padded: text left-justified with spaces, numbers right-justified with zeros
(after the sign, if any). ``int``/``float`` values are formatted to the width.
"""
from __future__ import annotations

import math
import re
import struct
from typing import Any

from .expr import Expression


class FieldError(ValueError):
    """A value does not fit its field (message without the TAG.FIELD prefix)."""


TYPE_LABELS = {
    "A": "BCS-A text",
    "N": "BCS-N unsigned integer",
    "S": "BCS-N signed integer",
    "R": "BCS-N real",
    "U": "binary unsigned integer",
    "F": "binary IEEE float",
    "B": "binary data",
}
TEXT_TYPES = frozenset("ANSR")
NUMERIC_TEXT = frozenset("NSR")

_RE = {
    "A": re.compile(r"[\x20-\x7e]*"),
    "N": re.compile(r"[0-9]+"),
    "S": re.compile(r"[+-]?[0-9]+"),
    "R": re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[Ee][+-]?[0-9]+)?"),
}
_FLOAT_FMT = {4: ">f", 8: ">d"}


class Field:
    """One field of a TRE definition."""

    kind = "field"
    __slots__ = (
        "name", "type", "width", "width_expr", "enum", "min", "max", "blank", "pattern",
        "default", "sample", "description", "units", "sign", "exp", "equals", "_re",
    )

    def __init__(self, name: str, type_: str, width: int | None, width_expr: Expression | None,
                 *, enum=None, min=None, max=None, blank=False, pattern=None, default=None,
                 sample=None, description="", units="", sign=False, exp=False, equals=None):
        self.name = name
        self.type = type_
        self.width = width
        self.width_expr = width_expr
        self.enum = tuple(enum) if enum is not None else None
        self.min = min
        self.max = max
        self.blank = blank
        self.pattern = re.compile(pattern) if pattern else None
        self.default = default
        self.sample = sample
        self.description = description
        self.units = units
        self.sign = sign
        self.exp = exp
        self.equals = equals  # Expression the numeric value must equal, or None
        self._re = _RE.get(type_)

    @property
    def type_label(self) -> str:
        return TYPE_LABELS[self.type]

    def rule(self, width: int) -> str:
        extra = " with a leading sign" if self.sign else ""
        return f"must be {self.type_label} of width {width}{extra}"

    # -- reading -----------------------------------------------------------------------
    def decode(self, raw: bytes) -> tuple[Any, Any]:
        """bytes -> (decoded value, value seen by expressions). Raises FieldError."""
        t = self.type
        if t in TEXT_TYPES:
            text = raw.decode("latin-1")
            self.check_text(text, len(raw))
            return text, text.strip()
        if t == "U":
            v = int.from_bytes(raw, "big")
            self.check_number(v)
            return v, v
        if t == "F":
            if len(raw) not in _FLOAT_FMT:
                raise FieldError(f"binary float must be 4 or 8 bytes, not {len(raw)}")
            v = struct.unpack(_FLOAT_FMT[len(raw)], raw)[0]
            if struct.pack(_FLOAT_FMT[len(raw)], v) != raw:
                raise FieldError("float bit pattern does not round-trip (NaN payload)")
            self.check_number(v)
            return v, v
        return bytes(raw), bytes(raw)

    def check_text(self, text: str, width: int) -> None:
        if len(text) != width:
            raise FieldError(f"{self.rule(width)}, got {len(text)} characters")
        if self.blank and not text.strip(" "):
            return
        t = self.type
        if t == "A":
            if not self._re.fullmatch(text):
                raise FieldError(f"{self.rule(width)} (characters 0x20-0x7E), got {text!r}")
        else:
            if not self._re.fullmatch(text):
                raise FieldError(f"{self.rule(width)}, got {text!r}")
            if self.sign and text[0] not in "+-":
                raise FieldError(f"{self.rule(width)}, got {text!r}")
        if self.pattern is not None and not self.pattern.fullmatch(text):
            raise FieldError(f"must match the pattern {self.pattern.pattern}, got {text!r}")
        if self.enum is not None and text.strip() not in self.enum:
            raise FieldError(f"must be one of {', '.join(map(repr, self.enum))}, got {text.strip()!r}")
        if t in NUMERIC_TEXT and (self.min is not None or self.max is not None):
            self.check_number(float(text) if t == "R" else int(text))

    def check_number(self, v: float) -> None:
        if self.min is not None and v < self.min:
            raise FieldError(f"must be >= {self.min}, got {v}")
        if self.max is not None and v > self.max:
            raise FieldError(f"must be <= {self.max}, got {v}")
        if self.enum is not None and self.type in "UF" and str(v) not in self.enum:
            raise FieldError(f"must be one of {', '.join(self.enum)}, got {v}")

    # -- writing -----------------------------------------------------------------------
    def encode(self, value: Any, width: int) -> bytes:
        """User value -> exactly ``width`` bytes, validated. Raises FieldError."""
        t = self.type
        if t in TEXT_TYPES:
            text = self._format_text(value, width)
            self.check_text(text, width)
            return text.encode("latin-1")
        if t == "U":
            if isinstance(value, str) and value.strip().isdigit():
                value = int(value)
            if isinstance(value, bool) or not isinstance(value, int):
                raise FieldError(f"{self.rule(width)}, got {value!r}")
            if not 0 <= value < 256 ** width:
                raise FieldError(f"{self.rule(width)}, {value} does not fit")
            self.check_number(value)
            return value.to_bytes(width, "big")
        if t == "F":
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise FieldError(f"{self.rule(width)}, got {value!r}")
            if width not in _FLOAT_FMT:
                raise FieldError(f"binary float must be 4 or 8 bytes, not {width}")
            self.check_number(value)
            return struct.pack(_FLOAT_FMT[width], value)
        if not isinstance(value, (bytes, bytearray, memoryview)):
            raise FieldError(f"{self.rule(width)}, got {type(value).__name__}")
        value = bytes(value)
        if len(value) != width:
            raise FieldError(f"{self.rule(width)}, got {len(value)} bytes")
        return value

    def _format_text(self, value: Any, width: int) -> str:
        t = self.type
        if isinstance(value, (bytes, bytearray)):
            value = bytes(value).decode("latin-1")
        if isinstance(value, bool):
            raise FieldError(f"{self.rule(width)}, got {value!r}")
        if t == "A":
            if isinstance(value, (int, float)):
                value = str(value)
            if not isinstance(value, str):
                raise FieldError(f"{self.rule(width)}, got {type(value).__name__}")
            if len(value) > width:
                raise FieldError(f"{self.rule(width)}, got {len(value)} characters")
            return value.ljust(width)
        if isinstance(value, float) and t in "NS":
            if not value.is_integer():
                raise FieldError(f"{self.rule(width)}, got {value!r}")
            value = int(value)
        if isinstance(value, int):
            if t == "N" and value < 0:
                raise FieldError(f"{self.rule(width)}, got {value}")
            sign = "-" if value < 0 else ("+" if (t == "S" or self.sign) else "")
            return _zero_pad(sign, str(abs(value)), width, self.rule(width))
        if isinstance(value, float):
            return self._format_real(value, width)
        if not isinstance(value, str):
            raise FieldError(f"{self.rule(width)}, got {type(value).__name__}")
        if len(value) == width:
            return value
        text = value.strip()
        if self.blank and not text:
            return " " * width
        sign = ""
        if text[:1] in "+-" and t != "N":
            sign, text = text[0], text[1:]
        elif self.sign or t == "S":
            sign = "+"
        if text and not self._re.fullmatch(text):
            raise FieldError(f"{self.rule(width)}, got {value!r}")
        return _zero_pad(sign, text, width, self.rule(width))

    def _format_real(self, value: float, width: int) -> str:
        if not math.isfinite(value):
            raise FieldError(f"{self.rule(width)}, got {value!r}")
        sign = "-" if value < 0 or (value == 0 and math.copysign(1, value) < 0) else (
            "+" if self.sign else "")
        room = width - len(sign)
        mag = abs(value)
        if self.exp:
            for ed in (1, 2, 3):
                md = room - 4 - ed
                if md < 0:
                    break
                m, e = f"{mag:.{md}E}".split("E")
                e = int(e)
                if abs(e) < 10 ** ed:
                    return f"{sign}{m}E{'-' if e < 0 else '+'}{abs(e):0{ed}d}"
            raise FieldError(f"{self.rule(width)}, {value!r} does not fit")
        whole = len(str(int(mag)))
        if whole > room:
            raise FieldError(f"{self.rule(width)}, {value!r} does not fit")
        decimals = max(room - whole - 1, 0)
        template = self.default or ""
        if "." in template and "E" not in template.upper():
            decimals = min(decimals, len(template) - template.index(".") - 1)
        text = f"{mag:.{decimals}f}" if decimals else str(round(mag))
        if len(text) > room:
            text = text[:room].rstrip(".")
        return _zero_pad(sign, text, width, self.rule(width))


def _zero_pad(sign: str, digits: str, width: int, rule: str) -> str:
    room = width - len(sign)
    if len(digits) > room:
        raise FieldError(f"{rule}, {sign}{digits!r} is too long")
    return sign + digits.rjust(room, "0")

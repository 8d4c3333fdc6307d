"""Encoding parameters from metadata: NITF ``COMRAT`` and the ``J2K_*`` hints.

COMRAT spellings accepted and the 4-character value written (MIL-STD-2500C keeps the rate with
an implied decimal point after two digits, ``xy.z`` bits per pixel per band):

==================  =====================  ============================================
hint                written                meaning
==================  =====================  ============================================
``N001.0``/``N010``  ``N010``              numerically lossless (reversible 5/3); the
                                           rate is informative, 1.0 -> ``010``
``V020.0``/``V200``  ``V200``              visually lossless, irreversible 9/7 at the
                                           rate (20.0 bpp -> ``200``)
``01.0``/``1``       ``01.0``              lossy, irreversible 9/7 at 1.0 bpp per band
(absent)            ``N`` + NBPP in tenths  lossless (the default)
==================  =====================  ============================================

Rates are rounded to 0.1 in the field; the encoder uses the exact value. Rates at or above 100
bpp do not fit and raise :class:`MetadataError`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from ..core.errors import MetadataError

_LONG = re.compile(r"^([NV])(\d{1,3}(?:\.\d*)?)$")   # N001.0, V020.0, N1.5
_SHORT = re.compile(r"^([NV])(\d{3})$")              # N010 (xy.z implied)
_RATE = re.compile(r"^\d{0,2}(?:\.\d*)?$")           # 01.0, 1, .5

DEFAULT_LEVELS = 5
DEFAULT_LAYERS = 1
DEFAULT_RATIO = 10.0


@dataclass(frozen=True)
class Comrat:
    mode: str          # "N", "V" or "" (lossy)
    rate: float | None  # bits per pixel per band (None: not given)

    @property
    def lossless(self) -> bool:
        return self.mode == "N"

    def field(self, nbpp: int) -> str:
        rate = self.rate if self.rate is not None else float(nbpp)
        tenths = int(round(rate * 10))
        if tenths > 999:
            raise MetadataError(f"COMRAT: a rate of {rate} bits per pixel per band does not fit "
                                "the 4-character field (at most 99.9)")
        if self.mode:
            return f"{self.mode}{tenths:03d}"
        return f"{tenths // 10:02d}.{tenths % 10}"


def parse_comrat(value) -> Comrat:
    """Parse a COMRAT hint (see the module table); blank means lossless."""
    text = str(value if value is not None else "").strip().upper()
    if not text:
        return Comrat("N", None)
    if m := _SHORT.match(text):
        return Comrat(m.group(1), int(m.group(2)) / 10.0)
    if m := _LONG.match(text):
        return Comrat(m.group(1), float(m.group(2)))
    if _RATE.match(text) and text not in (".", ""):
        rate = float(text)
        if rate <= 0:
            raise MetadataError(f"COMRAT: lossy rate {value!r} must be above 0 bits per pixel")
        return Comrat("", rate)
    raise MetadataError(f"COMRAT: {value!r} is not Nnnn.n (lossless), Vnnn.n (visually "
                        "lossless) or nn.n (lossy bits per pixel per band)")


def int_hint(hints: Mapping, key: str, default: int, low: int, high: int) -> int:
    value = hints.get(key)
    if value is None or str(value).strip() == "":
        return default
    try:
        number = int(str(value).strip())
    except ValueError:
        raise MetadataError(f"{key}: {value!r} is not an integer") from None
    if not low <= number <= high:
        raise MetadataError(f"{key}: {number} must be from {low} to {high}")
    return number


def bool_hint(hints: Mapping, key: str, default: bool) -> bool:
    value = hints.get(key)
    if value is None or str(value).strip() == "":
        return default
    text = str(value).strip().lower()
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("0", "false", "no", "off"):
        return False
    raise MetadataError(f"{key}: {value!r} is not a boolean (true/false)")


def float_hint(hints: Mapping, key: str, default: float) -> float:
    value = hints.get(key)
    if value is None or str(value).strip() == "":
        return default
    try:
        number = float(str(value).strip())
    except ValueError:
        raise MetadataError(f"{key}: {value!r} is not a number") from None
    if number <= 1:
        raise MetadataError(f"{key}: compression ratio {number} must be above 1")
    return number

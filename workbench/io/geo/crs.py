"""Coordinate reference systems: parsing what users type and checking EPSG codes with pyproj."""

from __future__ import annotations

from functools import lru_cache

from pyproj import CRS
from pyproj.exceptions import CRSError

from ..core.errors import MetadataError

USER_DEFINED = 32767


def parse_crs(value) -> CRS:
    """``"EPSG:4326"``, ``4326``, ``"4326"``, WKT or a pyproj CRS -> pyproj CRS."""
    if isinstance(value, CRS):
        return value
    text = str(value).strip()
    if text.isdigit():
        return _from_epsg(int(text), "crs")
    try:
        return CRS.from_user_input(text)
    except CRSError as exc:
        raise MetadataError(f"crs: {value!r} is not a coordinate reference system pyproj knows "
                            f"({exc})") from None


@lru_cache(maxsize=256)
def _from_epsg(code: int, field: str) -> CRS:
    try:
        return CRS.from_epsg(code)
    except CRSError:
        raise MetadataError(f"{field}: EPSG code {code} is unknown (not in the EPSG database "
                            "pyproj uses)") from None


def validate_epsg(value, field: str, kind: str | None = None) -> int:
    """The integer EPSG code of ``value`` after checking it exists and, if ``kind`` is
    ``"projected"`` or ``"geographic"``, that it is that kind of CRS."""
    text = str(value).strip()
    if text.upper().startswith("EPSG:"):
        text = text[5:]
    if not text.isdigit():
        raise MetadataError(f"{field}: expected an EPSG code such as 32618, got {value!r}")
    code = int(text)
    crs = _from_epsg(code, field)
    if kind == "projected" and not crs.is_projected:
        raise MetadataError(f"{field}: EPSG:{code} ({crs.name}) is not a projected CRS")
    if kind == "geographic" and not crs.is_geographic:
        raise MetadataError(f"{field}: EPSG:{code} ({crs.name}) is not a geographic CRS")
    return code


def epsg_of(crs: CRS) -> int | None:
    code = crs.to_epsg(min_confidence=70)
    return int(code) if code is not None else None

"""BLOCKA and GEOLOB of a chip: the parent's block corners and geographic grid origin moved to
the chip, so that a chip never carries its parent's footprint.

* BLOCKA (STDI-0002 App E): the four corner locations (``FRFC_LOC`` first row/first column,
  ``FRLC_LOC``, ``LRLC_LOC``, ``LRFC_LOC``), each ``±dd.dddddd±ddd.dddddd`` (decimal degrees) or
  ``ddmmss.ssXdddmmss.ssY`` (geographic), are mapped bilinearly through the parent's corners
  (the same convention as IGEOLO: corner pixel centres) and written in the form they had;
  ``L_LINES`` becomes the chip's row count; ``N_GRAY`` (the parent's grey-fill count) becomes
  blank, "not known". Blank corners stay blank.
* GEOLOB (STDI-0002 App P): an equal-arc grid of ``ARV``/``BRV`` pixels per 360 degrees whose
  origin (``LSO``, ``PSO``) is the first pixel: the origin moves by the chip offset, and at a
  reduced resolution level the densities halve per level.

A TRE that cannot be moved exactly (unparseable corners, a density that does not halve to a
whole number) is dropped with a warning: stale geometry is worse than none.
"""

from __future__ import annotations

import re

from .geometry_tres import CornerMapping

_DECIMAL = re.compile(r"([+-]\d{2}\.\d{6})([+-]\d{3}\.\d{6})")
_GEOGRAPHIC = re.compile(r"(\d{2})(\d{2})(\d{2}\.\d{2})([NS])(\d{3})(\d{2})(\d{2}\.\d{2})([EW])")
CORNER_FIELDS = ("FRFC_LOC", "FRLC_LOC", "LRLC_LOC", "LRFC_LOC")  # UL, UR, LR, LL


def _parse_corner(text: str) -> tuple[tuple[float, float], str]:
    """((lon, lat), form) of one BLOCKA location; form is ``decimal`` or ``geographic``."""
    if m := _DECIMAL.fullmatch(text):
        return (float(m[2]), float(m[1])), "decimal"
    if m := _GEOGRAPHIC.fullmatch(text):
        lat = int(m[1]) + int(m[2]) / 60 + float(m[3]) / 3600
        lon = int(m[5]) + int(m[6]) / 60 + float(m[7]) / 3600
        return ((-lon if m[8] == "W" else lon), (-lat if m[4] == "S" else lat)), "geographic"
    raise ValueError(f"{text!r} is neither ±dd.dddddd±ddd.dddddd nor ddmmss.ssXdddmmss.ssY")


def _dms(value: float, degree_digits: int, signs: str) -> str:
    hundredths = round(abs(value) * 360000)  # 1/100 arc-second
    degrees, rest = divmod(hundredths, 360000)
    minutes, seconds = divmod(rest, 6000)
    return (f"{degrees:0{degree_digits}d}{minutes:02d}{seconds // 100:02d}.{seconds % 100:02d}"
            f"{signs[0] if value >= 0 else signs[1]}")


def _format_corner(lon: float, lat: float, form: str) -> str:
    if form == "decimal":
        return f"{lat:+010.6f}{lon:+011.6f}"
    return _dms(lat, 2, "NS") + _dms(lon, 3, "EW")


def chip_blocka(blocka: dict, parent_size, window, level: int = 0) -> dict:
    """BLOCKA of chip ``window=(x, y, w, h)`` (level pixels) of a ``parent_size=(W, H)``
    image; raises ValueError when its corners cannot be read."""
    out = dict(blocka)
    x, y, w, h = (int(v) for v in window)
    out["L_LINES"] = f"{h:05d}"
    out["N_GRAY"] = " " * 5
    texts = [str(blocka.get(f, "")) for f in CORNER_FIELDS]
    if all(not t.strip() for t in texts):
        return out
    parsed = [_parse_corner(t.strip()) for t in texts]
    mapping = CornerMapping([p[0] for p in parsed], *parent_size)
    scale = 1 << level
    for name, (_, form), (cx, cy) in zip(CORNER_FIELDS, parsed, (
            (0.5, 0.5), (w - 0.5, 0.5), (w - 0.5, h - 0.5), (0.5, h - 0.5))):
        lon, lat = mapping((x + cx) * scale, (y + cy) * scale)
        out[name] = _format_corner(float(lon), float(lat), form)
    return out


def chip_geolob(geolob: dict, window, level: int = 0) -> dict:
    """GEOLOB of chip ``window`` (level pixels); raises ValueError when the densities do not
    halve to whole numbers at ``level``."""
    x, y = int(window[0]), int(window[1])
    scale = 1 << level
    arv, brv = int(geolob["ARV"]), int(geolob["BRV"])
    if arv % scale or brv % scale:
        raise ValueError(f"ARV {arv} / BRV {brv} pixels per 360° do not divide by {scale} "
                         f"(resolution level {level})")
    arv, brv = arv // scale, brv // scale
    lso = float(geolob["LSO"]) + x * 360.0 / arv
    pso = float(geolob["PSO"]) - y * 360.0 / brv
    lso = (lso + 180.0) % 360.0 - 180.0 if not -180.0 <= lso <= 180.0 else lso
    if not -90.0 <= pso <= 90.0:
        raise ValueError(f"the chip origin latitude {pso:.6f} is outside ±90°")
    out = dict(geolob)
    out.update(ARV=f"{arv:09d}", BRV=f"{brv:09d}", LSO=f"{lso:+015.10f}",
               PSO=f"{pso:+015.11f}")
    return out


def move_block_tres(image_meta: dict, parent_size, window, level: int = 0) -> list[str]:
    """Replace BLOCKA/GEOLOB in ``image_meta`` (decoded dicts, one or several instances) by the
    chip's; drop what cannot be moved. Returns warnings."""
    warnings = []
    for tag, move in (("BLOCKA", lambda t: chip_blocka(t, parent_size, window, level)),
                      ("GEOLOB", lambda t: chip_geolob(t, window, level))):
        value = image_meta.get(tag)
        if value is None:
            continue
        items = value if isinstance(value, list) else [value]
        try:
            moved = [move(t) if isinstance(t, dict) else None for t in items]
            if any(m is None for m in moved):
                raise ValueError("it could not be decoded")
        except (ValueError, KeyError) as exc:
            del image_meta[tag]
            warnings.append(f"{tag} not carried to the chip: {exc}")
            continue
        image_meta[tag] = moved if isinstance(value, list) else moved[0]
    return warnings

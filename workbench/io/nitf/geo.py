"""IGEOLO from corner coordinates: geographic (ICORDS=G, ddmmssXdddmmssY) or UTM (N/S,
zzeeeeeennnnnnn) per MIL-STD-2500C."""

from __future__ import annotations

from ..core.errors import MetadataError


def _dms(value: float, degrees_width: int, hemis: str) -> str:
    hemi = hemis[0] if value >= 0 else hemis[1]
    total = round(abs(value) * 3600)
    d, rest = divmod(total, 3600)
    m, s = divmod(rest, 60)
    return f"{d:0{degrees_width}d}{m:02d}{s:02d}{hemi}"


def geographic_igeolo(corners) -> str:
    out = []
    for lon, lat in corners:
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise MetadataError(f"IGEOLO: corner ({lon}, {lat}) is not a valid lon/lat")
        out.append(_dms(lat, 2, "NS") + _dms(lon, 3, "EW"))
    return "".join(out)


def parse_geographic_igeolo(text: str) -> list[tuple[float, float]]:
    """(lon, lat) of the four ddmmssXdddmmssY corners."""
    out = []
    for i in range(4):
        c = text[i * 15:(i + 1) * 15]
        lat = int(c[0:2]) + int(c[2:4]) / 60 + int(c[4:6]) / 3600
        lon = int(c[7:10]) + int(c[10:12]) / 60 + int(c[12:14]) / 3600
        out.append((-lon if c[14] == "W" else lon, -lat if c[6] == "S" else lat))
    return out


def utm_zone_of(crs: str) -> tuple[int, str] | None:
    """(zone, 'N'/'S') for EPSG:326zz / EPSG:327zz, else None."""
    text = str(crs).upper().replace("EPSG:", "")
    if text.isdigit() and len(text) == 5 and text[:3] in ("326", "327"):
        zone = int(text[3:])
        if 1 <= zone <= 60:
            return zone, "N" if text[:3] == "326" else "S"
    return None


def utm_igeolo(corners, crs: str) -> tuple[str, str]:
    """(ICORDS, IGEOLO) for corners given in the UTM CRS's metres (easting, northing); corners
    given as lon/lat (all within ±180/±90) are projected with pyproj."""
    zone, hemi = utm_zone_of(crs)
    pts = [(float(x), float(y)) for x, y in corners]
    if all(-180 <= x <= 180 and -90 <= y <= 90 for x, y in pts):
        from pyproj import Transformer
        tr = Transformer.from_crs("EPSG:4326", f"EPSG:{'326' if hemi == 'N' else '327'}"
                                  f"{zone:02d}", always_xy=True)
        pts = [tr.transform(x, y) for x, y in pts]
    return hemi, utm_igeolo_text(zone, pts)


def utm_igeolo_text(zone: int, corners) -> str:
    """IGEOLO for ICORDS N/S: four ``zzeeeeeennnnnnn`` corners from (easting, northing)."""
    parts = []
    for e, n in corners:
        e, n = round(e), round(n)
        if not (0 <= e <= 999999 and 0 <= n <= 9999999):
            raise MetadataError(f"IGEOLO: UTM corner ({e}, {n}) does not fit eeeeee/nnnnnnn")
        parts.append(f"{zone:02d}{e:06d}{n:07d}")
    return "".join(parts)


def igeolo_for(corners, crs) -> tuple[str, str]:
    """(ICORDS, IGEOLO) for imsave's ``corners`` and ``crs``."""
    if crs is None or str(crs).upper() in ("EPSG:4326", "4326", "WGS84", "OGC:CRS84"):
        return "G", geographic_igeolo(corners)
    if utm_zone_of(crs):
        return utm_igeolo(corners, crs)
    raise MetadataError(f"IGEOLO: CRS {crs!r} is not expressible in NITF ICORDS (use EPSG:4326 "
                        "or a UTM zone EPSG:326zz/327zz)")

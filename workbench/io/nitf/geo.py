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
    zone, hemi, pts = _utm_points(corners, crs)
    return hemi, utm_igeolo_text(zone, pts)


def _utm_points(corners, crs: str):
    """(zone, hemisphere, corners in the zone's metres) for ``corners`` in metres or lon/lat."""
    zone, hemi = utm_zone_of(crs)
    pts = [(float(x), float(y)) for x, y in corners]
    if all(-180 <= x <= 180 and -90 <= y <= 90 for x, y in pts):
        from pyproj import Transformer
        tr = Transformer.from_crs("EPSG:4326", f"EPSG:{'326' if hemi == 'N' else '327'}"
                                  f"{zone:02d}", always_xy=True)
        pts = [tr.transform(x, y) for x, y in pts]
    return zone, hemi, pts


def corner_pixel_centres(outer, width: int, height: int) -> list[tuple[float, float]]:
    """The centres of the four corner pixels (UL, UR, LR, LL) of a ``width``x``height`` image
    whose outer corners are ``outer`` (UL, UR, LR, LL), by bilinear interpolation: what IGEOLO
    holds (MIL-STD-2500C; GDAL reads and writes it so)."""
    ul, ur, lr, ll = [(float(x), float(y)) for x, y in outer]
    out = []
    for u, v in ((0.5 / width, 0.5 / height), (1 - 0.5 / width, 0.5 / height),
                 (1 - 0.5 / width, 1 - 0.5 / height), (0.5 / width, 1 - 0.5 / height)):
        out.append(tuple((1 - v) * ((1 - u) * a + u * b) + v * ((1 - u) * d + u * c)
                         for a, b, c, d in zip(ul, ur, lr, ll)))
    return out


def utm_igeolo_text(zone: int, corners) -> str:
    """IGEOLO for ICORDS N/S: four ``zzeeeeeennnnnnn`` corners from (easting, northing)."""
    parts = []
    for e, n in corners:
        e, n = round(e), round(n)
        if not (0 <= e <= 999999 and 0 <= n <= 9999999):
            raise MetadataError(f"IGEOLO: UTM corner ({e}, {n}) does not fit eeeeee/nnnnnnn")
        parts.append(f"{zone:02d}{e:06d}{n:07d}")
    return "".join(parts)


def igeolo_for(corners, crs, width: int, height: int) -> tuple[str, str]:
    """(ICORDS, IGEOLO) for imsave's ``corners`` (the image's outer corners) and ``crs``:
    IGEOLO holds the corner pixels' centres, interpolated in the CRS the field is written in."""
    if crs is None or str(crs).upper() in ("EPSG:4326", "4326", "WGS84", "OGC:CRS84"):
        return "G", geographic_igeolo(corner_pixel_centres(corners, width, height))
    if utm_zone_of(crs):
        zone, hemi, pts = _utm_points(corners, crs)
        return hemi, utm_igeolo_text(zone, corner_pixel_centres(pts, width, height))
    raise MetadataError(f"IGEOLO: CRS {crs!r} is not expressible in NITF ICORDS (use EPSG:4326 "
                        "or a UTM zone EPSG:326zz/327zz)")

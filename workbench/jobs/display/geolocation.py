"""Ground coordinates of image pixels for the readout: GeoTIFF/JP2 through ``workbench.io.geo``
(pyproj), NITF IGEOLO corners (bilinear between the four corners), and RPC00B when present."""

from __future__ import annotations

import re

from pyproj import CRS, Transformer

from workbench.io.geo import GeoRef

from .rpc import RpcModel


def _dms(text: str, degree_digits: int) -> float:
    d = int(text[:degree_digits])
    m = int(text[degree_digits:degree_digits + 2])
    s = float(text[degree_digits + 2:degree_digits + 4])
    value = d + m / 60.0 + s / 3600.0
    return -value if text[-1].upper() in "SW" else value


def parse_igeolo(icords: str, igeolo: str) -> list[tuple[float, float]]:
    """The four corners (lon, lat) UL, UR, LR, LL of a NITF IGEOLO field."""
    icords = icords.strip().upper()
    if len(igeolo) != 60:
        raise ValueError(f"IGEOLO must be 60 characters, got {len(igeolo)}")
    parts = [igeolo[i:i + 15] for i in range(0, 60, 15)]
    out = []
    for p in parts:
        if icords == "G":
            out.append((_dms(p[7:15], 3), _dms(p[0:7], 2)))
        elif icords == "D":
            out.append((float(p[7:15]), float(p[0:7])))
        elif icords in ("N", "S"):
            zone, easting, northing = int(p[0:2]), float(p[2:8]), float(p[8:15])
            epsg = (32600 if icords == "N" else 32700) + zone
            tr = Transformer.from_crs(CRS.from_epsg(epsg), CRS.from_epsg(4326), always_xy=True)
            out.append(tuple(tr.transform(easting, northing)))
        else:
            raise ValueError(f"ICORDS {icords!r} is not supported for the readout")
    return out


def format_lonlat(lon: float, lat: float) -> str:
    return f"{abs(lat):.6f}°{'N' if lat >= 0 else 'S'} {abs(lon):.6f}°{'E' if lon >= 0 else 'W'}"


class CornerLocator:
    """Bilinear interpolation between IGEOLO corners; the corners are the centres of the corner
    pixels (0, 0), (W-1, 0), (W-1, H-1), (0, H-1)."""

    source = "IGEOLO"

    def __init__(self, corners, width: int, height: int):
        self.corners = list(corners)
        self.width, self.height = width, height

    def lonlat(self, col: float, row: float) -> tuple[float, float]:
        u = (col - 0.5) / max(1, self.width - 1)
        v = (row - 0.5) / max(1, self.height - 1)
        (x0, y0), (x1, y1), (x2, y2), (x3, y3) = self.corners
        lon = (1 - u) * (1 - v) * x0 + u * (1 - v) * x1 + u * v * x2 + (1 - u) * v * x3
        lat = (1 - u) * (1 - v) * y0 + u * (1 - v) * y1 + u * v * y2 + (1 - u) * v * y3
        return lon, lat

    def describe(self, col: float, row: float) -> str:
        return f"{format_lonlat(*self.lonlat(col, row))} (IGEOLO)"


class GeoRefLocator:
    source = "GeoTIFF"

    def __init__(self, ref: GeoRef):
        self.ref = ref

    def lonlat(self, col: float, row: float) -> tuple[float, float]:
        lon, lat = self.ref.pixel_to_lonlat(col, row)
        return float(lon), float(lat)

    def describe(self, col: float, row: float) -> str:
        lon, lat = self.lonlat(col, row)
        text = format_lonlat(lon, lat)
        if self.ref.crs.is_projected:
            x, y = self.ref.pixel_to_model(col, row)
            epsg = self.ref.crs.to_epsg()
            text += f"  {float(x):.2f} {float(y):.2f} ({'EPSG:%d' % epsg if epsg else 'native'})"
        return text


class RpcLocator:
    source = "RPC00B"

    def __init__(self, model: RpcModel, height_m: float | None = None):
        self.model = model
        self.height_m = model.height_off if height_m is None else height_m

    def lonlat(self, col: float, row: float) -> tuple[float, float]:
        return self.model.image_to_ground(row, col, self.height_m)

    def describe(self, col: float, row: float) -> str:
        lon, lat = self.lonlat(col, row)
        return f"{format_lonlat(lon, lat)} (RPC00B, h={self.height_m:.0f} m)"


def locator_for(reader, asset):
    """The best ground locator for ``asset``: RPC00B, else GeoTIFF/JP2 georeference, else IGEOLO
    corners; None when the image is not georeferenced."""
    md = asset.metadata
    rpc = md.get("RPC00B")
    if isinstance(rpc, list) and rpc:
        rpc = rpc[0]
    if isinstance(rpc, dict):
        try:
            return RpcLocator(RpcModel.from_tre(rpc))
        except (KeyError, ValueError, TypeError):
            pass
    for meta in (md, getattr(reader, "metadata", {})):
        try:
            ref = GeoRef.from_tiff_metadata(meta, asset.num_columns, asset.num_rows)
        except (ValueError, TypeError, KeyError):
            ref = None
        if ref is not None:
            return GeoRefLocator(ref)
    icords, igeolo = md.get("ICORDS"), md.get("IGEOLO")
    if isinstance(icords, str) and icords.strip() and isinstance(igeolo, str) \
            and re.search(r"\d", igeolo):
        try:
            return CornerLocator(parse_igeolo(icords, igeolo), asset.num_columns, asset.num_rows)
        except ValueError:
            return None
    return None

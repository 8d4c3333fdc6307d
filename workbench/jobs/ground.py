"""Pixel <-> ground for any image the jobs handle: a GeoTIFF's affine georeference, or a NITF's
IGEOLO corners (bilinear through the corner pixel centres). Used to type chip corners on the
ground, show a chip's ground extent, and carry georeferencing across formats (NITF → GeoTIFF
keeps it; GeoTIFF → NITF writes IGEOLO).

Pixel coordinates are continuous (col, row) with (0, 0) the outer corner of the first pixel.
"""

from __future__ import annotations

import numpy as np
from pyproj import Transformer

from workbench.io.geo.georef import GeoRef, NotAParallelogramError

from .geometry_tres import CornerMapping, parse_igeolo


class GroundMapping:
    """``pixel_to_lonlat(col, row)`` and its inverse for one image at R0."""

    def __init__(self, width: int, height: int, to_lonlat, georef: GeoRef | None = None,
                 describe: str = ""):
        self.width, self.height = width, height
        self._to_lonlat = to_lonlat
        self.georef = georef
        self.describe = describe
        # Inverse by an affine fit over a 5x5 grid (exact for affine, close for bilinear).
        cols, rows = np.meshgrid(np.linspace(0, width, 5), np.linspace(0, height, 5))
        lon, lat = self.pixel_to_lonlat(cols.ravel(), rows.ravel())
        design = np.column_stack([lon, lat, np.ones_like(lon)])
        self._inverse, *_ = np.linalg.lstsq(design, np.column_stack([cols.ravel(),
                                                                     rows.ravel()]), rcond=None)

    def pixel_to_lonlat(self, col, row):
        return self._to_lonlat(col, row)

    def lonlat_to_pixel(self, lon, lat):
        if self.georef is not None:
            return self.georef.lonlat_to_pixel(lon, lat)
        lon, lat = np.asarray(lon, float), np.asarray(lat, float)
        design = np.stack([lon, lat, np.ones_like(lon)], axis=-1)
        out = design @ self._inverse
        return out[..., 0], out[..., 1]

    def window_from_ground(self, corners) -> tuple[int, int, int, int]:
        """Whole-pixel window covering (lon, lat) ``corners`` (any number ≥ 2), clamped."""
        cols, rows = self.lonlat_to_pixel([c[0] for c in corners], [c[1] for c in corners])
        x0 = max(0, int(np.floor(np.min(cols))))
        y0 = max(0, int(np.floor(np.min(rows))))
        x1 = min(self.width, int(np.ceil(np.max(cols))))
        y1 = min(self.height, int(np.ceil(np.max(rows))))
        if x1 <= x0 or y1 <= y0:
            raise ValueError("the ground corners do not overlap the image")
        return x0, y0, x1 - x0, y1 - y0

    def window_extent(self, window, level: int = 0) -> list[tuple[float, float]]:
        """(lon, lat) of the outer corners UL, UR, LR, LL of a window (level pixels)."""
        x, y, w, h = window
        s = 1 << level
        pts = ((x, y), (x + w, y), (x + w, y + h), (x, y + h))
        return [tuple(float(v) for v in self.pixel_to_lonlat(px * s, py * s)) for px, py in pts]

    def to_georef(self, tolerance: float = 1.5) -> GeoRef | None:
        """An affine GeoRef (for GeoTIFF targets), or None when the corners are not affine."""
        if self.georef is not None:
            return self.georef
        corners = self.window_extent((0, 0, self.width, self.height))
        crs = getattr(self, "native_crs", "EPSG:4326")
        try:
            return GeoRef.from_corners(corners, self.width, self.height, crs, tolerance)
        except NotAParallelogramError:
            return None


def ground_mapping(asset) -> GroundMapping | None:
    """The mapping of an image asset from its metadata, or None if it has no georeference."""
    meta = asset.metadata
    width, height = asset.num_columns, asset.num_rows
    georef = GeoRef.from_tiff_metadata(meta, width, height) if hasattr(meta, "get") else None
    if georef is not None:
        return GroundMapping(width, height, georef.pixel_to_lonlat, georef,
                             f"affine transform, EPSG:{georef.epsg}")
    icords, igeolo = str(meta.get("ICORDS", "") or "").strip(), meta.get("IGEOLO")
    if not icords or not igeolo:
        return None
    try:
        kind, corners, zone = parse_igeolo(icords, igeolo)
    except ValueError:
        return None
    native = CornerMapping(corners, width, height)
    if kind == "lonlat":
        mapping = GroundMapping(width, height, native, None, f"IGEOLO (ICORDS {icords})")
        mapping.native_crs = "EPSG:4326"
        return mapping
    epsg = f"EPSG:{326 if kind == 'utm-N' else 327}{zone:02d}"
    to_ll = Transformer.from_crs(epsg, "EPSG:4326", always_xy=True)

    def to_lonlat(col, row):
        e, n = native(col, row)
        return to_ll.transform(e, n)

    mapping = GroundMapping(width, height, to_lonlat, None, f"IGEOLO (UTM zone {zone})")
    mapping.native_crs = epsg
    return mapping

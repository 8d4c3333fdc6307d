"""``GeoRef``: an image's affine georeference in a CRS, with pixel <-> ground conversions.

Pixel coordinates are (col, row) with (0, 0) the *outer corner* of the top-left pixel; the
centre of that pixel is (0.5, 0.5). Ground coordinates are (lon, lat) in degrees on the CRS's
geographic datum, always longitude first.

Corners given to :meth:`GeoRef.from_corners` are the image's outer corners, UL, UR, LR, LL
(pixel points (0, 0), (W, 0), (W, H), (0, H)). An affine transform can only represent corners
that form a parallelogram in the target CRS; corners further than ``tolerance`` pixels from the
best-fitting parallelogram raise :class:`NotAParallelogramError` (no silent warping, no GCPs).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property

from pyproj import CRS, Transformer

from ..core.errors import MetadataError
from .affine import GeoTransform, corner_transform, parse_numbers
from .crs import USER_DEFINED, epsg_of, parse_crs


class NotAParallelogramError(MetadataError):
    """Corners that no affine transform maps the image onto."""


@dataclass(frozen=True)
class GeoRef:
    transform: GeoTransform
    crs: CRS
    width: int | None = None
    height: int | None = None

    # -- construction --------------------------------------------------------------------------
    @classmethod
    def from_corners(cls, corners, width: int, height: int, crs="EPSG:4326",
                     tolerance: float = 0.5) -> "GeoRef":
        """Fit the affine transform that puts the image's outer corners at ``corners``
        ((lon, lat) UL, UR, LR, LL) in ``crs``."""
        if len(corners) != 4:
            raise MetadataError(f"corners: expected 4 (lon, lat) pairs UL, UR, LR, LL, got "
                                f"{len(corners)}")
        target = parse_crs(crs)
        lonlat = [(float(c[0]), float(c[1])) for c in corners]
        for lon, lat in lonlat:
            if not (-180.0 <= lon <= 360.0 and -90.0 <= lat <= 90.0):
                raise MetadataError(f"corners: ({lon}, {lat}) is not a (lon, lat) pair in "
                                    "degrees (longitude first)")
        to_crs = Transformer.from_crs(target.geodetic_crs, target, always_xy=True)
        xs, ys = to_crs.transform([p[0] for p in lonlat], [p[1] for p in lonlat])
        gt, residual = corner_transform(list(zip(xs, ys)), width, height)
        if residual > tolerance:
            raise NotAParallelogramError(
                f"corners: the four corners are not a parallelogram in {target.name} (the "
                f"transform through UL, UR and LL misses LR by {residual:.2f} pixels, "
                f"tolerance {tolerance}); "
                "an affine GeoTIFF transform cannot hold them. Give corners that are affine in "
                "the chosen CRS (e.g. a lon/lat rectangle with crs='EPSG:4326').")
        return cls(gt, target, width, height)

    @classmethod
    def from_tiff_metadata(cls, metadata: Mapping, width: int | None = None,
                           height: int | None = None) -> "GeoRef | None":
        """From the Geo* keys a TIFF reader returns (None if the image is not georeferenced
        with an EPSG CRS and an affine transform)."""
        gt = None
        point = str(metadata.get("GeoRasterType", "")).lower() == "pixelispoint"
        if metadata.get("GeoTransform"):
            gt = GeoTransform.parse(metadata["GeoTransform"])
        elif metadata.get("GeoPixelScale") and metadata.get("GeoTiepoints"):
            gt = GeoTransform.from_tiepoint_scale(parse_numbers(metadata["GeoTiepoints"]),
                                                  parse_numbers(metadata["GeoPixelScale"]),
                                                  point)
        code = metadata.get("GeoProjectedCRS") or metadata.get("GeoGeographicCRS")
        if gt is None or not code or int(code) == USER_DEFINED:
            return None
        return cls(gt, parse_crs(int(code)), width, height)

    @classmethod
    def from_asset(cls, asset) -> "GeoRef | None":
        """The georeference an image asset's metadata carries (GeoTIFF keys), or None."""
        return cls.from_tiff_metadata(asset.metadata, asset.num_columns, asset.num_rows)

    # -- conversions ---------------------------------------------------------------------------
    @cached_property
    def _to_lonlat(self) -> Transformer:
        return Transformer.from_crs(self.crs, self.crs.geodetic_crs, always_xy=True)

    @cached_property
    def _from_lonlat(self) -> Transformer:
        return Transformer.from_crs(self.crs.geodetic_crs, self.crs, always_xy=True)

    def pixel_to_model(self, col, row):
        return self.transform.apply(col, row)

    def model_to_pixel(self, x, y):
        return self.transform.inverse()(x, y)

    def pixel_to_lonlat(self, col, row):
        """(lon, lat) of pixel point(s); scalars or arrays."""
        x, y = self.pixel_to_model(col, row)
        return self._to_lonlat.transform(x, y)

    def lonlat_to_pixel(self, lon, lat):
        """(col, row) of ground point(s) given as (lon, lat) degrees."""
        x, y = self._from_lonlat.transform(lon, lat)
        return self.model_to_pixel(x, y)

    def corners_lonlat(self) -> list[tuple[float, float]]:
        """UL, UR, LR, LL outer corners as (lon, lat)."""
        if self.width is None or self.height is None:
            raise ValueError("corners need the image size (GeoRef width/height)")
        w, h = self.width, self.height
        return [tuple(float(v) for v in self.pixel_to_lonlat(c, r))
                for c, r in ((0, 0), (w, 0), (w, h), (0, h))]

    def for_window(self, col: int, row: int, width: int, height: int) -> "GeoRef":
        """The georeference of a chip whose top-left pixel is (col, row)."""
        return GeoRef(self.transform.shifted(col, row), self.crs, width, height)

    def for_overview(self, factor: int) -> "GeoRef":
        size = (None if self.width is None else -(-self.width // factor),
                None if self.height is None else -(-self.height // factor))
        return GeoRef(self.transform.scaled(factor), self.crs, *size)

    @property
    def epsg(self) -> int | None:
        return epsg_of(self.crs)

    def to_tiff_metadata(self) -> dict[str, str]:
        """The Geo* keys the TIFF writer turns into GeoTIFF tags."""
        code = self.epsg
        if code is None:
            raise MetadataError(f"crs: {self.crs.name} has no EPSG code; GeoTIFF keys here "
                                "need one")
        meta = {"GeoRasterType": "PixelIsArea", "GeoTransform": self.transform.text()}
        if self.crs.is_projected:
            meta.update(GeoModelType="Projected", GeoProjectedCRS=str(code))
        else:
            meta.update(GeoModelType="Geographic", GeoGeographicCRS=str(code))
        return meta

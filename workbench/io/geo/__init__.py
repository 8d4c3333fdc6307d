"""Qt-free georeferencing: affine geotransforms, CRS checks, corner fitting, pixel<->ground.

    from workbench.io.geo import GeoRef
    ref = GeoRef.from_corners(corners, width, height, "EPSG:32618")
    lon, lat = ref.pixel_to_lonlat(10.5, 20.5)
"""

from .affine import GeoTransform
from .crs import parse_crs, validate_epsg
from .georef import GeoRef, NotAParallelogramError

__all__ = ["GeoRef", "GeoTransform", "NotAParallelogramError", "parse_crs", "validate_epsg"]

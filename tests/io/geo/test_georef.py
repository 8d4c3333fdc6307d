"""Georeferencing: corner fitting, pixel<->ground, GeoTIFF forms, checked with GDAL and PROJ."""

import numpy as np
import pytest
import rasterio
from pyproj import Transformer

from workbench.io import IO, MetadataError, imsave
from workbench.io.geo import GeoRef, GeoTransform, NotAParallelogramError, validate_epsg

SPEC_CORNERS = [(-77.0, 39.0), (-76.5, 39.0), (-76.5, 38.5), (-77.0, 38.5)]


def test_spec_imsave_with_corners_georeferences_for_gdal(tmp_path):
    data = np.random.default_rng(0).integers(0, 255, (3, 512, 512), dtype=np.uint8)
    path = tmp_path / "geo.tif"
    imsave(path, data, corners=SPEC_CORNERS, crs="EPSG:4326")
    with rasterio.open(path) as ds:
        assert ds.crs.to_epsg() == 4326
        assert ds.bounds == pytest.approx((-77.0, 38.5, -76.5, 39.0), abs=1e-12)
        assert ds.transform.b == 0 and ds.transform.d == 0
        np.testing.assert_array_equal(ds.read(), data)


def test_utm_corners_recover_the_utm_transform(tmp_path):
    gt = GeoTransform(300000.0, 0.5, 0.0, 4500000.0, 0.0, -0.5)
    w, h = 800, 600
    to_ll = Transformer.from_crs(32618, 4326, always_xy=True)
    corners = [to_ll.transform(*gt.apply(c, r)) for c, r in ((0, 0), (w, 0), (w, h), (0, h))]
    ref = GeoRef.from_corners(corners, w, h, "EPSG:32618")
    assert tuple(ref.transform) == pytest.approx(tuple(gt), abs=1e-6)
    path = tmp_path / "utm.tif"
    imsave(path, np.zeros((1, h, w), np.uint8), corners=corners, crs="EPSG:32618")
    with rasterio.open(path) as ds:
        assert ds.crs.to_epsg() == 32618
        assert ds.transform.to_gdal() == pytest.approx(tuple(gt), abs=1e-6)


def test_rotated_corners_give_a_rotated_transform(tmp_path):
    corners = [(10.0, 50.0), (10.4, 50.1), (10.3, 49.7), (9.9, 49.6)]
    path = tmp_path / "rot.tif"
    imsave(path, np.zeros((1, 40, 40), np.uint8), corners=corners, crs="EPSG:4326")
    with rasterio.open(path) as ds:
        for (lon, lat), (c, r) in zip(corners, ((0, 0), (40, 0), (40, 40), (0, 40))):
            assert ds.transform * (c, r) == pytest.approx((lon, lat), abs=1e-9)


def test_non_parallelogram_corners_are_a_clear_error(tmp_path):
    corners = [(-77.0, 39.0), (-76.5, 39.0), (-76.4, 38.5), (-77.0, 38.5)]
    with pytest.raises(NotAParallelogramError, match="not a parallelogram"):
        imsave(tmp_path / "x.tif", np.zeros((1, 100, 100), np.uint8), corners=corners,
               crs="EPSG:4326")
    assert not list(tmp_path.iterdir())


def test_unknown_crs_and_bad_epsg():
    with pytest.raises(MetadataError, match="unknown"):
        validate_epsg("123456", "GeoProjectedCRS")
    with pytest.raises(MetadataError, match="not a projected"):
        validate_epsg("4326", "GeoProjectedCRS", "projected")
    assert validate_epsg("EPSG:32618", "crs", "projected") == 32618
    with pytest.raises(MetadataError, match="crs"):
        GeoRef.from_corners(SPEC_CORNERS, 10, 10, "EPSG:999999")


def test_pixel_lonlat_round_trip_matches_gdal_and_proj(tmp_path):
    path = tmp_path / "g.tif"
    with rasterio.open(path, "w", driver="GTiff", width=100, height=80, count=1, dtype="uint8",
                       crs="EPSG:32633",
                       transform=rasterio.transform.from_origin(500000, 5000000, 10, 10)) as ds:
        ds.write(np.zeros((1, 80, 100), np.uint8))
    with IO.open([path]) as reader:
        image = reader.get_asset("image:0")
        ref = GeoRef.from_tiff_metadata(image.metadata, image.num_columns, image.num_rows)
    cols, rows = np.array([0.5, 50.25, 99.5]), np.array([0.5, 40.0, 79.5])
    lon, lat = ref.pixel_to_lonlat(cols, rows)
    with rasterio.open(path) as ds:
        xs, ys = rasterio.transform.xy(ds.transform, rows - 0.5, cols - 0.5)
    lon2, lat2 = Transformer.from_crs(32633, 4326, always_xy=True).transform(xs, ys)
    np.testing.assert_allclose(lon, lon2, atol=1e-9)
    np.testing.assert_allclose(lat, lat2, atol=1e-9)
    back_c, back_r = ref.lonlat_to_pixel(lon, lat)
    np.testing.assert_allclose(back_c, cols, atol=1e-6)
    np.testing.assert_allclose(back_r, rows, atol=1e-6)
    assert len(ref.corners_lonlat()) == 4
    chip = ref.for_window(10, 20, 5, 5)
    assert chip.pixel_to_lonlat(0, 0) == pytest.approx(ref.pixel_to_lonlat(10, 20))


@pytest.mark.parametrize("point", [False, True])
def test_geotiff_forms_round_trip(point):
    gt = GeoTransform(1000.0, 2.0, 0.0, 5000.0, 0.0, -3.0)
    tie, scale = gt.to_tiepoint_scale(point)
    assert GeoTransform.from_tiepoint_scale(tie, scale, point) == pytest.approx(gt)
    rot = gt._replace(rx=0.25, ry=-0.5)
    assert rot.to_tiepoint_scale(point) is None
    assert GeoTransform.from_model_transformation(rot.to_model_transformation(point),
                                                  point) == pytest.approx(rot)
    assert GeoTransform.parse(gt.text()) == gt

"""CLEVEL from the complexity rules, and imsave's NITF georeferencing hook."""

import numpy as np
import pytest
import rasterio

from workbench.io.core.convenience import imsave
from workbench.io.core.io import IO
from workbench.io.nitf.clevel import ImageExtent, compute_clevel
from workbench.io.nitf.geo import parse_geographic_igeolo

from .conftest import write_nitf


@pytest.mark.parametrize("shape,hints,expected", [
    ((1, 100, 100), {}, "03"),
    ((1, 10, 3000), {}, "05"),          # a side over 2048
    ((10, 8, 8), {}, "05"),             # MULTI with more than 9 bands
    ((1, 2, 9000), {}, "06"),           # a side over 8192
    ((1, 1, 70000), {}, "07"),          # a side over 65536
    ((1, 100, 100), {"ILOC": "0200000000"}, "05"),  # row 2000 + 100 rows > 2047
])
def test_clevel_written(tmp_path, shape, hints, expected):
    path = write_nitf(tmp_path / "c.ntf", np.zeros(shape, np.uint8), IC="NC", **hints)
    with IO.open([str(path)]) as r:
        assert r.metadata["CLEVEL"] == expected


def test_clevel_file_size_rule():
    small = [ImageExtent(100, 100, 0, 0, 100, 100, 1, "MONO")]
    assert compute_clevel(52_428_799, small) == 3
    assert compute_clevel(52_428_800, small) == 5
    assert compute_clevel(1_073_741_824, small) == 6
    assert compute_clevel(2_147_483_648, small) == 7
    assert compute_clevel(10_737_418_240, small) == 9
    assert compute_clevel(1000, small * 21) == 5


@pytest.mark.interop
def test_imsave_geographic_corners(tmp_path):
    data = (np.arange(3 * 60 * 80) % 255).astype(np.uint8).reshape(3, 60, 80)
    corners = [(-77.0, 39.0), (-76.5, 39.0), (-76.5, 38.5), (-77.0, 38.5)]
    path = tmp_path / "geo.ntf"
    imsave(path, data, compression="nc", corners=corners, crs="EPSG:4326")
    with IO.open([str(path)]) as r:
        m = r.get_asset("image:0").metadata
        assert m["ICORDS"] == "G"
        # IGEOLO holds the corner pixels' centres: half a pixel (0.5/80 degree of longitude,
        # 0.5/60 of latitude) inside the outer corners, in whole arc-seconds
        assert m["IGEOLO"] == "385945N0765949W385945N0763011W383015N0763011W383015N0765949W"
        centres = [(-77.0 + 0.25 / 80, 39.0 - 0.25 / 60), (-76.5 - 0.25 / 80, 39.0 - 0.25 / 60),
                   (-76.5 - 0.25 / 80, 38.5 + 0.25 / 60), (-77.0 + 0.25 / 80, 38.5 + 0.25 / 60)]
        assert np.allclose(parse_geographic_igeolo(m["IGEOLO"]), centres, atol=1 / 3600)
        assert (m["NPPBH"], m["NPPBV"], m["IC"]) == ("0080", "0060", "NC")
    with rasterio.open(path) as ds:  # GDAL's bounds are the outer corners given, as for .tif
        assert ds.crs.to_epsg() == 4326
        assert tuple(ds.bounds) == pytest.approx((-77.0, 38.5, -76.5, 39.0), abs=2 / 3600)
        np.testing.assert_array_equal(ds.read(), data)


@pytest.mark.interop
def test_imsave_utm_corners(tmp_path):
    data = np.zeros((1, 100, 100), np.uint16)
    e0, n0 = 300000.0, 4500000.0
    corners = [(e0, n0), (e0 + 50, n0), (e0 + 50, n0 - 50), (e0, n0 - 50)]
    path = tmp_path / "utm.ntf"
    imsave(path, data, compression="nc", corners=corners, crs="EPSG:32618")
    with IO.open([str(path)]) as r:
        m = r.get_asset("image:0").metadata
        assert m["ICORDS"] == "N"
        assert m["IGEOLO"][:15] == "183000004500000"
    with rasterio.open(path) as ds:
        assert ds.crs.to_epsg() == 32618
        assert ds.bounds.left == pytest.approx(e0, abs=1)
        assert ds.bounds.top == pytest.approx(n0, abs=1)


def test_imsave_lonlat_corners_projected_to_utm(tmp_path):
    path = tmp_path / "utm2.ntf"
    corners = [(-75.0, 40.0), (-74.99, 40.0), (-74.99, 39.99), (-75.0, 39.99)]
    imsave(path, np.zeros((1, 10, 10), np.uint8), compression="nc", corners=corners,
           crs="EPSG:32618")
    with IO.open([str(path)]) as r:
        igeolo = r.get_asset("image:0").metadata["IGEOLO"]
    zone, easting, northing = igeolo[:2], int(igeolo[2:8]), int(igeolo[8:15])
    from pyproj import Transformer  # the UL pixel's centre, half a 0.001° pixel inside
    e, n = Transformer.from_crs("EPSG:4326", "EPSG:32618", always_xy=True).transform(
        -75.0 + 0.0005, 40.0 - 0.0005)
    assert zone == "18" and abs(easting - e) <= 1 and abs(northing - n) <= 1


def test_imsave_rejects_other_crs(tmp_path):
    with pytest.raises(ValueError, match="ICORDS"):
        imsave(tmp_path / "x.ntf", np.zeros((1, 4, 4), np.uint8), compression="nc",
               corners=[(0, 0)] * 4, crs="EPSG:3857")
    assert list(tmp_path.iterdir()) == []

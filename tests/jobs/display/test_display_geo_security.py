"""Ground readouts (IGEOLO, GeoTIFF, RPC00B) and security markings."""

import numpy as np
import pytest

from workbench.io import IO, BufferedImageAssetProvider, imsave
from workbench.jobs.display.geolocation import (CornerLocator, locator_for, parse_igeolo)
from workbench.jobs.display.rpc import RpcModel
from workbench.jobs.display.security import banner_for, inconsistencies


def test_igeolo_geographic_and_decimal():
    g = "390000N0770000W390000N0763000W383000N0763000W383000N0770000W"
    assert parse_igeolo("G", g) == [(-77.0, 39.0), (-76.5, 39.0), (-76.5, 38.5), (-77.0, 38.5)]
    d = "+39.000-077.000+39.000-076.500+38.500-076.500+38.500-077.000"
    assert parse_igeolo("D", d) == parse_igeolo("G", g)
    loc = CornerLocator(parse_igeolo("G", g), 101, 101)
    assert loc.lonlat(0.5, 0.5) == pytest.approx((-77.0, 39.0))
    assert loc.lonlat(50.5, 50.5) == pytest.approx((-76.75, 38.75))
    with pytest.raises(ValueError):
        parse_igeolo("G", g[:-1])


def test_utm_igeolo():
    # zone 18N, the corners of a 1 km square near 39N 77W
    n = "".join(f"18{e:06d}{n:07d}" for e, n in ((322000, 4318000), (323000, 4318000),
                                                  (323000, 4317000), (322000, 4317000)))
    corners = parse_igeolo("N", n)
    assert all(-78 < lon < -76 and 38 < lat < 40 for lon, lat in corners)
    assert corners[1][0] > corners[0][0] and corners[0][1] > corners[3][1]


def test_geotiff_readout_uses_pyproj(tmp_path):
    path = tmp_path / "geo.tif"
    imsave(path, np.zeros((1, 100, 200), np.uint8),
           corners=[(-77.0, 39.0), (-76.0, 39.0), (-76.0, 38.5), (-77.0, 38.5)], crs="EPSG:4326")
    with IO.open(path) as reader:
        asset = reader.get_asset("image:0")
        loc = locator_for(reader, asset)
        assert loc is not None
        lon, lat = loc.lonlat(100, 50)
        assert lon == pytest.approx(-76.5) and lat == pytest.approx(38.75)
        assert "38.750000°N 76.500000°W" in loc.describe(100, 50)


def _rpc_tre():
    tre = {"LINE_OFF": "500", "SAMP_OFF": "600", "LAT_OFF": "38.75", "LONG_OFF": "-76.5",
           "HEIGHT_OFF": "100", "LINE_SCALE": "500", "SAMP_SCALE": "600", "LAT_SCALE": "0.25",
           "LONG_SCALE": "0.5", "HEIGHT_SCALE": "500"}
    line = [0.0] * 20
    samp = [0.0] * 20
    line[2], line[1], line[4] = -1.0, 0.05, 0.01       # line from latitude (+ a cross term)
    samp[1], samp[3] = 1.0, 0.02                       # sample from longitude and height
    den = [1.0] + [0.0] * 19
    for i in range(20):
        tre[f"LINE_NUM_COEFF_{i + 1}"] = str(line[i])
        tre[f"SAMP_NUM_COEFF_{i + 1}"] = str(samp[i])
        tre[f"LINE_DEN_COEFF_{i + 1}"] = str(den[i])
        tre[f"SAMP_DEN_COEFF_{i + 1}"] = str(den[i])
    return tre


def test_rpc00b_ground_to_image_and_back():
    model = RpcModel.from_tre(_rpc_tre())
    row, col = model.ground_to_image(-76.5, 38.75, 100)
    assert (row, col) == pytest.approx((500, 600))
    row, col = model.ground_to_image(-76.3, 38.9, 250)
    lon, lat = model.image_to_ground(row, col, 250)
    assert (lon, lat) == pytest.approx((-76.3, 38.9), abs=1e-9)
    asset = BufferedImageAssetProvider.create("image:0", 10, 10, 1,
                                              metadata={"RPC00B": _rpc_tre()})

    class R:
        metadata = {}

    loc = locator_for(R(), asset)
    assert loc.source == "RPC00B" and "RPC00B" in loc.describe(600, 500)


def test_banner_text_colour_and_segment_inconsistency(tmp_path):
    b = banner_for({"FSCLAS": "S", "FSCLSY": "US", "FSCTLH": "NF", "FSREL": "USA GBR"})
    assert b.text == "SECRET//NF//REL TO USA, GBR" and b.background == "#c8102e"
    assert banner_for({"FSCLAS": "U"}).background == "#007a33"
    assert banner_for({"FSCLAS": "T"}).level == "T"
    assert banner_for({}) is None
    path = tmp_path / "mixed.ntf"
    provider = BufferedImageAssetProvider.create("image:0", 16, 16, 1,
                                                 metadata={"ISCLAS": "C", "IC": "NC"})
    provider.set_full_image(np.zeros((1, 16, 16), np.uint8))
    with IO.open(path, "w") as writer:
        writer.metadata["FSCLAS"] = "U"
        writer.add_asset("image:0", provider)
    with IO.open(path) as reader:
        problems = inconsistencies(reader)
    assert len(problems) == 1 and "CONFIDENTIAL" in problems[0] and "UNCLASSIFIED" in problems[0]

"""Chips of a real NITF (the bundled sample: C8, IGEOLO, RPC00B, security fields, a text
segment), checked with our reader and with GDAL."""

from importlib import resources

import numpy as np
import pytest
import rasterio
from rasterio.transform import RPCTransformer

from workbench.io import IO, imread
from workbench.jobs.chip import ChipRequest, chip_file
from workbench.jobs.ichipb import ChipMapping

SAMPLE = str(resources.files("workbench.resources") / "sample" / "sample.ntf")


@pytest.fixture(scope="module")
def chip(tmp_path_factory):
    out = str(tmp_path_factory.mktemp("chip") / "chip.ntf")
    plan, result = chip_file(SAMPLE, ChipRequest((100, 200, 300, 150), out))
    return out, plan, result


def test_chip_pixels_equal_the_source_region(chip):
    out, _, result = chip
    assert (result.width, result.height) == (300, 150)
    np.testing.assert_array_equal(imread(out), imread(SAMPLE, window=(100, 200, 300, 150)))
    with rasterio.open(out) as ds:
        np.testing.assert_array_equal(ds.read(), imread(SAMPLE, window=(100, 200, 300, 150)))


def test_chip_keeps_metadata_and_writes_ichipb(chip):
    out, _, _ = chip
    with IO.open(SAMPLE) as src, IO.open(out) as dst:
        s, d = src.get_asset("image:0").metadata, dst.get_asset("image:0").metadata
        for key in ("FSREL", "FTITLE", "OSTAID"):
            assert dst.metadata[key] == src.metadata[key]
        for key in ("ISCLAS", "IID2", "ICAT", "IREP", "STDIDC", "USE00A"):
            assert d[key] == s[key]
        ichipb = d["ICHIPB"]
    assert ichipb["SCALE_FACTOR"] == "0001.00000"
    assert (ichipb["FI_ROW_11"], ichipb["FI_COL_11"]) == ("00000200.500", "00000100.500")
    assert (ichipb["FI_ROW_22"], ichipb["FI_COL_22"]) == ("00000349.500", "00000399.500")
    assert (ichipb["OP_ROW_22"], ichipb["OP_COL_22"]) == ("00000149.500", "00000299.500")
    assert (ichipb["FI_ROW"], ichipb["FI_COL"]) == ("00001024", "00001024")


def test_rpc_offsets_shifted_and_gdal_geolocates_like_the_parent(chip):
    out, _, _ = chip
    with IO.open(out) as dst:
        rpc = dst.get_asset("image:0").metadata["RPC00B"]
    assert (rpc["LINE_OFF"], rpc["SAMP_OFF"]) == ("000312", "00412")  # 512 - 200, 512 - 100
    with rasterio.open(out) as c, rasterio.open(SAMPLE) as p:
        with RPCTransformer(c.rpcs) as tc, RPCTransformer(p.rpcs) as tp:
            for row, col in ((0, 0), (149, 299), (70, 13)):
                np.testing.assert_allclose(tc.xy(row, col, zs=0),
                                           tp.xy(row + 200, col + 100, zs=0), atol=1e-9)
        # IGEOLO holds whole arc-seconds (2.8e-4 degrees, ~10 pixels of this image): GDAL's
        # geotransforms of chip and parent agree within that rounding
        for row, col in ((0, 0), (149, 299)):
            np.testing.assert_allclose(c.xy(row, col), p.xy(row + 200, col + 100), atol=2.8e-4)


def test_security_review_lists_original_and_exported(chip):
    _, plan, _ = chip
    rows = {(r.segment, r.field): r for r in plan.review}
    assert rows[("file", "FSREL")].original.strip() == "USA"
    assert rows[("file", "FSREL")].exported.strip() == "USA"
    assert rows[("image:0", "ISCLAS")].exported == "U"
    assert rows[("text:0", "TSCLAS")].exported is None  # the chip does not carry the text


def test_chip_of_a_chip_maps_to_the_original(chip, tmp_path):
    out, _, _ = chip
    out2 = str(tmp_path / "chip2.ntf")
    plan, result = chip_file(out, ChipRequest((10, 20, 64, 32), out2, level=1))
    with IO.open(out2) as r:
        ichipb = r.get_asset("image:0").metadata["ICHIPB"]
    assert ichipb["SCALE_FACTOR"] == "0002.00000"
    assert (ichipb["FI_ROW"], ichipb["FI_COL"]) == ("00001024", "00001024")
    # chip2 pixel (0, 0) covers chip1 R0 rows 40-41, cols 20-21 -> original rows 240-241
    mapping = ChipMapping.from_tre(ichipb)
    assert mapping(0.5, 0.5) == pytest.approx((241.0, 121.0))
    assert mapping(31.5, 63.5) == pytest.approx((303.0, 247.0))
    assert (result.width, result.height) == (64, 32)
    level0 = imread(out, window=(20, 40, 128, 64)).astype(float)
    expected = level0.reshape(3, 32, 2, 64, 2).mean(axis=(2, 4))
    np.testing.assert_allclose(imread(out2), np.rint(expected), atol=1)


def test_reduced_resolution_chip_of_the_sample(tmp_path):
    out = str(tmp_path / "r2.ntf")
    plan, result = chip_file(SAMPLE, ChipRequest((16, 32, 64, 64), out, level=2))
    np.testing.assert_array_equal(imread(out), imread(SAMPLE, window=(16, 32, 64, 64),
                                                      resolution_level=2))
    assert plan.image_metadata["ICHIPB"]["FI_COL_11"] == "00000066.000"  # (16 + .5) * 4


def test_geotiff_chip_gets_its_own_geotransform(tmp_path):
    out = str(tmp_path / "chip.tif")
    chip_file(SAMPLE, ChipRequest((100, 200, 300, 150), out))
    with rasterio.open(out) as c, rasterio.open(SAMPLE) as p:
        assert c.crs.to_epsg() == 4326
        np.testing.assert_allclose(c.xy(0, 0), p.xy(200, 100), atol=1e-9)
        np.testing.assert_allclose(c.xy(149, 299), p.xy(349, 399), atol=1e-9)
        np.testing.assert_array_equal(c.read(), p.read(window=((200, 350), (100, 400))))


def test_chip_refuses_to_overwrite_its_input(tmp_path):
    with pytest.raises(ValueError, match="overwrite its input"):
        chip_file(SAMPLE, ChipRequest((0, 0, 8, 8), SAMPLE))


def test_reduced_chip_of_a_geotiff_reads_its_stored_overviews(tmp_path):
    """A GeoTIFF's reduced-resolution IFDs are its levels 1, 2, ...: a level-k chip is cut from
    the file's own overview pixels (here nearest-neighbour, unlike an on-the-fly average),
    georeferenced at that level's pixel size."""
    from rasterio.enums import Resampling
    from rasterio.transform import from_origin

    rng = np.random.default_rng(3)
    data = rng.integers(0, 255, (1, 400, 300)).astype(np.uint8)
    src = tmp_path / "ovr.tif"
    with rasterio.open(src, "w", driver="GTiff", width=300, height=400, count=1, dtype="uint8",
                       tiled=True, blockxsize=64, blockysize=64, crs="EPSG:32618",
                       transform=from_origin(320000, 4310000, 1.0, 1.0)) as ds:
        ds.write(data)
        ds.build_overviews([2, 4], Resampling.nearest)
    for level, window in ((1, (20, 30, 100, 80)), (2, (5, 7, 50, 60))):
        out = str(tmp_path / f"chip{level}.tif")
        chip_file(str(src), ChipRequest(window, out, level=level))
        x, y, w, h = window
        with rasterio.open(src, overview_level=level - 1) as ovr, rasterio.open(out) as chip:
            np.testing.assert_array_equal(chip.read(), ovr.read(window=((y, y + h), (x, x + w))))
            assert chip.transform.a == pytest.approx(2 ** level)
            assert (chip.transform.c, chip.transform.f) == pytest.approx(ovr.transform * (x, y))

"""Jobs on files GDAL wrote, and GDAL reading what the jobs wrote: georeferencing survives
conversion between NITF, GeoTIFF and JP2; chips of GDAL files geolocate like their parents."""

from importlib import resources

import numpy as np
import pytest
import rasterio
from rasterio.transform import Affine, RPCTransformer

from workbench.io import IO, imread
from workbench.io.tre import default_tre, encode_tre
from workbench.jobs.chip import ChipRequest, chip_file
from workbench.jobs.convert import convert_file
from workbench.jobs.options import ExportOptions

SAMPLE = str(resources.files("workbench.resources") / "sample" / "sample.ntf")


def _rpc00b_text() -> str:
    """An RPC00B (line = -lat, sample = lon, normalised) as GDAL's TRE= option takes it."""
    tre = default_tre("RPC00B")
    tre.update(LINE_OFF="000250", SAMP_OFF="00200", LINE_SCALE="000250", SAMP_SCALE="00200",
               LAT_OFF="+39.0000", LONG_OFF="-077.0000", LAT_SCALE="+00.0500",
               LONG_SCALE="+000.0500", HEIGHT_OFF="+0100", HEIGHT_SCALE="+0500",
               LINE_NUM_COEFF_3="-1.000000E+0", LINE_DEN_COEFF_1="+1.000000E+0",
               SAMP_NUM_COEFF_2="+1.000000E+0", SAMP_DEN_COEFF_1="+1.000000E+0")
    return encode_tre("RPC00B", tre).decode("ascii")


@pytest.fixture
def gdal_nitf(tmp_path):
    """A GDAL-written, blocked, 16-bit NITF with IGEOLO (ICORDS G) and an RPC00B TRE."""
    data = np.random.default_rng(3).integers(0, 2000, (1, 500, 400)).astype(np.uint16)
    path = tmp_path / "gdal.ntf"
    with rasterio.open(path, "w", driver="NITF", width=400, height=500, count=1,
                       dtype="uint16", crs="EPSG:4326", ICORDS="G",
                       transform=Affine(1e-4, 0, -77.01, 0, -1e-4, 39.02),
                       BLOCKXSIZE=128, BLOCKYSIZE=128, TRE=f"RPC00B={_rpc00b_text()}") as ds:
        ds.write(data)
    return path, data


def test_chip_of_a_gdal_nitf_geolocates_like_the_parent(gdal_nitf, tmp_path):
    path, data = gdal_nitf
    out = tmp_path / "chip.ntf"
    chip_file(str(path), ChipRequest((37, 141, 150, 99), str(out)))
    np.testing.assert_array_equal(imread(out)[0], data[0, 141:240, 37:187])
    with rasterio.open(out) as c, rasterio.open(path) as p:
        np.testing.assert_array_equal(c.read(1), data[0, 141:240, 37:187])
        with RPCTransformer(c.rpcs) as tc, RPCTransformer(p.rpcs) as tp:
            for row, col in ((0, 0), (98, 149), (50, 75)):
                np.testing.assert_allclose(tc.xy(row, col, zs=50),
                                           tp.xy(row + 141, col + 37, zs=50), atol=1e-9)
        np.testing.assert_allclose(c.xy(0, 0), p.xy(141, 37), atol=2.8e-4)  # IGEOLO: 1"
    with IO.open(out) as reader:
        meta = reader.get_asset("image:0").metadata
    assert (meta["RPC00B"]["LINE_OFF"], meta["RPC00B"]["SAMP_OFF"]) == ("000109", "00163")


def test_chip_of_a_gdal_geotiff(tmp_path):
    path = tmp_path / "utm.tif"
    data = np.random.default_rng(4).integers(0, 255, (3, 300, 400)).astype(np.uint8)
    with rasterio.open(path, "w", driver="GTiff", width=400, height=300, count=3,
                       dtype="uint8", crs="EPSG:32618", tiled=True, blockxsize=128,
                       blockysize=128, transform=Affine(0.5, 0, 300000, 0, -0.5, 4500000)) as ds:
        ds.write(data)
    out = tmp_path / "chip.tif"
    chip_file(str(path), ChipRequest((130, 70, 100, 50), str(out)))
    with rasterio.open(out) as c, rasterio.open(path) as p:
        assert c.crs.to_epsg() == 32618
        np.testing.assert_array_equal(c.read(), data[:, 70:120, 130:230])
        for row, col in ((0, 0), (49, 99)):
            assert c.xy(row, col) == pytest.approx(p.xy(row + 70, col + 130))
    half = tmp_path / "half.tif"
    chip_file(str(path), ChipRequest((10, 20, 40, 30), str(half), level=1))
    with rasterio.open(half) as c:
        assert c.transform.a == pytest.approx(1.0)  # two source pixels per chip pixel
        # level-1 pixel (10, 20) is R0 pixel (20, 40): 10 m east, 20 m south of the origin
        assert (c.transform.c, c.transform.f) == pytest.approx((300010.0, 4499980.0))


def test_conversions_keep_georeferencing(tmp_path):
    tif, jp2, ntf = tmp_path / "s.tif", tmp_path / "s.jp2", tmp_path / "back.ntf"
    convert_file(SAMPLE, str(tif), ExportOptions(format="tiff", compression="LZW"))
    convert_file(SAMPLE, str(jp2), ExportOptions(format="jp2"))
    convert_file(str(tif), str(ntf), ExportOptions(format="nitf", compression="NC"))
    with rasterio.open(SAMPLE) as n:
        for path in (tif, jp2, ntf):
            with rasterio.open(path) as ds:
                assert ds.crs.to_epsg() == 4326, path
                np.testing.assert_allclose(ds.xy(0, 0), n.xy(0, 0), atol=1e-6)
                np.testing.assert_allclose(ds.xy(1023, 1023), n.xy(1023, 1023), atol=1e-6)
    with rasterio.open(tif) as ds:
        assert ds.compression.name == "lzw"
    for path in (tif, jp2, ntf):
        np.testing.assert_array_equal(imread(path), imread(SAMPLE))
    with IO.open(ntf) as reader:
        assert reader.get_asset("image:0").metadata["ICORDS"] == "G"

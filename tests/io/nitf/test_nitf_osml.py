"""Our metadata vocabulary equals the reference reader's (osml-imagery-io) key for key and
value for value, on files GDAL writes and files we write. (We also expose LUT bytes as LUTD.)"""

import numpy as np
import pytest
import rasterio

from workbench.io.core.io import IO
from workbench.io.core.providers import BufferedTextAssetProvider

from .conftest import write_nitf, write_with_osml

pytestmark = pytest.mark.interop


def _strip_luts(meta: dict) -> dict:
    meta = dict(meta)
    if "BAND_INFO" in meta:
        meta["BAND_INFO"] = [{k: v for k, v in b.items() if k != "LUTD"}
                             for b in meta["BAND_INFO"]]
    return meta


def _same_as_osml(path):
    from aws.osml.io import IO as OsmlIO
    theirs = OsmlIO.open([str(path)], "r")
    with IO.open([str(path)]) as ours:
        assert dict(ours.metadata.items()) == theirs.metadata.entries()
        images = [k for k in theirs.get_asset_keys() if k.startswith("image")]
        assert images == [k for k in ours.get_asset_keys() if k.startswith("image")]
        for key in images:
            assert _strip_luts(ours.get_asset(key).metadata) == \
                theirs.get_asset(key).metadata.entries()


def test_gdal_file_vocabulary(tmp_path):
    data = (np.arange(3 * 40 * 50) % 251).astype(np.uint8).reshape(3, 40, 50)
    path = tmp_path / "g.ntf"
    with rasterio.open(path, "w", driver="NITF", width=50, height=40, count=3, dtype="uint8",
                       FTITLE="title", IID2="x", ICORDS="G", blockxsize=16, blockysize=16,
                       crs="EPSG:4326",
                       transform=rasterio.Affine(0.01, 0, 10, 0, -0.01, 20)) as ds:
        ds.write(data)
    _same_as_osml(path)


@pytest.mark.parametrize("imode", ["B", "S"])
def test_our_file_vocabulary(tmp_path, imode):
    data = (np.arange(2 * 30 * 20) % 251).astype(np.uint16).reshape(2, 30, 20)
    path = write_nitf(tmp_path / "o.ntf", data, IC="NC", IMODE=imode, ICOM=["a comment"],
                      ISORCE="src", NPPBH="8", NPPBV="8")
    _same_as_osml(path)
    with IO.open([str(path)], "w") as w:  # a text-only file
        w.add_asset("text:0", BufferedTextAssetProvider.create("t", "hello"))
    _same_as_osml(path)


@pytest.mark.parametrize("comrat,fixed", [("N001.0", "N010"), ("V020.0", "V200")])
def test_osml_six_character_comrat_file_reads_and_is_repaired_on_save(tmp_path, comrat, fixed):
    """osml-imagery-io writes 'N001.0' into the 4-character COMRAT field (a defect that shifts the
    rest of the subheader): GDAL refuses the file; we read it, and a save writes it correctly."""
    data = (np.arange(3 * 64 * 64) % 251).astype(np.uint8).reshape(3, 64, 64)
    bad = write_with_osml(tmp_path / "osml.ntf", data, 64, IC="C8", COMRAT=comrat)
    with pytest.raises(rasterio.errors.RasterioIOError):
        rasterio.open(bad)  # the defect is real: GDAL cannot open it
    fixed_path = tmp_path / "fixed.ntf"
    with IO.open([str(bad)]) as r:
        image = r.get_asset("image:0")
        assert image.metadata["COMRAT"] == comrat and image.metadata["NBANDS"] == "3"
        if comrat.startswith("N"):
            np.testing.assert_array_equal(image.get_block(0, 0), data)
        with IO.open([str(fixed_path)], "w") as w:
            w.metadata = r.metadata
            w.add_asset("image:0", image)
    with IO.open([str(fixed_path)]) as r:
        assert r.get_asset("image:0").metadata["COMRAT"] == fixed
    with rasterio.open(fixed_path) as ds:  # GDAL opens the repaired file
        assert ds.tags(ns="IMAGE_STRUCTURE")["COMPRESSION"] == "JPEG2000"
        if comrat.startswith("N"):
            np.testing.assert_array_equal(ds.read(), data)

"""Our metadata vocabulary equals the reference reader's (osml-imagery-io) key for key and
value for value, on files GDAL writes and files we write. (We also expose LUT bytes as LUTD.)"""

import numpy as np
import pytest
import rasterio

from workbench.io.core.io import IO
from workbench.io.core.providers import BufferedTextAssetProvider

from .conftest import write_nitf

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

"""A NITF with no segments is valid (NUMI = NUMS = NUMT = NUMDES = 0): writing one works."""

import rasterio

from workbench.io import IO


def test_header_only_nitf(tmp_path):
    path = tmp_path / "empty.ntf"
    with IO.open([path], "w", "nitf") as writer:
        writer.metadata["FTITLE"] = "no segments"
    with IO.open(path) as reader:
        assert reader.get_asset_keys() == []
        assert reader.metadata["NUMI"] == "000" and reader.metadata["FTITLE"].strip() == "no segments"
        assert int(reader.metadata["FL"]) == path.stat().st_size
    with rasterio.open(path) as ds:  # GDAL accepts it too
        assert ds.tags()["NITF_FTITLE"] == "no segments"

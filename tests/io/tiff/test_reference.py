"""Parity with the reference peer (osml-imagery-io): names, metadata keys and files."""

import numpy as np
import pytest
import rasterio
from rasterio.transform import from_origin

from workbench.io import IO, imsave
from workbench.io.tiff.utils import TagNameResolver

from .conftest import scene

osml = pytest.importorskip("aws.osml.io")
from aws.osml.io.tiff.utils import TagNameResolver as RefResolver  # noqa: E402

OPERATIONS = [("Compression", "Deflate"), ("Compression", "lzw"), ("TileWidth", "256"),
              ("TileLength", "512"), ("Predictor", "Horizontal"), ("Predictor", "None"),
              ("PlanarConfiguration", "Planar"), ("PhotometricInterpretation", "RGB"),
              ("SampleFormat", "float"), ("Software", "x"), ("Orientation", "TopLeft"),
              ("NotATag", "kept"), ("GDALNoData", "-9999")]


def test_resolver_writes_the_same_keys_and_values_as_the_reference():
    ours, ref = {}, {}
    for name, value in OPERATIONS:
        TagNameResolver(ours)[name] = value
        RefResolver(ref)[name] = value
    assert ours == ref
    r, rr = TagNameResolver(ours), RefResolver(ref)
    for name, _ in OPERATIONS:
        assert r[name] == rr[name] and r.get(name) == rr.get(name) and (name in r) == (name in rr)
    assert r.by_number(259) == rr.by_number(259) and r.get("Missing", 3) == 3
    assert list(r) == list(rr) and len(r) == len(rr)
    for name, number in RefResolver.DEFAULT_MAPPING.items():
        assert TagNameResolver.DEFAULT_MAPPING[name] == number


def test_tile_height_alias_of_the_spec_table():
    tags = {}
    TagNameResolver(tags)["TileHeight"] = "128"
    assert tags == {"323": "128"}


def test_metadata_keys_and_values_match_the_reference(tmp_path):
    path = tmp_path / "g.tif"
    data = scene(3, 300, 400)
    with rasterio.open(path, "w", driver="GTiff", width=400, height=300, count=3, dtype="uint8",
                       crs="EPSG:32618", transform=from_origin(300000, 4500000, 0.5, 0.5),
                       tiled=True, blockxsize=256, blockysize=256, compress="deflate") as ds:
        ds.write(data)
        ds.build_overviews([2, 4])
    with IO.open([path]) as ours, osml.IO.open([str(path)], "r") as ref:
        assert ours.get_asset_keys() == list(ref.get_asset_keys())
        for key in ref.get_asset_keys():
            a, b = ours.get_asset(key), ref.get_asset(key)
            assert a.roles == list(b.roles)
            ref_meta = dict(b.metadata.entries())
            our_meta = {k: v for k, v in a.metadata.entries().items() if k.isdigit()}
            assert our_meta == ref_meta
            np.testing.assert_array_equal(a.get_block(0, 0), b.get_block(0, 0, 0))


def test_reference_reads_what_we_write(tmp_path):
    data = scene(3, 300, 400, "uint16")
    path = tmp_path / "o.tif"
    imsave(path, data, compression="LZW", corners=[(-77, 39), (-76.5, 39), (-76.5, 38.5),
                                                   (-77, 38.5)], crs="EPSG:4326")
    np.testing.assert_array_equal(osml.imread(str(path)), data)

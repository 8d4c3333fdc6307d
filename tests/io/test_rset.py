"""R-set pyramids end to end with TIFF and PNG: the spec's write and read examples."""

import io
import os

import numpy as np
import pytest
import rasterio

from workbench.io import IO, AssetType, BufferedImageAssetProvider, BufferedMetadataProvider
from workbench.io.core.window import read_window
from workbench.io.pyramid import build_overviews


def _pyramid(size=1024, bands=3, meta=None):
    rng = np.random.default_rng(size)
    full = rng.integers(0, 255, (bands, size, size), dtype=np.uint8)
    base = BufferedImageAssetProvider.from_array("image:0", full, 256, 256, metadata=meta)
    return full, base, build_overviews(base, min_size=size // 4)


@pytest.mark.parametrize("ext", ["tif", "png"])
def test_spec_rset_write_then_read(tmp_path, ext):
    full, base, ovrs = _pyramid()
    paths = [str(tmp_path / f"output.{ext}")] + [str(tmp_path / f"output.{ext}.r{i}")
                                                   for i in (1, 2)]
    with IO.open(paths, "w", "tiff" if ext == "tif" else "png") as writer:
        writer.add_asset("image:0", base, title="Full Resolution", description="Base image",
                         roles=["data"])
        for ovr in ovrs:
            writer.add_asset(ovr.key, ovr, title=f"Overview {ovr.level}",
                             description=f"{ovr.factor}x reduced", roles=["overview"])
    with IO.open(paths, "r") as dataset:
        keys = dataset.get_asset_keys(asset_type=AssetType.Image)
        sizes = {k: (dataset.get_asset(k).num_columns, dataset.get_asset(k).num_rows)
                 for k in keys}
        assert sizes == {"image:0": (1024, 1024), "image:0:overview:1": (512, 512),
                         "image:0:overview:2": (256, 256)}
        assert dataset.get_asset("image:0:overview:2").roles == ["overview"]
        np.testing.assert_array_equal(read_window(dataset.get_asset("image:0")), full)
        for ovr in ovrs:
            np.testing.assert_array_equal(read_window(dataset.get_asset(ovr.key)),
                                          read_window(ovr))
    # each file is a standard single-image dataset that GDAL reads on its own
    for path, expected in zip(paths, [full] + [read_window(o) for o in ovrs]):
        with rasterio.open(path, driver="GTiff" if ext == "tif" else "PNG") as ds:
            np.testing.assert_array_equal(ds.read(), expected)
    # base first, then ascending levels
    mtimes = [os.stat(p).st_mtime_ns for p in paths]
    assert mtimes == sorted(mtimes)


def test_tiff_rset_levels_are_georeferenced_at_their_scale(tmp_path):
    meta = BufferedMetadataProvider({"GeoProjectedCRS": "32618",
                                     "GeoTransform": "[300000, 0.5, 0, 4500000, 0, -0.5]"})
    _, base, ovrs = _pyramid(512, 1, meta)
    paths = [str(tmp_path / "g.tif"), str(tmp_path / "g.tif.r1"), str(tmp_path / "g.tif.r2")]
    with IO.open(paths, "w") as writer:
        writer.add_asset("image:0", base, roles=["data"])
        for ovr in ovrs:
            writer.add_asset(ovr.key, ovr, roles=["overview"])
    for i, path in enumerate(paths):
        with rasterio.open(path) as ds:
            assert ds.crs.to_epsg() == 32618
            assert ds.transform.a == 0.5 * 2 ** i and ds.transform.c == 300000


def test_rset_extra_path_without_suffix_is_an_error(tmp_path):
    with pytest.raises(ValueError, match=r"\.rN"):
        IO.open([str(tmp_path / "a.tif"), str(tmp_path / "b.tif")], "w")


def test_rset_asset_for_a_missing_level_is_an_error(tmp_path):
    _, base, ovrs = _pyramid(512)
    writer = IO.open([str(tmp_path / "a.tif"), str(tmp_path / "a.tif.r1")], "w")
    writer.add_asset("image:0", base)
    with pytest.raises(ValueError, match="r2"):
        writer.add_asset("image:0:overview:2", ovrs[1], roles=["overview"])
    writer.abort()


def test_rset_file_metadata_forwarded_and_keys_remapped(tmp_path):
    _, base, ovrs = _pyramid(512)
    paths = [str(tmp_path / "m.tif"), str(tmp_path / "m.tif.r1")]
    with IO.open(paths, "w") as writer:
        writer.metadata = BufferedMetadataProvider({"ORIGINATOR": "test"})
        writer.add_asset("image:0", base)
        writer.add_asset("image:0:overview:1", ovrs[0], roles=["overview"])
        assert all(w.metadata.get("ORIGINATOR") is None for w in writer.by_level.values())
        assert [i.key for i in writer.by_level[1].items] == ["image:0"]
        assert writer.by_level[1].items[0].roles == ["data"]
    assert all(w.metadata["ORIGINATOR"] == "test" for w in writer.by_level.values())
    with IO.open([paths[1]]) as single:
        assert single.get_asset_keys() == ["image:0"]


def test_rset_streams_with_explicit_roles(tmp_path):
    full, base, ovrs = _pyramid(512)
    streams = [io.BytesIO(), io.BytesIO()]
    with IO.open(streams, "w", "png", roles=["data", "r1"]) as writer:
        writer.add_asset("image:0", base)
        writer.add_asset("image:0:overview:1", ovrs[0], roles=["overview"])
    data = [io.BytesIO(s.getvalue()) for s in streams]
    with IO.open(data, "r", "png", roles=["data", "r1"]) as dataset:
        assert dataset.get_asset_keys() == ["image:0", "image:0:overview:1"]
        np.testing.assert_array_equal(read_window(dataset.get_asset("image:0:overview:1")),
                                      read_window(ovrs[0]))

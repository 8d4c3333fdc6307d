"""Lazy overview providers: values checked against a direct numpy reduction."""

import numpy as np
import pytest

from workbench.io import BufferedImageAssetProvider, BufferedMetadataProvider
from workbench.io.core.window import read_window
from workbench.io.geo import GeoRef
from workbench.io.pyramid import NEAREST, OverviewProvider, build_overviews, choose_method


def area_mean(data, f):
    """Reference: repeated 2x2 means of the pixels present (integers rounded half up)."""
    out = data
    while f > 1:
        b, h, w = out.shape
        pad = np.full((b, h + h % 2, w + w % 2), np.nan)
        pad[:, :h, :w] = out
        out = np.nanmean(pad.reshape(b, pad.shape[1] // 2, 2, pad.shape[2] // 2, 2), axis=(2, 4))
        if data.dtype.kind in "iu":
            out = np.floor(out + 0.5)
        f //= 2
    return out


@pytest.mark.parametrize("block", [(64, 64), (100, 37), (0, 0)])
@pytest.mark.parametrize("level", [1, 3])
def test_area_average_matches_numpy_for_any_source_blocking(block, level):
    data = np.random.default_rng(level).integers(0, 65535, (2, 203, 157), dtype=np.uint16)
    prov = BufferedImageAssetProvider.from_array("x", data, block_width=block[0] or None,
                                                 block_height=block[1] or None)
    ovr = OverviewProvider(prov, level, block_size=32)
    expected = area_mean(data, 1 << level)
    got = read_window(ovr)
    assert got.dtype == np.uint16 and got.shape == expected.shape
    np.testing.assert_array_equal(got, expected)


def test_float_average_and_band_selection():
    data = np.random.default_rng(2).normal(size=(3, 50, 70)).astype(np.float32)
    ovr = OverviewProvider(BufferedImageAssetProvider.from_array("x", data, 16, 16), 2)
    np.testing.assert_allclose(ovr.get_block(0, 0, 0, bands=[2]),
                               area_mean(data, 4)[2:3].astype(np.float32), atol=1e-6)


def test_nearest_takes_one_pixel_per_cell_and_never_blends():
    classes = np.random.default_rng(3).integers(0, 5, (1, 131, 99), dtype=np.uint8)
    prov = BufferedImageAssetProvider.from_array("x", classes, 32, 32)
    ovr = OverviewProvider(prov, 2, NEAREST)
    rows = np.minimum(np.minimum(np.arange(33) * 2 + 1, 65) * 2 + 1, 130)
    cols = np.minimum(np.minimum(np.arange(25) * 2 + 1, 49) * 2 + 1, 98)
    np.testing.assert_array_equal(read_window(ovr), classes[:, rows][:, :, cols])
    assert set(np.unique(read_window(ovr))) <= set(np.unique(classes))


def test_method_chosen_from_palette_lut_and_mask():
    meta = BufferedMetadataProvider({"262": "3"})
    palette = BufferedImageAssetProvider.from_array("p", np.zeros((1, 8, 8), np.uint8),
                                                    metadata=meta)
    lut = BufferedImageAssetProvider.from_array("l", np.zeros((1, 8, 8), np.uint8),
                                                metadata={"IREP": "LUT     "})
    mask = BufferedImageAssetProvider.from_array("m", np.zeros((1, 8, 8), np.uint8),
                                                 roles=["mask"])
    rgb = BufferedImageAssetProvider.from_array("r", np.zeros((3, 8, 8), np.uint8))
    assert [choose_method(a) for a in (palette, lut, mask, rgb)] == \
        ["nearest", "nearest", "nearest", "average"]


def test_levels_stop_at_min_size_and_keys():
    prov = BufferedImageAssetProvider.from_array("x", np.zeros((1, 1000, 3000), np.uint8))
    ovrs = build_overviews(prov, min_size=256)
    assert [(o.key, o.num_columns, o.num_rows) for o in ovrs] == [
        ("image:0:overview:1", 1500, 500), ("image:0:overview:2", 750, 250),
        ("image:0:overview:3", 375, 125), ("image:0:overview:4", 188, 63)]
    assert all(o.roles == ["overview"] for o in ovrs)


def test_overview_georeference_is_scaled():
    meta = BufferedMetadataProvider({"GeoProjectedCRS": "32618", "GeoRasterType": "PixelIsArea",
                                     "GeoTransform": "[300000, 0.5, 0, 4500000, 0, -0.5]",
                                     "GeoPixelScale": "[0.5, 0.5, 0]",
                                     "GeoTiepoints": "[0, 0, 0, 300000, 4500000, 0]"})
    prov = BufferedImageAssetProvider.from_array("x", np.zeros((1, 64, 64), np.uint8),
                                                 metadata=meta)
    ovr = OverviewProvider(prov, 2)
    ref = GeoRef.from_tiff_metadata(ovr.metadata)
    assert tuple(ref.transform) == (300000, 2.0, 0, 4500000, 0, -2.0)
    assert "GeoPixelScale" not in ovr.metadata


def test_each_level_reads_its_parent_once_whatever_the_order():
    data = np.random.default_rng(5).integers(0, 255, (1, 512, 512), dtype=np.uint8)
    prov = BufferedImageAssetProvider.from_array("x", data, 64, 64)
    reads = []
    original = prov._read_block
    prov._read_block = lambda *a: reads.append(a[:2]) or original(*a)
    ovrs = build_overviews(prov, min_size=64, block_size=64)
    for ovr in reversed(ovrs):  # COG order: smallest first
        read_window(ovr)
    assert sorted(reads) == sorted(set(reads)) and len(reads) == 64
    np.testing.assert_array_equal(read_window(ovrs[0]), area_mean(data, 2))


def test_absent_source_blocks_read_as_pad():
    prov = BufferedImageAssetProvider.create("x", 64, 64, 1, 32, 32)
    prov.set_block(0, 0, np.full((1, 32, 32), 200, np.uint8))
    got = read_window(OverviewProvider(prov, 1))
    assert (got[:, :16, :16] == 200).all() and (got[:, 16:, :] == 0).all()


def test_add_pyramid_writes_a_cog_and_an_rset(tmp_path):
    import rasterio

    from workbench.io import IO
    from workbench.io.pyramid import add_pyramid

    data = np.random.default_rng(7).integers(0, 255, (1, 700, 600), dtype=np.uint8)
    prov = BufferedImageAssetProvider.from_array("x", data, 256, 256)
    with IO.open([tmp_path / "c.tif"], "w") as writer:
        ovrs = add_pyramid(writer, prov)
    with rasterio.open(tmp_path / "c.tif") as ds:
        assert ds.overviews(1) == [2, 4] and len(ovrs) == 2
    paths = [str(tmp_path / "r.tif")] + [str(tmp_path / f"r.tif.r{i}") for i in (1, 2, 3)]
    with IO.open(paths, "w") as writer:
        add_pyramid(writer, prov, levels=3)
    with rasterio.open(paths[3]) as ds:
        assert (ds.width, ds.height) == (75, 88)
        np.testing.assert_array_equal(ds.read(), area_mean(data, 8))

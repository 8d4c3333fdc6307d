import numpy as np
import pytest

from workbench.io import (
    AssetType,
    BlockIndexError,
    BufferedDataAssetProvider,
    BufferedImageAssetProvider,
    BufferedTextAssetProvider,
    PixelType,
)


def make(rows=300, cols=200, bands=3, bw=128, bh=128, dtype=np.uint8):
    data = (np.arange(bands * rows * cols) % 251).astype(dtype).reshape(bands, rows, cols)
    p = BufferedImageAssetProvider.create(key="k", num_columns=cols, num_rows=rows,
                                          num_bands=bands, block_width=bw, block_height=bh,
                                          pixel_type=PixelType.from_numpy_dtype(dtype))
    return p, data


def test_attributes_and_grid():
    p, data = make()
    assert p.image_shape == (3, 300, 200)
    assert p.block_shape == (3, 128, 128)
    assert p.block_grid_size == (3, 2)
    assert p.num_bits_per_pixel == 8 and p.actual_bits_per_pixel == 8
    assert p.num_resolution_levels == 1 and p.pad_pixel_value == 0
    assert p.roles == ["data"] and p.asset_type == AssetType.Image
    assert not p.has_block(0, 0)


def test_set_full_image_any_layout_and_edge_blocks():
    p, data = make()
    fortran = np.asfortranarray(data)
    p.set_full_image(fortran)
    assert p.has_block(2, 1)
    np.testing.assert_array_equal(p.get_block(2, 1), data[:, 256:, 128:])
    np.testing.assert_array_equal(p.get_block(0, 0, 0, bands=[2, 0]), data[[2, 0], :128, :128])
    strided = np.ascontiguousarray(np.moveaxis(data, 0, -1)).transpose(2, 0, 1)
    p.set_full_image(strided)
    np.testing.assert_array_equal(p.get_block(1, 0), data[:, 128:256, :128])


def test_set_block_and_sparse():
    p, data = make()
    p.set_block(1, 1, data[:, 128:256, 128:])
    full_size_edge = np.zeros((3, 128, 128), np.uint8)
    p.set_block(2, 0, full_size_edge)
    assert p.has_block(1, 1) and p.has_block(2, 0) and not p.has_block(0, 0)
    assert p.get_block(0, 0).shape == (3, 128, 128)
    assert not p.get_block(0, 0).any()
    assert p.get_block(2, 0).shape == (3, 44, 128)


@pytest.mark.parametrize("bad, message", [
    (np.zeros((3, 10, 10), np.uint8), "expected shape"),
    (np.zeros((3, 300, 200), np.uint16), "expected dtype"),
])
def test_mismatches_say_what_was_expected(bad, message):
    p, _ = make()
    with pytest.raises(ValueError, match=message):
        p.set_full_image(bad)


def test_block_index_errors():
    p, data = make()
    p.set_full_image(data)
    with pytest.raises(BlockIndexError, match="outside"):
        p.get_block(5, 0)
    with pytest.raises(IndexError):
        p.get_block(0, 0, 1)
    with pytest.raises(ValueError, match="band"):
        p.get_block(0, 0, 0, bands=[3])


def test_every_pixel_type_round_trips_through_numpy():
    for pt in PixelType:
        assert PixelType.from_numpy_dtype(pt.to_numpy_dtype()) is pt
    with pytest.raises(ValueError):
        PixelType.from_numpy_dtype(np.bool_)


def test_text_and_data_providers():
    t = BufferedTextAssetProvider.create(key="text_0", text_content="Hello", title="T")
    assert t.text == "Hello" and t.asset_type == AssetType.Text and t.roles == ["data"]
    d = BufferedDataAssetProvider.create(key="data_0", data=b"<xml/>", mime_type="text/xml")
    assert d.raw_asset == b"<xml/>" and d.asset_type == AssetType.Data

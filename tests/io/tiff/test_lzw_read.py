"""LZW blocks decode through libtiff (a one-strip TIFF wrapped around each block): every pixel
type, band count, interleave, byte order, predictor and edge block GDAL writes reads back
identically, and bad bytes still raise FormatError naming the block."""

import numpy as np
import pytest
import rasterio

from workbench.io import FormatError, imread

from .conftest import scene


def _gdal_write(path, data, **opts):
    bands, rows, cols = data.shape
    with rasterio.open(path, "w", driver="GTiff", width=cols, height=rows, count=bands,
                       dtype=data.dtype, compress="lzw", **opts) as ds:
        ds.write(data)


LAYOUTS = [
    dict(predictor=2, tiled=True, blockxsize=32, blockysize=48),
    dict(predictor=2, blockysize=7, interleave="band"),
    dict(predictor=1, tiled=True, blockxsize=16, blockysize=16, ENDIANNESS="BIG"),
    dict(predictor=2, blockysize=5, ENDIANNESS="BIG"),
]


@pytest.mark.filterwarnings("ignore::rasterio.errors.NotGeoreferencedWarning")
@pytest.mark.parametrize("opts", LAYOUTS, ids=["tiled-pred2", "strips-planar", "tiled-be",
                                               "strips-pred2-be"])
@pytest.mark.parametrize("dtype,bands", [("uint8", 3), ("int8", 1), ("uint16", 4),
                                         ("int16", 2), ("uint32", 5), ("int32", 3)])
def test_lzw_integer_layouts_read_pixel_exact(tmp_path, opts, dtype, bands):
    data = scene(bands, 61, 83, dtype)
    path = tmp_path / "l.tif"
    _gdal_write(path, data, **opts)
    ours = imread(path)
    assert ours.dtype == np.dtype(dtype)
    np.testing.assert_array_equal(ours, data)


@pytest.mark.filterwarnings("ignore::rasterio.errors.NotGeoreferencedWarning")
@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("predictor", [1, 3])
@pytest.mark.parametrize("endian", ["LITTLE", "BIG"])
def test_lzw_floating_point_read_pixel_exact(tmp_path, dtype, predictor, endian):
    data = scene(2, 45, 70, dtype)
    path = tmp_path / "f.tif"
    _gdal_write(path, data, predictor=predictor, tiled=True, blockxsize=32, blockysize=32,
                ENDIANNESS=endian)
    np.testing.assert_array_equal(imread(path), data)


@pytest.mark.filterwarnings("ignore::rasterio.errors.NotGeoreferencedWarning")
@pytest.mark.parametrize("damage", ["junk", "truncated"])
def test_damaged_lzw_block_raises_format_error_naming_the_block(tmp_path, damage):
    data = scene(3, 64, 64, "uint8")
    path = tmp_path / "d.tif"
    _gdal_write(path, data, predictor=2, tiled=True, blockxsize=32, blockysize=32)
    with rasterio.open(path) as ds:
        offset = int(ds.get_tag_item("BLOCK_OFFSET_1_0", "TIFF", bidx=1))
        size = int(ds.get_tag_item("BLOCK_SIZE_1_0", "TIFF", bidx=1))
    raw = bytearray(path.read_bytes())
    if damage == "junk":
        raw[offset:offset + size] = b"\xff" * size
    else:  # the block's second half is zeros: codes stop early, rows go missing
        raw[offset + size // 2:offset + size] = bytes(size - size // 2)
    path.write_bytes(bytes(raw))
    with pytest.raises(FormatError, match="block|tile"):
        imread(path)


@pytest.mark.parametrize("dtype,predictor", [("uint8", 2), ("uint16", 2), ("int32", 1),
                                             (">u2", 2), ("float32", 3), (">f8", 3)])
def test_lzw_blocks_take_the_libtiff_path_and_match_the_codec_path(dtype, predictor):
    import imagecodecs

    from workbench.io.tiff.codec import LZW, BlockDecoder

    dtype = np.dtype(dtype)
    block = scene(3, 37, 29, dtype.newbyteorder("=")).transpose(1, 2, 0).astype(dtype)
    encoded = block
    if predictor == 2:
        encoded = imagecodecs.delta_encode(block.astype(dtype.newbyteorder("=")), axis=-2)
        encoded = encoded.astype(dtype)
    elif predictor == 3:
        encoded = imagecodecs.floatpred_encode(block, axis=-2)
    data = imagecodecs.lzw_encode(np.ascontiguousarray(encoded).tobytes())
    decoder = BlockDecoder(LZW, predictor, dtype, 3)
    assert decoder.via_libtiff
    got = decoder.decode(data, 37, 29, "tile 0")
    np.testing.assert_array_equal(got, block)
    decoder.via_libtiff = False  # the imagecodecs path gives the same pixels
    np.testing.assert_array_equal(decoder.decode(data, 37, 29, "tile 0"), got)

"""PNG files from other writers (Pillow, GDAL, libpng through imagecodecs): every colour type,
bit depth, filter type and interlacing, read as GDAL reads them (palettes expanded)."""

import warnings

import imagecodecs
import numpy as np
import pytest
import rasterio
from PIL import Image

from workbench.io import iminfo, imread

from .conftest import content, pillow_read, region, write_interlaced

WINDOWS = [(0, 0, 1, 1), (0, 0, 61, 47), (60, 46, 1, 1), (13, 5, 20, 9), (0, 40, 61, 7)]


def expected(path):
    """GDAL's pixels, with a palette image's indices looked up in its colour table."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with rasterio.open(path) as ds:
            data = ds.read()
            if ds.count == 1 and ds.colorinterp[0].name == "palette":
                table = ds.colormap(1)
                lut = np.array([table.get(i, (0, 0, 0, 255)) for i in range(256)], np.uint8)
                rgba = np.moveaxis(lut[data[0]], -1, 0)
                alpha = "tRNS" in open(path, "rb").read().decode("latin-1")
                return rgba if alpha else rgba[:3]
    return data


def check(path, bits=None):
    want = expected(path)
    np.testing.assert_array_equal(imread(path), want)
    for x, y, w, h in WINDOWS:
        if x >= want.shape[2] or y >= want.shape[1]:
            continue
        w, h = min(w, want.shape[2] - x), min(h, want.shape[1] - y)
        np.testing.assert_array_equal(region(path, x, y, w, h), want[:, y:y + h, x:x + w])
        np.testing.assert_array_equal(imread(path, window=(x, y, w, h)),
                                      want[:, y:y + h, x:x + w])
    info = iminfo(path)
    assert (info.bands, info.height, info.width) == want.shape
    if bits:
        assert info.metadata["PNG_BIT_DEPTH"] == str(bits)
    return want


@pytest.mark.parametrize("bits", [1, 2, 4, 8])
def test_gray_low_bit_depths_from_pillow(tmp_path, bits):
    data = content(1, 47, 61)[0] >> (8 - bits)
    path = tmp_path / "g.png"
    Image.fromarray(data if bits > 1 else data.astype(bool)).save(path, bits=bits)
    want = check(path, bits)
    assert want.max() <= (1 << bits) - 1  # samples are not rescaled to 8 bits


@pytest.mark.parametrize("nbits", [1, 2, 4])
def test_gray_low_bit_depths_from_gdal(tmp_path, nbits):
    data = content(1, 47, 61) >> (8 - nbits)
    path = tmp_path / "g.png"
    with rasterio.open(path, "w", driver="PNG", width=61, height=47, count=1, dtype="uint8",
                       nbits=nbits) as ds:
        ds.write(data)
    np.testing.assert_array_equal(check(path, nbits), data)


@pytest.mark.parametrize("bands, dtype", [(1, "uint16"), (2, "uint8"), (2, "uint16"),
                                          (3, "uint16"), (4, "uint8"), (4, "uint16")])
def test_gdal_written_types(tmp_path, bands, dtype):
    data = content(bands, 47, 61, np.dtype(dtype))
    path = tmp_path / "d.png"
    with rasterio.open(path, "w", driver="PNG", width=61, height=47, count=bands,
                       dtype=dtype) as ds:
        ds.write(data)
    np.testing.assert_array_equal(check(path), data)


@pytest.mark.parametrize("bits", [1, 2, 4, 8])
@pytest.mark.parametrize("transparency", [False, True])
def test_palettes(tmp_path, bits, transparency):
    index = (content(1, 47, 61)[0] >> (8 - bits)).astype(np.uint8)
    im = Image.fromarray(index, "P")
    colours = 1 << bits
    im.putpalette([(i * 37 + c * 91) % 256 for i in range(colours) for c in range(3)])
    path = tmp_path / "p.png"
    kw = {"transparency": bytes((i * 50) % 256 for i in range(colours))} if transparency else {}
    im.save(path, bits=bits, **kw)
    want = check(path, bits)
    assert want.shape[0] == (4 if transparency else 3)
    np.testing.assert_array_equal(want[:3], np.moveaxis(np.asarray(im.convert("RGB")), -1, 0))


@pytest.mark.parametrize("mode", ["L", "RGB"])
def test_trns_of_gray_and_rgb_adds_no_band(tmp_path, mode):
    data = content(3 if mode == "RGB" else 1, 47, 61)
    arr = np.moveaxis(data, 0, -1) if mode == "RGB" else data[0]
    path = tmp_path / "t.png"
    Image.fromarray(arr, mode).save(path, transparency=(7, 7, 7) if mode == "RGB" else 7)
    np.testing.assert_array_equal(check(path), data)


@pytest.mark.parametrize("png_filter", ["NONE", "SUB", "UP", "AVG", "PAETH", "ALL"])
@pytest.mark.parametrize("bands", [1, 3, 4])
def test_every_filter_type_from_libpng(tmp_path, png_filter, bands):
    data = content(bands, 47, 61)
    hwc = np.ascontiguousarray(np.moveaxis(data, 0, -1))
    path = tmp_path / "f.png"
    flt = getattr(imagecodecs.PNG.FILTER, png_filter)
    path.write_bytes(imagecodecs.png_encode(hwc if bands > 1 else hwc[:, :, 0], filter=flt))
    np.testing.assert_array_equal(check(path), data)
    np.testing.assert_array_equal(pillow_read(path), data)


@pytest.mark.parametrize("bands, color, dtype", [(1, 0, np.uint8), (2, 4, np.uint8),
                                                 (3, 2, np.uint8), (4, 6, np.uint8),
                                                 (1, 0, np.uint16), (3, 2, np.uint16)])
@pytest.mark.parametrize("shape", [(47, 61), (1, 1), (3, 9), (9, 2)])
def test_interlaced(tmp_path, bands, color, dtype, shape):
    data = content(bands, *shape, dtype=dtype)
    path = tmp_path / "i.png"
    write_interlaced(path, np.moveaxis(data, 0, -1), color)
    if dtype == np.uint8:  # the helper is trusted only once Pillow reads it back
        np.testing.assert_array_equal(pillow_read(path), data)
    np.testing.assert_array_equal(check(path), data)
    np.testing.assert_array_equal(imread(path, window=(0, 0, 1, 1)), data[:, :1, :1])


def test_big_window_of_a_foreign_file_uses_the_whole_decode(tmp_path):
    data = content(3, 200, 50)
    path = tmp_path / "b.png"
    Image.fromarray(np.moveaxis(data, 0, -1)).save(path)
    np.testing.assert_array_equal(region(path, 0, 150, 50, 50), data[:, 150:])
    np.testing.assert_array_equal(region(path, 10, 20, 5, 5, bands=[1]), data[[1], 20:25, 10:15])


def test_window_whose_rows_need_more_data_than_their_share(tmp_path):
    """Noisy top rows, flat bottom: the top needs far more than its share of the compressed
    data, so the first guess of how many IDAT chunks to hand the decoder falls short."""
    data = np.zeros((3, 600, 600), np.uint8)
    data[:, :300] = np.random.default_rng(1).integers(0, 256, (3, 300, 600), dtype=np.uint8)
    path = tmp_path / "n.png"
    Image.fromarray(np.moveaxis(data, 0, -1)).save(path)
    with open(path, "rb") as f:
        assert f.read().count(b"IDAT") > 5
    np.testing.assert_array_equal(region(path, 100, 200, 300, 90), data[:, 200:290, 100:400])

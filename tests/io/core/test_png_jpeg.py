"""PNG and JPEG end to end, checked against an independent decoder (GDAL via rasterio)."""

import io

import numpy as np
import pytest
import rasterio

from workbench.io import IO, FormatError, iminfo, imread, imsave, tiles


def scene(bands, rows=120, cols=150, dtype=np.uint8):
    y, x = np.mgrid[0:rows, 0:cols]
    top = np.iinfo(dtype).max
    base = [(x * 1.7 + y) % 256, (y * 2.1) % 256, 128 + 100 * np.sin(x / 9.0) * np.cos(y / 7.0),
            (x ^ y) % 256]
    out = np.stack(base[:bands]).astype(np.float64) / 255.0 * top
    return out.astype(dtype)


def gdal_read(path):
    with rasterio.open(path) as ds:
        return ds.read()


@pytest.mark.parametrize("bands", [1, 2, 3, 4])
@pytest.mark.parametrize("dtype", [np.uint8, np.uint16])
def test_png_round_trip_matches_gdal(tmp_path, bands, dtype):
    data = scene(bands, dtype=dtype)
    path = tmp_path / "x.png"
    imsave(path, data)
    ours = imread(path)
    np.testing.assert_array_equal(ours, data)
    np.testing.assert_array_equal(gdal_read(path), data)


def test_png_we_read_what_gdal_writes(tmp_path):
    data = scene(3)
    path = tmp_path / "g.png"
    with rasterio.open(path, "w", driver="PNG", width=150, height=120, count=3,
                       dtype="uint8") as ds:
        ds.write(data)
    np.testing.assert_array_equal(imread(path), data)


@pytest.mark.parametrize("bands", [1, 3])
def test_jpeg_within_expected_error_of_gdal(tmp_path, bands):
    data = scene(bands)
    path = tmp_path / "x.jpg"
    imsave(path, data, quality=90)
    ours = imread(path).astype(int)
    theirs = gdal_read(path).astype(int)
    assert ours.shape == data.shape
    # two decoders of the same stream: they differ only in chroma upsampling at sharp edges
    assert np.abs(ours - theirs).mean() < 1.0
    assert np.abs(ours - data).mean() < 3.0  # smooth content at quality 90


def test_jpeg_quality_controls_size(tmp_path):
    data = scene(3)
    imsave(tmp_path / "lo.jpg", data, quality=20)
    imsave(tmp_path / "hi.jpg", data, quality=95)
    assert (tmp_path / "lo.jpg").stat().st_size < (tmp_path / "hi.jpg").stat().st_size


def test_unsupported_pixel_types_and_bands_are_refused(tmp_path):
    with pytest.raises(ValueError, match="8- or 16-bit"):
        imsave(tmp_path / "f.png", np.zeros((4, 4), np.float32))
    with pytest.raises(ValueError, match="8-bit"):
        imsave(tmp_path / "f.jpg", np.zeros((4, 4), np.uint16))
    with pytest.raises(ValueError, match="bands"):
        imsave(tmp_path / "f.jpg", np.zeros((2, 4, 4), np.uint8))
    with pytest.raises(ValueError, match="3-D"):
        imsave(tmp_path / "f.png", np.zeros((2, 2, 2, 2), np.uint8))
    with pytest.raises(ValueError, match="empty"):
        imsave(tmp_path / "f.png", np.zeros((0, 4), np.uint8))
    assert list(tmp_path.iterdir()) == []


def test_window_tiles_and_info(tmp_path):
    data = scene(3)
    path = tmp_path / "w.png"
    imsave(path, data)
    np.testing.assert_array_equal(imread(path, window=(10, 20, 30, 40), bands=[2, 0]),
                                  data[[2, 0], 20:60, 10:40])
    np.testing.assert_array_equal(imread(path, window=(140, 110, 50, 50)),
                                  data[:, 110:, 140:])
    with pytest.raises(ValueError, match="window"):
        imread(path, window=(500, 500, 10, 10))
    info = iminfo(path)
    assert (info.width, info.height, info.bands, info.dtype) == (150, 120, 3, "uint8")
    assert info.asset_key == "image:0" and info.metadata["PNG_BIT_DEPTH"] == "8"
    got = list(tiles(path, (64, 64), overlap=(8, 8)))
    assert [(t.x, t.y, t.tile_col, t.tile_row) for t in got[:3]] == [(0, 0, 0, 0), (56, 0, 1, 0),
                                                                    (112, 0, 2, 0)]
    for t in got:
        np.testing.assert_array_equal(t.data, data[:, t.y:t.y + t.data.shape[1],
                                                   t.x:t.x + t.data.shape[2]])
    with pytest.raises(ValueError, match="overlap"):
        list(tiles(path, (8, 8), overlap=(8, 0)))


def test_streams_read_and_write(tmp_path):
    data = scene(3)
    buf = io.BytesIO()
    imsave(buf, data, format="png")
    np.testing.assert_array_equal(imread(io.BytesIO(buf.getvalue()), format="png"), data)
    with open(tmp_path / "s.png", "wb") as f:
        imsave(f, data, format="png")
    with open(tmp_path / "s.png", "rb") as f, IO.open(f, "r", "png") as r:
        np.testing.assert_array_equal(r.get_asset("image:0").get_block(0, 0), data)


@pytest.mark.parametrize("blob, where", [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR\x00", "IHDR"),
    (b"\x89PNG\r\n\x1a\n\x7f\xff\xff\xffIHDR" + b"\x00" * 20, "past the end"),
    (b"\xff\xd8\xff\xe0\xff\xf0JFIF", "past the end"),
    (b"\xff\xd8\xff\xd9", "frame header"),
])
def test_truncated_and_lying_files_raise_clear_errors(tmp_path, blob, where):
    path = tmp_path / "bad.png"
    path.write_bytes(blob)
    with pytest.raises(FormatError, match=where):
        IO.open(path).close()


def test_corrupt_pixel_data_raises_format_error(tmp_path):
    data = scene(3)
    path = tmp_path / "c.png"
    imsave(path, data)
    raw = bytearray(path.read_bytes())
    raw[60:90] = b"\x00" * 30
    path.write_bytes(bytes(raw))
    with pytest.raises(FormatError, match="c.png"):
        imread(path)


@pytest.mark.parametrize("keep", [0.05, 0.5, 0.98])
def test_truncated_jpeg_raises_instead_of_decoding_grey(tmp_path, keep):
    """libjpeg fills what a cut stream lacks with grey; GDAL and Pillow refuse it, and so do we
    (whole reads and top-of-image windows alike). Bytes after EOI are fine."""
    data = scene(3)
    full = tmp_path / "full.jpg"
    imsave(full, data, quality=90)
    raw = full.read_bytes()
    cut = tmp_path / "cut.jpg"
    cut.write_bytes(raw[:int(len(raw) * keep)])
    with pytest.raises(FormatError, match="truncated|past the end"):
        imread(cut)
    with pytest.raises(FormatError, match="truncated|past the end"):
        imread(cut, window=(0, 0, 16, 8))
    trailing = tmp_path / "trailing.jpg"
    trailing.write_bytes(raw + b"\x00" * 100 + b"camera notes")
    np.testing.assert_array_equal(imread(trailing), imread(full))

"""PNG files we write: read identically by GDAL, Pillow and ourselves, whole and by window."""

import struct
import zlib

import numpy as np
import pytest

from workbench.io import IO, imread, imsave
from workbench.io.png import piece_index, writer
from workbench.io.png.chunks import read_layout

from .conftest import content, gdal_read, pillow_read, region


@pytest.fixture(autouse=True)
def small_pieces(monkeypatch):
    # many pieces on small images: boundaries, a short last piece, parallel decoding
    monkeypatch.setattr(writer, "PIECE_BYTES", 4096)


@pytest.mark.parametrize("bands", [1, 2, 3, 4])
@pytest.mark.parametrize("dtype", [np.uint8, np.uint16])
def test_every_writable_kind_reads_identically(tmp_path, bands, dtype):
    data = content(bands, 203, 117, dtype)
    path = tmp_path / "x.png"
    imsave(path, data)
    np.testing.assert_array_equal(gdal_read(path), data)
    np.testing.assert_array_equal(imread(path), data)
    if dtype == np.uint8 or bands == 1:  # Pillow keeps 16 bits for gray only
        np.testing.assert_array_equal(pillow_read(path).astype(dtype), data)
    layout = read_layout(path.read_bytes())
    pieces = piece_index.pieces_of(layout)
    assert pieces is not None and len(pieces) > 3
    assert pieces[-1].first_row + pieces[-1].rows == 203


@pytest.mark.parametrize("window", [(0, 0, 1, 1), (116, 202, 1, 1), (0, 0, 117, 203),
                                    (5, 37, 40, 1), (100, 150, 17, 53), (0, 199, 117, 4),
                                    (60, 0, 57, 203)])
def test_windows_match_the_whole_image(tmp_path, window):
    data = content(3, 203, 117)
    path = tmp_path / "w.png"
    imsave(path, data)
    x, y, w, h = window
    expect = data[:, y:y + h, x:x + w]
    np.testing.assert_array_equal(region(path, *window), expect)
    np.testing.assert_array_equal(region(path, *window, bands=[2, 0]), expect[[2, 0]])
    np.testing.assert_array_equal(imread(path, window=window), expect)
    np.testing.assert_array_equal(gdal_read(path, window), expect)


@pytest.mark.parametrize("shape", [(1, 1, 1), (3, 1, 500), (1, 700, 1), (4, 2, 3)])
def test_tiny_and_thin_images(tmp_path, shape):
    data = content(*shape)
    path = tmp_path / "t.png"
    imsave(path, data)
    np.testing.assert_array_equal(gdal_read(path), data)
    np.testing.assert_array_equal(imread(path), data)


def test_stream_is_one_ordinary_zlib_stream(tmp_path):
    data = content(3, 90, 64)
    path = tmp_path / "z.png"
    imsave(path, data)
    raw = path.read_bytes()
    layout = read_layout(raw)
    stream = b"".join(raw[o:o + n] for o, n in layout.idats)
    inflated = zlib.decompress(stream)  # checks the combined Adler-32 too
    assert len(inflated) == 90 * (64 * 3 + 1)
    assert set(inflated[::64 * 3 + 1]) <= {0, 1, 2, 3, 4}


def test_compression_level_and_quality(tmp_path):
    data = content(3, 120, 150)
    imsave(tmp_path / "l1.png", data, quality=1)
    imsave(tmp_path / "l9.png", data, quality=9)
    imsave(tmp_path / "l0.png", data, quality=0)
    sizes = [(tmp_path / f"l{n}.png").stat().st_size for n in (0, 1, 9)]
    assert sizes[0] > sizes[1] >= sizes[2]
    for n in (0, 1, 9):
        np.testing.assert_array_equal(gdal_read(tmp_path / f"l{n}.png"), data)
    with pytest.raises(ValueError, match="PNG_COMPRESSION_LEVEL"):
        imsave(tmp_path / "bad.png", data, quality=12)
    assert not (tmp_path / "bad.png").exists()


def test_stale_index_falls_back_to_the_stream(tmp_path):
    """An index that no longer matches the IDAT chunks (an editor copied it) is ignored."""
    data = content(3, 60, 50)
    path = tmp_path / "s.png"
    imsave(path, data)
    raw = bytearray(path.read_bytes())
    at = raw.index(piece_index.CHUNK_TYPE)
    length = struct.unpack(">I", raw[at - 4:at])[0]
    body = bytearray(raw[at + 4:at + 4 + length])
    body[1:5] = struct.pack(">I", 7)  # a piece count the IDAT chunks no longer match
    raw[at + 4:at + 4 + length] = body
    crc = zlib.crc32(bytes(raw[at:at + 4 + length]))
    raw[at + 4 + length:at + 8 + length] = struct.pack(">I", crc)
    path.write_bytes(bytes(raw))
    assert piece_index.pieces_of(read_layout(bytes(raw))) is None
    np.testing.assert_array_equal(imread(path), data)
    np.testing.assert_array_equal(region(path, 3, 4, 20, 10), data[:, 4:14, 3:23])


def test_lazy_provider_pulled_in_bands(tmp_path):
    """A duck-typed provider is asked for rows band by band, not all at once."""
    from workbench.io import PixelType

    asked = []

    class Lazy:
        key = title = description = "lazy"
        num_rows, num_columns, num_bands = 300, 40, 3
        num_bits_per_pixel = actual_bits_per_pixel = 8
        pixel_value_type = PixelType.UInt8
        num_pixels_per_block_horizontal = 40
        num_pixels_per_block_vertical = 10
        num_resolution_levels = 1
        pad_pixel_value = 0

        def get_block(self, r, c, level, bands=None):
            asked.append(r)
            return np.full((3, 10, 40), r, np.uint8)

    path = tmp_path / "lazy.png"
    with IO.open([path], "w") as w:
        w.add_asset("image:0", Lazy())
    got = gdal_read(path)
    np.testing.assert_array_equal(got[:, ::10, 0], np.repeat(np.arange(30)[None], 3, 0))
    assert sorted(asked) == list(range(30))


def filter_types(path):
    raw = path.read_bytes()
    layout = read_layout(raw)
    stream = zlib.decompress(b"".join(raw[o:o + n] for o, n in layout.idats))
    return set(stream[::layout.header.row_bytes + 1])


def textured(bands, rows, cols):
    """Blurred noise: the content where Average/Paeth beat None/Sub/Up by far."""
    rng = np.random.default_rng(5)
    noise = rng.normal(0, 1, (bands, rows + 8, cols + 8))
    blurred = sum(noise[:, i:i + rows, j:j + cols] for i in range(9) for j in range(9)) / 9
    return np.clip(128 + 40 * blurred, 0, 255).astype(np.uint8)


@pytest.mark.parametrize("bands", [1, 3, 4])
def test_average_or_paeth_pieces_read_back(tmp_path, bands):
    data = textured(bands, 150, 90)
    path = tmp_path / "tex.png"
    imsave(path, data)
    assert filter_types(path) & {3, 4}
    np.testing.assert_array_equal(imread(path), data)
    np.testing.assert_array_equal(region(path, 7, 33, 50, 70), data[:, 33:103, 7:57])
    np.testing.assert_array_equal(gdal_read(path), data)


def test_flat_graphics_keep_fast_filters(tmp_path):
    data = np.full((3, 100, 80), 240, np.uint8)
    data[:, 20:60, 10:30] = 17
    data[:, ::7, ::3] = 3
    path = tmp_path / "gfx.png"
    imsave(path, data)
    assert filter_types(path) <= {0, 1, 2}
    np.testing.assert_array_equal(imread(path), data)
    np.testing.assert_array_equal(gdal_read(path), data)


def test_progress_per_piece_and_cancel_midway(tmp_path):
    from workbench.io import BufferedImageAssetProvider

    data = content(3, 200, 64)
    provider = BufferedImageAssetProvider.create("image:0", 64, 200, 3, block_width=64,
                                                 block_height=200)
    provider.set_full_image(data)
    seen = []
    with IO.open([tmp_path / "p.png"], "w", progress=lambda f, m: seen.append(f)) as w:
        w.add_asset("image:0", provider)
    assert len(seen) > 10 and seen == sorted(seen) and seen[-1] == 1.0
    np.testing.assert_array_equal(gdal_read(tmp_path / "p.png"), data)

    writer_ = IO.open([tmp_path / "c.png"], "w",
                      progress=lambda f, m: f > 0.3 and writer_.cancel())
    writer_.add_asset("image:0", provider)
    with pytest.raises(Exception, match="cancel"):
        writer_.close()
    assert not (tmp_path / "c.png").exists()

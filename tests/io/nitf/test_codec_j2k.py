"""The NITF JPEG 2000 / HTJ2K codec through the codec interface: encode -> one codestream ->
decode per block, and GDAL reading the very same codestream."""

from __future__ import annotations

import numpy as np
import pytest
import rasterio
from PIL import Image

from workbench.io.core.errors import MetadataError
from workbench.io.jpeg2000.codestream import index_tile_parts, parse_main_header
from workbench.io.nitf.codecs.base import ImageLayout, get_codec


def scene(bands, rows, cols, dtype=np.uint8, top=255):
    y, x = np.mgrid[0:rows, 0:cols].astype(np.float32)
    rng = np.random.default_rng(7)
    out = np.empty((bands, rows, cols), dtype=dtype)
    for b in range(bands):
        v = 0.5 + 0.3 * np.sin(x / (9 + b)) * np.cos(y / 13) + rng.normal(0, 0.03, (rows, cols))
        out[b] = (np.clip(v, 0, 1) * top).astype(dtype)
    return out


def layout(img, bw, bh, ic="C8", imode="B", nbpp=None, abpp=None):
    bands, rows, cols = img.shape
    bits = img.dtype.itemsize * 8
    return ImageLayout(rows, cols, bands, bw, bh, -(-cols // bw), -(-rows // bh), img.dtype,
                       nbpp or bits, abpp or nbpp or bits, "INT", "R", imode, ic,
                       "RGB" if bands == 3 else "MONO", ("R", "G", "B") if bands == 3 else ("M",))


def padded_getter(img, lay, absent=()):
    def get(r, c):
        if (r, c) in absent:
            return None
        out = np.zeros((lay.bands, lay.block_height, lay.block_width), img.dtype)
        part = img[:, r * lay.block_height:(r + 1) * lay.block_height,
                   c * lay.block_width:(c + 1) * lay.block_width]
        out[:, :part.shape[1], :part.shape[2]] = part
        return out
    return get


def encode(img, lay, hints, absent=()):
    codec = get_codec(lay.ic)
    reports = []
    enc = codec.encode(lay, hints, padded_getter(img, lay, absent),
                       lambda f, m: reports.append(f))
    units = list(enc.units)
    assert reports and reports[-1] == 1.0
    return enc.header, units, enc.trailer


def assemble(img, lay, hints):
    header, units, trailer = encode(img, lay, hints)
    return header + b"".join(units) + trailer


def decode_all(lay, data, level=0):
    dec = get_codec(lay.ic).open_decoder(lay, memoryview(data), None)
    s = 1 << level
    bh, bw = -(-lay.block_height // s), -(-lay.block_width // s)
    rows, cols = -(-lay.rows // s), -(-lay.cols // s)
    out = np.zeros((lay.bands, lay.blocks_per_col * bh, lay.blocks_per_row * bw), lay.dtype)
    for r in range(lay.blocks_per_col):
        for c in range(lay.blocks_per_row):
            block = dec.decode_block(r, c, level)
            assert block.shape == (lay.bands, bh, bw)
            out[:, r * bh:(r + 1) * bh, c * bw:(c + 1) * bw] = block
    return out[:, :rows, :cols], dec


@pytest.mark.parametrize("ic", ["C8", "CD"])
@pytest.mark.parametrize("bands,dtype,top", [(3, np.uint8, 255), (1, np.uint16, 2047),
                                             (2, np.int16, 900)])
def test_lossless_roundtrip_blocks_are_tiles(ic, bands, dtype, top, tmp_path):
    img = scene(bands, 300, 200, dtype, top)
    lay = layout(img, 128, 64, ic, nbpp=11 if top == 2047 else None)
    data = assemble(img, lay, {"COMRAT": "N001.0"})
    header = parse_main_header(data)
    assert (header.siz.xtsiz, header.siz.ytsiz, header.siz.width, header.siz.height) == \
        (128, 64, 200, 300)
    tiles = index_tile_parts(data, header)
    assert sorted(tiles) == list(range(lay.num_blocks))
    got, dec = decode_all(lay, data)
    np.testing.assert_array_equal(got, img)
    # 5 levels (64-pixel tiles) except where only imagecodecs' OpenJPEG can code the pixels
    # (11-bit, 2 bands): it needs tiles of 2**(levels+3), so the 44-row edge tiles cap it at 2.
    assert dec.num_resolution_levels == (6 if ic == "CD" or bands == 3 else 3)
    if ic == "C8":  # GDAL (OpenJPEG) reads our spliced codestream identically
        path = tmp_path / "a.j2k"
        path.write_bytes(data)
        with rasterio.open(path) as ds:
            np.testing.assert_array_equal(ds.read(), img)


def test_gdal_reads_htj2k_codestream_or_says_why(tmp_path):
    img = scene(1, 128, 128)
    lay = layout(img, 64, 64, "CD")
    path = tmp_path / "h.j2k"
    path.write_bytes(assemble(img, lay, {}))
    # GDAL 3.10's OpenJPEG (2.5) decodes HTJ2K (Part 15) codestreams.
    with rasterio.open(path) as ds:
        np.testing.assert_array_equal(ds.read(), img)


@pytest.mark.parametrize("ic", ["C8", "CD"])
def test_reduced_resolution_matches_whole_codestream_decoders(ic, tmp_path):
    img = scene(3, 256, 256)
    lay = layout(img, 128, 128, ic)
    data = assemble(img, lay, {})
    path = tmp_path / "a.j2k"
    path.write_bytes(data)
    for level in (1, 2, 3):
        got, _ = decode_all(lay, data, level)
        # OpenJPEG (through Pillow) decoding the whole codestream at that reduction.
        with Image.open(path) as im:
            im.reduce = level
            im.load()
            ref = np.moveaxis(np.asarray(im), -1, 0)
        np.testing.assert_array_equal(got, ref)
    with rasterio.open(path) as ds:  # GDAL's one overview (factor 2) is resolution level 1
        assert ds.overviews(1) == [2]
        np.testing.assert_array_equal(decode_all(lay, data, 1)[0],
                                      ds.read(out_shape=(3, 128, 128)))


def test_reduced_resolution_exact_where_pillow_cannot(tmp_path):
    """2-band 11-bit: full decode + 5/3 low-pass; compare with OpenJPEG on each tile."""
    img = scene(2, 256, 256, np.uint16, 2047)
    lay = layout(img, 128, 128, nbpp=11)
    data = assemble(img, lay, {})
    with rasterio.open(_write(tmp_path / "b.j2k", data)) as ds:
        ref = ds.read(out_shape=(2, 128, 128))
    np.testing.assert_array_equal(decode_all(lay, data, 1)[0], ref)


def _write(path, data):
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("ic", ["C8", "CD"])
def test_lossy_rate_target(ic):
    img = scene(3, 256, 256)
    lay = layout(img, 128, 128, ic)
    data = assemble(img, lay, {"COMRAT": "01.0"})
    bpp = len(data) * 8 / img.size
    assert 0.6 < bpp < 1.4, bpp
    got, _ = decode_all(lay, data)
    err = np.abs(got.astype(int) - img).mean()
    assert 0 < err < 6, err


def test_masked_absent_blocks_have_no_tile():
    img = scene(1, 256, 256)
    lay = layout(img, 128, 128, "M8")
    header, units, trailer = encode(img, lay, {}, absent={(0, 1), (1, 0)})
    assert units[1] is None and units[2] is None and units[0] and units[3]
    data = header + units[0] + units[3] + trailer
    offsets = [len(header), None, None, len(header) + len(units[0])]
    dec = get_codec("M8").open_decoder(lay, memoryview(data), offsets)
    np.testing.assert_array_equal(dec.decode_block(1, 1, 0), img[:, 128:, 128:])


def test_tiny_image_and_level_clamp():
    img = np.full((1, 1, 1), 7, np.uint8)
    lay = layout(img, 1, 1)
    data = assemble(img, lay, {"J2K_DECOMPOSITION_LEVELS": "5"})
    got, dec = decode_all(lay, data)
    assert got.tolist() == [[[7]]] and dec.num_resolution_levels == 1


@pytest.mark.parametrize("change,field", [
    (dict(imode="P"), "IMODE"), (dict(abpp=7, nbpp=8), "ABPP"),
])
def test_validation_names_field(change, field):
    img = scene(3, 64, 64)
    lay = layout(img, 64, 64, **change)
    with pytest.raises(MetadataError, match=field):
        get_codec("C8").validate(lay, {})


@pytest.mark.parametrize("hints,field", [
    ({"COMRAT": "bogus"}, "COMRAT"), ({"J2K_DECOMPOSITION_LEVELS": "x"}, "J2K_DECOMPOSITION"),
    ({"COMRAT": "V999.0"}, "COMRAT"),
])
def test_bad_hints_name_field(hints, field):
    img = scene(1, 64, 64)
    with pytest.raises(MetadataError, match=field):
        get_codec("C8").validate(layout(img, 64, 64), hints)


def test_float_pixels_rejected():
    img = np.zeros((1, 8, 8), np.float32)
    with pytest.raises(ValueError, match="JPEG 2000"):
        get_codec("C8").validate(layout(img, 8, 8), {})


@pytest.mark.parametrize("hint,field", [(None, "N080"), ("N001.0", "N010"), ("V020.0", "V200"),
                                        ("01.0", "01.0"), ("0.5", "00.5"), ("N010", "N010")])
def test_comrat_field_is_four_characters(hint, field):
    img = scene(1, 8, 8)
    value = get_codec("C8").comrat(layout(img, 8, 8), {"COMRAT": hint} if hint else {})
    assert value == field and len(value) == 4


def test_corrupt_codestream_raises_format_error_naming_offset():
    from workbench.io.core.errors import FormatError

    img = scene(1, 128, 128)
    lay = layout(img, 64, 64)
    header, units, trailer = encode(img, lay, {})
    broken = header + units[0] + b"\x00\x00" + units[1][2:] + units[2] + units[3] + trailer
    dec = get_codec("C8").open_decoder(lay, memoryview(broken), None)
    with pytest.raises(FormatError, match=r"offset \d+"):
        dec.decode_block(1, 1, 0)
    truncated = header + units[0][:40]
    dec = get_codec("C8").open_decoder(lay, memoryview(truncated), None)
    with pytest.raises(FormatError, match="offset"):
        dec.decode_block(0, 0, 0)

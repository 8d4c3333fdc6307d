"""NITF JPEG (C3, M3, I1): ours read by GDAL, GDAL's read by us, every allowed IMODE."""

from __future__ import annotations

import numpy as np
import pytest
import rasterio

from workbench.io.core.io import IO
from workbench.io.core.metadata import BufferedMetadataProvider
from workbench.io.core.providers import BufferedImageAssetProvider
from workbench.io.jpeg.stream import stream_end, stream_offsets

from .conftest import read_all, write_nitf, write_with_osml
from .test_codec_j2k import scene
from .test_nitf_j2k import gdal_nitf, gdal_read


def close(a, b, mean=4.0):
    assert a.shape == b.shape
    assert np.abs(a.astype(int) - b).mean() < mean


@pytest.mark.parametrize("imode", ["B", "P", "S"])
@pytest.mark.parametrize("irep", ["RGB", "YCbCr601"])
def test_rgb_c3_every_imode_gdal_reads(imode, irep, tmp_path):
    img = scene(3, 300, 520)
    path = write_nitf(tmp_path / "a.ntf", img, block=(256, 128), IC="C3", IMODE=imode,
                      IREP=irep, COMRAT="90.0")
    ours = read_all(path)
    # Independent noise per band is chroma: YCbCr's coarser chroma tables lose more of it.
    tolerance = 4.0 if irep == "RGB" else 6.0
    close(ours, img, tolerance)
    pixels, tags = gdal_read(path)
    assert tags["NITF_IREP"] == irep and tags["NITF_IMODE"] == imode
    close(pixels, img, tolerance)
    assert np.abs(pixels.astype(int) - ours).max() <= 2  # same JPEG bytes, two decoders
    with IO.open([str(path)]) as reader:
        assert reader.get_asset("image:0").metadata["COMRAT"] == "90.0"


def test_gray_and_masked_m3(tmp_path):
    md = BufferedMetadataProvider()
    md["IC"] = "M3"
    prov = BufferedImageAssetProvider.create("s", 512, 256, 1, 256, 256, metadata=md)
    block = scene(1, 256, 256)
    prov.set_block(0, 1, block)
    path = tmp_path / "m.ntf"
    with IO.open([str(path)], "w", "nitf") as w:
        w.add_asset("image:0", prov)
    with IO.open([str(path)]) as reader:
        image = reader.get_asset("image:0")
        assert not image.has_block(0, 0) and image.has_block(0, 1)
        close(image.get_block(0, 1), block, 6.0)  # quality 75 on noisy content


@pytest.mark.parametrize("hints,field", [
    ({"IMODE": "R"}, "IMODE"), ({"COMRAT": "150"}, "COMRAT"),
])
def test_rules_name_field(hints, field, tmp_path):
    with pytest.raises(ValueError, match=field):
        write_nitf(tmp_path / "x.ntf", scene(3, 64, 64), IC="C3", **hints)
    assert not (tmp_path / "x.ntf").exists()


def test_16_bit_and_big_i1_rejected(tmp_path):
    with pytest.raises(ValueError, match="NBPP"):
        write_nitf(tmp_path / "x.ntf", scene(1, 64, 64, np.uint16, 4000), IC="C3")
    with pytest.raises(ValueError, match="I1"):
        write_nitf(tmp_path / "y.ntf", np.zeros((1, 2049, 16), np.uint8), IC="I1")
    path = write_nitf(tmp_path / "z.ntf", scene(1, 2048, 64), IC="I1", block=(64, 1024))
    close(read_all(path), scene(1, 2048, 64), 6.0)


@pytest.mark.parametrize("bands", [1, 3])
@pytest.mark.parametrize("ic,opts", [("C3", dict(BLOCKXSIZE=256, BLOCKYSIZE=256, QUALITY=80)),
                                     ("M3", dict(BLOCKXSIZE=256, BLOCKYSIZE=256)),
                                     ("C3", dict())])
def test_gdal_written_jpeg_reads_as_gdal_reads_it(bands, ic, opts, tmp_path):
    img = scene(bands, 600, 500)
    path = gdal_nitf(tmp_path / "g.ntf", img, IC=ic, **opts)
    pixels, _ = gdal_read(path)
    ours = read_all(path)
    diff = np.abs(ours.astype(int) - pixels)
    # GDAL writes 4:2:0 chroma; its libjpeg upsamples chroma differently from libjpeg-turbo
    # (Pillow and imagecodecs agree exactly), so colour pixels differ slightly.
    if bands == 1:
        assert diff.max() <= 1
    else:
        assert diff.mean() < 1.0 and diff.max() <= 16
    with rasterio.open(path) as ds:
        assert ds.tags()["NITF_IC"] == ic


def test_stream_scanner_ignores_ff_d9_inside_tables_and_restarts():
    a = np.full((64, 64), 255, np.uint8)
    one = bytes(open_jpeg(a))
    # A COM segment holding FF D9 bytes, restart markers from GDAL-like DRI streams.
    tricky = one[:2] + b"\xff\xfe\x00\x06\xff\xd9\xff\xd9" + one[2:]
    data = tricky + b"\x00\x00" + one
    offsets = stream_offsets(memoryview(data), 2)
    assert offsets == [0, len(tricky) + 2]
    assert stream_end(memoryview(data), 0) == len(tricky)


def open_jpeg(a):
    import imagecodecs

    return imagecodecs.jpeg8_encode(a, level=90)


def test_four_bands_need_imode_s_one_stream_per_band(tmp_path):
    img = scene(4, 200, 300)
    with pytest.raises(ValueError, match="IMODE"):
        write_nitf(tmp_path / "b.ntf", img, IC="C3", IMODE="B")
    path = write_nitf(tmp_path / "s.ntf", img, block=(128, 128), IC="C3", IMODE="S",
                      COMRAT="95.0")
    assert open(path, "rb").read().count(b"\xff\xd8\xff") == 4 * 6
    close(read_all(path), img, 3.0)


@pytest.mark.parametrize("imode", ["B", "P"])
def test_osml_written_c3_reads(imode, tmp_path):
    """osml-imagery-io writes IMODE B as one single-band stream per band, block by block."""
    import aws.osml.io as osml

    img = scene(3, 300, 400)
    path = write_with_osml(tmp_path / "o.ntf", img, 256, IC="C3", IMODE=imode, COMRAT="90.0")
    ours = read_all(path)
    np.testing.assert_array_equal(ours, osml.imread(str(path)))  # the writer's own reading
    close(ours, img, 6.0)  # its P layout is YCbCr with subsampled chroma


def test_three_band_jpeg_defaults_to_ycbcr601_like_gdal(tmp_path):
    """No IREP/IMODE given: three JPEG bands are coded as YCbCr601 in one interleaved stream per
    block, IMODE P (GDAL's choice for C3), which on imagery whose bands move together is much
    smaller than RGB components at one quality."""
    base = scene(1, 256, 384)[0].astype(float)
    img = np.stack([base, base * 0.9 + 10, base * 0.8 + 20]).clip(0, 255).astype(np.uint8)
    default = write_nitf(tmp_path / "d.ntf", img, block=(256, 256), IC="C3", COMRAT="75.0")
    rgb = write_nitf(tmp_path / "r.ntf", img, block=(256, 256), IC="C3", COMRAT="75.0",
                     IREP="RGB")
    pixels, tags = gdal_read(default)
    assert (tags["NITF_IREP"], tags["NITF_IMODE"]) == ("YCbCr601", "P")
    error = np.abs(read_all(default).astype(int) - img).mean()
    rgb_error = np.abs(read_all(rgb).astype(int) - img).mean()
    assert error < 1.25 * rgb_error + 0.5, (error, rgb_error)
    assert np.abs(pixels.astype(int) - read_all(default)).max() <= 2  # GDAL decodes the same
    assert default.stat().st_size < 0.8 * rgb.stat().st_size
    with IO.open([str(default)]) as reader:
        bands = reader.get_asset("image:0").metadata["BAND_INFO"]
    assert [b["IREPBAND"].strip() for b in bands] == ["Y", "Cb", "Cr"]

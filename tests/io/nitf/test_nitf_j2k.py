"""NITF files with JPEG 2000 / HTJ2K images, end to end: written by us and read by GDAL, written by
GDAL and read by us."""

from __future__ import annotations

import os

import numpy as np
import pytest
import rasterio
from rasterio import shutil as rio_shutil
from rasterio.io import MemoryFile

from workbench.io.core.convenience import imread, imsave
from workbench.io.core.io import IO
from workbench.io.core.metadata import BufferedMetadataProvider
from workbench.io.core.providers import BufferedImageAssetProvider

from .conftest import read_all, write_nitf, write_with_osml
from .test_codec_j2k import scene


def gdal_nitf(path, array, **opts):
    with MemoryFile() as mem:
        with mem.open(driver="GTiff", width=array.shape[2], height=array.shape[1],
                      count=array.shape[0], dtype=array.dtype) as src:
            src.write(array)
            rio_shutil.copy(src, str(path), driver="NITF", JPEG2000_DRIVER="JP2OpenJPEG", **opts)
    return path


def gdal_read(path, **kw):
    with rasterio.open(path) as ds:
        return ds.read(**kw), ds.tags()


def test_imsave_default_is_lossless_c8_that_gdal_reads(tmp_path):
    img = scene(3, 700, 1300)
    path = tmp_path / "a.ntf"
    imsave(path, img)
    pixels, tags = gdal_read(path)
    np.testing.assert_array_equal(pixels, img)
    assert tags["NITF_IC"] == "C8"
    np.testing.assert_array_equal(imread(path), img)
    with IO.open([str(path)]) as reader:
        image = reader.get_asset("image:0")
        assert image.metadata["IC"] == "C8"
        assert len(image.metadata["COMRAT"]) == 4 and image.metadata["COMRAT"][0] == "N"
        assert not [k for k in image.metadata if k.startswith("J2K_")]
        assert image.num_resolution_levels == 6


@pytest.mark.parametrize("shape", [(1, 1, 1), (1, 3, 2000), (3, 1, 1)])
def test_imsave_tiny_and_thin_images(shape, tmp_path):
    img = (np.arange(np.prod(shape)) % 251).astype(np.uint8).reshape(shape)
    path = tmp_path / "t.ntf"
    imsave(path, img)
    np.testing.assert_array_equal(imread(path), img)
    np.testing.assert_array_equal(gdal_read(path)[0], img)


@pytest.mark.parametrize("dtype,top", [(np.uint16, 65535), (np.int16, 3000), (np.int8, 100)])
def test_imsave_wider_pixel_types(dtype, top, tmp_path):
    img = scene(1, 300, 260, dtype, top)
    path = tmp_path / "w.ntf"
    imsave(path, img)
    np.testing.assert_array_equal(imread(path), img)
    np.testing.assert_array_equal(gdal_read(path)[0], img)


def test_32_bit_pixels_need_nbpp_the_codec_can_hold(tmp_path):
    img = scene(1, 200, 100, np.uint32, (1 << 20) - 1)
    with pytest.raises(ValueError, match="NBPP"):
        imsave(tmp_path / "a.ntf", img)
    path = write_nitf(tmp_path / "b.ntf", img, IC="C8", NBPP="20", ABPP="20")
    np.testing.assert_array_equal(read_all(path), img)
    np.testing.assert_array_equal(gdal_read(path)[0], img)


@pytest.mark.parametrize("dtype", [np.float32, np.complex64])
def test_pixel_types_j2k_cannot_hold_raise_before_writing(dtype, tmp_path):
    path = tmp_path / "f.ntf"
    with pytest.raises(ValueError, match="JPEG 2000"):
        imsave(path, np.zeros((1, 8, 8), dtype))
    assert not os.listdir(tmp_path)


def test_11_bit_with_nbpp_11_and_reduced_levels(tmp_path):
    img = scene(1, 512, 512, np.uint16, 2047)
    path = write_nitf(tmp_path / "p.ntf", img, block=(256, 256), IC="C8", NBPP="11",
                      ABPP="11", J2K_DECOMPOSITION_LEVELS="3")
    pixels, tags = gdal_read(path)
    np.testing.assert_array_equal(pixels, img)
    assert tags["NITF_ABPP"] == "11"
    with IO.open([str(path)]) as reader:
        image = reader.get_asset("image:0")
        assert image.num_resolution_levels == 4
        low = image.get_block(1, 1, resolution_level=1)
        assert low.shape == (1, 128, 128)
    with rasterio.open(path) as ds:  # GDAL's first overview is resolution level 1
        ref = ds.read(out_shape=(1, 256, 256))
    np.testing.assert_array_equal(low, ref[:, 128:, 128:])


def test_lossy_c8_within_rate_and_gdal_reads_the_same(tmp_path):
    img = scene(3, 512, 512)
    path = write_nitf(tmp_path / "l.ntf", img, block=(256, 256), IC="C8", COMRAT="01.0")
    ours = read_all(path)
    pixels, tags = gdal_read(path)
    np.testing.assert_array_equal(ours, pixels)
    assert tags["NITF_IC"] == "C8"
    with IO.open([str(path)]) as reader:
        assert reader.get_asset("image:0").metadata["COMRAT"] == "01.0"
    bpp = os.path.getsize(path) * 8 / img.size
    assert 0.7 < bpp < 1.5
    assert np.abs(ours.astype(int) - img).mean() < 6


def test_cd_htj2k_lossless_and_masked(tmp_path):
    img = scene(3, 600, 500)
    for ic in ("CD", "MD"):
        path = write_nitf(tmp_path / f"{ic}.ntf", img, block=(256, 256), IC=ic)
        np.testing.assert_array_equal(read_all(path), img)


def test_m8_sparse_blocks(tmp_path):
    md = BufferedMetadataProvider()
    md["IC"] = "M8"
    prov = BufferedImageAssetProvider.create("s", 512, 512, 1, 256, 256, metadata=md)
    block = scene(1, 256, 256)
    prov.set_block(0, 1, block)
    path = tmp_path / "m.ntf"
    with IO.open([str(path)], "w", "nitf") as w:
        w.add_asset("image:0", prov)
    with IO.open([str(path)]) as reader:
        image = reader.get_asset("image:0")
        assert image.has_block(0, 1) and not image.has_block(0, 0)
        np.testing.assert_array_equal(image.get_block(0, 1), block)


def test_jpeg2000_rules_raise_naming_field(tmp_path):
    img = scene(3, 64, 64)
    for hints, field in (({"IMODE": "P"}, "IMODE"), ({"NBPP": "8", "ABPP": "7"}, "ABPP"),
                         ({"COMRAT": "12345"}, "COMRAT")):
        path = tmp_path / "x.ntf"
        with pytest.raises(ValueError, match=field):
            write_nitf(path, img, IC="C8", **hints)
        assert not path.exists()


@pytest.mark.parametrize("opts", [
    dict(BLOCKXSIZE=256, BLOCKYSIZE=256, QUALITY=40),
    dict(BLOCKXSIZE=128, BLOCKYSIZE=128, QUALITY=25, TLM="YES", PROGRESSION="RLCP"),
    dict(QUALITY=100, REVERSIBLE="YES"),
])
def test_gdal_written_c8_reads_as_gdal_reads_it(opts, tmp_path):
    img = scene(3, 600, 500)
    path = gdal_nitf(tmp_path / "g.ntf", img, IC="C8", **opts)
    pixels, _ = gdal_read(path)
    np.testing.assert_array_equal(read_all(path), pixels)


def test_quality_layers_in_nitf(tmp_path):
    from workbench.io.jpeg2000.codestream import COD, parse_main_header

    img = scene(1, 512, 512)
    path = write_nitf(tmp_path / "q.ntf", img, block=(256, 256), IC="C8",
                      J2K_QUALITY_LAYERS="4")
    np.testing.assert_array_equal(gdal_read(path)[0], img)
    data = path.read_bytes()
    start = data.index(b"\xff\x4f\xff\x51")
    assert int.from_bytes(parse_main_header(data[start:]).segment(COD)[6:8], "big") == 4
    np.testing.assert_array_equal(read_all(path), img)


@pytest.mark.parametrize("ic,comrat", [("C8", "N001"), ("C8", "01.0"), ("M8", "N001")])
def test_osml_written_jpeg2000_reads_as_osml_reads_it(ic, comrat, tmp_path):
    import aws.osml.io as osml

    img = scene(3, 1300, 1100)
    path = write_with_osml(tmp_path / "o.ntf", img, 1024, IC=ic, COMRAT=comrat)
    np.testing.assert_array_equal(read_all(path), osml.imread(str(path)))
    with IO.open([str(path)]) as reader:
        low = reader.get_asset("image:0").get_block(1, 1, resolution_level=2)
    assert low.shape == (3, 69, 19)

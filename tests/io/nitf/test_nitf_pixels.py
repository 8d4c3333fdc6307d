"""Pixels: every IMODE, pixel type and blocking written by us and read by GDAL and by us."""

import numpy as np
import pytest
import rasterio

from workbench.io.core.io import IO

from .conftest import read_all, write_nitf
from .test_nitf_gdal_files import same_fields

DTYPES = ["uint8", "int8", "uint16", "int16", "uint32", "int32", "float32", "float64",
          "complex64"]


def _data(rng, dtype, bands, rows, cols):
    dt = np.dtype(dtype)
    if dt.kind == "c":
        return (rng.normal(size=(bands, rows, cols)) + 1j * rng.normal(size=(bands, rows, cols))
                ).astype(dt)
    if dt.kind == "f":
        return rng.normal(size=(bands, rows, cols)).astype(dt)
    info = np.iinfo(dt)
    return rng.integers(info.min, info.max, size=(bands, rows, cols), endpoint=True, dtype=dt)


@pytest.mark.interop
@pytest.mark.parametrize("imode", ["B", "P", "R", "S"])
@pytest.mark.parametrize("dtype", DTYPES)
def test_gdal_reads_what_we_write(tmp_path, rng, imode, dtype):
    bands = 3
    data = _data(rng, dtype, bands, 70, 90)
    path = write_nitf(tmp_path / "a.ntf", data, IC="NC", IMODE=imode, NPPBH="32", NPPBV="48")
    with rasterio.open(path) as ds:
        got = ds.read()
        if got.dtype != data.dtype:  # GDAL's NITF driver reads SI 8-bit as Byte: same bits
            assert (got.dtype, data.dtype) == (np.uint8, np.int8)
            got = got.view(np.int8)
        np.testing.assert_array_equal(got, data)
        assert ds.tags()["NITF_IMODE"] == imode
        assert ds.tags()["NITF_PVTYPE"] == {"u": "INT", "i": "SI", "f": "R", "c": "C"}[
            data.dtype.kind]
        assert ds.block_shapes[0] == (48, 32)
        tags = ds.tags()
    with IO.open([str(path)]) as r:
        assert same_fields(tags, r.metadata, r.get_asset("image:0").metadata) >= 55
    np.testing.assert_array_equal(read_all(path), data)


@pytest.mark.interop
@pytest.mark.parametrize("shape,block", [((1, 50, 40), None), ((2, 33, 65), (16, 16)),
                                         ((1, 9000, 3), (0, 0))])
def test_blocking_variants(tmp_path, rng, shape, block):
    data = _data(rng, "uint16", *shape)
    hints = {"IC": "NC"}
    if block:
        hints.update(NPPBH=str(block[0]), NPPBV=str(block[1]))
    path = write_nitf(tmp_path / "b.ntf", data, **hints)
    with IO.open([str(path)]) as r:
        m = r.get_asset("image:0").metadata
        if shape[1] > 8192 and block == (0, 0):
            assert m["NPPBV"] == "0000" and m["NBPC"] == "0001"
    with rasterio.open(path) as ds:
        np.testing.assert_array_equal(ds.read(), data)
    np.testing.assert_array_equal(read_all(path), data)


def test_partial_edge_blocks_are_padded_on_disk(tmp_path, rng):
    data = _data(rng, "uint8", 1, 10, 10)
    path = write_nitf(tmp_path / "p.ntf", data, IC="NC", NPPBH="8", NPPBV="8")
    with IO.open([str(path)]) as r:
        m = r.metadata
        assert int(m["IMAGE_INFO"][0]["LI"]) == 4 * 64  # four full 8x8 blocks
        a = r.get_asset("image:0")
        assert a.get_block(1, 1).shape == (1, 2, 2)


@pytest.mark.interop
@pytest.mark.parametrize("pjust", ["R", "L"])
def test_abpp_below_nbpp(tmp_path, rng, pjust):
    data = rng.integers(0, 2047, size=(1, 20, 30), dtype=np.uint16)
    path = write_nitf(tmp_path / "c.ntf", data, IC="NC", ABPP="11", PJUST=pjust)
    with IO.open([str(path)]) as r:
        m = r.get_asset("image:0").metadata
        assert (m["NBPP"], m["ABPP"], m["PJUST"]) == ("16", "11", pjust)
    raw = open(path, "rb").read()
    stored = np.frombuffer(raw[-1200:], ">u2").reshape(20, 30)
    expect = data[0] << 5 if pjust == "L" else data[0]
    np.testing.assert_array_equal(stored, expect)
    np.testing.assert_array_equal(read_all(path), data)
    if pjust == "R":
        with rasterio.open(path) as ds:
            np.testing.assert_array_equal(ds.read(), data)


def test_complex128_is_refused_before_writing(tmp_path, rng):
    data = _data(rng, "complex128", 1, 4, 4)
    with pytest.raises(ValueError, match="NBPP"):
        write_nitf(tmp_path / "c.ntf", data, IC="NC")
    assert not list(tmp_path.iterdir())

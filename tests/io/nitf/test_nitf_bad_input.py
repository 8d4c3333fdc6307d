"""Bad input: truncated files, lengths past the end, counts that do not fit, non-numeric
numbers, absurd sizes. Each raises a clear error naming the field or offset, quickly, without
allocating anything proportional to the claimed sizes. Hypothesis mutates real headers."""

import time

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbench.io.core.errors import FormatError, WorkbenchIOError
from workbench.io.core.io import IO
from workbench.io.core.metadata import BufferedMetadataProvider
from workbench.io.core.providers import (BufferedDataAssetProvider, BufferedImageAssetProvider,
                                         BufferedTextAssetProvider)
from workbench.io.core.window import read_window
from workbench.io.nitf.fields import FILE_HEAD, IMAGE_HEAD

from .conftest import field_offset as _offset


def _sample(tmp_path_factory, ic="NC") -> bytes:
    path = tmp_path_factory.mktemp("bad") / f"s_{ic}.ntf"
    md = BufferedMetadataProvider()
    md["IC"], md["NPPBH"], md["NPPBV"] = ic, "8", "8"
    md["TESTAA"] = b"some tre bytes"
    img = BufferedImageAssetProvider.create("i", 20, 12, 2, 8, 8, metadata=md)
    img.set_block(0, 0, np.ones((2, 8, 8), np.uint8))
    img.set_block(1, 2, np.full((2, 4, 4), 9, np.uint8))
    fm = BufferedMetadataProvider()
    fm["FILEAA"] = b"xyz"
    with IO.open([str(path)], "w") as w:
        w.metadata = fm
        w.add_asset("image:0", img)
        w.add_asset("text:0", BufferedTextAssetProvider.create("t", "notes"))
        w.add_asset("data:0", BufferedDataAssetProvider.create("d", b"<x/>"))
        w.add_asset("res:0", BufferedDataAssetProvider.create("r", b"reserved", metadata={
            "RESSHF": "user fields"}))
    return path.read_bytes()


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    return _sample(tmp_path_factory)


@pytest.fixture(scope="module")
def sample_nm(tmp_path_factory):
    return _sample(tmp_path_factory, "NM")


def _open_and_read(data: bytes):
    with IO.open([data], "r", "nitf") as r:
        for key in r.get_asset_keys():
            asset = r.get_asset(key)
            if hasattr(asset, "get_block"):
                read_window(asset)


def _patch(data: bytes, at: int, value: bytes) -> bytes:
    return data[:at] + value + data[at + len(value):]


def test_sample_is_valid(sample, sample_nm):
    _open_and_read(sample)
    _open_and_read(sample_nm)


@pytest.mark.parametrize("cut", [5, 100, 300, 420, -500, -3])
def test_truncated_files(sample, cut):
    with pytest.raises(FormatError, match=r"offset|FL|LI|past|truncated|remain"):
        _open_and_read(sample[:cut])


def test_length_past_the_end(sample):
    at = _offset(FILE_HEAD, "HL") + 6 + 3 + 6  # LI of image 0
    with pytest.raises(FormatError, match="LI of image segment 0 ends at"):
        _open_and_read(_patch(sample, at, b"9999999999"))


def test_count_that_does_not_fit(sample):
    at = _offset(FILE_HEAD, "HL") + 6
    with pytest.raises(FormatError, match="NUMI=999 at offset 360"):
        _open_and_read(_patch(sample, at, b"999"))


def test_reserved_count_must_be_zero(sample):
    at = _offset(FILE_HEAD, "HL") + 6 + 3 + 16 + 3 + 0  # NUMX after NUMI, one image, NUMS
    assert sample[at:at + 3] == b"000"
    with pytest.raises(FormatError, match="NUMX=5 at offset .* must be 000"):
        _open_and_read(_patch(sample, at, b"005"))


def test_non_numeric_numeric_field(sample):
    at = _offset(FILE_HEAD, "HL")
    with pytest.raises(FormatError, match="HL at offset 354 must be 6 digits"):
        _open_and_read(_patch(sample, at, b"00A404"))


def test_absurd_image_size_fails_fast_without_allocating(sample):
    hl = int(sample[_offset(FILE_HEAD, "HL"):_offset(FILE_HEAD, "HL") + 6])
    at = hl + _offset(IMAGE_HEAD, "NROWS")
    bad = _patch(sample, at, b"9999999999999999")  # NROWS = NCOLS = 99,999,999
    start = time.perf_counter()
    with pytest.raises(FormatError, match="NBPR|NROWS|need"):
        _open_and_read(bad)
    assert time.perf_counter() - start < 1.0


def test_absurd_masked_grid_fails_fast(sample_nm):
    hl = int(sample_nm[_offset(FILE_HEAD, "HL"):_offset(FILE_HEAD, "HL") + 6])
    at = hl + _offset(IMAGE_HEAD, "NROWS")
    bad = _patch(sample_nm, at, b"0999999909999999")
    # make the grid consistent so the mask table is what fails: 8x8 blocks, 12500000 per side
    nbpr_at = bad.index(b"00030002", hl)  # NBPR=0003 NBPC=0002 in the image subheader
    bad = _patch(bad, nbpr_at, b"99999999")
    start = time.perf_counter()
    with pytest.raises(FormatError):
        _open_and_read(bad)
    assert time.perf_counter() - start < 1.0


def test_not_nitf_and_unsupported_version():
    with pytest.raises(FormatError, match="FHDR"):
        _open_and_read(b"NITX" + b"0" * 500)
    with pytest.raises(ValueError, match="version '02.00'"):
        _open_and_read(b"NITF02.00" + b"0" * 500)


@settings(max_examples=150, deadline=2000, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_mutated_headers_raise_only_our_errors(sample, sample_nm, data):
    base = data.draw(st.sampled_from([sample, sample_nm]))
    hl = int(base[_offset(FILE_HEAD, "HL"):_offset(FILE_HEAD, "HL") + 6])
    header_end = hl + 700  # the file header and the image subheader
    mutated = bytearray(base)
    tail = len(base) - 600  # the text, DES and RES subheaders
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.integers(0, header_end - 1) | st.integers(tail, len(base) - 1))
        mutated[at] = data.draw(st.sampled_from(b"0123456789 9AZ\xff\x00-+"))
    if data.draw(st.booleans()):
        mutated = mutated[:data.draw(st.integers(0, len(mutated)))]
    start = time.perf_counter()
    try:
        _open_and_read(bytes(mutated))
    except WorkbenchIOError:
        pass
    assert time.perf_counter() - start < 1.0

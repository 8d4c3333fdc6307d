"""Damaged files: opening and reading raise our errors (naming what is wrong), never crash."""

import io

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbench.io import IO, FormatError, UnsupportedError, WorkbenchIOError, imsave
from workbench.io.core.window import read_window

from .conftest import scene


def _sample() -> bytes:
    buf = io.BytesIO()
    imsave(buf, scene(2, 40, 50, "uint16"), format="tiff", block_size=16,
           corners=[(0, 1), (1, 1), (1, 0), (0, 0)], crs="EPSG:4326")
    return buf.getvalue()


SAMPLE = _sample()


def _open_and_read(data: bytes) -> None:
    with IO.open([io.BytesIO(data)], "r", "tiff") as reader:
        for key in reader.get_asset_keys():
            read_window(reader.get_asset(key))
            dict(reader.get_asset(key).metadata)


HEADERS = 16 + 2 + 20 * 12 + 4 + 600  # header, IFD entries and their values come first


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.one_of(st.integers(0, HEADERS), st.integers(0, len(SAMPLE) - 1)),
                          st.integers(0, 255)), min_size=1, max_size=8))
def test_mutated_bytes_raise_only_library_errors(edits):
    data = bytearray(SAMPLE)
    for pos, value in edits:
        data[pos] = value
    try:
        _open_and_read(bytes(data))
    except WorkbenchIOError:
        pass


def test_seeded_header_mutations_raise_only_library_errors():
    """Deterministic companion of the property test: 3000 edits of the header and IFDs."""
    import random

    rng = random.Random(1)
    outcomes = {"ok": 0, "error": 0}
    for _ in range(3000):
        data = bytearray(SAMPLE)
        for _ in range(rng.randint(1, 4)):
            data[rng.randint(0, HEADERS)] = rng.randint(0, 255)
        try:
            _open_and_read(bytes(data))
            outcomes["ok"] += 1
        except WorkbenchIOError:
            outcomes["error"] += 1
    assert outcomes["error"] > 1000 and outcomes["ok"] > 50


@settings(max_examples=60, deadline=None)
@given(st.integers(0, len(SAMPLE) - 1))
def test_truncated_files_raise_format_errors(cut):
    try:
        _open_and_read(SAMPLE[:cut])
    except WorkbenchIOError:
        pass


def test_errors_name_the_field_or_offset():
    with pytest.raises(FormatError, match="offset 0"):
        _open_and_read(b"XX*\x00" + SAMPLE[4:])
    with pytest.raises(FormatError, match="past the end"):
        _open_and_read(SAMPLE[:200])
    bad = bytearray(SAMPLE)
    bad[2] = 44
    with pytest.raises(FormatError, match="version 44"):
        _open_and_read(bytes(bad))


def test_unsupported_compression_is_named():
    from workbench.io.tiff.codec import BlockDecoder

    with pytest.raises(UnsupportedError, match="Compression 3"):
        BlockDecoder(3, 1, np.dtype("<u1"), 1)


def test_a_sample_format_entry_with_no_values_is_a_format_error():
    """Found by the fuzz test above: SampleFormat (339) with count 0 raised IndexError."""
    import struct

    data = bytearray(SAMPLE)
    assert data[:2] == b"II"
    big = struct.unpack_from("<H", data, 2)[0] == 43
    ifd = struct.unpack_from("<Q", data, 8)[0] if big else struct.unpack_from("<I", data, 4)[0]
    count_fmt, entry_size, head = ("<Q", 20, 8) if big else ("<H", 12, 2)
    n = struct.unpack_from(count_fmt, data, ifd)[0]
    for i in range(n):
        at = ifd + head + i * entry_size
        if struct.unpack_from("<H", data, at)[0] == 339:
            struct.pack_into("<Q" if big else "<I", data, at + 4, 0)
            break
    else:
        pytest.fail("the sample has no SampleFormat entry")
    with pytest.raises(FormatError, match="339"):
        _open_and_read(bytes(data))

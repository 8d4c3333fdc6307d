"""Damaged PNG files raise FormatError saying where, for our files and others'."""

import struct
import zlib

import numpy as np
import pytest
from PIL import Image

from workbench.io import IO, FormatError, imread, imsave
from workbench.io.png import writer
from workbench.io.png.chunks import read_layout

from .conftest import content, region


def chunk(ctype, body):
    return struct.pack(">I", len(body)) + ctype + body + struct.pack(">I", zlib.crc32(ctype + body))


def png(ihdr_fields, idat, extra=b""):
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", *ihdr_fields)) + extra
            + chunk(b"IDAT", idat) + chunk(b"IEND", b""))


@pytest.fixture
def ours(tmp_path, monkeypatch):
    monkeypatch.setattr(writer, "PIECE_BYTES", 4096)
    path = tmp_path / "ours.png"
    imsave(path, content(3, 120, 70))
    return path


@pytest.fixture
def theirs(tmp_path):
    path = tmp_path / "theirs.png"
    Image.fromarray(np.moveaxis(content(3, 120, 70), 0, -1)).save(path)
    return path


def corrupt_idat(path, which=-1, at=0.5):
    """Overwrite bytes in the middle of an IDAT chunk (CRC fixed, so only the data is bad)."""
    raw = bytearray(path.read_bytes())
    layout = read_layout(bytes(raw))
    data_idats = layout.idats[:-1] if len(layout.idats) > 1 else layout.idats
    offset, length = data_idats[which]
    mid = offset + int(length * at)
    raw[mid:mid + 16] = b"\xff" * 16
    raw[offset + length:offset + length + 4] = struct.pack(
        ">I", zlib.crc32(bytes(raw[offset - 4:offset + length])))
    path.write_bytes(bytes(raw))
    return offset


def test_damaged_piece_of_our_file(ours):
    offset = corrupt_idat(ours, which=3)
    with pytest.raises(FormatError, match=rf"offset {offset}\b"):
        imread(ours)
    with pytest.raises(FormatError, match=rf"offset {offset}\b"):
        region(ours, 0, 50, 10, 40)
    # windows that do not touch the damaged piece still read
    np.testing.assert_array_equal(region(ours, 0, 0, 10, 5), content(3, 120, 70)[:, :5, :10])


def test_damaged_stream_of_another_writers_file(theirs):
    offset = corrupt_idat(theirs, which=0, at=0.3)
    with pytest.raises(FormatError, match=r"offset \d+"):
        imread(theirs)
    with pytest.raises(FormatError, match=rf"IDAT chunk at offset {offset - 8}"):
        region(theirs, 0, 40, 10, 10)


def test_truncated_file_is_refused_at_open(theirs):
    raw = theirs.read_bytes()
    theirs.write_bytes(raw[:len(raw) // 2])
    with pytest.raises(FormatError, match=r"IDAT.* at offset \d+ claims \d+ bytes, past the end"):
        IO.open(theirs).close()


def test_image_data_ending_early(tmp_path):
    rows = b"".join(b"\x00" + bytes(range(30)) for _ in range(4))  # 4 of 10 rows
    path = tmp_path / "short.png"
    path.write_bytes(png((10, 10, 8, 2, 0, 0, 0), zlib.compress(rows)))
    with pytest.raises(FormatError, match=r"ends early: 124 of 310 bytes .* offset 33"):
        imread(path)
    with pytest.raises(FormatError, match="ends early"):
        region(path, 0, 3, 2, 2)
    assert region(path, 0, 0, 2, 2).shape == (3, 2, 2)  # rows that are there still read


@pytest.mark.parametrize("bad_filter", [5, 255])
def test_unknown_filter_type(tmp_path, bad_filter):
    rows = b"".join(bytes([bad_filter if r == 2 else 0]) + bytes(30) for r in range(10))
    path = tmp_path / "f.png"
    path.write_bytes(png((10, 10, 8, 2, 0, 0, 0), zlib.compress(rows)))
    with pytest.raises(FormatError, match="IDAT chunk at offset 33"):
        imread(path)


@pytest.mark.parametrize("fields, message", [
    ((10, 10, 3, 2, 0, 0, 0), "colour type 2 with bit depth 3"),
    ((10, 10, 8, 5, 0, 0, 0), "colour type 5"),
    ((0, 10, 8, 2, 0, 0, 0), "size 0x10"),
    ((10, 10, 8, 2, 0, 0, 2), "interlace 2"),
])
def test_bad_headers_name_the_ihdr(tmp_path, fields, message):
    path = tmp_path / "h.png"
    path.write_bytes(png(fields, zlib.compress(b"")))
    with pytest.raises(FormatError, match=rf"IHDR at offset 8.*{message}"):
        IO.open(path).close()


def test_missing_image_data_and_misplaced_header(tmp_path):
    ihdr = chunk(b"IHDR", struct.pack(">IIBBBBB", 4, 4, 8, 0, 0, 0, 0))
    path = tmp_path / "m.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + ihdr + chunk(b"IEND", b""))
    with pytest.raises(FormatError, match="no IDAT"):
        IO.open(path).close()
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"tEXt", b"a\x00b") + ihdr)
    with pytest.raises(FormatError, match="IHDR expected at offset 8"):
        IO.open(path).close()


def test_wrong_checksum_in_the_index_is_reported(ours):
    raw = bytearray(ours.read_bytes())
    at = raw.index(b"wbIX")
    length = struct.unpack(">I", raw[at - 4:at])[0]
    adler_at = at + 4 + 5 + 12 + 8  # second piece's Adler-32
    raw[adler_at:adler_at + 4] = b"\x00\x00\x00\x01"
    crc = zlib.crc32(bytes(raw[at:at + 4 + length]))
    raw[at + 4 + length:at + 8 + length] = struct.pack(">I", crc)
    ours.write_bytes(bytes(raw))
    with pytest.raises(FormatError, match=r"offset \d+ \(rows \d+\.\.\d+\): .*checksum"):
        imread(ours)

"""TRE areas: split/join and clear errors for broken CEL values."""
import pytest

from workbench.io.tre import TREError, join_tres, split_tres


def test_split_join_round_trip():
    items = [("ICHIPB", b"0" * 224), ("ABC", b""), ("XYZ123", b"\x00\xff data")]
    data = join_tres(items)
    assert data.startswith(b"ICHIPB00224")
    assert b"ABC   00000" in data
    assert split_tres(data) == [("ICHIPB", b"0" * 224), ("ABC", b""), ("XYZ123", b"\x00\xff data")]
    assert split_tres(b"") == []


def test_lying_cel_names_where_and_offset():
    data = join_tres([("AAAAAA", b"12345")]) + b"BBBBBB99999short"
    with pytest.raises(TREError) as exc:
        split_tres(data, "image 1 IXSHD")
    msg = str(exc.value)
    assert msg.startswith("image 1 IXSHD: ") and "offset 22" in msg and "99999" in msg


def test_truncated_header():
    with pytest.raises(TREError, match=r"UDHD: truncated TRE header at offset 16"):
        split_tres(join_tres([("AAAAAA", b"12345")]) + b"BBBB", "UDHD")


def test_non_numeric_cel():
    with pytest.raises(TREError, match=r"XHD: CEL of ICHIPB at offset 6 is not 5 digits"):
        split_tres(b"ICHIPB00x24" + b"0" * 224, "XHD")
    with pytest.raises(TREError, match="offset 6"):
        split_tres(b"ICHIPB-0001x", "XHD")


def test_join_rejects_oversize_and_bad_tags():
    with pytest.raises(TREError, match="CEL 100000 exceeds 99999"):
        join_tres([("BIG", b"x" * 100000)])
    with pytest.raises(TREError):
        join_tres([("TOOLONGTAG", b"")])
    with pytest.raises(TREError):
        join_tres([("", b"")])

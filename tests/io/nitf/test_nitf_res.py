"""Reserved extension segments (RES): read as ``res:N`` data assets with their subheader fields,
written, and kept byte for byte by an unchanged copy. The test file's RES is assembled here
field by field from MIL-STD-2500C table A-9, independently of our writer."""

import numpy as np
import pytest
import rasterio

from workbench.io.core.enums import AssetType
from workbench.io.core.io import IO
from workbench.io.core.metadata import BufferedMetadataProvider
from workbench.io.core.providers import BufferedDataAssetProvider, BufferedImageAssetProvider
from workbench.io.core.window import read_window

from .conftest import write_nitf

DATA = (np.arange(2 * 20 * 30) % 241).astype(np.uint8).reshape(2, 20, 30)
FL_AT, HL_AT = 342, 354  # offsets of FL and HL in a NITF 2.1 file header
SECURITY = [("CLSY", 2, "US"), ("CODE", 11, "ABC"), ("CTLH", 2, ""), ("REL", 20, "USA"),
            ("DCTP", 2, ""), ("DCDT", 8, ""), ("DCXM", 4, ""), ("DG", 1, ""), ("DGDT", 8, ""),
            ("CLTX", 43, "res test"), ("CATP", 1, ""), ("CAUT", 40, ""), ("CRSN", 1, ""),
            ("SRDT", 8, ""), ("CTLN", 15, "")]
USER_FIELDS = b"USERFIELDS0123"
RESDATA = bytes(range(256)) * 3


def res_segment() -> tuple[bytes, bytes]:
    """(subheader, RESDATA) of one RES, field by field."""
    sub = b"RE" + b"TESTRES".ljust(25) + b"07" + b"R"
    sub += b"".join(v.ljust(w).encode() for _, w, v in SECURITY)
    sub += f"{len(USER_FIELDS):04d}".encode() + USER_FIELDS
    assert len(sub) == 2 + 25 + 2 + 1 + 166 + 4 + len(USER_FIELDS)
    return sub, RESDATA


def with_res(path) -> bytes:
    """Our one-image file with a RES appended: NUMRES, LRESH, LRE, HL and FL patched."""
    raw = path.read_bytes()
    hl = int(raw[HL_AT:HL_AT + 6])
    head, body = raw[:hl], raw[hl:]
    # the segment loops end with NUMRES (3), then UDHDL (5) and XHDL (5) = 00000 each
    numres_at = hl - 13
    assert head[numres_at:] == b"000" + b"00000" + b"00000"
    sub, data = res_segment()
    head = head[:numres_at] + b"001" + f"{len(sub):04d}{len(data):07d}".encode() + head[-10:]
    head = head[:HL_AT] + f"{len(head):06d}".encode() + head[HL_AT + 6:]
    out = head + body + sub + data
    out = out[:FL_AT] + f"{len(out):012d}".encode() + out[FL_AT + 12:]
    path.write_bytes(out)
    return out


@pytest.fixture
def res_file(tmp_path):
    path = write_nitf(tmp_path / "res.ntf", DATA, IC="NC")
    assert int(path.read_bytes()[FL_AT:FL_AT + 12]) == path.stat().st_size
    with_res(path)
    return path


def test_res_read_as_data_asset_with_its_fields(res_file):
    with IO.open([str(res_file)]) as r:
        assert r.metadata["NUMRES"] == "001"
        assert r.metadata["RES_INFO"] == [{"LRESH": f"{len(res_segment()[0]):04d}",
                                           "LRE": f"{len(RESDATA):07d}"}]
        assert r.get_asset_keys(AssetType.Data) == ["res:0"]
        res = r.get_asset("res:0")
        assert res.data == RESDATA and res.title == "TESTRES"
        m = res.metadata
        assert (m["RE"], m["RESID"], m["RESVER"], m["RESCLAS"]) == ("RE", "TESTRES".ljust(25),
                                                                    "07", "R")
        assert (m["RESCLSY"], m["RESCODE"], m["RESREL"], m["RESCLTX"].strip()) == (
            "US", "ABC".ljust(11), "USA".ljust(20), "res test")
        assert (m["RESSHL"], m["RESSHF"]) == ("0014", USER_FIELDS.decode())
        np.testing.assert_array_equal(read_window(r.get_asset("image:0")), DATA)


@pytest.mark.interop
def test_gdal_reads_the_file_with_a_res(res_file):
    with rasterio.open(res_file) as ds:
        np.testing.assert_array_equal(ds.read(), DATA)


def test_unchanged_copy_keeps_the_res_byte_for_byte(res_file, tmp_path):
    out = tmp_path / "copy.ntf"
    with IO.open([str(res_file)]) as r:
        with IO.open([str(out)], "w") as w:
            w.metadata = r.metadata
            for key in r.get_asset_keys():
                w.add_asset(key, r.get_asset(key))
    assert out.read_bytes() == res_file.read_bytes()


@pytest.mark.interop
def test_new_res_written_after_des_and_read_back(tmp_path):
    path = tmp_path / "new.ntf"
    md = BufferedMetadataProvider()
    md["RESVER"] = 2
    md["RESSHF"] = "abc"
    with IO.open([str(path)], "w") as w:
        w.add_asset("res:0", BufferedDataAssetProvider.create("r", b"payload", metadata=md))
        w.add_asset("data:0", BufferedDataAssetProvider.create("d", b"des bytes"))
        w.add_asset("image:0", BufferedImageAssetProvider.from_array("i", DATA))
    raw = path.read_bytes()
    assert raw.index(b"REres:0") > raw.index(b"DEdata:0")  # RES after DES, RESID = the key
    with IO.open([str(path)]) as r:
        assert r.get_asset_keys() == ["image:0", "data:0", "res:0"]
        res = r.get_asset("res:0")
        assert res.data == b"payload"
        assert (res.metadata["RESID"].strip(), res.metadata["RESVER"]) == ("res:0", "02")
        assert (res.metadata["RESCLAS"], res.metadata["RESSHF"]) == ("U", "abc")
        assert r.get_asset("data:0").data == b"des bytes"
        assert int(r.metadata["FL"]) == len(raw)
    with rasterio.open(path) as ds:
        np.testing.assert_array_equal(ds.read(), DATA)


@pytest.mark.parametrize("field,value,rule", [("RESID", "x" * 26, "longer"),
                                              ("RESVER", "ab", "digits"),
                                              ("RESSHF", "u" * 10000, "at most 9999"),
                                              ("RESSHF", "u" * 9900, "LRESH has 4 digits"),
                                              ("RESCLAS", "\u20ac", "BCS-A")])
def test_bad_res_fields_rejected_at_add_asset(tmp_path, field, value, rule):
    md = BufferedMetadataProvider()
    md["RESID"] = "OK"
    md[field] = value
    w = IO.open([str(tmp_path / "bad.ntf")], "w")
    with pytest.raises(ValueError, match=f"{field}.*{rule}"):
        w.add_asset("res:0", BufferedDataAssetProvider.create("r", b"x", metadata=md))
    w.abort()
    assert not (tmp_path / "bad.ntf").exists()

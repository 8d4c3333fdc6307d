"""Interop with GDAL (through rasterio): GDAL writes a TRE with its TRE= creation option; our
decode of GDAL's stored bytes gives the field values GDAL reports in its xml:TRE domain, and
our re-encode gives the same bytes. TREs we encode from user values read back in GDAL with the
values we set."""
import pytest

from gdal_helper import comparable, flatten, gdal_write_and_read
from samples import sample_bytes
from test_encode import spec_ichipb
from workbench.io.tre import decode_tre, encode_tre, get_definition
from workbench.io.tre.registry import available_tags

pytestmark = pytest.mark.interop

# Where GDAL 3.10 reads a TRE differently from STDI-0002 (so no equality can be asserted).
GDAL_DIFFERS = {
    # GDAL takes ENGDATA as ENGDATC bytes; STDI-0002 says ENGDATC x ENGDTS bytes. They agree
    # when ENGDTS is 1, which test_engrda_one_byte_elements_match_gdal covers.
    "ENGRDA": "ENGDATA length",
    # Binary floats and data fields: GDAL prints floats with %f and binary fields as text, so
    # test_more_tres.test_bandsb_masks_match_gdal compares names, text and float values.
    "BANDSB": "binary field formatting",
}
# TREs GDAL 3.10 does not decode at all (no xml:TRE entry): checked by our own tests only.
GDAL_NOT_DECODED = {"BANDSA", "EXOPTA", "NBLOCA", "MPDSRA", "MTIMFA", "MIMCSA"}
GDAL_TAGS = [t for t in available_tags() if t not in GDAL_DIFFERS and t not in GDAL_NOT_DECODED]


@pytest.mark.parametrize("tag", sorted(GDAL_NOT_DECODED))
def test_gdal_does_not_decode(tmp_path, tag):
    data = sample_bytes(get_definition(tag), 1)
    raw_text, gdal_fields = gdal_write_and_read(tmp_path, tag, data)
    assert _unescape(raw_text) == data
    assert gdal_fields == []
    assert encode_tre(tag, decode_tre(tag, data)) == data


def _unescape(text: str) -> bytes:
    out, i = bytearray(), 0
    while i < len(text):
        c = text[i]
        if c == "\\" and i + 1 < len(text):
            nxt = text[i + 1]
            out += {"0": b"\0", "n": b"\n"}.get(nxt, nxt.encode("latin-1"))
            i += 2
        else:
            out += c.encode("latin-1")
            i += 1
    return bytes(out)


@pytest.mark.parametrize("tag", GDAL_TAGS)
def test_gdal_written_tre_decodes_to_gdal_values(tmp_path, tag):
    data = sample_bytes(get_definition(tag), 1)
    raw_text, gdal_fields = gdal_write_and_read(tmp_path, tag, data)
    gdal_bytes = _unescape(raw_text)
    assert gdal_bytes == data
    ours = decode_tre(tag, gdal_bytes)
    assert isinstance(ours, dict), ours.reason
    assert not [v for n, v in gdal_fields if n == "<warning>"]
    mine, theirs = comparable(flatten(ours), gdal_fields)
    assert mine == theirs
    assert len(theirs) >= 1
    assert encode_tre(tag, ours) == gdal_bytes


def test_our_ichipb_reads_back_in_gdal(tmp_path):
    value = spec_ichipb()
    value["SCALE_FACTOR"] = 2.0
    data = encode_tre("ICHIPB", value)
    _, gdal_fields = gdal_write_and_read(tmp_path, "ICHIPB", data)
    got = dict(gdal_fields)
    assert got["SCALE_FACTOR"] == "0002.00000"
    assert got["FI_COL_12"] == "00000611.500" and got["FI_ROW"] == "00001024"


def test_our_rpc00b_reads_back_in_gdal(tmp_path):
    from workbench.io.tre import default_tre
    value = default_tre("RPC00B")
    value.update(LAT_OFF=42.319, LONG_OFF=-71.08, LINE_NUM_COEFF_2=0.5, SAMP_DEN_COEFF_20=-1e-7)
    _, gdal_fields = gdal_write_and_read(tmp_path, "RPC00B", encode_tre("RPC00B", value))
    assert ("LAT_OFF", "+42.3190") in gdal_fields and ("LONG_OFF", "-071.0800") in gdal_fields
    coeffs = [v for n, v in gdal_fields if n == "LINE_NUM_COEFF"]
    assert coeffs[1] == "+5.000000E-1"
    assert [v for n, v in gdal_fields if n == "SAMP_DEN_COEFF"][19] == "-1.000000E-7"


def test_engrda_one_byte_elements_match_gdal(tmp_path):
    data = b"SOURCE-A            002" + b"03ABC00030001A1NA00000003xyz" + b"01Q00010002I1NA00000002\x01\x02"
    raw_text, gdal_fields = gdal_write_and_read(tmp_path, "ENGRDA", data)
    ours = decode_tre("ENGRDA", _unescape(raw_text))
    assert isinstance(ours, dict)
    mine, theirs = comparable(flatten(ours), [(n, v) for n, v in gdal_fields if n != "ENGDATA"])
    assert mine == theirs
    assert encode_tre("ENGRDA", ours) == data

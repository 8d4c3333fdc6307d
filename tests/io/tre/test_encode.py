"""Writing: user values formatted to width; invalid values rejected naming TAG.FIELD."""
import pytest

from workbench.io.tre import (RawTRE, TREError, decode_tre, default_tre, encode_tre,
                              validate_tre)


def spec_ichipb(chip_width=512, chip_height=256, x_min=100, y_min=200, x_max=612, y_max=456,
                img_width=2048, img_height=1024):
    """The ICHIPB dict of the spec's 'NITF Chip with TRE Preservation' example, verbatim."""
    return {
        "XFRM_FLAG": "00",
        "SCALE_FACTOR": "0001.00000",
        "ANAMRPH_CORR": "00",
        "SCANBLK_NUM": "00",
        "OP_ROW_11": "00000000.500",
        "OP_COL_11": "00000000.500",
        "OP_ROW_12": "00000000.500",
        "OP_COL_12": f"{chip_width - 1:08d}.500",
        "OP_ROW_21": f"{chip_height - 1:08d}.500",
        "OP_COL_21": "00000000.500",
        "OP_ROW_22": f"{chip_height - 1:08d}.500",
        "OP_COL_22": f"{chip_width - 1:08d}.500",
        "FI_ROW_11": f"{y_min:08d}.500",
        "FI_COL_11": f"{x_min:08d}.500",
        "FI_ROW_12": f"{y_min:08d}.500",
        "FI_COL_12": f"{x_max - 1:08d}.500",
        "FI_ROW_21": f"{y_max - 1:08d}.500",
        "FI_COL_21": f"{x_min:08d}.500",
        "FI_ROW_22": f"{y_max - 1:08d}.500",
        "FI_COL_22": f"{x_max - 1:08d}.500",
        "FI_ROW": f"{img_height:08d}",
        "FI_COL": f"{img_width:08d}",
    }


def test_spec_ichipb_example_round_trips():
    value = spec_ichipb()
    assert validate_tre("ICHIPB", value) == []
    data = encode_tre("ICHIPB", value)
    assert len(data) == 224
    assert data[:24] == b"000001.000000000" + b"00000000"
    assert decode_tre("ICHIPB", data) == value
    assert value["FI_COL_11"] == "00000100.500" and value["FI_ROW_11"] == "00000200.500"


def test_unpadded_values_are_formatted():
    value = spec_ichipb()
    value.update(SCALE_FACTOR=1.5, SCANBLK_NUM=7, FI_ROW=1024, OP_COL_12="511.5", XFRM_FLAG=0)
    decoded = decode_tre("ICHIPB", encode_tre("ICHIPB", value))
    assert decoded["SCALE_FACTOR"] == "0001.50000"
    assert decoded["SCANBLK_NUM"] == "07"
    assert decoded["FI_ROW"] == "00001024"
    assert decoded["OP_COL_12"] == "0000000511.5"
    assert decoded["XFRM_FLAG"] == "00"


def test_signed_exponent_and_text_formatting():
    value = default_tre("RPC00B")
    value.update(LINE_NUM_COEFF_1=-0.00123456789, LAT_OFF=-42.5, HEIGHT_OFF=-31, LONG_OFF="71.25")
    d = decode_tre("RPC00B", encode_tre("RPC00B", value))
    assert d["LINE_NUM_COEFF_1"] == "-1.234568E-3"
    assert d["LAT_OFF"] == "-42.5000" or d["LAT_OFF"] == "-42.50000"[:8]
    assert d["HEIGHT_OFF"] == "-0031"
    assert d["LONG_OFF"] == "+00071.25"
    s = default_tre("STDIDC")
    s["MISSION"] = "M7"
    assert decode_tre("STDIDC", encode_tre("STDIDC", s))["MISSION"] == "M7" + " " * 12


@pytest.mark.parametrize("field,value,rule", [
    ("SCALE_FACTOR", "12345678901", "ICHIPB.SCALE_FACTOR: must be BCS-N real of width 10"),
    ("SCALE_FACTOR", "abc", "ICHIPB.SCALE_FACTOR: must be BCS-N real of width 10"),
    ("XFRM_FLAG", "02", "ICHIPB.XFRM_FLAG: must be one of '00', '01'"),
    ("FI_ROW", -1, "ICHIPB.FI_ROW: must be BCS-N unsigned integer of width 8"),
    ("SCANBLK_NUM", True, "ICHIPB.SCANBLK_NUM"),
    ("FI_COL", 1.5, "ICHIPB.FI_COL"),
])
def test_invalid_values_name_field_and_rule(field, value, rule):
    v = spec_ichipb()
    v[field] = value
    with pytest.raises(TREError) as exc:
        encode_tre("ICHIPB", v)
    assert rule in str(exc.value)
    assert any(rule in p for p in validate_tre("ICHIPB", v))


def test_missing_required_field():
    v = spec_ichipb()
    del v["FI_COL"]
    with pytest.raises(TREError, match=r"ICHIPB\.FI_COL: required field is missing"):
        encode_tre("ICHIPB", v)


def test_unknown_key_is_rejected():
    v = spec_ichipb()
    v["FI_COLS"] = "1"
    with pytest.raises(TREError, match=r"ICHIPB\.FI_COLS: not a field"):
        encode_tre("ICHIPB", v)


def test_validate_collects_every_problem():
    v = spec_ichipb()
    v.update(XFRM_FLAG="9", SCALE_FACTOR="x")
    del v["FI_ROW"]
    problems = validate_tre("ICHIPB", v)
    assert [p.split(":")[0] for p in problems] == ["ICHIPB.XFRM_FLAG", "ICHIPB.SCALE_FACTOR",
                                                   "ICHIPB.FI_ROW"]


def test_loop_count_derived_or_checked():
    v = {"ORIG": "0", "NLEVELS_O": 5, "NBANDS_O": 3,
         "LAYER": [{"LAYER_ID": 1, "BITRATE": 1.5}, {"LAYER_ID": 2, "BITRATE": "4"}]}
    data = encode_tre("J2KLRA", v)
    assert data == b"0" + b"05" + b"00003" + b"002" + b"001" + b"01.500000" + b"002" + b"000000004"
    assert decode_tre("J2KLRA", data)["NLAYERS_O"] == "002"
    v["NLAYERS_O"] = 3
    with pytest.raises(TREError, match=r"J2KLRA\.LAYER: count NLAYERS_O = 3 does not match the 2"):
        encode_tre("J2KLRA", v)
    v["NLAYERS_O"] = 2
    v["LAYER"][1]["BITRATE"] = "x"
    with pytest.raises(TREError, match=r"J2KLRA\.LAYER\[1\]\.BITRATE: must be BCS-N real"):
        encode_tre("J2KLRA", v)


def test_condition_fields_required_when_condition_holds():
    v = {"ORIG": "1", "NLEVELS_O": 5, "NBANDS_O": 3, "LAYER": [{"LAYER_ID": 1, "BITRATE": 1}]}
    with pytest.raises(TREError, match=r"J2KLRA\.NLEVELS_I: required field is missing"):
        encode_tre("J2KLRA", v)


def test_raw_and_bytes_values_written_verbatim():
    assert encode_tre("ICHIPB", RawTRE(b"abc", "test")) == b"abc"
    assert encode_tre("NOSUCH", b"\x00\xff") == b"\x00\xff"
    with pytest.raises(TREError, match="NOSUCH: no definition"):
        encode_tre("NOSUCH", {"A": "1"})
    with pytest.raises(TREError, match="CEL limit"):
        encode_tre("NOSUCH", b"x" * 100000)


def test_binary_width_expression_checked():
    v = default_tre("ENGRDA")
    v["RECORDS"][0]["ENGDATA"] = b"\x01\x02"
    with pytest.raises(TREError, match=r"ENGRDA\.RECORDS\[0\]\.ENGDATA: must be binary data of width 1"):
        encode_tre("ENGRDA", v)
    v["RECORDS"][0].update(ENGMTXC=2, ENGDATC=2)
    assert decode_tre("ENGRDA", encode_tre("ENGRDA", v))["RECORDS"][0]["ENGDATA"] == b"\x01\x02"
    v["RECORDS"][0]["ENGDATC"] = 3
    with pytest.raises(TREError, match=r"ENGRDA\.RECORDS\[0\]\.ENGDATC: must equal"):
        encode_tre("ENGRDA", v)


def test_nothing_returned_on_error_and_value_untouched():
    v = spec_ichipb()
    v["FI_ROW"] = "x"
    before = dict(v)
    with pytest.raises(TREError):
        encode_tre("ICHIPB", v)
    assert v == before

"""Round trips on real bytes: bytes built field by field -> decode -> expected dict -> encode ->
identical bytes."""
import pytest

from samples import sample_bytes
from workbench.io.tre import RawTRE, decode_tre, encode_tre, get_definition
from workbench.io.tre.registry import available_tags


@pytest.mark.parametrize("tag", available_tags())
@pytest.mark.parametrize("seed", [0, 5])
def test_sample_round_trip(tag, seed):
    data = sample_bytes(get_definition(tag), seed)
    value = decode_tre(tag, data)
    assert isinstance(value, dict), getattr(value, "reason", value)
    assert encode_tre(tag, value) == data
    # one byte more or less never decodes silently
    assert isinstance(decode_tre(tag, data + b"0"), RawTRE)
    assert isinstance(decode_tre(tag, data[:-1]), RawTRE)


def _join(fields):
    return "".join(v for _, v in fields).encode("ascii")


ICHIPB_FIELDS = [
    ("XFRM_FLAG", "00"), ("SCALE_FACTOR", "0001.00000"), ("ANAMRPH_CORR", "00"),
    ("SCANBLK_NUM", "00"),
    ("OP_ROW_11", "00000000.500"), ("OP_COL_11", "00000000.500"),
    ("OP_ROW_12", "00000000.500"), ("OP_COL_12", "00000511.500"),
    ("OP_ROW_21", "00000255.500"), ("OP_COL_21", "00000000.500"),
    ("OP_ROW_22", "00000255.500"), ("OP_COL_22", "00000511.500"),
    ("FI_ROW_11", "00000200.500"), ("FI_COL_11", "00000100.500"),
    ("FI_ROW_12", "00000200.500"), ("FI_COL_12", "00000611.500"),
    ("FI_ROW_21", "00000455.500"), ("FI_COL_21", "00000100.500"),
    ("FI_ROW_22", "00000455.500"), ("FI_COL_22", "00000611.500"),
    ("FI_ROW", "00001024"), ("FI_COL", "00002048"),
]

BLOCKA_FIELDS = [
    ("BLOCK_INSTANCE", "01"), ("N_GRAY", "00000"), ("L_LINES", "01024"),
    ("LAYOVER_ANGLE", "   "), ("SHADOW_ANGLE", "045"), ("RESERVED_1", " " * 16),
    ("FRLC_LOC", "+42.319083-071.057611"), ("LRLC_LOC", "+42.302081-071.057611"),
    ("LRFC_LOC", "+42.302081-071.080511"), ("FRFC_LOC", "+42.319083-071.080511"),
    ("RESERVED_2", "010.0"),
]

STDIDC_FIELDS = [
    ("ACQUISITION_DATE", "20240315142233"), ("MISSION", "MISSION-7    X"), ("PASS", "01"),
    ("OP_NUM", "042"), ("START_SEGMENT", "AA"), ("REPRO_NUM", "00"), ("REPLAY_REGEN", "000"),
    ("BLANK_FILL", " "), ("START_COLUMN", "001"), ("START_ROW", "00001"),
    ("END_SEGMENT", "AB"), ("END_COLUMN", "012"), ("END_ROW", "00034"), ("COUNTRY", "US"),
    ("WAC", "0104"), ("LOCATION", "4219N07103W"), ("RESERVED_1", "     "),
    ("RESERVED_2", "        "),
]

USE00A_FIELDS = [
    ("ANGLE_TO_NORTH", "270"), ("MEAN_GSD", "020.5"), ("RESERVED_1", " "),
    ("DYNAMIC_RANGE", "02047"), ("RESERVED_2", "   "), ("RESERVED_3", " "),
    ("RESERVED_4", "   "), ("OBL_ANG", "12.34"), ("ROLL_ANG", "-03.21"),
    ("RESERVED_5", " " * 12), ("RESERVED_6", " " * 15), ("RESERVED_7", "    "),
    ("RESERVED_8", " "), ("RESERVED_9", "   "), ("RESERVED_10", " "), ("RESERVED_11", " "),
    ("N_REF", "00"), ("REV_NUM", "12345"), ("N_SEG", "001"), ("MAX_LP_SEG", "004096"),
    ("RESERVED_12", " " * 6), ("RESERVED_13", " " * 6), ("SUN_EL", "+45.5"),
    ("SUN_AZ", "123.4"),
]

GEOLOB_FIELDS = [("ARV", "000360000"), ("BRV", "000180000"), ("LSO", "-071.0805110000"),
                 ("PSO", "+42.31908300000")]


@pytest.mark.parametrize("tag,fields,length", [
    ("ICHIPB", ICHIPB_FIELDS, 224), ("BLOCKA", BLOCKA_FIELDS, 123),
    ("STDIDC", STDIDC_FIELDS, 89), ("USE00A", USE00A_FIELDS, 107), ("GEOLOB", GEOLOB_FIELDS, 48),
])
def test_hand_built_round_trip(tag, fields, length):
    data = _join(fields)
    assert len(data) == length
    value = decode_tre(tag, data)
    assert value == dict(fields)
    assert list(value) == [n for n, _ in fields]
    assert encode_tre(tag, value) == data


def test_rpc00b_hand_built():
    head = [("SUCCESS", "1"), ("ERR_BIAS", "0012.50"), ("ERR_RAND", "0003.25"),
            ("LINE_OFF", "002048"), ("SAMP_OFF", "01024"), ("LAT_OFF", "+42.3190"),
            ("LONG_OFF", "-071.0805"), ("HEIGHT_OFF", "+0031"), ("LINE_SCALE", "002048"),
            ("SAMP_SCALE", "01024"), ("LAT_SCALE", "+00.0170"), ("LONG_SCALE", "+000.0230"),
            ("HEIGHT_SCALE", "+0500")]
    coeffs = []
    for grp in ("LINE_NUM_COEFF", "LINE_DEN_COEFF", "SAMP_NUM_COEFF", "SAMP_DEN_COEFF"):
        for i in range(1, 21):
            coeffs.append((f"{grp}_{i}", f"{'+-'[i % 2]}{i % 10}.{i:06d}E{'+-'[i % 2]}{i % 10}"))
    fields = head + coeffs
    data = _join(fields)
    assert len(data) == 1041
    value = decode_tre("RPC00B", data)
    assert value == dict(fields)
    assert encode_tre("RPC00B", value) == data
    assert decode_tre("RPC00A", data) == dict(fields)


def test_j2klra_loop_and_condition():
    base = "1" + "05" + "00003" + "002" + "001" + "01.500000" + "002" + "04.000000"
    data = (base + "04" + "00003" + "001").encode()
    value = decode_tre("J2KLRA", data)
    assert value == {
        "ORIG": "1", "NLEVELS_O": "05", "NBANDS_O": "00003", "NLAYERS_O": "002",
        "LAYER": [{"LAYER_ID": "001", "BITRATE": "01.500000"},
                  {"LAYER_ID": "002", "BITRATE": "04.000000"}],
        "NLEVELS_I": "04", "NBANDS_I": "00003", "NLAYERS_I": "001",
    }
    assert encode_tre("J2KLRA", value) == data
    original = ("0" + base[1:]).encode()  # ORIG 0: the parsed-stream fields are absent
    value = decode_tre("J2KLRA", original)
    assert "NLEVELS_I" not in value and encode_tre("J2KLRA", value) == original
    assert isinstance(decode_tre("J2KLRA", data[:-1]), RawTRE)


def test_engrda_binary_record():
    rec1 = b"05" + b"TEMPS" + b"0002" + b"0001" + b"I" + b"2" + b"tC" + b"00000002" + b"\x00\x10\xff\xfe"
    rec2 = b"01" + b"N" + b"0003" + b"0001" + b"A" + b"1" + b"NA" + b"00000003" + b"abc"
    data = b"SENSOR-BUS-17       " + b"002" + rec1 + rec2
    value = decode_tre("ENGRDA", data)
    assert value["RESRC"] == "SENSOR-BUS-17       " and value["RECNT"] == "002"
    assert value["RECORDS"][0]["ENGLBL"] == "TEMPS"
    assert value["RECORDS"][0]["ENGDATA"] == b"\x00\x10\xff\xfe"
    assert value["RECORDS"][1]["ENGDATA"] == b"abc"
    assert encode_tre("ENGRDA", value) == data
    # ENGDATC must be columns x rows
    bad = data.replace(b"tC00000002", b"tC00000001")
    assert "ENGDATC" in decode_tre("ENGRDA", bad).reason


def test_pia_aimid_csexr_round_trip_field_order():
    for tag in ("PIAIMC", "AIMIDB", "CSEXRA"):
        data = sample_bytes(get_definition(tag), 3)
        value = decode_tre(tag, data)
        assert list(value) == [f.name for f in get_definition(tag).fields]
        assert b"".join(v.encode("latin-1") for v in value.values()) == data


def test_unknown_tag_is_raw_and_written_back():
    raw = decode_tre("XYZABC", b"\x00\x01anything")
    assert isinstance(raw, RawTRE) and raw.reason == "unknown tag"
    assert encode_tre("XYZABC", raw) == b"\x00\x01anything"


def test_mismatched_bytes_are_raw_with_reason():
    data = _join(ICHIPB_FIELDS)
    raw = decode_tre("ICHIPB", data[:100])
    assert isinstance(raw, RawTRE) and raw.reason.startswith("CEL 100 does not match definition")
    bad = data.replace(b"0001.00000", b"0001.0000X")
    raw = decode_tre("ICHIPB", bad)
    assert isinstance(raw, RawTRE) and "ICHIPB.SCALE_FACTOR" in raw.reason
    assert encode_tre("ICHIPB", raw) == bad

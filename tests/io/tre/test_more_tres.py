"""Hand-built round trips (CEDATA built field by field) for TREs with nested loops, bit-mask
conditions and binary fields, checked against GDAL's decoding where GDAL knows the TRE."""
import pytest

from gdal_helper import comparable, flatten, gdal_decode_any
from samples import sample_picker
from workbench.io.tre import RawTRE, codec, decode_tre, encode_tre, get_definition

pytestmark = pytest.mark.interop


def _b(fields):
    return b"".join(v if isinstance(v, bytes) else v.encode("ascii") for _, v in fields)


def _illumb_fields(mask: int):
    f = [("NUM_BANDS", "0002"), ("BAND_UNIT", "micrometres".ljust(40)),
         ("LBOUND", "0.40".ljust(16)), ("UBOUND", "0.70".ljust(16)),
         ("LBOUND", "0.70".ljust(16)), ("UBOUND", "1.10".ljust(16)),
         ("NUM_OTHERS", "01"), ("OTHER_NAME", "VENUS".ljust(40)),
         ("NUM_COMS", "1"), ("COMMENT", "computed".ljust(80)),
         ("GEO_DATUM", "World Geodetic System 1984".ljust(80)), ("GEO_DATUM_CODE", "WGE "),
         ("ELLIPSOID_NAME", "World Geodetic System 1984".ljust(80)), ("ELLIPSOID_CODE", "WE "),
         ("VERTICAL_DATUM_REF", "Geodetic".ljust(80)), ("VERTICAL_REF_CODE", "GEOD"),
         ("EXISTENCE_MASK", mask.to_bytes(3, "big"))]
    if mask & 0x800000:
        f += [("RAD_QUANTITY", "irradiance".ljust(40)), ("RADQ_UNIT", "W/m2".ljust(40))]
    f += [("NUM_ILLUM_SETS", "001"), ("DATETIME", "20240315142233"),
          ("TARGET_LAT", "+42.319083"), ("TARGET_LON", "-071.057611"),
          ("TARGET_HGT", "00000031.50000")]
    opt = [(22, [("SUN_AZIMUTH", "123.4"), ("SUN_ELEV", "+45.5")]),
           (21, [("MOON_AZIMUTH", "010.0"), ("MOON_ELEV", "-12.0")]),
           (20, [("MOON_PHASE_ANGLE", "+090.0")]), (19, [("MOON_ILLUM_PERCENT", "050")]),
           (18, [("OTHER_AZIMUTH", "200.0"), ("OTHER_ELEV", "+10.0")]),
           (17, [("SENSOR_AZIMUTH", "300.0"), ("SENSOR_ELEV", "+60.0")]),
           (16, [("CATS_ANGLE", "100.0")]),
           (15, [("SUN_GLINT_LAT", "+42.300000"), ("SUN_GLINT_LON", "-071.000000")]),
           (14, [("CATM_ANGLE", "080.0")]),
           (13, [("MOON_GLINT_LAT", "+41.000000"), ("MOON_GLINT_LON", "-070.000000")]),
           (10, [("SOL_LUN_DIST_ADJUST", "1.00000")])]
    for bit, fields in opt:
        if mask & (1 << bit):
            f += fields
    for band in range(2):
        if mask & (1 << 12):
            f += [("SUN_ILLUM_METHOD", "C"), ("SUN_ILLUM", f"{100 + band}.5".ljust(16))]
        if mask & (1 << 11):
            f += [("MOON_ILLUM_METHOD", "M"), ("MOON_ILLUM", "0.002".ljust(16))]
        if mask & (1 << 10):
            f += [("TOT_SUNMOON_ILLUM", "100.502".ljust(16))]
        if mask & (1 << 9):
            f += [("OTHER_ILLUM_METHOD", "E"), ("OTHER_ILLUM", "0.0001".ljust(16))]
        if mask & (1 << 8):
            f += [("ART_ILLUM_METHOD", "E"), ("ART_ILLUM_MIN", "0".ljust(16)),
                  ("ART_ILLUM_MAX", "5".ljust(16))]
    return f


@pytest.mark.parametrize("mask", [0xFFFF00, 0x000000, 0x400400, 0x8A5300])
def test_illumb_bit_mask(tmp_path, mask):
    fields = _illumb_fields(mask)
    data = _b(fields)
    value = decode_tre("ILLUMB", data)
    assert isinstance(value, dict), value.reason
    assert value["EXISTENCE_MASK"] == mask
    assert [n for n, _ in flatten(value)] == [n for n, _ in fields]
    assert ("RAD_QUANTITY" in value) == bool(mask & 0x800000)
    sets = value["ILLUM_SETS"]
    assert len(sets) == 1 and len(sets[0]["BANDS"]) == 2
    assert ("SUN_ILLUM" in sets[0]["BANDS"][1]) == bool(mask & 0x1000)
    assert encode_tre("ILLUMB", value) == data
    assert isinstance(decode_tre("ILLUMB", data[:-1]), RawTRE)
    gdal = gdal_decode_any(tmp_path, "ILLUMB", data)
    assert not [v for n, v in gdal if n == "<warning>"]
    mine, theirs = comparable(flatten(value), gdal)
    assert mine == theirs
    assert dict(gdal)["EXISTENCE_MASK"] == str(mask)


def _pairs(d: dict) -> list:
    out = []
    for k, v in d.items():
        if isinstance(v, list):
            for row in v:
                out += _pairs(row)
        else:
            out.append((k, v))
    return out


def _bandsb_bytes(mask: int) -> bytes:
    base = sample_picker(get_definition("BANDSB"), 2)

    def pick(f, w, k):
        if f.name == "EXISTENCE_MASK":
            return mask
        if f.type == "B":
            return bytes(65 + (i + k) % 26 for i in range(w))
        if f.type == "F":
            return k * 0.25 - 3
        return base(f, w, k)

    return codec.build_bytes(get_definition("BANDSB"), pick)


@pytest.mark.parametrize("mask", [0xFFFFFFFF, 0x00000000, 0x80000001, 0x7FFFFFFE, 0x15555555,
                                  0x0AAAAAAA, 0x01000000, 0x00040001])
def test_bandsb_masks_match_gdal(tmp_path, mask):
    data = _bandsb_bytes(mask)
    value = decode_tre("BANDSB", data)
    assert isinstance(value, dict), value.reason
    assert value["EXISTENCE_MASK"] == mask and len(value["BANDS"]) == int(value["COUNT"])
    assert encode_tre("BANDSB", value) == data
    assert isinstance(decode_tre("BANDSB", data + b"x"), RawTRE)
    gdal = gdal_decode_any(tmp_path, "BANDSB", data)
    ours = _pairs(value)
    assert [n for n, _ in ours] == [n for n, _ in gdal]
    for (name, mine), (_, theirs) in zip(ours, gdal):
        if isinstance(mine, float):
            assert float(theirs) == pytest.approx(mine), name
        elif isinstance(mine, bytes):
            assert theirs.encode("ascii") == mine, name
        else:
            assert str(mine).strip() == (theirs or "").strip(), name

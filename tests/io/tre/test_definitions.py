"""Every definition file is well-formed, and its default instance is valid."""
import json

import pytest

from workbench.io.tre import (DefinitionError, decode_tre, default_tre, encode_tre,
                              get_definition, list_definitions, validate_tre)
from workbench.io.tre.definition import build_definition
from workbench.io.tre.registry import available_tags, definitions_dir, load_file

REQUIRED = """ACCHZB ACCPOB ACCVTB ACFTB AIMIDB BANDSA BANDSB BCHIPA BLOCKA BNDPLB CSCCGA CSCRNA
CSDIDA CSEPHA CSEXRA CSEXRB CSPROA CSSFAA ENGRDA EXOPTA EXPLTB GEOLOB GEOPSB GRDPSB HISTOA ICHIPB
ILLUMB IOMAPA J2KLRA MAPLOB MATESA MENSRB MIMCSA MPDSRA MSTGTA MTIMFA MTIMSA NBLOCA PATCHB PIAIMC
PIAPRD PIATGB PRJPSB RPC00A RPC00B RSMAPB RSMDCB RSMECB RSMGGA RSMGIA RSMIDA RSMPCA RSMPIA SECURA
SENSRB SNSPSB SOURCB STDIDC STREOB USE00A""".split()
PRIORITY = "ICHIPB RPC00B RPC00A BLOCKA STDIDC USE00A AIMIDB GEOLOB PIAIMC CSEXRA J2KLRA ENGRDA".split()
TAGS = available_tags()


def test_definition_files_exist():
    files = [p.name for p in definitions_dir().iterdir() if p.name.endswith(".json")]
    assert len(files) == len(TAGS) >= len(PRIORITY)
    assert set(PRIORITY) <= set(TAGS)


@pytest.mark.parametrize("tag", TAGS)
def test_every_file_is_well_formed(tag):
    defn = load_file(tag)
    assert defn.tag == tag and defn.name
    assert defn.fields, "no fields"
    for f in defn.fields:
        assert f.name and f.type in "ANSRUFB" and f.type_label
    value = default_tre(tag)
    assert validate_tre(tag, value) == []
    data = encode_tre(tag, value)
    if defn.length is not None:
        assert len(data) == defn.length
    assert decode_tre(tag, data) == value


def test_list_definitions_has_every_tag():
    infos = list_definitions()
    assert [d.tag for d in infos] == TAGS
    ichipb = get_definition("ICHIPB")
    assert ichipb.description_text
    names = [f.name for f in ichipb.fields]
    assert names[:2] == ["XFRM_FLAG", "SCALE_FACTOR"] and names[-1] == "FI_COL"
    assert ichipb.fields[0].enum == ("00", "01")


def test_loop_and_condition_info():
    j2k = {f.name: f for f in get_definition("J2KLRA").fields}
    assert j2k["BITRATE"].loop == "LAYER" and j2k["BITRATE"].loop_count == "NLAYERS_O"
    assert j2k["NLEVELS_I"].condition == "(ORIG in (1, 3, 9))"
    assert get_definition("ENGRDA").fields[3].width == "ENGLN"


def test_unknown_tag_has_no_definition():
    assert get_definition("ZZZZZZ") is None
    assert get_definition("../x") is None


BAD = [
    ({"tag": "BADONE", "name": "x", "fields": []}, "non-empty"),
    ({"tag": "BADONE", "name": "x", "fields": [["A", 2, "Q"]]}, "type"),
    ({"tag": "BADONE", "name": "x", "fields": [["A", 0, "A"]]}, "width"),
    ({"tag": "BADONE", "name": "x", "fields": [["A", "B * 2", "A"]]}, "not defined earlier"),
    ({"tag": "BADONE", "name": "x", "fields": [["A", 2, "N"], ["A", 2, "N"]]}, "duplicate"),
    ({"tag": "BADONE", "name": "x", "fields": [["A", 2, "N", {"colour": 1}]]}, "unknown keys"),
    ({"tag": "BADONE", "name": "x", "fields": [["A", 2, "N"], {"if": "__import__('os')", "fields": [["B", 1, "A"]]}]}, "not allowed"),
    ({"tag": "BADONE", "name": "x", "fields": [["A", 2, "N"], {"loop": "L", "count": "A.real", "fields": [["B", 1, "A"]]}]}, "not allowed"),
    ({"tag": "BADONE", "fields": [["A", 2, "N"]]}, "name"),
    ({"tag": "BADONE", "name": "x", "fields": [["A", 9, "U"]]}, "1 to 8 bytes"),
    ({"tag": "BADONE", "name": "x", "extra": 1, "fields": [["A", 2, "N"]]}, "unknown top-level"),
]


@pytest.mark.parametrize("data,msg", BAD)
def test_malformed_definitions_are_rejected(data, msg):
    with pytest.raises(DefinitionError, match=msg):
        build_definition(json.loads(json.dumps(data)))

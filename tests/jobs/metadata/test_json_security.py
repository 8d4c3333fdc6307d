import json

import pytest

from workbench.io.tre import RawTRE
from workbench.jobs.metadata import CommandStack, InvalidEditsError, SecurityForm
from workbench.jobs.metadata.jsonio import dumps, export_document, import_command, segment_json


def test_export_import_round_trip_into_a_chosen_segment(nitf_like):
    nitf_like.segment("image:0").fields["ZZZ"] = RawTRE(b"\x00\x01abc", "unknown tag")
    data = json.loads(dumps(export_document(nitf_like)))
    assert data["segments"]["image:0"]["ZZZ"] == {"@raw": "0001616263", "@reason": "unknown tag"}
    seg = data["segments"]["image:0"]
    seg["ICHIPB"]["FI_ROW"] = "00000100"
    seg["IID1"] = "CHANGED   "
    seg["NROWS"] = "00009999"  # image structure: never taken from JSON
    stack = CommandStack(nitf_like)
    stack.push(import_command(nitf_like, seg, "image:0"))
    assert nitf_like.get(("image:0", "ICHIPB", "FI_ROW")) == "00000100"
    assert nitf_like.get(("image:0", "IID1")) == "CHANGED   "
    assert nitf_like.get(("image:0", "NROWS")) == "00000064"
    assert bytes(nitf_like.get(("image:0", "ZZZ"))) == b"\x00\x01abc"
    stack.undo()
    assert nitf_like.get(("image:0", "IID1")) == "IMG0      "


def test_invalid_import_changes_nothing(nitf_like):
    seg = segment_json(nitf_like, "image:0")
    seg["ICHIPB"]["XFRM_FLAG"] = "09"
    before = export_document(nitf_like)
    with pytest.raises(InvalidEditsError) as info:
        import_command(nitf_like, seg, "image:0")
    assert "image:0/ICHIPB[0]/XFRM_FLAG: must be one of '00', '01', got '09'" in str(info.value)
    assert export_document(nitf_like) == before


def test_security_form_sets_every_segment_in_one_undo_step(nitf_like):
    form = SecurityForm(nitf_like)
    assert [r.segment_key for r in form.rows()] == ["file", "image:0", "text:0"]
    assert form.banner() == "UNCLASSIFIED"
    stack = CommandStack(nitf_like)
    stack.push(form.set_command("CLAS", "S", ["image:0"]))
    assert form.consistency() == [
        "image:0: classified SECRET above the file header's UNCLASSIFIED"]
    stack.push(form.set_command("CLAS", "S"))
    assert {r.values["CLAS"] for r in form.rows()} == {"S"}
    assert form.consistency() == [] and form.banner() == "SECRET"
    stack.undo()
    assert [r.values["CLAS"] for r in form.rows()] == ["U", "S", "U"]
    with pytest.raises(ValueError, match="not a security field"):
        form.set_command("XYZ", "S")

from workbench.io.tre import validate_tre
from workbench.jobs.metadata import (AddTRE, CommandStack, DeleteTRE, DuplicateTRE, SetValue,
                                     build_tree, check_edit, document_problems, parse_address,
                                     format_address, tree_text)
import numpy as np
import pytest


def test_addresses_round_trip():
    for text in ("file/FTITLE", "image:0/ICHIPB[1]/FI_ROW", "image:0/RPC00B/LINE_NUM_COEFF[3]"):
        assert format_address(parse_address(text)) == text
    assert parse_address("FTITLE") == ("file", "FTITLE")
    assert parse_address("image:0/ICHIPB/FI_ROW") == ("image:0", "ICHIPB", "FI_ROW")
    with pytest.raises(ValueError, match="bad address part"):
        parse_address("image:0/ICH[IPB")


def test_set_undo_redo_and_dirty(nitf_like):
    stack = CommandStack(nitf_like)
    assert not stack.dirty
    stack.push(SetValue(parse_address("image:0/ICHIPB/FI_ROW"), "1024"))
    assert nitf_like.get(("image:0", "ICHIPB", "FI_ROW")) == "00001024"  # padded to width 8
    assert stack.dirty
    stack.undo()
    assert nitf_like.get(("image:0", "ICHIPB", "FI_ROW")) == "00000000"
    assert not stack.dirty
    stack.redo()
    assert nitf_like.get(("image:0", "ICHIPB", "FI_ROW")) == "00001024"
    stack.mark_clean()
    assert not stack.dirty
    stack.undo()
    assert stack.dirty


def test_undo_stack_is_capped(nitf_like):
    stack = CommandStack(nitf_like, limit=3)
    for i in range(5):
        stack.push(SetValue(("image:0", "ICHIPB", "FI_COL"), str(i)))
    assert [stack.undo() is not None for _ in range(4)] == [True, True, True, False]
    assert nitf_like.get(("image:0", "ICHIPB", "FI_COL")) == "00000001"
    assert stack.dirty  # the saved state fell off the stack


def test_invalid_tre_value_is_reported_with_its_rule(nitf_like):
    rule = check_edit(nitf_like, ("image:0", "ICHIPB", "XFRM_FLAG"), "07")
    assert rule == "must be one of '00', '01', got '07'"
    assert check_edit(nitf_like, ("image:0", "ICHIPB", "XFRM_FLAG"), "01") is None
    CommandStack(nitf_like).push(SetValue(("image:0", "ICHIPB", "FI_ROW"), "12x"))
    problems = [str(p) for p in document_problems(nitf_like)]
    assert problems == ["image:0/ICHIPB[0]/FI_ROW: must be BCS-N unsigned integer of width 8, "
                        "got '     12x'"]  # as stored: not a number, so not zero-padded
    node = build_tree(nitf_like).find(("image:0", "ICHIPB", 0, "FI_ROW"))
    assert node.problem.startswith("must be BCS-N unsigned integer")


def test_add_duplicate_delete_tre_with_undo(nitf_like):
    stack = CommandStack(nitf_like)
    before = list(nitf_like.segment("image:0").fields)
    stack.push(AddTRE("image:0", "ICHIPB"))
    assert len(nitf_like.get(("image:0", "ICHIPB"))) == 2
    stack.push(SetValue(("image:0", "ICHIPB", 1, "FI_COL"), "77"))
    stack.push(DuplicateTRE("image:0", "ICHIPB", 1))
    insts = nitf_like.get(("image:0", "ICHIPB"))
    assert [i["FI_COL"] for i in insts] == ["00000000", "00000077", "00000077"]
    assert all(validate_tre("ICHIPB", i) == [] for i in insts)
    stack.push(DeleteTRE("image:0", "BLOCKA"))
    assert "BLOCKA" not in nitf_like.segment("image:0").fields
    for _ in range(4):
        stack.undo()
    assert list(nitf_like.segment("image:0").fields) == before  # order restored too
    assert isinstance(nitf_like.get(("image:0", "ICHIPB")), dict)


def test_read_only_fields_are_refused(nitf_like):
    stack = CommandStack(nitf_like)
    with pytest.raises(ValueError, match="cannot be edited"):
        stack.push(SetValue(("image:0", "NROWS"), "00000010"))
    with pytest.raises(ValueError, match="cannot be edited"):
        stack.push(SetValue(("file", "FL"), "000000000001"))
    assert not stack.can_undo


def test_tree_shows_segments_tres_and_text(nitf_like):
    root = build_tree(nitf_like)
    assert [c.name for c in root.children][-2:] == ["image:0", "text:0"]
    image = root.find(("image:0",))
    ichipb = image.children[[c.name for c in image.children].index("ICHIPB")]
    assert ichipb.kind == "tre" and "Image Chip Block" in ichipb.description
    fi_row = ichipb.children[[c.name for c in ichipb.children].index("FI_ROW")]
    assert fi_row.width_type == "8 BCS-N unsigned integer" and fi_row.editable
    text = tree_text(root)
    assert "  text:0" in text and "@text = hello" in text


def test_png_metadata_is_shown_read_only(png_path):
    from workbench.jobs.metadata import MetadataDocument

    doc = MetadataDocument.open(png_path)
    assert doc.format_name == "png" and not doc.editable
    root = build_tree(doc)
    node = root.find(("image:0", "PNG_WIDTH"))
    assert node.value == "64" and not node.editable
    with pytest.raises(ValueError, match="cannot be edited"):
        CommandStack(doc).push(SetValue(("image:0", "PNG_WIDTH"), "3"))


def test_geotiff_tags_by_name_and_geokeys(tmp_path):
    from workbench.io.core.convenience import imsave
    from workbench.jobs.metadata import MetadataDocument

    path = tmp_path / "geo.tif"
    imsave(str(path), np.zeros((1, 32, 32), np.uint8),
           corners=[(-77.0, 39.0), (-76.5, 39.0), (-76.5, 38.5), (-77.0, 38.5)], crs="EPSG:4326")
    doc = MetadataDocument.open(path)
    root = build_tree(doc)
    names = {n.name: n for n in root.walk()}
    assert names["Compression (259)"].value == "8"
    assert names["ImageWidth (256)"].value == "32"
    assert names["GeodeticCRSGeoKey (2048)"].value == "4326"
    assert names["GTModelTypeGeoKey (1024)"].value == "2"


def test_xml_values_are_parsed_safely_into_rows():
    from workbench.jobs.metadata import MetadataDocument, Segment

    xml = '<gml:FeatureCollection xmlns:gml="http://www.opengis.net/gml"><gml:name a="1">' \
          'scene</gml:name></gml:FeatureCollection>'
    bomb = '<!DOCTYPE x [<!ENTITY e "boom">]><x>&e;</x>'
    doc = MetadataDocument([Segment("file", "file", {}),
                            Segment("image:0", "image", {"xml 0": xml, "xml 1": bomb})], "jp2")
    root = build_tree(doc)
    names = {n.name: n for n in root.walk()}
    assert names["<name>"].value == "scene" and names["@a"].value == "1"
    assert names["<FeatureCollection>"].kind == "group"
    assert root.find(("image:0", "xml 1")).children == []  # entities refused: shown as text only


def test_a_non_number_in_a_number_field_is_reported_as_typed():
    from workbench.jobs.metadata.rules import FieldMeta, check_value, normalize

    meta = FieldMeta("LINE_OFF", 6, "N")
    assert normalize(meta, "12") == "000012" and check_value(meta, "000012") is None
    rule = check_value(meta, normalize(meta, "abc"))
    assert rule == "must be BCS-N unsigned integer of width 6, got 'abc'"

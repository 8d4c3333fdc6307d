"""Header repeated groups: image comments (ICOM, NICOM kept equal to their number) and the
per-band fields (BAND_INFO) edited through the validated, undoable commands, saved with the image
data passed through, on a JPEG 2000 NITF written by GDAL."""

import numpy as np
import pytest
import rasterio
import rasterio.shutil

from workbench.io.core.io import IO
from workbench.jobs.metadata import (AddComment, CommandStack, DeleteComment, InvalidEditsError,
                                     MetadataDocument, SetValue, build_tree, check_edit,
                                     document_problems, save_document)
from workbench.jobs.metadata.jp2_view import CODESTREAM

PIXELS = (np.arange(3 * 80 * 96) % 251).astype(np.uint8).reshape(3, 80, 96)


@pytest.fixture
def gdal_c8(tmp_path):
    """A 3-band JPEG 2000 (C8) NITF written by GDAL with one comment and band subcategories."""
    tif, ntf = tmp_path / "src.tif", tmp_path / "gdal_c8.ntf"
    with rasterio.Env(), rasterio.open(tif, "w", driver="GTiff", width=96, height=80, count=3,
                                       dtype="uint8") as dst:
        dst.write(PIXELS)
    rasterio.shutil.copy(str(tif), str(ntf), driver="NITF", IC="C8",
                         JPEG2000_DRIVER="JP2OpenJPEG", ICOM="first comment from GDAL",
                         IREPBAND="R,G,B", ISUBCAT="0.65,0.55,0.45", QUALITY=100,
                         BLOCKXSIZE=64, BLOCKYSIZE=64)
    return ntf


pytestmark = pytest.mark.filterwarnings("ignore::rasterio.errors.NotGeoreferencedWarning")


def _image(doc):
    return doc.segment("image:0").fields


def test_comment_and_band_edits_undo_redo_and_keep_nicom(gdal_c8):
    doc = MetadataDocument.open(gdal_c8)
    assert _image(doc)["NICOM"] == "1"
    assert _image(doc)["ICOM"][0].rstrip() == "FIRST COMMENT FROM GDAL"
    stack = CommandStack(doc)
    stack.push(AddComment("image:0", "second comment"))
    stack.push(SetValue(("image:0", "ICOM", 0), "first, edited"))
    stack.push(SetValue(("image:0", "BAND_INFO", 1, "ISUBCAT"), "0.56"))
    stack.push(SetValue(("image:0", "BAND_INFO", 2, "IMFLT"), "ABC"))
    fields = _image(doc)
    assert fields["ICOM"] == ["first, edited".ljust(80), "second comment".ljust(80)]
    assert fields["NICOM"] == "2"
    assert fields["BAND_INFO"][1]["ISUBCAT"] == "0.56  "
    assert fields["BAND_INFO"][2]["IMFLT"] == "ABC"
    assert document_problems(doc) == []
    for _ in range(4):
        stack.undo()
    assert fields["NICOM"] == "1" and len(fields["ICOM"]) == 1
    assert fields["ICOM"][0].rstrip() == "FIRST COMMENT FROM GDAL"
    assert fields["BAND_INFO"][1]["ISUBCAT"] == "0.55  "
    stack.redo()
    assert _image(doc)["NICOM"] == "2"
    stack.push(DeleteComment("image:0", 0))
    assert _image(doc)["NICOM"] == "1"
    assert _image(doc)["ICOM"] == ["second comment".ljust(80)]
    stack.undo()
    assert _image(doc)["NICOM"] == "2"


def test_tree_shows_group_fields_editable_and_counts_read_only(gdal_c8):
    doc = MetadataDocument.open(gdal_c8)
    tree = build_tree(doc)
    for address in [("image:0", "ICOM", 0), ("image:0", "BAND_INFO", 0, "IREPBAND"),
                    ("image:0", "BAND_INFO", 0, "ISUBCAT"), ("image:0", "BAND_INFO", 0, "IFC"),
                    ("image:0", "BAND_INFO", 0, "IMFLT")]:
        assert tree.find(address).editable, address
    for address in [("image:0", "NICOM"), ("image:0", "BAND_INFO", 0, "NLUTS"),
                    ("file", "NUMI"), ("file", "IMAGE_INFO", 0, "LI")]:
        assert not tree.find(address).editable, address
    assert tree.find(("file", "NUMI")).width_type.startswith("3 ")
    assert tree.find(("file", "IMAGE_INFO", 0, "LI")).width_type.startswith("10 ")
    assert tree.find(("image:0", "ICOM", 0)).width_type.startswith("80 ")


def test_invalid_group_values_are_marked_and_block_saving(gdal_c8, tmp_path):
    doc = MetadataDocument.open(gdal_c8)
    stack = CommandStack(doc)
    with pytest.raises(ValueError, match="cannot be edited"):
        stack.push(SetValue(("image:0", "NICOM"), "5"))
    with pytest.raises(ValueError, match="cannot be edited"):
        stack.push(SetValue(("image:0", "BAND_INFO", 0, "NLUTS"), "1"))
    with pytest.raises(ValueError, match="ECS-A"):
        stack.push(AddComment("image:0", "bell \x07"))
    with pytest.raises(ValueError, match="width 80"):
        stack.push(AddComment("image:0", "x" * 81))
    assert check_edit(doc, ("image:0", "BAND_INFO", 0, "IFC"), "X") == "must be one of 'N', got 'X'"
    stack.push(SetValue(("image:0", "BAND_INFO", 0, "ISUBCAT"), "1234567"))
    stack.push(SetValue(("image:0", "ICOM", 0), "tab\there"))
    problems = {str(p) for p in document_problems(doc)}
    assert any(p.startswith("image:0/BAND_INFO[0]/ISUBCAT: must be BCS-A text of width 6")
               for p in problems)
    assert any(p.startswith("image:0/ICOM[0]: must be ECS-A") for p in problems)
    out = tmp_path / "never.ntf"
    with pytest.raises(InvalidEditsError, match="ISUBCAT"):
        save_document(doc, str(out))
    assert not out.exists()
    for _ in range(8):
        stack.push(AddComment("image:0", "more"))
    with pytest.raises(ValueError, match="at most 9"):
        stack.push(AddComment("image:0", "one too many"))


def test_group_edits_save_with_the_gdal_codestream_passed_through(gdal_c8, tmp_path):
    doc = MetadataDocument.open(gdal_c8)
    cs = doc.segment("image:0").info[CODESTREAM]
    with rasterio.open(gdal_c8) as src:  # our codestream view agrees with GDAL's
        reversibility = src.tags(ns="IMAGE_STRUCTURE")["COMPRESSION_REVERSIBILITY"]
    assert cs["reversible"] == str(reversibility == "LOSSLESS")
    assert cs["tile_size"] == "64 x 64"
    stack = CommandStack(doc)
    stack.push(SetValue(("image:0", "ICOM", 0), "re-marked by the editor"))
    stack.push(AddComment("image:0", "a second line"))
    stack.push(SetValue(("image:0", "BAND_INFO", 0, "ISUBCAT"), "0.66"))
    stack.push(SetValue(("image:0", "BAND_INFO", 2, "IREPBAND"), "B"))
    out = tmp_path / "edited.ntf"
    save_document(doc, str(out))
    with IO.open([str(gdal_c8)]) as a, IO.open([str(out)]) as b:
        # GDAL's OpenJPEG codestream, byte for byte: copied, not re-encoded by us
        assert bytes(a.get_asset("image:0").segment_data) == \
               bytes(b.get_asset("image:0").segment_data)
        meta = b.get_asset("image:0").metadata
        assert meta["NICOM"] == "2"
        assert [c.rstrip() for c in meta["ICOM"]] == ["re-marked by the editor",
                                                      "a second line"]
        assert [bi["ISUBCAT"].strip() for bi in meta["BAND_INFO"]] == ["0.66", "0.55", "0.45"]
    with rasterio.open(out) as src:  # GDAL reads the edits and the same pixels
        assert "RE-MARKED BY THE EDITOR" in src.tags()["NITF_IMAGE_COMMENTS"].upper()
        assert "A SECOND LINE" in src.tags()["NITF_IMAGE_COMMENTS"].upper()
        assert src.tags(1)["NITF_ISUBCAT"] == "0.66"
        with rasterio.open(gdal_c8) as before:
            assert np.array_equal(src.read(), before.read())

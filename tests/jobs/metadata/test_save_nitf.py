"""Saving edited metadata into real NITF files, read back by workbench.io and GDAL."""

import os

import numpy as np
import pytest

from workbench.io.core.io import IO
from workbench.io.tre import default_tre
from workbench.jobs.metadata import (AddTRE, CommandStack, DeleteTRE, InvalidEditsError,
                                     MetadataDocument, SetValue, save_document)
from workbench.jobs.metadata.jsonio import export_document

# Values the writer recomputes on every save (lengths) — everything else must be unchanged.
COMPUTED = {"FL", "HL", "IMAGE_INFO", "TEXT_INFO", "LISH", "LI", "LTSH", "LT", "UDHDL", "XHDL",
            "UDIDL", "IXSHDL", "TXSHDL", "_TRE_PLACEMENT"}


def _strip(segments: dict) -> dict:
    return {k: {n: v for n, v in fields.items() if n not in COMPUTED}
            for k, fields in segments.items()}


def test_save_as_then_reopen_has_every_edit_and_nothing_else_changed(nitf_path, tmp_path):
    doc = MetadataDocument.open(nitf_path)
    before = _strip(export_document(doc)["segments"])
    stack = CommandStack(doc)
    stack.push(SetValue(("file", "FTITLE"), "edited title"))
    stack.push(SetValue(("image:0", "ISCLAS"), "C"))
    stack.push(SetValue(("file", "FSCLAS"), "C"))
    stack.push(SetValue(("image:0", "ICHIPB", "FI_ROW"), "4096"))
    stack.push(AddTRE("image:0", "BLOCKA"))
    stack.push(SetValue(("text:0", "@text"), "new notes"))
    out = tmp_path / "out.ntf"
    assert save_document(doc, str(out)) == str(out)
    again = MetadataDocument.open(out)
    after = _strip(export_document(again)["segments"])
    assert after["file"]["FTITLE"] == "edited title".ljust(80)
    assert after["file"]["FSCLAS"] == "C" and after["image:0"]["ISCLAS"] == "C"
    assert after["image:0"]["ICHIPB"]["FI_ROW"] == "00004096"
    assert "BLOCKA" not in before["image:0"]
    assert after["image:0"]["BLOCKA"] == default_tre("BLOCKA")
    assert after["text:0"]["@text"] == "new notes"
    for key in ("file", "image:0", "text:0"):
        edited = {"FTITLE", "FSCLAS", "ISCLAS", "ICHIPB", "BLOCKA", "@text"}
        assert {n: v for n, v in after[key].items() if n not in edited} == \
               {n: v for n, v in before[key].items() if n not in edited}, key
    assert {k: v for k, v in after["image:0"]["ICHIPB"].items() if k != "FI_ROW"} == \
           {k: v for k, v in before["image:0"]["ICHIPB"].items() if k != "FI_ROW"}


def test_pass_through_image_bytes_are_identical(nitf_path, tmp_path):
    doc = MetadataDocument.open(nitf_path)
    CommandStack(doc).push(DeleteTRE("image:0", "ICHIPB"))
    out = tmp_path / "out.ntf"
    save_document(doc, str(out))
    with IO.open([str(nitf_path)]) as a, IO.open([str(out)]) as b:
        assert bytes(a.get_asset("image:0").segment_data) == \
               bytes(b.get_asset("image:0").segment_data)
        assert "ICHIPB" not in b.get_asset("image:0").metadata


@pytest.mark.interop
def test_gdal_reads_the_saved_file(nitf_path, tmp_path):
    import rasterio

    doc = MetadataDocument.open(nitf_path)
    CommandStack(doc).push(SetValue(("file", "FTITLE"), "seen by gdal"))
    out = tmp_path / "out.ntf"
    save_document(doc, str(out))
    with rasterio.open(nitf_path) as a, rasterio.open(out) as b:
        assert np.array_equal(a.read(), b.read())
        assert b.tags()["NITF_FTITLE"] == "seen by gdal"
        assert "ICHIPB" in b.tags(ns="TRE")


def test_save_over_the_original_replaces_it_atomically(nitf_path):
    doc = MetadataDocument.open(nitf_path)
    CommandStack(doc).push(SetValue(("image:0", "IID1"), "NEWID"))
    inode = os.stat(nitf_path).st_ino
    with IO.open([str(nitf_path)]) as still_open:  # an open reader (e.g. the viewer's)
        save_document(doc)
        assert bytes(still_open.sources[0].view[:4]) == b"NITF"
    assert os.stat(nitf_path).st_ino != inode  # a new file moved into place, not edited in place
    assert MetadataDocument.open(nitf_path).get(("image:0", "IID1")) == "NEWID     "
    leftovers = [n for n in os.listdir(os.path.dirname(nitf_path)) if n.startswith(".")]
    assert leftovers == []


def test_invalid_edit_writes_nothing(nitf_path, tmp_path):
    doc = MetadataDocument.open(nitf_path)
    CommandStack(doc).push(SetValue(("image:0", "ICHIPB", "XFRM_FLAG"), "07"))
    CommandStack(doc).push(SetValue(("file", "FSCLAS"), "Q"))
    out = tmp_path / "out.ntf"
    with pytest.raises(InvalidEditsError) as info:
        save_document(doc, str(out))
    text = str(info.value)
    assert "file/FSCLAS: must be one of 'T', 'S', 'C', 'R', 'U', got 'Q'" in text
    assert "image:0/ICHIPB[0]/XFRM_FLAG: must be one of '00', '01', got '07'" in text
    assert not out.exists()
    assert sorted(os.listdir(tmp_path)) == ["src.ntf"]

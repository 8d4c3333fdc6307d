"""``workbench meta`` edits image comments and per-band fields; the image data passes through."""

import os
import sys

import rasterio

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "jobs", "metadata"))

from metadata_nitf_files import write_nitf  # noqa: E402
from workbench.cli import main  # noqa: E402
from workbench.io.core.io import IO  # noqa: E402


def test_comments_and_band_fields_from_the_command_line(tmp_path, capsys):
    src, out = tmp_path / "in.ntf", tmp_path / "out.ntf"
    write_nitf(src, ic="C8", size=(64, 64), block=32)
    assert main(["meta", str(src), "-o", str(out), "--add", "image:0/ICOM=first note",
                 "--add", "image:0/ICOM=second note", "--delete", "image:0/ICOM[0]",
                 "--set", "image:0/ICOM[0]=the only note",
                 "--set", "image:0/BAND_INFO[0]/ISUBCAT=0.7"]) == 0
    with IO.open([str(src)]) as a, IO.open([str(out)]) as b:
        meta = b.get_asset("image:0").metadata
        assert meta["NICOM"] == "1" and meta["ICOM"] == ["the only note".ljust(80)]
        assert meta["BAND_INFO"][0]["ISUBCAT"] == "0.7   "
        assert bytes(a.get_asset("image:0").segment_data) == \
               bytes(b.get_asset("image:0").segment_data)
    with rasterio.open(out) as ds:
        assert ds.tags()["NITF_IMAGE_COMMENTS"].strip() == "the only note"
        assert ds.tags(1)["NITF_ISUBCAT"] == "0.7"


def test_bad_band_field_fails_with_its_rule_and_writes_nothing(tmp_path, capsys):
    src, out = tmp_path / "in.ntf", tmp_path / "out.ntf"
    write_nitf(src)
    assert main(["meta", str(src), "-o", str(out),
                 "--set", "image:0/BAND_INFO[0]/IFC=Q"]) == 2
    err = capsys.readouterr().err
    assert "image:0/BAND_INFO[0]/IFC: must be one of 'N'" in err
    assert not out.exists()
    assert main(["meta", str(src), "-o", str(out), "--delete", "image:0/ICOM[3]"]) == 2
    assert "no comment [3]" in capsys.readouterr().err
    assert not out.exists()

"""``workbench meta`` on real NITF files: batch edits through the edit model, pass-through save."""

import json
import os
import sys

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "jobs", "metadata"))

from metadata_nitf_files import write_nitf  # noqa: E402
from workbench.cli import main  # noqa: E402
from workbench.io.core.io import IO  # noqa: E402
from workbench.io.tre import default_tre  # noqa: E402


@pytest.fixture
def src(tmp_path):
    path = tmp_path / "in.ntf"
    write_nitf(path, tres={"ICHIPB": default_tre("ICHIPB"), "BLOCKA": default_tre("BLOCKA")})
    return path


def test_set_delete_and_add_in_one_run(src, tmp_path, capsys):
    out = tmp_path / "out.ntf"
    assert main(["meta", str(src), "-o", str(out), "--set", "FSCLAS=S", "--set",
                 "image:0/ISCLAS=S", "--set", "image:0/ICHIPB/FI_ROW=1024", "--delete",
                 "image:0/BLOCKA", "--add", "file/ICHIPB"]) == 0
    assert "wrote" in capsys.readouterr().out
    with IO.open([str(out)]) as r, IO.open([str(src)]) as s:
        assert r.metadata["FSCLAS"] == "S" and "ICHIPB" in r.metadata
        image = r.get_asset("image:0")
        assert image.metadata["ISCLAS"] == "S"
        assert image.metadata["ICHIPB"]["FI_ROW"] == "00001024"
        assert "BLOCKA" not in image.metadata
        assert bytes(image.segment_data) == bytes(s.get_asset("image:0").segment_data)


def test_invalid_edit_fails_with_its_rule_and_writes_nothing(src, tmp_path, capsys):
    out = tmp_path / "out.ntf"
    assert main(["meta", str(src), "-o", str(out), "--set", "FSCLAS=S",
                 "--set", "image:0/ICHIPB/XFRM_FLAG=7"]) == 2
    err = capsys.readouterr().err
    assert "image:0/ICHIPB[0]/XFRM_FLAG: must be one of '00', '01', got '07'" in err
    assert "nothing was written" in err and not out.exists()
    assert main(["meta", str(src), "-o", str(out), "--set", "image:0/NOPE=1"]) == 2
    assert "no such field" in capsys.readouterr().err and not out.exists()


def test_apply_json_in_place(src, tmp_path, capsys):
    assert main(["meta", str(src), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    data["segments"]["image:0"]["ICHIPB"]["SCALE_FACTOR"] = "0002.00000"
    data["segments"]["file"]["FTITLE"] = "from json"
    patch = tmp_path / "meta.json"
    patch.write_text(json.dumps(data))
    before = src.read_bytes()
    assert main(["meta", str(src), "-o", str(src), "--apply", str(patch)]) == 0
    with IO.open([str(src)]) as r:
        assert r.metadata["FTITLE"].strip() == "from json"
        assert r.get_asset("image:0").metadata["ICHIPB"]["SCALE_FACTOR"] == "0002.00000"
    assert len(src.read_bytes()) == len(before)
    assert [n for n in os.listdir(tmp_path) if n.startswith(".")] == []

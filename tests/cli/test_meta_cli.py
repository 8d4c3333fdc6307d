import json

import numpy as np

from workbench.cli import main
from workbench.io.core.convenience import imsave


def test_meta_prints_png_metadata(tmp_path, capsys):
    path = tmp_path / "a.png"
    imsave(str(path), np.zeros((3, 8, 5), np.uint8))
    assert main(["meta", str(path)]) == 0
    out = capsys.readouterr().out
    assert "PNG_WIDTH = 5" in out and "image:0" in out
    assert main(["meta", str(path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["segments"]["image:0"]["PNG_HEIGHT"] == "8"


def test_meta_edits_of_a_read_only_format_fail_and_write_nothing(tmp_path, capsys):
    path = tmp_path / "a.png"
    imsave(str(path), np.zeros((8, 5), np.uint8))
    out = tmp_path / "b.png"
    assert main(["meta", str(path), "-o", str(out), "--set", "image:0/PNG_WIDTH=3"]) == 2
    assert "cannot be edited" in capsys.readouterr().err
    assert not out.exists()

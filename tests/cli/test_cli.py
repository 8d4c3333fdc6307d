"""The command line, run as a user runs it (a subprocess of the installed entry point's
module) on real files."""

import json
import subprocess
import sys
from importlib import resources

import numpy as np
import rasterio

from workbench.io import imread, imsave

SAMPLE = str(resources.files("workbench.resources") / "sample" / "sample.ntf")


def wb(*args, cwd=None, env_dir=None):
    import os

    env = dict(os.environ, WORKBENCH_CONFIG_DIR=str(env_dir or cwd or "."))
    return subprocess.run([sys.executable, "-c", "import sys; from workbench.cli import main; "
                           "sys.exit(main())", *args], capture_output=True, text=True, env=env,
                          cwd=cwd, timeout=120)


def test_info_text_and_json(tmp_path):
    text = wb("info", SAMPLE, cwd=tmp_path)
    assert text.returncode == 0 and "1024x1024" in text.stdout and "RPC00B" in text.stdout
    data = json.loads(wb("info", SAMPLE, "--json", cwd=tmp_path).stdout)
    image = data["assets"][0]
    assert (image["width"], image["bands"], image["IC"]) == (1024, 3, "C8")
    assert image["georeference"].startswith("IGEOLO")
    bad = wb("info", str(tmp_path / "missing.ntf"), cwd=tmp_path)
    assert bad.returncode == 1 and "missing.ntf" in bad.stderr


def test_presets_lists_ids_and_names(tmp_path):
    out = wb("presets", cwd=tmp_path)
    assert out.returncode == 0
    assert "nitf-j2k-lossless" in out.stdout and "PNG quicklook" in out.stdout


def test_convert_with_preset_and_failure_status(tmp_path):
    good = tmp_path / "good.png"
    imsave(good, np.arange(3 * 32 * 48, dtype=np.uint8).reshape(3, 32, 48))
    bad = tmp_path / "bad.png"
    bad.write_bytes(b"not a png at all")
    out = tmp_path / "out"
    result = wb("convert", str(good), str(bad), "-o", str(out), "--preset", "geotiff-lzw",
                cwd=tmp_path)
    assert result.returncode == 1
    assert "bad.png" in result.stderr and "good.png" not in result.stderr
    with rasterio.open(out / "good.tif") as ds:
        np.testing.assert_array_equal(ds.read(), imread(good))
    assert sorted(p.name for p in out.iterdir()) == ["good.tif"]
    ok = wb("convert", str(good), "-o", str(out), "--format", "nitf", "--compression", "NC",
            "--block", "16", cwd=tmp_path)
    assert ok.returncode == 0, ok.stderr
    np.testing.assert_array_equal(imread(out / "good.ntf"), imread(good))


def test_convert_rejects_incompatible_options(tmp_path):
    result = wb("convert", SAMPLE, "-o", str(tmp_path), "--format", "nitf", "--compression",
                "C3", "--imode", "R", cwd=tmp_path)
    assert result.returncode == 2 and "imode" in result.stderr
    assert not list(tmp_path.glob("*.ntf"))


def test_chip_command(tmp_path):
    out = tmp_path / "c.ntf"
    result = wb("chip", SAMPLE, "--window", "100,200,64,32", "-o", str(out), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "FSCLAS" in result.stdout  # the security review
    np.testing.assert_array_equal(imread(out), imread(SAMPLE, window=(100, 200, 64, 32)))
    bad = wb("chip", SAMPLE, "--window", "1,2,3", "-o", str(out), cwd=tmp_path)
    assert bad.returncode == 2 and "--window" in bad.stderr


def test_output_piped_into_a_reader_that_stops_early_is_quiet(tmp_path):
    """``workbench info FILE | head -1``: the pipe closes early; no traceback on stderr."""
    import os

    env = dict(os.environ, WORKBENCH_CONFIG_DIR=str(tmp_path))
    code = ("import sys; from workbench.cli import main; sys.exit(main())")
    proc = subprocess.Popen([sys.executable, "-c", code, "info", SAMPLE], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=env, cwd=tmp_path)
    proc.stdout.close()  # the reader is gone before the first line is written
    err = proc.stderr.read().decode()
    proc.wait(timeout=120)
    assert "Traceback" not in err and "BrokenPipe" not in err, err
    assert proc.returncode in (0, 141)


def test_ctrl_c_during_a_command_ends_with_130_and_one_line(tmp_path, monkeypatch, capsys):
    """Ctrl-C arrives as KeyboardInterrupt wherever the job is; every subcommand ends the same
    way (writes are atomic: tests/jobs cover that nothing partial is left)."""
    import workbench.jobs.chip as chip_job
    from workbench.cli import main

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(chip_job, "chip_file", interrupted)
    code = main(["chip", SAMPLE, "--window", "0,0,64,64", "-o", str(tmp_path / "c.ntf")])
    err = capsys.readouterr().err
    assert code == 130 and err.strip() == "workbench chip: interrupted"
    assert list(tmp_path.iterdir()) == []

"""The desktop bundle: its self-check (fast, from source) and the opt-in smoke test that builds
the bundle and runs it headless (slow: ``pytest -m slow tests/installer``, about 2 minutes).
The bundle's outputs are then read back with GDAL and compared with the sample's pixels."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_bundle_check_passes_from_source(tmp_path):
    """The checks smoke.sh runs inside the bundle pass on the development install, so a failure
    in the bundle points at the bundle."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", WORKBENCH_BUNDLE_CHECK="1",
               WORKBENCH_CONFIG_DIR=str(tmp_path))
    run = subprocess.run([sys.executable, str(ROOT / "installer" / "launch.py")], env=env,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr
    lines = run.stdout.splitlines()
    assert lines[-1] == "bundle check: passed"
    checks = [line.split(":")[0] for line in lines[:-1]]
    assert checks == ["ok   resources", "ok   tre_definitions", "ok   presets", "ok   proj_data",
                      "ok   codecs", "ok   xml_and_config", "ok   qt"]


@pytest.mark.slow
def test_smoke_builds_and_runs_the_bundle(tmp_path):
    env = dict(os.environ, SMOKE_OUT=str(tmp_path))
    run = subprocess.run(["bash", str(ROOT / "installer" / "smoke.sh")], env=env, cwd=ROOT,
                         capture_output=True, text=True, timeout=1200)
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-4000:]
    assert run.stdout.rstrip().endswith("smoke test passed")
    assert (tmp_path / "bundle-check.txt").read_text().rstrip().endswith("bundle check: passed")
    # the xcb platform plugin is tried on a virtual X server where xvfb-run is installed
    assert ("window on xcb:" if shutil.which("xvfb-run") else "xcb: not tried") in run.stdout

    import rasterio

    import workbench.io as wio

    sample = wio.imread(ROOT / "resources" / "sample" / "sample.ntf")
    for lossless in ("nitf-j2k-lossless/sample.ntf", "cog-deflate/sample.tif"):
        with rasterio.open(tmp_path / lossless) as ds:  # GDAL reads what the bundle wrote
            assert np.array_equal(ds.read(), sample), lossless
    with rasterio.open(tmp_path / "cog-deflate" / "sample.tif") as ds:
        assert ds.crs.to_epsg() == 4326 and ds.overviews(1) == [2, 4]
    with rasterio.open(tmp_path / "png-quicklook" / "sample.png") as ds:
        assert (ds.count, ds.height, ds.width) == (3, 1024, 1024)
        assert len(np.unique(ds.read(1))) > 64  # a stretched picture, not a blank
    with rasterio.open(tmp_path / "window.png") as ds:  # the main window, grabbed offscreen
        assert ds.width >= 800 and ds.height >= 600
        assert len(np.unique(ds.read(1))) > 16

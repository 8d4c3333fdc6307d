"""Fixtures for the job tests: real files written with the IO library (and GDAL for NITF)."""

import numpy as np
import pytest

from workbench.io import imsave


@pytest.fixture(autouse=True)
def _config_dir(tmp_path, monkeypatch):
    """User presets go to a per-test folder, never the real config directory."""
    monkeypatch.setenv("WORKBENCH_CONFIG_DIR", str(tmp_path / "config"))


def gradient(bands=3, rows=300, cols=500, dtype=np.uint8, seed=0):
    rng = np.random.default_rng(seed)
    data = rng.integers(0, np.iinfo(dtype).max // 2, (bands, rows, cols))
    return data.astype(dtype)


@pytest.fixture
def rgb_png(tmp_path):
    data = gradient()
    path = tmp_path / "rgb.png"
    imsave(path, data)
    return path, data

import numpy as np
import pytest


def scene(bands=3, rows=300, cols=500, dtype=np.uint8, seed=0):
    """Smooth structure plus noise: compressible, but every pixel matters."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:rows, 0:cols]
    base = np.stack([(x * (b + 1) + y * (2 - b % 3)) % 251 for b in range(bands)]).astype(float)
    base += rng.integers(0, 5, base.shape)
    dt = np.dtype(dtype)
    if dt.kind == "f":
        return (base / 7.3 - 11.0).astype(dt)
    if dt.kind == "c":
        return (base + 1j * base[::-1]).astype(dt)
    info = np.iinfo(dt)
    scaled = base / 255.0 * (min(info.max, 65535) - max(info.min, -32768)) + max(info.min, -32768)
    return scaled.astype(dt)


@pytest.fixture
def make_scene():
    return scene

"""Helpers of the PNG tests: content that exercises every filter, and independent readers."""

import warnings

import numpy as np
import pytest
import rasterio
from PIL import Image

from workbench.io import IO


def content(bands, rows, cols, dtype=np.uint8, seed=0):
    """Smooth ramps, flat patches, sharp edges and noise (so encoders pick every filter)."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:rows, 0:cols]
    top = np.iinfo(dtype).max
    out = np.empty((bands, rows, cols), dtype)
    for b in range(bands):
        smooth = 0.5 + 0.3 * np.sin(x / (7.0 + b)) * np.cos(y / 5.0)
        edges = ((x // 9 + y // 13 + b) % 3 == 0) * 0.4
        noise = rng.normal(0, 0.05, (rows, cols))
        band = np.clip(smooth + edges + noise, 0, 1)
        band[rows // 3:rows // 2, cols // 4:cols // 2] = 0.25 * (b + 1) % 1.0  # flat patch
        out[b] = (band * top).astype(dtype)
    return out


def gdal_read(path, window=None):
    from rasterio.windows import Window

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with rasterio.open(path) as ds:
            return ds.read(window=Window(*window) if window else None)


def pillow_read(path):
    """CHW as Pillow decodes it (its own unfiltering and zlib use)."""
    with Image.open(path) as im:
        arr = np.asarray(im)
    return arr[np.newaxis] if arr.ndim == 2 else np.moveaxis(arr, -1, 0)


def region(path, x, y, w, h, bands=None):
    """The asset's own window decoder (what ``read_window`` calls when the core asks it)."""
    with IO.open(path) as reader:
        return reader.get_asset("image:0").read_region(x, y, w, h, bands)


@pytest.fixture
def make_content():
    return content


ADAM7 = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2),
         (0, 1, 1, 2)]  # (x0, y0, dx, dy) of the seven passes (ISO/IEC 15948 §8.2)


def write_interlaced(path, hwc: np.ndarray, color: int) -> None:
    """A minimal Adam7 PNG (8/16-bit, filter None) written here, independently of the library;
    tests check Pillow reads it back before trusting it."""
    import struct
    import zlib

    def chunk(ctype, body):
        return struct.pack(">I", len(body)) + ctype + body + struct.pack(
            ">I", zlib.crc32(ctype + body))

    h, w = hwc.shape[:2]
    depth = 16 if hwc.dtype == np.uint16 else 8
    big = hwc.astype(">u2") if depth == 16 else hwc
    raw = bytearray()
    for x0, y0, dx, dy in ADAM7:
        sub = big[y0::dy, x0::dx]
        if sub.size:
            for row in sub:
                raw += b"\x00" + row.tobytes()
    ihdr = struct.pack(">IIBBBBB", w, h, depth, color, 0, 0, 1)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr)
                     + chunk(b"IDAT", zlib.compress(bytes(raw))) + chunk(b"IEND", b""))

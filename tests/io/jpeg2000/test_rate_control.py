"""Lossy JPEG 2000 rate control: the PSNR calibrated on a sample of the first tile meets the
bits-per-sample target on whole images, 8-bit and 11-bit, read back by GDAL as we read them."""

from __future__ import annotations

import numpy as np
import pytest
import rasterio

from workbench.io.core.convenience import imread
from workbench.io.core.io import IO
from workbench.io.core.metadata import BufferedMetadataProvider
from workbench.io.core.providers import BufferedImageAssetProvider
from workbench.io.jpeg2000.encode import EncodeParams, RateControl, TileGrid


def scene(bands, rows, cols, dtype, top):
    y, x = np.mgrid[0:rows, 0:cols].astype(np.float32)
    rng = np.random.default_rng(5)
    base = 0.5 + 0.25 * np.sin(x / 9) * np.cos(y / 13) + 0.2 * (((x // 40) + (y // 31)) % 3 == 0)
    out = np.empty((bands, rows, cols), dtype=dtype)
    for b in range(bands):
        v = base * (0.8 + 0.1 * b) + rng.normal(0, 0.02, (rows, cols))
        out[b] = (np.clip(v, 0, 1) * top).astype(dtype)
    return out


@pytest.mark.parametrize("bands,dtype,bits", [(1, np.uint16, 11), (3, np.uint8, 8)])
@pytest.mark.parametrize("target", [0.5, 1.0, 2.0])
def test_calibrated_psnr_meets_the_rate_on_the_sample(bands, dtype, bits, target):
    img = scene(bands, 512, 512, dtype, (1 << bits) - 1)
    params = EncodeParams(lossless=False, bits_per_sample=target, precision=bits)
    rc = RateControl(params, TileGrid(512, 512, 512, 512, bands, np.dtype(dtype)))
    rc.calibrate(img)
    rate = len(rc.encode(img)) * 8 / img.size
    assert abs(rate - target) <= 0.05 * target, (rate, rc.psnr)


def test_11_bit_c8_at_1_bpp_meets_the_rate_and_gdal_agrees(tmp_path):
    img = scene(1, 1024, 1024, np.uint16, 2047)
    md = BufferedMetadataProvider()
    md["IC"], md["COMRAT"], md["NBPP"], md["ABPP"] = "C8", "01.0", "11", "11"
    path = tmp_path / "pan.ntf"
    prov = BufferedImageAssetProvider.from_array("im", img, 512, 512, metadata=md)
    with IO.open([str(path)], "w", "nitf") as w:
        w.add_asset("image:0", prov)
    ours = imread(str(path))
    with rasterio.open(path) as ds:
        np.testing.assert_array_equal(ours, ds.read())
    bpp = path.stat().st_size * 8 / img.size
    assert 0.85 < bpp < 1.15, bpp
    assert 0 < np.abs(ours.astype(int) - img).mean() < 2047 * 0.02  # below the noise sigma


@pytest.mark.parametrize("bands,dtype,bits", [(1, np.uint16, 11), (3, np.uint8, 8)])
def test_a_tile_calibrated_whole_reuses_its_trial_codestream(bands, dtype, bits):
    """A tile no larger than the calibration sample is the sample: its best trial is its
    codestream, byte for byte what coding it again at the calibrated PSNR gives."""
    from workbench.io.jpeg2000.encode import encode_tile

    img = scene(bands, 200, 300, dtype, (1 << bits) - 1)
    grid = TileGrid(300, 200, 300, 200, bands, np.dtype(dtype))
    params = grid.plan(EncodeParams(lossless=False, bits_per_sample=1.0, precision=bits))
    rc = RateControl(params, grid)
    rc.calibrate(img)
    assert rc._calibrated is not None and rc._calibrated[0] is img
    reused = rc.encode(img)
    assert rc._calibrated is None  # used once
    assert reused == encode_tile(img, params, grid, (0, 0), rc.psnr)
    assert rc.encode(img) == reused  # later calls code it afresh, the same bytes
    other = img.copy()  # only that very tile takes the trial's bytes
    rc.calibrate(img)
    assert rc.encode(other, (0, 0)) == reused and rc._calibrated is not None

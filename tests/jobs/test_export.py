import threading

import numpy as np
import pytest
import rasterio

from workbench.io import IO, CancelledError, imread, imsave
from workbench.jobs.export import OptionsError, export_image
from workbench.jobs.options import ExportOptions
from workbench.jobs.progress import JobCancelled, JobControl


def test_window_and_band_subset_are_exact(rgb_png, tmp_path):
    path, data = rgb_png
    out = tmp_path / "chip.png"
    with IO.open(path) as reader:
        result = export_image(reader, str(out), ExportOptions(format="png", bands=[2, 0]),
                              window=(10, 20, 100, 50))
    assert (result.width, result.height, result.bands) == (100, 50, 2)
    got = imread(out)
    np.testing.assert_array_equal(got, data[[2, 0], 20:70, 10:110])
    with rasterio.open(out) as ds:  # GDAL agrees
        np.testing.assert_array_equal(ds.read(), data[[2, 0], 20:70, 10:110])


def test_quicklook_stretches_16_bit_and_limits_size(tmp_path):
    rng = np.random.default_rng(1)
    data = rng.integers(1000, 3000, (3, 600, 900)).astype(np.uint16)
    data[:, :10, :10] = 60000  # an outlier the percentile stretch ignores
    src = tmp_path / "wide.png"
    imsave(src, data)
    out = tmp_path / "quick.png"
    with IO.open(src) as reader:
        export_image(reader, str(out), ExportOptions(format="png", stretch=True, max_size=300))
    got = imread(out)
    assert got.dtype == np.uint8 and got.shape == (3, 200, 300)
    # limits are the 2-98 % of the source pixels: the averaged quicklook spans most of 0..255
    assert got.min() < 40 and got.max() == 255
    assert 100 < np.median(got) < 155  # the bulk is spread, not crushed by the outlier


def test_progress_reaches_one_and_is_monotonic(rgb_png, tmp_path):
    path, _ = rgb_png
    seen = []
    with IO.open(path) as reader:
        export_image(reader, str(tmp_path / "p.jpg"), ExportOptions(format="jpeg"),
                     progress=lambda f, m: seen.append(f))
    assert seen[-1] == 1.0 and seen == sorted(seen)


def test_invalid_options_write_nothing(rgb_png, tmp_path):
    path, _ = rgb_png
    out = tmp_path / "x.png"
    with IO.open(path) as reader, pytest.raises(OptionsError, match="quality"):
        export_image(reader, str(out), ExportOptions(format="png", quality=90))
    assert list(tmp_path.iterdir()) == [path]


def test_cancel_mid_write_leaves_no_file(rgb_png, tmp_path):
    path, data = rgb_png
    before = path.read_bytes()
    out = tmp_path / "cancelled.png"
    control = JobControl()

    def progress(fraction, message):
        if "encoding" in message:
            control.cancel()

    control.progress = progress
    with IO.open(path) as reader, pytest.raises(CancelledError):
        export_image(reader, str(out), ExportOptions(format="png"), control=control)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rgb.png"]
    assert path.read_bytes() == before


def test_a_cancel_before_start_raises_job_cancelled(rgb_png, tmp_path):
    path, _ = rgb_png
    event = threading.Event()
    event.set()
    with IO.open(path) as reader, pytest.raises(JobCancelled):
        export_image(reader, str(tmp_path / "n.png"), ExportOptions(format="png"),
                     cancel_event=event)
    assert not (tmp_path / "n.png").exists()


def test_four_band_quicklook_is_rgb_but_a_plain_rgba_png_keeps_alpha(tmp_path):
    """B,G,R,NIR stretched for a quicklook: NIR is data, not opacity, so the PNG is RGB; an
    8-bit 4-band PNG converted without a stretch keeps its 4 bands (RGBA)."""
    rng = np.random.default_rng(2)
    four = rng.integers(100, 3000, (4, 60, 80)).astype(np.uint16)
    src = tmp_path / "bgrn.tif"
    imsave(src, four)
    quick = tmp_path / "quick.png"
    with IO.open(src) as reader:
        export_image(reader, str(quick), ExportOptions(format="png", stretch=True))
    with rasterio.open(quick) as ds:
        assert ds.count == 3
    rgba = rng.integers(0, 255, (4, 60, 80)).astype(np.uint8)
    src_png, out_png = tmp_path / "rgba.png", tmp_path / "copy.png"
    imsave(src_png, rgba)
    with IO.open(src_png) as reader:
        export_image(reader, str(out_png), ExportOptions(format="png"))
    np.testing.assert_array_equal(imread(out_png), rgba)

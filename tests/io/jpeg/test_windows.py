"""JPEG windows: decoded only down to the window, yet the same pixels as the whole image read
(every chroma subsampling, restart markers, progressive files, windows near the bottom)."""

import numpy as np
import pytest
from PIL import Image

from workbench.io import IO, imread
from workbench.io.jpeg.region import top_rows_plan


def content(bands, rows, cols, seed=0):
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:rows, 0:cols]
    out = np.empty((rows, cols, bands), np.uint8)
    for b in range(bands):
        smooth = 0.5 + 0.3 * np.sin(x / (7.0 + b)) * np.cos(y / 5.0)
        edges = ((x // 9 + y // 13 + b) % 3 == 0) * 0.4
        out[:, :, b] = (np.clip(smooth + edges + rng.normal(0, 0.05, (rows, cols)), 0, 1)
                        * 255).astype(np.uint8)
    return out[:, :, 0] if bands == 1 else out


def save(path, bands, rows=301, cols=257, **options):
    Image.fromarray(content(bands, rows, cols)).save(path, "JPEG", quality=80, **options)
    return path


WINDOWS = [(0, 0, 17, 9), (5, 7, 64, 64), (100, 40, 120, 31), (0, 15, 257, 2), (200, 16, 57, 16),
           (30, 120, 40, 50), (3, 230, 90, 71), (256, 0, 1, 301)]


@pytest.mark.parametrize("bands,options", [
    (3, {"subsampling": 0}), (3, {"subsampling": 1}), (3, {"subsampling": 2}), (1, {}),
    (3, {"subsampling": 2, "restart_marker_rows": 1}),
    (3, {"subsampling": 1, "restart_marker_blocks": 5}),
    (3, {"subsampling": 2, "progressive": True}),
])
def test_windows_match_the_whole_image(tmp_path, bands, options):
    path = save(tmp_path / "x.jpg", bands, **options)
    whole = imread(path)
    with Image.open(path) as im:  # an independent libjpeg-turbo decode of the whole image
        pil = np.asarray(im.convert("RGB") if bands == 3 else im)
    np.testing.assert_array_equal(whole, pil[np.newaxis] if bands == 1 else
                                  np.moveaxis(pil, -1, 0))
    for win in WINDOWS:
        x, y, w, h = win
        got = imread(path, window=win)
        np.testing.assert_array_equal(got, whole[:, y:y + h, x:x + w], err_msg=str(win))


def test_sequential_files_are_cut_and_progressive_ones_are_not(tmp_path):
    seq = save(tmp_path / "s.jpg", 3, subsampling=2).read_bytes()
    plan = top_rows_plan(seq)
    assert plan is not None and plan.mcu_rows == 16
    assert seq[plan.height_offset:plan.height_offset + 2] == (301).to_bytes(2, "big")
    assert top_rows_plan(save(tmp_path / "g.jpg", 1).read_bytes()).mcu_rows == 8
    assert top_rows_plan(save(tmp_path / "p.jpg", 3, progressive=True).read_bytes()) is None


def test_windows_of_one_reader_in_any_order(tmp_path):
    """A shallow window, a deeper one (the whole image is then decoded), a shallow one again."""
    path = save(tmp_path / "x.jpg", 3, rows=600, cols=200, subsampling=2)
    whole = imread(path)
    with IO.open([path], "r") as reader:
        image = reader.get_asset("image:0")
        from workbench.io.core.window import read_window

        for win in [(10, 20, 50, 40), (0, 0, 200, 30), (10, 300, 50, 60), (1, 2, 3, 4),
                    (0, 590, 200, 10)]:
            x, y, w, h = win
            np.testing.assert_array_equal(read_window(image, win),
                                          whole[:, y:y + h, x:x + w], err_msg=str(win))
            np.testing.assert_array_equal(read_window(image, win, bands=[2, 0]),
                                          whole[[2, 0], y:y + h, x:x + w])


def test_window_of_a_large_image_decodes_less(tmp_path):
    """The window near the top of a 2048² image reads faster than the whole image."""
    import time

    path = tmp_path / "big.jpg"
    Image.fromarray(content(3, 2048, 2048)).save(path, "JPEG", quality=75)
    imread(path)

    def best(fn):
        times = []
        for _ in range(3):
            t0 = time.perf_counter()
            fn()
            times.append(time.perf_counter() - t0)
        return min(times)

    whole = best(lambda: imread(path))
    window = best(lambda: imread(path, window=(512, 100, 256, 256)))
    assert window < 0.6 * whole, (window, whole)
    with Image.open(path) as im:
        pil = np.moveaxis(np.asarray(im.crop((512, 100, 768, 356))), -1, 0)
    np.testing.assert_array_equal(imread(path, window=(512, 100, 256, 256)), pil)

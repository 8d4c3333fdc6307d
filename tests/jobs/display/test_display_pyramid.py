"""Pyramid levels, computed reductions, masked blocks, statistics and quicklooks on real files."""

import numpy as np
import pytest
import rasterio

from workbench.io import IO, BufferedImageAssetProvider, imread, imsave
from workbench.jobs.display.levels import choose_level, fit_zoom
from workbench.jobs.display.pyramid import TilePyramid
from workbench.jobs.display.quicklook import render_quicklook
from workbench.jobs.display.render import (CHECKER_DARK, CHECKER_LIGHT, DisplaySettings,
                                           render_tile)
from workbench.jobs.display.statistics import params_for, sample_tiles
from workbench.jobs.display.stretch import Stretch


def _content(h, w, bands=1, dtype=np.uint16):
    yy, xx = np.mgrid[0:h, 0:w]
    base = (xx * 7 + yy * 3) % 2000
    return np.stack([(base + 100 * b) for b in range(bands)]).astype(dtype)


def test_computed_levels_decimate_the_stored_level():
    data = _content(100, 140)
    asset = BufferedImageAssetProvider.from_array("image:0", data, 32, 32)
    pyr = TilePyramid(asset, tile_size=16)
    assert [lv.kind for lv in pyr.levels] == ["native"] + ["computed"] * 4
    assert [(lv.width, lv.height) for lv in pyr.levels] == [(140, 100), (70, 50), (35, 25),
                                                            (18, 13), (9, 7)]
    t = pyr.tile(1, 1, 2, (0,))
    assert np.array_equal(t.data[0], data[0, 32:64:2, 64:96:2])
    for k in range(1, pyr.num_levels):       # every level, tile by tile, is data[::2**k, ::2**k]
        rows, cols = pyr.grid(k)
        full = np.zeros((pyr.levels[k].height, pyr.levels[k].width), np.uint16)
        for r in range(rows):
            for c in range(cols):
                x, y, w, h = pyr.tile_bounds(k, r, c)
                tile = pyr.tile(k, r, c, (0,))
                assert tile.mask is None and tile.data.shape == (1, h, w)
                full[y:y + h, x:x + w] = tile.data[0]
        assert np.array_equal(full, data[0, ::1 << k, ::1 << k])


def test_level_choice_and_fit():
    assert choose_level(1.0, 5) == 0 and choose_level(0.5, 5) == 1
    assert choose_level(0.3, 5) == 1 and choose_level(0.01, 5) == 4 and choose_level(4, 5) == 0
    assert fit_zoom(400, 300, 800, 300) == 1.0
    assert fit_zoom(400, 300, 225, 800, rotated=True) == 0.75


def test_masked_blocks_are_checkered_never_black():
    asset = BufferedImageAssetProvider.create("image:0", 64, 64, 1, 32, 32)
    asset.set_block(0, 0, np.zeros((32, 32), np.uint8))       # real black data
    asset.set_block(1, 1, np.full((32, 32), 255, np.uint8))
    pyr = TilePyramid(asset, tile_size=64)
    params, _ = params_for(pyr, DisplaySettings((0,), Stretch("minmax")))
    rgb = render_tile(pyr.tile(0, 0, 0, (0,)), params)
    assert rgb[5, 5].tolist() == [0, 0, 0]                    # data that is black stays black
    masked = rgb[0:32, 32:64].reshape(-1, 3)
    colours = {tuple(c) for c in masked.tolist()}
    assert colours == {CHECKER_LIGHT, CHECKER_DARK}
    # a reduced level keeps the mask
    lvl1 = pyr.tile(1, 0, 0, (0,)) if pyr.num_levels > 1 else None
    assert lvl1 is None or lvl1.mask is not None


def test_statistics_come_from_the_coarsest_stored_level(tmp_path):
    yy, xx = np.mgrid[0:1200, 0:1500]
    data = (xx + yy)[np.newaxis].astype(np.uint16)    # smooth: reduced J2K levels stay in range
    path = tmp_path / "big.ntf"
    imsave(path, data)  # NITF, J2K with resolution levels
    with IO.open(path) as reader:
        asset = reader.get_asset("image:0")
        pyr = TilePyramid(asset)
        native = [lv for lv in pyr.levels if lv.kind == "native"]
        assert len(native) == min(asset.num_resolution_levels, pyr.num_levels)
        tiles = sample_tiles(pyr, (0,))
        assert sum(t.width * t.height for t in tiles) <= 1_000_000
        params, sample = params_for(pyr, DisplaySettings((0,), Stretch("minmax")))
        lo, hi = params.limits[0]
        assert 0 <= lo < 40 and data.max() - 40 < hi <= data.max() + 5


@pytest.mark.parametrize("ext", ["png", "ntf", "tif"])
def test_quicklook_matches_across_formats_and_gdal_reads_it(tmp_path, ext):
    from workbench.cli import main

    yy, xx = np.mgrid[0:600, 0:800]
    data = np.stack([(xx * 255 // 799), (yy * 255 // 599), np.full_like(xx, 90)]).astype(np.uint8)
    src = tmp_path / f"in.{ext}"
    imsave(src, data)
    rgb = render_quicklook(str(src), (400, 400), "minmax")
    assert rgb.shape == (300, 400, 3)
    assert abs(int(rgb[150, 0, 0]) - 0) <= 3 and abs(int(rgb[150, 399, 0]) - 255) <= 3
    assert abs(int(rgb[0, 200, 1]) - 0) <= 3 and abs(int(rgb[299, 200, 1]) - 255) <= 3
    out = tmp_path / "ql.png"
    assert main(["render", str(src), "-o", str(out), "--size", "400x400", "--stretch",
                 "minmax", "--bands", "2,1,0"]) == 0
    with rasterio.open(out) as ds:
        q = ds.read()
    assert q.shape == (3, 300, 400)
    assert abs(int(q[2, 150, 399]) - 255) <= 3      # red source band now in blue
    assert np.array_equal(q, np.moveaxis(render_quicklook(str(src), (400, 400), "minmax",
                                                          [2, 1, 0]), -1, 0))


def test_render_cli_reports_bad_input(tmp_path, capsys):
    from workbench.cli import main

    src = tmp_path / "a.png"
    imsave(src, np.zeros((10, 10), np.uint8))
    assert main(["render", str(src), "-o", str(tmp_path / "o.png"), "--bands", "3"]) == 2
    assert "band" in capsys.readouterr().err
    assert main(["render", str(src), "-o", str(tmp_path / "o.png"), "--size", "big"]) == 2


def test_rset_siblings_give_overview_levels(tmp_path):
    from workbench.jobs.display.opening import open_dataset, pyramid_for, rset_paths

    data = _content(1100, 1100, 1, np.uint8)
    base = tmp_path / "p.png"
    imsave(base, data)
    half = imread(base)[:, ::2, ::2]
    imsave(str(base) + ".r1", np.ascontiguousarray(half), format="png")
    assert rset_paths(str(base) + ".r1") == [str(base), str(base) + ".r1"]
    with open_dataset(str(base)) as reader:
        pyr = pyramid_for(reader, "image:0")
        assert pyr.levels[1].kind == "overview"
        assert np.array_equal(pyr.tile(1, 0, 0, (0,)).data[0], half[0, :512, :512])

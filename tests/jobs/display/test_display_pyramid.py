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


def _write_nc(path, data, imode):
    from workbench.io import BufferedMetadataProvider

    md = BufferedMetadataProvider()
    md["IC"], md["IMODE"], md["NPPBH"], md["NPPBV"] = "NC", imode, "32", "48"
    prov = BufferedImageAssetProvider.from_array("im", data, metadata=md)
    with IO.open([str(path)], "w", "nitf") as w:
        w.add_asset("image:0", prov, "t", "", ["data"])
    return path


@pytest.mark.parametrize("imode", ["B", "P", "R", "S"])
def test_uncompressed_nitf_levels_read_strided_views_of_the_file(tmp_path, imode):
    """Uncompressed NITF levels are gathered from the mapped file (decimation touches only the
    pixels it keeps): every level, tile by tile, equals GDAL's pixels decimated."""
    data = _content(100, 140, bands=3).astype(np.int16) - 700     # big-endian, signed on disk
    path = _write_nc(tmp_path / f"{imode}.ntf", data, imode)
    with rasterio.open(path) as ds:
        gdal = ds.read()
    assert np.array_equal(gdal, data)
    with IO.open([str(path)]) as reader:
        asset = reader.get_asset("image:0")
        part = asset.read_block_part(2, 4, 0, slice(1, None, 2), slice(0, 32, 3), [2, 0])
        assert np.array_equal(part, data[[2, 0], 97:100:2, 128:140:3])  # the bottom-right block
        assert part.dtype == np.int16 and part.dtype.isnative
        got = asset.read_decimated(3, 5, 130, 90, 4, [1])
        assert np.array_equal(got, data[[1], 5:95:4, 3:133:4])
        with pytest.raises(ValueError, match="not inside"):
            asset.read_decimated(100, 0, 41, 10, 2)
        pyr = TilePyramid(asset, tile_size=16)
        for k in range(pyr.num_levels):
            for bands in ((2,), (0, 1, 2)):
                full = np.zeros((len(bands), pyr.levels[k].height, pyr.levels[k].width),
                                np.int16)
                rows, cols = pyr.grid(k)
                for r in range(rows):
                    for c in range(cols):
                        x, y, w, h = pyr.tile_bounds(k, r, c)
                        tile = pyr.tile(k, r, c, bands)
                        assert tile.mask is None and tile.data.dtype == np.int16
                        assert tile.data.dtype.isnative
                        full[:, y:y + h, x:x + w] = tile.data
                assert np.array_equal(full, gdal[list(bands), ::1 << k, ::1 << k]), (k, bands)


def test_block_parts_of_bit_packed_pixels_are_decoded(tmp_path):
    """Bit-packed pixels cannot be copied from the file: parts come from the decoded block."""
    data = (_content(64, 64) % 4096).astype(np.uint16)
    from workbench.io import BufferedMetadataProvider

    md = BufferedMetadataProvider()
    md["IC"], md["NBPP"], md["ABPP"], md["NPPBH"], md["NPPBV"] = "NC", "12", "12", "32", "32"
    prov = BufferedImageAssetProvider.from_array("im", data, metadata=md)
    path = tmp_path / "p.ntf"
    with IO.open([str(path)], "w", "nitf") as w:
        w.add_asset("image:0", prov, "t", "", ["data"])
    with IO.open([str(path)]) as reader:
        asset = reader.get_asset("image:0")
        assert asset.num_bits_per_pixel == 12 and asset.read_decimated(0, 0, 64, 64, 2) is None
        part = asset.read_block_part(1, 1, 0, slice(0, None, 4), slice(3, 9), [0])
        assert np.array_equal(part, data[:, 32::4, 35:41])
        pyr = TilePyramid(asset, tile_size=32)
        assert np.array_equal(pyr.tile(1, 0, 0, (0,)).data[0], data[0, ::2, ::2])


def _resident_kb(path) -> int:
    """Resident kB of this process's mappings of ``path`` (Linux /proc/self/smaps)."""
    total, inside = 0, False
    with open("/proc/self/smaps") as f:
        for line in f:
            head = line.split()
            if "-" in head[0] and len(head) >= 5 and ":" in head[3]:   # a mapping's first line
                inside = line.rstrip().endswith(str(path))
            elif inside and head[0] == "Rss:":
                total += int(head[1])
    return total


def test_reading_uncompressed_nitf_does_not_keep_the_file_resident(tmp_path):
    """Blocks, parts and decimated reads copy out of the mapped file and unmap its pages, so a
    viewer streaming through a huge file does not hold it all in its resident memory."""
    data = (_content(1024, 1024) % 251).astype(np.uint8)
    path = _write_nc(tmp_path / "big.ntf", data, "B")
    with IO.open([str(path)]) as reader:
        asset = reader.get_asset("image:0")
        rows, cols = -(-1024 // 48), 1024 // 32                  # NPPBV 48, NPPBH 32
        seen = 0
        for br in range(rows):
            for bc in range(cols):
                seen += int(asset.get_block(br, bc).sum() >= 0)
                asset.read_block_part(br, bc, 0, slice(0, None, 2), slice(None), [0])
        assert seen == rows * cols
        assert np.array_equal(asset.read_decimated(0, 0, 1024, 1024, 1), data)
        pyr = TilePyramid(asset, tile_size=256)
        assert np.array_equal(pyr.tile(2, 0, 0, (0,)).data, data[:, ::4, ::4])
        assert _resident_kb(path) <= 16      # of a 1 MB image: the headers, a page or two

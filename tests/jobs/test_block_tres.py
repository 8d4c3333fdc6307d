"""BLOCKA and GEOLOB follow a chip: a NITF on an equal-arc grid (0.001° pixels, origin 10°E
50°N) carrying both TREs is chipped at full and reduced resolution; the chip's TREs describe the
chip (checked against the grid, through our reader, and through GDAL's decoding)."""

import numpy as np
import pytest
import rasterio

from workbench.io import IO, BufferedImageAssetProvider, BufferedMetadataProvider
from workbench.io.nitf.geo import geographic_igeolo
from workbench.io.tre import default_tre
from workbench.jobs.block_tres import chip_blocka, chip_geolob
from workbench.jobs.chip import ChipRequest, chip_file

W, H, STEP, LON0, LAT0 = 400, 300, 0.001, 10.0, 50.0


def lonlat(col, row):
    """Centre of pixel (col, row)."""
    return LON0 + (col + 0.5) * STEP, LAT0 - (row + 0.5) * STEP


def corners(x, y, w, h):
    return [lonlat(x, y), lonlat(x + w - 1, y), lonlat(x + w - 1, y + h - 1), lonlat(x, y + h - 1)]


def blocka(form):
    tre = default_tre("BLOCKA")
    names = ("FRFC_LOC", "FRLC_LOC", "LRLC_LOC", "LRFC_LOC")
    for name, (lon, lat) in zip(names, corners(0, 0, W, H)):
        tre[name] = f"{lat:+010.6f}{lon:+011.6f}" if form == "decimal" else _dms(lon, lat)
    tre.update(BLOCK_INSTANCE="01", L_LINES=f"{H:05d}", N_GRAY="00012")
    return tre


def _dms(lon, lat):
    def part(v, digits, signs):
        h = round(abs(v) * 360000)
        d, rest = divmod(h, 360000)
        m, s = divmod(rest, 6000)
        return f"{d:0{digits}d}{m:02d}{s // 100:02d}.{s % 100:02d}{signs[0] if v >= 0 else signs[1]}"
    return part(lat, 2, "NS") + part(lon, 3, "EW")


def parse(loc):
    if loc[0] in "+-":
        return float(loc[10:]), float(loc[:10])
    lat = int(loc[0:2]) + int(loc[2:4]) / 60 + float(loc[4:9]) / 3600
    lon = int(loc[10:13]) + int(loc[13:15]) / 60 + float(loc[15:20]) / 3600
    return lon, lat


@pytest.fixture(scope="module", params=["decimal", "geographic"])
def source(request, tmp_path_factory):
    path = tmp_path_factory.mktemp("blk") / "grid.ntf"
    md = BufferedMetadataProvider()
    md["ICORDS"] = "G"
    md["IGEOLO"] = geographic_igeolo(corners(0, 0, W, H))
    md["BLOCKA"] = blocka(request.param)
    md["GEOLOB"] = {"ARV": f"{round(360 / STEP):09d}", "BRV": f"{round(360 / STEP):09d}",
                    "LSO": f"{LON0:+015.10f}", "PSO": f"{LAT0:+015.11f}"}
    data = (np.arange(3 * H * W) % 251).astype(np.uint8).reshape(3, H, W)
    provider = BufferedImageAssetProvider.from_array("image:0", data, 128, 128, metadata=md)
    with IO.open([str(path)], "w", "nitf") as writer:
        writer.add_asset("image:0", provider)
    return str(path), request.param


@pytest.mark.parametrize("window,level", [((100, 50, 120, 80), 0), ((20, 10, 60, 40), 1)])
def test_chip_blocka_and_geolob_describe_the_chip(source, tmp_path, window, level):
    path, form = source
    out = str(tmp_path / "chip.ntf")
    plan, _ = chip_file(path, ChipRequest(window, out, level=level))
    assert not [w for w in plan.warnings if "BLOCKA" in w or "GEOLOB" in w]
    x, y, w, h = window
    s = 1 << level
    with IO.open(out) as chip:
        meta = chip.get_asset("image:0").metadata
        blk, geo = meta["BLOCKA"], meta["GEOLOB"]
    assert blk["L_LINES"] == f"{h:05d}" and blk["N_GRAY"].strip() == ""
    assert blk["FRFC_LOC"][0] in "+-" if form == "decimal" else blk["FRFC_LOC"][9] in "NS"
    # level-k pixel (c, r) covers full-resolution pixels s*c .. s*c + s - 1: its centre
    expected = [lonlat(s * (x + cx) + (s - 1) / 2, s * (y + cy) + (s - 1) / 2)
                for cx, cy in ((0, 0), (w - 1, 0), (w - 1, h - 1), (0, h - 1))]
    tol = 2e-6 if form == "decimal" else 1e-5  # 1e-6 degrees / 0.01 arc-second fields
    for name, (lon, lat) in zip(("FRFC_LOC", "FRLC_LOC", "LRLC_LOC", "LRFC_LOC"), expected):
        got = parse(blk[name])
        assert got == pytest.approx((lon, lat), abs=tol), name
    assert int(geo["ARV"]) == int(geo["BRV"]) == round(360 / STEP) // s
    assert float(geo["LSO"]) == pytest.approx(LON0 + x * s * STEP, abs=1e-9)
    assert float(geo["PSO"]) == pytest.approx(LAT0 - y * s * STEP, abs=1e-9)
    with rasterio.open(out) as ds:  # GDAL decodes what we wrote the same way
        tre = ds.tags(ns="xml:TRE")
    text = next(iter(tre.values()))
    assert f'name="LSO" value="{geo["LSO"]}"' in text
    assert f'name="FRFC_LOC" value="{blk["FRFC_LOC"]}"' in text


def test_what_cannot_be_moved_raises():
    with pytest.raises(ValueError, match="neither"):
        chip_blocka({"FRFC_LOC": "garbage", "FRLC_LOC": "", "LRLC_LOC": "", "LRFC_LOC": ""},
                    (10, 10), (0, 0, 5, 5))
    with pytest.raises(ValueError, match="divide"):
        chip_geolob({"ARV": "000000003", "BRV": "000000004", "LSO": "+000.0000000000",
                     "PSO": "+00.00000000000"}, (0, 0, 1, 1), level=1)

"""Geometry helpers of the chip job on their own: IGEOLO forms, RPC shifts, ICHIPB, and that a
window reads only the blocks it overlaps."""

import numpy as np
import pytest

from workbench.io import BufferedImageAssetProvider, PixelType
from workbench.jobs.geometry_tres import chip_igeolo, chip_rpc, parse_igeolo
from workbench.jobs.ichipb import ChipMapping, chip_ichipb
from workbench.jobs.lazy import WindowAsset, read_window


def test_utm_igeolo_chip_keeps_its_zone_and_shifts_corners():
    # 1000 x 500 image, 1 m pixels: corner pixel centres 999 m / 499 m apart
    igeolo = "18300000450000018300999450000018300999449950118300000449950 1".replace(" ", "")
    kind, corners, zone = parse_igeolo("N", igeolo)
    assert (kind, zone) == ("utm-N", 18) and corners[1] == (300999.0, 4500000.0)
    chip = chip_igeolo("N", igeolo, (1000, 500), (100, 50, 200, 100))
    assert chip[:15] == "183001004499950" and chip[15:30] == "183002994499950"


def test_decimal_igeolo_round_trip():
    text = "+49.999+010.001+49.999+010.100+49.950+010.100+49.950+010.001"
    assert chip_igeolo("D", text, (100, 50), (0, 0, 100, 50)) == text


def test_rpc_shift_that_does_not_fit_is_dropped_with_a_warning():
    rpc = {"LINE_OFF": "000010", "SAMP_OFF": "00010", "LINE_SCALE": "000010",
           "SAMP_SCALE": "00010"}
    shifted, notes = chip_rpc(rpc, (5, 20, 10, 10))
    assert shifted is None and "LINE_OFF" in notes[0]
    shifted, notes = chip_rpc(rpc, (5, 5, 10, 10))
    assert (shifted["LINE_OFF"], shifted["SAMP_OFF"]) == ("000005", "00005") and not notes


def test_ichipb_composition_is_exact_for_nested_chips():
    first = chip_ichipb((100, 200, 512, 256), 0, 2000, 1000)
    second = chip_ichipb((10, 20, 30, 40), 0, 512, 256, first)
    mapping = ChipMapping.from_tre(second)
    assert mapping(0.5, 0.5) == pytest.approx((220.5, 110.5))
    assert mapping(39.5, 29.5) == pytest.approx((259.5, 139.5))
    assert second["FI_COL"] == "00002000"


class CountingProvider(BufferedImageAssetProvider):
    """A user provider that remembers which blocks were asked for."""

    def _read_block(self, row, col, level, bands):
        self.asked.append((row, col))
        return super()._read_block(row, col, level, bands)


def test_a_window_reads_only_overlapping_blocks():
    data = np.arange(1000 * 800, dtype=np.uint16).reshape(1, 1000, 800)
    source = CountingProvider.create("src", 800, 1000, 1, 100, 100, PixelType.UInt16)
    source.asked = []
    source.set_full_image(data)
    window = WindowAsset(source, (150, 420, 120, 90), block=(64, 64))
    out = read_window(window)
    np.testing.assert_array_equal(out, data[:, 420:510, 150:270])
    assert set(source.asked) == {(4, 1), (4, 2), (5, 1), (5, 2)}


@pytest.mark.parametrize("size", [(1, 1), (1, 5), (5, 1)])
def test_corner_mapping_of_one_pixel_wide_images_keeps_array_shapes(size):
    from workbench.jobs.geometry_tres import CornerMapping
    from workbench.jobs.ground import GroundMapping

    w, h = size
    corners = [(-77.0, 39.0), (-76.99, 39.0), (-76.99, 38.99), (-77.0, 38.99)]
    mapping = CornerMapping(corners, w, h)
    lon, lat = mapping(np.array([0.5, 0.5]), np.array([0.5, 0.5]))
    assert lon.shape == lat.shape == (2,)
    assert (lon[0], lat[0]) == pytest.approx((-77.0, 39.0))
    ground = GroundMapping(w, h, mapping)  # the inverse fit over a grid of positions
    assert np.isfinite(ground.lonlat_to_pixel(-77.0, 39.0)).all()

"""Stretch parsing, limits and the uint8 mapping; band defaults; LUTs; complex magnitude."""

import numpy as np
import pytest

from workbench.io import BufferedImageAssetProvider
from workbench.jobs.display.bands import apply_lut, default_bands, lut_of, to_display_values
from workbench.jobs.display.stretch import Stretch, apply_stretch, band_limits


def test_parse_forms_and_round_trip():
    assert Stretch.parse("percentile") == Stretch()
    assert Stretch.parse("percentile:1,99") == Stretch(low=1, high=99)
    assert Stretch.parse("stddev:3,gamma=0.5") == Stretch("stddev", nstd=3, gamma=0.5)
    s = Stretch.parse("manual:10,2047;gamma=2")
    assert s.manual == (10, 2047) and s.gamma == 2
    for text in ("minmax", "none", "percentile:5,95", "stddev:2.5", "manual:0,255,gamma=1.5"):
        assert Stretch.parse(Stretch.parse(text).describe()) == Stretch.parse(text)


@pytest.mark.parametrize("text, word", [("bogus", "mode"), ("percentile:90,10", "low < high"),
                                        ("manual:5", "two limits"), ("minmax,gamma=0", "gamma")])
def test_parse_errors_say_what_is_wrong(text, word):
    with pytest.raises(ValueError, match=word):
        Stretch.parse(text)


def test_limits_per_mode():
    v = np.arange(1000, dtype=np.float64)
    assert band_limits(v, Stretch("minmax")) == (0, 999)
    lo, hi = band_limits(v, Stretch())
    assert lo == pytest.approx(19.98) and hi == pytest.approx(979.02)
    lo, hi = band_limits(v, Stretch("stddev", nstd=1))
    assert lo == pytest.approx(499.5 - v.std()) and hi == pytest.approx(499.5 + v.std())
    assert band_limits(v, Stretch("manual", manual=(5, 6))) == (5, 6)
    # "none" is the pixel type's range, honouring the actual bits (11-bit in uint16)
    assert band_limits(v, Stretch("none"), np.uint16, 11) == (0, 2047)
    assert band_limits(v, Stretch("none"), np.int16) == (-32768, 32767)
    # a constant band is mid-grey, not black
    lo, hi = band_limits(np.full(10, 7.0), Stretch())
    assert apply_stretch(np.full((1, 1, 1), 7.0), [(lo, hi)])[0, 0, 0] == 128


def test_apply_stretch_linear_clip_and_gamma():
    values = np.array([[[0.0, 50.0, 100.0, 150.0, -5.0, np.nan]]])
    out = apply_stretch(values, [(0.0, 100.0)])
    assert out.tolist() == [[[0, 128, 255, 255, 0, 0]]]
    g = apply_stretch(np.array([[[25.0]]]), [(0.0, 100.0)], gamma=2.0)
    assert g[0, 0, 0] == round(255 * 0.25 ** 0.5)


def _asset(bands, metadata):
    return BufferedImageAssetProvider.create("image:0", 8, 8, bands, metadata=metadata)


def test_default_bands_from_irepband_isubcat_and_photometric():
    info = [{"IREPBAND": v} for v in ("B ", "G ", "R ", "M ")]
    assert default_bands(_asset(4, {"IREP": "MULTI", "BAND_INFO": info})) == (2, 1, 0)
    sub = [{"IREPBAND": "M", "ISUBCAT": v} for v in ("450", "550", "650", "850")]
    assert default_bands(_asset(4, {"IREP": "MULTI", "BAND_INFO": sub})) == (2, 1, 0)
    assert default_bands(_asset(1, {})) == (0,)
    assert default_bands(_asset(3, {"262": "2"})) == (0, 1, 2)
    assert default_bands(_asset(2, {})) == (0,)


def test_lut_from_nitf_band_info_and_application():
    table = [bytes(range(256)).hex(), bytes(255 - i for i in range(256)).hex(),
             bytes([7] * 256).hex()]
    asset = BufferedImageAssetProvider.create(
        "image:0", 4, 4, 1, metadata={"IREP": "RGB/LUT", "BAND_INFO": [{"LUTD": table}]})
    lut = lut_of(asset)
    assert lut.shape == (256, 3) and lut[10].tolist() == [10, 245, 7]
    rgb = apply_lut(np.array([[0, 10], [255, 300]]), lut)
    assert rgb[:, 0, 1].tolist() == [10, 245, 7] and rgb[:, 1, 1].tolist() == [255, 0, 7]


def test_complex_as_magnitude_and_db():
    raw = np.array([[[3 + 4j, 0 + 10j]]], dtype=np.complex64)
    assert to_display_values(raw).tolist() == [[[5.0, 10.0]]]
    db = to_display_values(raw, "db")
    assert db[0, 0, 1] == pytest.approx(20.0)

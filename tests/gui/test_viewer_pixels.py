"""LUT and complex images shown through the real window, from NITF files we wrote."""

import numpy as np
from PySide6.QtGui import QColor

from workbench.io import IO, BufferedImageAssetProvider, imsave


def rgb_at(viewer, x, y):
    p = viewer.map_from_image(x, y)
    c = QColor(viewer.grab().toImage().pixel(int(p.x()), int(p.y())))
    return c.red(), c.green(), c.blue()


def test_lut_image_is_shown_through_its_lut(window, tmp_path):
    path = tmp_path / "lut.ntf"
    tables = [bytes(range(256)).hex(), bytes(255 - i for i in range(256)).hex(),
              bytes([9] * 256).hex()]
    p = BufferedImageAssetProvider.create(
        "image:0", 16, 16, 1,
        metadata={"IC": "NC", "IREP": "RGB/LUT", "BAND_INFO": [{"IREPBAND": "LU",
                                                                "LUTD": tables}]})
    p.set_full_image(np.arange(256, dtype=np.uint8).reshape(1, 16, 16))
    with IO.open(path, "w") as writer:
        writer.add_asset("image:0", p)
    window.open_paths([str(path)])
    viewer = window.current_document().viewer
    assert rgb_at(viewer, 3.5, 2.5) == (35, 220, 9)       # index 2*16+3 = 35 through the LUT
    assert window.readouts is not None


def test_complex_image_as_magnitude_and_db(window, tmp_path):
    path = tmp_path / "slc.ntf"
    mag = np.linspace(1, 1000, 64 * 64).reshape(1, 64, 64)
    imsave(path, (mag * np.exp(1j * 0.7)).astype(np.complex64), compression="none")
    window.open_paths([str(path)])
    doc = window.current_document()
    panel = window.display_panel
    assert panel.complex.isEnabled()
    panel.mode.setCurrentText("minmax")
    lo, hi = doc.params.limits[0]
    assert abs(lo - 1) < 0.01 and abs(hi - 1000) < 0.5
    linear_mid = rgb_at(doc.viewer, 32.5, 32.5)[0]
    panel.complex.setCurrentText("db")
    lo, hi = doc.params.limits[0]
    assert abs(lo - 0) < 0.01 and abs(hi - 60) < 0.01
    db_mid = rgb_at(doc.viewer, 32.5, 32.5)[0]
    assert abs(linear_mid - 130) <= 2 and abs(db_mid - 230) <= 2   # |z|=508: 54.1 of 60 dB

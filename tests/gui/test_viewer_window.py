"""The main window opens a real PNG and shows it fitted, through the tiled viewer."""

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor


def pixel(image, x, y):
    c = QColor(image.pixel(x, y))
    return c.red(), c.green(), c.blue()


def test_opens_png_fitted_and_draws_it(window, rgb_png, qtbot, tmp_path):
    window.open_paths([rgb_png])
    doc = window.current_document()
    assert doc is not None and doc.asset_key == "image:0"
    viewer = doc.viewer
    assert viewer.zoom == min(viewer.width() / 400, viewer.height() / 300)
    shot = viewer.grab().toImage()
    shot.save(str(tmp_path / "window.png"))
    # image centre: red ~ 50%, green ~ 50%, blue constant — stretched per band (2-98 %)
    cx, cy = viewer.width() // 2, viewer.height() // 2
    r, g, b = pixel(shot, cx, cy)
    assert 100 < r < 155 and 100 < g < 155
    # left edge of the image is dark red, right edge bright red
    left = viewer.map_from_image(2, 150)
    right = viewer.map_from_image(397, 150)
    assert pixel(shot, int(left.x()), int(left.y()))[0] < 20
    assert pixel(shot, int(right.x()), int(right.y()))[0] > 235
    # outside the image: the background, not image data
    if viewer.width() / 400 > viewer.height() / 300:
        assert pixel(shot, 2, cy) == (48, 48, 48)


def test_readout_shows_raw_values_under_cursor(window, rgb_png, qtbot):
    window.open_paths([rgb_png])
    viewer = window.current_document().viewer
    pos = viewer.map_from_image(100.5, 50.5)
    # A mouse-move event delivered to the viewer (QTest's synthetic moves depend on where the
    # shared offscreen cursor already is, so they are not deterministic across tests).
    from PySide6.QtCore import QEvent, QPointF
    from PySide6.QtGui import QMouseEvent
    from PySide6.QtWidgets import QApplication

    local = QPointF(int(pos.x()), int(pos.y()))
    event = QMouseEvent(QEvent.Type.MouseMove, local, viewer.mapToGlobal(local),
                        Qt.MouseButton.NoButton, Qt.MouseButton.NoButton,
                        Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(viewer, event)
    from tests.gui.conftest import gradient_rgb

    expected = gradient_rgb(300, 400)[:, 50, 100]
    assert window.readouts.pixel.text() == "row 50  col 100"
    assert window.readouts.values.text() == " ".join(str(int(v)) for v in expected)


def test_zoom_pan_and_rotate_keep_pixels_where_expected(window, rgb_png, qtbot):
    window.open_paths([rgb_png])
    viewer = window.current_document().viewer
    viewer.setFocus()
    qtbot.keyClick(viewer, Qt.Key.Key_1)
    assert abs(viewer.zoom - 1.0) < 1e-9
    before = viewer.center
    qtbot.keyClick(viewer, Qt.Key.Key_Left)
    assert viewer.center[0] < before[0]
    # wheel zoom keeps the image point under the cursor fixed
    anchor = viewer.map_from_image(120, 80)
    viewer.zoom_at(2.0, anchor)
    again = viewer.map_from_image(120, 80)
    assert abs(again.x() - anchor.x()) < 1e-6 and abs(again.y() - anchor.y()) < 1e-6
    viewer.rotate_by(1)
    assert viewer.rotation == 90
    viewer.fit()
    shot = viewer.grab().toImage()
    # rotated 90° clockwise: the image's top row (green = 0) is now on the right side
    top_right = viewer.map_from_image(200, 1)
    bottom = viewer.map_from_image(200, 298)
    assert top_right.x() > bottom.x()
    assert pixel(shot, int(top_right.x()), int(top_right.y()))[1] < 20
    assert pixel(shot, int(bottom.x()), int(bottom.y()))[1] > 235


def test_async_loading_completes_off_the_ui_thread(window, rgb_png, qtbot):
    window.synchronous = False
    window.open_paths([rgb_png])
    viewer = window.current_document().viewer
    assert viewer.synchronous is False
    viewer.update()
    qtbot.waitUntil(viewer.is_complete, timeout=10000)
    shot = viewer.grab().toImage()
    c = viewer.map_from_image(200, 150)
    r, g, b = pixel(shot, int(c.x()), int(c.y()))
    assert 100 < r < 155 and 100 < g < 155 and b > 0
    assert np.isfinite(viewer.zoom)

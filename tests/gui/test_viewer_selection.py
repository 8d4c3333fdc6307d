"""The selection API other tools use: rubber band in whole full-resolution pixels, handles,
fixed size and aspect ratio."""

from PySide6.QtCore import QPoint, Qt


def _at(viewer, x, y):
    p = viewer.map_from_image(x, y)
    return QPoint(round(p.x()), round(p.y()))


def _drag(qtbot, viewer, a, b):
    qtbot.mousePress(viewer, Qt.MouseButton.LeftButton, pos=a)
    qtbot.mouseMove(viewer, b)
    qtbot.mouseRelease(viewer, Qt.MouseButton.LeftButton, pos=b)


def test_rubber_band_snaps_to_pixels_and_reports(window, rgb_png, qtbot):
    window.open_paths([rgb_png])
    viewer = window.current_document().viewer
    viewer.one_to_one()
    viewer.set_view(200, 150, 2.0)
    changes = []
    viewer.selectionChanged.connect(changes.append)
    viewer.set_selection_mode(True)
    _drag(qtbot, viewer, _at(viewer, 150.5, 120.5), _at(viewer, 180.5, 140.5))
    assert viewer.selection() == (150, 120, 31, 21)
    assert changes[-1] == viewer.selection()
    # drag the bottom-right handle
    _drag(qtbot, viewer, _at(viewer, 181, 141), _at(viewer, 200.5, 160.5))
    assert viewer.selection() == (150, 120, 51, 41)
    # drag inside moves it
    _drag(qtbot, viewer, _at(viewer, 160, 130), _at(viewer, 170, 135))
    assert viewer.selection() == (160, 125, 51, 41)
    shot = viewer.grab().toImage()
    edge = _at(viewer, 160, 140)
    c = shot.pixelColor(edge.x(), edge.y())
    assert (c.red(), c.green(), c.blue()) == (255, 220, 0)   # the band is drawn
    viewer.set_selection(None)
    assert viewer.selection() is None and changes[-1] is None


def test_fixed_size_and_aspect(window, rgb_png, qtbot):
    window.open_paths([rgb_png])
    viewer = window.current_document().viewer
    viewer.set_view(200, 150, 2.0)
    viewer.set_selection_mode(True, fixed_size=(64, 32))
    qtbot.mouseClick(viewer, Qt.MouseButton.LeftButton, pos=_at(viewer, 200.5, 150.5))
    assert viewer.selection() == (168, 134, 64, 32)
    viewer.set_selection(None)
    viewer.set_selection_mode(True, aspect=2.0)
    _drag(qtbot, viewer, _at(viewer, 150.5, 120.5), _at(viewer, 190.5, 200.5))
    x, y, w, h = viewer.selection()
    assert (x, y) == (150, 120) and w == 41 and h == round(w / 2.0)
    # clamped inside the image
    viewer.set_selection((390, 290, 50, 50))
    assert viewer.selection() == (350, 250, 50, 50)

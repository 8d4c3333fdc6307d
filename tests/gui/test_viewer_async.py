"""Asynchronous tile loading, drag-and-drop, recent files and the ground readout."""

import numpy as np
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QColor, QDropEvent

from workbench.gui.viewer.loader import TileLoader
from workbench.gui.viewer.view import LOADING
from workbench.io import imsave


def rgb_at(image, point):
    c = QColor(image.pixel(int(point.x()), int(point.y())))
    return c.red(), c.green(), c.blue()


def test_stale_requests_are_dropped_without_work(qtbot):
    loader = TileLoader()
    calls, results = [], []
    loader.finished.connect(lambda token, result, error: results.append((token, result, error)))
    one, two = ((0, 0, 0), 1, 7), ((0, 0, 1), 1, 7)     # (tile, generation, pyramid)
    loader.set_wanted([one])
    loader.submit(one, lambda: calls.append(1) or "done")
    loader.submit(two, lambda: calls.append(2) or "done")   # the view moved on
    qtbot.waitUntil(lambda: len(results) == 2, timeout=5000)
    assert calls == [1]
    assert sorted(results) == [(one, "done", ""), (two, None, "")]
    assert loader.idle()


def test_coarser_level_shows_until_the_finer_arrives(window, tmp_path, qtbot):
    yy, xx = np.mgrid[0:2000, 0:3000]
    path = tmp_path / "big.png"
    imsave(path, ((xx // 10 + yy // 10) % 200 + 30).astype(np.uint8))
    window.synchronous = False
    window.open_paths([str(path)])
    viewer = window.current_document().viewer
    qtbot.waitUntil(viewer.is_complete, timeout=20000)
    coarse = viewer.level()
    assert coarse >= 2
    viewer.zoom_at(4.0)
    assert viewer.level() < coarse and not viewer.is_complete()
    shot = viewer.grab().toImage()       # painted before any finer tile can arrive
    centre = QPointF(viewer.width() / 2, viewer.height() / 2)
    assert rgb_at(shot, centre) != (LOADING.red(), LOADING.green(), LOADING.blue())
    qtbot.waitUntil(viewer.is_complete, timeout=20000)


def test_drop_opens_files_and_recent_menu_lists_them(window, rgb_png):
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(rgb_png)])
    event = QDropEvent(QPointF(100, 100), Qt.DropAction.CopyAction, mime,
                       Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)
    assert window.current_document().paths == [rgb_png]
    assert [a.text() for a in window.recent_menu.actions()] == [rgb_png]
    window.recent_menu.actions()[0].trigger()
    assert window.tabs.count() == 2


def test_status_bar_shows_ground_coordinates_of_a_geotiff(window, tmp_path, qtbot):
    path = tmp_path / "geo.tif"
    imsave(path, np.full((1, 100, 200), 9, np.uint8),
           corners=[(-77.0, 39.0), (-76.0, 39.0), (-76.0, 38.5), (-77.0, 38.5)], crs="EPSG:4326")
    window.open_paths([str(path)])
    viewer = window.current_document().viewer
    pos = viewer.map_from_image(100.5, 50.5)
    qtbot.mouseMove(viewer, QPoint(int(pos.x()), int(pos.y())))
    assert window.readouts.pixel.text() == "row 50  col 100"
    assert window.readouts.values.text() == "9"
    assert window.readouts.ground.text().startswith("38.747500°N 76.497500°W")


def test_a_tile_dropped_as_stale_is_asked_again_when_the_view_came_back(window, tmp_path,
                                                                         qtbot):
    """The view moved away and back while a tile was queued: the worker drops it as stale, and
    the view, which still needs it, requests it again instead of waiting for the next repaint."""
    yy, xx = np.mgrid[0:600, 0:800]
    path = tmp_path / "small.png"
    imsave(path, ((xx // 10 + yy // 10) % 200 + 30).astype(np.uint8))
    window.synchronous = False
    window.open_paths([str(path)])
    viewer = window.current_document().viewer
    qtbot.waitUntil(viewer.is_complete, timeout=20000)
    viewer.zoom_at(2.0)                  # a finer level: its tiles are not cached
    keys = viewer.needed_tiles()
    assert len(keys) >= 2
    token = viewer._token(keys[0])
    viewer.loader.pending.add(token)     # queued when the view was here before, so no paint
    others = [viewer._token(k) for k in keys[1:]]           # asks for it again ...
    qtbot.waitUntil(lambda: all(t in viewer._images for t in others), timeout=20000)
    qtbot.wait(300)                      # every repaint (arrivals, the settle timer) is done
    assert token not in viewer._images and not viewer.is_complete()
    viewer.loader.finished.emit(token, None, "")   # ... and then the worker dropped it
    qtbot.waitUntil(viewer.is_complete, timeout=20000)

"""Viewer features driven through the real widgets: stretch and band changes, masked and broken
tiles, security banners, dataset panel, navigator, R-sets, lazy opening, preferences, export."""

import shutil
import time

import numpy as np
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QImage

from workbench.io import IO, BufferedImageAssetProvider, BufferedTextAssetProvider, imsave
from workbench.jobs.display.pyramid import TilePyramid
from workbench.jobs.display.render import CHECKER_DARK, CHECKER_LIGHT, DisplaySettings, ERROR_RGB
from workbench.jobs.display.statistics import params_for
from workbench.jobs.display.stretch import Stretch


def rgb_at(image, point):
    c = QColor(image.pixel(int(point.x()), int(point.y())))
    return c.red(), c.green(), c.blue()


def test_stretch_and_band_mapping_change_the_picture(window, rgb_png, tmp_path):
    window.open_paths([rgb_png])
    doc = window.current_document()
    viewer, panel = doc.viewer, window.display_panel
    at = viewer.map_from_image(390, 10)          # red high, green low, blue 200
    before = rgb_at(viewer.grab().toImage(), at)
    assert before[0] > 230 and before[1] < 30
    panel.band[0].setCurrentIndex(2)             # R <- band 2, B <- band 0
    panel.band[2].setCurrentIndex(0)
    assert doc.settings.bands == (2, 1, 0)
    after = rgb_at(viewer.grab().toImage(), at)
    assert after[2] > 230 and after[1] < 30
    panel.mapping.setCurrentText("Gray")
    panel.band[0].setCurrentIndex(1)             # green band as grey: dark at the top
    gray = rgb_at(viewer.grab().toImage(), at)
    assert gray[0] == gray[1] == gray[2] < 30
    panel.mode.setCurrentText("manual")          # manual limits wide open: 0..1000 -> darker
    panel.low.setValue(0)
    panel.high.setValue(1000)
    assert doc.settings.stretch.manual == (0.0, 1000.0)
    bottom = viewer.map_from_image(200, 299)
    assert rgb_at(viewer.grab().toImage(), bottom)[0] == round(255 * 255 / 1000)
    panel.mode.setCurrentText("minmax")
    panel.gamma.setValue(2.0)
    assert doc.settings.stretch.gamma == 2.0
    assert window.display_panel.histogram.hists and window.display_panel.histogram.limits
    viewer.grab().save(str(tmp_path / "gray.png"))


def _viewer_on(qtbot, asset, tile=64):
    from workbench.gui.viewer import ImageViewer

    viewer = ImageViewer()
    qtbot.addWidget(viewer)
    viewer.synchronous = True
    viewer.resize(400, 400)
    viewer.show()
    pyr = TilePyramid(asset, tile_size=tile)
    params, _ = params_for(pyr, DisplaySettings((0,), Stretch("minmax")))
    viewer.set_image(pyr, params)
    return viewer


def test_masked_blocks_are_checkered_in_the_view(qtbot):
    asset = BufferedImageAssetProvider.create("image:0", 128, 128, 1, 64, 64)
    asset.set_block(0, 0, np.zeros((64, 64), np.uint8))
    asset.set_block(1, 1, np.full((64, 64), 250, np.uint8))
    viewer = _viewer_on(qtbot, asset)
    shot = viewer.grab().toImage()
    assert rgb_at(shot, viewer.map_from_image(30, 30)) == (0, 0, 0)
    colours = {rgb_at(shot, viewer.map_from_image(64 + x, y)) for x in range(0, 60, 3)
               for y in range(0, 60, 3)}
    assert colours == {CHECKER_LIGHT, CHECKER_DARK}


class _Broken(BufferedImageAssetProvider):
    def _read_block(self, row, col, level, bands):
        if (row, col) == (0, 1):
            raise ValueError("corrupt codestream at offset 1234")
        return super()._read_block(row, col, level, bands)


def test_a_tile_that_fails_shows_a_marker_and_a_log_line(qtbot):
    asset = _Broken.create("image:0", 128, 128, 1, 64, 64)
    asset.set_full_image(np.full((1, 128, 128), 100, np.uint8))
    messages = []
    from workbench.gui.viewer import ImageViewer

    viewer = ImageViewer()
    qtbot.addWidget(viewer)
    viewer.synchronous = True
    viewer.tileFailed.connect(messages.append)
    viewer.resize(400, 400)
    viewer.show()
    pyr = TilePyramid(asset, tile_size=64)
    viewer.set_image(pyr, params_for(pyr, DisplaySettings((0,), Stretch("minmax")),
                                     tiles=[pyr.tile(0, 0, 0, (0,))])[0])
    shot = viewer.grab().toImage()
    marker = {rgb_at(shot, viewer.map_from_image(64 + x, y)) for x in range(0, 60, 2)
              for y in range(0, 60, 2)}
    assert ERROR_RGB in marker
    assert any("corrupt codestream" in m for m in messages)
    assert rgb_at(shot, viewer.map_from_image(10, 10)) == (128, 128, 128)


def test_truncated_file_is_logged_not_raised(window, tmp_path):
    good = tmp_path / "good.ntf"
    imsave(good, np.full((1, 300, 300), 7, np.uint8))
    bad = tmp_path / "bad.ntf"
    bad.write_bytes(good.read_bytes()[:600])
    window.open_paths([str(bad)])
    errors = [m for level, m in window.log_panel.messages if level == "error"]
    assert any("cannot open bad.ntf" in m and "truncated" in m for m in errors)
    doc = window.current_document()
    assert doc.error and doc.pyramid is None
    assert window.tabs.currentWidget().warning.isVisible()
    window.open_paths([str(good)])             # the application goes on working
    assert window.current_document().pyramid is not None


def test_security_banner_and_inconsistency_warning(window, tmp_path):
    path = tmp_path / "marked.ntf"
    provider = BufferedImageAssetProvider.create("image:0", 64, 64, 1,
                                                 metadata={"ISCLAS": "C", "IC": "NC"})
    provider.set_full_image(np.zeros((1, 64, 64), np.uint8))
    with IO.open(path, "w") as writer:
        writer.metadata["FSCLAS"] = "U"
        writer.metadata["FSCTLH"] = "FO"
        writer.add_asset("image:0", provider)
    window.open_paths([str(path)])
    page = window.tabs.currentWidget()
    assert page.top.isVisible() and page.bottom.isVisible()
    assert page.top.text() == "UNCLASSIFIED//FO"
    shot = page.grab().toImage()
    assert rgb_at(shot, QPointF(3, page.top.height() // 2)) == (0, 0x7a, 0x33)
    assert page.warning.isVisible() and "CONFIDENTIAL" in page.warning.text()


def test_dataset_panel_lists_assets_and_opens_text(window, tmp_path, qtbot):
    path = tmp_path / "withtext.ntf"
    provider = BufferedImageAssetProvider.create("image:0", 32, 32, 1, metadata={"IC": "NC"})
    provider.set_full_image(np.zeros((1, 32, 32), np.uint8))
    text = BufferedTextAssetProvider.create("text:0", "<note>hello analyst</note>")
    with IO.open(path, "w") as writer:
        writer.add_asset("image:0", provider)
        writer.add_asset("text:0", text)
    window.open_paths([str(path)])
    panel = window.dataset_panel
    keys = [panel.topLevelItem(i).text(0) for i in range(panel.topLevelItemCount())]
    assert "image:0" in keys and "text:0" in keys
    viewer = panel.open_key("text:0")
    assert "hello analyst" in viewer.edit.toPlainText() and viewer.edit.isReadOnly()


def test_navigator_click_moves_the_view(window, rgb_png, qtbot):
    window.open_paths([rgb_png])
    viewer = window.current_document().viewer
    viewer.zoom_at(4.0)
    nav = window.navigator
    assert nav.thumb is not None
    frame, scale = nav._frame()
    qtbot.mouseClick(nav, Qt.MouseButton.LeftButton,
                     pos=QPoint(int(frame.x() + 50 * scale), int(frame.y() + 40 * scale)))
    cx, cy = viewer.center
    assert abs(cx - 50) < 2 and abs(cy - 40) < 2


def test_rset_opens_as_one_document_and_many_files_open_lazily(window, tmp_path):
    data = np.zeros((1, 64, 64), np.uint8)
    base = tmp_path / "pyr.png"
    imsave(base, data)
    imsave(str(base) + ".r1", data[:, ::2, ::2].copy(), format="png")
    window.open_paths([str(base), str(base) + ".r1"])
    assert window.tabs.count() == 1 and window.current_document().paths[1].endswith(".r1")
    many = []
    for i in range(200):
        p = tmp_path / f"copy{i:03d}.png"
        shutil.copyfile(base, p)
        many.append(str(p))
    t0 = time.perf_counter()
    window.open_paths(many)
    elapsed = time.perf_counter() - t0
    assert window.tabs.count() == 201
    assert elapsed < 10, elapsed
    opened = [d for d in window.documents() if d.is_open]
    assert len(opened) == 2          # the R-set and the one now shown; the rest wait


def test_preferences_persist_and_about_lists_versions(window, settings):
    from workbench.gui.about import versions
    from workbench.gui.preferences import Preferences, PreferencesDialog

    dialog = PreferencesDialog(window.prefs, window)
    dialog.cache.setValue(1024)
    dialog.stretch.setText("stddev:2.5,gamma=1.2")
    dialog.theme.setCurrentText("dark")
    dialog.accept()
    settings.sync()
    again = Preferences(settings)
    assert again.cache_mb == 1024 and again.theme == "dark"
    assert again.stretch == Stretch("stddev", nstd=2.5, gamma=1.2)
    v = versions()
    for name in ("Imagery Workbench", "numpy", "imagecodecs", "glymur", "pyproj", "Qt"):
        assert v[name] and v[name] != "not installed"
    window.prefs.theme = "system"
    window.prefs.apply_theme()


def test_export_view_writes_what_the_view_shows(window, rgb_png, tmp_path):
    from workbench.gui.actions import export_view

    window.open_paths([rgb_png])
    out = tmp_path / "view.png"
    assert export_view(window, str(out))
    saved = QImage(str(out))
    viewer = window.current_document().viewer
    assert saved.size() == viewer.size()
    c = viewer.map_from_image(200, 150)
    assert rgb_at(saved, c) == rgb_at(viewer.grab().toImage(), c)


def test_stretch_to_view_uses_the_visible_pixels(window, rgb_png):
    window.open_paths([rgb_png])
    doc = window.current_document()
    full = doc.params.limits[0]
    doc.viewer.set_view(40, 150, 8.0)          # only the dark left part is visible
    window.display_panel.to_view.click()
    lo, hi = doc.params.limits[0]
    assert hi < full[1] / 2 and doc.settings.bands == (0, 1, 2)


def test_reload_shows_the_new_file_content(window, tmp_path):
    path = tmp_path / "changing.png"
    imsave(path, np.full((1, 50, 60), 10, np.uint8))
    window.open_paths([str(path)])
    doc = window.current_document()
    assert doc.pyramid.pixel(5, 5).tolist() == [10]
    doc.close_reader()                         # writers refuse a path open for reading
    imsave(path, np.full((1, 50, 60), 99, np.uint8))
    doc.reload()
    assert doc.pyramid.pixel(5, 5).tolist() == [99]
    assert doc.viewer.pyramid is doc.pyramid

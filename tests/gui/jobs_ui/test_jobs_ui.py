"""The jobs UI in a real main window: chips drawn/typed on the viewer, the export dialog with
presets and inline option problems, drag-and-drop batch conversion with cancel."""

import shutil
from importlib import resources

import numpy as np
import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QTimer, QUrl
from PySide6.QtGui import QColor, QDropEvent

from workbench.io import IO, imread, imsave
from workbench.jobs.presets import PresetStore

SAMPLE = str(resources.files("workbench.resources") / "sample" / "sample.ntf")


@pytest.fixture
def sample_window(window, tmp_path, qtbot):
    path = tmp_path / "sample.ntf"
    shutil.copy(SAMPLE, path)
    window.open_paths([str(path)])
    doc = window.current_document()
    qtbot.waitUntil(lambda: doc.asset_key is not None, timeout=10000)
    return window, doc, str(path)


def test_select_region_export_chip(sample_window, qtbot, tmp_path):
    window, doc, path = sample_window
    panel = window.chip_panel
    reviews = []
    panel.confirm_review = lambda plan: reviews.append(plan) or True
    doc.viewer.set_selection((100, 200, 300, 150))          # as the rubber band would
    assert panel.window_rect() == (100, 200, 300, 150)
    assert "300 × 150" in panel.size_label.text()
    assert "-77.0" in panel.extent_label.text()              # ground extent from IGEOLO
    out_dir = tmp_path / "chips"
    out_dir.mkdir()
    panel.folder.setText(str(out_dir))
    signals = panel.export()
    assert signals is not None
    qtbot.waitUntil(lambda: panel.signals is None, timeout=20000)
    assert not panel.errors
    out = panel.results[0].outputs[0]
    np.testing.assert_array_equal(imread(out), imread(path, window=(100, 200, 300, 150)))
    with IO.open(out) as reader:
        meta = reader.get_asset("image:0").metadata
    assert (meta["ICHIPB"]["FI_ROW_11"], meta["ICHIPB"]["FI_COL_11"]) == ("00000200.500",
                                                                        "00000100.500")
    assert (meta["RPC00B"]["LINE_OFF"], meta["RPC00B"]["SAMP_OFF"]) == ("000312", "00412")
    fields = {row.field for row in reviews[0].review}
    assert {"FSCLAS", "ISCLAS", "FSREL"} <= fields


def test_typed_window_and_ground_corners_drive_the_selection(sample_window):
    window, doc, _ = sample_window
    panel = window.chip_panel
    panel.spins["x"].setValue(10)
    panel.spins["width"].setValue(64)
    assert doc.viewer.selection()[0] == 10 and doc.viewer.selection()[2] == 64
    lon0, lat0 = panel.mapping.pixel_to_lonlat(50, 60)
    lon1, lat1 = panel.mapping.pixel_to_lonlat(150, 100)
    panel.ground_ul.setText(f"{lon0}, {lat0}")
    panel.ground_lr.setText(f"{lon1}, {lat1}")
    panel.apply_ground()
    x, y, w, h = doc.viewer.selection()
    assert abs(x - 50) <= 1 and abs(y - 60) <= 1 and abs(w - 100) <= 2 and abs(h - 40) <= 2
    panel.add_to_queue()
    panel.spins["x"].setValue(0)
    panel.add_to_queue()
    assert len(panel.queue) == 2 and panel.queue_list.count() == 2


def test_export_dialog_presets_and_inline_problems(sample_window, qtbot, tmp_path):
    window, doc, path = sample_window
    doc.viewer.set_selection(None)
    dialog = window.open_export_dialog()
    qtbot.addWidget(dialog)
    dialog.presets.select("nitf-jpeg-85")
    form = dialog.form
    assert (form.compression.currentText(), form.quality.value(), form.block.value()) == \
        ("C3", 85, 256)
    assert "COMRAT = 85.0" in form.hints.toPlainText()
    form.imode.setCurrentText("R")
    assert dialog.export_button.isEnabled() is False
    assert "IMODE R" in form.problems.text()
    form.imode.setCurrentText("B")
    assert dialog.export_button.isEnabled()
    form.format.setCurrentIndex(form.format.findData("png"))
    assert not form.imode.isEnabled() and not form.block.isEnabled()
    # save the current options as a user preset, reload it in a new dialog
    form.set_options(PresetStore().get("geotiff-lzw").options)
    form.block.setValue(128)
    saved = dialog.presets.save_as("My LZW 128")
    assert PresetStore().get(saved.id).options.block_size == (128, 128)
    PresetStore().set_default("nitf", "nitf-jpeg-85")  # default for the source's format
    again = window.open_export_dialog()
    qtbot.addWidget(again)
    assert again.presets.current_id() == "nitf-jpeg-85"
    again.presets.select(saved.id)
    assert again.form.block.value() == 128 and again.form.compression.currentText() == "LZW"
    # an existing output is replaced only after confirmation
    existing = tmp_path / "export.tif"
    existing.write_bytes(b"keep me")
    again.output.setText(str(existing))
    again.confirm_overwrite = lambda path: False
    assert again.start() is None and existing.read_bytes() == b"keep me"
    again.confirm_overwrite = lambda path: True
    # export in the background; the file appears only when done
    again.confirm_review = lambda plan: True
    assert again.start() is not None
    qtbot.waitUntil(lambda: again.signals is None, timeout=20000)
    assert again.error is None, again.error
    np.testing.assert_array_equal(imread(tmp_path / "export.tif"), imread(path))
    again.grab().save(str(tmp_path / "export_dialog.png"))


def _drop(widget, paths):
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime,
                       Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    widget.dropEvent(event)


def test_batch_drop_five_files_one_corrupt(window, qtbot, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(5):
        if i == 3:
            (folder / "img3.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 30)
        else:
            imsave(folder / f"img{i}.png", np.full((3, 30, 40), i * 40, np.uint8))
    panel = window.batch_panel
    _drop(panel, [folder])
    assert panel.table.rowCount() == 5
    out = tmp_path / "out"
    panel.folder.setText(str(out))
    panel.presets.select("geotiff-lzw")
    panel.start()
    qtbot.waitUntil(lambda: panel.signals is None, timeout=20000)
    statuses = [panel.table.item(r, 2).text() for r in range(5)]
    assert statuses == ["done", "done", "done", "failed", "done"]
    assert panel.table.item(3, 3).text()  # the error message, per file
    assert sorted(p.name for p in out.iterdir()) == ["img0.tif", "img1.tif", "img2.tif",
                                                      "img4.tif"]
    assert panel.overall.value() == 1000
    panel.grab().save(str(tmp_path / "batch.png"))
    image = panel.grab().toImage()
    bar = panel.overall.geometry()  # the overall bar is filled (highlight colour) at its left
    filled = QColor(image.pixel(bar.left() + 20, bar.center().y()))
    assert filled.blue() > filled.red() + 50, filled.name()


def test_batch_cancel_mid_file_leaves_no_partial_file(window, qtbot, tmp_path):
    src = tmp_path / "big.png"
    imsave(src, np.random.default_rng(0).integers(0, 255, (3, 1200, 1600)).astype(np.uint8))
    panel = window.batch_panel
    panel.add_paths([src])
    out = tmp_path / "out"
    panel.folder.setText(str(out))
    store = PresetStore()
    from workbench.jobs.options import ExportOptions
    from workbench.jobs.presets import Preset

    store.save(Preset("slow-nc", "NC 32", ExportOptions(format="nitf", compression="NC",
                                                        block_size=(32, 32))))
    panel.presets.reload(select="slow-nc")
    ticks = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(5)
    panel.start()
    qtbot.waitUntil(lambda: panel.items and panel.items[0].fraction > 0.1, timeout=20000)
    timer.stop()
    assert len(ticks) >= 2  # the UI thread kept running its event loop during the conversion
    panel.cancel_all()
    qtbot.waitUntil(lambda: panel.signals is None, timeout=20000)
    assert panel.table.item(0, 2).text() == "cancelled"
    assert list(out.iterdir()) == []


def test_rubber_band_drawn_with_the_mouse_exports_that_region(sample_window, qtbot, tmp_path):
    window, doc, path = sample_window
    panel = window.chip_panel
    panel.confirm_review = lambda plan: True
    panel.draw.setChecked(True)
    viewer = doc.viewer
    a = viewer.map_from_image(100, 200).toPoint()
    b = viewer.map_from_image(400, 350).toPoint()
    qtbot.mousePress(viewer, Qt.MouseButton.LeftButton, pos=a)
    qtbot.mouseMove(viewer, pos=(a + b) / 2)
    qtbot.mouseMove(viewer, pos=b)
    qtbot.mouseRelease(viewer, Qt.MouseButton.LeftButton, pos=b)
    rect = viewer.selection()
    assert rect is not None and panel.window_rect() == rect
    assert all(abs(got - want) <= 2 for got, want in zip(rect, (100, 200, 300, 150)))
    panel.folder.setText(str(tmp_path))
    panel.export()
    qtbot.waitUntil(lambda: panel.signals is None, timeout=20000)
    np.testing.assert_array_equal(imread(panel.results[0].outputs[0]), imread(path, window=rect))

"""The metadata dock inside the real main window: follows the open file, saves over it (the
window's reader is closed and reopened), and asks before closing with unsaved edits."""

import os
import sys

import pytest
from PySide6.QtWidgets import QMessageBox

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "jobs", "metadata"))

from metadata_nitf_files import write_nitf  # noqa: E402
from workbench.io.core.io import IO  # noqa: E402


@pytest.fixture
def window(qtbot, tmp_path):
    from PySide6.QtCore import QSettings

    from workbench.gui.main_window import MainWindow

    win = MainWindow(QSettings(str(tmp_path / "prefs.ini"), QSettings.Format.IniFormat),
                     synchronous=True)
    qtbot.addWidget(win)
    win.show()
    return win


@pytest.fixture
def nitf(tmp_path):
    path = tmp_path / "scene.ntf"
    write_nitf(path)
    return str(path)


def test_dock_follows_the_document_and_saves_over_it(window, nitf, qtbot):
    panel = window.metadata_panel
    window.open_paths([nitf])
    assert panel.doc is not None and panel.doc.path == nitf
    assert panel.model.item_for(("image:0", "ICHIPB", 0, "FI_ROW")) is not None
    panel.edit_value(("image:0", "ICHIPB", 0, "FI_ROW"), "77")
    assert panel.dirty
    with IO.open([nitf]) as r:
        original_data = bytes(r.get_asset("image:0").segment_data)
    with qtbot.waitSignal(panel.saver.finished, timeout=10000) as blocker:
        assert panel.saver.save()
    assert blocker.args == [True, nitf]
    assert not panel.dirty
    with IO.open([nitf]) as r:
        assert r.get_asset("image:0").metadata["ICHIPB"]["FI_ROW"] == "00000077"
        assert bytes(r.get_asset("image:0").segment_data) == original_data
    doc = window.current_document()
    assert doc.reader.get_asset("image:0").metadata["ICHIPB"]["FI_ROW"] == "00000077"


def test_close_with_unsaved_edits_asks_first(window, nitf, monkeypatch):
    panel = window.metadata_panel
    window.open_paths([nitf])
    panel.edit_value(("file", "FTITLE"), "changed")
    answers = [QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Discard]
    asked = []

    def answer(*args, **kwargs):
        asked.append(args[1])
        return answers.pop(0)

    monkeypatch.setattr(QMessageBox, "question", answer)
    assert not window.close()          # cancelled: the window stays
    assert window.isVisible() and panel.dirty
    assert window.close()              # discarded
    assert asked == ["Unsaved metadata edits"] * 2


def test_png_metadata_is_shown_read_only(window, tmp_path):
    import numpy as np

    from workbench.io.core.convenience import imsave

    path = tmp_path / "a.png"
    imsave(str(path), np.zeros((3, 20, 30), np.uint8))
    window.open_paths([str(path)])
    panel = window.metadata_panel
    assert panel.model.item_for(("image:0", "PNG_WIDTH")) is not None
    assert not panel.actions["save"].isEnabled()
    assert "read only" in panel.status.text()

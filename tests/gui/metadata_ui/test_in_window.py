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


def test_close_prompt_save_saves_then_closes(window, nitf, monkeypatch):
    panel = window.metadata_panel
    window.open_paths([nitf])
    panel.edit_value(("file", "FTITLE"), "saved on close")
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.Save)
    assert window.close()              # saved, then closed in the same request
    assert not panel.dirty
    with IO.open([nitf]) as r:
        assert r.metadata["FTITLE"].rstrip() == "saved on close"


def test_close_prompt_save_with_invalid_values_keeps_the_window(window, nitf, monkeypatch):
    panel = window.metadata_panel
    window.open_paths([nitf])
    panel.edit_value(("image:0", "BAND_INFO", 0, "ISUBCAT"), "toolong!")
    assert any("ISUBCAT" in str(p) for p in panel.problems)
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.Save)
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: QMessageBox.StandardButton.Ok)
    assert not window.close()          # the save was refused: nothing closes, edits kept
    assert window.isVisible() and panel.dirty
    with IO.open([nitf]) as r:
        assert r.get_asset("image:0").metadata["BAND_INFO"][0]["ISUBCAT"].strip() == ""
    panel.undo_stack.setClean()


def test_comment_actions_edit_undo_and_save(window, nitf, qtbot):
    panel = window.metadata_panel
    window.open_paths([nitf])
    assert panel.select(("image:0", "IID1"))
    panel.actions["add_comment"].trigger()
    assert panel.doc.segment("image:0").fields["NICOM"] == "1"
    assert panel.selected_node().address == ("image:0", "ICOM", 0)
    assert panel.edit_value(("image:0", "ICOM", 0), "note from the panel") is None
    assert panel.edit_value(("image:0", "BAND_INFO", 0, "IREPBAND"), "M") is None
    panel.undo_stack.undo()
    panel.undo_stack.undo()
    assert panel.doc.segment("image:0").fields["ICOM"] == [" " * 80]
    panel.undo_stack.redo()
    panel.undo_stack.redo()
    with IO.open([nitf]) as r:
        original_data = bytes(r.get_asset("image:0").segment_data)
    with qtbot.waitSignal(panel.saver.finished, timeout=10000) as blocker:
        assert panel.saver.save()
    assert blocker.args[0] is True
    with IO.open([nitf]) as r:
        image = r.get_asset("image:0")
        assert image.metadata["ICOM"] == ["note from the panel".ljust(80)]
        assert image.metadata["NICOM"] == "1"
        assert bytes(image.segment_data) == original_data
    assert panel.select(("image:0", "ICOM", 0))
    panel.actions["delete_comment"].trigger()
    assert panel.doc.segment("image:0").fields["NICOM"] == "0" and panel.dirty
    panel.undo_stack.undo()
    assert not panel.dirty


def test_jp2_boxes_and_codestream_in_the_dock(window, tmp_path):
    import numpy as np

    from workbench.io.core.convenience import imsave

    path = tmp_path / "a.jp2"
    imsave(str(path), np.zeros((3, 40, 50), np.uint8))
    window.open_paths([str(path)])
    panel = window.metadata_panel
    assert panel.model.item_for(("file", "JP2_BOXES", 2, "boxes", 0, "width")) is not None
    levels = panel.model.item_for(("image:0", "J2K_CODESTREAM", "levels"))
    assert levels is not None
    assert levels.index().siblingAtColumn(1).data() == "5"
    assert not panel.actions["save"].isEnabled()


def test_save_as_opens_the_new_file_and_the_original_tab_stays_the_original(window, nitf,
                                                                            qtbot, tmp_path):
    panel = window.metadata_panel
    window.open_paths([nitf])
    original = open(nitf, "rb").read()
    panel.edit_value(("file", "FTITLE"), "copy title")
    copy = str(tmp_path / "copy.ntf")
    with qtbot.waitSignal(panel.saver.finished, timeout=10000):
        assert panel.saver.save_to(copy, interactive=False)
    qtbot.waitUntil(lambda: window.current_document().paths[0] == copy, timeout=5000)
    assert panel.doc.path == copy and not panel.dirty
    assert window.tabs.tabText(window.tabs.currentIndex()) == "copy.ntf"
    panel.edit_value(("file", "OSTAID"), "SECOND")  # edits go to the file the tab shows
    with qtbot.waitSignal(panel.saver.finished, timeout=10000):
        assert panel.saver.save()
    with IO.open([copy]) as r:
        assert r.metadata["OSTAID"].strip() == "SECOND"
    assert open(nitf, "rb").read() == original
    window.tabs.setCurrentIndex(0)
    assert panel.doc.path == nitf and panel.doc.get(("file", "OSTAID")).strip() != "SECOND"

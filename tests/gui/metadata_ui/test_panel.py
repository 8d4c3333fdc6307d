from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit

from workbench.jobs.metadata import parse_address


def _value_index(panel, address):
    item = panel.model.item_for(address)
    src = item.index().siblingAtColumn(1)
    return panel.proxy.mapFromSource(src)


def test_edit_field_inline_then_undo_redo(panel, qtbot):
    address = ("image:0", "ICHIPB", 0, "FI_ROW")
    index = _value_index(panel, address)
    panel.view.scrollTo(index)
    panel.view.setCurrentIndex(index)
    panel.view.edit(index)
    editor = panel.view.findChild(QLineEdit)
    assert editor is not None and editor.maxLength() == 8  # the field's width
    editor.selectAll()
    qtbot.keyClicks(editor, "12ab")   # letters are refused by the BCS-N validator
    assert editor.text() == "12"
    qtbot.keyClick(editor, Qt.Key.Key_Return)   # the view commits on its next event loop turn
    qtbot.waitUntil(lambda: panel.doc.get(address) == "00000012", timeout=2000)
    assert panel.dirty and panel.status.text().startswith("modified")
    assert panel.model.item_for(address).index().siblingAtColumn(1).data() == "00000012"
    panel.actions["undo"].trigger()
    assert panel.doc.get(address) == "00000000" and not panel.dirty
    panel.actions["redo"].trigger()
    assert panel.doc.get(address) == "00000012" and panel.dirty


def test_add_ichipb_from_the_library(panel):
    from workbench.gui.metadata_ui.dialogs import AddTreDialog

    dialog = AddTreDialog(panel, [s.key for s in panel.doc.segments], "image:0")
    dialog.select_tag("ICHIPB")
    assert dialog.tag() == "ICHIPB" and dialog.segment_key() == "image:0"
    assert panel.add_tre(dialog.segment_key(), dialog.tag())
    instances = panel.doc.get(("image:0", "ICHIPB"))
    assert len(instances) == 2 and instances[1]["SCALE_FACTOR"] == "0001.00000"
    assert panel.model.item_for(("image:0", "ICHIPB", 1)) is not None
    assert panel.selected_node().address == ("image:0", "ICHIPB", 1)
    panel.delete_selected_tre()
    assert isinstance(panel.doc.get(("image:0", "ICHIPB")), dict)
    panel.actions["undo"].trigger()
    panel.actions["undo"].trigger()
    assert not panel.dirty


def test_invalid_value_is_marked_with_its_rule_and_blocks_saving(panel, tmp_path, qtbot):
    address = parse_address("image:0/ICHIPB/XFRM_FLAG")
    rule = panel.edit_value(address, "07")
    assert rule == "must be one of '00', '01', got '07'"
    node = panel.model.item_for(("image:0", "ICHIPB", 0, "XFRM_FLAG")).data(Qt.ItemDataRole.UserRole + 1)
    assert node.problem == rule
    assert "1 invalid value" in panel.status.text()
    with qtbot.waitSignal(panel.saver.finished) as blocker:
        assert not panel.saver.save_to(str(tmp_path / "out.ntf"), interactive=False)
    ok, message = blocker.args
    assert not ok and "image:0/ICHIPB[0]/XFRM_FLAG: must be one of '00', '01'" in message
    assert not (tmp_path / "out.ntf").exists()


def test_read_only_fields_have_no_editor(panel):
    index = _value_index(panel, ("image:0", "NROWS"))
    assert not (panel.proxy.flags(index) & Qt.ItemFlag.ItemIsEditable)


def test_filter_matches_names_values_and_descriptions(panel):
    panel.filter_box.setText("chip")      # ICHIPB's description "Image Chip Block"
    names = _visible_names(panel)
    assert "ICHIPB" in names and "FI_ROW" in names and "IID1" not in names
    panel.filter_box.setText("IMG0")      # a value
    assert "IID1" in _visible_names(panel) and "ICHIPB" not in _visible_names(panel)
    panel.filter_box.clear()
    assert "IID1" in _visible_names(panel)


def _visible_names(panel):
    out = []

    def walk(parent):
        for r in range(panel.proxy.rowCount(parent)):
            idx = panel.proxy.index(r, 0, parent)
            out.append(idx.data())
            walk(idx)

    from PySide6.QtCore import QModelIndex
    walk(QModelIndex())
    return out


def test_copy_as_json_and_text(panel):
    panel.select(("image:0", "ICHIPB", 0))
    panel.actions["copy_json"].trigger()
    text = QApplication.clipboard().text()
    import json
    assert json.loads(text)["ICHIPB"]["FI_ROW"] == "00000000"
    panel.select(("image:0", "ICHIPB", 0, "FI_ROW"))
    panel.actions["copy_text"].trigger()
    assert QApplication.clipboard().text().startswith("FI_ROW = 00000000  [8 BCS-N")


def test_security_form_sets_all_segments(panel):
    from workbench.gui.metadata_ui.dialogs import SecurityDialog

    dialog = SecurityDialog(panel)
    assert dialog.table.rowCount() == 3
    assert dialog.set_all("CLAS", "S")
    assert [panel.doc.get((k, n)) for k, n in (("file", "FSCLAS"), ("image:0", "ISCLAS"),
                                               ("text:0", "TSCLAS"))] == ["S", "S", "S"]
    assert "SECRET" in dialog.banner.text()
    panel.actions["undo"].trigger()
    assert panel.doc.get(("image:0", "ISCLAS")) == "U"


def test_screenshot_marks_invalid_value_in_red(panel, tmp_path):
    panel.edit_value(("image:0", "ICHIPB", 0, "XFRM_FLAG"), "07")
    panel.select(("image:0", "ICHIPB", 0, "XFRM_FLAG"))
    panel.view.clearSelection()
    image = panel.grab().toImage()
    image.save(str(tmp_path / "panel.png"))
    image.save("/tmp/meta_panel.png") if __import__("os").environ.get("WB_KEEP_SHOTS") else None
    rect = panel.view.visualRect(_value_index(panel, ("image:0", "ICHIPB", 0, "XFRM_FLAG")))
    origin = panel.view.viewport().mapTo(panel, rect.topLeft())
    reds = 0
    for x in range(origin.x(), origin.x() + rect.width()):
        for y in range(origin.y(), origin.y() + rect.height()):
            c = image.pixelColor(x, y)
            reds += c.red() > 150 and c.green() < 90 and c.blue() < 90
    assert reds > 20


def test_edit_text_segment_with_undo(panel):
    panel.select(("text:0", "@text"))
    assert panel.edit_value(("text:0", "@text"), "first line\nsecond line") is None
    node = panel.model.item_for(("text:0", "@text")).data(Qt.ItemDataRole.UserRole + 1)
    assert node.value == "first line\nsecond line" and node.editable
    panel.actions["undo"].trigger()
    assert panel.doc.get(("text:0", "@text")) == "hello"


def test_opening_a_blank_security_field_editor_changes_nothing(qtbot):
    """A blank FSDCTP/FSCLSY is valid ("not given"): opening its drop-down and leaving it must
    not pick the first code, and blank can be chosen again after a code."""
    from PySide6.QtWidgets import QComboBox

    from workbench.gui.metadata_ui import MetadataPanel
    from workbench.jobs.metadata import MetadataDocument, Segment

    doc = MetadataDocument([Segment("file", "file", {
        "FHDR": "NITF", "FVER": "02.10", "FSCLAS": "U", "FSCLSY": "  ", "FSDCTP": "  "})],
        "nitf", None)
    panel = MetadataPanel()
    qtbot.addWidget(panel)
    panel.resize(900, 600)
    panel.set_document(doc)
    panel.show()
    for name in ("FSDCTP", "FSCLSY"):
        index = _value_index(panel, ("file", name))
        panel.view.scrollTo(index)
        panel.view.setCurrentIndex(index)
        panel.view.edit(index)
        box = panel.view.findChild(QComboBox)
        assert box is not None and box.currentText() == "" and box.itemText(0) == ""
        panel.view.commitData(box)
        panel.view.closeEditor(box, panel.view.itemDelegate().EndEditHint.NoHint)
        assert doc.get(("file", name)) == "  " and not panel.dirty
    panel.edit_value(("file", "FSDCTP"), "DE")
    assert doc.get(("file", "FSDCTP")) == "DE" and panel.dirty
    assert panel.edit_value(("file", "FSDCTP"), "") is None  # back to blank: valid
    assert doc.get(("file", "FSDCTP")).strip() == ""

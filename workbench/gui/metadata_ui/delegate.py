"""Inline editors that respect each field's width and type: a drop-down for enumerations, a
line edit limited to the width with a validator for the type otherwise. The value is not put
in the model directly: it goes to the panel as an undoable edit."""

from __future__ import annotations

from PySide6.QtCore import QRegularExpression
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QComboBox, QLineEdit, QStyledItemDelegate

from .tree_model import NODE_ROLE

# Characters each type may hold while typing (the full rule is checked on commit).
_TYPING = {
    "A": r"[\x20-\x7e]*",
    "N": r"[0-9 ]*",
    "S": r"[+\-0-9 ]*",
    "R": r"[+\-0-9.Ee ]*",
    "D": r"[0-9\- ]*",
    "H": r"[0-9A-Fa-f]*",
}


class FieldDelegate(QStyledItemDelegate):
    def __init__(self, panel):
        super().__init__(panel)
        self.panel = panel

    def createEditor(self, parent, option, index):
        node = index.data(NODE_ROLE)
        meta = self.panel.doc.field_meta(node.address)
        if meta.enum:
            box = QComboBox(parent)
            box.setEditable(False)
            items = list(meta.enum)
            if meta.blank_allowed and "" not in items:  # "not given" is a value too (security)
                items.insert(0, "")
            box.addItems(items)
            return box
        edit = QLineEdit(parent)
        if meta.width:
            edit.setMaxLength(meta.width)
        pattern = _TYPING.get(meta.type)
        if pattern:
            edit.setValidator(QRegularExpressionValidator(QRegularExpression(pattern), edit))
        return edit

    def setEditorData(self, editor, index):
        node = index.data(NODE_ROLE)
        value = self.panel.doc.get(node.address)
        if isinstance(editor, QComboBox):
            # the stored value is always the one shown first, even when the enumeration lacks
            # it (a value another writer stored): opening and closing the editor changes nothing
            text = str(value if value is not None else "").strip()
            i = editor.findText(text)
            if i < 0:
                editor.insertItem(0, text)
                i = 0
            editor.setCurrentIndex(i)
        else:
            editor.setText(str(value))

    def setModelData(self, editor, model, index):
        node = index.data(NODE_ROLE)
        text = editor.currentText() if isinstance(editor, QComboBox) else editor.text()
        value = self.panel.doc.get(node.address)
        if isinstance(editor, QComboBox) and text == str(value if value is not None else "").strip():
            return  # unchanged: no edit, no undo step, the document stays clean
        self.panel.edit_value(node.address, text)

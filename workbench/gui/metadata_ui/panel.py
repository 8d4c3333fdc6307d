"""The metadata dock: tree (name, value, width/type, description), filter box, inline editing,
TRE add/delete/duplicate, text segments, security form, undo/redo, copy, save and JSON."""

from __future__ import annotations

import json

import shiboken6
from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence, QUndoStack
from PySide6.QtWidgets import (QFileDialog, QHBoxLayout, QInputDialog, QLabel, QLineEdit,
                               QMessageBox, QToolBar, QTreeView, QVBoxLayout, QWidget)

from workbench.jobs.metadata import (AddComment, AddTRE, DeleteComment, DeleteTRE,
                                     DuplicateTRE, MetadataDocument, SetValue, build_tree,
                                     check_edit, document_problems, format_address)
from workbench.jobs.metadata.jsonio import dumps, export_document, import_command, to_jsonable
from workbench.jobs.metadata.tree import tree_text

from .delegate import FieldDelegate
from .saving import SaveController
from .tree_model import MetadataFilter, MetadataTreeModel
from .undo import EditCommand


class MetadataPanel(QWidget):
    dirtyChanged = Signal(bool)
    saved = Signal(str)           # path written
    message = Signal(str, str)    # text, level (info/warning/error)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.doc: MetadataDocument | None = None
        self.source_document = None   # the window's Document, when installed in the app
        self.undo_stack = QUndoStack(self)
        self.undo_stack.setUndoLimit(200)
        self.undo_stack.cleanChanged.connect(self._clean_changed)
        self.model = MetadataTreeModel(self)
        self.proxy = MetadataFilter(self)
        self.proxy.setSourceModel(self.model)
        self.view = QTreeView()
        self.view.setModel(self.proxy)
        self.view.setItemDelegateForColumn(1, FieldDelegate(self))
        self.view.setAlternatingRowColors(True)
        self.view.setUniformRowHeights(True)
        self.view.setEditTriggers(QTreeView.EditTrigger.DoubleClicked
                                  | QTreeView.EditTrigger.EditKeyPressed)
        self.view.doubleClicked.connect(self._double_clicked)
        header = self.view.header()
        header.setSectionResizeMode(0, header.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, header.ResizeMode.ResizeToContents)
        header.resizeSection(1, 220)
        header.setStretchLastSection(True)
        self.filter_box = QLineEdit()
        self.filter_box.setPlaceholderText("Filter names, values and descriptions")
        self.filter_box.setClearButtonEnabled(True)
        self.filter_box.textChanged.connect(self._filter)
        self.status = QLabel()
        self.saver = SaveController(self)
        self.toolbar = QToolBar()
        self.actions: dict[str, QAction] = {}
        self._build_actions()
        top = QHBoxLayout()
        top.addWidget(self.filter_box)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.toolbar)
        layout.addLayout(top)
        layout.addWidget(self.view)
        layout.addWidget(self.status)
        self._update_status()

    # -- actions ---------------------------------------------------------------------------------
    def _build_actions(self) -> None:
        undo = self.undo_stack.createUndoAction(self, "Undo")
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo = self.undo_stack.createRedoAction(self, "Redo")
        redo.setShortcut(QKeySequence.StandardKey.Redo)
        for action in (undo, redo):
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.actions.update(undo=undo, redo=redo)
        specs = [
            ("save", "Save", self.saver.save, QKeySequence.StandardKey.Save),
            ("save_as", "Save As…", self.saver.save_as, QKeySequence.StandardKey.SaveAs),
            ("add_tre", "Add TRE…", self.add_tre_dialog, None),
            ("delete_tre", "Delete TRE", self.delete_selected_tre, None),
            ("duplicate_tre", "Duplicate TRE", self.duplicate_selected_tre, None),
            ("edit_text", "Edit text…", self.edit_selected_text, None),
            ("add_comment", "Add image comment", self.add_comment_here, None),
            ("delete_comment", "Delete image comment", self.delete_selected_comment, None),
            ("security", "Security…", self.security_dialog, None),
            ("copy_text", "Copy as text", lambda: self.copy_selection(False), QKeySequence.StandardKey.Copy),
            ("copy_json", "Copy as JSON", lambda: self.copy_selection(True), None),
            ("export_json", "Export JSON…", self.export_json_dialog, None),
            ("import_json", "Import JSON…", self.import_json_dialog, None),
        ]
        for name, text, slot, key in specs:
            action = QAction(text, self)
            action.triggered.connect(slot)
            if key is not None:
                action.setShortcut(key)
                action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.actions[name] = action
        for name in ("undo", "redo", "save", "add_tre", "delete_tre", "duplicate_tre",
                     "security", "copy_json"):
            self.toolbar.addAction(self.actions[name])
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        for name in ("copy_text", "copy_json", "add_tre", "delete_tre", "duplicate_tre",
                     "edit_text", "add_comment", "delete_comment"):
            self.view.addAction(self.actions[name])

    # -- document --------------------------------------------------------------------------------
    def set_document(self, doc: MetadataDocument | None) -> None:
        self.doc = doc
        self.undo_stack.clear()
        self.refresh()

    def load_path(self, path: str) -> None:
        self.set_document(MetadataDocument.open(path))

    @property
    def dirty(self) -> bool:
        return not self.undo_stack.isClean()

    def refresh(self) -> None:
        """Rebuild the tree from the document, keeping expanded rows and the selection."""
        expanded = self._expanded_addresses()
        current = self.selected_node()
        self.problems = document_problems(self.doc) if self.doc is not None else []
        self.model.set_tree(build_tree(self.doc, self.problems) if self.doc is not None else None)
        root = self.proxy.index(0, 0)
        if root.isValid():
            self.view.expand(root)
        for address in expanded:
            item = self.model.item_for(address)
            if item is not None:
                self.view.expand(self.proxy.mapFromSource(item.index()))
        if current is not None:
            self.select(current.address)
        self._update_status()

    def _expanded_addresses(self) -> list:
        out = []
        for address, item in getattr(self.model, "_by_address", {}).items():
            if self.view.isExpanded(self.proxy.mapFromSource(item.index())):
                out.append(address)
        return out

    def _update_status(self) -> None:
        editable = self.doc is not None and self.doc.editable
        for name in ("save", "save_as", "add_tre", "delete_tre", "duplicate_tre", "edit_text",
                     "security", "import_json", "add_comment", "delete_comment"):
            self.actions[name].setEnabled(editable)
        if self.doc is None:
            self.status.setText("No file")
            return
        parts = ["modified" if self.dirty else "saved"]
        if not editable:
            parts = [f"{self.doc.format_name.upper()} metadata (read only)"]
        if self.problems:
            parts.append(f"{len(self.problems)} invalid value(s)")
        self.status.setText(" · ".join(parts))

    def _clean_changed(self, clean: bool) -> None:
        # The stack also says "clean" while Qt destroys it with this panel: nothing to show then.
        if shiboken6.isValid(self.undo_stack) and shiboken6.isValid(self.status):
            self._dirty_changed(not clean)

    def _dirty_changed(self, dirty: bool) -> None:
        self._update_status()
        self.dirtyChanged.emit(dirty)

    # -- selection ---------------------------------------------------------------------------------
    def selected_node(self):
        index = self.view.currentIndex()
        return MetadataTreeModel.node_of(self.proxy.mapToSource(index)) if index.isValid() else None

    def select(self, address) -> bool:
        item = self.model.item_for(tuple(address))
        if item is None:
            return False
        index = self.proxy.mapFromSource(item.index())
        self.view.setCurrentIndex(index)
        self.view.selectionModel().select(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows)
        self.view.scrollTo(index)
        return True

    def _filter(self, text: str) -> None:
        self.proxy.set_text(text)
        if text:
            self.view.expandAll()

    # -- edits ---------------------------------------------------------------------------------
    def run(self, command) -> bool:
        """Do a command and record it for undo; a refused edit is reported and not recorded."""
        try:
            command.do(self.doc)
        except (ValueError, KeyError) as exc:
            self.message.emit(f"{command.text}: {exc.args[0] if exc.args else exc}", "warning")
            return False
        self.undo_stack.push(EditCommand(self, command))
        return True

    def edit_value(self, address, text: str) -> str | None:
        """Set a field; returns the rule the new value breaks (it is then marked in the tree
        and blocks saving), or None."""
        if self.doc.get(address) == text:
            return None
        if not self.run(SetValue(address, text)):
            return "refused"
        rule = check_edit(self.doc, address, self.doc.get(address))
        if rule:
            self.message.emit(f"{format_address(address)}: {rule}", "warning")
        return rule

    def _selected_tre(self):
        node = self.selected_node()
        while node is not None and node.kind != "tre":
            node = self._parent_node(node)
        return node

    def _parent_node(self, node):
        item = self.model.item_for(node.address)
        parent = item.parent() if item is not None else None
        return MetadataTreeModel.node_of(parent.index()) if parent is not None else None

    def selected_segment_key(self) -> str:
        node = self.selected_node()
        return node.address[0] if node is not None else "file"

    def add_tre(self, segment_key: str, tag: str) -> bool:
        ok = self.run(AddTRE(segment_key, tag))
        if ok:
            count = len(self.doc.tre_addresses(segment_key))
            tres = [a for a in self.doc.tre_addresses(segment_key) if a[1] == tag]
            self.select(tres[-1]) if count else None
        return ok

    def add_tre_dialog(self) -> None:
        from .dialogs import AddTreDialog

        dialog = AddTreDialog(self, [s.key for s in self.doc.segments],
                              self.selected_segment_key())
        if dialog.exec():
            self.add_tre(dialog.segment_key(), dialog.tag())

    def delete_selected_tre(self) -> None:
        node = self._selected_tre()
        if node is not None:
            self.run(DeleteTRE(node.address[0], node.address[1], node.address[2]))

    def duplicate_selected_tre(self) -> None:
        node = self._selected_tre()
        if node is not None:
            self.run(DuplicateTRE(node.address[0], node.address[1], node.address[2]))

    def add_comment(self, segment_key: str, text: str = "") -> bool:
        """Append an image comment (NICOM follows) and select it for editing."""
        if not self.run(AddComment(segment_key, text)):
            return False
        self.select((segment_key, "ICOM", len(self.doc.segment(segment_key).fields["ICOM"]) - 1))
        return True

    def add_comment_here(self) -> None:
        key = self.selected_segment_key()
        if self.doc is not None and self.doc.segment(key).kind == "image":
            self.add_comment(key)
        else:
            self.message.emit("select an image segment to add a comment to", "warning")

    def delete_selected_comment(self) -> None:
        node = self.selected_node()
        address = node.address if node is not None else ()
        if len(address) == 3 and address[1] == "ICOM" and isinstance(address[2], int):
            self.run(DeleteComment(address[0], address[2]))

    def edit_selected_text(self) -> None:
        node = self.selected_node()
        if node is None or node.kind not in ("text", "segment"):
            return
        address = (node.address[0], "@text")
        if not self.doc.has(address):
            return
        text, ok = QInputDialog.getMultiLineText(self, "Edit text segment", node.address[0],
                                                 self.doc.get(address) or "")
        if ok:
            self.edit_value(address, text)

    def _double_clicked(self, index) -> None:
        node = MetadataTreeModel.node_of(self.proxy.mapToSource(index))
        if node is not None and node.kind == "text" and node.editable:
            self.edit_selected_text()

    def security_dialog(self) -> None:
        from .dialogs import SecurityDialog

        SecurityDialog(self).exec()

    # -- copy and JSON ---------------------------------------------------------------------------
    def selection_text(self, as_json: bool) -> str:
        node = self.selected_node()
        if self.doc is None:
            return ""
        if node is None or node.kind == "dataset":
            if as_json:
                return dumps(export_document(self.doc))
            return tree_text(self.model.root)
        if as_json:
            if node.kind == "segment":
                from workbench.jobs.metadata.jsonio import segment_json

                return dumps(segment_json(self.doc, node.address[0]))
            return dumps({node.name: to_jsonable(self.doc.get(node.address))})
        return tree_text(node)

    def copy_selection(self, as_json: bool) -> None:
        QGuiApplication.clipboard().setText(self.selection_text(as_json))

    def export_json_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Export metadata", "", "JSON (*.json)")
        if path:
            with open(path, "w", encoding="utf-8") as f:
                f.write(dumps(export_document(self.doc)))
            self.message.emit(f"exported metadata to {path}", "info")

    def import_json(self, data: dict, segment_key: str | None) -> bool:
        try:
            command = import_command(self.doc, data, segment_key)
        except (ValueError, KeyError) as exc:
            QMessageBox.warning(self, "Import metadata", str(exc.args[0] if exc.args else exc))
            return False
        return self.run(command)

    def import_json_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Import metadata", "", "JSON (*.json)")
        if not path:
            return
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
        keys = [s.key for s in self.doc.segments]
        key, ok = QInputDialog.getItem(self, "Import metadata", "Apply to segment:", keys,
                                       keys.index(self.selected_segment_key()), False)
        if ok:
            self.import_json(data, key)

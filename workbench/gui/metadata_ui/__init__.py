"""Metadata and TRE editor: a dock in the main window (``install(window)``)."""

from __future__ import annotations

import os

from PySide6.QtCore import QEvent, QEventLoop, QObject
from PySide6.QtWidgets import QMessageBox

from workbench.jobs.metadata import MetadataDocument

from .panel import MetadataPanel

__all__ = ["MetadataPanel", "install"]


class _Installer(QObject):
    """Follows the window's current document and asks before closing with unsaved edits."""

    def __init__(self, window, panel, dock):
        super().__init__(window)
        self.window, self.panel, self.dock = window, panel, dock
        window.documentChanged.connect(self.document_changed)
        panel.message.connect(lambda text, level: window.log(text, level))
        panel.dirtyChanged.connect(self._title)
        panel.saved.connect(self._saved)
        window.installEventFilter(self)

    def _saved(self, target) -> None:
        """After Save As the new file opens in a tab of its own and the panel follows it: the
        tab showing the original keeps showing (and editing) the original."""
        source = self.panel.source_document
        if source is None or os.path.abspath(os.fspath(target)) == os.path.abspath(
                source.paths[0]):
            return
        self.window.open_paths([os.fspath(target)])

    def document_changed(self, document) -> None:
        if document is self.panel.source_document and document is not None:
            return
        if not self.confirm_discard():
            return
        self.panel.source_document = document
        if document is None:
            self.panel.set_document(None)
        else:
            try:
                doc = MetadataDocument.from_reader(document.reader, path=document.paths[0])
            except Exception as exc:  # a file the reader could not open is reported, not fatal
                self.window.log(f"metadata: {exc}", "error")
                doc = None
            self.panel.set_document(doc)
        self._title(self.panel.dirty)

    def _title(self, dirty: bool) -> None:
        self.dock.setWindowTitle("Metadata *" if dirty else "Metadata")

    def confirm_discard(self) -> bool:
        """True when there are no unsaved edits, or the user saves or discards them."""
        if self.panel.doc is None or not self.panel.dirty:
            return True
        answer = QMessageBox.question(
            self.window, "Unsaved metadata edits",
            "The metadata has unsaved edits. Save them before closing?",
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Save)
        if answer == QMessageBox.StandardButton.Save:
            return self.save_and_wait()
        if answer == QMessageBox.StandardButton.Discard:
            self.panel.undo_stack.setClean()
            return True
        return False

    def save_and_wait(self) -> bool:
        """Save (on the worker thread, as always) and wait for the outcome while the UI keeps
        running; True only when the file was written, so a failed or refused save (invalid
        values, a write error) keeps the window open with the edits."""
        outcome: list = []
        loop = QEventLoop()

        def finished(ok: bool, _text: str) -> None:
            outcome.append(ok)
            loop.quit()

        self.panel.saver.finished.connect(finished)
        try:
            if not self.panel.saver.save():
                return False
            if not outcome:
                loop.exec()
        finally:
            self.panel.saver.finished.disconnect(finished)
        return bool(outcome and outcome[0])

    def eventFilter(self, obj, event) -> bool:
        if obj is self.window and event.type() == QEvent.Type.Close:
            if not self.confirm_discard():
                event.ignore()
                return True
        return False


def install(window) -> None:
    panel = MetadataPanel()
    dock = window.add_dock(panel, "Metadata")
    edit = window.menu("Edit")
    for name in ("undo", "redo"):
        edit.addAction(panel.actions[name])
    edit.addSeparator()
    for name in ("add_tre", "delete_tre", "duplicate_tre", "edit_text", "security"):
        edit.addAction(panel.actions[name])
    file_menu = window.menu("File")
    meta_menu = file_menu.addMenu("Metadata")
    for name in ("save", "save_as", "export_json", "import_json"):
        meta_menu.addAction(panel.actions[name])
    window.metadata_panel = panel
    window._metadata_installer = _Installer(window, panel, dock)
    current = window.current_document()
    if current is not None:
        window._metadata_installer.document_changed(current)

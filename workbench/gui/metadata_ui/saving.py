"""Save and Save As from the metadata panel: invalid values block saving with a message that
lists them; the file is written on a worker thread (the image data is copied, not re-encoded);
replacing the original happens on the UI thread after the window's reader of it is closed."""

from __future__ import annotations

import os
import threading

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox

from workbench.jobs.metadata import document_problems
from workbench.jobs.metadata.save import finish_save, stage_save


class _Signals(QObject):
    done = Signal(object)      # (written, target)
    failed = Signal(str)
    progress = Signal(float, str)


class _SaveJob(QRunnable):
    def __init__(self, doc, target, cancel):
        super().__init__()
        self.doc, self.target, self.cancel = doc, target, cancel
        self.signals = _Signals()

    def run(self) -> None:
        try:
            staged = stage_save(self.doc, self.target, cancel_event=self.cancel,
                                progress=lambda f, m: self.signals.progress.emit(f, m))
        except Exception as exc:  # reported to the user on the UI thread
            self.signals.failed.emit(f"{type(exc).__name__}: {exc}")
            return
        self.signals.done.emit(staged)


class SaveController(QObject):
    finished = Signal(bool, str)   # success, path or error message

    def __init__(self, panel):
        super().__init__(panel)
        self.panel = panel
        self.busy = False
        self.cancel_event = threading.Event()
        self._job = None

    def save(self) -> bool:
        doc = self.panel.doc
        return doc is not None and self.save_to(doc.path)

    def save_as(self) -> bool:
        doc = self.panel.doc
        if doc is None:
            return False
        path, _ = QFileDialog.getSaveFileName(self.panel, "Save metadata as", doc.path or "",
                                              "NITF (*.ntf *.nitf *.nsf *.nsif)")
        return bool(path) and self.save_to(path)

    def save_to(self, path: str, interactive: bool = True) -> bool:
        """Start saving to ``path``; False (with a message listing them) when values are
        invalid. ``finished`` reports the outcome."""
        doc = self.panel.doc
        if self.busy or doc is None:
            return False
        problems = document_problems(doc)
        if problems:
            text = "Fix these values before saving:\n\n" + "\n".join(str(p) for p in problems)
            self.panel.message.emit(text, "error")
            if interactive:
                QMessageBox.warning(self.panel, "Cannot save", text)
            self.finished.emit(False, text)
            return False
        self.busy = True
        self.cancel_event.clear()
        self._snapshot_index = self.panel.undo_stack.index()
        job = _SaveJob(doc, path, self.cancel_event)
        job.signals.done.connect(self._done)
        job.signals.failed.connect(self._failed)
        self._job = job
        self.panel.message.emit(f"saving {path}…", "info")
        QThreadPool.globalInstance().start(job)
        return True

    def _done(self, staged) -> None:
        written, target = staged
        source = self.panel.source_document
        try:
            finish_save(staged, before_replace=self._close_window_reader if written != target
                        else None)
        except OSError as exc:
            self._failed(f"{type(exc).__name__}: {exc}")
            return
        finally:
            self.busy = False
        doc = self.panel.doc
        doc.path = os.fspath(target)
        if self.panel.undo_stack.index() == self._snapshot_index:
            self.panel.undo_stack.setClean()
        if source is not None and written != target:
            source.reload()
        self.panel.message.emit(f"saved {target}", "info")
        self.panel.saved.emit(target)
        self.finished.emit(True, target)

    def _close_window_reader(self) -> None:
        source = self.panel.source_document
        if source is not None and hasattr(source, "close_reader"):
            source.close_reader()

    def _failed(self, message: str) -> None:
        self.busy = False
        self.panel.message.emit(f"save failed: {message}", "error")
        self.finished.emit(False, message)

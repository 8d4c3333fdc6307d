"""Drag-and-drop batch conversion: drop files or folders, choose a preset, an output folder and
what to do with existing outputs; a progress bar per file and overall; cancel one file or all;
errors listed per file. Conversion runs on the thread pool (``workbench.jobs.convert``)."""

from __future__ import annotations

import os
import threading

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QComboBox, QFormLayout, QHBoxLayout, QHeaderView, QLabel,
                               QProgressBar, QPushButton, QTableWidget, QTableWidgetItem,
                               QVBoxLayout, QWidget)

from workbench.jobs.convert import expand_inputs, plan_batch, run_batch

from . import runner
from .folder_row import folder_row
from .presets_bar import PresetsBar

COLUMNS = ("File", "Progress", "Status", "Message")


class BatchPanel(QWidget):
    def __init__(self, window=None, parent=None):
        super().__init__(parent)
        self.window = window
        self.setAcceptDrops(True)
        self.inputs: list[str] = []
        self.items = []
        self.cancel_all_event = threading.Event()
        self.signals = None
        layout = QVBoxLayout(self)
        hint = QLabel("Drop files or folders here")
        hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        hint.setStyleSheet("border: 2px dashed #888; padding: 12px")
        layout.addWidget(hint)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)
        form = QFormLayout()
        self.presets = PresetsBar(editable=False)
        out_row, self.folder = folder_row(self)
        self.on_exists = QComboBox()
        for label, value in (("rename the new file", "rename"), ("skip the input", "skip"),
                             ("overwrite it", "overwrite")):
            self.on_exists.addItem(label, value)
        form.addRow("Preset", self.presets)
        form.addRow("Output folder", out_row)
        form.addRow("When the output exists", self.on_exists)
        layout.addLayout(form)
        self.overall = QProgressBar()
        self.overall.setRange(0, 1000)
        layout.addWidget(self.overall)
        buttons = QHBoxLayout()
        self.start_button = QPushButton("Convert")
        self.cancel_file_button = QPushButton("Cancel file")
        self.cancel_all_button = QPushButton("Cancel all")
        self.clear_button = QPushButton("Clear")
        self.start_button.clicked.connect(self.start)
        self.cancel_file_button.clicked.connect(self.cancel_selected)
        self.cancel_all_button.clicked.connect(self.cancel_all)
        self.clear_button.clicked.connect(self.clear)
        for b in (self.start_button, self.cancel_file_button, self.cancel_all_button,
                  self.clear_button):
            buttons.addWidget(b)
        layout.addLayout(buttons)
        self.summary = QLabel()
        layout.addWidget(self.summary)

    # -- queue -----------------------------------------------------------------------------------
    def dragEnterEvent(self, event):  # noqa: N802 - Qt API
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event):  # noqa: N802 - Qt API
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        self.add_paths(paths)
        event.acceptProposedAction()

    def add_paths(self, paths) -> None:
        if self.signals is not None:
            return  # a batch is running; drop again when it is done
        for path in expand_inputs(paths):
            if path in self.inputs:
                continue
            self.inputs.append(path)
            row = self.table.rowCount()
            self.table.insertRow(row)
            self.table.setItem(row, 0, QTableWidgetItem(os.path.basename(path)))
            self.table.item(row, 0).setToolTip(path)
            bar = QProgressBar()
            bar.setRange(0, 1000)
            self.table.setCellWidget(row, 1, bar)
            self.table.setItem(row, 2, QTableWidgetItem("queued"))
            self.table.setItem(row, 3, QTableWidgetItem(""))
        if not self.folder.text() and self.inputs:
            self.folder.setText(os.path.dirname(os.path.abspath(self.inputs[0])))

    def clear(self) -> None:
        if self.signals is None:
            self.inputs, self.items = [], []
            self.table.setRowCount(0)
            self.overall.setValue(0)
            self.summary.clear()

    # -- running ---------------------------------------------------------------------------------
    def start(self):
        if self.signals is not None or not self.inputs:
            return None
        preset = self.presets.current()
        out_dir = self.folder.text().strip()
        os.makedirs(out_dir, exist_ok=True)
        self.cancel_all_event = threading.Event()
        self.items = plan_batch(self.inputs, out_dir, preset.options,
                                self.on_exists.currentData())
        self.signals = runner.JobSignals()
        self.signals.update.connect(self._update_row)
        self.signals.finished.connect(self._done)
        self.signals.failed.connect(self._done)
        for index, item in enumerate(self.items):
            self._update_row((index, item.status, item.fraction, item.message))
        index_of = {id(item): i for i, item in enumerate(self.items)}
        emit = self.signals.update.emit
        items, options, cancel = self.items, preset.options, self.cancel_all_event

        def on_update(item):
            emit((index_of[id(item)], item.status, item.fraction, item.message))

        self.start_button.setEnabled(False)
        return runner.start(lambda: run_batch(items, options, on_update, cancel), self.signals)

    def cancel_selected(self) -> None:
        row = self.table.currentRow()
        if 0 <= row < len(self.items):
            self.items[row].cancel()

    def cancel_all(self) -> None:
        self.cancel_all_event.set()
        for item in self.items:
            if item.status in ("queued", "running"):
                item.cancel()

    def _update_row(self, update) -> None:
        index, status, fraction, message = update
        bar = self.table.cellWidget(index, 1)
        if bar is not None:
            bar.setValue(int((1.0 if status == "done" else fraction) * 1000))
        self.table.item(index, 2).setText(status)
        self.table.item(index, 3).setText(message)
        self.table.item(index, 3).setToolTip(message)
        finished = sum(1 for i in self.items if i.status not in ("queued", "running"))
        running = sum(i.fraction for i in self.items if i.status == "running")
        self.overall.setValue(int((finished + running) / max(1, len(self.items)) * 1000))

    def _done(self, _result=None) -> None:
        self.signals = None
        self.start_button.setEnabled(True)
        counts = {}
        for item in self.items:
            counts[item.status] = counts.get(item.status, 0) + 1
        text = ", ".join(f"{n} {status}" for status, n in sorted(counts.items()))
        self.summary.setText(text)
        if self.window is not None:
            level = "error" if counts.get("failed") else "info"
            self.window.log(f"batch conversion: {text}", level)
            for item in self.items:
                if item.status == "failed":
                    self.window.log(f"{item.input}: {item.message}", "error")

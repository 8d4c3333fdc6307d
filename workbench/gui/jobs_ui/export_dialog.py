"""The export dialog: target format and every encoding option (``OptionsForm``), presets,
output path with overwrite confirmation, security review, background write with progress and
cancel. Exports the current document's image (or its selection)."""

from __future__ import annotations

import os

from PySide6.QtWidgets import (QCheckBox, QDialog, QFileDialog, QHBoxLayout, QLabel, QLineEdit,
                               QMessageBox, QProgressBar, QPushButton, QVBoxLayout)

from workbench.io import IO
from workbench.jobs.chip import ChipRequest, plan_chip, run_chip
from workbench.jobs.export import export_image
from workbench.jobs.carry import source_format
from workbench.jobs.options import ExportOptions, canonical_format
from workbench.jobs.progress import JobControl
from workbench.jobs.validate import ImageFacts

from . import runner
from .options_form import OptionsForm
from .presets_bar import PresetsBar
from .review_dialog import SecurityReviewDialog


class ExportDialog(QDialog):
    def __init__(self, document, parent=None, store=None, log=None):
        super().__init__(parent)
        self.setWindowTitle("Export")
        self.document = document
        self.log = log or (lambda message, level="info": None)
        self.control: JobControl | None = None
        self.signals = None
        self.result = None
        self.error = None
        asset = document.reader.get_asset(document.asset_key) if document.asset_key else None
        self.facts = ImageFacts.of(asset) if asset is not None else None
        layout = QVBoxLayout(self)
        self.form = OptionsForm(self.facts)
        self.presets = PresetsBar(store, self.form.options)
        self.presets.chosen.connect(lambda preset: self.form.set_options(preset.options))
        layout.addWidget(self.presets)
        selection = document.viewer.selection() if document.viewer is not None else None
        self.selection_only = QCheckBox(f"Only the selection {selection}" if selection
                                        else "Only the selection (none drawn)")
        self.selection_only.setEnabled(selection is not None)
        self.selection_only.setChecked(selection is not None)
        layout.addWidget(self.selection_only)
        layout.addWidget(self.form)
        path_row = QHBoxLayout()
        self.output = QLineEdit()
        stem = os.path.splitext(document.paths[0])[0]
        self.output.setText(stem + "_export" + self.form.options().extension)
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        path_row.addWidget(QLabel("Output"))
        path_row.addWidget(self.output, 1)
        path_row.addWidget(browse)
        layout.addLayout(path_row)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.status = QLabel()
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        buttons = QHBoxLayout()
        self.export_button = QPushButton("Export")
        self.cancel_button = QPushButton("Cancel")
        self.export_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self._cancel)
        buttons.addStretch(1)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.cancel_button)
        layout.addLayout(buttons)
        self.form.changed.connect(self._options_changed)
        self._select_default_preset()
        preset = self.presets.current()
        if preset is not None:
            self.form.set_options(preset.options)
        self._options_changed()

    def _select_default_preset(self) -> None:
        """Start from the user's default preset for the source's format (if one is set)."""
        try:
            fmt = source_format(self.document.reader)
            chosen = self.presets.store.defaults().get(canonical_format(fmt)) if fmt else None
        except ValueError:
            chosen = None
        if chosen and self.presets.combo.findData(chosen) >= 0:
            self.presets.select(chosen)

    # -- hooks tests replace ---------------------------------------------------------------------
    def confirm_overwrite(self, path: str) -> bool:
        answer = QMessageBox.question(self, "Overwrite?", f"{path} exists. Replace it?")
        return answer == QMessageBox.StandardButton.Yes

    def confirm_review(self, plan) -> bool:
        return SecurityReviewDialog(plan.review, plan.warnings, self).exec() == QDialog.Accepted

    # -- behaviour ---------------------------------------------------------------------------------
    def _options_changed(self) -> None:
        self.export_button.setEnabled(not self.form.problem_list() and self.signals is None)
        ext = self.form.options().extension
        text = self.output.text()
        if text and not text.lower().endswith(ext):
            self.output.setText(os.path.splitext(text)[0] + ext)

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Export to", self.output.text())
        if path:
            self.output.setText(path)

    def options(self) -> ExportOptions:
        return self.form.options()

    def start(self):
        """Check, confirm, and start the background export; returns the job's signals."""
        output = self.output.text().strip()
        if any(os.path.realpath(output) == os.path.realpath(p) for p in self.document.paths):
            QMessageBox.warning(self, "Export", "The output would overwrite the input.")
            return None
        if os.path.exists(output) and not self.confirm_overwrite(output):
            return None
        options = self.options()
        paths = list(self.document.paths)
        key = self.document.asset_key
        window = self.document.viewer.selection() if self.selection_only.isChecked() else None
        with IO.open(paths if len(paths) > 1 else paths[0]) as reader:
            asset = reader.get_asset(key)
            plan = plan_chip(reader, ChipRequest(window or (0, 0, asset.num_columns,
                                                            asset.num_rows), output, 0, options,
                                                 key))
        if not self.confirm_review(plan):
            return None
        self.control = JobControl()
        self.signals = runner.JobSignals()
        self.control.progress = self.signals.progress.emit
        self.signals.progress.connect(self._progress)
        self.signals.finished.connect(self._finished)
        self.signals.failed.connect(self._failed)
        control = self.control

        def job():
            with IO.open(paths if len(paths) > 1 else paths[0]) as reader:
                if window is not None:
                    return run_chip(reader, plan, control)
                return export_image(reader, output, options, asset_key=key, control=control)

        self.export_button.setEnabled(False)
        self.status.setText("exporting…")
        return runner.start(job, self.signals)

    def _progress(self, fraction: float, message: str) -> None:
        self.progress.setValue(int(fraction * 1000))
        self.status.setText(message)

    def _finished(self, result) -> None:
        self.result, self.signals = result, None
        self.status.setText(f"wrote {', '.join(result.outputs)}")
        self.log(f"exported {', '.join(result.outputs)} in {result.seconds:.2f} s")
        self._options_changed()

    def _failed(self, message: str) -> None:
        self.error, self.signals = message, None
        self.status.setText(message)
        self.log(f"export failed: {message}", "error")
        self._options_changed()

    def _cancel(self) -> None:
        if self.control is not None and self.signals is not None:
            self.control.cancel()
        else:
            self.reject()

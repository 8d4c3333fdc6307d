"""The chip panel: draw a chip on the viewer (rubber band with handles, whole pixels, optional
fixed size or aspect), or type x/y/width/height, or type ground corners; see its pixel size and
ground extent; queue several chips; export them (security review first) in the background."""

from __future__ import annotations

import os

from PySide6.QtWidgets import (QCheckBox, QDialog, QDoubleSpinBox, QFormLayout,
                               QGridLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit,
                               QListWidget, QProgressBar, QPushButton, QSpinBox, QVBoxLayout,
                               QWidget)

from workbench.io import IO
from workbench.jobs.chip import ChipRequest, plan_chip, run_chip
from workbench.jobs.ground import ground_mapping
from workbench.jobs.progress import JobControl

from . import runner
from .folder_row import folder_row
from .presets_bar import PresetsBar
from .review_dialog import SecurityReviewDialog

SAME_AS_SOURCE = "same-as-source"


class ChipPanel(QWidget):
    def __init__(self, window, parent=None):
        super().__init__(parent)
        self.window = window
        self.document = None
        self.mapping = None
        self.queue: list[tuple[int, int, int, int]] = []
        self.control: JobControl | None = None
        self.results, self.errors = [], []
        self.signals = None
        layout = QVBoxLayout(self)
        self.draw = QCheckBox("Draw on the image")
        self.draw.toggled.connect(self._mode_changed)
        layout.addWidget(self.draw)
        constraints = QHBoxLayout()
        self.fixed = QCheckBox("Fixed size")
        self.aspect = QDoubleSpinBox()
        self.aspect.setRange(0, 100)
        self.aspect.setDecimals(3)
        self.aspect.setSpecialValueText("any aspect")
        for w in (self.fixed, QLabel("Aspect w/h"), self.aspect):
            constraints.addWidget(w)
        self.fixed.toggled.connect(self._mode_changed)
        self.aspect.valueChanged.connect(self._mode_changed)
        layout.addLayout(constraints)
        grid = QGridLayout()
        self.spins = {}
        for i, name in enumerate(("x", "y", "width", "height")):
            box = QSpinBox()
            box.setRange(0 if name in ("x", "y") else 1, 10 ** 7)
            box.valueChanged.connect(self._typed)
            grid.addWidget(QLabel(name), i // 2, (i % 2) * 2)
            grid.addWidget(box, i // 2, (i % 2) * 2 + 1)
            self.spins[name] = box
        layout.addLayout(grid)
        ground = QGroupBox("Ground corners (lon, lat)")
        gform = QFormLayout(ground)
        self.ground_ul, self.ground_lr = QLineEdit(), QLineEdit()
        self.ground_ul.setPlaceholderText("upper left: -77.05, 38.90")
        self.ground_lr.setPlaceholderText("lower right: -77.04, 38.89")
        apply_ground = QPushButton("Use ground corners")
        apply_ground.clicked.connect(self.apply_ground)
        gform.addRow("UL", self.ground_ul)
        gform.addRow("LR", self.ground_lr)
        gform.addRow(apply_ground)
        layout.addWidget(ground)
        self.size_label = QLabel()
        self.extent_label = QLabel()
        self.extent_label.setWordWrap(True)
        layout.addWidget(self.size_label)
        layout.addWidget(self.extent_label)
        queue_row = QHBoxLayout()
        add = QPushButton("Queue chip")
        add.clicked.connect(self.add_to_queue)
        remove = QPushButton("Remove")
        remove.clicked.connect(self._remove_selected)
        queue_row.addWidget(add)
        queue_row.addWidget(remove)
        layout.addLayout(queue_row)
        self.queue_list = QListWidget()
        layout.addWidget(self.queue_list)
        self.level = QSpinBox()
        self.level.setRange(0, 20)
        self.presets = PresetsBar(editable=False)
        self.presets.combo.insertItem(0, "Same format as the source (NITF: uncompressed)",
                                      SAME_AS_SOURCE)
        self.presets.combo.setCurrentIndex(0)
        out_row, self.folder = folder_row(self)
        form = QFormLayout()
        form.addRow("Resolution level", self.level)
        form.addRow("Encoding", self.presets)
        form.addRow("Output folder", out_row)
        layout.addLayout(form)
        self.export_button = QPushButton("Export chips")
        self.export_button.clicked.connect(self.export)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.clicked.connect(lambda: self.control and self.control.cancel())
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.status = QLabel()
        self.status.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.cancel_button)
        layout.addLayout(buttons)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addStretch(1)
        self._syncing = False

    # -- document and selection ------------------------------------------------------------------
    def set_document(self, document) -> None:
        if self.document is not None and self.document.viewer is not None:
            try:
                self.document.viewer.selectionChanged.disconnect(self._selection_changed)
            except (RuntimeError, TypeError):
                pass
        self.document = document
        self.mapping = None
        if document is None:
            return
        document.viewer.selectionChanged.connect(self._selection_changed)
        if not self.folder.text():
            self.folder.setText(os.path.dirname(os.path.abspath(document.paths[0])))
        try:
            if document.asset_key:
                self.mapping = ground_mapping(document.reader.get_asset(document.asset_key))
        except Exception:  # noqa: BLE001 - no georeference shown when it cannot be read
            self.mapping = None
        self._mode_changed()
        self._selection_changed(document.viewer.selection())

    def _mode_changed(self, *_):
        if self.document is None:
            return
        fixed = (self.spins["width"].value(), self.spins["height"].value()) \
            if self.fixed.isChecked() else None
        self.document.viewer.set_selection_mode(self.draw.isChecked(), fixed,
                                                self.aspect.value() or None)

    def window_rect(self) -> tuple[int, int, int, int]:
        return tuple(self.spins[n].value() for n in ("x", "y", "width", "height"))

    def _selection_changed(self, rect) -> None:
        if rect is not None:
            self._syncing = True
            for name, value in zip(("x", "y", "width", "height"), rect):
                self.spins[name].setValue(int(value))
            self._syncing = False
        self._describe()

    def _typed(self, *_):
        if self._syncing or self.document is None:
            return
        self.document.viewer.set_selection(self.window_rect())
        self._describe()

    def _describe(self) -> None:
        x, y, w, h = self.window_rect()
        self.size_label.setText(f"{w} × {h} pixels at ({x}, {y})")
        if self.mapping is not None:
            corners = self.mapping.window_extent((x, y, w, h))
            self.extent_label.setText("Ground: " + "; ".join(f"{lon:.6f}, {lat:.6f}"
                                                             for lon, lat in corners))
        else:
            self.extent_label.setText("Ground: (no georeference)")

    def apply_ground(self) -> None:
        if self.mapping is None:
            self.status.setText("this image has no georeference")
            return
        try:
            corners = [tuple(float(v) for v in text.split(","))
                       for text in (self.ground_ul.text(), self.ground_lr.text())]
            rect = self.mapping.window_from_ground(corners)
        except ValueError as exc:
            self.status.setText(f"ground corners: {exc}")
            return
        self.document.viewer.set_selection(rect)
        self._selection_changed(rect)

    # -- queue and export --------------------------------------------------------------------------
    def add_to_queue(self) -> None:
        rect = self.window_rect()
        self.queue.append(rect)
        self.queue_list.addItem("x={} y={} w={} h={}".format(*rect))

    def _remove_selected(self) -> None:
        row = self.queue_list.currentRow()
        if row >= 0:
            self.queue_list.takeItem(row)
            del self.queue[row]

    def confirm_review(self, plan) -> bool:
        return SecurityReviewDialog(plan.review, plan.warnings, self).exec() == QDialog.Accepted

    def _requests(self):
        chips = self.queue or [self.window_rect()]
        pid = self.presets.current_id()
        options = None if pid == SAME_AS_SOURCE else self.presets.store.get(pid).options
        src = self.document.paths[0]
        stem, ext = os.path.splitext(os.path.basename(src))
        ext = options.extension if options else ext
        out = []
        for x, y, w, h in chips:
            name = f"{stem}_chip_{x}_{y}_{w}x{h}{ext}"
            out.append(ChipRequest((x, y, w, h), os.path.join(self.folder.text(), name),
                                   self.level.value(), options, self.document.asset_key))
        return out

    def export(self):
        """Plan every chip, review security once (first chip's review), then write them all in
        the background. Returns the job's signals (None if nothing started)."""
        if self.document is None:
            return None
        paths = list(self.document.paths)
        source = paths if len(paths) > 1 else paths[0]
        try:
            with IO.open(source) as reader:
                plans = [plan_chip(reader, request) for request in self._requests()]
        except Exception as exc:  # noqa: BLE001 - shown to the user
            self.status.setText(f"cannot chip: {exc}")
            return None
        if not self.confirm_review(plans[0]):
            self.status.setText("cancelled at the security review")
            return None
        self.control = JobControl()
        self.signals = runner.JobSignals()
        self.control.progress = self.signals.progress.emit
        self.signals.progress.connect(lambda f, m: self.progress.setValue(int(f * 1000)))
        self.signals.finished.connect(self._finished)
        self.signals.failed.connect(self._failed)
        control = self.control

        def job():
            results = []
            with IO.open(source) as reader:
                for i, plan in enumerate(plans):
                    results.append(run_chip(reader, plan, control.span(i / len(plans),
                                                                        (i + 1) / len(plans))))
            return results

        self.export_button.setEnabled(False)
        self.status.setText(f"writing {len(plans)} chip(s)…")
        return runner.start(job, self.signals)

    def _finished(self, results) -> None:
        self.results = results
        self.export_button.setEnabled(True)
        names = ", ".join(os.path.basename(r.outputs[0]) for r in results)
        self.status.setText(f"wrote {names}")
        self.window.log(f"chips written: {names}")
        self.signals = None

    def _failed(self, message) -> None:
        self.errors.append(message)
        self.export_button.setEnabled(True)
        self.status.setText(message)
        self.window.log(f"chip export failed: {message}", "error")
        self.signals = None

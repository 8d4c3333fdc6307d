"""Dialogs of the metadata panel: Add TRE (from the definition library) and the security form."""

from __future__ import annotations

from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel,
                               QLineEdit, QListWidget, QListWidgetItem, QPushButton,
                               QTableWidget, QTableWidgetItem, QVBoxLayout)

from workbench.io.tre import list_definitions
from workbench.jobs.metadata import SecurityForm
from workbench.jobs.metadata.security import FIELDS


class AddTreDialog(QDialog):
    """Pick a segment and a TRE tag from the library (filterable by tag, name, description)."""

    def __init__(self, parent, segment_keys: list[str], current: str):
        super().__init__(parent)
        self.setWindowTitle("Add TRE")
        self.segments = QComboBox()
        self.segments.addItems(segment_keys)
        self.segments.setCurrentText(current)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Filter tags")
        self.list = QListWidget()
        for d in list_definitions():
            item = QListWidgetItem(f"{d.tag} — {d.name}")
            item.setData(256, d.tag)
            item.setToolTip(d.description or d.name)
            self.list.addItem(item)
        self.list.setCurrentRow(0)
        self.filter.textChanged.connect(self._filter)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.list.itemDoubleClicked.connect(lambda _: self.accept())
        form = QFormLayout()
        form.addRow("Segment", self.segments)
        form.addRow("Tag", self.filter)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.list)
        layout.addWidget(buttons)

    def _filter(self, text: str) -> None:
        t = text.lower()
        for i in range(self.list.count()):
            item = self.list.item(i)
            item.setHidden(bool(t) and t not in (item.text() + item.toolTip()).lower())

    def select_tag(self, tag: str) -> None:
        for i in range(self.list.count()):
            if self.list.item(i).data(256) == tag:
                self.list.setCurrentRow(i)

    def tag(self) -> str:
        item = self.list.currentItem()
        return item.data(256) if item is not None else ""

    def segment_key(self) -> str:
        return self.segments.currentText()


class SecurityDialog(QDialog):
    """Every segment's security group side by side; a cell edit changes that segment, "Set in
    all segments" changes the chosen field everywhere (one undo step each)."""

    def __init__(self, panel):
        super().__init__(panel)
        self.panel = panel
        self.form = SecurityForm(panel.doc)
        self.setWindowTitle("Security markings")
        self.banner = QLabel()
        self.issues = QLabel()
        self.issues.setStyleSheet("color: #c81e1e")
        self.table = QTableWidget()
        self.field = QComboBox()
        for suffix, label in FIELDS:
            self.field.addItem(f"{suffix} — {label}", suffix)
        self.value = QLineEdit()
        apply_all = QPushButton("Set in all segments")
        apply_all.clicked.connect(self._apply_all)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        row = QFormLayout()
        row.addRow("Field", self.field)
        row.addRow("Value", self.value)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(self.table)
        layout.addWidget(self.issues)
        layout.addLayout(row)
        layout.addWidget(apply_all)
        layout.addWidget(close)
        self.resize(900, 360)
        self._fill()
        self.table.itemChanged.connect(self._cell_changed)

    def _fill(self) -> None:
        self.table.blockSignals(True)
        rows = self.form.rows()
        self.table.setRowCount(len(rows))
        self.table.setColumnCount(len(FIELDS))
        self.table.setHorizontalHeaderLabels([s for s, _ in FIELDS])
        self.table.setVerticalHeaderLabels([r.segment_key for r in rows])
        for i, r in enumerate(rows):
            for j, (suffix, label) in enumerate(FIELDS):
                item = QTableWidgetItem(r.values.get(suffix, ""))
                item.setToolTip(label)
                self.table.setItem(i, j, item)
        self.table.blockSignals(False)
        self.banner.setText(f"Highest classification: {self.form.banner()}")
        self.issues.setText("\n".join(self.form.consistency()))

    def _cell_changed(self, item) -> None:
        row = self.form.rows()[item.row()]
        suffix = FIELDS[item.column()][0]
        self.panel.run(self.form.set_command(suffix, item.text(), [row.segment_key]))
        self._fill()

    def set_all(self, suffix: str, value: str) -> bool:
        ok = self.panel.run(self.form.set_command(suffix, value))
        self._fill()
        return ok

    def _apply_all(self) -> None:
        self.set_all(self.field.currentData(), self.value.text())

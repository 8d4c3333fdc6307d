"""The security review shown before a chip or export is written: each security field's original
and exported value; changed rows are highlighted. Accept writes, reject cancels."""

from __future__ import annotations

from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QLabel, QTableWidget, QTableWidgetItem,
                               QVBoxLayout)

from workbench.jobs.security import highest


class SecurityReviewDialog(QDialog):
    def __init__(self, rows, warnings=(), parent=None):
        super().__init__(parent)
        self.setWindowTitle("Security review")
        self.resize(640, 420)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"Highest classification: source {highest(rows)}, "
                                f"export {highest(rows, exported=True)}. Check every field "
                                "before writing."))
        self.table = QTableWidget(len(rows), 4)
        self.table.setHorizontalHeaderLabels(["Segment", "Field", "Original", "Exported"])
        changed = QColor(255, 230, 180)
        for i, row in enumerate(rows):
            exported = "(not written)" if row.exported is None else row.exported.strip()
            for j, text in enumerate((row.segment, row.field, row.original.strip(), exported)):
                item = QTableWidgetItem(text)
                if row.changed:
                    item.setBackground(changed)
                self.table.setItem(i, j, item)
        self.table.resizeColumnsToContents()
        layout.addWidget(self.table)
        for warning in warnings:
            label = QLabel("⚠ " + warning)
            label.setWordWrap(True)
            layout.addWidget(label)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Write")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

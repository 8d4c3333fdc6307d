"""An output-folder field: a line edit and a "…" button that picks a folder into it."""

from __future__ import annotations

from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLineEdit, QPushButton


def folder_row(parent) -> tuple[QHBoxLayout, QLineEdit]:
    """(the row to put in a form, its line edit)."""
    row, edit, browse = QHBoxLayout(), QLineEdit(), QPushButton("…")

    def pick() -> None:
        folder = QFileDialog.getExistingDirectory(parent, "Output folder", edit.text())
        if folder:
            edit.setText(folder)

    browse.clicked.connect(pick)
    row.addWidget(edit, 1)
    row.addWidget(browse)
    return row, edit

"""The widget of one tab: security banners above and below the viewer, and a warning bar for
marking inconsistencies."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from workbench.jobs.display.security import banner_for, inconsistencies


def _banner_label() -> QLabel:
    label = QLabel()
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setVisible(False)
    label.setMargin(2)
    return label


class DocumentPage(QWidget):
    def __init__(self, document, parent=None):
        super().__init__(parent)
        self.document = document
        self.top, self.bottom = _banner_label(), _banner_label()
        self.warning = QLabel()
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("background:#fff3b0; color:#5a3d00; padding:4px; "
                                   "font-weight:bold; border:1px solid #c9a000")
        self.warning.setVisible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        for w in (self.top, self.warning, document.viewer, self.bottom):
            layout.addWidget(w, 1 if w is document.viewer else 0)

    def update_markings(self) -> list[str]:
        """Show the file's banners and any segment-above-file warning; returns the warnings."""
        reader = self.document.reader
        banner = banner_for(reader.metadata)
        for label in (self.top, self.bottom):
            label.setVisible(banner is not None)
            if banner is not None:
                label.setText(banner.text)
                label.setStyleSheet(f"background:{banner.background}; color:{banner.foreground};"
                                    " font-weight:bold; padding:2px")
        problems = inconsistencies(reader)
        self.warning.setVisible(bool(problems))
        self.warning.setText("⚠ Classification inconsistency: " + "; ".join(problems))
        return problems

"""The log panel: timestamped messages from the viewer and the jobs, coloured by level."""

from __future__ import annotations

import html
import time

from PySide6.QtWidgets import QPlainTextEdit

_COLOURS = {"info": "#202020", "warning": "#a05a00", "error": "#c00000"}


class LogPanel(QPlainTextEdit):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setReadOnly(True)
        self.setMaximumBlockCount(5000)
        self.messages: list[tuple[str, str]] = []

    def log(self, message: str, level: str = "info") -> None:
        self.messages.append((level, message))
        colour = _COLOURS.get(level, _COLOURS["info"])
        stamp = time.strftime("%H:%M:%S")
        self.appendHtml(f'<span style="color:{colour}">{stamp} [{html.escape(level)}] '
                        f'{html.escape(message)}</span>')

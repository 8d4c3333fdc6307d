"""User preferences persisted with QSettings (tile cache size, default stretch, default presets,
theme, recent files) and the Preferences dialog."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (QApplication, QComboBox, QDialog, QDialogButtonBox, QFormLayout,
                               QLineEdit, QSpinBox)

from workbench.jobs.display.stretch import Stretch

THEMES = ("system", "light", "dark")
MAX_RECENT = 12


class Preferences:
    def __init__(self, settings: QSettings | None = None):
        self.settings = settings or QSettings("ImageryWorkbench", "workbench")

    def _get(self, key, default, kind=str):
        value = self.settings.value(key, default)
        try:
            return kind(value)
        except (TypeError, ValueError):
            return default

    @property
    def cache_mb(self) -> int:
        return max(32, self._get("viewer/cache_mb", 512, int))

    @cache_mb.setter
    def cache_mb(self, mb: int) -> None:
        self.settings.setValue("viewer/cache_mb", int(mb))

    @property
    def stretch(self) -> Stretch:
        try:
            return Stretch.parse(self._get("viewer/stretch", "percentile:2,98"))
        except ValueError:
            return Stretch()

    @stretch.setter
    def stretch(self, value: Stretch) -> None:
        self.settings.setValue("viewer/stretch", value.describe())

    @property
    def default_presets(self) -> str:
        return self._get("jobs/default_presets", "")

    @default_presets.setter
    def default_presets(self, value: str) -> None:
        self.settings.setValue("jobs/default_presets", value)

    @property
    def theme(self) -> str:
        value = self._get("ui/theme", "system")
        return value if value in THEMES else "system"

    @theme.setter
    def theme(self, value: str) -> None:
        if value not in THEMES:
            raise ValueError(f"theme must be one of {THEMES}, not {value!r}")
        self.settings.setValue("ui/theme", value)

    @property
    def recent(self) -> list[str]:
        value = self.settings.value("files/recent", [])
        if isinstance(value, str):
            value = [value]
        return [str(v) for v in (value or [])]

    def add_recent(self, path: str) -> None:
        items = [path] + [p for p in self.recent if p != path]
        self.settings.setValue("files/recent", items[:MAX_RECENT])

    def apply_theme(self) -> None:
        app = QApplication.instance()
        if app is None:
            return
        if self.theme == "dark":
            app.setStyleSheet("QWidget { background:#2b2b2b; color:#e0e0e0 } "
                              "QMenuBar::item:selected, QMenu::item:selected { background:#505050 }")
        else:
            app.setStyleSheet("")


class PreferencesDialog(QDialog):
    def __init__(self, prefs: Preferences, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Preferences")
        self.prefs = prefs
        form = QFormLayout(self)
        self.cache = QSpinBox()
        self.cache.setRange(32, 65536)
        self.cache.setSuffix(" MB")
        self.cache.setValue(prefs.cache_mb)
        self.stretch = QLineEdit(prefs.stretch.describe())
        self.stretch.setToolTip("percentile:2,98 · minmax · stddev:2 · manual:LO,HI · none; "
                                "add ,gamma=G")
        self.presets = QLineEdit(prefs.default_presets)
        self.theme = QComboBox()
        self.theme.addItems(THEMES)
        self.theme.setCurrentText(prefs.theme)
        form.addRow("Tile cache", self.cache)
        form.addRow("Default stretch", self.stretch)
        form.addRow("Default presets", self.presets)
        form.addRow("Theme", self.theme)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def accept(self) -> None:
        try:
            stretch = Stretch.parse(self.stretch.text())
        except ValueError as exc:
            self.stretch.setStyleSheet("border:1px solid red")
            self.stretch.setToolTip(str(exc))
            return
        self.prefs.cache_mb = self.cache.value()
        self.prefs.stretch = stretch
        self.prefs.default_presets = self.presets.text().strip()
        self.prefs.theme = self.theme.currentText()
        self.prefs.apply_theme()
        super().accept()

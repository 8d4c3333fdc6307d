"""A preset chooser with save / import / export / set-default, over :class:`PresetStore`."""

from __future__ import annotations

import re

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (QComboBox, QFileDialog, QHBoxLayout, QInputDialog, QMessageBox,
                               QPushButton, QWidget)

from workbench.jobs.presets import Preset, PresetStore


class PresetsBar(QWidget):
    chosen = Signal(object)  # the Preset picked

    def __init__(self, store: PresetStore | None = None, options_source=None, parent=None,
                 editable: bool = True):
        super().__init__(parent)
        self.store = store or PresetStore()
        self.options_source = options_source  # callable -> ExportOptions (for "Save as")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.combo = QComboBox()
        self.combo.setMinimumContentsLength(24)
        layout.addWidget(self.combo, 1)
        self.buttons = {}
        if editable:
            for name, slot in (("Save as…", self.save_as), ("Import…", self.import_preset),
                               ("Export…", self.export_preset),
                               ("Set default", self.set_default)):
                button = QPushButton(name)
                button.clicked.connect(slot)
                layout.addWidget(button)
                self.buttons[name] = button
        self.combo.currentIndexChanged.connect(self._picked)
        self.reload()

    def reload(self, select: str | None = None) -> None:
        current = select or self.current_id()
        self.combo.blockSignals(True)
        self.combo.clear()
        for preset in self.store.all():
            suffix = "" if preset.builtin else "  (user)"
            self.combo.addItem(f"{preset.name}{suffix}", preset.id)
        if current:
            index = self.combo.findData(current)
            if index >= 0:
                self.combo.setCurrentIndex(index)
        self.combo.blockSignals(False)

    def current_id(self) -> str | None:
        return self.combo.currentData()

    def current(self) -> Preset | None:
        pid = self.current_id()
        try:
            return self.store.get(pid) if pid else None
        except KeyError:  # an entry the owner added that is not a stored preset
            return None

    def select(self, preset_id: str) -> None:
        self.combo.setCurrentIndex(self.combo.findData(preset_id))

    def _picked(self, _index) -> None:
        preset = self.current()
        if preset is not None:
            self.chosen.emit(preset)

    # -- actions -------------------------------------------------------------------------------
    def save_as(self, name: str | None = None) -> Preset | None:
        if self.options_source is None:
            return None
        if not name:
            name, ok = QInputDialog.getText(self, "Save preset", "Preset name:")
            if not ok or not name.strip():
                return None
        pid = re.sub(r"[^a-z0-9._-]+", "-", name.strip().lower()).strip("-") or "preset"
        try:
            preset = Preset(pid, name.strip(), self.options_source())
            self.store.save(preset)
        except ValueError as exc:
            QMessageBox.warning(self, "Preset not saved", str(exc))
            return None
        self.reload(select=pid)
        return preset

    def import_preset(self, path: str | None = None) -> None:
        if not path:
            path, _ = QFileDialog.getOpenFileName(self, "Import preset", "", "Presets (*.json)")
            if not path:
                return
        try:
            preset = self.store.import_file(path)
        except (OSError, ValueError) as exc:
            QMessageBox.warning(self, "Preset not imported", str(exc))
            return
        self.reload(select=preset.id)

    def export_preset(self, path: str | None = None) -> None:
        pid = self.current_id()
        if not pid:
            return
        if not path:
            path, _ = QFileDialog.getSaveFileName(self, "Export preset", f"{pid}.json",
                                                  "Presets (*.json)")
            if not path:
                return
        self.store.export_file(pid, path)

    def set_default(self) -> None:
        preset = self.current()
        if preset is not None:
            self.store.set_default(preset.options.format, preset.id)

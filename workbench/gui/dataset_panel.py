"""The dataset panel: every asset of the current document with its type and roles. Choosing an
image shows it; text and XML/data assets open in a read-only viewer."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QDialog, QPlainTextEdit, QTreeWidget, QTreeWidgetItem, QVBoxLayout

from workbench.io import AssetType


def asset_text(asset) -> str:
    """Readable content of a text/data/graphics asset (XML and text decoded, binary as hex)."""
    if asset.asset_type == AssetType.Text:
        return asset.text
    raw = bytes(getattr(asset, "raw_asset", b"") or b"")
    head = raw[:4096].lstrip()
    if head.startswith(b"<") or getattr(asset, "mime_type", "").endswith("xml"):
        return raw.decode("utf-8", errors="replace")
    try:
        text = raw.decode("utf-8")
        if all(c.isprintable() or c in "\r\n\t" for c in text[:4096]):
            return text
    except UnicodeDecodeError:
        pass
    lines = [f"{i:08x}  {raw[i:i + 16].hex(' ')}" for i in range(0, min(len(raw), 1 << 16), 16)]
    return f"{len(raw)} bytes ({getattr(asset, 'mime_type', 'binary')})\n" + "\n".join(lines)


class TextViewer(QDialog):
    def __init__(self, title: str, text: str, parent=None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(700, 500)
        self.edit = QPlainTextEdit(text)
        self.edit.setReadOnly(True)
        self.edit.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        QVBoxLayout(self).addWidget(self.edit)


class DatasetPanel(QTreeWidget):
    def __init__(self, window):
        super().__init__()
        self.window = window
        self.setHeaderLabels(["Asset", "Type", "Roles", "Size"])
        self.setRootIsDecorated(False)
        self.itemActivated.connect(self._activate)
        self.itemDoubleClicked.connect(self._activate)
        self.viewers: list[TextViewer] = []
        window.documentChanged.connect(self.show_document)

    def show_document(self, doc) -> None:
        self.clear()
        if doc is None or not doc.is_open:
            return
        reader = doc.reader
        for key in reader.get_asset_keys():
            asset = reader.get_asset(key)
            if asset.asset_type == AssetType.Image:
                size = f"{asset.num_columns}×{asset.num_rows}×{asset.num_bands} " \
                       f"{asset.pixel_value_type.value}"
            else:
                size = f"{len(getattr(asset, 'raw_asset', b'') or b'')} B"
            item = QTreeWidgetItem([key, asset.asset_type.name, ", ".join(asset.roles), size])
            item.setData(0, Qt.ItemDataRole.UserRole, key)
            if key == doc.asset_key:
                f = item.font(0)
                f.setBold(True)
                item.setFont(0, f)
            self.addTopLevelItem(item)
        for i in range(4):
            self.resizeColumnToContents(i)

    def _activate(self, item, column=0) -> None:
        self.open_key(item.data(0, Qt.ItemDataRole.UserRole))

    def open_key(self, key: str):
        doc = self.window.current_document()
        if doc is None:
            return None
        asset = doc.reader.get_asset(key)
        if asset.asset_type == AssetType.Image:
            self.window.show_asset(key)
            return None
        viewer = TextViewer(f"{doc.title} — {key}", asset_text(asset), self.window)
        viewer.show()
        self.viewers.append(viewer)
        return viewer

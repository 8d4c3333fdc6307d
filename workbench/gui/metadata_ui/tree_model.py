"""The metadata tree as a Qt item model (rebuilt from :func:`build_tree` after each edit; the
trees are a few hundred rows) and the filter proxy behind the filter box."""

from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush, QColor, QStandardItem, QStandardItemModel

from workbench.jobs.metadata.address import format_address
from workbench.jobs.metadata.tree import Node

COLUMNS = ("Name", "Value", "Width / type", "Description")
NODE_ROLE = Qt.ItemDataRole.UserRole + 1
INVALID = QColor(200, 30, 30)


class MetadataTreeModel(QStandardItemModel):
    def __init__(self, parent=None):
        super().__init__(0, len(COLUMNS), parent)
        self.setHorizontalHeaderLabels(COLUMNS)
        self.root: Node | None = None
        self._by_address: dict = {}

    def set_tree(self, root: Node | None) -> None:
        self.removeRows(0, self.rowCount())
        self.root = root
        self._by_address = {}
        if root is not None:
            self._append(self.invisibleRootItem(), root)

    def _append(self, parent: QStandardItem, node: Node) -> None:
        items = [QStandardItem(node.name), QStandardItem(_one_line(node.value)),
                 QStandardItem(node.width_type), QStandardItem(node.description)]
        for item in items:
            item.setData(node, NODE_ROLE)
            item.setEditable(False)
        items[1].setEditable(node.editable and node.kind in ("field",))
        tip = format_address(node.address)
        if node.problem:
            for item in items[:2]:
                item.setForeground(QBrush(INVALID))
            items[1].setToolTip(f"{tip}\n{node.problem}")
            items[0].setToolTip(f"{tip}\n{node.problem}")
            items[1].setText(f"{items[1].text()}  \u26a0 {node.problem}")
        else:
            items[0].setToolTip(tip)
        parent.appendRow(items)
        self._by_address[node.address] = items[0]
        for child in node.children:
            self._append(items[0], child)

    def item_for(self, address):
        return self._by_address.get(tuple(address))

    @staticmethod
    def node_of(index) -> Node | None:
        return index.data(NODE_ROLE) if index.isValid() else None


def _one_line(text: str) -> str:
    return text.replace("\r", " ").replace("\n", " \u23ce ")


class MetadataFilter(QSortFilterProxyModel):
    """Keeps rows whose name, value or description contains the filter text (any case), with
    their ancestors; a matching TRE or segment keeps its whole subtree."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setRecursiveFilteringEnabled(True)
        self._text = ""

    def set_text(self, text: str) -> None:
        self._text = text.strip().lower()
        self.invalidate()

    def filterAcceptsRow(self, row, parent) -> bool:
        if not self._text:
            return True
        model = self.sourceModel()
        index = model.index(row, 0, parent)
        node = model.data(index, NODE_ROLE)
        if node is not None and node.matches(self._text):
            return True
        p = parent  # inside a matching TRE/segment: keep everything
        while p.isValid():
            pnode = model.data(p.siblingAtColumn(0), NODE_ROLE)
            if pnode is not None and pnode.kind in ("tre", "segment") and pnode.matches(self._text):
                return True
            p = p.parent()
        return False

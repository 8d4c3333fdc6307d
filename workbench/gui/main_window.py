"""The main window: documents in tabs, menus, docks, status bar readouts and the extension API
(``menu``, ``add_dock``, ``current_document``, ``documentChanged``, ``open_paths``, ``log``)."""

from __future__ import annotations

import os
import sys

from PySide6.QtCore import QTimer, QSettings, Qt, Signal
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMenu, QTabWidget

from workbench.jobs.display.opening import rset_paths

from . import actions
from .dataset_panel import DatasetPanel
from .display_panel import DisplayPanel
from .document import Document
from .extensions import install_all
from .log_panel import LogPanel
from .navigator import Navigator
from .page import DocumentPage
from .preferences import Preferences
from .readouts import Readouts

MENUS = ("File", "Edit", "View", "Tools", "Help")


class MainWindow(QMainWindow):
    documentChanged = Signal(object)

    def __init__(self, settings: QSettings | None = None, synchronous: bool = False):
        super().__init__()
        # Tile workers hold the GIL between codec calls; a short switch interval lets the UI
        # thread get it back quickly after each Qt call that released it (paint, draw).
        sys.setswitchinterval(min(sys.getswitchinterval(), 0.0005))
        self.setWindowTitle("Imagery Workbench")
        self.resize(1400, 900)
        self.setAcceptDrops(True)
        self.prefs = Preferences(settings)
        self.synchronous = synchronous
        self._menus: dict[str, QMenu] = {}
        self._dock_anchors: dict = {}
        for name in MENUS:
            self.menu(name)
        self.tabs = QTabWidget()
        self.tabs.setTabsClosable(True)
        self.tabs.setDocumentMode(True)
        self.tabs.currentChanged.connect(self._on_tab_changed)
        self.tabs.tabCloseRequested.connect(self.close_tab)
        self.setCentralWidget(self.tabs)
        self.log_panel = LogPanel()
        self.log_dock = self.add_dock(self.log_panel, "Log", Qt.DockWidgetArea.BottomDockWidgetArea)
        self.readouts = Readouts(self.statusBar())
        self.dataset_panel = DatasetPanel(self)
        self.dataset_dock = self.add_dock(self.dataset_panel, "Dataset",
                                          Qt.DockWidgetArea.LeftDockWidgetArea)
        self.display_panel = DisplayPanel(self)
        self.display_dock = self.add_dock(self.display_panel, "Display")
        self.navigator = Navigator(self)
        self.navigator_dock = self.add_dock(self.navigator, "Navigator", tabify=False)
        self.resizeDocks([self.log_dock], [120], Qt.Orientation.Vertical)
        self.resizeDocks([self.dataset_dock, self.display_dock], [230, 320],
                         Qt.Orientation.Horizontal)
        self._current: Document | None = None
        actions.build(self)
        self.prefs.apply_theme()
        install_all(self)
        self.display_dock.raise_()
        self.log_dock.raise_()
        # Once laid out (sizes asked for before the window is shown are not kept).
        QTimer.singleShot(0, lambda: self.resizeDocks([self.log_dock], [110],
                                                      Qt.Orientation.Vertical))

    # -- extension API ---------------------------------------------------------------------------
    def menu(self, name: str) -> QMenu:
        plain = name.replace("&", "")
        if plain not in self._menus:
            self._menus[plain] = self.menuBar().addMenu("&" + plain)
        return self._menus[plain]

    def add_dock(self, widget, title: str, area=Qt.DockWidgetArea.RightDockWidgetArea,
                 tabify: bool = True) -> QDockWidget:
        """Add a dock; with ``tabify`` it becomes a tab beside the first dock of that area (so
        panels share the side instead of squeezing each other)."""
        dock = QDockWidget(title, self)
        dock.setObjectName(title.replace(" ", "_").lower() + "_dock")
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        anchor = self._dock_anchors.get(area) if tabify else None
        if anchor is not None:
            self.tabifyDockWidget(anchor, dock)
        elif tabify:
            self._dock_anchors[area] = dock
        self.menu("View").addAction(dock.toggleViewAction())
        return dock

    def current_document(self) -> Document | None:
        page = self.tabs.currentWidget()
        return page.document if isinstance(page, DocumentPage) else None

    def documents(self) -> list[Document]:
        return [self.tabs.widget(i).document for i in range(self.tabs.count())]

    def log(self, message: str, level: str = "info") -> None:
        self.log_panel.log(message, level)
        if level in ("warning", "error"):
            self.statusBar().showMessage(message, 8000)

    def open_paths(self, paths: list[str]) -> None:
        """Open files as documents (lazily); sibling ``.rN`` files make one R-set document."""
        seen, groups = set(), []
        for path in paths:
            path = os.fspath(path)
            if not os.path.isfile(path):
                self.log(f"cannot open {path}: no such file", "error")
                continue
            group = rset_paths(path)
            if group[0] in seen:
                continue
            seen.add(group[0])
            groups.append(group)
        self.open_groups(groups)

    def open_groups(self, groups: list[list[str]]) -> None:
        last = None
        self.tabs.blockSignals(True)
        try:
            for group in groups:
                doc = Document(group, self.prefs.cache_mb, self.prefs.stretch)
                doc.viewer.synchronous = self.synchronous
                doc.viewer.tileFailed.connect(lambda m: self.log(m, "error"))
                doc.failed.connect(lambda m: self.log(m, "error"))
                page = DocumentPage(doc)
                last = self.tabs.addTab(page, doc.title)
                self.tabs.setTabToolTip(last, "\n".join(group))
                self.prefs.add_recent(group[0])
        finally:
            self.tabs.blockSignals(False)
        if last is not None:
            self.tabs.setCurrentIndex(last)
            self._on_tab_changed(last)
        actions.refresh_recent(self)

    def close_tab(self, index: int) -> None:
        page = self.tabs.widget(index)
        self.tabs.removeTab(index)
        if isinstance(page, DocumentPage):
            page.document.close()
            page.deleteLater()
        if self.tabs.count() == 0:
            self._on_tab_changed(-1)

    # -- activation --------------------------------------------------------------------------------
    def _on_tab_changed(self, index: int) -> None:
        doc = self.current_document()
        if doc is not None and doc.pyramid is None and doc.error is None:
            self._activate(doc)
        if doc is not self._current:
            self._current = doc
            self.readouts.attach(doc)
            self.documentChanged.emit(doc)

    def _activate(self, doc: Document) -> None:
        page = self.tabs.currentWidget()
        try:
            doc.show_image()
            for problem in page.update_markings():
                self.log(problem, "warning")
            self.log(f"opened {doc.title}: {doc.asset_key} "
                     f"{doc.pyramid.width}x{doc.pyramid.height}x{doc.pyramid.num_bands} "
                     f"{doc.pyramid.dtype}")
        except Exception as exc:  # noqa: BLE001 - a bad file is reported, never a crash
            doc.error = f"{type(exc).__name__}: {exc}"
            self.log(f"cannot open {doc.title}: {exc}", "error")
            page.warning.setText(f"Cannot open {doc.paths[0]}: {exc}")
            page.warning.setVisible(True)

    def show_asset(self, key: str) -> None:
        doc = self.current_document()
        if doc is None:
            return
        try:
            doc.show_image(key)
        except Exception as exc:  # noqa: BLE001
            self.log(f"cannot show {key}: {exc}", "error")
            return
        self.readouts.attach(doc)
        self.documentChanged.emit(doc)

    # -- drag and drop -----------------------------------------------------------------------------
    def dragEnterEvent(self, event) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.open_paths(paths)

    def closeEvent(self, event) -> None:
        for doc in self.documents():
            doc.close()
        super().closeEvent(event)

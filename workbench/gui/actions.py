"""The main window's menus and their actions."""

from __future__ import annotations

import os

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog

from .about import show_about
from .preferences import PreferencesDialog

IMAGE_FILTER = ("Imagery (*.ntf *.nitf *.nsf *.nsif *.tif *.tiff *.gtif *.jp2 *.j2k *.png *.jpg "
                "*.jpeg *.r[0-9]*);;All files (*)")


def _action(window, menu, text, slot, shortcut=None) -> QAction:
    act = QAction(text, window)
    if shortcut is not None:
        act.setShortcut(QKeySequence(shortcut))
    act.triggered.connect(slot)
    window.menu(menu).addAction(act)
    return act


def _viewer_call(window, name, *args):
    def run():
        doc = window.current_document()
        if doc is not None and doc.pyramid is not None:
            getattr(doc.viewer, name)(*args)
    return run


def build(window) -> None:
    w = window
    _action(w, "File", "&Open…", lambda: open_dialog(w), QKeySequence.StandardKey.Open)
    _action(w, "File", "Open &R-set…", lambda: open_rset_dialog(w))
    w.recent_menu = w.menu("File").addMenu("Recent")
    _action(w, "File", "&Export view as image…", lambda: export_dialog(w))
    _action(w, "File", "&Close", lambda: w.close_tab(w.tabs.currentIndex()),
            QKeySequence.StandardKey.Close)
    w.menu("File").addSeparator()
    _action(w, "File", "&Quit", w.close, QKeySequence.StandardKey.Quit)
    _action(w, "Edit", "&Preferences…", lambda: PreferencesDialog(w.prefs, w).exec())
    _action(w, "View", "&Fit", _viewer_call(w, "fit"), "F")
    _action(w, "View", "&1:1", _viewer_call(w, "one_to_one"), "1")
    _action(w, "View", "Zoom &in", _viewer_call(w, "zoom_at", 1.25), QKeySequence.StandardKey.ZoomIn)
    _action(w, "View", "Zoom &out", _viewer_call(w, "zoom_at", 0.8),
            QKeySequence.StandardKey.ZoomOut)
    _action(w, "View", "&Rotate 90°", _viewer_call(w, "rotate_by", 1), "R")
    w.menu("View").addSeparator()
    _action(w, "Help", "&About", lambda: show_about(w))
    refresh_recent(w)


def refresh_recent(window) -> None:
    menu = window.recent_menu
    menu.clear()
    for path in window.prefs.recent:
        act = menu.addAction(path)
        act.triggered.connect(lambda _=False, p=path: window.open_paths([p]))
    menu.setEnabled(bool(window.prefs.recent))


def open_dialog(window) -> None:
    paths, _ = QFileDialog.getOpenFileNames(window, "Open imagery", "", IMAGE_FILTER)
    if paths:
        window.open_paths(paths)


def open_rset_dialog(window) -> None:
    """Open explicitly chosen files (base and ``.rN``) as one R-set document."""
    paths, _ = QFileDialog.getOpenFileNames(window, "Open R-set (base and .rN files)", "",
                                            IMAGE_FILTER)
    if paths:
        from workbench.io.core.registry import rset_level

        paths.sort(key=lambda p: rset_level(p) or 0)
        window.open_groups([paths])


def export_view(window, path: str) -> bool:
    """Save what the current view shows (tiles, banners excluded) as an image file."""
    doc = window.current_document()
    if doc is None or doc.pyramid is None:
        window.log("nothing to export: open an image first", "warning")
        return False
    image = doc.viewer.grab().toImage()
    if not image.save(path):
        window.log(f"cannot save the view to {path}", "error")
        return False
    window.log(f"saved the view to {path}")
    return True


def export_dialog(window) -> None:
    path, _ = QFileDialog.getSaveFileName(window, "Export view as image",
                                          os.path.expanduser("~/view.png"),
                                          "PNG (*.png);;JPEG (*.jpg *.jpeg)")
    if path:
        export_view(window, path)

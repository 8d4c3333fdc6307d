"""``main``: create the application and the main window, open the files (or the bundled
sample) and run the event loop."""

from __future__ import annotations

import importlib.resources
import os
import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDockWidget

from .main_window import MainWindow

SAMPLE_SUFFIXES = (".ntf", ".nitf", ".nsf", ".tif", ".tiff", ".jp2", ".j2k", ".png", ".jpg")


def sample_paths() -> list[str]:
    """The bundled sample image(s) in ``workbench.resources/sample`` (NITF preferred)."""
    folder = importlib.resources.files("workbench.resources") / "sample"
    try:
        names = sorted(p.name for p in folder.iterdir() if p.name.lower().endswith(SAMPLE_SUFFIXES))
    except (FileNotFoundError, NotADirectoryError):
        return []
    names.sort(key=lambda n: SAMPLE_SUFFIXES.index("." + n.lower().rsplit(".", 1)[1]))
    return [str(folder / n) for n in names[:1]]


def main(files: list[str], sample: bool = False) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Imagery Workbench")
    app.setOrganizationName("ImageryWorkbench")
    window = MainWindow()
    window.show()
    paths = list(files)
    if sample:
        found = sample_paths()
        if not found:
            window.log("no sample image is bundled in resources/sample", "warning")
        paths = found + paths
    if paths:
        window.open_paths(paths)
    if sample:
        # First run: show the sample's header fields and TREs beside its banner.
        metadata_dock = window.findChild(QDockWidget, "metadata_dock")
        if metadata_dock is not None:
            metadata_dock.raise_()
            panel = getattr(window, "metadata_panel", None)
            if panel is not None:  # segments and their TREs in view
                QTimer.singleShot(500, lambda: panel.view.expandToDepth(1))
    _schedule_scripted_quit(app, window)
    return app.exec()


def _schedule_scripted_quit(app, window) -> None:
    """For smoke tests and documentation: ``WORKBENCH_QUIT_AFTER_MS`` quits after that many
    milliseconds, saving a screenshot of the window to ``WORKBENCH_SCREENSHOT`` first if set."""
    delay = os.environ.get("WORKBENCH_QUIT_AFTER_MS", "")
    if not delay.isdigit():
        return

    def finish():
        target = os.environ.get("WORKBENCH_SCREENSHOT")
        if target:
            window.grab().save(target)
        app.quit()

    QTimer.singleShot(int(delay), finish)

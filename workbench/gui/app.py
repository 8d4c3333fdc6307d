"""``main``: create the application and the main window, open the files (or the bundled
sample) and run the event loop."""

from __future__ import annotations

import importlib.resources
import sys

from PySide6.QtWidgets import QApplication

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
    return app.exec()

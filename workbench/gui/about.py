"""Help ▸ About: versions of the workbench and the libraries it stands on."""

from __future__ import annotations

from importlib import metadata

import PySide6
from PySide6.QtCore import qVersion
from PySide6.QtWidgets import QMessageBox

import workbench


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "not installed"


def versions() -> dict[str, str]:
    return {
        "Imagery Workbench": workbench.__version__,
        "numpy": _version("numpy"),
        "imagecodecs": _version("imagecodecs"),
        "glymur": _version("glymur"),
        "pyproj": _version("pyproj"),
        "Qt": qVersion(),
        "PySide6": PySide6.__version__,
    }


def about_text() -> str:
    rows = "".join(f"<tr><td>{k}</td><td><b>{v}</b></td></tr>" for k, v in versions().items())
    return ("<h3>Imagery Workbench</h3><p>View, inspect, chip and convert NITF, NSIF, "
            f"GeoTIFF/COG, JPEG 2000, PNG and JPEG imagery.</p><table>{rows}</table>")


def show_about(parent) -> QMessageBox:
    box = QMessageBox(parent)
    box.setWindowTitle("About Imagery Workbench")
    box.setText(about_text())
    box.setModal(False)
    box.show()
    return box

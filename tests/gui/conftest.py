"""Fixtures for the viewer's GUI tests: a main window with throw-away settings, real image files."""

import os

import numpy as np
import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def gradient_rgb(h, w):
    """A 3-band test picture: red rises left→right, green top→bottom, blue constant 200."""
    r = np.tile(np.linspace(0, 255, w).astype(np.uint8), (h, 1))
    g = np.tile(np.linspace(0, 255, h).astype(np.uint8)[:, None], (1, w))
    b = np.full((h, w), 200, np.uint8)
    return np.stack([r, g, b])


@pytest.fixture
def rgb_png(tmp_path):
    from workbench.io import imsave

    path = tmp_path / "gradient.png"
    imsave(path, gradient_rgb(300, 400))
    return str(path)


@pytest.fixture
def settings(tmp_path):
    from PySide6.QtCore import QSettings

    return QSettings(str(tmp_path / "prefs.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def window(qtbot, settings):
    from workbench.gui.main_window import MainWindow

    win = MainWindow(settings, synchronous=True)
    qtbot.addWidget(win)
    win.resize(1000, 700)
    win.show()
    qtbot.waitExposed(win)
    yield win
    for doc in win.documents():
        doc.close()

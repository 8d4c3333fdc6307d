"""Suite-wide settings: Qt runs headless; core tests never need a QApplication."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("WORKBENCH_THREADS", "2")

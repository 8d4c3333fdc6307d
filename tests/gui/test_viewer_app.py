"""``workbench FILE`` starts the window on the given file and returns 0 when it quits. Run in a
subprocess, as a user runs it (an in-process ``app.exec()`` would quit the suite's shared
QApplication under the other tests)."""

import os
import subprocess
import sys

from PySide6.QtGui import QImage

from workbench.io import imread


def test_main_opens_files_then_exits(rgb_png, tmp_path):
    shot = tmp_path / "window.png"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "WORKBENCH_QUIT_AFTER_MS": "2500",
           "WORKBENCH_SCREENSHOT": str(shot), "HOME": str(tmp_path)}
    result = subprocess.run([sys.executable, "-m", "workbench", rgb_png], env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    image = QImage(str(shot))
    # The gradient's colours appear in the window (it was opened and rendered).
    data = imread(rgb_png)
    target = tuple(int(v) for v in data[:, 150, 200])
    found = any(
        max(abs(c - t) for c, t in zip(image.pixelColor(x, y).getRgb()[:3], target)) < 40
        for x in range(0, image.width(), 5) for y in range(0, image.height(), 5))
    assert found, f"no pixel near {target} in the window"

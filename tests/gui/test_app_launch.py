"""The README's first command, as a user runs it: ``workbench --sample`` opens the bundled sample
(headless here), shows it, and exits cleanly. The screenshot it saves is checked at known points."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QImage


def test_workbench_sample_opens_and_shows_the_banner(tmp_path):
    shot = tmp_path / "main.png"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "WORKBENCH_QUIT_AFTER_MS": "3000",
           "WORKBENCH_SCREENSHOT": str(shot), "HOME": str(tmp_path)}
    result = subprocess.run([sys.executable, "-m", "workbench", "--sample"], env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    image = QImage(str(shot))
    assert image.width() > 600 and image.height() > 400
    # The UNCLASSIFIED banner is green (U) across the top of the document view.
    greens = 0
    for x in range(image.width() // 4, image.width() // 2, 7):
        for y in range(30, 90):
            c = image.pixelColor(x, y)
            if c.green() > 100 and c.red() < 60 and c.blue() < 90:
                greens += 1
                break
    assert greens > 10, "no green security banner near the top of the window"
    # `WORKBENCH_DOCS_SCREENSHOTS=1 pytest tests/gui/test_app_launch.py` refreshes the README's.
    if os.environ.get("WORKBENCH_DOCS_SCREENSHOTS"):
        docs = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
        docs.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(shot, docs / "main-window.png")


def test_version_and_help():
    out = subprocess.run([sys.executable, "-m", "workbench", "--version"], capture_output=True,
                         text=True, timeout=60)
    assert out.returncode == 0 and out.stdout.startswith("workbench ")
    out = subprocess.run([sys.executable, "-m", "workbench", "--help"], capture_output=True,
                         text=True, timeout=60)
    assert out.returncode == 0 and "convert" in out.stdout and "info" in out.stdout

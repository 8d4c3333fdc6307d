"""The layer contracts of pyproject.toml ([tool.importlinter]): the IO library and the jobs never
import Qt, and the IO library never imports the application."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_import_linter_contracts_hold():
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint), "--no-cache"], cwd=ROOT, capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "KEPT" in result.stdout and "BROKEN" not in result.stdout


def test_io_library_imports_without_qt():
    code = ("import sys, workbench.io, workbench.io.core.convenience; "
            "assert not any(m.startswith(('PySide6', 'shiboken6')) for m in sys.modules), "
            "sorted(m for m in sys.modules if m.startswith('PySide'))")
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)

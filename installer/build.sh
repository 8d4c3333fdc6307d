#!/usr/bin/env bash
# Build the one-folder desktop bundle into dist/workbench/ (and a Linux .desktop entry beside it).
# Sets up .venv (scripts/bootstrap) only when it is missing, and the `installer` extra
# (PyInstaller) only when PyInstaller is not installed yet.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || bash scripts/bootstrap
if ! .venv/bin/python -c "import PyInstaller" 2>/dev/null; then
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -e '.[installer]'
fi
.venv/bin/python -m PyInstaller --noconfirm --clean --log-level WARN --distpath dist \
  --workpath build/pyinstaller installer/workbench.spec
if [ "$(uname -s)" = "Linux" ]; then
  install -m 0644 installer/workbench.desktop dist/workbench/workbench.desktop
  install -m 0644 resources/icons/workbench.png dist/workbench/workbench.png
fi
echo "bundle: dist/workbench/workbench"

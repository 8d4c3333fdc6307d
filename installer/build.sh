#!/usr/bin/env bash
# Build the one-folder desktop bundle into dist/workbench/ (and a Linux .desktop entry beside it).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap
.venv/bin/python -m pip install --quiet -e '.[installer]'
.venv/bin/pyinstaller --noconfirm --clean --distpath dist --workpath build/pyinstaller \
  installer/workbench.spec
if [ "$(uname -s)" = "Linux" ]; then
  install -m 0644 installer/workbench.desktop dist/workbench/workbench.desktop
  install -m 0644 resources/icons/workbench.png dist/workbench/workbench.png
fi
echo "bundle: dist/workbench/workbench"

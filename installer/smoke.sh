#!/usr/bin/env bash
# Opt-in smoke test of the bundle (slow: builds it first). Runs it headless: --version, info on
# the sample, a conversion, and opening the main window offscreen.
set -euo pipefail
cd "$(dirname "$0")/.."
bash installer/build.sh
BIN=dist/workbench/workbench
export QT_QPA_PLATFORM=offscreen
out=$(mktemp -d)
"$BIN" --version
SAMPLE=$(ls dist/workbench/_internal/workbench/resources/sample/*.ntf | head -1)
"$BIN" info "$SAMPLE"
"$BIN" convert "$SAMPLE" -o "$out" --preset png-quicklook
ls -l "$out"
WORKBENCH_QUIT_AFTER_MS=1500 "$BIN" --sample
echo "smoke test passed"

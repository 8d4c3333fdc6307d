#!/usr/bin/env bash
# Opt-in smoke test of the bundle (slow: builds it first). Runs it headless from an empty folder:
# the bundle self-check, --version, info on the bundled sample, conversions (PNG quicklook,
# NITF JPEG 2000 C8, COG Deflate) and the main window opened offscreen on the sample (and on a
# virtual X server through the xcb plugin when xvfb-run is installed).
#   bash installer/smoke.sh [--no-build]     outputs go to $SMOKE_OUT (default: a temp folder)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
if [ "${1:-}" != "--no-build" ]; then
  start=$(date +%s)
  bash installer/build.sh
  echo "build time: $(( $(date +%s) - start )) s"
fi
DIST="$ROOT/dist/workbench"
BIN="$DIST/workbench"
[ -x "$BIN.exe" ] && BIN="$BIN.exe"
echo "bundle size: $(du -sh "$DIST" | cut -f1)"

out="${SMOKE_OUT:-$(mktemp -d "${TMPDIR:-/tmp}/workbench-smoke.XXXXXX")}"
mkdir -p "$out"
cd "$out"  # nothing may come from the source tree
export QT_QPA_PLATFORM=offscreen
export WORKBENCH_CONFIG_DIR="$out/config" XDG_CONFIG_HOME="$out/xdg"  # keep the user's settings

fail() { echo "smoke test FAILED: $*" >&2; exit 1; }
expect() {  # expect FILE PATTERN: the command output in FILE contains PATTERN
  grep -q -- "$2" "$1" || { cat "$1"; fail "expected '$2' in $(basename "$1")"; }
}

WORKBENCH_BUNDLE_CHECK=1 "$BIN" | tee bundle-check.txt
expect bundle-check.txt "bundle check: passed"

"$BIN" --version | tee version.txt
expect version.txt "^workbench [0-9]"

SAMPLE="$DIST/_internal/workbench/resources/sample/sample.ntf"
"$BIN" info "$SAMPLE" | tee info.txt
expect info.txt "IC: C8"
expect info.txt "TREs: RPC00B, STDIDC, USE00A"

for preset in png-quicklook nitf-j2k-lossless cog-deflate; do
  mkdir -p "$preset"
  "$BIN" convert "$SAMPLE" -o "$preset" --preset "$preset" --on-exists overwrite
done
ls -l png-quicklook nitf-j2k-lossless cog-deflate
head -c 8 png-quicklook/sample.png | od -An -c | grep -q "P   N   G" || fail "no PNG written"
"$BIN" info nitf-j2k-lossless/sample.ntf | tee info-c8.txt
expect info-c8.txt "IC: C8"
expect info-c8.txt "TREs: RPC00B, STDIDC, USE00A"
"$BIN" info cog-deflate/sample.tif | tee info-cog.txt
expect info-cog.txt "EPSG:4326"
expect info-cog.txt "overview:1"

WORKBENCH_QUIT_AFTER_MS=1500 WORKBENCH_SCREENSHOT="$out/window.png" \
  timeout 120 "$BIN" --sample 2>&1 | tee gui.txt
[ -s window.png ] || fail "the main window did not open (no screenshot)"
echo "window screenshot: $out/window.png"
if command -v xvfb-run >/dev/null; then  # the desktop platform plugin too, on a virtual X server
  QT_QPA_PLATFORM=xcb WORKBENCH_QUIT_AFTER_MS=1500 WORKBENCH_SCREENSHOT="$out/window-xcb.png" \
    timeout 120 xvfb-run -a -s "-screen 0 1600x1000x24" "$BIN" --sample
  [ -s window-xcb.png ] || fail "the main window did not open on xcb (no screenshot)"
  echo "window on xcb: $out/window-xcb.png"
else
  echo "xcb: not tried (no xvfb-run on this machine)"
fi

if [ "$(uname -s)" = "Linux" ] && command -v desktop-file-validate >/dev/null; then
  desktop-file-validate "$DIST/workbench.desktop"
fi
echo "smoke test passed"

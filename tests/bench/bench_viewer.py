"""Viewer benchmark (opt-in, not CI): open → first complete render of a 1600×1000 view, a
full-viewport pan, the UI thread's longest stall during a scripted pan/zoom sequence (a 5 ms timer
probe), and peak RSS, on generated images.

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.bench.bench_viewer --size 32768
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time

import numpy as np

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


class Generated:
    """A lazily generated image (smooth ramps plus texture) pulled block by block by the writer."""

    def __init__(self, size: int, block: int, metadata):
        from workbench.io import PixelType

        self.key, self.title, self.description = "image:0", "bench", "generated"
        self.num_rows = self.num_columns = size
        self.num_bands = 1
        self.num_bits_per_pixel = self.actual_bits_per_pixel = 8
        self.pixel_value_type = PixelType.UInt8
        self.num_pixels_per_block_horizontal = self.num_pixels_per_block_vertical = block
        self.num_resolution_levels = 1
        self.pad_pixel_value = 0
        self.metadata = metadata
        self.block = block

    def get_block(self, row, col, resolution_level=0, bands=None):
        b = self.block
        h = min(b, self.num_rows - row * b)
        w = min(b, self.num_columns - col * b)
        yy, xx = np.mgrid[row * b:row * b + h, col * b:col * b + w]
        v = (xx // 7 + yy // 5 + ((xx * 31 + yy * 17) % 23)) % 256
        return v.astype(np.uint8)[None]


def write_nitf(path, size, block, ic):
    from workbench.io import IO, BufferedMetadataProvider

    md = BufferedMetadataProvider()
    md["IC"], md["IMODE"] = ic, "B"
    md["NPPBH"] = md["NPPBV"] = str(block)
    if ic == "C8":
        md["COMRAT"] = "N001.0"
    with IO.open(path, "w", "nitf") as writer:
        writer.add_asset("image:0", Generated(size, block, md))


def write_cog(path, size, block):
    """Deflate-tiled GeoTIFF with 2x overviews down to one tile (the COG layout)."""
    from workbench.io import IO, BufferedMetadataProvider

    def hints():
        md = BufferedMetadataProvider()
        md["259"] = "8"                      # Compression: Deflate
        md["322"] = md["323"] = str(block)   # TileWidth, TileLength
        return md

    with IO.open(path, "w", "tiff") as writer:
        writer.add_asset("image:0", Generated(size, block, hints()), roles=["data"])
        k, s = 1, size // 2
        while s >= block // 2:
            writer.add_asset(f"image:0:overview:{k}", Decimated(size, block, hints(), 1 << k),
                             roles=["overview"])
            k, s = k + 1, s // 2


class Decimated(Generated):
    """The generated image sampled every ``step`` pixels (an overview of it)."""

    def __init__(self, size, block, metadata, step):
        super().__init__(-(-size // step), block, metadata)
        self.step = step

    def get_block(self, row, col, resolution_level=0, bands=None):
        b, s = self.block, self.step
        h = min(b, self.num_rows - row * b)
        w = min(b, self.num_columns - col * b)
        yy, xx = np.mgrid[row * b:row * b + h, col * b:col * b + w] * s
        v = (xx // 7 + yy // 5 + ((xx * 31 + yy * 17) % 23)) % 256
        return v.astype(np.uint8)[None]


def measure(path, cache_mb=512):
    from PySide6.QtCore import QElapsedTimer, QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    from workbench.gui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    settings = QSettings(os.path.join(tempfile.mkdtemp(), "p.ini"), QSettings.Format.IniFormat)
    settings.setValue("viewer/cache_mb", cache_mb)
    win = MainWindow(settings)
    for dock in (win.dataset_dock, win.display_dock, win.navigator_dock, win.log_dock):
        dock.hide()
    win.resize(1600, 1100)
    win.show()
    app.processEvents()
    gaps = []
    clock = QElapsedTimer()
    clock.start()
    last = [clock.elapsed()]

    def tick():
        now = clock.elapsed()
        gaps.append(now - last[0])
        last[0] = now

    probe = QTimer()
    probe.timeout.connect(tick)
    probe.start(5)

    def wait_complete(viewer, limit=120.0):
        t0 = time.perf_counter()
        while time.perf_counter() - t0 < limit:
            app.processEvents()
            if viewer.pyramid is not None and viewer.is_complete():
                return time.perf_counter() - t0
            time.sleep(0.002)
        return float("nan")

    t0 = time.perf_counter()
    win.open_paths([path])
    viewer = win.current_document().viewer
    viewer.resize(1600, 1000)
    viewer.fixed = True
    first = (time.perf_counter() - t0) + wait_complete(viewer)
    viewer.zoom_at(1.0 / viewer.zoom)     # 1:1, then a full-viewport pan
    wait_complete(viewer)
    viewer.pan_by(-viewer.width(), 0)
    pan = wait_complete(viewer)
    gaps.clear()
    last[0] = clock.elapsed()
    for step in range(40):                # scripted pan/zoom sequence
        if step % 10 == 5:
            viewer.zoom_at(0.5)
        elif step % 10 == 9:
            viewer.zoom_at(2.0)
        else:
            viewer.pan_by(-120, -60)
        t_end = time.perf_counter() + 0.05
        while time.perf_counter() < t_end:
            app.processEvents()
            time.sleep(0.001)
    wait_complete(viewer)
    stall = max(gaps) if gaps else float("nan")
    probe.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    win.close()
    return first, pan, stall, rss


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=8192)
    parser.add_argument("--cases", default="nitf-nc-512,nitf-c8-1024,cog-deflate-512")
    parser.add_argument("--dir", default=None)
    parser.add_argument("--measure", help=argparse.SUPPRESS)   # one file, in this process
    args = parser.parse_args(argv)
    if args.measure:
        print("RESULT", *measure(args.measure), flush=True)
        os._exit(0)   # skip interpreter teardown (Qt objects of extensions); the result is out
    folder = args.dir or tempfile.mkdtemp(prefix="bench_viewer_")
    os.makedirs(folder, exist_ok=True)
    rows = []
    for case in args.cases.split(","):
        kind, ic, block = case.split("-")
        ext = "tif" if kind == "cog" else "ntf"
        path = os.path.join(folder, f"{case}-{args.size}.{ext}")
        if not os.path.exists(path):
            t = time.perf_counter()
            if kind == "cog":
                write_cog(path, args.size, int(block))
            else:
                write_nitf(path, args.size, int(block), ic.upper())
            print(f"wrote {path} in {time.perf_counter() - t:.1f} s", file=sys.stderr)
        # each measurement in a fresh process: peak RSS is the viewer's, not the writer's
        proc = subprocess.run([sys.executable, "-m", "tests.bench.bench_viewer", "--measure",
                               path], capture_output=True, text=True, cwd=_ROOT)
        line = [ln for ln in proc.stdout.splitlines() if ln.startswith("RESULT")]
        if not line:
            print(proc.stderr[-2000:], file=sys.stderr)
            continue
        rows.append((case, *(float(v) for v in line[0].split()[1:])))
    print(f"{'case':<16}{'size':>7}{'first render s':>16}{'pan s':>8}{'max stall ms':>14}"
          f"{'peak RSS MB':>13}")
    for case, first, pan, stall, rss in rows:
        print(f"{case:<16}{args.size:>7}{first:>16.2f}{pan:>8.2f}{stall:>14.0f}{rss:>13.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

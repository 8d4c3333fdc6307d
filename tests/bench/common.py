"""Shared helpers of the benchmarks: realistic content, timing, peers that may be missing."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np


def scene(bands: int, rows: int, cols: int, dtype=np.uint8, bits: int | None = None) -> np.ndarray:
    """Smooth terrain-like content with edges and texture (compresses like real imagery, unlike
    noise or flat fields)."""
    rng = np.random.default_rng(1234)
    y = np.linspace(0, 8 * np.pi, rows, dtype=np.float32)[:, None]
    x = np.linspace(0, 8 * np.pi, cols, dtype=np.float32)[None, :]
    base = 0.5 + 0.25 * np.sin(x * 0.7) * np.cos(y * 0.5) + 0.15 * np.sin((x + y) * 2.3)
    base = base + 0.2 * ((np.floor(x) + np.floor(y * 1.3)) % 3 == 0)
    top = (1 << bits) - 1 if bits else np.iinfo(dtype).max
    out = np.empty((bands, rows, cols), dtype=dtype)
    for b in range(bands):
        noise = rng.normal(0, 0.02, size=(rows, cols)).astype(np.float32)
        band = np.clip(base * (0.8 + 0.1 * b) + noise, 0, 1)
        out[b] = (band * top).astype(dtype)
    return out


def best_of(fn, repeat: int = 3, fresh: str | None = None) -> float:
    """Median wall time of ``repeat`` runs (seconds). ``fresh``: a path a write creates, removed
    before each run (untimed), so every writer writes a new file each time: replacing an
    existing file is a different operation (ours then fsyncs before the atomic replace, so a
    crash never leaves the user with neither file; peers truncate in place)."""
    times = []
    for _ in range(repeat):
        if fresh and os.path.exists(fresh):
            os.unlink(fresh)
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def maybe(fn, repeat: int = 3, fresh: str | None = None) -> float | None:
    """Time ``fn`` or return None when the peer cannot do it (raises)."""
    try:
        return best_of(fn, repeat, fresh)
    except Exception:  # a peer that lacks the feature: reported as '-' in the table
        return None


def tmpdir() -> str:
    return tempfile.mkdtemp(prefix="wb-bench-")


def peak_rss_mb(code: str) -> float:
    """Peak resident memory (MB) of a fresh Python process running ``code``."""
    # VmHWM is this process's own peak (ru_maxrss would carry over the parent's across exec).
    wrapper = code + ("\nprint([l.split()[1] for l in open('/proc/self/status') "
                      "if l.startswith('VmHWM')][0])")
    out = subprocess.run([sys.executable, "-c", wrapper], capture_output=True, text=True,
                         check=True, env={**os.environ})
    return int(out.stdout.strip().splitlines()[-1]) / 1024.0

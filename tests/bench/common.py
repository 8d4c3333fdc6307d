"""Shared helpers of the benchmarks: realistic content, timing, peers that may be missing."""

from __future__ import annotations

import os
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


PEERS = ("ours", "osml", "gdal", "codec")


def row(name: str, *, ours=None, osml=None, gdal=None, codec=None, repeat: int = 3,
        fresh: dict | None = None) -> dict:
    """One table row: the best (least) wall time of ``repeat`` runs of each candidate, in
    seconds; None where a candidate is not given or cannot do it (raises).

    Runs are interleaved (ours, osml, gdal, codec, ours, ...), so a slow spell of the machine
    (a VM here: run-to-run noise of 5-20 %) hits every candidate alike instead of one of them;
    the least time is the one least disturbed by it (noise only ever adds time). ``fresh`` maps
    a candidate to the path its write creates: removed before each run (untimed), so every
    writer writes a new file each time; replacing an existing file is a different operation
    (ours then fsyncs before the atomic replace, so a crash never leaves the user with neither
    file, where peers truncate in place)."""
    fns = {"ours": ours, "osml": osml, "gdal": gdal, "codec": codec}
    times: dict[str, list[float]] = {who: [] for who in fns}
    failed: set[str] = set()
    for _ in range(repeat):
        for who, fn in fns.items():
            if fn is None or who in failed:
                continue
            path = (fresh or {}).get(who)
            if path and os.path.exists(path):
                os.unlink(path)
            t0 = time.perf_counter()
            try:
                fn()
            except Exception:  # a peer that lacks the feature: reported as '-' in the table
                failed.add(who)
                continue
            times[who].append(time.perf_counter() - t0)
    return {"name": name, **{who: min(times[who]) if times[who] and who not in failed else None
                             for who in fns}}


def attempt(fn) -> bool:
    """Run ``fn`` once (warm-up, probing a peer); False when it raises."""
    try:
        fn()
        return True
    except Exception:
        return False


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

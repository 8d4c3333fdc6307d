"""Benchmark runner: ``python -m tests.bench.run [--size N] [--only core,nitf,...]``.

Prints, in one run, the best time of each operation (of 2-5 runs, interleaved across the
candidates: see ``common.row``) for our library, osml-imagery-io, GDAL (rasterio) and the raw
codec, and the ratio of ours to the faster peer (< 1.00 means we are faster). Each ``tests/bench/bench_*.py`` contributes rows through ``rows(size)`` (and optionally
``rss_rows(size)``).
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def modules(only: set[str] | None):
    for info in sorted(pkgutil.iter_modules([str(HERE)]), key=lambda i: i.name):
        if info.name.startswith("bench_"):
            short = info.name[len("bench_"):]
            if only is None or short in only:
                yield short, importlib.import_module(f"tests.bench.{info.name}")


def fmt(value) -> str:
    return "-" if value is None else f"{value:8.3f}"


def ratio(row) -> str:
    peers = [v for v in (row.get("osml"), row.get("gdal")) if v]
    if row.get("ours") is None or not peers:
        return "-"
    return f"{row['ours'] / min(peers):.2f}"


def table(rows: list[dict]) -> str:
    head = f"{'operation':44s} {'ours':>8s} {'osml':>8s} {'gdal':>8s} {'codec':>8s} {'ours/best':>9s}"
    lines = [head, "-" * len(head)]
    for row in rows:
        lines.append(f"{row['name'][:44]:44s} {fmt(row.get('ours'))} {fmt(row.get('osml'))} "
                     f"{fmt(row.get('gdal'))} {fmt(row.get('codec'))} {ratio(row):>9s}")
    return "\n".join(lines)


def collect(size: int, only: set[str] | None = None, rss: bool = False) -> list[dict]:
    rows: list[dict] = []
    for short, module in modules(only):
        if hasattr(module, "rows"):
            rows.extend(module.rows(size))
        if rss and hasattr(module, "rss_rows"):
            rows.extend(module.rss_rows(size))
    return rows


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=4096, help="image side in pixels")
    parser.add_argument("--only", help="comma-separated bench modules (core, nitf, j2k, tiff, tre)")
    parser.add_argument("--rss", action="store_true", help="also measure peak RSS rows")
    args = parser.parse_args(argv)
    only = set(args.only.split(",")) if args.only else None
    print(f"seconds (best of 2-5 interleaved runs), size {args.size}; "
          "ratio = ours / faster of osml and GDAL")
    print(table(collect(args.size, only, args.rss)))
    return 0


if __name__ == "__main__":
    sys.exit(main())

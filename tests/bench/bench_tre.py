"""Bench: decoding 1,000 TREs of mixed tags (the size of a busy header, many times over)."""
from __future__ import annotations

import time

from tests.io.tre.samples import sample_bytes
from workbench.io.tre import decode_tre, get_definition
from workbench.io.tre.registry import available_tags


def bench_decode_1000(n: int = 1000) -> dict:
    """Decode ``n`` TREs cycling through every defined tag; returns a printable row."""
    tags = available_tags()
    corpus = [(t, sample_bytes(get_definition(t), i)) for i, t in enumerate(tags)]
    for tag, data in corpus:  # definitions loaded and cached before timing
        decode_tre(tag, data)
    work = [corpus[i % len(corpus)] for i in range(n)]
    total = sum(len(d) for _, d in work)
    start = time.perf_counter()
    for tag, data in work:
        decode_tre(tag, data)
    seconds = time.perf_counter() - start
    return {"bench": f"decode {n} TREs ({len(tags)} tags)", "seconds": round(seconds, 4),
            "per_tre_us": round(seconds / n * 1e6, 1), "mb_per_s": round(total / seconds / 1e6, 2)}


def rows(size: int) -> list[dict]:
    """Runner rows (size is unused: the work is 1,000 TREs). No peer decodes TREs alone."""
    row = bench_decode_1000()
    return [{"name": row["bench"], "ours": row["seconds"], "osml": None, "gdal": None,
             "codec": None}]


if __name__ == "__main__":
    row = bench_decode_1000()
    print("  ".join(f"{k}={v}" for k, v in row.items()))

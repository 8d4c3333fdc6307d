"""CI runs the benchmark runner at a tiny size: every row must produce a time for us."""

from tests.bench import run


def test_runner_prints_core_rows_with_ratios():
    rows = run.collect(64, {"core"}, rss=False)
    assert rows and all(r["ours"] is not None and r["ours"] > 0 for r in rows)
    text = run.table(rows)
    assert "PNG write 64² RGB u8" in text and "ours/best" in text

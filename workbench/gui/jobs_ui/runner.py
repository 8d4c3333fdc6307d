"""Running a Qt-free job on the thread pool and getting its progress and outcome back on the UI
thread (queued signals), so the UI never blocks."""

from __future__ import annotations

import traceback

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class JobSignals(QObject):
    progress = Signal(float, str)
    finished = Signal(object)   # the job's return value
    failed = Signal(str)        # message (cancellations included, prefixed "cancelled")
    update = Signal(object)     # batch item updates


class JobRunnable(QRunnable):
    def __init__(self, fn, signals: JobSignals):
        super().__init__()
        self.fn = fn
        self.signals = signals
        self.setAutoDelete(True)

    def run(self) -> None:
        from workbench.io import CancelledError

        try:
            result = self.fn()
        except CancelledError as exc:
            self.signals.failed.emit(f"cancelled: {exc}")
        except Exception as exc:  # noqa: BLE001 - reported to the UI, never lost
            detail = "".join(traceback.format_exception_only(type(exc), exc)).strip()
            self.signals.failed.emit(detail)
        else:
            self.signals.finished.emit(result)


_pool: QThreadPool | None = None


def jobs_pool() -> QThreadPool:
    """A pool of its own for long jobs (two at a time: e.g. a batch and a chip export), so they
    never hold up the viewer's tile loading on the global pool. Each job parallelises its
    blocks on the IO library's block pool."""
    global _pool
    if _pool is None:
        _pool = QThreadPool()
        _pool.setMaxThreadCount(2)
    return _pool


def start(fn, signals: JobSignals | None = None, pool: QThreadPool | None = None) -> JobSignals:
    """Run ``fn()`` on ``pool`` (the jobs pool by default); connect to the returned signals."""
    signals = signals or JobSignals()
    (pool or jobs_pool()).start(JobRunnable(fn, signals))
    return signals

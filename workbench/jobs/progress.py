"""Progress reporting and cancellation shared by every job (chip, export, conversion).

A job takes a :class:`JobControl`: it calls ``control.report(fraction, message)`` as it goes
(which raises :class:`JobCancelled` once cancelled) and hands ``control.event`` to the IO
library's writer as ``cancel_event`` so a cancel also stops an encode in progress.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable

from workbench.io import CancelledError

ProgressCallback = Callable[[float, str], None]


class JobCancelled(CancelledError):
    """The user cancelled the job; no output was left behind."""


class JobControl:
    """A cancel flag plus a progress sink, optionally a sub-range of a parent's progress."""

    def __init__(self, progress: ProgressCallback | None = None,
                 event: threading.Event | None = None):
        self.progress = progress
        self.event = event if event is not None else threading.Event()

    # -- cancellation ---------------------------------------------------------------------------
    def cancel(self) -> None:
        self.event.set()

    @property
    def cancelled(self) -> bool:
        return self.event.is_set()

    def check(self) -> None:
        if self.event.is_set():
            raise JobCancelled("cancelled")

    # -- progress -------------------------------------------------------------------------------
    def report(self, fraction: float, message: str = "") -> None:
        self.check()
        if self.progress is not None:
            self.progress(min(1.0, max(0.0, float(fraction))), message)

    def span(self, start: float, end: float) -> "JobControl":
        """A control sharing this one's cancel flag whose 0..1 maps to ``start..end`` here."""
        parent = self

        def forward(fraction: float, message: str) -> None:
            if parent.progress is not None:
                parent.progress(start + (end - start) * fraction, message)

        return JobControl(forward, self.event)

    def writer_callback(self) -> ProgressCallback:
        """What to pass as ``progress=`` to ``IO.open(..., "w")``."""
        return lambda fraction, message: self.progress and self.progress(fraction, message)


def as_control(control: JobControl | None = None, progress: ProgressCallback | None = None,
               cancel_event: threading.Event | None = None) -> JobControl:
    if control is not None:
        return control
    return JobControl(progress, cancel_event)


class TerminalProgress:
    """A one-line progress bar for the CLI: drawn on a terminal (stderr), silent otherwise."""

    def __init__(self, label: str, stream=None, width: int = 30):
        self.stream = stream or sys.stderr
        self.label = label
        self.width = width
        self.enabled = hasattr(self.stream, "isatty") and self.stream.isatty()
        self._last = -1

    def __call__(self, fraction: float, message: str = "") -> None:
        if not self.enabled:
            return
        filled = int(round(fraction * self.width))
        percent = int(fraction * 100)
        if percent == self._last:
            return
        self._last = percent
        bar = "#" * filled + "-" * (self.width - filled)
        self.stream.write(f"\r{self.label[:40]:40} [{bar}] {percent:3d}%")
        self.stream.flush()

    def done(self, status: str = "") -> None:
        if self.enabled:
            self.stream.write(f"\r{self.label[:40]:40} {status:<{self.width + 8}}\n")
            self.stream.flush()

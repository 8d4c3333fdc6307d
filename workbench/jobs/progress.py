"""Progress reporting and cancellation shared by every job (chip, export, conversion).

A job takes a :class:`JobControl`: it calls ``control.report(fraction, message)`` as it goes
(which raises :class:`JobCancelled` once cancelled) and hands ``control.event`` to the IO
library's writer as ``cancel_event`` so a cancel also stops an encode in progress.
"""

from __future__ import annotations

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

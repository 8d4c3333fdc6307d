"""Background tile work: the UI thread submits immutable requests, a private QThreadPool decodes
and renders them, and results come back to the UI thread as a queued signal. Requests the view
no longer wants when a worker reaches them are dropped without decoding."""

from __future__ import annotations

import traceback

import numpy as np
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal
from PySide6.QtGui import QImage

from workbench.jobs.display.render import render_tile


def qimage_from_rgb(rgb: np.ndarray) -> QImage:
    """A QImage holding a copy of an HxWx3 uint8 array (written into the image's own memory, so
    no Python buffer is shared with Qt)."""
    h, w = rgb.shape[:2]
    image = QImage(w, h, QImage.Format.Format_RGB888)
    stride = image.bytesPerLine()
    view = np.frombuffer(image.bits(), dtype=np.uint8, count=stride * h).reshape(h, stride)
    view[:, :3 * w] = rgb.reshape(h, 3 * w)
    return image


def render_request(pyr, key, params) -> QImage:
    k, r, c = key
    x, y, _, _ = pyr.tile_bounds(k, r, c)
    return qimage_from_rgb(render_tile(pyr.tile(k, r, c, params.bands), params, x, y))


class _Job(QRunnable):
    def __init__(self, loader: "TileLoader", token, fn, args):
        super().__init__()
        self.setAutoDelete(True)
        self.loader, self.token, self.fn, self.args = loader, token, fn, args

    def run(self) -> None:  # worker thread
        if not self.loader.still_wanted(self.token):
            self.loader.finished.emit(self.token, None, "")
            return
        try:
            result = self.fn(*self.args)
        except Exception as exc:  # noqa: BLE001 - reported to the UI, never raised there
            detail = "".join(traceback.format_exception_only(type(exc), exc)).strip()
            self.loader.finished.emit(self.token, None, detail or type(exc).__name__)
            return
        self.loader.finished.emit(self.token, result, "")


class TileLoader(QObject):
    """``finished(token, result, error)`` arrives on the UI thread; ``result`` None with an empty
    error means the request was dropped as stale."""

    finished = Signal(object, object, str)

    def __init__(self, parent=None, threads: int = 2):
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(threads)
        self.pending: set = set()
        self._wanted: frozenset = frozenset()
        self.finished.connect(self._on_finished)

    def set_wanted(self, tokens) -> None:
        self._wanted = frozenset(tokens)

    def still_wanted(self, token) -> bool:
        return token in self._wanted or isinstance(token[0], str)

    def submit(self, token, fn, *args, priority: int = 0) -> None:
        if token in self.pending:
            return
        self.pending.add(token)
        self.pool.start(_Job(self, token, fn, args), priority)

    def _on_finished(self, token, result, error) -> None:
        self.pending.discard(token)

    def idle(self) -> bool:
        return not self.pending

    def wait(self, msecs: int = 30000) -> bool:
        return self.pool.waitForDone(msecs)

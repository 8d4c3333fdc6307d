"""The overview navigator: the whole image small, with the viewport outlined; click or drag to
move the view there."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QWidget

from workbench.jobs.display.quicklook import compose_level

from .signals import disconnect_quietly
from .viewer.loader import qimage_from_rgb

THUMB = 256


class Navigator(QWidget):
    def __init__(self, window):
        super().__init__()
        self.window = window
        self.setMinimumSize(160, 120)
        self.doc = None
        self.thumb = None
        window.documentChanged.connect(self.show_document)

    def show_document(self, doc) -> None:
        if getattr(self, "_connected", None) is not None:
            old = self._connected
            disconnect_quietly(((old.viewer.viewChanged, self.update),
                                (old.changed, self._rebuild)))
            self._connected = None
        self.doc = doc
        self.thumb = None
        if doc is not None and doc.error is None:
            doc.viewer.viewChanged.connect(self.update)
            doc.changed.connect(self._rebuild)
            self._connected = doc
            self._rebuild()
        self.update()

    def _rebuild(self) -> None:
        """The coarsest level (at most one tile) rendered with the document's stretch, on a
        worker (it may need the whole image decoded when the file has no pyramid)."""
        doc = self.doc
        if doc is None or doc.pyramid is None or doc.params is None:
            return
        loader = doc.viewer.loader
        token = ("navigator", id(doc.pyramid), doc.params.generation)
        if doc.viewer.synchronous:
            self._done(token, *_thumbnail(doc.pyramid, doc.params))
            return
        if getattr(self, "_loader", None) is not loader:
            loader.finished.connect(self._done)
            self._loader = loader
        loader.submit(token, _thumbnail, doc.pyramid, doc.params)

    def _done(self, token, result, error="") -> None:
        if not (isinstance(token, tuple) and token[0] == "navigator") or self.doc is None:
            return
        if isinstance(result, tuple):
            result, error = result
        if error:
            self.window.log(f"navigator: cannot render the overview: {error}", "warning")
        if result is not None and self.doc.pyramid is not None \
                and token[1] == id(self.doc.pyramid):
            self.thumb = result
        self.update()

    def _frame(self) -> tuple[QRectF, float]:
        pyr = self.doc.pyramid
        scale = min(self.width() / pyr.width, self.height() / pyr.height)
        w, h = pyr.width * scale, pyr.height * scale
        return QRectF((self.width() - w) / 2, (self.height() - h) / 2, w, h), scale

    def paintEvent(self, event) -> None:
        p = QPainter(self)
        p.fillRect(self.rect(), QColor(48, 48, 48))
        if self.doc is not None and self.doc.pyramid is not None and self.thumb is not None:
            frame, scale = self._frame()
            p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            p.drawImage(frame, self.thumb)
            viewer = self.doc.viewer
            corners = [viewer.map_to_image(QPointF(x, y)) for x, y in
                       ((0, 0), (viewer.width(), 0), (viewer.width(), viewer.height()),
                        (0, viewer.height()))]
            pts = [QPointF(frame.x() + c.x() * scale, frame.y() + c.y() * scale) for c in corners]
            p.setPen(QPen(QColor(255, 220, 0), 2))
            for i in range(4):
                p.drawLine(pts[i], pts[(i + 1) % 4])
        p.end()

    def _move_to(self, pos) -> None:
        if self.doc is None or self.doc.pyramid is None:
            return
        frame, scale = self._frame()
        x = (pos.x() - frame.x()) / scale
        y = (pos.y() - frame.y()) / scale
        self.doc.viewer.set_view(x, y)

    def mousePressEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._move_to(event.position())

    def mouseMoveEvent(self, event) -> None:
        if event.buttons() & Qt.MouseButton.LeftButton:
            self._move_to(event.position())


def _thumbnail(pyr, params):
    try:
        return qimage_from_rgb(compose_level(pyr, pyr.num_levels - 1, params)), ""
    except Exception as exc:  # noqa: BLE001
        return None, f"{type(exc).__name__}: {exc}"

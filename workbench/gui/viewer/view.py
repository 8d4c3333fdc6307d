"""``ImageViewer``: a tiled, zoomable, rotatable view of one image asset.

The view draws only visible tiles at the pyramid level that suits the zoom; missing tiles are
requested from the :class:`TileLoader` and, until they arrive, the nearest coarser cached tile is
stretched over their place. ``synchronous = True`` renders every tile before painting (tests).
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPainter, QTransform
from PySide6.QtWidgets import QWidget

from workbench.jobs.display.cache import ByteLRU
from workbench.jobs.display.levels import choose_level, fit_zoom

from .loader import TileLoader, qimage_from_rgb, render_request
from .selection import SelectionMixin

BACKGROUND = QColor(48, 48, 48)
LOADING = QColor(96, 96, 96)
MIN_ZOOM, MAX_ZOOM = 1.0 / 4096, 64.0


class ImageViewer(SelectionMixin, QWidget):
    viewChanged = Signal()
    cursorMoved = Signal(object)            # (x, y) full-res pixel or None
    pixelValues = Signal(int, int, object)  # x, y, raw values of every band (or None)
    tileFailed = Signal(str)                # message for the log
    selectionChanged = Signal(object)

    def __init__(self, parent=None, cache_mb: int = 256):
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setMinimumSize(200, 150)
        self.synchronous = False
        self.pyramid = None
        self.params = None
        self._center = QPointF(0, 0)
        self._zoom = 1.0
        self._rotation = 0
        self._fitted = True
        self._drag = None
        self._images = ByteLRU(cache_mb << 20)
        self._failed: dict = {}
        self.loader = TileLoader(self)
        self.loader.finished.connect(self._on_finished)
        self._cursor = None
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(150)
        self._settle.timeout.connect(self.update)
        self._init_selection()

    # -- content ---------------------------------------------------------------------------------
    def set_image(self, pyramid, params) -> None:
        self.pyramid, self.params = pyramid, params
        self._images.clear()
        self._failed.clear()
        self._fitted = True
        self.fit()

    def set_params(self, params) -> None:
        """New stretch/bands: re-render from the raw tiles (no decoding)."""
        self.params = params
        self._images.clear()
        self._failed.clear()
        self.update()
        self.viewChanged.emit()

    def set_cache_mb(self, mb: int) -> None:
        self._images.resize(int(mb) << 20)

    def refresh(self) -> None:
        self._images.clear()
        self._failed.clear()
        self.update()

    # -- geometry --------------------------------------------------------------------------------
    @property
    def zoom(self) -> float:
        return self._zoom

    @property
    def rotation(self) -> int:
        return self._rotation * 90

    @property
    def center(self) -> tuple[float, float]:
        return self._center.x(), self._center.y()

    def transform(self) -> QTransform:
        """Full-resolution image coordinates → widget coordinates."""
        t = QTransform()
        t.translate(self.width() / 2.0, self.height() / 2.0)
        t.rotate(90.0 * self._rotation)
        t.scale(self._zoom, self._zoom)
        t.translate(-self._center.x(), -self._center.y())
        return t

    def map_to_image(self, pos) -> QPointF:
        inv, _ = self.transform().inverted()
        return inv.map(QPointF(pos))

    def map_from_image(self, x: float, y: float) -> QPointF:
        return self.transform().map(QPointF(x, y))

    def visible_image_rect(self) -> QRectF:
        inv, _ = self.transform().inverted()
        return inv.mapRect(QRectF(self.rect()))

    def level(self) -> int:
        return choose_level(self._zoom, self.pyramid.num_levels) if self.pyramid else 0

    def set_view(self, cx: float, cy: float, zoom: float | None = None) -> None:
        self._center = QPointF(cx, cy)
        if zoom is not None:
            self._zoom = min(MAX_ZOOM, max(MIN_ZOOM, zoom))
            self._fitted = False
        self.update()
        self.viewChanged.emit()

    def fit(self) -> None:
        if not self.pyramid:
            return
        self._fitted = True
        self._zoom = fit_zoom(self.pyramid.width, self.pyramid.height, max(1, self.width()),
                              max(1, self.height()), self._rotation % 2 == 1)
        self._center = QPointF(self.pyramid.width / 2.0, self.pyramid.height / 2.0)
        self.update()
        self.viewChanged.emit()

    def one_to_one(self) -> None:
        self.zoom_at(1.0 / self._zoom)

    def zoom_at(self, factor: float, pos=None) -> None:
        """Zoom by ``factor`` keeping the image point under ``pos`` (default: centre) fixed."""
        pos = QPointF(pos) if pos is not None else QPointF(self.width() / 2, self.height() / 2)
        anchor = self.map_to_image(pos)
        self._zoom = min(MAX_ZOOM, max(MIN_ZOOM, self._zoom * factor))
        self._fitted = False
        moved = self.transform().map(anchor)
        self.pan_by(pos.x() - moved.x(), pos.y() - moved.y())

    def pan_by(self, dx: float, dy: float) -> None:
        """Move the image by (dx, dy) screen pixels."""
        self._settle.start()
        back = QTransform().rotate(-90.0 * self._rotation).map(QPointF(dx, dy))
        self._center -= back / self._zoom
        self._fitted = False
        self.update()
        self.viewChanged.emit()

    def rotate_by(self, quarter_turns: int) -> None:
        self._rotation = (self._rotation + quarter_turns) % 4
        if self._fitted:
            self.fit()
        self.update()
        self.viewChanged.emit()

    # -- tiles -----------------------------------------------------------------------------------
    def needed_tiles(self) -> list[tuple[int, int, int]]:
        """Tiles of the current level that intersect the view, nearest the centre first."""
        pyr = self.pyramid
        if pyr is None:
            return []
        k = self.level()
        s = float(1 << k)
        vis = self.visible_image_rect().intersected(QRectF(0, 0, pyr.width, pyr.height))
        if vis.isEmpty():
            return []
        t = pyr.tile_size * s
        rows, cols = pyr.grid(k)
        r0, r1 = max(0, int(vis.top() // t)), min(rows - 1, int(math.ceil(vis.bottom() / t)) - 1)
        c0, c1 = max(0, int(vis.left() // t)), min(cols - 1, int(math.ceil(vis.right() / t)) - 1)
        cx, cy = self._center.x() / t, self._center.y() / t
        keys = [(k, r, c) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)]
        keys.sort(key=lambda key: (key[1] + 0.5 - cy) ** 2 + (key[2] + 0.5 - cx) ** 2)
        return keys

    def _token(self, key):
        return (key, self.params.generation, id(self.pyramid))

    def is_complete(self) -> bool:
        """True when every visible tile of the current level is drawn (or failed)."""
        if self.pyramid is None or self.params is None:
            return False
        return all(self._token(k) in self._images or self._token(k) in self._failed
                   for k in self.needed_tiles())

    def _render_now(self, key) -> None:
        token = self._token(key)
        try:
            self._images.put(token, render_request(self.pyramid, key, self.params))
        except Exception as exc:  # noqa: BLE001 - a bad block is shown, never raised
            self._fail(token, f"{type(exc).__name__}: {exc}")

    def _fail(self, token, message: str) -> None:
        (k, r, c) = token[0]
        self._failed[token] = message
        self.tileFailed.emit(f"tile level {k} row {r} col {c} failed to decode: {message}")

    def _request(self, keys) -> None:
        tokens = [self._token(k) for k in keys]
        self.loader.set_wanted(tokens)
        for i, (key, token) in enumerate(zip(keys, tokens)):
            if token not in self._images and token not in self._failed:
                self.loader.submit(token, render_request, self.pyramid, key, self.params,
                                   priority=len(keys) - i)

    def _on_finished(self, token, result, error) -> None:
        if isinstance(token[0], str):
            if token[0] == "pixel":
                self.pixelValues.emit(token[1], token[2], result)
            return
        if error:
            self._fail(token, error)
            self.update()
        elif result is not None:
            self._images.put(token, result)
            self.update()
        else:  # dropped as stale; the view may have come back to it while it was queued (a
            self.update()  # paint then skips it as pending): the next paint asks again

    def _cached_image(self, key):
        return self._images.get(self._token(key))

    def _fallback(self, key):
        """The nearest coarser cached tile covering ``key`` and the source rect inside it."""
        k, r, c = key
        pyr = self.pyramid
        for kk in range(k + 1, pyr.num_levels):
            d = kk - k
            pr, pc = r >> d, c >> d
            img = self._cached_image((kk, pr, pc))
            if img is None:
                continue
            t = pyr.tile_size
            sub = t / float(1 << d)
            sx, sy = (c - (pc << d)) * sub, (r - (pr << d)) * sub
            return img, QRectF(sx, sy, sub, sub)
        return None

    # -- painting --------------------------------------------------------------------------------
    def paintEvent(self, event) -> None:
        p = QPainter(self)
        p.fillRect(self.rect(), BACKGROUND)
        if self.pyramid is None or self.params is None:
            p.end()
            return
        keys = self.needed_tiles()
        if self.synchronous:
            for key in keys:
                if self._cached_image(key) is None and self._token(key) not in self._failed:
                    self._render_now(key)
        else:
            self._request(keys)
        p.setTransform(self.transform())
        pyr = self.pyramid
        p.setClipRect(QRectF(0, 0, pyr.width, pyr.height))
        # smooth (bilinear) scaling only when the view is at rest: while panning/zooming the
        # cheaper nearest-neighbour drawing keeps the UI thread responsive
        smooth = self._zoom < 1.0 and not self._settle.isActive()
        p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, smooth)
        for key in keys:
            k, r, c = key
            x, y, w, h = pyr.tile_bounds(k, r, c)
            s = float(1 << k)
            target = QRectF(x * s, y * s, w * s, h * s)
            token = self._token(key)
            img = self._images.get(token)
            if img is None and token in self._failed:
                img = qimage_from_rgb(_error_rgb(h, w))
            if img is not None:
                p.drawImage(target, img, QRectF(0, 0, w, h))
                continue
            fb = self._fallback(key)
            if fb is not None:
                src = fb[1]
                p.drawImage(QRectF(target.x(), target.y(), src.width() * s, src.height() * s),
                            fb[0], src)
            else:
                p.fillRect(target, LOADING)
        p.setClipping(False)
        self._paint_selection(p)
        p.end()

    # -- input -----------------------------------------------------------------------------------
    def resizeEvent(self, event) -> None:
        if self._fitted:
            self.fit()
        super().resizeEvent(event)

    def wheelEvent(self, event) -> None:
        steps = event.angleDelta().y() / 120.0
        if steps:
            self.zoom_at(1.25 ** steps, event.position())

    def keyPressEvent(self, event) -> None:
        key, step = event.key(), max(16, min(self.width(), self.height()) // 8)
        actions = {
            Qt.Key.Key_Left: lambda: self.pan_by(step, 0),
            Qt.Key.Key_Right: lambda: self.pan_by(-step, 0),
            Qt.Key.Key_Up: lambda: self.pan_by(0, step),
            Qt.Key.Key_Down: lambda: self.pan_by(0, -step),
            Qt.Key.Key_Plus: lambda: self.zoom_at(1.25),
            Qt.Key.Key_Equal: lambda: self.zoom_at(1.25),
            Qt.Key.Key_Minus: lambda: self.zoom_at(0.8),
            Qt.Key.Key_F: self.fit,
            Qt.Key.Key_1: self.one_to_one,
            Qt.Key.Key_R: lambda: self.rotate_by(1),
        }
        action = actions.get(key)
        if action is None:
            super().keyPressEvent(event)
        else:
            action()

    def mousePressEvent(self, event) -> None:
        if self._selection_press(event):
            return
        if event.button() == Qt.MouseButton.LeftButton:
            self._drag = event.position()
            self.setCursor(Qt.CursorShape.ClosedHandCursor)

    def mouseMoveEvent(self, event) -> None:
        self._report_cursor(event.position())
        if self._selection_move(event):
            return
        if self._drag is not None:
            d = event.position() - self._drag
            self._drag = event.position()
            self.pan_by(d.x(), d.y())

    def mouseReleaseEvent(self, event) -> None:
        if self._selection_release(event):
            return
        self._drag = None
        self.unsetCursor()

    def _report_cursor(self, pos) -> None:
        if self.pyramid is None:
            return
        pt = self.map_to_image(pos)
        x, y = int(math.floor(pt.x())), int(math.floor(pt.y()))
        if not (0 <= x < self.pyramid.width and 0 <= y < self.pyramid.height):
            self.cursorMoved.emit(None)
            return
        self.cursorMoved.emit((x, y))
        self.request_pixel(x, y)

    def request_pixel(self, x: int, y: int) -> None:
        """Raw values of every band at (x, y), delivered by ``pixelValues`` (cached tiles answer
        at once; otherwise a worker reads the block)."""
        if self.synchronous:
            try:
                values = self.pyramid.pixel(x, y)
            except Exception:  # noqa: BLE001
                values = None
            self.pixelValues.emit(x, y, values)
            return
        self.loader.submit(("pixel", x, y), _pixel_or_none, self.pyramid, x, y)


def _pixel_or_none(pyr, x, y):
    try:
        return pyr.pixel(x, y)
    except Exception:  # noqa: BLE001 - an unreadable block has no values to show
        return None


def _error_rgb(h, w):
    from workbench.jobs.display.render import error_tile

    return error_tile(h, w)

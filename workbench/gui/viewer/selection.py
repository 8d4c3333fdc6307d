"""Rubber-band selection in full-resolution pixels, snapped to whole pixels, with corner handles;
optionally of a fixed size or aspect ratio. Mixed into :class:`ImageViewer`."""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPen

HANDLE = 6.0


class SelectionMixin:
    def _init_selection(self) -> None:
        self._sel = None            # (x, y, w, h) in full-res pixels
        self._sel_mode = False
        self._sel_fixed = None
        self._sel_aspect = None
        self._sel_drag = None       # ("new"|"move"|corner index, anchor image point, start rect)

    # -- API ---------------------------------------------------------------------------------------
    def selection(self):
        return self._sel

    def set_selection(self, rect) -> None:
        if rect is not None:
            rect = self._clamp(*(int(round(v)) for v in rect))
        if rect != self._sel:
            self._sel = rect
            self.selectionChanged.emit(rect)
        self.update()

    def set_selection_mode(self, enabled: bool, fixed_size=None, aspect=None) -> None:
        self._sel_mode = bool(enabled)
        self._sel_fixed = tuple(int(v) for v in fixed_size) if fixed_size else None
        self._sel_aspect = float(aspect) if aspect else None
        self.setCursor(Qt.CursorShape.CrossCursor) if enabled else self.unsetCursor()

    # -- helpers -----------------------------------------------------------------------------------
    def _clamp(self, x, y, w, h):
        if self.pyramid is None:
            return (x, y, max(1, w), max(1, h))
        W, H = self.pyramid.width, self.pyramid.height
        w, h = max(1, min(w, W)), max(1, min(h, H))
        return (max(0, min(x, W - w)), max(0, min(y, H - h)), w, h)

    def _image_point(self, pos) -> QPointF:
        return self.map_to_image(pos)

    def _corners(self):
        x, y, w, h = self._sel
        return [self.map_from_image(px, py) for px, py in
                ((x, y), (x + w, y), (x + w, y + h), (x, y + h))]

    def _rect_from(self, a: QPointF, b: QPointF):
        x0, x1 = sorted((a.x(), b.x()))
        y0, y1 = sorted((a.y(), b.y()))
        x0, y0 = math.floor(x0), math.floor(y0)
        w, h = max(1, math.ceil(x1) - x0), max(1, math.ceil(y1) - y0)
        if self._sel_aspect:
            h = max(1, int(round(w / self._sel_aspect)))
            if b.y() < a.y():
                y0 = math.floor(a.y()) - h
            if b.x() < a.x():
                x0 = math.ceil(a.x()) - w
        return self._clamp(x0, y0, w, h)

    # -- mouse (return True when the event was consumed) ------------------------------------------
    def _selection_press(self, event) -> bool:
        if not self._sel_mode or event.button() != Qt.MouseButton.LeftButton:
            return False
        pos = event.position()
        pt = self._image_point(pos)
        if self._sel is not None and not self._sel_fixed:
            for i, c in enumerate(self._corners()):
                if abs(c.x() - pos.x()) <= HANDLE and abs(c.y() - pos.y()) <= HANDLE:
                    self._sel_drag = (i, pt, self._sel)
                    return True
        if self._sel_fixed:
            fw, fh = self._sel_fixed
            self.set_selection((math.floor(pt.x() - fw / 2), math.floor(pt.y() - fh / 2), fw, fh))
            self._sel_drag = ("move", pt, self._sel)
            return True
        if self._sel is not None:
            x, y, w, h = self._sel
            if x <= pt.x() < x + w and y <= pt.y() < y + h:
                self._sel_drag = ("move", pt, self._sel)
                return True
        self._sel_drag = ("new", pt, None)
        return True

    def _selection_move(self, event) -> bool:
        if self._sel_drag is None:
            return False
        kind, anchor, start = self._sel_drag
        pt = self._image_point(event.position())
        if kind == "new":
            self.set_selection(self._rect_from(anchor, pt))
        elif kind == "move":
            x, y, w, h = start
            self.set_selection((x + round(pt.x() - anchor.x()), y + round(pt.y() - anchor.y()),
                                w, h))
        else:
            x, y, w, h = start
            opposite = [(x + w, y + h), (x, y + h), (x, y), (x + w, y)][kind]
            self.set_selection(self._rect_from(QPointF(*opposite), pt))
        return True

    def _selection_release(self, event) -> bool:
        if self._sel_drag is None:
            return False
        self._sel_drag = None
        return True

    # -- drawing -------------------------------------------------------------------------------------
    def _paint_selection(self, painter) -> None:
        if self._sel is None:
            return
        painter.resetTransform()
        corners = self._corners()
        pen = QPen(QColor(255, 220, 0), 2)
        painter.setPen(pen)
        for i in range(4):
            painter.drawLine(corners[i], corners[(i + 1) % 4])
        if self._sel_mode and not self._sel_fixed:
            painter.setBrush(QColor(255, 220, 0))
            for c in corners:
                painter.drawRect(QRectF(c.x() - HANDLE / 2, c.y() - HANDLE / 2, HANDLE, HANDLE))

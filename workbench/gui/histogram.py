"""A histogram of the stretch sample with the clip points drawn as vertical lines."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QPainter, QPen, QPolygonF
from PySide6.QtWidgets import QWidget

BAND_COLOURS = [QColor(220, 40, 40), QColor(40, 170, 40), QColor(50, 90, 230)]


class HistogramWidget(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setMinimumSize(220, 110)
        self.hists: list[tuple[np.ndarray, np.ndarray]] = []
        self.limits: list[tuple[float, float]] = []
        self.range = (0.0, 1.0)

    def set_data(self, sample: np.ndarray, limits) -> None:
        """``sample`` (bands, N) display values; ``limits`` [(lo, hi)] per band."""
        self.limits = list(limits or [])
        self.hists = []
        finite = [v[np.isfinite(v)] for v in sample] if sample is not None else []
        finite = [v for v in finite if v.size]
        if finite:
            lo = min(float(v.min()) for v in finite + [np.array([l for l, _ in self.limits])])
            hi = max(float(v.max()) for v in finite + [np.array([h for _, h in self.limits])])
            self.range = (lo, hi if hi > lo else lo + 1)
            for v in finite:
                counts, edges = np.histogram(v, bins=128, range=self.range)
                self.hists.append((counts, edges))
        self.update()

    def x_of(self, value: float) -> float:
        lo, hi = self.range
        return 4 + (value - lo) / (hi - lo) * (self.width() - 8)

    def paintEvent(self, event) -> None:
        p = QPainter(self)
        p.fillRect(self.rect(), QColor(250, 250, 250))
        h = self.height() - 4
        gray = len(self.hists) == 1
        for i, (counts, edges) in enumerate(self.hists):
            peak = max(1, int(counts.max()))
            pts = [QPointF(self.x_of(edges[0]), h)]
            for c, e0, e1 in zip(counts, edges[:-1], edges[1:]):
                y = h - (c / peak) * (h - 4)
                pts += [QPointF(self.x_of(e0), y), QPointF(self.x_of(e1), y)]
            pts.append(QPointF(self.x_of(edges[-1]), h))
            colour = QColor(90, 90, 90) if gray else BAND_COLOURS[i % 3]
            fill = QColor(colour)
            fill.setAlpha(70)
            p.setPen(QPen(colour, 1))
            p.setBrush(fill)
            p.drawPolygon(QPolygonF(pts))
        for i, (lo, hi) in enumerate(self.limits):
            colour = QColor(0, 0, 0) if gray else BAND_COLOURS[i % 3]
            p.setPen(QPen(colour, 1, Qt.PenStyle.DashLine))
            for v in (lo, hi):
                x = self.x_of(v)
                p.drawLine(QPointF(x, 0), QPointF(x, h))
        p.end()

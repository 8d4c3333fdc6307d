"""Status bar readouts of the current document: pixel under the cursor, raw values of every band,
ground coordinates when the image is georeferenced, zoom and level."""

from __future__ import annotations

import numpy as np
from PySide6.QtWidgets import QLabel

from workbench.jobs.display.geolocation import locator_for

from .signals import disconnect_quietly


def format_values(values) -> str:
    if values is None:
        return "masked"
    parts = []
    for v in np.asarray(values).ravel():
        if np.iscomplexobj(v):
            parts.append(f"{v.real:g}{v.imag:+g}j")
        elif float(v).is_integer():
            parts.append(str(int(v)))
        else:
            parts.append(f"{float(v):.6g}")
    return " ".join(parts)


class Readouts:
    def __init__(self, status_bar):
        self.bar = status_bar
        self.pixel = QLabel("")
        self.values = QLabel("")
        self.ground = QLabel("")
        self.zoom = QLabel("")
        for label in (self.pixel, self.values, self.ground, self.zoom):
            status_bar.addPermanentWidget(label)
        self.doc = None
        self.locator = None
        self._cursor = None
        self._connected = None

    def attach(self, doc) -> None:
        if self._connected is not None:
            v = self._connected
            disconnect_quietly(((v.cursorMoved, self.on_cursor), (v.pixelValues, self.on_values),
                                (v.viewChanged, self.on_view)))
            self._connected = None
        self.doc = doc
        self.locator = None
        for label in (self.pixel, self.values, self.ground, self.zoom):
            label.setText("")
        if doc is None or doc.pyramid is None:
            return
        try:
            self.locator = locator_for(doc.reader, doc.pyramid.asset)
        except Exception:  # noqa: BLE001 - no readout rather than a broken status bar
            self.locator = None
        self._connected = doc.viewer
        doc.viewer.cursorMoved.connect(self.on_cursor)
        doc.viewer.pixelValues.connect(self.on_values)
        doc.viewer.viewChanged.connect(self.on_view)
        self.on_view()

    def on_cursor(self, xy) -> None:
        self._cursor = xy
        if xy is None:
            self.pixel.setText("")
            self.values.setText("")
            self.ground.setText("")
            self.on_view()
            return
        x, y = xy
        self.pixel.setText(f"row {y}  col {x}")
        if self.locator is not None:
            self.ground.setText(self.locator.describe(x + 0.5, y + 0.5))

    def on_values(self, x, y, values) -> None:
        if self._cursor == (x, y):
            self.values.setText(format_values(values))

    def on_view(self) -> None:
        v = self.doc.viewer if self.doc else None
        if v is None or v.pyramid is None:
            return
        self.zoom.setText(f"{v.zoom * 100:.4g}%  L{v.level()}  {v.rotation}°")
        if self._cursor is None and self.locator is not None:
            # No cursor over the image: say where the view is on the ground.
            x, y = v.center
            self.ground.setText("view centre " + self.locator.describe(x, y))

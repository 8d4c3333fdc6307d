"""The display panel: band → RGB mapping, stretch mode and its clip points, gamma, complex mode,
"stretch to view", and the histogram of the sample with the clip points."""

from __future__ import annotations

from PySide6.QtWidgets import (QComboBox, QDoubleSpinBox, QFormLayout, QHBoxLayout, QPushButton,
                               QVBoxLayout, QWidget)

from workbench.jobs.display.render import DisplaySettings
from workbench.jobs.display.stretch import MODES, Stretch

from .histogram import HistogramWidget


def _spin(lo, hi, value, step, decimals=2) -> QDoubleSpinBox:
    s = QDoubleSpinBox()
    s.setRange(lo, hi)
    s.setDecimals(decimals)
    s.setSingleStep(step)
    s.setValue(value)
    s.setKeyboardTracking(False)
    return s


class DisplayPanel(QWidget):
    def __init__(self, window):
        super().__init__()
        self.window = window
        self.doc = None
        self._connected = None
        self._updating = False
        self.mapping = QComboBox()
        self.mapping.addItems(["RGB", "Gray"])
        self.band = [QComboBox() for _ in range(3)]
        self.mode = QComboBox()
        self.mode.addItems(MODES)
        self.low = _spin(-1e12, 1e12, 2.0, 1.0, 4)
        self.high = _spin(-1e12, 1e12, 98.0, 1.0, 4)
        self.nstd = _spin(0.1, 10, 2.0, 0.25)
        self.gamma = _spin(0.05, 10, 1.0, 0.1)
        self.complex = QComboBox()
        self.complex.addItems(["magnitude", "db"])
        self.to_view = QPushButton("Stretch to view")
        self.histogram = HistogramWidget()
        form = QFormLayout()
        form.addRow("Mapping", self.mapping)
        bands = QHBoxLayout()
        for combo in self.band:
            bands.addWidget(combo)
        form.addRow("Bands R G B", bands)
        form.addRow("Stretch", self.mode)
        form.addRow("Low", self.low)
        form.addRow("High", self.high)
        form.addRow("Std devs", self.nstd)
        form.addRow("Gamma", self.gamma)
        form.addRow("Complex", self.complex)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.to_view)
        layout.addWidget(self.histogram, 1)
        for w in [self.mapping, self.mode, self.complex] + self.band:
            w.currentIndexChanged.connect(self.apply)
        for w in (self.low, self.high, self.nstd, self.gamma):
            w.valueChanged.connect(self.apply)
        self.to_view.clicked.connect(self.stretch_to_view)
        window.documentChanged.connect(self.show_document)

    def show_document(self, doc) -> None:
        if self._connected is not None:
            try:
                self._connected.changed.disconnect(self.refresh)
            except (RuntimeError, TypeError):
                pass
            self._connected = None
        self.doc = doc
        self.setEnabled(doc is not None and doc.pyramid is not None)
        if doc is None or (doc.pyramid is None and doc.error is not None):
            self.histogram.set_data(None, [])
            return
        doc.changed.connect(self.refresh)
        self._connected = doc
        self.refresh()

    def refresh(self) -> None:
        """Widgets follow the document's settings."""
        doc = self.doc
        if doc is None or doc.settings is None or doc.pyramid is None:
            return
        self.setEnabled(True)
        self._updating = True
        try:
            s, n = doc.settings, doc.pyramid.num_bands
            for combo in self.band:
                combo.clear()
                combo.addItems([f"{i}" for i in range(n)])
            self.mapping.setCurrentText("RGB" if len(s.bands) == 3 else "Gray")
            for i, combo in enumerate(self.band):
                combo.setCurrentIndex(s.bands[i] if i < len(s.bands) else s.bands[0])
                combo.setEnabled(len(s.bands) == 3 or i == 0)
            st = s.stretch
            self.mode.setCurrentText(st.mode)
            if st.mode == "manual":
                self.low.setValue(st.manual[0])
                self.high.setValue(st.manual[1])
            else:
                self.low.setValue(st.low)
                self.high.setValue(st.high)
            self.nstd.setValue(st.nstd)
            self.gamma.setValue(st.gamma)
            self.complex.setCurrentText(s.complex_mode)
            self.complex.setEnabled(doc.pyramid.dtype.kind == "c")
            self.histogram.set_data(doc.sample, doc.params.limits if doc.params else [])
        finally:
            self._updating = False

    def settings_from_widgets(self) -> DisplaySettings:
        mode = self.mode.currentText()
        lo, hi = self.low.value(), self.high.value()
        if mode == "manual":
            stretch = Stretch("manual", manual=(lo, hi), gamma=self.gamma.value())
        elif mode == "percentile":
            lo, hi = max(0.0, min(lo, 99.9)), min(100.0, max(hi, lo + 0.1))
            stretch = Stretch("percentile", low=lo, high=hi, gamma=self.gamma.value())
        else:
            stretch = Stretch(mode, nstd=self.nstd.value(), gamma=self.gamma.value())
        if self.mapping.currentText() == "RGB" and self.doc.pyramid.num_bands > 1:
            bands = tuple(c.currentIndex() for c in self.band)
        else:
            bands = (self.band[0].currentIndex(),)
        return DisplaySettings(bands, stretch, self.complex.currentText())

    def apply(self, *_):
        if self._updating or self.doc is None or self.doc.params is None:
            return
        try:
            settings = self.settings_from_widgets()
        except ValueError as exc:
            self.window.log(f"display settings: {exc}", "warning")
            return
        if settings.stretch.mode == "manual" and self.doc.settings.stretch.mode != "manual" \
                and self.doc.params is not None:
            lo, hi = self.doc.params.limits[0]   # start manual from the current limits
            settings = DisplaySettings(settings.bands, Stretch("manual", manual=(lo, hi),
                                       gamma=settings.stretch.gamma), settings.complex_mode)
        self.doc.set_display(settings)

    def stretch_to_view(self) -> None:
        if self.doc is not None and self.doc.settings is not None:
            self.doc.stretch_to_view()

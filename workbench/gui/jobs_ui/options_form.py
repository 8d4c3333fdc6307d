"""A form bound to :class:`ExportOptions`: one control per encoding option of the spec. Controls
that do not apply to the chosen format/compression are disabled; the problems
``validate_options`` finds are shown inline; the exact metadata hints are listed."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (QCheckBox, QComboBox, QFormLayout, QLabel, QLineEdit,
                               QPlainTextEdit, QSpinBox, QWidget)

from workbench.jobs.export import auto_bands
from workbench.jobs.hints import describe_hints, image_hints
from workbench.jobs.options import (FORMATS, IMODES, J2K_IC, JPEG_IC, NITF_FORMATS, PREDICTORS,
                                    ExportOptions, canonical_format)
from workbench.jobs.validate import validate_options

DEFAULT = "(default)"


def _spin(lo, hi, special=DEFAULT):
    box = QSpinBox()
    box.setRange(lo - 1, hi)
    box.setSpecialValueText(special)  # the minimum shows as "(default)"
    box.setValue(lo - 1)
    return box


class OptionsForm(QWidget):
    changed = Signal()

    def __init__(self, facts=None, parent=None):
        super().__init__(parent)
        self.facts = facts
        form = QFormLayout(self)
        self.format = QComboBox()
        for key, spec in FORMATS.items():
            self.format.addItem(spec["label"], key)
        self.compression = QComboBox()
        self.block = _spin(16, 8192)
        self.imode = QComboBox()
        self.imode.addItems([DEFAULT, *IMODES])
        self.comrat = QLineEdit()
        self.comrat.setPlaceholderText("N001.0 lossless, V020.0 visually lossless, 01.0 lossy")
        self.quality = _spin(1, 100)
        self.levels = _spin(1, 32)
        self.layers = _spin(1, 255)
        self.ratio = _spin(2, 1000)
        self.predictor = QComboBox()
        self.predictor.addItems([DEFAULT, *PREDICTORS])
        self.bands = QLineEdit()
        self.bands.setPlaceholderText("all bands; e.g. 2,1,0")
        self.overviews = QComboBox()
        self.overviews.addItem("none", 0)
        self.overviews.addItem("down to < 512 px", -1)
        for n in range(1, 9):
            self.overviews.addItem(f"{n} level(s)", n)
        self.rset = QSpinBox()
        self.rset.setRange(0, 9)
        self.stretch = QCheckBox("8-bit percentile stretch (2–98 %)")
        self.max_size = _spin(1, 65536, "no limit")
        self.problems = QLabel()
        self.problems.setObjectName("problems")
        self.problems.setWordWrap(True)
        self.problems.setStyleSheet("color: #b00020")
        self.hints = QPlainTextEdit()
        self.hints.setReadOnly(True)
        self.hints.setMaximumHeight(120)
        for label, widget in (("Format", self.format), ("Compression", self.compression),
                              ("Block / tile size", self.block), ("IMODE", self.imode),
                              ("COMRAT", self.comrat), ("JPEG quality", self.quality),
                              ("J2K decomposition levels", self.levels),
                              ("J2K quality layers", self.layers),
                              ("J2K compression ratio", self.ratio),
                              ("Predictor", self.predictor), ("Bands (0-based, in order)",
                                                              self.bands),
                              ("COG overviews", self.overviews), ("R-set levels", self.rset),
                              ("", self.stretch), ("Longest side", self.max_size),
                              ("", self.problems), ("Metadata hints", self.hints)):
            form.addRow(label, widget)
        self.format.currentIndexChanged.connect(self._format_changed)
        for w in (self.compression, self.imode, self.predictor, self.overviews):
            w.currentIndexChanged.connect(self._refresh)
        for w in (self.block, self.quality, self.levels, self.layers, self.ratio, self.rset,
                  self.max_size):
            w.valueChanged.connect(self._refresh)
        for w in (self.comrat, self.bands):
            w.textChanged.connect(self._refresh)
        self.stretch.toggled.connect(self._refresh)
        self._loading = False
        self._format_changed()

    # -- options <-> controls ------------------------------------------------------------------
    def _value(self, box):
        return None if box.value() < box.minimum() + 1 else box.value()

    def options(self) -> ExportOptions:
        block = self._value(self.block)
        bands_text = self.bands.text().strip()
        try:
            bands = [int(b) for b in bands_text.split(",")] if bands_text else None
        except ValueError:
            bands = []
        imode = self.imode.currentText()
        predictor = self.predictor.currentText()
        return ExportOptions(
            format=self.format.currentData(), compression=self.compression.currentText(),
            block_size=(block, block) if block else None,
            imode=None if imode == DEFAULT else imode,
            comrat=self.comrat.text().strip() or None, quality=self._value(self.quality),
            j2k_levels=self._value(self.levels), j2k_layers=self._value(self.layers),
            j2k_ratio=self._value(self.ratio),
            predictor=None if predictor == DEFAULT else predictor, bands=bands,
            overviews=self.overviews.currentData(), rset_levels=self.rset.value(),
            stretch=self.stretch.isChecked(), max_size=self._value(self.max_size))

    def set_options(self, options: ExportOptions) -> None:
        self._loading = True
        try:
            self.format.setCurrentIndex(self.format.findData(canonical_format(options.format)))
            self._format_changed()
            self.compression.setCurrentText(options.effective_compression)
            size = options.block_size[0] if options.block_size else self.block.minimum()
            self.block.setValue(size)
            self.imode.setCurrentText(options.imode or DEFAULT)
            self.comrat.setText(options.comrat or "")
            for box, value in ((self.quality, options.quality), (self.levels, options.j2k_levels),
                               (self.layers, options.j2k_layers),
                               (self.ratio, int(options.j2k_ratio) if options.j2k_ratio else None),
                               (self.max_size, options.max_size)):
                box.setValue(value if value is not None else box.minimum())
            self.predictor.setCurrentText(options.predictor or DEFAULT)
            self.bands.setText(",".join(map(str, options.bands)) if options.bands else "")
            self.overviews.setCurrentIndex(max(0, self.overviews.findData(options.overviews)))
            self.rset.setValue(options.rset_levels)
            self.stretch.setChecked(options.stretch)
        finally:
            self._loading = False
        self._refresh()

    # -- enabling and explaining ---------------------------------------------------------------
    def _format_changed(self) -> None:
        fmt = self.format.currentData()
        self.compression.blockSignals(True)
        self.compression.clear()
        self.compression.addItems(list(FORMATS[fmt]["compressions"]))
        self.compression.setCurrentText(FORMATS[fmt]["default_compression"])
        self.compression.blockSignals(False)
        self._refresh()

    def _refresh(self) -> None:
        if self._loading:
            return
        fmt = self.format.currentData()
        comp = self.compression.currentText()
        nitf, tiff, j2k = fmt in NITF_FORMATS, fmt == "tiff", fmt in ("jp2", "j2k")
        enable = {self.block: fmt not in ("png", "jpeg"), self.imode: nitf,
                  self.comrat: nitf and comp in J2K_IC,
                  self.quality: fmt == "jpeg" or (nitf and comp in JPEG_IC),
                  self.levels: (nitf and comp in J2K_IC) or j2k,
                  self.layers: (nitf and comp in J2K_IC) or j2k,
                  self.ratio: j2k and comp == "lossy",
                  self.predictor: tiff and comp in ("LZW", "Deflate"),
                  self.overviews: tiff, self.rset: nitf}
        for widget, on in enable.items():
            widget.setEnabled(on)
        options = self.options()
        problems = validate_options(options.replace(bands=auto_bands(
            options, self.facts.bands) if self.facts else options.bands), self.facts)
        self.problems.setText("\n".join(f"✗ {p}" for p in problems))
        self.problems.setVisible(bool(problems))
        try:
            self.hints.setPlainText("\n".join(describe_hints(image_hints(options))))
        except (KeyError, ValueError) as exc:
            self.hints.setPlainText(f"(no hints: {exc})")
        self.changed.emit()

    def problem_list(self):
        options = self.options()
        return validate_options(options.replace(bands=auto_bands(
            options, self.facts.bands) if self.facts else options.bands), self.facts)

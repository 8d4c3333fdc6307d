"""Jobs in the GUI: the chip panel, the export dialog and the batch conversion dock. Installed
into the main window by ``workbench.gui.extensions``; all the work is done by the Qt-free jobs in
``workbench.jobs``, run on the thread pool."""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence


def install(window) -> None:
    from .batch_panel import BatchPanel
    from .chip_panel import ChipPanel
    from .export_dialog import ExportDialog

    window.chip_panel = ChipPanel(window)
    window.chip_dock = window.add_dock(window.chip_panel, "Chips")
    window.batch_panel = BatchPanel(window)
    window.batch_dock = window.add_dock(window.batch_panel, "Batch conversion")
    window.documentChanged.connect(window.chip_panel.set_document)
    window.chip_panel.set_document(window.current_document())

    def open_export():
        doc = window.current_document()
        if doc is None:
            window.log("open an image to export it", "warning")
            return None
        dialog = ExportDialog(doc, window, log=window.log)
        window.export_dialog = dialog
        dialog.show()
        return dialog

    export = QAction("&Export…", window)
    export.setShortcut(QKeySequence("Ctrl+E"))
    export.triggered.connect(open_export)
    window.menu("File").addAction(export)
    window.open_export_dialog = open_export
    tools = window.menu("Tools")
    chip = QAction("&Chip selection…", window)
    chip.triggered.connect(lambda: (window.chip_dock.show(), window.chip_dock.raise_(),
                                    window.chip_panel.draw.setChecked(True)))
    tools.addAction(chip)
    batch = QAction("&Batch conversion", window)
    batch.triggered.connect(lambda: (window.batch_dock.show(), window.batch_dock.raise_()))
    tools.addAction(batch)

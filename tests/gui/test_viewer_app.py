"""``workbench.gui.app.main`` starts the window on the given files and returns when it quits."""

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication


def test_main_opens_files_then_exits(qapp, rgb_png, tmp_path):
    from workbench.gui import app as app_module
    from workbench.gui.main_window import MainWindow

    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(tmp_path))
    seen = {}

    def inspect():
        wins = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)
                and w.isVisible()]
        seen["titles"] = [d.title for w in wins for d in w.documents()]
        for w in wins:
            w.close()
        qapp.quit()

    QTimer.singleShot(300, inspect)
    assert app_module.main([rgb_png], sample=True) == 0
    assert "gradient.png" in seen["titles"]


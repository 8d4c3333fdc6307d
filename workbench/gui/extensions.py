"""GUI extensions installed into the main window (jobs, metadata editor)."""

from __future__ import annotations

import importlib
import traceback

EXTENSIONS = ("workbench.gui.jobs_ui", "workbench.gui.metadata_ui")


def install_all(window) -> None:
    """Import each extension and call its ``install(window)``. An extension whose module does not
    exist yet (or has no ``install`` yet) is skipped; one that fails to import or install is
    reported in the window's log (the application still starts)."""
    for name in EXTENSIONS:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:
                continue
            _report(window, name, exc)
            continue
        except Exception as exc:  # noqa: BLE001 - a broken extension must not stop the app
            _report(window, name, exc)
            continue
        install = getattr(module, "install", None)
        if install is None:
            continue
        try:
            install(window)
        except Exception as exc:  # noqa: BLE001
            _report(window, name, exc)


def _report(window, name: str, exc: BaseException) -> None:
    detail = "".join(traceback.format_exception_only(type(exc), exc)).strip()
    window.log(f"extension {name} could not be installed: {detail}", "error")

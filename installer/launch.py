"""Entry point of the desktop bundle (PyInstaller runs this script).

``WORKBENCH_BUNDLE_CHECK=1`` runs the bundle's self-check instead (bundle_check.py: resources,
PROJ data, codecs, Qt plugins, library versions), which installer/smoke.sh uses.
"""
import os
import sys


def run() -> int:
    if os.environ.get("WORKBENCH_BUNDLE_CHECK") == "1":
        from bundle_check import main as check

        return check()
    from workbench.cli import main

    return main()


if __name__ == "__main__":
    sys.exit(run())

"""Entry point of the desktop bundle (PyInstaller runs this script)."""
import sys

from workbench.cli import main

if __name__ == "__main__":
    sys.exit(main())

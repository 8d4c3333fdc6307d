"""``workbench [--sample] [FILES…]``: open the desktop application."""

from __future__ import annotations

import argparse


def run_gui(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="workbench", description="Open the Imagery Workbench.")
    parser.add_argument("files", nargs="*", help="images to open")
    parser.add_argument("--sample", action="store_true", help="open the bundled sample image")
    args = parser.parse_args(argv)
    from workbench.gui.app import main as gui_main

    return gui_main(args.files, sample=args.sample)

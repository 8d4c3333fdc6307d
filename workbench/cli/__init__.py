"""``workbench`` command line: ``workbench [FILES]`` opens the GUI; subcommands run jobs headless.

Each subcommand lives in its own module here, providing ``add_parser(subparsers)`` (which sets
``func`` on its parser) — the GUI and the CLI are two thin doors onto the same Qt-free jobs.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

import workbench

SUBCOMMANDS = ("info", "presets", "convert", "chip", "render", "meta")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="workbench",
        description="Imagery Workbench: view, inspect, chip and convert NITF, NSIF, GeoTIFF/COG, "
                    "JPEG 2000, PNG and JPEG imagery. Without a subcommand, opens the GUI.")
    parser.add_argument("--version", action="version", version=f"workbench {workbench.__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in SUBCOMMANDS:
        try:
            module = importlib.import_module(f"workbench.cli.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"workbench.cli.{name}":
                raise
            continue  # a subcommand not built yet
        module.add_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] not in SUBCOMMANDS and argv[0] not in ("-h", "--help", "--version"):
        from workbench.cli.gui import run_gui

        return run_gui(argv)
    args = build_parser().parse_args(argv)
    try:
        code = int(args.func(args) or 0)
        sys.stdout.flush()
        return code
    except KeyboardInterrupt:  # Ctrl-C: writes are atomic, so nothing partial is left behind
        print(f"workbench {args.command}: interrupted", file=sys.stderr)
        return 130  # 128 + SIGINT, what a shell reports
    except BrokenPipeError:  # the reader went away (``workbench info f | head``): not an error
        # of ours; point stdout at devnull so the interpreter's final flush stays quiet
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141  # what a shell reports for a process ended by SIGPIPE (128 + 13)


if __name__ == "__main__":
    sys.exit(main())

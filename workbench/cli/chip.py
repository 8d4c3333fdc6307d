"""``workbench chip IN --window x,y,w,h -o OUT``: cut a chip, keeping metadata, TREs and
security markings, with ICHIPB, IGEOLO and RPC00B updated (see ``workbench.jobs.chip``).
The security review (original → exported value of each field) is printed before writing."""

from __future__ import annotations

import os
import sys


def add_parser(sub) -> None:
    p = sub.add_parser("chip", help="cut a chip out of an image", description=__doc__)
    p.add_argument("input", metavar="IN")
    p.add_argument("--window", required=True, help="x,y,width,height in pixels of --level")
    p.add_argument("-o", "--output", required=True, metavar="OUT")
    p.add_argument("--level", type=int, default=0, help="resolution level (0 = full)")
    p.add_argument("--preset", help="encode with this preset's options")
    p.add_argument("--asset", help="image asset key (default: the first data image)")
    p.add_argument("--quiet", action="store_true", help="do not print the security review")
    p.set_defaults(func=run)


def run(args) -> int:
    from workbench.jobs.chip import ChipRequest, chip_file
    from workbench.jobs.presets import PresetStore
    from workbench.jobs.progress import JobControl, TerminalProgress
    from workbench.jobs.security import review_lines

    try:
        window = tuple(int(v) for v in args.window.split(","))
        if len(window) != 4:
            raise ValueError
    except ValueError:
        print(f"workbench chip: --window {args.window!r}: expected x,y,width,height",
              file=sys.stderr)
        return 2
    try:
        options = PresetStore().get(args.preset).options if args.preset else None
        if options is not None and os.path.splitext(args.output)[1].lower() != options.extension:
            print(f"workbench chip: note: preset writes {options.extension} files",
                  file=sys.stderr)
    except KeyError as exc:
        print(f"workbench chip: {str(exc).strip(chr(39))}", file=sys.stderr)
        return 2
    bar = TerminalProgress(os.path.basename(args.output))

    def show_review(plan):
        if not args.quiet:
            for line in review_lines(plan.review):
                print(line)
        for warning in plan.warnings:
            print(f"workbench chip: warning: {warning}", file=sys.stderr)
        return True

    request = ChipRequest(window, args.output, args.level, options, args.asset)
    try:
        _, result = chip_file(args.input, request, JobControl(bar), confirm=show_review)
    except Exception as exc:  # noqa: BLE001 - reported naming the file
        bar.done("failed")
        print(f"workbench chip: {args.input}: {exc}", file=sys.stderr)
        return 1
    bar.done("done")
    print(f"{args.input} -> {args.output} ({result.width}x{result.height}, "
          f"{result.bands} band(s))")
    return 0

"""``workbench convert IN… -o OUTDIR --preset ID`` (or explicit options): convert files, each
output named after its input with the target's extension. Exit status 0 only when every input
succeeded; errors go to stderr naming the file."""

from __future__ import annotations

import os
import sys
import threading


def add_parser(sub) -> None:
    p = sub.add_parser("convert", help="convert files with a preset or explicit options",
                       description=__doc__)
    p.add_argument("inputs", nargs="+", metavar="IN", help="files or folders")
    p.add_argument("-o", "--output-dir", required=True, metavar="OUTDIR")
    p.add_argument("--preset", help="preset id (see 'workbench presets')")
    p.add_argument("--format", help="target format: nitf, nsif, tiff, jp2, j2k, png, jpeg")
    p.add_argument("--compression", help="NITF IC (NC, C8, CD, C3…), TIFF (None, LZW, "
                   "Deflate, PackBits) or J2K (lossless, lossy)")
    p.add_argument("--block", type=int, help="block/tile size (square)")
    p.add_argument("--imode", help="NITF IMODE (B, P, R, S)")
    p.add_argument("--comrat", help="NITF JPEG 2000 COMRAT (N001.0, V020.0, 01.0)")
    p.add_argument("--quality", type=int, help="JPEG quality 1..100")
    p.add_argument("--levels", type=int, help="JPEG 2000 decomposition levels")
    p.add_argument("--layers", type=int, help="JPEG 2000 quality layers")
    p.add_argument("--predictor", help="TIFF predictor (None, Horizontal)")
    p.add_argument("--bands", help="0-based bands to write, in order, e.g. 2,1,0")
    p.add_argument("--overviews", type=int, help="COG overviews: -1 automatic, N levels")
    p.add_argument("--rset", type=int, help="NITF R-set levels to write beside the output")
    p.add_argument("--stretch", action="store_true", help="8-bit percentile stretch")
    p.add_argument("--max-size", type=int, help="longest output side in pixels")
    p.add_argument("--on-exists", choices=("skip", "rename", "overwrite"), default="rename",
                   help="what to do when an output exists (default: rename)")
    p.set_defaults(func=run)


def options_from_args(args):
    """The preset's options (or the format's defaults) with the explicit flags applied."""
    from workbench.jobs.options import ExportOptions
    from workbench.jobs.presets import PresetStore

    if args.preset:
        options = PresetStore().get(args.preset).options
        if args.format:
            options = options.replace(format=args.format)
    elif args.format:
        options = ExportOptions(format=args.format)
    else:
        raise ValueError("give --preset ID or --format FORMAT")
    changes = {"compression": args.compression, "imode": args.imode, "comrat": args.comrat,
               "quality": args.quality, "j2k_levels": args.levels, "j2k_layers": args.layers,
               "predictor": args.predictor, "overviews": args.overviews,
               "rset_levels": args.rset, "max_size": args.max_size}
    changes = {k: v for k, v in changes.items() if v is not None}
    if args.block:
        changes["block_size"] = (args.block, args.block)
    if args.bands:
        changes["bands"] = [int(b) for b in args.bands.split(",")]
    if args.stretch:
        changes["stretch"] = True
    from workbench.jobs.options import canonical_format

    changes["format"] = canonical_format(changes.get("format", options.format))
    return options.replace(**changes)


def run(args) -> int:
    from workbench.jobs.convert import plan_batch, run_batch
    from workbench.jobs.progress import TerminalProgress
    from workbench.jobs.validate import validate_options

    try:
        options = options_from_args(args)
    except (KeyError, ValueError) as exc:
        print(f"workbench convert: {str(exc).strip(chr(39))}", file=sys.stderr)
        return 2
    problems = validate_options(options)
    if problems:
        for problem in problems:
            print(f"workbench convert: option {problem}", file=sys.stderr)
        return 2
    os.makedirs(args.output_dir, exist_ok=True)
    missing = [p for p in args.inputs if not os.path.exists(p)]
    items = plan_batch([p for p in args.inputs if os.path.exists(p)], args.output_dir, options,
                       args.on_exists)
    bars = {}

    def on_update(item):
        bar = bars.setdefault(item.input, TerminalProgress(os.path.basename(item.input)))
        if item.status == "running":
            bar(item.fraction)
        elif item.status in ("done", "failed", "cancelled", "skipped"):
            bar.done(item.status)

    cancel_all = threading.Event()
    try:
        run_batch(items, options, on_update, cancel_all)
    except KeyboardInterrupt:
        cancel_all.set()
        print("workbench convert: interrupted", file=sys.stderr)
        return 130
    failed = len(missing)
    for path in missing:
        print(f"workbench convert: {path}: no such file or folder", file=sys.stderr)
    for item in items:
        if item.status == "done":
            print(f"{item.input} -> {item.output}")
        elif item.status == "skipped":
            print(f"{item.input}: skipped ({item.message})")
        else:
            failed += 1
            print(f"workbench convert: {item.input}: {item.message}", file=sys.stderr)
    if not items and not missing:
        print("workbench convert: no image files among the inputs", file=sys.stderr)
        return 1
    return 1 if failed else 0

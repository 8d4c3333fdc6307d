"""``workbench render FILE -o OUT.png``: a quicklook through the viewer's display pipeline."""

from __future__ import annotations

import sys

import numpy as np


def _size(text: str) -> tuple[int, int]:
    try:
        w, h = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise ValueError(f"--size must be WIDTHxHEIGHT such as 1024x768, not {text!r}") from None
    if w < 1 or h < 1:
        raise ValueError(f"--size must be positive, got {text!r}")
    return w, h


def add_parser(subparsers) -> None:
    p = subparsers.add_parser(
        "render", help="render a quicklook image (PNG/JPEG) of an image file",
        description="Render a quicklook of FILE through the viewer's display pipeline (pyramid "
                    "level choice, statistics, stretch and band mapping).")
    p.add_argument("file", help="image file (R-set siblings .rN are used when present)")
    p.add_argument("-o", "--output", required=True, help="output image (.png or .jpg)")
    p.add_argument("--size", default="1024x1024", help="fit inside WIDTHxHEIGHT (default 1024x1024)")
    p.add_argument("--stretch", default="percentile:2,98",
                   help="percentile[:LOW,HIGH] | minmax | stddev[:N] | manual:LOW,HIGH | none, "
                        "optionally ,gamma=G (default percentile:2,98)")
    p.add_argument("--bands", help="bands to show, 0-based: r,g,b or a single band")
    p.add_argument("--asset", help="asset key of the image (default: the first data image)")
    p.add_argument("--complex", choices=("magnitude", "db"), default="magnitude",
                   help="how complex pixels are shown")
    p.set_defaults(func=run)


def run(args) -> int:
    from workbench.io import imsave
    from workbench.jobs.display.quicklook import render_quicklook

    try:
        size = _size(args.size)
        bands = [int(b) for b in args.bands.split(",")] if args.bands else None
        if bands is not None and len(bands) not in (1, 3):
            raise ValueError("--bands takes one band or three (r,g,b)")
        rgb = render_quicklook(args.file, size, args.stretch, bands, args.asset, args.complex)
        imsave(args.output, np.ascontiguousarray(np.moveaxis(rgb, -1, 0)))
    except (OSError, ValueError, RuntimeError) as exc:
        print(f"workbench render: {exc}", file=sys.stderr)
        return 2
    print(f"{args.output}: {rgb.shape[1]}x{rgb.shape[0]}")
    return 0

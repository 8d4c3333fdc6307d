"""Conversion: whole files to a preset or explicit options, one at a time or as a batch.

Each output is named after its input with the target's extension, in the output folder; an
existing output is skipped, renamed (``name (1).ext``) or overwritten as chosen, and an input is
never overwritten. Every write is atomic, so a cancelled or failed conversion leaves no file.
NITF → NITF keeps every image, TRE, text, graphic and DES segment; other targets keep the
georeferencing (:func:`.carry.carry_georef`).
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from workbench.io import IO, AssetType, CancelledError
from workbench.io.core.convenience import default_image_key
from workbench.io.core.registry import by_extension

from .carry import carried_image_metadata, carry_georef, family, source_format
from .export import (ExportResult, OptionsError, build_provider, check_options,
                     export_image)
from .hints import apply_image_hints
from .options import ExportOptions, canonical_format
from .progress import JobCancelled, JobControl, as_control

ON_EXISTS = ("skip", "rename", "overwrite")


def expand_inputs(paths) -> list[str]:
    """Files as given; folders contribute the image files under them (sorted, recursive)."""
    out = []
    for p in paths:
        p = Path(p)
        if p.is_dir():
            out += sorted(str(f) for f in p.rglob("*") if f.is_file() and by_extension(f))
        else:
            out.append(str(p))
    return out


def output_path_for(input_path: str, out_dir: str, options: ExportOptions,
                    on_exists: str = "rename") -> str | None:
    """Where ``input_path`` converts to, or None when it exists and ``on_exists='skip'``."""
    if on_exists not in ON_EXISTS:
        raise ValueError(f"on_exists: {on_exists!r} is not one of {', '.join(ON_EXISTS)}")
    stem = Path(input_path).stem
    candidate = Path(out_dir) / f"{stem}{options.extension}"
    same_as_input = candidate.resolve() == Path(input_path).resolve()
    if not candidate.exists() and not same_as_input:
        return str(candidate)
    if on_exists == "skip":
        return None
    if on_exists == "overwrite" and not same_as_input:
        return str(candidate)
    n = 1
    while True:
        renamed = candidate.with_name(f"{stem} ({n}){options.extension}")
        if not renamed.exists():
            return str(renamed)
        n += 1


def convert_file(input_path: str, output_path: str, options: ExportOptions,
                 control: JobControl | None = None, progress=None, cancel_event=None
                 ) -> ExportResult:
    """Convert one file. NITF → NITF carries every segment; otherwise the main image."""
    control = as_control(control, progress, cancel_event)
    if os.path.realpath(output_path) == os.path.realpath(input_path):
        raise ValueError(f"{output_path}: refusing to overwrite the input")
    with IO.open([os.fspath(input_path)], "r") as reader:
        target = canonical_format(options.format)
        src_fmt = source_format(reader)
        extra = []
        if family(src_fmt) == family(target) == "nitf":
            extra = _carried_segments(reader, options, target, src_fmt,
                                      default_image_key(reader))
        return export_image(reader, output_path, options, extra_assets=extra, control=control)


def _carried_segments(reader, options, target, src_fmt, main_key):
    """Every other asset of a NITF: images re-encoded with the same options, text, graphics
    and DES as they are (their subheader metadata included)."""
    out = []
    for key in reader.get_asset_keys():
        if key == main_key or ":overview:" in key:
            continue
        asset = reader.get_asset(key)
        if asset.asset_type == AssetType.Image:
            try:
                opts = check_options(options, asset)
            except OptionsError as exc:  # say which of the file's images cannot take them
                raise OptionsError([f"{key}: {p}" for p in exc.problems]) from None
            meta = carried_image_metadata(asset, src_fmt, target, opts.bands,
                                          opts.stretch and asset.pixel_value_type.value != "uint8")
            carry_georef(meta, asset, target)
            apply_image_hints(meta, opts)
            out.append((key, build_provider(asset, opts, metadata=meta), asset.roles))
        else:
            out.append((key, asset, asset.roles))
    return out


@dataclass
class BatchItem:
    input: str
    output: str | None = None
    status: str = "queued"   # queued, running, done, skipped, failed, cancelled
    message: str = ""
    fraction: float = 0.0
    seconds: float = 0.0
    control: JobControl = field(default_factory=JobControl, repr=False)

    def cancel(self) -> None:
        self.control.cancel()


def plan_batch(inputs, out_dir: str, options: ExportOptions, on_exists: str = "rename"
               ) -> list[BatchItem]:
    items, claimed = [], set()
    for path in expand_inputs(inputs):
        out = output_path_for(path, out_dir, options, on_exists)
        if out is not None and out in claimed:  # two inputs with the same stem
            stem = Path(out)
            n = 1
            while str(stem.with_name(f"{stem.stem} ({n}){stem.suffix}")) in claimed or \
                    stem.with_name(f"{stem.stem} ({n}){stem.suffix}").exists():
                n += 1
            out = str(stem.with_name(f"{stem.stem} ({n}){stem.suffix}"))
        item = BatchItem(path, out)
        if out is None:
            item.status, item.message = "skipped", "output exists"
        else:
            claimed.add(out)
        items.append(item)
    return items


def run_batch(items: list[BatchItem], options: ExportOptions, on_update=None,
              cancel_all=None) -> list[BatchItem]:
    """Convert each queued item in turn; ``on_update(item)`` after every change; a set
    ``cancel_all`` event (or an item's own cancel) stops that work with no partial output.
    Errors are caught per file and recorded in the item (status ``failed``, message)."""
    def notify(item):
        if on_update is not None:
            on_update(item)

    for item in items:
        if item.status != "queued":
            continue
        if cancel_all is not None and cancel_all.is_set():
            item.status, item.message = "cancelled", "cancelled before it started"
            notify(item)
            continue
        item.status = "running"
        notify(item)

        def progress(fraction, message, item=item):
            item.fraction = fraction
            if cancel_all is not None and cancel_all.is_set():
                item.control.cancel()
            notify(item)

        item.control.progress = progress
        start = time.perf_counter()
        try:
            if item.control.cancelled:
                raise JobCancelled("cancelled")
            result = convert_file(item.input, item.output, options, control=item.control)
            item.status = "done"
            item.message = "; ".join(result.warnings)
            item.fraction = 1.0
        except CancelledError as exc:  # ours (JobCancelled) or the writer's
            item.status, item.message = "cancelled", str(exc) or "cancelled"
        except Exception as exc:  # noqa: BLE001 - every failure is reported per file
            item.status, item.message = "failed", f"{type(exc).__name__}: {exc}"
        item.seconds = time.perf_counter() - start
        notify(item)
    return items

"""The chip job: cut a pixel window (at a resolution level) out of an image into a new file,
following the spec's "NITF chip with TRE preservation" example and completing it:

- only the blocks overlapping the window are read (lazily, block by block, while writing);
- file and image metadata, every TRE, and security markings are kept (NITF → NITF);
- ICHIPB is written with FI_/OP_ corners and SCALE_FACTOR, composed with the source's own ICHIPB
  for a chip of a chip (:mod:`.ichipb`);
- IGEOLO is moved to the chip's corners and RPC00B/RPC00A offsets are shifted
  (:mod:`.geometry_tres`), BLOCKA corners and the GEOLOB origin too (:mod:`.block_tres`); a
  GeoTIFF chip gets its own geotransform (:func:`.carry.carry_georef`);
- a security review (original vs exported value of each field) is computed before writing.

``plan_chip`` computes everything without writing; ``run_chip`` writes (atomically, cancellable).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from workbench.io import IO
from workbench.io.core.convenience import default_image_key
from workbench.io.core.window import clamp_window

from .carry import (carried_file_metadata, carried_image_metadata, carry_georef, family,
                    source_format)
from .block_tres import move_block_tres
from .export import ExportResult, check_options, export_image
from .geometry_tres import chip_rpc
from .ichipb import chip_ichipb
from .options import ExportOptions, canonical_format
from .progress import JobControl, as_control
from .security import SecurityRow, security_review

RPC_TAGS = ("RPC00B", "RPC00A")


@dataclass
class ChipRequest:
    window: tuple[int, int, int, int]  # x, y, width, height in pixels of ``level``
    output: str
    level: int = 0
    options: ExportOptions | None = None
    asset_key: str | None = None


@dataclass
class ChipPlan:
    request: ChipRequest
    asset_key: str
    window: tuple[int, int, int, int]
    options: ExportOptions
    image_metadata: object
    file_metadata: object
    review: list[SecurityRow]
    warnings: list[str] = field(default_factory=list)


def default_chip_options(output: str, source_fmt: str | None) -> ExportOptions:
    """Uncompressed NITF for NITF targets (as the spec's example), else the format defaults."""
    ext = os.path.splitext(output)[1]
    try:
        fmt = canonical_format(ext or (source_fmt or "nitf"))
    except ValueError:
        fmt = canonical_format(source_fmt or "nitf")
    if family(fmt) == "nitf":
        return ExportOptions(format=fmt, compression="NC", imode="B")
    return ExportOptions(format=fmt)


def _first(value):
    if isinstance(value, list):
        return value[0] if value else None
    return value


def plan_chip(reader, request: ChipRequest) -> ChipPlan:
    key = default_image_key(reader, request.asset_key)
    asset = reader.get_asset(key)
    src_fmt = source_format(reader)
    window = clamp_window(asset, request.window, request.level)
    warnings = []
    if tuple(window) != tuple(int(v) for v in request.window):
        warnings.append(f"window {tuple(request.window)} clamped to the image: {window}")
    options = request.options or default_chip_options(request.output, src_fmt)
    options = check_options(options, asset, window, request.level)
    target = canonical_format(options.format)
    dtype_changed = options.stretch and asset.pixel_value_type.value != "uint8"
    image_meta = carried_image_metadata(asset, src_fmt, target, options.bands, dtype_changed)
    file_meta = carried_file_metadata(reader, src_fmt, target)
    warnings += carry_georef(image_meta, asset, target, window, request.level)
    if family(target) == "nitf":
        parent = _first(asset.metadata.get("ICHIPB")) if family(src_fmt) == "nitf" else None
        if parent is not None and not isinstance(parent, dict):
            warnings.append("the source's ICHIPB could not be decoded; the new ICHIPB maps to "
                            "the source image instead of its original")
            parent = None
        image_meta["ICHIPB"] = chip_ichipb(window, request.level, asset.num_columns,
                                           asset.num_rows, parent)
        _placement_add(image_meta, "ICHIPB")
        for tag in RPC_TAGS:
            rpc = _first(image_meta.get(tag))
            if isinstance(rpc, dict):
                shifted, notes = chip_rpc(rpc, window, request.level)
                warnings += notes
                if shifted is None:
                    del image_meta[tag]
                else:
                    image_meta[tag] = shifted
        warnings += move_block_tres(image_meta, (asset.num_columns, asset.num_rows), window,
                                    request.level)
    nitf_out = family(target) == "nitf"
    segments = [(k, reader.get_asset(k).metadata, False) for k in reader.get_asset_keys()
                if k != key and ":overview:" not in k]
    review = security_review(reader.metadata if family(src_fmt) == "nitf" else {}, key,
                             asset.metadata if family(src_fmt) == "nitf" else {},
                             file_meta if nitf_out else None,
                             image_meta if nitf_out else None, segments)
    return ChipPlan(request, key, window, options, image_meta, file_meta, review, warnings)


def _placement_add(meta, tag: str) -> None:
    """Keep the reader's TRE placement list (if any) consistent with a TRE we add."""
    placement = meta.get("_TRE_PLACEMENT")
    if isinstance(placement, list) and not any(p.endswith(":" + tag) for p in placement):
        meta["_TRE_PLACEMENT"] = placement + [f"IXSHD:{tag}"]


def run_chip(reader, plan: ChipPlan, control: JobControl | None = None, progress=None,
             cancel_event=None) -> ExportResult:
    control = as_control(control, progress, cancel_event)
    result = export_image(reader, plan.request.output, plan.options, asset_key=plan.asset_key,
                          window=plan.window, level=plan.request.level,
                          image_metadata=plan.image_metadata, file_metadata=plan.file_metadata,
                          control=control)
    result.warnings = list(plan.warnings)
    return result


def chip_file(path, request: ChipRequest, control: JobControl | None = None, confirm=None
              ) -> tuple[ChipPlan, ExportResult | None]:
    """Open ``path``, plan the chip, ask ``confirm(plan)`` (if given; False cancels), write."""
    if os.path.realpath(request.output) == os.path.realpath(path):
        raise ValueError(f"{request.output}: the chip would overwrite its input")
    with IO.open([os.fspath(path)], "r") as reader:
        plan = plan_chip(reader, request)
        if confirm is not None and not confirm(plan):
            return plan, None
        return plan, run_chip(reader, plan, control)

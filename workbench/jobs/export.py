"""The export job: write one image of an open dataset (optionally a window of it, at a resolution
level, with a band subset) to a new file with :class:`ExportOptions`.

Blocks stream from the source through lazy providers into the writer (O(block) memory); the
write is atomic (nothing at the target until it succeeded) and cancellable. Chips
(:mod:`.chip`) and batch conversion (:mod:`.convert`) are built on this.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field

from workbench.io import IO, BufferedMetadataProvider
from workbench.io.core.geometry import level_size

from .carry import carried_file_metadata, carried_image_metadata, carry_georef, source_format
from .hints import apply_image_hints, block_size_for, image_hints
from .lazy import ReducedAsset, StretchedAsset, WindowAsset, percentile_limits
from .options import NITF_FORMATS, ExportOptions, canonical_format
from .progress import JobControl, as_control
from .validate import ImageFacts, validate_options


class OptionsError(ValueError):
    """Options that cannot be written for this image; ``problems`` lists each field's rule."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("; ".join(map(str, self.problems)))


@dataclass
class ExportResult:
    outputs: list[str]
    width: int
    height: int
    bands: int
    hints: dict
    seconds: float
    warnings: list[str] = field(default_factory=list)


def auto_bands(options: ExportOptions, nbands: int) -> list[int] | None:
    """Bands to write: the options' subset; for stretched quicklooks of other than 1 or 3 bands,
    and for PNG/JPEG outputs that cannot hold the bands, the first three (or the first). A
    4-band PNG keeps its 4 bands (RGBA) only when it is not a stretched quicklook: a stretched
    fourth band is data (e.g. near infrared), not opacity."""
    if options.bands is not None:
        return list(options.bands)
    fmt = canonical_format(options.format)
    if options.stretch or fmt in ("png", "jpeg"):
        if nbands == 2 or nbands > 4 or (nbands == 4 and (options.stretch or fmt == "jpeg")):
            return [0, 1, 2] if nbands >= 3 else [0]
    return None


def facts_for(asset, window=None, level: int = 0) -> ImageFacts:
    base = ImageFacts.of(asset)
    if window is None:
        w, h = level_size(asset.num_columns, level), level_size(asset.num_rows, level)
    else:
        w, h = window[2], window[3]
    return ImageFacts(w, h, base.bands, base.dtype, base.bits)


def check_options(options: ExportOptions, asset, window=None, level: int = 0) -> ExportOptions:
    """Options with automatic band choice applied; raises :class:`OptionsError` if invalid."""
    options = options.replace(bands=auto_bands(options, asset.num_bands))
    problems = validate_options(options, facts_for(asset, window, level))
    if problems:
        raise OptionsError(problems)
    return options


def stored_level(reader, key: str, asset, level: int):
    """(asset, level) to read resolution level ``level`` of ``asset`` from: the asset itself
    when it stores that level (JPEG 2000, NITF R-sets), else a stored overview of exactly that
    level's size (a GeoTIFF/COG's reduced-resolution IFDs: the file's own pixels, and 4**level
    times less to decode than reducing full resolution), else the asset (reduced on the fly)."""
    if level == 0 or level < asset.num_resolution_levels:
        return asset, level
    from .display.pyramid import overview_assets

    size = (level_size(asset.num_columns, level), level_size(asset.num_rows, level))
    for overview in overview_assets(reader, key):
        if (overview.num_columns, overview.num_rows) == size \
                and overview.num_bands == asset.num_bands \
                and overview.pixel_value_type == asset.pixel_value_type:
            return overview, 0
    return asset, level


def build_provider(asset, options: ExportOptions, window=None, level: int = 0,
                   metadata=None, control: JobControl | None = None):
    """The lazy provider chain for one output image: window/level/bands → reduce → stretch.
    A size limit uses the source's stored resolution levels first (cheap: JPEG 2000 decodes
    reduced), then an area-average reduction for the rest."""
    facts = facts_for(asset, window, level)
    x, y, w, h = window if window is not None else (0, 0, facts.width, facts.height)
    out_block = block_size_for(options, facts.width, facts.height)
    factor = 1
    if options.max_size and max(w, h) > options.max_size:
        factor = -(-max(w, h) // options.max_size)
        while factor >= 2 and level + 1 < asset.num_resolution_levels:
            x0, y0 = x // 2, y // 2
            x1 = min(level_size(asset.num_columns, level + 1), -(-(x + w) // 2))
            y1 = min(level_size(asset.num_rows, level + 1), -(-(y + h) // 2))
            x, y, w, h, level = x0, y0, x1 - x0, y1 - y0, level + 1
            factor = -(-max(w, h) // options.max_size)
    if factor > 1:
        # intermediate blocks follow the source's, so reduction strips read each once
        src_block = (min(asset.block_width, 1024), min(asset.block_height, 1024))
        chain = WindowAsset(asset, (x, y, w, h), level, options.bands, src_block)
        rw, rh = -(-w // factor), -(-h // factor)
        chain = ReducedAsset(chain, factor, block=block_size_for(options, rw, rh),
                             metadata=metadata)
    else:
        chain = WindowAsset(asset, (x, y, w, h), level, options.bands, out_block, metadata)
    if options.stretch:
        if control is not None:
            control.report(0.0, "measuring the stretch")
        low, high = percentile_limits(asset, (x, y, w, h), options.bands, level)
        chain = StretchedAsset(chain, low, high, metadata)
    return chain


def overview_providers(base, count: int):
    """Overviews of ``base`` (lazy, each level made from the one before, see
    ``workbench.io.pyramid``): halving until the larger side is under 512 px (``count=-1``) or
    ``count`` levels."""
    from workbench.io.pyramid import build_overviews

    if count < 0:
        return build_overviews(base, min_size=511, block_size=base.block_width)
    return build_overviews(base, min_size=1, block_size=base.block_width, max_levels=count)


def output_paths(output: str, options: ExportOptions) -> list[str]:
    paths = [os.fspath(output)]
    if canonical_format(options.format) in NITF_FORMATS:
        paths += [f"{output}.r{i}" for i in range(1, options.rset_levels + 1)]
    return paths


def export_image(reader, output: str, options: ExportOptions, *, asset_key: str | None = None,
                 window=None, level: int = 0, image_metadata=None, file_metadata=None,
                 extra_assets=(), control: JobControl | None = None,
                 progress=None, cancel_event=None) -> ExportResult:
    """Write image ``asset_key`` of ``reader`` to ``output``.

    ``image_metadata``/``file_metadata``: metadata to start from (default: what the source
    carries into this target format); the options' hints are applied on top.
    ``extra_assets``: ``(key, asset, roles)`` written after the image (segments to keep).
    """
    from workbench.io.core.convenience import default_image_key

    control = as_control(control, progress, cancel_event)
    start = time.perf_counter()
    key = default_image_key(reader, asset_key)
    asset = reader.get_asset(key)
    options = check_options(options, asset, window, level)
    target = canonical_format(options.format)
    src_fmt = source_format(reader)
    dtype_changed = options.stretch and asset.pixel_value_type.value != "uint8"
    warnings: list[str] = []
    if image_metadata is None:
        image_metadata = carried_image_metadata(asset, src_fmt, target, options.bands,
                                                dtype_changed)
        warnings += carry_georef(image_metadata, asset, target, window, level)
    else:
        image_metadata = BufferedMetadataProvider(source=image_metadata)
    hints = image_hints(options)
    apply_image_hints(image_metadata, options)
    if file_metadata is None:
        file_metadata = carried_file_metadata(reader, src_fmt, target)
    control.report(0.0, f"preparing {os.path.basename(output)}")
    pixels, pixel_level = stored_level(reader, key, asset, level)
    provider = build_provider(pixels, options, window, pixel_level, image_metadata,
                              control.span(0.0, 0.05))
    overviews = overview_providers(provider, options.overviews) if options.overviews else []
    rsets = []
    if options.rset_levels:
        rsets = overview_providers(provider, options.rset_levels)
    paths = output_paths(output, options)
    writing = control.span(0.05, 1.0)
    with IO.open(paths, "w", target, progress=writing.progress,
                 cancel_event=control.event) as writer:
        if file_metadata is not None:
            writer.metadata = file_metadata
        writer.add_asset("image:0", provider, title=asset.title or "", roles=["data"])
        for ov in overviews + rsets:
            writer.add_asset(ov.key, ov, roles=["overview"])
        for extra_key, extra_asset, roles in extra_assets:
            writer.add_asset(extra_key, extra_asset, roles=roles)
    control.report(1.0, f"wrote {os.path.basename(output)}")
    return ExportResult(paths, provider.num_columns, provider.num_rows, provider.num_bands,
                        hints, time.perf_counter() - start, warnings)

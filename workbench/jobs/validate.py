"""``validate_options``: every combination of export options that cannot be written, found before
any byte is: the export dialog disables or explains these inline; jobs refuse them up front.

Rules come from the IO library's spec (NITF JPEG 2000: IMODE B, NBPP 1–38; JPEG DCT: 8-bit, no
IMODE R, I1 ≤ 2048×2048; TIFF tiles multiples of 16; …).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from .options import (FORMATS, IMODES, J2K_IC, JPEG_IC, NITF_FORMATS, PREDICTORS, ExportOptions,
                      canonical_format)

_COMRAT = re.compile(r"^(N\d{3}\.\d|V\d{3}\.\d|\d{2}\.\d)$")


@dataclass(frozen=True)
class ImageFacts:
    """What the rules need to know about the image being exported."""

    width: int
    height: int
    bands: int
    dtype: str
    bits: int | None = None  # actual bits per pixel (ABPP), when known

    @classmethod
    def of(cls, asset) -> "ImageFacts":
        return cls(asset.num_columns, asset.num_rows, asset.num_bands,
                   asset.pixel_value_type.to_numpy_dtype().name,
                   getattr(asset, "actual_bits_per_pixel", None))


@dataclass(frozen=True)
class OptionProblem:
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


def output_facts(options: ExportOptions, facts: ImageFacts) -> ImageFacts:
    """The image as it will be written (after band subset, stretch and size limit)."""
    bands = len(options.bands) if options.bands else facts.bands
    width, height = facts.width, facts.height
    if options.max_size and max(width, height) > options.max_size:
        factor = -(-max(width, height) // options.max_size)
        width, height = -(-width // factor), -(-height // factor)
    dtype = "uint8" if options.stretch else facts.dtype
    return ImageFacts(width, height, bands, dtype, 8 if options.stretch else facts.bits)


def validate_options(options: ExportOptions, facts: ImageFacts | None = None
                     ) -> list[OptionProblem]:
    """Every problem with ``options`` (for an image described by ``facts``, if given)."""
    problems: list[OptionProblem] = []

    def bad(field: str, message: str) -> None:
        problems.append(OptionProblem(field, message))

    try:
        fmt = canonical_format(options.format)
    except ValueError as exc:
        return [OptionProblem("format", str(exc).split(": ", 1)[1])]
    comp = options.effective_compression
    if comp not in FORMATS[fmt]["compressions"]:
        bad("compression", f"{comp!r} is not a {FORMATS[fmt]['label']} compression; choose one "
            f"of {', '.join(FORMATS[fmt]['compressions'])}")
    out = output_facts(options, facts) if facts else None
    if options.bands is not None and facts is not None:
        wrong = [b for b in options.bands if not 0 <= b < facts.bands]
        if wrong or not options.bands:
            bad("bands", f"band indices {wrong or '[]'} are outside 0..{facts.bands - 1}")
    if options.max_size is not None and options.max_size < 1:
        bad("max_size", f"must be at least 1, got {options.max_size}")
    if options.block_size is not None:
        bw, bh = options.block_size
        limit = 8192 if fmt in NITF_FORMATS else 65536
        if not (1 <= bw <= limit and 1 <= bh <= limit):
            bad("block_size", f"{bw}x{bh} must be 1..{limit} on each side")
        elif fmt == "tiff" and (bw % 16 or bh % 16):
            bad("block_size", f"TIFF tiles must be multiples of 16, got {bw}x{bh}")
        elif fmt in ("png", "jpeg"):
            bad("block_size", f"{FORMATS[fmt]['label']} files are not tiled")
    if options.imode is not None and fmt not in NITF_FORMATS:
        bad("imode", "IMODE applies to NITF/NSIF only")
    if options.predictor is not None:
        if fmt != "tiff":
            bad("predictor", "a predictor applies to TIFF only")
        elif options.predictor not in PREDICTORS:
            bad("predictor", f"{options.predictor!r} is not one of {', '.join(PREDICTORS)}")
        elif options.predictor != "None" and comp not in ("LZW", "Deflate"):
            bad("predictor", f"the horizontal predictor needs LZW or Deflate, not {comp}")
    if options.overviews and fmt != "tiff":
        bad("overviews", "internal overviews are a GeoTIFF/COG option; use R-set levels for NITF")
    if options.overviews < -1:
        bad("overviews", f"must be -1 (automatic), 0 (none) or a level count, got "
            f"{options.overviews}")
    if options.rset_levels and fmt not in NITF_FORMATS:
        bad("rset_levels", "R-set files are written for NITF/NSIF targets")
    if not 0 <= options.rset_levels <= 9:
        bad("rset_levels", f"must be 0..9, got {options.rset_levels}")
    if fmt in NITF_FORMATS:
        _nitf_rules(options, comp, out, bad)
    elif fmt in ("jp2", "j2k"):
        _j2k_rules(options, comp, out, bad)
    else:
        if options.comrat is not None:
            bad("comrat", "COMRAT applies to NITF/NSIF only")
        _levels_layers(options, bad, allowed=False)
    if fmt == "png":
        _quality_not_used(options, bad)
        if options.png_level is not None and not 0 <= options.png_level <= 9:
            bad("png_level", f"must be 0..9, got {options.png_level}")
        if out is not None and (out.dtype not in ("uint8", "uint16") or out.bands not in range(1, 5)):
            bad("format", f"PNG holds 1–4 bands of 8/16-bit unsigned pixels, not {out.bands} "
                f"band(s) of {out.dtype}; choose 8-bit stretch or fewer bands")
    if fmt == "jpeg":
        if out is not None and (out.dtype != "uint8" or out.bands not in (1, 3)):
            bad("format", f"JPEG holds 1 or 3 bands of 8-bit pixels, not {out.bands} band(s) of "
                f"{out.dtype}; choose 8-bit stretch or a 1/3-band subset")
        _quality_range(options, bad)
    elif fmt == "tiff" and options.quality is not None:
        bad("quality", "quality applies to JPEG compression, not to TIFF's lossless codecs")
    if options.png_level is not None and fmt != "png":
        bad("png_level", "the PNG compression level applies to PNG only")
    return problems


def _nitf_rules(options, comp, out, bad) -> None:
    imode = options.imode or "B"
    if imode not in IMODES:
        bad("imode", f"{imode!r} is not one of {', '.join(IMODES)}")
    if comp in J2K_IC:
        if imode != "B":
            bad("imode", f"JPEG 2000 (IC={comp}) requires IMODE B (BPJ2K01.20), not {imode}")
        if options.comrat is not None and not _COMRAT.match(options.comrat):
            bad("comrat", f"{options.comrat!r} is not Nnnn.n (lossless), Vnnn.n (visually "
                "lossless) or nn.n (lossy bits per pixel per band)")
        if out is not None and np.dtype(out.dtype).kind in "fc":
            bad("compression", f"JPEG 2000 holds integer pixels, not {out.dtype}")
        _levels_layers(options, bad, allowed=True)
        if options.quality is not None:
            bad("quality", f"IC={comp} takes COMRAT, not a JPEG quality")
    elif comp in JPEG_IC:
        if imode == "R":
            bad("imode", f"IMODE R (row interleaved) is not supported for JPEG DCT (IC={comp})")
        if out is not None and out.dtype != "uint8":
            bad("compression", f"JPEG DCT (IC={comp}) needs 8-bit pixels, not {out.dtype}; "
                "choose 8-bit stretch or JPEG 2000")
        if comp == "I1" and out is not None and (out.width > 2048 or out.height > 2048):
            bad("compression", f"IC=I1 is limited to 2048×2048; this image is "
                f"{out.width}×{out.height}")
        if options.comrat is not None:
            bad("comrat", f"IC={comp} takes a quality (written as COMRAT), not a COMRAT string")
        _quality_range(options, bad)
        _levels_layers(options, bad, allowed=False)
    else:
        for name in ("comrat", "quality"):
            if getattr(options, name) is not None:
                bad(name, f"IC={comp} is uncompressed: {name.upper()} does not apply")
        _levels_layers(options, bad, allowed=False)


def _j2k_rules(options, comp, out, bad) -> None:
    if options.comrat is not None:
        bad("comrat", "standalone JPEG 2000 takes a compression ratio, not COMRAT")
    if options.quality is not None:
        bad("quality", "standalone JPEG 2000 takes a compression ratio, not a JPEG quality")
    if options.j2k_ratio is not None:
        if comp != "lossy":
            bad("j2k_ratio", "a compression ratio applies to lossy JPEG 2000 only")
        elif not options.j2k_ratio > 1:
            bad("j2k_ratio", f"must be greater than 1, got {options.j2k_ratio}")
    if out is not None and np.dtype(out.dtype).kind in "fc":
        bad("compression", f"JPEG 2000 holds integer pixels, not {out.dtype}")
    _levels_layers(options, bad, allowed=True)


def _levels_layers(options, bad, allowed: bool) -> None:
    for name, lo, hi in (("j2k_levels", 1, 32), ("j2k_layers", 1, 255)):
        value = getattr(options, name)
        if value is None:
            continue
        if not allowed:
            bad(name, "applies to JPEG 2000 compression only")
        elif not lo <= value <= hi:
            bad(name, f"must be {lo}..{hi}, got {value}")
    if options.htj2k and canonical_format(options.format) not in ("jp2", "j2k"):
        bad("htj2k", "for NITF choose IC=CD/MD; this switch is for standalone JPEG 2000")


def _quality_range(options, bad) -> None:
    if options.quality is not None and not 1 <= options.quality <= 100:
        bad("quality", f"must be 1..100, got {options.quality}")


def _quality_not_used(options, bad) -> None:
    if options.quality is not None:
        bad("quality", "PNG is lossless: quality does not apply")

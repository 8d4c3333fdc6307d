"""The exact metadata hints an :class:`ExportOptions` produces for the IO library's writers.

``image_hints`` gives the keys set on the image provider (what the export dialog shows);
``STALE_KEYS`` lists the keys of a copied source that would contradict the new encoding and are
removed before the hints are applied (the writer recomputes them).
"""

from __future__ import annotations

from .options import J2K_IC, JPEG_IC, NITF_FORMATS, ExportOptions, canonical_format

# TIFF tag ids (TIFF 6.0) and the codes of the values we write.
TIFF_COMPRESSION, TIFF_PREDICTOR, TIFF_TILE_WIDTH, TIFF_TILE_LENGTH = "259", "317", "322", "323"
TIFF_COMPRESSION_CODES = {"None": 1, "LZW": 5, "Deflate": 8, "PackBits": 32773}
TIFF_PREDICTOR_CODES = {"None": 1, "Horizontal": 2}

# Keys describing the encoding or layout of a source NITF image: recomputed by the writer or
# replaced by the hints, never carried over verbatim.
NITF_STALE_KEYS = ("IC", "COMRAT", "IMODE", "NPPBH", "NPPBV", "NBPR", "NBPC", "NROWS", "NCOLS",
                   "NBANDS", "XBANDS", "IMAG")
NITF_PIXEL_KEYS = ("PVTYPE", "NBPP", "ABPP", "PJUST")
DEFAULT_NITF_BLOCK = 1024


def image_hints(options: ExportOptions) -> dict[str, object]:
    """Metadata keys and values the writer of ``options.format`` will be given."""
    fmt = canonical_format(options.format)
    comp = options.effective_compression
    hints: dict[str, object] = {}
    if fmt in NITF_FORMATS:
        hints["IC"] = comp
        hints["IMODE"] = options.imode or "B"
        bw, bh = options.block_size or (DEFAULT_NITF_BLOCK, DEFAULT_NITF_BLOCK)
        hints["NPPBH"], hints["NPPBV"] = str(bw), str(bh)
        if comp in J2K_IC:
            hints["COMRAT"] = options.comrat or "N001.0"
            if options.j2k_levels is not None:
                hints["J2K_DECOMPOSITION_LEVELS"] = str(options.j2k_levels)
            if options.j2k_layers is not None:
                hints["J2K_QUALITY_LAYERS"] = str(options.j2k_layers)
        elif comp in JPEG_IC:
            hints["COMRAT"] = f"{float(options.quality or 75):04.1f}"
    elif fmt == "tiff":
        hints[TIFF_COMPRESSION] = TIFF_COMPRESSION_CODES[comp]
        bw, bh = options.block_size or (256, 256)
        hints[TIFF_TILE_WIDTH], hints[TIFF_TILE_LENGTH] = str(bw), str(bh)
        predictor = options.predictor or ("Horizontal" if comp in ("LZW", "Deflate") else "None")
        hints[TIFF_PREDICTOR] = TIFF_PREDICTOR_CODES[predictor]
    elif fmt in ("jp2", "j2k"):
        lossless = comp == "lossless"
        hints["J2K_LOSSLESS"] = "true" if lossless else "false"
        if not lossless:
            hints["J2K_COMPRESSION_RATIO"] = str(options.j2k_ratio or 10)
        if options.j2k_levels is not None:
            hints["J2K_DECOMPOSITION_LEVELS"] = str(options.j2k_levels)
        if options.j2k_layers is not None:
            hints["J2K_QUALITY_LAYERS"] = str(options.j2k_layers)
        if options.htj2k:
            hints["J2K_HTJK"] = "true"
        if options.block_size:
            hints["J2K_TILE_WIDTH"], hints["J2K_TILE_HEIGHT"] = (str(v) for v in options.block_size)
    elif fmt == "png":
        hints["PNG_COMPRESSION_LEVEL"] = str(6 if options.png_level is None else options.png_level)
    elif fmt == "jpeg":
        hints["JPEG_QUALITY"] = str(options.quality or 75)
    for key, value in options.extra.items():
        hints[key] = value
    return hints


def apply_image_hints(metadata, options: ExportOptions) -> None:
    """Set ``image_hints(options)`` on ``metadata`` (a copied source's, or a new one). A NITF
    word width carried from the source (NBPP 16 with ABPP 11, as uncompressed 11-bit imagery
    stores it) does not go to JPEG 2000, which codes exactly the significant bits (NBPP = ABPP,
    BPJ2K01): the writer then derives NBPP from ABPP. An NBPP the options give is kept."""
    hints = image_hints(options)
    for key, value in hints.items():
        metadata[key] = value
    if hints.get("IC") in J2K_IC and "NBPP" not in options.extra:
        nbpp, abpp = metadata.get("NBPP"), metadata.get("ABPP")
        if nbpp is not None and str(nbpp).strip() != str(abpp or "").strip():
            del metadata["NBPP"]


def block_size_for(options: ExportOptions, width: int, height: int) -> tuple[int, int]:
    """The provider block size the writer will see (whole image for PNG/JPEG)."""
    fmt = canonical_format(options.format)
    if fmt in ("png", "jpeg"):
        return width, height
    if options.block_size:
        return options.block_size
    return (DEFAULT_NITF_BLOCK,) * 2 if fmt in NITF_FORMATS else (256, 256)


def describe_hints(hints: dict[str, object]) -> list[str]:
    """``KEY = value`` lines for display, TIFF tags named."""
    names = {TIFF_COMPRESSION: "Compression", TIFF_PREDICTOR: "Predictor",
             TIFF_TILE_WIDTH: "TileWidth", TIFF_TILE_LENGTH: "TileLength"}
    lines = []
    for key, value in hints.items():
        label = f"{key} ({names[key]})" if key in names else key
        lines.append(f"{label} = {value}")
    return lines

"""Pixel layout of an image segment: numpy dtypes for PVTYPE/NBPP, and the
:class:`~.codecs.base.ImageLayout` of a parsed subheader or of an image about to be written."""

from __future__ import annotations

import numpy as np

from ..core.errors import FormatError, MetadataError, UnsupportedError
from ..core.geometry import ceil_div
from .codecs.base import ImageLayout

MAX_BLOCK = 8192

# (PVTYPE, container bits) -> numpy dtype; NBPP is rounded up to the container size for INT/SI.
_DTYPES = {("INT", 8): "uint8", ("INT", 16): "uint16", ("INT", 32): "uint32",
           ("SI", 8): "int8", ("SI", 16): "int16", ("SI", 32): "int32",
           ("R", 32): "float32", ("R", 64): "float64",
           ("C", 64): "complex64", ("C", 128): "complex128", ("B", 8): "uint8"}
_PVTYPES = {"u": "INT", "i": "SI", "f": "R", "c": "C"}
_IREP_BY_BANDS = {1: "MONO", 3: "RGB"}
_JPEG_ICS = ("C3", "M3", "I1")


def _default_imode(ic: str, bands: int) -> str:
    """IMODE when the metadata gives none: P for three JPEG-coded bands (one interleaved
    stream per block with libjpeg's own colour transform, as GDAL writes C3: half the encode
    time of one scan per band), else B."""
    return "P" if ic in _JPEG_ICS and bands == 3 else "B"


def _default_irep(ic: str, bands: int, pixels: str = "") -> str:
    """IREP when the metadata gives none: the asset's own (``pixels``, e.g. a provider's
    ``irep``), except that three RGB bands coded as JPEG are YCbCr601 (coded with the colour
    transform, as GDAL writes C3: about a third smaller than RGB components at one quality;
    readers still get the RGB pixels back); else by band count."""
    pixels = str(pixels or "").strip()
    if ic in _JPEG_ICS and bands == 3 and pixels in ("", "RGB"):
        return "YCbCr601"
    return pixels or _IREP_BY_BANDS.get(bands, "MULTI")
_IREPBAND_DEFAULTS = {"MONO": ("M",), "RGB": ("R", "G", "B"), "RGB/LUT": ("LU",),
                      "YCbCr601": ("Y", "Cb", "Cr")}


def dtype_for(pvtype: str, nbpp: int, where: str = "image subheader") -> np.dtype:
    if pvtype in ("INT", "SI", "B"):
        bits = 8 if nbpp <= 8 else 16 if nbpp <= 16 else 32 if nbpp <= 32 else 0
    else:
        bits = nbpp
    name = _DTYPES.get((pvtype, bits))
    if name is None:
        raise UnsupportedError(f"{where}: PVTYPE={pvtype!r} with NBPP={nbpp} has no numpy pixel "
                               "type (supported: INT/SI 1-32, R 32/64, C 64/128, B 1)")
    return np.dtype(name)


def pvtype_for(dtype: np.dtype) -> str:
    return _PVTYPES[np.dtype(dtype).kind]


def _int(meta, name: str, where: str) -> int:
    raw = str(meta.get(name, "")).strip()
    if not raw.isdigit():
        raise FormatError(f"{where}: {name} must be numeric, got {meta.get(name)!r}")
    return int(raw)


def layout_from_subheader(meta: dict, where: str) -> ImageLayout:
    rows, cols = _int(meta, "NROWS", where), _int(meta, "NCOLS", where)
    bands = len(meta["BAND_INFO"])
    nbpr, nbpc = _int(meta, "NBPR", where), _int(meta, "NBPC", where)
    bw, bh = _int(meta, "NPPBH", where), _int(meta, "NPPBV", where)
    nbpp, abpp = _int(meta, "NBPP", where), _int(meta, "ABPP", where)
    if rows == 0 or cols == 0 or bands == 0:
        raise FormatError(f"{where}: empty image ({rows} rows, {cols} columns, {bands} bands)")
    if nbpr == 0 or nbpc == 0:
        raise FormatError(f"{where}: NBPR={nbpr}, NBPC={nbpc}: the block grid must be non-empty")
    bw = bw or (cols if nbpr == 1 else 0)
    bh = bh or (rows if nbpc == 1 else 0)
    if bw == 0 or bh == 0:
        raise FormatError(f"{where}: NPPBH/NPPBV of 0000 needs NBPR/NBPC = 1")
    if ceil_div(cols, bw) != nbpr or ceil_div(rows, bh) != nbpc:
        raise FormatError(f"{where}: NBPR={nbpr}/NBPC={nbpc} do not match NCOLS={cols}/NPPBH={bw} "
                          f"and NROWS={rows}/NPPBV={bh}")
    if abpp > nbpp or nbpp == 0:
        raise FormatError(f"{where}: ABPP={abpp} must be 1..NBPP={nbpp}")
    pvtype = meta["PVTYPE"].strip()
    return ImageLayout(rows, cols, bands, bw, bh, nbpr, nbpc, dtype_for(pvtype, nbpp, where),
                       nbpp, abpp, pvtype, meta["PJUST"].strip() or "R", meta["IMODE"].strip(),
                       meta["IC"].strip(), meta["IREP"].strip(),
                       tuple(b["IREPBAND"].strip() for b in meta["BAND_INFO"]))


def _hint_int(meta, name: str) -> int | None:
    raw = meta.get(name)
    if raw is None or str(raw).strip() == "":
        return None
    text = str(raw).strip()
    if not text.isdigit():
        raise MetadataError(f"{name}: {raw!r} must be a non-negative integer")
    return int(text)


def _block_side(hint: int | None, provider_side: int, size: int, name: str) -> int:
    side = provider_side if hint is None else (hint or size)
    if hint is None and side > MAX_BLOCK:
        side = 1024 if size > MAX_BLOCK else size
    if side > MAX_BLOCK and side < size:
        raise MetadataError(f"{name}: blocks of {side} pixels exceed {MAX_BLOCK}; only a single "
                            f"block spanning the whole image may be wider (written as 0000)")
    return min(side, size) if side > MAX_BLOCK else side


# NBPP values MIL-STD-2500C allows for IC=NC/NM beside whole pixels: 1 (PVTYPE B, bi-level)
# and 12 (INT/SI, bit-packed), stored by the uncompressed codec.
PACKED_NBPP = {1: ("B", "u", 1), 12: (None, "ui", 2)}  # NBPP: (PVTYPE, dtype kinds, itemsize)


def _uncompressed_nbpp(meta, dtype: np.dtype, where: str) -> tuple[int, str]:
    """(NBPP, PVTYPE) for NC/NM: a packed 1 or 12 when the NBPP hint asks for it (PVTYPE=B
    means NBPP=1); otherwise the pixel type's size, whatever the hint says."""
    bits = dtype.itemsize * 8
    pvtype = str(meta.get("PVTYPE") or "").strip().upper()
    nbpp = _hint_int(meta, "NBPP") or (1 if pvtype == "B" else bits)
    rule = PACKED_NBPP.get(nbpp)
    if rule is None or nbpp == bits:  # any other value: whole pixels, as before
        if pvtype == "B":
            raise MetadataError(f"{where}PVTYPE: B (bi-level) needs NBPP=1, got {nbpp}")
        return bits, pvtype_for(dtype)
    packed_pv, kinds, size = rule
    if dtype.kind not in kinds or dtype.itemsize != size:
        raise MetadataError(f"{where}NBPP: {nbpp}-bit pixels are written from "
                            f"{'uint8' if nbpp == 1 else 'uint16/int16'} data, not {dtype}")
    if pvtype == "B" and nbpp != 1 or nbpp == 1 and pvtype not in ("", "B"):
        raise MetadataError(f"{where}PVTYPE: bi-level images have PVTYPE=B and NBPP=1 (got "
                            f"PVTYPE={pvtype or 'blank'}, NBPP={nbpp})")
    return nbpp, packed_pv or pvtype_for(dtype)


J2K_ICS = ("C8", "M8", "CD", "MD")


def layout_for_write(asset, meta, where: str = "") -> ImageLayout:
    """The layout to write ``asset`` with, from its metadata hints (IC, IMODE, NPPBH/NPPBV,
    NBPP, ABPP, PJUST, IREP, BAND_INFO) and its attributes."""
    dtype = np.dtype(asset.dtype).newbyteorder("=")
    if dtype.itemsize * 8 > 99:
        raise MetadataError(f"{where}NBPP: {dtype} pixels need {dtype.itemsize * 8} bits but NBPP "
                            "has two digits (complex128 cannot be stored; use complex64)")
    ic = str(meta.get("IC") or "NC").strip().upper()
    imode = str(meta.get("IMODE") or _default_imode(ic, asset.num_bands)).strip().upper()
    if imode not in ("B", "P", "R", "S"):
        raise MetadataError(f"{where}IMODE: {imode!r} must be B, P, R or S")
    bw = _block_side(_hint_int(meta, "NPPBH"), asset.block_width, asset.num_columns,
                     f"{where}NPPBH")
    bh = _block_side(_hint_int(meta, "NPPBV"), asset.block_height, asset.num_rows,
                     f"{where}NPPBV")
    bits = dtype.itemsize * 8
    nbpp = _hint_int(meta, "NBPP") or bits
    pvtype = pvtype_for(dtype)
    if ic in ("NC", "NM"):
        nbpp, pvtype = _uncompressed_nbpp(meta, dtype, where)
    abpp = _hint_int(meta, "ABPP") or int(getattr(asset, "actual_bits_per_pixel", bits) or bits)
    if ic in J2K_ICS and not _hint_int(meta, "NBPP"):
        nbpp = abpp  # JPEG 2000 codes exactly the significant bits (BPJ2K01: ABPP = NBPP)
    abpp = min(abpp, nbpp)
    if dtype.kind in "fc":
        abpp = nbpp
    pjust = str(meta.get("PJUST") or "R").strip().upper()
    if pjust not in ("R", "L"):
        raise MetadataError(f"{where}PJUST: {pjust!r} must be R or L")
    bands = asset.num_bands
    irep = str(meta.get("IREP") or _default_irep(ic, bands, getattr(asset, "irep", ""))).strip()
    band_info = meta.get("BAND_INFO")
    if band_info:
        if len(band_info) != bands:
            raise MetadataError(f"{where}BAND_INFO: {len(band_info)} entries for a {bands}-band "
                                "image")
        reps = tuple(str(b.get("IREPBAND", "")).strip() for b in band_info)
    else:
        reps = _IREPBAND_DEFAULTS.get(irep, ())
        reps = reps if len(reps) == bands else ("M",) * bands if irep == "MONO" else ("",) * bands
    return ImageLayout(asset.num_rows, asset.num_columns, bands, bw, bh,
                       ceil_div(asset.num_columns, bw), ceil_div(asset.num_rows, bh), dtype,
                       nbpp, abpp, pvtype, pjust, imode, ic, irep, reps)

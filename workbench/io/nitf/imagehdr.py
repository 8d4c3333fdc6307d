"""The image subheader: parse it into metadata and build it from metadata and a layout."""

from __future__ import annotations

import re

from ..core.errors import FormatError, MetadataError
from . import tres
from .codecs.base import ImageLayout
from .fields import (BAND, COMRAT, IC, ICOM, IGEOLO, IMAGE_HEAD, IMAGE_TAIL, NBANDS, NELUT,
                     XBANDS)
from .fieldio import Cursor, format_field, format_fields, format_number

UNCOMPRESSED = ("NC", "NM")
# one IGEOLO corner (of four) per ICORDS, MIL-STD-2500C: G ddmmssXdddmmssY, D +-dd.ddd+-ddd.ddd,
# N/S zzeeeeeennnnnnn, U MGRS zzBJKeeeeennnnn
_CORNER = {"G": r"\d{6}[NS]\d{7}[EW]", "D": r"[+-]\d{2}\.\d{3}[+-]\d{3}\.\d{3}",
           "N": r"\d{15}", "S": r"\d{15}", "U": r"\d{2}[A-Z]{3}\d{10}"}
_MAX_EXT = 99999
_SIX_CHAR_COMRAT = re.compile(r"[NV]\d{3}\.\d")  # N001.0 / V020.0 in the 4-character field


def parse_image_subheader(view, start: int, end: int, index: int) -> dict:
    where = f"image segment {index} subheader"
    cur = Cursor(view, start, end, where)
    meta: dict = {}
    cur.fields(IMAGE_HEAD, meta)
    if meta["IM"] != "IM":
        raise FormatError(f"{where}: IM at offset {start} is {meta['IM']!r}, expected 'IM'")
    if meta["ICORDS"].strip():
        meta["IGEOLO"] = cur.field(IGEOLO)
    nicom = cur.number("NICOM", 1)
    meta["NICOM"] = str(nicom)
    meta["ICOM"] = [cur.field(ICOM) for _ in range(nicom)]
    meta["IC"] = cur.field(IC)
    if meta["IC"] not in UNCOMPRESSED:
        meta["COMRAT"] = cur.field(COMRAT)
        _six_character_comrat(cur, meta)
    nbands = cur.number("NBANDS", 1)
    meta["NBANDS"] = str(nbands)
    if nbands == 0:
        nbands = cur.number("XBANDS", 5)
        meta["XBANDS"] = str(nbands).zfill(5)
    if cur.pos + nbands * 13 > end:
        raise FormatError(f"{where}: {nbands} bands need more bytes than the "
                          f"{end - start}-byte subheader holds")
    bands = []
    for b in range(nbands):
        info: dict = {}
        cur.fields(BAND, info)
        nluts = info["NLUTS"]
        if not nluts.isdigit():
            raise FormatError(f"{where}: NLUTS of band {b} is not numeric: {nluts!r}")
        if int(nluts):
            nelut = cur.number("NELUT", 5)
            info["NELUT"] = str(nelut).zfill(5)
            info["LUTD"] = [cur.take(nelut, f"LUTD band {b}").hex().upper()
                            for _ in range(int(nluts))]
        bands.append(info)
    meta["BAND_INFO"] = bands
    cur.fields(IMAGE_TAIL, meta)
    for length_name, ofl_name, area in (("UDIDL", "UDOFL", "UDID"), ("IXSHDL", "IXSOFL", "IXSHD")):
        tres.read_extended_area(cur, meta, length_name, ofl_name, area, where)
    return meta


def _six_character_comrat(cur: Cursor, meta: dict) -> None:
    """Read a subheader whose 4-character COMRAT holds a 6-character spelling.

    osml-imagery-io copies the spec's spellings ``N001.0`` / ``V020.0`` verbatim into the field,
    pushing every later field of the subheader 2 bytes on (its length fields count those bytes,
    so the rest of the file is consistent). GDAL refuses such a file; we recognise it - NBANDS
    would be the ``.`` of the spelling - and read the 6 characters as COMRAT. The value then
    reads back as written (``N001.0``), and saving the image writes the field in its 4-character
    form (``N010``, see :mod:`workbench.io.jpeg2000.hints`): the file is repaired on save."""
    tail = bytes(cur.view[cur.pos:min(cur.pos + 2, cur.end)]).decode("latin-1")
    if _SIX_CHAR_COMRAT.fullmatch(meta["COMRAT"] + tail):
        meta["COMRAT"] += cur.text("COMRAT", 2)


def _band_bytes(info: dict, b: int, rep: str) -> bytes:
    where = f"BAND_INFO[{b}]."
    vals = dict(info)
    vals.setdefault("IREPBAND", rep)
    if not str(vals.get("IREPBAND", "")).strip():
        vals["IREPBAND"] = rep
    luts = vals.get("LUTD") or []
    vals["NLUTS"] = str(len(luts))
    out = format_fields(BAND, vals, where)
    if luts:
        try:
            tables = [bytes.fromhex(t) if isinstance(t, str) else bytes(t) for t in luts]
        except ValueError:
            raise MetadataError(f"{where}LUTD: LUTs must be bytes or hex strings") from None
        n = len(tables[0])
        if n == 0 or any(len(t) != n for t in tables) or len(tables) > 4:
            raise MetadataError(f"{where}LUTD: 1 to 4 LUTs of one common, non-zero length")
        out += format_field(NELUT, n, where) + b"".join(tables)
    return out


def build_image_subheader(meta, layout: ImageLayout, comrat: str | None,
                          areas: dict[str, bytes], where: str = "",
                          ofl: dict[str, int] | None = None) -> bytes:
    """``areas``: UDID/IXSHD TRE bytes (already fitted); ``ofl``: the TRE_OVERFLOW DES number
    for an area whose TREs overflowed."""
    ofl = ofl or {}
    vals = dict(meta)
    vals.update(NROWS=layout.rows, NCOLS=layout.cols, PVTYPE=layout.pvtype, IREP=layout.irep,
                ABPP=layout.abpp, PJUST=layout.pjust, IC=layout.ic, IMODE=layout.imode,
                NBPR=layout.blocks_per_row, NBPC=layout.blocks_per_col,
                NPPBH=0 if layout.block_width > 8192 else layout.block_width,
                NPPBV=0 if layout.block_height > 8192 else layout.block_height,
                NBPP=layout.nbpp)
    if not str(vals.get("IDLVL", "")).strip():
        vals["IDLVL"] = "001"
    out = bytearray(format_fields(IMAGE_HEAD, vals, where))
    icords = str(vals.get("ICORDS") or " ").strip()
    if icords:
        if icords not in ("U", "G", "N", "S", "D"):
            raise MetadataError(f"{where}ICORDS: {icords!r} must be blank, U, G, N, S or D")
        igeolo = str(vals.get("IGEOLO") or "")
        if not re.fullmatch(f"(?:{_CORNER[icords]}){{4}}", igeolo):
            raise MetadataError(f"{where}IGEOLO: {igeolo!r} is not four ICORDS={icords} corners "
                                f"(each {_CORNER[icords]})")
        out += format_field(IGEOLO, igeolo, where)
    comments = vals.get("ICOM") or []
    if isinstance(comments, str):
        comments = [comments[i:i + 80] for i in range(0, len(comments), 80)]
    if len(comments) > 9:
        raise MetadataError(f"{where}ICOM: {len(comments)} comments, at most 9 (NICOM is 1 digit)")
    out += format_number("NICOM", len(comments), 1, where)
    for c in comments:
        out += format_field(ICOM, c, where)
    out += format_field(IC, layout.ic, where)
    if layout.ic not in UNCOMPRESSED:
        out += format_field(COMRAT, comrat, where)
    if layout.bands <= 9:
        out += format_field(NBANDS, layout.bands, where)
    else:
        out += b"0" + format_field(XBANDS, layout.bands, where)
    infos = vals.get("BAND_INFO") or [{} for _ in range(layout.bands)]
    for b in range(layout.bands):
        out += _band_bytes(infos[b], b, layout.band_reps[b])
    out += format_fields(IMAGE_TAIL, vals, where)
    for length_name, ofl_name, area in (("UDIDL", "UDOFL", "UDID"), ("IXSHDL", "IXSOFL", "IXSHD")):
        data = areas.get(area, b"")
        if not data:
            out += b"00000"
            continue
        if len(data) + 3 > _MAX_EXT:
            raise MetadataError(f"{where}{area}: {len(data)} bytes of TREs exceed the "
                                f"{_MAX_EXT - 3}-byte limit")
        out += format_number(length_name, len(data) + 3, 5) + format_number(
            ofl_name, ofl.get(area, 0), 3, where) + data
    return bytes(out)

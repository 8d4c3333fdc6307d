"""Read-only JPEG 2000 facts for the metadata tree: the JP2 box structure (signature, ftyp, jp2h
with ihdr/colr/res, uuid such as GeoJP2, xml such as GMLJP2, asoc/lbl, jp2c) with the box
contents decoded by glymur's box parsers, XML boxes kept as text (the tree parses them with
defusedxml), and the codestream main header (SIZ/COD/COM): size, tiles, levels, layers,
progression, reversible. Only headers are read, never packet data.

Shown for ``.jp2``/``.j2k`` files and for JPEG 2000 image segments of NITF files (IC=C8/CD);
kept in :attr:`Segment.info`, so it is never written back.
"""

from __future__ import annotations

import io
import struct
import uuid
from typing import Any

BOXES, CODESTREAM = "JP2_BOXES", "J2K_CODESTREAM"
SUPERBOXES = {b"jp2h", b"res ", b"asoc", b"uinf", b"jpch", b"jplh", b"cgrp", b"ftbl"}
PROGRESSIONS = {0: "LRCP", 1: "RLCP", 2: "RPCL", 3: "PCRL", 4: "CPRL"}
COLORSPACES = {16: "sRGB", 17: "greyscale", 18: "sYCC"}
GEOJP2 = uuid.UUID("b14bf8bd-083d-4b43-a5ae-8cd7d5a6ce03")
SOC_SIZ = b"\xff\x4f\xff\x51"
COD, COM = 0xFF52, 0xFF64


def file_info(reader, format_name: str) -> dict[str, Any]:
    """The JP2 box tree of a ``.jp2`` file (``{}`` for anything else)."""
    if format_name != "jpeg2000" or not reader.sources:
        return {}
    view = reader.sources[0].view
    if bytes(view[:4]) == SOC_SIZ:
        return {}
    return {BOXES: jp2_boxes(view, 0, len(view))}


def asset_info(reader, asset, format_name: str, fields: dict) -> dict[str, Any]:
    """Codestream facts of a JPEG 2000 image (a .jp2/.j2k file or a NITF C8/CD segment)."""
    try:
        if format_name == "jpeg2000" and reader.sources:
            view = reader.sources[0].view
            base = 0 if bytes(view[:4]) == SOC_SIZ else _codestream_offset(view)
            return {CODESTREAM: codestream_info(view, base)} if base is not None else {}
        data = getattr(asset, "segment_data", None)
        ic = str(fields.get("IC", "")).strip()
        if format_name in ("nitf", "nsif") and ic in ("C8", "CD") and data is not None \
                and bytes(data[:4]) == SOC_SIZ:
            return {CODESTREAM: codestream_info(data, 0)}
    except Exception as exc:  # a damaged header is shown as such, never fatal to the panel
        return {CODESTREAM: {"error": f"{type(exc).__name__}: {exc}"}}
    return {}


def _codestream_offset(view) -> int | None:
    from workbench.io.jpeg2000.jp2boxes import iter_boxes

    for kind, pos, header, _ in iter_boxes(view, 0, len(view)):
        if kind == b"jp2c":
            return pos + header
    return None


# ---- boxes -------------------------------------------------------------------------------------
def jp2_boxes(view, start: int, end: int) -> list[dict]:
    """One dict per box: ``box`` (its type), ``offset``, ``length``, decoded contents, and
    ``boxes`` for the boxes inside a superbox."""
    from workbench.io.jpeg2000.jp2boxes import iter_boxes

    out = []
    for kind, pos, header, length in iter_boxes(view, start, end):
        name = kind.decode("latin-1")
        row: dict[str, Any] = {"box": name, "offset": str(pos), "length": str(length)}
        if kind in SUPERBOXES:
            row["boxes"] = jp2_boxes(view, pos + header, pos + length)
        elif kind != b"jp2c":
            row.update(_contents(kind, view, pos, header, length))
        out.append(row)
    return out


def _contents(kind: bytes, view, pos: int, header: int, length: int) -> dict[str, str]:
    body = bytes(view[pos + header:pos + length])
    if kind == b"xml ":
        return {"xml": body.rstrip(b"\x00 \r\n\t").decode("utf-8", "replace")}
    if kind == b"uuid" and len(body) >= 16:
        which = uuid.UUID(bytes=body[:16])
        out = {"uuid": str(which), "payload": f"{len(body) - 16} bytes"}
        if which == GEOJP2:
            out["kind"] = "GeoJP2 (a degenerate GeoTIFF)"
            try:
                from workbench.io.jpeg2000.jp2boxes import geojp2_metadata

                out.update(geojp2_metadata(body[16:]))
            except Exception as exc:
                out["error"] = f"{type(exc).__name__}: {exc}"
        return out
    parsed = _glymur(kind, bytes(view[pos:pos + length]))
    return parsed if parsed is not None else {"data": _hex(body)}


def _glymur(kind: bytes, raw: bytes) -> dict[str, str] | None:
    """The fields of a box parsed with glymur's parser for its type (None: not one we show)."""
    from glymur import jp2box

    readers = {
        b"ftyp": (jp2box.FileTypeBox, lambda b: {
            "brand": b.brand, "minor_version": str(b.minor_version),
            "compatibility": ", ".join(b.compatibility_list)}),
        b"ihdr": (jp2box.ImageHeaderBox, lambda b: {
            "height": str(b.height), "width": str(b.width),
            "components": str(b.num_components), "bits_per_component": str(b.bits_per_component),
            "signed": str(b.signed), "compression": str(b.compression)}),
        b"colr": (jp2box.ColourSpecificationBox, lambda b: {
            "method": str(b.method), "precedence": str(b.precedence),
            "colorspace": COLORSPACES.get(b.colorspace, str(b.colorspace))}),
        b"resc": (jp2box.CaptureResolutionBox, lambda b: {
            "vertical": f"{b.vertical_resolution:g}", "horizontal": f"{b.horizontal_resolution:g}"}),
        b"resd": (jp2box.DisplayResolutionBox, lambda b: {
            "vertical": f"{b.vertical_resolution:g}", "horizontal": f"{b.horizontal_resolution:g}"}),
        b"lbl ": (jp2box.LabelBox, lambda b: {"label": b.label.rstrip("\x00")}),
        b"jP  ": (jp2box.JPEG2000SignatureBox, lambda b: {"signature": " ".join(
            str(v) for v in b.signature)}),
    }
    entry = readers.get(kind)
    if entry is None:
        return None
    cls, fields = entry
    stream = io.BytesIO(raw)
    stream.name = "<jp2 box>"
    stream.seek(8)
    try:
        return fields(cls.parse(stream, 0, len(raw)))
    except Exception as exc:
        return {"error": f"glymur could not parse it: {type(exc).__name__}: {exc}"}


def _hex(body: bytes) -> str:
    head = body[:32].hex(" ")
    return f"{len(body)} bytes: {head}{' ...' if len(body) > 32 else ''}"


# ---- codestream ---------------------------------------------------------------------------------
def codestream_info(data, base: int) -> dict[str, Any]:
    """SIZ (size, offsets, tiles, components), COD (progression, layers, levels, code blocks,
    wavelet) and COM (comments) of the main header at ``data[base]``."""
    from workbench.io.jpeg2000.codestream import parse_main_header

    header = parse_main_header(data, base)
    siz = header.siz
    out: dict[str, Any] = {
        "width": str(siz.width), "height": str(siz.height),
        "image_offset": f"{siz.xosiz}, {siz.yosiz}",
        "tile_size": f"{siz.xtsiz} x {siz.ytsiz}",
        "tiles": f"{siz.tiles_across} x {siz.tiles_down} = {siz.tiles_across * siz.tiles_down}",
        "tile_offset": f"{siz.xtosiz}, {siz.ytosiz}",
        "htj2k": str(bool(siz.is_htj2k)),
        "components": [{"precision": str(c.precision), "signed": str(c.signed),
                        "subsampling": f"{c.xrsiz} x {c.yrsiz}"} for c in siz.components],
    }
    cod = header.segment(COD)
    if cod is not None and len(cod) >= 14:
        scod, order, layers, mct, levels, xcb, ycb, style, wavelet = struct.unpack(
            ">BBHBBBBBB", cod[4:14])
        out.update({
            "progression": PROGRESSIONS.get(order, f"unknown ({order})"),
            "layers": str(layers), "levels": str(levels),
            "reversible": str(wavelet == 1),
            "wavelet": "5/3 reversible" if wavelet == 1 else "9/7 irreversible",
            "multiple_component_transform": str(bool(mct)),
            "code_block": f"{1 << (xcb + 2)} x {1 << (ycb + 2)}",
            "code_block_style": f"0x{style:02X}",
            "precincts": "given per level" if scod & 1 else "maximal",
            "sop_markers": str(bool(scod & 2)), "eph_markers": str(bool(scod & 4)),
        })
    comments = [raw[6:].decode("latin-1") for code, raw in header.segments
                if code == COM and len(raw) > 6 and raw[4:6] == b"\x00\x01"]
    if comments:
        out["comments"] = comments
    return out

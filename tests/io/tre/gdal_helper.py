"""Let GDAL (through rasterio) write a TRE into a tiny NITF and report what it decoded."""
from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
from defusedxml import ElementTree

import rasterio


def escape_for_gdal(cedata: bytes) -> str:
    """GDAL unescapes TRE= contents with CPLES_BackslashQuotable (\\0, \\\\, \\")."""
    out = []
    for b in cedata:
        if b == 0:
            out.append("\\0")
        elif b == 0x5C:
            out.append("\\\\")
        elif b == 0x22:
            out.append('\\"')
        elif b < 0x80:
            out.append(chr(b))
        else:
            raise ValueError("GDAL's TRE= option cannot carry bytes >= 0x80 through rasterio")
    return "".join(out)


def gdal_write_and_read(tmp: Path, tag: str, cedata: bytes) -> tuple[str, list]:
    """Returns (GDAL's raw TRE text, GDAL's decoded fields as [(name, value)] in order, or
    [("<warning>", text)] entries for GDAL's warnings)."""
    path = str(tmp / f"{tag}.ntf")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with rasterio.open(path, "w", driver="NITF", width=2, height=2, count=1, dtype="uint8",
                           TRE=f"{tag}={escape_for_gdal(cedata)}") as ds:
            ds.write(np.zeros((1, 2, 2), np.uint8))
        with rasterio.open(path) as src:
            raw = src.tags(ns="TRE").get(tag)
            xml = src.tags(ns="xml:TRE").get("xml:TRE", "")
    fields: list = []
    if xml:
        root = ElementTree.fromstring(xml)
        for tre in root.iter("tre"):
            if tre.get("name") == tag:
                _walk(tre, fields)
    return raw, fields


def _walk(node, out: list) -> None:
    for child in node:
        if child.tag == "field":
            out.append((child.get("name"), child.get("value")))
        elif child.tag == "warning":
            out.append(("<warning>", child.text))
        else:
            _walk(child, out)


def flatten(decoded: dict) -> list:
    """Our decoded dict as [(name, stripped text)] in order, loops flattened like GDAL's."""
    out: list = []
    for k, v in decoded.items():
        if isinstance(v, list):
            for row in v:
                out.extend(flatten(row))
        elif isinstance(v, (bytes, bytearray)):
            continue
        else:
            out.append((k, str(v).strip()))
    return out


# Fields GDAL reads but does not name (it reports no entry for them).
GDAL_UNNAMED = {"BLANK_FILL", "RESVD001", "RESVD002", "RESVD003"}


def comparable(ours: list, gdal: list) -> tuple[list, list]:
    """Align naming conventions: GDAL reports fixed repeats (LINE_NUM_COEFF_1..20) under the
    bare name, and leaves reserved fields unnamed."""
    import re

    names = {n for n, _ in gdal}
    mine = []
    for n, v in ours:
        if n not in names and (n.startswith("RESERVED") or n in GDAL_UNNAMED):
            continue
        if n not in names:
            n = re.sub(r"_\d+$", "", n)
        mine.append((n, v))
    theirs = [(n, (v or "").strip()) for n, v in gdal]
    return mine, theirs


def gdal_decode_any(tmp: Path, tag: str, cedata: bytes) -> list:
    """GDAL's decoded fields for any CEDATA, including bytes >= 0x80 (which the TRE= option
    cannot carry): GDAL writes a placeholder TRE of the same length, whose bytes are then
    replaced in the file before GDAL reads it back."""
    path = tmp / f"{tag}-any.ntf"
    placeholder = b"\x01" * len(cedata)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with rasterio.open(str(path), "w", driver="NITF", width=2, height=2, count=1,
                           dtype="uint8", TRE=f"{tag}={placeholder.decode()}") as ds:
            ds.write(np.zeros((1, 2, 2), np.uint8))
        blob = path.read_bytes()
        head = tag.encode() + b"%05d" % len(cedata)
        at = blob.index(head + placeholder) + len(head)
        path.write_bytes(blob[:at] + cedata + blob[at + len(cedata):])
        with rasterio.open(str(path)) as src:
            xml = src.tags(ns="xml:TRE").get("xml:TRE", "")
    fields: list = []
    if xml:
        for tre in ElementTree.fromstring(xml).iter("tre"):
            if tre.get("name") == tag:
                _walk(tre, fields)
    return fields

"""TREs in segment metadata: reading extended-header areas into metadata and back.

A segment's TREs appear in its metadata keyed by tag: a dict (decoded by ``workbench.io.tre``),
a ``RawTRE`` (bytes + ``.reason``) when undecodable, or a list when a tag occurs several times.

Placement: the private key ``_TRE_PLACEMENT`` lists ``"AREA:TAG"`` for every TRE read, in file
order (AREA is UDHD/XHD, UDID/IXSHD, SXSHD, TXSHD, or ``OVERFLOW`` suffixes are folded into the
area they overflowed). On write, TREs listed there go back to the same area in the same order
(so an unchanged copy is byte-identical); TREs not listed (added by the user) go to the
extended area (XHD, IXSHD, SXSHD, TXSHD) after the others; listed TREs no longer in the metadata
are dropped.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..core.errors import FormatError, MetadataError

PLACEMENT = "_TRE_PLACEMENT"
_NOT_TRES = {"BAND_INFO", "ICOM", "IMAGE_INFO", "GRAPHIC_INFO", "TEXT_INFO", "DES_INFO",
             "RES_INFO", PLACEMENT, "DESSHF", "FBKGC"}


def _engine():
    try:
        from .. import tre
        return tre
    except ImportError:  # the TRE engine is optional at import time
        return None


def split_area(data: bytes, where: str) -> list[tuple[str, bytes]]:
    """``TAG(6) CEL(5) CEDATA`` records of an area; FormatError naming ``where`` when they do
    not tile it exactly."""
    eng = _engine()
    if eng is not None:
        try:
            return list(eng.split_tres(data, where))
        except ValueError as exc:
            raise FormatError(f"{where}: {exc}") from exc
    out, pos = [], 0
    while pos < len(data):
        if pos + 11 > len(data):
            raise FormatError(f"{where}: truncated TRE header at offset {pos}")
        tag = data[pos:pos + 6].decode("latin-1").strip()
        cel = data[pos + 6:pos + 11]
        if not cel.isdigit():
            raise FormatError(f"{where}: TRE {tag!r} at offset {pos} has a non-numeric CEL {cel!r}")
        n = int(cel)
        if pos + 11 + n > len(data):
            raise FormatError(f"{where}: TRE {tag!r} at offset {pos} claims {n} bytes past the end")
        out.append((tag, data[pos + 11:pos + 11 + n]))
        pos += 11 + n
    return out


def decode(tag: str, cedata: bytes):
    eng = _engine()
    if eng is None:
        return _Raw(cedata, "TRE engine not available")
    return eng.decode_tre(tag, cedata)


class _Raw(bytes):
    reason = ""

    def __new__(cls, data, reason=""):
        obj = super().__new__(cls, data)
        obj.reason = reason
        return obj


def read_extended_area(cur, meta: dict, length_name: str, ofl_name: str, area: str,
                       where: str) -> None:
    """Read a subheader's TRE area at ``cur``: its 5-digit length, then (when not empty) the
    3-digit overflow number and the TREs, which land in ``meta`` by tag."""
    n = cur.number(length_name, 5)
    meta[length_name] = str(n).zfill(5)
    if n:
        if n < 3:
            raise FormatError(f"{where}: {length_name}={n} is shorter than its overflow field")
        meta[ofl_name] = cur.text(ofl_name, 3)
        add_area(meta, area, cur.take(n - 3, area), f"{where} {area}")


def add_area(meta: dict, area: str, data: bytes, where: str) -> None:
    """Decode an area's TREs into ``meta`` and record their placement."""
    placement = meta.setdefault(PLACEMENT, [])
    for tag, cedata in split_area(data, where):
        value = decode(tag, cedata)
        if tag in meta:
            prev = meta[tag]
            meta[tag] = (prev if isinstance(prev, list) else [prev]) + [value]
        else:
            meta[tag] = value
        placement.append(f"{area}:{tag}")


def is_tre_entry(key: str, value) -> bool:
    if key in _NOT_TRES or key.startswith("_") or not 1 <= len(key) <= 6:
        return False
    if isinstance(value, (dict, bytes, bytearray)):
        return True
    return isinstance(value, list) and bool(value) and all(
        isinstance(v, (dict, bytes, bytearray)) for v in value)


def _encode(tag: str, value, where: str) -> bytes:
    eng = _engine()
    if eng is None:
        if isinstance(value, (bytes, bytearray)):
            return bytes(value)
        raise MetadataError(f"{where}{tag}: the TRE engine is not available to encode a dict")
    try:
        cedata = eng.encode_tre(tag, value)
    except ValueError as exc:
        raise MetadataError(f"{where}{tag}: {exc}") from exc
    if len(cedata) > 99999:
        raise MetadataError(f"{where}{tag}: CEDATA of {len(cedata)} bytes exceeds CEL's 99999")
    return tag.ljust(6).encode("latin-1") + str(len(cedata)).zfill(5).encode() + cedata


def build_areas(meta: Mapping, areas: tuple[str, ...], where: str = "") -> dict[str, list[bytes]]:
    """Encoded TRE records per area name (the last area receives new TREs)."""
    instances: dict[str, list] = {}
    for key, value in meta.items():
        if is_tre_entry(key, value):
            instances[key] = list(value) if isinstance(value, list) else [value]
    out: dict[str, list[bytes]] = {a: [] for a in areas}
    used: dict[str, int] = {}
    for entry in meta.get(PLACEMENT, []) or []:
        area, _, tag = str(entry).partition(":")
        vals = instances.get(tag)
        i = used.get(tag, 0)
        if not vals or i >= len(vals):
            continue
        used[tag] = i + 1
        out[area if area in out else areas[-1]].append(_encode(tag, vals[i], where))
    for tag, vals in instances.items():
        for v in vals[used.get(tag, 0):]:
            out[areas[-1]].append(_encode(tag, v, where))
    return out


AREA_LIMIT = 99999 - 3  # an extended-header length field counts its 3-byte overflow field


def fit(records: list[bytes], limit: int = AREA_LIMIT) -> tuple[bytes, bytes]:
    """(what stays in the header, what overflows into a TRE_OVERFLOW DES), whole TREs only,
    order kept."""
    kept, total = [], 0
    for i, rec in enumerate(records):
        if total + len(rec) > limit:
            return b"".join(kept), b"".join(records[i:])
        kept.append(rec)
        total += len(rec)
    return b"".join(kept), b""

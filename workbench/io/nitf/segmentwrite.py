"""Preparing graphic, text, DES and RES segments for writing: payload, subheader (validated in
``add_asset``), and the TREs of graphic/text extended headers that overflow into a TRE_OVERFLOW
DES.

Which segment a data asset becomes: a RES when its key starts with ``res:`` or its metadata has
``RESID`` (as a reader's ``res:N`` asset does) and no ``DESID``; otherwise a DES."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..core.errors import MetadataError
from .segmenthdr import OVERFLOW_ID, build_subheader, extended_area, fit_tres

_LIMITS = {"graphic": 999_999, "text": 99_999, "des": 999_999_999, "res": 9_999_999}
_LENGTH = {"graphic": "LS", "text": "LT", "des": "LD", "res": "LRE"}
_TEXT_CODECS = {"U8S": "utf-8"}


@dataclass
class PreparedSegment:
    kind: str                 # graphic, text, des, res
    meta: dict
    payload: bytes
    subheader: bytes
    where: str = ""
    area_data: bytes = b""    # graphic/text: the TREs that stay in SXSHD/TXSHD
    overflow: dict[str, bytes] = field(default_factory=dict)  # area -> overflowing TREs

    def rebuild_subheader(self, ofl: dict[str, int]) -> None:
        area = extended_area(self.kind)
        self.subheader = build_subheader(self.kind, self.meta, self.where, self.area_data,
                                         ofl.get(area, 0))


def data_kind(key: str, meta) -> str:
    """``res`` or ``des`` for a data asset (see the module docstring)."""
    if "DESID" in meta:
        return "des"
    return "res" if str(key).startswith("res:") or "RESID" in meta else "des"


def _metadata(asset) -> dict:
    md = asset.metadata
    return dict(md.entries() if hasattr(md, "entries") else md)


def prepare_segment(kind: str, item, same_kind_before: int) -> PreparedSegment:
    """``kind``: graphic, text or data (resolved here to des or res)."""
    asset = item.asset
    meta = _metadata(asset)
    where = f"{item.key}: "
    if kind == "data":
        kind = data_kind(item.key, meta)
    if kind == "text":
        fmt = str(meta.get("TXTFMT") or getattr(asset, "format", "") or "").strip()
        text = asset.text
        if not fmt:
            fmt = "STA" if text.isascii() else "U8S"
        try:
            payload = text.encode(_TEXT_CODECS.get(fmt, "latin-1"))
        except UnicodeEncodeError:
            raise MetadataError(f"{where}TXTFMT: {fmt} text cannot hold these characters; use "
                                "TXTFMT=U8S (UTF-8)") from None
        meta["TXTFMT"] = fmt
        meta.setdefault("TEXTID", item.key[:7])
        meta.setdefault("TXTITL", item.title[:80])
    elif kind == "graphic":
        payload = bytes(asset.raw_asset)
        meta.setdefault("SID", item.key[:10])
        meta.setdefault("SNAME", item.title[:20])
        if not str(meta.get("SDLVL") or "").strip():
            meta["SDLVL"] = str(100 + same_kind_before)
    else:
        payload = bytes(asset.raw_asset)
        idname = "DESID" if kind == "des" else "RESID"
        if not str(meta.get(idname) or "").strip():
            xml = "xml" in str(getattr(asset, "mime_type", "")).lower()
            meta[idname] = "XML_DATA_CONTENT" if xml and kind == "des" else item.key[:25]
        if kind == "des" and str(meta.get("DESID")).strip() == OVERFLOW_ID:
            raise MetadataError(f"{where}DESID: TRE_OVERFLOW segments are written by the "
                                "writer itself")
    if len(payload) > _LIMITS[kind]:
        raise MetadataError(f"{where}{_LENGTH[kind]}: {kind} data of {len(payload)} bytes "
                            f"exceeds the {_LIMITS[kind]}-byte limit of its length field")
    if kind in ("graphic", "text"):
        kept, rest = fit_tres(kind, meta, where)
        overflow = {extended_area(kind): rest} if rest else {}
        sub = build_subheader(kind, meta, where, kept)
        return PreparedSegment(kind, meta, payload, sub, where, kept, overflow)
    return PreparedSegment(kind, meta, payload, build_subheader(kind, meta, where), where)

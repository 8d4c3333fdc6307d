"""Writing NITF 2.1 / NSIF 1.0 files.

Segments are written in the standard's order (images, graphics, text, DES, RES) whatever the
order of ``add_asset``; TRE_OVERFLOW DESs follow the user's DESs. Data assets become DES or RES
segments as :mod:`.segmentwrite` says (``res:N`` assets of a reader are RES). The file streams to disk: a placeholder file header is written first, then each
segment (image blocks pulled lazily from the provider), then the header is rewritten with the
real lengths. Every header is built — and so validated — in ``add_asset`` (image, graphic, text,
DES, RES) or before the first byte (file header).

Fields the writer sets on its own, whatever the metadata says: FHDR/FVER (from the format),
CLEVEL, FL, HL, NUMI/NUMS/NUMX/NUMT/NUMDES/NUMRES and the segment lengths, UDHDL/XHDL and the
segments' extended-header lengths and overflow numbers; per image NROWS, NCOLS, PVTYPE, NBPP,
ABPP (capped at NBPP), IC, IMODE, NBPR, NBPC, NPPBH, NPPBV, NBANDS/XBANDS, NLUTS/NELUT, NICOM;
DESSHL, RESSHL, SXSHDL/SXSOFL, TXSHDL/TXSOFL; and TRE_OVERFLOW DESs. Filled only when absent from the metadata: IID1 (the asset key), IID2 (the title), TEXTID,
TXTITL, SID, SNAME; when blank: FDT (now, UTC), IDLVL (1, 2, ...), SDLVL, TXTFMT, DESID,
RESID.
``J2K_*`` hints reach the codec only.
"""

from __future__ import annotations

import datetime as _dt

from ..core.dataset import DatasetWriter
from ..core.enums import AssetType
from ..core.errors import MetadataError, UnsupportedError
from . import tres
from .clevel import ImageExtent, compute_clevel, parse_iloc
from .fields import SECURITY_SUFFIXES
from .filehdr import build_file_header
from .imagewrite import PreparedImage, prepare_image, write_image_data
from .segmenthdr import OVERFLOW_ID, build_subheader
from .segmentwrite import PreparedSegment, prepare_segment

_ORDER = {"image": 0, "graphic": 1, "text": 2, "des": 3, "res": 4}
_KIND = {AssetType.Image: "image", AssetType.Graphics: "graphic", AssetType.Text: "text",
         AssetType.Data: "data"}
_COUNTS = {"NUMI": "image", "NUMS": "graphic", "NUMT": "text", "NUMDES": "des", "NUMRES": "res"}
_SECURITY = {"image": "IS", "graphic": "SS", "text": "TS"}  # security field prefixes


def _des_security(owner: dict, prefix: str) -> dict:
    """The 16 security fields of the header whose TREs overflow, as the TRE_OVERFLOW DES's own
    (DESCLAS, DESCLSY, DESCODE, ...): the DES carries that header's data, so it carries its
    markings, codewords and control/handling too, never just the classification letter."""
    out = {}
    for suffix in SECURITY_SUFFIXES:
        value = owner.get(prefix + suffix)
        if value is not None and str(value).strip():
            out["DES" + suffix] = value
    out.setdefault("DESCLAS", "U")
    return out


class NitfWriter(DatasetWriter):
    def __init__(self, targets, fmt):
        super().__init__(targets, fmt)
        self.format_name = "nsif" if getattr(fmt, "name", "nitf") == "nsif" else "nitf"
        self._prepared: list[tuple[str, object]] = []

    # -- validation (before anything is written) -----------------------------------------------
    def validate_item(self, item) -> None:
        kind = _KIND.get(item.asset.asset_type)
        if kind is None:
            raise UnsupportedError(f"{item.key}: NITF cannot hold a {item.asset.asset_type} asset")
        if kind == "image":
            if item.is_overview:
                raise UnsupportedError(f"{item.key}: NITF has no overview images; write an R-set "
                                       "(out.ntf.r1, ...) instead")
            count = sum(1 for k, _ in self._prepared if k == "image")
            self._prepared.append(("image", prepare_image(item, count)))
        else:
            before = sum(1 for k, _ in self._prepared if k == kind)
            prep = prepare_segment(kind, item, before)
            kind = prep.kind
            self._prepared.append((kind, prep))
        if sum(1 for k, _ in self._prepared if k == kind) > 999:
            raise MetadataError(f"{item.key}: more than 999 {kind} segments")

    def _file_meta(self) -> tuple[dict, dict[str, bytes], dict[str, bytes]]:
        meta = dict(self.metadata.entries())
        if not str(meta.get("FDT") or "").strip():
            meta["FDT"] = _dt.datetime.now(_dt.timezone.utc).strftime("%Y%m%d%H%M%S")
        areas, overflow = {}, {}
        for area, records in tres.build_areas(meta, ("UDHD", "XHD"), "file header ").items():
            areas[area], rest = tres.fit(records)
            if rest:
                overflow[area] = rest
        return meta, areas, overflow

    def _overflow_segments(self, segments, file_overflow, file_meta) -> tuple[list, dict]:
        """TRE_OVERFLOW DESs (placed after the user's DESs) and the file header's OFL numbers;
        image, graphic and text subheaders that overflowed get theirs rebuilt in place."""
        number = sum(1 for k, _ in segments if k == "des")
        extra, file_ofl = [], {}

        def add(area, item, data, security):
            nonlocal number
            number += 1
            meta = {"DESID": OVERFLOW_ID, "DESVER": "01", **security, "DESOFLW": area,
                    "DESITEM": item}
            sub = build_subheader("des", meta, "TRE_OVERFLOW ")
            extra.append(("des", PreparedSegment("des", meta, data, sub)))
            return number

        for area, data in file_overflow.items():
            file_ofl[area] = add(area, 0, data, _des_security(file_meta, "FS"))
        for kind, prefix in _SECURITY.items():
            for i, prep in enumerate(p for k, p in segments if k == kind):
                if prep.overflow:
                    security = _des_security(prep.meta, prefix)
                    ofl = {area: add(area, i + 1, data, security)
                           for area, data in prep.overflow.items()}
                    prep.rebuild_subheader(ofl)
        if number > 999:
            raise MetadataError(f"{number} DES segments with TRE_OVERFLOW, at most 999")
        return extra, file_ofl

    # -- writing --------------------------------------------------------------------------------
    def write(self, out) -> None:
        # A NITF with no segments (NUMI=NUMS=NUMT=NUMDES=0) is valid: a header-only file.
        segments = sorted(self._prepared, key=lambda kv: _ORDER[kv[0]])
        meta, areas, file_overflow = self._file_meta()
        extra, file_ofl = self._overflow_segments(segments, file_overflow, meta)
        res = [s for s in segments if s[0] == "res"]
        segments = [s for s in segments if s[0] != "res"] + extra + res
        zero = {n: [(0, 0)] * sum(1 for k, _ in segments if k == kind)
                for n, kind in _COUNTS.items()}
        header = build_file_header(meta, self.format_name, zero, areas, file_ofl, 0, 3)
        f = out.file
        f.write(header)
        lengths = {n: [] for n in _COUNTS}
        key_of = {v: k for k, v in _COUNTS.items()}
        extents = []
        n_images = sum(1 for k, _ in segments if k == "image")
        done = 0
        for kind, prep in segments:
            if kind == "image":
                prep: PreparedImage
                f.write(prep.subheader)

                def report(frac, msg, done=done):
                    self.report((done + frac) / max(1, n_images), msg)

                li = write_image_data(prep, f, report)
                if li > 9_999_999_999:
                    raise MetadataError(f"LI: image data of {li} bytes exceeds 10 digits")
                lengths["NUMI"].append((len(prep.subheader), li))
                lay = prep.layout
                r0, c0 = parse_iloc(prep.meta.get("ILOC"))
                extents.append(ImageExtent(lay.rows, lay.cols, r0, c0, lay.block_height,
                                           lay.block_width, lay.bands, lay.irep))
                done += 1
            else:
                f.write(prep.subheader)
                f.write(prep.payload)
                lengths[key_of[kind]].append((len(prep.subheader), len(prep.payload)))
        size = f.tell()
        clevel = compute_clevel(size, extents)
        final = build_file_header(meta, self.format_name, lengths, areas, file_ofl, size, clevel)
        if len(final) != len(header):
            raise AssertionError("file header length changed between placeholder and final")
        f.seek(0)
        f.write(final)
        f.seek(size)
        self.report(1.0, "done")

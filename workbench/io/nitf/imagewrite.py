"""Writing one image segment: the layout and subheader (validated before any byte is written),
the blocks pulled lazily from the provider, and the pass-through copy of an unchanged NITF
image's encoded bytes."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..core.errors import MetadataError
from ..core.geometry import ceil_div
from . import tres
from .codecs.base import ImageCodec, ImageLayout, get_codec
from .imagehdr import build_image_subheader
from .layout import layout_for_write
from .masks import build_mask_table, mask_table_size
from .reader import MASKED, NitfImageAsset

_HINTS = ("COMRAT",)


@dataclass
class PreparedImage:
    asset: object
    meta: dict
    layout: ImageLayout
    codec: ImageCodec | None
    comrat: str
    subheader: bytes
    passthrough: memoryview | None
    areas: dict[str, bytes]
    overflow: dict[str, bytes]
    codec_hints: dict  # ``meta`` plus the write-only J2K_* hints, for the codec alone

    def rebuild_subheader(self, ofl: dict[str, int], where: str = "") -> None:
        self.subheader = build_image_subheader(self.meta, self.layout, self.comrat, self.areas,
                                               where, ofl)


def _strip_codec_hints(meta: dict) -> dict:
    return {k: v for k, v in meta.items() if not k.startswith("J2K_")}


def prepare_image(item, index: int) -> PreparedImage:
    asset = item.asset
    meta = dict(asset.metadata.entries() if hasattr(asset.metadata, "entries")
                else asset.metadata)
    where = f"{item.key}: "
    layout = layout_for_write(asset, meta, where)
    passthrough = _passthrough(asset, meta, layout)
    codec = None
    comrat = str(meta.get("COMRAT") or "")
    if passthrough is None:
        codec = get_codec(layout.ic)
        codec.validate(layout, meta)
        comrat = codec.comrat(layout, meta)
    elif len(comrat.strip()) > 4:  # a 6-character spelling read from a defective file
        comrat = get_codec(layout.ic).comrat(layout, meta)  # its 4-character form
    meta.setdefault("IID1", item.key[:10])
    meta.setdefault("IID2", item.title[:80])
    if not str(meta.get("IDLVL") or "").strip():
        meta["IDLVL"] = str(index + 1)
    clean = _strip_codec_hints(meta)
    areas, overflow = {}, {}
    for area, records in tres.build_areas(clean, ("UDID", "IXSHD"), where).items():
        areas[area], rest = tres.fit(records)
        if rest:
            overflow[area] = rest
    subheader = build_image_subheader(clean, layout, comrat, areas, where)
    return PreparedImage(asset, clean, layout, codec, comrat, subheader, passthrough, areas,
                         overflow, meta)


def _passthrough(asset, meta: dict, layout: ImageLayout) -> memoryview | None:
    """The source's encoded bytes when ``asset`` is one of our NITF images and nothing that
    changes the encoding differs (IC, IMODE, blocking, NBPP/ABPP, PJUST, COMRAT, no J2K_
    hints)."""
    if not isinstance(asset, NitfImageAsset):
        return None
    src = asset.layout
    if any(k.startswith("J2K_") for k in meta):
        return None
    if (src.ic, src.imode, src.block_width, src.block_height, src.nbpp, src.abpp, src.pjust,
            src.dtype, src.bands) != (layout.ic, layout.imode, layout.block_width,
                                      layout.block_height, layout.nbpp, layout.abpp,
                                      layout.pjust, layout.dtype, layout.bands):
        return None
    if str(asset.subheader.get("COMRAT", "")).strip() != str(meta.get("COMRAT", "")).strip():
        return None
    return asset.segment_data


def _padded(block: np.ndarray, shape, fill, dtype) -> np.ndarray:
    if block.shape == shape and block.dtype == dtype:
        return block
    out = np.full(shape, fill, dtype)
    out[:, :block.shape[1], :block.shape[2]] = block
    return out


def block_source(prep: PreparedImage):
    """``get_block(row, col)`` for the codec: full-size CHW blocks of the output grid, padded
    with the pad value; None for absent blocks of masked ICs. Reads the provider's blocks
    sequentially (never through the shared pool, which the codec is already using)."""
    asset, lay = prep.asset, prep.layout
    shape = (lay.bands, lay.block_height, lay.block_width)
    fill = asset.pad_pixel_value or 0
    masked = lay.ic in MASKED
    same_grid = (asset.block_width, asset.block_height) == (lay.block_width, lay.block_height)
    pbw, pbh = asset.block_width, asset.block_height

    def get_block(row: int, col: int):
        if same_grid:
            if masked and not asset.has_block(row, col, 0):
                return None
            return _padded(np.asarray(asset.get_block(row, col, 0)), shape, fill, lay.dtype)
        y0, x0 = row * lay.block_height, col * lay.block_width
        h = min(lay.block_height, lay.rows - y0)
        w = min(lay.block_width, lay.cols - x0)
        out = np.full(shape, fill, lay.dtype)
        present = False
        for pr in range(y0 // pbh, ceil_div(y0 + h, pbh)):
            for pc in range(x0 // pbw, ceil_div(x0 + w, pbw)):
                if not asset.has_block(pr, pc, 0):
                    continue
                present = True
                blk = np.asarray(asset.get_block(pr, pc, 0))
                by, bx = pr * pbh, pc * pbw
                sy0, sx0 = max(0, y0 - by), max(0, x0 - bx)
                sy1 = min(blk.shape[1], y0 + h - by)
                sx1 = min(blk.shape[2], x0 + w - bx)
                out[:, by + sy0 - y0:by + sy1 - y0, bx + sx0 - x0:bx + sx1 - x0] = \
                    blk[:, sy0:sy1, sx0:sx1]
        if masked and not present:
            return None
        return out

    return get_block


def _pad_code(prep: PreparedImage) -> tuple[bytes, int]:
    value = prep.asset.pad_pixel_value
    if not value:
        return b"", 0
    lay = prep.layout
    if lay.nbpp != lay.dtype.itemsize * 8:  # packed: TPXCDLNTH = NBPP, right-justified code
        code = int(value) & ((1 << lay.nbpp) - 1)
        return code.to_bytes((lay.nbpp + 7) // 8, "big"), lay.nbpp
    raw = np.array([value], lay.dtype.newbyteorder(">")).tobytes()
    return raw, len(raw) * 8


def write_image_data(prep: PreparedImage, f, report) -> int:
    """Stream the image data to ``f`` (at its current position); return its length (LI)."""
    start = f.tell()
    if prep.passthrough is not None:
        view = prep.passthrough
        for pos in range(0, len(view), 1 << 24):
            f.write(view[pos:pos + (1 << 24)])
            report(min(1.0, (pos + (1 << 24)) / max(1, len(view))), "copying image data")
        return f.tell() - start
    lay = prep.layout
    masked = lay.ic in MASKED
    encoded = prep.codec.encode(lay, prep.codec_hints, block_source(prep), report)
    offsets: list[int | None] = []
    pad, pad_bits = _pad_code(prep) if masked else (b"", 0)
    if masked:
        units = lay.num_blocks * (lay.bands if lay.imode == "S" else 1)
        f.write(b"\0" * mask_table_size(units, len(pad)))
    data_start = f.tell()
    f.write(encoded.header)
    pos = len(encoded.header)  # offset from data_start, counted (tell() would flush)
    for unit in encoded.units:
        if unit is None:
            if not masked:
                raise MetadataError(f"IC={lay.ic}: every block must be present (use NM, M8... "
                                    "for sparse images)")
            offsets.append(None)
            continue
        offsets.append(pos)
        f.write(unit)
        pos += len(unit)
    f.write(encoded.trailer)
    end = data_start + pos + len(encoded.trailer)
    if masked:
        f.seek(start)
        f.write(build_mask_table(offsets, pad, pad_bits))
        f.seek(end)
    return end - start

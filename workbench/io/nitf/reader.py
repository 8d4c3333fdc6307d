"""Reading NITF 2.1 / NSIF 1.0: every segment as an asset, headers as metadata.

Opening parses the file header and every subheader (validating all lengths against the file
size first); pixel blocks are decoded on demand from the memory map (O(block)).
Keys: ``image:N``, ``graphic:N``, ``text:N``, ``data:N`` (DES), ``res:N`` (RES; N counts
segments of that kind from 0). TRE_OVERFLOW DESs are not assets: their TREs are merged into the
segment they overflowed, and ``data:N`` numbers the other DESs only. A RES is a data asset whose
bytes are RESDATA and whose metadata is its subheader (RE, RESID, RESVER, RESCLAS and the other
security fields, RESSHL, RESSHF); written back unchanged it is identical byte for byte.
"""

from __future__ import annotations

import numpy as np

from ..core.assets import DataAsset, GraphicsAsset, ImageAsset, TextAsset
from ..core.dataset import DatasetReader
from ..core.enums import PixelType
from ..core.errors import FormatError, UnsupportedError
from ..core.metadata import MetadataProvider
from . import tres
from .codecs.base import get_codec
from .filehdr import parse_file_header
from .imagehdr import parse_image_subheader
from .layout import layout_from_subheader
from .masks import read_mask_table
from .segmenthdr import OVERFLOW_ID, parse_subheader

MASKED = ("NM", "M1", "M3", "M4", "M5", "M7", "M8", "MD")
_TEXT_ENCODINGS = {"U8S": "utf-8", "UT1": "latin-1", "STA": "latin-1", "MTF": "latin-1"}
_OVERFLOW_OWNER = {"UDHD": "file", "XHD": "file", "UDID": "image", "IXSHD": "image",
                   "SXSHD": "graphic", "TXSHD": "text"}


class NitfImageAsset(ImageAsset):
    """One image segment. ``segment_data`` is the whole encoded image data (mask table
    included), ``subheader`` the parsed subheader (what pass-through copying compares)."""

    def __init__(self, key, meta: dict, layout, segment_data: memoryview, title: str):
        super().__init__(key, title=title, description="", roles=["data"],
                         metadata=MetadataProvider(meta))
        self.layout = layout
        self.subheader = meta
        self.segment_data = segment_data
        self.num_rows, self.num_columns, self.num_bands = layout.rows, layout.cols, layout.bands
        self.pixel_value_type = PixelType.from_numpy_dtype(layout.dtype)
        self.num_bits_per_pixel = layout.nbpp
        self.actual_bits_per_pixel = layout.abpp
        self.num_pixels_per_block_horizontal = layout.block_width
        self.num_pixels_per_block_vertical = layout.block_height
        self.irep = layout.irep
        self.mask = None
        self._decoder = None
        self._error: Exception | None = None
        where = f"{key} ({layout.ic})"
        data = segment_data
        if layout.ic in MASKED:
            self.mask = read_mask_table(segment_data, layout.imode, layout.num_blocks,
                                        layout.bands, where)
            data = segment_data[self.mask.data_offset:]
            if self.mask.pad_pixel:
                self.pad_pixel_value = self._pad_value(self.mask.pad_pixel)
        offsets = self.mask.unit_offsets if self.mask else None
        if layout.ic in ("NC", "NM") and offsets is None:
            from .codecs.uncompressed import num_units, unit_size
            need = num_units(layout) * unit_size(layout)
            if need > len(data):
                raise FormatError(f"{where}: {layout.rows}x{layout.cols}x{layout.bands} pixels of "
                                  f"{layout.nbpp} bits need {need} bytes but the segment holds "
                                  f"{len(data)} (LI)")
        try:
            self._decoder = get_codec(layout.ic).open_decoder(layout, data, offsets)
            self.num_resolution_levels = max(1, int(self._decoder.num_resolution_levels))
        except UnsupportedError as exc:  # metadata stays readable; pixels raise on access
            self._error = exc
            self.num_resolution_levels = 1

    def _pad_value(self, raw: bytes):
        lay = self.layout
        if lay.nbpp % 8 or len(raw) != lay.dtype.itemsize:
            return int.from_bytes(raw, "big")
        return np.frombuffer(raw, lay.dtype.newbyteorder(">"))[0].item()

    def has_block(self, block_row, block_col, resolution_level=0) -> bool:
        self.check_block_index(block_row, block_col, resolution_level)
        if self.mask is None or self.mask.unit_offsets is None:
            return True
        index = block_row * self.layout.blocks_per_row + block_col
        offsets = self.mask.unit_offsets
        if self.layout.imode == "S":
            return any(offsets[b * self.layout.num_blocks + index] is not None
                       for b in range(self.layout.bands))
        return offsets[index] is not None

    def _read_block(self, row, col, level, bands):
        if self._decoder is None:
            raise self._error
        if not self.has_block(row, col, level):
            return self.pad_block(row, col, level, bands)
        block = self._decoder.decode_block(row, col, level)
        _, _, h, w = self.block_bounds(row, col, level)
        block = block[:, :h, :w]
        if self.layout.imode == "S" and self.mask is not None and self.mask.unit_offsets:
            index = row * self.layout.blocks_per_row + col
            absent = [b for b in range(self.num_bands) if self.mask.unit_offsets[
                b * self.layout.num_blocks + index] is None]
            if absent:
                block = block.copy()
                block[absent] = self.pad_pixel_value
        return block if bands is None else block[list(bands)]

    def read_decimated(self, x: int, y: int, w: int, h: int, step: int,
                       bands=None) -> np.ndarray | None:
        """Every ``step``-th full-resolution pixel of the window (x, y, w, h) (inside the
        image), CHW ``(bands, ceil(h/step), ceil(w/step))``, gathered from the mapped file
        without decoding whole blocks: only the pages holding those pixels are read. None when
        the codec has no such path (compressed, bit-packed, masked images): read blocks then."""
        sampled = getattr(self._decoder, "read_sampled", None)
        if sampled is None:
            return None
        if not (0 <= x and 0 <= y and w > 0 and h > 0 and x + w <= self.num_columns
                and y + h <= self.num_rows and step >= 1):
            raise ValueError(f"window ({x}, {y}, {w}, {h}) step {step} is not inside the "
                             f"{self.num_columns}x{self.num_rows} image")
        bands = list(range(self.num_bands)) if bands is None else [int(b) for b in bands]
        return sampled(np.arange(y, y + h, step), np.arange(x, x + w, step), bands)

    def read_block_part(self, row, col, resolution_level, rows: slice, cols: slice,
                        bands=None) -> np.ndarray:
        """``get_block(row, col, resolution_level, bands)[:, rows, cols]`` (slices, steps
        allowed). Uncompressed pixels are copied straight from the mapped file: a decimating
        read (``rows``/``cols`` with a step) touches only the rows it keeps."""
        self.check_block_index(row, col, resolution_level)
        part = getattr(self._decoder, "read_part", None)
        if part is not None and resolution_level == 0 and self.has_block(row, col, 0):
            _, _, h, w = self.block_bounds(row, col, 0)
            out = part(row, col, _clip(rows, h), _clip(cols, w), bands)
            if out is not None:
                return out
        return self.get_block(row, col, resolution_level, bands)[:, rows, cols]

    @property
    def raw_asset(self) -> memoryview:
        return self.segment_data


class NitfReader(DatasetReader):
    def __init__(self, sources, fmt=None):
        src = sources[0]
        view = src.view
        meta, spans = parse_file_header(view)
        super().__init__(sources, MetadataProvider(meta))
        self.format_name = "nsif" if meta["FHDR"] == "NSIF" else "nitf"
        self.segment_meta: dict[tuple[str, int], dict] = {("file", 0): meta}
        pending = []
        for span in spans:
            end = span.header_offset + span.header_length
            data = view[span.data_offset:span.data_offset + span.data_length]
            if span.kind == "image":
                sub = parse_image_subheader(view, span.header_offset, end, span.index)
                pending.append((span, sub, data))
            else:
                sub = parse_subheader(span.kind, view, span.header_offset, end, span.index)
                pending.append((span, sub, data))
            self.segment_meta[(span.kind, span.index)] = sub
        counts = {"graphic": 0, "text": 0, "des": 0, "res": 0}
        for span, sub, data in pending:
            if span.kind == "des" and sub["DESID"].strip() == OVERFLOW_ID:
                self._merge_overflow(sub, bytes(data), span.index)
        self._metadata = MetadataProvider(meta)  # after the overflow TREs are merged in
        for span, sub, data in pending:
            if span.kind == "image":
                layout = layout_from_subheader(sub, f"image segment {span.index} subheader")
                title = sub["IID2"].strip() or f"Image Segment {span.index}"
                self._add(NitfImageAsset(f"image:{span.index}", sub, layout, data, title))
            elif span.kind == "des" and sub["DESID"].strip() == OVERFLOW_ID:
                continue
            else:
                n = counts[span.kind]
                counts[span.kind] += 1
                self._add(_other_asset(span.kind, n, sub, data))

    def _merge_overflow(self, sub: dict, data: bytes, index: int) -> None:
        area = sub["DESOFLW"].strip()
        owner = _OVERFLOW_OWNER.get(area)
        item = sub["DESITEM"].strip()
        if owner is None or not item.isdigit():
            raise FormatError(f"des segment {index}: TRE_OVERFLOW names DESOFLW={area!r}, "
                              f"DESITEM={item!r}, which is not a segment that can overflow")
        key = ("file", 0) if owner == "file" else (owner, int(item) - 1)
        target = self.segment_meta.get(key)
        if target is None:
            raise FormatError(f"des segment {index}: TRE_OVERFLOW points at {owner} segment "
                              f"{item}, which does not exist")
        tres.add_area(target, area, data, f"des segment {index} (TRE_OVERFLOW of {area})")


def _clip(part: slice, n: int) -> slice:
    """``part`` of a block clipped to its ``n`` pixels inside the image."""
    return slice(*part.indices(n))


def _other_asset(kind: str, n: int, sub: dict, data):
    if kind == "text":
        fmt = sub["TXTFMT"].strip()
        raw = bytes(data)
        text = raw.decode(_TEXT_ENCODINGS.get(fmt, "latin-1"), errors="replace")
        return TextAsset(f"text:{n}", text, "UTF-8" if fmt == "U8S" else "ISO-8859-1", fmt,
                         title=sub["TXTITL"].strip() or f"Text Segment {n}",
                         metadata=MetadataProvider(sub))
    if kind == "graphic":
        return GraphicsAsset(f"graphic:{n}", bytes(data), "image/cgm",
                             title=sub["SNAME"].strip() or f"Graphic Segment {n}",
                             metadata=MetadataProvider(sub))
    raw = bytes(data)
    if kind == "res":
        return DataAsset(f"res:{n}", raw, "application/octet-stream",
                         title=sub["RESID"].strip() or f"RES Segment {n}",
                         metadata=MetadataProvider(sub))
    desid = sub["DESID"].strip()
    xml = "XML" in desid.upper() or raw.lstrip()[:1] == b"<"
    return DataAsset(f"data:{n}", raw, "application/xml" if xml else "application/octet-stream",
                     title=desid or f"DES Segment {n}", metadata=MetadataProvider(sub))

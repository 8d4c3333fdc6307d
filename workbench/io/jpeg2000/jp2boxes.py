"""JP2 file structure (ISO/IEC 15444-1 Annex I) with glymur's box classes: writing the signature,
ftyp, jp2h (ihdr, colr) and uuid boxes before a jp2c box, and finding them again.

Georeferencing is a GeoJP2 box: a uuid box holding a one-pixel GeoTIFF whose tags carry the
GeoKeys and the model transformation (the tags come from :mod:`workbench.io.tiff.geokeys`, the same
``Geo*`` keys the TIFF format reads and writes).
"""

from __future__ import annotations

import io
import struct
import uuid
from dataclasses import dataclass, field

from glymur import jp2box

from ..core.errors import FormatError

GEOJP2_UUID = uuid.UUID("b14bf8bd-083d-4b43-a5ae-8cd7d5a6ce03")
SIGNATURE = b"\x00\x00\x00\x0cjP  \r\n\x87\n"
SRGB, GREYSCALE = 16, 17


@dataclass
class Jp2Info:
    codestream: tuple[int, int]   # offset, length of the jp2c contents
    colorspace: int | None = None
    uuids: list[tuple[uuid.UUID, bytes]] = field(default_factory=list)
    xml: list[bytes] = field(default_factory=list)

    def uuid_payload(self, which: uuid.UUID) -> bytes | None:
        return next((data for u, data in self.uuids if u == which), None)


def iter_boxes(view, start: int, end: int):
    """(type, box offset, header length, box length) of the boxes in view[start:end]."""
    pos = start
    while pos + 8 <= end:
        length, kind = struct.unpack(">I4s", bytes(view[pos:pos + 8]))
        header = 8
        if length == 1:
            if pos + 16 > end:
                raise FormatError(f"JP2 box {kind!r} at offset {pos}: truncated XLBox")
            (length,) = struct.unpack(">Q", bytes(view[pos + 8:pos + 16]))
            header = 16
        elif length == 0:
            length = end - pos
        if length < header or pos + length > end:
            raise FormatError(f"JP2 box {kind!r} at offset {pos} has length {length}, past the "
                              f"end of the data at {end}")
        yield kind, pos, header, length
        pos += length


def _glymur_parse(cls, raw: bytes):
    """Parse one box's bytes with glymur's parser for that box type."""
    stream = io.BytesIO(raw)
    stream.name = "<jp2 box>"
    stream.seek(8)
    return cls.parse(stream, 0, len(raw))


def parse_jp2(view) -> Jp2Info:
    if bytes(view[:12]) != SIGNATURE:
        raise FormatError("not a JP2 file: no JPEG 2000 signature box at offset 0")
    info, codestream = Jp2Info((0, 0)), None
    for kind, pos, header, length in iter_boxes(view, 0, len(view)):
        if kind == b"jp2c" and codestream is None:
            codestream = (pos + header, length - header)
        elif kind == b"jp2h":
            for sub, spos, sheader, slength in iter_boxes(view, pos + header, pos + length):
                if sub == b"colr":
                    box = _glymur_parse(jp2box.ColourSpecificationBox,
                                        bytes(view[spos:spos + slength]))
                    info.colorspace = box.colorspace
        elif kind == b"uuid":
            raw = bytes(view[pos + header:pos + length])
            if len(raw) >= 16:
                info.uuids.append((uuid.UUID(bytes=raw[:16]), raw[16:]))
        elif kind == b"xml ":
            info.xml.append(bytes(view[pos + header:pos + length]))
    if codestream is None:
        raise FormatError("JP2 file has no contiguous codestream (jp2c) box")
    info.codestream = codestream
    return info


def write_header_boxes(f, height: int, width: int, bands: int, precision: int, signed: bool,
                       extra: list | None = None) -> None:
    """Signature, ftyp, jp2h and any extra (glymur) boxes; the jp2c box follows."""
    colorspace = SRGB if bands >= 3 else GREYSCALE
    boxes = [jp2box.JPEG2000SignatureBox(),
             jp2box.FileTypeBox(brand="jp2 ", compatibility_list=["jp2 "]),
             jp2box.JP2HeaderBox(box=[
                 jp2box.ImageHeaderBox(height, width, num_components=bands, signed=signed,
                                       bits_per_component=precision),
                 jp2box.ColourSpecificationBox(colorspace=colorspace)])]
    for box in boxes + list(extra or []):
        box.write(f)


def begin_codestream_box(f) -> int:
    """Write a jp2c box header with a 64-bit length to fill in later; returns its offset."""
    start = f.tell()
    f.write(struct.pack(">I4sQ", 1, b"jp2c", 0))
    return start


def end_codestream_box(f, start: int) -> None:
    end = f.tell()
    f.seek(start + 8)
    f.write(struct.pack(">Q", end - start))
    f.seek(end)


# ---- GeoJP2 ----------------------------------------------------------------------------------
def geojp2_box(meta) -> "jp2box.UUIDBox | None":
    """A GeoJP2 uuid box from ``Geo*`` metadata (None when there is no georeference): a one-pixel
    TIFF carrying the GeoTIFF tags, written with the TIFF module's IFD serialiser."""
    from ..tiff import geokeys
    from ..tiff.layout import Field, encode_ifd, header
    from ..tiff.tags import LONG, SHORT

    tags = [Field(tag, kind, value) for tag, kind, value in geokeys.encode(meta)]
    if not tags:
        return None

    def fields(strip_offset: int) -> list[Field]:
        basic = [(256, 1), (257, 1), (258, 8), (259, 1), (262, 1), (277, 1), (278, 1)]
        return ([Field(tag, SHORT, [v]) for tag, v in basic] + tags
                + [Field(273, LONG, [strip_offset]), Field(279, LONG, [1])])

    size = len(encode_ifd(fields(0), 8, 0, False))
    tiff = header(False, 8) + encode_ifd(fields(8 + size), 8, 0, False) + b"\x00"
    return jp2box.UUIDBox(GEOJP2_UUID, tiff)


def geojp2_metadata(payload: bytes) -> dict[str, str]:
    """The ``Geo*`` keys of a GeoJP2 payload (a degenerate GeoTIFF)."""
    from ..tiff import geokeys
    from ..tiff.ifd import read_ifds

    _, ifds = read_ifds(memoryview(payload))
    return geokeys.decode(ifds[0]) if ifds else {}

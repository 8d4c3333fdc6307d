"""JPEG 2000 codestream structure (ISO/IEC 15444-1 Annex A): the main header, the tile-part index,
single-tile codestreams cut out of a tiled one, and one codestream spliced from per-tile ones.

Only marker segments are parsed; packet data is never touched. Coordinates are kept absolute, so a
tile cut out of an image (SIZ rewritten so the image *is* that tile at its original position)
decodes to exactly the pixels it has in the whole image.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, replace

import numpy as np

from ..core.errors import FormatError, UnsupportedError
from ..core.scratch import scratch

SOC, CAP, SIZ, COD, COC, TLM, PLM, PLT, QCD, QCC, RGN, POC, PPM, PPT, CRG, COM = (
    0xFF4F, 0xFF50, 0xFF51, 0xFF52, 0xFF53, 0xFF55, 0xFF57, 0xFF58, 0xFF5C, 0xFF5D, 0xFF5E,
    0xFF5F, 0xFF60, 0xFF61, 0xFF63, 0xFF64)
SOT, SOD, EOC = 0xFF90, 0xFF93, 0xFFD9
# Main-header markers that describe coding; a tile coded differently carries its own copy.
CODING_MARKERS = (COD, COC, QCD, QCC, RGN, POC)
# Main-header markers that index the whole codestream: dropped when tiles are cut or spliced.
INDEX_MARKERS = (TLM, PLM)


@dataclass(frozen=True)
class Component:
    ssiz: int
    xrsiz: int = 1
    yrsiz: int = 1

    @property
    def precision(self) -> int:
        return (self.ssiz & 0x7F) + 1

    @property
    def signed(self) -> bool:
        return bool(self.ssiz & 0x80)


@dataclass(frozen=True)
class Siz:
    rsiz: int
    xsiz: int
    ysiz: int
    xosiz: int
    yosiz: int
    xtsiz: int
    ytsiz: int
    xtosiz: int
    ytosiz: int
    components: tuple[Component, ...]

    @property
    def width(self) -> int:
        return self.xsiz - self.xosiz

    @property
    def height(self) -> int:
        return self.ysiz - self.yosiz

    @property
    def tiles_across(self) -> int:
        return -(-(self.xsiz - self.xtosiz) // self.xtsiz)

    @property
    def tiles_down(self) -> int:
        return -(-(self.ysiz - self.ytosiz) // self.ytsiz)

    def tile_rect(self, index: int) -> tuple[int, int, int, int]:
        """(x0, y0, x1, y1) of a tile on the reference grid, clipped to the image."""
        p, q = index % self.tiles_across, index // self.tiles_across
        x0 = max(self.xtosiz + p * self.xtsiz, self.xosiz)
        y0 = max(self.ytosiz + q * self.ytsiz, self.yosiz)
        return (x0, y0, min(self.xtosiz + (p + 1) * self.xtsiz, self.xsiz),
                min(self.ytosiz + (q + 1) * self.ytsiz, self.ysiz))

    @property
    def is_htj2k(self) -> bool:
        return bool(self.rsiz & 0x4000)

    def to_segment(self) -> bytes:
        body = struct.pack(">HIIIIIIIIH", self.rsiz, self.xsiz, self.ysiz, self.xosiz,
                           self.yosiz, self.xtsiz, self.ytsiz, self.xtosiz, self.ytosiz,
                           len(self.components))
        body += b"".join(struct.pack(">BBB", c.ssiz, c.xrsiz, c.yrsiz) for c in self.components)
        return struct.pack(">HH", SIZ, len(body) + 2) + body

    @classmethod
    def parse(cls, body: bytes, offset: int) -> "Siz":
        if len(body) < 36:
            raise FormatError(f"J2K SIZ at offset {offset}: {len(body)} bytes, needs at least 36")
        vals = struct.unpack(">HIIIIIIIIH", body[:36])
        n = vals[-1]
        if n < 1 or len(body) < 36 + 3 * n:
            raise FormatError(f"J2K SIZ at offset {offset}: Csiz={n} components do not fit in "
                              f"the {len(body)}-byte segment")
        comps = tuple(Component(*struct.unpack(">BBB", body[36 + 3 * i:39 + 3 * i]))
                      for i in range(n))
        siz = cls(*vals[:-1], comps)
        if siz.xtsiz == 0 or siz.ytsiz == 0 or siz.width <= 0 or siz.height <= 0:
            raise FormatError(f"J2K SIZ at offset {offset}: empty image or tile size "
                              f"({siz.width}x{siz.height}, tiles {siz.xtsiz}x{siz.ytsiz})")
        return siz


@dataclass(frozen=True)
class MainHeader:
    """The main header: SIZ plus every other marker segment (code, raw bytes incl. marker)."""

    siz: Siz
    segments: tuple[tuple[int, bytes], ...]
    end: int  # offset of the first SOT

    def coding(self) -> tuple[tuple[int, bytes], ...]:
        return tuple(s for s in self.segments if s[0] in CODING_MARKERS)

    def segment(self, code: int) -> bytes | None:
        return next((raw for c, raw in self.segments if c == code), None)

    @property
    def uses_mct(self) -> bool:
        cod = self.segment(COD)
        return bool(cod is not None and len(cod) > 8 and cod[8])

    @property
    def reversible(self) -> bool:
        # marker(2) Lcod(2) Scod, SGcod (progression, layers(2), MCT), SPcod (levels, xcb, ycb,
        # code-block style, transformation at byte 13, then precinct sizes when Scod says so)
        cod = self.segment(COD)
        return bool(cod is not None and len(cod) > 13 and cod[13] == 1)

    @property
    def decomposition_levels(self) -> int:
        cod = self.segment(COD)
        if cod is None or len(cod) < 10:
            raise FormatError("J2K main header has no COD marker segment")
        return cod[9]

    def to_bytes(self, siz: Siz | None = None, drop=INDEX_MARKERS) -> bytes:
        parts = [struct.pack(">H", SOC), (siz or self.siz).to_segment()]
        parts += [raw for code, raw in self.segments if code not in drop]
        return b"".join(parts)


def parse_main_header(data, base: int = 0) -> MainHeader:
    """Parse the main header of the codestream starting at ``data[base]``."""
    if len(data) - base < 4 or bytes(data[base:base + 2]) != b"\xff\x4f":
        raise FormatError(f"not a JPEG 2000 codestream: no SOC marker at offset {base}")
    pos, siz, segments = base + 2, None, []
    while True:
        if pos + 4 > len(data):
            raise FormatError(f"J2K main header runs past the end of the data at offset {pos}")
        code, length = struct.unpack(">HH", bytes(data[pos:pos + 4]))
        if code == SOT:
            break
        if code >> 8 != 0xFF or length < 2 or pos + 2 + length > len(data):
            raise FormatError(f"J2K main header: bad marker 0x{code:04X} (length {length}) at "
                              f"offset {pos}")
        raw = bytes(data[pos:pos + 2 + length])
        if code == SIZ:
            siz = Siz.parse(raw[4:], pos)
        elif code == PPM:
            raise UnsupportedError(f"J2K main header: packed packet headers (PPM) at offset {pos} "
                                   "are not supported")
        else:
            segments.append((code, raw))
        pos += 2 + length
    if siz is None:
        raise FormatError(f"J2K main header at offset {base} has no SIZ marker segment")
    return MainHeader(siz, tuple(segments), pos)


@dataclass(frozen=True)
class TilePart:
    tile: int
    offset: int  # of its SOT marker
    length: int  # Psot resolved (SOT through the end of its data)


def read_sot(data, pos: int) -> tuple[int, int, int, int]:
    """(Isot, Psot, TPsot, TNsot) of the SOT marker segment at ``pos``."""
    raw = bytes(data[pos:pos + 12])
    if len(raw) < 12:
        raise FormatError(f"J2K SOT at offset {pos}: truncated codestream")
    code, lsot, isot, psot, tpsot, tnsot = struct.unpack(">HHHIBB", raw)
    if code != SOT or lsot != 10:
        raise FormatError(f"J2K: expected an SOT marker at offset {pos}, found 0x{code:04X}")
    return isot, psot, tpsot, tnsot


def tlm_lengths(header: MainHeader) -> list[tuple[int | None, int]] | None:
    """(tile index or None when implicit, tile-part length) from the TLM marker segments, in
    codestream order; None when there are none."""
    segments = sorted((raw[4], raw) for code, raw in header.segments if code == TLM)
    if not segments:
        return None
    out: list[tuple[int | None, int]] = []
    for _, raw in segments:
        stlm = raw[5]
        st, sp = (stlm >> 4) & 3, 4 if (stlm >> 6) & 1 else 2
        if st == 3:
            raise FormatError(f"J2K TLM: reserved Stlm value 0x{stlm:02X}")
        step, pos = st + sp, 6
        while pos + step <= len(raw):
            tile = int.from_bytes(raw[pos:pos + st], "big") if st else None
            out.append((tile, int.from_bytes(raw[pos + st:pos + step], "big")))
            pos += step
    return out


def index_tile_parts(data, header: MainHeader, base: int = 0) -> dict[int, list[TilePart]]:
    """Every tile-part by tile index: from the TLM marker segments when present (no tile-part
    header is read), else by hopping from SOT to SOT (Psot lengths; 12 bytes read per
    tile-part). Psot=0 (last tile-part, to EOC) is resolved."""
    lengths = tlm_lengths(header)
    if lengths is not None:
        try:
            return _index_from_tlm(data, header, lengths, base)
        except FormatError:
            pass  # an inconsistent TLM: trust the SOT markers instead
    tiles: dict[int, list[TilePart]] = {}
    pos, end = header.end, len(data)
    ntiles = header.siz.tiles_across * header.siz.tiles_down
    while pos + 2 <= end:
        if bytes(data[pos:pos + 2]) == b"\xff\xd9":
            break
        isot, psot, _, _ = read_sot(data, pos)
        if isot >= ntiles:
            raise FormatError(f"J2K SOT at offset {pos}: tile index {isot} >= {ntiles} tiles")
        if psot == 0:
            psot = end - pos - (2 if bytes(data[end - 2:end]) == b"\xff\xd9" else 0)
        if psot < 14 or pos + psot > end:
            raise FormatError(f"J2K SOT at offset {pos}: tile-part length {psot} runs past the "
                              f"end of the {end - base}-byte codestream")
        tiles.setdefault(isot, []).append(TilePart(isot, pos - base, psot))
        pos += psot
    return tiles


def _index_from_tlm(data, header: MainHeader, lengths, base: int) -> dict[int, list[TilePart]]:
    tiles: dict[int, list[TilePart]] = {}
    pos, end = header.end, len(data)
    ntiles = header.siz.tiles_across * header.siz.tiles_down
    for i, (tile, length) in enumerate(lengths):
        tile = i if tile is None else tile
        if tile >= ntiles or length < 14 or pos + length > end:
            raise FormatError(f"J2K TLM entry {i} (tile {tile}, {length} bytes) does not fit")
        tiles.setdefault(tile, []).append(TilePart(tile, pos - base, length))
        pos += length
    # Spot-check the first and the last tile-part against their SOT markers.
    for part in (next(iter(tiles.values()))[0], tiles[tile][-1]):
        if read_sot(data, base + part.offset)[0] != part.tile:
            raise FormatError(f"J2K TLM disagrees with the SOT at offset {part.offset}")
    return tiles


def with_isot(part: bytes, tile: int) -> bytes:
    """A tile-part with its Isot replaced."""
    return part[:4] + struct.pack(">H", tile) + part[6:]


def tile_codestream(header: MainHeader, data, parts: list[TilePart], base: int = 0,
                    at_origin: bool = False, scratch_slot: str | None = None) -> np.ndarray:
    """A codestream holding one tile at its original reference-grid position, or moved to the
    origin when ``at_origin`` (decodes identically when the tile grid is aligned, see
    :func:`workbench.io.jpeg2000.encode.splice_safe`, and more decoders accept it).
    ``scratch_slot``: see :func:`join_buffers`."""
    if not parts:
        raise FormatError("J2K: tile has no tile-parts")
    x0, y0, x1, y1 = header.siz.tile_rect(parts[0].tile)
    if at_origin:
        siz = replace(header.siz, xsiz=x1 - x0, ysiz=y1 - y0, xosiz=0, yosiz=0, xtosiz=0,
                      ytosiz=0)
    else:
        siz = replace(header.siz, xsiz=x1, ysiz=y1, xosiz=x0, yosiz=y0, xtosiz=x0, ytosiz=y0)
    out = [header.to_bytes(siz)]
    for p in parts:
        start = base + p.offset
        # Isot 0; Psot of a last tile-part may have been 0: write the true length.
        out.append(struct.pack(">HHHI", SOT, 10, 0, p.length) + bytes(data[start + 10:start + 12]))
        out.append(data[start + 12:start + p.length])
    out.append(struct.pack(">H", EOC))
    return join_buffers(out, scratch_slot)


def join_buffers(pieces, scratch_slot: str | None = None) -> np.ndarray:
    """Concatenate byte pieces (bytes, memoryviews of the mapped file) into one uint8 array:
    numpy copies without holding the GIL, so tiles are cut in parallel. With ``scratch_slot``
    the array is this thread's scratch buffer (:mod:`workbench.io.core.scratch`): valid until
    the thread's next join into that slot."""
    total = sum(len(p) for p in pieces)
    out = scratch(total, scratch_slot) if scratch_slot else np.empty(total, np.uint8)
    pos = 0
    for piece in pieces:
        n = len(piece)
        out[pos:pos + n] = np.frombuffer(piece, np.uint8)
        pos += n
    return out


def tile_body(codestream: bytes, tile: int, global_coding) -> bytes:
    """The tile-parts of a single-tile codestream, renumbered as ``tile`` of a spliced
    codestream whose main header has ``global_coding`` markers. When this codestream's coding
    markers differ, they move into its first tile-part header (allowed there by Annex A)."""
    header = parse_main_header(codestream)
    extra = b""
    coding = header.coding()
    if coding != tuple(global_coding):
        extra = b"".join(raw for _, raw in coding)
    out, pos, first = [], header.end, True
    end = len(codestream) - (2 if codestream[-2:] == b"\xff\xd9" else 0)
    while pos < end:
        _, psot, tpsot, tnsot = read_sot(codestream, pos)
        psot = psot or end - pos
        raw = codestream[pos:pos + psot]
        if first and extra:
            raw = raw[:12] + extra + raw[12:]
        out.append(struct.pack(">HHHIBB", SOT, 10, tile, len(raw), tpsot, tnsot) + raw[12:])
        first = False
        pos += psot
    return b"".join(out)


def spliced_header(first_tile_codestream: bytes, width: int, height: int, tile_width: int,
                   tile_height: int) -> tuple[bytes, tuple]:
    """Main header of a tiled image built from one of its per-tile codestreams; returns the bytes
    and the coding markers tiles are compared against (see :func:`tile_body`)."""
    header = parse_main_header(first_tile_codestream)
    siz = replace(header.siz, xsiz=width, ysiz=height, xosiz=0, yosiz=0, xtsiz=tile_width,
                  ytsiz=tile_height, xtosiz=0, ytosiz=0)
    return header.to_bytes(siz), header.coding()

"""A single-tile codestream rewritten so that its full resolution *is* resolution level k.

Resolution level k of a tile is what its lowest L-k+1 resolutions reconstruct. When packets come
resolution by resolution (RLCP or RPCL, or LRCP with one quality layer), those resolutions' packets
are the first ones of the tile, so a codestream that declares L-k decomposition levels, the reduced
size (ceil(x/2**k) on the reference grid) and only the first 1+3(L-k) quantisation entries decodes
exactly that level: the decoder reads the packets it expects and ignores the rest of the tile.
Any full-resolution decoder then does a reduced decode - imagecodecs' OpenJPEG, which releases the
GIL, so tiles decode two at a time (Pillow's ``reduce`` holds it).

Reversible (5/3) tiles decode bit-exactly as OpenJPEG's own reduced decode; irreversible (9/7)
ones may differ by one count in a rare pixel (floating-point rounding). Returns None whenever the
rewrite would not be exact (other progression orders, several layers without resolution-first
order, per-component or region coding, derived quantisation, packed headers, subsampled
components); the caller then uses another path.
"""

from __future__ import annotations

import struct
from dataclasses import replace

from .codestream import (COC, COD, PLM, PLT, POC, PPM, PPT, QCC, QCD, RGN, SOD, SOT, TLM,
                         MainHeader, TilePart, index_tile_parts, join_buffers,
                         parse_main_header)

RESOLUTION_FIRST = (1, 2)  # RLCP, RPCL
LRCP = 0
_REFUSED = (COC, QCC, RGN, POC, PPT)


def _cdiv(a: int, s: int) -> int:
    return -(-a // s)


def _cod(raw: bytes, levels: int, k: int) -> bytes | None:
    scod, prog, layers = raw[4], raw[5], int.from_bytes(raw[6:8], "big")
    if not (prog in RESOLUTION_FIRST or (prog == LRCP and layers == 1)):
        return None
    body = bytearray(raw[4:])
    body[5] = levels - k  # SPcod: decomposition levels
    if scod & 1:  # precinct sizes, one byte per resolution
        body = body[:10 + levels - k + 1]
    return struct.pack(">HH", COD, len(body) + 2) + bytes(body)


def _qcd(raw: bytes, levels: int, k: int) -> bytes | None:
    sqcd = raw[4]
    style, size = sqcd & 0x1F, {0: 1, 2: 2}.get(sqcd & 0x1F)
    if size is None:  # derived quantisation depends on the level count
        return None
    body = raw[4:5] + raw[5:5 + size * (1 + 3 * (levels - k))]
    return struct.pack(">HH", QCD, len(body) + 2) + body if style in (0, 2) else None


def reduced_codestream(codestream, k: int):
    """See the module docstring; ``k`` >= 1. ``codestream`` holds a single tile."""
    header = parse_main_header(codestream)
    if header.siz.tiles_across * header.siz.tiles_down != 1:
        return None
    parts = index_tile_parts(codestream, header).get(0, [])
    return reduced_tile(header, memoryview(codestream), parts, k, at_origin=False)


def reduced_tile(header: MainHeader, data, parts: list[TilePart], k: int, at_origin: bool,
                 scratch_slot: str | None = None):
    """One tile of a (possibly tiled) codestream in ``data``, as a single-tile codestream ending
    at resolution level ``k``; placed at the origin when ``at_origin`` (aligned tile grids).
    Packet data is copied once, straight from ``data`` (into this thread's scratch buffer with
    ``scratch_slot``, see :func:`.codestream.join_buffers`)."""
    siz, levels = header.siz, header.decomposition_levels
    if not parts or k > levels or any(c.xrsiz != 1 or c.yrsiz != 1 for c in siz.components):
        return None
    tx0, ty0, tx1, ty1 = siz.tile_rect(parts[0].tile)
    if at_origin:
        tx0, ty0, tx1, ty1 = 0, 0, tx1 - tx0, ty1 - ty0
    s = 1 << k
    x0, y0, x1, y1 = _cdiv(tx0, s), _cdiv(ty0, s), _cdiv(tx1, s), _cdiv(ty1, s)
    small = replace(siz, xsiz=x1, ysiz=y1, xosiz=x0, yosiz=y0, xtsiz=x1 - x0, ytsiz=y1 - y0,
                    xtosiz=x0, ytosiz=y0)
    out = [b"\xff\x4f", small.to_segment()]
    for code, raw in header.segments:
        if code in _REFUSED or code in (TLM, PLM, PPM):
            if code in (TLM, PLM):
                continue
            return None
        if code in (COD, QCD):
            raw = (_cod if code == COD else _qcd)(raw, levels, k)
            if raw is None:
                return None
        out.append(raw)
    for part in parts:
        head_len = _header_length(data, part)
        if head_len is None:
            return None
        head = _tile_part_header(bytes(data[part.offset:part.offset + head_len]), levels, k)
        if head is None:
            return None
        body = data[part.offset + head_len:part.offset + part.length]
        out.append(struct.pack(">HHHIBB", SOT, 10, 0, len(head) + len(body), head[10],
                               head[11]))
        out.append(head[12:])
        out.append(body)
    out.append(b"\xff\xd9")
    return join_buffers(out, scratch_slot)


def _header_length(data, part: TilePart) -> int | None:
    """Bytes from the SOT marker through the SOD marker of a tile-part."""
    pos, end = 12, part.length
    while pos + 4 <= end:
        code = int.from_bytes(data[part.offset + pos:part.offset + pos + 2], "big")
        if code == SOD:
            return pos + 2
        pos += 2 + int.from_bytes(data[part.offset + pos + 2:part.offset + pos + 4], "big")
    return None


def _tile_part_header(raw: bytes, levels: int, k: int) -> bytes | None:
    """SOT..SOD of a tile-part with COD/QCD rewritten and PLT dropped (its lengths would list
    packets the shorter codestream does not declare); the SOT's Psot is rewritten later."""
    pos, markers = 12, [raw[:12]]
    own_cod = _find(raw, COD)
    if own_cod is not None:  # the tile's own coding style sets its level count
        levels = own_cod[9]
        if k > levels:
            return None
    while pos + 2 <= len(raw):
        code = int.from_bytes(raw[pos:pos + 2], "big")
        if code == SOD:
            markers.append(raw[pos:pos + 2])
            return b"".join(markers)
        length = int.from_bytes(raw[pos + 2:pos + 4], "big")
        seg = raw[pos:pos + 2 + length]
        if code in _REFUSED:
            return None
        if code in (COD, QCD):
            seg = (_cod if code == COD else _qcd)(seg, levels, k)
            if seg is None:
                return None
        if code != PLT:
            markers.append(seg)
        pos += 2 + length
    return None


def _find(raw: bytes, wanted: int) -> bytes | None:
    """A marker segment of a tile-part header, or None."""
    pos = 12
    while pos + 4 <= len(raw):
        code = int.from_bytes(raw[pos:pos + 2], "big")
        if code == SOD:
            return None
        length = int.from_bytes(raw[pos + 2:pos + 4], "big")
        if code == wanted:
            return raw[pos:pos + 2 + length]
        pos += 2 + length
    return None

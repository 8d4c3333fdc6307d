"""From inflated PNG rows (filter byte + filtered bytes each) to pixels.

Rows filtered with None, Sub or Up (what our writer uses unless Average or Paeth is clearly
better) are reversed here with numpy and imagecodecs' delta decoder; anything else goes to
libpng (imagecodecs.png_decode) by wrapping the rows in a small PNG whose data is stored, not
compressed, so libpng only unfilters.

Pixels come back as rows × width × samples in the layout ``imagecodecs.png_decode`` gives:
palettes expanded to RGB (RGBA with tRNS), bit depths below 8 unpacked one sample per byte,
16-bit samples in native byte order.
"""

from __future__ import annotations

import struct
import zlib

import imagecodecs
import numpy as np

from ..core.errors import FormatError
from .chunks import CHANNELS, SIGNATURE, Header, Layout, chunk

NONE, SUB, UP = 0, 1, 2


def unfilter_bytes(filtered: np.ndarray, bpp: int, scratch=None) -> np.ndarray | None:
    """Reverse None/Sub/Up filters of rows × (1 + bytes) whose length is a multiple of ``bpp``
    (bit depth 8 or 16), into ``scratch`` when given; None when another type is used."""
    kinds = filtered[:, 0]
    if kinds.max(initial=0) > UP:
        return None
    data = filtered[:, 1:]
    out = np.empty_like(data) if scratch is None else scratch[:data.size].reshape(data.shape)
    if not kinds.any():
        out[...] = data
        return out
    previous = np.zeros_like(data[0])
    for r, kind in enumerate(kinds.tolist()):
        if kind == UP:
            np.add(data[r], previous, out=out[r])
        elif kind == SUB:
            imagecodecs.delta_decode(data[r].reshape(-1, bpp), axis=0,
                                     out=out[r].reshape(-1, bpp))
        else:
            out[r] = data[r]
        previous = out[r]
    return out


def _libpng(layout: Layout, filtered: np.ndarray, rows: int) -> np.ndarray:
    hdr = layout.header
    top = Header(hdr.width, rows, hdr.depth, hdr.color, 0)
    extra = [c for c in layout.extra if hdr.color == 3 or c[4:8] != b"tRNS"]
    stored = zlib.compress(filtered, 0)
    crc = zlib.crc32(stored, zlib.crc32(b"IDAT"))
    png = b"".join([SIGNATURE, chunk(b"IHDR", top.pack()), *extra,
                    struct.pack(">I", len(stored)), b"IDAT", stored, struct.pack(">I", crc),
                    chunk(b"IEND")])
    try:
        return imagecodecs.png_decode(png)
    except Exception as exc:  # libpng says which filter byte or palette index is wrong
        raise FormatError(f"PNG image data of {rows} rows: {exc}") from exc


def pixels(layout: Layout, filtered, rows: int, scratch=None) -> np.ndarray:
    """rows × width × samples for ``rows`` consecutive rows given their inflated bytes (the first
    row must not have been filtered against a row above it, as in a file's first row or any
    first row of our pieces)."""
    hdr = layout.header
    matrix = np.frombuffer(filtered, np.uint8).reshape(rows, hdr.row_bytes + 1)
    if hdr.depth >= 8 and hdr.color != 3:
        raw = unfilter_bytes(matrix, hdr.filter_bpp, scratch)
        if raw is not None:
            shape = (rows, hdr.width, CHANNELS[hdr.color])
            if hdr.depth == 8:
                return raw.reshape(shape)
            return raw.view(">u2").reshape(shape).astype(np.uint16)
    return from_libpng(layout, _libpng(layout, matrix, rows))


def from_libpng(layout: Layout, out: np.ndarray) -> np.ndarray:
    """What ``imagecodecs.png_decode`` returned, as rows × width × samples."""
    hdr = layout.header
    if hdr.color == 0 and hdr.depth < 8:
        # libpng scales 1/2/4-bit gray to 0..255 by bit replication; keep the stored samples
        # (as GDAL does, and as actual_bits_per_pixel says)
        out = out // (255 // ((1 << hdr.depth) - 1))
    return out[:, :, np.newaxis] if out.ndim == 2 else out

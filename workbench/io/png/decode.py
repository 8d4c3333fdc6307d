"""Inflating PNG image data: our pieces on their own (libdeflate, in parallel), a foreign file's
whole stream (libdeflate) or only its top rows (zlib, chunk by chunk, which also says at which
chunk the data is damaged). Unfiltering is :mod:`.unfilter`'s."""

from __future__ import annotations

import threading
import zlib
from concurrent.futures import ThreadPoolExecutor

import imagecodecs
import numpy as np

from ..core.errors import FormatError
from ..core.parallel import worker_count
from . import zstream
from .chunks import Layout
from .piece_index import Piece
from .unfilter import from_libpng, pixels

_PIECE_POOL: ThreadPoolExecutor | None = None
_POOL_LOCK = threading.Lock()


def _pool() -> ThreadPoolExecutor:
    """Threads for pieces. Not the shared block pool: a PNG's one block is already being read on
    a shared worker, and pieces queued behind it there would wait (or, with every worker busy
    reading a PNG, never run)."""
    global _PIECE_POOL
    with _POOL_LOCK:
        if _PIECE_POOL is None:
            _PIECE_POOL = ThreadPoolExecutor(worker_count(), thread_name_prefix="wb-png")
        return _PIECE_POOL


def filtered_size(layout: Layout, rows: int) -> int:
    return rows * (layout.header.row_bytes + 1)


def _where(piece: Piece) -> str:
    return (f"PNG image data piece at offset {piece.offset} (rows {piece.first_row}.."
            f"{piece.first_row + piece.rows - 1})")


_SCRATCH = threading.local()


def _scratch(name: str, size: int) -> np.ndarray:
    """A per-thread buffer reused from piece to piece (fresh pages cost as much as inflating)."""
    buf = getattr(_SCRATCH, name, None)
    if buf is None or buf.size < size:
        buf = np.empty(size, np.uint8)
        setattr(_SCRATCH, name, buf)
    return buf[:size]


def _inflate_piece(view, piece: Piece, size: int) -> np.ndarray:
    """The piece's filtered bytes, in this thread's scratch buffer (libdeflate checks the
    piece's Adler-32 from the index)."""
    stream = zstream.standalone(view[piece.offset:piece.offset + piece.length], piece.adler)
    out = _scratch("inflated", size)
    try:
        got = imagecodecs.deflate_decode(stream, out=out)
    except Exception as exc:
        raise FormatError(f"{_where(piece)}: cannot inflate, or the checksum does not match "
                          f"({exc})") from exc
    if len(got) != size:
        raise FormatError(f"{_where(piece)}: inflates to {len(got)} bytes, not {size}")
    return out


def decode_pieces_into(view, layout: Layout, pieces: list[Piece], out: np.ndarray, x: int,
                       y: int, bands=None) -> None:
    """Fill ``out`` (CHW, the window at column ``x``, row ``y``) from the ``pieces`` it
    overlaps, each inflated and unfiltered on its own, in parallel."""
    h, w = out.shape[1:]

    def one(piece: Piece) -> None:
        raw = _inflate_piece(view, piece, filtered_size(layout, piece.rows))
        try:
            rows = pixels(layout, raw, piece.rows, _scratch("unfiltered", raw.size))
        except FormatError as exc:
            raise FormatError(f"{_where(piece)}: {exc}") from exc
        top, bottom = max(y, piece.first_row), min(y + h, piece.first_row + piece.rows)
        part = np.moveaxis(rows[top - piece.first_row:bottom - piece.first_row, x:x + w], -1, 0)
        out[:, top - y:bottom - y] = part if bands is None else part[list(bands)]

    for _ in _pool().map(one, pieces):
        pass


def inflate_rows(view, layout: Layout, rows: int) -> bytes:
    """The filtered bytes of the top ``rows`` rows, inflating only as much of the image data as
    they need."""
    want = filtered_size(layout, rows)
    inflater = zlib.decompressobj()
    parts, have = [], 0
    for offset, length in layout.idats:
        try:
            out = inflater.decompress(view[offset:offset + length], want - have)
        except zlib.error as exc:
            raise FormatError(f"PNG IDAT chunk at offset {offset - 8}: corrupt image data "
                              f"({exc})") from exc
        parts.append(out)
        have += len(out)
        if have >= want or inflater.eof:
            break
    if have < want:
        raise FormatError(f"PNG image data ends early: {have} of {want} bytes for {rows} rows, "
                          f"the last IDAT chunk is at offset {layout.idats[-1][0] - 8}")
    return b"".join(parts)


def inflate_all(view, layout: Layout) -> bytes:
    """All filtered bytes (non-interlaced): one libdeflate call, or zlib to say where it fails."""
    size = filtered_size(layout, layout.header.height)
    data = b"".join(view[o:o + n] for o, n in layout.idats)
    try:
        raw = imagecodecs.deflate_decode(data, out=size)
        if len(raw) == size:
            return raw
    except Exception:  # noqa: S110 - zlib below reports where the data is damaged
        pass
    return inflate_rows(view, layout, layout.header.height)


def decode_whole(view, layout: Layout) -> np.ndarray:
    """Every row of the image (rows × width × samples); interlaced images go to libpng whole."""
    hdr = layout.header
    if not hdr.interlace:
        return _pixels(layout, inflate_all(view, layout), hdr.height)
    try:
        out = imagecodecs.png_decode(bytes(view))
    except Exception as exc:
        raise FormatError(f"PNG interlaced image data from offset {layout.idats[0][0] - 8}: "
                          f"{exc}") from exc
    return from_libpng(layout, out)


def decode_top(view, layout: Layout, rows: int) -> np.ndarray:
    """The top ``rows`` rows of a non-interlaced image."""
    return _pixels(layout, inflate_rows(view, layout, rows), rows)


def _pixels(layout: Layout, filtered: bytes, rows: int) -> np.ndarray:
    try:
        return pixels(layout, filtered, rows)
    except FormatError as exc:
        raise FormatError(f"PNG image data from the IDAT chunk at offset "
                          f"{layout.idats[0][0] - 8}: {exc}") from exc

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
from .chunks import CHANNELS, SIGNATURE, Header, Layout, chunk
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
    """Every row of the image (rows × width × samples). Streams whose first rows use only
    None/Sub/Up are inflated by libdeflate and unfiltered with numpy; the rest (most writers
    filter adaptively, with Average and Paeth) go to libpng whole, as do interlaced images."""
    hdr = layout.header
    if not hdr.interlace and _fast_filters(view, layout):
        return _pixels(layout, inflate_all(view, layout), hdr.height)
    try:
        out = imagecodecs.png_decode(view)
    except Exception as exc:
        if not hdr.interlace:
            inflate_rows(view, layout, hdr.height)  # says in which chunk the stream is damaged
        raise FormatError(f"PNG image data from the IDAT chunk at offset "
                          f"{layout.idats[0][0] - 8}: {exc}") from exc
    return from_libpng(layout, out)


def _fast_filters(view, layout: Layout, rows: int = 16) -> bool:
    """Whether the first ``rows`` rows are filtered with None, Sub or Up only (and the pixels
    are 8 or 16-bit, not a palette: what :func:`unfilter_bytes` reverses)."""
    hdr = layout.header
    if hdr.depth < 8 or hdr.color == 3:
        return False
    try:
        top = inflate_rows(view, layout, min(rows, hdr.height))
    except FormatError:
        return True  # the path that names the damaged chunk
    return max(top[::hdr.row_bytes + 1]) <= 2


def decode_top(view, layout: Layout, rows: int) -> np.ndarray:
    """The top ``rows`` rows of a non-interlaced image, inflating no more than they need."""
    hdr = layout.header
    if hdr.depth == 8 and (hdr.color == 6 or hdr.color in (0, 2) and not layout.has_trns):
        for share in (1.25, None):
            try:
                return _spng_top(view, layout, rows, share)
            except Exception:  # noqa: S112 - too little data guessed, or damaged: next path
                continue
    return _pixels(layout, inflate_rows(view, layout, rows), rows)


def _spng_top(view, layout: Layout, rows: int, share: float | None) -> np.ndarray:
    """libspng, given a header that says the image ends at ``rows``, stops inflating there
    (libpng would inflate the rest to check it). It gets the IDAT chunks up to ``share`` times
    the rows' proportion of the compressed data (all of them when None)."""
    hdr = layout.header
    total = sum(n for _, n in layout.idats)
    want = total if share is None else share * total * rows / hdr.height + 65536
    have, last = 0, 0
    for last, (_, n) in enumerate(layout.idats):
        have += n
        if have >= want:
            break
    start = layout.idats[0][0] - 8
    end = layout.idats[last][0] + layout.idats[last][1] + 4
    top = Header(hdr.width, rows, hdr.depth, hdr.color, 0)
    png = b"".join([SIGNATURE, chunk(b"IHDR", top.pack()), view[start:end], chunk(b"IEND")])
    out = imagecodecs.spng_decode(png)
    out = out[:, :, np.newaxis] if out.ndim == 2 else out
    if out.shape != (rows, hdr.width, CHANNELS[hdr.color]):
        raise ValueError(f"libspng gave {out.shape}")
    return out


def _pixels(layout: Layout, filtered: bytes, rows: int) -> np.ndarray:
    try:
        return pixels(layout, filtered, rows)
    except FormatError as exc:
        raise FormatError(f"PNG image data from the IDAT chunk at offset "
                          f"{layout.idats[0][0] - 8}: {exc}") from exc

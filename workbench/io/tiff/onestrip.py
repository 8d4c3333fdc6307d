"""Decoding one compressed TIFF block with libtiff (``imagecodecs.tiff_decode``).

libtiff's LZW decoder (and its predictor undo, done in the same pass) is much faster than
``imagecodecs.lzw_decode`` + ``delta_decode``, and it releases the GIL, so blocks decode in
parallel. To reach it, the block's compressed bytes are wrapped in a minimal in-memory TIFF: one
image, one strip of ``rows`` x ``cols`` pixels (strips carry no multiple-of-16 rule, so edge
strips fit too), in the file's byte order. libtiff returns native-order samples.
"""

from __future__ import annotations

import struct

import imagecodecs
import numpy as np

from ..core.scratch import scratch

_SAMPLE_FORMAT = {"u": 1, "i": 2, "f": 3}
_SIZES = {"u": (1, 2, 4, 8), "i": (1, 2, 4, 8), "f": (4, 8)}
_TABLE_AT = 8 + 2 + 13 * 12 + 4  # after the header and an IFD of at most 13 entries


def supports(dtype: np.dtype, predictor: int, samples: int) -> bool:
    """Whether :func:`decode` handles blocks of this pixel layout (else use the codec path)."""
    kind = dtype.kind
    if kind not in _SIZES or dtype.itemsize not in _SIZES[kind] or samples < 1:
        return False
    return predictor == 1 or (predictor == 2 and kind in "iu") or (predictor == 3 and kind == "f")


def wrap(data, rows: int, cols: int, samples: int, dtype: np.dtype, compression: int,
         predictor: int) -> np.ndarray:
    """A one-strip TIFF around the compressed block ``data``, in this thread's scratch buffer
    (valid until the thread's next call: see :mod:`workbench.io.core.scratch`)."""
    order = ">" if dtype.byteorder == ">" else "<"
    fmt = _SAMPLE_FORMAT[dtype.kind]
    table = b""

    def shorts(tag: int, values: list[int]) -> bytes:
        nonlocal table
        if len(values) <= 2:
            packed = struct.pack(f"{order}{len(values)}H", *values).ljust(4, b"\0")
            return struct.pack(f"{order}HHI", tag, 3, len(values)) + packed
        at = _TABLE_AT + len(table)
        table += struct.pack(f"{order}{len(values)}H", *values)
        return struct.pack(f"{order}HHII", tag, 3, len(values), at)

    def long(tag: int, value: int) -> bytes:
        return struct.pack(f"{order}HHII", tag, 4, 1, value)

    entries = [
        long(256, cols), long(257, rows), shorts(258, [dtype.itemsize * 8] * samples),
        shorts(259, [compression]), shorts(262, [1]), None, shorts(277, [samples]),
        long(278, rows), long(279, len(data)), shorts(284, [1]), shorts(317, [predictor]),
    ]
    if samples > 1:
        entries.append(shorts(338, [0] * (samples - 1)))
    entries.append(shorts(339, [fmt] * samples))
    data_at = _TABLE_AT + len(table)
    entries[5] = long(273, data_at)
    head = (b"MM" if order == ">" else b"II") + struct.pack(f"{order}HI", 42, 8)
    ifd = struct.pack(f"{order}H", len(entries)) + b"".join(entries) + b"\0\0\0\0"
    prefix = (head + ifd).ljust(_TABLE_AT, b"\0") + table
    buf = scratch(len(prefix) + len(data), "tiff-onestrip")
    buf[:len(prefix)] = np.frombuffer(prefix, np.uint8)
    buf[len(prefix):] = np.frombuffer(data, np.uint8)
    return buf


def decode(data, rows: int, cols: int, samples: int, dtype: np.dtype, compression: int,
           predictor: int) -> np.ndarray:
    """Native-order ``(rows, cols, samples)`` pixels of one block; raises what libtiff raises
    (``imagecodecs.TiffError``) on bad bytes."""
    native = dtype.newbyteorder("=")
    out = np.empty((rows, cols, samples) if samples > 1 else (rows, cols), native)
    imagecodecs.tiff_decode(wrap(data, rows, cols, samples, dtype, compression, predictor),
                            out=out)
    return out.reshape(rows, cols, samples)

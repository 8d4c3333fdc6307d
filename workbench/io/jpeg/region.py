"""JPEG windows decoded only as far down as they reach.

A sequential JPEG is coded top to bottom, so a window needs only the rows above its bottom edge.
libjpeg-turbo (through imagecodecs) decodes as many rows as the frame header (SOF) declares: a
copy of the stream whose SOF height is cut just below the window decodes those rows and skips the
rest of the scan. The last row of such a cut image differs from the full decode (the chroma
upsampling has no row below it to blend with), so the cut is made one MCU row further down than
the window needs and that row is not used. The pixels are then identical to the full decode's.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

import imagecodecs
import numpy as np

from ..core.errors import FormatError
from ..core.single import WholeImageAsset
from .markers import SOF, check_complete, segments

# sequential Huffman frames (baseline, extended): one pass, top to bottom
_SEQUENTIAL = (0xC0, 0xC1)
_SOS, _DNL = 0xDA, 0xDC
# windows reaching below this share of the rows decode (and keep) the whole image instead
_TOP_SHARE = 0.75


@dataclass(frozen=True)
class TopRowsPlan:
    """Where a stream's SOF height field is, and the pixel rows of one MCU row."""

    height_offset: int
    mcu_rows: int


def top_rows_plan(data) -> TopRowsPlan | None:
    """How to cut ``data`` to its top rows; None when it cannot be cut that way (progressive,
    arithmetic or lossless frames, a DNL height, or a first scan without every component)."""
    frame = None
    for marker, pos, body in segments(data):
        if marker in SOF:
            if marker not in _SEQUENTIAL or len(body) < 6:
                return None
            ncomp = body[5]
            if len(body) < 6 + 3 * ncomp:
                return None
            vmax = max(body[7 + 3 * i] & 0x0F for i in range(ncomp))
            frame = (pos + 5, ncomp, max(vmax, 1))
        elif marker == _DNL:
            return None
        elif marker == _SOS:
            if frame is None or not body or body[0] != frame[1]:
                return None
            return TopRowsPlan(frame[0], 8 * frame[2])
    return None


def decode_top(data, plan: TopRowsPlan, rows: int) -> np.ndarray:
    """The top ``rows`` rows of the stream (rows × columns [× samples]); the last one is not
    exact (see the module docstring)."""
    cut = bytearray(data)
    cut[plan.height_offset:plan.height_offset + 2] = struct.pack(">H", rows)
    return imagecodecs.jpeg8_decode(cut)


def complete_decoder(decode):
    """``decode`` that first refuses a truncated stream (see :func:`.markers.check_complete`)."""
    def checked(data):
        check_complete(data)
        return decode(data)
    return checked


class JpegImageAsset(WholeImageAsset):
    """An 8-bit JPEG image: whole-image reads decode everything once; windows decode only the
    rows down to their bottom edge when the stream allows it."""

    def __init__(self, source, shape, metadata, plan: TopRowsPlan | None):
        super().__init__("image:0", source.name, source.view, complete_decoder(
            imagecodecs.jpeg8_decode), shape, np.uint8, metadata, actual_bits=8)
        self._plan = plan
        self._top: np.ndarray | None = None  # exact top rows (HWC) of the last partial decode

    def read_region(self, x: int, y: int, w: int, h: int, bands=None) -> np.ndarray:
        """CHW pixels of the window (already clamped to the image)."""
        top = self._top_rows(y + h)
        chw = self.decoded() if top is None else np.moveaxis(top, -1, 0)
        window = chw[:, y:y + h, x:x + w]
        return np.ascontiguousarray(window if bands is None else window[list(bands)])

    def _top_rows(self, end: int) -> np.ndarray | None:
        """HWC array of at least the top ``end`` rows, exact; None when the whole image should
        be decoded instead."""
        if self._plan is None or self._decoded is not None:
            return None
        with self._lock:
            if self._top is not None:  # a second, deeper window decodes the whole image
                return self._top if len(self._top) >= end else None
            m = self._plan.mcu_rows
            cut = min(self.num_rows, -(-end // m) * m + m)
            if cut >= self.num_rows or cut > _TOP_SHARE * self.num_rows:
                return None
            check_complete(self._encoded)
            try:
                array = decode_top(self._encoded, self._plan, cut)
            except Exception as exc:
                raise FormatError(f"cannot decode {self.title}: {exc}") from exc
            if array.ndim == 2:
                array = array[:, :, np.newaxis]
            if array.shape != (cut, self.num_columns, self.num_bands):
                raise FormatError(f"{self.title}: decoded top rows {array.shape} differ from the "
                                  f"header's {self.num_columns} columns, {self.num_bands} bands")
            self._top = array[:cut - m]
            return self._top

"""PNG reader: one image asset (the whole image is its one block, as the reference reports),
decoded in parallel pieces for files we wrote, and windows decoded only as far as they need."""

from __future__ import annotations

import numpy as np

from ..core.errors import FormatError

from ..core.single import WholeImageAsset, WholeImageReader
from . import decode
from .chunks import Layout, read_layout
from .piece_index import pieces_of

# samples per pixel the reader returns: palettes expand to RGB, or RGBA when tRNS gives alpha;
# tRNS of gray and RGB images is not turned into an extra band (as GDAL and the reference do)
_BANDS = {0: 1, 2: 3, 4: 2, 6: 4}
# windows needing more than this share of the rows decode (and keep) the whole image instead
_WHOLE_SHARE = 0.5


def bands_of(layout: Layout) -> int:
    if layout.header.color == 3:
        return 4 if layout.has_trns else 3
    return _BANDS[layout.header.color]


class PngImageAsset(WholeImageAsset):
    def __init__(self, source, layout: Layout):
        hdr = layout.header
        self._layout = layout
        self._pieces = pieces_of(layout)
        self._view = source.view
        dtype = np.uint16 if hdr.depth == 16 else np.uint8
        super().__init__("image:0", source.name, source.view, self._decode_all,
                         (bands_of(layout), hdr.height, hdr.width), dtype, layout.metadata,
                         actual_bits=8 if hdr.color == 3 else hdr.depth)

    def _rows(self, array: np.ndarray) -> np.ndarray:
        """Rows × width × samples cut to the asset's bands (drops an alpha that libpng made
        from the tRNS of a gray or RGB image)."""
        return array[:, :, :self.num_bands]

    def _decode_all(self, _encoded) -> np.ndarray:
        if self._pieces is not None:
            chw = self._window(0, 0, self.num_columns, self.num_rows, None)
            return np.moveaxis(chw, 0, -1)  # decoded() turns it back into this CHW array
        return self._rows(decode.decode_whole(self._view, self._layout))

    def _window(self, x: int, y: int, w: int, h: int, bands) -> np.ndarray:
        n = self.num_bands if bands is None else len(bands)
        out = np.empty((n, h, w), self.dtype)
        wanted = [p for p in self._pieces if p.first_row < y + h and p.first_row + p.rows > y]
        decode.decode_pieces_into(self._view, self._layout, wanted, out, x, y, bands)
        return out

    def read_region(self, x: int, y: int, w: int, h: int, bands=None) -> np.ndarray:
        """CHW pixels of the window (already clamped to the image), decoding only the rows
        (our files: only the pieces) it needs. Errors name the file."""
        try:
            return self._read_region(x, y, w, h, bands)
        except FormatError as exc:
            if self.title and self.title not in str(exc):
                raise FormatError(f"{self.title}: {exc}") from exc
            raise

    def _read_region(self, x: int, y: int, w: int, h: int, bands) -> np.ndarray:
        if self._decoded is None and not self._layout.header.interlace:
            if self._pieces is not None:
                return self._window(x, y, w, h, bands)
            if y + h <= _WHOLE_SHARE * self.num_rows:
                rows = self._rows(decode.decode_top(self._view, self._layout, y + h))
                return self._region(rows[y:y + h], x, w, bands)
        chw = self.decoded()
        return np.ascontiguousarray(chw[:, y:y + h, x:x + w] if bands is None
                                    else chw[list(bands), y:y + h, x:x + w])

    @staticmethod
    def _region(rows: np.ndarray, x: int, w: int, bands) -> np.ndarray:
        chw = np.moveaxis(rows[:, x:x + w], -1, 0)
        return np.ascontiguousarray(chw if bands is None else chw[list(bands)])


def open_png(sources) -> WholeImageReader:
    src = sources[0]
    return WholeImageReader(sources, PngImageAsset(src, read_layout(src.view)))

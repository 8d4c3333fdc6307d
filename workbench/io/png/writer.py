"""PNG writer: row bands pulled lazily from the provider, filtered with numpy and compressed on
the shared pool as independent pieces of one zlib stream (see :mod:`.zstream`), one IDAT chunk
per piece, and a private ``wbIX`` chunk saying where the pieces are (see :mod:`.piece_index`)."""

from __future__ import annotations

import zlib

import numpy as np

from ..core.errors import UnsupportedError
from ..core.parallel import ordered_map
from ..core.single import WholeImageWriter
from ..core.window import read_window
from . import piece_index, zstream
from .chunks import SIGNATURE, Header, chunk
from .filters import filter_band

COLOR_OF_BANDS = {1: 0, 2: 4, 3: 2, 4: 6}
PIECE_BYTES = 1 << 20       # raw bytes per piece: small enough for cheap windows, big enough to
                            # lose nothing measurable to the dictionary reset between pieces
DEFAULT_LEVEL = 6           # zlib's and GDAL's default


def bands_and_pieces(header: Header, block_height: int) -> list[tuple[int, int, list[int]]]:
    """(first row, rows, piece heights) of each band of rows pulled from the provider: whole
    block rows (never a block twice), cut into pieces of about ``PIECE_BYTES``."""
    budget = max(1, PIECE_BYTES // (header.row_bytes + 1))
    bh = max(1, min(block_height, header.height))
    fetch = bh * max(1, budget // bh)
    out = []
    for y in range(0, header.height, fetch):
        n = min(fetch, header.height - y)
        count = -(-n // budget)
        out.append((y, n, [n // count + (i < n % count) for i in range(count)]))
    return out


def to_rows(chw: np.ndarray, depth: int) -> np.ndarray:
    """CHW samples as PNG rows of bytes (interleaved, big-endian for 16-bit)."""
    hwc = np.moveaxis(np.asarray(chw), 0, -1)
    if depth == 16:
        hwc = hwc.astype(">u2")
    hwc = np.ascontiguousarray(hwc)
    return hwc.view(np.uint8).reshape(hwc.shape[0], -1)


def compression_level(metadata) -> int:
    raw = metadata.get("PNG_COMPRESSION_LEVEL", DEFAULT_LEVEL) if metadata is not None else None
    level = int(raw) if str(raw or "").strip().lstrip("-").isdigit() else DEFAULT_LEVEL
    if not -1 <= level <= 9:
        raise ValueError(f"PNG_COMPRESSION_LEVEL must be 0..9 (zlib levels; -1 for zlib's "
                         f"default), not {level}")
    return level


class PngWriter(WholeImageWriter):
    format_label = "PNG"

    def check_image(self, asset) -> None:
        if asset.pixel_value_type.value not in ("uint8", "uint16"):
            raise UnsupportedError(f"PNG holds 8- or 16-bit unsigned pixels, not "
                                   f"{asset.pixel_value_type.value}")
        if asset.num_bands not in COLOR_OF_BANDS:
            raise UnsupportedError(f"PNG holds 1 to 4 bands (gray, gray+alpha, RGB, RGBA), not "
                                   f"{asset.num_bands}")
        compression_level(asset.metadata)

    def write(self, out) -> None:
        items = [i for i in self._assets if not i.is_overview]
        if not items:
            raise ValueError("nothing to write: add an image asset to the PNG writer")
        asset = items[0].asset
        depth = 16 if asset.pixel_value_type.value == "uint16" else 8
        header = Header(asset.num_columns, asset.num_rows, depth,
                        COLOR_OF_BANDS[asset.num_bands], 0)
        level = compression_level(asset.metadata)
        bands = bands_and_pieces(header, asset.num_pixels_per_block_vertical)
        total = sum(len(heights) for _, _, heights in bands)
        pad = asset.pad_pixel_value

        def pull():  # in this thread, lazily: the pool only filters and compresses
            for y, n, heights in bands:
                rows = to_rows(read_window(asset, (0, y, header.width, n), None, 0, pad), depth)
                for top, count in zip(np.cumsum([0, *heights[:-1]]), heights):
                    yield rows[top:top + count]

        def encode(rows):
            raw = filter_band(rows, header.filter_bpp)
            # zlib's tuning for filtered data, as libpng uses (the band's type is on its last
            # row; the first is Sub or None whatever the band uses)
            strategy = zlib.Z_FILTERED if raw[-1, 0] else zlib.Z_DEFAULT_STRATEGY
            return (zstream.compress_rows(raw, level, strategy), zlib.adler32(raw), raw.size,
                    len(rows))

        f = out.file
        f.write(SIGNATURE + chunk(b"IHDR", header.pack()))
        adler, pieces = 1, []
        for i, (piece, piece_adler, size, rows) in enumerate(ordered_map(encode, pull())):
            f.write(chunk(b"IDAT", zstream.HEADER + piece if i == 0 else piece))
            adler = zstream.adler32_combine(adler, piece_adler, size)
            pieces.append((rows, len(piece), piece_adler))
            self.report((i + 1) / total, f"encoding {items[0].key}")
        f.write(chunk(b"IDAT", zstream.trailer(adler)))
        f.write(chunk(piece_index.CHUNK_TYPE, piece_index.pack(pieces)))
        f.write(chunk(b"IEND"))
        self.report(1.0, "done")

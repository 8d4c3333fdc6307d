"""Complexity level (CLEVEL) from the MIL-STD-2500C complexity table (Table A-10, summarised).

The lowest level whose every limit the file meets. Limits per level: common coordinate system
extent (ILOC + image size, rows and columns), file size, image rows/columns, block size, bands
of a MULTI image, number of image segments. Everything beyond level 07 is 09.
"""

from __future__ import annotations

from dataclasses import dataclass

# level, CCS extent, file size, image side, block side, MULTI bands, image segments
LEVELS = (
    (3, 2047, 52_428_799, 2048, 2048, 9, 20),
    (5, 8191, 1_073_741_823, 8192, 8192, 256, 100),
    (6, 65535, 2_147_483_647, 65536, 8192, 256, 100),
    (7, 99_999_999, 10_737_418_239, 99_999_999, 8192, 999, 999),
)


@dataclass(frozen=True)
class ImageExtent:
    rows: int
    cols: int
    row0: int       # ILOC row
    col0: int       # ILOC column
    block_rows: int
    block_cols: int
    bands: int
    irep: str


def parse_iloc(text: str) -> tuple[int, int]:
    text = str(text or "").strip().rjust(10, "0")
    try:
        return int(text[:5]), int(text[5:10])
    except ValueError:
        return 0, 0


def compute_clevel(file_size: int, images: list[ImageExtent]) -> int:
    for level, ccs, max_file, side, block, multi, count in LEVELS:
        if file_size > max_file or len(images) > count:
            continue
        ok = True
        for im in images:
            if max(im.rows, im.cols) > side or max(im.block_rows, im.block_cols) > block:
                ok = False
            elif im.row0 + im.rows - 1 > ccs or im.col0 + im.cols - 1 > ccs:
                ok = False
            elif im.irep.strip() == "MULTI" and im.bands > multi:
                ok = False
            elif im.bands > multi:
                ok = False
        if ok:
            return level
    return 9

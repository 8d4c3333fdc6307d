"""Windows across blocks: every pixel comes from its block; pixels no block provides (absent
blocks, or a block shorter than its bounds) read as the fill value, never as stale memory."""

import numpy as np
import pytest

from workbench.io import PixelType
from workbench.io.core.assets import ImageAsset
from workbench.io.core.window import read_window


class Grid(ImageAsset):
    """A 3-band 100x70 image in 32x32 blocks; ``short`` blocks come back 5 rows/cols short,
    ``absent`` blocks do not exist."""

    def __init__(self, short=(), absent=()):
        super().__init__("image:0")
        self.num_rows, self.num_columns, self.num_bands = 70, 100, 3
        self.num_pixels_per_block_horizontal = self.num_pixels_per_block_vertical = 32
        self.pixel_value_type = PixelType.UInt16
        self.num_bits_per_pixel = self.actual_bits_per_pixel = 16
        self.short, self.absent = set(short), set(absent)
        self.image = (np.arange(3 * 70 * 100) % 6000 + 1).astype(np.uint16).reshape(3, 70, 100)

    def has_block(self, r, c, level=0):
        return (r, c) not in self.absent

    def _read_block(self, r, c, level, bands):
        y, x, h, w = self.block_bounds(r, c)
        if (r, c) in self.short:
            h, w = h - 5, w - 5
        return self.image[:, y:y + h, x:x + w]


@pytest.mark.parametrize("window", [None, (10, 5, 60, 50), (33, 40, 67, 30), (0, 0, 1, 1)])
def test_complete_windows_equal_the_image(window):
    grid = Grid()
    x, y, w, h = window or (0, 0, 100, 70)
    for _ in range(3):  # reused memory never leaks into a window
        np.testing.assert_array_equal(read_window(grid, window), grid.image[:, y:y + h, x:x + w])


def test_short_and_absent_blocks_read_as_the_fill_value():
    for grid in (Grid(short={(1, 1)}), Grid(short={(1, 1)}, absent={(0, 2)})):
        out = read_window(grid, None, fill_value=7)
        expected = grid.image.copy()
        expected[:, 59:64, 32:64] = 7  # block (1, 1) spans rows 32-63, cols 32-63
        expected[:, 32:64, 59:64] = 7
        for r, c in grid.absent:
            expected[:, r * 32:(r + 1) * 32, c * 32:(c + 1) * 32] = 7
        np.testing.assert_array_equal(out, expected)

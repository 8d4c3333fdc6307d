"""Block-grid arithmetic shared by every image asset (reader or provider)."""

from __future__ import annotations

import math


def ceil_div(a: int, b: int) -> int:
    return -(-a // b)


def level_size(size: int, level: int) -> int:
    """Size of an image side at a reduced resolution level (each level halves, rounding up)."""
    return ceil_div(size, 1 << level) if level else size


class BlockGridMixin:
    """Derived shape attributes for anything with the image-asset attributes.

    Needs ``num_rows, num_columns, num_bands, num_pixels_per_block_horizontal/vertical``.
    A block size of 0 means one block spanning the image.
    """

    @property
    def block_width(self) -> int:
        return self.num_pixels_per_block_horizontal or self.num_columns

    @property
    def block_height(self) -> int:
        return self.num_pixels_per_block_vertical or self.num_rows

    @property
    def image_shape(self) -> tuple[int, int, int]:
        return (self.num_bands, self.num_rows, self.num_columns)

    @property
    def block_shape(self) -> tuple[int, int, int]:
        return (self.num_bands, self.block_height, self.block_width)

    @property
    def block_grid_size(self) -> tuple[int, int]:
        """(block rows, block columns)."""
        return (
            ceil_div(self.num_rows, self.block_height),
            ceil_div(self.num_columns, self.block_width),
        )

    def block_bounds(self, row: int, col: int, level: int = 0) -> tuple[int, int, int, int]:
        """(y0, x0, height, width) of a block at ``level``, clipped to that level's image."""
        scale = 1 << level
        bh = ceil_div(self.block_height, scale)
        bw = ceil_div(self.block_width, scale)
        rows = level_size(self.num_rows, level)
        cols = level_size(self.num_columns, level)
        y0, x0 = row * bh, col * bw
        return y0, x0, max(0, min(bh, rows - y0)), max(0, min(bw, cols - x0))

    def check_block_index(self, row: int, col: int, level: int) -> None:
        from .errors import BlockIndexError

        nrows, ncols = self.block_grid_size
        if not (0 <= row < nrows and 0 <= col < ncols):
            raise BlockIndexError(
                f"block ({row}, {col}) is outside the {nrows}x{ncols} block grid of {self.key!r}"
            )
        if not (0 <= level < self.num_resolution_levels):
            raise BlockIndexError(
                f"resolution level {level} is outside 0..{self.num_resolution_levels - 1} "
                f"of {self.key!r}"
            )


def max_levels_for(width: int, height: int) -> int:
    """Dyadic levels until the smaller side reaches 1 pixel (J2K-style upper bound)."""
    return int(math.floor(math.log2(max(1, min(width, height))))) + 1


def select_bands(block, bands):
    """Return ``block`` restricted to ``bands`` (list of 0-based indices) or unchanged."""
    if bands is None:
        return block
    return block[list(bands)]

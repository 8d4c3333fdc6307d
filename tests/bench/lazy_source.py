"""A lazy, duck-typed image provider (exactly the spec's 14 attributes) for memory benchmarks and
tests: every block is computed when the writer asks for it, so a writer that streams keeps the
process far below the image's size."""

from __future__ import annotations

import numpy as np

from workbench.io import BufferedMetadataProvider, PixelType


class LazySource:
    def __init__(self, side: int, bands: int = 3, block: int = 256, metadata=None,
                 pattern: str = "flat"):
        self.key = self.title = self.description = "lazy"
        self.num_rows = self.num_columns = side
        self.num_bands = bands
        self.num_bits_per_pixel = self.actual_bits_per_pixel = 8
        self.pixel_value_type = PixelType.UInt8
        self.num_pixels_per_block_horizontal = self.num_pixels_per_block_vertical = block
        self.num_resolution_levels = 1
        self.pad_pixel_value = 0
        self.metadata = BufferedMetadataProvider(metadata or {})
        self._block = block
        self._pattern = pattern

    def get_block(self, r, c, level, bands=None):
        b = self._block
        if self._pattern == "texture":
            y, x = np.mgrid[0:b, 0:b]
            planes = [(x + r) % 256, (y + c) % 256, (x ^ y) % 256]
            return np.stack([planes[i % 3] for i in range(self.num_bands)]).astype(np.uint8)
        return np.full((self.num_bands, b, b), (r * 7 + c) % 256, np.uint8)

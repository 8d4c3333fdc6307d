"""A byte-bounded LRU of decoded source blocks, for writing tiles that do not match the source's
blocks (e.g. 1024-pixel NITF blocks into 256-pixel COG tiles): each source block is then read
once per tile row band instead of once per tile that overlaps it."""

from __future__ import annotations

import threading
from collections import OrderedDict

import numpy as np

from ..core.assets import ImageAsset


class CachedBlocks(ImageAsset):
    """``inner`` seen through a cache of its full-band level-0 blocks (thread-safe)."""

    def __init__(self, inner, budget_bytes: int = 128 << 20):
        super().__init__(inner.key, inner.title, inner.description, inner.roles, inner.metadata)
        self.inner = inner
        for name in ("num_rows", "num_columns", "num_bands", "pixel_value_type",
                     "num_bits_per_pixel", "actual_bits_per_pixel",
                     "num_pixels_per_block_horizontal", "num_pixels_per_block_vertical",
                     "num_resolution_levels", "pad_pixel_value"):
            setattr(self, name, getattr(inner, name))
        self._budget = budget_bytes
        self._used = 0
        self._blocks: OrderedDict[tuple[int, int], np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def has_block(self, block_row, block_col, resolution_level=0) -> bool:
        return self.inner.has_block(block_row, block_col, resolution_level)

    def _read_block(self, row, col, level, bands):
        if level:
            return self.inner.get_block(row, col, level, bands)
        with self._lock:
            block = self._blocks.get((row, col))
            if block is not None:
                self._blocks.move_to_end((row, col))
        if block is None:
            block = np.asarray(self.inner.get_block(row, col, 0))
            with self._lock:
                if (row, col) not in self._blocks:
                    self._blocks[(row, col)] = block
                    self._used += block.nbytes
                    while self._used > self._budget and len(self._blocks) > 1:
                        _, old = self._blocks.popitem(last=False)
                        self._used -= old.nbytes
        return block if bands is None else block[list(bands)]

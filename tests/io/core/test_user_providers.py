"""User (duck-typed) providers in every writer: writers pull blocks on several threads, yet a
provider that is not thread-safe, or that hands out one reused buffer for every block, is
written exactly as it reads, and the caller's own arrays are never modified."""

import threading

import numpy as np
import pytest

from workbench.io import IO, BufferedImageAssetProvider, PixelType, imread


def _scene(bands, rows, cols, dtype):
    rng = np.random.default_rng(7)
    top = 255 if dtype == np.uint8 else 2047
    return rng.integers(0, top, (bands, rows, cols)).astype(dtype)


class ReusingProvider:
    """Decodes every block into the same buffer, and complains when called concurrently."""

    def __init__(self, data, block=32):
        self.data = data
        self.block = block
        self.buffer = np.empty((data.shape[0], block, block), data.dtype)
        self.key, self.title, self.description = "image:0", "reuse", "one buffer"
        self.num_bands, self.num_rows, self.num_columns = data.shape
        self.num_pixels_per_block_horizontal = self.num_pixels_per_block_vertical = block
        self.pixel_value_type = PixelType.from_numpy_dtype(data.dtype)
        self.num_bits_per_pixel = self.actual_bits_per_pixel = data.dtype.itemsize * 8
        self.num_resolution_levels = 1
        self.pad_pixel_value = 0
        self.metadata = None
        self.busy = threading.Lock()
        self.overlapped = False

    def get_block(self, row, col, level=0, bands=None):
        if not self.busy.acquire(blocking=False):
            self.overlapped = True
            self.busy.acquire()
        try:
            b = self.block
            part = self.data[:, row * b:(row + 1) * b, col * b:(col + 1) * b]
            self.buffer[...] = 0
            self.buffer[:, :part.shape[1], :part.shape[2]] = part
            return self.buffer
        finally:
            self.busy.release()


# lossless formats whose writers read blocks on the pool (strips, tiles, J2K tiles, PNG rows)
CASES = [("t.tif", {}), ("n.ntf", {}), ("j.jp2", {}), ("p.png", {})]


@pytest.mark.parametrize("name,hints", CASES, ids=[c[0] for c in CASES])
def test_a_reused_buffer_is_written_block_for_block(tmp_path, name, hints):
    data = _scene(3, 150, 130, np.uint8)
    provider = ReusingProvider(data)
    path = tmp_path / name
    with IO.open([str(path)], "w") as writer:
        writer.add_asset("image:0", provider)
    assert not provider.overlapped  # user code was called one block at a time
    np.testing.assert_array_equal(imread(path), data)


@pytest.mark.parametrize("name", ["t.tif", "n.ntf"])
@pytest.mark.parametrize("bands", [1, 3])
def test_the_callers_blocks_are_not_modified(tmp_path, name, bands):
    data = _scene(bands, 64, 64, np.uint16)
    provider = BufferedImageAssetProvider.create(
        key="image:0", num_columns=64, num_rows=64, num_bands=bands, block_width=32,
        block_height=32, pixel_type=PixelType.UInt16)
    blocks = {(r, c): np.ascontiguousarray(data[:, r * 32:(r + 1) * 32, c * 32:(c + 1) * 32])
              for r in range(2) for c in range(2)}
    for rc, block in blocks.items():
        provider.set_block(*rc, block)
    before = {rc: b.copy() for rc, b in blocks.items()}
    if name.endswith(".tif"):  # tiles = the blocks: the predictor reads them in place
        provider.metadata.set("322", 32)
        provider.metadata.set("323", 32)
        provider.metadata.set("259", 5)
    path = tmp_path / name
    with IO.open([str(path)], "w") as writer:
        writer.add_asset("image:0", provider)
    for rc, block in blocks.items():
        np.testing.assert_array_equal(block, before[rc])
    np.testing.assert_array_equal(imread(path), data)

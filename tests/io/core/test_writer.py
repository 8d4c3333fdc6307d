"""Writer behaviour common to every format: atomicity, duck typing, lazy providers, R-sets."""

import threading

import numpy as np
import pytest

from workbench.io import (
    IO,
    AssetType,
    BufferedImageAssetProvider,
    BufferedMetadataProvider,
    CancelledError,
    PixelType,
    imread,
    imsave,
)


def rgb(rows=64, cols=80):
    y, x = np.mgrid[0:rows, 0:cols]
    return np.stack([x * 3 % 256, y * 2 % 256, (x + y) % 256]).astype(np.uint8)


class Source:
    """A duck-typed provider with exactly the 14 attributes of the spec."""

    def __init__(self, data, fail_at=None):
        self.key = "src"
        self.title = "t"
        self.description = "d"
        self.num_bands, self.num_rows, self.num_columns = data.shape
        self.num_bits_per_pixel = 8
        self.actual_bits_per_pixel = 8
        self.pixel_value_type = PixelType.UInt8
        self.num_pixels_per_block_horizontal = 32
        self.num_pixels_per_block_vertical = 32
        self.num_resolution_levels = 1
        self.pad_pixel_value = 0
        self._data = data
        self.calls = 0
        self.fail_at = fail_at

    def get_block(self, block_row, block_col, resolution_level, bands=None):
        self.calls += 1
        if self.fail_at == (block_row, block_col):
            raise KeyError("sensor dropout")
        return 255 - self._data[:, block_row * 32:(block_row + 1) * 32,
                                block_col * 32:(block_col + 1) * 32]


def test_duck_typed_provider_is_pulled_lazily(tmp_path):
    data = rgb()
    src = Source(data)
    with IO.open([tmp_path / "inv.png"], "w") as w:
        w.add_asset("image:0", src, "Inverted", "Lazy inversion", ["data"])
        assert src.calls == 0
    assert src.calls == 2 * 3  # every block of the 64x80 image, once
    np.testing.assert_array_equal(imread(tmp_path / "inv.png"), 255 - data)


def test_missing_attribute_is_a_type_error_naming_it(tmp_path):
    src = Source(rgb())
    del src.pad_pixel_value
    with pytest.raises(TypeError, match="pad_pixel_value"):
        with IO.open([tmp_path / "x.png"], "w") as w:
            w.add_asset("image:0", src)
    assert list(tmp_path.iterdir()) == []


def test_provider_exception_becomes_runtime_error_and_leaves_nothing(tmp_path):
    target = tmp_path / "x.png"
    target.write_bytes(b"previous content")
    with pytest.raises(RuntimeError, match="sensor dropout"):
        with IO.open([target], "w") as w:
            w.add_asset("image:0", Source(rgb(), fail_at=(1, 1)))
    assert target.read_bytes() == b"previous content"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.png"]


def test_cancel_leaves_no_file(tmp_path):
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(CancelledError):
        with IO.open([tmp_path / "c.png"], "w", cancel_event=cancel) as w:
            w.add_asset("image:0", BufferedImageAssetProvider.from_array("i", rgb()))
    assert list(tmp_path.iterdir()) == []


def test_exception_inside_with_block_writes_nothing(tmp_path):
    with pytest.raises(ZeroDivisionError):
        with IO.open([tmp_path / "e.png"], "w") as w:
            w.add_asset("image:0", BufferedImageAssetProvider.from_array("i", rgb()))
            1 / 0
    assert list(tmp_path.iterdir()) == []


def test_writing_over_an_open_input_is_refused(tmp_path):
    path = tmp_path / "in.png"
    imsave(path, rgb())
    before = path.read_bytes()
    with IO.open(path) as reader:
        with pytest.raises(ValueError, match="open for reading"):
            imsave(path, rgb()[:, :10])
        assert reader.get_asset("image:0").num_columns == 80
    assert path.read_bytes() == before
    imsave(path, rgb()[:, :10])  # fine once the reader is closed


def test_progress_is_reported(tmp_path):
    seen = []
    with IO.open([tmp_path / "p.png"], "w", progress=lambda f, m: seen.append(f)) as w:
        w.add_asset("image:0", BufferedImageAssetProvider.from_array("i", rgb()))
    assert seen and seen[-1] == 1.0
    assert seen == sorted(seen) and all(0.0 <= f <= 1.0 for f in seen)


def test_rset_write_and_read_png(tmp_path):
    base = tmp_path / "out.png"
    levels = [rgb(64, 80), rgb(32, 40), rgb(16, 20)]
    paths = [base, tmp_path / "out.png.r1", tmp_path / "out.png.r2"]
    with IO.open(paths, "w", "png") as w:
        w.metadata = BufferedMetadataProvider()
        for level, data in enumerate(levels):
            key = "image:0" if level == 0 else f"image:0:overview:{level}"
            w.add_asset(key, BufferedImageAssetProvider.from_array(key, data),
                        roles=["data"] if level == 0 else ["overview"])
    with IO.open(paths, "r") as ds:
        keys = ds.get_asset_keys(asset_type=AssetType.Image)
        assert keys == ["image:0", "image:0:overview:1", "image:0:overview:2"]
        for key, data in zip(keys, levels):
            asset = ds.get_asset(key)
            assert (asset.num_columns, asset.num_rows) == (data.shape[2], data.shape[1])
            np.testing.assert_array_equal(asset.get_block(0, 0), data)
        assert ds.get_asset("image:0:overview:2").roles == ["overview"]
        assert ds.get_asset_keys(roles=["overview"]) == keys[1:]


def test_rset_paths_need_rn_suffix(tmp_path):
    with pytest.raises(ValueError, match=r"\.rN"):
        IO.open([tmp_path / "a.png", tmp_path / "b.png"], "w")


def test_nested_parallel_reads_do_not_deadlock(tmp_path):
    """A provider whose get_block reads a window of another image (itself parallel) while the
    writer encodes blocks on the same pool."""
    from workbench.io.core.parallel import ordered_map
    from workbench.io.core.window import read_window

    source = BufferedImageAssetProvider.create(key="s", num_columns=256, num_rows=256,
                                               num_bands=1, block_width=32, block_height=32)
    source.set_full_image(np.arange(256 * 256, dtype=np.uint32).reshape(1, 256, 256)
                          .astype(np.uint8))

    def outer(i):
        return read_window(source, (i * 16, i * 16, 100, 100)).sum()

    results = list(ordered_map(outer, range(8)))
    assert results == [int(read_window(source, (i * 16, i * 16, 100, 100)).sum())
                       for i in range(8)]


def test_a_reader_dropped_without_close_no_longer_blocks_writes(tmp_path):
    import gc

    path = tmp_path / "in.png"
    imsave(path, rgb())

    def width(p):  # a helper that opens and forgets to close
        return IO.open(p).get_asset("image:0").num_columns

    assert width(path) == 80
    gc.collect()
    imsave(path, rgb()[:, :10])  # the forgotten reader is gone: the path is free
    assert imread(path).shape == (3, 10, 80)


def test_duplicate_asset_keys_are_refused(tmp_path):
    with pytest.raises(ValueError, match="Duplicate key"):
        with IO.open([tmp_path / "dup.tif"], "w") as w:
            w.add_asset("image:0", BufferedImageAssetProvider.from_array("a", rgb()))
            w.add_asset("image:0", BufferedImageAssetProvider.from_array("b", rgb()))
    assert list(tmp_path.iterdir()) == []


class Typed(Source):
    """A provider whose blocks come back in another dtype than its pixel type."""

    def __init__(self, data, block):
        super().__init__(data)
        self.block = block

    def get_block(self, block_row, block_col, resolution_level, bands=None):
        return self.block


@pytest.mark.parametrize("block, ok", [
    (np.zeros((3, 32, 32)), True),                 # float64 zeros: every value fits uint8
    (np.full((3, 32, 32), 7, np.int64), True),     # int64 sevens: fit
    (np.full((3, 32, 32), 300.0), False),          # out of range: would wrap
    (np.full((3, 32, 32), 1.5), False),            # fractional: would truncate
    (None, False),                                 # no array at all
])
def test_blocks_of_another_dtype_are_cast_only_when_every_value_fits(tmp_path, block, ok):
    from workbench.io.core.errors import ProviderError

    path = tmp_path / "t.tif"
    if ok:
        with IO.open([path], "w") as w:
            w.add_asset("image:0", Typed(rgb(), block))
        assert (imread(path)[:, :32, :32] == block.astype(np.uint8)).all()
        return
    with pytest.raises(ProviderError, match="None|cannot hold"):
        with IO.open([path], "w") as w:
            w.add_asset("image:0", Typed(rgb(), block))
    assert not path.exists()

"""Writes stream from lazy providers: the spec's duck-typed provider example, progress and
cancellation, pass-through of masked data, and the peak-RSS target."""

import os
import subprocess
import sys
import threading

import numpy as np
import pytest

from workbench.io.core.errors import CancelledError
from workbench.io.core.io import IO
from workbench.io.core.metadata import BufferedMetadataProvider
from workbench.io.core.window import read_window

from .conftest import write_nitf

DATA = (np.arange(2 * 300 * 500) % 241).astype(np.uint8).reshape(2, 300, 500)


def test_spec_invert_provider_example(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_nitf("input.ntf", DATA, IC="NC", NPPBH="128", NPPBV="128")

    class InvertProvider:
        """Wraps a source image and inverts pixel values on the fly."""

        def __init__(self, source, metadata):
            self.key = source.key
            self.title = source.title
            self.description = source.description
            self.num_rows = source.num_rows
            self.num_columns = source.num_columns
            self.num_bands = source.num_bands
            self.num_bits_per_pixel = source.num_bits_per_pixel
            self.actual_bits_per_pixel = source.actual_bits_per_pixel
            self.pixel_value_type = source.pixel_value_type
            self.num_pixels_per_block_horizontal = source.num_pixels_per_block_horizontal
            self.num_pixels_per_block_vertical = source.num_pixels_per_block_vertical
            self.num_resolution_levels = source.num_resolution_levels
            self.pad_pixel_value = source.pad_pixel_value
            self._source = source
            self._metadata = metadata
            self.calls = 0

        def get_block(self, block_row, block_col, resolution_level, bands=None):
            self.calls += 1
            block = self._source.get_block(block_row, block_col, resolution_level)
            return np.iinfo(block.dtype).max - block  # invert

        @property
        def metadata(self):
            return self._metadata

    with IO.open(["input.ntf"], "r") as reader:
        source = reader.get_asset("image:0")
        metadata = BufferedMetadataProvider(source=source.metadata)
        metadata["IC"] = "NC"
        provider = InvertProvider(source, metadata)
        with IO.open(["inverted.ntf"], "w", "nitf") as writer:
            writer.add_asset("image:0", provider, "Inverted", "Lazy inversion", ["data"])
        assert provider.calls == 3 * 4  # each block pulled once
    with IO.open(["inverted.ntf"]) as r:
        np.testing.assert_array_equal(read_window(r.get_asset("image:0")), 255 - DATA)


def test_progress_and_cancel_leave_no_output(tmp_path):
    from workbench.io.core.providers import BufferedImageAssetProvider
    seen = []
    prov = BufferedImageAssetProvider.from_array("a", DATA, 64, 64)
    path = tmp_path / "p.ntf"
    with IO.open([str(path)], "w", progress=lambda f, m: seen.append(f)) as w:
        w.add_asset("image:0", prov)
    assert seen[-1] == 1.0 and seen == sorted(seen) and len(seen) > 2

    cancel = threading.Event()

    def progress(fraction, message):
        if fraction > 0.3:
            cancel.set()

    out = tmp_path / "c.ntf"
    with pytest.raises(CancelledError):
        with IO.open([str(out)], "w", progress=progress, cancel_event=cancel) as w:
            w.add_asset("image:0", BufferedImageAssetProvider.from_array("a", DATA, 16, 16))
    assert sorted(os.listdir(tmp_path)) == ["p.ntf"]


def test_masked_pass_through_copies_the_encoded_bytes(tmp_path):
    from workbench.io.core.providers import BufferedImageAssetProvider
    md = BufferedMetadataProvider()
    md["IC"] = "NM"
    prov = BufferedImageAssetProvider.create("s", 500, 300, 2, 128, 128, metadata=md)
    prov.set_block(1, 2, np.full((2, 128, 128), 5, np.uint8))
    src = tmp_path / "s.ntf"
    with IO.open([str(src)], "w") as w:
        w.add_asset("image:0", prov)
    out = tmp_path / "o.ntf"
    with IO.open([str(src)]) as r:
        image = r.get_asset("image:0")
        md2 = BufferedMetadataProvider(source=image.metadata)
        md2["IID2"] = "edited title only"
        image.metadata = md2  # the metadata editor's path: same pixels, new header
        with IO.open([str(out)], "w") as w:
            w.add_asset("image:0", image)
        raw_in = bytes(image.raw_asset)
    with IO.open([str(out)]) as r:
        image = r.get_asset("image:0")
        assert bytes(image.raw_asset) == raw_in
        assert image.metadata["IID2"].strip() == "edited title only"
        assert [image.has_block(1, c) for c in range(4)] == [False, False, True, False]


@pytest.mark.slow
def test_lazy_16384_write_peak_rss_under_200_mb(tmp_path):
    path = tmp_path / "big.ntf"
    code = f"""
import numpy as np
from workbench.io import IO, PixelType, BufferedMetadataProvider
class Lazy:
    key = title = description = "lazy"
    num_rows = num_columns = 16384
    num_bands = 3
    num_bits_per_pixel = actual_bits_per_pixel = 8
    pixel_value_type = PixelType.UInt8
    num_pixels_per_block_horizontal = num_pixels_per_block_vertical = 1024
    num_resolution_levels = 1
    pad_pixel_value = 0
    metadata = BufferedMetadataProvider({{"IC": "NC"}})
    def get_block(self, r, c, level, bands=None):
        return np.full((3, 1024, 1024), (r * 16 + c) % 256, np.uint8)
with IO.open([{str(path)!r}], "w", "nitf") as w:
    w.add_asset("image:0", Lazy())
# VmHWM: this process's peak (ru_maxrss would include the forking parent's, as it survives exec)
print([l.split()[1] for l in open("/proc/self/status") if l.startswith("VmHWM")][0])
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    peak_mb = int(out.stdout.split()[-1]) / 1024
    assert peak_mb < 200, peak_mb
    assert path.stat().st_size > 3 * 16384 * 16384
    with IO.open([str(path)]) as r:
        image = r.get_asset("image:0")
        assert int(image.get_block(15, 15)[0, 0, 0]) == (15 * 16 + 15) % 256

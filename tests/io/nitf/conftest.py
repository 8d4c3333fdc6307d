"""Helpers for NITF tests: write with our library, read back with ours and GDAL."""

import numpy as np
import pytest

from workbench.io.core.io import IO
from workbench.io.core.metadata import BufferedMetadataProvider
from workbench.io.core.providers import BufferedImageAssetProvider
from workbench.io.core.window import read_window


def write_nitf(path, array, fmt="nitf", file_meta=None, block=None, **hints):
    """Write ``array`` (CHW) as one image segment with ``hints`` as image metadata."""
    md = BufferedMetadataProvider()
    for k, v in hints.items():
        md[k] = v
    bw, bh = block if block else (None, None)
    prov = BufferedImageAssetProvider.from_array("im", array, bw, bh, metadata=md)
    with IO.open([str(path)], "w", fmt) as w:
        if file_meta:
            w.metadata = file_meta
        w.add_asset("image:0", prov, "Test image", "", ["data"])
    return path


def field_offset(table, name):
    """Byte offset of field ``name`` within a header field table (fixed-width fields only)."""
    pos = 0
    for f in table:
        if f.name == name:
            return pos
        pos += f.width
    raise KeyError(name)


def read_all(path, key="image:0"):
    with IO.open([str(path)]) as r:
        return read_window(r.get_asset(key))


@pytest.fixture
def rng():
    return np.random.default_rng(1234)

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


def write_with_osml(path, array, block: int, **fields):
    """Write ``array`` (CHW uint8) as a NITF with osml-imagery-io, the reference peer, with
    ``fields`` as image metadata and ``block``-square blocks."""
    import aws.osml.io as osml

    md = osml.BufferedMetadataProvider()
    for k, v in dict(fields, NPPBH=str(block), NPPBV=str(block)).items():
        md[k] = v
    bands, rows, cols = array.shape
    prov = osml.BufferedImageAssetProvider.create(
        key="im", num_columns=cols, num_rows=rows, num_bands=bands, block_width=block,
        block_height=block, pixel_type=osml.PixelType.UInt8, metadata=md)
    prov.set_full_image(array)
    with osml.IO.open([str(path)], "w", "nitf") as w:
        w.add_asset("image:0", prov, title="t", description="d", roles=["data"])
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

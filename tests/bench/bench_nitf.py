"""Rows for NITF (IC=NC): write and full read of a size² RGB image, a 256² window read from a
16384² file, and the peak RSS of writing 16384² from a lazy provider; ours vs osml-imagery-io
vs GDAL."""

from __future__ import annotations

import os


from .common import row, peak_rss_mb, scene, tmpdir

BIG = 16384


def _provider(data, block=1024):
    from workbench.io import BufferedImageAssetProvider, BufferedMetadataProvider

    md = BufferedMetadataProvider()
    md["IC"], md["IMODE"], md["NPPBH"], md["NPPBV"] = "NC", "B", str(block), str(block)
    return BufferedImageAssetProvider.from_array("image:0", data, block, block, metadata=md)


def _ours_write(path, data):
    from workbench.io import IO

    with IO.open([path], "w", "nitf") as w:
        w.add_asset("image:0", _provider(data))


def _osml_write(path, data):
    import aws.osml.io as osml

    md = osml.BufferedMetadataProvider()
    md["IC"], md["IMODE"], md["NPPBH"], md["NPPBV"] = "NC", "B", "1024", "1024"
    prov = osml.BufferedImageAssetProvider.create(
        key="image:0", num_columns=data.shape[2], num_rows=data.shape[1],
        num_bands=data.shape[0], block_width=1024, block_height=1024,
        pixel_type=osml.PixelType.UInt8, metadata=md)
    prov.set_full_image(data)
    with osml.IO.open([path], "w", "nitf") as w:
        w.add_asset("image:0", prov, "bench", "bench", ["data"])


def _gdal_write(path, data):
    import rasterio

    with rasterio.open(path, "w", driver="NITF", width=data.shape[2], height=data.shape[1],
                       count=data.shape[0], dtype=data.dtype.name, IC="NC",
                       blockxsize=1024, blockysize=1024) as ds:
        ds.write(data)


def _gdal_read(path, window=None):
    import rasterio
    from rasterio.windows import Window

    with rasterio.open(path) as ds:
        return ds.read(window=Window(*window) if window else None)


def _osml_read(path, window=None):
    import aws.osml.io as osml

    return osml.imread(path, window=window) if window else osml.imread(path)


def _lazy_big(path: str, bands: int = 1) -> str:
    """Code that writes a BIG² NITF from a lazy duck-typed provider (used for the window file
    and for the RSS row)."""
    return f"""
import numpy as np
from workbench.io import IO, PixelType, BufferedMetadataProvider
class Lazy:
    key = title = description = "lazy"
    num_rows = num_columns = {BIG}
    num_bands = {bands}
    num_bits_per_pixel = actual_bits_per_pixel = 8
    pixel_value_type = PixelType.UInt8
    num_pixels_per_block_horizontal = num_pixels_per_block_vertical = 1024
    num_resolution_levels = 1
    pad_pixel_value = 0
    metadata = BufferedMetadataProvider({{"IC": "NC", "NPPBH": "1024", "NPPBV": "1024"}})
    def get_block(self, r, c, level, bands=None):
        return np.full(({bands}, 1024, 1024), (r * 16 + c) % 256, np.uint8)
with IO.open([{path!r}], "w", "nitf") as w:
    w.add_asset("image:0", Lazy())
"""


def rows(size: int) -> list[dict]:
    from workbench.io import imread

    d = tmpdir()
    data = scene(3, size, size)
    ours_p, osml_p, gdal_p = (os.path.join(d, f"{who}.ntf") for who in ("o", "s", "g"))
    out = [row(f"NITF NC write {size}² RGB u8",
               ours=lambda: _ours_write(ours_p, data), osml=lambda: _osml_write(osml_p, data),
               gdal=lambda: _gdal_write(gdal_p, data),
               fresh={"ours": ours_p, "osml": osml_p, "gdal": gdal_p}),
           row(f"NITF NC full read {size}² RGB u8",
               ours=lambda: imread(ours_p), osml=lambda: _osml_read(ours_p),
               gdal=lambda: _gdal_read(ours_p))]
    big = os.path.join(d, "big.ntf")
    peak_rss_mb(_lazy_big(big))
    win = (BIG // 2 + 100, BIG // 3 + 7, 256, 256)
    out.append(row(f"NITF NC window 256² read from {BIG}²",
                   ours=lambda: imread(big, window=win), osml=lambda: _osml_read(big, win),
                   gdal=lambda: _gdal_read(big, win), repeat=5))
    os.unlink(big)
    return out


def rss_rows(size: int = BIG) -> list[dict]:
    """Peak RSS (MB) of writing a 16384² RGB NITF from a lazy duck-typed provider."""
    path = os.path.join(tmpdir(), "lazy.ntf")
    try:
        rss = peak_rss_mb(_lazy_big(path, bands=3))
    finally:
        if os.path.exists(path):
            os.unlink(path)
    return [{"name": f"NITF lazy write {BIG}² RGB peak RSS (MB)", "ours": rss, "osml": None,
             "gdal": None, "codec": None, "unit": "MB"}]

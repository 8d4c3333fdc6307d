"""Rows for PNG and JPEG: write, full read and window read; ours vs osml-imagery-io vs GDAL vs the
raw imagecodecs call. Plus the peak RSS of a lazy write."""

from __future__ import annotations

import os

import imagecodecs
import numpy as np

from .common import row, peak_rss_mb, scene, tmpdir


def _osml():
    import aws.osml.io as osml

    return osml


def _gdal_write(path, data, driver, **opts):
    from rasterio import shutil as rio_shutil
    from rasterio.io import MemoryFile

    with MemoryFile() as mem:
        with mem.open(driver="GTiff", width=data.shape[2], height=data.shape[1],
                      count=data.shape[0], dtype=data.dtype.name) as tmp:
            tmp.write(data)
            rio_shutil.copy(tmp, path, driver=driver, **opts)


def _gdal_read(path, window=None):
    import rasterio
    from rasterio.windows import Window

    with rasterio.open(path) as ds:
        return ds.read(window=Window(*window) if window else None)


def rows(size: int) -> list[dict]:
    from workbench.io import imread, imsave

    d = tmpdir()
    out = []
    data = scene(3, size, size)
    hwc = np.ascontiguousarray(np.moveaxis(data, 0, -1))
    win = (size // 4, size // 4, 256, 256)
    for ext, driver, enc, dec, kw in (
        ("png", "PNG", lambda: imagecodecs.png_encode(hwc, level=6), imagecodecs.png_decode, {}),
        ("jpg", "JPEG", lambda: imagecodecs.jpeg8_encode(hwc, level=75), imagecodecs.jpeg8_decode,
         {"quality": 75}),
    ):
        ours_p, osml_p, gdal_p = (os.path.join(d, f"{who}.{ext}") for who in ("o", "s", "g"))
        out.append(row(
            f"{ext.upper()} write {size}² RGB u8",
            ours=lambda: imsave(ours_p, data, **kw),
            osml=lambda: _osml().imsave(osml_p, data, **kw),
            gdal=lambda: _gdal_write(gdal_p, data, driver,
                                     **({"QUALITY": 75} if ext == "jpg" else {})),
            codec=enc, fresh={"ours": ours_p, "osml": osml_p, "gdal": gdal_p}))
        encoded = open(ours_p, "rb").read()
        out.append(row(
            f"{ext.upper()} full read {size}² RGB u8",
            ours=lambda: imread(ours_p), osml=lambda: _osml().imread(ours_p),
            gdal=lambda: _gdal_read(ours_p), codec=lambda: dec(encoded)))
        out.append(row(
            f"{ext.upper()} window 256² read",
            ours=lambda: imread(ours_p, window=win), osml=lambda: _osml().imread(ours_p, window=win),
            gdal=lambda: _gdal_read(ours_p, win)))
    return out


def rss_rows(size: int) -> list[dict]:
    """Peak RSS (MB) of writing a size² RGB PNG from a lazy duck-typed provider."""
    path = os.path.join(tmpdir(), "lazy.png")
    code = f"""
from workbench.io import IO
from tests.bench.lazy_source import LazySource
with IO.open([{path!r}], "w") as w:
    w.add_asset("image:0", LazySource({size}, pattern="flat"))
"""
    return [{"name": f"PNG lazy write {size}² peak RSS (MB)", "ours": peak_rss_mb(code),
             "osml": None, "gdal": None, "codec": None, "unit": "MB"}]

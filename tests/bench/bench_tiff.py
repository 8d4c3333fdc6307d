"""Rows for GeoTIFF: Deflate/LZW tiled write and full read (RGB uint8 and uint16), and a COG with
overviews written from a (2 x size)² source; ours vs osml-imagery-io vs GDAL vs tifffile
("codec"). Plus the peak RSS of a lazy COG write."""

from __future__ import annotations

import os

import numpy as np

from .common import row, peak_rss_mb, scene, tmpdir

_TIFFFILE_CODEC = {"Deflate": "zlib", "LZW": "lzw"}


def _osml():
    import aws.osml.io as osml

    return osml


def _gdal_write(path, data, driver="GTiff", **opts):
    import rasterio

    with rasterio.open(path, "w", driver=driver, width=data.shape[2], height=data.shape[1],
                       count=data.shape[0], dtype=data.dtype.name, **opts) as ds:
        ds.write(data)


def _gdal_cog(path, data):
    from rasterio import shutil as rio_shutil
    from rasterio.io import MemoryFile

    with MemoryFile() as mem:
        with mem.open(driver="GTiff", width=data.shape[2], height=data.shape[1],
                      count=data.shape[0], dtype=data.dtype.name) as tmp:
            tmp.write(data)
            rio_shutil.copy(tmp, path, driver="COG", COMPRESS="DEFLATE", BLOCKSIZE=256,
                            PREDICTOR="YES", OVERVIEW_RESAMPLING="AVERAGE", NUM_THREADS=2)


def _gdal_read(path):
    import rasterio

    with rasterio.open(path) as ds:
        return ds.read()


def _tifffile_write(path, data, compression):
    import tifffile

    hwc = np.moveaxis(data, 0, -1)
    tifffile.imwrite(path, hwc, tile=(256, 256), compression=compression, predictor=True,
                     photometric="rgb", maxworkers=2)


def _tifffile_read(path):
    import tifffile

    return tifffile.imread(path, maxworkers=2)


def _ours_cog(path, data):
    from workbench.io import IO, BufferedImageAssetProvider
    from workbench.io.pyramid import build_overviews

    base = BufferedImageAssetProvider.from_array("image:0", data, 256, 256)
    with IO.open([path], "w", "tiff") as writer:
        writer.add_asset("image:0", base, roles=["data"])
        for ovr in build_overviews(base):
            writer.add_asset(ovr.key, ovr, roles=["overview"])


def _osml_cog(path, data):
    """osml-imagery-io encodes the same pyramid (our lazy providers, duck-typed)."""
    from workbench.io import BufferedImageAssetProvider
    from workbench.io.pyramid import build_overviews

    osml = _osml()
    base = osml.BufferedImageAssetProvider.create(
        key="image:0", num_columns=data.shape[2], num_rows=data.shape[1],
        num_bands=data.shape[0], block_width=256, block_height=256,
        pixel_type=osml.PixelType.UInt8)
    base.set_full_image(data)
    ours = BufferedImageAssetProvider.from_array("image:0", data, 256, 256)
    with osml.IO.open([path], "w", "tiff") as writer:
        writer.add_asset("image:0", base, "full", "full", ["data"])
        for ovr in build_overviews(ours):
            writer.add_asset(ovr.key, _OsmlView(ovr, osml.PixelType.UInt8), "ovr", "ovr",
                             ["overview"])


class _OsmlView:
    """Our provider seen with osml's PixelType (osml checks the enum's type)."""

    def __init__(self, inner, pixel_type):
        self._inner = inner
        self.pixel_value_type = pixel_type
        for name in ("key", "title", "description", "num_rows", "num_columns", "num_bands",
                     "num_bits_per_pixel", "actual_bits_per_pixel", "num_resolution_levels",
                     "num_pixels_per_block_horizontal", "num_pixels_per_block_vertical",
                     "pad_pixel_value", "metadata"):
            setattr(self, name, getattr(inner, name))

    def get_block(self, row, col, level, bands=None):
        return self._inner.get_block(row, col, level)


def rows(size: int) -> list[dict]:
    from workbench.io import imread, imsave

    d = tmpdir()
    out = []
    for dtype in (np.uint8, np.uint16):
        data = scene(3, size, size, dtype)
        label = "u8" if dtype == np.uint8 else "u16"
        for comp in ("Deflate", "LZW"):
            p = {who: os.path.join(d, f"{who}-{label}-{comp}.tif") for who in "osgc"}
            out.append(row(
                f"TIFF {comp} write {size}² RGB {label}",
                ours=lambda: imsave(p["o"], data, compression=comp),
                osml=lambda: _osml().imsave(p["s"], data, compression=comp.lower()),
                gdal=lambda: _gdal_write(p["g"], data, tiled=True, blockxsize=256,
                                         blockysize=256, compress=comp.lower(), predictor=2,
                                         num_threads=2),
                codec=lambda: _tifffile_write(p["c"], data, _TIFFFILE_CODEC[comp]),
                fresh={"ours": p["o"], "osml": p["s"], "gdal": p["g"], "codec": p["c"]}))
            out.append(row(
                f"TIFF {comp} read {size}² RGB {label}",
                ours=lambda: imread(p["o"]), osml=lambda: _osml().imread(p["o"]),
                gdal=lambda: _gdal_read(p["o"]), codec=lambda: _tifffile_read(p["o"])))
    big = scene(3, 2 * size, 2 * size)
    cog = {who: os.path.join(d, f"{who}-cog.tif") for who in ("ours", "osml", "gdal")}
    out.append(row(f"COG Deflate+overviews write {2 * size}² RGB u8",
                   ours=lambda: _ours_cog(cog["ours"], big),
                   osml=lambda: _osml_cog(cog["osml"], big),
                   gdal=lambda: _gdal_cog(cog["gdal"], big), repeat=2, fresh=cog))
    return out


def rss_rows(size: int) -> list[dict]:
    """Peak RSS (MB) of writing a (2 x size)² RGB COG (with overviews) from a lazy provider."""
    side = 2 * size
    path = os.path.join(tmpdir(), "lazy-cog.tif")
    code = f"""
from workbench.io import IO
from workbench.io.core.adapt import as_image_asset
from workbench.io.pyramid import build_overviews
from tests.bench.lazy_source import LazySource
lazy = as_image_asset(LazySource({side}, pattern="texture"))
with IO.open([{path!r}], "w") as w:
    w.add_asset("image:0", lazy, roles=["data"])
    for ovr in build_overviews(lazy):
        w.add_asset(ovr.key, ovr, roles=["overview"])
"""
    return [{"name": f"COG lazy write {side}² peak RSS (MB)", "ours": peak_rss_mb(code),
             "osml": None, "gdal": None, "codec": None, "unit": "MB"}]

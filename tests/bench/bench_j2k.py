"""Rows for NITF JPEG 2000 (C8 lossless and lossy), HTJ2K (CD) and JPEG (C3): write and full read
of size² RGB uint8 and 11-bit panchromatic uint16; a 256² window from the middle of a large C8
file tiled 1024 (one tile decoded); a resolution-level-3 read of the whole image. Ours vs
osml-imagery-io vs GDAL vs the raw codec on the whole image."""

from __future__ import annotations

import os

import imagecodecs
import numpy as np

from .common import attempt, row, scene, tmpdir

BLOCK = 1024


def _write_ours(path, data, bits=None, **hints):
    from workbench.io import IO, BufferedImageAssetProvider, BufferedMetadataProvider

    md = BufferedMetadataProvider()
    for k, v in hints.items():
        md[k] = v
    if bits:
        md["NBPP"] = md["ABPP"] = str(bits)
    block = min(BLOCK, data.shape[1], data.shape[2])
    prov = BufferedImageAssetProvider.from_array("im", data, block, block, metadata=md)
    with IO.open([path], "w", "nitf") as w:
        w.add_asset("image:0", prov)


def _write_osml(path, data, bits=None, **hints):
    import aws.osml.io as osml

    md = osml.BufferedMetadataProvider()
    for k, v in hints.items():
        md[k] = v
    if bits:
        md["NBPP"] = md["ABPP"] = str(bits)
    if "COMRAT" in hints:  # osml copies the value verbatim into the 4-character field
        from workbench.io.jpeg2000.hints import parse_comrat

        comrat = parse_comrat(hints["COMRAT"]) if hints["IC"] != "C3" else None
        md["COMRAT"] = comrat.field(8) if comrat else hints["COMRAT"]
    block = min(BLOCK, data.shape[1], data.shape[2])
    md["NPPBH"] = md["NPPBV"] = str(block)
    ptype = osml.PixelType.UInt16 if data.dtype == np.uint16 else osml.PixelType.UInt8
    prov = osml.BufferedImageAssetProvider.create(
        key="im", num_columns=data.shape[2], num_rows=data.shape[1], num_bands=data.shape[0],
        block_width=block, block_height=block, pixel_type=ptype, metadata=md)
    prov.set_full_image(data)
    with osml.IO.open([path], "w", "nitf") as w:
        w.add_asset("image:0", prov, title="bench", description="bench", roles=["data"])


def _write_gdal(path, data, **opts):
    from rasterio import shutil as rio_shutil
    from rasterio.io import MemoryFile

    with MemoryFile() as mem:
        with mem.open(driver="GTiff", width=data.shape[2], height=data.shape[1],
                      count=data.shape[0], dtype=data.dtype.name) as tmp:
            tmp.write(data)
            rio_shutil.copy(tmp, path, driver="NITF", **opts)


def _read_gdal(path, window=None, out_shape=None):
    import rasterio
    from rasterio.windows import Window

    with rasterio.open(path) as ds:
        return ds.read(window=Window(*window) if window else None, out_shape=out_shape)


def _hwc(data):
    return np.ascontiguousarray(data[0] if data.shape[0] == 1 else np.moveaxis(data, 0, -1))


# (label, our hints, GDAL creation options or None, raw encode, raw decode)
def _cases(bits):
    j2k_gdal = dict(IC="C8", JPEG2000_DRIVER="JP2OpenJPEG", BLOCKXSIZE=BLOCK, BLOCKYSIZE=BLOCK)
    return [
        # GDAL's NITF driver ignores REVERSIBLE (QUALITY=100 alone codes 9/7, lossy): its
        # lossless C8 is the NPJE numerically lossless profile
        ("C8 lossless", dict(IC="C8", COMRAT="N001.0"),
         dict(j2k_gdal, PROFILE="NPJE_NUMERICALLY_LOSSLESS"),
         lambda a: imagecodecs.jpeg2k_encode(a, codecformat="j2k", reversible=True,
                                             bitspersample=bits, numthreads=2),
         lambda b: imagecodecs.jpeg2k_decode(b, numthreads=2)),
        ("C8 lossy 1bpp", dict(IC="C8", COMRAT="01.0"),
         dict(j2k_gdal, QUALITY=100.0 / (bits or 8)),
         lambda a: imagecodecs.jpeg2k_encode(a, codecformat="j2k", level=40, reversible=False,
                                             bitspersample=bits, numthreads=2),
         lambda b: imagecodecs.jpeg2k_decode(b, numthreads=2)),
        ("CD lossless", dict(IC="CD", COMRAT="N001.0"), None,
         lambda a: imagecodecs.htj2k_encode(a, reversible=True),
         imagecodecs.htj2k_decode),
        ("C3 q75", dict(IC="C3", COMRAT="75.0"), dict(IC="C3", QUALITY=75, BLOCKXSIZE=BLOCK,
                                                     BLOCKYSIZE=BLOCK),
         lambda a: imagecodecs.jpeg8_encode(a, level=75), imagecodecs.jpeg8_decode),
    ]


def _codec_rows(size, d, data, bits, label):
    from workbench.io import imread

    out = []
    hwc = _hwc(data)
    for name, hints, gdal_opts, enc, dec in _cases(bits):
        if name.startswith("C3") and data.dtype != np.uint8:
            continue
        slug = name.replace(" ", "_")
        ours_p, osml_p, gdal_p = (os.path.join(d, f"{who}-{slug}-{label}.ntf")
                                  for who in ("o", "s", "g"))
        out.append(row(
            f"NITF {name} write {size}² {label}",
            ours=lambda: _write_ours(ours_p, data, bits, **hints),
            osml=lambda: _write_osml(osml_p, data, bits, **hints),
            gdal=(lambda: _write_gdal(gdal_p, data, **gdal_opts)) if gdal_opts else None,
            codec=lambda: enc(hwc), repeat=2,
            fresh={"ours": ours_p, "osml": osml_p, "gdal": gdal_p}))
        encoded = enc(hwc)
        out.append(row(
            f"NITF {name} read {size}² {label}",
            ours=lambda: imread(ours_p), osml=lambda: _check_osml_read(ours_p),
            gdal=lambda: _read_gdal(ours_p), codec=lambda: dec(encoded)))
    return out


def _check_osml_read(path):
    import aws.osml.io as osml

    return osml.imread(path)


def _warm_up(d):
    """Import and start every peer once (pools, codecs), so no row times first-use costs."""
    from workbench.io import imread

    tiny = scene(3, 64, 64)
    for hints in (dict(IC="C8"), dict(IC="CD"), dict(IC="C3")):
        path = os.path.join(d, "warm.ntf")
        _write_ours(path, tiny, **hints)
        imread(path)
        attempt(lambda: _write_osml(path, tiny, **hints))
        attempt(lambda: _read_gdal(path))


def rows(size: int) -> list[dict]:
    from workbench.io import imread

    d = tmpdir()
    _warm_up(d)
    out = _codec_rows(size, d, scene(3, size, size), None, "RGB u8")
    out += _codec_rows(size, d, scene(1, size, size, np.uint16, bits=11), 11, "u16 11-bit")

    # A large C8 file tiled 1024: a 256² window from its middle, and a level-3 overview read.
    big = 4 * size
    big_p = os.path.join(d, "big.ntf")
    _write_big(big_p, big)
    mid = big // 2 + 100
    win = (mid, mid, 256, 256)
    out.append(row(f"NITF C8 window 256² of {big}² (tiles {BLOCK})",
                   ours=lambda: imread(big_p, window=win), osml=lambda: _osml_window(big_p, win),
                   gdal=lambda: _read_gdal(big_p, window=win), repeat=5))
    rgb_p = os.path.join(d, "o-C8_lossless-RGB u8.ntf")
    small = -(-size // 8)
    level3 = _read_gdal(rgb_p, out_shape=(3, small, small))
    out.append(row(f"NITF C8 level-3 read of {size}² RGB u8",
                   ours=lambda: imread(rgb_p, resolution_level=3),
                   osml=(lambda: _osml_level(rgb_p, 3)) if _same(_osml_level, rgb_p, level3)
                   else None,
                   gdal=lambda: _read_gdal(rgb_p, out_shape=(3, small, small)), repeat=5))
    cd_p = os.path.join(d, "o-CD_lossless-RGB u8.ntf")
    out.append(row(f"NITF CD level-3 read of {size}² RGB u8",
                   ours=lambda: imread(cd_p, resolution_level=3),
                   osml=lambda: _osml_level(cd_p, 3), repeat=5))
    return out


def _write_big(path, side):
    """A side² one-band C8 file written from a lazy provider (O(block) memory)."""
    from workbench.io import IO, BufferedMetadataProvider, PixelType

    block = min(BLOCK, side)
    tile = scene(1, block, block)[0]
    md = BufferedMetadataProvider()
    md["IC"], md["COMRAT"] = "C8", "N001.0"

    class Lazy:
        key = title = description = "big"
        num_rows = num_columns = side
        num_bands = 1
        num_bits_per_pixel = actual_bits_per_pixel = 8
        pixel_value_type = PixelType.UInt8
        num_pixels_per_block_horizontal = num_pixels_per_block_vertical = block
        num_resolution_levels = 1
        pad_pixel_value = 0
        metadata = md

        def get_block(self, r, c, level, bands=None):
            return np.roll(tile, (r * 37 + c * 11) % block, axis=1)[np.newaxis]

    with IO.open([path], "w", "nitf") as w:
        w.add_asset("image:0", Lazy())


def _osml_window(path, win):
    import aws.osml.io as osml

    return osml.imread(path, window=win)


def _same(read, path, expected) -> bool:
    """Whether a peer's level-3 read gives the pixels GDAL gives (osml-imagery-io 0.x decodes
    only the first tile at a reduced level and leaves the rest zero: its time is not a read of
    the image)."""
    try:
        return bool(np.array_equal(read(path, 3), expected))
    except Exception:
        return False


def _osml_level(path, level):
    import aws.osml.io as osml

    return osml.imread(path, resolution_level=level)

"""Cloud Optimized GeoTIFF: layout rules checked on the bytes, overviews checked with GDAL."""

import numpy as np
import pytest
import rasterio
import tifffile

from workbench.io import IO, BufferedImageAssetProvider, BufferedMetadataProvider, imread
from workbench.io.core.window import read_window
from workbench.io.pyramid import build_overviews

from .conftest import scene


def cog_errors(path) -> list[str]:
    """Our own check of the COG layout rules GDAL's validator applies: tiled images, main IFD
    right after the header (and the optional ghost area), every IFD before any tile data, overviews after the main IFD in
    decreasing size, overview data from smallest to largest with the full image last, and tiles
    of each image stored in row-major order."""
    errors = []
    with tifffile.TiffFile(path) as tif:
        pages = list(tif.pages)
        header = 16 if tif.is_bigtiff else 8
        tif.filehandle.seek(header)
        ghost = tif.filehandle.read(43)
        if ghost.startswith(b"GDAL_STRUCTURAL_METADATA_SIZE="):  # optional ghost area
            header += 43 + int(ghost[30:36])
            header += header % 2  # IFDs start on a word boundary
        if pages[0].offset != header:
            errors.append(f"main IFD at {pages[0].offset}, expected {header}")
        ifd_offsets = [p.offset for p in pages]
        if ifd_offsets != sorted(ifd_offsets):
            errors.append("IFDs are not in file order")
        first_data = min(o for p in pages for o, n in zip(p.dataoffsets, p.databytecounts) if n)
        if max(ifd_offsets) > first_data:
            errors.append("an IFD comes after tile data")
        sizes = [p.shape[:2] if p.planarconfig == 1 else p.shape[1:3] for p in pages]
        for i, page in enumerate(pages):
            if not page.is_tiled:
                errors.append(f"IFD {i} is not tiled")
            if i and not page.is_reduced:
                errors.append(f"IFD {i} lacks NewSubfileType=1")
            if i and sizes[i][0] * sizes[i][1] >= sizes[i - 1][0] * sizes[i - 1][1]:
                errors.append(f"overview {i} is not smaller than the IFD before it")
            present = [o for o, n in zip(page.dataoffsets, page.databytecounts) if n]
            if present != sorted(present):
                errors.append(f"tiles of IFD {i} are not in row-major order")
        starts = [min(o for o, n in zip(p.dataoffsets, p.databytecounts) if n) for p in pages]
        for i in range(len(pages) - 1, 0, -1):
            if i + 1 < len(pages) and starts[i] < starts[i + 1]:
                errors.append(f"data of overview {i} comes before the smaller overview {i + 1}")
        if len(pages) > 1 and starts[0] < starts[1]:
            errors.append("full-resolution data comes before overview data")
    return errors


def _cog(tmp_path, data, tile=256, **meta_items):
    meta = BufferedMetadataProvider()
    meta["322"] = meta["323"] = str(tile)
    meta["GeoProjectedCRS"] = "32618"
    meta["GeoTransform"] = "[300000, 0.5, 0, 4500000, 0, -0.5]"
    for k, v in meta_items.items():
        meta[k] = v
    prov = BufferedImageAssetProvider.from_array("image:0", data, block_width=tile,
                                                 block_height=tile, metadata=meta)
    overviews = build_overviews(prov, min_size=tile)
    path = tmp_path / "cog.tif"
    with IO.open([path], "w", "tiff") as writer:
        writer.add_asset("image:0", prov, title="Full Resolution", roles=["data"])
        for ovr in overviews:
            writer.add_asset(ovr.key, ovr, title=f"Overview {ovr.level}", roles=["overview"])
    return path, overviews


def test_cog_layout_is_valid_and_gdal_sees_the_overviews(tmp_path):
    data = scene(3, 1100, 900)
    path, overviews = _cog(tmp_path, data, tile=128)
    assert cog_errors(path) == []
    with rasterio.open(path) as ds:
        np.testing.assert_array_equal(ds.read(), data)
        assert ds.overviews(1) == [2, 4, 8, 16][:len(overviews)]
        assert ds.crs.to_epsg() == 32618
    for i, ovr in enumerate(overviews):
        with rasterio.open(path, OVERVIEW_LEVEL=i) as ds:
            assert (ds.width, ds.height) == (ovr.num_columns, ovr.num_rows)
            np.testing.assert_array_equal(ds.read(), read_window(ovr))


def test_we_read_our_cog_overviews_with_roles_and_no_geo_tags(tmp_path):
    data = scene(1, 600, 520, "uint16")
    path, overviews = _cog(tmp_path, data, tile=128)
    with IO.open([path]) as reader:
        keys = reader.get_asset_keys()
        assert keys == ["image:0"] + [f"image:0:overview:{i + 1}" for i in range(len(overviews))]
        for ovr in overviews:
            asset = reader.get_asset(ovr.key)
            assert asset.roles == ["overview"]
            assert asset.metadata["254"] == 1
            assert not any(k.startswith("Geo") or k in ("33550", "33922", "34735")
                           for k in asset.metadata)
            np.testing.assert_array_equal(read_window(asset), read_window(ovr))
        assert reader.get_asset("image:0").metadata["GeoProjectedCRS"] == "32618"


def test_we_read_gdal_cog_driver_output(tmp_path):
    data = scene(3, 700, 650)
    path = tmp_path / "gdal_cog.tif"
    with rasterio.open(path, "w", driver="COG", width=650, height=700, count=3, dtype="uint8",
                       crs="EPSG:4326", transform=rasterio.transform.from_origin(10, 50, 1e-4, 1e-4),
                       compress="deflate", blocksize=256, overview_resampling="average") as ds:
        ds.write(data)
    with IO.open([path]) as reader:
        keys = reader.get_asset_keys()
        assert keys == ["image:0", "image:0:overview:1", "image:0:overview:2"]
        meta = reader.get_asset("image:0").metadata
        assert meta["GeoGeographicCRS"] == "4326"
        with rasterio.open(path, OVERVIEW_LEVEL=1) as ds:
            np.testing.assert_array_equal(read_window(reader.get_asset("image:0:overview:2")),
                                          ds.read())
    np.testing.assert_array_equal(imread(path), data)
    assert cog_errors(path) == []


def test_overview_role_inferred_from_key_when_roles_empty(tmp_path):
    data = scene(1, 300, 300)
    prov = BufferedImageAssetProvider.from_array("image:0", data)
    ovr = build_overviews(prov, min_size=128)[0]
    path = tmp_path / "k.tif"
    with IO.open([path], "w") as writer:
        writer.add_asset("image:0", prov)
        writer.add_asset("image:0:overview:1", ovr, roles=[])
    with rasterio.open(path) as ds:
        assert ds.overviews(1) == [2]


def test_bigtiff_requested_is_readable_by_gdal(tmp_path):
    data = scene(2, 300, 280)
    path, _ = _cog(tmp_path, data, tile=64, TIFF_BIGTIFF="YES")
    assert path.read_bytes()[:4] == b"II+\x00"
    assert cog_errors(path) == []
    with rasterio.open(path) as ds:
        np.testing.assert_array_equal(ds.read(), data)
    with IO.open([path]) as reader:
        assert reader.metadata["TIFFVariant"] == "BigTIFF"


def test_bigtiff_promotion_threshold_from_estimate(tmp_path, monkeypatch):
    import workbench.io.tiff.writer as writer_module

    monkeypatch.setattr(writer_module, "BIGTIFF_THRESHOLD", 10_000)
    data = scene(1, 200, 200)
    path = tmp_path / "big.tif"
    with IO.open([path], "w") as w:
        w.add_asset("image:0", BufferedImageAssetProvider.from_array("a", data))
    assert path.read_bytes()[:4] == b"II+\x00"
    np.testing.assert_array_equal(rasterio.open(path).read(), data)
    small = tmp_path / "small.tif"
    with IO.open([small], "w") as w:
        w.add_asset("image:0", BufferedImageAssetProvider.from_array("a", data[:, :50, :50]))
    assert small.read_bytes()[:4] == b"II*\x00"


def test_planar_configuration_and_sparse_blocks(tmp_path):
    meta = BufferedMetadataProvider()
    meta["284"] = "Planar"
    meta["322"] = meta["323"] = "64"
    prov = BufferedImageAssetProvider.create("s", 200, 150, 3, 64, 64, metadata=meta)
    block = scene(3, 64, 64)
    prov.set_block(0, 1, block)
    prov.set_block(2, 3, block[:, :22, :8])
    path = tmp_path / "p.tif"
    with IO.open([path], "w") as w:
        w.add_asset("image:0", prov)
    expected = np.zeros((3, 150, 200), np.uint8)
    expected[:, :64, 64:128] = block
    expected[:, 128:150, 192:200] = block[:, :22, :8]
    with rasterio.open(path) as ds:
        assert ds.profile["interleave"] == "band"
        np.testing.assert_array_equal(ds.read(), expected)
    with IO.open([path]) as r:
        image = r.get_asset("image:0")
        assert image.has_block(0, 1) and not image.has_block(0, 0)
        np.testing.assert_array_equal(read_window(image), expected)


def test_progress_and_cancel_leave_no_output(tmp_path):
    import threading

    from workbench.io import CancelledError

    data = scene(1, 512, 512)
    seen = []
    cancel = threading.Event()

    def progress(fraction, message):
        seen.append(fraction)
        if fraction > 0.2:
            cancel.set()

    path = tmp_path / "c.tif"
    meta = BufferedMetadataProvider({"322": "16", "323": "16"})
    with pytest.raises(CancelledError):
        with IO.open([path], "w", progress=progress, cancel_event=cancel) as w:
            w.add_asset("image:0", BufferedImageAssetProvider.from_array("a", data, metadata=meta))
    assert seen and not list(tmp_path.iterdir())


def test_lazy_cog_write_peak_rss_is_bounded(tmp_path):
    """A 4096² RGB COG with overviews from a lazy provider: the process stays far below the
    image size (48 MB) plus overviews; the bench checks 8192² < 200 MB."""
    from tests.bench.common import peak_rss_mb

    code = f"""
from workbench.io import IO
from workbench.io.core.adapt import as_image_asset
from workbench.io.pyramid import build_overviews
from tests.bench.lazy_source import LazySource
lazy = as_image_asset(LazySource(4096))
with IO.open([{str(tmp_path / 'lazy.tif')!r}], "w") as w:
    w.add_asset("image:0", lazy, roles=["data"])
    for ovr in build_overviews(lazy):
        w.add_asset(ovr.key, ovr, roles=["overview"])
"""
    baseline = peak_rss_mb("import numpy, workbench.io, workbench.io.tiff.format, pyproj")
    ballast = np.ones(200 * 2**20, np.uint8)  # a large parent must not inflate the child's peak
    peak = peak_rss_mb(code)
    del ballast
    assert 0 < peak - baseline < 40, (peak, baseline)
    with rasterio.open(tmp_path / "lazy.tif") as ds:
        assert ds.overviews(1) == [2, 4, 8, 16]
        assert ds.read(1, window=((256, 257), (512, 513)))[0, 0] == (1 * 7 + 2) % 256


def test_large_source_blocks_are_read_once_for_smaller_tiles(tmp_path):
    data = scene(3, 1000, 1100)
    prov = BufferedImageAssetProvider.from_array("image:0", data, block_width=512,
                                                 block_height=512)
    calls = []
    original = prov._read_block
    prov._read_block = lambda *a: calls.append(a[:2]) or original(*a)
    path = tmp_path / "t.tif"
    with IO.open([path], "w") as writer:
        writer.add_asset("image:0", prov)  # default 256-pixel tiles
    assert sorted(calls) == sorted(set(calls)) and len(calls) == 2 * 3
    np.testing.assert_array_equal(rasterio.open(path).read(), data)

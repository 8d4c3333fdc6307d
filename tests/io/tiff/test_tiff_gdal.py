"""TIFF/GeoTIFF end to end with GDAL (rasterio) as the independent reader and writer."""

import numpy as np
import pytest
import rasterio
from rasterio.transform import Affine, from_origin

from workbench.io import (IO, BufferedImageAssetProvider, BufferedMetadataProvider,
                          MetadataError, PixelType, imread, imsave)
from workbench.io.tiff.utils import TagNameResolver

from .conftest import scene

DTYPES = ["uint8", "int8", "uint16", "int16", "uint32", "int32", "float32", "float64"]


def gdal(path):
    with rasterio.open(path) as ds:
        return ds.read(), ds.crs, ds.transform, ds.profile


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("compression", ["None", "LZW", "Deflate", "PackBits"])
def test_gdal_reads_every_type_and_compression_we_write(tmp_path, dtype, compression):
    data = scene(2, 100, 150, dtype)
    path = tmp_path / "x.tif"
    imsave(path, data, compression=compression, block_size=(64, 32))
    pixels, _, _, profile = gdal(path)
    np.testing.assert_array_equal(pixels, data)
    assert profile["blockxsize"] == 64 and profile["blockysize"] == 32
    np.testing.assert_array_equal(imread(path), data)


def test_complex_pixels_round_trip_through_gdal(tmp_path):
    data = scene(1, 40, 70, "complex64")
    imsave(tmp_path / "c.tif", data)
    np.testing.assert_array_equal(gdal(tmp_path / "c.tif")[0], data)
    np.testing.assert_array_equal(imread(tmp_path / "c.tif"), data)


def _gdal_write(path, data, **opts):
    bands, rows, cols = data.shape
    with rasterio.open(path, "w", driver="GTiff", width=cols, height=rows, count=bands,
                       dtype=data.dtype, crs="EPSG:32618",
                       transform=from_origin(300000, 4500000, 0.5, 0.5), **opts) as ds:
        ds.write(data)


GDAL_LAYOUTS = [
    dict(),
    dict(compress="lzw", predictor=2),
    dict(compress="deflate", predictor=2, tiled=True, blockxsize=64, blockysize=64),
    dict(compress="packbits", interleave="band"),
    dict(compress="zstd", tiled=True, blockxsize=32, blockysize=48, interleave="band"),
    dict(compress="lzw", blockysize=7),
    dict(compress="deflate", BIGTIFF="YES", tiled=True, blockxsize=128, blockysize=128),
    dict(compress="lerc", tiled=True),
]


@pytest.mark.parametrize("opts", GDAL_LAYOUTS, ids=lambda o: "-".join(f"{v}" for v in o.values())
                         or "plain")
@pytest.mark.parametrize("dtype", ["uint8", "int16", "uint32"])
def test_we_read_gdal_layouts_pixel_exact(tmp_path, opts, dtype):
    data = scene(3, 90, 130, dtype)
    path = tmp_path / "g.tif"
    _gdal_write(path, data, **opts)
    np.testing.assert_array_equal(imread(path), data)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_we_read_gdal_floating_point_predictor(tmp_path, dtype):
    data = scene(2, 70, 90, dtype)
    path = tmp_path / "f.tif"
    _gdal_write(path, data, compress="deflate", predictor=3, tiled=True, blockxsize=32,
                blockysize=32)
    np.testing.assert_array_equal(imread(path), data)


def test_we_read_gdal_big_endian(tmp_path):
    data = scene(1, 50, 60, "uint16")
    path = tmp_path / "be.tif"
    _gdal_write(path, data, ENDIANNESS="BIG", compress="lzw", predictor=2)
    np.testing.assert_array_equal(imread(path), data)


def test_we_read_gdal_jpeg_within_lossy_error(tmp_path):
    y, x = np.mgrid[0:128, 0:128]
    data = np.stack([(x * 2) % 256, (y * 2) % 256, (x + y) % 256]).astype(np.uint8)
    path = tmp_path / "j.tif"
    _gdal_write(path, data, compress="jpeg", photometric="ycbcr", tiled=True, blockxsize=64,
                blockysize=64, jpeg_quality=95)
    with rasterio.open(path) as ds:
        ref = ds.read()
    ours = imread(path)
    # chroma upsampling may differ slightly between libjpeg front ends; both stay near data
    assert np.abs(ours.astype(int) - ref.astype(int)).max() <= 3
    assert np.abs(ours.astype(int) - data).mean() < 1.5


def test_geotiff_georeferencing_read_matches_gdal(tmp_path):
    data = scene(1, 30, 40)
    path = tmp_path / "g.tif"
    _gdal_write(path, data)
    with IO.open([path]) as reader:
        meta = reader.get_asset("image:0").metadata
        assert meta["GeoProjectedCRS"] == "32618"
        assert meta["GeoModelType"] == "Projected"
        assert meta["GeoRasterType"] == "PixelIsArea"
        assert meta["GeoTransform"] == "[300000, 0.5, 0, 4500000, 0, -0.5]"
        assert meta["33550"] == [0.5, 0.5, 0] and meta["259"] == 1


def _spec_metadata():
    metadata = BufferedMetadataProvider()
    tag_dict = metadata.entries()
    resolver = TagNameResolver(tag_dict)
    resolver["Compression"] = "Deflate"
    resolver["TileWidth"] = "256"
    resolver["TileLength"] = "256"
    resolver["Predictor"] = "Horizontal"
    for key, value in tag_dict.items():
        metadata[key] = value
    metadata["GeoModelType"] = "Projected"
    metadata["GeoRasterType"] = "PixelIsArea"
    metadata["GeoProjectedCRS"] = "32618"
    metadata["GeoPixelScale"] = "[0.5, 0.5, 0.0]"
    metadata["GeoTiepoints"] = "[0, 0, 0, 300000.0, 4500000.0, 0.0]"
    return metadata


def test_spec_example_is_georeferenced_for_gdal(tmp_path):
    metadata = _spec_metadata()
    assert metadata["259"] == 8 and metadata["317"] == 2
    image = np.random.default_rng(1).integers(0, 255, (3, 512, 512), dtype=np.uint8)
    provider = BufferedImageAssetProvider.create(
        key="output_image", num_columns=512, num_rows=512, num_bands=3, block_width=256,
        block_height=256, pixel_type=PixelType.UInt8, metadata=metadata)
    provider.set_full_image(image)
    path = tmp_path / "output.tif"
    with IO.open([str(path)], "w", "geotiff") as writer:
        writer.add_asset("image_0", provider, title="Synthetic RGB Image",
                         description="UTM-referenced test image", roles=["data"])
    pixels, crs, transform, profile = gdal(path)
    np.testing.assert_array_equal(pixels, image)
    assert crs.to_epsg() == 32618
    assert transform == Affine(0.5, 0, 300000, 0, -0.5, 4500000)
    assert profile["compress"] == "deflate" and profile["blockxsize"] == 256


def test_geotransform_key_rotated_and_pixel_is_point(tmp_path):
    for gt, raster in (([500000, 2, 0.5, 4000000, 0.25, -2], "PixelIsArea"),
                       ([500000, 2, 0, 4000000, 0, -2], "PixelIsPoint")):
        meta = BufferedMetadataProvider()
        meta["GeoProjectedCRS"] = "32633"
        meta["GeoRasterType"] = raster
        meta["GeoTransform"] = str(gt)
        prov = BufferedImageAssetProvider.from_array("a", scene(1, 20, 30), metadata=meta)
        path = tmp_path / f"{raster}.tif"
        with IO.open([path], "w") as w:
            w.add_asset("image:0", prov)
        _, crs, transform, _ = gdal(path)
        assert crs.to_epsg() == 32633
        assert transform.to_gdal() == pytest.approx(gt)
        with IO.open([path]) as r:
            back = r.get_asset("image:0").metadata["GeoTransform"]
        assert [float(v) for v in back.strip("[]").split(",")] == pytest.approx(gt)


@pytest.mark.parametrize("key,value,rule", [
    ("322", "250", "multiple of 16"),
    ("323", "0", "multiple of 16"),
    ("259", "7", "cannot be written"),
    ("317", "FloatingPoint", "needs float"),
    ("GeoProjectedCRS", "999999", "unknown"),
    ("GeoProjectedCRS", "4326", "not a projected"),
    ("GeoGeographicCRS", "32618", "not a geographic"),
    ("GeoModelType", "Flat", "Projected, Geographic"),
    ("GeoPixelScale", "[1, 2]", "expected 3"),
])
def test_bad_hints_raise_before_writing(tmp_path, key, value, rule):
    meta = BufferedMetadataProvider()
    meta[key] = value
    prov = BufferedImageAssetProvider.from_array("a", scene(1, 20, 30), metadata=meta)
    path = tmp_path / "bad.tif"
    writer = IO.open([path], "w")
    with pytest.raises(MetadataError, match=rule) as err:
        writer.add_asset("image:0", prov)
    assert key in str(err.value)
    writer.abort()
    assert not path.exists() and not list(tmp_path.iterdir())


def test_inconsistent_geotransform_and_tiepoints_rejected(tmp_path):
    meta = _spec_metadata()
    meta["GeoTransform"] = "[1, 1, 0, 1, 0, -1]"
    prov = BufferedImageAssetProvider.from_array("a", scene(1, 20, 30), metadata=meta)
    with pytest.raises(MetadataError, match="disagrees"):
        IO.open([tmp_path / "x.tif"], "w").add_asset("image:0", prov)


def test_copy_and_modify_keeps_georeferencing(tmp_path):
    src = tmp_path / "src.tif"
    _gdal_write(src, scene(3, 60, 80), compress="lzw")
    with IO.open([src]) as reader:
        image = reader.get_asset("image:0")
        meta = BufferedMetadataProvider(source=image.metadata)
        meta["259"] = "Deflate"
        block = imread(src)
        prov = BufferedImageAssetProvider.create("c", image.num_columns, image.num_rows,
                                                 image.num_bands, pixel_type=image.pixel_value_type,
                                                 metadata=meta)
        prov.set_full_image(block)
    out = tmp_path / "out.tif"
    with IO.open([out], "w") as writer:
        writer.add_asset("image:0", prov)
    pixels, crs, transform, profile = gdal(out)
    np.testing.assert_array_equal(pixels, block)
    assert crs.to_epsg() == 32618 and transform == from_origin(300000, 4500000, 0.5, 0.5)
    assert profile["compress"] == "deflate"


@pytest.mark.parametrize("nbits,dtype", [(1, "uint8"), (4, "uint8"), (12, "uint16")])
def test_we_read_gdal_packed_bit_depths(tmp_path, nbits, dtype):
    data = (scene(2, 37, 45, "uint16") % (1 << nbits)).astype(dtype)
    path = tmp_path / "n.tif"
    _gdal_write(path, data, NBITS=nbits, compress="deflate")
    with IO.open([path]) as r:
        assert r.get_asset("image:0").actual_bits_per_pixel == nbits
    np.testing.assert_array_equal(imread(path), data)


def test_gdal_internal_mask_is_a_mask_asset(tmp_path):
    data = scene(3, 64, 80)
    path = tmp_path / "m.tif"
    with rasterio.Env(GDAL_TIFF_INTERNAL_MASK=True):
        with rasterio.open(path, "w", driver="GTiff", width=80, height=64, count=3,
                           dtype="uint8", tiled=True, blockxsize=32, blockysize=32) as ds:
            ds.write(data)
            mask = np.zeros((64, 80), np.uint8)
            mask[10:40, 5:60] = 255
            ds.write_mask(mask)
    with IO.open([path]) as r:
        assert r.get_asset_keys() == ["image:0", "image:0:mask"]
        m = r.get_asset("image:0:mask")
        assert m.roles == ["mask"]
        from workbench.io.core.window import read_window
        np.testing.assert_array_equal(read_window(m)[0] > 0, mask > 0)


@pytest.mark.parametrize("opts", [dict(compress="webp", webp_lossless=True),
                                  dict(compress="lzma")], ids=["webp", "lzma"])
def test_we_read_gdal_webp_and_lzma(tmp_path, opts):
    data = scene(3, 70, 90)
    path = tmp_path / "w.tif"
    _gdal_write(path, data, tiled=True, blockxsize=32, blockysize=32, **opts)
    np.testing.assert_array_equal(imread(path), data)


def test_several_data_images_each_with_its_georeference(tmp_path):
    path = tmp_path / "multi.tif"
    first, second = scene(1, 40, 50), scene(3, 30, 20, "uint16")
    meta = BufferedMetadataProvider({"GeoGeographicCRS": "4326",
                                     "GeoTransform": "[10, 0.1, 0, 50, 0, -0.1]"})
    with IO.open([path], "w") as w:
        w.add_asset("image:0", BufferedImageAssetProvider.from_array("a", first, metadata=meta))
        w.add_asset("image:1", BufferedImageAssetProvider.from_array("b", second))
    with IO.open([path]) as r:
        assert r.get_asset_keys() == ["image:0", "image:1"]
        from workbench.io.core.window import read_window
        np.testing.assert_array_equal(read_window(r.get_asset("image:1")), second)
        assert "GeoTransform" not in r.get_asset("image:1").metadata
    with rasterio.open(f"GTIFF_DIR:2:{path}") as ds:
        np.testing.assert_array_equal(ds.read(), second)
    with rasterio.open(path) as ds:
        assert ds.crs.to_epsg() == 4326 and ds.transform.c == 10


def test_pixel_is_point_file_from_gdal_gives_gdal_geotransform(tmp_path):
    path = tmp_path / "pt.tif"
    with rasterio.open(path, "w", driver="GTiff", width=40, height=30, count=1, dtype="uint8",
                       crs="EPSG:32618", transform=from_origin(300000, 4500000, 2, 2)) as ds:
        ds.update_tags(AREA_OR_POINT="Point")
        ds.write(np.zeros((1, 30, 40), np.uint8))
    with rasterio.open(path) as ds:
        gdal_gt = ds.transform.to_gdal()
    with IO.open([path]) as r:
        meta = r.get_asset("image:0").metadata
    assert meta["GeoRasterType"] == "PixelIsPoint"
    assert [float(v) for v in meta["GeoTransform"].strip("[]").split(",")] == \
        pytest.approx(gdal_gt)


def test_palette_image_copied_keeps_its_colormap_for_gdal(tmp_path):
    src = tmp_path / "pal.tif"
    data = (scene(1, 30, 40) % 4).astype(np.uint8)
    colors = {0: (255, 0, 0, 255), 1: (0, 255, 0, 255), 2: (0, 0, 255, 255), 3: (9, 9, 9, 255)}
    with rasterio.open(src, "w", driver="GTiff", width=40, height=30, count=1,
                       dtype="uint8", photometric="palette") as ds:
        ds.write(data)
        ds.write_colormap(1, colors)
    with IO.open([src]) as r:
        image = r.get_asset("image:0")
        assert image.metadata["262"] == 3
        meta = BufferedMetadataProvider(source=image.metadata)
    out = tmp_path / "copy.tif"
    with IO.open([out], "w") as w:
        w.add_asset("image:0", BufferedImageAssetProvider.from_array("p", data, metadata=meta))
    with rasterio.open(out) as ds:
        np.testing.assert_array_equal(ds.read(), data)
        assert ds.colormap(1)[2] == (0, 0, 255, 255)
    meta["320"] = [0] * 12
    with pytest.raises(MetadataError, match="ColorMap"):
        IO.open([tmp_path / "bad.tif"], "w").add_asset(
            "image:0", BufferedImageAssetProvider.from_array("p", data, metadata=meta))


@pytest.mark.parametrize("opts", [dict(compress="deflate", predictor=2),
                                  dict(compress="lzw", predictor=2, ENDIANNESS="BIG")],
                         ids=["deflate", "lzw-big-endian"])
def test_windows_across_tiles_read_the_same_pixels_every_time(tmp_path, opts):
    """Tiles decode (and undo the predictor) in place in fresh buffers and are copied into the
    window on the pool's threads: repeated and overlapping reads agree with GDAL's."""
    data = scene(3, 300, 260, "uint16")
    path = tmp_path / "w.tif"
    _gdal_write(path, data, tiled=True, blockxsize=64, blockysize=32, **opts)
    with rasterio.open(path) as ds:
        ref = ds.read()
    np.testing.assert_array_equal(ref, data)
    for _ in range(2):
        np.testing.assert_array_equal(imread(path), ref)
        for x, y, w, h in [(0, 0, 260, 300), (63, 31, 66, 34), (250, 290, 10, 10), (5, 7, 1, 250)]:
            np.testing.assert_array_equal(imread(path, window=(x, y, w, h)),
                                          ref[:, y:y + h, x:x + w])
            np.testing.assert_array_equal(imread(path, window=(x, y, w, h), bands=[2, 0]),
                                          ref[[2, 0], y:y + h, x:x + w])

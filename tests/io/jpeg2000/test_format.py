"""Standalone .j2k / .jp2: ours read by GDAL (pixels, georeferencing), GDAL's read by us."""

from __future__ import annotations

import imagecodecs
import numpy as np
import pytest
import rasterio
from rasterio import shutil as rio_shutil
from rasterio.io import MemoryFile
from rasterio.transform import from_origin

from workbench.io.core.convenience import imread, imsave, iminfo
from workbench.io.core.io import IO
from workbench.io.core.metadata import BufferedMetadataProvider
from workbench.io.core.providers import BufferedImageAssetProvider
from workbench.io.jpeg2000.codestream import index_tile_parts, parse_main_header


def scene(bands, rows, cols, dtype=np.uint8, top=255):
    y, x = np.mgrid[0:rows, 0:cols].astype(np.float32)
    rng = np.random.default_rng(3)
    out = np.empty((bands, rows, cols), dtype=dtype)
    for b in range(bands):
        v = 0.5 + 0.3 * np.sin(x / (7 + b)) * np.cos(y / 11) + rng.normal(0, 0.02, (rows, cols))
        out[b] = (np.clip(v, 0, 1) * top).astype(dtype)
    return out


def gdal(path, **kw):
    with rasterio.open(path) as ds:
        return ds.read(**kw), ds.transform, ds.crs


@pytest.mark.parametrize("ext", ["j2k", "jp2"])
@pytest.mark.parametrize("bands,dtype,top", [(3, np.uint8, 255), (1, np.uint16, 4095),
                                             (4, np.uint8, 255), (2, np.int16, 2000)])
def test_lossless_roundtrip_and_gdal(ext, bands, dtype, top, tmp_path):
    img = scene(bands, 300, 1100, dtype, top)
    path = tmp_path / f"a.{ext}"
    imsave(path, img)
    np.testing.assert_array_equal(imread(path), img)
    np.testing.assert_array_equal(gdal(path)[0], img)
    info = iminfo(path)
    assert info.block_size == (1024, 300)
    # 5 levels; int16 edge tiles (76 wide) only imagecodecs codes, at most log2(76)-3 = 3 levels.
    assert info.num_resolution_levels == (4 if dtype == np.int16 else 6)


def test_jp2_boxes_and_georeference_both_ways(tmp_path):
    img = scene(3, 200, 300)
    corners = [(-77.0, 39.0), (-76.7, 39.0), (-76.7, 38.8), (-77.0, 38.8)]
    path = tmp_path / "g.jp2"
    imsave(path, img, corners=corners, crs="EPSG:4326")
    pixels, transform, crs = gdal(path)
    np.testing.assert_array_equal(pixels, img)
    assert crs.to_epsg() == 4326
    assert transform.almost_equals(from_origin(-77.0, 39.0, 0.001, 0.001))
    with IO.open([str(path)]) as reader:
        meta = reader.get_asset("image:0").metadata
        assert meta["GeoGeographicCRS"] == "4326" and meta["JP2_COLORSPACE"] == "sRGB"
        assert [float(v) for v in meta["GeoTransform"].strip("[]").split(",")] == \
            pytest.approx([-77.0, 0.001, 0, 39.0, 0, -0.001])
    data = path.read_bytes()
    for box in (b"jP  ", b"ftyp", b"jp2h", b"ihdr", b"colr", b"uuid", b"jp2c"):
        assert box in data[:2000]


def test_gdal_jp2_pixels_and_georeference(tmp_path):
    img = scene(3, 300, 500)
    path = tmp_path / "gdal.jp2"
    transform = from_origin(300000.0, 4500000.0, 0.5, 0.5)
    with MemoryFile() as mem:
        with mem.open(driver="GTiff", width=500, height=300, count=3, dtype="uint8",
                      crs="EPSG:32618", transform=transform) as src:
            src.write(img)
            rio_shutil.copy(src, str(path), driver="JP2OpenJPEG", QUALITY=100,
                            REVERSIBLE="YES", BLOCKXSIZE=256, BLOCKYSIZE=128)
    np.testing.assert_array_equal(imread(path), img)
    with IO.open([str(path)]) as reader:
        image = reader.get_asset("image:0")
        assert image.block_width == 256 and image.block_height == 128
        assert image.metadata["GeoProjectedCRS"] == "32618"
        assert "300000" in image.metadata["GeoTransform"]
        ours = image.get_block(1, 1, resolution_level=1)
    overview = gdal(path, out_shape=(3, 150, 250))[0]
    np.testing.assert_array_equal(ours, overview[:, 64:128, 128:250][:, :, :128])


def test_tiles_independent_of_provider_blocks(tmp_path):
    img = scene(1, 500, 600)
    md = BufferedMetadataProvider()
    md["J2K_TILE_WIDTH"], md["J2K_TILE_HEIGHT"] = "256", "128"
    prov = BufferedImageAssetProvider.create("p", 600, 500, 1, 100, 100, metadata=md)
    for r in range(5):
        for c in range(6):
            prov.set_block(r, c, img[:, r * 100:(r + 1) * 100, c * 100:(c + 1) * 100])
    path = tmp_path / "t.j2k"
    with IO.open([str(path)], "w") as w:
        w.add_asset("image:0", prov)
    data = path.read_bytes()
    header = parse_main_header(data)
    assert (header.siz.xtsiz, header.siz.ytsiz) == (256, 128)
    assert len(index_tile_parts(data, header)) == 3 * 4
    np.testing.assert_array_equal(gdal(path)[0], img)
    with IO.open([str(path)]) as reader:
        np.testing.assert_array_equal(reader.get_asset("image:0").get_block(2, 1),
                                      img[:, 256:384, 256:512])


def test_lossy_ratio_and_htj2k(tmp_path):
    img = scene(3, 512, 512)
    lossy = tmp_path / "l.j2k"
    imsave(lossy, img, compression="lossy", quality=20)
    ratio = img.nbytes / lossy.stat().st_size
    assert 14 < ratio < 28
    ours = imread(lossy)
    np.testing.assert_array_equal(ours, gdal(lossy)[0])
    assert np.abs(ours.astype(int) - img).mean() < 8
    ht = tmp_path / "h.j2k"
    imsave(ht, img, compression="htj2k", block_size=256)
    assert parse_main_header(ht.read_bytes()).siz.is_htj2k
    np.testing.assert_array_equal(imread(ht), img)
    np.testing.assert_array_equal(gdal(ht)[0], img)  # GDAL's OpenJPEG 2.5 decodes HTJ2K


def test_several_tile_parts_per_tile(tmp_path):
    img = scene(3, 300, 200)
    data = imagecodecs.htj2k_encode(np.moveaxis(img, 0, -1), reversible=True, tile=(128, 128),
                                    tilepart=1, tlm=True)
    header = parse_main_header(data)
    assert {len(v) for v in index_tile_parts(data, header).values()} == {6}
    path = tmp_path / "tp.j2k"
    path.write_bytes(data)
    np.testing.assert_array_equal(imread(path), img)
    with IO.open([str(path)]) as reader:
        low = reader.get_asset("image:0").get_block(1, 0, resolution_level=2)
    np.testing.assert_array_equal(low, gdal(path, out_shape=(3, 75, 50))[0][:, 32:64, :32])


def test_bad_hints_raise_before_writing(tmp_path):
    img = scene(1, 64, 64)
    for key, value in (("J2K_LOSSLESS", "maybe"), ("J2K_COMPRESSION_RATIO", "0.5"),
                       ("J2K_QUALITY_LAYERS", "0"), ("J2K_TILE_WIDTH", "-4")):
        md = BufferedMetadataProvider()
        md[key] = value
        prov = BufferedImageAssetProvider.from_array("p", img, metadata=md)
        with IO.open([str(tmp_path / "x.j2k")], "w") as w:
            with pytest.raises(ValueError, match=key):
                w.add_asset("image:0", prov)
            w.abort()
        assert not (tmp_path / "x.j2k").exists()
    with pytest.raises(ValueError):
        imsave(tmp_path / "f.jp2", np.zeros((8, 8), np.float32))


def test_tlm_index_matches_sot_hopping():
    from workbench.io.jpeg2000 import codestream as cs

    img = scene(1, 300, 200)
    data = imagecodecs.htj2k_encode(img[0], reversible=True, tile=(128, 128), tilepart=1,
                                    tlm=True)
    header = cs.parse_main_header(data)
    assert cs.tlm_lengths(header) is not None
    from_tlm = cs.index_tile_parts(data, header)
    no_tlm = cs.MainHeader(header.siz, tuple(s for s in header.segments if s[0] != cs.TLM),
                           header.end)
    assert from_tlm == cs.index_tile_parts(data, no_tlm)


def test_quality_layers(tmp_path):
    from workbench.io.jpeg2000.codestream import COD

    img = scene(3, 300, 400)
    for lossless, check in (("true", lambda got: np.array_equal(got, img)),
                            ("false", lambda got: np.abs(got.astype(int) - img).mean() < 8)):
        md = BufferedMetadataProvider()
        md.update(J2K_QUALITY_LAYERS="3", J2K_LOSSLESS=lossless, J2K_TILE_WIDTH="256",
                  J2K_TILE_HEIGHT="256")
        path = tmp_path / f"q{lossless}.j2k"
        with IO.open([str(path)], "w") as w:
            w.add_asset("image:0", BufferedImageAssetProvider.from_array("p", img, metadata=md))
        cod = parse_main_header(path.read_bytes()).segment(COD)
        assert int.from_bytes(cod[6:8], "big") == 3
        assert check(imread(path))
        np.testing.assert_array_equal(gdal(path)[0], imread(path))
    md = BufferedMetadataProvider()
    md["J2K_QUALITY_LAYERS"] = "2"
    prov = BufferedImageAssetProvider.from_array("p", scene(2, 64, 64, np.int16, 900),
                                                 metadata=md)
    with IO.open([str(tmp_path / "x.j2k")], "w") as w:
        with pytest.raises(ValueError, match="J2K_QUALITY_LAYERS"):
            w.add_asset("image:0", prov)
        w.abort()


@pytest.mark.parametrize("ext", ["j2k", "ntf"])
def test_cancel_midway_leaves_no_file(ext, tmp_path):
    import threading

    from workbench.io.core.errors import CancelledError

    img = scene(1, 512, 512)
    cancel = threading.Event()
    seen = []

    def progress(fraction, message):
        seen.append(fraction)
        if 0 < fraction < 1:
            cancel.set()

    md = BufferedMetadataProvider()
    md.update(J2K_TILE_WIDTH="128", J2K_TILE_HEIGHT="128", IC="C8", NPPBH="128", NPPBV="128")
    path = tmp_path / f"c.{ext}"
    with pytest.raises(CancelledError):
        with IO.open([str(path)], "w", progress=progress, cancel_event=cancel) as w:
            w.add_asset("image:0", BufferedImageAssetProvider.from_array("p", img, metadata=md))
    assert seen and not list(tmp_path.iterdir())


@pytest.mark.parametrize("crs,transform", [
    ("EPSG:4326", from_origin(-77.0, 39.0, 0.001, 0.002)),
    ("EPSG:32618", from_origin(300000.0, 4500000.0, 0.5, 0.5)),
])
def test_gmljp2_only_georeference(crs, transform, tmp_path):
    img = scene(1, 100, 120)
    path = tmp_path / "gml.jp2"
    with MemoryFile() as mem:
        with mem.open(driver="GTiff", width=120, height=100, count=1, dtype="uint8", crs=crs,
                      transform=transform) as src:
            src.write(img)
            rio_shutil.copy(src, str(path), driver="JP2OpenJPEG", GMLJP2="YES", GeoJP2="NO",
                            QUALITY=100, REVERSIBLE="YES")
    assert b"gml" in path.read_bytes()[:20000]
    with IO.open([str(path)]) as reader:
        meta = reader.get_asset("image:0").metadata
    code = crs.split(":")[1]
    assert code in (meta.get("GeoGeographicCRS"), meta.get("GeoProjectedCRS"))
    got = [float(v) for v in meta["GeoTransform"].strip("[]").split(",")]
    assert got == pytest.approx(list(transform.to_gdal()))


@pytest.mark.parametrize("bands,dtype,bits", [(3, np.uint8, 8), (1, np.uint16, 11),
                                              (4, np.uint8, 8), (2, np.uint16, 16)])
@pytest.mark.parametrize("lossless", [True, False])
def test_tiles_coded_from_planes_match_pixel_interleaved_coding(bands, dtype, bits, lossless):
    """Tiles go to OpenJPEG as component planes (no interleaving copy); the codestream is the
    one imagecodecs writes from the pixel-interleaved tile, byte for byte."""
    from workbench.io.jpeg2000.encode import EncodeParams, TileGrid, encode_tile

    rng = np.random.default_rng(bands)
    y, x = np.mgrid[0:128, 0:128]
    top = (1 << bits) - 1
    chw = np.stack([((x * (b + 1) + y) % (top + 1)) for b in range(bands)]).astype(dtype)
    chw[:, 40:60] = rng.integers(0, top, (bands, 20, 128), dtype=dtype)
    params = EncodeParams(lossless=lossless, bits_per_sample=None if lossless else 1.0,
                          levels=4, precision=bits)
    grid = TileGrid(128, 128, 128, 128, bands, np.dtype(dtype))
    ours = encode_tile(chw, params, grid, psnr=None if lossless else 38.0)
    hwc = np.ascontiguousarray(chw[0] if bands == 1 else np.moveaxis(chw, 0, -1))
    kw = dict(codecformat="j2k", resolutions=5, numthreads=1, planar=False,
              bitspersample=bits, mct=bands == 3)
    ref = (imagecodecs.jpeg2k_encode(hwc, reversible=True, **kw) if lossless
           else imagecodecs.jpeg2k_encode(hwc, level=38.0, reversible=False, **kw))
    assert ours == ref
    decoded = imagecodecs.jpeg2k_decode(ours)
    if lossless:
        np.testing.assert_array_equal(decoded.reshape(hwc.shape), hwc)

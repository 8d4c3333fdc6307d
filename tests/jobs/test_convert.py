import threading
from importlib import resources

import numpy as np
import rasterio

from workbench.io import IO, imread, imsave
from workbench.jobs.convert import convert_file, output_path_for, plan_batch, run_batch
from workbench.jobs.options import ExportOptions
from workbench.jobs.presets import PresetStore

SAMPLE = str(resources.files("workbench.resources") / "sample" / "sample.ntf")


def _inputs(tmp_path, n=5, corrupt=2):
    folder = tmp_path / "in"
    folder.mkdir()
    data = []
    for i in range(n):
        path = folder / f"img{i}.png"
        array = np.full((3, 40, 60), i * 20, np.uint8)
        array[:, 5:10, 5:10] = 255
        if i == corrupt:
            path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 40)  # header cut off
        else:
            imsave(path, array)
        data.append(array)
    return folder, data


def test_batch_of_five_with_one_corrupt(tmp_path):
    folder, data = _inputs(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    options = PresetStore().get("geotiff-lzw").options
    updates = []
    items = run_batch(plan_batch([folder], str(out), options), options,
                      on_update=lambda item: updates.append(item.status))
    assert [i.status for i in items] == ["done", "done", "failed", "done", "done"]
    assert "img2.png" in items[2].input and items[2].message
    assert sorted(p.name for p in out.iterdir()) == ["img0.tif", "img1.tif", "img3.tif",
                                                      "img4.tif"]
    for i in (0, 1, 3, 4):
        with rasterio.open(out / f"img{i}.tif") as ds:
            np.testing.assert_array_equal(ds.read(), data[i])
    assert "running" in updates


def test_cancel_mid_file_leaves_no_partial_file(tmp_path):
    src = tmp_path / "big.png"
    imsave(src, np.random.default_rng(0).integers(0, 255, (3, 600, 800)).astype(np.uint8))
    before = src.read_bytes()
    out = tmp_path / "out"
    out.mkdir()
    options = ExportOptions(format="nitf", compression="NC", block_size=(64, 64))
    items = plan_batch([src], str(out), options)
    cancel_all = threading.Event()

    def on_update(item):
        if item.status == "running" and item.fraction > 0.3:
            cancel_all.set()

    run_batch(items, options, on_update, cancel_all)
    assert items[0].status == "cancelled"
    assert list(out.iterdir()) == []
    assert src.read_bytes() == before


def test_existing_outputs_skip_or_rename_and_inputs_are_never_overwritten(tmp_path):
    src = tmp_path / "a.png"
    imsave(src, np.zeros((1, 4, 4), np.uint8))
    png = ExportOptions(format="png")
    assert output_path_for(str(src), str(tmp_path), png, "overwrite") == str(tmp_path / "a (1).png")
    assert output_path_for(str(src), str(tmp_path), png, "skip") is None
    tif = ExportOptions(format="tiff")
    (tmp_path / "a.tif").write_bytes(b"old")
    assert output_path_for(str(src), str(tmp_path), tif, "skip") is None
    assert output_path_for(str(src), str(tmp_path), tif, "rename").endswith("a (1).tif")
    assert output_path_for(str(src), str(tmp_path), tif, "overwrite").endswith("a.tif")
    items = plan_batch([src], str(tmp_path), tif, "skip")
    assert items[0].status == "skipped"


def test_nitf_to_nitf_keeps_every_segment_and_tre(tmp_path):
    out = str(tmp_path / "copy.ntf")
    convert_file(SAMPLE, out, PresetStore().get("nitf-jpeg-85").options)
    with IO.open(SAMPLE) as src, IO.open(out) as dst:
        assert dst.get_asset_keys() == src.get_asset_keys()
        s, d = src.get_asset("image:0").metadata, dst.get_asset("image:0").metadata
        for tag in ("RPC00B", "STDIDC", "USE00A"):
            assert d[tag] == s[tag]
        assert d["IC"] == "C3" and d["IGEOLO"] == s["IGEOLO"]
        assert dst.get_asset("text:0").text == src.get_asset("text:0").text
        assert dst.metadata["FSREL"] == src.metadata["FSREL"]


def test_nitf_to_geotiff_keeps_georeferencing(tmp_path):
    out = str(tmp_path / "sample.tif")
    convert_file(SAMPLE, out, PresetStore().get("cog-deflate").options)
    with rasterio.open(out) as t, rasterio.open(SAMPLE) as n:
        assert t.crs.to_epsg() == 4326
        np.testing.assert_allclose(t.xy(0, 0), n.xy(0, 0), atol=1e-9)
        np.testing.assert_allclose(t.xy(1023, 1023), n.xy(1023, 1023), atol=1e-9)
        assert t.overviews(1) == [2, 4]
    np.testing.assert_array_equal(imread(out), imread(SAMPLE))


def _multi_segment_nitf(path):
    """Two images (one with a TRE), a text, a graphic and an XML DES, written by our library."""
    from workbench.io import (BufferedDataAssetProvider, BufferedGraphicsAssetProvider,
                              BufferedImageAssetProvider, BufferedTextAssetProvider)
    from workbench.io.tre import default_tre

    first = np.arange(2 * 64 * 80, dtype=np.uint16).reshape(2, 64, 80)
    stdidc = default_tre("STDIDC")
    img0 = BufferedImageAssetProvider.from_array(
        "image:0", first, metadata={"IC": "NC", "IID1": "FIRST", "STDIDC": stdidc})
    img1 = BufferedImageAssetProvider.from_array(
        "image:1", np.full((1, 30, 20), 7, np.uint8), metadata={"IC": "NC", "IID1": "SECOND"})
    with IO.open([str(path)], "w") as writer:
        writer.metadata["FSCLAS"] = "U"
        writer.add_asset("image:0", img0)
        writer.add_asset("image:1", img1)
        writer.add_asset("text:0", BufferedTextAssetProvider.create("text:0", "hello analyst"))
        writer.add_asset("data:0", BufferedDataAssetProvider.create(
            "data:0", b"<xml>payload</xml>", "application/xml",
            metadata={"DESID": "XML_DATA_CONTENT"}))
        writer.add_asset("graphics:0", BufferedGraphicsAssetProvider.create(
            "graphics:0", b"\x00\x20CGM bytes"))
    return first


def test_nitf_to_nitf_keeps_every_image_text_graphic_and_des(tmp_path):
    src = tmp_path / "multi.ntf"
    first = _multi_segment_nitf(src)
    out = tmp_path / "out.ntf"
    convert_file(str(src), str(out), PresetStore().get("nitf-j2k-lossless").options)
    with IO.open(src) as a, IO.open(out) as b:
        assert b.get_asset_keys() == a.get_asset_keys()
        for key in ("image:0", "image:1"):
            assert b.get_asset(key).metadata["IC"] == "C8"
            assert b.get_asset(key).metadata["IID1"] == a.get_asset(key).metadata["IID1"]
        assert b.get_asset("image:0").metadata["STDIDC"] == a.get_asset("image:0").metadata["STDIDC"]
        assert b.get_asset("text:0").text == "hello analyst"
        assert b.get_asset("data:0").raw_asset == b"<xml>payload</xml>"
        assert b.get_asset("data:0").metadata["DESID"].strip() == "XML_DATA_CONTENT"
        graphic = [k for k in b.get_asset_keys() if k.startswith("graphic")][0]
        assert b.get_asset(graphic).raw_asset == a.get_asset(graphic).raw_asset
    np.testing.assert_array_equal(imread(out), first)
    np.testing.assert_array_equal(imread(out, asset="image:1"), np.full((1, 30, 20), 7))
    with rasterio.open(out) as ds:  # GDAL sees both images
        assert len(ds.subdatasets) == 2


def test_cancelling_one_file_leaves_the_others(tmp_path):
    folder, _ = _inputs(tmp_path, n=3, corrupt=-1)
    out = tmp_path / "out"
    out.mkdir()
    options = ExportOptions(format="png")
    items = plan_batch([folder], str(out), options)
    items[1].cancel()
    run_batch(items, options)
    assert [i.status for i in items] == ["done", "cancelled", "done"]
    assert sorted(p.name for p in out.iterdir()) == ["img0.png", "img2.png"]


def test_terminal_progress_bar_draws_only_on_a_terminal():
    import io

    from workbench.jobs.progress import TerminalProgress

    class Tty(io.StringIO):
        def isatty(self):
            return True

    tty, pipe = Tty(), io.StringIO()
    for stream in (tty, pipe):
        bar = TerminalProgress("file.ntf", stream)
        bar(0.5)
        bar.done("done")
    assert "[###############---------------]  50%" in tty.getvalue()
    assert pipe.getvalue() == ""


def test_utm_geotiff_converts_to_nitf_with_utm_igeolo(tmp_path):
    """A UTM source keeps metres (ICORDS N), as GDAL converts it; GDAL sees the same CRS and
    transform (0.5 m pixels) instead of arc-second GCPs."""
    from rasterio.transform import from_origin

    data = (np.arange(3 * 150 * 130) % 251).astype(np.uint8).reshape(3, 150, 130)
    src = tmp_path / "utm.tif"
    transform = from_origin(320000.0, 4310000.0, 0.5, 0.5)
    with rasterio.open(src, "w", driver="GTiff", width=130, height=150, count=3, dtype="uint8",
                       crs="EPSG:32618", transform=transform) as ds:
        ds.write(data)
    out = tmp_path / "utm.ntf"
    convert_file(str(src), str(out), ExportOptions(format="nitf", compression="NC"))
    with IO.open(out) as reader:
        assert reader.get_asset("image:0").metadata["ICORDS"] == "N"
    with rasterio.open(out) as ds, rasterio.open(src) as ref:
        assert ds.crs.to_epsg() == 32618
        for col, row in ((0, 0), (129, 149), (129, 0)):
            np.testing.assert_allclose(ds.xy(row, col), ref.xy(row, col), atol=0.51)


def test_one_pixel_nitf_with_igeolo_converts_without_a_transform(tmp_path):
    src = tmp_path / "one.ntf"
    imsave(str(src), np.full((1, 1, 1), 7, np.uint8), compression="nc",
           corners=[(-77.0, 39.0), (-76.99, 39.0), (-76.99, 38.99), (-77.0, 38.99)])
    out = tmp_path / "one.tif"
    result = convert_file(str(src), str(out), ExportOptions(format="tiff"))
    assert imread(out).tolist() == [[[7]]]
    assert any("georeferencing not carried" in w for w in result.warnings)


def test_an_image_that_cannot_take_the_options_is_named(tmp_path):
    """A two-image NITF (8-bit and 11-bit) to JPEG-compressed NITF: the error names image:1."""
    import pytest

    from workbench.io import BufferedImageAssetProvider
    from workbench.jobs.export import OptionsError

    src = tmp_path / "two.ntf"
    with IO.open([str(src)], "w") as writer:
        writer.add_asset("image:0", BufferedImageAssetProvider.from_array(
            "image:0", np.zeros((3, 40, 50), np.uint8), metadata={"IC": "NC"}))
        writer.add_asset("image:1", BufferedImageAssetProvider.from_array(
            "image:1", np.zeros((1, 30, 20), np.uint16), metadata={"IC": "NC"}))
    with pytest.raises(OptionsError, match="^image:1: "):
        convert_file(str(src), str(tmp_path / "out.ntf"), PresetStore().get("nitf-jpeg-85").options)
    assert not (tmp_path / "out.ntf").exists()

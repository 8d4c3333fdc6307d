"""Files GDAL writes (NC blocked and not, multi-band, multi-image, text segments, NSIF) read by
us with identical pixels and header fields."""

import numpy as np
import pytest
import rasterio
import rasterio.shutil

from workbench.io.core.enums import AssetType
from workbench.io.core.io import IO
from workbench.io.core.window import read_window

pytestmark = pytest.mark.interop

_SKIP = {"NITF_FHDR", "NITF_FBKGC", "NITF_ILOC_ROW", "NITF_ILOC_COLUMN", "NITF_CCS_ROW",
         "NITF_CCS_COLUMN"}


def same_fields(gdal_tags: dict, *metas) -> int:
    """Every NITF_<FIELD> GDAL reports equals our stored value (GDAL strips padding and reads
    some numbers as integers). Returns how many fields were compared."""
    merged = {}
    for m in metas:
        merged.update(m)
    n = 0
    for key, value in gdal_tags.items():
        if not key.startswith("NITF_") or key in _SKIP:
            continue
        name = key[5:]
        if name == "IMAGE_COMMENTS":  # GDAL joins the ICOM fields
            assert "".join(merged["ICOM"]).strip() == value.strip()
            n += 1
            continue
        assert name in merged, f"{name} reported by GDAL is missing from our metadata"
        ours = merged[name].strip()
        if ours != value.strip():
            assert ours.isdigit() and value.strip().isdigit() and int(ours) == int(value), \
                (name, ours, value)
        n += 1
    return n


@pytest.mark.parametrize("dtype,bands,block", [("uint8", 1, None), ("uint16", 3, 32),
                                               ("int16", 2, 16), ("float32", 4, 64),
                                               ("complex64", 1, 32)])
def test_gdal_nc_images(tmp_path, dtype, bands, block):
    rng = np.random.default_rng(5)
    data = (rng.normal(size=(bands, 70, 90)) * 100).astype(dtype)
    opts = dict(blockxsize=block, blockysize=block) if block else {}
    path = tmp_path / "g.ntf"
    with rasterio.open(path, "w", driver="NITF", width=90, height=70, count=bands, dtype=dtype,
                       IC="NC", FTITLE="GDAL file", OSTAID="STATION", IID2="second id",
                       ICAT="MS", **opts) as ds:
        ds.write(data)
    with rasterio.open(path) as ds:
        tags = ds.tags()
    with IO.open([str(path)]) as r:
        image = r.get_asset("image:0")
        np.testing.assert_array_equal(read_window(image), data)
        assert same_fields(tags, r.metadata, image.metadata) >= 55
        assert r.metadata["FTITLE"].rstrip() == "GDAL file"
        assert image.metadata["ICAT"] == "MS      "
        if block:
            assert image.block_width == block and image.metadata["NPPBH"] == f"{block:04d}"


def test_gdal_text_segment(tmp_path):
    a = np.arange(2 * 40 * 50, dtype=np.uint16).reshape(2, 40, 50)
    path = tmp_path / "t.ntf"
    with rasterio.open(path, "w", driver="NITF", width=50, height=40, count=2, dtype="uint16",
                       IC="NC", TEXT="DATA_0=hello world") as ds:
        ds.write(a)
    with IO.open([str(path)]) as r:
        text = r.get_asset("text:0")
        assert text.text == "hello world" and text.metadata["TXTFMT"] == "STA"
        assert r.metadata["NUMT"] == "001"
        np.testing.assert_array_equal(read_window(r.get_asset("image:0")), a)


def test_gdal_multi_image(tmp_path):
    # (GDAL leaves the text lengths blank when NUMI and TEXT are combined, so no text here)
    a = np.arange(2 * 40 * 50, dtype=np.uint16).reshape(2, 40, 50)
    b = (np.arange(30 * 20) % 251).astype(np.uint8).reshape(1, 30, 20)
    path = tmp_path / "m.ntf"
    with rasterio.open(path, "w", driver="NITF", width=50, height=40, count=2, dtype="uint16",
                       NUMI=2, IC="NC") as ds:
        ds.write(a)
    with rasterio.open(tmp_path / "b.tif", "w", driver="GTiff", width=20, height=30, count=1,
                       dtype="uint8") as ds:
        ds.write(b)
    rasterio.shutil.copy(tmp_path / "b.tif", path, driver="NITF", APPEND_SUBDATASET="YES",
                         IC="NC")
    with IO.open([str(path)]) as r:
        assert r.get_asset_keys(AssetType.Image) == ["image:0", "image:1"]
        np.testing.assert_array_equal(read_window(r.get_asset("image:0")), a)
        np.testing.assert_array_equal(read_window(r.get_asset("image:1")), b)
        assert r.metadata["NUMI"] == "002"
        assert [i["LI"] for i in r.metadata["IMAGE_INFO"]] == ["0000008000", "0000000600"]


def test_gdal_nsif(tmp_path):
    data = (np.arange(3 * 20 * 30) % 200).astype(np.uint8).reshape(3, 20, 30)
    with rasterio.open(tmp_path / "s.tif", "w", driver="GTiff", width=30, height=20, count=3,
                       dtype="uint8") as ds:
        ds.write(data)
    rasterio.shutil.copy(tmp_path / "s.tif", tmp_path / "s.nsf", driver="NITF",
                         FHDR="NSIF01.00", IREP="RGB")
    with IO.open([str(tmp_path / "s.nsf")]) as r:
        assert (r.metadata["FHDR"], r.metadata["FVER"]) == ("NSIF", "01.00")
        image = r.get_asset("image:0")
        assert image.metadata["IREP"] == "RGB     "
        assert [b["IREPBAND"] for b in image.metadata["BAND_INFO"]] == ["R ", "G ", "B "]
        np.testing.assert_array_equal(read_window(image), data)


@pytest.mark.filterwarnings("ignore::rasterio.errors.NotGeoreferencedWarning")
def test_gdal_appended_images_with_an_unwritten_text_segment_open(tmp_path):
    """GDAL writes NUMI=2 with TEXT=, then appends image 1 (APPEND_SUBDATASET): the text
    segment's LTSH/LT stay blank and nothing of it is in the file. GDAL reads the two images;
    so do we (the unwritten segment is skipped, and a copy is a clean two-image file)."""
    from workbench.io import IO, imread

    path = tmp_path / "appended.ntf"
    first = (np.arange(48 * 64) % 251).astype(np.uint8).reshape(1, 48, 64)
    second = np.full((1, 16, 32), 9, np.uint8)
    with rasterio.open(path, "w", driver="NITF", width=64, height=48, count=1, dtype="uint8",
                       NUMI=2, TEXT="DATA_0=hello") as ds:
        ds.write(first)
    with rasterio.open(path, "w", driver="NITF", width=32, height=16, count=1, dtype="uint8",
                       APPEND_SUBDATASET="YES") as ds:
        ds.write(second)
    with IO.open([str(path)]) as reader:
        assert reader.get_asset_keys() == ["image:0", "image:1"]
        assert reader.metadata["NUMT"] == "001"  # as stored
        copy = tmp_path / "copy.ntf"
        with IO.open([str(copy)], "w") as writer:
            writer.metadata = reader.metadata
            for key in reader.get_asset_keys():
                writer.add_asset(key, reader.get_asset(key))
    np.testing.assert_array_equal(imread(path, asset="image:1"), second)
    with IO.open([str(copy)]) as reader:
        assert reader.metadata["NUMT"] == "000"
        np.testing.assert_array_equal(reader.get_asset("image:0").get_block(0, 0), first)
    with rasterio.open(copy) as ds:
        np.testing.assert_array_equal(ds.read(), first)

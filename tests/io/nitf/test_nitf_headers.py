"""Header fields as metadata: written padded and validated, read as stored, identical in GDAL;
every segment type; copy-and-modify; NSIF."""

import numpy as np
import pytest
import rasterio

from workbench.io.core.enums import AssetType
from workbench.io.core.io import IO
from workbench.io.core.metadata import BufferedMetadataProvider
from workbench.io.core.providers import (BufferedDataAssetProvider,
                                         BufferedGraphicsAssetProvider,
                                         BufferedImageAssetProvider, BufferedTextAssetProvider)
from workbench.io.core.window import read_window
from workbench.io.nitf.fields import describe

from .conftest import read_all, write_nitf
from .test_nitf_gdal_files import same_fields

DATA = (np.arange(3 * 40 * 50) % 251).astype(np.uint8).reshape(3, 40, 50)


def _file_meta(**kw):
    m = BufferedMetadataProvider()
    for k, v in kw.items():
        m[k] = v
    return m


@pytest.mark.interop
def test_fields_padded_and_identical_in_gdal(tmp_path):
    fm = _file_meta(FTITLE="Quick look", OSTAID="ST1", ONAME="Analyst", FSCLAS="U",
                    OPHONE="555 0100", FDT="20240102030405")
    path = write_nitf(tmp_path / "h.ntf", DATA, file_meta=fm, IC="NC", IID1="CHIP1",
                      IID2="A title", ICAT="VIS", ISORCE="Sensor X", TGTID="TGT",
                      ICOM=["first comment", "second"], IDATIM="20240101000000",
                      ICORDS="G", IGEOLO="395959N0770000W395959N0763000W383000N0763000W383000N"
                                         "0770000W")
    with IO.open([str(path)]) as r:
        fmeta, imeta = r.metadata, r.get_asset("image:0").metadata
        assert fmeta["FTITLE"] == "Quick look".ljust(80)
        assert fmeta["OSTAID"] == "ST1       "
        assert fmeta["FDT"] == "20240102030405"
        assert imeta["IID1"] == "CHIP1     "
        assert imeta["ICOM"] == ["first comment".ljust(80), "second".ljust(80)]
        assert imeta["NICOM"] == "2"
        assert imeta["IREP"] == "RGB     "
        assert [b["IREPBAND"] for b in imeta["BAND_INFO"]] == ["R ", "G ", "B "]
        assert int(fmeta["FL"]) == path.stat().st_size
    with rasterio.open(path) as ds:
        tags = ds.tags()
        assert tags["NITF_IGEOLO"] == imeta["IGEOLO"]
        assert tags["NITF_IMAGE_COMMENTS"].startswith("first comment")
        assert same_fields(tags, fmeta, imeta) >= 60


@pytest.mark.parametrize("field,value,rule", [
    ("FTITLE", "x" * 81, "longer than"), ("OSTAID", "caf\u00e9", "BCS-A"),
    ("FSCOP", "12a", "digits"), ("FDT", "2024", "CCYYMMDDhhmmss"), ("FBKGC", "zz", "hex"),
    ("FDT", "2024-01-01T00:00", "longer than"), ("FDT", "2024-01-01T00", "CCYYMMDD"),
])
def test_bad_file_fields_rejected_before_writing(tmp_path, field, value, rule):
    fm = _file_meta(**{field: value})
    target = tmp_path / "bad.ntf"
    with pytest.raises(ValueError, match=f"{field}.*{rule}|{rule}.*{field}"):
        write_nitf(target, DATA, file_meta=fm, IC="NC")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("field,value", [("IID1", "12345678901"), ("IMODE", "X"),
                                         ("ICORDS", "Q"), ("PJUST", "C"), ("NPPBH", "9000x"),
                                         ("IGEOLO", "not corners")])
def test_bad_image_fields_rejected_at_add_asset(tmp_path, field, value):
    md = BufferedMetadataProvider()
    md["IC"] = "NC"
    md["ICORDS"] = "G"
    md["IGEOLO"] = "390000N0770000W390000N0763000W383000N0763000W383000N0770000W"
    md[field] = value
    prov = BufferedImageAssetProvider.from_array("im", DATA, metadata=md)
    with IO.open([str(tmp_path / "x.ntf")], "w") as w:
        with pytest.raises(ValueError, match=field):
            w.add_asset("image:0", prov)
        w.add_asset("text:0", BufferedTextAssetProvider.create("t", "still writable"))
    with IO.open([str(tmp_path / "x.ntf")]) as r:
        assert r.get_asset_keys() == ["text:0"]


def test_dates_with_unknown_parts(tmp_path):
    path = write_nitf(tmp_path / "d.ntf", DATA, file_meta=_file_meta(FDT="2024------0000"),
                      IC="NC", IDATIM="")
    with IO.open([str(path)]) as r:
        assert r.metadata["FDT"] == "2024------0000"
        assert r.get_asset("image:0").metadata["IDATIM"] == " " * 14


def test_blocks_wider_than_8192_only_as_single_block():
    prov = BufferedImageAssetProvider.from_array("im", np.zeros((1, 2, 9000), np.uint8))
    prov.metadata["NPPBH"] = "8200"
    with IO.open(["/tmp/never-written.ntf"], "w") as w:
        with pytest.raises(ValueError, match="NPPBH.*8192"):
            w.add_asset("image:0", prov)
        w.abort()


@pytest.mark.interop
def test_every_segment_type_round_trips(tmp_path):
    path = tmp_path / "all.ntf"
    cgm = b"\x00\x22" + bytes(range(40))
    xml = b'<?xml version="1.0"?><SICD><x>1</x></SICD>'
    with IO.open([str(path)], "w", "nitf") as w:
        w.add_asset("image:0", BufferedImageAssetProvider.from_array("a", DATA), "first")
        w.add_asset("text:0", BufferedTextAssetProvider.create("t", "caf\u00e9 notes"), "Notes")
        w.add_asset("data:0", BufferedDataAssetProvider.create("d", xml, "application/xml"))
        w.add_asset("graphic:0", BufferedGraphicsAssetProvider.create("g", cgm), "Arrow")
        w.add_asset("image:1", BufferedImageAssetProvider.from_array("b", DATA[:1, :10, :20]))
        w.add_asset("text:1", BufferedTextAssetProvider.create("t2", "plain"))
    with IO.open([str(path)]) as r:
        assert r.get_asset_keys(AssetType.Image) == ["image:0", "image:1"]
        np.testing.assert_array_equal(read_window(r.get_asset("image:1")), DATA[:1, :10, :20])
        t0, t1 = r.get_asset("text:0"), r.get_asset("text:1")
        assert (t0.text, t0.metadata["TXTFMT"]) == ("caf\u00e9 notes", "U8S")
        assert (t1.text, t1.metadata["TXTFMT"]) == ("plain", "STA")
        d = r.get_asset("data:0")
        assert d.data == xml and d.mime_type == "application/xml"
        assert d.metadata["DESID"] == "XML_DATA_CONTENT".ljust(25)
        g = r.get_asset("graphic:0")
        assert g.raw_asset == cgm and g.metadata["SNAME"].strip() == "Arrow"
        m = r.metadata
        assert (m["NUMI"], m["NUMS"], m["NUMT"], m["NUMDES"]) == ("002", "001", "002", "001")
        assert [int(i["LI"]) for i in m["IMAGE_INFO"]] == [6000, 200]
        assert int(m["FL"]) == path.stat().st_size
    with rasterio.open(path) as ds:
        assert ds.tags(ns="TEXT")["DATA_1"] == "plain"
        assert ds.tags(ns="CGM")["SEGMENT_COUNT"] == "1"
        assert len(ds.subdatasets) == 2


def test_nsif_written_for_nsif_format_and_extension(tmp_path):
    for path, fmt in ((tmp_path / "a.nsf", None), (tmp_path / "b.ntf", "nsif")):
        prov = BufferedImageAssetProvider.from_array("a", DATA)
        with IO.open([str(path)], "w", fmt) as w:
            w.add_asset("image:0", prov)
        assert path.read_bytes()[:9] == b"NSIF01.00"
        np.testing.assert_array_equal(read_all(path), DATA)


@pytest.mark.interop
def test_copy_and_modify_preserves_everything_else(tmp_path):
    src = tmp_path / "src.ntf"
    with rasterio.open(src, "w", driver="NITF", width=50, height=40, count=3, dtype="uint8",
                       FTITLE="orig", IID2="orig image", ISORCE="SAT") as ds:
        ds.write(DATA)
    out = tmp_path / "out.ntf"
    with IO.open([str(src)]) as r:
        image = r.get_asset("image:0")
        file_md = BufferedMetadataProvider(source=r.metadata)
        file_md["FTITLE"] = "changed"
        image_md = BufferedMetadataProvider(source=image.metadata)
        image_md["IMODE"] = "P"
        prov = BufferedImageAssetProvider.create(
            key="copy", num_columns=image.num_columns, num_rows=image.num_rows,
            num_bands=image.num_bands, pixel_type=image.pixel_value_type, metadata=image_md)
        prov.set_full_image(image.get_block(0, 0, resolution_level=0))
        with IO.open([str(out)], "w", "nitf") as w:
            w.metadata = file_md
            w.add_asset("image_0", prov, title="copy", description="", roles=["data"])
        with IO.open([str(out)]) as c:
            changed = {k for k, v in c.metadata.items() if r.metadata[k] != v}
            assert changed == {"FTITLE"}
            cim = c.get_asset("image:0")
            changed = {k for k, v in cim.metadata.items() if image.metadata[k] != v}
            assert changed == {"IMODE"}
            np.testing.assert_array_equal(read_window(cim), DATA)


@pytest.mark.interop
def test_unchanged_copy_is_byte_identical(tmp_path):
    src = tmp_path / "src.ntf"
    with rasterio.open(src, "w", driver="NITF", width=50, height=40, count=3, dtype="uint8",
                       blockxsize=16, blockysize=16, TEXT="DATA_0=note") as ds:
        ds.write(DATA)
    out = tmp_path / "copy.ntf"
    with IO.open([str(src)]) as r:
        with IO.open([str(out)], "w") as w:
            w.metadata = r.metadata
            for key in r.get_asset_keys():
                w.add_asset(key, r.get_asset(key))
    assert out.read_bytes() == src.read_bytes()


def test_descriptions_for_the_editor():
    assert "security classification" in describe("FSCLAS")
    assert "Image mode" in describe("IMODE")
    assert describe("NOT_A_FIELD") == ""


@pytest.mark.interop
@pytest.mark.parametrize("value", ["FF8001", "ff8001", b"\xff\x80\x01"])
def test_file_background_colour_written_as_three_bytes(tmp_path, value):
    path = write_nitf(tmp_path / "bg.ntf", DATA[:1, :4, :4], file_meta=_file_meta(FBKGC=value),
                      IC="NC")
    raw = path.read_bytes()
    at = 342 - 18 - 24 - 3  # FBKGC precedes ONAME (24) and OPHONE (18); FL is at 342
    assert raw[at:at + 3] == b"\xff\x80\x01"
    with IO.open([str(path)]) as r:
        assert r.metadata["FBKGC"] == "FF8001"
    with rasterio.open(path) as ds:
        assert [int(v) for v in ds.tags()["NITF_FBKGC"].split(",")] == [255, 128, 1]

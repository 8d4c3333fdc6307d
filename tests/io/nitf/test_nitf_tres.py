"""TREs in metadata: placement and order survive a copy byte for byte, new TREs go to the
extended header, TRE_OVERFLOW DESs are read and written, and the spec's chip example runs."""

import numpy as np
import pytest
import rasterio

from workbench.io.core.io import IO
from workbench.io.core.metadata import BufferedMetadataProvider
from workbench.io.core.providers import BufferedImageAssetProvider
from workbench.io.core.window import read_window
from workbench.io.tre import RawTRE

DATA = (np.arange(1 * 300 * 700) % 253).astype(np.uint8).reshape(1, 300, 700)


def _gdal_file(path):
    with rasterio.open(path, "w", driver="NITF", width=700, height=300, count=1, dtype="uint8",
                       TRE="TESTAA=hello world", FILE_TRE="FILEAA=abc") as ds:
        ds.write(DATA)
    return path


def _tre_bytes(raw: bytes, tag: str) -> bytes:
    at = raw.index(tag.encode())
    n = int(raw[at + 6:at + 11])
    return raw[at:at + 11 + n]


@pytest.mark.interop
def test_tres_read_from_gdal_file_with_placement(tmp_path):
    path = _gdal_file(tmp_path / "t.ntf")
    with IO.open([str(path)]) as r:
        assert isinstance(r.metadata["FILEAA"], RawTRE) and bytes(r.metadata["FILEAA"]) == b"abc"
        assert r.metadata["_TRE_PLACEMENT"] == ["XHD:FILEAA"]
        image = r.get_asset("image:0")
        assert bytes(image.metadata["TESTAA"]) == b"hello world"
        assert image.metadata["_TRE_PLACEMENT"] == ["IXSHD:TESTAA"]


@pytest.mark.interop
def test_reencoded_copy_keeps_tres_byte_for_byte_and_adds_new_ones(tmp_path):
    src = _gdal_file(tmp_path / "t.ntf")
    out = tmp_path / "o.ntf"
    with IO.open([str(src)]) as r:
        image = r.get_asset("image:0")
        md = BufferedMetadataProvider(source=image.metadata)
        md["IMODE"] = "S"  # forces a re-encode (no pass-through)
        md["NEWTRE"] = b"12345"
        md["_TRE_PLACEMENT"] = ["UDID:TESTAA"]  # move the old one to the user-defined area
        prov = BufferedImageAssetProvider.from_array("x", read_window(image), metadata=md)
        with IO.open([str(out)], "w") as w:
            w.metadata = r.metadata
            w.add_asset("image:0", prov)
    raw_src, raw_out = src.read_bytes(), out.read_bytes()
    assert _tre_bytes(raw_out, "TESTAA") == _tre_bytes(raw_src, "TESTAA")
    assert _tre_bytes(raw_out, "FILEAA") == _tre_bytes(raw_src, "FILEAA")
    with IO.open([str(out)]) as r:
        m = r.get_asset("image:0").metadata
        assert m["_TRE_PLACEMENT"] == ["UDID:TESTAA", "IXSHD:NEWTRE"]
        assert bytes(m["NEWTRE"]) == b"12345"
    with rasterio.open(out) as ds:
        assert ds.tags(ns="TRE") == {"FILEAA": "abc", "TESTAA": "hello world", "NEWTRE": "12345"}


def test_repeated_tags_are_lists_in_order(tmp_path):
    md = BufferedMetadataProvider()
    md["IC"] = "NC"
    md["AAAAAA"] = [b"one", b"two", b"three"]
    prov = BufferedImageAssetProvider.from_array("x", DATA[:, :10, :10], metadata=md)
    with IO.open([str(tmp_path / "r.ntf")], "w") as w:
        w.add_asset("image:0", prov)
    with IO.open([str(tmp_path / "r.ntf")]) as r:
        vals = r.get_asset("image:0").metadata["AAAAAA"]
        assert [bytes(v) for v in vals] == [b"one", b"two", b"three"]


@pytest.mark.interop
def test_tre_overflow_written_and_read(tmp_path):
    big = [bytes([65 + i]) * 40000 for i in range(4)]  # 160 kB: beyond one IXSHD
    md = BufferedMetadataProvider()
    md["IC"] = "NC"
    md["BIGTRE"] = big
    fm = BufferedMetadataProvider()
    fm["FILTRE"] = [b"f" * 60000, b"g" * 60000]
    prov = BufferedImageAssetProvider.from_array("x", DATA[:, :10, :10], metadata=md)
    path = tmp_path / "ovf.ntf"
    with IO.open([str(path)], "w") as w:
        w.metadata = fm
        w.add_asset("image:0", prov)
    with IO.open([str(path)]) as r:
        assert r.metadata["NUMDES"] == "002"  # one for the file header, one for the image
        assert r.get_asset_keys() == ["image:0"]  # overflow DESs are not assets
        assert [bytes(v) for v in r.metadata["FILTRE"]] == [b"f" * 60000, b"g" * 60000]
        assert r.metadata["XHDLOFL"] == "001"
        m = r.get_asset("image:0").metadata
        assert [bytes(v) for v in m["BIGTRE"]] == big
        assert m["IXSOFL"] == "002"
    with rasterio.open(path) as ds:  # GDAL reads the file and merges the overflow too
        assert len(ds.tags(ns="TRE")["BIGTRE"]) >= 40000


def test_spec_chip_example_with_ichipb(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with IO.open(["input.ntf"], "w") as w:
        md = BufferedMetadataProvider()
        md["IC"] = "NC"
        md["NPPBH"], md["NPPBV"] = "256", "256"
        w.add_asset("image:0", BufferedImageAssetProvider.from_array("i", DATA, metadata=md))
    # ---- the spec's example, with only the import changed ----
    x_min, y_min = 100, 200
    x_max, y_max = 612, 456
    with IO.open(["input.ntf"], "r") as reader:
        image = reader.get_asset("image:0")
        img_width = image.num_columns
        img_height = image.num_rows
        block_width = image.num_pixels_per_block_horizontal
        block_height = image.num_pixels_per_block_vertical
        if block_width == 0:
            block_width = img_width
        if block_height == 0:
            block_height = img_height
        x_min = max(0, x_min)
        y_min = max(0, y_min)
        x_max = min(img_width, x_max)
        y_max = min(img_height, y_max)
        chip_width = x_max - x_min
        chip_height = y_max - y_min
        block_col_start = x_min // block_width
        block_col_end = (x_max - 1) // block_width + 1
        block_row_start = y_min // block_height
        block_row_end = (y_max - 1) // block_height + 1
        dtype = np.dtype(image.pixel_value_type.to_numpy_dtype())
        chip = np.zeros((image.num_bands, chip_height, chip_width), dtype=dtype)
        for block_row in range(block_row_start, block_row_end):
            for block_col in range(block_col_start, block_col_end):
                if not image.has_block(block_row, block_col, resolution_level=0):
                    continue
                block = image.get_block(block_row, block_col, resolution_level=0)
                bx = block_col * block_width
                by = block_row * block_height
                src_x0 = max(0, x_min - bx)
                src_y0 = max(0, y_min - by)
                src_x1 = min(block.shape[2], x_max - bx)
                src_y1 = min(block.shape[1], y_max - by)
                dst_x0 = max(0, bx - x_min)
                dst_y0 = max(0, by - y_min)
                dst_x1 = dst_x0 + (src_x1 - src_x0)
                dst_y1 = dst_y0 + (src_y1 - src_y0)
                chip[:, dst_y0:dst_y1, dst_x0:dst_x1] = \
                    block[:, src_y0:src_y1, src_x0:src_x1]
        file_metadata = BufferedMetadataProvider(source=reader.metadata)
        image_metadata = BufferedMetadataProvider(source=image.metadata)
        image_metadata["IC"] = "NC"
        image_metadata["IMODE"] = "B"
        image_metadata["ICHIPB"] = {
            "XFRM_FLAG": "00", "SCALE_FACTOR": "0001.00000", "ANAMRPH_CORR": "00",
            "SCANBLK_NUM": "00",
            "OP_ROW_11": "00000000.500", "OP_COL_11": "00000000.500",
            "OP_ROW_12": "00000000.500", "OP_COL_12": f"{chip_width - 1:08d}.500",
            "OP_ROW_21": f"{chip_height - 1:08d}.500", "OP_COL_21": "00000000.500",
            "OP_ROW_22": f"{chip_height - 1:08d}.500", "OP_COL_22": f"{chip_width - 1:08d}.500",
            "FI_ROW_11": f"{y_min:08d}.500", "FI_COL_11": f"{x_min:08d}.500",
            "FI_ROW_12": f"{y_min:08d}.500", "FI_COL_12": f"{x_max - 1:08d}.500",
            "FI_ROW_21": f"{y_max - 1:08d}.500", "FI_COL_21": f"{x_min:08d}.500",
            "FI_ROW_22": f"{y_max - 1:08d}.500", "FI_COL_22": f"{x_max - 1:08d}.500",
            "FI_ROW": f"{img_height:08d}", "FI_COL": f"{img_width:08d}",
        }
        provider = BufferedImageAssetProvider.create(
            key="chip", num_columns=chip_width, num_rows=chip_height,
            num_bands=image.num_bands, pixel_type=image.pixel_value_type,
            metadata=image_metadata)
        provider.set_full_image(chip)
    with IO.open(["chip.ntf"], "w", "nitf") as writer:
        writer.metadata = file_metadata
        writer.add_asset("image_0", provider, title="Chipped image",
                         description="Region chip with ICHIPB provenance", roles=["data"])
    # ---- checks ----
    with IO.open(["chip.ntf"]) as r:
        out = r.get_asset("image:0")
        np.testing.assert_array_equal(read_window(out), DATA[:, 200:300, 100:612])
        ichipb = out.metadata["ICHIPB"]
        assert isinstance(ichipb, dict) and ichipb["FI_COL_11"] == "00000100.500"
    with rasterio.open("chip.ntf") as ds:
        assert "ICHIPB" in ds.tags(ns="TRE")


@pytest.mark.interop
def test_graphic_and_text_tre_overflow_written_read_and_copied(tmp_path):
    from workbench.io.core.providers import (BufferedDataAssetProvider,
                                             BufferedGraphicsAssetProvider,
                                             BufferedTextAssetProvider)
    # a graphic/text subheader is at most 9999 bytes (LSSH/LTSH): SXSHDL <= 9741, TXSHDL <= 9717
    gbig = [bytes([97 + i]) * 45000 for i in range(3)]
    tbig = [b"t" * 9000, b"u" * 900]   # 9011 bytes fit in TXSHD, the second record does not
    gmd, tmd = BufferedMetadataProvider(), BufferedMetadataProvider()
    gmd["GSMALL"] = b"small"
    gmd["GBIG"] = gbig
    tmd["TBIG"] = tbig
    tmd["TSCLAS"] = "R"
    path = tmp_path / "sovf.ntf"
    with IO.open([str(path)], "w") as w:
        w.add_asset("image:0", BufferedImageAssetProvider.from_array("x", DATA[:, :10, :10]))
        w.add_asset("graphic:0", BufferedGraphicsAssetProvider.create("g", b"\0\x22"))
        w.add_asset("graphic:1", BufferedGraphicsAssetProvider.create("g", b"cgm", metadata=gmd))
        w.add_asset("text:0", BufferedTextAssetProvider.create("t", "note", metadata=tmd))
        w.add_asset("data:0", BufferedDataAssetProvider.create("d", b"user des"))
    raw = path.read_bytes()
    # the user's DES first, then one overflow DES per overflowing subheader, in segment order
    ovf = raw.index(b"TRE_OVERFLOW")
    assert raw.index(b"DEdata:0") < ovf
    assert raw[ovf + 25 + 2 + 1 + 166:][:9] == b"SXSHD 002"   # DESOFLW, DESITEM (1-based)
    ovf2 = raw.index(b"TRE_OVERFLOW", ovf + 1)
    assert raw[ovf2 + 25 + 2:][:1] == b"R"                     # DESCLAS from TSCLAS
    assert raw[ovf2 + 25 + 2 + 1 + 166:][:9] == b"TXSHD 001"
    with IO.open([str(path)]) as r:
        assert r.metadata["NUMDES"] == "003"
        assert r.get_asset_keys() == ["image:0", "graphic:0", "graphic:1", "text:0", "data:0"]
        g = r.get_asset("graphic:1").metadata
        assert bytes(g["GSMALL"]) == b"small" and [bytes(v) for v in g["GBIG"]] == gbig
        assert g["SXSOFL"] == "002"
        assert g["_TRE_PLACEMENT"] == ["SXSHD:GSMALL"] + ["SXSHD:GBIG"] * 3
        assert "SXSOFL" not in r.get_asset("graphic:0").metadata
        t = r.get_asset("text:0").metadata
        assert [bytes(v) for v in t["TBIG"]] == tbig and t["TXSOFL"] == "003"
        assert int(t["TXSHDL"]) == 3 + 11 + 9000
        assert int(r.metadata["TEXT_INFO"][0]["LTSH"]) <= 9999
        assert r.get_asset("data:0").data == b"user des"
        copy = tmp_path / "copy.ntf"
        with IO.open([str(copy)], "w") as w:
            w.metadata = r.metadata
            for key in r.get_asset_keys():
                w.add_asset(key, r.get_asset(key))
    assert copy.read_bytes() == raw
    with rasterio.open(path) as ds:  # GDAL still finds the image among the extra DESs
        np.testing.assert_array_equal(ds.read(), DATA[:, :10, :10])


def test_tre_overflow_des_carries_every_security_field_of_its_header(tmp_path):
    md = BufferedMetadataProvider()
    md["IC"] = "NC"
    md["BIGTRE"] = [bytes([65 + i]) * 40000 for i in range(3)]
    security = {"CLAS": "C", "CLSY": "US", "CODE": "ALPHA BRAVO", "CTLH": "XX",
                "REL": "USA GBR", "DCTP": "DE", "DCDT": "20350101", "CLTX": "test marking",
                "CATP": "O", "CAUT": "classifier", "CRSN": "A", "SRDT": "20260101",
                "CTLN": "CN-0001"}
    for suffix, value in security.items():
        md["IS" + suffix] = value
    fm = BufferedMetadataProvider()
    fm["FILTRE"] = [b"f" * 60000, b"g" * 60000]
    fm["FSCLAS"], fm["FSCODE"], fm["FSCTLH"] = "R", "CHARLIE", "YY"
    path = tmp_path / "sec.ntf"
    with IO.open([str(path)], "w") as w:
        w.metadata = fm
        w.add_asset("image:0", BufferedImageAssetProvider.from_array("x", DATA[:, :10, :10],
                                                                     metadata=md))
    with IO.open([str(path)]) as r:
        file_des, image_des = r.segment_meta[("des", 0)], r.segment_meta[("des", 1)]
    assert (file_des["DESOFLW"], image_des["DESOFLW"]) == ("XHD   ", "IXSHD ")
    assert (file_des["DESCLAS"], file_des["DESCODE"].strip(), file_des["DESCTLH"]) == \
        ("R", "CHARLIE", "YY")
    for suffix, value in security.items():
        assert image_des["DES" + suffix].strip() == value, suffix
    with rasterio.open(path) as ds:  # GDAL still reads the file and merges the overflow
        assert len(ds.tags(ns="TRE")["BIGTRE"]) >= 40000

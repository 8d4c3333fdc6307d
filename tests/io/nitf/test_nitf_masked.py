"""IC=NM: blocked image mask and pad pixel mask, written from has_block, read by us and GDAL."""

import struct

import numpy as np
import pytest
import rasterio
import rasterio.errors

from workbench.io.core.io import IO
from workbench.io.core.metadata import BufferedMetadataProvider
from workbench.io.core.providers import BufferedImageAssetProvider
from workbench.io.core.enums import PixelType
from workbench.io.core.window import read_window
from workbench.io.nitf.masks import read_mask_table


def _sparse(tmp_path, imode="B", bands=3, name="sparse.ntf"):
    # the spec's sparse example, verbatim apart from the file name and the block data
    metadata = BufferedMetadataProvider()
    metadata["IC"] = "NM"
    metadata["IMODE"] = imode
    provider = BufferedImageAssetProvider.create(
        key="sparse",
        num_columns=1024, num_rows=1024, num_bands=bands,
        block_width=256, block_height=256,
        pixel_type=PixelType.UInt8,
        metadata=metadata,
    )
    block_data = np.full((bands, 256, 256), 7, np.uint8)
    block_data[:, 10, 20] = 200
    provider.set_block(0, 0, block_data)
    provider.set_block(1, 2, block_data)
    path = tmp_path / name
    with IO.open([str(path)], "w") as w:
        w.add_asset("image:0", provider)
    return path, block_data


@pytest.mark.parametrize("imode", ["B", "P", "R", "S"])
def test_sparse_image_stores_only_present_blocks(tmp_path, imode):
    path, block = _sparse(tmp_path, imode)
    with IO.open([str(path)]) as r:
        image = r.get_asset("image:0")
        assert image.metadata["IC"] == "NM"
        present = [(rr, cc) for rr in range(4) for cc in range(4) if image.has_block(rr, cc)]
        assert present == [(0, 0), (1, 2)]
        np.testing.assert_array_equal(image.get_block(1, 2), block)
        np.testing.assert_array_equal(image.get_block(3, 3), np.zeros((3, 256, 256), np.uint8))
        li = int(r.metadata["IMAGE_INFO"][0]["LI"])
        units = 16 * (3 if imode == "S" else 1)
        assert li == 10 + 4 * units + 2 * 3 * 256 * 256


@pytest.mark.interop
@pytest.mark.parametrize("imode,bands", [("B", 1), ("B", 3), ("P", 3), ("R", 2), ("S", 3)])
def test_gdal_reads_our_masked_image(tmp_path, imode, bands):
    path, block = _sparse(tmp_path, imode, bands=bands)
    with rasterio.open(path) as ds:
        assert ds.tags()["NITF_IC"] == "NM"
        if imode in "BR" and bands > 1:
            # GDAL expects NBANDS mask records per block here; the standard (which we write)
            # has one. Our reader accepts both layouts (test_reads_per_band_mask_records...).
            with pytest.raises(rasterio.errors.RasterioIOError):
                ds.read()
            return
        full = ds.read()
    expect = np.zeros((bands, 1024, 1024), np.uint8)
    expect[:, 0:256, 0:256] = block
    expect[:, 256:512, 512:768] = block
    np.testing.assert_array_equal(full, expect)
    np.testing.assert_array_equal(read_window(IO.open([str(path)]).get_asset("image:0")), expect)


@pytest.mark.interop
def test_osml_reads_our_multiband_masked_image(tmp_path):
    from aws.osml.io import IO as OsmlIO
    path, block = _sparse(tmp_path, "B", bands=3)
    image = OsmlIO.open([str(path)], "r").get_asset("image:0")
    assert [image.has_block(r, c, 0) for r in range(2) for c in range(3)] == \
        [True, False, False, False, False, True]
    np.testing.assert_array_equal(np.asarray(image.get_block(1, 2, 0)), block)


def test_mask_table_layout_on_disk(tmp_path):
    path, _ = _sparse(tmp_path, "B", bands=3)
    with IO.open([str(path)]) as r:
        image = r.get_asset("image:0")
        raw = bytes(image.raw_asset)
    imdatoff, bmr, tmr, tpx = struct.unpack(">IHHH", raw[:10])
    assert (imdatoff, bmr, tmr, tpx) == (10 + 16 * 4, 4, 0, 0)
    offsets = struct.unpack(">16I", raw[10:74])
    assert offsets[0] == 0 and offsets[6] == 3 * 256 * 256
    assert all(o == 0xFFFFFFFF for i, o in enumerate(offsets) if i not in (0, 6))


def test_reads_per_band_mask_records_for_imode_b():
    # the other layout in the wild: NBANDS records per block for multi-band IMODE B
    blocks, bands, unit = 4, 2, 2 * 2 * 2
    records = [0, 0xFFFFFFFF, unit, 0xFFFFFFFF] * bands
    head = struct.pack(">IHHH", 10 + 4 * blocks * bands, 4, 0, 0)
    table = head + struct.pack(f">{len(records)}I", *records)
    mt = read_mask_table(memoryview(table + b"\0" * 2 * unit), "B", blocks, bands, "test")
    assert mt.unit_offsets == [0, None, unit, None]
    assert mt.data_offset == len(table)


def test_pad_pixel_value_is_written_and_read(tmp_path):
    md = BufferedMetadataProvider()
    md["IC"] = "NM"
    prov = BufferedImageAssetProvider.create("p", 64, 64, 1, 32, 32, PixelType.Int16, metadata=md)
    prov.pad_pixel_value = -999
    prov.set_block(0, 1, np.ones((1, 32, 32), np.int16))
    path = tmp_path / "pad.ntf"
    with IO.open([str(path)], "w") as w:
        w.add_asset("image:0", prov)
    with IO.open([str(path)]) as r:
        image = r.get_asset("image:0")
        assert image.pad_pixel_value == -999
        assert not image.has_block(0, 0)
        assert (image.get_block(0, 0) == -999).all()
        assert (image.get_block(0, 1) == 1).all()


def test_imode_s_absent_band_reads_as_pad(tmp_path):
    import struct as _st
    md = BufferedMetadataProvider()
    md["IC"], md["IMODE"] = "NM", "S"
    prov = BufferedImageAssetProvider.create("p", 16, 16, 2, 16, 16, PixelType.UInt8, metadata=md)
    prov.pad_pixel_value = 77
    prov.set_block(0, 0, np.full((2, 16, 16), 3, np.uint8))
    path = tmp_path / "s.ntf"
    with IO.open([str(path)], "w") as w:
        w.add_asset("image:0", prov)
    raw = bytearray(path.read_bytes())
    with IO.open([str(path)]) as r:
        seg = bytes(r.get_asset("image:0").raw_asset)
    at = bytes(raw).index(seg)
    npad = (_st.unpack(">H", seg[8:10])[0] + 7) // 8
    raw[at + 10 + npad + 4:at + 10 + npad + 8] = b"\xff" * 4  # band 1's record: absent
    path.write_bytes(bytes(raw))
    with IO.open([str(path)]) as r:
        block = r.get_asset("image:0").get_block(0, 0)
    assert (block[0] == 3).all() and (block[1] == 77).all()

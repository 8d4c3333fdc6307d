"""Writing bit-packed pixels: NBPP=1 (PVTYPE B, bi-level) and NBPP=12 (INT/SI), IC=NC and NM.

The stored bits are checked against an independent MSB-first packing (MIL-STD-2500C), read back
by us, by osml-imagery-io (12-bit, whole blocks) and by GDAL where it agrees: GDAL 3.10 reads
bi-level images only as one block, and reads each 12-bit value v as ((v & 0xF) << 8) | (v >> 4)
(its own nibble order), which the GDAL test pins down."""

import numpy as np
import pytest
import rasterio
import rasterio.errors

from workbench.io.core.enums import PixelType
from workbench.io.core.io import IO
from workbench.io.core.metadata import BufferedMetadataProvider
from workbench.io.core.providers import BufferedImageAssetProvider
from workbench.io.core.window import read_window

from .conftest import read_all, write_nitf

CASES = [  # nbpp, dtype, low, high, bands, imode, block
    (1, "uint8", 0, 2, 1, "B", None),
    (1, "uint8", 0, 2, 1, "B", (8, 8)),
    (1, "uint8", 0, 2, 2, "S", (16, 8)),
    (1, "uint8", 0, 2, 1, "R", (5, 3)),
    (12, "uint16", 0, 4096, 1, "B", (8, 8)),
    (12, "uint16", 0, 4096, 3, "B", (16, 16)),
    (12, "uint16", 0, 4096, 3, "S", (7, 5)),
    (12, "int16", -2048, 2048, 2, "B", None),
    (12, "uint16", 0, 4096, 1, "P", (3, 3)),
    (12, "uint16", 0, 4096, 3, "P", (8, 8)),
    (12, "int16", -2048, 2048, 2, "R", (5, 3)),
]


def _packed(values: np.ndarray, nbpp: int) -> bytes:
    """The reference: ``values`` as two's-complement ``nbpp``-bit fields, MSB first."""
    codes = values.reshape(-1).astype(np.int64) & ((1 << nbpp) - 1)
    bits = (codes[:, None] >> np.arange(nbpp - 1, -1, -1)) & 1
    return np.packbits(bits.astype(np.uint8).reshape(-1)).tobytes()


def _expected_data(d, nbpp, imode, block):
    bands, rows, cols = d.shape
    bw, bh = block or (cols, rows)
    nbr, nbc = -(-cols // bw), -(-rows // bh)
    full = np.zeros((bands, nbc * bh, nbr * bw), np.int64)
    full[:, :rows, :cols] = d
    blocks = [full[:, r * bh:(r + 1) * bh, c * bw:(c + 1) * bw]
              for r in range(nbc) for c in range(nbr)]
    if imode == "S":
        return b"".join(_packed(b[band], nbpp) for band in range(bands) for b in blocks)
    if imode in ("P", "R") and bands > 1:
        order = (1, 2, 0) if imode == "P" else (1, 0, 2)
        return b"".join(_packed(b.transpose(order), nbpp) for b in blocks)
    return b"".join(_packed(b[band], nbpp) for b in blocks for band in range(bands))


@pytest.mark.parametrize("nbpp,dtype,low,high,bands,imode,block", CASES)
def test_packed_pixels_written_bit_for_bit(tmp_path, nbpp, dtype, low, high, bands, imode,
                                           block):
    rng = np.random.default_rng(nbpp * 100 + bands)
    d = rng.integers(low, high, size=(bands, 21, 27)).astype(dtype)
    path = write_nitf(tmp_path / "p.ntf", d, block=block, NBPP=nbpp, IC="NC", IMODE=imode)
    expected = _expected_data(d, nbpp, imode, block)
    raw = path.read_bytes()
    assert raw.endswith(expected)
    with IO.open([str(path)]) as r:
        m = r.get_asset("image:0").metadata
        assert int(r.metadata["IMAGE_INFO"][0]["LI"]) == len(expected)
        assert (m["NBPP"], m["ABPP"]) == (f"{nbpp:02d}", f"{nbpp:02d}")
        assert m["PVTYPE"].strip() == ("B" if nbpp == 1 else "SI" if low < 0 else "INT")
        out = read_window(r.get_asset("image:0"))
    assert out.dtype == np.dtype(dtype)
    np.testing.assert_array_equal(out, d)


@pytest.mark.interop
def test_gdal_reads_single_block_bilevel_and_its_own_12_bit_order(tmp_path):
    rng = np.random.default_rng(5)
    bi = rng.integers(0, 2, size=(1, 33, 45)).astype(np.uint8)
    p1 = write_nitf(tmp_path / "b.ntf", bi, PVTYPE="B", IC="NC")  # PVTYPE=B means NBPP=1
    with rasterio.open(p1) as ds:
        assert (ds.tags()["NITF_PVTYPE"], ds.tags()["NITF_ABPP"]) == ("B", "01")
        np.testing.assert_array_equal(ds.read(), bi)
    blocked = write_nitf(tmp_path / "bb.ntf", bi, block=(16, 16), PVTYPE="B", IC="NC")
    np.testing.assert_array_equal(read_all(blocked), bi)
    with rasterio.open(blocked) as ds, pytest.raises(rasterio.errors.RasterioIOError):
        ds.read()  # GDAL 3.10 cannot read blocked bi-level images (ours and osml's agree)
    d = rng.integers(0, 4096, size=(1, 24, 40)).astype(np.uint16)
    p12 = write_nitf(tmp_path / "t.ntf", d, block=(8, 8), NBPP=12, IC="NC")
    with rasterio.open(p12) as ds:
        gdal = ds.read()
    np.testing.assert_array_equal(gdal, ((d & 0xF) << 8) | (d >> 4))
    np.testing.assert_array_equal(read_all(p12), d)


@pytest.mark.interop
def test_osml_reads_our_12_bit_blocks(tmp_path):
    from aws.osml.io import IO as OsmlIO
    d = np.random.default_rng(6).integers(0, 4096, size=(1, 32, 48)).astype(np.uint16)
    path = write_nitf(tmp_path / "o.ntf", d, block=(16, 16), NBPP=12, IC="NC")
    image = OsmlIO.open([str(path)], "r").get_asset("image:0")
    osml = np.block([[np.asarray(image.get_block(r, c, 0))[0] for c in range(3)]
                     for r in range(2)])
    np.testing.assert_array_equal(osml, d[0])


def test_masked_sparse_bilevel_with_pad(tmp_path):
    md = BufferedMetadataProvider()
    md["IC"], md["NBPP"] = "NM", 1
    prov = BufferedImageAssetProvider.create("m", 40, 24, 1, 16, 8, PixelType.UInt8, metadata=md)
    prov.pad_pixel_value = 1
    blk = (np.arange(128).reshape(1, 8, 16) % 3 == 0).astype(np.uint8)
    prov.set_block(1, 2, blk)
    path = tmp_path / "m.ntf"
    with IO.open([str(path)], "w") as w:
        w.add_asset("image:0", prov)
    with IO.open([str(path)]) as r:
        image = r.get_asset("image:0")
        assert image.metadata["NBPP"] == "01" and image.pad_pixel_value == 1
        assert [(a, b) for a in range(3) for b in range(3) if image.has_block(a, b)] == [(1, 2)]
        np.testing.assert_array_equal(image.get_block(1, 2)[:, :, :8], blk[:, :, :8])
        assert (image.get_block(0, 0) == 1).all()
        # mask header, 1-byte pad code (TPXCDLNTH=1), 9 block records, one 16-byte block
        assert int(r.metadata["IMAGE_INFO"][0]["LI"]) == 10 + 1 + 4 * 9 + 16


def test_packed_copy_unchanged_and_reencoded(tmp_path):
    d = np.random.default_rng(7).integers(0, 4096, size=(2, 20, 30)).astype(np.uint16)
    src = write_nitf(tmp_path / "s.ntf", d, block=(16, 16), NBPP=12, IC="NC")
    same, other = tmp_path / "same.ntf", tmp_path / "other.ntf"
    with IO.open([str(src)]) as r:
        image = r.get_asset("image:0")
        with IO.open([str(same)], "w") as w:
            w.metadata = r.metadata
            w.add_asset("image:0", image)
        md = BufferedMetadataProvider(source=image.metadata)
        md["IMODE"] = "S"
        with IO.open([str(other)], "w") as w:
            w.add_asset("image:0", BufferedImageAssetProvider.from_array("x", d, 16, 16,
                                                                         metadata=md))
    assert same.read_bytes() == src.read_bytes()
    with IO.open([str(other)]) as r:
        assert r.get_asset("image:0").metadata["NBPP"] == "12"
    np.testing.assert_array_equal(read_all(other), d)


@pytest.mark.parametrize("dtype,hints,rule", [
    ("uint16", {"NBPP": 1}, "NBPP.*uint8"),
    ("uint8", {"NBPP": 12}, "NBPP.*uint16/int16"),
    ("uint8", {"NBPP": 1, "PVTYPE": "INT"}, "PVTYPE.*B"),
    ("uint8", {"PVTYPE": "B", "NBPP": 8}, "PVTYPE.*NBPP=1"),
    ("uint16", {"NBPP": 12, "IMODE": "X"}, "IMODE.*B, P, R or S"),
])
def test_unwritable_packing_rejected_at_add_asset(tmp_path, dtype, hints, rule):
    md = BufferedMetadataProvider()
    md["IC"] = "NC"
    for k, v in hints.items():
        md[k] = v
    prov = BufferedImageAssetProvider.from_array("x", np.zeros((2, 4, 4), dtype), metadata=md)
    w = IO.open([str(tmp_path / "bad.ntf")], "w")
    with pytest.raises(ValueError, match=rule):
        w.add_asset("image:0", prov)
    w.abort()


@pytest.mark.parametrize("dtype,value", [("uint16", 4096), ("int16", -2049), ("uint8", 2)])
def test_values_that_do_not_fit_fail_the_write(tmp_path, dtype, value):
    d = np.zeros((1, 10, 10), dtype)
    d[0, 9, 9] = value
    path = tmp_path / "v.ntf"
    with pytest.raises(ValueError, match=f"NBPP.*{value}"):
        write_nitf(path, d, NBPP=1 if dtype == "uint8" else 12, IC="NC")
    assert not path.exists()

"""Converting a 12-bit JPEG 2000 NITF (NBPP = ABPP = 12) to uncompressed NITF stores whole
16-bit words (NBPP 16, ABPP 12), which GDAL reads identically, instead of carrying NBPP 12 into a
bit-packed NC image that GDAL unpacks differently; and 11-bit words go to JPEG 2000 as 11 bits."""

import numpy as np
import rasterio

from workbench.io import IO, BufferedImageAssetProvider, BufferedMetadataProvider, PixelType
from workbench.io import imread
from workbench.jobs.convert import convert_file
from workbench.jobs.options import ExportOptions


def test_12_bit_c8_to_nc_stores_words_and_gdal_agrees(tmp_path):
    data = (np.arange(150 * 200) * 7 % 4096).astype(np.uint16).reshape(1, 150, 200)
    meta = BufferedMetadataProvider()
    meta.update({"IC": "C8", "COMRAT": "N001.0", "NBPP": "12", "ABPP": "12", "IMODE": "B"})
    provider = BufferedImageAssetProvider.create(
        key="image:0", num_columns=200, num_rows=150, num_bands=1, pixel_type=PixelType.UInt16,
        actual_bits_per_pixel=12, metadata=meta)
    provider.set_full_image(data)
    src = tmp_path / "pan12.ntf"
    with IO.open([src], "w", "nitf") as writer:
        writer.add_asset("image:0", provider)
    with IO.open(src) as reader:
        assert reader.get_asset("image:0").metadata["NBPP"] == "12"

    out = tmp_path / "pan12_nc.ntf"
    convert_file(str(src), str(out), ExportOptions(format="nitf", compression="NC"))
    _check_converted(out, ("NC", "16", "12"), data)


def _check_converted(out, fields, data):
    """(IC, NBPP, ABPP) of the output, and its pixels as we and GDAL read them."""
    with IO.open(out) as reader:
        m = reader.get_asset("image:0").metadata
        assert (m["IC"], m["NBPP"], m["ABPP"]) == fields
    np.testing.assert_array_equal(imread(out), data)
    with rasterio.open(out) as ds:
        np.testing.assert_array_equal(ds.read(), data)


def test_11_bit_words_convert_to_c8_with_nbpp_equal_abpp(tmp_path):
    """The other way: GDAL stores 11-bit imagery as NC words (NBPP 16, ABPP 11); JPEG 2000
    codes the 11 bits (NBPP = ABPP = 11, BPJ2K01) instead of failing at write time."""
    import warnings

    from workbench.jobs.presets import PresetStore

    data = (np.arange(200 * 300) % 2048).astype(np.uint16).reshape(1, 200, 300)
    src = tmp_path / "pan11.ntf"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with rasterio.open(src, "w", driver="NITF", width=300, height=200, count=1,
                           dtype="uint16", NBITS=11) as ds:
            ds.write(data)
    out = tmp_path / "pan11_c8.ntf"
    convert_file(str(src), str(out), PresetStore().get("nitf-j2k-lossless").options)
    _check_converted(out, ("C8", "11", "11"), data)

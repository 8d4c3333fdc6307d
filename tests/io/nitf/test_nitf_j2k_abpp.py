"""An 11-bit image in 16-bit pixels written as JPEG 2000 without an NBPP hint: NBPP = ABPP = 11
(BPJ2K01 requires them equal), pixels read back identically by us and by GDAL."""

import numpy as np
import rasterio

from workbench.io import IO, BufferedImageAssetProvider, BufferedMetadataProvider, PixelType
from workbench.io import imread


def test_11_bit_c8_without_nbpp_hint(tmp_path):
    data = (np.arange(120 * 160) * 13 % 2048).astype(np.uint16).reshape(1, 120, 160)
    meta = BufferedMetadataProvider()
    meta["IC"] = "C8"
    provider = BufferedImageAssetProvider.create(
        key="image:0", num_columns=160, num_rows=120, num_bands=1, pixel_type=PixelType.UInt16,
        actual_bits_per_pixel=11, metadata=meta)
    provider.set_full_image(data)
    path = tmp_path / "pan11.ntf"
    with IO.open([path], "w", "nitf") as writer:
        writer.add_asset("image:0", provider)
    with IO.open(path) as reader:
        m = reader.get_asset("image:0").metadata
        assert (m["NBPP"], m["ABPP"], m["IC"]) == ("11", "11", "C8")
    np.testing.assert_array_equal(imread(path), data)
    with rasterio.open(path) as ds:
        np.testing.assert_array_equal(ds.read(), data)

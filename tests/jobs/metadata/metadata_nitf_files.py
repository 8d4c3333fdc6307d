"""Real NITF files for the metadata editor tests, written by workbench.io."""

import numpy as np

from workbench.io.tre import default_tre


def write_nitf(path, *, ic="NC", size=(64, 80), block=None, tres=None, text="hello",
               file_fields=None):
    """A real NITF written by workbench.io: one image (with TREs) and one text segment."""
    from workbench.io.core.io import IO
    from workbench.io.core.metadata import BufferedMetadataProvider
    from workbench.io.core.providers import BufferedImageAssetProvider, BufferedTextAssetProvider

    rows, cols = size
    rng = np.random.default_rng(7)
    data = rng.integers(0, 255, (1, rows, cols), dtype=np.uint8)
    meta = BufferedMetadataProvider()
    meta["IC"] = ic
    meta["IMODE"] = "B"
    if ic != "NC":
        meta["COMRAT"] = "N001.0"
    if block:
        meta["NPPBH"], meta["NPPBV"] = str(block), str(block)
    for tag, value in (tres if tres is not None else {"ICHIPB": default_tre("ICHIPB")}).items():
        meta[tag] = value
    provider = BufferedImageAssetProvider.create(
        "image:0", cols, rows, 1, block or None, block or None, metadata=meta)
    provider.set_full_image(data)
    with IO.open([str(path)], "w", "nitf") as writer:
        fm = BufferedMetadataProvider()
        fm["FTITLE"] = "original title"
        fm["OSTAID"] = "TESTSTN"
        for k, v in (file_fields or {}).items():
            fm[k] = v
        writer.metadata = fm
        writer.add_asset("image:0", provider, "the image", "", ["data"])
        if text is not None:
            writer.add_asset("text:0", BufferedTextAssetProvider.create("text:0", text),
                             "notes", "", ["data"])
    return data


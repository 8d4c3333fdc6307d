"""The main header's COD fields are read at their offsets, also when precinct sizes follow (GDAL
writes them): the transformation byte says reversible 5/3 (1) or irreversible 9/7 (0)."""

import numpy as np
import rasterio

from workbench.io.jpeg2000.codestream import parse_main_header


def _codestream(path):
    data = path.read_bytes()
    start = data.find(b"\xff\x4f\xff\x51")
    return data[start:]


def test_reversible_with_and_without_precincts(tmp_path):
    y, x = np.mgrid[0:64, 0:64]
    data = ((x * 3 + y) % 256).astype(np.uint8)[None]
    for reversible, opts in ((True, {"REVERSIBLE": "YES", "QUALITY": "100"}),
                             (False, {"REVERSIBLE": "NO", "QUALITY": "20"})):
        path = tmp_path / f"g{reversible}.jp2"
        with rasterio.open(path, "w", driver="JP2OpenJPEG", width=64, height=64, count=1,
                           dtype="uint8", PRECINCTS="{256,256},{128,128}", **opts) as ds:
            ds.write(data)
        header = parse_main_header(memoryview(_codestream(path)))
        cod = header.segment(0xFF52)
        assert cod[4] & 1, "the test wants precinct sizes in the COD"
        assert header.reversible is reversible

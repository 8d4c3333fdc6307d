"""Resolution-level decoding by rewriting a tile's codestream: same pixels as OpenJPEG's own
reduced decode (through Pillow), or None where the rewrite would not be exact."""

from __future__ import annotations

import io

import imagecodecs
import numpy as np
import pytest
from PIL import Image

from workbench.io.jpeg2000.reduce import reduced_codestream

from .test_format import scene


def pillow_reduce(cs: bytes, k: int) -> np.ndarray:
    with Image.open(io.BytesIO(cs)) as im:
        im.reduce = k
        im.load()
        return np.asarray(im)


def pillow_encode(array, **kw) -> bytes:
    out = io.BytesIO()
    Image.fromarray(array).save(out, "JPEG2000", no_jp2=True, num_resolutions=6, **kw)
    return out.getvalue()


RGB = np.ascontiguousarray(np.moveaxis(scene(3, 512, 512), 0, -1))
GRAY = scene(1, 500, 350)[0]
CASES = {
    "lossless rgb": lambda: imagecodecs.jpeg2k_encode(RGB, codecformat="j2k", reversible=True,
                                                      resolutions=6),
    "lossy rgb": lambda: imagecodecs.jpeg2k_encode(RGB, codecformat="j2k", reversible=False,
                                                   level=38, resolutions=6),
    "odd gray": lambda: imagecodecs.jpeg2k_encode(GRAY, codecformat="j2k", reversible=True,
                                                  resolutions=5),
    "rpcl 3 layers lossy": lambda: pillow_encode(RGB, progression="RPCL", irreversible=True,
                                                 quality_mode="rates",
                                                 quality_layers=[20, 5, 2]),
    "precincts": lambda: pillow_encode(RGB, precinct_size=(64, 64), progression="RLCP"),
}


@pytest.mark.parametrize("case", sorted(CASES))
@pytest.mark.parametrize("k", [1, 3])
def test_rewrite_decodes_like_reduce(case, k):
    cs = CASES[case]()
    rewritten = reduced_codestream(cs, k)
    assert rewritten is not None
    got, ref = imagecodecs.jpeg2k_decode(rewritten), pillow_reduce(cs, k)
    if "lossy" in case:  # 9/7 + ICT in floating point: a rare 1-count rounding difference
        assert got.shape == ref.shape and np.abs(got.astype(int) - ref).max() <= 1
        assert (got != ref).mean() < 0.001
    else:
        np.testing.assert_array_equal(got, ref)


def test_layered_lrcp_is_refused():
    cs = pillow_encode(GRAY, quality_mode="rates", quality_layers=[20, 5, 1])
    assert reduced_codestream(cs, 1) is None

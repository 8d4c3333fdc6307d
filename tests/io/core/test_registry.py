import io

import numpy as np
import pytest

from workbench.io import IO, imsave
from workbench.io.core import registry


@pytest.mark.parametrize("name, canonical", [
    ("nitf", "nitf"), ("NITF21", "nitf"), ("nitf2.1", "nitf"), ("nsif", "nsif"),
    ("NSIF10", "nsif"), ("nsif1.0", "nsif"), ("tiff", "tiff"), ("tif", "tiff"),
    ("GeoTIFF", "tiff"), ("gtiff", "tiff"), ("png", "png"), ("j2k", "jpeg2000"),
    ("jp2", "jpeg2000"), ("jpeg", "jpeg"), ("JPG", "jpeg"),
])
def test_every_format_string(name, canonical):
    assert registry.by_name(name).name == canonical


@pytest.mark.parametrize("path, canonical", [
    ("a.ntf", "nitf"), ("a.NITF", "nitf"), ("a.nsf", "nsif"), ("a.nsif", "nsif"),
    ("a.tif", "tiff"), ("a.tiff", "tiff"), ("a.gtif", "tiff"), ("a.gtiff", "tiff"),
    ("a.png", "png"), ("a.j2k", "jpeg2000"), ("a.jp2", "jpeg2000"), ("a.jpg", "jpeg"),
    ("a.jpeg", "jpeg"), ("out.ntf.r1", "nitf"), ("out.tif.R12", "tiff"),
])
def test_every_extension(path, canonical):
    assert registry.for_write(path, None).name == canonical


def test_unknown_extension_tells_to_pass_format():
    with pytest.raises(ValueError, match="format="):
        IO.open(["out.xyz"], "w")
    with pytest.raises(ValueError, match="unknown format"):
        IO.open(["out.png"], "w", "bmp")


def test_format_given_wins_over_extension(tmp_path):
    target = tmp_path / "really_png.jpg"
    imsave(target, np.zeros((8, 8), np.uint8), format="png")
    assert target.read_bytes().startswith(b"\x89PNG")


def test_magic_bytes_decide_when_extension_is_wrong_or_missing(tmp_path):
    imsave(tmp_path / "a.png", np.full((4, 5), 7, np.uint8))
    (tmp_path / "a.png").rename(tmp_path / "mislabelled.jpg")
    (tmp_path / "noext").write_bytes((tmp_path / "mislabelled.jpg").read_bytes())
    for p in ("mislabelled.jpg", "noext"):
        with IO.open(tmp_path / p) as r:
            assert r.get_asset("image:0").num_columns == 5


def test_streams_need_format():
    with pytest.raises(ValueError, match="format="):
        IO.open(io.BytesIO(b"\x89PNG\r\n\x1a\n"), "r")
    with pytest.raises(ValueError, match="format="):
        imsave(io.BytesIO(), np.zeros((2, 2), np.uint8))


def test_bad_mode():
    with pytest.raises(ValueError, match="mode"):
        IO.open(["a.png"], "a")

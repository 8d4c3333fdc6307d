"""Documents for the metadata editor tests: real files where the format exists, and NITF-shaped
documents built as plain data (segments of header fields and decoded TREs)."""

import os
import sys

import numpy as np
import pytest

sys.path.insert(0, os.path.dirname(__file__))  # the helper module beside this file

from workbench.io.core.convenience import imsave
from workbench.io.tre import default_tre
from workbench.jobs.metadata import MetadataDocument, Segment

from metadata_nitf_files import write_nitf  # noqa: E402


@pytest.fixture
def png_path(tmp_path):
    path = tmp_path / "gray.png"
    imsave(str(path), (np.arange(64 * 48) % 251).astype(np.uint8).reshape(48, 64))
    return path


@pytest.fixture
def nitf_like():
    """A NITF-shaped document: file header, one image subheader with ICHIPB and BLOCKA, one
    text segment."""
    file_fields = {"FHDR": "NITF", "FVER": "02.10", "FTITLE": "a title".ljust(80),
                   "FSCLAS": "U", "FSCODE": " " * 11, "FL": "000000001234"}
    image_fields = {"IID1": "IMG0      ", "ISCLAS": "U", "ISCODE": " " * 11, "NROWS": "00000064",
                    "IC": "NC", "ICHIPB": default_tre("ICHIPB"), "BLOCKA": default_tre("BLOCKA")}
    text_fields = {"TEXTID": "TXT0   ", "TSCLAS": "U"}
    return MetadataDocument([
        Segment("file", "file", file_fields),
        Segment("image:0", "image", image_fields, title="img"),
        Segment("text:0", "text", text_fields, text="hello"),
    ], "nitf", None)


@pytest.fixture
def nitf_path(tmp_path):
    path = tmp_path / "src.ntf"
    write_nitf(path)
    return path

import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from workbench.io.tre import default_tre  # noqa: E402
from workbench.jobs.metadata import MetadataDocument, Segment  # noqa: E402


@pytest.fixture
def nitf_like_doc():
    """A NITF-shaped document as plain data (file header, image with ICHIPB, text)."""
    return MetadataDocument([
        Segment("file", "file", {"FHDR": "NITF", "FVER": "02.10", "FTITLE": "title".ljust(80),
                                 "FSCLAS": "U", "FL": "000000001234"}),
        Segment("image:0", "image", {"IID1": "IMG0      ", "ISCLAS": "U", "NROWS": "00000064",
                                     "ICHIPB": default_tre("ICHIPB")}, title="img"),
        Segment("text:0", "text", {"TEXTID": "TXT0   ", "TSCLAS": "U"}, text="hello"),
    ], "nitf", None)


@pytest.fixture
def panel(qtbot, nitf_like_doc):
    from workbench.gui.metadata_ui import MetadataPanel

    p = MetadataPanel()
    qtbot.addWidget(p)
    p.resize(900, 600)
    p.set_document(nitf_like_doc)
    p.show()
    return p

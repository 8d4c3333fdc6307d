"""JPEG 2000 metadata in the tree: JP2 boxes (XML boxes parsed with defusedxml) and the
codestream's SIZ/COD facts, on .jp2/.j2k files written by workbench.io and by GDAL."""

import numpy as np
import pytest
import rasterio
from rasterio.transform import from_origin

from workbench.io.core.convenience import imsave
from workbench.io.core.io import IO
from workbench.io.core.metadata import BufferedMetadataProvider
from workbench.io.core.providers import BufferedImageAssetProvider
from workbench.jobs.metadata import MetadataDocument, build_tree, document_problems, tree_text
from workbench.jobs.metadata.jp2_view import BOXES, CODESTREAM

from metadata_nitf_files import write_nitf


def _write_ours(path, *, lossless=True, tile=32, levels=3, bands=3):
    data = (np.arange(bands * 72 * 96) % 251).astype(np.uint8).reshape(bands, 72, 96)
    meta = BufferedMetadataProvider()
    meta.update(J2K_TILE_WIDTH=str(tile), J2K_TILE_HEIGHT=str(tile),
                J2K_DECOMPOSITION_LEVELS=str(levels), J2K_LOSSLESS=str(lossless).lower())
    provider = BufferedImageAssetProvider.create("image:0", 96, 72, bands, metadata=meta)
    provider.set_full_image(data)
    with IO.open([str(path)], "w") as writer:
        writer.add_asset("image:0", provider, "img", "", ["data"])


def _gdal_jp2(path, **options):
    with rasterio.open(path, "w", driver="JP2OpenJPEG", width=64, height=48, count=1,
                       dtype="uint8", crs="EPSG:32633",
                       transform=from_origin(500000, 4000000, 10, 10), **options) as dst:
        dst.write((np.arange(64 * 48) % 256).astype(np.uint8).reshape(1, 48, 64))


def _boxes(doc):
    return doc.segment("file").info[BOXES]


def _find(rows, kind):
    for row in rows:
        if row["box"] == kind:
            yield row
        yield from _find(row.get("boxes", []), kind)


def test_our_jp2_shows_boxes_and_codestream(tmp_path):
    path = tmp_path / "ours.jp2"
    _write_ours(path, lossless=False, tile=32, levels=3)
    doc = MetadataDocument.open(path)
    boxes = _boxes(doc)
    assert [b["box"] for b in boxes] == ["jP  ", "ftyp", "jp2h", "jp2c"]
    assert [b["box"] for b in boxes[2]["boxes"]] == ["ihdr", "colr"]
    ihdr = boxes[2]["boxes"][0]
    assert (ihdr["height"], ihdr["width"], ihdr["components"]) == ("72", "96", "3")
    assert boxes[2]["boxes"][1]["colorspace"] == "sRGB"
    assert int(boxes[3]["offset"]) + int(boxes[3]["length"]) == path.stat().st_size
    cs = doc.segment("image:0").info[CODESTREAM]
    assert (cs["width"], cs["height"], cs["tile_size"], cs["tiles"]) == \
           ("96", "72", "32 x 32", "3 x 3 = 9")
    assert (cs["levels"], cs["layers"], cs["reversible"]) == ("3", "1", "False")
    assert cs["progression"] in ("LRCP", "RLCP", "RPCL", "PCRL", "CPRL")
    assert len(cs["components"]) == 3 and cs["components"][0]["precision"] == "8"
    # read-only facts: shown in the tree, not editable, never problems
    tree = build_tree(doc)
    node = tree.find(("image:0", CODESTREAM, "levels"))
    assert node is not None and node.value == "3" and not node.editable
    assert doc.field_meta(("image:0", CODESTREAM, "levels")).readonly
    assert document_problems(doc) == []


def test_our_georeferenced_jp2_shows_the_geojp2_uuid_box(tmp_path):
    path = tmp_path / "geo.jp2"
    imsave(str(path), np.zeros((40, 50), np.uint16),
           corners=[(10.0, 50.0), (10.5, 50.0), (10.5, 49.6), (10.0, 49.6)], crs="EPSG:4326")
    doc = MetadataDocument.open(path)
    (uuid_box,) = _find(_boxes(doc), "uuid")
    assert uuid_box["uuid"] == "b14bf8bd-083d-4b43-a5ae-8cd7d5a6ce03"
    assert uuid_box["kind"].startswith("GeoJP2")
    assert uuid_box["GeoGeographicCRS"] == "4326"
    cs = doc.segment("image:0").info[CODESTREAM]
    assert cs["components"][0]["precision"] == "16" and cs["reversible"] == "True"


def test_gdal_gmljp2_xml_box_is_parsed_into_rows(tmp_path):
    path = tmp_path / "gdal.jp2"
    _gdal_jp2(str(path), GMLJP2="YES", GeoJP2="NO", REVERSIBLE="YES", QUALITY=100,
              RESOLUTIONS=3, PROGRESSION="RPCL", BLOCKXSIZE=64, BLOCKYSIZE=32)
    with rasterio.open(path) as src:
        gdal_block = src.block_shapes[0]
    doc = MetadataDocument.open(path)
    boxes = _boxes(doc)
    assert boxes[0]["box"] == "jP  " and boxes[-1]["box"] == "jp2c"
    labels = [b["label"].strip() for b in _find(boxes, "lbl ")]
    assert "gml.data" in labels and "gml.root-instance" in labels
    (xml_box,) = _find(boxes, "xml ")
    assert "RectifiedGrid" in xml_box["xml"]
    tree = build_tree(doc)
    xml_nodes = [n for n in tree.walk() if n.name == "xml" and n.kind == "group"]
    assert len(xml_nodes) == 1
    pos = [n for n in xml_nodes[0].walk() if n.name == "<pos>"]
    assert [n.value for n in pos] == ["500005 3999995"]
    text = tree_text(tree)
    assert "<offsetVector> = 10 0" in text and "<offsetVector> = 0 -10" in text
    cs = doc.segment("image:0").info[CODESTREAM]
    assert cs["progression"] == "RPCL" and cs["levels"] == "2" and cs["reversible"] == "True"
    assert cs["tile_size"] == f"{gdal_block[1]} x {gdal_block[0]}"
    # the reader took its georeference from the same GML
    assert doc.segment("image:0").fields["GeoProjectedCRS"] == "32633"


def test_gdal_lossy_jp2_is_not_reversible(tmp_path):
    path = tmp_path / "lossy.jp2"
    _gdal_jp2(str(path), REVERSIBLE="NO", QUALITY=30, RESOLUTIONS=4)
    cs = MetadataDocument.open(path).segment("image:0").info[CODESTREAM]
    assert (cs["reversible"], cs["wavelet"], cs["levels"]) == ("False", "9/7 irreversible", "3")


def test_bare_codestream_has_no_boxes(tmp_path):
    path = tmp_path / "bare.j2k"
    imsave(str(path), np.zeros((30, 20), np.uint8))
    doc = MetadataDocument.open(path)
    assert BOXES not in doc.segment("file").info
    cs = doc.segment("image:0").info[CODESTREAM]
    assert (cs["width"], cs["height"]) == ("20", "30")


def test_xml_box_with_entities_is_not_expanded(tmp_path):
    """A billion-laughs XML box: defusedxml refuses it, the text is shown, no rows are made."""
    path = tmp_path / "ours.jp2"
    _write_ours(path, bands=1)
    raw = path.read_bytes()
    bomb = (b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa">'
            b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><r>&b;</r>')
    box = len(bomb + b"xxxxxxxx").to_bytes(4, "big") + b"xml " + bomb
    doc0 = MetadataDocument.open(path)
    jp2c = int(_boxes(doc0)[-1]["offset"])
    evil = tmp_path / "evil.jp2"
    evil.write_bytes(raw[:jp2c] + box + raw[jp2c:])
    doc = MetadataDocument.open(evil)
    (xml_box,) = _find(_boxes(doc), "xml ")
    assert "ENTITY" in xml_box["xml"]
    node = build_tree(doc).find(("file", BOXES, 3, "xml"))
    assert node is not None and node.children == []
    assert "aaaaaaaaaa" * 10 not in tree_text(build_tree(doc))


def test_nitf_jpeg2000_segment_shows_its_codestream_and_saves_without_it(tmp_path):
    src = tmp_path / "c8.ntf"
    write_nitf(src, ic="C8", size=(128, 128), block=64)
    doc = MetadataDocument.open(src)
    cs = doc.segment("image:0").info[CODESTREAM]
    assert (cs["width"], cs["tile_size"], cs["tiles"]) == ("128", "64 x 64", "2 x 2 = 4")
    assert CODESTREAM not in doc.segment("image:0").fields
    from workbench.jobs.metadata import save_document

    out = tmp_path / "out.ntf"
    save_document(doc, str(out))
    with IO.open([str(src)]) as a, IO.open([str(out)]) as b:
        assert bytes(a.get_asset("image:0").segment_data) == \
               bytes(b.get_asset("image:0").segment_data)
        assert not any(k.startswith("J2K") for k in b.get_asset("image:0").metadata.to_dict())


@pytest.mark.parametrize("suffix", [".jp2", ".j2k"])
def test_jpeg2000_metadata_is_read_only(tmp_path, suffix):
    path = tmp_path / f"a{suffix}"
    imsave(str(path), np.zeros((8, 8), np.uint8))
    doc = MetadataDocument.open(path)
    assert not doc.editable
    assert not any(n.editable for n in build_tree(doc).walk())

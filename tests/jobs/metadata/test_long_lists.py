"""A GeoTIFF's tile offsets (thousands of numbers) are one summary row of the metadata tree, so
opening a big COG does not build tens of thousands of rows."""

import numpy as np

from workbench.io import imsave
from workbench.jobs.metadata import MetadataDocument
from workbench.jobs.metadata.tree import build_tree


def test_tile_offsets_are_summarised(tmp_path):
    path = tmp_path / "many_tiles.tif"
    imsave(path, np.zeros((1, 2048, 2048), np.uint8), block_size=(16, 16))  # 16,384 tiles
    root = build_tree(MetadataDocument.open(str(path)))
    nodes = list(root.walk())
    assert len(nodes) < 500
    offsets = [n for n in nodes if n.name in ("324", "TileOffsets") or "TileOffsets" in n.name]
    assert offsets and offsets[0].value.startswith("16384 values: ")
    assert not offsets[0].children

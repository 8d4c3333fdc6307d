"""The PNG format entry points the registry calls: reader, writer, imsave plan."""

from __future__ import annotations

from ..core.convenience import ImsavePlan
from ..core.metadata import BufferedMetadataProvider
from .reader import open_png
from .writer import PngWriter


def open_reader(sources, fmt):
    return open_png(sources)


def open_writer(targets, fmt):
    return PngWriter(targets, fmt)


def imsave_plan(spec, array, *, compression, block_size, quality, corners, crs) -> ImsavePlan:
    meta = BufferedMetadataProvider()
    if quality is not None:
        meta["PNG_COMPRESSION_LEVEL"] = str(int(quality))
    return ImsavePlan(meta)

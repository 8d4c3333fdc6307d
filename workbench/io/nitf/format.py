"""NITF 2.1 / NSIF 1.0 format module: the entry points the registry calls."""

from __future__ import annotations

from .reader import NitfReader


def open_reader(sources, fmt):
    return NitfReader(sources, fmt)


def open_writer(targets, fmt):
    from .writer import NitfWriter
    return NitfWriter(targets, fmt)


def imsave_plan(spec, array, *, compression, block_size, quality, corners, crs):
    from .imsave import plan
    return plan(spec, array, compression=compression, block_size=block_size, quality=quality,
                corners=corners, crs=crs)

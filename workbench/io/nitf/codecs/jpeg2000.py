"""NITF JPEG 2000 (C8, M8) and HTJ2K (CD, MD) per the BIIF profile BPJ2K01: one codestream whose
tiles are the NITF blocks. The header is the codestream's main header, each unit one block's
tile-parts (absent blocks of M8/MD carry none), the trailer EOC. COMRAT mapping: see
:mod:`workbench.io.jpeg2000.hints`. ``J2K_DECOMPOSITION_LEVELS`` and ``J2K_QUALITY_LAYERS`` are
read here only."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from workbench.io.core.errors import FormatError, MetadataError
from workbench.io.jpeg2000.assemble import TiledDecoder, encode_tiled
from workbench.io.jpeg2000.hints import DEFAULT_LAYERS, DEFAULT_LEVELS, int_hint, parse_comrat
from workbench.io.jpeg2000.encode import EncodeParams, TileGrid, storable_dtype

from .base import BlockDecoder, EncodedImage, ImageCodec, ImageLayout, register_codec

MAX_NBPP = 31  # what OpenJPEG/OpenJPH code; NITF allows up to 38 for J2K


class Jpeg2000Codec(ImageCodec):
    ic_codes = ("C8", "M8", "CD", "MD")

    def params(self, layout: ImageLayout, hints: Mapping) -> EncodeParams:
        comrat = parse_comrat(hints.get("COMRAT"))
        levels = int_hint(hints, "J2K_DECOMPOSITION_LEVELS", DEFAULT_LEVELS, 0, 32)
        layers = int_hint(hints, "J2K_QUALITY_LAYERS", DEFAULT_LAYERS, 1, 255)
        rate = None if comrat.lossless else (comrat.rate or 1.0)
        return EncodeParams(lossless=comrat.lossless, bits_per_sample=rate, levels=levels,
                            layers=layers, htj2k=layout.ic in ("CD", "MD"),
                            precision=layout.nbpp).clamp_levels(layout.block_width,
                                                                layout.block_height)

    def validate(self, layout: ImageLayout, hints: Mapping) -> None:
        if layout.imode != "B":
            raise MetadataError(f"IMODE: JPEG 2000 (IC={layout.ic}) requires IMODE B (block "
                                f"interleaved, BPJ2K01.20), got {layout.imode!r}")
        if not 1 <= layout.nbpp <= 38:
            raise MetadataError(f"NBPP: JPEG 2000 requires 1 to 38 bits per pixel, got "
                                f"{layout.nbpp}")
        if layout.abpp != layout.nbpp:
            raise MetadataError(f"ABPP: JPEG 2000 requires ABPP equal to NBPP ({layout.nbpp}), "
                                f"got {layout.abpp}")
        storable_dtype(layout.dtype, "PVTYPE/NBPP")
        if layout.nbpp > min(MAX_NBPP, np.dtype(layout.dtype).itemsize * 8):
            raise MetadataError(f"NBPP: {layout.nbpp} bits do not fit the {layout.dtype} pixels "
                                f"or exceed the {MAX_NBPP} bits this encoder codes")
        params = self.params(layout, hints)
        TileGrid(layout.cols, layout.rows, layout.block_width, layout.block_height,
                 layout.bands, np.dtype(layout.dtype)).plan(params)
        parse_comrat(hints.get("COMRAT")).field(layout.nbpp)

    def comrat(self, layout: ImageLayout, hints: Mapping) -> str:
        return parse_comrat(hints.get("COMRAT")).field(layout.nbpp)

    def encode(self, layout, hints, get_block, report) -> EncodedImage:
        self.validate(layout, hints)
        params = self.params(layout, hints)
        masked = layout.ic in ("M8", "MD")
        bw, bh = layout.block_width, layout.block_height

        def tile(r, c):
            block = get_block(r, c)
            if block is None:
                if not masked:
                    raise MetadataError(f"IC: block ({r}, {c}) is absent but IC={layout.ic} "
                                        "stores every block (use M8/MD for sparse images)")
                return None
            h, w = min(bh, layout.rows - r * bh), min(bw, layout.cols - c * bw)
            return np.asarray(block)[:, :h, :w].astype(layout.dtype, copy=False)

        header, units = encode_tiled(layout.cols, layout.rows, bw, bh, layout.bands,
                                     layout.dtype, params, tile, report)
        return EncodedImage(header, units, b"\xff\xd9")

    def open_decoder(self, layout, data, unit_offsets) -> BlockDecoder:
        present = [o for o in (unit_offsets or []) if o is not None]
        if present and bytes(data[present[0]:present[0] + 2]) == b"\xff\x4f":
            return BlockCodestreamsDecoder(layout, data, unit_offsets)
        return Jpeg2000BlockDecoder(layout, data)


class Jpeg2000BlockDecoder(BlockDecoder):
    def __init__(self, layout: ImageLayout, data):
        self.layout = layout
        self.tiles = TiledDecoder(data, f"IC={layout.ic} image")
        siz = self.tiles.siz
        if (siz.width, siz.height) != (layout.cols, layout.rows):
            raise FormatError(f"J2K SIZ: codestream is {siz.width}x{siz.height}, the NITF "
                              f"image subheader says {layout.cols}x{layout.rows}")
        if self.tiles.bands != layout.bands:
            raise FormatError(f"J2K SIZ: codestream has {self.tiles.bands} components, the "
                              f"NITF image subheader says NBANDS={layout.bands}")
        self.num_resolution_levels = self.tiles.levels + 1
        self._same_grid = (siz.xtsiz, siz.ytsiz, siz.xtosiz, siz.ytosiz, siz.xosiz,
                           siz.yosiz) == (layout.block_width, layout.block_height, 0, 0, 0, 0)

    def decode_block(self, row: int, col: int, level: int) -> np.ndarray:
        lay, s = self.layout, 1 << level
        full = (lay.bands, -(-lay.block_height // s), -(-lay.block_width // s))
        if self._same_grid:
            pix = self.tiles.tile_pixels(row * self.tiles.siz.tiles_across + col, level,
                                         lay.dtype)
        else:
            y0, x0 = row * lay.block_height, col * lay.block_width
            pix = self.tiles.region(x0, y0, min(x0 + lay.block_width, lay.cols),
                                    min(y0 + lay.block_height, lay.rows), level, lay.dtype)
        if pix.shape == full:
            return pix
        out = np.zeros(full, dtype=lay.dtype)
        h, w = min(full[1], pix.shape[1]), min(full[2], pix.shape[2])
        out[:, :h, :w] = pix[:, :h, :w]
        return out


class BlockCodestreamsDecoder(BlockDecoder):
    """Masked images whose every present block is a codestream of its own (SOC..EOC at each
    block-mask offset), as osml-imagery-io writes M8."""

    def __init__(self, layout: ImageLayout, data, unit_offsets):
        self.layout = layout
        self.data = data
        self.offsets = list(unit_offsets)
        ends = sorted({o for o in self.offsets if o is not None} | {len(data)})
        self._end = {a: b for a, b in zip(ends, ends[1:])}
        first = next(o for o in self.offsets if o is not None)
        self.num_resolution_levels = TiledDecoder(data[first:self._end[first]]).levels + 1

    def decode_block(self, row: int, col: int, level: int) -> np.ndarray:
        lay = self.layout
        start = self.offsets[row * lay.blocks_per_row + col]
        if start is None:
            raise FormatError(f"IC={lay.ic} block ({row}, {col}) is masked (no data)")
        tiles = TiledDecoder(self.data[start:self._end[start]],
                             f"IC={lay.ic} block ({row}, {col}) at offset {start}")
        pix = tiles.region(0, 0, tiles.siz.width, tiles.siz.height, level, lay.dtype)
        s = 1 << level
        full = (lay.bands, -(-lay.block_height // s), -(-lay.block_width // s))
        out = np.zeros(full, dtype=lay.dtype)
        h, w = min(full[1], pix.shape[1]), min(full[2], pix.shape[2])
        out[:, :h, :w] = pix[:, :h, :w]
        return out


register_codec(Jpeg2000Codec())

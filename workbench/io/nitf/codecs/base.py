"""The NITF image-codec interface: the contract between the NITF container and its compression codecs.

The container owns the image subheader, the block mask table, pad-pixel masks, lengths (LI), CLEVEL
and clipping decoded blocks to the image edge. A codec owns everything inside the compressed bytes
and the COMRAT mapping. ``J2K_*`` hints are codec-only.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

import numpy as np

from workbench.io.core.errors import UnsupportedError


@dataclass(frozen=True)
class ImageLayout:
    rows: int
    cols: int
    bands: int
    block_width: int    # real pixel sizes (NPPBH/NPPBV of 0000 resolved to the image size)
    block_height: int
    blocks_per_row: int  # NBPR
    blocks_per_col: int  # NBPC
    dtype: np.dtype      # numpy dtype of decoded pixels (native byte order)
    nbpp: int
    abpp: int
    pvtype: str
    pjust: str
    imode: str
    ic: str
    irep: str
    band_reps: tuple[str, ...]  # IREPBAND per band, stripped

    @property
    def num_blocks(self) -> int:
        return self.blocks_per_row * self.blocks_per_col


@dataclass
class EncodedImage:
    header: bytes                   # written first (e.g. J2K main header); b"" if none
    units: Iterator[bytes | None]   # one per block-mask-table entry in NITF order; None = absent block
    trailer: bytes                  # written last (e.g. EOC); b"" if none


class BlockDecoder:
    """Returned by :meth:`ImageCodec.open_decoder`."""

    num_resolution_levels: int = 1

    def decode_block(self, row: int, col: int, level: int) -> np.ndarray:
        """CHW array, all bands, the FULL block size at that level, dtype ``layout.dtype``.

        Raises :class:`~workbench.io.core.errors.FormatError` naming the block and offset on corrupt
        data."""
        raise NotImplementedError


class ImageCodec:
    ic_codes: tuple[str, ...] = ()

    def validate(self, layout: ImageLayout, hints: Mapping) -> None:
        """Raise MetadataError naming the field and the rule, before anything is written."""

    def comrat(self, layout: ImageLayout, hints: Mapping) -> str:
        """The exact 4-character COMRAT value to write in the subheader."""
        raise NotImplementedError

    def encode(self, layout: ImageLayout, hints: Mapping,
               get_block: Callable[[int, int], np.ndarray | None],
               report: Callable[[float, str], None]) -> EncodedImage:
        raise NotImplementedError

    def open_decoder(self, layout: ImageLayout, data: memoryview,
                     unit_offsets: list[int | None] | None) -> BlockDecoder:
        raise NotImplementedError


_CODECS: dict[str, ImageCodec] = {}

_MODULES = {"NC": "uncompressed", "NM": "uncompressed", "C8": "jpeg2000", "M8": "jpeg2000",
            "CD": "jpeg2000", "MD": "jpeg2000", "C3": "jpeg", "M3": "jpeg", "I1": "jpeg"}


def register_codec(codec: ImageCodec) -> None:
    for ic in codec.ic_codes:
        _CODECS[ic] = codec


def get_codec(ic: str) -> ImageCodec:
    """The codec for an IC value, importing its module on first use."""
    codec = _CODECS.get(ic)
    if codec is not None:
        return codec
    module = _MODULES.get(ic)
    if module is None:
        raise UnsupportedError(f"IC {ic!r}: no codec for this image compression")
    try:
        importlib.import_module(f"workbench.io.nitf.codecs.{module}")
    except ImportError as exc:
        raise UnsupportedError(f"IC {ic!r}: codec module {module!r} is not available ({exc})") from exc
    codec = _CODECS.get(ic)
    if codec is None:
        raise UnsupportedError(f"IC {ic!r}: codec module {module!r} did not register it")
    return codec

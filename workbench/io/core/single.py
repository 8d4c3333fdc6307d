"""Formats that hold one whole-image codestream (PNG, JPEG): one block, decoded once."""

from __future__ import annotations

import threading

import numpy as np

from .assets import ImageAsset
from .dataset import DatasetReader, DatasetWriter
from .enums import AssetType, PixelType
from .errors import FormatError, UnsupportedError
from .geometry import select_bands
from .metadata import MetadataProvider
from .parallel import ordered_map


class WholeImageAsset(ImageAsset):
    """An image stored as one encoded stream: the single block is the whole image. The decoded
    array is kept after the first read (these formats are small by nature)."""

    def __init__(self, key, source_name: str, encoded, decode, shape, dtype, metadata,
                 actual_bits: int | None = None):
        super().__init__(key, title=source_name, description="", roles=["data"],
                         metadata=MetadataProvider(metadata))
        self.num_bands, self.num_rows, self.num_columns = shape
        self.pixel_value_type = PixelType.from_numpy_dtype(dtype)
        self.num_bits_per_pixel = self.pixel_value_type.bits_per_pixel
        self.actual_bits_per_pixel = actual_bits or self.num_bits_per_pixel
        self.num_pixels_per_block_horizontal = self.num_columns
        self.num_pixels_per_block_vertical = self.num_rows
        self.num_resolution_levels = 1
        self._encoded = encoded
        self._decode = decode
        self._decoded: np.ndarray | None = None
        self._lock = threading.Lock()

    def decoded(self) -> np.ndarray:
        with self._lock:
            if self._decoded is None:
                try:
                    array = self._decode(self._encoded)
                except Exception as exc:
                    raise FormatError(f"cannot decode {self.title}: {exc}") from exc
                array = np.asarray(array)
                if array.ndim == 2:
                    array = array[:, :, np.newaxis]
                chw = np.moveaxis(array, -1, 0)
                if chw.shape != self.image_shape:
                    raise FormatError(f"{self.title}: decoded shape {chw.shape} differs from the "
                                      f"header's {self.image_shape}")
                self._decoded = chw
            return self._decoded

    def _read_block(self, row, col, level, bands):
        return select_bands(self.decoded(), bands)


class WholeImageReader(DatasetReader):
    def __init__(self, sources, asset: WholeImageAsset, metadata=None):
        super().__init__(sources, MetadataProvider(metadata or {}))
        self._add(asset)


_STRIP_ROWS = 256


def interleaved_image(asset) -> np.ndarray:
    """The whole image as one pixel-interleaved (rows, columns, bands) array, as whole-image
    encoders want it: each block is copied straight into place (CHW -> HWC), in row strips on
    the block pool (numpy copies release the GIL); absent blocks hold the pad value."""
    out = np.empty((asset.num_rows, asset.num_columns, asset.num_bands), dtype=asset.dtype)
    nrows, ncols = asset.block_grid_size

    def strips():
        for r in range(nrows):
            for c in range(ncols):
                by, bx, bh, bw = asset.block_bounds(r, c)
                for y0 in range(0, bh, _STRIP_ROWS):
                    yield r, c, by, bx, y0, min(bh, y0 + _STRIP_ROWS), bw

    blocks: dict = {}

    def block_of(r, c):
        if (r, c) not in blocks:  # strips arrive in order: keep only the current block
            blocks.clear()
            blocks[(r, c)] = (asset.get_block(r, c) if asset.has_block(r, c)
                              else asset.pad_block(r, c, 0))
        return blocks[(r, c)]

    def copy(args):
        r, c, by, bx, y0, y1, bw, block = args
        out[by + y0:by + y1, bx:bx + bw] = np.moveaxis(block[:, y0:y1, :bw], 0, -1)

    work = ((r, c, by, bx, y0, y1, bw, block_of(r, c))
            for r, c, by, bx, y0, y1, bw in strips())
    for _ in ordered_map(copy, work):
        pass
    return out


class WholeImageWriter(DatasetWriter):
    """Writes the one image asset given; subclasses implement ``encode(hwc, metadata)``."""

    format_label = "image"

    def validate_item(self, item) -> None:
        if item.asset.asset_type != AssetType.Image:
            raise UnsupportedError(f"{self.format_label} files hold images only, "
                                   f"not {item.asset.asset_type.name.lower()} asset {item.key!r}")
        if [i for i in self._assets if not i.is_overview] and not item.is_overview:
            raise UnsupportedError(f"a {self.format_label} file holds one image; "
                                   f"{item.key!r} would be a second")
        self.check_image(item.asset)

    def check_image(self, asset) -> None:
        """Raise ValueError for pixel types/band counts the format cannot hold."""

    def write(self, out) -> None:
        items = [i for i in self._assets if not i.is_overview]
        if not items:
            raise ValueError(f"nothing to write: add an image asset to the {self.format_label} "
                             "writer")
        asset = items[0].asset
        self.report(0.0, f"reading {items[0].key}")
        hwc = interleaved_image(asset)
        self.report(0.5, f"encoding {self.format_label}")
        if hwc.shape[2] == 1:
            hwc = hwc[:, :, 0]
        out.file.write(self.encode(hwc, asset.metadata))
        self.report(1.0, "done")

    def encode(self, hwc: np.ndarray, metadata) -> bytes:
        raise NotImplementedError

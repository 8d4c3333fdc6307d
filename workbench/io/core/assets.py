"""Asset base classes shared by readers and in-memory providers.

An image asset exposes the 14 provider attributes of the specification plus ``roles``,
``metadata``, ``image_shape``, ``block_shape`` and ``block_grid_size``. ``get_block`` returns a
CHW array ``(bands, h, w)`` of the block's pixels clipped to the image edge at that resolution
level (a full block inside the image, a partial one at the right/bottom edge).
"""

from __future__ import annotations

import numpy as np

from .enums import AssetType, PixelType
from .geometry import BlockGridMixin
from .metadata import BufferedMetadataProvider, MetadataProvider


class Asset:
    """Common attributes of every asset."""

    asset_type: AssetType

    def __init__(self, key: str, title: str = "", description: str = "", roles=None,
                 metadata: MetadataProvider | None = None):
        self.key = key
        self.title = title
        self.description = description
        self.roles = list(roles) if roles else ["data"]
        self._metadata = metadata if metadata is not None else BufferedMetadataProvider()

    @property
    def metadata(self) -> MetadataProvider:
        return self._metadata

    @metadata.setter
    def metadata(self, value) -> None:
        self._metadata = value if value is not None else BufferedMetadataProvider()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.key!r} roles={self.roles}>"


class ImageAsset(Asset, BlockGridMixin):
    """Base of image assets. Subclasses implement ``_read_block`` (and may override
    ``has_block``); argument checking and band selection happen here."""

    asset_type = AssetType.Image
    media_type = "image"

    num_rows: int
    num_columns: int
    num_bands: int
    pixel_value_type: PixelType
    num_bits_per_pixel: int
    actual_bits_per_pixel: int
    num_pixels_per_block_horizontal: int
    num_pixels_per_block_vertical: int
    num_resolution_levels: int = 1
    pad_pixel_value: float = 0.0
    # ``get_block`` may be called from several threads at once (writers and windowed reads
    # pull blocks on the block pool). Every asset of this library is safe for that; user
    # objects are wrapped (core.adapt.DuckImageProvider) so that they need not be.
    thread_safe_blocks = True

    @property
    def dtype(self) -> np.dtype:
        return self.pixel_value_type.to_numpy_dtype()

    def get_block(self, block_row: int, block_col: int, resolution_level: int = 0,
                  bands=None) -> np.ndarray:
        self.check_block_index(block_row, block_col, resolution_level)
        if bands is not None:
            bad = [b for b in bands if not 0 <= int(b) < self.num_bands]
            if bad:
                raise ValueError(f"band indices {bad} outside 0..{self.num_bands - 1}")
        return self._read_block(block_row, block_col, resolution_level, bands)

    def _read_block(self, row: int, col: int, level: int, bands) -> np.ndarray:
        """Return the block restricted to ``bands`` (all bands when None); see
        :func:`select_bands` for formats that decode every band anyway."""
        raise NotImplementedError

    def has_block(self, block_row: int, block_col: int, resolution_level: int = 0) -> bool:
        self.check_block_index(block_row, block_col, resolution_level)
        return True

    def pad_block(self, row: int, col: int, level: int, bands=None) -> np.ndarray:
        """A block filled with the pad pixel value (what masked blocks read as)."""
        _, _, h, w = self.block_bounds(row, col, level)
        n = self.num_bands if bands is None else len(bands)
        return np.full((n, h, w), self.pad_pixel_value, dtype=self.dtype)


class TextAsset(Asset):
    asset_type = AssetType.Text
    media_type = "text/plain"

    def __init__(self, key, text: str, encoding: str = "UTF-8", format: str = "", **kw):
        super().__init__(key, **kw)
        self.text = text
        self.encoding = encoding
        self.format = format

    @property
    def raw_asset(self) -> bytes:
        return self.text.encode("utf-8" if self.encoding.upper() in ("UTF-8", "MTF") else "latin-1")


class DataAsset(Asset):
    asset_type = AssetType.Data

    def __init__(self, key, data: bytes, mime_type: str = "application/octet-stream", **kw):
        super().__init__(key, **kw)
        self._data = bytes(data)
        self.mime_type = mime_type
        self.media_type = mime_type

    @property
    def raw_asset(self) -> bytes:
        return self._data

    @property
    def data(self) -> bytes:
        return self._data


class GraphicsAsset(DataAsset):
    asset_type = AssetType.Graphics

    def __init__(self, key, data: bytes, mime_type: str = "image/cgm", **kw):
        super().__init__(key, data, mime_type, **kw)


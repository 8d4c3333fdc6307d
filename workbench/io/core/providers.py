"""In-memory providers: build assets to write (images, text, data, graphics)."""

from __future__ import annotations

import numpy as np

from .assets import DataAsset, GraphicsAsset, ImageAsset, TextAsset
from .enums import PixelType
from .geometry import select_bands
from .metadata import BufferedMetadataProvider

_IREP_BY_BANDS = {1: "MONO", 3: "RGB"}


class BufferedImageAssetProvider(ImageAsset):
    """An image held in memory, block by block; only set blocks exist (``has_block``)."""

    def __init__(self, key: str, num_columns: int, num_rows: int, num_bands: int,
                 block_width: int, block_height: int, pixel_type: PixelType,
                 actual_bits_per_pixel: int | None, metadata, title, description, roles):
        for name, value in (("num_columns", num_columns), ("num_rows", num_rows),
                            ("num_bands", num_bands)):
            if int(value) < 1:
                raise ValueError(f"{name} must be >= 1, got {value}")
        if not isinstance(pixel_type, PixelType):
            pixel_type = PixelType.from_numpy_dtype(pixel_type)
        super().__init__(
            key,
            title if title is not None else "Synthetic Image",
            description if description is not None
            else f"{key} {num_columns}x{num_rows} {num_bands}-band image",
            roles,
            BufferedMetadataProvider(source=metadata) if metadata is not None
            else BufferedMetadataProvider(),
        )
        self.num_columns = int(num_columns)
        self.num_rows = int(num_rows)
        self.num_bands = int(num_bands)
        bw = int(block_width) if block_width else self.num_columns
        bh = int(block_height) if block_height else self.num_rows
        if bw < 1 or bh < 1:
            raise ValueError(f"block size must be positive, got {block_width}x{block_height}")
        self.num_pixels_per_block_horizontal = bw
        self.num_pixels_per_block_vertical = bh
        self.pixel_value_type = pixel_type
        self.num_bits_per_pixel = pixel_type.bits_per_pixel
        abpp = self.num_bits_per_pixel if actual_bits_per_pixel is None else int(actual_bits_per_pixel)
        if not 1 <= abpp <= self.num_bits_per_pixel:
            raise ValueError(
                f"actual_bits_per_pixel must be 1..{self.num_bits_per_pixel}, got {abpp}")
        self.actual_bits_per_pixel = abpp
        self.num_resolution_levels = 1
        self.pad_pixel_value = 0.0
        self.irep = _IREP_BY_BANDS.get(self.num_bands, "MULTI")
        self._blocks: dict[tuple[int, int], np.ndarray] = {}
        self._full: np.ndarray | None = None

    @classmethod
    def create(cls, key: str, num_columns: int, num_rows: int, num_bands: int = 1,
               block_width: int | None = None, block_height: int | None = None,
               pixel_type: PixelType = PixelType.UInt8, actual_bits_per_pixel: int | None = None,
               metadata=None, title: str | None = None, description: str | None = None,
               roles=None) -> "BufferedImageAssetProvider":
        """A new, empty in-memory image. Without a block size the image is one block."""
        return cls(key, num_columns, num_rows, num_bands, block_width or 0, block_height or 0,
                   pixel_type, actual_bits_per_pixel, metadata, title, description, roles)

    @classmethod
    def from_array(cls, key: str, data: np.ndarray, block_width=None, block_height=None,
                   **kw) -> "BufferedImageAssetProvider":
        """Wrap a CHW (or 2-D) array without copying it."""
        data = np.asarray(data)
        if data.ndim == 2:
            data = data[np.newaxis]
        if data.ndim != 3:
            raise ValueError(f"expected a 2-D or 3-D (bands, rows, columns) array, got {data.ndim}-D")
        prov = cls.create(key, data.shape[2], data.shape[1], data.shape[0], block_width,
                          block_height, PixelType.from_numpy_dtype(data.dtype), **kw)
        prov.set_full_image(data)
        return prov

    # -- filling -------------------------------------------------------------------------------
    def _check_array(self, data: np.ndarray, shape: tuple[int, ...], what: str) -> np.ndarray:
        data = np.asarray(data)
        if data.ndim == 2 and self.num_bands == 1:
            data = data[np.newaxis]
        if data.shape != shape:
            raise ValueError(f"{what}: expected shape {shape} (bands, rows, columns), "
                             f"got {data.shape}")
        if data.dtype != self.dtype:
            raise ValueError(f"{what}: expected dtype {self.dtype} ({self.pixel_value_type!r}), "
                             f"got {data.dtype}")
        return data

    def set_full_image(self, data: np.ndarray) -> None:
        """Set every block from one array (any memory layout; no copy is made)."""
        self._full = self._check_array(data, self.image_shape, "set_full_image")
        self._blocks.clear()

    def set_block(self, block_row: int, block_col: int, data: np.ndarray) -> None:
        """Set one block; edge blocks may be given clipped to the image or at full size."""
        self.check_block_index(block_row, block_col, 0)
        y0, x0, h, w = self.block_bounds(block_row, block_col)
        data = np.asarray(data)
        if data.ndim == 2 and self.num_bands == 1:
            data = data[np.newaxis]
        if data.shape == self.block_shape and (h, w) != self.block_shape[1:]:
            data = data[:, :h, :w]
        self._blocks[(block_row, block_col)] = self._check_array(
            data, (self.num_bands, h, w), f"set_block({block_row}, {block_col})")

    # -- reading -------------------------------------------------------------------------------
    def has_block(self, block_row: int, block_col: int, resolution_level: int = 0) -> bool:
        self.check_block_index(block_row, block_col, resolution_level)
        return self._full is not None or (block_row, block_col) in self._blocks

    def _read_block(self, row, col, level, bands):
        if self._full is not None:
            y0, x0, h, w = self.block_bounds(row, col)
            return select_bands(self._full, bands)[:, y0:y0 + h, x0:x0 + w]
        block = self._blocks.get((row, col))
        if block is None:
            return self.pad_block(row, col, level, bands)
        return select_bands(block, bands)

    @property
    def raw_asset(self) -> np.ndarray | None:
        return self._full


class BufferedTextAssetProvider(TextAsset):
    @classmethod
    def create(cls, key: str, text_content: str, encoding: str = "UTF-8", title=None,
               description=None, roles=None, metadata=None, format: str = ""):
        return cls(key, text_content, encoding, format, title=title or "",
                   description=description or "", roles=roles,
                   metadata=BufferedMetadataProvider(source=metadata) if metadata else None)


class BufferedDataAssetProvider(DataAsset):
    @classmethod
    def create(cls, key: str, data: bytes, mime_type: str = "application/octet-stream",
               title=None, description=None, roles=None, metadata=None):
        return cls(key, data, mime_type, title=title or "", description=description or "",
                   roles=roles,
                   metadata=BufferedMetadataProvider(source=metadata) if metadata else None)


class BufferedGraphicsAssetProvider(GraphicsAsset):
    @classmethod
    def create(cls, key: str, data: bytes, mime_type: str = "image/cgm", title=None,
               description=None, roles=None, metadata=None):
        return cls(key, data, mime_type, title=title or "", description=description or "",
                   roles=roles,
                   metadata=BufferedMetadataProvider(source=metadata) if metadata else None)

"""Accept any object with the image-provider interface (duck typing), as the spec describes."""

from __future__ import annotations

import threading

import numpy as np

from .assets import Asset, ImageAsset
from .enums import PixelType
from .errors import ProviderError, ProviderTypeError
from .metadata import BufferedMetadataProvider

REQUIRED_IMAGE_ATTRIBUTES = (
    "key", "title", "description", "get_block", "num_rows", "num_columns", "num_bands",
    "num_bits_per_pixel", "actual_bits_per_pixel", "pixel_value_type",
    "num_pixels_per_block_horizontal", "num_pixels_per_block_vertical",
    "num_resolution_levels", "pad_pixel_value",
)


class DuckImageProvider(ImageAsset):
    """Wraps a user object: attributes are read once; blocks are pulled lazily and checked.

    Writers and windowed reads pull blocks from several threads. The user's object is called
    under a lock, one call at a time, and each block is copied before the lock is released: user
    code need not be thread-safe, and may hand out one reused buffer for every block."""

    def __init__(self, obj):
        missing = [a for a in REQUIRED_IMAGE_ATTRIBUTES if not hasattr(obj, a)]
        if missing:
            raise ProviderTypeError(
                f"{type(obj).__name__} is not an image provider: missing attribute(s) "
                + ", ".join(missing))
        metadata = getattr(obj, "metadata", None)
        super().__init__(str(obj.key), str(obj.title or ""), str(obj.description or ""),
                         getattr(obj, "roles", None),
                         metadata if metadata is not None else BufferedMetadataProvider())
        self._obj = obj
        self.num_rows = int(obj.num_rows)
        self.num_columns = int(obj.num_columns)
        self.num_bands = int(obj.num_bands)
        ptype = obj.pixel_value_type
        self.pixel_value_type = ptype if isinstance(ptype, PixelType) else _pixel_type_of(ptype)
        self.num_bits_per_pixel = int(obj.num_bits_per_pixel)
        self.actual_bits_per_pixel = int(obj.actual_bits_per_pixel)
        self.num_pixels_per_block_horizontal = int(obj.num_pixels_per_block_horizontal)
        self.num_pixels_per_block_vertical = int(obj.num_pixels_per_block_vertical)
        self.num_resolution_levels = max(1, int(obj.num_resolution_levels))
        self.pad_pixel_value = obj.pad_pixel_value
        self._has_block = getattr(obj, "has_block", None)
        self._lock = threading.Lock()

    @property
    def wrapped(self):
        return self._obj

    def has_block(self, block_row, block_col, resolution_level=0) -> bool:
        self.check_block_index(block_row, block_col, resolution_level)
        if self._has_block is None:
            return True
        try:
            with self._lock:
                return bool(self._has_block(block_row, block_col, resolution_level))
        except Exception as exc:  # user code: surface as the spec says
            raise ProviderError(f"has_block({block_row}, {block_col}) of provider "
                                f"{self.key!r} raised {type(exc).__name__}: {exc}") from exc

    def _read_block(self, row, col, level, bands):
        with self._lock:
            try:
                block = self._obj.get_block(row, col, level)
            except Exception as exc:
                raise ProviderError(f"get_block({row}, {col}, {level}) of provider {self.key!r} "
                                    f"raised {type(exc).__name__}: {exc}") from exc
            if block is None:
                raise ProviderError(f"get_block({row}, {col}) of provider {self.key!r} returned "
                                    "None, expected an array")
            block = np.asarray(block)
            if block.ndim == 2:
                block = block[np.newaxis]
            _, _, h, w = self.block_bounds(row, col, level)
            if block.ndim != 3 or block.shape[0] != self.num_bands:
                raise ProviderError(f"get_block({row}, {col}) of provider {self.key!r} returned "
                                    f"shape {block.shape}, expected ({self.num_bands}, {h}, {w})")
            if block.shape[1] < h or block.shape[2] < w:
                raise ProviderError(f"get_block({row}, {col}) of provider {self.key!r} returned "
                                    f"shape {block.shape}, expected at least "
                                    f"({self.num_bands}, {h}, {w})")
            block = block[:, :h, :w]
            converted = np.array(block, dtype=self.dtype)  # ours: the caller's may change
            if block.dtype != self.dtype and not _same_values(block, converted):
                raise ProviderError(
                    f"get_block({row}, {col}) of provider {self.key!r} returned {block.dtype} "
                    f"values that {self.pixel_value_type.value} pixels cannot hold (out of "
                    "range or fractional); return the provider's pixel type")
            block = converted
        return block if bands is None else block[list(bands)]


def _same_values(original: np.ndarray, converted: np.ndarray) -> bool:
    """Whether a block cast to the provider's pixel type kept every value (zeros made as
    float64 for a uint8 provider: yes; 70000.7 for uint16, or NaN: no)."""
    with np.errstate(invalid="ignore"):
        return bool(np.array_equal(converted, original))


def _pixel_type_of(value) -> PixelType:
    """Accept our PixelType, another library's enum member with the same name, or a dtype."""
    name = getattr(value, "name", None)
    if name in PixelType.__members__:
        return PixelType[name]
    text = str(value).rsplit(".", 1)[-1]
    if text in PixelType.__members__:
        return PixelType[text]
    return PixelType.from_numpy_dtype(value)


def as_image_asset(obj) -> ImageAsset:
    """Our own image assets pass through; anything else is checked and wrapped."""
    if isinstance(obj, ImageAsset):
        return obj
    return DuckImageProvider(obj)


def is_image_like(obj) -> bool:
    return isinstance(obj, ImageAsset) or (hasattr(obj, "get_block") and hasattr(obj, "num_rows"))


def as_asset(obj) -> Asset:
    if isinstance(obj, Asset):
        return obj
    return as_image_asset(obj)

"""Pixel and asset type enumerations."""

from __future__ import annotations

import enum

import numpy as np

from .errors import UnsupportedError


class PixelType(enum.Enum):
    """Supported pixel value types; ``value`` is the numpy dtype name."""

    UInt8 = "uint8"
    Int8 = "int8"
    UInt16 = "uint16"
    Int16 = "int16"
    UInt32 = "uint32"
    Int32 = "int32"
    Float32 = "float32"
    Float64 = "float64"
    Complex64 = "complex64"
    Complex128 = "complex128"

    def to_numpy_dtype(self) -> np.dtype:
        return np.dtype(self.value)

    @property
    def bytes_per_pixel(self) -> int:
        return self.to_numpy_dtype().itemsize

    @property
    def bits_per_pixel(self) -> int:
        return self.bytes_per_pixel * 8

    @property
    def is_signed(self) -> bool:
        return self.to_numpy_dtype().kind == "i"

    @property
    def is_float(self) -> bool:
        return self.to_numpy_dtype().kind == "f"

    @property
    def is_complex(self) -> bool:
        return self.to_numpy_dtype().kind == "c"

    @classmethod
    def from_numpy_dtype(cls, dtype) -> "PixelType":
        name = np.dtype(dtype).newbyteorder("=").name
        for member in cls:
            if member.value == name:
                return member
        raise UnsupportedError(f"no PixelType for numpy dtype {np.dtype(dtype)}")

    def __repr__(self) -> str:
        return f"PixelType.{self.name}"

    __str__ = __repr__


class AssetType(enum.Enum):
    """Kinds of asset a dataset holds (STAC-like)."""

    Image = "image"
    Text = "text"
    Data = "data"
    Graphics = "graphics"

    def __repr__(self) -> str:
        return f"AssetType.{self.name}"

    __str__ = __repr__

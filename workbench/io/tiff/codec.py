"""Block codecs of TIFF: compression schemes and predictors, all through imagecodecs.

A block travels as an ``(rows, columns, samples)`` array: one tile or strip of one plane.
"""

from __future__ import annotations

import imagecodecs
import numpy as np

from ..core.errors import FormatError, UnsupportedError
from . import onestrip

NONE, LZW, JPEG, DEFLATE, ADOBE_DEFLATE, PACKBITS = 1, 5, 7, 8, 32946, 32773
LERC, LZMA, ZSTD, WEBP = 34887, 34925, 50000, 50001
WRITABLE = {NONE: "None", LZW: "LZW", DEFLATE: "Deflate", PACKBITS: "PackBits"}
READABLE = {NONE, LZW, JPEG, DEFLATE, ADOBE_DEFLATE, PACKBITS, LERC, LZMA, ZSTD, WEBP}

_BYTES_DECODERS = {
    LZW: imagecodecs.lzw_decode,
    DEFLATE: imagecodecs.deflate_decode,  # libdeflate; reads the zlib wrapper TIFF uses
    ADOBE_DEFLATE: imagecodecs.deflate_decode,
    PACKBITS: imagecodecs.packbits_decode,
    ZSTD: imagecodecs.zstd_decode,
    LZMA: imagecodecs.lzma_decode,
}


class BlockDecoder:
    """Decodes the blocks of one IFD (its compression, predictor, pixel layout)."""

    def __init__(self, compression: int, predictor: int, dtype: np.dtype, samples: int,
                 jpegtables: bytes | None = None, photometric: int = 1,
                 lerc_params=None, packed_bits: int = 0):
        if compression not in READABLE:
            raise UnsupportedError(f"TIFF Compression {compression} is not supported for reading "
                                   f"(supported: {sorted(READABLE)})")
        if predictor not in (1, 2, 3):
            raise UnsupportedError(f"TIFF Predictor {predictor} is not supported (1, 2 or 3)")
        self.compression = compression
        self.predictor = predictor
        self.dtype = dtype  # in the file's byte order
        self.samples = samples
        self.jpegtables = jpegtables
        self.photometric = photometric
        self.lerc_params = lerc_params
        self.packed_bits = packed_bits
        # LZW through libtiff: about 1.7x faster per block than lzw_decode + delta_decode
        self.via_libtiff = compression == LZW and not packed_bits and \
            onestrip.supports(dtype, predictor, samples)

    def decode(self, data: bytes, rows: int, cols: int, where: str) -> np.ndarray:
        """``data`` -> native-order ``(rows, cols, samples)``; ``where`` names the block in
        errors."""
        shape = (rows, cols, self.samples)
        need = rows * cols * self.samples * self.dtype.itemsize
        if self.packed_bits:  # each row padded to a whole byte
            need = rows * -(-cols * self.samples * self.packed_bits // 8)
        if self.via_libtiff and len(data):
            try:
                return onestrip.decode(data, rows, cols, self.samples, self.dtype,
                                       self.compression, self.predictor)
            except Exception:  # noqa: BLE001 - the codec path below names the failure
                pass
        try:
            if self.compression in (JPEG, WEBP, LERC):
                return self._decode_image(data, shape)
            if self.compression == NONE:
                raw = data
            elif self.compression in (PACKBITS, LZMA):
                raw = _BYTES_DECODERS[self.compression](data)
            else:  # output size known: decode into one writable array, no regrowth
                raw = _BYTES_DECODERS[self.compression](data, out=np.empty(need, np.uint8))
        except Exception as exc:
            raise FormatError(f"cannot decode TIFF {where}: {type(exc).__name__}: {exc}") from exc
        if len(raw) < need:
            raise FormatError(f"TIFF {where} decodes to {len(raw)} bytes, expected {need}")
        if self.packed_bits:
            native = self.dtype.newbyteorder("=")
            unpacked = imagecodecs.packints_decode(bytes(raw[:need]), native, self.packed_bits,
                                                   runlen=cols * self.samples)
            return np.asarray(unpacked).reshape(shape)
        arr = np.frombuffer(raw, dtype=self.dtype, count=rows * cols * self.samples)
        arr = arr.reshape(shape)
        if self.predictor == 3:
            return imagecodecs.floatpred_decode(arr.copy(), axis=-2).astype(
                self.dtype.newbyteorder("="), copy=False)
        arr = arr.astype(self.dtype.newbyteorder("="), copy=False)
        if self.predictor == 2:
            # in place when the array is our own decode buffer (or byte-swapped copy)
            arr = _horizontal_decode(arr, inplace=arr.flags.writeable)
        return arr

    def _decode_image(self, data: bytes, shape) -> np.ndarray:
        if self.compression == JPEG:
            kw = {}
            if self.photometric == 6:
                kw = {"colorspace": "YCBCR", "outcolorspace": "RGB"}
            elif self.photometric == 2:
                kw = {"colorspace": "RGB", "outcolorspace": "RGB"}
            out = imagecodecs.jpeg8_decode(data, tables=self.jpegtables, **kw)
        elif self.compression == WEBP:
            out = imagecodecs.webp_decode(data)
        else:
            add = int(self.lerc_params[1]) if self.lerc_params is not None and \
                len(self.lerc_params) > 1 else 0
            if add == 1:
                data = imagecodecs.zlib_decode(data)
            elif add == 2:
                data = imagecodecs.zstd_decode(data)
            out = imagecodecs.lerc_decode(data)
            if isinstance(out, tuple):
                out = out[0]
        out = np.asarray(out)
        out = out.reshape(out.shape[0], out.shape[1], -1)
        if out.shape[:2] != shape[:2]:
            canvas = np.zeros(shape, out.dtype)
            h, w = min(shape[0], out.shape[0]), min(shape[1], out.shape[1])
            canvas[:h, :w] = out[:h, :w, :shape[2]]
            out = canvas
        return out.astype(self.dtype.newbyteorder("="), copy=False)


def _horizontal_decode(arr: np.ndarray, inplace: bool = False) -> np.ndarray:
    as_int = arr if arr.dtype.kind in "iu" else arr.view(np.dtype(f"u{arr.dtype.itemsize}"))
    out = imagecodecs.delta_decode(as_int, axis=-2, out=as_int if inplace else None)
    return out.view(arr.dtype)


def _horizontal_encode(arr: np.ndarray, inplace: bool = False) -> np.ndarray:
    as_int = arr if arr.dtype.kind in "iu" else arr.view(np.dtype(f"u{arr.dtype.itemsize}"))
    out = imagecodecs.delta_encode(as_int, axis=-2, out=as_int if inplace else None)
    return out.view(arr.dtype)


class BlockEncoder:
    """Encodes full-size blocks of one IFD (native little-endian arrays)."""

    def __init__(self, compression: int, predictor: int, level: int = 6):
        if compression not in WRITABLE:
            raise UnsupportedError(f"TIFF Compression {compression} cannot be written "
                                   f"(supported: {', '.join(WRITABLE.values())})")
        self.compression = compression
        self.predictor = predictor
        self.level = level

    def encode(self, block: np.ndarray, owned: bool = False) -> bytes:
        """``block``: (rows, cols, samples), any strides (a transposed CHW block is read in
        place). ``owned``: the caller gives ``block`` away, so the predictor may overwrite it
        (one tile-sized allocation less per block)."""
        if self.predictor == 2:  # reads any strides, writes contiguous: interleaves for free
            inplace = owned and block.flags.c_contiguous and block.flags.writeable
            block = _horizontal_encode(block, inplace)
        else:
            block = np.ascontiguousarray(block)
            if self.predictor == 3:
                block = imagecodecs.floatpred_encode(block, axis=-2)
        if self.compression == NONE:
            return block.tobytes()
        if self.compression == DEFLATE:
            return imagecodecs.deflate_encode(block, level=self.level)
        if self.compression == LZW:
            return imagecodecs.lzw_encode(block)
        return imagecodecs.packbits_encode(block.tobytes())

"""Reading TIFF/BigTIFF/GeoTIFF/COG: every IFD is an image asset whose blocks are its tiles
(or strips, as full-width blocks), decoded on demand from the memory-mapped file."""

from __future__ import annotations

import numpy as np

from ..core.assets import ImageAsset
from ..core.dataset import DatasetReader
from ..core.enums import PixelType
from ..core.errors import FormatError, UnsupportedError
from ..core.geometry import ceil_div
from ..core.metadata import MetadataProvider
from . import geokeys
from .codec import BlockDecoder
from .ifd import Header, Ifd, entry_value, read_ifds
from .tags import SAMPLE_FORMAT_KIND

REDUCED, MASK = 1, 4


def _dtype(ifd: Ifd, byteorder: str) -> tuple[np.dtype, int]:
    """The pixel dtype (file byte order) and, for packed sub-byte/odd sizes such as 1-bit masks
    or 12-bit data, the bits per sample (else 0)."""
    bits = {int(b) for b in ifd.array(258, [1]).tolist()}
    if len(bits) != 1:
        raise UnsupportedError(f"TIFF IFD at offset {ifd.offset}: mixed BitsPerSample {bits}")
    nbits = bits.pop()
    fmt = ifd.int(339, 1)  # the first sample's (FormatError when the entry has no value)
    kind = SAMPLE_FORMAT_KIND.get(fmt)
    if kind in ("u", "i") and nbits % 8 and nbits < 32:
        return np.dtype(f"{byteorder}u{1 if nbits < 8 else 2 if nbits < 16 else 4}"), nbits
    if kind is None or nbits % 8 or nbits == 0:
        raise UnsupportedError(f"TIFF IFD at offset {ifd.offset}: SampleFormat {fmt} with "
                               f"{nbits} bits per sample is not supported")
    try:
        dtype = np.dtype(f"{byteorder}{kind}{nbits // 8}")
        PixelType.from_numpy_dtype(dtype)
    except (TypeError, UnsupportedError):
        raise UnsupportedError(f"TIFF IFD at offset {ifd.offset}: no pixel type for "
                               f"SampleFormat {fmt}, {nbits} bits") from None
    return dtype, 0


class TiffImageAsset(ImageAsset):
    """One IFD. Blocks are tiles, or strips (RowsPerStrip rows, full width)."""

    def __init__(self, key: str, roles: list[str], view, header: Header, ifd: Ifd,
                 title: str, metadata: dict):
        super().__init__(key, title, ifd.text(270) or "", roles, MetadataProvider(metadata))
        self._view = view
        self.ifd = ifd
        self.num_columns = ifd.int(256)
        self.num_rows = ifd.int(257)
        spp = ifd.int(277, 1)
        self.num_bands = spp
        file_dtype, packed = _dtype(ifd, header.byteorder)
        self.pixel_value_type = PixelType.from_numpy_dtype(file_dtype)
        self.num_bits_per_pixel = self.pixel_value_type.bits_per_pixel
        self.actual_bits_per_pixel = packed or self.num_bits_per_pixel
        self.num_resolution_levels = 1
        self.planar = ifd.int(284, 1) == 2 and spp > 1
        self.tiled = 322 in ifd
        if self.tiled:
            bw, bh = ifd.int(322), ifd.int(323)
            offsets, counts = ifd.array(324), ifd.array(325)
        else:
            bw, bh = self.num_columns, min(ifd.int(278, self.num_rows), self.num_rows)
            offsets, counts = ifd.array(273), ifd.array(279)
        if bw < 1 or bh < 1 or self.num_columns < 1 or self.num_rows < 1:
            raise FormatError(f"TIFF IFD at offset {ifd.offset}: empty image or block size")
        if offsets is None or counts is None:
            raise FormatError(f"TIFF IFD at offset {ifd.offset} has no tile/strip offsets")
        self.num_pixels_per_block_horizontal = bw
        self.num_pixels_per_block_vertical = bh
        nrows, ncols = self.block_grid_size
        self._per_plane = nrows * ncols
        expected = self._per_plane * (spp if self.planar else 1)
        if len(offsets) < expected or len(counts) < expected:
            raise FormatError(f"TIFF IFD at offset {ifd.offset}: {len(offsets)} block offsets "
                              f"and {len(counts)} byte counts, expected {expected}")
        self._offsets = offsets[:expected].astype(np.int64)
        self._counts = counts[:expected].astype(np.int64)
        ends = self._offsets + self._counts
        if expected and int(ends.max()) > len(view):
            raise FormatError(f"TIFF IFD at offset {ifd.offset}: a block ends at byte "
                              f"{int(ends.max())}, past the {len(view)}-byte file")
        tables = ifd.array(347) if 347 in ifd else None
        lerc = ifd.array(50674) if 50674 in ifd else None
        self._decoder = BlockDecoder(ifd.int(259, 1), ifd.int(317, 1), file_dtype,
                                     1 if self.planar else spp,
                                     tables.astype(np.uint8).tobytes() if tables is not None
                                     else None, ifd.int(262, 1), lerc, packed)
        nodata = ifd.text(42113)
        if nodata:
            try:
                self.pad_pixel_value = float(nodata)
            except ValueError:
                pass

    def _index(self, row: int, col: int, plane: int = 0) -> int:
        return plane * self._per_plane + row * self.block_grid_size[1] + col

    def _present(self, index: int) -> bool:
        return bool(self._counts[index] > 0 and self._offsets[index] > 0)

    def has_block(self, block_row, block_col, resolution_level=0) -> bool:
        self.check_block_index(block_row, block_col, resolution_level)
        planes = range(self.num_bands) if self.planar else range(1)
        return any(self._present(self._index(block_row, block_col, p)) for p in planes)

    def _decode(self, index: int, rows: int, cols: int, where: str) -> np.ndarray | None:
        if not self._present(index):
            return None
        start = int(self._offsets[index])
        data = self._view[start:start + int(self._counts[index])]
        if self._decoder.compression == 1:
            data = bytes(data)  # decoded arrays must not point into the file's memory map
        return self._decoder.decode(data, rows, cols, where)

    def _read_block(self, row, col, level, bands):
        y0, x0, h, w = self.block_bounds(row, col)
        rows = self.block_height if self.tiled else h
        cols = self.block_width
        where = f"{'tile' if self.tiled else 'strip'} ({row}, {col}) of {self.key}"
        if not self.planar:
            hwc = self._decode(self._index(row, col), rows, cols, where)
            if hwc is None:
                return self.pad_block(row, col, level, bands)
            chw = hwc[:h, :w].transpose(2, 0, 1)
            return chw if bands is None else chw[list(bands)]
        wanted = range(self.num_bands) if bands is None else [int(b) for b in bands]
        out = np.full((len(wanted), h, w), self.pad_pixel_value, dtype=self.dtype)
        for i, b in enumerate(wanted):
            plane = self._decode(self._index(row, col, b), rows, cols, f"{where} band {b}")
            if plane is not None:
                out[i] = plane[:h, :w, 0]
        return out


def _keys(ifds: list[Ifd]) -> list[tuple[str, list[str]]]:
    """Asset key and roles of each IFD: full-resolution images ``image:N``, their reduced
    resolution IFDs ``image:N:overview:M``, masks ``image:N:mask`` (and mask overviews)."""
    out, image, n_ovr, n_mask_ovr = [], -1, 0, 0
    for ifd in ifds:
        subfile = ifd.int(254, 0)
        if image >= 0 and subfile & MASK:
            if subfile & REDUCED:
                n_mask_ovr += 1
                out.append((f"image:{image}:mask:overview:{n_mask_ovr}", ["overview", "mask"]))
            else:
                out.append((f"image:{image}:mask", ["mask"]))
        elif image >= 0 and subfile & REDUCED:
            n_ovr += 1
            out.append((f"image:{image}:overview:{n_ovr}", ["overview"]))
        else:
            image, n_ovr, n_mask_ovr = image + 1, 0, 0
            out.append((f"image:{image}", ["data"]))
    return out


def ifd_metadata(ifd: Ifd, with_geo: bool) -> dict:
    meta = {str(tag): entry_value(e) for tag, e in sorted(ifd.entries.items())}
    if with_geo:
        meta.update(geokeys.decode(ifd))
    return meta


class TiffReader(DatasetReader):
    def __init__(self, sources):
        src = sources[0]
        header, ifds = read_ifds(src.view)
        super().__init__(sources, MetadataProvider({
            "ByteOrder": "LittleEndian" if header.byteorder == "<" else "BigEndian",
            "TIFFVariant": "BigTIFF" if header.bigtiff else "ClassicTIFF",
            "NumberOfDirectories": len(ifds),
            "NumberOfImageSegments": len(ifds),
        }))
        self.header = header
        for ifd, (key, roles) in zip(ifds, _keys(ifds)):
            meta = ifd_metadata(ifd, "data" in roles)
            self._add(TiffImageAsset(key, roles, src.view, header, ifd, src.name, meta))


def open_reader(sources, fmt) -> TiffReader:
    return TiffReader(sources)

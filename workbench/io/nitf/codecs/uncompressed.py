"""IC=NC / NM: uncompressed pixels, big-endian, in IMODE B (block), P (pixel), R (row) or S
(band sequential) order. Reads any NBPP, including bit-packed 1- and 12-bit data; writes whole
pixels (NBPP = the pixel type's size) or packed NBPP=1 (PVTYPE B, from uint8 0/1) and NBPP=12
(INT/SI from 16-bit integers; values outside 12 bits raise MetadataError naming the block).
ABPP < NBPP with PJUST=L is shifted on read and write.

Bit-packed data follows MIL-STD-2500C: values are packed most significant bit first, without
padding between pixels, and each block (or band of a block) is a full NPPBH x NPPBV block
rounded up to whole bytes. Readers disagree here: GDAL 3.10 unpacks 12-bit data with its own
nibble order and reads bi-level images only as one block; osml-imagery-io counts the rows of
partial edge blocks by the significant width. We follow the standard (osml agrees on whole
blocks)."""

from __future__ import annotations

import mmap
from collections.abc import Mapping

import numpy as np

from ...core.errors import FormatError, MetadataError, UnsupportedError
from ...core.parallel import ordered_map
from .base import BlockDecoder, EncodedImage, ImageCodec, ImageLayout, register_codec


def unit_size(layout: ImageLayout) -> int:
    """Bytes of one mask-table unit: a whole block (B, P, R) or one band of a block (S)."""
    pixels = layout.block_width * layout.block_height
    if layout.imode == "S":
        return (pixels * layout.nbpp + 7) // 8
    if layout.imode == "B":
        return layout.bands * ((pixels * layout.nbpp + 7) // 8)
    return (pixels * layout.bands * layout.nbpp + 7) // 8


def num_units(layout: ImageLayout) -> int:
    return layout.num_blocks * (layout.bands if layout.imode == "S" else 1)


def _stored_dtype(layout: ImageLayout) -> np.dtype:
    return layout.dtype.newbyteorder(">")


_STRIP = 32  # rows gathered per numpy call in read_sampled


class MappedPages:
    """Unmaps pages of the memory-mapped file under ``data`` (a memoryview of an mmap) once a
    block has been copied out of them: the bytes stay in the OS page cache (a later read maps
    them again), but this process no longer counts them as resident. The range is widened to
    the kernel's fault-around windows (a read fault maps up to 64 KiB of aligned neighbours),
    so reads do not leave their neighbours mapped. No-op for other buffers."""

    AROUND = 64 << 10

    def __init__(self, data):
        self._map, self._base, self._address = None, 0, 0
        owner = getattr(data, "obj", None)
        if isinstance(owner, mmap.mmap) and hasattr(owner, "madvise") and len(data) \
                and hasattr(mmap, "MADV_DONTNEED"):
            start = np.frombuffer(data, np.uint8, 1).ctypes.data
            self._address = np.frombuffer(owner, np.uint8, 1).ctypes.data
            self._base = start - self._address
            self._map = owner

    def drop(self, offset: int, length: int) -> None:
        if self._map is None or length <= 0:
            return
        a, page = self.AROUND, mmap.PAGESIZE
        lo = (self._address + self._base + offset) // a * a - self._address
        hi = -(-(self._address + self._base + offset + length) // a) * a - self._address
        lo = max(0, lo // page * page)
        hi = min(len(self._map), hi)
        try:
            self._map.madvise(mmap.MADV_DONTNEED, lo, hi - lo)
        except (OSError, ValueError):
            self._map = None  # closed, or the platform refuses: stop trying


def _unpack_bits(raw: bytes, count: int, nbpp: int) -> np.ndarray:
    """``count`` big-endian ``nbpp``-bit unsigned values packed MSB first."""
    bits = np.unpackbits(np.frombuffer(raw, np.uint8))[:count * nbpp].reshape(count, nbpp)
    weights = (1 << np.arange(nbpp - 1, -1, -1, dtype=np.uint64))
    return (bits.astype(np.uint64) @ weights).astype(np.uint32)


class UncompressedDecoder(BlockDecoder):
    num_resolution_levels = 1

    def __init__(self, layout: ImageLayout, data: memoryview, unit_offsets):
        self.layout = layout
        self.data = data
        self.unit_offsets = unit_offsets
        self.unit = unit_size(layout)
        self.packed = layout.nbpp % 8 != 0 or layout.nbpp != layout.dtype.itemsize * 8
        self._pages = MappedPages(data)

    def _offset(self, index: int) -> int | None:
        """Byte offset of storage unit ``index``; None for a block the mask table omits."""
        if self.unit_offsets is not None:
            return self.unit_offsets[index]
        return index * self.unit

    def _unit(self, index: int, what: str) -> bytes | None:
        off = self._offset(index)
        if off is None:
            return None
        if off + self.unit > len(self.data):
            raise FormatError(f"{what}: data at offset {off} (+{self.unit} bytes) runs past the "
                              f"{len(self.data)} bytes of image data")
        return self.data[off:off + self.unit]

    def _values(self, raw, count: int) -> np.ndarray:
        lay = self.layout
        if self.packed:
            vals = _unpack_bits(bytes(raw), count, lay.nbpp)
            if lay.pvtype == "SI":
                sign = 1 << (lay.nbpp - 1)
                vals = (vals.astype(np.int64) ^ sign) - sign
            return vals.astype(lay.dtype)
        return np.frombuffer(raw, _stored_dtype(lay), count).astype(lay.dtype)

    def _stored_view(self, row: int, col: int) -> tuple[np.ndarray, int] | None:
        """(CHW read-only view of the block's stored values over the mapped bytes, its byte
        offset), or None where the values need converting (bit-packed or left-justified, IMODE
        S, a block absent from the mask table, data past the end)."""
        lay = self.layout
        if self.packed or lay.imode == "S" or (
                lay.pjust == "L" and lay.abpp < lay.nbpp and lay.dtype.kind in "ui"):
            return None
        off = self._offset(row * lay.blocks_per_row + col)
        if off is None or off + self.unit > len(self.data):
            return None  # absent (masked), or past the end: decode_block names the error
        bh, bw, nb = lay.block_height, lay.block_width, lay.bands
        flat = np.frombuffer(self.data, _stored_dtype(lay), nb * bh * bw, off)
        if lay.imode == "B":
            return flat.reshape(nb, bh, bw), off
        if lay.imode == "P":
            return flat.reshape(bh, bw, nb).transpose(2, 0, 1), off
        return flat.reshape(bh, nb, bw).transpose(1, 0, 2), off

    def stored_blocks(self) -> np.ndarray | None:
        """Every block's stored values as one read-only view of the mapped bytes, indexed
        ``[block_row, block_col, band, y, x]`` (stored byte order), or None where the values
        need converting or the mask table places the blocks (bit-packed or left-justified
        values, masked images, short data)."""
        lay = self.layout
        if self.packed or self.unit_offsets is not None or (
                lay.pjust == "L" and lay.abpp < lay.nbpp and lay.dtype.kind in "ui"):
            return None
        total = num_units(lay) * self.unit
        if total > len(self.data):
            return None
        nr, nc, bh, bw, nb = (lay.blocks_per_col, lay.blocks_per_row, lay.block_height,
                              lay.block_width, lay.bands)
        flat = np.frombuffer(self.data, _stored_dtype(lay), total // lay.dtype.itemsize)
        if lay.imode == "B":
            return flat.reshape(nr, nc, nb, bh, bw)
        if lay.imode == "P":
            return flat.reshape(nr, nc, bh, bw, nb).transpose(0, 1, 4, 2, 3)
        if lay.imode == "R":
            return flat.reshape(nr, nc, bh, nb, bw).transpose(0, 1, 3, 2, 4)
        return flat.reshape(nb, nr, nc, bh, bw).transpose(1, 2, 0, 3, 4)

    def read_sampled(self, ys: np.ndarray, xs: np.ndarray, bands: list[int]) -> np.ndarray | None:
        """``image[bands][:, ys][:, :, xs]`` for sorted pixel rows ``ys`` and columns ``xs``
        inside the image, gathered straight from the mapped file (only the pages holding those
        pixels are touched, and unmapped again after each strip of rows), or None where
        :meth:`stored_blocks` is None. Rows go a strip at a time so no single numpy call holds
        the GIL for long."""
        blocks = self.stored_blocks()
        if blocks is None:
            return None
        lay = self.layout
        bri, yi = np.divmod(np.asarray(ys, np.intp), lay.block_height)
        bci, xi = np.divmod(np.asarray(xs, np.intp), lay.block_width)
        out = np.empty((len(bands), len(ys), len(xs)), lay.dtype)
        row_bytes = lay.blocks_per_row * self.unit  # one row of blocks (IMODE B, P, R)
        for r0 in range(0, len(ys), _STRIP):
            r1 = min(len(ys), r0 + _STRIP)
            index = (bri[r0:r1, None], bci[None, :])
            for j, b in enumerate(bands):
                out[j, r0:r1] = blocks[index + (b, yi[r0:r1, None], xi[None, :])]
            if lay.imode != "S":
                self._pages.drop(int(bri[r0]) * row_bytes,
                                 (int(bri[r1 - 1]) - int(bri[r0]) + 1) * row_bytes)
        return out

    def read_part(self, row: int, col: int, rows: slice, cols: slice,
                  bands: list[int] | None = None) -> np.ndarray | None:
        """``block[bands, rows, cols]`` (slices of the full block, steps allowed) copied from the
        mapped file without decoding the rest of the block, or None where the values need
        converting (then use :meth:`decode_block`). A decimating read touches only the rows it
        keeps, and the block's pages are unmapped afterwards, so streaming through a huge file
        does not keep it resident in this process."""
        found = self._stored_view(row, col)
        if found is None:
            return None
        view, off = found
        part = view[:, rows, cols]
        if bands is not None:
            part = part[list(bands)]
        out = np.array(part, dtype=self.layout.dtype)
        self._pages.drop(off, self.unit)
        return out

    def decode_block(self, row: int, col: int, level: int) -> np.ndarray:
        lay = self.layout
        if level != 0:
            raise UnsupportedError("uncompressed NITF images have one resolution level")
        bh, bw, nb = lay.block_height, lay.block_width, lay.bands
        index = row * lay.blocks_per_row + col
        what = f"image block ({row}, {col})"
        if lay.imode == "S":
            out = np.empty((nb, bh, bw), lay.dtype)
            for b in range(nb):
                raw = self._unit(b * lay.num_blocks + index, f"{what} band {b}")
                if raw is None:
                    out[b] = 0
                else:
                    out[b] = self._values(raw, bh * bw).reshape(bh, bw)
        else:
            raw = self._unit(index, what)
            if raw is None:
                return np.zeros((nb, bh, bw), lay.dtype)
            if lay.imode == "B":
                per_band = (bh * bw * lay.nbpp + 7) // 8
                if self.packed:
                    out = np.stack([self._values(raw[b * per_band:(b + 1) * per_band], bh * bw)
                                    for b in range(nb)]).reshape(nb, bh, bw)
                else:
                    out = self._values(raw, nb * bh * bw).reshape(nb, bh, bw)
            elif lay.imode == "P":
                out = self._values(raw, nb * bh * bw).reshape(bh, bw, nb).transpose(2, 0, 1)
            elif lay.imode == "R":
                out = self._values(raw, nb * bh * bw).reshape(bh, nb, bw).transpose(1, 0, 2)
            else:
                raise FormatError(f"IMODE {lay.imode!r} is not one of B, P, R, S")
        if lay.pjust == "L" and lay.abpp < lay.nbpp and lay.dtype.kind in "ui":
            out = out >> (lay.nbpp - lay.abpp)
        out = np.ascontiguousarray(out)
        if lay.imode != "S":
            self._pages.drop(index * self.unit if self.unit_offsets is None
                             else self.unit_offsets[index], self.unit)
        return out


def _as_bytes(arr: np.ndarray) -> memoryview:
    """A flat byte view of a C-contiguous array (no copy; ``len`` is the size in bytes)."""
    return memoryview(arr.reshape(-1).view(np.uint8))


def pack_bits(values: np.ndarray, nbpp: int, signed: bool, where: str) -> bytes:
    """``values`` (any shape) as ``nbpp``-bit fields packed MSB first, the last byte
    zero-filled; MetadataError when a value does not fit (two's complement when signed)."""
    flat = values.reshape(-1).astype(np.int64)
    lo, hi = (-(1 << (nbpp - 1)), (1 << (nbpp - 1)) - 1) if signed else (0, (1 << nbpp) - 1)
    if flat.size and (flat.min() < lo or flat.max() > hi):
        bad = flat[(flat < lo) | (flat > hi)][0]
        raise MetadataError(f"NBPP: {where} holds the value {bad}, outside {lo}..{hi} of "
                            f"{nbpp}-bit {'signed' if signed else 'unsigned'} pixels")
    codes = (flat & ((1 << nbpp) - 1)).astype(np.uint16)
    if nbpp == 1:
        return np.packbits(codes.astype(np.uint8)).tobytes()
    if nbpp == 12:  # two pixels in three bytes: aaaaaaaa aaaabbbb bbbbbbbb
        if codes.size % 2:
            codes = np.append(codes, np.uint16(0))
        a, b = codes[0::2], codes[1::2]
        out = np.empty((a.size, 3), np.uint8)
        out[:, 0] = a >> 4
        out[:, 1] = ((a & 0xF) << 4) | (b >> 8)
        out[:, 2] = b & 0xFF
        raw = out.tobytes()
        return raw[:(flat.size * 12 + 7) // 8]
    bits = ((codes[:, None] >> np.arange(nbpp - 1, -1, -1)) & 1).astype(np.uint8)
    return np.packbits(bits.reshape(-1)).tobytes()


def pack_block(layout: ImageLayout, block: np.ndarray, band: int | None = None,
               where: str = "a block") -> memoryview | bytes:
    """A full-size CHW block as its stored bytes: the whole block, or one band (IMODE S).
    Packed NBPP (1, 12): IMODE B packs each band of the block on its own (each rounded up to
    whole bytes), P and R pack the interleaved values as one bit stream."""
    arr = block if band is None else block[band]
    if layout.pjust == "L" and layout.abpp < layout.nbpp and arr.dtype.kind in "ui":
        arr = arr << (layout.nbpp - layout.abpp)
    if layout.nbpp != layout.dtype.itemsize * 8:
        signed = layout.pvtype == "SI"
        if band is not None or arr.ndim == 2:
            return pack_bits(arr, layout.nbpp, signed, where)
        if layout.imode in ("P", "R"):  # one bit stream in interleaved order
            order = (1, 2, 0) if layout.imode == "P" else (1, 0, 2)
            return pack_bits(arr.transpose(order), layout.nbpp, signed, where)
        return b"".join(pack_bits(arr[b], layout.nbpp, signed, f"{where} band {b}")
                        for b in range(arr.shape[0]))
    if layout.imode == "P" and band is None:
        arr = arr.transpose(1, 2, 0)
    elif layout.imode == "R" and band is None:
        arr = arr.transpose(1, 0, 2)
    return _as_bytes(np.ascontiguousarray(arr, _stored_dtype(layout)))


class UncompressedCodec(ImageCodec):
    ic_codes = ("NC", "NM")

    def validate(self, layout: ImageLayout, hints: Mapping) -> None:
        if layout.imode not in ("B", "P", "R", "S"):
            raise MetadataError(f"IMODE: {layout.imode!r} must be B, P, R or S")
        if layout.nbpp == layout.dtype.itemsize * 8:
            return
        if layout.nbpp not in (1, 12) or layout.dtype.kind not in "ui":
            raise MetadataError(f"NBPP: uncompressed writing stores whole {layout.dtype} pixels "
                                f"({layout.dtype.itemsize * 8} bits) or packs 1 or 12 bits, "
                                f"not {layout.nbpp}")


    def comrat(self, layout: ImageLayout, hints: Mapping) -> str:
        return ""  # NC/NM subheaders have no COMRAT field

    def encode(self, layout, hints, get_block, report) -> EncodedImage:
        total = num_units(layout)
        bands_pass = layout.bands if layout.imode == "S" else 1

        def units():
            done = 0
            for band in range(bands_pass):
                def pack(index, band=band):
                    block = get_block(index // layout.blocks_per_row, index % layout.blocks_per_row)
                    if block is None:
                        return None
                    return pack_block(layout, block, band if bands_pass > 1 else None,
                                      f"block {index}")

                for unit in ordered_map(pack, range(layout.num_blocks)):
                    done += 1
                    if done % 16 == 0 or done == total:
                        report(done / total, f"block {done}/{total}")
                    yield unit

        return EncodedImage(b"", units(), b"")

    def open_decoder(self, layout, data, unit_offsets) -> BlockDecoder:
        return UncompressedDecoder(layout, data, unit_offsets)


register_codec(UncompressedCodec())

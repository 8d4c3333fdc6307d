"""Writing tiled TIFF/BigTIFF/GeoTIFF, laid out as a Cloud Optimized GeoTIFF.

Layout: header, then every IFD (each data image followed by its overviews, largest first),
then tile data: for each data image its overviews smallest first, the full image last; tiles
row-major (plane-major when planar). Offsets are unknown until the tiles are encoded, so the
IFDs are written with zero offsets and rewritten in place at the end (same size).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..core.dataset import DatasetWriter, WriteItem
from ..core.enums import AssetType
from ..core.errors import MetadataError, UnsupportedError
from ..core.parallel import ordered_map
from ..core.window import read_window
from . import geokeys
from .blockcache import CachedBlocks
from .codec import BlockEncoder
from ..geo.affine import parse_numbers
from .hints import BIGTIFF_HINT, ImagePlan, bigtiff_mode, plan_image
from .layout import CLASSIC_LIMIT, HEADER_SIZE, Field, encode_ifd, header, offset_type
from .tags import ASCII, LONG, PASSTHROUGH, RATIONAL, SHORT

BIGTIFF_THRESHOLD = 3_500_000_000
_SAMPLE_FORMAT = {"u": 1, "i": 2, "f": 3, "c": 6}


@dataclass
class _Image:
    item: WriteItem
    plan: ImagePlan
    overview: bool
    geo: list = field(default_factory=list)
    grid: tuple[int, int] = (0, 0)
    offsets: np.ndarray | None = None
    counts: np.ndarray | None = None
    ifd_offset: int = 0

    @property
    def asset(self):
        return self.item.asset

    @property
    def planes(self) -> int:
        return self.asset.num_bands if self.plan.planar else 1

    @property
    def n_tiles(self) -> int:
        return self.grid[0] * self.grid[1] * self.planes


class TiffWriter(DatasetWriter):
    def validate_item(self, item: WriteItem) -> None:
        asset = item.asset
        if asset.asset_type != AssetType.Image:
            raise UnsupportedError(f"TIFF files hold images only, not the "
                                   f"{asset.asset_type.name.lower()} asset {item.key!r}")
        plan_image(asset.metadata, asset.pixel_value_type, asset.num_bands)
        bigtiff_mode(asset.metadata)
        if not item.is_overview:
            geokeys.encode(asset.metadata)

    # -- planning ------------------------------------------------------------------------------
    def _images(self) -> list[list[_Image]]:
        """Groups of [data image, overviews largest first]; an overview joins the data image
        added before it (or the first one)."""
        groups: list[list[_Image]] = []
        pending: list[WriteItem] = []
        for item in self._assets:
            if item.is_overview:
                (groups[-1] if groups else pending).append(item)
                continue
            a = item.asset
            plan = plan_image(a.metadata, a.pixel_value_type, a.num_bands)
            groups.append([_Image(item, plan, False, geokeys.encode(a.metadata))])
        if not groups:
            raise ValueError("nothing to write: add an image asset with role 'data' to the "
                             "TIFF writer")
        groups[0][1:1] = pending
        out = []
        for group in groups:
            main = group[0]
            ovrs = [it if isinstance(it, _Image) else
                    _Image(it, plan_image(it.asset.metadata, it.asset.pixel_value_type,
                                          it.asset.num_bands, main.plan), True)
                    for it in group[1:]]
            ovrs.sort(key=lambda im: -(im.asset.num_columns * im.asset.num_rows))
            out.append([main] + ovrs)
        return out

    def _fields(self, im: _Image, big: bool, offsets, counts) -> list[Field]:
        a, p = im.asset, im.plan
        dtype = a.pixel_value_type.to_numpy_dtype()
        spp = a.num_bands
        extra = spp - {2: 3, 5: 4}.get(p.photometric, 1)
        fields = [
            Field(254, LONG, [1 if im.overview else 0]),
            Field(256, LONG, [a.num_columns]), Field(257, LONG, [a.num_rows]),
            Field(258, SHORT, [dtype.itemsize * 8] * spp), Field(259, SHORT, [p.compression]),
            Field(262, SHORT, [p.photometric]), Field(277, SHORT, [spp]),
            Field(284, SHORT, [2 if p.planar else 1]),
            Field(322, SHORT if p.tile_width < 65536 else LONG, [p.tile_width]),
            Field(323, SHORT if p.tile_height < 65536 else LONG, [p.tile_height]),
            Field(324, offset_type(big), offsets), Field(325, offset_type(big), counts),
            Field(339, SHORT, [_SAMPLE_FORMAT[dtype.kind]] * spp),
        ]
        if p.predictor != 1:
            fields.append(Field(317, SHORT, [p.predictor]))
        if extra > 0:
            fields.append(Field(338, SHORT, [0] * extra))
        fields += _passthrough(a.metadata, {f.tag for f in fields})
        if not im.overview:
            fields += [Field(t, ty, v) for t, ty, v in im.geo]
        return fields

    # -- writing -------------------------------------------------------------------------------
    def write(self, out) -> None:
        groups = self._images()
        ifd_order = [im for g in groups for im in g]
        estimate = sum(im.asset.num_rows * im.asset.num_columns * im.asset.num_bands
                       * im.asset.pixel_value_type.bytes_per_pixel for im in ifd_order)
        modes = {bigtiff_mode(im.asset.metadata) for im in ifd_order}
        big = "YES" in modes or ("NO" not in modes and estimate > BIGTIFF_THRESHOLD)
        for im in ifd_order:
            a = im.asset
            im.grid = (-(-a.num_rows // im.plan.tile_height), -(-a.num_columns // im.plan.tile_width))
            im.offsets = np.zeros(im.n_tiles, np.uint64)
            im.counts = np.zeros(im.n_tiles, np.uint64)
        pos = HEADER_SIZE[big]
        for im in ifd_order:
            im.ifd_offset = pos
            pos += len(self._ifd_bytes(im, big, 0))
        f = out.file
        f.write(header(big, ifd_order[0].ifd_offset))
        for im in ifd_order:
            f.write(self._ifd_bytes(im, big, 0))
        total = sum(im.n_tiles for im in ifd_order) or 1
        done = 0
        self.report(0.0, "encoding tiles")
        for group in groups:
            for im in [*group[:0:-1], group[0]]:
                for index, data in enumerate(ordered_map(_encode, self._tile_jobs(im))):
                    if data is not None:
                        at = f.tell()
                        f.write(data)
                        im.offsets[index], im.counts[index] = at, len(data)
                        if f.tell() % 2:
                            f.write(b"\x00")
                    done += 1
                    if done % 16 == 0:
                        self.report(done / total, f"encoding {im.item.key}")
        if not big and f.tell() > CLASSIC_LIMIT:
            raise MetadataError(f"{BIGTIFF_HINT}: the output grew to {f.tell()} bytes, past "
                                f"classic TIFF's 4 GiB; set {BIGTIFF_HINT}=YES")
        for i, im in enumerate(ifd_order):
            nxt = ifd_order[i + 1].ifd_offset if i + 1 < len(ifd_order) else 0
            f.seek(im.ifd_offset)
            f.write(self._ifd_bytes(im, big, nxt))
        f.seek(0, 2)
        self.report(1.0, "done")

    def _ifd_bytes(self, im: _Image, big: bool, next_offset: int) -> bytes:
        return encode_ifd(self._fields(im, big, im.offsets, im.counts), im.ifd_offset,
                          next_offset, big)

    def _tile_jobs(self, im: _Image):
        """(encoder, fetch) per tile: ``fetch()`` returns the padded (h, w, s) tile or None for
        an absent block. Blocks of thread-safe assets whose grid matches the tiles are read in
        the worker; anything else is read here, on the writer's thread."""
        a, p = im.asset, im.plan
        encoder = BlockEncoder(p.compression, p.predictor, p.deflate_level)
        aligned = (a.block_width, a.block_height) == (p.tile_width, p.tile_height)
        in_worker = aligned and a.thread_safe_blocks
        if not aligned and (a.block_width > p.tile_width or a.block_height > p.tile_height):
            a = CachedBlocks(a)
        for plane in range(im.planes):
            bands = [plane] if p.planar else None
            for r in range(im.grid[0]):
                for c in range(im.grid[1]):
                    fetch = _fetcher(a, p, r, c, bands, aligned)
                    yield encoder, (fetch if in_worker else _ready(fetch()))


def _ready(tile):
    """A tile fetched on the writer's thread, for a worker: a view into the asset's block is
    copied now, since an asset that is not thread-safe may reuse that memory for its next
    block before the worker reads it."""
    if tile is not None and tile.base is not None:
        tile = np.ascontiguousarray(tile)
    return lambda: tile


def _fetcher(asset, plan: ImagePlan, r: int, c: int, bands, aligned: bool):
    th, tw = plan.tile_height, plan.tile_width

    def fetch():
        if aligned:
            if not asset.has_block(r, c, 0):
                return None
            chw = asset.get_block(r, c, 0, bands)
        else:
            x, y = c * tw, r * th
            chw = read_window(asset, (x, y, tw, th), bands, 0, asset.pad_pixel_value)
        return interleaved(np.asarray(chw), th, tw, asset.pad_pixel_value)
    return fetch


def interleaved(chw: np.ndarray, rows: int, cols: int, pad) -> np.ndarray:
    """The (rows, cols, bands) tile of a CHW block, padded right and below with ``pad``.

    A full-size block comes back as a transposed *view*: the encoder's first pass (the
    horizontal predictor, or the copy to contiguous memory) reads it strided and writes a fresh
    interleaved tile, so interleaving costs no pass of its own. A clipped edge block is copied
    band by band into a new padded tile (numpy copies one plane into a strided slot about twice
    as fast as it transposes the whole block)."""
    bands, h, w = chw.shape
    if (h, w) == (rows, cols):
        return np.moveaxis(chw, 0, -1)
    tile = np.full((rows, cols, bands), pad, chw.dtype)
    for b in range(bands):
        tile[:h, :w, b] = chw[b]
    return tile


def _encode(job):
    encoder, fetch = job
    tile = fetch()
    if tile is None:
        return None
    return encoder.encode(tile, owned=tile.base is None)  # a fresh padded tile, not a view


def _passthrough(meta, taken: set[int]) -> list[Field]:
    fields = []
    for tag, ftype in PASSTHROUGH.items():
        value = meta.get(str(tag))
        if tag in taken or value in (None, ""):
            continue
        if ftype == ASCII:
            fields.append(Field(tag, ASCII, str(value)))
            continue
        try:
            nums = parse_numbers(value) if not isinstance(value, (int, float)) else [value]
        except ValueError:
            raise MetadataError(f"{tag}: {value!r} is not a number or list of numbers") from None
        if ftype != RATIONAL:
            nums = [int(v) for v in nums]
        fields.append(Field(tag, ftype, nums))
    return fields

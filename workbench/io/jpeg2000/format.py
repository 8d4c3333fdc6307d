"""Standalone JPEG 2000: ``.j2k`` (a bare codestream) and ``.jp2`` (JP2 boxes around it, with
GeoJP2 georeferencing read and written as ``Geo*`` metadata; GMLJP2 is read when there is no
GeoJP2 box).

Blocks of the image asset are the codestream's tiles; ``get_block`` decodes only that tile, at any
resolution level. Encoding hints (dataset metadata, overridden by the image's own):

* ``J2K_LOSSLESS`` (default true): reversible 5/3; else irreversible 9/7 at
  ``J2K_COMPRESSION_RATIO`` (default 10: bits per sample = precision / ratio).
* ``J2K_HTJK`` (default false): HTJ2K (Part 15) block coding.
* ``J2K_DECOMPOSITION_LEVELS`` (default 5, clamped to floor(log2(min tile side))),
  ``J2K_QUALITY_LAYERS`` (1; more layers are coded by Pillow's OpenJPEG, for 1 band of 8 or 16
  bits or 3/4 bands of 8 bits: rates double layer by layer up to the target, or to lossless).
* ``J2K_TILE_WIDTH`` / ``J2K_TILE_HEIGHT`` (default: the whole image up to 1024, else 1024):
  the tile grid, independent of the provider's blocks (the writer reads windows).
"""

from __future__ import annotations

import numpy as np

from ..core.assets import ImageAsset
from ..core.convenience import ImsavePlan
from ..core.dataset import DatasetReader, DatasetWriter
from ..core.enums import AssetType, PixelType
from ..core.errors import MetadataError, UnsupportedError
from ..core.geometry import select_bands
from ..core.metadata import BufferedMetadataProvider, MetadataProvider
from ..core.window import read_window
from .assemble import TiledDecoder, encode_tiled
from .gmljp2 import georeference as gml_georeference
from .gmljp2 import xml_boxes
from .hints import DEFAULT_LAYERS, DEFAULT_LEVELS, DEFAULT_RATIO, bool_hint, float_hint, int_hint
from .jp2boxes import (GEOJP2_UUID, begin_codestream_box, end_codestream_box, geojp2_box,
                       geojp2_metadata, parse_jp2, write_header_boxes)
from .encode import EncodeParams, TileGrid, storable_dtype

DEFAULT_TILE = 1024


def _dtype_for(precision: int, signed: bool) -> np.dtype:
    size = 8 if precision <= 8 else 16 if precision <= 16 else 32
    return np.dtype(f"{'int' if signed else 'uint'}{size}")


class Jpeg2000Image(ImageAsset):
    def __init__(self, decoder: TiledDecoder, name: str, metadata: dict):
        super().__init__("image:0", title=name, description="", roles=["data"],
                         metadata=MetadataProvider(metadata))
        siz = decoder.siz
        comp = siz.components[0]
        self._decoder = decoder
        self.num_rows, self.num_columns, self.num_bands = siz.height, siz.width, len(
            siz.components)
        self.pixel_value_type = PixelType.from_numpy_dtype(_dtype_for(comp.precision,
                                                                      comp.signed))
        self.num_bits_per_pixel = self.pixel_value_type.bits_per_pixel
        self.actual_bits_per_pixel = comp.precision
        aligned = (siz.xosiz, siz.yosiz, siz.xtosiz, siz.ytosiz) == (0, 0, 0, 0)
        self.num_pixels_per_block_horizontal = siz.xtsiz if aligned else min(siz.xtsiz,
                                                                             siz.width)
        self.num_pixels_per_block_vertical = siz.ytsiz if aligned else min(siz.ytsiz,
                                                                           siz.height)
        self.num_resolution_levels = decoder.levels + 1
        self._tiles_are_blocks = aligned

    def _read_block(self, row, col, level, bands):
        if self._tiles_are_blocks:
            pix = self._decoder.tile_pixels(row * self._decoder.siz.tiles_across + col, level,
                                            self.dtype)
        else:
            bw, bh = self.block_width, self.block_height
            x0, y0 = col * bw, row * bh
            pix = self._decoder.region(x0, y0, min(x0 + bw, self.num_columns),
                                       min(y0 + bh, self.num_rows), level, self.dtype)
        _, _, h, w = self.block_bounds(row, col, level)
        return select_bands(pix[:, :h, :w], bands)


def open_reader(sources, fmt):
    src = sources[0]
    view = src.view
    metadata: dict = {}
    if bytes(view[:4]) == b"\xff\x4f\xff\x51":
        codestream = view
    else:
        info = parse_jp2(view)
        start, length = info.codestream
        codestream = view[start:start + length]
        geo = info.uuid_payload(GEOJP2_UUID)
        if geo:
            metadata.update(geojp2_metadata(geo))
        else:  # no GeoJP2: a GMLJP2 RectifiedGrid, if any
            for xml in xml_boxes(view, 0, len(view)):
                if found := gml_georeference(xml):
                    metadata.update(found)
                    break
        if info.colorspace is not None:
            metadata["JP2_COLORSPACE"] = {16: "sRGB", 17: "greyscale", 18: "sYCC"}.get(
                info.colorspace, str(info.colorspace))
    decoder = TiledDecoder(codestream, src.name)
    reader = DatasetReader(sources, MetadataProvider({}))
    reader._add(Jpeg2000Image(decoder, src.name, metadata))
    return reader


class Jpeg2000Writer(DatasetWriter):
    def hints(self, asset) -> dict:
        return {**self.metadata.entries(), **dict(asset.metadata.entries()
                                                   if hasattr(asset.metadata, "entries")
                                                   else asset.metadata)}

    def plan(self, asset) -> tuple[EncodeParams, TileGrid]:
        hints = self.hints(asset)
        storable_dtype(asset.dtype)
        bits = int(asset.actual_bits_per_pixel or asset.num_bits_per_pixel)
        if bits > 31:
            raise MetadataError(f"actual_bits_per_pixel: {bits} bits exceed the 31 bits the "
                                "JPEG 2000 encoders here code")
        lossless = bool_hint(hints, "J2K_LOSSLESS", True)
        ratio = float_hint(hints, "J2K_COMPRESSION_RATIO", DEFAULT_RATIO)
        layers = int_hint(hints, "J2K_QUALITY_LAYERS", DEFAULT_LAYERS, 1, 255)
        default_w = asset.num_columns if asset.num_columns <= DEFAULT_TILE else DEFAULT_TILE
        default_h = asset.num_rows if asset.num_rows <= DEFAULT_TILE else DEFAULT_TILE
        tw = int_hint(hints, "J2K_TILE_WIDTH", default_w, 1, 1 << 30)
        th = int_hint(hints, "J2K_TILE_HEIGHT", default_h, 1, 1 << 30)
        params = EncodeParams(
            lossless=lossless, bits_per_sample=None if lossless else bits / ratio,
            levels=int_hint(hints, "J2K_DECOMPOSITION_LEVELS", DEFAULT_LEVELS, 0, 32),
            layers=layers, htj2k=bool_hint(hints, "J2K_HTJK", False), precision=bits)
        grid = TileGrid(asset.num_columns, asset.num_rows, min(tw, asset.num_columns),
                        min(th, asset.num_rows), asset.num_bands, np.dtype(asset.dtype))
        return grid.plan(params), grid

    def validate_item(self, item) -> None:
        if item.asset.asset_type != AssetType.Image:
            raise UnsupportedError(f"JPEG 2000 files hold images only, not "
                                   f"{item.asset.asset_type.name.lower()} asset {item.key!r}")
        if item.is_overview:
            raise UnsupportedError(f"{item.key!r}: JPEG 2000 files carry their reduced "
                                   "resolutions in the codestream; overview assets are not "
                                   "written")
        if self._assets:
            raise UnsupportedError(f"a JPEG 2000 file holds one image; {item.key!r} would be a "
                                   "second")
        self.plan(item.asset)
        if self.format.requested == "jp2":
            self._geo_box(item.asset)

    def _geo_box(self, asset):
        meta = self.hints(asset)
        return geojp2_box(meta) if any(k.startswith("Geo") for k in meta) else None

    def write(self, out) -> None:
        if not self._assets:
            raise ValueError("nothing to write: add an image asset to the JPEG 2000 writer")
        asset = self._assets[0].asset
        params, grid = self.plan(asset)
        f = out.file

        def get_tile(r, c):
            x, y = c * grid.tile_width, r * grid.tile_height
            w = min(grid.tile_width, asset.num_columns - x)
            h = min(grid.tile_height, asset.num_rows - y)
            return read_window(asset, (x, y, w, h), None, 0, asset.pad_pixel_value)

        self.report(0.0, "encoding JPEG 2000")
        header, units = encode_tiled(grid.width, grid.height, grid.tile_width, grid.tile_height,
                                     grid.bands, grid.dtype, params, get_tile, self.report)
        jp2 = self.format.requested == "jp2"
        if jp2:
            geo = self._geo_box(asset)
            write_header_boxes(f, grid.height, grid.width, grid.bands, params.precision,
                               grid.dtype.kind == "i", [geo] if geo else [])
            start = begin_codestream_box(f)
        f.write(header)
        for unit in units:
            f.write(unit)
        f.write(b"\xff\xd9")
        if jp2:
            end_codestream_box(f, start)
        self.report(1.0, "done")


def open_writer(targets, fmt):
    return Jpeg2000Writer(targets, fmt)


def imsave_plan(spec, array, *, compression, block_size, quality, corners, crs) -> ImsavePlan:
    """``compression``: None/"lossless" (default), "lossy" or "htj2k" (lossless HTJ2K);
    ``quality``: the compression ratio when lossy (default 10); ``block_size``: the tile size;
    ``corners``/``crs``: a GeoJP2 georeference (.jp2 only)."""
    meta = BufferedMetadataProvider()
    mode = (compression or "lossless").strip().lower()
    if mode not in ("lossless", "lossy", "htj2k", "none"):
        raise MetadataError(f"compression: {compression!r} is not lossless, lossy or htj2k for "
                            "JPEG 2000")
    meta["J2K_LOSSLESS"] = "false" if mode == "lossy" else "true"
    if mode == "htj2k":
        meta["J2K_HTJK"] = "true"
    if quality is not None:
        meta["J2K_COMPRESSION_RATIO"] = str(float(quality))
    if block_size is not None:
        bw, bh = (block_size, block_size) if np.isscalar(block_size) else block_size
        meta["J2K_TILE_WIDTH"], meta["J2K_TILE_HEIGHT"] = str(int(bw)), str(int(bh))
    if corners is not None:
        if spec.requested != "jp2":
            raise MetadataError("corners: a bare .j2k codestream cannot hold georeferencing; "
                                "save as .jp2")
        from ..geo.georef import GeoRef

        ref = GeoRef.from_corners(corners, array.shape[2], array.shape[1], crs or "EPSG:4326")
        meta.update(ref.to_tiff_metadata())
    elif crs is not None:
        raise MetadataError("crs: given without corners; pass corners=[UL, UR, LR, LL] too")
    return ImsavePlan(meta)

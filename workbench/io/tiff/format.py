"""The TIFF format module: reader, writer and ``imsave`` plan (GeoTIFF from corners + crs)."""

from __future__ import annotations

from ..core.convenience import ImsavePlan
from ..core.errors import MetadataError
from ..core.metadata import BufferedMetadataProvider
from ..geo.georef import GeoRef
from .reader import open_reader  # noqa: F401 - the format module interface
from .writer import TiffWriter

_COMPRESSIONS = {"none": "1", "lzw": "5", "deflate": "8", "zip": "8", "packbits": "32773"}


def open_writer(targets, fmt) -> TiffWriter:
    return TiffWriter(targets, fmt)


def imsave_plan(spec, array, *, compression, block_size, quality, corners, crs) -> ImsavePlan:
    """Deflate, 256x256 tiles by default. With ``corners`` ((lon, lat) UL, UR, LR, LL outer
    corners) the affine transform is fitted in ``crs`` (default EPSG:4326); corners that are not
    a parallelogram there raise :class:`~workbench.io.geo.NotAParallelogramError`."""
    meta = BufferedMetadataProvider()
    if compression is not None:
        code = _COMPRESSIONS.get(str(compression).strip().lower())
        if code is None:
            raise MetadataError(f"compression: {compression!r} is not one of None, LZW, "
                                "Deflate, PackBits")
        meta["259"] = code
    tw = th = 256
    if block_size is not None:
        tw, th = (block_size, block_size) if isinstance(block_size, int) else block_size
        meta["322"], meta["323"] = str(tw), str(th)
    if corners is not None:
        ref = GeoRef.from_corners(corners, array.shape[2], array.shape[1], crs or "EPSG:4326")
        meta.update(ref.to_tiff_metadata())
    elif crs is not None:
        raise MetadataError("crs: given without corners; pass corners=[UL, UR, LR, LL] too")
    return ImsavePlan(meta, tw, th)

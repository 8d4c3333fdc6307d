"""``imsave`` defaults for NITF/NSIF: JPEG 2000 lossless (IC=C8) in 1024x1024 blocks unless
``compression=`` says otherwise; ``corners``/``crs`` become ICORDS/IGEOLO."""

from __future__ import annotations

from ..core.convenience import ImsavePlan
from ..core.errors import UnsupportedError
from ..core.metadata import BufferedMetadataProvider
from .geo import igeolo_for

_COMPRESSION = {None: "C8", "": "C8", "none": "NC", "nc": "NC", "nm": "NM", "c8": "C8",
                "j2k": "C8", "jpeg2000": "C8", "lossless": "C8", "m8": "M8", "cd": "CD",
                "htj2k": "CD", "md": "MD", "c3": "C3", "jpeg": "C3", "m3": "M3"}


def plan(spec, array, *, compression, block_size, quality, corners, crs) -> ImsavePlan:
    key = compression.lower() if isinstance(compression, str) else compression
    if key not in _COMPRESSION:
        raise UnsupportedError(f"NITF compression {compression!r}: use one of "
                               f"{sorted(k for k in _COMPRESSION if k)}")
    ic = _COMPRESSION[key]
    meta = BufferedMetadataProvider()
    meta["IC"] = ic
    if ic not in ("C3", "M3", "I1") or array.shape[0] != 3:
        meta["IMODE"] = "B"  # three JPEG bands: the layout's default (P, as GDAL writes C3)
    if block_size is None:
        bw = bh = 1024
    elif isinstance(block_size, int):
        bw = bh = int(block_size)
    else:
        bw, bh = (int(v) for v in block_size)
    bw, bh = min(bw, array.shape[2]), min(bh, array.shape[1])
    meta["NPPBH"], meta["NPPBV"] = str(bw), str(bh)
    if ic in ("C8", "M8", "CD", "MD") and quality is None:
        meta["COMRAT"] = "N001.0"
    elif quality is not None and ic not in ("NC", "NM"):
        meta["COMRAT"] = f"{float(quality):04.1f}"
    if corners is not None:
        icords, igeolo = igeolo_for(corners, crs, array.shape[2], array.shape[1])
        meta["ICORDS"], meta["IGEOLO"] = icords, igeolo
    return ImsavePlan(meta, bw, bh)

"""GeoJP2: the georeference of a JPEG 2000 file as a degenerate GeoTIFF in a UUID box.

The box payload is the 16-byte GeoJP2 UUID followed by a 1x1 one-byte TIFF whose only meaning is
its GeoTIFF tags. The JPEG 2000 format module builds and parses the box with these functions:

    box_payload = encode_uuid_payload({"GeoGeographicCRS": "4326", "GeoTransform": "[...]"})
    geo = decode_uuid_payload(box_payload)      # {"GeoModelType": ..., "GeoTransform": ...}
"""

from __future__ import annotations

import io
from collections.abc import Mapping

from ..core.errors import FormatError, MetadataError
from . import geokeys
from .ifd import read_ifds
from .layout import Field, encode_ifd, header
from .tags import LONG, SHORT

GEOJP2_UUID = bytes.fromhex("b14bf8bd083d4b43a5ae8cd7d5a6ce03")


def encode_geotiff(meta: Mapping) -> bytes:
    """A 1x1 uint8 TIFF carrying the GeoTIFF tags of the ``Geo*`` keys in ``meta``."""
    geo = geokeys.encode(meta)
    if not geo:
        raise MetadataError("GeoJP2: no Geo* keys to write (GeoTransform or GeoPixelScale/"
                            "GeoTiepoints and a CRS)")
    ifd_at = 8
    fields = [Field(256, LONG, [1]), Field(257, LONG, [1]), Field(258, SHORT, [8]),
              Field(259, SHORT, [1]), Field(262, SHORT, [1]), Field(273, LONG, [0]),
              Field(277, SHORT, [1]), Field(278, LONG, [1]), Field(279, LONG, [1])]
    fields += [Field(t, ty, v) for t, ty, v in geo]
    size = len(encode_ifd(fields, ifd_at, 0, False))
    fields[5] = Field(273, LONG, [ifd_at + size])
    out = io.BytesIO()
    out.write(header(False, ifd_at))
    out.write(encode_ifd(fields, ifd_at, 0, False))
    out.write(b"\x00")  # the one pixel
    return out.getvalue()


def encode_uuid_payload(meta: Mapping) -> bytes:
    """Content of the ``uuid`` box (UUID + degenerate GeoTIFF)."""
    return GEOJP2_UUID + encode_geotiff(meta)


def decode_uuid_payload(payload: bytes) -> dict[str, str]:
    """The ``Geo*`` keys of a GeoJP2 ``uuid`` box content ({} if it is another UUID)."""
    if bytes(payload[:16]) != GEOJP2_UUID:
        return {}
    try:
        _, ifds = read_ifds(memoryview(bytes(payload[16:])))
    except FormatError as exc:
        raise FormatError(f"GeoJP2 uuid box: {exc}") from None
    return geokeys.decode(ifds[0])

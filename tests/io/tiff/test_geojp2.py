"""GeoJP2 boxes: GDAL reads the georeference we put in a JP2, and we read GDAL's."""

import struct

import imagecodecs
import numpy as np
import rasterio
from rasterio.transform import from_origin

from workbench.io.tiff.geojp2 import GEOJP2_UUID, decode_uuid_payload, encode_uuid_payload


def _boxes(data: bytes):
    pos = 0
    while pos + 8 <= len(data):
        size, kind = struct.unpack(">I4s", data[pos:pos + 8])
        yield kind, data[pos + 8:pos + size]
        pos += size


def test_gdal_reads_our_geojp2_box(tmp_path):
    jp2 = imagecodecs.jpeg2k_encode(np.zeros((20, 30), np.uint8), codecformat="jp2")
    payload = encode_uuid_payload({"GeoProjectedCRS": "32618",
                                   "GeoTransform": "[300000, 0.5, 0, 4500000, 0, -0.5]"})
    path = tmp_path / "g.jp2"
    path.write_bytes(jp2 + struct.pack(">I4s", 8 + len(payload), b"uuid") + payload)
    with rasterio.open(path) as ds:
        assert ds.crs.to_epsg() == 32618
        assert ds.transform == from_origin(300000, 4500000, 0.5, 0.5)


def test_we_read_gdal_geojp2_box(tmp_path):
    path = tmp_path / "gdal.jp2"
    with rasterio.open(path, "w", driver="JP2OpenJPEG", width=30, height=20, count=1,
                       dtype="uint8", crs="EPSG:4326", transform=from_origin(10, 50, 0.1, 0.1),
                       GMLJP2="NO", GeoJP2="YES") as ds:
        ds.write(np.zeros((1, 20, 30), np.uint8))
    payloads = [body for kind, body in _boxes(path.read_bytes())
                if kind == b"uuid" and body[:16] == GEOJP2_UUID]
    assert len(payloads) == 1
    geo = decode_uuid_payload(payloads[0])
    assert geo["GeoGeographicCRS"] == "4326"
    assert geo["GeoTransform"] == "[10, 0.1, 0, 50, 0, -0.1]"

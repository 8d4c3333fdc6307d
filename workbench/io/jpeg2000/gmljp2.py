"""GMLJP2 (OGC 08-085r4 and its 1.0 predecessor): the georeference in a JP2 file's GML
``RectifiedGrid``, read as ``Geo*`` metadata when a file has no GeoJP2 box.

The grid origin is the centre of the first pixel; positions and offset vectors follow the CRS's
axis order (latitude first for EPSG:4326 and other geographic CRSs with a north-first axis). XML
from files we did not write is parsed with defusedxml.
"""

from __future__ import annotations

import re

from ..geo.affine import GeoTransform
from ..geo.crs import parse_crs
from .jp2boxes import iter_boxes

_EPSG = re.compile(r"EPSG(?:/0/|::?|:[\d.]*:)(\d+)", re.IGNORECASE)


def xml_boxes(view, start: int, end: int):
    """Contents of every ``xml `` box, inside ``asoc`` superboxes too."""
    for kind, pos, header, length in iter_boxes(view, start, end):
        if kind == b"xml ":
            yield bytes(view[pos + header:pos + length])
        elif kind == b"asoc":
            yield from xml_boxes(view, pos + header, pos + length)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _numbers(text: str | None) -> list[float]:
    return [float(v) for v in (text or "").split()]


def georeference(xml: bytes) -> dict[str, str]:
    """``Geo*`` keys from one GML document, or {} when it holds no usable RectifiedGrid."""
    from defusedxml import ElementTree

    try:
        root = ElementTree.fromstring(xml.rstrip(b"\x00 \r\n\t"))  # GDAL ends with a NUL
    except Exception:  # not XML we understand: no georeference from it
        return {}
    grid = next((e for e in root.iter() if _local(e.tag) == "RectifiedGrid"), None)
    if grid is None:
        return {}
    point = next((e for e in grid.iter() if _local(e.tag) in ("Point",)), None)
    pos = next((e for e in grid.iter() if _local(e.tag) in ("pos", "coordinates")), None)
    vectors = [e for e in grid.iter() if _local(e.tag) == "offsetVector"]
    srs = (point.get("srsName") if point is not None else None) or grid.get("srsName") or ""
    match = _EPSG.search(srs)
    if pos is None or len(vectors) != 2 or not match:
        return {}
    origin = _numbers(pos.text.replace(",", " "))
    v1, v2 = (_numbers(v.text) for v in vectors)
    if len(origin) < 2 or len(v1) < 2 or len(v2) < 2:
        return {}
    crs = parse_crs(int(match.group(1)))
    if crs.axis_info and crs.axis_info[0].direction.lower() in ("north", "south") \
            and "urn:" in srs.lower():  # URN names use the CRS's own (north-first) axis order
        origin, v1, v2 = origin[1::-1], v1[1::-1], v2[1::-1]
    # Origin is the first pixel's centre: move to its outer corner.
    x0 = origin[0] - 0.5 * (v1[0] + v2[0])
    y0 = origin[1] - 0.5 * (v1[1] + v2[1])
    transform = GeoTransform(x0, v1[0], v2[0], y0, v1[1], v2[1])
    meta = {"GeoRasterType": "PixelIsArea", "GeoTransform": transform.text()}
    code = str(int(match.group(1)))
    if crs.is_projected:
        meta.update(GeoModelType="Projected", GeoProjectedCRS=code)
    else:
        meta.update(GeoModelType="Geographic", GeoGeographicCRS=code)
    return meta

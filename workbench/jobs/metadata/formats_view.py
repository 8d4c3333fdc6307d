"""How metadata of formats without NITF-style fields is shown: TIFF tags by name (through
``TagNameResolver``), the GeoKey directory decoded key by key, and XML values (JP2 XML boxes,
GMLJP2, XMP) parsed with defusedxml into nested rows."""

from __future__ import annotations

import ast

# GeoTIFF 1.1 GeoKey IDs (OGC 19-008r4, Annex B).
GEOKEY_NAMES = {
    1024: "GTModelTypeGeoKey", 1025: "GTRasterTypeGeoKey", 1026: "GTCitationGeoKey",
    2048: "GeodeticCRSGeoKey", 2049: "GeodeticCitationGeoKey", 2050: "GeodeticDatumGeoKey",
    2051: "PrimeMeridianGeoKey", 2052: "GeogLinearUnitsGeoKey", 2053: "GeogLinearUnitSizeGeoKey",
    2054: "GeogAngularUnitsGeoKey", 2055: "GeogAngularUnitSizeGeoKey", 2056: "EllipsoidGeoKey",
    2057: "EllipsoidSemiMajorAxisGeoKey", 2058: "EllipsoidSemiMinorAxisGeoKey",
    2059: "EllipsoidInvFlatteningGeoKey", 2060: "GeogAzimuthUnitsGeoKey",
    2061: "PrimeMeridianLongitudeGeoKey", 3072: "ProjectedCRSGeoKey",
    3073: "ProjectedCitationGeoKey", 3074: "ProjectionGeoKey", 3075: "ProjMethodGeoKey",
    3076: "ProjLinearUnitsGeoKey", 3077: "ProjLinearUnitSizeGeoKey", 3078: "ProjStdParallel1GeoKey",
    3079: "ProjStdParallel2GeoKey", 3080: "ProjNatOriginLongGeoKey", 3081: "ProjNatOriginLatGeoKey",
    3082: "ProjFalseEastingGeoKey", 3083: "ProjFalseNorthingGeoKey",
    3084: "ProjFalseOriginLongGeoKey", 3085: "ProjFalseOriginLatGeoKey",
    3086: "ProjFalseOriginEastingGeoKey", 3087: "ProjFalseOriginNorthingGeoKey",
    3088: "ProjCenterLongGeoKey", 3089: "ProjCenterLatGeoKey", 3090: "ProjCenterEastingGeoKey",
    3091: "ProjCenterNorthingGeoKey", 3092: "ProjScaleAtNatOriginGeoKey",
    3093: "ProjScaleAtCenterGeoKey", 3094: "ProjAzimuthAngleGeoKey",
    3095: "ProjStraightVertPoleLongGeoKey", 4096: "VerticalGeoKey",
    4097: "VerticalCitationGeoKey", 4098: "VerticalDatumGeoKey", 4099: "VerticalUnitsGeoKey",
}
GEO_KEY_DIRECTORY, GEO_DOUBLE_PARAMS, GEO_ASCII_PARAMS = "34735", "34736", "34737"


def tiff_tag_name(key: str) -> str:
    """``"259"`` -> ``"Compression (259)"``; names that are not tag numbers are kept."""
    if not key.isdigit():
        return key
    from workbench.io.tiff.utils import TagNameResolver

    names = dict(TagNameResolver({key: None}))
    name = next(iter(names))
    return f"{name} ({key})" if name != key else f"Tag {key}"


def _numbers(value) -> list:
    if isinstance(value, (list, tuple)):
        return list(value)
    try:
        parsed = ast.literal_eval(str(value))
    except (ValueError, SyntaxError):
        return []
    return list(parsed) if isinstance(parsed, (list, tuple)) else [parsed]


def decode_geokeys(fields: dict) -> dict[str, str] | None:
    """The GeoKey directory as ``{"GTModelTypeGeoKey (1024)": "2", ...}``, or None."""
    if GEO_KEY_DIRECTORY not in fields:
        return None
    entries = _numbers(fields[GEO_KEY_DIRECTORY])
    doubles = _numbers(fields.get(GEO_DOUBLE_PARAMS, "[]"))
    text = str(fields.get(GEO_ASCII_PARAMS, ""))
    out: dict[str, str] = {}
    if len(entries) < 4:
        return out
    count = int(entries[3])
    for i in range(count):
        row = entries[4 + 4 * i: 8 + 4 * i]
        if len(row) < 4:
            break
        key, location, n, offset = (int(v) for v in row)
        name = f"{GEOKEY_NAMES.get(key, 'GeoKey')} ({key})"
        if location == 0:
            out[name] = str(offset)
        elif location == int(GEO_DOUBLE_PARAMS):
            out[name] = ", ".join(str(d) for d in doubles[offset:offset + n])
        elif location == int(GEO_ASCII_PARAMS):
            out[name] = text[offset:offset + n].rstrip("|\x00")
        else:
            out[name] = f"in tag {location}[{offset}:{offset + n}]"
    return out


def looks_like_xml(value) -> bool:
    return isinstance(value, str) and value.lstrip().startswith("<") and \
        value.rstrip().endswith(">")


def parse_xml(text: str):
    """An XML document as nested ``(tag, text, attributes, children)`` tuples, parsed with
    defusedxml (no entities, no external references); None when it does not parse."""
    from xml.etree.ElementTree import ParseError

    import defusedxml.ElementTree as SafeET
    from defusedxml import DefusedXmlException

    try:
        root = SafeET.fromstring(text.strip().encode("utf-8"))
    except (ParseError, DefusedXmlException, ValueError):
        return None

    def convert(el):
        tag = el.tag.split("}", 1)[-1] if isinstance(el.tag, str) else str(el.tag)
        return (tag, (el.text or "").strip(), dict(el.attrib), [convert(c) for c in el])

    return convert(root)

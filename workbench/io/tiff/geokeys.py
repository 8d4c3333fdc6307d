"""GeoTIFF 1.1: the GeoKey directory and model transformation tags <-> the ``Geo*`` metadata keys.

Reading adds ``GeoModelType``, ``GeoRasterType``, ``GeoProjectedCRS``, ``GeoGeographicCRS``,
``GeoPixelScale``, ``GeoTiepoints`` and ``GeoTransform`` (GDAL's six numbers) beside the raw
numeric tags. Writing builds the tags from those keys; any other GeoKeys found in a copied raw
``34735`` directory are kept, so copy-and-modify keeps citations and user-defined parameters.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..core.errors import MetadataError
from ..geo.affine import GeoTransform, numbers_text, parse_numbers
from ..geo.crs import USER_DEFINED, validate_epsg
from .ifd import Ifd
from .tags import ASCII, DOUBLE, SHORT

MODEL_TYPE, RASTER_TYPE, GEODETIC_CRS, PROJECTED_CRS = 1024, 1025, 2048, 3072
MODEL_TYPES = {"projected": 1, "geographic": 2, "geocentric": 3}
RASTER_TYPES = {"pixelisarea": 1, "pixelispoint": 2}
_MODEL_NAMES = {1: "Projected", 2: "Geographic", 3: "Geocentric"}
_RASTER_NAMES = {1: "PixelIsArea", 2: "PixelIsPoint"}
GEO_KEYS = ("GeoModelType", "GeoRasterType", "GeoProjectedCRS", "GeoGeographicCRS",
            "GeoPixelScale", "GeoTiepoints", "GeoTransform")
GEO_TAGS = (33550, 33922, 34264, 34735, 34736, 34737)


def parse_directory(directory, doubles, ascii_text: str | None) -> dict[int, object]:
    """GeoKey id -> value (int for SHORT keys, list of floats, or str)."""
    d = [int(v) for v in directory]
    if len(d) < 4:
        return {}
    keys: dict[int, object] = {}
    for i in range(min(d[3], (len(d) - 4) // 4)):
        key, loc, count, value = d[4 + 4 * i:8 + 4 * i]
        if loc == 0:
            keys[key] = value
        elif loc == 34736 and doubles is not None:
            keys[key] = [float(v) for v in list(doubles)[value:value + count]]
        elif loc == 34737 and ascii_text is not None:
            keys[key] = ascii_text[value:value + count].rstrip("|\x00")
    return keys


def decode(ifd: Ifd) -> dict[str, str]:
    """The ``Geo*`` metadata keys of one IFD (empty if it is not georeferenced)."""
    meta: dict[str, str] = {}
    keys: dict[int, object] = {}
    if 34735 in ifd:
        doubles = ifd.array(34736) if 34736 in ifd else None
        keys = parse_directory(ifd.array(34735), doubles, ifd.text(34737))
    if isinstance(keys.get(MODEL_TYPE), int) and keys[MODEL_TYPE] in _MODEL_NAMES:
        meta["GeoModelType"] = _MODEL_NAMES[keys[MODEL_TYPE]]
    if isinstance(keys.get(RASTER_TYPE), int) and keys[RASTER_TYPE] in _RASTER_NAMES:
        meta["GeoRasterType"] = _RASTER_NAMES[keys[RASTER_TYPE]]
    if isinstance(keys.get(PROJECTED_CRS), int):
        meta["GeoProjectedCRS"] = str(keys[PROJECTED_CRS])
    if isinstance(keys.get(GEODETIC_CRS), int):
        meta["GeoGeographicCRS"] = str(keys[GEODETIC_CRS])
    point = keys.get(RASTER_TYPE) == 2
    scale = ifd.array(33550) if 33550 in ifd else None
    ties = ifd.array(33922) if 33922 in ifd else None
    if scale is not None:
        meta["GeoPixelScale"] = numbers_text(scale)
    if ties is not None:
        meta["GeoTiepoints"] = numbers_text(ties)
    if 34264 in ifd and len(ifd.array(34264)) == 16:
        gt = GeoTransform.from_model_transformation(ifd.array(34264), point)
        meta["GeoTransform"] = gt.text()
    elif scale is not None and ties is not None and len(ties) == 6 and len(scale) >= 2:
        meta["GeoTransform"] = GeoTransform.from_tiepoint_scale(ties, scale, point).text()
    return meta


def _code(table: dict[str, int], value, field: str) -> int:
    text = str(value).strip()
    if text.isdigit() and int(text) in table.values():
        return int(text)
    if text.lower() in table:
        return table[text.lower()]
    names = {"GeoModelType": "Projected, Geographic or Geocentric",
             "GeoRasterType": "PixelIsArea or PixelIsPoint"}[field]
    raise MetadataError(f"{field}: {value!r} is not one of {names}")


def _raw_keys(meta: Mapping) -> dict[int, object]:
    if "34735" not in meta:
        return {}
    try:
        directory = parse_numbers(meta["34735"])
        doubles = parse_numbers(meta["34736"]) if "34736" in meta else None
    except ValueError as exc:
        raise MetadataError(f"34735/34736 (GeoKeyDirectory): {exc}") from None
    return parse_directory(directory, doubles, meta.get("34737"))


def _numbers(meta: Mapping, field: str, count: int | None = None) -> list[float]:
    try:
        values = parse_numbers(meta[field])
    except ValueError as exc:
        raise MetadataError(f"{field}: {exc}") from None
    if count is not None and len(values) != count:
        raise MetadataError(f"{field}: expected {count} numbers, got {len(values)}")
    if field == "GeoTiepoints" and (not values or len(values) % 6):
        raise MetadataError(f"{field}: expected groups of 6 numbers [px, py, pz, gx, gy, gz], "
                            f"got {len(values)}")
    return values


def _transform_tags(meta: Mapping, point: bool) -> dict[int, list[float]]:
    has_gt = bool(meta.get("GeoTransform"))
    has_tp = bool(meta.get("GeoPixelScale")) or bool(meta.get("GeoTiepoints"))
    tags: dict[int, list[float]] = {}
    if has_tp:
        if meta.get("GeoPixelScale"):
            tags[33550] = _numbers(meta, "GeoPixelScale", 3)
        if meta.get("GeoTiepoints"):
            tags[33922] = _numbers(meta, "GeoTiepoints")
    if has_gt:
        gt = GeoTransform(*_numbers(meta, "GeoTransform", 6))
        if has_tp:
            if 33550 not in tags or 33922 not in tags or len(tags[33922]) != 6:
                raise MetadataError("GeoTransform: also given GeoPixelScale/GeoTiepoints that "
                                    "do not define one transform; set either GeoTransform or "
                                    "both GeoPixelScale and GeoTiepoints")
            other = GeoTransform.from_tiepoint_scale(tags[33922], tags[33550], point)
            tol = 1e-9 * max(1.0, *(abs(v) for v in gt))
            if any(abs(a - b) > tol for a, b in zip(gt, other)):
                raise MetadataError(f"GeoTransform {gt.text()} disagrees with GeoPixelScale/"
                                    f"GeoTiepoints ({other.text()}); set only one of them")
            return tags
        pair = gt.to_tiepoint_scale(point)
        if pair is None:
            return {34264: gt.to_model_transformation(point)}
        return {33922: pair[0], 33550: pair[1]}
    if not has_tp:
        for tag in (33550, 33922, 34264):
            if str(tag) in meta:
                tags[tag] = parse_numbers(meta[str(tag)])
    return tags


def encode(meta: Mapping) -> list[tuple[int, int, object]]:
    """GeoTIFF tags ``(tag, field type, values)`` from image metadata; [] when none apply."""
    keys = _raw_keys(meta)
    if meta.get("GeoModelType"):
        keys[MODEL_TYPE] = _code(MODEL_TYPES, meta["GeoModelType"], "GeoModelType")
    if meta.get("GeoRasterType"):
        keys[RASTER_TYPE] = _code(RASTER_TYPES, meta["GeoRasterType"], "GeoRasterType")
    for field, key, kind in (("GeoProjectedCRS", PROJECTED_CRS, "projected"),
                             ("GeoGeographicCRS", GEODETIC_CRS, "geographic")):
        value = meta.get(field)
        if value in (None, ""):
            continue
        if str(value).strip() == str(USER_DEFINED) and key in keys:
            continue  # user-defined CRS whose parameters came with the copied directory
        keys[key] = validate_epsg(value, field, kind)
    if MODEL_TYPE not in keys and (PROJECTED_CRS in keys or GEODETIC_CRS in keys):
        keys[MODEL_TYPE] = 1 if PROJECTED_CRS in keys else 2
    if keys and RASTER_TYPE not in keys:
        keys[RASTER_TYPE] = 1
    tags = _transform_tags(meta, keys.get(RASTER_TYPE) == 2)
    out: list[tuple[int, int, object]] = [(t, DOUBLE, v) for t, v in sorted(tags.items())]
    if keys:
        out += _directory_tags(keys)
    return out


def _directory_tags(keys: dict[int, object]) -> list[tuple[int, int, object]]:
    directory = [1, 1, 1, len(keys)]
    doubles: list[float] = []
    ascii_text = ""
    for key in sorted(keys):
        value = keys[key]
        if isinstance(value, str):
            directory += [key, 34737, len(value) + 1, len(ascii_text)]
            ascii_text += value + "|"
        elif isinstance(value, list):
            directory += [key, 34736, len(value), len(doubles)]
            doubles += value
        else:
            directory += [key, 0, 1, int(value)]
    out: list[tuple[int, int, object]] = [(34735, SHORT, directory)]
    if doubles:
        out.append((34736, DOUBLE, doubles))
    if ascii_text:
        out.append((34737, ASCII, ascii_text))
    return out

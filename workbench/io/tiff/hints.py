"""Encoding hints of one image (numeric tag keys, as the spec writes them) checked into a plan.

Every rule failure raises :class:`MetadataError` naming the tag and the rule, before any byte of
the output is written.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ..core.enums import PixelType
from ..core.errors import MetadataError
from .codec import DEFLATE, LZW, NONE, WRITABLE
from .tags import TAG_ALIASES, TAG_IDS, VALUE_NAMES

DEFAULT_TILE = 256
BIGTIFF_HINT = "TIFF_BIGTIFF"  # write-only hint: YES, NO or IF_NEEDED (default)
DEFLATE_LEVEL_HINT = "TIFF_DEFLATE_LEVEL"  # write-only hint: 1..12 (default 6)


@dataclass
class ImagePlan:
    compression: int
    predictor: int
    tile_width: int
    tile_height: int
    planar: bool
    photometric: int
    deflate_level: int


def lookup(meta: Mapping, tag: int):
    """A hint by numeric key, else by any name TagNameResolver knows for the tag."""
    if str(tag) in meta:
        return meta[str(tag)]
    for name, number in {**TAG_IDS, **TAG_ALIASES}.items():
        if number == tag and name in meta:
            return meta[name]
    return None


def _code(meta: Mapping, tag: int, label: str, allowed: dict[int, str]):
    value = lookup(meta, tag)
    if value is None or value == "":
        return None
    text = str(value).strip()
    names = VALUE_NAMES.get(tag, {})
    code = int(text) if text.lstrip("-").isdigit() else names.get(text.lower())
    if code not in allowed:
        raise MetadataError(f"{tag} ({label}): {value!r} cannot be written; use one of "
                            + ", ".join(allowed.values()))
    return code


def _tile(meta: Mapping, tag: int, label: str) -> int:
    value = lookup(meta, tag)
    if value is None or value == "":
        return DEFAULT_TILE
    try:
        size = int(str(value).strip())
    except ValueError:
        raise MetadataError(f"{tag} ({label}): {value!r} is not an integer") from None
    if size <= 0 or size % 16:
        raise MetadataError(f"{tag} ({label}): {size} must be a positive multiple of 16 "
                            "(TIFF 6.0 tiles)")
    return size


def plan_image(meta: Mapping, ptype: PixelType, bands: int, inherit: "ImagePlan | None" = None
               ) -> ImagePlan:
    compression = _code(meta, 259, "Compression", WRITABLE)
    if compression is None:
        compression = inherit.compression if inherit else DEFLATE
    kind = ptype.to_numpy_dtype().kind
    predictor = _code(meta, 317, "Predictor", {1: "None", 2: "Horizontal", 3: "FloatingPoint"})
    if predictor is None:
        if compression not in (LZW, DEFLATE):
            predictor = 1
        elif inherit is not None:
            predictor = inherit.predictor
        else:
            predictor = {"f": 3, "c": 1}.get(kind, 2)
    if predictor == 3 and kind != "f":
        raise MetadataError(f"317 (Predictor): FloatingPoint needs float pixels, not "
                            f"{ptype.value}")
    if predictor == 2 and kind == "c":
        raise MetadataError("317 (Predictor): Horizontal is not defined for complex pixels")
    if lookup(meta, 322) is None and lookup(meta, 323) is None and inherit is not None:
        tw, th = inherit.tile_width, inherit.tile_height
    else:
        tw, th = _tile(meta, 322, "TileWidth"), _tile(meta, 323, "TileLength")
    planar = _code(meta, 284, "PlanarConfiguration", {1: "Chunky", 2: "Planar"})
    planar = (inherit.planar if inherit else False) if planar is None else planar == 2
    photometric = _code(meta, 262, "PhotometricInterpretation",
                        {0: "MinIsWhite", 1: "MinIsBlack", 2: "RGB", 3: "Palette",
                         5: "Separated", 6: "YCbCr (written as RGB)"})
    if photometric == 6:
        photometric = 2  # our reader returns YCbCr (JPEG) images as RGB pixels
    if photometric == 3:
        colormap = lookup(meta, 320)
        count = len(colormap) if isinstance(colormap, (list, tuple)) else 0
        bits = ptype.bytes_per_pixel * 8
        if bands != 1 or ptype.value not in ("uint8", "uint16") or count != 3 << bits:
            raise MetadataError(f"262 (PhotometricInterpretation): Palette needs one uint8 or "
                                f"uint16 band and a 320 (ColorMap) of 3 x 2**bits values; got "
                                f"{bands} band(s) of {ptype.value} and {count} values")
    if photometric == 5 and bands < 4:
        raise MetadataError(f"262 (PhotometricInterpretation): Separated (CMYK) needs at "
                            f"least 4 bands, the image has {bands}")
    if photometric is None:
        photometric = 2 if bands == 3 and ptype.value in ("uint8", "uint16") else 1
    if photometric == 2 and bands < 3:
        raise MetadataError(f"262 (PhotometricInterpretation): RGB needs at least 3 bands, "
                            f"the image has {bands}")
    level = meta.get(DEFLATE_LEVEL_HINT, inherit.deflate_level if inherit else 6)
    try:
        level = int(level)
        if not 1 <= level <= 12:
            raise ValueError
    except ValueError:
        raise MetadataError(f"{DEFLATE_LEVEL_HINT}: {level!r} must be an integer 1..12") from None
    return ImagePlan(compression if compression is not None else NONE, predictor, tw, th,
                     planar and bands > 1, photometric, level)


def bigtiff_mode(meta: Mapping) -> str:
    value = str(meta.get(BIGTIFF_HINT, "IF_NEEDED")).strip().upper()
    if value not in ("YES", "NO", "IF_NEEDED"):
        raise MetadataError(f"{BIGTIFF_HINT}: {value!r} must be YES, NO or IF_NEEDED")
    return value

"""Export options: one plain state object that the export dialog, the presets and the CLI fill.

Every field maps to an encoding option of the IO library's spec (see :mod:`.hints` for the exact
metadata each produces, :mod:`.validate` for the rules that make combinations invalid).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

# Target formats and what each one offers; the dialog enables controls from this table.
FORMATS: dict[str, dict[str, Any]] = {
    "nitf": {"label": "NITF 2.1", "extension": ".ntf",
             "compressions": ("NC", "NM", "C8", "M8", "CD", "MD", "C3", "M3", "I1"),
             "default_compression": "C8"},
    "nsif": {"label": "NSIF 1.0", "extension": ".nsf",
             "compressions": ("NC", "NM", "C8", "M8", "CD", "MD", "C3", "M3", "I1"),
             "default_compression": "C8"},
    "tiff": {"label": "GeoTIFF / COG", "extension": ".tif",
             "compressions": ("None", "LZW", "Deflate", "PackBits"),
             "default_compression": "Deflate"},
    "jp2": {"label": "JPEG 2000 (JP2)", "extension": ".jp2",
            "compressions": ("lossless", "lossy"), "default_compression": "lossless"},
    "j2k": {"label": "JPEG 2000 codestream", "extension": ".j2k",
            "compressions": ("lossless", "lossy"), "default_compression": "lossless"},
    "png": {"label": "PNG", "extension": ".png", "compressions": ("Deflate",),
            "default_compression": "Deflate"},
    "jpeg": {"label": "JPEG", "extension": ".jpg", "compressions": ("JPEG",),
             "default_compression": "JPEG"},
}

NITF_FORMATS = ("nitf", "nsif")
J2K_IC = ("C8", "M8", "CD", "MD")
JPEG_IC = ("C3", "M3", "I1")
IMODES = ("B", "P", "R", "S")
PREDICTORS = ("None", "Horizontal")


def canonical_format(name: str) -> str:
    """Map any alias the IO library accepts (``gtiff``, ``jpg``, ``nitf21``…) to a key of
    :data:`FORMATS`."""
    key = name.strip().lower().lstrip(".")
    aliases = {"ntf": "nitf", "nitf21": "nitf", "nitf2.1": "nitf", "nsf": "nsif",
               "nsif10": "nsif", "nsif1.0": "nsif", "tif": "tiff", "geotiff": "tiff",
               "gtiff": "tiff", "gtif": "tiff", "cog": "tiff", "jpg": "jpeg",
               "jpeg2000": "jp2"}
    key = aliases.get(key, key)
    if key not in FORMATS:
        raise ValueError(f"format: unknown target {name!r}; choose one of {', '.join(FORMATS)}")
    return key


@dataclass
class ExportOptions:
    """Everything that decides how an image is written. ``None`` means the format's default."""

    format: str = "nitf"
    compression: str | None = None      # NITF IC / TIFF Compression / J2K lossless|lossy
    block_size: tuple[int, int] | None = None  # NPPBH×NPPBV, TIFF tiles, J2K tiles
    imode: str | None = None            # NITF IMODE
    comrat: str | None = None           # NITF J2K COMRAT (N001.0, V020.0, 01.0)
    quality: int | None = None          # JPEG quality (NITF C3/M3/I1 COMRAT, .jpg)
    j2k_levels: int | None = None       # J2K_DECOMPOSITION_LEVELS
    j2k_layers: int | None = None       # J2K_QUALITY_LAYERS
    j2k_ratio: float | None = None      # standalone J2K lossy compression ratio
    htj2k: bool = False                 # standalone J2K: HTJ2K (Part 15)
    predictor: str | None = None        # TIFF Predictor
    png_level: int | None = None        # PNG deflate level 0..9
    bands: list[int] | None = None      # 0-based band subset and order
    overviews: int = 0                  # COG overviews: 0 none, -1 down to < 512 px, n levels
    rset_levels: int = 0                # NITF R-set files .r1..rN written beside the output
    stretch: bool = False               # 8-bit percentile stretch (quicklooks)
    max_size: int | None = None         # longest side of the output (quicklooks)
    extra: dict[str, str] = field(default_factory=dict)  # further metadata hints, as given

    def replace(self, **changes) -> "ExportOptions":
        return dataclasses.replace(self, **changes)

    @property
    def extension(self) -> str:
        return FORMATS[canonical_format(self.format)]["extension"]

    @property
    def effective_compression(self) -> str:
        return self.compression or FORMATS[canonical_format(self.format)]["default_compression"]

    def to_dict(self) -> dict[str, Any]:
        out = {}
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if value is None or value == f.default or (f.name == "extra" and not value):
                continue
            out[f.name] = list(value) if isinstance(value, tuple) else value
        out["format"] = self.format
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "ExportOptions":
        known = {f.name for f in dataclasses.fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ValueError(f"options: unknown field(s) {', '.join(unknown)}; "
                             f"known: {', '.join(sorted(known))}")
        values = dict(data)
        if values.get("block_size") is not None:
            bs = values["block_size"]
            bs = (bs, bs) if isinstance(bs, int) else tuple(int(v) for v in bs)
            if len(bs) != 2:
                raise ValueError(f"block_size: expected [width, height], got {data['block_size']}")
            values["block_size"] = bs
        if values.get("bands") is not None:
            values["bands"] = [int(b) for b in values["bands"]]
        values["format"] = canonical_format(values.get("format", "nitf"))
        return cls(**values)

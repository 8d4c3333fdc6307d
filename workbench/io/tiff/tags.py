"""TIFF 6.0 / GeoTIFF 1.1 / BigTIFF facts as data: field types, tag names and value names."""

from __future__ import annotations

# Field type code -> (numpy type char, bytes per value, values per element). RATIONALs are two
# LONGs (numerator, denominator).
FIELD_TYPES: dict[int, tuple[str, int, int]] = {
    1: ("B", 1, 1),    # BYTE
    2: ("B", 1, 1),    # ASCII
    3: ("H", 2, 1),    # SHORT
    4: ("I", 4, 1),    # LONG
    5: ("I", 8, 2),    # RATIONAL
    6: ("b", 1, 1),    # SBYTE
    7: ("B", 1, 1),    # UNDEFINED
    8: ("h", 2, 1),    # SSHORT
    9: ("i", 4, 1),    # SLONG
    10: ("i", 8, 2),   # SRATIONAL
    11: ("f", 4, 1),   # FLOAT
    12: ("d", 8, 1),   # DOUBLE
    13: ("I", 4, 1),   # IFD
    16: ("Q", 8, 1),   # LONG8 (BigTIFF)
    17: ("q", 8, 1),   # SLONG8 (BigTIFF)
    18: ("Q", 8, 1),   # IFD8 (BigTIFF)
}
ASCII, SHORT, LONG, RATIONAL, UNDEFINED, DOUBLE, LONG8 = 2, 3, 4, 5, 7, 12, 16

# Tag names as TagNameResolver exposes them (TIFF 6.0 baseline/extension, GeoTIFF, GDAL).
TAG_IDS: dict[str, int] = {
    "NewSubfileType": 254, "SubfileType": 255, "ImageWidth": 256, "ImageLength": 257,
    "BitsPerSample": 258, "Compression": 259, "PhotometricInterpretation": 262,
    "Threshholding": 263, "CellWidth": 264, "CellLength": 265, "FillOrder": 266,
    "DocumentName": 269, "ImageDescription": 270, "Make": 271, "Model": 272,
    "StripOffsets": 273, "Orientation": 274, "SamplesPerPixel": 277, "RowsPerStrip": 278,
    "StripByteCounts": 279, "MinSampleValue": 280, "MaxSampleValue": 281, "XResolution": 282,
    "YResolution": 283, "PlanarConfiguration": 284, "PageName": 285, "FreeOffsets": 288,
    "FreeByteCounts": 289, "GrayResponseUnit": 290, "GrayResponseCurve": 291,
    "ResolutionUnit": 296, "PageNumber": 297, "Software": 305, "DateTime": 306, "Artist": 315,
    "HostComputer": 316, "Predictor": 317, "WhitePoint": 318, "PrimaryChromaticities": 319,
    "ColorMap": 320, "HalftoneHints": 321, "TileWidth": 322, "TileLength": 323,
    "TileOffsets": 324, "TileByteCounts": 325, "SubIFDs": 330, "InkSet": 332, "InkNames": 333,
    "NumberOfInks": 334, "DotRange": 336, "TargetPrinter": 337, "ExtraSamples": 338,
    "SampleFormat": 339, "SMinSampleValue": 340, "SMaxSampleValue": 341, "JPEGTables": 347,
    "YCbCrSubSampling": 530, "ReferenceBlackWhite": 532,
    "Copyright": 33432, "ModelPixelScale": 33550, "ModelTiepoint": 33922,
    "ModelTransformation": 34264, "GeoKeyDirectory": 34735, "GeoDoubleParams": 34736,
    "GeoAsciiParams": 34737, "GDALMetadata": 42112, "GDALNoData": 42113,
}
# Extra spellings accepted by the resolver (the spec's table says "TileHeight").
TAG_ALIASES: dict[str, int] = {"TileHeight": 323}
TAG_NAMES: dict[int, str] = {v: k for k, v in TAG_IDS.items()}

# Symbolic values per tag (lower-case name -> code).
VALUE_NAMES: dict[int, dict[str, int]] = {
    259: {"none": 1, "ccittrle": 2, "ccittfax3": 3, "ccittfax4": 4, "lzw": 5, "ojpeg": 6,
          "jpeg": 7, "deflate": 8, "adobe_deflate": 8, "packbits": 32773, "zstd": 50000,
          "lerc": 34887, "lzma": 34925, "webp": 50001},
    262: {"miniswhite": 0, "minisblack": 1, "rgb": 2, "palette": 3, "mask": 4, "separated": 5,
          "ycbcr": 6},
    274: {"topleft": 1, "topright": 2, "bottomright": 3, "bottomleft": 4, "lefttop": 5,
          "righttop": 6, "rightbottom": 7, "leftbottom": 8},
    284: {"chunky": 1, "planar": 2},
    317: {"none": 1, "horizontal": 2, "floatingpoint": 3},
    339: {"uint": 1, "int": 2, "float": 3, "void": 4, "complexint": 5, "complexfloat": 6},
}

# Tags whose value the writer computes from the image itself (a copied value is ignored).
STRUCTURAL = frozenset({254, 255, 256, 257, 258, 259, 273, 277, 278, 279, 284, 317, 322, 323,
                        324, 325, 330, 339, 347, 33550, 33922, 34264, 34735, 34736, 34737})

# Tags copied from metadata into the written IFD, with the field type to write them as.
PASSTHROUGH: dict[int, int] = {
    262: SHORT, 269: ASCII, 270: ASCII, 271: ASCII, 272: ASCII, 274: SHORT, 280: SHORT,
    281: SHORT, 282: RATIONAL, 283: RATIONAL, 285: ASCII, 296: SHORT, 305: ASCII, 306: ASCII,
    315: ASCII, 316: ASCII, 320: SHORT, 338: SHORT, 33432: ASCII, 42112: ASCII, 42113: ASCII,
}

SAMPLE_FORMAT_KIND = {1: "u", 2: "i", 3: "f", 6: "c"}

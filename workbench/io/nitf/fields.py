"""Header fields of NITF 2.1 / NSIF 1.0 (MIL-STD-2500C, STANAG 4545) as data.

Each :class:`Field` gives the standard short name, the width in bytes, the kind, the default
written when the user sets nothing, and a one-line description (the metadata editor shows it).

Kinds: ``A`` BCS-A text (left-justified, space-padded, bytes 0x20-0x7E); ``E`` ECS-A text (also
0xA0-0xFF); ``N`` BCS-N unsigned integer (right-justified, zero-padded); ``S`` BCS-N signed text
kept as given (e.g. ILOC ``RRRRRCCCCC`` with signs); ``H`` binary shown as hex (FBKGC); ``D``
a date-time CCYYMMDDhhmmss: 14 digits, ``-`` for unknown parts, or blank.
Variable parts (segment-length loops, bands, LUTs, comments, TRE areas) are handled by the
header modules; the tables here are the fixed runs between them.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Field:
    name: str
    width: int
    kind: str = "A"
    default: str = ""
    description: str = ""


def _security(prefix: str, what: str) -> tuple[Field, ...]:
    """The 15 security fields after xxCLAS, named with the segment's prefix (FS, IS, SS, TS,
    DES)."""
    p = prefix
    return (
        Field(f"{p}CLSY", 2, "A", "", f"{what} security classification system"),
        Field(f"{p}CODE", 11, "A", "", f"{what} codewords"),
        Field(f"{p}CTLH", 2, "A", "", f"{what} control and handling"),
        Field(f"{p}REL", 20, "A", "", f"{what} releasing instructions"),
        Field(f"{p}DCTP", 2, "A", "", f"{what} declassification type"),
        Field(f"{p}DCDT", 8, "A", "", f"{what} declassification date (CCYYMMDD)"),
        Field(f"{p}DCXM", 4, "A", "", f"{what} declassification exemption"),
        Field(f"{p}DG", 1, "A", "", f"{what} downgrade (S, C, R)"),
        Field(f"{p}DGDT", 8, "A", "", f"{what} downgrade date (CCYYMMDD)"),
        Field(f"{p}CLTX", 43, "A", "", f"{what} classification text"),
        Field(f"{p}CATP", 1, "A", "", f"{what} classification authority type"),
        Field(f"{p}CAUT", 40, "A", "", f"{what} classification authority"),
        Field(f"{p}CRSN", 1, "A", "", f"{what} classification reason"),
        Field(f"{p}SRDT", 8, "A", "", f"{what} security source date (CCYYMMDD)"),
        Field(f"{p}CTLN", 15, "A", "", f"{what} security control number"),
    )


# what follows the prefix in the 16 security fields of every header (xxCLAS, xxCLSY, ...)
SECURITY_SUFFIXES = ("CLAS",) + tuple(f.name[2:] for f in _security("xx", ""))

FILE_HEAD = (
    Field("FHDR", 4, "A", "NITF", "File profile name (NITF or NSIF)"),
    Field("FVER", 5, "A", "02.10", "File version (02.10 for NITF 2.1, 01.00 for NSIF 1.0)"),
    Field("CLEVEL", 2, "N", "03", "Complexity level (computed by the writer)"),
    Field("STYPE", 4, "A", "BF01", "Standard type"),
    Field("OSTAID", 10, "A", "WORKBENCH", "Originating station ID"),
    Field("FDT", 14, "D", "", "File date and time (CCYYMMDDhhmmss, UTC)"),
    Field("FTITLE", 80, "E", "", "File title"),
    Field("FSCLAS", 1, "A", "U", "File security classification (T, S, C, R, U)"),
) + _security("FS", "File") + (
    Field("FSCOP", 5, "N", "00000", "File copy number"),
    Field("FSCPYS", 5, "N", "00000", "File number of copies"),
    Field("ENCRYP", 1, "N", "0", "Encryption (0 = not encrypted)"),
    Field("FBKGC", 3, "H", "000000", "File background colour (3 bytes RGB, shown as hex)"),
    Field("ONAME", 24, "E", "", "Originator's name"),
    Field("OPHONE", 18, "E", "", "Originator's phone number"),
    Field("FL", 12, "N", "", "File length (computed)"),
    Field("HL", 6, "N", "", "File header length (computed)"),
)

# (count field, [(subheader-length field, width), (data-length field, width)], info key)
SEGMENT_LOOPS = (
    ("NUMI", (("LISH", 6), ("LI", 10)), "IMAGE_INFO"),
    ("NUMS", (("LSSH", 4), ("LS", 6)), "GRAPHIC_INFO"),
    ("NUMX", (), ""),
    ("NUMT", (("LTSH", 4), ("LT", 5)), "TEXT_INFO"),
    ("NUMDES", (("LDSH", 4), ("LD", 9)), "DES_INFO"),
    ("NUMRES", (("LRESH", 4), ("LRE", 7)), "RES_INFO"),
)

IMAGE_HEAD = (
    Field("IM", 2, "A", "IM", "File part type"),
    Field("IID1", 10, "A", "", "Image identifier 1"),
    Field("IDATIM", 14, "D", "", "Image date and time (CCYYMMDDhhmmss)"),
    Field("TGTID", 17, "A", "", "Target identifier (BE number, O-suffix, country code)"),
    Field("IID2", 80, "E", "", "Image identifier 2 (title)"),
    Field("ISCLAS", 1, "A", "U", "Image security classification"),
) + _security("IS", "Image") + (
    Field("ENCRYP", 1, "N", "0", "Encryption (0 = not encrypted)"),
    Field("ISORCE", 42, "E", "", "Image source"),
    Field("NROWS", 8, "N", "", "Number of significant rows"),
    Field("NCOLS", 8, "N", "", "Number of significant columns"),
    Field("PVTYPE", 3, "A", "INT", "Pixel value type (INT, B, SI, R, C)"),
    Field("IREP", 8, "A", "MONO", "Image representation (MONO, RGB, RGB/LUT, MULTI, NODISPLY...)"),
    Field("ICAT", 8, "A", "VIS", "Image category (VIS, SL, TI, FL, RD, EO, OP, HR, HS, CP, ...)"),
    Field("ABPP", 2, "N", "", "Actual bits per pixel per band"),
    Field("PJUST", 1, "A", "R", "Pixel justification (R or L)"),
    Field("ICORDS", 1, "A", "", "Image coordinate representation (blank, U, G, N, S, D)"),
)
IGEOLO = Field("IGEOLO", 60, "A", "", "Image geographic location: four corners UL, UR, LR, LL")
NICOM = Field("NICOM", 1, "N", "0", "Number of image comments")
ICOM = Field("ICOM", 80, "E", "", "Image comment")
IC = Field("IC", 2, "A", "NC", "Image compression (NC, NM, C8, M8, C3, M3, ...)")
COMRAT = Field("COMRAT", 4, "A", "", "Compression rate code")
NBANDS = Field("NBANDS", 1, "N", "", "Number of bands (0 = see XBANDS)")
XBANDS = Field("XBANDS", 5, "N", "", "Number of multispectral bands (when NBANDS = 0)")
BAND = (
    Field("IREPBAND", 2, "A", "", "Band representation (R, G, B, M, LU, Y, Cb, Cr, ...)"),
    Field("ISUBCAT", 6, "A", "", "Band subcategory (e.g. wavelength)"),
    Field("IFC", 1, "A", "N", "Band image filter condition"),
    Field("IMFLT", 3, "A", "", "Band standard image filter code"),
    Field("NLUTS", 1, "N", "0", "Number of LUTs for the band"),
)
NELUT = Field("NELUT", 5, "N", "", "Number of LUT entries for the band")
IMAGE_TAIL = (
    Field("ISYNC", 1, "N", "0", "Image sync code"),
    Field("IMODE", 1, "A", "B", "Image mode: B block, P pixel, R row, S band sequential"),
    Field("NBPR", 4, "N", "", "Number of blocks per row (computed)"),
    Field("NBPC", 4, "N", "", "Number of blocks per column (computed)"),
    Field("NPPBH", 4, "N", "", "Pixels per block horizontal (0000 = NCOLS > 8192, one block)"),
    Field("NPPBV", 4, "N", "", "Pixels per block vertical (0000 = NROWS > 8192, one block)"),
    Field("NBPP", 2, "N", "", "Number of bits per pixel per band"),
    Field("IDLVL", 3, "N", "", "Image display level"),
    Field("IALVL", 3, "N", "000", "Image attachment level"),
    Field("ILOC", 10, "S", "0000000000", "Image location (RRRRRCCCCC) relative to the attachment"),
    Field("IMAG", 4, "A", "1.0", "Image magnification"),
)

GRAPHIC_HEAD = (
    Field("SY", 2, "A", "SY", "File part type"),
    Field("SID", 10, "A", "", "Graphic identifier"),
    Field("SNAME", 20, "E", "", "Graphic name"),
    Field("SSCLAS", 1, "A", "U", "Graphic security classification"),
) + _security("SS", "Graphic") + (
    Field("ENCRYP", 1, "N", "0", "Encryption (0 = not encrypted)"),
    Field("SFMT", 1, "A", "C", "Graphic type (C = CGM)"),
    Field("SSTRUCT", 13, "N", "0000000000000", "Reserved for future use"),
    Field("SDLVL", 3, "N", "", "Graphic display level"),
    Field("SALVL", 3, "N", "000", "Graphic attachment level"),
    Field("SLOC", 10, "S", "0000000000", "Graphic location (RRRRRCCCCC)"),
    Field("SBND1", 10, "S", "0000000000", "First graphic bound location (RRRRRCCCCC)"),
    Field("SCOLOR", 1, "A", "C", "Graphic colour (C colour, M monochrome)"),
    Field("SBND2", 10, "S", "0000000000", "Second graphic bound location (RRRRRCCCCC)"),
    Field("SRES2", 2, "N", "00", "Reserved for future use"),
)

TEXT_HEAD = (
    Field("TE", 2, "A", "TE", "File part type"),
    Field("TEXTID", 7, "A", "", "Text identifier"),
    Field("TXTALVL", 3, "N", "000", "Text attachment level"),
    Field("TXTDT", 14, "D", "", "Text date and time (CCYYMMDDhhmmss)"),
    Field("TXTITL", 80, "E", "", "Text title"),
    Field("TSCLAS", 1, "A", "U", "Text security classification"),
) + _security("TS", "Text") + (
    Field("ENCRYP", 1, "N", "0", "Encryption (0 = not encrypted)"),
    Field("TXTFMT", 3, "A", "STA", "Text format (STA, UT1, U8S, MTF)"),
)

DES_HEAD = (
    Field("DE", 2, "A", "DE", "File part type"),
    Field("DESID", 25, "A", "", "Unique DES type identifier (e.g. TRE_OVERFLOW, XML_DATA_CONTENT)"),
    Field("DESVER", 2, "N", "01", "Version of the data definition"),
    Field("DESCLAS", 1, "A", "U", "DES security classification"),
) + _security("DES", "DES")
DES_OVERFLOW = (
    Field("DESOFLW", 6, "A", "", "Overflowed header type (UDHD, XHD, UDID, IXSHD, SXSHD, TXSHD)"),
    Field("DESITEM", 3, "N", "", "Data item overflowed (segment number, 1-based)"),
)
DESSHL = Field("DESSHL", 4, "N", "0000", "DES user-defined subheader length")

RES_HEAD = (
    Field("RE", 2, "A", "RE", "File part type"),
    Field("RESID", 25, "A", "", "Unique RES type identifier"),
    Field("RESVER", 2, "N", "01", "Version of the data definition"),
    Field("RESCLAS", 1, "A", "U", "RES security classification"),
) + _security("RES", "RES")
RESSHL = Field("RESSHL", 4, "N", "0000", "RES user-defined subheader length")

# Extended-header areas of each segment: (length field, overflow field, metadata-order key)
TRE_AREAS = {
    "file": (("UDHDL", "UDHOFL", "UDHD"), ("XHDL", "XHDLOFL", "XHD")),
    "image": (("UDIDL", "UDOFL", "UDID"), ("IXSHDL", "IXSOFL", "IXSHD")),
    "graphic": (("SXSHDL", "SXSOFL", "SXSHD"),),
    "text": (("TXSHDL", "TXSOFL", "TXSHD"),),
}

ALL_FIELDS = {f.name: f for table in (FILE_HEAD, IMAGE_HEAD, BAND, IMAGE_TAIL, GRAPHIC_HEAD,
                                      TEXT_HEAD, DES_HEAD, DES_OVERFLOW, RES_HEAD)
              for f in table}
for _f in (IGEOLO, NICOM, ICOM, IC, COMRAT, NBANDS, XBANDS, NELUT, DESSHL, RESSHL):
    ALL_FIELDS[_f.name] = _f


def describe(name: str) -> str:
    """The description of a header field (empty for unknown names)."""
    f = ALL_FIELDS.get(name)
    return f.description if f else ""

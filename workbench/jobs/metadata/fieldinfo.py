"""Where field descriptions come from: the TRE definition library for TRE fields, the NITF
header field tables for subheader fields, and a plain text description for other formats."""

from __future__ import annotations

from functools import lru_cache

from workbench.io.tre import get_definition

from .rules import FieldMeta

# Subheader values the NITF writer computes itself (lengths, counts, offsets, the TRE areas).
COMPUTED_NITF_FIELDS = frozenset({
    "FL", "HL", "NUMI", "NUMS", "NUMX", "NUMT", "NUMDES", "NUMRES", "IMAGE_INFO",
    "GRAPHIC_INFO", "TEXT_INFO", "DES_INFO", "RES_INFO", "LISH", "LI", "LSSH", "LS", "LTSH",
    "LT", "LDSH", "LD", "UDHDL", "UDHOFL", "UDHD", "XHDL", "XHDLOFL", "XHD", "UDIDL", "UDOFL",
    "UDID", "IXSHDL", "IXSOFL", "IXSHD", "SXSHDL", "SXSOFL", "SXSHD", "TXSHDL", "TXSOFL",
    "TXSHD", "DESSHL", "DESOFLW", "DESITEM", "NICOM", "NLUTS", "NELUT", "LUTD",
})
# Structure of the image: changing these would need re-encoding, which the editor never does.
IMAGE_STRUCTURE_FIELDS = frozenset({
    "NROWS", "NCOLS", "PVTYPE", "IREP", "ICAT", "ABPP", "PJUST", "NBANDS", "XBANDS", "IC",
    "COMRAT", "IMODE", "NBPR", "NBPC", "NPPBH", "NPPBV", "NBPP", "BAND_INFO", "IM", "ISYNC",
})
NITF_FORMATS = ("nitf", "nsif")


def tre_field_meta(tag: str, loops: tuple[str, ...], name: str) -> FieldMeta:
    """The definition of ``name`` in TRE ``tag`` inside the repeated groups ``loops``."""
    return _tre_field_meta(tag, tuple(loops), name)


@lru_cache(maxsize=4096)
def _tre_field_meta(tag: str, loops: tuple[str, ...], name: str) -> FieldMeta:
    defn = get_definition(tag)
    if defn is None:
        return FieldMeta(name, None, "B", f"field of {tag} (no definition in the library)")
    loop_path = "/".join(loops) or None
    for info in defn.fields:
        if info.name == name and info.loop == loop_path:
            width = info.width if isinstance(info.width, int) else None
            text = info.description
            if info.condition:
                text += f" (present when {info.condition})"
            return FieldMeta(name, width, info.type, text, info.enum, info.min, info.max,
                             info.blank_allowed, units=info.units)
    for loop in (defn_loops(defn)):
        if loop[0] == name:
            return FieldMeta(name, None, "X", loop[1] or f"repeated group of {tag}", readonly=True)
    return FieldMeta(name, None, "X", f"not a field of {tag}")


def defn_loops(defn) -> list[tuple[str, str]]:
    """(name, description) of every repeated group in a definition."""
    out: list[tuple[str, str]] = []

    def walk(items):
        for it in items:
            if it.kind == "loop":
                out.append((it.name, it.description))
                walk(it.items)
            elif it.kind == "cond":
                walk(it.items)

    walk(defn.items)
    return out


def tre_description(tag: str) -> str:
    defn = get_definition(tag)
    if defn is None:
        return "TRE without a definition in the library (kept as raw bytes)"
    return f"{defn.name}: {defn.description}" if defn.description else defn.name


def header_field_meta(format_name: str, segment_kind: str, name: str) -> FieldMeta:
    """Width, type and description of a subheader field (NITF/NSIF) or a plain text entry."""
    if format_name not in NITF_FORMATS:
        return FieldMeta(name, None, "X", "", readonly=True)
    meta = _nitf_table_meta(segment_kind, name)
    readonly = name in COMPUTED_NITF_FIELDS or (
        segment_kind == "image" and name in IMAGE_STRUCTURE_FIELDS)
    if meta is None:
        return FieldMeta(name, None, "A", "", readonly=readonly)
    if readonly and not meta.readonly:
        meta = FieldMeta(meta.name, meta.width, meta.type, meta.description, meta.enum, meta.min,
                         meta.max, meta.blank_allowed, True, meta.units)
    return meta


def _nitf_table_meta(segment_kind: str, name: str) -> FieldMeta | None:
    from .nitf_tables import count_field_meta, nitf_field_meta

    return nitf_field_meta(segment_kind, name) or count_field_meta(segment_kind, name)

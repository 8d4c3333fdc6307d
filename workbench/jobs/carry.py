"""Which metadata a written image carries over from its source, and how it is adapted.

Same family (NITF/NSIF → NITF/NSIF, TIFF → TIFF): every field and TRE is copied, except the keys
that describe the old encoding or layout (:data:`hints.NITF_STALE_KEYS`; pixel-type keys when the
pixel type changes), which the writer recomputes; per-band lists follow the band subset.
Across families only georeferencing travels (see :mod:`.georef`).
"""

from __future__ import annotations

from workbench.io import BufferedMetadataProvider

from .hints import NITF_PIXEL_KEYS, NITF_STALE_KEYS
from .options import NITF_FORMATS, canonical_format

GEO_KEYS = ("GeoModelType", "GeoRasterType", "GeoProjectedCRS", "GeoGeographicCRS",
            "GeoPixelScale", "GeoTiepoints", "GeoTransform")
# TIFF tags that describe layout/encoding, recomputed by the writer.
TIFF_LAYOUT_TAGS = {"256", "257", "258", "259", "262", "273", "277", "278", "279", "284", "317",
                    "322", "323", "324", "325", "338", "339", "254", "330"}


def family(format_name: str | None) -> str | None:
    if not format_name:
        return None
    try:
        fmt = canonical_format(format_name)
    except ValueError:
        return None
    return "nitf" if fmt in NITF_FORMATS else fmt


def source_format(reader) -> str | None:
    """The registry name of the format a reader was opened as (``nitf``, ``tiff``…)."""
    spec = getattr(reader, "format", None) or getattr(reader, "fmt", None)
    name = getattr(spec, "name", None)
    if name:
        return name
    from workbench.io.core.registry import by_magic

    sources = getattr(reader, "sources", None) or []
    if sources:
        found = by_magic(sources[0].head(64))
        if found is not None:
            return found.requested if found.name == "jpeg2000" else found.name
    module = type(reader).__module__
    for fam in ("nitf", "tiff", "jpeg2000", "png", "jpeg"):
        if f".{fam}." in module:
            return fam
    return None


def _is_band_list(value, nbands: int) -> bool:
    return (isinstance(value, list) and len(value) == nbands and nbands > 0
            and all(isinstance(v, dict) for v in value)
            and any(k.startswith(("IREPBAND", "ISUBCAT", "IFC")) for k in value[0]))


def carried_image_metadata(source_asset, source_fmt: str | None, target_fmt: str,
                           bands: list[int] | None, dtype_changed: bool
                           ) -> BufferedMetadataProvider:
    """A copy of the source image's metadata fit for the target (before hints are applied)."""
    src_family, dst_family = family(source_fmt), family(target_fmt)
    entries = source_asset.metadata.entries() if hasattr(source_asset.metadata, "entries") \
        else dict(source_asset.metadata)
    out = BufferedMetadataProvider()
    if src_family == dst_family == "nitf":
        drop = set(NITF_STALE_KEYS) | (set(NITF_PIXEL_KEYS) if dtype_changed else set())
        for key, value in entries.items():
            if key in drop or key.startswith("J2K_"):
                continue
            if bands is not None and _is_band_list(value, source_asset.num_bands):
                value = [value[b] for b in bands]
            out[key] = value
        if _irep_invalid(out.get("IREP"), bands):
            del out["IREP"]
        if not _storage_width(out.get("NBPP")):
            # A packed or JPEG 2000 width (e.g. NBPP 12): the target writer picks its own (NC
            # stores whole words, which every reader agrees on; J2K sets NBPP = ABPP).
            out.pop("NBPP", None)
    elif src_family == dst_family == "tiff":
        from workbench.io.tiff.geokeys import GEO_TAGS

        geo_tags = {str(t) for t in GEO_TAGS}  # re-derived from the Geo* keys for the window
        for key, value in entries.items():
            if key not in TIFF_LAYOUT_TAGS and key not in geo_tags:
                out[key] = value
    else:
        for key in GEO_KEYS:
            if key in entries:
                out[key] = entries[key]
    return BufferedMetadataProvider(source=out)


def _storage_width(nbpp) -> bool:
    return nbpp is None or str(nbpp).strip() in ("08", "8", "16", "32", "64")


def _irep_invalid(irep, bands) -> bool:
    """IREP RGB/MULTI claims no longer hold for a band subset of another size."""
    if irep is None or bands is None:
        return False
    irep = str(irep).strip()
    return (irep == "RGB" and len(bands) != 3) or (irep == "MONO" and len(bands) != 1)


def carried_file_metadata(reader, source_fmt: str | None, target_fmt: str
                          ) -> BufferedMetadataProvider | None:
    """File-level metadata (NITF header: security, originator, file TREs) for NITF targets."""
    if family(source_fmt) == family(target_fmt) == "nitf":
        return BufferedMetadataProvider(source=reader.metadata)
    return None


def carry_georef(image_metadata, asset, target_fmt: str, window=None, level: int = 0
                 ) -> list[str]:
    """Give ``image_metadata`` the georeferencing of ``window`` (level pixels; whole image when
    None) of ``asset`` in the target's form: Geo* keys for TIFF (an affine transform), ICORDS +
    IGEOLO for NITF. NITF → NITF keeps the source's ICORDS form (see :mod:`.geometry_tres`).
    Returns warnings for georeferencing that could not be carried."""
    from workbench.io.core.geometry import level_size

    from .geometry_tres import chip_igeolo
    from .ground import ground_mapping

    if window is None:
        window = (0, 0, level_size(asset.num_columns, level), level_size(asset.num_rows, level))
    x, y, w, h = window
    src_meta = asset.metadata
    dst = family(target_fmt)
    if dst == "nitf":
        for key in GEO_KEYS:
            image_metadata.pop(key, None)
        if src_meta.get("ICORDS", "").strip() and src_meta.get("IGEOLO"):
            try:
                image_metadata["IGEOLO"] = chip_igeolo(src_meta["ICORDS"], src_meta["IGEOLO"],
                                                       (asset.num_columns, asset.num_rows),
                                                       window, level)
                image_metadata["ICORDS"] = src_meta["ICORDS"]
                return []
            except ValueError as exc:
                image_metadata.pop("IGEOLO", None)
                image_metadata["ICORDS"] = " "
                return [f"IGEOLO not carried: {exc}"]
        mapping = ground_mapping(asset)
        if mapping is None:
            return []
        from workbench.io.nitf.geo import geographic_igeolo, utm_igeolo, utm_zone_of

        s = 1 << level
        centres = [((x + cx) * s, (y + cy) * s) for cx, cy in
                   ((0.5, 0.5), (w - 0.5, 0.5), (w - 0.5, h - 0.5), (0.5, h - 0.5))]
        corners = [tuple(float(v) for v in mapping.pixel_to_lonlat(c, r)) for c, r in centres]
        # a UTM source stays UTM (ICORDS N/S, whole metres, as GDAL writes it); anything else
        # goes geographic (ICORDS G, whole arc-seconds: the finest NITF 2.1 has)
        native = (f"EPSG:{mapping.georef.epsg}" if mapping.georef is not None
                  else getattr(mapping, "native_crs", None))
        try:
            if native and utm_zone_of(native):
                icords, igeolo = utm_igeolo(corners, native)
            else:
                icords, igeolo = "G", geographic_igeolo(corners)
        except ValueError as exc:
            return [f"IGEOLO not written: {exc}"]
        image_metadata["ICORDS"], image_metadata["IGEOLO"] = icords, igeolo
        return []
    if dst == "tiff" or canonical_format(target_fmt) == "jp2":  # GeoTIFF keys / GeoJP2 box
        for key in GEO_KEYS:
            image_metadata.pop(key, None)
        mapping = ground_mapping(asset)
        if mapping is None:
            return []
        try:  # ValueError: no transform to be had (e.g. one pixel: no pixel size)
            georef = mapping.to_georef()
            if georef is None:
                return ["georeferencing not carried: the source's corners are not affine "
                        "(a GeoTIFF transform cannot hold them)"]
            if level:
                georef = georef.for_overview(1 << level)
            georef = georef.for_window(x, y, w, h)
            image_metadata.update(georef.to_tiff_metadata())
        except ValueError as exc:
            return [f"georeferencing not carried: {exc}"]
        return []
    return []

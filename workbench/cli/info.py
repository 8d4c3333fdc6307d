"""``workbench info FILE [--json]``: what a file holds (format, images, bands, blocks, levels,
georeferencing, security and TREs) without reading pixels."""

from __future__ import annotations

import json
import sys


def add_parser(sub) -> None:
    p = sub.add_parser("info", help="describe an image file", description=__doc__)
    p.add_argument("file")
    p.add_argument("--json", action="store_true", help="print JSON instead of text")
    p.set_defaults(func=run)


def describe(path: str) -> dict:
    from workbench.io import IO, AssetType
    from workbench.jobs.carry import source_format
    from workbench.jobs.ground import ground_mapping

    with IO.open([path], "r") as reader:
        out = {"file": path, "format": source_format(reader), "assets": []}
        file_meta = reader.metadata
        for key in ("FSCLAS", "FTITLE", "OSTAID", "FDT"):
            if key in file_meta:
                out.setdefault("file_header", {})[key] = str(file_meta[key]).strip()
        for key in reader.get_asset_keys():
            asset = reader.get_asset(key)
            entry = {"key": key, "type": asset.asset_type.value, "roles": list(asset.roles)}
            if asset.asset_type == AssetType.Image:
                meta = asset.metadata
                entry.update(width=asset.num_columns, height=asset.num_rows,
                             bands=asset.num_bands, dtype=asset.pixel_value_type.value,
                             bits=asset.actual_bits_per_pixel,
                             block=[asset.block_width, asset.block_height],
                             levels=asset.num_resolution_levels)
                for field in ("IC", "IMODE", "COMRAT", "IREP", "ISCLAS", "ICORDS", "IGEOLO"):
                    if field in meta:
                        entry[field] = str(meta[field]).strip()
                tres = sorted(k for k, v in meta.items() if k.isupper() and len(k) == 6
                              and (isinstance(v, (dict, list, bytes)) or
                                   type(v).__name__ == "RawTRE"))
                if tres:
                    entry["tres"] = tres
                mapping = ground_mapping(asset)
                if mapping is not None:
                    entry["georeference"] = mapping.describe
                    entry["corners_lonlat"] = [
                        [round(v, 7) for v in c] for c in
                        mapping.window_extent((0, 0, asset.num_columns, asset.num_rows))]
            out["assets"].append(entry)
        return out


def run(args) -> int:
    try:
        info = describe(args.file)
    except Exception as exc:  # noqa: BLE001 - any failure is reported naming the file
        print(f"workbench info: {args.file}: {exc}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(info, indent=2))
        return 0
    print(f"{info['file']}  ({info['format']})")
    for key, value in info.get("file_header", {}).items():
        print(f"  {key}: {value}")
    for a in info["assets"]:
        if a["type"] == "image":
            print(f"  {a['key']}: {a['width']}x{a['height']}, {a['bands']} band(s) {a['dtype']} "
                  f"({a['bits']} bits), blocks {a['block'][0]}x{a['block'][1]}, "
                  f"{a['levels']} level(s), roles {', '.join(a['roles'])}")
            for field in ("IC", "IMODE", "COMRAT", "IREP", "ISCLAS"):
                if field in a:
                    print(f"      {field}: {a[field]}")
            if "tres" in a:
                print(f"      TREs: {', '.join(a['tres'])}")
            if "georeference" in a:
                corners = "; ".join(f"{lon:.6f}, {lat:.6f}" for lon, lat in a["corners_lonlat"])
                print(f"      georeference: {a['georeference']}: {corners}")
        else:
            print(f"  {a['key']}: {a['type']}")
    return 0

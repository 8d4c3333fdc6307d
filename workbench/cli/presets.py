"""``workbench presets``: the export presets (built-in and yours), their ids and names."""

from __future__ import annotations

import json


def add_parser(sub) -> None:
    p = sub.add_parser("presets", help="list export presets", description=__doc__)
    p.add_argument("--json", action="store_true", help="print the presets as JSON")
    p.set_defaults(func=run)


def run(args) -> int:
    from workbench.jobs.presets import PresetStore

    presets = PresetStore().all()
    if args.json:
        print(json.dumps([dict(p.to_dict(), builtin=p.builtin) for p in presets], indent=2))
        return 0
    width = max(len(p.id) for p in presets)
    for p in presets:
        origin = "" if p.builtin else "  (user)"
        print(f"{p.id:{width}}  {p.name}  [{p.extension}]{origin}")
    return 0

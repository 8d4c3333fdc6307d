"""Security review: each security field of the source (file header, image, and every segment
carried along) next to the value the export will write, computed before writing so the GUI can
show it for confirmation and the CLI can print it.

Fields are MIL-STD-2500C's: the 16-field security group (``xxCLAS`` … ``xxCTLN``) of each header
(FS file, IS image, SS graphic, TS text, DES data extension) plus the file's FSCOP/FSCPYS.
"""

from __future__ import annotations

from dataclasses import dataclass

SECURITY_GROUP = ("CLAS", "CLSY", "CODE", "CTLH", "REL", "DCTP", "DCDT", "DCXM", "DG", "DGDT",
                  "CLTX", "CATP", "CAUT", "CRSN", "SRDT", "CTLN")
PREFIX_BY_ASSET = {"image": "IS", "text": "TS", "graphic": "SS", "graphics": "SS", "data": "DES"}
CLASSIFICATION_ORDER = {"U": 0, "R": 1, "C": 2, "S": 3, "T": 4}
NOT_WRITTEN = None


@dataclass(frozen=True)
class SecurityRow:
    segment: str          # "file", "image:0", "text:0", …
    field: str            # e.g. FSCLAS
    original: str
    exported: str | None  # None: the target format has no place for it

    @property
    def changed(self) -> bool:
        return self.exported is None or self.exported.strip() != self.original.strip()


def _fields(prefix: str, file_level: bool) -> list[str]:
    names = [prefix + f for f in SECURITY_GROUP]
    return names + (["FSCOP", "FSCPYS"] if file_level else [])


def _rows(segment, prefix, source, exported, file_level=False) -> list[SecurityRow]:
    rows = []
    for name in _fields(prefix, file_level):
        if name not in source and (exported is None or name not in exported):
            continue
        original = str(source.get(name, ""))
        out = None if exported is None else str(exported.get(name, original))
        rows.append(SecurityRow(segment, name, original, out))
    return rows


def security_review(file_metadata, image_key: str, image_metadata, exported_file=None,
                    exported_image=None, segments=()) -> list[SecurityRow]:
    """Rows for the file header, the image, and each ``(key, metadata, carried)`` segment.
    ``exported_*`` is the metadata to be written (None when the target cannot hold it)."""
    rows = _rows("file", "FS", file_metadata or {}, exported_file, True)
    rows += _rows(image_key, "IS", image_metadata or {}, exported_image)
    for key, meta, carried in segments:
        prefix = PREFIX_BY_ASSET.get(key.split(":")[0], "")
        if prefix:
            rows += _rows(key, prefix, meta, meta if carried else None)
    return rows


def highest(rows, exported: bool = False) -> str:
    """Highest classification letter among the rows' CLAS fields (original or exported)."""
    best = "U"
    for row in rows:
        if row.field.endswith("CLAS"):
            value = (row.exported if exported else row.original) or ""
            value = value.strip()[:1] or "U"
            if CLASSIFICATION_ORDER.get(value, 0) > CLASSIFICATION_ORDER.get(best, 0):
                best = value
    return best


def review_lines(rows) -> list[str]:
    """Plain-text table: segment, field, original → exported (blank values shown as ``''``)."""
    lines = []
    for row in rows:
        orig = row.original.strip() or "''"
        out = "(not written)" if row.exported is None \
            else (row.exported.strip() or "''")
        mark = " *" if row.changed else ""
        lines.append(f"{row.segment:10} {row.field:8} {orig} -> {out}{mark}")
    return lines

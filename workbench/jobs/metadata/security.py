"""The security-fields form: classification and markings of the file header and every segment
subheader side by side, set for one segment or all at once, checked for consistency."""

from __future__ import annotations

from dataclasses import dataclass

from .commands import Macro, SetValue
from .document import MetadataDocument

# Field-name prefix of the security group in each subheader (NITF 2.1 / NSIF 1.0).
PREFIX = {"file": "FS", "image": "IS", "graphics": "SS", "text": "TS", "data": "DES"}
# The security group, in subheader order, with a label for the form.
FIELDS = (
    ("CLAS", "Classification"), ("CLSY", "Classification system"), ("CODE", "Codewords"),
    ("CTLH", "Control and handling"), ("REL", "Releasing instructions"),
    ("DCTP", "Declassification type"), ("DCDT", "Declassification date"),
    ("DCXM", "Declassification exemption"), ("DG", "Downgrade"), ("DGDT", "Downgrade date"),
    ("CLTX", "Classification text"), ("CATP", "Classification authority type"),
    ("CAUT", "Classification authority"), ("CRSN", "Classification reason"),
    ("SRDT", "Security source date"), ("CTLN", "Security control number"),
)
LEVELS = {"U": 0, "R": 1, "C": 2, "S": 3, "T": 4}
LEVEL_NAMES = {"U": "UNCLASSIFIED", "R": "RESTRICTED", "C": "CONFIDENTIAL", "S": "SECRET",
               "T": "TOP SECRET"}


@dataclass(frozen=True)
class SecurityRow:
    segment_key: str
    kind: str
    values: dict  # suffix (CLAS, CLSY, ...) -> stored value


class SecurityForm:
    """Reads the security groups of a document and builds the commands that change them."""

    def __init__(self, doc: MetadataDocument):
        self.doc = doc

    @staticmethod
    def field_name(kind: str, suffix: str) -> str:
        return PREFIX[kind] + suffix

    def rows(self) -> list[SecurityRow]:
        out = []
        for seg in self.doc.segments:
            prefix = PREFIX.get(seg.kind)
            if prefix is None or prefix + "CLAS" not in seg.fields:
                continue
            values = {s: seg.fields[prefix + s] for s, _ in FIELDS if prefix + s in seg.fields}
            out.append(SecurityRow(seg.key, seg.kind, values))
        return out

    def set_command(self, suffix: str, value: str, segment_keys: list[str] | None = None):
        """One undo step setting ``suffix`` (e.g. ``CLAS``) in the given segments (all when
        None) that have that field."""
        if suffix not in dict(FIELDS):
            raise ValueError(f"{suffix!r} is not a security field; known: "
                             + ", ".join(s for s, _ in FIELDS))
        commands = []
        for row in self.rows():
            if segment_keys is not None and row.segment_key not in segment_keys:
                continue
            if suffix in row.values:
                name = self.field_name(row.kind, suffix)
                commands.append(SetValue((row.segment_key, name), value))
        return Macro(commands, f"set {suffix} to {value.strip() or 'blank'}")

    def banner(self) -> str:
        """The highest classification in the file, spelled out (``SECRET``)."""
        levels = [r.values.get("CLAS", "U").strip() or "U" for r in self.rows()]
        top = max(levels, key=lambda c: LEVELS.get(c, -1), default="U")
        return LEVEL_NAMES.get(top, top)

    def consistency(self) -> list[str]:
        """Problems between the file header and its segments (a segment classified above the
        file, or an unknown classification code)."""
        rows = self.rows()
        out = []
        file_rows = [r for r in rows if r.kind == "file"]
        file_level = LEVELS.get(file_rows[0].values.get("CLAS", "").strip(), None) \
            if file_rows else None
        for r in rows:
            code = r.values.get("CLAS", "").strip()
            if code not in LEVELS:
                out.append(f"{r.segment_key}: classification {code!r} is not one of "
                           "U, R, C, S, T")
            elif file_level is not None and r.kind != "file" and LEVELS[code] > file_level:
                out.append(f"{r.segment_key}: classified {LEVEL_NAMES[code]} above the file "
                           f"header's {LEVEL_NAMES[file_rows[0].values['CLAS'].strip()]}")
        return out

"""Checking edits and whole documents: every problem names its address and the rule broken."""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass

from workbench.io.tre import RawTRE, validate_tre

from .address import Address, format_address
from .document import TEXT_FIELD, MetadataDocument, instances, is_tre
from .groups import group_problems
from .rules import check_value

_TRE_PATH = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)(?:\[(\d+)\])?$")


@dataclass(frozen=True)
class Problem:
    address: Address
    rule: str

    def __str__(self) -> str:
        return f"{format_address(self.address)}: {self.rule}"


class InvalidEditsError(ValueError):
    """Edits that break rules; ``problems`` lists each one. Nothing was written."""

    def __init__(self, problems: list[Problem], what: str = "cannot save"):
        self.problems = list(problems)
        lines = "\n".join(f"  {p}" for p in self.problems)
        super().__init__(f"{what}: {len(self.problems)} invalid value(s):\n{lines}")


def tre_problems(segment_key: str, tag: str, index: int, value) -> list[Problem]:
    """Problems of one TRE instance, each mapped to the field's address when it can be."""
    if isinstance(value, (RawTRE, bytes, bytearray)):
        return [Problem((segment_key, tag, index), m) for m in validate_tre(tag, bytes(value))]
    out = []
    for message in validate_tre(tag, value):
        where, _, rule = message.partition(": ")
        address = _tre_message_address(segment_key, tag, index, where)
        out.append(Problem(address, rule if address[-1] != index else message))
    return out


def _tre_message_address(segment_key, tag, index, where: str) -> Address:
    parts = where.split(".")
    if parts[0] != tag or len(parts) < 2:
        return (segment_key, tag, index)
    address: list = [segment_key, tag, index]
    for part in parts[1:]:
        m = _TRE_PATH.match(part)
        if not m:
            return (segment_key, tag, index)
        address.append(m.group(1))
        if m.group(2) is not None:
            address.append(int(m.group(2)))
    return tuple(address)


def segment_problems(doc: MetadataDocument, segment_key: str) -> list[Problem]:
    seg = doc.segment(segment_key)
    out: list[Problem] = []
    for name, value in seg.fields.items():
        if is_tre(name, value):
            for i, inst in enumerate(instances(value)):
                out.extend(tre_problems(seg.key, name, i, inst))
        elif isinstance(value, str):
            meta = doc.field_meta((seg.key, name))
            if not meta.readonly:
                rule = check_value(meta, value)
                if rule:
                    out.append(Problem((seg.key, name), rule))
        elif isinstance(value, (list, dict)) and not name.startswith("_") \
                and name not in seg.info:
            out.extend(group_problems(doc, (seg.key, name), value))
    if seg.text is not None and doc.editable:
        try:
            seg.text.encode("latin-1")
        except UnicodeEncodeError as exc:
            out.append(Problem((seg.key, TEXT_FIELD),
                               f"must be ECS-A text (Latin-1), character {exc.start} is not"))
    return out


def document_problems(doc: MetadataDocument) -> list[Problem]:
    """Every invalid value in the document (what blocks saving)."""
    if not doc.editable:
        return []
    out: list[Problem] = []
    for seg in doc.segments:
        out.extend(segment_problems(doc, seg.key))
    return out


def check_edit(doc: MetadataDocument, address: Address, value) -> str | None:
    """The rule that setting ``address`` to ``value`` would break, or None."""
    meta = doc.field_meta(address)
    if meta.readonly:
        return check_value(meta, value)
    names = [p for p in address[1:] if isinstance(p, str)]
    seg = doc.segment(address[0])
    if len(names) > 1 and is_tre(names[0], seg.fields.get(names[0])):
        index = address[2] if len(address) > 2 and isinstance(address[2], int) else 0
        trial = copy.deepcopy(doc)
        trial.put(address, value)
        inst = trial.get((address[0], names[0], index))
        mine = [p for p in tre_problems(address[0], names[0], index, inst)
                if _same_field(p.address, address)]
        return mine[0].rule if mine else None
    return check_value(meta, value)


def _same_field(a: Address, b: Address) -> bool:
    def norm(addr):
        out = list(addr)
        if len(out) > 2 and not isinstance(out[2], int):
            out.insert(2, 0)
        return tuple(out)

    return norm(a) == norm(b)

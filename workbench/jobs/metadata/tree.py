"""The tree the metadata panel shows: dataset -> segments -> subheader fields -> TREs -> fields,
repeated groups as nested rows. Plain data, so the GUI, the CLI and tests share it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from workbench.io.tre import RawTRE

from .address import FILE, Address
from .document import TEXT_FIELD, MetadataDocument, instances, is_tre
from .fieldinfo import defn_loops, tre_description
from .formats_view import decode_geokeys, looks_like_xml, parse_xml, tiff_tag_name
from .validate import Problem, document_problems


@dataclass
class Node:
    name: str
    address: Address
    kind: str            # dataset, segment, field, tre, group, row, text
    value: str = ""
    width_type: str = ""
    description: str = ""
    editable: bool = False
    problem: str | None = None
    enum: tuple | None = None
    children: list["Node"] = field(default_factory=list)

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()

    def find(self, address: Address) -> "Node | None":
        for node in self.walk():
            if node.address == tuple(address):
                return node
        return None

    def matches(self, text: str) -> bool:
        """Case-insensitive match of the filter box against name, value and description."""
        t = text.lower()
        return t in self.name.lower() or t in self.value.lower() or t in self.description.lower()


def display(value: Any) -> str:
    if isinstance(value, RawTRE):
        return f"<{len(value)} bytes kept as raw: {value.reason}>"
    if isinstance(value, (bytes, bytearray)):
        head = bytes(value[:16]).hex(" ")
        return f"<{len(value)} bytes: {head}{' ...' if len(value) > 16 else ''}>"
    if isinstance(value, dict):
        return ""
    if isinstance(value, list):
        return f"{len(value)} item(s)"
    return "" if value is None else str(value)


def build_tree(doc: MetadataDocument, problems: list[Problem] | None = None) -> Node:
    """The whole tree, each invalid value carrying the rule it breaks."""
    if problems is None:
        problems = document_problems(doc)
    by_address = {}
    for p in problems:
        by_address.setdefault(_canonical(p.address), p.rule)
    file_seg = doc.segment(FILE)
    root = Node(doc.path or "dataset", (FILE,), "dataset", doc.format_name.upper(),
                description="file header")
    root.children = _fields(doc, file_seg, by_address)
    for seg in doc.segments[1:]:
        node = Node(seg.key, (seg.key,), "segment", seg.title or "",
                    description=seg.description or f"{seg.kind} segment")
        node.children = _fields(doc, seg, by_address)
        if seg.text is not None:
            meta = doc.field_meta((seg.key, TEXT_FIELD))
            node.children.append(Node(TEXT_FIELD, (seg.key, TEXT_FIELD), "text", seg.text,
                                      meta.width_type, meta.description, not meta.readonly,
                                      by_address.get((seg.key, TEXT_FIELD))))
        root.children.append(node)
    return root


def _fields(doc, seg, problems) -> list[Node]:
    out = []
    for name, value in seg.fields.items():
        if name.startswith("_"):
            continue  # private bookkeeping of the reader (e.g. where each TRE was stored)
        if is_tre(name, value):
            items = instances(value)
            for i, inst in enumerate(items):
                label = name if len(items) == 1 else f"{name}[{i}]"
                out.append(_tre_node(doc, seg.key, name, i, label, inst, problems))
        else:
            node = _value_node(doc, (seg.key, name), name, value, problems)
            if doc.format_name == "tiff":
                node.name = tiff_tag_name(name)
            if looks_like_xml(value):
                _add_xml(node, parse_xml(value))
            out.append(node)
    for name, value in seg.info.items():
        out.append(_info_node((seg.key, name), name, value))
    if doc.format_name == "tiff":
        geokeys = decode_geokeys(seg.fields)
        if geokeys is not None:
            group = Node("GeoKeys", (seg.key, "@geokeys"), "group", f"{len(geokeys)} key(s)",
                         description="GeoKey directory (tag 34735) decoded")
            group.children = [Node(k, (seg.key, "@geokeys", k), "field", v, "GeoKey")
                              for k, v in geokeys.items()]
            out.append(group)
    return out


INFO_DESCRIPTIONS = {"JP2_BOXES": "JP2 boxes (ISO/IEC 15444-1 Annex I), read only",
                     "J2K_CODESTREAM": "JPEG 2000 codestream main header (SIZ, COD, COM), "
                                       "read only"}


def _info_node(address, name: str, value) -> Node:
    """A read-only row of :attr:`Segment.info`: groups for dicts and lists (a box list labels
    each row with its box type), XML text parsed into rows."""
    node = Node(name, address, "field", display(value), "", INFO_DESCRIPTIONS.get(name, ""))
    if isinstance(value, dict):
        node.kind, node.value = "group", (f"{value['length']} bytes" if "length" in value else "")
        node.children = [_info_node(address + (k,), k, v) for k, v in value.items()
                         if k != "box"]
    elif isinstance(value, list):
        node.kind = "group"
        for i, row in enumerate(value):
            label = f"[{i}] {row['box']}" if isinstance(row, dict) and "box" in row else f"[{i}]"
            node.children.append(_info_node(address + (i,), label, row))
    elif looks_like_xml(value):
        line = " ".join(value.split())
        node.value = line if len(line) <= 120 else line[:119] + "…"
        node.width_type = f"XML, {len(value)} characters"
        _add_xml(node, parse_xml(value))
    return node


def _add_xml(node: Node, tree) -> None:
    """XML parsed into rows: element name, its text, attributes as ``@name`` rows."""
    if tree is None:
        return

    def build(address, element) -> Node:
        tag, text, attrib, children = element
        n = Node(f"<{tag}>", address, "group" if children else "field", text, "XML element")
        n.children = [Node(f"@{k}", address + (f"@{k}",), "field", v, "XML attribute")
                      for k, v in attrib.items()]
        n.children += [build(address + (f"<{c[0]}>", i), c) for i, c in enumerate(children)]
        return n

    node.kind = "group"
    node.children.append(build(node.address + ("<xml>",), tree))


def _value_node(doc, address, name, value, problems) -> Node:
    meta = doc.field_meta(address)
    node = Node(name, address, "field", display(value), meta.width_type, meta.description,
                not meta.readonly and isinstance(value, str), problems.get(_canonical(address)),
                meta.enum)
    if _long_scalar_list(value):
        # e.g. a TIFF's TileOffsets: thousands of numbers are one summary row, not a row each
        # (a tree of 10,000 rows takes a second to build and nobody reads it).
        node.value = f"{len(value)} values: " + " ".join(map(str, value[:8])) + " …"
        node.editable = False
    elif isinstance(value, list):
        node.kind = "group"
        node.editable = False
        for i, row in enumerate(value):
            node.children.append(_row_node(doc, address + (i,), f"[{i}]", row, problems))
    elif isinstance(value, dict):
        node.kind = "group"
        node.children = [_value_node(doc, address + (k,), k, v, problems)
                         for k, v in value.items()]
    return node


LONG_LIST = 32


def _long_scalar_list(value) -> bool:
    return (isinstance(value, list) and len(value) > LONG_LIST
            and not any(isinstance(v, (dict, list)) for v in value))


def _row_node(doc, address, label, row, problems) -> Node:
    if not isinstance(row, dict):
        return _value_node(doc, address, label, row, problems)
    node = Node(label, address, "row")
    node.children = [_value_node(doc, address + (k,), k, v, problems) for k, v in row.items()]
    return node


def _tre_node(doc, seg_key, tag, index, label, inst, problems) -> Node:
    address = (seg_key, tag, index)
    node = Node(label, address, "tre", display(inst), "TRE", tre_description(tag),
                problem=problems.get(_canonical(address)))
    if isinstance(inst, dict):
        node.children = [_value_node(doc, address + (k,), k, v, problems)
                         for k, v in inst.items()]
        loops = dict(defn_loops_of(tag))
        for child in node.children:
            if child.name in loops and child.kind == "group":
                child.description = loops[child.name] or child.description
    return node


def defn_loops_of(tag: str) -> list[tuple[str, str]]:
    from workbench.io.tre import get_definition

    defn = get_definition(tag)
    return defn_loops(defn) if defn is not None else []


def _canonical(address: Address) -> Address:
    """TRE field addresses always carry the instance index (``image:0/ICHIPB[0]/FI_ROW``)."""
    out = tuple(address)
    if len(out) > 2 and isinstance(out[1], str) and not isinstance(out[2], int):
        return out[:2] + (0,) + out[2:]
    return out


def tree_text(node: Node, indent: int = 0) -> str:
    """The tree as indented text: ``NAME = VALUE  [width type]  description``."""
    lines = []
    for n, depth in _with_depth(node, indent):
        line = "  " * depth + n.name
        if n.value:
            line += f" = {n.value}"
        if n.width_type and n.kind in ("field", "text"):
            line += f"  [{n.width_type}]"
        if n.description:
            line += f"  {n.description}"
        if n.problem:
            line += f"  !! {n.problem}"
        lines.append(line)
    return "\n".join(lines)


def _with_depth(node, depth):
    yield node, depth
    for child in node.children:
        yield from _with_depth(child, depth + 1)

"""TRE definitions: the in-memory form of one ``resources/tre/<TAG>.json`` file.

:func:`build_definition` turns the parsed JSON into a tree of :class:`Field`, :class:`Loop`
and :class:`Cond` items and checks that it is well-formed (known keys and types, widths,
expressions that only use fields defined earlier, unique names). The schema is described in
``resources/tre/README.md``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .expr import ExprError, Expression
from .fields import TYPE_LABELS, Field


class DefinitionError(ValueError):
    """A definition file is malformed."""


class Loop:
    """A repeated group: ``count`` iterations of ``items``, decoded as a list of dicts."""

    kind = "loop"
    __slots__ = ("name", "count", "items", "names", "derived", "description")

    def __init__(self, name: str, count: Expression, items: list, description: str = ""):
        self.name = name
        self.count = count
        self.items = items
        self.description = description
        self.names, self.derived = _level_names(items)


class Cond:
    """Items present only when ``cond`` holds; flattened into the enclosing dict."""

    kind = "cond"
    __slots__ = ("cond", "items")

    def __init__(self, cond: Expression, items: list):
        self.cond = cond
        self.items = items


@dataclass(frozen=True)
class FieldInfo:
    """What an editor needs to show one field."""

    name: str
    width: int | str            # an int, or the expression that gives the width
    type: str                   # type code (A N S R U F B)
    type_label: str             # e.g. "BCS-N real"
    description: str = ""
    units: str = ""
    enum: tuple | None = None
    min: float | None = None
    max: float | None = None
    blank_allowed: bool = False
    loop: str | None = None     # "/"-joined names of enclosing loops, None at top level
    loop_count: str | None = None  # count expression of the innermost enclosing loop
    condition: str | None = None   # conditions that must hold for the field to be present


@dataclass
class TREDefinition:
    tag: str
    name: str
    description: str
    source: str
    length: int | None
    items: list
    names: frozenset
    derived: dict
    fields: list

    @property
    def description_text(self) -> str:
        return self.description or self.name


TREDefinitionInfo = TREDefinition

_TOP_KEYS = {"tag", "name", "description", "source", "length", "fields", "notes"}
_FIELD_KEYS = {"name", "width", "type", "description", "enum", "min", "max", "blank", "pattern",
               "default", "sample", "units", "sign", "exp", "equals"}
_NAME_RE = re.compile(r"[A-Z][A-Z0-9_]*")


def build_definition(data: Any, tag: str | None = None) -> TREDefinition:
    if not isinstance(data, dict):
        raise DefinitionError("definition must be a JSON object")
    unknown = set(data) - _TOP_KEYS
    if unknown:
        raise DefinitionError(f"unknown top-level keys {sorted(unknown)}")
    dtag = data.get("tag")
    if not isinstance(dtag, str) or not re.fullmatch(r"[A-Z0-9_]{1,6}", dtag):
        raise DefinitionError(f"tag {dtag!r} must be 1-6 characters A-Z 0-9 _")
    if tag is not None and dtag != tag:
        raise DefinitionError(f"tag {dtag!r} does not match file name {tag!r}")
    length = data.get("length")
    if length is not None and (not isinstance(length, int) or not 0 < length <= 99999):
        raise DefinitionError(f"{dtag}: length must be 1..99999")
    for key in ("name", "description", "source"):
        if not isinstance(data.get(key, ""), str):
            raise DefinitionError(f"{dtag}: {key} must be text")
    if not isinstance(data.get("name"), str) or not data["name"]:
        raise DefinitionError(f"{dtag}: name is required")
    items = _build_items(data.get("fields"), dtag, set(), [], [])
    names, derived = _level_names(items)
    infos: list[FieldInfo] = []
    _collect_infos(items, infos, [], None, [])
    return TREDefinition(dtag, data["name"], data.get("description", ""), data.get("source", ""),
                         length, items, names, derived, infos)


def _expr(text: Any, where: str, known: set) -> Expression:
    try:
        e = Expression(text)
    except ExprError as exc:
        raise DefinitionError(f"{where}: {exc}") from None
    missing = e.names - known
    if missing:
        raise DefinitionError(f"{where}: expression {e.text!r} uses {sorted(missing)} "
                              "which are not defined earlier")
    return e


def _build_items(raw: Any, where: str, known: set, seen_here: list, cond_stack: list) -> list:
    if not isinstance(raw, list) or not raw:
        raise DefinitionError(f"{where}: 'fields' must be a non-empty list")
    items: list = []
    for entry in raw:
        if isinstance(entry, dict) and "repeat" in entry:
            for f in _expand_repeat(entry, where):
                items.append(_build_field(f, where, known, seen_here, cond_stack))
        elif isinstance(entry, list) or (isinstance(entry, dict) and "name" in entry):
            items.append(_build_field(entry, where, known, seen_here, cond_stack))
        elif isinstance(entry, dict) and "loop" in entry:
            extra = set(entry) - {"loop", "count", "fields", "description"}
            name = entry["loop"]
            if extra or not isinstance(name, str) or not _NAME_RE.fullmatch(name):
                raise DefinitionError(f"{where}: bad loop entry {entry.get('loop')!r} {sorted(extra)}")
            _claim(name, where, seen_here, cond_stack)
            count = _expr(entry.get("count"), f"{where}.{name} count", known)
            inner = _build_items(entry.get("fields"), f"{where}.{name}", set(known), [], [])
            items.append(Loop(name, count, inner, entry.get("description", "")))
        elif isinstance(entry, dict) and "if" in entry:
            if set(entry) - {"if", "fields"}:
                raise DefinitionError(f"{where}: bad condition entry keys {sorted(entry)}")
            cond = _expr(entry["if"], f"{where} condition", known)
            inner = _build_items(entry.get("fields"), where, known, seen_here,
                                 cond_stack + [cond.text])
            items.append(Cond(cond, inner))
        else:
            raise DefinitionError(f"{where}: cannot read entry {entry!r:.80}")
    return items


def _claim(name: str, where: str, seen_here: list, cond_stack: list) -> None:
    if name in seen_here and not cond_stack:
        raise DefinitionError(f"{where}: duplicate name {name}")
    seen_here.append(name)


def _expand_repeat(entry: dict, where: str) -> list:
    n, start = entry.get("repeat"), entry.get("start", 1)
    if set(entry) - {"repeat", "start", "fields"} or not isinstance(n, int) or not 0 < n < 1000:
        raise DefinitionError(f"{where}: bad repeat entry {sorted(entry)}")
    out = []
    for i in range(start, start + n):
        for f in entry.get("fields") or []:
            if isinstance(f, list) and f and isinstance(f[0], str):
                out.append([f[0].format(i=i)] + f[1:])
            elif isinstance(f, dict) and isinstance(f.get("name"), str):
                out.append({**f, "name": f["name"].format(i=i)})
            else:
                raise DefinitionError(f"{where}: repeat may only hold fields")
    if not out:
        raise DefinitionError(f"{where}: empty repeat")
    return out


def _build_field(entry: Any, where: str, known: set, seen_here: list, cond_stack: list) -> Field:
    if isinstance(entry, list):
        if not 3 <= len(entry) <= 5:
            raise DefinitionError(f"{where}: field list form is [name, width, type, description?, options?]")
        d = {"name": entry[0], "width": entry[1], "type": entry[2]}
        rest = entry[3:]
        if rest and isinstance(rest[0], str):
            d["description"] = rest[0]
            rest = rest[1:]
        if rest:
            if not isinstance(rest[0], dict):
                raise DefinitionError(f"{where}.{entry[0]}: options must be an object")
            d.update(rest[0])
        entry = d
    unknown = set(entry) - _FIELD_KEYS
    name = entry.get("name")
    if not isinstance(name, str) or not _NAME_RE.fullmatch(name):
        raise DefinitionError(f"{where}: bad field name {name!r}")
    at = f"{where}.{name}"
    if unknown:
        raise DefinitionError(f"{at}: unknown keys {sorted(unknown)}")
    t = entry.get("type")
    if t not in TYPE_LABELS:
        raise DefinitionError(f"{at}: type {t!r} is not one of {sorted(TYPE_LABELS)}")
    w = entry.get("width")
    width, width_expr = None, None
    if isinstance(w, int) and not isinstance(w, bool):
        if not 0 < w <= 99999:
            raise DefinitionError(f"{at}: width {w} out of range")
        width = w
    else:
        width_expr = _expr(w, f"{at} width", known)
    if t == "F" and width not in (4, 8):
        raise DefinitionError(f"{at}: binary float width must be 4 or 8")
    if t == "U" and (width is None or not 1 <= width <= 8):
        raise DefinitionError(f"{at}: binary integer width must be 1 to 8 bytes")
    enum = entry.get("enum")
    if enum is not None and (not isinstance(enum, list) or not enum
                             or not all(isinstance(e, str) for e in enum)):
        raise DefinitionError(f"{at}: enum must be a non-empty list of text")
    for key in ("min", "max"):
        v = entry.get(key)
        if v is not None and (isinstance(v, bool) or not isinstance(v, (int, float))):
            raise DefinitionError(f"{at}: {key} must be a number")
    for key in ("description", "units", "pattern", "default", "sample"):
        if not isinstance(entry.get(key, ""), str):
            raise DefinitionError(f"{at}: {key} must be text")
    for key in ("blank", "sign", "exp"):
        if not isinstance(entry.get(key, False), bool):
            raise DefinitionError(f"{at}: {key} must be true or false")
    equals = None
    if entry.get("equals") is not None:
        equals = _expr(entry["equals"], f"{at} equals", known)
    try:
        field = Field(name, t, width, width_expr, enum=enum, min=entry.get("min"),
                      max=entry.get("max"), blank=entry.get("blank", False),
                      pattern=entry.get("pattern"), default=entry.get("default"),
                      sample=entry.get("sample"), description=entry.get("description", ""),
                      units=entry.get("units", ""), sign=entry.get("sign", False),
                      exp=entry.get("exp", False), equals=equals)
    except re.error as exc:
        raise DefinitionError(f"{at}: bad pattern: {exc}") from None
    _claim(name, where, seen_here, cond_stack)
    known.add(name)
    return field


def _level_names(items: list) -> tuple[frozenset, dict]:
    """Names that may appear in one dict level, and count fields derivable from list lengths."""
    names: set = set()
    fields: set = set()
    derived: dict = {}

    def walk(its):
        for it in its:
            if it.kind == "field":
                names.add(it.name)
                fields.add(it.name)
            elif it.kind == "loop":
                names.add(it.name)
                if it.count.bare_name in fields:
                    derived.setdefault(it.count.bare_name, it.name)
            else:
                walk(it.items)

    walk(items)
    return frozenset(names), derived


def _collect_infos(items, out, loops, count, conds) -> None:
    for it in items:
        if it.kind == "field":
            out.append(FieldInfo(
                it.name, it.width if it.width is not None else it.width_expr.text, it.type,
                it.type_label, it.description, it.units, it.enum, it.min, it.max, it.blank,
                "/".join(loops) or None, count, " and ".join(conds) or None))
        elif it.kind == "loop":
            _collect_infos(it.items, out, loops + [it.name], it.count.text, conds)
        else:
            _collect_infos(it.items, out, loops, count, conds + [f"({it.cond.text})"])

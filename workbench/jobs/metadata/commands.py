"""Edits as commands with ``do``/``undo`` and a capped undo stack (the GUI wraps the same
commands in a QUndoStack; the CLI and scripts use :class:`CommandStack`)."""

from __future__ import annotations

import copy
from typing import Any

from workbench.io.tre import default_tre, get_definition

from .address import Address, format_address
from .document import MetadataDocument, Segment, instances, is_tre
from .rules import normalize


class Command:
    """One reversible edit of a :class:`MetadataDocument`."""

    text = "edit"

    def do(self, doc: MetadataDocument) -> None:
        raise NotImplementedError

    def undo(self, doc: MetadataDocument) -> None:
        raise NotImplementedError


class SetValue(Command):
    """Set one field (a short text value is padded to the field's width as the format stores
    it). Read-only fields (lengths, counts, image structure) are refused."""

    def __init__(self, address: Address, value: Any):
        self.address = tuple(address)
        self.value = value
        self.old: Any = None
        self.text = f"set {format_address(self.address)}"

    def do(self, doc):
        meta = doc.field_meta(self.address)
        if meta.readonly:
            raise ValueError(f"{format_address(self.address)}: is computed when the file is "
                             "written or fixed by the image data, and cannot be edited")
        self.old = doc.put(self.address, normalize(meta, self.value))

    def undo(self, doc):
        doc.put(self.address, self.old)


def _set_key(fields: dict, key: str, value: Any, position: int | None) -> None:
    """Put ``key`` back at ``position`` in the dict's order (None: at the end)."""
    if position is None or key in fields:
        fields[key] = value
        return
    items = list(fields.items())
    items.insert(min(position, len(items)), (key, value))
    fields.clear()
    fields.update(items)


class _TreCommand(Command):
    """Base for commands that change the instances of one TRE tag in one segment; undo
    restores the tag's previous value and place."""

    def __init__(self, segment_key: str, tag: str):
        self.segment_key = segment_key
        self.tag = tag
        self._before: Any = None
        self._had = False
        self._position: int | None = None

    def _remember(self, seg: Segment) -> list:
        self._had = self.tag in seg.fields
        self._before = copy.deepcopy(seg.fields.get(self.tag))
        self._position = list(seg.fields).index(self.tag) if self._had else None
        if self._had and not is_tre(self.tag, seg.fields[self.tag]):
            raise ValueError(f"{self.segment_key}/{self.tag} is a header field, not a TRE")
        return instances(seg.fields[self.tag]) if self._had else []

    @staticmethod
    def _store(seg: Segment, tag: str, items: list, position) -> None:
        if not items:
            seg.fields.pop(tag, None)
        else:
            _set_key(seg.fields, tag, items[0] if len(items) == 1 else items, position)

    def undo(self, doc):
        seg = doc.segment(self.segment_key)
        if self._had:
            seg.fields.pop(self.tag, None)
            _set_key(seg.fields, self.tag, copy.deepcopy(self._before), self._position)
        else:
            seg.fields.pop(self.tag, None)


class AddTRE(_TreCommand):
    """Add an instance of ``tag`` (default values from the definition library unless
    ``value`` is given) after the existing instances of that tag."""

    def __init__(self, segment_key: str, tag: str, value: Any = None):
        super().__init__(segment_key, tag)
        if value is None:
            if get_definition(tag) is None:
                raise ValueError(f"{tag}: no definition in the TRE library; cannot add defaults")
            value = default_tre(tag)
        self.value = value
        self.text = f"add {tag} to {segment_key}"

    def do(self, doc):
        seg = doc.segment(self.segment_key)
        items = self._remember(seg)
        self._store(seg, self.tag, items + [copy.deepcopy(self.value)], self._position)


class DeleteTRE(_TreCommand):
    """Delete one instance (``index``) or, with ``index=None``, every instance of ``tag``."""

    def __init__(self, segment_key: str, tag: str, index: int | None = None):
        super().__init__(segment_key, tag)
        self.index = index
        self.text = f"delete {tag}" + (f"[{index}]" if index is not None else "") + \
            f" from {segment_key}"

    def do(self, doc):
        seg = doc.segment(self.segment_key)
        items = self._remember(seg)
        if not self._had:
            raise KeyError(f"{self.segment_key} has no TRE {self.tag}")
        if self.index is None:
            items = []
        elif not 0 <= self.index < len(items):
            raise KeyError(f"{self.segment_key}/{self.tag}: no instance [{self.index}] "
                           f"(it has {len(items)})")
        else:
            items = items[:self.index] + items[self.index + 1:]
        self._store(seg, self.tag, items, self._position)


class DuplicateTRE(_TreCommand):
    """Insert a copy of instance ``index`` right after it."""

    def __init__(self, segment_key: str, tag: str, index: int = 0):
        super().__init__(segment_key, tag)
        self.index = index
        self.text = f"duplicate {tag}[{index}] in {segment_key}"

    def do(self, doc):
        seg = doc.segment(self.segment_key)
        items = self._remember(seg)
        if not 0 <= self.index < len(items):
            raise KeyError(f"{self.segment_key}/{self.tag}: no instance [{self.index}]")
        items.insert(self.index + 1, copy.deepcopy(items[self.index]))
        self._store(seg, self.tag, items, self._position)


class ReplaceFields(Command):
    """Replace a segment's fields (and text) wholesale: what a JSON import does."""

    def __init__(self, segment_key: str, fields: dict, text: str | None = None,
                 label: str = "import"):
        self.segment_key = segment_key
        self.fields = copy.deepcopy(fields)
        self.new_text = text
        self._old: tuple | None = None
        self.text = f"{label} {segment_key}"

    def do(self, doc):
        seg = doc.segment(self.segment_key)
        self._old = (seg.fields, seg.text)
        seg.fields = copy.deepcopy(self.fields)
        if self.new_text is not None:
            seg.text = self.new_text

    def undo(self, doc):
        seg = doc.segment(self.segment_key)
        seg.fields, seg.text = self._old


class Macro(Command):
    """Several commands as one undo step (done in order, undone in reverse)."""

    def __init__(self, commands: list[Command], text: str = "edits"):
        self.commands = list(commands)
        self.text = text

    def do(self, doc):
        done = []
        try:
            for cmd in self.commands:
                cmd.do(doc)
                done.append(cmd)
        except BaseException:
            for cmd in reversed(done):
                cmd.undo(doc)
            raise

    def undo(self, doc):
        for cmd in reversed(self.commands):
            cmd.undo(doc)


class CommandStack:
    """Undo/redo over a document, capped at ``limit`` steps, with a clean (saved) mark."""

    def __init__(self, doc: MetadataDocument, limit: int = 200):
        self.doc = doc
        self.limit = int(limit)
        self._done: list[Command] = []
        self._undone: list[Command] = []
        self._clean: int | None = 0
        self.listeners: list = []

    def push(self, cmd: Command) -> None:
        cmd.do(self.doc)  # raises before anything is recorded when the edit is refused
        self._done.append(cmd)
        self._undone.clear()
        if self._clean is not None and self._clean > len(self._done) - 1:
            self._clean = None  # the saved state can no longer be reached by undo/redo
        if len(self._done) > self.limit:
            self._done.pop(0)
            self._clean = None if self._clean in (None, 0) else self._clean - 1
        self._changed()

    def undo(self) -> Command | None:
        if not self._done:
            return None
        cmd = self._done.pop()
        cmd.undo(self.doc)
        self._undone.append(cmd)
        self._changed()
        return cmd

    def redo(self) -> Command | None:
        if not self._undone:
            return None
        cmd = self._undone.pop()
        cmd.do(self.doc)
        self._done.append(cmd)
        self._changed()
        return cmd

    @property
    def can_undo(self) -> bool:
        return bool(self._done)

    @property
    def can_redo(self) -> bool:
        return bool(self._undone)

    @property
    def dirty(self) -> bool:
        return self._clean != len(self._done)

    def mark_clean(self) -> None:
        self._clean = len(self._done)
        self._changed()

    def _changed(self) -> None:
        for fn in list(self.listeners):
            fn()

"""Batch edits as the command line spells them: ``ADDRESS=VALUE`` sets, ``ADDRESS`` deletes and
adds of TREs, and JSON files to apply, turned into commands on a document in the order given."""

from __future__ import annotations

import json

from .address import format_address, parse_address
from .commands import AddTRE, Command, CommandStack, DeleteTRE, SetValue
from .document import MetadataDocument, is_tre
from .groups import AddComment, DeleteComment
from .jsonio import import_command


def parse_set(text: str):
    """``"image:0/ICHIPB/FI_ROW=1024"`` -> (address, ``"1024"``). The value is kept as typed
    (it is padded to the field's width when set)."""
    address, sep, value = text.partition("=")
    if not sep:
        raise ValueError(f"--set {text!r}: expected ADDRESS=VALUE, e.g. FSCLAS=U or "
                         "image:0/ICHIPB/FI_ROW=1024")
    return parse_address(address), value


def edit_command(doc: MetadataDocument, kind: str, text: str) -> Command:
    """One edit: ``kind`` is ``set``, ``delete``, ``add`` or ``apply`` (a JSON file path)."""
    if kind == "set":
        address, value = parse_set(text)
        if not doc.has(address):
            raise ValueError(f"--set {format_address(address)}: no such field in "
                             f"{doc.path or 'the file'}")
        return SetValue(address, value)
    if kind in ("delete", "add"):
        comment = _comment_command(kind, text)
        if comment is not None:
            return comment
        address = parse_address(text)
        names = [p for p in address[1:] if isinstance(p, str)]
        index = address[2] if len(address) > 2 and isinstance(address[2], int) else None
        if len(names) != 1:
            raise ValueError(f"--{kind} {text!r}: expected SEGMENT/TAG or SEGMENT/TAG[index], "
                             "e.g. image:0/ICHIPB")
        if kind == "add":
            return AddTRE(address[0], names[0])
        value = doc.segment(address[0]).fields.get(names[0])
        if value is None or not is_tre(names[0], value):
            raise ValueError(f"--delete {text!r}: {address[0]} has no TRE {names[0]}")
        return DeleteTRE(address[0], names[0], index)
    if kind == "apply":
        with open(text, encoding="utf-8") as f:
            data = json.load(f)
        return import_command(doc, data)
    raise ValueError(f"unknown edit kind {kind!r}")


def _comment_command(kind: str, text: str) -> Command | None:
    """``--add image:0/ICOM=TEXT`` appends an image comment, ``--delete image:0/ICOM[i]``
    deletes one; None for anything else."""
    head, sep, value = text.partition("=")
    address = parse_address(head)
    if len(address) < 2 or address[1] != "ICOM":
        return None
    index = address[2] if len(address) > 2 and isinstance(address[2], int) else None
    if kind == "add":
        return AddComment(address[0], value, index)
    if index is None or sep:
        raise ValueError(f"--delete {text!r}: name the comment to delete, e.g. image:0/ICOM[0]")
    return DeleteComment(address[0], index)


def apply_edits(doc: MetadataDocument, edits: list[tuple[str, str]]) -> CommandStack:
    """Apply ``(kind, text)`` edits in order; returns the stack (for undo, or to inspect)."""
    stack = CommandStack(doc, limit=max(1, len(edits)))
    for kind, text in edits:
        stack.push(edit_command(doc, kind, text))
    return stack

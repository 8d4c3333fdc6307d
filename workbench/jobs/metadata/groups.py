"""Header repeated groups edited through the same commands as single fields: image comments
(``ICOM``, with ``NICOM`` kept equal to their number) and the per-band fields of ``BAND_INFO``
(IREPBAND, ISUBCAT, IFC, IMFLT are set with :class:`~.commands.SetValue`; NLUTS, NELUT and the
LUTs are read-only). None of them changes the image data, so a save still passes it through."""

from __future__ import annotations

import copy

from .address import Address
from .commands import Command
from .document import MetadataDocument
from .rules import check_value, normalize

MAX_COMMENTS = 9  # NICOM is one digit


def _comments(doc: MetadataDocument, segment_key: str) -> list:
    seg = doc.segment(segment_key)
    if seg.kind != "image" or not doc.editable:
        raise ValueError(f"{segment_key}: image comments (ICOM) belong to NITF image subheaders")
    value = seg.fields.get("ICOM")
    return list(value) if isinstance(value, list) else []


def _store(doc: MetadataDocument, segment_key: str, comments: list) -> None:
    fields = doc.segment(segment_key).fields
    fields["ICOM"] = comments
    fields["NICOM"] = str(len(comments))


class _CommentCommand(Command):
    def __init__(self, segment_key: str):
        self.segment_key = segment_key
        self._before: tuple | None = None

    def _remember(self, doc) -> list:
        fields = doc.segment(self.segment_key).fields
        self._before = (copy.deepcopy(fields.get("ICOM")), fields.get("NICOM"),
                        "ICOM" in fields, "NICOM" in fields)
        return _comments(doc, self.segment_key)

    def undo(self, doc):
        fields = doc.segment(self.segment_key).fields
        icom, nicom, had_icom, had_nicom = self._before
        for key, value, had in (("ICOM", icom, had_icom), ("NICOM", nicom, had_nicom)):
            if had:
                fields[key] = value
            else:
                fields.pop(key, None)


class AddComment(_CommentCommand):
    """Insert an image comment (padded to 80 characters) at ``index`` (None: at the end)."""

    def __init__(self, segment_key: str, text: str = "", index: int | None = None):
        super().__init__(segment_key)
        self.value, self.index = text, index
        self.text = f"add comment to {segment_key}"

    def do(self, doc):
        comments = self._remember(doc)
        if len(comments) >= MAX_COMMENTS:
            raise ValueError(f"{self.segment_key}/ICOM: at most {MAX_COMMENTS} comments "
                             "(NICOM is one digit)")
        meta = doc.field_meta((self.segment_key, "ICOM"))
        value = normalize(meta, self.value)
        rule = check_value(meta, value)
        if rule:
            raise ValueError(f"{self.segment_key}/ICOM: {rule}")
        index = len(comments) if self.index is None else self.index
        if not 0 <= index <= len(comments):
            raise KeyError(f"{self.segment_key}/ICOM: no place [{index}] (it has "
                           f"{len(comments)} comment(s))")
        comments.insert(index, value)
        _store(doc, self.segment_key, comments)


class DeleteComment(_CommentCommand):
    """Delete image comment ``index``."""

    def __init__(self, segment_key: str, index: int):
        super().__init__(segment_key)
        self.index = index
        self.text = f"delete comment [{index}] from {segment_key}"

    def do(self, doc):
        comments = self._remember(doc)
        if not 0 <= self.index < len(comments):
            raise KeyError(f"{self.segment_key}/ICOM: no comment [{self.index}] (it has "
                           f"{len(comments)})")
        del comments[self.index]
        _store(doc, self.segment_key, comments)


def group_problems(doc: MetadataDocument, address: Address, value) -> list:
    """Problems of the editable values inside a header repeated group (ICOM rows, BAND_INFO
    fields); read-only members (lengths, NLUTS, LUTs) are not checked."""
    from .validate import Problem

    out = []
    if isinstance(value, list):
        for i, item in enumerate(value):
            out.extend(group_problems(doc, address + (i,), item))
    elif isinstance(value, dict):
        for key, item in value.items():
            out.extend(group_problems(doc, address + (key,), item))
    elif isinstance(value, str):
        meta = doc.field_meta(address)
        if not meta.readonly:
            rule = check_value(meta, value)
            if rule:
                out.append(Problem(address, rule))
    if address[-1] == "ICOM" and isinstance(value, list) and len(value) > MAX_COMMENTS:
        out.append(Problem(address, f"at most {MAX_COMMENTS} comments (NICOM is one digit), "
                                    f"got {len(value)}"))
    return out

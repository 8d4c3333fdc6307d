"""Metadata as JSON: export a document or one segment; import into a chosen segment after
validating the result (nothing changes when any value is invalid).

Values are stored as read: text as text, TREs as objects (a list for several instances),
repeated groups as lists. Bytes become ``{"@bytes": hex}``; TREs kept raw become
``{"@raw": hex, "@reason": why}``.
"""

from __future__ import annotations

import copy
import json
from typing import Any

from workbench.io.tre import RawTRE

from .address import FILE
from .commands import Macro, ReplaceFields
from .document import TEXT_FIELD, MetadataDocument, is_tre
from .fieldinfo import tre_field_meta
from .rules import normalize
from .validate import InvalidEditsError, segment_problems

FORMAT_TAG = "workbench-metadata/1"


def to_jsonable(value: Any) -> Any:
    if isinstance(value, RawTRE):
        return {"@raw": bytes(value).hex(), "@reason": value.reason}
    if isinstance(value, (bytes, bytearray)):
        return {"@bytes": bytes(value).hex()}
    if isinstance(value, dict):
        return {k: to_jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_jsonable(v) for v in value]
    return value


def from_jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        if set(value) <= {"@raw", "@reason"} and "@raw" in value:
            return RawTRE(bytes.fromhex(value["@raw"]), value.get("@reason", "imported"))
        if set(value) == {"@bytes"}:
            return bytes.fromhex(value["@bytes"])
        return {k: from_jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [from_jsonable(v) for v in value]
    return value


def segment_json(doc: MetadataDocument, key: str) -> dict:
    seg = doc.segment(key)
    out = to_jsonable({k: v for k, v in seg.fields.items() if not k.startswith("_")})
    if seg.text is not None:
        out[TEXT_FIELD] = seg.text
    return out


def export_document(doc: MetadataDocument) -> dict:
    return {"format": FORMAT_TAG, "source_format": doc.format_name,
            "segments": {s.key: segment_json(doc, s.key) for s in doc.segments}}


def dumps(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False)


def import_command(doc: MetadataDocument, data: dict, segment_key: str | None = None):
    """A command that applies ``data`` (an export of a document, or one segment's fields) to
    ``doc``; raises :class:`InvalidEditsError` when the result would hold invalid values.

    A whole-document export is applied segment by segment to segments of the same key (or, with
    ``segment_key``, its one segment whose kind matches is applied to that segment). Only
    editable fields are taken; lengths, counts and image structure stay as the file has them.
    """
    if not isinstance(data, dict):
        raise ValueError("metadata JSON must be an object")
    if "segments" in data:
        segments = data["segments"]
        if not isinstance(segments, dict):
            raise ValueError("'segments' must be an object of segment key -> fields")
        if segment_key is not None:
            if segment_key in segments:
                pairs = [(segment_key, segments[segment_key])]
            elif len(segments) == 1:
                pairs = [(segment_key, next(iter(segments.values())))]
            else:
                raise ValueError(f"the JSON has segments {', '.join(segments)}; none is "
                                 f"{segment_key!r}")
        else:
            pairs = list(segments.items())
    else:
        pairs = [(segment_key or FILE, data)]
    commands = []
    trial = copy.deepcopy(doc)
    for key, fields in pairs:
        if not isinstance(fields, dict):
            raise ValueError(f"segment {key!r}: fields must be an object")
        seg = trial.segment(key)
        new_fields = _merged(trial, key, seg.fields, from_jsonable(fields))
        text = fields.get(TEXT_FIELD) if seg.text is not None else None
        cmd = ReplaceFields(key, new_fields, text)
        cmd.do(trial)
        commands.append(ReplaceFields(key, new_fields, text))
    problems = [p for key, _ in pairs for p in segment_problems(trial, key)]
    if problems:
        raise InvalidEditsError(problems, "cannot import metadata")
    return Macro(commands, "import metadata")


def _merged(doc: MetadataDocument, key: str, current: dict, incoming: dict) -> dict:
    out = copy.deepcopy(current)
    for name, value in incoming.items():
        if name == TEXT_FIELD or name.startswith("_"):
            continue
        if is_tre(name, value):
            out[name] = [_normalize_tre(name, v) for v in value] if isinstance(value, list) \
                else _normalize_tre(name, value)
        elif name in out:
            meta = doc.field_meta((key, name))
            if not meta.readonly:
                out[name] = normalize(meta, value)
    return out


def _normalize_tre(tag: str, value, loops: tuple = ()):
    """Pad short text values of a TRE to their widths (as a typed edit would be)."""
    if not isinstance(value, dict):
        return value
    out = {}
    for name, v in value.items():
        if isinstance(v, list):
            out[name] = [_normalize_tre(tag, row, loops + (name,)) for row in v]
        else:
            out[name] = normalize(tre_field_meta(tag, loops, name), v)
    return out

"""The editable metadata of one dataset: a file header and its segments, as plain data.

A :class:`MetadataDocument` is built from an open :class:`DatasetReader` (headers only, no pixels
are read) and then changed through commands (:mod:`.commands`). Values are kept exactly as the
reader gives them: header fields as stored text, TREs as dicts (a list of dicts for several
instances of one tag, :class:`RawTRE` for TREs kept as bytes), repeated groups as lists of dicts.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from workbench.io.core.enums import AssetType
from workbench.io.tre import RawTRE

from .address import FILE, Address, format_address
from .fieldinfo import header_field_meta, tre_field_meta
from .rules import FieldMeta

TEXT_FIELD = "@text"
# Header values that look like TREs (short names holding dicts/lists) but are not.
NOT_TRES = frozenset({"ICOM", "DESSHF", "FBKGC"})
_KINDS = {AssetType.Image: "image", AssetType.Text: "text", AssetType.Graphics: "graphics",
          AssetType.Data: "data"}


@dataclass
class Segment:
    """The file header (key ``"file"``) or one asset's subheader."""

    key: str
    kind: str
    fields: dict[str, Any]
    text: str | None = None
    title: str = ""
    description: str = ""
    roles: list[str] = field(default_factory=lambda: ["data"])
    # Read-only facts shown beside the fields and never written (JP2 boxes, codestream SIZ/COD).
    info: dict[str, Any] = field(default_factory=dict)

    def copy(self) -> "Segment":
        return copy.deepcopy(self)


def is_tre(name: str, value: Any) -> bool:
    """A TRE: a decoded dict, raw bytes, or several instances of one tag under a <= 6 character
    tag name (header repeated groups such as ``BAND_INFO`` have longer names)."""
    if len(name) > 6 or not name.replace("_", "").isalnum() or name in NOT_TRES \
            or name.startswith("_"):
        return False
    if isinstance(value, (dict, RawTRE, bytes, bytearray)):
        return True
    return (isinstance(value, list) and bool(value)
            and all(isinstance(v, (dict, RawTRE, bytes, bytearray)) for v in value))


def instances(value: Any) -> list:
    """The instances of a TRE value (one dict -> ``[dict]``)."""
    return list(value) if isinstance(value, list) else [value]


class MetadataDocument:
    """Editable metadata of one dataset; see the module docstring."""

    def __init__(self, segments: list[Segment], format_name: str = "", path: str | None = None):
        if not segments or segments[0].key != FILE:
            raise ValueError("the first segment must be the file header (key 'file')")
        self.segments = segments
        self.format_name = format_name
        self.path = path

    @classmethod
    def from_reader(cls, reader, format_name: str | None = None,
                    path: str | None = None) -> "MetadataDocument":
        if format_name is None:
            format_name = _format_of(reader)
        if path is None and reader.sources:
            path = reader.sources[0].path
        from .jp2_view import asset_info, file_info

        segments = [Segment(FILE, "file", reader.metadata.to_dict(), title="File header",
                            info=file_info(reader, format_name or ""))]
        for key in reader.get_asset_keys():
            asset = reader.get_asset(key)
            kind = _KINDS.get(asset.asset_type, "data")
            text = getattr(asset, "text", None) if kind == "text" else None
            fields = asset.metadata.to_dict()
            segments.append(Segment(key, kind, fields, text, asset.title or "",
                                    asset.description or "", list(asset.roles),
                                    asset_info(reader, asset, format_name or "", fields)))
        return cls(segments, format_name or "", path)

    # -- segments ------------------------------------------------------------------------------
    @property
    def editable(self) -> bool:
        return self.format_name in ("nitf", "nsif")

    def segment(self, key: str) -> Segment:
        for seg in self.segments:
            if seg.key == key:
                return seg
        have = ", ".join(s.key for s in self.segments)
        raise KeyError(f"no segment {key!r}; this file has: {have}")

    def snapshot(self) -> list[Segment]:
        return [s.copy() for s in self.segments]

    # -- values --------------------------------------------------------------------------------
    def _walk(self, address: Address):
        """(holder, slot, value) of the value at ``address``; raises KeyError naming it."""
        seg = self.segment(address[0])
        if len(address) == 2 and address[1] == TEXT_FIELD:
            return seg, "text", seg.text
        holder, slot, value = None, None, seg.fields
        for part in address[1:]:
            if isinstance(part, int):
                if isinstance(value, list) and 0 <= part < len(value):
                    holder, slot, value = value, part, value[part]
                elif part == 0 and not isinstance(value, list):
                    continue
                else:
                    raise KeyError(f"{format_address(address)}: no instance/row [{part}]")
            else:
                if isinstance(value, list) and len(value) == 1 and isinstance(value[0], dict):
                    value = value[0]  # a lone instance addressed without [0]
                if not isinstance(value, dict) or part not in value:
                    raise KeyError(f"{format_address(address)}: no field {part!r}")
                holder, slot, value = value, part, value[part]
        return holder, slot, value

    def get(self, address: Address) -> Any:
        return self._walk(address)[2]

    def has(self, address: Address) -> bool:
        try:
            self._walk(address)
        except KeyError:
            return False
        return True

    def put(self, address: Address, value: Any) -> Any:
        """Replace an existing value; returns the old one (commands use this to undo)."""
        holder, slot, old = self._walk(address)
        if isinstance(holder, Segment):
            setattr(holder, slot, value)
        elif holder is None:
            raise KeyError(f"{format_address(address)}: cannot replace a whole segment")
        else:
            holder[slot] = value
        return old

    # -- field information ---------------------------------------------------------------------
    def field_meta(self, address: Address) -> FieldMeta:
        seg = self.segment(address[0])
        names = [p for p in address[1:] if isinstance(p, str)]
        if not names:
            return FieldMeta(seg.key, None, "X", seg.title or seg.kind, readonly=True)
        if names[0].startswith("_"):
            return FieldMeta(names[-1], None, "X", "kept for the writer", readonly=True)
        if names[0] in seg.info:
            return FieldMeta(names[-1], None, "X", "", readonly=True)
        if names[0] == TEXT_FIELD:
            return FieldMeta(TEXT_FIELD, None, "E", "text of the text segment",
                             readonly=not self.editable)
        top = seg.fields.get(names[0])
        if len(names) > 1 and is_tre(names[0], top):
            meta = tre_field_meta(names[0], tuple(names[1:-1]), names[-1])
        else:
            meta = header_field_meta(self.format_name, seg.kind, names[-1])
        if not self.editable and not meta.readonly:
            meta = FieldMeta(meta.name, meta.width, meta.type, meta.description, meta.enum,
                             meta.min, meta.max, meta.blank_allowed, True, meta.units)
        return meta

    @classmethod
    def open(cls, path, format: str | None = None) -> "MetadataDocument":
        """Read the headers of ``path`` (no pixels are decoded) and close it again."""
        from workbench.io.core.io import IO

        with IO.open([path], "r", format) as reader:
            return cls.from_reader(reader, path=str(path))

    def tre_addresses(self, segment_key: str) -> list[Address]:
        """One address per TRE instance in a segment: ``(seg, TAG, index)``."""
        seg = self.segment(segment_key)
        out = []
        for name, value in seg.fields.items():
            if is_tre(name, value):
                out.extend((seg.key, name, i) for i in range(len(instances(value))))
        return out


def _format_of(reader) -> str:
    """The format name of an open reader (its own ``format``, else its first bytes)."""
    fmt = getattr(reader, "format", None)
    if fmt is not None and getattr(fmt, "name", None):
        return fmt.name
    from workbench.io.core.registry import by_extension, by_magic

    if reader.sources:
        src = reader.sources[0]
        spec = by_magic(src.head(64)) or (by_extension(src.path) if src.path else None)
        if spec is not None:
            return spec.name
    return ""

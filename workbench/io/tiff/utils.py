"""``TagNameResolver``: name-based access to a dict keyed by numeric TIFF tag IDs (as strings).

    tags = metadata.entries()
    resolver = TagNameResolver(tags)
    resolver["Compression"] = "Deflate"   # tags["259"] = 8
    resolver["TileWidth"] = "256"         # tags["322"] = "256"

Symbolic values of enumerated tags (Compression, Predictor, PhotometricInterpretation,
PlanarConfiguration, Orientation, SampleFormat) become their numeric codes; other values are
stored as given. Names the resolver does not know are used as keys unchanged.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .tags import TAG_ALIASES, TAG_IDS, TAG_NAMES, VALUE_NAMES

__all__ = ["TagNameResolver"]


class TagNameResolver:
    """A view of ``tag_dict`` by tag name; writes go straight into ``tag_dict``."""

    DEFAULT_MAPPING: dict[str, int] = dict(TAG_IDS)
    VALUE_MAPPING: dict[int, dict[str, int]] = {k: dict(v) for k, v in VALUE_NAMES.items()}

    def __init__(self, tag_dict: dict[str, Any], custom_mapping: dict[str, int] | None = None):
        self._tags = tag_dict
        self._names = {**TAG_ALIASES, **self.DEFAULT_MAPPING, **(custom_mapping or {})}
        self._numbers = {**TAG_NAMES, **{v: k for k, v in (custom_mapping or {}).items()}}

    def _resolve_key(self, name: str) -> str:
        if isinstance(name, int):
            return str(name)
        if name in self._names:
            return str(self._names[name])
        return name

    def _resolve_value(self, key: str, value: Any) -> Any:
        if isinstance(value, str) and key.isdigit():
            codes = self.VALUE_MAPPING.get(int(key))
            if codes is not None and value.strip().lower() in codes:
                return codes[value.strip().lower()]
        return value

    def __getitem__(self, name: str) -> Any:
        return self._tags[self._resolve_key(name)]

    def __setitem__(self, name: str, value: Any) -> None:
        key = self._resolve_key(name)
        self._tags[key] = self._resolve_value(key, value)

    def __delitem__(self, name: str) -> None:
        del self._tags[self._resolve_key(name)]

    def __contains__(self, name: object) -> bool:
        return isinstance(name, (str, int)) and self._resolve_key(name) in self._tags

    def __iter__(self) -> Iterator[tuple[str, Any]]:
        """(name, value) pairs; keys without a known name are yielded as stored."""
        for key, value in self._tags.items():
            name = self._numbers.get(int(key), key) if key.isdigit() else key
            yield name, value

    def __len__(self) -> int:
        return len(self._tags)

    def get(self, name: str, default: Any = None) -> Any:
        return self._tags.get(self._resolve_key(name), default)

    def set(self, name: str, value: Any) -> None:
        self[name] = value

    def by_number(self, tag_number: int) -> Any:
        return self._tags.get(str(int(tag_number)))

    def __repr__(self) -> str:
        return f"TagNameResolver({dict(iter(self))!r})"

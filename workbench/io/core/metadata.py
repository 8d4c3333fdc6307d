"""``BufferedMetadataProvider``: the mutable key/value store that drives encoding.

Values are ``str`` for header fields as stored, ``dict`` for a decoded TRE, ``list`` for repeated
groups or for several values under one key (e.g. several instances of one TRE).
"""

from __future__ import annotations

import copy
from collections.abc import Iterator, Mapping, MutableMapping
from typing import Any


class MetadataProvider(Mapping):
    """Read-only view of metadata; readers return these (mutations go through a copy)."""

    def __init__(self, entries: Mapping[str, Any] | None = None):
        self._data: dict[str, Any] = dict(entries or {})

    def __getitem__(self, key: str) -> Any:
        return self._data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._data!r})"

    def get(self, key: str, default: Any = None) -> Any:  # noqa: D401 - Mapping API
        return self._data.get(key, default)

    def entries(self, prefix: str | None = None) -> dict[str, Any]:
        """All entries as a new dict; with ``prefix``, only keys starting with it."""
        if prefix is None:
            return dict(self._data)
        return {k: v for k, v in self._data.items() if k.startswith(prefix)}

    def get_all(self, key: str) -> list[Any]:
        """Every value under ``key``: a repeated TRE's instances, else ``[value]`` or ``[]``."""
        if key not in self._data:
            return []
        value = self._data[key]
        if isinstance(value, list) and value and all(isinstance(v, Mapping) for v in value):
            return list(value)
        return [value]

    def to_dict(self) -> dict[str, Any]:
        """A deep copy as plain Python containers."""
        return copy.deepcopy(self._data)


class BufferedMetadataProvider(MetadataProvider, MutableMapping):
    """Mutable, in-memory metadata. ``source=`` copies another provider (or dict) deeply."""

    def __init__(self, source: Mapping[str, Any] | None = None):
        super().__init__()
        if source is not None:
            items = source.entries() if hasattr(source, "entries") else dict(source)
            self._data = copy.deepcopy(dict(items))

    @classmethod
    def from_provider(cls, source: Mapping[str, Any]) -> "BufferedMetadataProvider":
        return cls(source=source)

    def __setitem__(self, key: str, value: Any) -> None:
        if not isinstance(key, str):
            raise TypeError(f"metadata keys are str, got {type(key).__name__}")
        self._data[key] = value

    def __delitem__(self, key: str) -> None:
        del self._data[key]

    def set(self, key: str, value: Any) -> None:
        self[key] = value

    def set_all(self, key: str, values: list[Any]) -> None:
        """Store several values (e.g. TRE instances) under one key, in order."""
        self._data[key] = list(values)

    def append(self, key: str, value: Any) -> None:
        """Add one more value under ``key`` (e.g. another instance of a TRE)."""
        self._data[key] = self.get_all(key) + [value]

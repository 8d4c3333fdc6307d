"""Finding, loading and caching TRE definition files (``workbench.resources/tre/<TAG>.json``).

Files are read lazily, on first use of a tag, and cached. A malformed file raises
:class:`DefinitionError` (the test suite loads every file, so users never meet one).
"""
from __future__ import annotations

import json
import threading
from importlib import resources
from pathlib import Path

from .definition import DefinitionError, TREDefinition, build_definition

_lock = threading.Lock()
_cache: dict[str, TREDefinition | None] = {}
_dir = None


def definitions_dir():
    """The folder (a Traversable) holding the definition files."""
    global _dir
    if _dir is None:
        try:
            d = resources.files("workbench.resources") / "tre"
            if not d.is_dir():
                raise FileNotFoundError(str(d))
        except (ModuleNotFoundError, FileNotFoundError, TypeError):
            d = Path(__file__).resolve().parents[3] / "resources" / "tre"
        _dir = d
    return _dir


def available_tags() -> list[str]:
    return sorted(p.name[:-5] for p in definitions_dir().iterdir()
                  if p.name.endswith(".json") and p.is_file())


def load_file(tag: str) -> TREDefinition:
    path = definitions_dir() / f"{tag}.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise DefinitionError(f"{tag}.json: not valid JSON: {exc}") from None
    try:
        return build_definition(data, tag)
    except DefinitionError as exc:
        raise DefinitionError(f"{tag}.json: {exc}") from None


def get_definition(tag: str) -> TREDefinition | None:
    """The definition for ``tag``, or None when there is none."""
    tag = tag.strip() if isinstance(tag, str) else tag
    try:
        return _cache[tag]
    except (KeyError, TypeError):
        pass
    if not isinstance(tag, str) or not tag or not tag.replace("_", "").isalnum() or len(tag) > 6:
        return None
    with _lock:
        if tag not in _cache:
            path = definitions_dir() / f"{tag}.json"
            _cache[tag] = load_file(tag) if path.is_file() else None
        return _cache[tag]


def list_definitions() -> list[TREDefinition]:
    """Every known definition, sorted by tag."""
    return [d for d in (get_definition(t) for t in available_tags()) if d is not None]

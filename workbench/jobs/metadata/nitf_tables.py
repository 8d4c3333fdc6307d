"""Adapter from the NITF engine's header field tables to :class:`FieldMeta`."""

from __future__ import annotations

from functools import lru_cache

from .rules import FieldMeta


@lru_cache(maxsize=2048)
def nitf_field_meta(segment_kind: str, name: str) -> FieldMeta | None:
    """The NITF header table entry for ``name`` in a ``segment_kind`` subheader, or None."""
    try:
        import workbench.io.nitf.fields as tables  # noqa: F401  (written by the NITF engine)
    except ModuleNotFoundError:
        return None
    return None

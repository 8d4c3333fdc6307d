"""The TRE engine: data-driven definitions, decoding, validation and writing of NITF/NSIF
Tagged Record Extensions.

Decoded TREs are dicts of fields under their STDI-0002 names, in order; text values are kept
exactly as stored (padding included) so that re-encoding is byte-identical. Repeated groups are
lists of dicts under the loop's name; conditional fields are present only when their condition
holds. Unknown tags and TREs whose bytes do not fit their definition come back as
:class:`RawTRE` (bytes plus ``.reason``) and are written back verbatim.
"""
from __future__ import annotations

from typing import Any

from . import codec
from .area import join_tres, split_tres
from .definition import DefinitionError, FieldInfo, TREDefinition, TREDefinitionInfo
from .errors import RawTRE, TREError
from .registry import get_definition, list_definitions

__all__ = [
    "RawTRE", "TREError", "DefinitionError", "FieldInfo", "TREDefinition", "TREDefinitionInfo",
    "split_tres", "join_tres", "decode_tre", "encode_tre", "validate_tre", "list_definitions",
    "get_definition", "default_tre",
]


def decode_tre(tag: str, cedata: bytes) -> dict | RawTRE:
    """CEDATA bytes -> dict of fields, or RawTRE (unknown tag / bytes that do not fit)."""
    defn = get_definition(tag)
    if defn is None:
        return RawTRE(bytes(cedata), "unknown tag")
    return codec.decode_with(defn, cedata)


def encode_tre(tag: str, value: Any) -> bytes:
    """dict, RawTRE or bytes -> CEDATA bytes. Raises TREError (naming TAG.FIELD and the rule)
    before returning anything when the value is not valid."""
    if isinstance(value, (bytes, bytearray, memoryview)):
        data = bytes(value)
        if len(data) > codec.MAX_CEL:
            raise TREError(f"{tag}: length {len(data)} exceeds the CEL limit {codec.MAX_CEL}")
        return data
    defn = get_definition(tag)
    if defn is None:
        raise TREError(f"{tag}: no definition for this tag; give its CEDATA as bytes")
    return codec.encode_with(defn, value)


def validate_tre(tag: str, value: Any) -> list[str]:
    """Every problem with ``value`` as a ``tag`` TRE (``"TAG.FIELD: rule"``); empty if valid."""
    if isinstance(value, (bytes, bytearray, memoryview)):
        n = len(value)
        return [] if n <= codec.MAX_CEL else [f"{tag}: length {n} exceeds {codec.MAX_CEL}"]
    defn = get_definition(tag)
    if defn is None:
        return [f"{tag}: no definition for this tag"]
    return codec.problems_with(defn, value)


def default_tre(tag: str) -> dict:
    """A valid instance of ``tag`` filled with default values (for an editor's "Add TRE")."""
    defn = get_definition(tag)
    if defn is None:
        raise TREError(f"{tag}: no definition for this tag")
    try:
        data = codec.build_bytes(defn, codec.default_value)
    except (ValueError, TypeError) as exc:  # FieldError / ExprError: a definition bug
        raise TREError(f"{tag}: cannot build a default instance: {exc}") from None
    value = codec.decode_with(defn, data)
    if isinstance(value, RawTRE):  # a definition bug; the test suite checks every tag
        raise TREError(f"{tag}: default instance does not decode: {value.reason}")
    return value

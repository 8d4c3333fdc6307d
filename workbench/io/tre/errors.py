"""The two things the TRE engine hands back when a TRE is not simply a valid dict:
``TREError`` (a clear, named failure) and ``RawTRE`` (bytes kept verbatim, with a reason)."""
from __future__ import annotations


class TREError(ValueError):
    """A TRE could not be read or written. The message names ``TAG.FIELD`` (or the TRE area
    and byte offset) and the rule that was broken."""


class RawTRE(bytes):
    """A TRE kept as its raw CEDATA bytes, written back byte for byte.

    ``reason`` says why it was not decoded, e.g. ``"unknown tag"`` or
    ``"CEL 123 does not match definition: ICHIPB.FI_COL: needs 8 bytes at offset 216, 7 left"``.
    """

    reason: str

    def __new__(cls, data: bytes = b"", reason: str = "") -> "RawTRE":
        obj = super().__new__(cls, data)
        obj.reason = reason
        return obj

    def __repr__(self) -> str:
        head = bytes(self[:24])
        more = "..." if len(self) > 24 else ""
        return f"RawTRE({head!r}{more}, {len(self)} bytes, reason={self.reason!r})"

    def __reduce__(self):
        return (RawTRE, (bytes(self), self.reason))

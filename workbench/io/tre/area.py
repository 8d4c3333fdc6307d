"""A TRE area: concatenated ``CETAG(6) CEL(5) CEDATA(CEL)`` records (UDHD, XHD, UDID, IXSHD,
SXSHD, TXSHD, DES user-defined data)."""
from __future__ import annotations

from .errors import TREError

MAX_CEL = 99999


def split_tres(data: bytes, where: str = "") -> list[tuple[str, bytes]]:
    """Parse a TRE area into ``(tag, cedata)`` pairs.

    A CEL that is not 5 digits, or that points past the end of the area, raises
    :class:`TREError` naming ``where`` and the byte offset. Nothing larger than ``data`` is
    ever allocated (CEDATA slices are taken only after their length is checked).
    """
    buf = memoryview(bytes(data))
    size = len(buf)
    loc = f"{where}: " if where else ""
    out: list[tuple[str, bytes]] = []
    pos = 0
    while pos < size:
        if size - pos < 11:
            raise TREError(f"{loc}truncated TRE header at offset {pos}: "
                           f"{size - pos} bytes left, 11 needed for CETAG and CEL")
        tag_raw = bytes(buf[pos:pos + 6])
        cel_raw = bytes(buf[pos + 6:pos + 11])
        if not all(0x20 <= b <= 0x7E for b in tag_raw):
            raise TREError(f"{loc}CETAG at offset {pos} is not BCS-A text: {tag_raw!r}")
        tag = tag_raw.decode("ascii").rstrip(" ")
        if not cel_raw.isdigit():
            raise TREError(f"{loc}CEL of {tag or '?'} at offset {pos + 6} is not 5 digits: "
                           f"{cel_raw!r}")
        cel = int(cel_raw)
        start = pos + 11
        if cel > size - start:
            raise TREError(f"{loc}CEL {cel} of {tag or '?'} at offset {pos + 6} runs past the "
                           f"end of the TRE area ({size - start} bytes left)")
        out.append((tag, bytes(buf[start:start + cel])))
        pos = start + cel
    return out


def join_tres(items: list[tuple[str, bytes]]) -> bytes:
    """Inverse of :func:`split_tres`: tag padded to 6 characters, CEL as 5 digits."""
    parts: list[bytes] = []
    for tag, cedata in items:
        if not isinstance(tag, str) or not 0 < len(tag.rstrip()) <= 6 or not tag.isascii():
            raise TREError(f"{tag!r}: CETAG must be 1-6 BCS-A characters")
        cedata = bytes(cedata)
        if len(cedata) > MAX_CEL:
            raise TREError(f"{tag}: CEL {len(cedata)} exceeds {MAX_CEL}; "
                           "move the TRE to a TRE_OVERFLOW DES")
        parts.append(tag.ljust(6).encode("ascii") + b"%05d" % len(cedata) + cedata)
    return b"".join(parts)

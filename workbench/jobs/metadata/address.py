"""Addresses of metadata values: ``FTITLE``, ``image:0/IID2``, ``image:0/ICHIPB/FI_ROW``,
``image:0/ICHIPB[1]/FI_ROW`` (second instance), ``image:0/RPC00B/LINE_NUM_COEFF[3]``.

An address is a tuple: the segment key (``"file"`` for the file header), then names, each name
optionally followed by an ``int`` index (a TRE instance or a row of a repeated group). The text
form joins the parts with ``/``; an address without a segment (no ``:``) is in the file header.
"""

from __future__ import annotations

import re

FILE = "file"
Address = tuple

_PART = re.compile(r"^([^\[\]/]+)(?:\[(\d+)\])?$")


def parse_address(text: str) -> Address:
    """``"image:0/ICHIPB[1]/FI_ROW"`` -> ``("image:0", "ICHIPB", 1, "FI_ROW")``."""
    text = text.strip()
    if not text:
        raise ValueError("empty address")
    parts = text.split("/")
    first = parts[0]
    if ":" in first or first == FILE:
        segment, rest = first, parts[1:]
    else:
        segment, rest = FILE, parts
    out: list = [segment]
    for part in rest:
        m = _PART.match(part.strip())
        if not m:
            raise ValueError(f"bad address part {part!r} in {text!r}: expected NAME or NAME[index]")
        out.append(m.group(1))
        if m.group(2) is not None:
            out.append(int(m.group(2)))
    return tuple(out)


def format_address(address: Address) -> str:
    """The text form of an address (inverse of :func:`parse_address`)."""
    text = str(address[0])
    for part in address[1:]:
        text += f"[{part}]" if isinstance(part, int) else f"/{part}"
    return text


def leaf_name(address: Address) -> str:
    """The last name in the address (``FI_ROW`` of ``image:0/ICHIPB/FI_ROW``)."""
    for part in reversed(address):
        if isinstance(part, str):
            return part
    return ""

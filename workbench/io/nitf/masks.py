"""Masked-image tables (IC = NM, M8, M3, MD): the blocked image mask and the pad pixel mask.

Layout (MIL-STD-2500C, 5.4.3.2): IMDATOFF (4 bytes), BMRLNTH (2), TMRLNTH (2), TPXCDLNTH (2),
TPXCD (ceil(TPXCDLNTH / 8) bytes), then BMRnBNDm records (4 bytes each, when BMRLNTH = 4) and
TMRnBNDm records (when TMRLNTH = 4); 0xFFFFFFFF marks an absent block. Offsets count from the
start of the blocked image data, IMDATOFF bytes into the segment.

How many records: the standard has one record per block, times NBANDS only for IMODE S; the
writer follows it, and osml-imagery-io reads such files. GDAL 3.10 instead expects NBANDS
records per block for multi-band IMODE B and R (it fails on standard files), so files laid out
that way exist too: the reader accepts both, choosing the count that matches IMDATOFF and using
the first band's records.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

from ..core.errors import FormatError

ABSENT = 0xFFFFFFFF


@dataclass
class MaskTable:
    data_offset: int                    # IMDATOFF
    unit_offsets: list[int | None] | None   # None when there is no block mask (BMRLNTH = 0)
    pad_pixel: bytes                    # TPXCD (b"" if none)
    pad_bits: int                       # TPXCDLNTH
    pad_masks: list[int | None] | None  # TMR records: blocks that contain pad pixels


def read_mask_table(view, imode: str, blocks: int, bands: int, where: str) -> MaskTable:
    size = len(view)
    if size < 10:
        raise FormatError(f"{where}: masked image data of {size} bytes is shorter than its "
                          "10-byte mask table header")
    imdatoff, bmrlnth, tmrlnth, tpxcdlnth = struct.unpack(">IHHH", bytes(view[:10]))
    if bmrlnth not in (0, 4) or tmrlnth not in (0, 4):
        raise FormatError(f"{where}: BMRLNTH={bmrlnth}/TMRLNTH={tmrlnth} must be 0 or 4")
    npad = (tpxcdlnth + 7) // 8
    tables = (bmrlnth > 0) + (tmrlnth > 0)
    standard = blocks * (bands if imode == "S" else 1)
    counts = [standard]
    if imode != "S" and bands > 1:
        counts.append(blocks * bands)
    count = next((n for n in counts if 10 + npad + 4 * n * tables == imdatoff), None)
    if count is None:
        count = standard
        if 10 + npad + 4 * count * tables > imdatoff:
            raise FormatError(f"{where}: IMDATOFF={imdatoff} is smaller than the "
                              f"{10 + npad + 4 * count * tables}-byte mask table it follows")
    if imdatoff > size:
        raise FormatError(f"{where}: IMDATOFF={imdatoff} points past the {size}-byte image data")
    pad = bytes(view[10:10 + npad])
    pos = 10 + npad

    def records():
        nonlocal pos
        raw = struct.unpack(f">{count}I", bytes(view[pos:pos + 4 * count]))
        pos += 4 * count
        vals = [None if v == ABSENT else v for v in raw]
        return vals[:standard] if count != standard else vals

    bmr = records() if bmrlnth else None
    tmr = records() if tmrlnth else None
    return MaskTable(imdatoff, bmr, pad, tpxcdlnth, tmr)


def mask_table_size(units: int, pad_bytes: int) -> int:
    return 10 + pad_bytes + 4 * units


def build_mask_table(offsets: list[int | None], pad_pixel: bytes, pad_bits: int) -> bytes:
    head = struct.pack(">IHHH", mask_table_size(len(offsets), len(pad_pixel)), 4, 0, pad_bits)
    body = struct.pack(f">{len(offsets)}I", *(ABSENT if o is None else o for o in offsets))
    return head + pad_pixel + body

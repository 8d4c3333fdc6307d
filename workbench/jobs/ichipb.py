"""ICHIPB (STDI-0002 Vol 1 App B): where a chip's pixels sit in the full image it came from.

Grid points are the centres of the chip's corner pixels, in the ICHIPB grid convention where a
pixel's centre is at ``index + 0.5``. ``OP_*`` are chip (output product) coordinates and ``FI_*``
full-image coordinates; ``SCALE_FACTOR`` is the chip's scale relative to R0 (2**level).
A chip of a chip maps its corners through the parent's ICHIPB, so the new TRE still refers to the
original full image (and multiplies the scale factors).
"""

from __future__ import annotations

import numpy as np

CORNERS = ("11", "12", "21", "22")  # (row, col) grid points: TL, TR, BL, BR


def _fmt(value: float) -> str:
    text = f"{value:012.3f}"
    if len(text) > 12 or value < 0:
        raise ValueError(f"ICHIPB: coordinate {value} does not fit the 12-character field")
    return text


def _corner_points(width: int, height: int) -> dict[str, tuple[float, float]]:
    """(row, col) of each corner pixel centre of a width×height image (ICHIPB convention)."""
    return {"11": (0.5, 0.5), "12": (0.5, width - 0.5),
            "21": (height - 0.5, 0.5), "22": (height - 0.5, width - 0.5)}


class ChipMapping:
    """Maps (row, col) of a chip to (row, col) of the full image; bilinear through the four
    ICHIPB grid points (exact for the affine chips this application writes)."""

    def __init__(self, op: dict[str, tuple[float, float]], fi: dict[str, tuple[float, float]]):
        self.op, self.fi = op, fi
        rows = [op[c][0] for c in CORNERS]
        cols = [op[c][1] for c in CORNERS]
        self._r0, self._r1 = min(rows), max(rows)
        self._c0, self._c1 = min(cols), max(cols)

    @classmethod
    def from_tre(cls, tre: dict) -> "ChipMapping":
        if str(tre.get("XFRM_FLAG", "00")).strip() != "00":
            raise ValueError("ICHIPB: XFRM_FLAG 01 (dewarped) chips have no grid to compose")
        op = {c: (float(tre[f"OP_ROW_{c}"]), float(tre[f"OP_COL_{c}"])) for c in CORNERS}
        fi = {c: (float(tre[f"FI_ROW_{c}"]), float(tre[f"FI_COL_{c}"])) for c in CORNERS}
        return cls(op, fi)

    def __call__(self, row: float, col: float) -> tuple[float, float]:
        u = 0.0 if self._c1 == self._c0 else (col - self._c0) / (self._c1 - self._c0)
        v = 0.0 if self._r1 == self._r0 else (row - self._r0) / (self._r1 - self._r0)
        tl, tr, bl, br = (np.array(self.fi[c]) for c in CORNERS)
        point = (1 - v) * ((1 - u) * tl + u * tr) + v * ((1 - u) * bl + u * br)
        return float(point[0]), float(point[1])


def chip_ichipb(window, level: int, full_width: int, full_height: int,
                parent: dict | None = None) -> dict:
    """The ICHIPB of a chip ``window=(x, y, w, h)`` (in level-``level`` pixels) of an image that
    is ``full_width``×``full_height`` at R0, composed with the source's own ``parent`` ICHIPB."""
    x, y, w, h = (int(v) for v in window)
    scale = float(1 << level)
    mapping = ChipMapping.from_tre(parent) if parent else None
    fi_rows = int(parent["FI_ROW"]) if parent else full_height
    fi_cols = int(parent["FI_COL"]) if parent else full_width
    parent_scale = float(parent.get("SCALE_FACTOR", 1)) if parent else 1.0
    tre = {"XFRM_FLAG": "00", "SCALE_FACTOR": f"{scale * parent_scale:010.5f}",
           "ANAMRPH_CORR": str(parent.get("ANAMRPH_CORR", "00")) if parent else "00",
           "SCANBLK_NUM": str(parent.get("SCANBLK_NUM", "00")) if parent else "00"}
    op = _corner_points(w, h)
    for c in CORNERS:
        tre[f"OP_ROW_{c}"], tre[f"OP_COL_{c}"] = _fmt(op[c][0]), _fmt(op[c][1])
    for c in CORNERS:
        # chip pixel centre -> source image (level) -> source R0 (continuous, centre at +0.5)
        row = (y + op[c][0]) * scale
        col = (x + op[c][1]) * scale
        if mapping is not None:
            row, col = mapping(row, col)
        tre[f"FI_ROW_{c}"], tre[f"FI_COL_{c}"] = _fmt(row), _fmt(col)
    tre["FI_ROW"], tre["FI_COL"] = f"{fi_rows:08d}", f"{fi_cols:08d}"
    return tre

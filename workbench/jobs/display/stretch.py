"""Dynamic-range adjustment: clip limits per band, then a linear map to 0..255 with gamma.

Modes: ``minmax``, ``percentile`` (default 2–98 %), ``stddev`` (mean ± n·σ), ``manual`` (given
limits) and ``none`` (the pixel type's full range, honouring the actual bits per pixel).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

MODES = ("percentile", "minmax", "stddev", "manual", "none")


@dataclass(frozen=True)
class Stretch:
    mode: str = "percentile"
    low: float = 2.0          # percentile mode: lower clip, percent
    high: float = 98.0        # percentile mode: upper clip, percent
    nstd: float = 2.0         # stddev mode
    manual: tuple[float, float] | None = None
    gamma: float = 1.0

    def __post_init__(self):
        if self.mode not in MODES:
            raise ValueError(f"stretch mode must be one of {', '.join(MODES)}, not {self.mode!r}")
        if not 0 <= self.low < self.high <= 100:
            raise ValueError(f"percentile clip must satisfy 0 <= low < high <= 100, got "
                             f"{self.low}, {self.high}")
        if self.gamma <= 0:
            raise ValueError(f"gamma must be > 0, got {self.gamma}")
        if self.mode == "manual" and (self.manual is None or self.manual[0] >= self.manual[1]):
            raise ValueError(f"manual stretch needs limits low < high, got {self.manual}")

    @classmethod
    def parse(cls, text: str) -> "Stretch":
        """``percentile[:2,98]``, ``minmax``, ``stddev[:2]``, ``manual:LO,HI``, ``none``; any of
        them followed by ``,gamma=G`` or ``;gamma=G``."""
        text = text.strip().lower().replace(";", ",")
        gamma = 1.0
        parts = [p for p in text.replace(":", ",").split(",") if p]
        rest = []
        for p in parts:
            if p.startswith("gamma="):
                gamma = float(p.split("=", 1)[1])
            else:
                rest.append(p)
        if not rest:
            raise ValueError(f"no stretch mode in {text!r}")
        mode, args = rest[0], [float(a) for a in rest[1:]]
        if mode in ("pct", "percent"):
            mode = "percentile"
        if mode == "percentile":
            low, high = (args + [2.0, 98.0][len(args):])[:2] if args else (2.0, 98.0)
            return cls("percentile", low=low, high=high, gamma=gamma)
        if mode == "stddev":
            return cls("stddev", nstd=args[0] if args else 2.0, gamma=gamma)
        if mode == "manual":
            if len(args) != 2:
                raise ValueError("manual stretch needs two limits: manual:LOW,HIGH")
            return cls("manual", manual=(args[0], args[1]), gamma=gamma)
        if args:
            raise ValueError(f"stretch {mode!r} takes no numbers")
        return cls(mode, gamma=gamma)

    def describe(self) -> str:
        base = {"percentile": f"percentile:{self.low:g},{self.high:g}",
                "stddev": f"stddev:{self.nstd:g}",
                "manual": f"manual:{self.manual[0]:g},{self.manual[1]:g}" if self.manual else "",
                }.get(self.mode, self.mode)
        return base + (f",gamma={self.gamma:g}" if self.gamma != 1.0 else "")

    def with_(self, **kw) -> "Stretch":
        return replace(self, **kw)


def type_range(dtype, actual_bits: int | None = None) -> tuple[float, float]:
    dtype = np.dtype(dtype)
    if dtype.kind == "u":
        bits = actual_bits if actual_bits and actual_bits < dtype.itemsize * 8 else dtype.itemsize * 8
        return 0.0, float((1 << bits) - 1)
    if dtype.kind == "i":
        info = np.iinfo(dtype)
        return float(info.min), float(info.max)
    return 0.0, 1.0


def band_limits(values: np.ndarray, stretch: Stretch, dtype=None,
                actual_bits: int | None = None) -> tuple[float, float]:
    """Clip limits of one band from a sample of its (finite, valid) display values."""
    if stretch.mode == "manual":
        return float(stretch.manual[0]), float(stretch.manual[1])
    if stretch.mode == "none" and dtype is not None and np.dtype(dtype).kind in "iu":
        return type_range(dtype, actual_bits)
    v = np.asarray(values, dtype=np.float64).ravel()
    v = v[np.isfinite(v)]
    if v.size == 0:
        return 0.0, 1.0
    if stretch.mode == "percentile":
        lo, hi = np.percentile(v, [stretch.low, stretch.high])
    elif stretch.mode == "stddev":
        m, s = float(v.mean()), float(v.std())
        lo, hi = m - stretch.nstd * s, m + stretch.nstd * s
        lo, hi = max(lo, float(v.min())), min(hi, float(v.max()))
    else:  # minmax, or none on float data
        lo, hi = float(v.min()), float(v.max())
    lo, hi = float(lo), float(hi)
    if hi <= lo:  # a constant band shows mid-grey, not black
        lo, hi = lo - 1.0, lo + 1.0
    return lo, hi


def apply_stretch(values: np.ndarray, limits, gamma: float = 1.0) -> np.ndarray:
    """Map CHW float display values to uint8 with per-band ``limits`` [(lo, hi), …] and gamma."""
    out = np.empty(values.shape, dtype=np.uint8)
    for b in range(values.shape[0]):
        lo, hi = limits[b]
        x = (values[b].astype(np.float32) - np.float32(lo)) * np.float32(1.0 / (hi - lo))
        np.clip(x, 0.0, 1.0, out=x)
        if gamma != 1.0:
            np.power(x, np.float32(1.0 / gamma), out=x)
        x *= 255.0
        x += 0.5
        np.nan_to_num(x, copy=False, nan=0.0)
        out[b] = x.astype(np.uint8)
    return out

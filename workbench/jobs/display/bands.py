"""What to show of an image: which bands go to red, green and blue, how complex pixels become
real values, and lookup tables. Defaults come from the file's own description (NITF IREP,
IREPBAND, ISUBCAT; TIFF photometric interpretation)."""

from __future__ import annotations

import re

import numpy as np

_VISIBLE_NM = {"R": 650.0, "G": 550.0, "B": 470.0}


def _band_values(metadata, name: str, n: int) -> list[str]:
    """Per-band values of a NITF band field however the reader lays them out: a list under
    ``NAME``, keys ``NAMEn``/``NAMEnn``/``NAME.n``, or a list of band dicts under ``BANDS``."""
    bands = metadata.get("BAND_INFO")
    if isinstance(bands, list) and len(bands) == n and all(isinstance(b, dict) for b in bands):
        return [str(b.get(name, "")).strip() for b in bands]
    value = metadata.get(name)
    if isinstance(value, (list, tuple)) and len(value) == n and all(isinstance(v, str)
                                                                   for v in value):
        return [v.strip() for v in value]
    out = []
    for i in range(1, n + 1):
        for key in (f"{name}{i}", f"{name}{i:02d}", f"{name}{i:05d}", f"{name}.{i}",
                    f"{name}_{i}", f"BAND{i}.{name}", f"BAND{i}_{name}"):
            v = metadata.get(key)
            if isinstance(v, str):
                out.append(v.strip())
                break
        else:
            out.append("")
    if any(out):
        return out
    bands = metadata.get("BAND_INFO") or metadata.get("BANDS")
    if isinstance(bands, list) and len(bands) == n and all(isinstance(b, dict) for b in bands):
        return [str(b.get(name, "")).strip() for b in bands]
    return [""] * n


def _wavelength(text: str) -> float | None:
    m = re.search(r"(\d+(?:\.\d+)?)", text or "")
    if not m:
        return None
    v = float(m.group(1))
    if v < 3:          # micrometres
        v *= 1000.0
    return v if 300 <= v <= 20000 else None


def default_bands(asset) -> tuple[int, ...]:
    """Band indices to show: (r, g, b) or (gray,)."""
    n = asset.num_bands
    md = asset.metadata
    if n == 1:
        return (0,)
    if n == 2:  # gray + alpha
        return (0,)
    irepband = [v.upper() for v in _band_values(md, "IREPBAND", n)]
    if all(c in irepband for c in "RGB"):
        return tuple(irepband.index(c) for c in "RGB")
    subcat = [_wavelength(v) for v in _band_values(md, "ISUBCAT", n)]
    if sum(w is not None for w in subcat) >= 3:
        chosen = []
        for c in "RGB":
            target = _VISIBLE_NM[c]
            best = min((abs(w - target), i) for i, w in enumerate(subcat) if w is not None)
            chosen.append(best[1])
        if len(set(chosen)) == 3:
            return tuple(chosen)
    irep = str(md.get("IREP", "")).strip().upper()
    photometric = str(md.get("262", md.get("PhotometricInterpretation", ""))).strip().upper()
    if irep in ("RGB", "YCBCR601") or photometric in ("2", "RGB", "6", "YCBCR") or n in (3, 4):
        return (0, 1, 2)
    if irep == "MONO" or photometric in ("0", "1", "MINISBLACK", "MINISWHITE"):
        return (0,)
    return (0, 1, 2) if n >= 3 else (0,)


def to_display_values(raw: np.ndarray, complex_mode: str = "magnitude") -> np.ndarray:
    """Real float32 values to stretch: complex data as magnitude (``magnitude``) or 20·log10
    of it (``db``); everything else as is."""
    if np.iscomplexobj(raw):
        mag = np.abs(raw).astype(np.float32)
        if complex_mode == "db":
            with np.errstate(divide="ignore"):
                return (20.0 * np.log10(np.maximum(mag, np.float32(1e-12)))).astype(np.float32)
        return mag
    return raw.astype(np.float32, copy=False)


def lut_of(asset) -> np.ndarray | None:
    """An (entries, 3) uint8 colour table when a one-band image is displayed through its LUT
    (NITF ``BAND_INFO[0].LUTD``: one table for grey, three for R, G, B; or a TIFF ColorMap);
    else None."""
    md = asset.metadata
    if asset.num_bands != 1:
        return None
    bands = md.get("BAND_INFO")
    tables = None
    if isinstance(bands, list) and bands and isinstance(bands[0], dict):
        tables = bands[0].get("LUTD")
    try:
        if tables:
            rows = [np.frombuffer(bytes.fromhex(t) if isinstance(t, str) else bytes(t),
                                  dtype=np.uint8) for t in tables]
            if len(rows) == 1:
                rows = rows * 3
            return np.ascontiguousarray(np.stack(rows[:3], axis=1))
        cmap = md.get("320") or md.get("ColorMap")
        if cmap is None:
            return None
        arr = np.asarray(cmap if not isinstance(cmap, str) else
                         [float(v) for v in re.findall(r"[-\d.]+", cmap)], dtype=np.float64)
        if arr.ndim != 1 or arr.size % 3:
            return None
        arr = arr.reshape(3, -1).T
        if arr.max() > 255:
            arr = arr / 257.0
        return np.clip(np.rint(arr), 0, 255).astype(np.uint8)
    except (TypeError, ValueError):
        return None


def apply_lut(indices: np.ndarray, lut: np.ndarray) -> np.ndarray:
    """HxW indices through an (N, 3) table → 3xHxW uint8 (out-of-range indices clamp)."""
    idx = np.clip(indices.astype(np.int64), 0, len(lut) - 1)
    return np.moveaxis(lut[idx], -1, 0)

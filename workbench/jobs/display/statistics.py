"""Statistics for the stretch from a reduced-resolution sample (at most ~1M pixels), taken from
the coarsest level the file stores (never decoding the whole image), or from given tiles (the
current view)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .bands import to_display_values
from .pyramid import RawTile, TilePyramid
from .render import DisplaySettings, RenderParams
from .stretch import band_limits

MAX_SAMPLE = 1_000_000
MAX_TILES = 16


def sample_tiles(pyr: TilePyramid, bands: tuple[int, ...]) -> list[RawTile]:
    """Tiles from the coarsest stored level (or an already computed coarser one): the whole level
    when it is small, else up to ``MAX_TILES`` spread evenly over it."""
    for k in range(pyr.num_levels - 1, -1, -1):
        rows, cols = pyr.grid(k)
        cached = [pyr.cached_tile(k, r, c, bands) for r in range(rows) for c in range(cols)]
        if all(t is not None for t in cached):
            return cached
        if pyr.levels[k].kind != "computed":
            break
    rows, cols = pyr.grid(k)
    if rows * cols <= MAX_TILES:
        picks = [(r, c) for r in range(rows) for c in range(cols)]
    else:
        n = int(np.ceil(np.sqrt(MAX_TILES)))
        picks = sorted({(int((i + 0.5) * rows / n), int((j + 0.5) * cols / n))
                        for i in range(n) for j in range(n)})
    return [pyr.tile(k, r, c, bands) for r, c in picks]


def sample_values(tiles: list[RawTile], complex_mode: str = "magnitude",
                  max_pixels: int = MAX_SAMPLE) -> np.ndarray:
    """(bands, N) float32 display values of the valid pixels of ``tiles``, strided to about
    ``max_pixels``."""
    total = sum(t.width * t.height for t in tiles if t.data is not None)
    step = max(1, int(np.ceil(np.sqrt(total / max_pixels)))) if total else 1
    parts = []
    for t in tiles:
        if t.data is None:
            continue
        d = t.data[:, ::step, ::step]
        vals = to_display_values(d, complex_mode)
        if t.mask is not None:
            vals = vals[:, t.mask[::step, ::step]]
        else:
            vals = vals.reshape(vals.shape[0], -1)
        parts.append(vals)
    if not parts:
        return np.zeros((len(tiles[0].data) if tiles and tiles[0].data is not None else 1, 0),
                        dtype=np.float32)
    return np.concatenate(parts, axis=1)


@dataclass(frozen=True, eq=False)
class BandStats:
    minimum: float
    maximum: float
    mean: float
    std: float
    counts: np.ndarray
    edges: np.ndarray


def band_stats(values: np.ndarray, bins: int = 256) -> list[BandStats]:
    out = []
    for v in values:
        v = v[np.isfinite(v)]
        if v.size == 0:
            out.append(BandStats(0, 0, 0, 0, np.zeros(bins, int), np.linspace(0, 1, bins + 1)))
            continue
        lo, hi = float(v.min()), float(v.max())
        counts, edges = np.histogram(v, bins=bins, range=(lo, hi if hi > lo else lo + 1))
        out.append(BandStats(lo, hi, float(v.mean()), float(v.std()), counts, edges))
    return out


def resolve(settings: DisplaySettings, values: np.ndarray, dtype, actual_bits=None,
            lut=None, generation: int = 0) -> RenderParams:
    """Limits for each shown band from a sample of their values."""
    limits = tuple(band_limits(values[i] if i < len(values) else np.zeros(0), settings.stretch,
                               dtype, actual_bits) for i in range(len(settings.bands)))
    return RenderParams(settings, limits, lut if settings.use_lut else None, generation)


def params_for(pyr: TilePyramid, settings: DisplaySettings, lut=None, generation: int = 0,
               tiles: list[RawTile] | None = None) -> tuple[RenderParams, np.ndarray]:
    """Render parameters from the pyramid's sample (or from ``tiles``), and the sample."""
    tiles = tiles if tiles is not None else sample_tiles(pyr, settings.bands)
    values = sample_values(tiles, settings.complex_mode)
    if values.shape[0] != len(settings.bands):
        values = np.zeros((len(settings.bands), 0), dtype=np.float32)
    return resolve(settings, values, pyr.dtype, pyr.asset.actual_bits_per_pixel, lut,
                   generation), values

"""Turning raw tiles into RGB pixels: the display settings, resolved limits and the tile renderer.
Masked pixels are drawn as a grey checkerboard, never as black data."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .bands import apply_lut, to_display_values
from .pyramid import RawTile
from .stretch import Stretch, apply_stretch

CHECKER = 8
CHECKER_LIGHT = (204, 204, 204)
CHECKER_DARK = (153, 153, 153)
ERROR_RGB = (220, 0, 0)


@dataclass(frozen=True)
class DisplaySettings:
    """What the user chose: bands to show, stretch, complex mode, whether to use the LUT."""

    bands: tuple[int, ...] = (0,)
    stretch: Stretch = field(default_factory=Stretch)
    complex_mode: str = "magnitude"
    use_lut: bool = True

    def __post_init__(self):
        if len(self.bands) not in (1, 3):
            raise ValueError(f"bands must be one (gray) or three (r, g, b), got {self.bands}")
        if self.complex_mode not in ("magnitude", "db"):
            raise ValueError(f"complex mode must be 'magnitude' or 'db', not {self.complex_mode!r}")


@dataclass(frozen=True, eq=False)
class RenderParams:
    """Settings with their limits resolved; immutable so workers can share it."""

    settings: DisplaySettings
    limits: tuple[tuple[float, float], ...]
    lut: np.ndarray | None = None
    generation: int = 0

    @property
    def bands(self) -> tuple[int, ...]:
        return self.settings.bands


def checkerboard(h: int, w: int, x0: int = 0, y0: int = 0, size: int = CHECKER) -> np.ndarray:
    """HxW bool, True on the light squares (phase from the tile's origin x0, y0)."""
    yy = (np.arange(y0, y0 + h) // size)[:, None]
    xx = (np.arange(x0, x0 + w) // size)[None, :]
    return ((yy + xx) % 2) == 0


def _checker_rgb(h, w, x0, y0) -> np.ndarray:
    light = checkerboard(h, w, x0, y0)
    out = np.empty((h, w, 3), dtype=np.uint8)
    out[:] = CHECKER_DARK
    out[light] = CHECKER_LIGHT
    return out


def render_values(raw: np.ndarray, params: RenderParams) -> np.ndarray:
    """CHW raw values (the shown bands) → HxWx3 uint8."""
    if params.lut is not None and raw.shape[0] == 1:
        chw = apply_lut(raw[0], params.lut)
    else:
        values = to_display_values(raw, params.settings.complex_mode)
        chw = apply_stretch(values, params.limits, params.settings.stretch.gamma)
    if chw.shape[0] == 1:
        chw = np.repeat(chw, 3, axis=0)
    return np.ascontiguousarray(np.moveaxis(chw, 0, -1))


def render_tile(tile: RawTile, params: RenderParams, x0: int = 0, y0: int = 0) -> np.ndarray:
    """A raw tile → HxWx3 uint8; masked pixels show the checkerboard."""
    if tile.data is None:
        return _checker_rgb(tile.height, tile.width, x0, y0)
    rgb = render_values(tile.data, params)
    if tile.mask is not None:
        checker = _checker_rgb(tile.height, tile.width, x0, y0)
        rgb[~tile.mask] = checker[~tile.mask]
    return rgb


def error_tile(h: int, w: int) -> np.ndarray:
    """The marker drawn where a tile failed to decode: red diagonal stripes on dark grey."""
    out = np.full((h, w, 3), 60, dtype=np.uint8)
    yy, xx = np.mgrid[0:h, 0:w]
    out[((xx + yy) // 6) % 3 == 0] = ERROR_RGB
    return out

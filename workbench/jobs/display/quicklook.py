"""``render_quicklook``: an RGB picture of an image at a given size, through the same display
pipeline as the viewer (pyramid level choice, statistics, stretch, band mapping)."""

from __future__ import annotations

import numpy as np

from .bands import default_bands, lut_of
from .levels import choose_level, fit_zoom
from .opening import default_image, open_dataset, pyramid_for
from .render import DisplaySettings, render_tile
from .statistics import params_for
from .stretch import Stretch


def compose_level(pyr, k: int, params) -> np.ndarray:
    """The whole of level ``k`` rendered (HxWx3 uint8)."""
    lv = pyr.levels[k]
    out = np.zeros((lv.height, lv.width, 3), dtype=np.uint8)
    rows, cols = pyr.grid(k)
    for r in range(rows):
        for c in range(cols):
            x, y, w, h = pyr.tile_bounds(k, r, c)
            out[y:y + h, x:x + w] = render_tile(pyr.tile(k, r, c, params.bands), params, x, y)
    return out


def resize_nearest(rgb: np.ndarray, width: int, height: int) -> np.ndarray:
    h, w = rgb.shape[:2]
    ys = np.minimum((np.arange(height) + 0.5) * h / height, h - 1).astype(np.intp)
    xs = np.minimum((np.arange(width) + 0.5) * w / width, w - 1).astype(np.intp)
    return rgb[ys][:, xs]


def render_quicklook(path_or_reader, size=(1024, 1024), stretch: Stretch | str | None = None,
                     bands=None, asset: str | None = None, complex_mode: str = "magnitude",
                     format: str | None = None) -> np.ndarray:
    """HxWx3 uint8 of the image fitted inside ``size=(width, height)`` (aspect kept)."""
    own = not hasattr(path_or_reader, "get_asset")
    reader = open_dataset(path_or_reader, format) if own else path_or_reader
    try:
        key = asset or default_image(reader)
        pyr = pyramid_for(reader, key)
        image = pyr.asset
        if isinstance(stretch, str):
            stretch = Stretch.parse(stretch)
        if bands is not None:
            bands = tuple(int(b) for b in bands)
            bad = [b for b in bands if not 0 <= b < image.num_bands]
            if bad:
                raise ValueError(f"band(s) {bad} outside 0..{image.num_bands - 1} of {key!r}")
        settings = DisplaySettings(bands or default_bands(image), stretch or Stretch(),
                                   complex_mode)
        params, _ = params_for(pyr, settings, lut_of(image))
        zoom = min(1.0, fit_zoom(pyr.width, pyr.height, int(size[0]), int(size[1])))
        k = choose_level(zoom, pyr.num_levels)
        rgb = compose_level(pyr, k, params)
        tw = max(1, int(round(pyr.width * zoom)))
        th = max(1, int(round(pyr.height * zoom)))
        if (rgb.shape[1], rgb.shape[0]) != (tw, th):
            rgb = resize_nearest(rgb, tw, th)
        return rgb
    finally:
        if own:
            reader.close()

"""Which pyramid level to draw at a zoom (screen pixels per full-resolution pixel)."""

from __future__ import annotations

import math


def choose_level(zoom: float, num_levels: int) -> int:
    """The coarsest level that still has at least one level pixel per screen pixel."""
    if zoom <= 0 or num_levels <= 1:
        return 0
    k = int(math.floor(math.log2(1.0 / zoom) + 1e-9)) if zoom < 1 else 0
    return max(0, min(num_levels - 1, k))


def fit_zoom(image_w: int, image_h: int, view_w: int, view_h: int, rotated: bool = False) -> float:
    """Zoom that fits the whole image in the view (rotated by 90° swaps the sides)."""
    if rotated:
        image_w, image_h = image_h, image_w
    return min(view_w / max(1, image_w), view_h / max(1, image_h))

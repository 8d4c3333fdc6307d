"""Affine pixel->model transforms in GDAL's six-number convention, and the GeoTIFF forms
(ModelTiepoint + ModelPixelScale, ModelTransformation) they convert to and from.

``GeoTransform(ox, pw, rx, oy, ry, ph)`` maps the *corner* of pixel (col, row) (pixel-is-area):
``x = ox + col*pw + row*rx``, ``y = oy + col*ry + row*ph``. A GeoTIFF in PixelIsPoint raster
space ties pixel *centres*, so converting shifts by half a pixel, as GDAL does.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np


class GeoTransform(NamedTuple):
    ox: float
    pw: float
    rx: float
    oy: float
    ry: float
    ph: float

    @classmethod
    def parse(cls, value) -> "GeoTransform":
        """From six numbers or their text form ``"[ox, pw, rx, oy, ry, ph]"``."""
        nums = parse_numbers(value)
        if len(nums) != 6:
            raise ValueError(f"a GeoTransform has 6 numbers [ox, pw, rx, oy, ry, ph], got "
                             f"{len(nums)}")
        return cls(*nums)

    @property
    def is_north_up(self) -> bool:
        return self.rx == 0 and self.ry == 0

    def apply(self, col, row):
        """Model coordinates of pixel-space point(s) (col, row); arrays broadcast."""
        col, row = np.asarray(col, float), np.asarray(row, float)
        return self.ox + col * self.pw + row * self.rx, self.oy + col * self.ry + row * self.ph

    def inverse(self):
        """Pixel coordinates of model point(s) (x, y)."""
        det = self.pw * self.ph - self.rx * self.ry
        if det == 0:
            raise ValueError(f"GeoTransform {tuple(self)} is singular (not invertible)")

        def inv(x, y):
            dx, dy = np.asarray(x, float) - self.ox, np.asarray(y, float) - self.oy
            return (dx * self.ph - dy * self.rx) / det, (dy * self.pw - dx * self.ry) / det
        return inv

    def shifted(self, dcol: float, drow: float) -> "GeoTransform":
        """The same mapping with its origin moved to pixel (dcol, drow)."""
        x, y = self.apply(dcol, drow)
        return self._replace(ox=float(x), oy=float(y))

    def scaled(self, factor: float) -> "GeoTransform":
        """Pixels ``factor`` times larger (e.g. 2 for a 2x overview)."""
        return self._replace(pw=self.pw * factor, rx=self.rx * factor, ry=self.ry * factor,
                             ph=self.ph * factor)

    # -- GeoTIFF forms -------------------------------------------------------------------------
    @classmethod
    def from_tiepoint_scale(cls, tiepoint, scale, pixel_is_point: bool = False
                            ) -> "GeoTransform":
        i, j, _, x, y, _ = (float(v) for v in list(tiepoint)[:6])
        sx, sy = float(scale[0]), float(scale[1])
        gt = cls(x - i * sx, sx, 0.0, y + j * sy, 0.0, -sy)
        return gt.shifted(-0.5, -0.5) if pixel_is_point else gt

    @classmethod
    def from_model_transformation(cls, m, pixel_is_point: bool = False) -> "GeoTransform":
        m = [float(v) for v in m]
        if len(m) != 16:
            raise ValueError(f"ModelTransformation has 16 numbers, got {len(m)}")
        gt = cls(m[3], m[0], m[1], m[7], m[4], m[5])
        return gt.shifted(-0.5, -0.5) if pixel_is_point else gt

    def to_tiepoint_scale(self, pixel_is_point: bool = False):
        """([0, 0, 0, x, y, 0], [sx, sy, 0]) for a north-up transform, else None."""
        if not self.is_north_up:
            return None
        gt = self.shifted(0.5, 0.5) if pixel_is_point else self
        return [0.0, 0.0, 0.0, gt.ox, gt.oy, 0.0], [gt.pw, -gt.ph, 0.0]

    def to_model_transformation(self, pixel_is_point: bool = False) -> list[float]:
        gt = self.shifted(0.5, 0.5) if pixel_is_point else self
        return [gt.pw, gt.rx, 0.0, gt.ox, gt.ry, gt.ph, 0.0, gt.oy,
                0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0]

    def text(self) -> str:
        return "[" + ", ".join(_num(v) for v in self) + "]"


def fit(pixels, points) -> tuple[GeoTransform, float]:
    """Least-squares affine from pixel (col, row) to model (x, y) points; returns the transform
    and the largest residual in pixels."""
    px = np.asarray(pixels, float)
    pts = np.asarray(points, float)
    design = np.column_stack([np.ones(len(px)), px[:, 0], px[:, 1]])
    cx, *_ = np.linalg.lstsq(design, pts[:, 0], rcond=None)
    cy, *_ = np.linalg.lstsq(design, pts[:, 1], rcond=None)
    gt = GeoTransform(cx[0], cx[1], cx[2], cy[0], cy[1], cy[2])
    back_c, back_r = gt.inverse()(pts[:, 0], pts[:, 1])
    residual = float(np.max(np.hypot(back_c - px[:, 0], back_r - px[:, 1])))
    return gt, residual


def corner_transform(points, width: int, height: int) -> tuple[GeoTransform, float]:
    """The transform putting pixel points (0, 0), (W, 0), (0, H) exactly on ``points`` UL, UR,
    LL, and how far (in pixels) LR = ``points[2]`` lies from where it puts (W, H)."""
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = [(float(x), float(y)) for x, y in points]
    pw, ry = (x1 - x0) / width, (y1 - y0) / width
    rx, ph = (x3 - x0) / height, (y3 - y0) / height
    scale = max(abs(pw), abs(ph), abs(rx), abs(ry))
    rx = 0.0 if abs(rx) <= 1e-12 * scale else rx
    ry = 0.0 if abs(ry) <= 1e-12 * scale else ry
    gt = GeoTransform(x0, pw, rx, y0, ry, ph)
    col, row = gt.inverse()(x2, y2)
    return gt, float(np.hypot(col - width, row - height))


def parse_numbers(value) -> list[float]:
    """``"[1, 2.5]"``, ``"1 2.5"``, ``"1,2.5"`` or a sequence of numbers -> floats."""
    if isinstance(value, str):
        text = value.strip().strip("[]()")
        parts = [p for p in text.replace(",", " ").split() if p]
        try:
            return [float(p) for p in parts]
        except ValueError:
            raise ValueError(f"expected numbers like '[1.0, 2.0]', got {value!r}") from None
    return [float(v) for v in value]


def _num(v: float) -> str:
    f = float(v)
    return str(int(f)) if f.is_integer() and abs(f) < 1e16 else repr(f)


def numbers_text(values) -> str:
    return "[" + ", ".join(_num(v) for v in values) + "]"

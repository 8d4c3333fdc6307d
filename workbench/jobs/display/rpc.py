"""RPC00B rational polynomial camera model (STDI-0002 Appendix E): ground → image, and its
inverse by Newton iteration at a given height."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


def _terms(L: float, P: float, H: float) -> np.ndarray:
    """The 20 RPC00B polynomial terms in their standard order."""
    return np.array([1, L, P, H, L * P, L * H, P * H, L * L, P * P, H * H, P * L * H, L ** 3,
                     L * P * P, L * H * H, L * L * P, P ** 3, P * H * H, L * L * H, P * P * H,
                     H ** 3], dtype=np.float64)


def _num(tre: dict, name: str) -> float:
    return float(str(tre[name]).strip())


def _coeffs(tre: dict, name: str) -> np.ndarray:
    value = tre.get(name)
    if isinstance(value, (list, tuple)):
        vals = [float(str(v).strip()) for v in value]
    else:
        vals = [_num(tre, f"{name}_{i}") for i in range(1, 21)]
    if len(vals) != 20:
        raise ValueError(f"RPC00B {name} needs 20 coefficients, got {len(vals)}")
    return np.array(vals, dtype=np.float64)


@dataclass(frozen=True, eq=False)
class RpcModel:
    line_off: float
    samp_off: float
    lat_off: float
    long_off: float
    height_off: float
    line_scale: float
    samp_scale: float
    lat_scale: float
    long_scale: float
    height_scale: float
    line_num: np.ndarray
    line_den: np.ndarray
    samp_num: np.ndarray
    samp_den: np.ndarray

    @classmethod
    def from_tre(cls, tre: dict) -> "RpcModel":
        f = {n: _num(tre, n) for n in ("LINE_OFF", "SAMP_OFF", "LAT_OFF", "LONG_OFF",
                                        "HEIGHT_OFF", "LINE_SCALE", "SAMP_SCALE", "LAT_SCALE",
                                        "LONG_SCALE", "HEIGHT_SCALE")}
        return cls(f["LINE_OFF"], f["SAMP_OFF"], f["LAT_OFF"], f["LONG_OFF"], f["HEIGHT_OFF"],
                   f["LINE_SCALE"], f["SAMP_SCALE"], f["LAT_SCALE"], f["LONG_SCALE"],
                   f["HEIGHT_SCALE"], _coeffs(tre, "LINE_NUM_COEFF"),
                   _coeffs(tre, "LINE_DEN_COEFF"), _coeffs(tre, "SAMP_NUM_COEFF"),
                   _coeffs(tre, "SAMP_DEN_COEFF"))

    def ground_to_image(self, lon: float, lat: float, height: float) -> tuple[float, float]:
        """(row, col) of a ground point (degrees, metres)."""
        t = _terms((lon - self.long_off) / self.long_scale, (lat - self.lat_off) / self.lat_scale,
                   (height - self.height_off) / self.height_scale)
        row = (t @ self.line_num) / (t @ self.line_den) * self.line_scale + self.line_off
        col = (t @ self.samp_num) / (t @ self.samp_den) * self.samp_scale + self.samp_off
        return float(row), float(col)

    def image_to_ground(self, row: float, col: float, height: float,
                        iterations: int = 20) -> tuple[float, float]:
        """(lon, lat) of image point (row, col) at ``height``, by Newton iteration."""
        lon, lat = self.long_off, self.lat_off
        for _ in range(iterations):
            r0, c0 = self.ground_to_image(lon, lat, height)
            dl, dp = 1e-6 * self.long_scale, 1e-6 * self.lat_scale
            r1, c1 = self.ground_to_image(lon + dl, lat, height)
            r2, c2 = self.ground_to_image(lon, lat + dp, height)
            jac = np.array([[(r1 - r0) / dl, (r2 - r0) / dp], [(c1 - c0) / dl, (c2 - c0) / dp]])
            err = np.array([row - r0, col - c0])
            try:
                step = np.linalg.solve(jac, err)
            except np.linalg.LinAlgError:
                break
            lon, lat = lon + step[0], lat + step[1]
            if abs(err).max() < 1e-6:
                break
        return float(lon), float(lat)

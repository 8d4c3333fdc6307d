"""Geometry metadata of a chip: IGEOLO moved to the chip's corners and RPC00B/RPC00A line and
sample offsets shifted, so the chip geolocates like its parent at every pixel.

Handled: ``IGEOLO`` for ICORDS G (ddmmss), D (decimal degrees), N/S (UTM); ``RPC00B`` and
``RPC00A`` (``LINE_OFF``/``SAMP_OFF``, and ``LINE_SCALE``/``SAMP_SCALE`` at reduced resolution).
BLOCKA and GEOLOB are moved in :mod:`.block_tres`; ICHIPB is in :mod:`.ichipb`.

Pixel conventions: IGEOLO gives the centres of the four corner pixels (as GDAL reads and writes
it); a continuous pixel coordinate has (0, 0) at the outer corner of the first pixel.
"""

from __future__ import annotations

import numpy as np

from workbench.io.nitf.geo import geographic_igeolo, parse_geographic_igeolo, utm_igeolo_text


class GeometryWarning(str):
    """A message about geometry that could not be carried exactly."""


# -- IGEOLO -------------------------------------------------------------------------------------
def parse_igeolo(icords: str, igeolo: str) -> tuple[str, list[tuple[float, float]], int | None]:
    """(kind, four (x, y) corners UL, UR, LR, LL, UTM zone) where kind is ``lonlat`` or
    ``utm-N``/``utm-S`` and (x, y) is (lon, lat) or (easting, northing)."""
    icords = (icords or "").strip().upper()
    text = igeolo or ""
    if icords == "G":
        return "lonlat", parse_geographic_igeolo(text), None
    if icords == "D":
        pts = []
        for i in range(4):
            c = text[i * 15:(i + 1) * 15]
            pts.append((float(c[7:15]), float(c[0:7])))
        return "lonlat", pts, None
    if icords in ("N", "S"):
        pts, zones = [], set()
        for i in range(4):
            c = text[i * 15:(i + 1) * 15]
            zones.add(int(c[0:2]))
            pts.append((float(c[2:8]), float(c[8:15])))
        if len(zones) != 1:
            raise ValueError(f"IGEOLO: corners span UTM zones {sorted(zones)}")
        return f"utm-{icords}", pts, zones.pop()
    raise ValueError(f"ICORDS {icords!r}: IGEOLO of this kind is not handled (G, D, N, S are)")


def format_igeolo(kind: str, corners, zone: int | None) -> str:
    if kind == "lonlat":
        return geographic_igeolo(corners)
    return utm_igeolo_text(zone, corners)


def format_decimal_igeolo(corners) -> str:
    return "".join(f"{lat:+07.3f}{lon:+08.3f}" for lon, lat in corners)


class CornerMapping:
    """Continuous pixel (col, row) -> native (x, y), bilinear through the corner pixel centres
    of a ``width``×``height`` image."""

    def __init__(self, corners, width: int, height: int):
        self.corners = [np.asarray(c, dtype=float) for c in corners]  # UL, UR, LR, LL
        self.width, self.height = width, height

    def __call__(self, col, row):
        col, row = np.broadcast_arrays(np.asarray(col, float), np.asarray(row, float))
        # one pixel across (or down): every position maps to the centre of that column (row)
        u = np.zeros(col.shape) if self.width == 1 else (col - 0.5) / (self.width - 1)
        v = np.zeros(row.shape) if self.height == 1 else (row - 0.5) / (self.height - 1)
        ul, ur, lr, ll = self.corners
        u, v = np.asarray(u)[..., None], np.asarray(v)[..., None]
        point = (1 - v) * ((1 - u) * ul + u * ur) + v * ((1 - u) * ll + u * lr)
        return point[..., 0], point[..., 1]


def chip_igeolo(icords: str, igeolo: str, parent_size, window, level: int = 0) -> str:
    """IGEOLO of chip ``window=(x, y, w, h)`` (level pixels) of a ``parent_size=(W, H)`` (R0)
    image, in the parent's ICORDS form."""
    kind, corners, zone = parse_igeolo(icords, igeolo)
    mapping = CornerMapping(corners, *parent_size)
    x, y, w, h = window
    scale = 1 << level
    new = []
    for cx, cy in ((0.5, 0.5), (w - 0.5, 0.5), (w - 0.5, h - 0.5), (0.5, h - 0.5)):
        px, py = mapping((x + cx) * scale, (y + cy) * scale)
        new.append((float(px), float(py)))
    if (icords or "").strip().upper() == "D":
        return format_decimal_igeolo(new)
    return format_igeolo(kind, new, zone)


# -- RPC ----------------------------------------------------------------------------------------
def chip_rpc(rpc: dict, window, level: int = 0) -> tuple[dict | None, list[str]]:
    """RPC00B/RPC00A of chip ``window`` (level pixels): offsets shifted by the chip origin (and
    offsets/scales divided by 2**level). Returns (tre or None when it cannot be represented,
    warnings)."""
    x, y = int(window[0]), int(window[1])
    scale = 1 << level
    out = dict(rpc)
    warnings: list[str] = []
    line_off, samp_off = float(rpc["LINE_OFF"]), float(rpc["SAMP_OFF"])
    line_scale, samp_scale = float(rpc["LINE_SCALE"]), float(rpc["SAMP_SCALE"])
    # full-res line L maps to level-k line (L + 0.5) / 2**k - 0.5; the chip starts at y.
    new_line_off = (line_off + 0.5) / scale - 0.5 - y
    new_samp_off = (samp_off + 0.5) / scale - 0.5 - x
    new_line_scale, new_samp_scale = line_scale / scale, samp_scale / scale
    values = {"LINE_OFF": (new_line_off, 6), "SAMP_OFF": (new_samp_off, 5),
              "LINE_SCALE": (new_line_scale, 6), "SAMP_SCALE": (new_samp_scale, 5)}
    for name, (value, width) in values.items():
        rounded = round(value)
        if abs(value - rounded) > 1e-9:
            warnings.append(f"RPC00B.{name}: {value:.3f} rounded to {rounded} (the field holds "
                            f"whole pixels; error up to 0.5 pixel at this resolution level)")
        if not 0 <= rounded < 10 ** width:
            return None, [f"RPC00B.{name}: {rounded} does not fit the {width}-digit unsigned "
                          "field for this chip; the RPC was not written (the chip's ICHIPB "
                          "still maps it to the parent, whose RPC applies)"]
        if name.endswith("SCALE") and rounded < 1:
            return None, [f"RPC00B.{name}: {value:.3f} is below 1 at this resolution level; "
                          "the RPC was not written"]
        out[name] = f"{rounded:0{width}d}"
    return out, warnings

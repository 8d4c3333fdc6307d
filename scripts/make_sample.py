"""Make the bundled sample image, resources/sample/sample.ntf, with our own writer.

A synthetic 1024×1024 RGB aerial-like scene (fields, roads, a river, buildings), JPEG 2000
compressed in 256×256 blocks (so the viewer shows tiling and reduced resolution levels), with
geolocation (IGEOLO and a consistent RPC00B), acquisition TREs (STDIDC, USE00A, BLOCKA), security
markings for the banner, and a text segment. Run: ``.venv/bin/python scripts/make_sample.py``.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from workbench.io import (
    IO,
    BufferedImageAssetProvider,
    BufferedMetadataProvider,
    BufferedTextAssetProvider,
    PixelType,
)
from workbench.io.nitf.geo import geographic_igeolo

N = 1024
WEST, EAST, SOUTH, NORTH = -77.0600, -77.0300, 38.8800, 38.9035
OUT = Path(__file__).resolve().parents[1] / "resources" / "sample" / "sample.ntf"


def scene() -> np.ndarray:
    rng = np.random.default_rng(7)
    y, x = np.mgrid[0:N, 0:N].astype(np.float32)
    # Fields: a patchwork of crops with row texture.
    fx, fy = (x // 160).astype(int), (y // 130).astype(int)
    crop = (fx * 7 + fy * 13) % 5
    palette = np.array([[96, 128, 60], [150, 140, 80], [70, 105, 50], [165, 150, 110],
                        [110, 120, 70]], np.float32)
    rgb = palette[crop].transpose(2, 0, 1).copy()
    rows = 1 + 0.08 * np.sin((x * np.cos(crop) + y * np.sin(crop)) / 2.5)
    rgb *= rows
    # A river meandering north to south.
    river_x = 300 + 90 * np.sin(y / 140.0) + 30 * np.sin(y / 37.0)
    river = np.abs(x - river_x) < 18 + 4 * np.sin(y / 50.0)
    bank = (np.abs(x - river_x) < 26) & ~river
    rgb[:, river] = np.array([40, 70, 110], np.float32)[:, None]
    rgb[:, bank] = np.array([120, 110, 85], np.float32)[:, None]
    # Roads: a grid with one diagonal.
    roads = ((np.abs((x - 620) % 400 - 200) < 5) | (np.abs((y - 500) % 350 - 175) < 5)
             | (np.abs(x - y * 0.8 - 150) < 4)) & ~river
    rgb[:, roads] = 185
    # Buildings: bright roofs with shadows in the south-east block.
    for _ in range(140):
        cx, cy = rng.integers(640, 1000), rng.integers(560, 1000)
        w, h = rng.integers(8, 28), rng.integers(8, 24)
        roof = rng.choice([200, 150, 120])
        rgb[:, cy:cy + h, cx:cx + w] = np.array([roof, roof * 0.9, roof * 0.85])[:, None, None]
        rgb[:, cy + h:cy + h + 4, cx + 3:cx + w + 3] *= 0.55
    rgb += rng.normal(0, 4, size=rgb.shape).astype(np.float32)
    return np.clip(rgb, 0, 255).astype(np.uint8)


def rpc00b() -> dict:
    """An RPC whose normalised line is -latitude and sample is longitude: the same ground
    footprint as IGEOLO, so the two geolocations agree."""
    lat0, lon0 = (NORTH + SOUTH) / 2, (WEST + EAST) / 2
    tre = {
        "SUCCESS": "1", "ERR_BIAS": "0001.00", "ERR_RAND": "0000.50",
        "LINE_OFF": f"{N // 2:06d}", "SAMP_OFF": f"{N // 2:05d}",
        "LAT_OFF": f"{lat0:+08.4f}", "LONG_OFF": f"{lon0:+09.4f}", "HEIGHT_OFF": "+0050",
        "LINE_SCALE": f"{N // 2:06d}", "SAMP_SCALE": f"{N // 2:05d}",
        "LAT_SCALE": f"{(NORTH - SOUTH) / 2:+08.4f}", "LONG_SCALE": f"{(EAST - WEST) / 2:+09.4f}",
        "HEIGHT_SCALE": "+0100",
    }
    for group in ("LINE_NUM", "LINE_DEN", "SAMP_NUM", "SAMP_DEN"):
        for i in range(1, 21):
            tre[f"{group}_COEFF_{i}"] = "+0.000000E+0"
    tre["LINE_NUM_COEFF_3"] = "-1.000000E+0"  # term 3 is P (normalised latitude)
    tre["SAMP_NUM_COEFF_2"] = "+1.000000E+0"  # term 2 is L (normalised longitude)
    tre["LINE_DEN_COEFF_1"] = tre["SAMP_DEN_COEFF_1"] = "+1.000000E+0"
    return tre


def main() -> None:
    data = scene()
    corners = [(WEST, NORTH), (EAST, NORTH), (EAST, SOUTH), (WEST, SOUTH)]
    image = BufferedMetadataProvider()
    image.update({
        "IC": "C8", "COMRAT": "02.0", "IMODE": "B", "NPPBH": "256", "NPPBV": "256",
        "J2K_DECOMPOSITION_LEVELS": "5",
        "IID1": "SAMPLE", "IID2": "Imagery Workbench synthetic sample scene",
        "IDATIM": "20261123120000", "ISORCE": "Synthetic (Imagery Workbench)",
        "ICAT": "VIS", "IREP": "RGB", "ISCLAS": "U",
        "ICORDS": "G", "IGEOLO": geographic_igeolo(corners),
    })
    image["STDIDC"] = {
        "ACQUISITION_DATE": "20261123120000", "MISSION": "WORKBENCH", "PASS": "01",
        "OP_NUM": "001", "START_SEGMENT": "AA", "REPRO_NUM": "00", "REPLAY_REGEN": "000",
        "BLANK_FILL": " ", "START_COLUMN": "001", "START_ROW": "00001", "END_SEGMENT": "AA",
        "END_COLUMN": "001", "END_ROW": "00001", "COUNTRY": "US", "WAC": "0000",
        "LOCATION": "3853N07703W", "RESERVED_1": "     ", "RESERVED_2": "        ",
    }
    use = {k: v for k, v in __import__("workbench.io.tre", fromlist=["default_tre"])
           .default_tre("USE00A").items()}
    use.update({"ANGLE_TO_NORTH": "000", "MEAN_GSD": "008.0", "DYNAMIC_RANGE": "00255",
                "OBL_ANG": "12.50", "ROLL_ANG": "+03.20", "SUN_EL": "+45.0", "SUN_AZ": "135.0"})
    image["USE00A"] = use
    image["RPC00B"] = rpc00b()
    provider = BufferedImageAssetProvider.create(
        key="image:0", num_columns=N, num_rows=N, num_bands=3, block_width=256,
        block_height=256, pixel_type=PixelType.UInt8, metadata=image)
    provider.set_full_image(data)
    header = BufferedMetadataProvider()
    header.update({
        "FTITLE": "Imagery Workbench sample: synthetic scene near Washington, DC",
        "OSTAID": "WORKBENCH", "ONAME": "Imagery Workbench", "OPHONE": "",
        "FSCLAS": "U", "FSCTLH": "", "FSREL": "USA", "FDT": "20261123120000",
    })
    text = BufferedTextAssetProvider.create(
        key="text:0", title="README",
        text_content="Synthetic sample made by scripts/make_sample.py. The ground footprint, "
                     "RPC00B and TREs are illustrative, not real collection data.")
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with IO.open([str(OUT)], "w", "nitf") as writer:
        writer.metadata = header
        writer.add_asset("image:0", provider, title="Sample scene",
                         description="Synthetic RGB scene", roles=["data"])
        writer.add_asset("text:0", text, title="README", roles=["data"])
    print(OUT, OUT.stat().st_size, "bytes")


if __name__ == "__main__":
    main()

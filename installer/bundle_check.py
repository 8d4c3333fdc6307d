"""Self-check of the frozen bundle (``WORKBENCH_BUNDLE_CHECK=1 workbench``): what PyInstaller may
silently leave out — package data, PROJ's database, codec extensions and their libraries, Qt
plugins, distribution metadata — each checked by using it. Prints one line per check; exit 1 if
any failed. Runs from source as well (``python installer/bundle_check.py``).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import bundle_data

CHECKS = []


def check(fn):
    CHECKS.append(fn)
    return fn


def _inside_bundle(path) -> str:
    """``path``, after checking it lies inside the bundle when frozen."""
    base = getattr(sys, "_MEIPASS", None)
    if base and not Path(path).resolve().is_relative_to(Path(base).resolve()):
        raise AssertionError(f"{path} is outside the bundle {base}")
    return str(path)


@check
def resources():
    from importlib.resources import files

    root = files("workbench.resources")
    tre = sorted(p.name for p in (root / "tre").iterdir() if p.name.endswith(".json"))
    samples = [p.name for p in (root / "sample").iterdir()]
    assert {"RPC00B.json", "STDIDC.json", "USE00A.json"} <= set(tre), tre
    assert "sample.ntf" in samples, samples
    assert (root / "icons" / "workbench.png").is_file()
    return f"{_inside_bundle(root)}: {len(tre)} TRE definitions, samples {samples}"


@check
def tre_definitions():
    from workbench.io.tre.registry import definitions_dir, get_definition

    assert get_definition("RPC00B") is not None
    return f"RPC00B from {_inside_bundle(definitions_dir())}"


@check
def presets():
    from workbench.jobs.presets import builtin_presets

    ids = [p.id for p in builtin_presets()]
    assert "png-quicklook" in ids and "cog-deflate" in ids, ids
    return ", ".join(ids)


@check
def proj_data():
    import pyproj
    from pyproj import CRS, Transformer

    data_dir = pyproj.datadir.get_data_dir()
    assert Path(data_dir, "proj.db").is_file(), data_dir
    name = CRS.from_epsg(32618).name  # a proj.db lookup
    assert name == "WGS 84 / UTM zone 18N", name
    x, y = Transformer.from_crs(4326, 32618, always_xy=True).transform(-75.0, 0.0)
    assert abs(x - 500000.0) < 1e-6 and abs(y) < 1e-6, (x, y)  # zone 18's central meridian
    return f"pyproj {pyproj.__version__}, PROJ {pyproj.proj_version_str}, {_inside_bundle(data_dir)}"


@check
def codecs():
    import importlib

    import imagecodecs
    import numpy as np

    for module in bundle_data.IMAGECODECS_MODULES:
        importlib.import_module("imagecodecs." + module)
    image = (np.arange(64 * 64 * 3) % 251).astype(np.uint8).reshape(64, 64, 3)
    raw = image.tobytes()
    lossless = {
        "jpeg2k": lambda: imagecodecs.jpeg2k_decode(imagecodecs.jpeg2k_encode(image, level=0)),
        "htj2k": lambda: imagecodecs.htj2k_decode(imagecodecs.htj2k_encode(image)),
        "png": lambda: imagecodecs.png_decode(imagecodecs.png_encode(image)),
        "spng": lambda: imagecodecs.spng_decode(imagecodecs.png_encode(image)),
        "deflate": lambda: imagecodecs.deflate_decode(imagecodecs.deflate_encode(raw)),
        "zlib": lambda: imagecodecs.zlib_decode(imagecodecs.deflate_encode(raw)),
        "lzw": lambda: imagecodecs.lzw_decode(imagecodecs.lzw_encode(raw)),
        "zstd": lambda: imagecodecs.zstd_decode(imagecodecs.zstd_encode(raw)),
        "lzma": lambda: imagecodecs.lzma_decode(imagecodecs.lzma_encode(raw)),
        "packbits": lambda: imagecodecs.packbits_decode(imagecodecs.packbits_encode(raw)),
        "webp": lambda: imagecodecs.webp_decode(imagecodecs.webp_encode(image, lossless=True)),
        "lerc": lambda: imagecodecs.lerc_decode(imagecodecs.lerc_encode(image)),
    }
    for name, roundtrip in lossless.items():
        out = np.frombuffer(roundtrip(), np.uint8) if name in ("deflate", "zlib", "lzw", "zstd",
                                                              "lzma", "packbits") else roundtrip()
        assert np.array_equal(np.asarray(out).reshape(image.shape), image), name
    jpeg = imagecodecs.jpeg8_decode(imagecodecs.jpeg8_encode(image, level=90))
    assert jpeg.shape == image.shape and np.abs(jpeg.astype(int) - image).mean() < 8
    return f"imagecodecs {imagecodecs.__version__}: {', '.join(lossless)} and jpeg8"


@check
def xml_and_config():
    import defusedxml.ElementTree as SafeET
    import glymur
    import platformdirs
    from glymur import jp2box  # noqa: F401 - used by the JPEG 2000 box reader

    assert SafeET.fromstring("<a><b/></a>")[0].tag == "b"
    return f"glymur {glymur.__version__}, config dir {platformdirs.user_config_dir('x')}"


@check
def qt():
    from PySide6.QtCore import QLibraryInfo
    from PySide6.QtWidgets import QApplication

    import superqt  # noqa: F401
    from workbench.gui.about import versions
    from workbench.gui.main_window import MainWindow  # noqa: F401

    plugins = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)) / "platforms"
    present = sorted(p.name for p in plugins.iterdir())
    native = {"linux": "qxcb", "win32": "qwindows", "darwin": "qcocoa"}.get(sys.platform)
    for plugin in ("qoffscreen", native):
        assert plugin is None or any(plugin in name for name in present), (plugin, present)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    missing = [k for k, v in versions().items() if v == "not installed"]
    assert not missing, f"no version for {missing} (distribution metadata not bundled)"
    return f"platform {app.platformName()}, plugins {present}, versions {versions()}"


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    failed = 0
    for fn in CHECKS:
        try:
            print(f"ok   {fn.__name__}: {fn()}")
        except Exception as exc:  # report every check, then fail
            failed += 1
            print(f"FAIL {fn.__name__}: {type(exc).__name__}: {exc}")
    print("bundle check: " + ("passed" if not failed else f"{failed} check(s) failed"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

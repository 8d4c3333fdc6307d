"""What the desktop bundle holds beyond what PyInstaller finds by following imports: the data the
spec (``workbench.spec``) collects, the modules it adds or leaves out. Plain data and one helper,
so the fast tests (``tests/installer``) can check it without running PyInstaller.

Platform-neutral: paths are built with pathlib from the repository root; nothing here names a
Linux, Windows or macOS location (PyInstaller's own hooks add each platform's Qt plugins).
"""

from __future__ import annotations

from pathlib import Path

# The top-level resources/ folder is the package ``workbench.resources`` (see setup.py); inside
# the bundle it becomes _internal/workbench/resources/ with its __init__.py, so
# importlib.resources.files("workbench.resources") finds it as an ordinary folder.
RESOURCES_SRC = "resources"
RESOURCES_DEST = "workbench/resources"
RESOURCE_SKIP_DIRS = {"__pycache__"}
RESOURCE_SKIP_SUFFIXES = {".pyc", ".pyo"}

# imagecodecs loads one extension module per codec on first use of a function, by name, so
# PyInstaller cannot see them; only these are bundled (the others, with libaom, libjxl, ...,
# would add ~45 MB). tests/installer/test_spec.py checks every ``imagecodecs.<name>`` used in
# workbench/ maps to a module listed here.
IMAGECODECS_MODULES = [
    "_shared", "_shared_cython",  # used by every codec module
    "_imcd",  # delta, floatpred, lzw, packbits, packints
    "_tiff",  # libtiff: LZW blocks decode through it (workbench/io/tiff/onestrip.py)
    "_deflate", "_zlib", "_zstd", "_lzma", "_lerc",  # TIFF block compressions
    "_jpeg8", "_ljpeg",  # JPEG (libjpeg-turbo), lossless JPEG
    "_jpeg2k", "_htj2k",  # JPEG 2000 Part 1 (OpenJPEG), HTJ2K (OpenJPH)
    "_png", "_spng", "_webp",
]

# Distributions whose metadata Help > About reads (importlib.metadata.version); numpy's hook
# already copies numpy's.
METADATA_DISTRIBUTIONS = ["imagecodecs", "glymur", "pyproj"]

# Test, benchmark and build-time packages that must not ride along (some are pulled in by optional
# imports: tifffile by imagecodecs, distutils/setuptools by pyproj's hook on Linux and macOS).
EXCLUDES = [
    "rasterio", "aws", "osgeo", "tifffile", "pytest", "_pytest", "hypothesis", "pytestqt",
    "psutil", "importlinter",
    "setuptools", "distutils", "pkg_resources", "_distutils_hack",
    "tkinter", "matplotlib", "IPython", "scipy", "pandas", "zarr", "fsspec",
]

# Installer-only modules imported by launch.py (the bundle self-check run by smoke.sh).
INSTALLER_MODULES = ["bundle_check", "bundle_data"]


def resource_datas(root: Path) -> list[tuple[str, str]]:
    """(source file, destination folder) for every file of ``root/resources``, for the spec's
    ``datas``."""
    base = Path(root) / RESOURCES_SRC
    out = []
    for path in sorted(base.rglob("*")):
        rel = path.relative_to(base)
        if not path.is_file() or RESOURCE_SKIP_DIRS.intersection(rel.parts):
            continue
        if path.suffix in RESOURCE_SKIP_SUFFIXES:
            continue
        dest = "/".join((RESOURCES_DEST, *rel.parent.parts))
        out.append((str(path), dest))
    return out

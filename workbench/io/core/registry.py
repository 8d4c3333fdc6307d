"""The format registry: names, aliases, extensions and magic bytes of every format.

Each entry names the module that implements the format; the module is imported only when a file
of that format is opened. A format module provides ``open_reader(sources, fmt)`` and
``open_writer(targets, fmt)`` where ``fmt`` is the :class:`FormatSpec` with ``requested`` set to
the alias or extension the user chose (``"jp2"`` vs ``"j2k"``, ``"nsif"`` vs ``"nitf"``).
"""

from __future__ import annotations

import dataclasses
import importlib
import os
import re
from dataclasses import dataclass

from .errors import UnsupportedError


@dataclass(frozen=True)
class FormatSpec:
    name: str
    aliases: tuple[str, ...]
    extensions: tuple[str, ...]
    module: str
    magic: tuple[tuple[int, bytes], ...] = ()
    requested: str = ""

    def load(self):
        return importlib.import_module(self.module)

    def with_request(self, requested: str) -> "FormatSpec":
        return dataclasses.replace(self, requested=requested.lower())


_FORMATS: list[FormatSpec] = []


def register(spec: FormatSpec) -> None:
    """Add a format (later registrations of the same name replace earlier ones)."""
    _FORMATS[:] = [f for f in _FORMATS if f.name != spec.name] + [spec]


def formats() -> list[FormatSpec]:
    return list(_FORMATS)


register(FormatSpec("nitf", ("nitf", "nitf21", "nitf2.1"), (".ntf", ".nitf"),
                    "workbench.io.nitf.format", ((0, b"NITF"),)))
register(FormatSpec("nsif", ("nsif", "nsif10", "nsif1.0"), (".nsf", ".nsif"),
                    "workbench.io.nitf.format", ((0, b"NSIF"),)))
register(FormatSpec("tiff", ("tiff", "tif", "geotiff", "gtiff"),
                    (".tif", ".tiff", ".gtif", ".gtiff"), "workbench.io.tiff.format",
                    ((0, b"II*\x00"), (0, b"MM\x00*"), (0, b"II+\x00"), (0, b"MM\x00+"))))
register(FormatSpec("png", ("png",), (".png",), "workbench.io.png.format",
                    ((0, b"\x89PNG\r\n\x1a\n"),)))
register(FormatSpec("jpeg2000", ("j2k", "jp2"), (".j2k", ".jp2"), "workbench.io.jpeg2000.format",
                    ((0, b"\x00\x00\x00\x0cjP  \r\n\x87\n"), (0, b"\xff\x4f\xff\x51"))))
register(FormatSpec("jpeg", ("jpeg", "jpg"), (".jpg", ".jpeg"), "workbench.io.jpeg.format",
                    ((0, b"\xff\xd8\xff"),)))

_RSET_SUFFIX = re.compile(r"\.r(\d+)$", re.IGNORECASE)


def strip_rset_suffix(path: str) -> str:
    """``out.ntf.r1`` -> ``out.ntf``."""
    return _RSET_SUFFIX.sub("", path)


def rset_level(path: str) -> int | None:
    m = _RSET_SUFFIX.search(path)
    return int(m.group(1)) if m else None


def by_name(name: str) -> FormatSpec:
    """Resolve a format string (any alias, any case)."""
    key = name.strip().lower()
    for spec in _FORMATS:
        if key == spec.name or key in spec.aliases or "." + key in spec.extensions:
            return spec.with_request(key)
    known = ", ".join(sorted({a for f in _FORMATS for a in f.aliases}))
    raise UnsupportedError(f"unknown format {name!r}; known formats: {known}")


def by_extension(path: str | os.PathLike) -> FormatSpec | None:
    ext = os.path.splitext(strip_rset_suffix(os.fspath(path)))[1].lower()
    for spec in _FORMATS:
        if ext in spec.extensions:
            return spec.with_request(ext.lstrip("."))
    return None


def by_magic(head: bytes) -> FormatSpec | None:
    for spec in _FORMATS:
        for offset, magic in spec.magic:
            if head[offset:offset + len(magic)] == magic:
                requested = "jp2" if magic.startswith(b"\x00\x00\x00\x0cjP") else (
                    "j2k" if spec.name == "jpeg2000" else spec.name)
                return spec.with_request(requested)
    return None


def for_write(path: str | None, format: str | None) -> FormatSpec:
    if format:
        return by_name(format)
    if path is None:
        raise UnsupportedError("writing to a file-like object needs format= (e.g. format='png')")
    spec = by_extension(path)
    if spec is None:
        raise UnsupportedError(
            f"cannot tell the format of {os.fspath(path)!r} from its extension; "
            "pass format= explicitly (e.g. format='nitf')")
    return spec


def for_read(path: str | None, head: bytes, format: str | None) -> FormatSpec:
    """``format`` wins; else the magic bytes; else the extension."""
    if format:
        return by_name(format)
    spec = by_magic(head)
    if spec is not None:
        if path is not None:
            ext_spec = by_extension(path)
            if ext_spec is not None and ext_spec.name == spec.name:
                return ext_spec
        return spec
    if path is None:
        raise UnsupportedError("cannot tell the format of this stream from its first bytes; "
                               "pass format= explicitly")
    spec = by_extension(path)
    if spec is None:
        raise UnsupportedError(
            f"cannot tell the format of {os.fspath(path)!r} from its bytes or its extension; "
            "pass format= explicitly")
    return spec

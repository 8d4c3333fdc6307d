"""``IO.open``: the single entry point that dispatches to a format."""

from __future__ import annotations

import os
import threading

from .dataset import DatasetReader, DatasetWriter, ProgressCallback
from .registry import for_read, for_write, strip_rset_suffix
from .rset import RSetReader, RSetWriter, levels_for
from .sources import Source


def _as_list(paths) -> list:
    if isinstance(paths, (list, tuple)):
        if not paths:
            raise ValueError("IO.open needs at least one path or stream")
        return list(paths)
    return [paths]


def _path_of(obj) -> str | None:
    return os.fspath(obj) if isinstance(obj, (str, os.PathLike)) else None


class IO:
    """Entry point for opening datasets for reading (``"r"``) or writing (``"w"``)."""

    @staticmethod
    def open(paths, mode: str = "r", format: str | None = None, roles=None, *,
             progress: ProgressCallback | None = None,
             cancel_event: threading.Event | None = None):
        items = _as_list(paths)
        if mode not in ("r", "w"):
            raise ValueError(f"mode must be 'r' or 'w', got {mode!r}")
        levels = levels_for(items, roles) if len(items) > 1 else [0]
        if mode == "w":
            return _open_write(items, levels, format, progress, cancel_event)
        return _open_read(items, levels, format)


def _open_read(items, levels, format) -> DatasetReader:
    readers = []
    try:
        for obj in items:
            path = _path_of(obj)
            if path is None and not format and not hasattr(obj, "read"):
                raise ValueError("reading from this object needs format=")
            if path is None and hasattr(obj, "read") and not format:
                raise ValueError("reading from a file-like object needs format= (e.g. 'nitf')")
            src = Source.open(obj)
            try:
                spec = for_read(strip_rset_suffix(path) if path else None, src.head(64), format)
                readers.append(spec.load().open_reader([src], spec))
            except BaseException:
                src.close()
                raise
    except BaseException:
        for r in readers:
            r.close()
        raise
    if len(readers) == 1:
        return readers[0]
    return RSetReader(readers, levels)


def _open_write(items, levels, format, progress, cancel_event) -> DatasetWriter:
    spec = for_write(_path_of(items[0]), format)
    module = spec.load()
    writers = [module.open_writer([obj], spec) for obj in items]
    for w in writers:
        w.progress, w.cancel_event = progress, cancel_event or w.cancel_event
    if len(writers) == 1:
        return writers[0]
    writer = RSetWriter(writers, levels, spec)
    writer.progress = progress
    if cancel_event is not None:
        writer.cancel_event = cancel_event
    return writer

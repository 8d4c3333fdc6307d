"""Saving a metadata document: a new file written through ``workbench.io`` with the image data
passed through (the writer copies a reader's encoded blocks when the encoding is unchanged).

Save As writes the target atomically (``IO.open`` writes beside it and renames on success).
Save over the original writes a sibling temporary file while the original is still open for
reading, closes the reader, and only then replaces the original (``os.replace``); any failure
leaves the original untouched. The file is never modified in place.
"""

from __future__ import annotations

import os
import tempfile
import threading

from workbench.io.core.errors import UnsupportedError
from workbench.io.core.io import IO
from workbench.io.core.metadata import BufferedMetadataProvider
from workbench.io.core.providers import BufferedTextAssetProvider

from .address import FILE
from .document import MetadataDocument
from .validate import InvalidEditsError, document_problems


def save_document(doc: MetadataDocument, target: str | None = None, *, progress=None,
                  cancel_event: threading.Event | None = None, before_replace=None) -> str:
    """Write ``doc`` to ``target`` (default: over its own file); returns the path written.

    Raises :class:`InvalidEditsError` listing every invalid value before anything is written.
    ``before_replace()`` is called just before the original is replaced (the GUI closes its own
    reader of the file there).
    """
    staged = stage_save(doc, target, progress=progress, cancel_event=cancel_event)
    return finish_save(staged, before_replace)


def stage_save(doc: MetadataDocument, target: str | None = None, *, progress=None,
               cancel_event: threading.Event | None = None) -> tuple[str, str]:
    """Write everything (the slow part, fine on a worker thread); returns ``(written, target)``.
    When ``target`` is the source itself, ``written`` is a sibling temporary file that
    :func:`finish_save` moves into place; otherwise the two are the same path."""
    if doc.path is None:
        raise ValueError("this metadata has no source file to copy the image data from")
    if not doc.editable:
        raise UnsupportedError(f"{doc.format_name.upper() or 'this'} metadata is shown "
                               "read-only; saving edits is supported for NITF and NSIF files")
    problems = document_problems(doc)
    if problems:
        raise InvalidEditsError(problems)
    target = os.fspath(target) if target is not None else doc.path
    over_source = os.path.exists(target) and os.path.samefile(target, doc.path)
    write_path = _sibling_temp(target) if over_source else target
    try:
        with IO.open([doc.path], "r", doc.format_name) as reader:
            _write(doc, reader, write_path, progress, cancel_event)
    except BaseException:
        if over_source and os.path.exists(write_path):
            os.unlink(write_path)
        raise
    return write_path, target


def finish_save(staged: tuple[str, str], before_replace=None) -> str:
    """Move a staged file over its target (after ``before_replace()``, where the caller closes
    its own readers of the target); removes the staged file when that fails."""
    written, target = staged
    if written != target:
        try:
            if before_replace is not None:
                before_replace()
            os.replace(written, target)
        except BaseException:
            if os.path.exists(written):
                os.unlink(written)
            raise
    return target


def _sibling_temp(target: str) -> str:
    directory, name = os.path.split(os.path.abspath(target))
    fd, path = tempfile.mkstemp(prefix=f".{name}.", suffix=os.path.splitext(name)[1] or ".tmp",
                                dir=directory)
    os.close(fd)
    return path


def _write(doc: MetadataDocument, reader, path: str, progress, cancel_event) -> None:
    writer = IO.open([path], "w", doc.format_name, progress=progress, cancel_event=cancel_event)
    try:
        writer.metadata = BufferedMetadataProvider(source=doc.segment(FILE).fields)
        for seg in doc.segments[1:]:
            asset = reader.get_asset(seg.key)
            fields = BufferedMetadataProvider(source=seg.fields)
            if seg.kind == "text":
                provider = BufferedTextAssetProvider.create(
                    seg.key, seg.text or "", getattr(asset, "encoding", "UTF-8"),
                    title=seg.title, description=seg.description, roles=seg.roles,
                    metadata=fields, format=getattr(asset, "format", ""))
            else:
                # the reader's own asset, so the writer can copy its encoded bytes
                asset.metadata = fields
                provider = asset
            writer.add_asset(seg.key, provider, seg.title, seg.description, seg.roles)
    except BaseException:
        writer.abort()
        raise
    writer.close()

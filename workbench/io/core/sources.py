"""Where bytes come from (memory-mapped files, streams) and where they go (atomic outputs)."""

from __future__ import annotations

import io
import mmap
import os
import tempfile
import threading
import weakref
from collections import Counter

from .errors import WriteConflictError

_open_lock = threading.Lock()
_open_for_read: Counter[str] = Counter()


def _unregister(key: str) -> None:
    with _open_lock:
        _open_for_read[key] -= 1
        if _open_for_read[key] <= 0:
            del _open_for_read[key]


def _real(path) -> str:
    return os.path.realpath(os.fspath(path))


class Source:
    """Bytes of one input: a read-only memory map of a file (only touched pages load), or the
    content of a stream that cannot be mapped (read once into memory)."""

    def __init__(self, buffer, path: str | None = None, name: str | None = None, closer=None):
        self._buffer = buffer
        self.view = memoryview(buffer)
        self.path = path
        self.name = name or path or "<stream>"
        self._closer = closer
        self._registered = None
        self._release = None

    @classmethod
    def open(cls, obj) -> "Source":
        if isinstance(obj, (str, os.PathLike)):
            return cls._from_path(os.fspath(obj))
        if isinstance(obj, (bytes, bytearray, memoryview)):
            return cls(bytes(obj), name="<bytes>")
        if hasattr(obj, "read"):
            return cls._from_stream(obj)
        raise TypeError(f"cannot read from a {type(obj).__name__}: give a path or a file object")

    @classmethod
    def _from_path(cls, path: str) -> "Source":
        with open(path, "rb") as f:
            size = os.fstat(f.fileno()).st_size
            buffer = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) if size else b""
        src = cls(buffer, path=path, closer=getattr(buffer, "close", None))
        src._registered = _real(path)
        with _open_lock:
            _open_for_read[src._registered] += 1
        # a reader dropped without close() releases the path when it is collected
        src._release = weakref.finalize(src, _unregister, src._registered)
        return src

    @classmethod
    def _from_stream(cls, stream) -> "Source":
        name = getattr(stream, "name", None)
        try:
            fileno = stream.fileno()
            size = os.fstat(fileno).st_size
            if size and stream.seekable() and stream.tell() == 0:
                buffer = mmap.mmap(fileno, 0, access=mmap.ACCESS_READ)
                return cls(buffer, name=str(name) if name else None, closer=buffer.close)
        except (OSError, AttributeError, io.UnsupportedOperation, ValueError):
            pass
        return cls(stream.read(), name=str(name) if isinstance(name, str) else None)

    def __len__(self) -> int:
        return len(self.view)

    @property
    def size(self) -> int:
        return len(self.view)

    def head(self, n: int = 64) -> bytes:
        return bytes(self.view[:n])

    def close(self) -> None:
        if self._release is not None:
            self._release()  # runs once: close() and collection never both count
            self._release = None
        self._registered = None
        try:
            self.view.release()
        except (BufferError, ValueError):
            pass
        if self._closer is not None:
            try:
                self._closer()
            except BufferError:
                pass  # numpy views of the map are still alive; the map closes when they go
            self._closer = None


def is_open_for_reading(path) -> bool:
    with _open_lock:
        return _real(path) in _open_for_read


class AtomicOutput:
    """A file written beside its target and moved into place only on success.

    For a path: a temporary file in the same directory, ``os.replace``d over the target by
    :meth:`commit`. For a stream: a temporary file copied into the stream by :meth:`commit`. On
    :meth:`abort` (any error or cancellation) the temporary file is removed and the target is
    never touched.
    """

    def __init__(self, target):
        self.target = target
        self.path = os.fspath(target) if isinstance(target, (str, os.PathLike)) else None
        if self.path is not None and is_open_for_reading(self.path):
            raise WriteConflictError(
                f"{self.path!r} is open for reading; write to another path and replace it after "
                "the reader is closed")
        directory = os.path.dirname(os.path.abspath(self.path)) if self.path else None
        if directory is not None and not os.path.isdir(directory):
            raise FileNotFoundError(f"output directory does not exist: {directory}")
        prefix = "." + os.path.basename(self.path) + "." if self.path else ".workbench."
        fd, self.temp_path = tempfile.mkstemp(prefix=prefix, suffix=".part", dir=directory)
        self.file = os.fdopen(fd, "w+b")
        self.done = False

    @property
    def name(self) -> str:
        return self.path or "<stream>"

    def commit(self) -> None:
        if self.done:
            return
        self.file.flush()
        if self.path is not None:
            if os.path.exists(self.path):
                # Replacing a file: make the new bytes durable before the rename, so a crash can
                # never leave the user with neither the old file nor the complete new one.
                os.fsync(self.file.fileno())
            self.file.close()
            mode = 0o666 & ~_umask()
            os.chmod(self.temp_path, mode)
            os.replace(self.temp_path, self.path)
        else:
            self.file.seek(0)
            while chunk := self.file.read(1 << 22):
                self.target.write(chunk)
            self.file.close()
            os.unlink(self.temp_path)
        self.done = True

    def abort(self) -> None:
        if self.done:
            return
        self.done = True
        try:
            self.file.close()
        finally:
            try:
                os.unlink(self.temp_path)
            except FileNotFoundError:
                pass


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask

"""A thread-safe least-recently-used cache bounded in bytes."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any


def nbytes_of(value: Any) -> int:
    """Best-effort size of a cached value (numpy arrays, tuples of them, Qt images)."""
    if value is None:
        return 64
    if hasattr(value, "nbytes"):
        n = value.nbytes
        return int(n() if callable(n) else n)
    if hasattr(value, "sizeInBytes"):
        return int(value.sizeInBytes())
    if isinstance(value, (tuple, list)):
        return sum(nbytes_of(v) for v in value) + 64
    return 64


class ByteLRU:
    """Maps keys to values, evicting the least recently used once ``capacity`` bytes are held."""

    def __init__(self, capacity: int, sizeof: Callable[[Any], int] = nbytes_of):
        self.capacity = int(capacity)
        self._sizeof = sizeof
        self._items: OrderedDict[Hashable, tuple[Any, int]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    @property
    def bytes(self) -> int:
        return self._bytes

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, key) -> bool:
        return key in self._items

    def get(self, key, default=None):
        with self._lock:
            item = self._items.get(key)
            if item is None:
                return default
            self._items.move_to_end(key)
            return item[0]

    def put(self, key, value) -> None:
        size = self._sizeof(value)
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self._bytes -= old[1]
            self._items[key] = (value, size)
            self._bytes += size
            while self._bytes > self.capacity and len(self._items) > 1:
                _, (_, s) = self._items.popitem(last=False)
                self._bytes -= s

    def resize(self, capacity: int) -> None:
        with self._lock:
            self.capacity = int(capacity)
            while self._bytes > self.capacity and self._items:
                _, (_, s) = self._items.popitem(last=False)
                self._bytes -= s

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._bytes = 0

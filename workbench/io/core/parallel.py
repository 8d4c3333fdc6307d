"""Block-level parallelism. Codecs (imagecodecs) release the GIL, so two cores decode/encode two
blocks at once. Results come back in input order with a bounded number in flight, so memory stays
O(workers × block)."""

from __future__ import annotations

import os
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

_pool: ThreadPoolExecutor | None = None
_local = threading.local()


def _mark_worker() -> None:
    _local.in_pool = True


def in_pool_thread() -> bool:
    """True on one of the shared pool's threads (where waiting on the pool would deadlock)."""
    return getattr(_local, "in_pool", False)


def worker_count() -> int:
    env = os.environ.get("WORKBENCH_THREADS")
    if env and env.isdigit() and int(env) > 0:
        return int(env)
    return max(1, min(8, os.cpu_count() or 1))


def pool() -> ThreadPoolExecutor:
    global _pool
    if _pool is None:
        _pool = ThreadPoolExecutor(max_workers=worker_count(), thread_name_prefix="wb-block",
                                   initializer=_mark_worker)
    return _pool


def ordered_map(fn: Callable[[T], R], items: Iterable[T], in_flight: int | None = None
                ) -> Iterator[R]:
    """Like ``map`` but runs ``fn`` on the shared pool, at most ``in_flight`` at a time, yielding
    results in order. With one worker, or when called from a pool thread (e.g. a provider's
    ``get_block`` reading a window while the writer encodes on the pool), it runs inline."""
    workers = worker_count()
    if workers <= 1 or in_pool_thread():
        for item in items:
            yield fn(item)
        return
    limit = in_flight or workers * 2
    queue: deque[Future] = deque()
    it = iter(items)
    try:
        for item in it:
            queue.append(pool().submit(fn, item))
            if len(queue) >= limit:
                yield queue.popleft().result()
        while queue:
            yield queue.popleft().result()
    finally:
        for fut in queue:
            fut.cancel()

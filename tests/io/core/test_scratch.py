import threading

import numpy as np

from workbench.io.core.scratch import KEEP, scratch


def test_a_thread_reuses_its_buffer_per_slot_and_threads_do_not_share():
    a = scratch(1000, "t-a")
    a[:] = 7
    again = scratch(500, "t-a")
    assert again.size == 500 and np.shares_memory(a, again)
    other = scratch(1000, "t-b")
    assert not np.shares_memory(a, other)
    seen = {}

    def worker():
        seen["buf"] = scratch(1000, "t-a")

    t = threading.Thread(target=worker)
    t.start()
    t.join()
    assert not np.shares_memory(seen["buf"], a)


def test_growth_and_large_requests_are_not_kept():
    small = scratch(10, "t-grow")
    bigger = scratch((2 << 20) + 1, "t-grow")
    assert bigger.size == (2 << 20) + 1 and not np.shares_memory(small, bigger)
    assert np.shares_memory(bigger, scratch(100, "t-grow"))
    huge = scratch(KEEP + 1, "t-grow")
    assert huge.size == KEEP + 1
    assert np.shares_memory(bigger, scratch(100, "t-grow"))  # the kept buffer is unchanged

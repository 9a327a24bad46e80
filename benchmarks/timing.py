"""Time and peak memory of one call, shared by the benchmark scripts."""

from __future__ import annotations

import time
import tracemalloc
from collections.abc import Callable

__all__ = ["measure"]


def measure(work: Callable[[], object]) -> tuple[float, float]:
    """Wall time in seconds and peak traced memory in MB of one call."""
    tracemalloc.start()
    start = time.perf_counter()
    work()
    seconds = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    return seconds, peak

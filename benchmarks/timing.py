"""Time and peak memory of one call, shared by the benchmark scripts."""

from __future__ import annotations

import resource
import time
import tracemalloc
from collections.abc import Callable

__all__ = ["measure", "measure_untraced"]


def measure(work: Callable[[], object]) -> tuple[float, float]:
    """Wall time in seconds and peak traced memory in MB of one call."""
    tracemalloc.start()
    start = time.perf_counter()
    work()
    seconds = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    return seconds, peak


def measure_untraced(work: Callable[[], object]) -> tuple[float, float]:
    """Wall time in seconds of one call without memory tracing (which slows allocation-heavy code
    several times), and the process's peak resident memory in MB once it has returned."""
    start = time.perf_counter()
    work()
    seconds = time.perf_counter() - start
    return seconds, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3

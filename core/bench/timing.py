"""Timing helpers: median and 95th percentile of repeated calls, in milliseconds."""

import math
import statistics
import time


def repeat(call, *, times, warmup):
    """Milliseconds of each of ``times`` calls of ``call()`` after ``warmup`` untimed ones, and
    the last call's result."""
    result = None
    for _ in range(warmup):
        result = call()
    samples = []
    for _ in range(times):
        started = time.perf_counter()
        result = call()
        samples.append((time.perf_counter() - started) * 1000)
    return samples, result


def median(samples):
    return round(statistics.median(samples), 1)


def p95(samples):
    """The nearest-rank 95th percentile."""
    ordered = sorted(samples)
    return round(ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)], 1)

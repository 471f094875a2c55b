"""Interleaved rounds: each contender once per round, in turn; medians and spreads of ratios."""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable
from typing import Any

__all__ = ["interleaved"]


def interleaved(contenders: dict[str, Callable[[], Any]], rounds: int, per: int) -> dict[str, Any]:
    """Time every contender ``rounds`` times, in turn; the first is the reference.

    Each figure is the median of the rounds (in microseconds per item, ``per`` items a run)
    with its ratio to the reference, taken round by round, and the spread of that ratio.
    """
    times: dict[str, list[float]] = {name: [] for name in contenders}
    for _ in range(rounds):
        for name, work in contenders.items():
            gc.collect()
            start = time.perf_counter()
            work()
            times[name].append((time.perf_counter() - start) / per * 1e6)
    reference = times[next(iter(times))]
    found = {}
    for name, taken in times.items():
        ratios = [mine / ref for mine, ref in zip(taken, reference, strict=True)]
        found[name] = {
            "us_per_item": statistics.median(taken),
            "ratio": statistics.median(ratios),
            "ratio_low": min(ratios),
            "ratio_high": max(ratios),
        }
    return found

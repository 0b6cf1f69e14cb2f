"""Small helpers shared by the bench modules: best-of-n timing, a table printer, seeded data.

Timings are only ever reported as ratios to a baseline timed in the same process, so the
figures travel between machines better than seconds do.
"""

from __future__ import annotations

import gc
import os
import platform
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

#: Seed of every synthetic data set in the benchmarks (data are synthetic, never real figures).
SEED = 20260101


def rng(seed: int = SEED) -> np.random.Generator:
    """A seeded random generator, so every run times the same synthetic data."""
    return np.random.default_rng(seed)


def best_of(func: Callable[[], Any], repeat: int = 5, number: int = 1) -> float:
    """Best wall time in seconds of ``number`` calls of ``func``, over ``repeat`` rounds.

    The minimum is the least noisy estimate on a shared machine; the garbage collector is
    paused while timing so a collection does not land on one contender only.
    """
    times = []
    enabled = gc.isenabled()
    gc.disable()
    try:
        for _ in range(repeat):
            start = time.perf_counter()
            for _ in range(number):
                func()
            times.append((time.perf_counter() - start) / number)
    finally:
        if enabled:
            gc.enable()
    return min(times)


@dataclass
class Timing:
    """One contender's time for a task, in seconds (``note`` says when scaled from a sample)."""

    task: str
    contender: str
    seconds: float
    note: str = ""


def print_table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """Print a markdown table (numbers as given; format them before)."""
    cells = [[str(c) for c in row] for row in rows]
    widths = [max(len(h), *(len(r[i]) for r in cells)) for i, h in enumerate(headers)]
    print("| " + " | ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)) + " |")
    print("| " + " | ".join("-" * w for w in widths) + " |")
    for row in cells:
        print("| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |")


def ratio_table(timings: Sequence[Timing], ours: str) -> None:
    """Print each task's contenders with their time and how many times slower than ``ours``."""
    rows = []
    for task in dict.fromkeys(t.task for t in timings):
        group = [t for t in timings if t.task == task]
        mine = next(t for t in group if t.contender == ours)
        for t in group:
            rows.append(
                [
                    task,
                    t.contender,
                    f"{t.seconds * 1e3:,.1f}",
                    "1.0x (ours)" if t is mine else f"{t.seconds / mine.seconds:,.1f}x",
                    t.note,
                ]
            )
    print_table(["task", "contender", "ms", "ratio to ours", "note"], rows)


def machine() -> str:
    """One line describing where the figures were measured."""
    return f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"

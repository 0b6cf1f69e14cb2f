"""Persian pages: each report built with ``lang=fa`` against its English twin, same run.

Baseline (measured in this run): the report built with its defaults (``lang=en``). Ours: the
same report with ``lang=fa`` (catalog lookups, Persian figures and dates, the right-to-left
page, the font subset embedded, charts drawn with Persian text). Each page is built by
``reports.build`` on one worker (the kernel's start-up included, as in a real build).

A shared 2-core machine makes single builds noisy (one run gave province_profile 1.61x, the
next 0.9x), so: every report is built once in each language first (disk cache, the font
subset's cache, bytecode), then ``repeats`` rounds in which the two languages are built back
to back, in alternating order (en-fa, then fa-en) so drift in the machine's load falls on both;
each round gives one fa / en ratio. The table reports the median ratio (the figure to quote)
and the ratio of the best times; "all" sums the medians of the times. Target: a Persian page
costs no more than 1.2x its English twin.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from benchmarks.harness import print_table
from smeanalysis.reports import runner as reports

#: One report each (province_profile for its default province, declarations on its demo).
NAMES = (
    "sme_exports",
    "park_utilization",
    "export_composition",
    "official_figures",
    "province_profile",
    "declarations",
)
TARGET = 1.2


def _build(name: str, lang: str, out: Path) -> float:
    jobs = reports.plan([name], {"lang": lang}, out_dir=out)
    start = time.perf_counter()
    results = reports.build(jobs, out, workers=1)
    seconds = time.perf_counter() - start
    failed = [r.job.label for r in results if not r.ok]
    if failed:
        raise RuntimeError(f"{name} ({lang}) failed: {failed}")
    return seconds


def measure(names: tuple[str, ...], repeats: int, out: Path) -> dict[str, dict[str, list[float]]]:
    """Seconds of each build: ``{name: {"en": [...], "fa": [...]}}``, one per round."""
    for name in names:  # warm-up, not timed: caches, bytecode, the font subset on disk
        for lang in ("en", "fa"):
            _build(name, lang, out)
    times: dict[str, dict[str, list[float]]] = {n: {"en": [], "fa": []} for n in names}
    for round_ in range(repeats):
        for name in names:
            order = ("en", "fa") if round_ % 2 == 0 else ("fa", "en")
            for lang in order:
                times[name][lang].append(_build(name, lang, out))
    return times


def run(quick: bool = False) -> None:
    """Print each report's Persian / English cost: median of the rounds' ratios, best times."""
    repeats = 2 if quick else 5
    names = NAMES[:2] if quick else NAMES
    with tempfile.TemporaryDirectory(prefix="bench_lang_") as tmp:
        times = measure(names, repeats, Path(tmp))
    rows = []
    total = {"en": 0.0, "fa": 0.0}
    for name in names:
        en, fa = times[name]["en"], times[name]["fa"]
        ratios = [f / e for e, f in zip(en, fa, strict=True)]
        median = statistics.median(ratios)
        total["en"] += statistics.median(en)
        total["fa"] += statistics.median(fa)
        rows.append(
            [
                name,
                f"{statistics.median(en):.2f}",
                f"{statistics.median(fa):.2f}",
                f"{median:.2f}x",
                f"{min(fa) / min(en):.2f}x",
                f"{min(ratios):.2f}-{max(ratios):.2f}",
                "ok" if median <= TARGET else "OVER",
            ]
        )
    overall = total["fa"] / total["en"]
    rows.append(
        [
            "all",
            f"{total['en']:.2f}",
            f"{total['fa']:.2f}",
            f"{overall:.2f}x",
            "",
            "",
            "ok" if overall <= TARGET else "OVER",
        ]
    )
    print(
        f"One worker; {repeats} rounds after a warm-up, languages alternating; "
        f"target: fa / en <= {TARGET}x."
    )
    print()
    print_table(
        [
            "report",
            "en median (s)",
            "fa median (s)",
            "fa / en (median of rounds)",
            "best fa / best en",
            "range of rounds",
            f"target {TARGET}x",
        ],
        rows,
    )

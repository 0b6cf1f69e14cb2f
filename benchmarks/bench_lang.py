"""Persian pages: each report built with ``lang=fa`` against its English twin, same run.

Baseline (measured in this run): the report built with its defaults (``lang=en``). Ours: the
same report with ``lang=fa`` (catalog lookups, Persian figures and dates, the right-to-left
page, the font subset embedded, charts drawn with Persian text). Each page is built by
``reports.build`` on one worker (the kernel's start-up included, as in a real build), the
two languages interleaved, best of the repeats. Target: a Persian page costs no more than
1.2x its English twin.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from benchmarks.harness import print_table
from smeanalysis.reports import runner as reports

#: One report each (province_profile for its default province).
NAMES = (
    "sme_exports",
    "park_utilization",
    "export_composition",
    "official_figures",
    "province_profile",
)


def _build(name: str, lang: str, out: Path) -> float:
    jobs = reports.plan([name], {"lang": lang}, out_dir=out)
    start = time.perf_counter()
    results = reports.build(jobs, out, workers=1)
    seconds = time.perf_counter() - start
    failed = [r.job.label for r in results if not r.ok]
    if failed:
        raise RuntimeError(f"{name} ({lang}) failed: {failed}")
    return seconds


def run(quick: bool = False) -> None:
    repeats = 1 if quick else 2
    names = NAMES[:2] if quick else NAMES
    rows = []
    total = {"en": 0.0, "fa": 0.0}
    with tempfile.TemporaryDirectory(prefix="bench_lang_") as tmp:
        out = Path(tmp)
        _build(names[0], "fa", out)  # warm the disk cache and the font subsetter's imports
        for name in names:
            best = {"en": float("inf"), "fa": float("inf")}
            for _ in range(repeats):
                for lang in ("en", "fa"):
                    best[lang] = min(best[lang], _build(name, lang, out))
            total["en"] += best["en"]
            total["fa"] += best["fa"]
            rows.append(
                [name, f"{best['en']:.2f}", f"{best['fa']:.2f}", f"{best['fa'] / best['en']:.2f}x"]
            )
    rows.append(
        [
            "all",
            f"{total['en']:.2f}",
            f"{total['fa']:.2f}",
            f"{total['fa'] / total['en']:.2f}x",
        ]
    )
    print(f"One worker, best of {repeats}; target: fa / en <= 1.2x.")
    print()
    print_table(["report", "en (s)", "fa (s)", "fa / en"], rows)

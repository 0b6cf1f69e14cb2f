"""Province resolution and amount parsing: vectorized paths against element-by-element ones.

Data: synthetic, seeded. Province names: 10^6 draws (10^5 with --quick) from every spelling
that ``smeanalysis.provinces`` knows, each with random case. Amounts: 10^5 draws (10^4 with
--quick) from 400 generated amount texts (number, magnitude word, currency, some hedged).

Contenders:
- ours: ``provinces.resolve(series)`` / ``units.parse_amounts(series)`` (each distinct value
  is normalised once and mapped back).
- element by element: the same scalar function called on every element (``Series.map``),
  timed on a sample of 10^4 (10^3 with --quick) and scaled per element to the full size.
- exact dict map: ``Series.map`` of a plain {spelling: code} dict, with no normalisation at
  all; a lower bound for any lookup (it fails on the random case, so its result is unusable).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from benchmarks.harness import Timing, best_of, ratio_table, rng
from smeanalysis import provinces, units


def synthetic_names(size: int) -> pd.Series:
    """Seeded draws of known spellings with random upper/lower case (synthetic)."""
    aliases = provinces.province_aliases()
    generator = rng()
    picks = aliases["spelling"].to_numpy()[generator.integers(0, len(aliases), size=size)]
    flip = generator.random(size) < 0.3
    names = np.where(flip, np.char.upper(picks.astype(str)), picks.astype(str))
    return pd.Series(names, dtype="string", name="geography")


def synthetic_amounts(size: int) -> pd.Series:
    """Seeded draws from 400 generated amount texts (synthetic, no real figures)."""
    generator = rng()
    magnitudes = ["", " thousand", " million", " billion", " هزار میلیارد", " bn", " hemat"]
    currencies = ["", " rials", " dollars", " تومان", " euros"]
    hedges = ["", "", "more than ", "about ", "حدود "]
    texts = []
    for _ in range(400):
        magnitude = magnitudes[generator.integers(len(magnitudes))]
        currency = "" if "hemat" in magnitude else currencies[generator.integers(len(currencies))]
        number = f"{generator.integers(1, 10_000) / 10:,}"
        texts.append(f"{hedges[generator.integers(len(hedges))]}{number}{magnitude}{currency}")
    picks = generator.integers(0, len(texts), size=size)
    return pd.Series(np.array(texts, dtype=object)[picks], dtype="string", name="amount")


def run(quick: bool) -> None:
    """Time each contender and print the ratio table."""
    size, sample, repeat = (10**5, 10**3, 3) if quick else (10**6, 10**4, 5)
    names = synthetic_names(size)
    sample_names = names.iloc[:sample]
    exact = dict(zip(*(provinces.province_aliases()[c] for c in ("spelling", "code")), strict=True))
    scale = size / sample
    task = f"resolve {size:,} names"
    timings = [
        Timing(task, "ours", best_of(lambda: provinces.resolve(names), repeat)),
        Timing(
            task,
            "element by element",
            best_of(lambda: sample_names.map(provinces.resolve), repeat) * scale,
            f"scaled from {sample:,}",
        ),
        Timing(task, "exact dict map", best_of(lambda: names.map(exact), repeat), "no folding"),
    ]

    amount_size = size // 10
    amount_sample = sample // 10
    amounts = synthetic_amounts(amount_size)
    sample_amounts = amounts.iloc[:amount_sample]
    task = f"parse {amount_size:,} amounts"
    timings += [
        Timing(task, "ours", best_of(lambda: units.parse_amounts(amounts), repeat)),
        Timing(
            task,
            "element by element",
            best_of(lambda: sample_amounts.map(units.parse_statement_amount), repeat)
            * (amount_size / amount_sample),
            f"scaled from {amount_sample:,}",
        ),
    ]
    ratio_table(timings, ours="ours")


if __name__ == "__main__":
    run(quick=True)

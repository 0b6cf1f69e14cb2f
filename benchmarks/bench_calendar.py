"""Calendar conversions: smeanalysis.calendar against jdatetime and persiantools.

Data: synthetic, seeded: 10^6 uniformly random days from 1990-01-01 to 2030-12-31 (10^5 with
--quick), as a datetime64[ns] Series for Gregorian -> Jalali and as int64 year/month/day arrays
for Jalali -> Gregorian.

Contenders, per direction:
- ours: ``to_jalali`` / ``to_gregorian`` (the latter validates every date as well).
- jdatetime / persiantools element by element: timed on a random sample of 10^5 dates
  (10^4 with --quick) and scaled per element to the full size (the table says so).
- unique-days route: the fastest library route we know: ``pd.factorize`` the day numbers (or
  the y/m/d triples), convert only the unique values with the library, and map the results
  back with a numpy ``take``; both libraries are tried, the faster one is reported.
"""

from __future__ import annotations

import datetime as dt

import jdatetime
import numpy as np
import pandas as pd
from persiantools.jdatetime import JalaliDate

from benchmarks.harness import Timing, best_of, ratio_table, rng
from smeanalysis.calendar import to_gregorian, to_jalali

EPOCH = dt.date(1970, 1, 1)


def synthetic_dates(size: int) -> pd.Series:
    """Seeded uniformly random days from 1990-01-01 to 2030-12-31 (synthetic)."""
    low = np.datetime64("1990-01-01", "D").astype(np.int64)
    high = np.datetime64("2030-12-31", "D").astype(np.int64)
    days = rng().integers(low, high + 1, size=size)
    return pd.Series(days.astype("datetime64[D]").astype("datetime64[ns]"), name="date")


# --- Gregorian -> Jalali baselines -----------------------------------------------------------


def jdatetime_each(dates: pd.Series) -> pd.DataFrame:
    triples = [
        (j.year, j.month, j.day)
        for j in (jdatetime.date.fromgregorian(date=d) for d in dates.dt.date)
    ]
    return pd.DataFrame(triples, columns=["year", "month", "day"], index=dates.index)


def persiantools_each(dates: pd.Series) -> pd.DataFrame:
    triples = [(j.year, j.month, j.day) for j in map(JalaliDate.to_jalali, dates.dt.date)]
    return pd.DataFrame(triples, columns=["year", "month", "day"], index=dates.index)


def unique_days_route(dates: pd.Series, convert) -> pd.DataFrame:
    days = dates.to_numpy().astype("datetime64[D]").astype(np.int64)
    codes, uniques = pd.factorize(days)
    table = np.array(
        [convert(EPOCH + dt.timedelta(days=int(d))) for d in uniques], dtype=np.int64
    ).reshape(-1, 3)
    return pd.DataFrame(table[codes], columns=["year", "month", "day"], index=dates.index)


def via_jdatetime(day: dt.date) -> tuple[int, int, int]:
    j = jdatetime.date.fromgregorian(date=day)
    return j.year, j.month, j.day


def via_persiantools(day: dt.date) -> tuple[int, int, int]:
    j = JalaliDate.to_jalali(day)
    return j.year, j.month, j.day


# --- Jalali -> Gregorian baselines -----------------------------------------------------------


def jdatetime_back_each(y, m, d) -> pd.Series:
    return pd.Series(
        pd.to_datetime(
            [
                jdatetime.date(*t).togregorian()
                for t in zip(y.tolist(), m.tolist(), d.tolist(), strict=True)
            ]
        )
    )


def persiantools_back_each(y, m, d) -> pd.Series:
    return pd.Series(
        pd.to_datetime(
            [
                JalaliDate(*t).to_gregorian()
                for t in zip(y.tolist(), m.tolist(), d.tolist(), strict=True)
            ]
        )
    )


def unique_triples_route(y, m, d, convert) -> pd.Series:
    codes, uniques = pd.factorize(y * 10_000 + m * 100 + d)
    days = np.array(
        [(convert(k // 10_000, k // 100 % 100, k % 100) - EPOCH).days for k in uniques.tolist()],
        dtype=np.int64,
    )
    return pd.Series(days[codes].astype("datetime64[D]").astype("datetime64[ns]"))


def jd_back(year: int, month: int, day: int) -> dt.date:
    return jdatetime.date(year, month, day).togregorian()


def pt_back(year: int, month: int, day: int) -> dt.date:
    return JalaliDate(year, month, day).to_gregorian()


def days_of(stamps: pd.Series) -> np.ndarray:
    return stamps.to_numpy().astype("datetime64[D]")


def run(quick: bool) -> None:
    size = 100_000 if quick else 1_000_000
    sample_size = 10_000 if quick else 100_000
    repeat = 3 if quick else 5
    dates = synthetic_dates(size)
    sample = dates.sample(sample_size, random_state=1)
    jalali = to_jalali(dates)
    y, m, d = (jalali[c].to_numpy() for c in ("year", "month", "day"))
    picks = rng(2).choice(size, sample_size, replace=False)
    ys, ms, ds = y[picks], m[picks], d[picks]
    scale = size / sample_size

    # Every contender must give the same answer before any of them is timed.
    for check in (
        jdatetime_each(sample),
        persiantools_each(sample),
        unique_days_route(sample, via_jdatetime),
        unique_days_route(sample, via_persiantools),
    ):
        assert check.equals(to_jalali(sample)), "a baseline disagrees with to_jalali"
    expected_back = to_gregorian(ys, ms, ds)
    for check in (
        jdatetime_back_each(ys, ms, ds),
        persiantools_back_each(ys, ms, ds),
        unique_triples_route(ys, ms, ds, jd_back),
        unique_triples_route(ys, ms, ds, pt_back),
    ):
        same = np.array_equal(days_of(check), days_of(expected_back))
        assert same, "a baseline disagrees with to_gregorian"

    n = f"{size:,} dates"
    sampled = f"timed on {sample_size:,}, scaled x{scale:g}"
    timings = [
        Timing(f"to_jalali, {n}", "smeanalysis", best_of(lambda: to_jalali(dates), repeat)),
        Timing(
            f"to_jalali, {n}",
            "jdatetime, each element",
            best_of(lambda: jdatetime_each(sample), 1) * scale,
            sampled,
        ),
        Timing(
            f"to_jalali, {n}",
            "persiantools, each element",
            best_of(lambda: persiantools_each(sample), 1) * scale,
            sampled,
        ),
    ]
    routes = {
        "jdatetime": best_of(lambda: unique_days_route(dates, via_jdatetime), repeat),
        "persiantools": best_of(lambda: unique_days_route(dates, via_persiantools), repeat),
    }
    best = min(routes, key=routes.get)
    timings.append(
        Timing(
            f"to_jalali, {n}",
            f"unique days via {best}",
            routes[best],
            f"{dates.nunique():,} unique days; other library {max(routes.values()) * 1e3:,.0f} ms",
        )
    )

    timings += [
        Timing(f"to_gregorian, {n}", "smeanalysis", best_of(lambda: to_gregorian(y, m, d), repeat)),
        Timing(
            f"to_gregorian, {n}",
            "jdatetime, each element",
            best_of(lambda: jdatetime_back_each(ys, ms, ds), 1) * scale,
            sampled,
        ),
        Timing(
            f"to_gregorian, {n}",
            "persiantools, each element",
            best_of(lambda: persiantools_back_each(ys, ms, ds), 1) * scale,
            sampled,
        ),
    ]
    routes = {
        "jdatetime": best_of(lambda: unique_triples_route(y, m, d, jd_back), repeat),
        "persiantools": best_of(lambda: unique_triples_route(y, m, d, pt_back), repeat),
    }
    best = min(routes, key=routes.get)
    timings.append(
        Timing(
            f"to_gregorian, {n}",
            f"unique dates via {best}",
            routes[best],
            f"other library {max(routes.values()) * 1e3:,.0f} ms",
        )
    )
    print(f"Synthetic data: {n}, uniform over 1990-01-01..2030-12-31, seeded.\n")
    ratio_table(timings, ours="smeanalysis")

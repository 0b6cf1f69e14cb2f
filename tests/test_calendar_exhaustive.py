"""Every day of the supported range, both directions, against jdatetime (the oracle)."""

from __future__ import annotations

import datetime as dt

import jdatetime
import numpy as np
import pytest

from smeanalysis import calendar

pytestmark = pytest.mark.slow

# Every day of Jalali 1278-1480, which covers Gregorian 1900-01-01 to 2100-12-31 and more.
DAYS = np.arange(calendar.MIN_DAY, calendar.MAX_DAY + 1, dtype=np.int64)
DATES = DAYS.astype("datetime64[D]")


@pytest.fixture(scope="module")
def oracle() -> np.ndarray:
    """jdatetime's (year, month, day) for every day, one Python call per day."""
    return np.array(
        [
            (j.year, j.month, j.day)
            for j in (jdatetime.date.fromgregorian(date=d) for d in DATES.astype(object))
        ],
        dtype=np.int64,
    )


def test_range_covers_1900_to_2100_and_starts_and_ends_on_year_boundaries(oracle):
    assert DATES[0] <= np.datetime64("1900-01-01") and DATES[-1] >= np.datetime64("2100-12-31")
    assert tuple(oracle[0]) == (calendar.MIN_YEAR, 1, 1)
    assert tuple(oracle[-1])[:2] == (calendar.MAX_YEAR, 12)
    assert oracle[-1, 2] in (29, 30)
    after = jdatetime.date.fromgregorian(date=dt.date.fromordinal(DATES[-1].item().toordinal() + 1))
    assert (after.year, after.month, after.day) == (calendar.MAX_YEAR + 1, 1, 1)


def test_to_jalali_matches_jdatetime_every_day(oracle):
    result = calendar.to_jalali(DATES).to_numpy()
    mismatches = np.flatnonzero((result != oracle).any(axis=1))
    assert mismatches.size == 0, [(str(DATES[i]), result[i], oracle[i]) for i in mismatches[:5]]


def test_jalali_from_days_arithmetic_matches_jdatetime_every_day(oracle):
    year, month, day = calendar.jalali_from_days(DAYS)
    assert np.array_equal(np.stack([year, month, day], axis=1), oracle)


def test_to_gregorian_matches_jdatetime_every_day(oracle):
    expected = np.array(
        [jdatetime.date(*triple).togregorian() for triple in oracle.tolist()],
        dtype="datetime64[D]",
    )
    result = calendar.to_gregorian(oracle[:, 0], oracle[:, 1], oracle[:, 2])
    assert np.array_equal(result.to_numpy().astype("datetime64[D]"), expected)
    assert np.array_equal(expected, DATES)  # and both agree with the walk itself


def test_leap_rule_matches_jdatetime_every_year():
    years = range(calendar.MIN_YEAR, calendar.MAX_YEAR + 1)
    assert [bool(calendar.is_leap(y)) for y in years] == [
        jdatetime.date(y, 1, 1).isleap() for y in years
    ]
    assert [calendar.days_in_year(y) for y in years] == [
        366 if jdatetime.date(y, 1, 1).isleap() else 365 for y in years
    ]


def test_every_real_date_is_accepted_and_no_other(oracle):
    # Month lengths as jdatetime sees them: the last day of each (year, month) in the walk.
    keys = oracle[:, 0] * 100 + oracle[:, 1]
    last_day = {int(k): int(d) for k, d in zip(keys, oracle[:, 2], strict=True)}
    years = np.array([k // 100 for k in last_day])
    months = np.array([k % 100 for k in last_day])
    lengths = np.array(list(last_day.values()))
    assert np.array_equal(calendar.days_in_month(years, months), lengths)
    # One day past each month's end is rejected (coerced to NaT), each last day accepted.
    past = calendar.to_gregorian(years, months, lengths + 1, errors="coerce")
    assert past.isna().all()
    assert calendar.to_gregorian(years, months, lengths).notna().all()


def test_leap_rule_matches_persiantools_astronomical_table_in_range():
    from persiantools.jdatetime import JalaliDate

    years = range(calendar.MIN_YEAR, calendar.MAX_YEAR + 1)
    assert [bool(calendar.is_leap(y)) for y in years] == [JalaliDate.is_leap(y) for y in years]

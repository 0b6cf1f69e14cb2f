"""The Iranian (Solar Hijri, "Jalali") calendar, vectorized and exact.

Official Iranian statistics run on the Iranian year (1 Farvardin, around 21 March, to the end
of Esfand). This module converts whole columns between Gregorian and Jalali dates with numpy
integer arithmetic (no Python loop per element), and names the periods analysts meet in
statements ("first nine months of 1398", "Q3 1401", "Farvardin-Azar 1398", and the Persian
press wordings such as "نه ماهه نخست ۱۳۹۸" or "از فروردین تا آذر ۱۳۹۸").

Leap-year rule:
    The arithmetic 33-year cycle used by ``jdatetime`` (through ``jalali_core``, FarsiWeb's
    ``jalali.c``): Jalali year ``Y`` is a leap year (Esfand has 30 days) when
    ``Y % 33`` is one of 1, 5, 9, 13, 17, 22, 26, 30. For every supported year this agrees
    with ``persiantools``, whose table follows the astronomical calendar of the Iranian
    calendar authority; the two part ways from 1502 on, outside our range (tested).

Supported range:
    Jalali years 1278 to 1480, that is Gregorian 1899-03-21 to 2102-03-20 inclusive (a
    superset of 1900-01-01 to 2100-12-31). The test suite walks every day of this range in
    both directions against ``jdatetime`` (the oracle, not the engine). Dates outside it raise
    :class:`~smeanalysis.errors.SmeAnalysisError` instead of returning unchecked values.

The arithmetic (for re-expression on Polars, DuckDB or Dask), with ``days`` the number of
days since 1970-01-01 and ``//`` and ``%`` floor division and modulo::

    r     = days + 135061              # days since 1 Farvardin 979 (1600-03-20)
    cycle = r // 12053                 # 33-year cycles of 12053 days
    r     = r % 12053
    year  = 979 + 33 * cycle + 4 * (r // 1461)   # 4-year blocks, leap year first
    r     = r % 1461
    if r >= 366:                       # past the block's leap year
        year += (r - 1) // 365
        r     = (r - 1) % 365
    doy   = r                          # 0-based day of the Jalali year
    month = doy // 31 + 1      if doy < 186 else (doy - 186) // 30 + 7
    day   = doy % 31 + 1       if doy < 186 else (doy - 186) % 30 + 1

and back (:func:`days_from_jalali`), with ``jy = year - 979``::

    days = 365 * jy + 8 * (jy // 33) + (jy % 33 + 3) // 4 - 135061
           + (31 * (month - 1) if month <= 7 else 30 * (month - 1) + 6) + day - 1

Months 1-6 (Farvardin to Shahrivar) have 31 days, months 7-11 (Mehr to Bahman) 30, Esfand
29 or 30. On numpy the conversions use small tables built from this arithmetic at import:
:func:`to_jalali` gathers (year, month, day) by day number over the supported range, and
:func:`to_gregorian` gathers each month's first day and length by ``year * 16 + month``, which
also validates every date in the same pass. ``MIN_DAY`` and ``MAX_DAY`` are the day numbers of
the range's first and last day.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd

from smeanalysis.errors import Problem, SmeAnalysisError
from smeanalysis.units import normalize_digits

__all__ = [
    "MAX_DAY",
    "MAX_YEAR",
    "MIN_DAY",
    "MIN_YEAR",
    "MONTHS_EN",
    "MONTHS_FA",
    "JalaliPeriod",
    "add_jalali_columns",
    "annualize",
    "days_from_jalali",
    "days_in_month",
    "days_in_year",
    "is_leap",
    "jalali_from_days",
    "jalali_grouper",
    "parse_years",
    "same_period_last_year",
    "to_gregorian",
    "to_jalali",
    "whole_months",
    "ytd_to_flows",
]

#: First and last Jalali year the conversions support (Gregorian 1899-03-21 to 2102-03-20).
MIN_YEAR = 1278
MAX_YEAR = 1480

#: Month names in English transliteration (as on Statistical Centre of Iran pages) and Persian.
MONTHS_EN: tuple[str, ...] = (
    "Farvardin",
    "Ordibehesht",
    "Khordad",
    "Tir",
    "Mordad",
    "Shahrivar",
    "Mehr",
    "Aban",
    "Azar",
    "Dey",
    "Bahman",
    "Esfand",
)
MONTHS_FA: tuple[str, ...] = (
    "فروردین",
    "اردیبهشت",
    "خرداد",
    "تیر",
    "مرداد",
    "شهریور",
    "مهر",
    "آبان",
    "آذر",
    "دی",
    "بهمن",
    "اسفند",
)

# Days from 1 Farvardin 979 (where jalali_core's cycles are anchored) back to 1970-01-01:
# 1600-01-01 is 135140 days before the epoch and 1 Farvardin 979 is 79 days after it.
_SHIFT = 135061
_CYCLE_DAYS = 12053  # 33 * 365 + 8
_BLOCK_DAYS = 1461  # 4 * 365 + 1
_LEAP_REMAINDERS = (1, 5, 9, 13, 17, 22, 26, 30)
_NS_PER_DAY = 86_400_000_000_000
_TICKS_PER_DAY = {
    "D": 1,
    "h": 24,
    "m": 1440,
    "s": 86_400,
    "ms": 86_400_000,
    "us": 86_400_000_000,
    "ns": _NS_PER_DAY,
}


def days_from_jalali(year: Any, month: Any, day: Any) -> np.ndarray:
    """Return days since 1970-01-01 of Jalali dates, by integer arithmetic alone.

    No validation: an impossible date (Esfand 30 in a common year) silently rolls over, so
    call :func:`to_gregorian` for checked input. Arguments broadcast like numpy arrays.

    Args:
        year: Jalali year(s).
        month: Jalali month(s), 1 to 12.
        day: Day(s) of the month.

    Returns:
        An int64 array of day numbers.

    Example:
        >>> int(days_from_jalali(1348, 10, 11))  # 1970-01-01
        0
    """
    year = np.asarray(year, dtype=np.int64)
    month = np.asarray(month, dtype=np.int64)
    day = np.asarray(day, dtype=np.int64)
    jy = year - 979
    year_start = 365 * jy + 8 * (jy // 33) + (jy % 33 + 3) // 4 - _SHIFT
    before_month = np.where(month <= 7, 31 * (month - 1), 30 * (month - 1) + 6)
    return year_start + before_month + day - 1


def _year_start(year: Any) -> np.ndarray:
    return days_from_jalali(year, 1, 1)


#: Day numbers (since 1970-01-01) of the supported range: first and last day inclusive.
MIN_DAY = int(_year_start(MIN_YEAR))
MAX_DAY = int(_year_start(MAX_YEAR + 1)) - 1


def is_leap(year: Any) -> np.ndarray | bool:
    """Tell whether Jalali year(s) are leap years (Esfand has 30 days).

    Args:
        year: A Jalali year or an array of them.

    Returns:
        A bool for a scalar, else a bool array.

    Example:
        >>> is_leap(1399), is_leap(1398)
        (True, False)
    """
    result = np.isin(np.asarray(year, dtype=np.int64) % 33, _LEAP_REMAINDERS)
    return bool(result) if result.ndim == 0 else result


def days_in_year(year: Any) -> np.ndarray | int:
    """Return the number of days in Jalali year(s): 365, or 366 in a leap year.

    Example:
        >>> days_in_year(1398), days_in_year(1399)
        (365, 366)
    """
    result = _year_start(np.asarray(year) + 1) - _year_start(year)
    return int(result) if result.ndim == 0 else result


def days_in_month(year: Any, month: Any) -> np.ndarray | int:
    """Return the number of days in Jalali month(s) (31, 30, or Esfand's 29/30).

    Example:
        >>> days_in_month(1398, 1), days_in_month(1398, 12), days_in_month(1399, 12)
        (31, 29, 30)
    """
    year = np.asarray(year, dtype=np.int64)
    month = np.asarray(month, dtype=np.int64)
    result = np.where(month <= 6, 31, np.where(month <= 11, 30, 29 + is_leap(year)))
    return int(result) if result.ndim == 0 else result


def _check_day_range(days: np.ndarray, positions: np.ndarray | None = None) -> None:
    outside = (days < MIN_DAY) | (days > MAX_DAY)
    if not outside.any():
        return
    where = np.flatnonzero(outside)
    shown = days[where].astype("datetime64[D]")
    lines = where if positions is None else positions[where]
    raise SmeAnalysisError(
        [
            Problem(
                None,
                int(line),
                None,
                str(value),
                f"a date from {_iso(MIN_DAY)} to {_iso(MAX_DAY)} "
                f"(Jalali {MIN_YEAR} to {MAX_YEAR}, the supported range)",
            )
            for line, value in zip(lines, shown, strict=True)
        ],
        summary=f"{len(where)} date(s) outside the supported range:",
    )


def _iso(day_number: int) -> str:
    return str(np.datetime64(day_number, "D"))


def jalali_from_days(days: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Convert day numbers (days since 1970-01-01) to Jalali (year, month, day) arrays.

    This is the reference arithmetic of the module (see the module docstring): only floor
    division, modulo and comparisons, so it can be written as Polars or DuckDB expressions.

    Args:
        days: Integer day numbers; every one must fall in the supported range.

    Returns:
        Three int64 arrays: year, month (1-12), day (1-31).

    Raises:
        SmeAnalysisError: A day falls outside Jalali years 1278-1480.

    Example:
        >>> year, month, day = jalali_from_days(np.array([0, 18251]))
        >>> year.tolist(), month.tolist(), day.tolist()
        ([1348, 1398], [10, 9], [11, 30])
    """
    days = np.asarray(days, dtype=np.int64)
    _check_day_range(days.ravel())
    r = days + _SHIFT
    cycle, r = np.divmod(r, _CYCLE_DAYS)
    block, r = np.divmod(r, _BLOCK_DAYS)
    year = 979 + 33 * cycle + 4 * block
    # The first year of each 4-year block is the leap one (366 days); the 33rd year of a
    # cycle is a fifth, common, year of the last block, which this also covers.
    later = r >= 366
    year = year + np.where(later, (r - 1) // 365, 0)
    doy = np.where(later, (r - 1) % 365, r)
    first_half = doy < 186
    month = np.where(first_half, doy // 31 + 1, (doy - 186) // 30 + 7)
    day = np.where(first_half, doy % 31 + 1, (doy - 186) % 30 + 1)
    return year, month, day


# Lookup tables from (day number - MIN_DAY) to year, month and day over the supported range
# (74,000 entries each): one gather per column is far cheaper than the arithmetic.
_TABLE = np.stack(jalali_from_days(np.arange(MIN_DAY, MAX_DAY + 1, dtype=np.int64)))
_TABLE.setflags(write=False)


# ---------------------------------------------------------------------------------------------
# Gregorian -> Jalali
# ---------------------------------------------------------------------------------------------


def _datetime_days(values: np.ndarray) -> tuple[np.ndarray, np.ndarray | None]:
    """Day numbers and missing mask of a numpy datetime64 array of any unit."""
    unit, count = np.datetime_data(values.dtype)
    per_day = _TICKS_PER_DAY.get(unit) if count == 1 else None
    if per_day is None:
        # Rare units (weeks, "10s", ...): numpy's own cast floors to the calendar day.
        values = values.astype("datetime64[D]")
        per_day = 1
    raw = values.view(np.int64)
    missing = np.isnat(values)
    # Floor division, so an instant before 1970 still belongs to its own calendar day.
    days = raw if per_day == 1 else raw // per_day
    if missing.any():
        return np.where(missing, MIN_DAY, days), missing
    return days, None


def _as_datetime64(dates: Any) -> tuple[np.ndarray, pd.Index]:
    """Turn the accepted inputs into a datetime64 numpy array and the index to report on."""
    if isinstance(dates, str | np.datetime64 | pd.Timestamp) or not hasattr(dates, "__len__"):
        dates = [dates]
    if isinstance(dates, pd.Series):
        index = dates.index
        series = dates
    elif isinstance(dates, pd.Index):
        index = dates
        series = pd.Series(dates, index=pd.RangeIndex(len(dates)), copy=False)
    else:
        array = np.asarray(dates) if not isinstance(dates, np.ndarray) else dates
        index = pd.RangeIndex(len(array))
        if array.dtype.kind == "M":
            return array, index
        series = pd.Series(array, copy=False)
    dtype = series.dtype
    if isinstance(dtype, pd.ArrowDtype):
        return _arrow_datetime64(series), index
    if isinstance(dtype, pd.DatetimeTZDtype):
        # A timezone-aware stamp belongs to the calendar day of its own wall clock.
        series = series.dt.tz_localize(None)
        dtype = series.dtype
    if dtype.kind == "M":
        return series.to_numpy(), index
    if dtype.kind in "iufcb":
        raise SmeAnalysisError(
            [Problem(None, None, None, f"numbers of dtype {dtype}", "dates or ISO date strings")]
        )
    # An empty cell is a missing date (as in a CSV), not an unreadable one.
    blank = series.astype("string").str.strip().eq("").fillna(False).to_numpy(dtype=bool)
    if blank.any():
        series = series.mask(blank)
    parsed = pd.to_datetime(series, format="ISO8601", errors="coerce")
    failed = parsed.isna().to_numpy() & series.notna().to_numpy()
    if failed.any():
        positions = np.flatnonzero(failed)
        raise SmeAnalysisError(
            [
                Problem(None, int(p), None, repr(series.iloc[p]), "an ISO date like '2019-12-21'")
                for p in positions
            ],
            summary=f"{len(positions)} value(s) could not be read as dates:",
        )
    return parsed.to_numpy(), index


def _arrow_datetime64(series: pd.Series) -> np.ndarray:
    """datetime64[ns] values of a pyarrow-backed date or timestamp Series."""
    import pyarrow as pa  # only reached with pyarrow-backed data, so pyarrow is installed

    arrow_type = series.dtype.pyarrow_dtype
    if pa.types.is_date(arrow_type):
        series = series.astype(pd.ArrowDtype(pa.timestamp("s")))
    elif pa.types.is_timestamp(arrow_type) and arrow_type.tz is not None:
        series = series.dt.tz_localize(None)
    elif not pa.types.is_timestamp(arrow_type):
        return _as_datetime64(series.astype("string"))[0]
    return series.to_numpy(dtype="datetime64[ns]", na_value=np.datetime64("NaT", "ns"))


def to_jalali(dates: Any) -> pd.DataFrame:
    """Convert Gregorian dates to Jalali ``year``, ``month`` and ``day`` columns.

    Args:
        dates: A Series, Index, list or numpy array of datetime64 values (any unit: D, s, ms,
            us, ns; timezone-aware stamps count by their wall-clock day; pyarrow-backed
            dates and timestamps too) or ISO date strings (an empty string is a missing date).
            A time of day is ignored.

    Returns:
        A DataFrame with int64 columns ``year``, ``month``, ``day`` (nullable ``Int64`` when a
        date is missing; missing dates stay missing) on the input's index (a Series' index,
        the Index itself, or a RangeIndex for lists and arrays).

    Raises:
        SmeAnalysisError: Strings that are not dates, or dates outside 1899-03-21 to
            2102-03-20, naming their positions and values.

    Example:
        >>> to_jalali(["2019-12-21", "2020-03-20", None])
           year  month   day
        0  1398      9    30
        1  1399      1     1
        2  <NA>   <NA>  <NA>
    """
    values, index = _as_datetime64(dates)
    days, missing = _datetime_days(values)
    if days.size:
        low, high = days.min(), days.max()
        if low < MIN_DAY or high > MAX_DAY:
            _check_day_range(days)
    offset = days - MIN_DAY
    if missing is None:
        # One (3, n) gather: pandas keeps it as the frame's single block without copying, and
        # each column stays contiguous for whoever reads it next.
        block = _TABLE.take(offset, axis=1)
        return pd.DataFrame(block.T, index=index, columns=["year", "month", "day"], copy=False)
    columns = {
        name: pd.arrays.IntegerArray(_TABLE[row].take(offset), missing.copy())
        for row, name in enumerate(("year", "month", "day"))
    }
    return pd.DataFrame(columns, index=index, copy=False)


# ---------------------------------------------------------------------------------------------
# Jalali -> Gregorian
# ---------------------------------------------------------------------------------------------


def _integer_part(name: str, value: Any) -> tuple[np.ndarray, np.ndarray | None, list[Problem]]:
    """An int64 array, its missing mask, and problems for values that are not whole numbers."""
    if isinstance(value, pd.Series | pd.Index):
        if value.dtype.kind in "iu" and not value.hasnans:
            return value.to_numpy(dtype=np.int64), None, []
        value = value.to_numpy(dtype="float64", na_value=np.nan)
    array = np.asarray(value)
    if array.dtype.kind in "iu":
        return array.astype(np.int64, copy=False), None, []
    try:
        floats = array.astype(np.float64)
    except (TypeError, ValueError):
        floats = pd.to_numeric(pd.Series(array.ravel()), errors="coerce").to_numpy(
            dtype="float64", na_value=np.nan
        )
        floats = floats.reshape(array.shape)
        bad = np.isnan(floats) & pd.notna(array)
        problems = [
            Problem(None, int(p), name, _show(array.ravel()[p]), "a whole number")
            for p in np.flatnonzero(bad.ravel())
        ]
        if problems:
            return np.zeros(array.shape, np.int64), None, problems
    missing = np.isnan(floats)
    # Infinity is not a whole number either (and would not survive the cast to int64).
    fractional = ~missing & ~(
        np.isfinite(floats) & (floats == np.floor(floats)) & (np.abs(floats) < 2**62)
    )
    problems = [
        Problem(None, int(p), name, _show(floats.ravel()[p]), "a whole number")
        for p in np.flatnonzero(fractional.ravel())
    ]
    ints = np.where(missing | fractional, 0, floats).astype(np.int64)
    return ints, (missing if missing.any() else None), problems


# Tables indexed by ``year * 16 + month``: the day number before the month's first day, and
# the month's length (0 for every key that is not a real month of a supported year, so such a
# key fails the day check). One gather per table replaces the arithmetic and the validation.
_KEY_SIZE = (MAX_YEAR + 2) * 16
_MONTH_BEFORE = np.zeros(_KEY_SIZE, np.int64)
_MONTH_LENGTH = np.zeros(_KEY_SIZE, np.int64)
_KEY_YEARS, _KEY_MONTHS = (
    a.ravel() for a in np.meshgrid(np.arange(MIN_YEAR, MAX_YEAR + 1), np.arange(1, 13))
)
_MONTH_BEFORE[_KEY_YEARS * 16 + _KEY_MONTHS] = days_from_jalali(_KEY_YEARS, _KEY_MONTHS, 0)
_MONTH_LENGTH[_KEY_YEARS * 16 + _KEY_MONTHS] = days_in_month(_KEY_YEARS, _KEY_MONTHS)
# Blocks small enough for the temporaries to stay in the CPU cache (measured: 64k is best).
_CHUNK = 65_536


def _gregorian_ns(
    year: np.ndarray, month: np.ndarray, day: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Nanoseconds since the epoch of Jalali dates, and where the date is impossible."""
    size = year.size
    out = np.empty(size, np.int64)
    bad = np.empty(size, bool)
    key = np.empty(min(size, _CHUNK), np.int64)
    length = np.empty_like(key)
    scratch = np.empty_like(key)
    flag = np.empty(key.shape, bool)
    unsigned = np.uint64
    for start in range(0, size, _CHUNK):
        stop = min(size, start + _CHUNK)
        n = stop - start
        y, m, d = year[start:stop], month[start:stop], day[start:stop]
        k, ln, tmp, f, o, b = (
            key[:n],
            length[:n],
            scratch[:n],
            flag[:n],
            out[start:stop],
            bad[start:stop],
        )
        # Unsigned views turn "0 <= x - low < span" into one comparison each.
        np.subtract(y, MIN_YEAR, out=tmp)
        np.greater_equal(tmp.view(unsigned), MAX_YEAR - MIN_YEAR + 1, out=b)
        np.subtract(m, 1, out=tmp)
        np.greater_equal(tmp.view(unsigned), 12, out=f)
        b |= f
        np.multiply(y, 16, out=k)
        k += m
        np.clip(k, 0, _KEY_SIZE - 1, out=k)
        _MONTH_BEFORE.take(k, out=o)
        _MONTH_LENGTH.take(k, out=ln)
        np.subtract(d, 1, out=tmp)
        np.greater_equal(tmp.view(unsigned), ln.view(unsigned), out=f)
        b |= f
        o += d
        o *= _NS_PER_DAY
    return out, bad


def _show(value: Any) -> str:
    """Repr of a value without numpy's type wrapper (``1398.5``, not ``np.float64(1398.5)``)."""
    return repr(value.item() if isinstance(value, np.generic) else value)


def to_gregorian(
    year: Any, month: Any, day: Any, errors: Literal["raise", "coerce"] = "raise"
) -> pd.Series:
    """Convert Jalali dates to a Gregorian ``datetime64[ns]`` Series.

    Args:
        year: Jalali year(s); scalars and array-likes broadcast against each other.
        month: Jalali month(s), 1 to 12.
        day: Day(s) of the month.
        errors: ``"raise"`` (default) raises on impossible dates; ``"coerce"`` turns them into
            NaT. Missing inputs always give NaT.

    Returns:
        A datetime64[ns] Series, on the index of the first Series argument if any, else a
        RangeIndex.

    Raises:
        SmeAnalysisError: Impossible dates (month 13, day 0 or 32, day 31 in months 7-12,
            Esfand 30 in a common year) or years outside 1278-1480, naming positions and
            values; with ``errors="raise"`` only.

    Example:
        >>> to_gregorian([1398, 1399], [9, 12], [30, 30]).dt.strftime("%Y-%m-%d").tolist()
        ['2019-12-21', '2021-03-20']
    """
    if errors not in ("raise", "coerce"):
        raise SmeAnalysisError([Problem(None, None, "errors", repr(errors), "'raise' or 'coerce'")])
    index = next(
        (arg.index for arg in (year, month, day) if isinstance(arg, pd.Series)),
        None,
    )
    parts, masks, problems = [], [], []
    for name, arg in (("year", year), ("month", month), ("day", day)):
        ints, mask, found = _integer_part(name, arg)
        parts.append(ints)
        masks.append(mask)
        problems.extend(found)
    if problems:
        raise SmeAnalysisError(problems, summary=f"{len(problems)} part(s) not whole numbers:")
    try:
        y, m, d = np.broadcast_arrays(*parts)
    except ValueError:
        raise SmeAnalysisError(
            [
                Problem(None, None, name, f"length {part.size}", "lengths that broadcast")
                for name, part in zip(("year", "month", "day"), parts, strict=True)
            ],
            summary="year, month and day have lengths that cannot be broadcast together:",
        ) from None
    # reshape, not ravel: a strided 1-D column stays a view instead of being copied.
    y, m, d = y.reshape(-1), m.reshape(-1), d.reshape(-1)
    missing = None
    for mask in masks:
        if mask is not None:
            mask = np.broadcast_to(mask, y.shape if mask.ndim else ()).ravel()
            missing = mask if missing is None else missing | mask
    nanoseconds, bad = _gregorian_ns(y, m, d)
    if missing is not None:
        bad &= ~missing
    if bad.any():
        if errors == "raise":
            raise SmeAnalysisError(
                [_impossible(int(p), y[p], m[p], d[p]) for p in np.flatnonzero(bad)],
                summary=f"{int(bad.sum())} impossible Jalali date(s):",
            )
        missing = bad if missing is None else missing | bad
    stamps = nanoseconds.view("datetime64[ns]")
    if missing is not None:
        stamps[missing] = np.datetime64("NaT", "ns")
    if index is not None and len(index) != len(stamps):
        index = None
    return pd.Series(stamps, index=index, copy=False)


def _impossible(position: int, year: int, month: int, day: int) -> Problem:
    found = f"{year}-{month:02d}-{day:02d}"
    if not MIN_YEAR <= year <= MAX_YEAR:
        expected = f"a year from {MIN_YEAR} to {MAX_YEAR} (the supported range)"
    elif not 1 <= month <= 12:
        expected = "a month from 1 to 12"
    elif month == 12 and day == 30:
        expected = f"a day from 1 to 29: Esfand {year} has 29 days ({year} is not a leap year)"
    else:
        expected = f"a day from 1 to {days_in_month(year, month)} in {MONTHS_EN[month - 1]}"
    return Problem(None, position, None, found, expected)


# ---------------------------------------------------------------------------------------------
# Periods
# ---------------------------------------------------------------------------------------------

_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4}
_NUMBER_WORDS = {
    word: number
    for number, word in enumerate(
        "one two three four five six seven eight nine ten eleven twelve".split(), start=1
    )
}
# Persian press wording: numbers of months spelled out (only 1-12 make sense here), ordinals
# of a block of months ("سه ماهه دوم" is the second quarter), halves, quarters and seasons.
_FA_NUMBER_WORDS = {
    word: number
    for number, word in enumerate(
        "یک دو سه چهار پنج شش هفت هشت نه ده یازده دوازده".split(), start=1
    )
}
# Only to say why "سیزده ماهه" is wrong (a year has 12 months), never to read a period.
_FA_TOO_MANY_WORDS = {
    word: number
    for number, word in enumerate(
        "سیزده چهارده پانزده شانزده هفده هجده نوزده بیست".split(), start=13
    )
}
_FA_ORDINALS = {"نخست": 1, "اول": 1, "یکم": 1, "دوم": 2, "سوم": 3, "چهارم": 4}
_FA_LAST = ("آخر", "پایانی")  # "سه ماهه آخر سال": the last block, ending with Esfand
_FA_SEASONS = {"بهار": 1, "تابستان": 2, "پاییز": 3, "پائیز": 3, "زمستان": 4}
_MONTH_ALIASES: dict[str, int] = {}
for _number, (_en, _fa) in enumerate(zip(MONTHS_EN, MONTHS_FA, strict=True), start=1):
    _MONTH_ALIASES[_en.lower()] = _number
    _MONTH_ALIASES[_fa] = _number
for _alias, _number in {
    "ordibehest": 2,
    "khordaad": 3,
    "amordad": 5,
    "mordaad": 5,
    "shahrivar": 6,
    "shahrívar": 6,
    "aabaan": 8,
    "aban": 8,
    "aazar": 9,
    "dei": 10,
    "day": 10,
    "esfand": 12,
    "esfandmah": 12,
    "isfand": 12,
    "espand": 12,
    "اَمرداد": 5,
    "امرداد": 5,
    "اردی بهشت": 2,  # "اردی‌بهشت" once the ZWNJ is read as a space
    "ابان": 8,  # آبان and آذر typed without the madda
    "اذر": 9,
}.items():
    _MONTH_ALIASES[_alias] = _number
_MONTH_RE = "|".join(sorted((re.escape(a) for a in _MONTH_ALIASES), key=len, reverse=True))
_RUN_SEP = r"\s*(?:\.\.|–|—|-|to|through|until|تا|لغایت|الی)\s*"
_FA_ORDINAL_RE = "|".join([*_FA_ORDINALS, *_FA_LAST])
_FA_COUNT_EXPECTED = (
    "a number of months from 1 to 12 (digits, or " + ", ".join(_FA_NUMBER_WORDS) + ")"
)

_ACCEPTED_FORMS = (
    "'1398', '1398-09' or '1398/09', '1398-01..1398-09', 'first nine months of 1398', "
    "'first 9 months of 1398', '9M 1398', '1398 9M', 'H1 1399', '1399 H1', "
    "'first half of 1399', 'Q3 1401', '1401 Q3', 'third quarter of 1401', 'Azar 1398', "
    "'Farvardin-Azar 1398'; in Persian 'سال ۱۴۰۰', 'نه ماهه نخست سال ۱۳۹۸', "
    "'۹ ماهه ۱۳۹۸', 'سه ماهه دوم ۱۴۰۱', 'نیمه اول ۱۳۹۹', 'فصل سوم ۱۴۰۱', 'پاییز ۱۴۰۱', "
    "'آذر ماه ۱۳۹۸', 'از فروردین تا آذر ۱۳۹۸' (Persian or Arabic-Indic digits, four-digit "
    "years)"
)

# Marks that copy-paste from Persian pages leaves in a label without changing its reading:
# the zero-width joiner, bidi marks and embeddings, and the tatweel (kashida) that stretches
# a word. The zero-width non-joiner is read as a space ("نه‌ماهه" is "نه ماهه").
_INVISIBLE = dict.fromkeys(
    [0x200D, 0x200E, 0x200F, 0x061C, *range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x0640]
)


def _fold(text: str) -> str:
    """Digits to ASCII, Arabic ي/ى/ك to Persian ی/ک, invisible marks dropped, ZWNJ as space."""
    text = normalize_digits(unicodedata.normalize("NFC", text)).translate(_INVISIBLE)
    return re.sub(r"\s+", " ", text.replace("\u200c", " ")).strip().lower()


def _normalize(label: str) -> str:
    text = _fold(label)
    text = re.sub(r"^(?:the|in the|in|during the|during|در طول|در طی|در|طی)\s+", "", text)
    return text.rstrip(".")


class _Unreadable(Exception):
    """Internal: a label of a known form whose parts are wrong (what was expected instead)."""

    def __init__(self, expected: str):
        super().__init__(expected)
        self.expected = expected


@dataclass(frozen=True, order=True)
class JalaliPeriod:
    """A Jalali year, or a run of its months (a half, a quarter, one month, or months m1-m2).

    Attributes:
        year: The Jalali year (1278 to 1480).
        first_month: First month covered, 1 to 12.
        last_month: Last month covered (inclusive), ``first_month`` to 12.

    Example:
        >>> p = JalaliPeriod.parse("first nine months of 1398")
        >>> p.label, p.days, p.months, str(p.start.date()), str(p.end.date())
        ('1398-01..1398-09', 276, 9, '2019-03-21', '2019-12-21')
    """

    year: int
    first_month: int = 1
    last_month: int = 12

    def __post_init__(self) -> None:
        problems = []
        for name in ("year", "first_month", "last_month"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int | np.integer):
                problems.append(Problem(None, None, name, repr(value), "an integer"))
        if problems:
            raise SmeAnalysisError(problems)
        # Store plain ints so equality, hashing and labels do not depend on numpy scalars.
        for name in ("year", "first_month", "last_month"):
            object.__setattr__(self, name, int(getattr(self, name)))
        if not MIN_YEAR <= self.year <= MAX_YEAR:
            problems.append(
                Problem(None, None, "year", str(self.year), f"a year from {MIN_YEAR} to {MAX_YEAR}")
            )
        if not 1 <= self.first_month <= 12:
            problems.append(
                Problem(None, None, "first_month", str(self.first_month), "a month from 1 to 12")
            )
        if not self.first_month <= self.last_month <= 12:
            problems.append(
                Problem(
                    None,
                    None,
                    "last_month",
                    str(self.last_month),
                    f"a last month from the first month ({self.first_month}) to 12",
                )
            )
        if problems:
            raise SmeAnalysisError(problems)

    # -- constructors ------------------------------------------------------------------------

    @classmethod
    def month(cls, year: int, month: int) -> JalaliPeriod:
        """One month. Example: ``JalaliPeriod.month(1398, 9).label == '1398-09'``."""
        return cls(year, month, month)

    @classmethod
    def quarter(cls, year: int, quarter: int) -> JalaliPeriod:
        """Quarter 1-4 (Q1 = Farvardin-Khordad).

        Example:
            >>> JalaliPeriod.quarter(1401, 3).label
            '1401-07..1401-09'
        """
        if quarter not in (1, 2, 3, 4):
            raise SmeAnalysisError([Problem(None, None, "quarter", repr(quarter), "1 to 4")])
        return cls(year, 3 * quarter - 2, 3 * quarter)

    @classmethod
    def half(cls, year: int, half: int) -> JalaliPeriod:
        """Half 1 (Farvardin-Shahrivar) or 2 (Mehr-Esfand).

        Example:
            >>> JalaliPeriod.half(1399, 2).label
            '1399-07..1399-12'
        """
        if half not in (1, 2):
            raise SmeAnalysisError([Problem(None, None, "half", repr(half), "1 or 2")])
        return cls(year, 6 * half - 5, 6 * half)

    @classmethod
    def parse(cls, label: str) -> JalaliPeriod:
        """Read a period label as analysts write it.

        Accepted: ``1398``, ``1398-09``, ``1398/09``, ``1398-01..1398-09``, ``first nine months
        of 1398``, ``first 9 months of 1398``, ``9M 1398``, ``1398 9M``, ``H1 1399``, ``1399
        H1``, ``first half of 1399``, ``Q3 1401``, ``1401 Q3``, ``third quarter of 1401``,
        ``Azar 1398``, ``Farvardin-Azar 1398``.

        Persian press wordings (a leading ``در``, ``طی`` or ``در طول`` is dropped; ``سال`` before
        the year and ``هجری شمسی`` or ``ه.ش`` after it are optional):

        - a year: ``سال ۱۴۰۰``, ``۱۴۰۰``;
        - the first n months, n in digits or spelled out (``یک`` ... ``دوازده``), with ``ماهه``
          or ``ماه`` (also ``ماهه‌ی``, ``ماههٔ``), ``نخست`` or ``اول`` or nothing:
          ``نه ماهه نخست ۱۳۹۸``, ``۹ ماهه ۱۳۹۸``, ``شش ماهه اول سال ۱۴۰۲``, ``نه ماه ۱۳۹۸``;
        - the k-th block of n months (``دوم``, ``سوم``, ``چهارم``; ``آخر`` or ``پایانی`` for the
          block ending with Esfand): ``سه ماهه دوم ۱۴۰۱`` (months 4-6), ``شش ماهه دوم ۱۳۹۹``;
        - halves, quarters, seasons: ``نیمه اول سال ۱۳۹۹``, ``نیمسال دوم ۱۳۹۹``, ``فصل سوم
          ۱۴۰۱``, ``پاییز ۱۴۰۱`` (``بهار``, ``تابستان``, ``پاییز``, ``زمستان``);
        - one month: ``آذر ماه ۱۳۹۸``, ``آذرماه ۱۳۹۸``, ``آذر ۱۳۹۸``, ``ماه آذر سال ۱۳۹۸``;
        - a run of months: ``فروردین تا آذر ۱۳۹۸``, ``از فروردین ماه تا آذر ماه ۱۳۹۸``, ``از
          فروردین ۱۳۹۸ تا آذر ۱۳۹۸`` (both years the same), ``از ابتدای فروردین تا پایان
          آذر ۱۳۹۸``, with ``تا``, ``لغایت``, ``الی`` or a dash.

        Digits may be ASCII, Persian (۰-۹) or Arabic-Indic (٠-٩); Arabic ي, ى and ك read as
        Persian ی and ک; the zero-width non-joiner reads as a space and bidi marks and tatweel
        are ignored. Years have four digits (``۹۸`` for 1398 is not read).

        Raises:
            SmeAnalysisError: The label is none of these forms (the message lists them), or a
                form with a wrong part: 13 months (``سیزده ماهه``), a block past Esfand (``نه
                ماهه دوم``), a run across two years, months in the wrong order.

        Example:
            >>> JalaliPeriod.parse("Q3 1401") == JalaliPeriod.parse("third quarter of 1401")
            True
            >>> JalaliPeriod.parse("۱۳۹۸").label
            '1398'
            >>> JalaliPeriod.parse("نه ماهه نخست سال ۱۳۹۸").label
            '1398-01..1398-09'
        """
        if not isinstance(label, str):
            raise SmeAnalysisError(
                [Problem(None, None, "label", repr(label), f"a period label: {_ACCEPTED_FORMS}")]
            )
        text = _normalize(label)
        year = r"(?P<year>\d{4})"
        # Persian: "سال ۱۴۰۰", optionally followed by "هجری شمسی" or "ه.ش".
        fa_year = rf"(?:سال )?{year}(?: هجری شمسی| ه\.? ?ش)?"
        # "آذر", "آذر ماه", "آذرماه", "ماه آذر"; the month names in the groups a and b.
        fa_a = rf"(?:ماه )?(?P<a>{_MONTH_RE})(?: ?ماه)?"
        fa_b = rf"(?P<b>{_MONTH_RE})(?: ?ماه)?"
        # "ماه", "ماهه", with the ezafe "ماهه‌ی" or "ماههٔ" (ه and a combining hamza, or ۀ).
        ezafe = r"(?:ه(?: ?ی|\u0654)?|ۀ)"
        fa_months = rf" ?ماه{ezafe}?"
        patterns: list[tuple[str, Any]] = [
            (rf"(?:year |fy ?)?{year}", lambda g: (1, 12)),
            (fa_year, lambda g: (1, 12)),
            (rf"{year}\s*[-/]\s*(?P<m>\d{{1,2}})", lambda g: (int(g["m"]), int(g["m"]))),
            (
                rf"{year}\s*[-/]\s*(?P<m1>\d{{1,2}}){_RUN_SEP}(?P<y2>\d{{4}})\s*[-/]\s*"
                r"(?P<m2>\d{1,2})",
                lambda g: (int(g["m1"]), int(g["m2"])),
            ),
            (
                rf"(?:first )?(?P<n>\d{{1,2}}|{'|'.join(_NUMBER_WORDS)}) months? "
                rf"(?:of |in )?(?:year )?{year}",
                lambda g: (1, _count(g["n"])),
            ),
            (rf"(?P<n>\d{{1,2}}) ?m\s*[-,]?\s*{year}", lambda g: (1, int(g["n"]))),
            (rf"{year}\s*[-,]?\s*(?P<n>\d{{1,2}}) ?m", lambda g: (1, int(g["n"]))),
            (rf"h(?P<h>[12])\s*[-,]?\s*{year}", lambda g: _span(6, int(g["h"]))),
            (rf"{year}\s*[-,]?\s*h(?P<h>[12])", lambda g: _span(6, int(g["h"]))),
            (
                rf"(?P<o>first|second|1st|2nd) half (?:of )?(?:year )?{year}",
                lambda g: _span(6, _ordinal(g["o"])),
            ),
            (rf"q(?P<q>[1-4])\s*[-,]?\s*{year}", lambda g: _span(3, int(g["q"]))),
            (rf"{year}\s*[-,]?\s*q(?P<q>[1-4])", lambda g: _span(3, int(g["q"]))),
            (
                rf"(?P<o>first|second|third|fourth|1st|2nd|3rd|4th) quarter (?:of )?"
                rf"(?:year )?{year}",
                lambda g: _span(3, _ordinal(g["o"])),
            ),
            (
                rf"(?P<a>{_MONTH_RE}){_RUN_SEP}(?P<b>{_MONTH_RE}),? {year}",
                lambda g: (_MONTH_ALIASES[g["a"]], _MONTH_ALIASES[g["b"]]),
            ),
            (
                rf"(?P<a>{_MONTH_RE}),? {year}",
                lambda g: (_MONTH_ALIASES[g["a"]], _MONTH_ALIASES[g["a"]]),
            ),
            (
                rf"{year},? (?P<a>{_MONTH_RE})",
                lambda g: (_MONTH_ALIASES[g["a"]], _MONTH_ALIASES[g["a"]]),
            ),
            # Persian: one month ("آذر ماه ۱۳۹۸", "آذرماه سال ۱۳۹۸").
            (rf"{fa_a} {fa_year}", lambda g: (_MONTH_ALIASES[g["a"]],) * 2),
            # "(از) (ابتدای) فروردین (ماه) (۱۳۹۸) تا (پایان) آذر (ماه) ۱۳۹۸".
            (
                rf"(?:ماه ?های )?(?:از )?(?:ابتدای |اول )?{fa_a}(?: (?:سال )?(?P<y1>\d{{4}}))?"
                rf"{_RUN_SEP}(?:پایان |انتهای |آخر )?{fa_b} {fa_year}",
                lambda g: (_MONTH_ALIASES[g["a"]], _MONTH_ALIASES[g["b"]]),
            ),
            # "نیمه اول سال ۱۳۹۹", "نیمسال دوم ۱۳۹۹".
            (
                rf"(?:نیم{ezafe}|نیم ?سال) (?P<o>{_FA_ORDINAL_RE}) {fa_year}",
                lambda g: _fa_block(6, g["o"]),
            ),
            # "فصل سوم ۱۴۰۱", "فصل پاییز ۱۴۰۱", "پاییز ۱۴۰۱".
            (rf"فصل (?P<o>{_FA_ORDINAL_RE}) {fa_year}", lambda g: _fa_block(3, g["o"])),
            (
                rf"(?:فصل )?(?P<s>{'|'.join(_FA_SEASONS)}) {fa_year}",
                lambda g: _span(3, _FA_SEASONS[g["s"]]),
            ),
            # "نه ماهه نخست سال ۱۳۹۸", "۹ ماهه ۱۳۹۸", "سه ماهه دوم ۱۴۰۱": the n-th block of
            # n months, from Farvardin when no ordinal is given. After the month names, so
            # that "آذر ماه" is a month; any other word before "ماه" is a wrong number.
            (
                rf"(?P<n>\d+|[^\W\d_]+){fa_months}(?: (?P<o>{_FA_ORDINAL_RE}))? {fa_year}",
                lambda g: _fa_block(_fa_count(g["n"]), g["o"] or "نخست"),
            ),
        ]
        for pattern, months in patterns:
            match = re.fullmatch(pattern, text)
            if match is None:
                continue
            groups = match.groupdict()
            other_years = {groups.get("y1"), groups.get("y2")} - {None, groups["year"]}
            try:
                if other_years:
                    raise _Unreadable(
                        "months of one Jalali year (a run across years is not one period)"
                    )
                first, last = months(groups)
                return cls(int(groups["year"]), first, last)
            except _Unreadable as error:
                expected = [error.expected]
            except SmeAnalysisError as error:
                expected = [problem.expected for problem in error.problems]
            raise SmeAnalysisError(
                [Problem(None, None, "label", repr(label), item) for item in expected]
            ) from None
        raise SmeAnalysisError(
            [Problem(None, None, "label", repr(label), f"a period label: {_ACCEPTED_FORMS}")]
        )

    @classmethod
    def from_dates(cls, start: Any, end: Any) -> JalaliPeriod | None:
        """Return the period whose Gregorian first and last days are ``start`` and ``end``.

        Returns ``None`` unless ``start`` is the first day of a Jalali month and ``end`` the
        last day of a month of the same Jalali year (on or after ``start``), or when either
        date is missing. :func:`whole_months` does the same for whole columns at once.

        Example:
            >>> JalaliPeriod.from_dates("2019-03-21", "2019-12-21").label
            '1398-01..1398-09'
            >>> JalaliPeriod.from_dates("2019-03-21", "2019-12-20") is None
            True
        """
        if pd.isna(start) or pd.isna(end):
            return None
        # Scalar arithmetic rather than whole_months: loaders call this once per distinct pair.
        stamps = [pd.Timestamp(start), pd.Timestamp(end)]
        stamps = [s.tz_localize(None) if s.tzinfo is not None else s for s in stamps]
        days = np.array(
            [s.to_datetime64().astype("datetime64[D]").astype(np.int64) for s in stamps]
        )
        (y1, y2), (m1, m2), (d1, d2) = (part.tolist() for part in jalali_from_days(days))
        if y1 != y2 or d1 != 1 or m1 > m2 or d2 != days_in_month(y2, m2):
            return None
        return cls(y1, m1, m2)

    # -- derived -----------------------------------------------------------------------------

    @property
    def kind(self) -> str:
        """One of ``year``, ``half``, ``quarter``, ``month``, ``months``."""
        first, last = self.first_month, self.last_month
        if (first, last) == (1, 12):
            return "year"
        if first == last:
            return "month"
        if (first, last) in ((1, 6), (7, 12)):
            return "half"
        if last - first == 2 and first % 3 == 1:
            return "quarter"
        return "months"

    @property
    def start(self) -> pd.Timestamp:
        """Gregorian first day."""
        return pd.Timestamp(int(days_from_jalali(self.year, self.first_month, 1)), unit="D")

    @property
    def end(self) -> pd.Timestamp:
        """Gregorian last day (inclusive)."""
        last_day = days_in_month(self.year, self.last_month)
        return pd.Timestamp(int(days_from_jalali(self.year, self.last_month, last_day)), unit="D")

    @property
    def days(self) -> int:
        """Number of days covered."""
        return (self.end - self.start).days + 1

    @property
    def months(self) -> int:
        """Number of months covered."""
        return self.last_month - self.first_month + 1

    @property
    def label(self) -> str:
        """Canonical label: ``1398``, ``1398-09`` or ``1398-01..1398-09`` (parse reads it)."""
        if self.kind == "year":
            return str(self.year)
        if self.kind == "month":
            return f"{self.year}-{self.first_month:02d}"
        return f"{self.year}-{self.first_month:02d}..{self.year}-{self.last_month:02d}"

    def __str__(self) -> str:
        return self.label


def _count(word: str) -> int:
    return int(word) if word.isdigit() else _NUMBER_WORDS[word]


def _ordinal(word: str) -> int:
    return _ORDINALS.get(word) or int(word[0])


def _fa_count(word: str) -> int:
    """The number of months in "نه ماهه" or "۹ ماهه": 1 to 12, else :class:`_Unreadable`."""
    words = _FA_NUMBER_WORDS | _FA_TOO_MANY_WORDS | {"هیجده": 18}
    number = int(word) if word.isdigit() else words.get(word)
    if number is None:
        raise _Unreadable(
            f"{_FA_COUNT_EXPECTED} or a month name ({', '.join(MONTHS_FA)}) before 'ماه', "
            f"not {word!r}"
        )
    if not 1 <= number <= 12:
        raise _Unreadable(f"{_FA_COUNT_EXPECTED}: a year has 12 months, not {number}")
    return number


def _fa_block(length: int, ordinal: str) -> tuple[int, int]:
    """Months of the n-th block of ``length`` months ("آخر": the block ending with Esfand)."""
    if ordinal in _FA_LAST:
        return 13 - length, 12
    first, last = _span(length, _FA_ORDINALS[ordinal])
    if last > 12:
        raise _Unreadable(
            f"a block of {length} months within one year: block {_FA_ORDINALS[ordinal]} "
            f"would end in month {last}"
        )
    return first, last


def _span(length: int, number: int) -> tuple[int, int]:
    return length * (number - 1) + 1, length * number


def whole_months(start: Any, end: Any) -> pd.DataFrame:
    """Jalali year and months of Gregorian periods that run over whole Jalali months.

    The vectorized :meth:`JalaliPeriod.from_dates`: for each (start, end) pair, the Jalali
    ``year``, ``first_month`` and ``last_month`` when ``start`` is the first day of a Jalali
    month and ``end`` (inclusive) the last day of a month of the same Jalali year, on or after
    ``start``; all three missing otherwise (or when a date is missing).

    Args:
        start: First days (anything :func:`to_jalali` accepts).
        end: Last days, inclusive, as many as ``start``.

    Returns:
        A DataFrame with Int64 columns ``year``, ``first_month``, ``last_month`` on the index
        of ``start``.

    Example:
        >>> whole_months(["2019-03-21", "2019-03-21"], ["2019-12-21", "2019-12-20"])
           year  first_month  last_month
        0  1398            1           9
        1  <NA>         <NA>        <NA>
    """
    first = to_jalali(start).astype("Int64")
    last = to_jalali(end).astype("Int64")
    if len(first) != len(last):
        raise SmeAnalysisError(
            [Problem(None, None, "end", f"{len(last)} dates", f"{len(first)} dates, like start")]
        )
    last.index = first.index
    month_end = days_in_month(
        last["year"].fillna(MIN_YEAR).to_numpy(dtype=np.int64),
        last["month"].fillna(1).to_numpy(dtype=np.int64),
    )
    exact = (
        first["year"].eq(last["year"])
        & first["day"].eq(1)
        & first["month"].le(last["month"])
        & last["day"].eq(pd.Series(month_end, index=first.index))
    ).fillna(False)
    return pd.DataFrame(
        {
            "year": first["year"].where(exact),
            "first_month": first["month"].where(exact),
            "last_month": last["month"].where(exact),
        },
        index=first.index,
    )


def same_period_last_year(period: JalaliPeriod | str) -> JalaliPeriod:
    """Return the same months one Jalali year earlier.

    Example:
        >>> same_period_last_year("first nine months of 1398").label
        '1397-01..1397-09'
    """
    if isinstance(period, str):
        period = JalaliPeriod.parse(period)
    return JalaliPeriod(period.year - 1, period.first_month, period.last_month)


def parse_years(
    years: int | str | Iterable[int | str], available: Sequence[int] | None = None
) -> list[int]:
    """Read a set of Jalali years the way BSSIR accepts them.

    Args:
        years: An int (``1398``), a list of ints, or text such as ``"1395-1401, 1403"``,
            ``"۱۳۹۵ تا ۱۳۹۸"``, ``"سال‌های ۱۳۹۵ تا ۱۳۹۸"``, ``"۱۳۹۵، ۱۳۹۸"`` (Persian or
            Arabic-Indic digits, ``,``, ``،`` or ``و`` between items) or ``"last"``.
        available: The years the data hold. Needed for ``"last"`` (their maximum); when
            given, every requested year must be among them.

    Returns:
        The years, sorted, without repeats.

    Raises:
        SmeAnalysisError: Unreadable parts, reversed ranges, years outside 1278-1480, or
            years not in ``available``.

    Example:
        >>> parse_years("1395-1398, 1401")
        [1395, 1396, 1397, 1398, 1401]
        >>> parse_years("last", available=[1399, 1402, 1400])
        [1402]
    """
    problems: list[Problem] = []
    found: set[int] = set()
    if isinstance(years, bool):
        problems.append(Problem(None, None, "years", repr(years), "a Jalali year"))
        parts: list[Any] = []
    elif isinstance(years, int | np.integer):
        parts = [int(years)]
    elif isinstance(years, str):
        # Lists with "," or the Persian comma "،" (or " و ", "and"), in any digits.
        parts = [p.strip() for p in re.split(r",|،| و ", _fold(years))]
    elif isinstance(years, Iterable):
        parts = list(years)
    else:
        # None, floats and other scalars are not a year set: say so in the package's error.
        problems.append(
            Problem(None, None, "years", repr(years), "a Jalali year, a list of them or text")
        )
        parts = []
    for part in parts:
        if isinstance(part, int | np.integer) and not isinstance(part, bool):
            found.add(int(part))
            continue
        text = _fold(part) if isinstance(part, str) else ""
        # "سال ۱۳۹۸", "سال‌های ۱۳۹۵ تا ۱۳۹۸", "از ۱۳۹۵ تا ۱۳۹۸".
        text = re.sub(r"^(?:سال ?(?:ها|های)? )?(?:از )?", "", text)
        run = re.fullmatch(r"(\d{4})(?:\s*(?:-|–|—|\.\.|:|to|تا|الی|لغایت)\s*(\d{4}))?", text)
        if text in ("last", "latest"):
            if not available:
                problems.append(
                    Problem(None, None, "years", repr(part), "'last' with available= years")
                )
            else:
                found.add(max(int(y) for y in available))
        elif text == "all" and available:
            found.update(int(y) for y in available)
        elif run is not None:
            first = int(run[1])
            last = int(run[2] or run[1])
            if last < first:
                problems.append(
                    Problem(None, None, "years", repr(part), "a range with its first year first")
                )
            found.update(range(first, last + 1))
        else:
            problems.append(
                Problem(
                    None,
                    None,
                    "years",
                    repr(part),
                    "a Jalali year (1398), a range (1395-1401 or ۱۳۹۵ تا ۱۳۹۸), a list "
                    "(1395, 1398 or ۱۳۹۵، ۱۳۹۸), or 'last'",
                )
            )
    for year in sorted(found):
        if not MIN_YEAR <= year <= MAX_YEAR:
            problems.append(
                Problem(None, None, "years", str(year), f"a year from {MIN_YEAR} to {MAX_YEAR}")
            )
    if available is not None:
        have = {int(y) for y in available}
        missing = sorted(found - have)
        if missing:
            problems.append(
                Problem(
                    None,
                    None,
                    "years",
                    ", ".join(map(str, missing)),
                    f"years the data hold: {', '.join(map(str, sorted(have)))}",
                )
            )
    if problems:
        raise SmeAnalysisError(problems)
    return sorted(found)


def annualize(value: Any, period: JalaliPeriod | str) -> Any:
    """Scale a flow over part of a Jalali year to a full year, weighted by days.

    ``value * days_in_year / period.days``. This assumes an even daily rate over the year:
    seasonality (Nowruz holidays, year-end rushes) is ignored, so treat the result as a run
    rate, not a forecast.

    Args:
        value: A number, numpy array or Series.
        period: The period the value covers (a :class:`JalaliPeriod` or a label).

    Returns:
        The annualized value, of the same kind as ``value``.

    Example:
        >>> annualize(1.6e9, "first nine months of 1398") == 1.6e9 * 365 / 276
        True
    """
    if isinstance(period, str):
        period = JalaliPeriod.parse(period)
    return value * days_in_year(period.year) / period.days


# ---------------------------------------------------------------------------------------------
# Year-to-date statements and grouping
# ---------------------------------------------------------------------------------------------


def ytd_to_flows(
    frame: pd.DataFrame,
    value: str = "value",
    year: str = "jalali_year",
    month: str = "jalali_month_last",
    by: Sequence[str] = (),
) -> pd.DataFrame:
    """Turn year-to-date cumulative statements into the flows of the months between them.

    Within each group (``by``) and Jalali year, statements are ordered by their last month.
    The first statement of a year gives the flow of months 1..m; each next one the flow of
    months m1+1..m2 (its total minus the previous total).

    A YTD total that falls below the previous one is flagged ``decrease=True`` and its flow is
    left missing, not negative: a cumulative total cannot shrink, so one of the statements is
    wrong or revised. Duplicate statements for the same group, year and month raise an error
    listing them: consolidate them first (pick or reconcile one figure per month), because
    keeping either silently would hide a disagreement.

    Args:
        frame: One row per YTD statement. Not modified.
        value: Column of cumulative totals.
        year: Column of Jalali years.
        month: Column of the last Jalali month each total covers.
        by: Columns that identify a series (indicator, geography, ...).

    Returns:
        One row per flow, indexed by the label of the statement it came from, with the ``by``
        columns, ``year``, ``jalali_month_first``, ``jalali_month_last``, ``months``,
        ``days``, the flow in ``value`` (float64, missing on a decrease), the statement's own
        total in ``ytd_value``, and the boolean ``decrease``.

    Raises:
        SmeAnalysisError: Missing columns, missing or impossible years/months/values, or
            duplicate statements.

    Example:
        >>> ytd = pd.DataFrame({"jalali_year": [1398, 1398], "jalali_month_last": [3, 9],
        ...                     "value": [1.0, 4.0]})
        >>> ytd_to_flows(ytd)[["jalali_month_first", "jalali_month_last", "days", "value"]]
           jalali_month_first  jalali_month_last  days  value
        0                   1                  3    93    1.0
        1                   4                  9   183    3.0
    """
    by = [by] if isinstance(by, str) else list(by)
    absent = [c for c in (value, year, month, *by) if c not in frame.columns]
    if absent:
        raise SmeAnalysisError(
            [Problem(None, None, c, "no such column", "a column of the frame") for c in absent]
        )
    values = pd.to_numeric(frame[value], errors="coerce").astype("float64")
    years = pd.to_numeric(frame[year], errors="coerce").astype("float64").to_numpy(na_value=np.nan)
    months = (
        pd.to_numeric(frame[month], errors="coerce").astype("float64").to_numpy(na_value=np.nan)
    )
    checks = [
        (year, ~((years >= MIN_YEAR) & (years <= MAX_YEAR) & (years % 1 == 0)), "a Jalali year"),
        (month, ~((months >= 1) & (months <= 12) & (months % 1 == 0)), "a month from 1 to 12"),
        (value, values.isna().to_numpy(), "a number"),
    ]
    problems = [
        Problem(None, int(position), column, _show(frame[column].iloc[position]), expected)
        for position in np.flatnonzero(np.logical_or.reduce([bad for _, bad, _ in checks]))
        for column, bad, expected in checks
        if bad[position]
    ]
    if problems:
        raise SmeAnalysisError(problems, summary=f"{len(problems)} unusable YTD statement(s):")
    work = frame[by].copy()
    work[year] = years.astype("int64")
    work["jalali_month_last"] = months.astype("int64")
    work["ytd_value"] = values.to_numpy()
    work["_position"] = np.arange(len(frame))
    keys = [*by, year, "jalali_month_last"]
    duplicated = work.duplicated(keys, keep=False).to_numpy()
    if duplicated.any():
        raise SmeAnalysisError(
            [
                Problem(
                    None,
                    int(p),
                    None,
                    ", ".join(f"{k}={_show(work[k].iloc[p])}" for k in keys)
                    + f", {value}={_show(values.iloc[p])}",
                    "one statement per group, year and month (consolidate duplicates first)",
                )
                for p in np.flatnonzero(duplicated)
            ],
            summary=f"{int(duplicated.sum())} duplicate YTD statements:",
        )
    work = work.sort_values(keys, kind="stable")
    group = work.groupby([*by, year], sort=False, dropna=False)
    previous_month = group["jalali_month_last"].shift(1)
    previous_total = group["ytd_value"].shift(1)
    first_month = (previous_month.fillna(0) + 1).astype("int64")
    decrease = (work["ytd_value"] < previous_total).fillna(False).astype(bool)
    flow = work["ytd_value"] - previous_total.fillna(0.0)
    flow = flow.mask(decrease)
    end_days = days_from_jalali(work[year], work["jalali_month_last"], 1) + days_in_month(
        work[year].to_numpy(), work["jalali_month_last"].to_numpy()
    )
    start_days = days_from_jalali(work[year], first_month, 1)
    result = work[[*by, year]].copy()
    result["jalali_month_first"] = first_month
    result["jalali_month_last"] = work["jalali_month_last"]
    result["months"] = result["jalali_month_last"] - first_month + 1
    result["days"] = (end_days - start_days).astype("int64")
    result[value] = flow.astype("float64")
    result["ytd_value"] = work["ytd_value"]
    result["decrease"] = decrease
    result.index = frame.index[work["_position"].to_numpy()]
    return result


def add_jalali_columns(
    frame: pd.DataFrame, date_column: str, prefix: str = "jalali_"
) -> pd.DataFrame:
    """Return a copy of ``frame`` with Jalali year, quarter and month columns.

    Columns ``{prefix}year``, ``{prefix}quarter`` (1-4) and ``{prefix}month`` (1-12), int64 or
    nullable Int64 when dates are missing.

    Example:
        >>> frame = pd.DataFrame({"date": pd.to_datetime(["2019-12-21", "2020-03-20"])})
        >>> add_jalali_columns(frame, "date").iloc[:, 1:].values.tolist()
        [[1398, 3, 9], [1399, 1, 1]]
    """
    if date_column not in frame.columns:
        raise SmeAnalysisError(
            [Problem(None, None, date_column, "no such column", "a date column of the frame")]
        )
    jalali = to_jalali(frame[date_column])
    result = frame.copy()
    result[f"{prefix}year"] = jalali["year"]
    result[f"{prefix}quarter"] = (jalali["month"] - 1) // 3 + 1
    result[f"{prefix}month"] = jalali["month"]
    return result


def jalali_grouper(
    frame: pd.DataFrame,
    date_column: str,
    freq: Literal["year", "half", "quarter", "month"] = "year",
) -> list[pd.Series]:
    """Return keys for ``frame.groupby(...)`` by Jalali year, half, quarter or month.

    The keys are named ``jalali_year`` and ``jalali_half``/``jalali_quarter``/``jalali_month``.
    Rows with a missing date have missing keys: pass ``dropna=False`` to ``groupby`` to keep
    them as their own group (pandas drops them otherwise).

    Example:
        >>> frame = pd.DataFrame({"date": pd.to_datetime(["2019-03-20", "2019-03-21",
        ...                                               "2019-06-22"]), "usd": [1, 2, 3]})
        >>> frame.groupby(jalali_grouper(frame, "date", "quarter"))["usd"].sum().to_dict()
        {(1397, 4): 1, (1398, 1): 2, (1398, 2): 3}
    """
    if freq not in ("year", "half", "quarter", "month"):
        raise SmeAnalysisError(
            [Problem(None, None, "freq", repr(freq), "'year', 'half', 'quarter' or 'month'")]
        )
    if date_column not in frame.columns:
        raise SmeAnalysisError(
            [Problem(None, None, date_column, "no such column", "a date column of the frame")]
        )
    jalali = to_jalali(frame[date_column])
    keys = [jalali["year"].rename("jalali_year")]
    if freq == "half":
        keys.append(((jalali["month"] - 1) // 6 + 1).rename("jalali_half"))
    elif freq == "quarter":
        keys.append(((jalali["month"] - 1) // 3 + 1).rename("jalali_quarter"))
    elif freq == "month":
        keys.append(jalali["month"].rename("jalali_month"))
    return keys

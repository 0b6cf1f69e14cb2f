"""Hypothesis fuzz of the calendar parsers: any input gives a value or the package's error.

Complements tests/test_fuzz_parsers_units_provinces.py (text fuzz of units and provinces)
with the calendar's entry points, and non-text inputs to ``units.parse_amount`` and
``provinces.resolve``. Examples are bounded so the suite stays fast.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smeanalysis import calendar, provinces, units
from smeanalysis.calendar import MAX_YEAR, MIN_YEAR, JalaliPeriod
from smeanalysis.errors import SmeAnalysisError

FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Period-label text biased towards the words and separators the parser looks for.
_PIECES = [
    *"0123456789۰۱۲۳۴۵۶۷۸۹/-. ",
    "1398",
    "1399",
    "۱۴۰۰",
    "13",
    "Q",
    "H",
    "M",
    "first ",
    "nine ",
    "months ",
    "of ",
    "half ",
    "quarter ",
    "third ",
    "Azar",
    "Esfand",
    "اسفند",
    "Farvardin",
    "..",
    "–",
    " to ",
    "تا",
    "\u200c",
    "last",
    ",",
]
labels = st.one_of(
    st.text(max_size=40), st.lists(st.sampled_from(_PIECES), max_size=10).map("".join)
)
anything = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.binary(max_size=10),
    st.lists(st.integers(), max_size=3),
)


@FUZZ
@given(labels)
def test_period_parse_gives_a_valid_period_or_our_error(label):
    try:
        period = JalaliPeriod.parse(label)
    except SmeAnalysisError as error:
        assert error.problems and error.problems[0].expected
        return
    assert MIN_YEAR <= period.year <= MAX_YEAR
    assert 1 <= period.first_month <= period.last_month <= 12
    assert period.start <= period.end
    # The canonical label reads back as the same period.
    assert JalaliPeriod.parse(period.label) == period


@FUZZ
@given(st.integers(1200, 1550), st.integers(-2, 15), st.integers(-2, 15))
def test_period_parse_of_year_month_forms(year, first, last):
    for label in (
        f"{year}-{first:02d}",
        f"{year}/{first}",
        f"{year}-{first:02d}..{year}-{last:02d}",
    ):
        try:
            period = JalaliPeriod.parse(label)
        except SmeAnalysisError:
            ok = MIN_YEAR <= year <= MAX_YEAR and 1 <= first <= 12
            assert not ok or ".." in label, label  # a valid single month must parse
            continue
        assert (period.year, period.first_month) == (year, first)


years_inputs = st.one_of(
    labels,
    st.integers(),
    st.lists(st.one_of(st.integers(), labels), max_size=4),
)


@FUZZ
@given(years_inputs)
def test_parse_years_gives_sorted_years_or_our_error(years):
    try:
        result = calendar.parse_years(years)
    except SmeAnalysisError as error:
        assert error.problems
        return
    assert result == sorted(set(result))
    assert all(MIN_YEAR <= year <= MAX_YEAR for year in result)


@pytest.mark.parametrize("years", [None, 1398.0, object()])
def test_parse_years_rejects_non_years_with_our_error(years):
    with pytest.raises(SmeAnalysisError):
        calendar.parse_years(years)


@FUZZ
@given(st.integers(), st.integers(), st.integers())
def test_to_gregorian_on_any_integers(year, month, day):
    try:
        stamp = calendar.to_gregorian(year, month, day).iloc[0]
    except SmeAnalysisError as error:
        assert error.problems
        real = MIN_YEAR <= year <= MAX_YEAR and 1 <= month <= 12
        assert not (real and 1 <= day <= calendar.days_in_month(year, month))
        return
    assert 1 <= day <= calendar.days_in_month(year, month)
    back = calendar.to_jalali(pd.Series([stamp])).iloc[0].tolist()
    assert back == [year, month, day]


@FUZZ
@given(st.lists(st.one_of(st.integers(-(2**70), 2**70), st.floats(), st.none()), max_size=5))
def test_to_gregorian_on_mixed_columns(values):
    array = pd.Series(values, dtype=object)
    try:
        result = calendar.to_gregorian(array, 1, 1, errors="coerce")
    except SmeAnalysisError:
        return  # fractional, infinite or out-of-int64 years are not whole numbers
    assert len(result) == len(values)
    assert result.dtype == "datetime64[ns]"


@FUZZ
@given(st.lists(st.one_of(st.text(max_size=20), st.none()), min_size=1, max_size=5))
def test_to_jalali_on_arbitrary_strings(texts):
    try:
        result = calendar.to_jalali(pd.Series(texts, dtype=object))
    except SmeAnalysisError as error:
        assert error.problems
        return
    assert list(result.columns) == ["year", "month", "day"]
    assert len(result) == len(texts)


@FUZZ
@given(anything)
def test_parse_amount_on_non_text(value):
    try:
        number, currency = units.parse_amount(value)
    except SmeAnalysisError as error:
        assert error.problems
        return
    assert math.isfinite(number) and currency in (None, "rial", "usd", "eur")


@FUZZ
@given(anything)
def test_resolve_on_non_text(value):
    try:
        code = provinces.resolve(value)
    except SmeAnalysisError as error:
        assert error.problems
        return
    assert (
        code is pd.NA or code in provinces.PROVINCE_CODES or (isinstance(code, list | np.ndarray))
    )

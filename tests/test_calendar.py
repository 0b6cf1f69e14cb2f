"""Tests of the Jalali calendar layer; jdatetime is the oracle wherever a date is checked."""

from __future__ import annotations

import datetime as dt
import warnings

import jdatetime
import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from smeanalysis import calendar
from smeanalysis.calendar import (
    MONTHS_EN,
    MONTHS_FA,
    JalaliPeriod,
    add_jalali_columns,
    annualize,
    jalali_grouper,
    parse_years,
    same_period_last_year,
    to_gregorian,
    to_jalali,
    whole_months,
    ytd_to_flows,
)
from smeanalysis.errors import SmeAnalysisError

FIRST = dt.date(1900, 1, 1)
LAST = dt.date(2100, 12, 31)
gregorian_dates = st.dates(min_value=FIRST, max_value=LAST)
jalali_years = st.integers(calendar.MIN_YEAR, calendar.MAX_YEAR)


def oracle_jalali(day: dt.date) -> tuple[int, int, int]:
    j = jdatetime.date.fromgregorian(date=day)
    return j.year, j.month, j.day


def oracle_gregorian(year: int, month: int, day: int) -> dt.date:
    return jdatetime.date(year, month, day).togregorian()


def oracle_month_length(year: int, month: int) -> int:
    if month <= 6:
        return 31
    if month <= 11:
        return 30
    return 30 if jdatetime.date(year, 1, 1).isleap() else 29


# --- to_jalali ---------------------------------------------------------------------------------


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(gregorian_dates, min_size=1, max_size=50))
def test_to_jalali_matches_jdatetime(days):
    result = to_jalali(pd.Series(pd.to_datetime(days)))
    assert [tuple(row) for row in result.itertuples(index=False)] == [
        oracle_jalali(d) for d in days
    ]


@pytest.mark.parametrize("unit", ["D", "s", "ms", "us", "ns"])
def test_to_jalali_accepts_every_datetime64_unit(unit):
    stamps = np.array(
        ["1969-12-31T23:59:59", "2019-12-21T12:00:00", "2020-03-20T00:00:00"],
        dtype="datetime64[s]",
    ).astype(f"datetime64[{unit}]")
    expected = [
        oracle_jalali(d)
        for d in (dt.date(1969, 12, 31), dt.date(2019, 12, 21), dt.date(2020, 3, 20))
    ]
    result = to_jalali(stamps)
    assert [tuple(r) for r in result.itertuples(index=False)] == expected
    assert all(dtype == np.int64 for dtype in result.dtypes)


def test_to_jalali_time_of_day_before_1970_floors_to_its_own_day():
    late_evening = np.array(["1969-12-31T23:00"], dtype="datetime64[ns]")
    assert tuple(to_jalali(late_evening).iloc[0]) == oracle_jalali(dt.date(1969, 12, 31))


def test_to_jalali_keeps_series_index_and_missing_dates():
    dates = pd.Series(pd.to_datetime(["2019-12-21", None, "2020-03-19"]), index=[10, 20, 30])
    result = to_jalali(dates)
    assert result.index.tolist() == [10, 20, 30]
    assert list(result.columns) == ["year", "month", "day"]
    assert all(str(dtype) == "Int64" for dtype in result.dtypes)
    assert result.loc[20].isna().all()
    assert tuple(result.loc[10]) == oracle_jalali(dt.date(2019, 12, 21))
    assert tuple(result.loc[30]) == oracle_jalali(dt.date(2020, 3, 19))


def test_to_jalali_does_not_modify_its_input():
    dates = pd.Series(pd.to_datetime(["2019-12-21", None]))
    before = dates.copy()
    to_jalali(dates)
    pd.testing.assert_series_equal(dates, before)


@pytest.mark.parametrize(
    "dates",
    [
        ["2019-12-21", "2021-03-20"],
        np.array(["2019-12-21", "2021-03-20"]),
        pd.Series(["2019-12-21", "2021-03-20"], dtype="string"),
        [dt.date(2019, 12, 21), dt.date(2021, 3, 20)],
        pd.DatetimeIndex(["2019-12-21", "2021-03-20"]),
        pd.Series(pd.to_datetime(["2019-12-21 23:30", "2021-03-20 01:00"])).dt.tz_localize(
            "Asia/Tehran"
        ),
    ],
    ids=["list", "numpy-str", "string-series", "date-objects", "index", "tz-aware"],
)
def test_to_jalali_accepts_the_documented_inputs(dates):
    result = to_jalali(dates)
    expected = [oracle_jalali(dt.date(2019, 12, 21)), oracle_jalali(dt.date(2021, 3, 20))]
    assert [tuple(r) for r in result.itertuples(index=False)] == expected


@pytest.mark.parametrize(
    "dtype", ["timestamp[s][pyarrow]", "timestamp[ns, tz=Asia/Tehran][pyarrow]", "date32[pyarrow]"]
)
def test_to_jalali_accepts_pyarrow_backed_dates(dtype):
    pytest.importorskip("pyarrow")
    if dtype.startswith("date"):
        dates = pd.Series([dt.date(2019, 12, 21), None], dtype=dtype)
    else:
        # 23:30 wall-clock time in Tehran: still 21 December there.
        stamps = pd.Series(pd.to_datetime(["2019-12-21 23:30", None]))
        if "tz=" in dtype:
            stamps = stamps.dt.tz_localize("Asia/Tehran")
        dates = stamps.astype(dtype)
    result = to_jalali(dates)
    assert tuple(result.iloc[0]) == oracle_jalali(dt.date(2019, 12, 21))
    assert result.iloc[1].isna().all()


def test_to_jalali_reads_blank_strings_as_missing_and_refuses_numbers():
    result = to_jalali(pd.Series(["2019-12-21", "  ", ""], dtype="string"))
    assert result.iloc[1:].isna().all().all()
    assert tuple(result.iloc[0]) == oracle_jalali(dt.date(2019, 12, 21))
    with pytest.raises(SmeAnalysisError, match="dates or ISO date strings"):
        to_jalali([20191221, 20200320])


def test_to_jalali_of_an_index_is_indexed_by_it():
    index = pd.DatetimeIndex(["2019-12-21", "2021-03-20"])
    assert to_jalali(index).index.equals(index)


def test_to_jalali_names_every_unreadable_string():
    with pytest.raises(SmeAnalysisError) as caught:
        to_jalali(["2019-12-21", "21/12/2019", "2019-02-30", None])
    problems = caught.value.problems
    assert [(p.line, p.found) for p in problems] == [(1, "'21/12/2019'"), (2, "'2019-02-30'")]


def test_to_jalali_refuses_dates_outside_the_supported_range():
    with pytest.raises(SmeAnalysisError, match="supported range") as caught:
        to_jalali(["1899-03-20", "2019-12-21", "2102-03-21"])
    assert [p.line for p in caught.value.problems] == [0, 2]
    # The range edges themselves are fine.
    edges = to_jalali(["1899-03-21", "2102-03-20"])
    assert tuple(edges.iloc[0]) == (calendar.MIN_YEAR, 1, 1)
    assert tuple(edges.iloc[1])[:2] == (calendar.MAX_YEAR, 12)


def test_to_jalali_of_nothing_is_an_empty_frame():
    result = to_jalali(np.array([], dtype="datetime64[ns]"))
    assert result.shape == (0, 3)


# --- to_gregorian ------------------------------------------------------------------------------


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(gregorian_dates)
def test_round_trip_gregorian_jalali_gregorian(day):
    year, month, jday = to_jalali([day]).iloc[0]
    assert to_gregorian(year, month, jday).iloc[0].date() == day


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(jalali_years, st.integers(1, 12), st.data())
def test_round_trip_jalali_gregorian_jalali(year, month, data):
    day = data.draw(st.integers(1, oracle_month_length(year, month)))
    stamp = to_gregorian(year, month, day).iloc[0]
    assert stamp.date() == oracle_gregorian(year, month, day)
    assert tuple(to_jalali([stamp]).iloc[0]) == (year, month, day)


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(jalali_years, st.integers(1, 12))
@example(calendar.MAX_YEAR, 12)
@example(1399, 12)
@example(1398, 12)
@example(1398, 6)
def test_month_ends_are_followed_by_the_next_month(year, month):
    length = oracle_month_length(year, month)
    assert calendar.days_in_month(year, month) == length
    last = to_gregorian(year, month, length).iloc[0]
    following = (year, month + 1, 1) if month < 12 else (year + 1, 1, 1)
    assert oracle_jalali(last.date() + dt.timedelta(days=1)) == following
    if following[0] <= calendar.MAX_YEAR:
        assert tuple(to_jalali([last + pd.Timedelta(days=1)]).iloc[0]) == following
    with pytest.raises(SmeAnalysisError):
        to_gregorian(year, month, length + 1)


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(jalali_years)
@example(1399)
@example(1403)
@example(1398)
def test_esfand_30_exists_only_in_leap_years(year):
    leap = jdatetime.date(year, 1, 1).isleap()
    assert calendar.is_leap(year) == leap
    assert calendar.days_in_year(year) == (366 if leap else 365)
    coerced = to_gregorian(year, 12, 30, errors="coerce").iloc[0]
    if leap:
        assert coerced.date() == oracle_gregorian(year, 12, 30)
    else:
        assert coerced is pd.NaT
        with pytest.raises(SmeAnalysisError, match="not a leap year"):
            to_gregorian(year, 12, 30)


def test_to_gregorian_broadcasts_scalars_against_arrays():
    result = to_gregorian(1398, np.arange(1, 13), 1)
    assert result.dtype == "datetime64[ns]"
    assert [s.date() for s in result] == [oracle_gregorian(1398, m, 1) for m in range(1, 13)]


def test_to_gregorian_keeps_the_series_index_and_missing_parts():
    years = pd.Series([1398, None, 1399], index=["a", "b", "c"], dtype="Int64")
    result = to_gregorian(years, 12, pd.Series([29, 1, 30], index=["a", "b", "c"]))
    assert result.index.tolist() == ["a", "b", "c"]
    assert result.iloc[1] is pd.NaT
    assert result["a"].date() == oracle_gregorian(1398, 12, 29)
    assert result["c"].date() == oracle_gregorian(1399, 12, 30)


IMPOSSIBLE = [
    (1398, 13, 1, "month from 1 to 12"),
    (1398, 1, 32, "1 to 31"),
    (1398, 7, 31, "1 to 30 in Mehr"),
    (1398, 12, 31, "1 to 29"),
    (1398, 12, 30, "not a leap year"),
    (1398, 1, 0, "1 to 31"),
    (1398, 0, 1, "month from 1 to 12"),
    (1277, 1, 1, "supported range"),
    (1481, 1, 1, "supported range"),
]


@pytest.mark.parametrize(("year", "month", "day", "expected"), IMPOSSIBLE)
def test_to_gregorian_rejects_impossible_dates(year, month, day, expected):
    with pytest.raises(SmeAnalysisError, match=expected) as caught:
        to_gregorian([1398, year], [1, month], [1, day])
    (problem,) = caught.value.problems
    assert problem.line == 1
    assert problem.found == f"{year}-{month:02d}-{day:02d}"


def test_to_gregorian_lists_every_impossible_date_at_once():
    years, months, days, _ = zip(*IMPOSSIBLE, strict=True)
    with pytest.raises(SmeAnalysisError) as caught:
        to_gregorian(list(years), list(months), list(days))
    assert [p.line for p in caught.value.problems] == list(range(len(IMPOSSIBLE)))


def test_to_gregorian_coerce_turns_impossible_dates_into_nat():
    years, months, days, _ = zip(*IMPOSSIBLE, strict=True)
    result = to_gregorian([*years, 1399], [*months, 12], [*days, 30], errors="coerce")
    assert result.iloc[:-1].isna().all()
    assert result.iloc[-1].date() == oracle_gregorian(1399, 12, 30)


def test_to_gregorian_rejects_fractions_and_text_and_unknown_errors_mode():
    with pytest.raises(SmeAnalysisError, match="whole number") as caught:
        to_gregorian([1398.5, 1398, np.inf], 1, ["1", "x", "2"])
    assert {(p.line, p.column) for p in caught.value.problems} == {
        (0, "year"),
        (2, "year"),
        (1, "day"),
    }
    with pytest.raises(SmeAnalysisError, match="'raise' or 'coerce'"):
        to_gregorian(1398, 1, 1, errors="ignore")


def test_days_from_jalali_inverts_jalali_from_days():
    days = np.arange(calendar.MIN_DAY, calendar.MAX_DAY + 1, 97)
    assert np.array_equal(calendar.days_from_jalali(*calendar.jalali_from_days(days)), days)
    with pytest.raises(SmeAnalysisError, match="supported range"):
        calendar.jalali_from_days(np.array([calendar.MAX_DAY + 1]))


# --- periods -----------------------------------------------------------------------------------

NINE_MONTHS_1398 = JalaliPeriod(1398, 1, 9)

LABELS = {
    "1398": JalaliPeriod(1398),
    "1398-09": JalaliPeriod(1398, 9, 9),
    "1398/09": JalaliPeriod(1398, 9, 9),
    "1398/9": JalaliPeriod(1398, 9, 9),
    "first nine months of 1398": NINE_MONTHS_1398,
    "First 9 months of 1398": NINE_MONTHS_1398,
    "the first nine months of 1398.": NINE_MONTHS_1398,
    "9M 1398": NINE_MONTHS_1398,
    "1398 9M": NINE_MONTHS_1398,
    "9m1398": NINE_MONTHS_1398,
    "1399 H1": JalaliPeriod(1399, 1, 6),
    "H1 1399": JalaliPeriod(1399, 1, 6),
    "H2 1399": JalaliPeriod(1399, 7, 12),
    "first half of 1399": JalaliPeriod(1399, 1, 6),
    "second half of 1399": JalaliPeriod(1399, 7, 12),
    "Q3 1401": JalaliPeriod(1401, 7, 9),
    "1401 Q3": JalaliPeriod(1401, 7, 9),
    "1401Q3": JalaliPeriod(1401, 7, 9),
    "third quarter of 1401": JalaliPeriod(1401, 7, 9),
    "4th quarter of 1401": JalaliPeriod(1401, 10, 12),
    "Azar 1398": JalaliPeriod(1398, 9, 9),
    "azar, 1398": JalaliPeriod(1398, 9, 9),
    "Esfand 1399": JalaliPeriod(1399, 12, 12),
    "Farvardin-Azar 1398": NINE_MONTHS_1398,
    "Farvardin to Azar 1398": NINE_MONTHS_1398,
    "1398-01..1398-09": NINE_MONTHS_1398,
    "۱۳۹۸": JalaliPeriod(1398),
    "۹M ۱۳۹۸": NINE_MONTHS_1398,
    "آذر ۱۳۹۸": JalaliPeriod(1398, 9, 9),
    "فروردین تا آذر ۱۳۹۸": NINE_MONTHS_1398,
}


@pytest.mark.parametrize(("label", "expected"), LABELS.items(), ids=list(LABELS))
def test_parse_reads_every_documented_form(label, expected):
    assert JalaliPeriod.parse(label) == expected


@pytest.mark.parametrize(
    "label",
    ["foo", "13980", "Q5 1401", "H3 1399", "1398-13", "1398-01..1399-09", "Azar-Farvardin 1398"],
)
def test_parse_rejects_unreadable_labels(label):
    with pytest.raises(SmeAnalysisError) as caught:
        JalaliPeriod.parse(label)
    assert caught.value.problems[0].found == repr(label)


def test_parse_error_lists_the_accepted_forms():
    with pytest.raises(SmeAnalysisError, match="first nine months of 1398") as caught:
        JalaliPeriod.parse("sometime in 1398")
    assert "Q3 1401" in caught.value.problems[0].expected


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(jalali_years, st.integers(1, 12), st.data())
def test_period_dates_days_and_label_round_trip(year, first, data):
    last = data.draw(st.integers(first, 12))
    period = JalaliPeriod(year, first, last)
    assert period.start.date() == oracle_gregorian(year, first, 1)
    assert period.end.date() == oracle_gregorian(year, last, oracle_month_length(year, last))
    assert period.days == sum(oracle_month_length(year, m) for m in range(first, last + 1))
    assert period.months == last - first + 1
    assert JalaliPeriod.parse(period.label) == period
    assert JalaliPeriod.from_dates(period.start, period.end) == period


def test_period_labels_and_kinds():
    assert NINE_MONTHS_1398.label == "1398-01..1398-09"
    assert JalaliPeriod(1398).label == "1398"
    assert JalaliPeriod.month(1398, 9).label == "1398-09"
    kinds = [
        JalaliPeriod(1398).kind,
        JalaliPeriod.half(1398, 2).kind,
        JalaliPeriod.quarter(1398, 3).kind,
        JalaliPeriod.month(1398, 3).kind,
        NINE_MONTHS_1398.kind,
    ]
    assert kinds == ["year", "half", "quarter", "month", "months"]


def test_nine_months_of_1398_are_276_days():
    assert NINE_MONTHS_1398.days == 276
    assert NINE_MONTHS_1398.start == pd.Timestamp("2019-03-21")
    assert NINE_MONTHS_1398.end == pd.Timestamp("2019-12-21")


@pytest.mark.parametrize(
    ("args", "column"),
    [((1398, 0, 3), "first_month"), ((1398, 5, 3), "last_month"), ((1200, 1, 1), "year")],
)
def test_period_rejects_impossible_months_and_years(args, column):
    with pytest.raises(SmeAnalysisError) as caught:
        JalaliPeriod(*args)
    assert column in {p.column for p in caught.value.problems}


def test_periods_are_frozen():
    with pytest.raises(AttributeError):
        NINE_MONTHS_1398.year = 1399


@pytest.mark.parametrize(
    ("start", "end"),
    [
        ("2019-03-21", "2019-12-20"),  # one day short of Azar's end
        ("2019-03-22", "2019-12-21"),  # not the first of Farvardin
        ("2019-12-22", "2019-12-21"),  # end before start
        ("2019-03-21", "2020-04-19"),  # across two Jalali years
        (None, "2019-12-21"),
    ],
)
def test_from_dates_returns_none_off_month_boundaries(start, end):
    assert JalaliPeriod.from_dates(start, end) is None


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(gregorian_dates, gregorian_dates), min_size=1, max_size=8))
def test_whole_months_agrees_with_from_dates(pairs):
    # Half of the pairs are snapped to real month boundaries so both outcomes are exercised.
    snapped = []
    for i, (a, b) in enumerate(pairs):
        if i % 2 == 0:
            year, month, _ = oracle_jalali(min(a, b))
            last = min(12, month + abs((b - a).days) % 12)
            a = oracle_gregorian(year, month, 1)
            b = oracle_gregorian(year, last, oracle_month_length(year, last))
        snapped.append((a, b))
    starts, ends = zip(*snapped, strict=True)
    result = whole_months(list(starts), list(ends))
    for row, (a, b) in zip(result.itertuples(index=False), snapped, strict=True):
        period = JalaliPeriod.from_dates(a, b)
        expected = (period.year, period.first_month, period.last_month) if period else (pd.NA,) * 3
        assert tuple(row) == expected
    assert result.iloc[::2]["year"].notna().all()


def test_same_period_last_year():
    assert same_period_last_year(NINE_MONTHS_1398) == JalaliPeriod(1397, 1, 9)
    assert same_period_last_year("Q3 1401") == JalaliPeriod(1400, 7, 9)


# --- years -------------------------------------------------------------------------------------


def test_parse_years_forms():
    assert parse_years("1395-1401, 1403") == [*range(1395, 1402), 1403]
    assert parse_years(1398) == [1398]
    assert parse_years([1399, 1398, 1399]) == [1398, 1399]
    assert parse_years("۱۳۹۵-۱۳۹۶") == [1395, 1396]
    assert parse_years("last", available=[1399, 1402, 1400]) == [1402]
    assert parse_years("1400, last", available=[1399, 1402, 1400]) == [1400, 1402]


@pytest.mark.parametrize(
    ("years", "available", "message"),
    [
        ("last", None, "available"),
        ("1401-1395", None, "first year first"),
        ("soon", None, "a range"),
        ("1200", None, "1278 to 1480"),
        ("1398-1401", [1398, 1399], "1400, 1401"),
        (True, None, "Jalali year"),
    ],
)
def test_parse_years_errors(years, available, message):
    with pytest.raises(SmeAnalysisError, match=message):
        parse_years(years, available=available)


# --- annualize ---------------------------------------------------------------------------------


def test_annualize_the_origin_statement_weights_by_days():
    # 1.6 billion dollars in the first nine months of 1398: 276 of the year's 365 days.
    assert annualize(1.6e9, "first nine months of 1398") == 1.6e9 * 365 / 276
    assert annualize(1.6e9, NINE_MONTHS_1398) == 1.6e9 * 365 / 276


def test_annualize_uses_366_days_in_a_leap_year_and_works_on_series():
    assert calendar.is_leap(1399)
    values = pd.Series([1.0, 2.0])
    result = annualize(values, JalaliPeriod.half(1399, 2))
    pd.testing.assert_series_equal(result, values * 366 / 180)
    assert annualize(5.0, JalaliPeriod(1399)) == 5.0


# --- ytd_to_flows ------------------------------------------------------------------------------


def ytd_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "indicator": ["exports", "exports", "exports", "exports", "imports", "imports"],
            "jalali_year": [1398, 1398, 1398, 1399, 1398, 1398],
            "jalali_month_last": [9, 3, 6, 3, 12, 6],
            "value": [5.0, 2.0, 1.5, 1.0, 10.0, 4.0],
        },
        index=list("abcdef"),
    )


def test_ytd_to_flows_splits_cumulative_totals_into_month_runs():
    frame = ytd_frame()
    before = frame.copy()
    flows = ytd_to_flows(frame, by=["indicator"])
    pd.testing.assert_frame_equal(frame, before)
    assert flows.index.tolist() == ["b", "c", "a", "d", "f", "e"]
    assert flows["jalali_month_first"].tolist() == [1, 4, 7, 1, 1, 7]
    assert flows["jalali_month_last"].tolist() == [3, 6, 9, 3, 6, 12]
    assert flows["months"].tolist() == [3, 3, 3, 3, 6, 6]
    expected_days = [
        sum(oracle_month_length(y, m) for m in range(first, last + 1))
        for y, first, last in zip(
            flows["jalali_year"],
            flows["jalali_month_first"],
            flows["jalali_month_last"],
            strict=True,
        )
    ]
    assert flows["days"].tolist() == expected_days
    assert flows["ytd_value"].tolist() == [2.0, 1.5, 5.0, 1.0, 4.0, 10.0]


def test_ytd_to_flows_flags_a_falling_total_and_leaves_its_flow_missing():
    flows = ytd_to_flows(ytd_frame(), by="indicator")
    assert flows["decrease"].tolist() == [False, True, False, False, False, False]
    assert pd.isna(flows.loc["c", "value"])
    assert flows.loc["b", "value"] == 2.0
    # Each flow is its statement minus the one before it in the same year.
    assert flows.loc["a", "value"] == 5.0 - 1.5
    assert flows.loc["d", "value"] == 1.0  # a new year starts from zero
    assert flows.loc["e", "value"] == 10.0 - 4.0
    assert (flows["value"].dropna() >= 0).all()


def test_ytd_to_flows_refuses_duplicate_statements():
    frame = ytd_frame()
    duplicated = pd.concat([frame, frame.loc[["a"]].assign(value=5.5)])
    with pytest.raises(SmeAnalysisError, match="consolidate") as caught:
        ytd_to_flows(duplicated, by=["indicator"])
    assert [p.line for p in caught.value.problems] == [0, 6]
    # Without the grouping column the two indicators collide too.
    with pytest.raises(SmeAnalysisError, match="duplicate"):
        ytd_to_flows(frame.assign(jalali_month_last=[9, 3, 6, 3, 9, 6]))


def test_ytd_to_flows_reports_unusable_rows_and_missing_columns():
    frame = ytd_frame()
    frame.loc["b", "value"] = np.nan
    frame.loc["c", "jalali_month_last"] = 13
    with pytest.raises(SmeAnalysisError) as caught:
        ytd_to_flows(frame, by=["indicator"])
    assert {(p.line, p.column) for p in caught.value.problems} == {
        (1, "value"),
        (2, "jalali_month_last"),
    }
    with pytest.raises(SmeAnalysisError, match="no such column"):
        ytd_to_flows(frame, by=["province"])


# --- grouping ----------------------------------------------------------------------------------


def test_add_jalali_columns():
    frame = pd.DataFrame({"date": pd.to_datetime(["2019-12-21", "2020-03-20", None])})
    result = add_jalali_columns(frame, "date", prefix="j_")
    assert list(frame.columns) == ["date"]
    assert result["j_year"].tolist()[:2] == [1398, 1399]
    assert result["j_quarter"].tolist()[:2] == [3, 1]
    assert result["j_month"].tolist()[:2] == [9, 1]
    assert result.iloc[2, 1:].isna().all()


@pytest.mark.parametrize(
    ("freq", "expected"),
    [
        ("year", {1397: 1, 1398: 14}),
        ("quarter", {(1397, 4): 1, (1398, 1): 2, (1398, 2): 4, (1398, 4): 8}),
        ("month", {(1397, 12): 1, (1398, 1): 2, (1398, 4): 4, (1398, 12): 8}),
        ("half", {(1397, 2): 1, (1398, 1): 6, (1398, 2): 8}),
    ],
)
def test_jalali_grouper(freq, expected):
    dates = ["2019-03-20", "2019-03-21", "2019-06-22", "2020-03-19"]
    frame = pd.DataFrame({"date": pd.to_datetime(dates), "usd": [1, 2, 4, 8]})
    assert frame.groupby(jalali_grouper(frame, "date", freq))["usd"].sum().to_dict() == expected


def test_jalali_grouper_rejects_unknown_frequency_and_column():
    frame = pd.DataFrame({"date": pd.to_datetime(["2019-03-20"])})
    with pytest.raises(SmeAnalysisError, match="'quarter'"):
        jalali_grouper(frame, "date", "week")
    with pytest.raises(SmeAnalysisError, match="no such column"):
        jalali_grouper(frame, "day")


def test_month_names_agree_with_jdatetime():
    assert list(MONTHS_EN) == jdatetime.date.j_months_en
    assert list(MONTHS_FA) == jdatetime.date.j_months_fa


def test_huge_float_years_are_reported_as_found_without_a_cast_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(SmeAnalysisError, match=r"found 1e\+300"):
            to_gregorian(1e300, 1, 1)

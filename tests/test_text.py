"""Tests of smeanalysis.reports.text: the one number style of every page."""

from __future__ import annotations

import html
import re
import warnings

import numpy as np
import pandas as pd
import pytest

from smeanalysis import calendar, reconcile, units
from smeanalysis.errors import ParameterError, SmeAnalysisError
from smeanalysis.facts import load_facts
from smeanalysis.reports.text import (
    MISSING,
    amount,
    amount_range,
    count,
    escape_text,
    markdown_table,
    month_text,
    number,
    percent,
    period_text,
)

MISSING_VALUES = [None, pd.NA, pd.NaT, float("nan"), np.float32("nan")]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0, "0"),
        (7, "7"),
        (1100.0, "1,100"),
        (43650, "43,650"),
        (1234567.5, "1,234,567.5"),
        (2.5, "2.5"),
        (8.713, "8.713"),
        (36.9975, "36.9975"),
        (0.00005, "0.0001"),
        (2.99999, "3"),  # rounding leaves only zeros: no bare point
        (-0.00001, "0"),  # no "-0"
        (-12.25, "-12.25"),
        (np.int64(1397), "1,397"),
    ],
)
def test_number_one_decimals_rule(value, expected):
    assert number(value) == expected


def test_number_fixed_decimals_are_kept_even_when_zero():
    assert number(19.96, 1) == "20.0"
    assert number(1234.5, 2) == "1,234.50"
    assert number(-0.04, 1) == "0.0"
    assert number(3.7, 0) == "4"


@pytest.mark.parametrize("missing", MISSING_VALUES)
def test_missing_values_are_the_dash(missing):
    assert number(missing) == MISSING
    assert amount(missing, "usd", "more than") == MISSING
    assert percent(missing) == MISSING
    assert count(missing, "unit") == MISSING
    assert month_text(missing) == MISSING
    assert amount_range(missing, missing, "usd") == MISSING


@pytest.mark.parametrize("bad", ["12", True, float("inf"), -float("inf"), [1], object()])
def test_number_refuses_what_is_not_a_finite_number(bad):
    with pytest.raises(SmeAnalysisError) as caught:
        number(bad)
    (problem,) = caught.value.problems
    assert problem.found == repr(bad) and problem.expected == "a finite number"


@pytest.mark.parametrize("bad", ["percent", -1, 1.5, True])
def test_decimals_must_be_a_count(bad):
    for call in (
        lambda: number(1.0, bad),
        lambda: amount(1.0, "usd", decimals=bad),
        lambda: amount_range(1.0, 2.0, decimals=bad),
        lambda: percent(1.0, bad),
    ):
        with pytest.raises(ParameterError, match="decimals"):
            call()


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        (1.6e9, "usd", "$1.6 billion"),
        (480e6, "usd", "$480 million"),
        (41.37e9, "usd", "$41.37 billion"),
        (8.713e9, "usd", "$8.713 billion"),
        (950_000, "usd", "$950,000"),
        (2.1e12, "usd", "$2.1 trillion"),
        (1.6e9, "eur", "\u20ac1.6 billion"),
        (-1.2e9, "usd", "-$1.2 billion"),
        (129e12, "rial", "129 trillion rials"),
        (46.11e12, "rial", "46.11 trillion rials"),
        (325.967e12, "rial", "325.967 trillion rials"),
        (3.5e9, "rial", "3.5 billion rials"),
        (1, "rial", "1 rial"),
        (136_409_000, "tonne", "136.409 million tonnes"),
        (30_285, "tonne", "30,285 tonnes"),
        (950_000, "person", "950,000 people"),
        (1, "person", "1 person"),
        (1e6, "person", "1 million people"),
        (7000, "hectare", "7,000 hectares"),
        (43650, "count", "43,650"),
        (43650, None, "43,650"),
        (1.2e6, "count", "1.2 million"),
        (77.5, "percent", "77.5%"),
        (-3.25, "percent", "-3.25%"),
        (3, "furlong", "3 furlong"),
    ],
)
def test_amount_writes_units_in_words(value, unit, expected):
    assert amount(value, unit) == expected


def test_amount_keeps_the_hedge_word_in_front():
    assert amount(1.6e9, "usd", "more than") == "more than $1.6 billion"
    assert amount(77.5, "percent", "nearly") == "nearly 77.5%"
    assert amount(33000, "count", " ") == "33,000"  # a blank hedge is no hedge
    assert amount(33000, "count", pd.NA) == "33,000"


def test_amount_fixed_decimals_for_computed_values():
    assert amount(77.2666, "percent", decimals=1) == "77.3%"
    assert amount(1.6e9, "usd", decimals=2) == "$1.60 billion"


@pytest.mark.parametrize(
    ("low", "high", "unit", "expected"),
    [
        (1.2e9, 1.5e9, "usd", "$1.2 to 1.5 billion"),
        (950e6, 1.2e9, "usd", "$950 million to $1.2 billion"),
        (1185, 1444, None, "1,185 to 1,444"),
        (77.26, 79.14, "percent", "77.26 to 79.14%"),
        (-5, 3, "percent", "-5 to 3%"),
        (-1.2e9, 1.5e9, "usd", "-$1.2 billion to $1.5 billion"),
        (950_000, 1.2e6, "person", "950,000 to 1.2 million people"),
        (1, 3, "rial", "1 to 3 rials"),
        (100e12, 129e12, "rial", "100 to 129 trillion rials"),
        (77.5, 77.5, "percent", "77.5%"),
        (1.6e9, float("nan"), "usd", "$1.6 billion"),
        (None, 1.6e9, "usd", "$1.6 billion"),
    ],
)
def test_amount_range(low, high, unit, expected):
    assert amount_range(low, high, unit) == expected


def test_amount_range_equal_once_written_is_one_figure():
    assert amount_range(19.96, 20.04, decimals=1) == "20.0"
    assert amount_range(19.5, 20.04, decimals=1) == "19.5 to 20.0"


def test_percent_of_points_and_of_fractions():
    assert percent(77.5) == "77.5%"
    assert percent(0.775, fraction=True) == "77.5%"
    assert percent(0.77326, 1, fraction=True) == "77.3%"


def test_count_names_what_is_counted():
    assert count(43650, "unit") == "43,650 units"
    assert count(1, "statement") == "1 statement"
    assert count(0, "statement") == "0 statements"
    assert count(2, "person", "people") == "2 people"
    assert count(12, "source page") == "12 source pages"
    assert count(33000, "unit", qualifier="more than") == "more than 33,000 units"
    assert count(5) == "5"


def test_period_text_names_every_kind_of_period():
    assert period_text("1398") == "Iranian year 1398"
    assert period_text(calendar.JalaliPeriod(1398, 9, 9)) == "Azar 1398"
    assert period_text("1398-01..1398-09") == "Farvardin to Azar 1398"
    assert period_text("first nine months of 1398") == "Farvardin to Azar 1398"
    assert period_text(calendar.JalaliPeriod(1401, 7, 12)) == "Mehr to Esfand 1401"
    assert period_text(None) == MISSING


@pytest.mark.parametrize("year", [1395, 1398, 1399, 1403])
def test_period_text_gregorian_days_are_the_calendars(year):
    """The Gregorian days shown are JalaliPeriod's first and last days, leap years included."""
    period = calendar.JalaliPeriod(year, 1, 12)
    start, end = period.start, period.end
    expected = (
        f"Iranian year {year} ({start.day} {start:%B} {start.year} to "
        f"{end.day} {end:%B} {end.year})"
    )
    assert period_text(period, gregorian=True) == expected
    # 1399 is a leap year: Esfand has 30 days, so the year ends on 20 March 2021.
    if year == 1399:
        assert expected.endswith("(20 March 2020 to 20 March 2021)")


def test_period_text_refuses_what_is_not_a_period():
    with pytest.raises(SmeAnalysisError, match="label"):
        period_text("sometime soon")


def test_month_text():
    assert month_text("2019-08") == "August 2019"
    assert month_text(pd.Timestamp("2021-06-15")) == "June 2021"
    with pytest.raises(SmeAnalysisError, match="YYYY-MM"):
        month_text("August")


def test_escaped_amounts_cannot_open_a_formula_or_markup():
    """Two dollar amounts in one paragraph must not be read as $...$ math."""
    text = escape_text(f"{amount(1.6e9, 'usd', '<b>over</b>')} and {amount(480e6, 'usd')}")
    assert "$" not in text and "<" not in text
    assert html.unescape(text) == "<b>over</b> $1.6 billion and $480 million"


def test_markdown_table_floats_follow_number():
    frame = pd.DataFrame({"x": [8.713, 1100.0, float("nan")]})
    lines = markdown_table(frame, {"x": "X"}).splitlines()
    assert lines[2:5] == ["| 8.713 |", "| 1,100 |", f"| {MISSING} |"]


# Units whose word follows the digits, and the parser's reading of what is left.
_TRAILING = re.compile(r"(%| tonnes?| people| person| hectares?)$")


def test_every_shipped_figure_and_range_is_written_without_rounding():
    """Each figure of the shipped fact base, and each end of the interval its statements allow
    (reconcile.consolidate), written by amount(), reads back to its value.

    The independent reader is units.parse_amount (magnitude words, $ and euro signs, rials);
    a unit word it does not read (tonnes, people, %) is taken off first.
    """
    facts = load_facts()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # hedge words outside the tolerance table
        ranges = reconcile.consolidate(facts)
    pairs = pd.concat(
        [facts[["value", "unit"]]]
        + [ranges[[end, "unit"]].rename(columns={end: "value"}) for end in ("low", "high")]
    ).drop_duplicates()
    wrong = []
    for value, unit in pairs.itertuples(index=False):
        text = amount(value, unit)
        bare = _TRAILING.sub("", text)
        negative = bare.startswith("-")
        read, currency = units.parse_amount(bare.removeprefix("-"))
        read = -read if negative else read
        if read != pytest.approx(value, rel=1e-12) or currency not in (
            None if unit not in ("usd", "eur", "rial") else unit,
        ):
            wrong.append((value, unit, text, read, currency))
    assert wrong == []
    assert len(pairs) > 300


def test_the_kit_and_reconcile_findings_write_amounts_in_one_style():
    """text.amount is units.format_amount (the library's), which reconcile's findings use."""
    for value, unit, hedge in [(1.03e9, "usd", None), (4.5e9, "usd", "over"), (35e12, "rial", "")]:
        assert amount(value, unit, hedge) == units.format_amount(value, unit, hedge)
    rows = pd.DataFrame(
        {
            "fact_id": [1, 2],
            "published": pd.to_datetime(["2019-10-01", "2019-10-02"]),
            "period_label": ["1398 first half"] * 2,
            "period_start": pd.to_datetime(["2019-03-21"] * 2),
            "period_end": pd.to_datetime(["2019-09-22"] * 2),
            "jalali_year": pd.array([1398, 1398], dtype="Int64"),
            "geography": ["Iran"] * 2,
            "indicator": ["sme_export_value"] * 2,
            "value": [1.03e9, 1.49e9],
            "unit": ["usd"] * 2,
            "qualifier": [None, "over"],
            "speaker": ["A", "B"],
            "source_url": ["https://a.example/1", "https://b.example/2"],
        }
    )
    explanation = reconcile.check(rows)["explanation"].iloc[0]
    assert amount(1.03e9, "usd") in explanation and amount(1.49e9, "usd", "over") in explanation
    assert " bn" not in explanation

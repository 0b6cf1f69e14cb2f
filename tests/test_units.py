"""Tests for smeanalysis.units: digits, numbers, amounts, vectorized parsing, conversion."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from smeanalysis import units
from smeanalysis.errors import ParameterError, SmeAnalysisError
from smeanalysis.units import (
    Amount,
    convert,
    normalize_digits,
    parse_amount,
    parse_amounts,
    parse_number,
    parse_statement_amount,
)

# --- digits and numbers ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("۰۱۲۳۴۵۶۷۸۹", "0123456789"),
        ("٠١٢٣٤٥٦٧٨٩", "0123456789"),
        ("۱٬۲۳۴٫۵", "1,234.5"),
        ("١٢٣،٤٥٦", "123,456"),  # Arabic comma between digits: thousands separator
        ("ریال، تومان", "ریال، تومان"),  # ... elsewhere it is punctuation and stays
        ("ميليارد ريال", "میلیارد ریال"),  # Arabic yeh -> Persian yeh
        ("كرمان", "کرمان"),  # Arabic kaf -> Persian keheh
        ("می\u200cشود", "می\u200cشود"),  # ZWNJ is kept
        ("−5", "-5"),
    ],
)
def test_normalize_digits(text, expected):
    assert normalize_digits(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("۱۲۹", 129.0),
        ("1,234.5", 1234.5),
        ("۱٬۲۳۴٫۵", 1234.5),
        ("1.6", 1.6),
        (" 43,650 ", 43650.0),
        ("-0.5", -0.5),
        ("1,000,000", 1e6),
        (".25", 0.25),
        (7, 7.0),
        ("۲/۵", 2.5),  # Persian typography: slash as decimal separator
    ],
)
def test_parse_number(text, expected):
    got = parse_number(text)
    assert isinstance(got, float) and got == expected


@pytest.mark.parametrize(
    "text", ["", "abc", "1,5", "12,34", "1.2.3", "1 234", "5%", "nan", "1e6", "1/5", "۱۴۰۱/۰۲/۰۳"]
)
def test_parse_number_rejects_garbage_naming_it(text):
    with pytest.raises(SmeAnalysisError) as info:
        parse_number(text)
    (problem,) = info.value.problems
    assert problem.found == repr(text)
    assert "a number" in problem.expected


def test_normalize_digits_rejects_non_text():
    with pytest.raises(SmeAnalysisError, match="int"):
        normalize_digits(12)  # type: ignore[arg-type]


def test_parse_number_rejects_non_text():
    with pytest.raises(SmeAnalysisError, match="list"):
        parse_number([1])  # type: ignore[arg-type]
    with pytest.raises(SmeAnalysisError, match="finite"):
        parse_number(float("inf"))


# --- amounts -----------------------------------------------------------------------------------

EXAMPLES = [
    ("$1.6 billion", 1.6e9, "usd"),
    ("۱۲۹ هزار میلیارد ریال", 1.29e14, "rial"),
    ("35 trillion rials", 3.5e13, "rial"),
    ("49 hemat", 4.9e14, "rial"),
    ("۴۹ همت", 4.9e14, "rial"),
    ("120 هزار میلیارد تومان", 1.2e15, "rial"),
    ("€1.3 bn", 1.3e9, "eur"),
    ("43,650", 43650.0, None),
    ("US$ 2.5m", 2.5e6, "usd"),
    ("USD 700 million", 7e8, "usd"),
    ("1.6 billion US dollars", 1.6e9, "usd"),
    ("۲٫۵ میلیون دلار", 2.5e6, "usd"),
    ("300 million euros", 3e8, "eur"),
    ("۵۰۰ میلیون یورو", 5e8, "eur"),
    ("IRR 35 trillion", 3.5e13, "rial"),
    ("35 trillion IRR", 3.5e13, "rial"),
    ("5 thousand billion rials", 5e12, "rial"),
    ("2 trillion tomans", 2e13, "rial"),
    ("12k", 12e3, None),
    ("1.6bn", 1.6e9, None),
    ("0.1 tn dollars", 1e11, "usd"),
    ("١٢٩ هزار ميليارد ريال", 1.29e14, "rial"),  # Arabic digits and letters
    ("۲/۵ میلیارد دلار", 2.5e9, "usd"),  # slash as decimal separator
]


@pytest.mark.parametrize(("text", "value", "currency"), EXAMPLES)
def test_parse_amount_examples(text, value, currency):
    got = parse_amount(text)
    assert got == (value, currency)
    assert isinstance(got[0], float)


def test_values_are_the_exact_float_of_the_literal():
    # Float arithmetic misses these (4.1 * 1e9 == 4099999999.9999995); decimal does not.
    cases = [("4.1 billion", 4.1e9), ("2.01 thousand", 2.01e3), ("0.57 hemat", 5.7e12)]
    cases += [("0.29 هزار میلیارد ریال", 2.9e11), ("2.01 trillion tomans", 2.01e13)]
    for text, literal in cases:
        assert parse_amount(text)[0] == literal, text
    assert 4.1 * 1e9 != 4.1e9 and 2.01 * 1e3 != 2.01e3  # the trap is real


@pytest.mark.parametrize(
    ("text", "qualifier"),
    [
        ("more than $1.6 billion", "more than"),
        ("over 35 trillion rials", "over"),
        ("nearly €1.3 bn", "nearly"),
        ("about 43,650", "about"),
        ("some 500 million dollars", "some"),
        ("less than 10 million", "less than"),
        ("approximately 3 bn", "approximately"),
        ("just over 1,100", "just over"),
        ("around 4 hemat", "around"),
        ("بیش از ۱۲۹ هزار میلیارد ریال", "more than"),
        ("حدود ۴۹ همت", "about"),
        ("نزدیک به ۲ میلیارد دلار", "nearly"),
        ("کمتر از ۱۰ میلیون یورو", "less than"),
        ("کم\u200cتر از ۱۰ میلیون یورو", "less than"),  # with ZWNJ
        ("تقریباً ۵ میلیارد یورو", "approximately"),  # with tanween
    ],
)
def test_hedge_words_are_reported(text, qualifier):
    amount = parse_statement_amount(text)
    assert amount.qualifier == qualifier
    assert amount.value > 0  # the hedge did not eat the number
    assert parse_amount(text) == (amount.value, amount.currency)  # accepted, then dropped


def test_flat_statement_has_no_qualifier():
    assert parse_statement_amount("$1.6 billion") == Amount(1.6e9, "usd", None)


def test_hedge_does_not_change_the_value():
    for text, value, currency in EXAMPLES:
        for hedge, canonical in (("more than ", "more than"), ("حدود ", "about")):
            assert parse_statement_amount(hedge + text) == Amount(value, currency, canonical)


def test_amount_is_frozen():
    amount = parse_statement_amount("$1")
    with pytest.raises(AttributeError):
        amount.value = 2.0  # type: ignore[misc]


@pytest.mark.parametrize(
    ("text", "found", "expected"),
    [
        ("$1.6 zillion", "'zillion'", "magnitude"),
        ("5 billion thousand", "'thousand'", "ascending"),
        ("49 hemat dollars", "usd with hemat", "hemat alone"),
        ("49 thousand hemat", "a magnitude with hemat", "hemat alone"),
        ("$5 euros", "two currencies", "one currency"),
        ("billion", "'billion'", "a number"),
        ("", "the end", "a number"),
        ("more than", "the end", "a number"),
        ("12 percent", "'percent'", "currency"),
        ("1,5 million", "'1,5'", "a number"),
        ("$1.6 billion rials extra", "'extra'", "the end"),
    ],
)
def test_unreadable_amounts_name_what_was_found(text, found, expected):
    with pytest.raises(SmeAnalysisError) as info:
        parse_statement_amount(text)
    (problem,) = info.value.problems
    assert found in problem.found and repr(text) in problem.found
    assert expected in problem.expected


def test_parse_amount_rejects_non_text():
    with pytest.raises(SmeAnalysisError, match="float"):
        parse_amount(1.5)  # type: ignore[arg-type]


def test_huge_numbers_are_errors_not_infinity():
    with pytest.raises(SmeAnalysisError, match="range of a float"):
        parse_amount("9" * 400 + " trillion")


# --- vectorized --------------------------------------------------------------------------------


def test_parse_amounts_frame():
    texts = pd.Series(
        ["$1.6 billion", "about 49 hemat", None, "$1.6 billion"], index=list("abcd"), name="v"
    )
    before = texts.copy()
    frame = parse_amounts(texts)
    assert list(frame.columns) == ["value", "currency", "qualifier"]
    assert frame.index.tolist() == list("abcd")
    assert str(frame["value"].dtype) == "float64"
    assert str(frame["currency"].dtype) == "string"
    assert frame["value"].tolist()[:2] == [1.6e9, 4.9e14] and np.isnan(frame.loc["c", "value"])
    assert frame["currency"].tolist() == ["usd", "rial", pd.NA, "usd"]
    assert frame["qualifier"].tolist() == [pd.NA, "about", pd.NA, pd.NA]
    pd.testing.assert_series_equal(texts, before)


def test_parse_amounts_matches_scalar_parser():
    texts = [text for text, _, _ in EXAMPLES]
    frame = parse_amounts(texts)
    for row, text in zip(frame.itertuples(index=False), texts, strict=True):
        amount = parse_statement_amount(text)
        assert row.value == amount.value
        assert (row.currency if row.currency is not pd.NA else None) == amount.currency


def test_parse_amounts_reports_non_text_cells():
    with pytest.raises(SmeAnalysisError) as info:
        parse_amounts(pd.Series(["$1", 2.5], dtype=object))
    (problem,) = info.value.problems
    assert problem.line == 1 and "float" in problem.found


def test_parse_amounts_reports_every_bad_position_at_once():
    texts = pd.Series(["$1", "junk", "2 bn", "junk", "3 zillion"], name="amount")
    with pytest.raises(SmeAnalysisError) as info:
        parse_amounts(texts)
    problems = info.value.problems
    assert [p.line for p in problems] == [1, 3, 4]
    assert all(p.column == "amount" for p in problems)
    assert "'zillion'" in problems[2].found


# --- conversion --------------------------------------------------------------------------------


def test_toman_rial_fixed_factor():
    assert convert(12.0, "toman", "rial") == 120.0
    assert convert(1.2e15, "rial", "toman") == 1.2e14
    assert convert(5.0, "usd", "usd") == 5.0


def test_conversion_needs_an_explicit_rate():
    with pytest.raises(ParameterError, match="no default rate"):
        convert(1.0, "usd", "rial")
    with pytest.raises(ParameterError, match="fixed"):
        convert(1.0, "toman", "rial", rate=10)
    for bad in (0, -1, float("nan"), float("inf")):
        with pytest.raises(ParameterError, match="positive"):
            convert(1.0, "usd", "rial", rate=bad)


def test_conversion_with_caller_rate_scalar_and_series():
    assert convert(2.0, "usd", "rial", rate=500_000) == 1e6
    assert convert(2.0, "USD", "IRR", rate=500_000) == 1e6  # codes are accepted
    amounts = pd.Series([1.0, 2.0, np.nan], index=[5, 6, 7], name="value")
    rates = pd.Series([10.0, 20.0, 30.0], index=[5, 6, 7])
    before = amounts.copy()
    got = convert(amounts, "eur", "toman", rate=rates)
    assert got.index.tolist() == [5, 6, 7]
    assert got.tolist()[:2] == [10.0, 40.0] and np.isnan(got.iloc[2])
    pd.testing.assert_series_equal(amounts, before)
    same = convert(amounts, "rial", "rial")
    assert same is not amounts
    pd.testing.assert_series_equal(same, amounts)


def test_conversion_round_trip_with_reciprocal_rate():
    amounts = np.array([1.0, 3.5e6, 2.25e9])
    there = convert(amounts, "usd", "rial", rate=420_000)
    back = convert(there, "rial", "usd", rate=1 / 420_000)
    np.testing.assert_allclose(back, amounts, rtol=1e-15)


def test_unknown_currency_is_a_parameter_error():
    with pytest.raises(ParameterError, match="currency"):
        convert(1.0, "yen", "rial", rate=1.0)
    with pytest.raises(ParameterError):
        units.canonical_currency("pound")


def test_constants():
    assert set(units.CURRENCIES) == {"rial", "toman", "usd", "eur"}
    assert set(units.UNITS) == {
        "usd",
        "eur",
        "rial",
        "count",
        "percent",
        "hectare",
        "person",
        "tonne",
    }
    # Every canonical qualifier is itself a qualifier phrase the parser reads.
    for canonical in set(units.QUALIFIERS.values()):
        assert parse_statement_amount(f"{canonical} 1").qualifier == canonical


# ---------------------------------------------------------------------------------------------
# Writing amounts (the one number style shared by the pages and reconcile's findings)


@pytest.mark.parametrize(
    ("value", "unit", "qualifier", "decimals", "expected"),
    [
        (4.5e9, "usd", "over", None, "over $4.5 billion"),
        (1.49e9, "usd", None, None, "$1.49 billion"),
        (480e6, "eur", None, None, "€480 million"),
        (950_000, "usd", None, None, "$950,000"),
        (35e12, "rial", "about", None, "about 35 trillion rials"),
        (1, "rial", None, None, "1 rial"),
        (136_409_000, "tonne", None, None, "136.409 million tonnes"),
        (77.5, "percent", "nearly", None, "nearly 77.5%"),
        (-3.04, "percent", None, 1, "-3.0%"),
        (43650, "count", None, None, "43,650"),
        (12.5, "hectare", None, None, "12.5 hectares"),
        (2.0, "furlong", None, None, "2 furlong"),
        (-1.6e9, "usd", float("nan"), None, "-$1.6 billion"),
        (-0.001, None, "", 1, "0.0"),
    ],
)
def test_format_amount_writes_the_one_style(value, unit, qualifier, decimals, expected):
    assert units.format_amount(value, unit, qualifier, decimals=decimals) == expected


def test_format_number_and_amount_refuse_what_is_not_a_finite_number():
    for bad in (float("nan"), float("inf"), "12", None, True):
        with pytest.raises(SmeAnalysisError) as caught:
            units.format_number(bad)
        assert caught.value.problems[0].found == repr(bad)
    with pytest.raises(ParameterError, match="decimals"):
        units.format_amount(1.0, "usd", decimals=-1)
    assert units.format_number(36.99750001e0) == "36.9975"

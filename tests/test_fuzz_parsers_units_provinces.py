"""Hypothesis fuzz and property tests for smeanalysis.units and smeanalysis.provinces.

On any text the parsers return a value or raise SmeAnalysisError, never another exception;
and a few properties hold for all inputs (toman = 10 rials, digit normalisation idempotent,
case/whitespace changes do not change a province's code).
"""

from __future__ import annotations

import math
from decimal import Decimal

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smeanalysis import provinces, units
from smeanalysis.errors import SmeAnalysisError

# Text biased towards the characters the parsers care about, plus anything at all.
_CHARS = "0123456789۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩.,٬٫،-+$€~ \u200c\u00a0kmbnt"
_WORDS = (
    "billion |million |thousand |trillion |hemat|همت|هزار |میلیارد |میلیون |ریال|تومان|دلار|"
    "rials|USD|more than |حدود |بیش از |Esfahan|استان |Province|IR-|ي|ك"
).split("|")
texts = st.one_of(
    st.text(),
    st.lists(st.sampled_from([*_CHARS, *_WORDS]), max_size=8).map("".join),
    st.text(alphabet=_CHARS, max_size=12),
)
FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(texts)
def test_parse_number_returns_a_finite_float_or_raises_ours(text):
    try:
        value = units.parse_number(text)
    except SmeAnalysisError as err:
        assert err.problems and err.problems[0].found
    else:
        assert isinstance(value, float) and math.isfinite(value)


@FUZZ
@given(texts)
def test_parse_amount_returns_a_pair_or_raises_ours(text):
    try:
        value, currency = units.parse_amount(text)
    except SmeAnalysisError as err:
        assert err.problems and err.problems[0].expected
    else:
        assert isinstance(value, float) and math.isfinite(value)
        assert currency in (None, "rial", "usd", "eur")  # never toman: it becomes rial


@FUZZ
@given(texts)
def test_parse_statement_amount_returns_amount_or_raises_ours(text):
    try:
        amount = units.parse_statement_amount(text)
    except SmeAnalysisError:
        return
    assert isinstance(amount, units.Amount)
    assert amount.qualifier is None or amount.qualifier in set(units.QUALIFIERS.values())
    assert units.parse_amount(text) == (amount.value, amount.currency)


@FUZZ
@given(texts)
def test_resolve_returns_a_code_or_raises_ours(text):
    try:
        code = provinces.resolve(text)
    except SmeAnalysisError as err:
        assert err.problems
    else:
        assert code in provinces.PROVINCE_CODES
    coerced = provinces.resolve(text, errors="coerce", allow_national=True)
    assert coerced is pd.NA or coerced in provinces.PROVINCE_CODES


@FUZZ
@given(st.lists(st.one_of(texts, st.none()), max_size=6))
def test_parse_amounts_raises_ours_or_gives_one_row_per_text(values):
    try:
        frame = units.parse_amounts(values)
    except SmeAnalysisError as err:
        assert all(0 <= p.line < len(values) for p in err.problems)
    else:
        assert len(frame) == len(values)


# --- properties --------------------------------------------------------------------------------

numbers = st.decimals(
    min_value=Decimal("0"), max_value=Decimal("1e6"), places=3, allow_nan=False
).map(lambda d: format(d, "f"))
magnitudes = st.sampled_from(["", " thousand", " million", " billion", " هزار میلیارد", " bn"])


@FUZZ
@given(numbers, magnitudes)
def test_a_toman_is_ten_rials(number, magnitude):
    tomans, currency_t = units.parse_amount(f"{number}{magnitude} تومان")
    rials, currency_r = units.parse_amount(f"{number}{magnitude} rials")
    assert currency_t == currency_r == "rial"
    # Both are the correctly rounded float of an exact decimal: compare exactly.
    exact = Decimal(number) * 10 ** {"": 0, " thousand": 3, " million": 6}.get(
        magnitude, 12 if "هزار" in magnitude else 9
    )
    assert rials == float(exact) and tomans == float(exact * 10)
    assert units.convert(tomans, "rial", "toman") == pytest.approx(rials, rel=1e-15)


@FUZZ
@given(numbers)
def test_persian_digits_read_like_ascii(number):
    persian = number.translate(str.maketrans("0123456789.", "۰۱۲۳۴۵۶۷۸۹٫"))
    assert units.parse_number(persian) == units.parse_number(number) == float(Decimal(number))


@FUZZ
@given(st.text())
def test_normalize_digits_is_idempotent(text):
    once = units.normalize_digits(text)
    assert units.normalize_digits(once) == once


_SPELLINGS = provinces.province_aliases()


@FUZZ
@given(
    st.integers(min_value=0, max_value=len(_SPELLINGS) - 1),
    st.lists(st.booleans(), min_size=60, max_size=60),
    st.sampled_from(["", " ", "  ", "\t", " \u200c"]),
    st.sampled_from(["", " ", "\n "]),
)
def test_case_and_whitespace_do_not_change_the_code(index, upper, pad_left, pad_right):
    spelling, code = _SPELLINGS.iloc[index]["spelling"], _SPELLINGS.iloc[index]["code"]
    shuffled = "".join(
        ch.upper() if flag else ch.lower() for ch, flag in zip(spelling, upper * 4, strict=False)
    )
    spaced = pad_left + shuffled.replace(" ", "  ") + pad_right
    assert provinces.resolve(spaced) == code
    assert provinces.resolve(f"{spaced} Province") == code

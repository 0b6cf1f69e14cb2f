"""Tests for amounts as the Persian press prints them (smeanalysis.units.parse_amount).

Compounds joined by و, magnitude words glued together, the minus word منفی and numbers in
Persian words. persiantools.digits.to_word (number -> Persian words; the library has no
words -> number direction) is the outside oracle: what it writes, we read back exactly.
"""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smeanalysis.errors import SmeAnalysisError
from smeanalysis.units import Amount, parse_amount, parse_amounts, parse_statement_amount

to_word = pytest.importorskip("persiantools.digits").to_word

ARABIC_LETTERS = str.maketrans({"ی": "ي", "ک": "ك"})

# --- compounds joined by و ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "currency"),
    [
        ("۱ میلیون و ۵۰۰ هزار تومان", 15_000_000.0, "rial"),  # 1,500,000 toman
        ("3 هزار و 200", 3_200.0, None),
        ("۲ میلیارد و ۳۰۰ میلیون دلار", 2_300_000_000.0, "usd"),
        ("۱ میلیارد و ۲۰۰ میلیون و ۳۰ هزار و ۴ دلار", 1_200_030_004.0, "usd"),
        # A magnitude multiplies the smaller parts joined before it: (2,000 + 500) x 10^9.
        ("۲ هزار و ۵۰۰ میلیارد تومان", 2.5e13, "rial"),
        ("۱۰ هزار و ۵۰۰ میلیارد ریال", 1.05e13, "rial"),
        ("3 million و 200 thousand", 3_200_000.0, None),
        ("1500 million", 1.5e9, None),  # digits larger than the magnitude, as before
        ("هزار و صد", 1_100.0, None),  # هزار and صد alone mean one of them
        ("یک میلیون و هزار", 1_001_000.0, None),
        ("۵ صد هزار", 500_000.0, None),
    ],
)
def test_compounds_joined_by_va(text, value, currency):
    assert parse_amount(text) == (value, currency)


@given(st.integers(min_value=0, max_value=10**15 - 1))
@settings(max_examples=200, deadline=None)
def test_press_form_in_digits_adds_up(number):
    """۱ میلیارد و ۲۰۰ میلیون و ۳۰ هزار و ۴: every non-zero group of three digits."""
    names = ["", " هزار", " میلیون", " میلیارد", " تریلیون"]
    groups = [(number // 1000**k) % 1000 for k in range(5)]
    parts = [f"{g}{names[k]}" for k, g in reversed(list(enumerate(groups))) if g]
    text = " و ".join(parts) or "0"
    assert parse_amount(text) == (float(number), None), text


# --- glued magnitude words ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "currency"),
    [
        ("هزارمیلیارد", 1e12, None),
        ("۱۲۹هزار میلیارد ریال", 1.29e14, "rial"),
        ("۱۲۹هزارمیلیارد ریال", 1.29e14, "rial"),
        ("۱۲۹ هزار\u200cمیلیارد ریال", 1.29e14, "rial"),  # ZWNJ
        ("۱۲۹\u200cهزار\u200cمیلیارد\u200cریال", 1.29e14, "rial"),
        ("١٢٩هزارميليارد ريال", 1.29e14, "rial"),  # Arabic digits and letters
        ("۵۰۰هزارتومان", 5e6, "rial"),  # a currency glued on
        ("سیصدهزار تومان", 3e6, "rial"),  # a number word glued on (سیصد, not سی + صد)
        ("شصتهزار", 6e4, None),
        ("۲ میلیارد و ۳۰۰میلیون دلار", 2.3e9, "usd"),
    ],
)
def test_glued_magnitude_words(text, value, currency):
    assert parse_amount(text) == (value, currency)


def test_glued_reads_like_spaced():
    for glued, spaced in [
        ("هزارمیلیارد تومان", "هزار میلیارد تومان"),
        ("۴هزارمیلیارد", "۴ هزار میلیارد"),
        ("پانصدهزار", "پانصد هزار"),
    ]:
        assert parse_amount(glued) == parse_amount(spaced)


def test_unknown_glued_word_is_not_split_into_a_guess():
    with pytest.raises(SmeAnalysisError) as info:
        parse_amount("۵ هزارزیلیون")
    assert "'هزارزیلیون'" in info.value.problems[0].found


# --- the minus word ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "currency"),
    [
        ("منفی ۳", -3.0, None),
        ("منفی ۲ میلیارد دلار", -2e9, "usd"),
        ("منفی ۱ میلیون و ۵۰۰ هزار تومان", -1.5e7, "rial"),
        ("منفی سی میلیارد ریال", -3e10, "rial"),
        ("منفي ۲٫۵ ميليارد دلار", -2.5e9, "usd"),  # Arabic yeh
    ],
)
def test_minus_word(text, value, currency):
    assert parse_amount(text) == (value, currency)


def test_minus_word_after_hedge():
    assert parse_statement_amount("حدود منفی ۲ میلیارد دلار") == Amount(-2e9, "usd", "about")


def test_percent_is_refused_after_the_minus_word_was_read():
    # "منفی ۳ درصد" is -3 percent: a percentage, not an amount (Amount.currency holds
    # currencies only, and "12 percent" is refused in test_units.py). The error points at
    # درصد, so the minus word and the number were read.
    for text in ("منفی ۳ درصد", "۵٪", "5%"):
        with pytest.raises(SmeAnalysisError) as info:
            parse_amount(text)
        (problem,) = info.value.problems
        assert problem.found.startswith(("'درصد'", "'٪'", "'%'"))
        assert "percentage is not an amount" in problem.expected


# --- numbers in Persian words ------------------------------------------------------------------

UNITS = ["یک", "دو", "سه", "چهار", "پنج", "شش", "هفت", "هشت", "نه"]
TEENS = ["ده", "یازده", "دوازده", "سیزده", "چهارده", "پانزده", "شانزده", "هفده", "هجده"]
TEENS += ["نوزده"]
TENS = ["بیست", "سی", "چهل", "پنجاه", "شصت", "هفتاد", "هشتاد", "نود"]
HUNDREDS = ["یکصد", "دویست", "سیصد", "چهارصد", "پانصد", "ششصد", "هفتصد", "هشتصد", "نهصد"]


@pytest.mark.parametrize(
    ("word", "value"),
    [
        *zip(UNITS, range(1, 10), strict=True),
        *zip(TEENS, range(10, 20), strict=True),
        *zip(TENS, range(20, 100, 10), strict=True),
        *zip(HUNDREDS, range(100, 1000, 100), strict=True),
        ("صد", 100),
        ("پونصد", 500),  # spoken spellings the press also prints
        ("پونزده", 15),
        ("هیجده", 18),
        ("صفر", 0),
    ],
)
def test_each_number_word(word, value):
    assert parse_amount(word) == (float(value), None)
    assert parse_amount(word.translate(ARABIC_LETTERS)) == (float(value), None)
    assert parse_amount(f"{word} میلیون دلار") == (value * 1e6, "usd")


@pytest.mark.parametrize(
    ("text", "value", "currency"),
    [
        ("یک میلیون دلار", 1e6, "usd"),
        ("سی میلیارد ریال", 3e10, "rial"),
        ("دو هزار و پانصد", 2_500.0, None),
        ("سیصد و بیست و پنج میلیون", 325e6, None),
        ("صد و بیست هزار میلیارد ریال", 1.2e14, "rial"),
        ("سه صد", 300.0, None),  # digit word times صد
        ("پنج\u200cصد هزار", 500_000.0, None),  # with ZWNJ
        ("نهصد و نود و نه هزار و نهصد و نود و نه", 999_999.0, None),
        ("دو تریلیون و سیصد میلیارد تومان", 2.3e13, "rial"),
        ("یک هزار و یکصد", 1_100.0, None),  # persiantools' spelling
        ("سی و پنج همت", 3.5e14, "rial"),
        ("يك ميليون و پانصد هزار", 1.5e6, None),  # Arabic ي and ك
        ("سيصد و بيست و پنج ميليون دلار", 325e6, "usd"),
        ("۳ هزار و پانصد", 3_500.0, None),  # digits and words mixed
        ("پانصد و ۲۰", 520.0, None),
    ],
)
def test_amounts_in_words(text, value, currency):
    assert parse_amount(text) == (value, currency)


def test_words_keep_hedges_and_toman():
    assert parse_statement_amount("بیش از سیصد میلیون دلار") == Amount(3e8, "usd", "more than")
    assert parse_statement_amount("حدود دو هزار و پانصد میلیارد تومان") == Amount(
        2.5e13, "rial", "about"
    )
    assert parse_amount("سیصد هزار تومان") == (3e6, "rial")


def test_se_sad_reads_like_sisad():
    # سه صد and سیصد are one number: the same parts may follow each with و.
    for tail in ("", " و بیست", " هزار و پنجاه", " میلیون و دویست هزار"):
        assert parse_amount("سه صد" + tail) == parse_amount("سیصد" + tail)
    for bad in ("سه صد هزار و پنجاه هزار", "سیصد هزار و پنجاه هزار"):
        with pytest.raises(SmeAnalysisError, match="smaller than 1,000"):
            parse_amount(bad)


def test_hezar_miliard_is_one_unit_before_va():
    # هزار میلیارد (10^12) is used as one unit, as hemat is: a part below it may follow.
    assert parse_amount("۱ هزار میلیارد و ۵۰۰ میلیارد تومان") == (1.5e13, "rial")


def test_values_are_exact():
    # Decimal arithmetic: the float of the exact sum, as a literal would give.
    assert parse_amount("۲ هزار و ۵۰۰ میلیارد")[0] == 2.5e12
    assert parse_amount("۴ میلیارد و ۱۰۰ میلیون")[0] == 4.1e9  # 4.1 * 1e9 != 4.1e9
    assert parse_amount("۱ میلیون و ۱۰۰ هزار")[0] == 1.1e6


# --- persiantools as the oracle ----------------------------------------------------------------


def test_oracle_first_three_thousand_numbers():
    for number in range(3000):
        words = to_word(number)
        assert parse_amount(words) == (float(number), None), words


@given(st.integers(min_value=-(10**15) + 1, max_value=10**15 - 1))
@settings(max_examples=300, deadline=None)
def test_oracle_round_trip(number):
    words = to_word(number)
    assert parse_amount(words) == (float(number), None), words
    assert parse_amount(words.translate(ARABIC_LETTERS)) == (float(number), None), words
    assert parse_amount(f"{words} تومان") == (float(number) * 10, "rial"), words


def test_oracle_powers_of_ten():
    for power in range(15):
        assert parse_amount(to_word(10**power)) == (float(10**power), None)
        assert parse_amount(to_word(10**power - 1)) == (float(10**power - 1), None)


# --- malformed input: what was found, what was expected ----------------------------------------


@pytest.mark.parametrize(
    ("text", "found", "expected"),
    [
        ("هزار هزار و", "'هزار'", "ascending"),
        ("و ۵", "'و'", "a number"),
        ("دو سه", "'سه'", "between two numbers"),
        ("۵ ۶", "'6'", "between two numbers"),
        ("۵ هزار و", "the end", "a number after 'و'"),
        ("۵ هزار و دلار", "'دلار'", "a number after 'و'"),
        ("پنج و بیست", "'و'", "و joins a smaller part"),
        ("دویست و سیصد", "'سیصد'", "smaller than 100"),
        ("بیست و ده", "'ده'", "smaller than 10"),
        ("۲ میلیون و ۳۰۰ میلیون", "'میلیون'", "smaller than 1,000,000"),
        ("۳ هزار و ۲۰۰۰", "'2000'", "smaller than 1,000"),
        ("۵۰۰ هزار و ۶۰۰ هزار", "'هزار'", "smaller than 1,000"),
        ("سی صد", "'صد'", "صد after a single digit"),
        ("دویست صد", "'صد'", "صد after a single digit"),
        ("1.5 میلیون و 200 هزار", "'و'", "decimal"),
        ("منفی", "the end", "a number"),
        ("منفی -3", "'-'", "a number"),
        ("میلیون دلار", "'میلیون'", "a number"),  # only هزار and صد stand alone
        ("سی و پنج همت و دو", "'و'", "nothing after hemat"),
        ("دو هزار همت", "a magnitude with hemat", "hemat alone"),
        ("یک و نیم میلیارد", "'و'", "و joins a smaller part"),  # نیم is not read
    ],
)
def test_malformed_amounts_name_what_was_found(text, found, expected):
    with pytest.raises(SmeAnalysisError) as info:
        parse_amount(text)
    (problem,) = info.value.problems
    assert found in problem.found and repr(text) in problem.found
    assert expected in problem.expected


def test_parse_amounts_reads_words_and_reports_bad_positions():
    frame = parse_amounts(pd.Series(["یک میلیون و ۵۰۰ هزار تومان", "منفی ۳ میلیارد دلار"]))
    assert frame["value"].tolist() == [1.5e7, -3e9]
    assert frame["currency"].tolist() == ["rial", "usd"]
    with pytest.raises(SmeAnalysisError) as info:
        parse_amounts(pd.Series(["سی میلیارد ریال", "دو سه", "و ۵"], name="amount"))
    assert [(p.line, p.column) for p in info.value.problems] == [(1, "amount"), (2, "amount")]


# --- fuzz over the new vocabulary --------------------------------------------------------------

_PIECES = [
    *UNITS,
    *TENS[:3],
    *HUNDREDS[:3],
    "صد",
    "هزار",
    "میلیون",
    "میلیارد",
    "تریلیون",
    "همت",
    "و",
    "منفی",
    "ریال",
    "تومان",
    "دلار",
    "درصد",
    "حدود",
    "۵",
    "12",
    "1.5",
    "٫",
    "-",
    "يك",
    "ميليون",
]


@given(
    st.lists(st.sampled_from(_PIECES), max_size=9),
    st.lists(st.sampled_from([" ", "", "\u200c"]), min_size=9, max_size=9),
)
@settings(max_examples=400, deadline=None)
def test_any_sequence_of_words_gives_a_finite_amount_or_our_error(pieces, gaps):
    text = "".join(piece + gap for piece, gap in zip(pieces, gaps, strict=False))
    try:
        value, currency = parse_amount(text)
    except SmeAnalysisError as err:
        assert err.problems[0].found and err.problems[0].expected
    else:
        assert value == value and abs(value) != float("inf")
        assert currency in (None, "rial", "usd", "eur")

"""Persian press wordings of periods and years (issue 14): JalaliPeriod.parse and parse_years.

Each wording is checked against the exact months it covers and its Gregorian first and last
days (computed once with jdatetime and written out, so a wrong reading cannot pass). The
spelled-out numbers of months are also checked against persiantools' own number words.
"""

from __future__ import annotations

import jdatetime
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from persiantools.digits import to_word

from smeanalysis.calendar import MAX_YEAR, MIN_YEAR, MONTHS_FA, JalaliPeriod, parse_years
from smeanalysis.errors import SmeAnalysisError

# (year, first month, last month, Gregorian first day, Gregorian last day)
YEAR_1400 = (1400, 1, 12, "2021-03-21", "2022-03-20")
NINE_MONTHS_1398 = (1398, 1, 9, "2019-03-21", "2019-12-21")
SIX_MONTHS_1402 = (1402, 1, 6, "2023-03-21", "2023-09-22")
AZAR_1398 = (1398, 9, 9, "2019-11-22", "2019-12-21")

FORMS = {
    # A whole year.
    "سال ۱۴۰۰": YEAR_1400,
    "۱۴۰۰": YEAR_1400,
    "سال ١٤٠٠": YEAR_1400,  # Arabic-Indic digits
    "سال 1400": YEAR_1400,
    "در سال ۱۴۰۰": YEAR_1400,
    "سال ۱۴۰۰ هجری شمسی": YEAR_1400,
    "سال ۱۴۰۰ ه.ش.": YEAR_1400,
    # The first n months: ماهه/ماه, نخست/اول/none, with and without سال, any digits.
    "نه ماهه نخست ۱۳۹۸": NINE_MONTHS_1398,
    "نه ماهه اول ۱۳۹۸": NINE_MONTHS_1398,
    "نه ماهه نخست سال ۱۳۹۸": NINE_MONTHS_1398,
    "نه ماه نخست سال ۱۳۹۸": NINE_MONTHS_1398,
    "نه ماه ۱۳۹۸": NINE_MONTHS_1398,
    "نه ماهه ۱۳۹۸": NINE_MONTHS_1398,
    "۹ ماهه ۱۳۹۸": NINE_MONTHS_1398,
    "۹ ماهه نخست سال ۱۳۹۸": NINE_MONTHS_1398,
    "9 ماهه 1398": NINE_MONTHS_1398,
    "٩ ماهه ١٣٩٨": NINE_MONTHS_1398,
    "۰۹ ماهه ۱۳۹۸": NINE_MONTHS_1398,
    "۹ماهه ۱۳۹۸": NINE_MONTHS_1398,
    "نه\u200cماهه نخست ۱۳۹۸": NINE_MONTHS_1398,  # ZWNJ
    "نه ماهه\u200cی نخست سال ۱۳۹۸": NINE_MONTHS_1398,  # ezafe with ZWNJ
    "نه ماههٔ نخست ۱۳۹۸": NINE_MONTHS_1398,  # ezafe with hamza above
    "  نه   ماهه\u00a0نخست  ۱۳۹۸ ": NINE_MONTHS_1398,  # extra and non-breaking spaces
    "\u200fنه ماهه نخست ۱۳۹۸\u200f": NINE_MONTHS_1398,  # right-to-left marks
    "در نه ماهه نخست سال ۱۳۹۸": NINE_MONTHS_1398,
    "طی ۹ ماهه نخست سال ۱۳۹۸": NINE_MONTHS_1398,
    "شش ماهه اول سال ۱۴۰۲": SIX_MONTHS_1402,
    "شش ماهه نخست ۱۴۰۲": SIX_MONTHS_1402,
    "۶ ماه اول ۱۴۰۲": SIX_MONTHS_1402,
    # The k-th block of n months.
    "سه ماهه دوم ۱۴۰۱": (1401, 4, 6, "2022-06-22", "2022-09-22"),
    "۳ ماهه سوم سال ۱۴۰۱": (1401, 7, 9, "2022-09-23", "2022-12-21"),
    "سه ماهه چهارم ۱۴۰۱": (1401, 10, 12, "2022-12-22", "2023-03-20"),
    "سه ماهه آخر سال ۱۴۰۰": (1400, 10, 12, "2021-12-22", "2022-03-20"),
    "سه ماهه پایانی ۱۴۰۰": (1400, 10, 12, "2021-12-22", "2022-03-20"),
    "شش ماهه دوم ۱۳۹۹": (1399, 7, 12, "2020-09-22", "2021-03-20"),
    # Halves, quarters and seasons.
    "نیمه اول سال ۱۳۹۹": (1399, 1, 6, "2020-03-20", "2020-09-21"),
    "نیمه\u200cی نخست ۱۳۹۹": (1399, 1, 6, "2020-03-20", "2020-09-21"),
    "نیمهٔ نخست ۱۳۹۹": (1399, 1, 6, "2020-03-20", "2020-09-21"),
    "نیمۀ نخست ۱۳۹۹": (1399, 1, 6, "2020-03-20", "2020-09-21"),
    "نیمسال دوم ۱۳۹۹": (1399, 7, 12, "2020-09-22", "2021-03-20"),
    "فصل سوم ۱۴۰۱": (1401, 7, 9, "2022-09-23", "2022-12-21"),
    "فصل پاییز ۱۴۰۱": (1401, 7, 9, "2022-09-23", "2022-12-21"),
    "پاییز ۱۴۰۱": (1401, 7, 9, "2022-09-23", "2022-12-21"),
    "پائیز ۱۴۰۱": (1401, 7, 9, "2022-09-23", "2022-12-21"),
    "بهار ۱۴۰۰": (1400, 1, 3, "2021-03-21", "2021-06-21"),
    "تابستان ۱۴۰۰": (1400, 4, 6, "2021-06-22", "2021-09-22"),
    "زمستان ۱۴۰۰": (1400, 10, 12, "2021-12-22", "2022-03-20"),
    # One month.
    "آذر ماه ۱۳۹۸": AZAR_1398,
    "آذرماه ۱۳۹۸": AZAR_1398,
    "آذر\u200cماه ۱۳۹۸": AZAR_1398,
    "آذر ۱۳۹۸": AZAR_1398,
    "آذر ماه سال ۱۳۹۸": AZAR_1398,
    "ماه آذر سال ۱۳۹۸": AZAR_1398,
    "در آذرماه ۱۳۹۸": AZAR_1398,
    "اذر ۱۳۹۸": AZAR_1398,  # without the madda
    "\u0627\u0653ذر ۱۳۹۸": AZAR_1398,  # alef + combining madda, composed to آ first
    "فروردين ۱۳۹۸": (1398, 1, 1, "2019-03-21", "2019-04-20"),  # Arabic yeh
    "دي ماه ۱۳۹۸": (1398, 10, 10, "2019-12-22", "2020-01-20"),  # Arabic yeh
    "اردی\u200cبهشت ۱۴۰۰": (1400, 2, 2, "2021-04-21", "2021-05-21"),
    "شهريور ۱۴۰۰": (1400, 6, 6, "2021-08-23", "2021-09-22"),
    "اسفند ۱۳۹۹": (1399, 12, 12, "2021-02-19", "2021-03-20"),  # leap year: 30 days
    "اسفند ماه ۱۳۹۸": (1398, 12, 12, "2020-02-20", "2020-03-19"),  # 29 days
    # A run of months.
    "از فروردین تا آذر ۱۳۹۸": NINE_MONTHS_1398,
    "فروردین تا آذر ۱۳۹۸": NINE_MONTHS_1398,
    "از فروردین ماه تا آذر ماه ۱۳۹۸": NINE_MONTHS_1398,
    "از فروردین\u200cماه تا آذرماه سال ۱۳۹۸": NINE_MONTHS_1398,
    "از فروردین ۱۳۹۸ تا آذر ۱۳۹۸": NINE_MONTHS_1398,
    "از فروردین سال ۱۳۹۸ تا آذر سال ۱۳۹۸": NINE_MONTHS_1398,
    "از ابتدای فروردین تا پایان آذر ۱۳۹۸": NINE_MONTHS_1398,
    "ماه\u200cهای فروردین تا آذر ۱۳۹۸": NINE_MONTHS_1398,
    "فروردین لغایت آذر ۱۳۹۸": NINE_MONTHS_1398,
    "فروردین-آذر ۱۳۹۸": NINE_MONTHS_1398,
    "از فروردين تا دي ۱۳۹۸": (1398, 1, 10, "2019-03-21", "2020-01-20"),
    "مهر تا اسفند ۱۳۹۹": (1399, 7, 12, "2020-09-22", "2021-03-20"),
}


@pytest.mark.parametrize(("label", "expected"), FORMS.items(), ids=list(FORMS))
def test_parse_reads_the_persian_form(label, expected):
    year, first, last, start, end = expected
    period = JalaliPeriod.parse(label)
    assert (period.year, period.first_month, period.last_month) == (year, first, last)
    assert period.start == pd.Timestamp(start)
    assert period.end == pd.Timestamp(end)


PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
ARABIC_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
ORDINALS = {"نخست": 1, "اول": 1, "دوم": 2, "سوم": 3, "چهارم": 4}


def _oracle_period(year: int, first: int, last: int) -> tuple[pd.Timestamp, pd.Timestamp]:
    start = jdatetime.date(year, first, 1).togregorian()
    after = jdatetime.date(year + 1, 1, 1) if last == 12 else jdatetime.date(year, last + 1, 1)
    return pd.Timestamp(start), pd.Timestamp((after - jdatetime.timedelta(days=1)).togregorian())


@pytest.mark.parametrize("n", range(1, 13))
def test_every_number_of_months_in_words_and_digits(n):
    # persiantools spells the number; our table must read it the same way.
    word = to_word(n)
    year = 1401
    for count in (word, str(n), str(n).translate(PERSIAN_DIGITS), str(n).translate(ARABIC_DIGITS)):
        for ordinal, k in [("", 1), *ORDINALS.items()]:
            label = f"{count} ماهه {ordinal} سال {year}".replace("  ", " ")
            if n * k > 12:
                with pytest.raises(SmeAnalysisError, match="block of"):
                    JalaliPeriod.parse(label)
                continue
            first, last = n * (k - 1) + 1, n * k
            period = JalaliPeriod.parse(label)
            assert (period.first_month, period.last_month) == (first, last), label
            assert (period.start, period.end) == _oracle_period(year, first, last), label


@pytest.mark.parametrize("month", range(1, 13))
def test_every_month_name_with_and_without_mah_and_in_arabic_letters(month):
    name = MONTHS_FA[month - 1]
    arabic = name.replace("ی", "ي").replace("ک", "ك")
    year = 1399  # a leap year: Esfand has 30 days
    expected = _oracle_period(year, month, month)
    for spelled in {name, arabic}:
        for label in (
            f"{spelled} ماه ۱۳۹۹",
            f"{spelled}ماه ۱۳۹۹",
            f"{spelled}\u200cماه سال ۱۳۹۹",
            f"{spelled} ۱۳۹۹",
            f"از {spelled} تا اسفند ۱۳۹۹",
        ):
            period = JalaliPeriod.parse(label)
            if label.startswith("از"):
                assert (period.first_month, period.last_month) == (month, 12), label
            else:
                assert (period.first_month, period.last_month) == (month, month), label
                assert (period.start, period.end) == expected, label


@pytest.mark.parametrize(
    ("label", "message"),
    [
        ("سیزده ماهه ۱۳۹۸", "a year has 12 months, not 13"),
        ("۱۳ ماهه نخست ۱۳۹۸", "a year has 12 months, not 13"),
        ("۰ ماهه ۱۳۹۸", "a year has 12 months, not 0"),
        ("بیست ماهه ۱۳۹۸", "a year has 12 months, not 20"),
        ("فلان ماه ۱۳۹۸", "a month name"),
        ("نه ماهه دوم ۱۳۹۸", "block 2 would end in month 18"),
        ("نیمه سوم ۱۳۹۹", "block 3 would end in month 18"),
        ("از فروردین ۱۳۹۷ تا آذر ۱۳۹۸", "months of one Jalali year"),
        ("۱۳۹۸-۰۱..۱۳۹۹-۰۹", "months of one Jalali year"),
        ("از آذر تا فروردین ۱۳۹۸", "a last month from the first month"),
        ("سال ۱۵۰۰", f"a year from {MIN_YEAR} to {MAX_YEAR}"),
        ("نه ماهه نخست ۹۸", "نه ماهه نخست سال ۱۳۹۸"),  # two-digit year: the list of forms
        ("فصل پنجم ۱۴۰۱", "از فروردین تا آذر ۱۳۹۸"),
        ("نه ماهه نخست", "four-digit"),
    ],
)
def test_parse_rejects_bad_persian_wordings_saying_what_was_expected(label, message):
    with pytest.raises(SmeAnalysisError) as caught:
        JalaliPeriod.parse(label)
    problem = caught.value.problems[0]
    assert problem.found == repr(label)
    assert problem.column == "label"
    assert message in problem.expected


YEARS = {
    "۱۳۹۵ تا ۱۳۹۸": [1395, 1396, 1397, 1398],
    "١٣٩٥ تا ١٣٩٨": [1395, 1396, 1397, 1398],
    "از ۱۳۹۵ تا ۱۳۹۸": [1395, 1396, 1397, 1398],
    "سال\u200cهای ۱۳۹۵ تا ۱۳۹۸": [1395, 1396, 1397, 1398],
    "سالهای ۱۳۹۵ الی ۱۳۹۷": [1395, 1396, 1397],
    "۱۳۹۵ لغایت ۱۳۹۶": [1395, 1396],
    "۱۳۹۵، ۱۳۹۸": [1395, 1398],
    "۱۳۹۵،۱۳۹۸": [1395, 1398],
    "۱۳۹۵ و ۱۳۹۸": [1395, 1398],
    "۱۳۹۵ تا ۱۳۹۷، ۱۴۰۰": [1395, 1396, 1397, 1400],
    "سال ۱۴۰۰": [1400],
    "۱۴۰۰": [1400],
}


@pytest.mark.parametrize(("years", "expected"), YEARS.items(), ids=list(YEARS))
def test_parse_years_reads_persian_ranges_and_lists(years, expected):
    assert parse_years(years) == expected


def test_parse_years_reads_a_list_of_persian_strings_and_checks_available():
    assert parse_years(["۱۳۹۸", "۱۳۹۵ تا ۱۳۹۶"]) == [1395, 1396, 1398]
    with pytest.raises(SmeAnalysisError, match="1397"):
        parse_years("۱۳۹۵ تا ۱۳۹۷", available=[1395, 1396])


@pytest.mark.parametrize(
    ("years", "message"),
    [
        ("۱۳۹۸ تا ۱۳۹۵", "first year first"),
        ("۱۳۹۵ تا", "۱۳۹۵ تا ۱۳۹۸"),
        ("۱۳۹۵، ۹۸", "۱۳۹۵، ۱۳۹۸"),
    ],
)
def test_parse_years_rejects_bad_persian_text(years, message):
    with pytest.raises(SmeAnalysisError, match=message):
        parse_years(years)


_PIECES = [
    *"0123456789۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩ ",
    "۱۳۹۸",
    "۱۴۰۰",
    "سال ",
    "ماه",
    "ماهه ",
    "نه ",
    "دوازده ",
    "سیزده ",
    "نخست ",
    "اول ",
    "دوم ",
    "آخر ",
    "نیمه ",
    "فصل ",
    "پاییز ",
    "آذر",
    "دي",
    "از ",
    " تا ",
    "ابتدای ",
    "پایان ",
    "\u200c",
    "\u200f",
    "ی",
    "،",
]
persian_labels = st.lists(st.sampled_from(_PIECES), max_size=10).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(persian_labels)
def test_persian_labels_give_a_valid_period_or_our_error(label):
    try:
        period = JalaliPeriod.parse(label)
    except SmeAnalysisError as error:
        assert error.problems[0].found == repr(label) and error.problems[0].expected
        return
    assert MIN_YEAR <= period.year <= MAX_YEAR
    assert 1 <= period.first_month <= period.last_month <= 12
    assert JalaliPeriod.parse(period.label) == period

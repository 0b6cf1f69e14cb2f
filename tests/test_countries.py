"""smeanalysis.countries: names (English, Persian) and ISO 3166-1 codes resolved to alpha-3."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pycountry
import pytest

from smeanalysis import countries
from smeanalysis.errors import ParameterError, SmeAnalysisError

ISO = list(pycountry.countries)
PERSIAN = countries.country_names_fa()
ALIASES = countries.country_aliases()


# ---------------------------------------------------------------------------------------------
# The data tables


def test_every_persian_row_resolves_to_its_code():
    resolved = countries.resolve(PERSIAN["name_fa"])
    wrong = PERSIAN.loc[resolved != PERSIAN["iso3"], ["name_fa", "iso3"]]
    assert wrong.empty, wrong


def test_every_english_alias_resolves_to_its_code():
    resolved = countries.resolve(ALIASES["alias"])
    wrong = ALIASES.loc[resolved != ALIASES["iso3"], ["alias", "iso3"]]
    assert wrong.empty, wrong


@pytest.mark.parametrize("table", [PERSIAN, ALIASES], ids=["persian", "english"])
def test_every_row_names_a_real_code_and_a_public_source(table):
    iso3 = {c.alpha_3 for c in ISO}
    assert set(table["iso3"]) <= iso3
    assert table["source"].str.len().gt(0).all()
    assert table["source_url"].str.startswith("https://").all()
    name = table.columns[0]
    assert not table.duplicated([name, "iso3"]).any()
    assert table[name].str.strip().eq(table[name]).all()


def test_persian_table_has_its_columns_and_a_name_for_every_iso_country():
    assert list(PERSIAN.columns) == ["name_fa", "iso3", "source", "source_url"]
    assert {c.alpha_3 for c in ISO} <= set(PERSIAN["iso3"])


def test_persian_cldr_rows_agree_with_babels_copy_of_cldr():
    babel = pytest.importorskip("babel")
    persian = babel.Locale("fa").territories
    iso2 = {c.alpha_3: c.alpha_2 for c in ISO}
    rows = PERSIAN[PERSIAN["source"] == "Unicode CLDR 47 Persian (fa) territory names"]
    assert len(rows) == len(ISO)  # one CLDR name per ISO country
    differ = [
        (n, c) for n, c in zip(rows["name_fa"], rows["iso3"], strict=True) if persian[iso2[c]] != n
    ]
    assert not differ


# Iran's main trade partners (neighbours, GCC, China, India, EU, Russia and CIS, East Asia,
# Africa's main partners), by their Persian names as CLDR writes them.
TRADE_PARTNERS_FA = {
    "عراق": "IRQ",
    "افغانستان": "AFG",
    "پاکستان": "PAK",
    "ترکیه": "TUR",
    "ترکمنستان": "TKM",
    "ارمنستان": "ARM",
    "جمهوری آذربایجان": "AZE",
    "روسیه": "RUS",
    "قزاقستان": "KAZ",
    "ازبکستان": "UZB",
    "تاجیکستان": "TJK",
    "قرقیزستان": "KGZ",
    "گرجستان": "GEO",
    "بلاروس": "BLR",
    "امارات متحدهٔ عربی": "ARE",
    "عمان": "OMN",
    "قطر": "QAT",
    "کویت": "KWT",
    "بحرین": "BHR",
    "عربستان سعودی": "SAU",
    "چین": "CHN",
    "هند": "IND",
    "کرهٔ جنوبی": "KOR",
    "ژاپن": "JPN",
    "تایلند": "THA",
    "مالزی": "MYS",
    "اندونزی": "IDN",
    "ویتنام": "VNM",
    "سنگاپور": "SGP",
    "آلمان": "DEU",
    "ایتالیا": "ITA",
    "فرانسه": "FRA",
    "هلند": "NLD",
    "اسپانیا": "ESP",
    "بلژیک": "BEL",
    "سوئد": "SWE",
    "سوئیس": "CHE",
    "بریتانیا": "GBR",
    "سوریه": "SYR",
    "لبنان": "LBN",
    "ونزوئلا": "VEN",
    "برزیل": "BRA",
    "افریقای جنوبی": "ZAF",
    "کنیا": "KEN",
    "تانزانیا": "TZA",
    "نیجریه": "NGA",
    "مصر": "EGY",
    "الجزایر": "DZA",
}


def test_main_trade_partners_are_in_the_persian_table():
    listed = dict(zip(PERSIAN["name_fa"], PERSIAN["iso3"], strict=True))
    assert {n: listed.get(n) for n in TRADE_PARTNERS_FA} == TRADE_PARTNERS_FA
    assert countries.resolve(list(TRADE_PARTNERS_FA)) == list(TRADE_PARTNERS_FA.values())


# ---------------------------------------------------------------------------------------------
# Codes


@pytest.mark.parametrize("field", ["alpha_2", "alpha_3", "numeric"])
def test_every_iso_code_round_trips(field):
    codes = [getattr(c, field) for c in ISO]
    assert countries.resolve(codes) == [c.alpha_3 for c in ISO]
    if field != "numeric":
        assert countries.resolve([c.lower() for c in codes]) == [c.alpha_3 for c in ISO]


def test_every_iso_name_resolves():
    for field in ("name", "official_name", "common_name"):
        pairs = [(getattr(c, field), c.alpha_3) for c in ISO if getattr(c, field, None)]
        pairs = [(n, c) for n, c in pairs if n != "Congo"]  # ambiguous in use, see below
        names, codes = zip(*pairs, strict=True)
        assert countries.resolve(list(names)) == list(codes), field


@pytest.mark.parametrize(
    ("code", "iso3"),
    [
        ("iq", "IRQ"),
        ("IRQ", "IRQ"),
        ("368", "IRQ"),
        ("۳۶۸", "IRQ"),  # Persian digits
        ("٣٦٨", "IRQ"),  # Arabic-Indic digits
        (368, "IRQ"),
        (np.int64(368), "IRQ"),
        ("4", "AFG"),
        ("004", "AFG"),
        ("۴", "AFG"),
        (" ae ", "ARE"),
        ("Are", "ARE"),
    ],
)
def test_codes_in_any_script_and_case(code, iso3):
    assert countries.resolve(code) == iso3


# ---------------------------------------------------------------------------------------------
# Named variants

VARIANTS = {
    "UAE": "ARE",
    "U.A.E.": "ARE",
    "u.a.e": "ARE",
    "Emirates": "ARE",
    "United Arab Emirates": "ARE",
    "the United Arab Emirates": "ARE",
    "Turkey": "TUR",
    "Türkiye": "TUR",
    "Turkiye": "TUR",
    "TURKIYE": "TUR",
    "Korea, Republic of": "KOR",
    "Republic of Korea": "KOR",
    "South Korea": "KOR",
    "North Korea": "PRK",
    "Russia": "RUS",
    "Russian Federation": "RUS",
    "Iraq": "IRQ",
    "Afghanistan": "AFG",
    "China": "CHN",
    "India": "IND",
    "Pakistan": "PAK",
    "Oman": "OMN",
    "Armenia": "ARM",
    "Azerbaijan": "AZE",
    "Kazakhstan": "KAZ",
    "Syria": "SYR",
    "Syrian Arab Republic": "SYR",
    "Venezuela": "VEN",
    "Iran": "IRN",
    "Guinea": "GIN",
    "Côte d'Ivoire": "CIV",
    "Cote d’Ivoire": "CIV",
    "Ivory Coast": "CIV",
    "UK": "GBR",
    "US": "USA",
    "Bosnia & Herzegovina": "BIH",
    "Virgin Islands, U.S.": "VIR",
    "US Virgin Islands": "VIR",
    "Bonaire, Sint Eustatius and Saba": "BES",
    "Bonaire Sint Eustatius and Saba": "BES",
    "Congo - Kinshasa": "COD",
    # Persian, with CLDR's ezafe, without it, with ZWNJ, with Arabic letters
    "عراق": "IRQ",
    "امارات": "ARE",
    "امارات متحده عربی": "ARE",
    "امارات متحدهٔ عربی": "ARE",
    "امارات متحدۀ عربی": "ARE",
    "امارات  متحده‌ی عربی": "ARE",
    "ترکیه": "TUR",
    "تركيه": "TUR",
    "چین": "CHN",
    "افغانستان": "AFG",
    "هند": "IND",
    "پاکستان": "PAK",
    "روسیه": "RUS",
    "کره جنوبی": "KOR",
    "کرهٔ جنوبی": "KOR",
    "کره‌ی جنوبی": "KOR",
    "كره جنوبي": "KOR",
    "کشور عراق": "IRQ",
    "عربستان": "SAU",
    "هنگ کنگ": "HKG",
    "هنگ‌کنگ": "HKG",
    "ایالات متحده آمریکا": "USA",
    "ایالات متحده": "USA",
    "ايالات متحده امريكا": "USA",
    "جمهوری آذربایجان": "AZE",
    "کوریای جنوبی": "KOR",  # Dari (CLDR fa-AF)
}


@pytest.mark.parametrize(("name", "iso3"), VARIANTS.items())
def test_named_variants(name, iso3):
    assert countries.resolve(name) == iso3


# ---------------------------------------------------------------------------------------------
# Errors


def test_unknown_names_raise_with_closest_matches_and_positions():
    with pytest.raises(SmeAnalysisError) as caught:
        countries.resolve(pd.Series(["Iraq", "Irak", "Narnia", "Irak"], name="destination"))
    error = caught.value
    assert error.summary == "2 unknown country names:"
    first, second = error.problems
    assert (first.line, first.column) == (1, "destination")
    assert first.found == "'Irak' (positions 1, 3)"
    assert "closest: 'Iraq' (IRQ)" in first.expected
    assert second.found == "'Narnia' (position 2)"
    assert "closest:" in second.expected


def test_persian_typo_names_the_persian_spelling():
    with pytest.raises(SmeAnalysisError) as caught:
        countries.resolve("عراقق")
    assert "'عراق' (IRQ)" in caught.value.problems[0].expected


@pytest.mark.parametrize(
    ("name", "candidates"),
    [
        ("Korea", ("KOR", "PRK")),
        ("KOREA", ("KOR", "PRK")),
        ("Congo", ("COG", "COD")),
        ("the Congo", ("COG", "COD")),
        ("Virgin Islands", ("VGB", "VIR")),
        ("کره", ("KOR", "PRK")),
        ("کنگو", ("COG", "COD")),
        ("آذربایجان", ("AZE",)),
        ("آمریکا", ("USA",)),
        ("امریكا", ("USA",)),
    ],
)
def test_ambiguous_names_raise_naming_the_candidates(name, candidates):
    with pytest.raises(SmeAnalysisError) as caught:
        countries.resolve([name])
    assert caught.value.summary == "1 ambiguous country name:"
    expected = caught.value.problems[0].expected
    assert "ambiguous" in expected
    assert all(c in expected for c in candidates)
    assert countries.resolve([name], errors="coerce") == [pd.NA]


def test_unknown_and_ambiguous_together_are_all_reported():
    with pytest.raises(SmeAnalysisError) as caught:
        countries.resolve(["Korea", "Atlantis", "Iraq"])
    assert caught.value.summary == "2 unknown or ambiguous country names:"
    assert [p.line for p in caught.value.problems] == [0, 1]


@pytest.mark.parametrize("value", ["999", "000", 999, -4, 3.5, True, ["IQ"], ""])
def test_unassigned_codes_and_non_text_raise(value):
    array = np.empty(1, dtype=object)
    array[0] = value
    with pytest.raises(SmeAnalysisError):
        countries.resolve(array)


def test_coerce_gives_missing_for_unknown_and_keeps_the_rest():
    out = countries.resolve(["Iraq", "Narnia", "Korea", None, "۳۶۸"], errors="coerce")
    assert out == ["IRQ", pd.NA, pd.NA, pd.NA, "IRQ"]


def test_bad_errors_option_is_a_parameter_error():
    with pytest.raises(ParameterError, match="'raise' or 'coerce'"):
        countries.resolve("Iraq", errors="ignore")
    with pytest.raises(TypeError):
        countries.resolve("Iraq", "coerce")  # errors is keyword-only


# ---------------------------------------------------------------------------------------------
# Shapes and missing values


@pytest.mark.parametrize("missing", [None, np.nan, pd.NA, pd.NaT, float("nan")])
def test_missing_in_missing_out(missing):
    assert countries.resolve(missing) is pd.NA
    assert countries.resolve(["Iraq", missing]) == ["IRQ", pd.NA]


def test_scalar_in_scalar_out():
    assert countries.resolve("Iraq") == "IRQ"


def test_list_and_tuple_give_a_list():
    assert countries.resolve(["Iraq", "UAE"]) == ["IRQ", "ARE"]
    assert countries.resolve(("Iraq", "UAE")) == ["IRQ", "ARE"]
    assert countries.resolve([]) == []


def test_series_keeps_index_and_name_and_is_not_modified():
    series = pd.Series(["عراق", None, "Türkiye"], index=[10, 20, 30], name="dest")
    before = series.copy()
    out = countries.resolve(series)
    assert out.index.tolist() == [10, 20, 30]
    assert out.name == "dest"
    assert out.dtype == "string"
    assert out.tolist() == ["IRQ", pd.NA, "TUR"]
    pd.testing.assert_series_equal(series, before)


def test_string_dtype_and_categorical_series():
    string = pd.Series(["iq", pd.NA], dtype="string")
    assert countries.resolve(string).tolist() == ["IRQ", pd.NA]
    categorical = pd.Series(["China", "China", "Iraq"], dtype="category")
    assert countries.resolve(categorical).tolist() == ["CHN", "CHN", "IRQ"]


def test_numpy_array_keeps_its_shape():
    array = np.array([["Iraq", "UAE"], ["CN", "356"]])
    out = countries.resolve(array)
    assert out.shape == (2, 2)
    assert out.tolist() == [["IRQ", "ARE"], ["CHN", "IND"]]


def test_index_gives_an_index():
    out = countries.resolve(pd.Index(["Iraq", "Oman"], name="to"))
    assert isinstance(out, pd.Index)
    assert out.name == "to"
    assert out.tolist() == ["IRQ", "OMN"]


def test_long_column_matches_element_by_element():
    generator = np.random.default_rng(7)  # synthetic draws of known spellings
    pool = np.array([*VARIANTS, *PERSIAN["name_fa"][:50], None], dtype=object)
    values = pd.Series(pool[generator.integers(0, len(pool), size=5_000)])
    vectorized = countries.resolve(values)
    one_by_one = values.map(countries.resolve, na_action="ignore").astype("string")
    pd.testing.assert_series_equal(vectorized, one_by_one)


# ---------------------------------------------------------------------------------------------
# The countries table


def test_countries_table_has_one_row_per_iso_country():
    table = countries.countries_table()
    assert list(table.columns) == ["iso3", "iso2", "numeric", "name_en", "name_fa"]
    assert len(table) == len(ISO) == table["iso3"].nunique()
    assert table["name_fa"].notna().all()
    row = table.set_index("iso3").loc["ARE"]
    assert (row["iso2"], row["numeric"], row["name_fa"]) == ("AE", "784", "امارات متحدهٔ عربی")

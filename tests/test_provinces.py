"""Tests for smeanalysis.provinces: the table, resolve, names and code helpers."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from smeanalysis import provinces
from smeanalysis.errors import ParameterError, SmeAnalysisError
from smeanalysis.paths import PROJECT_ROOT

# ../shared sits beside the checkout (as in CI); the file is read, never copied in.
REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference" / "iran_provinces.csv"


@pytest.fixture(scope="module")
def reference() -> pd.DataFrame:
    if not REFERENCE.exists():
        pytest.skip(f"independent reference table {REFERENCE} is absent (no ../shared)")
    return pd.read_csv(REFERENCE, dtype="string", keep_default_na=False)


# --- the table ---------------------------------------------------------------------------------


def test_table_has_31_unique_provinces_in_code_order():
    table = provinces.provinces_table()
    assert len(table) == 31
    assert table["code"].is_unique and table["code_before_2020"].is_unique
    assert table["name_en"].is_unique and table["name_fa"].is_unique
    assert table["code"].tolist() == [f"IR-{n:02d}" for n in range(31)]
    assert list(table.columns) == ["code", "code_before_2020", "name_en", "name_fa", "name_iso"]
    assert all(str(t) == "string" for t in table.dtypes)


def test_table_is_a_fresh_copy_each_call():
    first = provinces.provinces_table()
    first.loc[0, "name_en"] = "changed"
    assert provinces.provinces_table().loc[0, "name_en"] == "Markazi"


@pytest.mark.parametrize(
    ("code", "old", "english"),
    [
        ("IR-00", "IR-22", "Markazi"),
        ("IR-01", "IR-19", "Gilan"),
        ("IR-02", "IR-21", "Mazandaran"),
        ("IR-03", "IR-01", "East Azerbaijan"),
        ("IR-10", "IR-04", "Isfahan"),
        ("IR-23", "IR-07", "Tehran"),
        ("IR-30", "IR-32", "Alborz"),
    ],
)
def test_known_codes_from_the_iso_newsletter(code, old, english):
    table = provinces.provinces_table().set_index("code")
    assert table.loc[code, "code_before_2020"] == old
    assert table.loc[code, "name_en"] == english


def test_table_agrees_with_the_independent_reference(reference):
    ours = provinces.provinces_table()
    merged = ours.merge(
        reference, left_on="code", right_on="iso_3166_2", how="outer", validate="1:1"
    )
    assert len(merged) == 31 and merged["code"].notna().all()
    assert (merged["code_before_2020"] == merged["iso_3166_2_before_2020_11_24"]).all()
    assert (merged["name_fa_x"] == merged["name_fa_y"]).all()
    assert (merged["name_iso"] == merged["name_iso_romanized"]).all()
    # English names are a choice between spellings: they must at least name the same province.
    assert (provinces.resolve(merged["name_en_y"]) == merged["code"]).all()


def _reference_spellings(reference: pd.DataFrame) -> list[tuple[str, str]]:
    single = [
        "name_iso_romanized",
        "name_iso_ascii",
        "name_en",
        "name_fa",
        "name_fa_full",
        "alt_name_en_osm",
        "alt_name_fa_osm",
        "name_de_osm",
        "name_fr_osm",
        "wikipedia_en_title",
    ]
    listed = ["spellings_from_sources", "spellings_manual_unsourced", "all_spellings"]
    pairs = []
    for row in reference.itertuples(index=False):
        record = row._asdict()
        for column in single:
            if record[column]:
                pairs.append((record[column], record["iso_3166_2"]))
        for column in listed:
            pairs.extend((s, record["iso_3166_2"]) for s in record[column].split("|") if s)
    return pairs


def test_resolve_every_spelling_in_the_reference(reference):
    pairs = _reference_spellings(reference)
    assert len(pairs) > 300
    spellings = pd.Series([s for s, _ in pairs], dtype="string")
    expected = pd.Series([c for _, c in pairs], dtype="string")
    got = provinces.resolve(spellings, errors="coerce")
    wrong = spellings[got.ne(expected).fillna(True)]
    assert wrong.empty, f"not resolved: {wrong.tolist()}"


def test_resolve_old_codes_from_the_reference(reference):
    got = provinces.resolve(reference["iso_3166_2_before_2020_11_24"], code_vintage="pre2020")
    assert got.tolist() == reference["iso_3166_2"].tolist()
    assert provinces.old_to_new_code(reference["iso_3166_2_before_2020_11_24"]).tolist() == (
        reference["iso_3166_2"].tolist()
    )


def test_every_geography_of_the_shipped_fact_base_resolves():
    path = PROJECT_ROOT / "data" / "raw" / "official_figures.csv"
    if not path.exists():
        pytest.skip(f"{path} is absent")
    geography = pd.read_csv(path, usecols=["geography"], dtype="string")["geography"]
    codes = provinces.resolve(geography, allow_national=True)
    national = geography.eq("Iran")
    assert national.any() and (~national).any()
    assert codes[national].isna().all() and codes[~national].notna().all()


# --- resolve -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Isfahan", "IR-10"),
        ("Esfahan", "IR-10"),
        ("  ESFAHAN province ", "IR-10"),
        ("Eşfahān", "IR-10"),
        ("Ostan-e Esfahan", "IR-10"),
        ("Province of Isfahan", "IR-10"),
        ("استان اصفهان", "IR-10"),
        ("Khorasan Razavi", "IR-09"),
        ("Razavi Khorasan", "IR-09"),
        ("Khorāsān-e Raẕavī", "IR-09"),
        ("خراسان رضوی", "IR-09"),
        ("Kordestan", "IR-12"),
        ("Kurdistan", "IR-12"),
        ("Kohgiluyeh and Boyer-Ahmad", "IR-17"),
        ("Kohgiluyeh & Boyer Ahmad", "IR-17"),
        ("Kohkiluyeh va BoyerAhmad", "IR-17"),
        ("Kohgiluyeh-o-Boyer'ahmad", "IR-17"),  # colloquial "o" for "va"
        ("Sistan-o-Baluchestan", "IR-11"),
        ("Esfahan Kerman", None),  # two provinces in one cell: not guessed
        ("کهگیلویه و بویر احمد", "IR-17"),
        ("Chaharmahal and Bakhtiari", "IR-14"),
        ("Chahar Mahal va Bakhtiyari", "IR-14"),
        ("Sistan & Baluchestan", "IR-11"),
        ("Sistan-Baluchistan", "IR-11"),
        ("East Azarbaijan", "IR-03"),
        ("Azerbaijan, West", "IR-04"),
        ("آذربایجان غربی", "IR-04"),
        ("آذربايجان شرقي", "IR-03"),  # Arabic yeh
        ("Hamedan", "IR-13"),
        ("Luristan", "IR-15"),
        ("Ghom", "IR-25"),
        ("North Khorasan", "IR-28"),
        ("Khorasan-e Jonubi", "IR-29"),
        ("خراسان\u200cجنوبی", "IR-29"),  # ZWNJ
        ("كرمان", "IR-08"),  # Arabic kaf
        ("Kermanshah", "IR-05"),
        ("IR-10", "IR-10"),
        ("ir 23", "IR-23"),
        ("IR-۱۰", "IR-10"),
    ],
)
def test_resolve_spellings(text, code):
    got = provinces.resolve(text, errors="coerce")
    if code is None:
        assert got is pd.NA
    else:
        assert got == code


def test_every_province_resolves_from_each_of_its_names():
    table = provinces.provinces_table()
    for column in ("name_en", "name_fa", "name_iso", "code"):
        assert provinces.resolve(table[column]).tolist() == table["code"].tolist(), column
    assert (
        provinces.resolve(table["code_before_2020"], code_vintage="pre2020").tolist()
        == table["code"].tolist()
    )


def test_every_alias_round_trips_through_name():
    aliases = provinces.province_aliases()
    codes = provinces.resolve(aliases["spelling"])
    assert codes.tolist() == aliases["code"].tolist()
    names = provinces.name(codes)
    assert provinces.resolve(names).tolist() == codes.tolist()


def test_series_keeps_index_and_name_and_missing_values():
    names = pd.Series(["Qom", None, "Yazd", np.nan, "Qom"], index=[10, 11, 12, 13, 14], name="g")
    before = names.copy()
    got = provinces.resolve(names)
    assert got.index.tolist() == [10, 11, 12, 13, 14] and got.name == "g"
    assert str(got.dtype) == "string"
    assert got.tolist() == ["IR-25", pd.NA, "IR-21", pd.NA, "IR-25"]
    pd.testing.assert_series_equal(names, before)  # input untouched


def test_shapes_list_array_index_scalar():
    assert provinces.resolve(["Fars", "Ilam"]) == ["IR-07", "IR-16"]
    array = provinces.resolve(np.array(["Fars", "Ilam"]))
    assert isinstance(array, np.ndarray) and array.tolist() == ["IR-07", "IR-16"]
    index = provinces.resolve(pd.Index(["Fars"], name="x"))
    assert isinstance(index, pd.Index) and index.name == "x" and index.tolist() == ["IR-07"]
    assert provinces.resolve(None) is pd.NA
    assert provinces.resolve([]) == []


def test_unknown_names_listed_once_with_positions_and_closest_match():
    names = pd.Series(["Isfahan", "Esfahn", "Tehran", "Esfahn", "Atlantis"], name="geography")
    with pytest.raises(SmeAnalysisError) as info:
        provinces.resolve(names)
    err = info.value
    assert len(err.problems) == 2
    esf, atl = err.problems
    assert esf.line == 1 and esf.column == "geography"
    assert "'Esfahn'" in esf.found and "positions 1, 3" in esf.found
    assert "'Esfahan' (IR-10)" in esf.expected
    assert atl.line == 4 and "no close match" in atl.expected
    assert "2 unknown province names" in str(err)


def test_coerce_gives_na_for_unknown():
    got = provinces.resolve(pd.Series(["Esfahn", "Fars"]), errors="coerce")
    assert got.tolist() == [pd.NA, "IR-07"]


def test_national_names_are_not_provinces():
    with pytest.raises(SmeAnalysisError, match="allow_national=True"):
        provinces.resolve("Iran")
    got = provinces.resolve(["Iran", "national", "ایران", "Gilan"], allow_national=True)
    assert got == [pd.NA, pd.NA, pd.NA, "IR-01"]
    for national in provinces.NATIONAL_NAMES:
        assert provinces.resolve(national, allow_national=True) is pd.NA


def test_codes_follow_the_vintage_asked_for():
    assert provinces.resolve("IR-04") == "IR-04"  # West Azerbaijan since 2020
    assert provinces.resolve("IR-04", code_vintage="pre2020") == "IR-10"  # Isfahan before
    with pytest.raises(SmeAnalysisError, match="code_vintage='pre2020'"):
        provinces.resolve("IR-32")  # Alborz's old code: no current IR-32
    with pytest.raises(SmeAnalysisError):
        provinces.resolve("IR-00", code_vintage="pre2020")


def test_non_text_values_are_reported():
    with pytest.raises(SmeAnalysisError, match="as text"):
        provinces.resolve(pd.Series(["Fars", 7], dtype=object))
    for unhashable in (["Fars"] * 40 + [["Fars"]], [{"Fars"}]):  # long and short routes
        with pytest.raises(SmeAnalysisError, match="as text") as info:
            provinces.resolve(unhashable)
        assert info.value.problems[0].line == len(unhashable) - 1


def test_empty_categorical_and_two_dimensional_inputs():
    assert provinces.resolve(pd.Series([], dtype=object)).empty
    categorical = pd.Series(pd.Categorical(["Fars", "Qom", "Fars"]), index=[1, 1, 2])
    assert provinces.resolve(categorical).tolist() == ["IR-07", "IR-25", "IR-07"]
    grid = provinces.resolve(np.array([["Fars", "Qom"], ["Ilam", None]], dtype=object))
    assert grid.shape == (2, 2) and grid[0, 1] == "IR-25" and grid[1, 1] is pd.NA


def test_bad_options_raise_parameter_error():
    with pytest.raises(ParameterError):
        provinces.resolve("Fars", errors="ignore")
    with pytest.raises(ParameterError):
        provinces.resolve("Fars", code_vintage="1990")
    with pytest.raises(ParameterError):
        provinces.name("IR-10", lang="de")


def test_large_series_resolves_each_distinct_value_once():
    rng = np.random.default_rng(0)  # synthetic: random choice among known spellings
    spellings = provinces.province_aliases()
    picks = rng.integers(0, len(spellings), size=20_000)
    names = pd.Series(spellings["spelling"].to_numpy()[picks], dtype="string")
    got = provinces.resolve(names)
    assert got.tolist() == spellings["code"].to_numpy()[picks].tolist()


# --- names and codes ---------------------------------------------------------------------------


def test_name_in_each_language_and_shape():
    assert provinces.name("IR-23") == "Tehran"
    assert provinces.name("IR-23", lang="fa") == "تهران"
    got = provinces.name(pd.Series(["IR-10", None], index=["a", "b"]), lang="en")
    assert got.index.tolist() == ["a", "b"] and got.tolist() == ["Isfahan", pd.NA]


def test_name_rejects_unknown_codes():
    with pytest.raises(SmeAnalysisError, match="IR-31"):
        provinces.name(["IR-10", "IR-31"])


def test_old_and_new_codes_round_trip():
    codes = pd.Series(provinces.PROVINCE_CODES)
    assert provinces.old_to_new_code(provinces.new_to_old_code(codes)).tolist() == list(
        provinces.PROVINCE_CODES
    )
    assert provinces.new_to_old_code("IR-27") == "IR-27"  # Golestan kept its number
    assert provinces.old_to_new_code(" ir-04 ") == "IR-10"
    with pytest.raises(SmeAnalysisError, match="before 2020"):
        provinces.old_to_new_code("IR-00")

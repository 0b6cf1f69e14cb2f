"""The shipped spellings table (how public lists spell the provinces) and the cases of issue 14."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from smeanalysis import provinces
from smeanalysis.errors import SmeAnalysisError

# ../shared sits beside the checkout (as in CI); the file is read, never copied in.
REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference" / "iran_provinces.csv"


@pytest.fixture(scope="module")
def spellings() -> pd.DataFrame:
    return provinces.province_spellings()


# --- the table ---------------------------------------------------------------------------------


def test_table_columns_and_types(spellings):
    assert list(spellings.columns) == ["spelling", "iso_3166_2", "source", "source_url"]
    assert all(str(t) == "string" for t in spellings.dtypes)
    assert (spellings != "").all().all(), "no empty cells"
    assert spellings["iso_3166_2"].isin(provinces.PROVINCE_CODES).all()
    assert spellings["source_url"].str.match(r"https?://\S+$").all()
    assert not spellings.duplicated(["spelling", "source"]).any()


def test_table_is_large_and_from_many_lists(spellings):
    assert len(spellings) >= 150
    assert spellings["source_url"].nunique() >= 8
    # Each list's name goes with one address.
    pairs = spellings.drop_duplicates(["source", "source_url"])
    assert not pairs["source"].duplicated().any()
    # Every province is spelled by several lists.
    assert spellings.groupby("iso_3166_2")["source"].nunique().min() >= 5
    assert set(spellings["iso_3166_2"]) == set(provinces.PROVINCE_CODES)


def test_every_row_resolves_to_its_code(spellings):
    got = provinces.resolve(spellings["spelling"], errors="coerce")
    wrong = spellings.loc[got.ne(spellings["iso_3166_2"]).fillna(True)]
    assert wrong.empty, f"not resolved to their code:\n{wrong.to_string()}"


def test_table_is_a_fresh_copy_each_call():
    first = provinces.province_spellings()
    first.loc[0, "spelling"] = "changed"
    assert provinces.province_spellings().loc[0, "spelling"] != "changed"


def test_table_codes_agree_with_the_independent_reference(spellings):
    if not REFERENCE.exists():
        pytest.skip(f"independent reference table {REFERENCE} is absent (no ../shared)")
    reference = pd.read_csv(REFERENCE, dtype="string", keep_default_na=False)
    persian = dict(zip(reference["name_fa"], reference["iso_3166_2"], strict=True))
    rows = spellings.loc[spellings["spelling"].isin(persian.keys())]
    assert len(rows) >= 31
    assert (rows["spelling"].map(persian) == rows["iso_3166_2"]).all()


# --- the named cases of issue 14 ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("سیستان وبلوچستان", "IR-11"),  # و joined to the next word
        ("سیستان\u200cوبلوچستان", "IR-11"),  # ... after a zero-width non-joiner
        ("Chahar Mahall va Bakhtiari", "IR-14"),  # "Mahall" with two l
        ("Chahar Mahall and Bakhtiari", "IR-14"),
        ("Sistan-va-Balouchestan", "IR-11"),
        ("Boushehr", "IR-18"),
        ("East Azarbayejan", "IR-03"),
        ("West Azarbayejan", "IR-04"),
        ("Chahār Maḩāll va Bakhtīārī", "IR-14"),  # older ISO romanization, with diacritics
        ("Chahār Mahāll va Bakhtīārī", "IR-14"),
        ("Kohgīlūyeh va Būyer Ahmad", "IR-17"),
        ("Khorasan-e-Razavi", "IR-09"),
        ("Khorasan-e- Razavi", "IR-09"),
        ("Khorāsān-e Shemālī", "IR-28"),
        ("Khorasan méridional", "IR-29"),
        ("Kohgiluyeh and Boyerahmad", "IR-17"),
        ("Kohgiluyeh and Buyer Ahmed", "IR-17"),
        ("Kohkiluyeh-o-Boyer Ahmad", "IR-17"),
        ("Chaharmahal and Bakhtiyari", "IR-14"),
        ("Sistan & Baluchestan", "IR-11"),
        ("Khouzestan", "IR-06"),
        ("Eşfahānn", "IR-10"),
        ("کهکیلویه و بویراحمد", "IR-17"),  # Persian misspelling: ک for گ
        ("كهكيلويه و بويراحمد", "IR-17"),  # ... with Arabic kaf and yeh
    ],
)
def test_named_spellings(text, code):
    assert provinces.resolve(text) == code


def test_doubled_digits_in_codes_are_not_folded():
    # Letters written twice count once; the digits of a code never do.
    assert provinces.resolve(["IR-11", "IR-22", "IR-00"]) == ["IR-11", "IR-22", "IR-00"]
    assert provinces.resolve("IR-11", code_vintage="pre2020") == "IR-19"


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("Khorasan", ["IR-09", "IR-28", "IR-29", "2004"]),
        ("Khorassan Province", ["IR-09", "IR-28", "IR-29"]),
        ("استان خراسان", ["IR-09", "IR-28", "IR-29"]),
        ("Azarbaijan", ["IR-03", "IR-04"]),
        ("Azarbayejan", ["IR-03", "IR-04"]),
        ("آذربایجان", ["IR-03", "IR-04"]),
    ],
)
def test_ambiguous_names_raise_naming_every_candidate(text, named):
    with pytest.raises(SmeAnalysisError, match="1 ambiguous province name") as info:
        provinces.resolve(pd.Series(["Fars", text], name="geography"))
    (problem,) = info.value.problems
    assert problem.line == 1 and problem.column == "geography"
    assert repr(text) in problem.found
    assert "ambiguous" in problem.expected
    for part in named:
        assert part in problem.expected
    assert provinces.resolve(text, errors="coerce") is pd.NA


def test_unknown_and_ambiguous_together_are_all_reported():
    with pytest.raises(SmeAnalysisError, match="2 unknown or ambiguous province names") as info:
        provinces.resolve(["Khorasan", "Atlantis", "Qom"])
    assert [p.line for p in info.value.problems] == [0, 1]
    assert "no close match" in info.value.problems[1].expected

"""Hostile customs extracts (tests/corpus/declarations) on every engine of
``trade.load_declarations``: rejected with located problems, or accepted with every row kept.

Synthetic corpus (tests/corpus/make_corpus.py); outcomes tabled in tests/corpus/README.md.
The declarations layout has no period end, percentage or source URL, so those cases of the
facts corpus have no counterpart here.
"""

from __future__ import annotations

import pandas as pd
import pytest
from corpus_support import case_path, corpus_cases, data_rows

from smeanalysis import trade
from smeanalysis.errors import SmeAnalysisError

ENGINES = ["pandas", "polars", "duckdb"]

#: Rejected on every engine: every problem as (line, column, a piece of what was found).
REJECTED: dict[str, list[tuple[int, str, str]]] = {
    "missing_column": [(1, "weight_kg", "no such column")],
    "misspelt_column": [(1, "value_usd", "no such column")],
    "persian_digits": [(3, "value_usd", "'۵۰۰۰'")],
    "persian_separator": [(3, "value_usd", "'۵٬۰۰۰'")],
    "billion_text": [(3, "value_usd", "'1.6 billion'")],
    "negative_value": [(3, "value_usd", "'-5000'")],
    "negative_weight": [(4, "weight_kg", "'-12'")],
    "esfand_30_common_year": [(2, "declaration_date", "'1398/12/30'")],
    "month_13": [(2, "declaration_date", "'1398/13/01'")],
    "unknown_province": [(4, "province", "'Atlantis'")],
    "unknown_destination": [(4, "destination", "'XXX'")],
    "bad_hs_code": [(4, "hs_code", "'84A8'")],
}

#: Accepted on every engine, with the same values as valid.csv.
ACCEPTED = {"valid", "bom", "crlf", "duplicate_rows", "extra_column", "html_text", "long_string"}

#: Cases with a wrong or engine-dependent outcome today: (engines affected, what happens).
#: Each is a strict xfail below and in the report to the lead.
KNOWN_BUGS: dict[str, tuple[list[str], str]] = {
    "empty": (["pandas", "polars"], "raises pandas EmptyDataError / polars NoDataError"),
    "cp1256": (ENGINES, "raises UnicodeDecodeError / polars ComputeError / duckdb exception"),
    "header_only": (ENGINES, "returns an empty table (facts rejects a header-only file)"),
    "persian_date": (ENGINES, "'۱۳۹۸/۰۹/۳۰' loads as 1398-09-30 with no note (r'\\d' + int())"),
    "infinite_value": (ENGINES, "value_usd 'inf' loads as infinity"),
    "semicolon": (["duckdb"], "duckdb sniffs ';' and loads the file silently"),
    "tab": (["duckdb"], "duckdb sniffs the tab and loads the file silently"),
    "short_row": (["duckdb"], "duckdb's sniffer fails and reports every column missing"),
    "blank_line": (
        ENGINES,
        "pandas/duckdb skip the blank line and number the next row 4 (it is on line 5); "
        "polars reads it as a row of empty fields",
    ),
}


def _load(case: str, engine: str) -> pd.DataFrame:
    """Load a case on one engine and return it as pandas, in file order."""
    result = trade.load_declarations(case_path("declarations", case), engine=engine)
    if engine == "polars":
        result = result.collect().to_pandas()
    elif engine == "duckdb":
        result = result.df()
    return result.sort_values("line").reset_index(drop=True)


def test_every_corpus_file_has_an_expected_outcome():
    assert corpus_cases("declarations") == set(REJECTED) | ACCEPTED | set(KNOWN_BUGS)


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("case", sorted(REJECTED))
def test_rejected_with_every_problem_located(case, engine):
    path = case_path("declarations", case)
    with pytest.raises(SmeAnalysisError) as caught:
        trade.load_declarations(path, engine=engine)
    problems = caught.value.problems
    assert [(p.line, p.column) for p in problems] == [(line, c) for line, c, _ in REJECTED[case]]
    for problem, (_, _, found) in zip(problems, REJECTED[case], strict=True):
        assert problem.file == str(path)
        assert found in problem.found
        assert problem.expected


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("case", sorted(ACCEPTED))
def test_accepted_files_lose_no_row(case, engine):
    loaded = _load(case, engine)
    path = case_path("declarations", case)
    assert len(loaded) == data_rows(path)
    assert loaded["line"].tolist() == list(range(2, data_rows(path) + 2))


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("case", ["bom", "crlf", "extra_column", "html_text", "long_string"])
def test_accepted_variants_load_the_same_values(case, engine):
    valid = _load("valid", engine)
    loaded = _load(case, engine)
    assert loaded["value_usd"].tolist() == valid["value_usd"].tolist()
    assert loaded["declaration_date"].tolist() == valid["declaration_date"].tolist()
    assert loaded["province_code"].tolist() == ["IR-10", "IR-23", "IR-07"]


@pytest.mark.parametrize("engine", ENGINES)
def test_extra_text_columns_are_kept_literally(engine):
    assert _load("html_text", engine)["note"].tolist() == ["<script>window.__pwned=1</script>"] * 3
    assert _load("long_string", engine)["note"].str.len().tolist() == [100_000] * 3


@pytest.mark.parametrize("engine", ENGINES)
def test_esfand_30_of_a_leap_year_is_accepted(engine):
    dates = _load("valid", engine)["declaration_date"].dt.strftime("%Y-%m-%d").tolist()
    assert dates == ["2019-12-21", "2021-03-20", "2020-06-01"]


def _bug_params():
    for case, (engines, what) in sorted(KNOWN_BUGS.items()):
        for engine in engines:
            mark = pytest.mark.xfail(strict=True, reason=f"trade.load_declarations {what}")
            yield pytest.param(case, engine, marks=mark, id=f"{case}-{engine}")


#: What a correct loader gives for the known-bug cases: a located SmeAnalysisError, or (for
#: persian_date, if accepted) a note of the normalization in ``attrs``.
EXPECTED_LINES = {
    "empty": 1,
    "cp1256": 3,
    "header_only": 2,
    "persian_date": 2,
    "infinite_value": 3,
    "semicolon": 1,
    "tab": 1,
    "short_row": 3,
    "blank_line": None,
}


@pytest.mark.parametrize(("case", "engine"), list(_bug_params()))
def test_known_bug_cases_fail_cleanly(case, engine):
    path = case_path("declarations", case)
    if case == "blank_line":
        loaded = _load(case, engine)
        assert loaded["line"].tolist() == [2, 3, 5]
        return
    try:
        result = trade.load_declarations(path, engine=engine)
    except SmeAnalysisError as error:
        assert error.problems[0].line == EXPECTED_LINES[case]
        assert error.problems[0].file == str(path)
    else:
        assert case == "persian_date" and result.attrs.get("normalizations")

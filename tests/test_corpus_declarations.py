"""Hostile customs extracts (tests/corpus/declarations) on every engine of
``trade.load_declarations``: rejected with located problems, or accepted with every row kept.

Synthetic corpus (tests/corpus/make_corpus.py); outcomes tabled in tests/corpus/README.md.
The declarations layout has no period end, percentage or source URL, so those cases of the
facts corpus have no counterpart here.
"""

from __future__ import annotations

import warnings

import pandas as pd
import pytest
from corpus_support import case_path, corpus_cases, data_rows

from smeanalysis import trade
from smeanalysis.errors import SmeAnalysisError
from smeanalysis.tables import DuplicateRowsWarning, NormalizationWarning

ENGINES = ["pandas", "polars", "duckdb"]

#: Rejected on every engine: every problem as (line, column, a piece of what was found).
REJECTED: dict[str, list[tuple[int, str | None, str]]] = {
    "empty": [(1, None, "an empty file")],
    "header_only": [(2, None, "a header and no data rows")],
    "cp1256": [(3, None, "bytes that are not UTF-8")],
    "missing_column": [(1, "weight_kg", "no such column")],
    "misspelt_column": [(1, "value_usd", "no such column")],
    # No sniffing on any engine: the whole header is one unknown field, every column missing.
    "semicolon": [(1, column, "no such column") for column in trade.COLUMNS],
    "tab": [(1, column, "no such column") for column in trade.COLUMNS],
    "short_row": [(3, "value_usd", "an empty field"), (3, "weight_kg", "an empty field")],
    # pandas, Polars and DuckDB each fail in their own way; the row is located the same.
    "long_row": [(3, None, "7 fields")],
    # Not a whole number once read as ASCII ("5,000"): rejected as written, like facts.
    "persian_separator": [(3, "value_usd", "'۵٬۰۰۰'")],
    "billion_text": [(3, "value_usd", "'1.6 billion'")],
    "infinite_value": [(3, "value_usd", "'inf'")],
    "negative_value": [(3, "value_usd", "'-5000'")],
    "negative_weight": [(4, "weight_kg", "'-12'")],
    "esfand_30_common_year": [(2, "declaration_date", "'1398/12/30'")],
    "month_13": [(2, "declaration_date", "'1398/13/01'")],
    "unknown_province": [(4, "province", "'Atlantis'")],
    "unknown_destination": [(4, "destination", "'XXX'")],
    "bad_hs_code": [(4, "hs_code", "'84A8'")],
}

#: A piece of what the first problem says is expected, where the wording is the point.
EXPECTED_HINT = {
    "empty": "a header line naming the columns",
    "cp1256": "re-save the file as UTF-8",
    "misspelt_column": "the header has 'valeu_usd'",
    "semicolon": "one field with ';' in it",
    "tab": "one field with '\\t' in it",
    "infinite_value": "finite number >= 0",
    "long_row": "6 fields, one per header column",
}

#: Accepted on every engine, with the same values as valid.csv.
ACCEPTED = {
    "valid",
    "blank_line",
    "bom",
    "crlf",
    "duplicate_rows",
    "extra_column",
    "html_text",
    "long_string",
    "persian_digits",
    "persian_date",
    "persian_iso_date",
}

#: Cells written in Persian digits and read as ASCII: (line, column, found, read as).
READ_AS_ASCII = {
    "persian_digits": (3, "value_usd", "۵۰۰۰", "5000"),
    "persian_date": (2, "declaration_date", "۱۳۹۸/۰۹/۳۰", "1398/09/30"),
    "persian_iso_date": (2, "declaration_date", "۲۰۱۹-۱۲-۲۱", "2019-12-21"),
}


def _load(case: str, engine: str) -> pd.DataFrame:
    """Load a case on one engine and return it as pandas, in file order."""
    result = trade.load_declarations(case_path("declarations", case), engine=engine)
    if engine == "polars":
        result = result.collect().to_pandas()
    elif engine == "duckdb":
        result = result.df()
    return result.sort_values("line").reset_index(drop=True)


def _record_lines(path) -> list[int]:
    """Physical lines of the data rows, counted independently: the non-blank lines after the
    header (the corpus has no quoted line breaks, which ``data_rows`` confirms)."""
    text = path.read_bytes().decode("utf-8-sig")
    lines = [number for number, line in enumerate(text.splitlines(), 1) if line][1:]
    assert len(lines) == data_rows(path)
    return lines


def test_every_corpus_file_has_an_expected_outcome():
    assert corpus_cases("declarations") == set(REJECTED) | ACCEPTED


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
    if case in EXPECTED_HINT:
        assert EXPECTED_HINT[case] in problems[0].expected


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("case", sorted(ACCEPTED))
@pytest.mark.filterwarnings("ignore::smeanalysis.tables.NormalizationWarning")
@pytest.mark.filterwarnings("ignore::smeanalysis.tables.DuplicateRowsWarning")
def test_accepted_files_lose_no_row(case, engine):
    loaded = _load(case, engine)
    path = case_path("declarations", case)
    assert loaded["line"].tolist() == _record_lines(path)


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(
    "case",
    [
        "bom",
        "crlf",
        "extra_column",
        "html_text",
        "long_string",
        "blank_line",
        "persian_digits",
        "persian_date",
        "persian_iso_date",
    ],
)
@pytest.mark.filterwarnings("ignore::smeanalysis.tables.NormalizationWarning")
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


def test_blank_line_keeps_physical_line_numbers():
    # blank_line.csv: header, a row, an empty line 3, rows on lines 4 and 5.
    assert _record_lines(case_path("declarations", "blank_line")) == [2, 4, 5]


@pytest.mark.parametrize(
    ("case", "kind", "count"), [("bom", "byte_order_mark", 1), ("crlf", "crlf_line_endings", 4)]
)
def test_file_normalisations_are_recorded_like_tables(case, kind, count):
    records = trade.load_declarations(case_path("declarations", case)).attrs["normalizations"]
    assert [(r["kind"], r["count"], r["column"]) for r in records] == [(kind, count, None)]


def test_a_clean_file_records_no_normalisation():
    assert trade.load_declarations(case_path("declarations", "valid")).attrs["normalizations"] == []


def test_duplicate_rows_are_kept_and_named_on_pandas():
    path = case_path("declarations", "duplicate_rows")
    with pytest.warns(
        DuplicateRowsWarning, match=r"1 row repeats an earlier row.*\(line 5 = line 2\)"
    ):
        loaded = trade.load_declarations(path)
    assert loaded["line"].tolist() == _record_lines(path)


@pytest.mark.parametrize("engine", ["polars", "duckdb"])
def test_duplicate_rows_are_kept_without_a_warning_on_lazy_engines(engine):
    # Documented: a lazy result is not grouped by whole rows (a second pass over the file).
    with warnings.catch_warnings():
        warnings.simplefilter("error", DuplicateRowsWarning)
        loaded = _load("duplicate_rows", engine)
    assert loaded["line"].tolist() == _record_lines(case_path("declarations", "duplicate_rows"))


@pytest.mark.parametrize("case", sorted(READ_AS_ASCII))
def test_persian_digits_are_read_and_each_cell_recorded_on_pandas(case):
    path = case_path("declarations", case)
    with pytest.warns(NormalizationWarning, match="Persian digits") as caught:
        loaded = trade.load_declarations(path)
    assert len([w for w in caught if w.category is NormalizationWarning]) == 1
    line, column, found, read_as = READ_AS_ASCII[case]
    records = loaded.attrs["normalizations"]
    assert [(r["line"], r["column"], r["kind"], r["found"], r["read_as"]) for r in records] == [
        (line, column, "persian_digits", found, read_as)
    ]


@pytest.mark.parametrize("engine", ["polars", "duckdb"])
@pytest.mark.parametrize("case", sorted(READ_AS_ASCII))
def test_persian_digits_are_read_without_records_on_lazy_engines(case, engine):
    with warnings.catch_warnings():
        warnings.simplefilter("error", NormalizationWarning)
        loaded = _load(case, engine)
    pd.testing.assert_frame_equal(loaded, _load("valid", engine))

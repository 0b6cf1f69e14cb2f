"""Hostile export-composition files (tests/corpus/composition): rejected with located
problems, or accepted with every row kept.

Synthetic corpus (tests/corpus/make_corpus.py); outcomes tabled in tests/corpus/README.md.
"""

from __future__ import annotations

import pandas as pd
import pytest
from corpus_support import case_path, corpus_cases, data_rows

from smeanalysis import composition, tables
from smeanalysis.errors import SmeAnalysisError
from smeanalysis.tables import DuplicateRowsWarning, NormalizationWarning

#: Rejected cases: every problem as (line, column, a piece of what was found).
REJECTED: dict[str, list[tuple[int | None, str | None, str]]] = {
    "empty": [(1, None, "an empty file")],
    "header_only": [(2, None, "no data rows")],
    "missing_column": [(1, "speaker", "no column 'speaker'")],
    "extra_column": [(1, "notes", "unexpected column 'notes'")],
    "misspelt_column": [(1, "sorce_url", "'sorce_url'")],
    "short_row": [(3, None, "13 fields")],
    "long_row": [(3, None, "16 fields")],
    "cp1256": [(3, None, "not UTF-8")],
    "persian_separator": [(3, "value", "'۶٬۰۰۰٬۰۰۰٬۰۰۰'")],
    "billion_text": [(3, "value", "'6 billion'")],
    "infinite_value": [(3, "value", "'inf'")],
    "nan_value": [(3, "value", "'nan'")],
    "negative_value": [(3, "value", "'-6000000000'")],
    "percent_above_100": [(4, "value", "117.6")],
    "impossible_date": [(2, "period_end", "'2021-02-30'")],
    "end_before_start": [(2, "period_end", "'2020-03-20'")],
    "unknown_unit": [(2, "unit", "'dollars'")],
    "missing_url": [(2, "source_url", "an empty cell")],
    "javascript_url": [(2, "source_url", "'javascript:alert(1)'")],
    "ftp_url": [(2, "source_url", "'ftp://example.org/synthetic/c1'")],
    "padded_cells": [(3, "partner", "' Iraq '"), (3, "value", "' 6000000000 '")],
}

#: A file in another delimiter: the header is one unknown column and all 15 are missing.
OTHER_DELIMITER = {"semicolon": ";", "tab": "\t"}

ACCEPTED = {
    "valid",
    "blank_line",
    "bom",
    "crlf",
    "duplicate_rows",
    "html_text",
    "long_string",
    "persian_digits",
    "persian_date",
}


def test_every_corpus_file_has_an_expected_outcome():
    assert corpus_cases("composition") == set(REJECTED) | set(OTHER_DELIMITER) | ACCEPTED


@pytest.mark.parametrize("case", sorted(REJECTED))
def test_rejected_with_every_problem_located(case):
    path = case_path("composition", case)
    with pytest.raises(SmeAnalysisError) as caught:
        composition.load_composition(path)
    problems = caught.value.problems
    assert [(p.line, p.column) for p in problems] == [(line, c) for line, c, _ in REJECTED[case]]
    for problem, (_, _, found) in zip(problems, REJECTED[case], strict=True):
        assert problem.file == str(path)
        assert found in problem.found
        assert problem.expected


@pytest.mark.parametrize("case", sorted(ACCEPTED))
def test_accepted_files_lose_no_row(case):
    path = case_path("composition", case)
    loaded = composition.load_composition(path)
    assert len(loaded) == data_rows(path)
    assert loaded["row_id"].tolist() == list(range(1, data_rows(path) + 1))


def test_persian_digits_are_read_and_recorded():
    with pytest.warns(UserWarning, match="digit"):
        loaded = composition.load_composition(case_path("composition", "persian_digits"))
    assert loaded["value"].iloc[1] == 6e9
    kinds = [(r["line"], r["column"]) for r in loaded.attrs["normalizations"]]
    assert kinds == [(3, "value")]


def test_a_persian_digit_period_date_is_read_and_recorded():
    path = case_path("composition", "persian_date")
    with pytest.warns(NormalizationWarning, match="period_end"):
        loaded = composition.load_composition(path)
    assert loaded["period_end"].iloc[0] == pd.Timestamp("2021-03-20")
    records = loaded.attrs["normalizations"]
    assert [(r["line"], r["column"], r["kind"], r["found"], r["read_as"]) for r in records] == [
        (2, "period_end", "persian_digits", "۲۰۲۱-۰۳-۲۰", "2021-03-20")
    ]
    valid = composition.load_composition(case_path("composition", "valid"))
    pd.testing.assert_frame_equal(loaded, valid)


def test_blank_line_is_skipped_and_later_rows_keep_their_physical_line():
    read, problems = tables.read_text(
        case_path("composition", "blank_line"), composition.RAW_COLUMNS
    )
    assert problems == []
    assert read.lines.tolist() == [2, 4, 5]


@pytest.mark.parametrize("case", ["bom", "crlf", "blank_line"])
def test_encoding_variants_load_the_same_values(case):
    pd.testing.assert_frame_equal(
        composition.load_composition(case_path("composition", case)),
        composition.load_composition(case_path("composition", "valid")),
    )


def test_markup_and_long_text_are_kept_literally():
    row = composition.load_composition(case_path("composition", "html_text")).iloc[1]
    assert row["partner"] == "<script>window.__pwned=1</script>"
    assert row["product"] == '<img src=x onerror="alert(1)">'
    speaker = composition.load_composition(case_path("composition", "long_string"))["speaker"]
    assert speaker.iloc[0] == "x" * 100_000


def test_duplicate_rows_are_kept_both():
    loaded = composition.load_composition(case_path("composition", "duplicate_rows"))
    assert loaded.iloc[3].drop("row_id").equals(loaded.iloc[0].drop("row_id"))


@pytest.mark.parametrize("case", sorted(OTHER_DELIMITER))
def test_other_delimiter_rejected_at_the_header(case):
    with pytest.raises(SmeAnalysisError) as caught:
        composition.load_composition(case_path("composition", case))
    problems = caught.value.problems
    assert {p.line for p in problems} == {1}
    assert OTHER_DELIMITER[case] in problems[0].column
    assert [p.column for p in problems[1:]] == list(composition.RAW_COLUMNS)


def test_duplicate_rows_are_kept_and_named_in_a_warning():
    path = case_path("composition", "duplicate_rows")
    with pytest.warns(DuplicateRowsWarning, match=r"1 row repeats an earlier row"):
        loaded = composition.load_composition(path)
    assert len(loaded) == data_rows(path)


@pytest.mark.parametrize(
    ("case", "found", "expected"),
    [
        ("infinite_value", "'inf'", "a plain number"),
        ("nan_value", "'nan'", "a plain number"),
        ("long_row", "16 fields", "15 fields, one per header column"),
    ],
)
def test_new_rejections_say_what_was_expected(case, found, expected):
    with pytest.raises(SmeAnalysisError) as caught:
        composition.load_composition(case_path("composition", case))
    (problem,) = caught.value.problems
    assert problem.found == found
    assert expected in problem.expected

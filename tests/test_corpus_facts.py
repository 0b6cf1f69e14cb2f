"""Hostile facts files (tests/corpus/facts): each is rejected with every problem located, or
accepted with nothing dropped or changed silently.

The corpus is synthetic (tests/corpus/make_corpus.py); tests/corpus/README.md has the table
of cases and outcomes these tests assert.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pandas as pd
import pytest
from corpus_support import case_path, corpus_cases, data_rows, run_cli

from smeanalysis import cli, facts, reconcile, tables
from smeanalysis.errors import SmeAnalysisError
from smeanalysis.tables import DuplicateRowsWarning

LAYOUT = facts.RAW_COLUMNS

#: Rejected cases: every problem as (line, column, a piece of what was found).
REJECTED: dict[str, list[tuple[int | None, str | None, str]]] = {
    "empty": [(1, None, "an empty file")],
    "header_only": [(2, None, "no data rows")],
    "missing_column": [(1, "speaker", "no column 'speaker'")],
    "extra_column": [(1, "notes", "unexpected column 'notes'")],
    "misspelt_column": [(1, "sorce_url", "'sorce_url'")],
    "short_row": [(3, None, "9 fields")],
    "long_row": [(3, None, "12 fields")],
    "cp1256": [(2, None, "not UTF-8")],
    "persian_separator": [(3, "value", "'۱٬۲۰۰'")],
    "thousands_comma": [(3, "value", "'1,200'")],
    "billion_text": [(2, "value", "'1.6 billion'")],
    "infinite_value": [(2, "value", "'inf'")],
    "nan_value": [(2, "value", "'nan'")],
    "negative_count": [(3, "value", "-5 count")],
    "percent_above_100": [(2, "value", "130 percent")],
    "impossible_date": [(2, "period_end", "'2021-02-30'")],
    "end_before_start": [(2, "period_end", "2020-03-20 (period_start 2020-12-20)")],
    "unknown_unit": [(2, "unit", "'dollars'")],
    "unknown_province": [(3, "geography", "'Atlantis'")],
    "misspelt_province": [(3, "geography", "'Esfahn'")],
    "padded_cells": [(3, "unit", "'count '")],
    "missing_url": [(2, "source_url", "an empty cell")],
    "javascript_url": [(2, "source_url", "'javascript:alert(1)'")],
    "ftp_url": [(2, "source_url", "'ftp://example.org/synthetic/1'")],
    "html_geography": [(3, "geography", "<script>")],
}

#: A file in another delimiter: the header is one unknown column and all 11 are missing.
OTHER_DELIMITER = {"semicolon": ";", "tab": "\t"}

#: Accepted cases (checked one by one below).
ACCEPTED = {
    "valid",
    "blank_line",
    "bom",
    "crlf",
    "duplicate_rows",
    "html_text",
    "long_string",
    "active_above_total",
    "persian_digits",
    "persian_date",
}


def test_every_corpus_file_has_an_expected_outcome():
    assert corpus_cases("facts") == set(REJECTED) | set(OTHER_DELIMITER) | ACCEPTED


@pytest.mark.parametrize("case", sorted(REJECTED))
def test_rejected_with_every_problem_located(case):
    path = case_path("facts", case)
    problems = facts.validate_file(path)
    assert [(p.line, p.column) for p in problems] == [
        (line, col) for line, col, _ in REJECTED[case]
    ]
    for problem, (_, _, found) in zip(problems, REJECTED[case], strict=True):
        assert problem.file == str(path)
        assert found in problem.found
        assert problem.expected  # says what was expected, never blank
    with pytest.raises(SmeAnalysisError) as caught:
        facts.load_facts(path)
    assert list(caught.value.problems) == problems


def test_messages_name_what_was_expected():
    """Spot checks that the expected part helps: the closest column, province and unit."""
    assert "'source_url'" in facts.validate_file(case_path("facts", "misspelt_column"))[0].expected
    assert "Esfahan" in facts.validate_file(case_path("facts", "misspelt_province"))[0].expected
    assert "usd" in facts.validate_file(case_path("facts", "unknown_unit"))[0].expected
    assert "http" in facts.validate_file(case_path("facts", "javascript_url"))[0].expected


@pytest.mark.parametrize("case", sorted(OTHER_DELIMITER))
def test_other_delimiter_rejected_at_the_header(case):
    problems = facts.validate_file(case_path("facts", case))
    assert {p.line for p in problems} == {1}
    assert OTHER_DELIMITER[case] in problems[0].column
    assert [p.column for p in problems[1:]] == list(LAYOUT)


@pytest.mark.parametrize("case", sorted(ACCEPTED))
def test_accepted_files_lose_no_row(case):
    path = case_path("facts", case)
    assert facts.validate_file(path) == []
    loaded = facts.load_facts(path)
    assert len(loaded) == data_rows(path)
    assert loaded["fact_id"].tolist() == list(range(1, data_rows(path) + 1))


def _valid() -> pd.DataFrame:
    return facts.load_facts(case_path("facts", "valid"))


@pytest.mark.parametrize("case", ["bom", "crlf", "blank_line"])
def test_encoding_variants_load_the_same_values(case):
    # Everything but provenance, which names each file.
    loaded = facts.load_facts(case_path("facts", case)).drop(columns="provenance")
    pd.testing.assert_frame_equal(loaded, _valid().drop(columns="provenance"))


def test_blank_line_is_skipped_and_later_rows_keep_their_physical_line():
    # blank_line.csv: header, a row, an empty line 3, rows on lines 4 and 5.
    read, problems = tables.read_text(case_path("facts", "blank_line"), LAYOUT)
    assert problems == []
    assert read.lines.tolist() == [2, 4, 5]
    assert read.normalizations == ()  # nothing read in another form: no record


@pytest.mark.parametrize(("case", "value"), [("infinite_value", "inf"), ("nan_value", "nan")])
def test_non_finite_values_are_not_numbers(case, value):
    (problem,) = facts.validate_file(case_path("facts", case))
    assert problem.found == repr(value)
    assert "plain number" in problem.expected


def test_duplicate_rows_are_kept_both():
    loaded = facts.load_facts(case_path("facts", "duplicate_rows"))
    first, last = loaded.iloc[0], loaded.iloc[-1]
    assert last.drop("fact_id").equals(first.drop("fact_id"))
    assert (first["fact_id"], last["fact_id"]) == (1, 4)


def test_markup_in_text_is_kept_literally():
    row = facts.load_facts(case_path("facts", "html_text")).iloc[0]
    assert row["period_label"] == "first nine months of 1399 <script>window.__pwned=1</script>"
    assert row["qualifier"] == '<img src=x onerror="window.__pwned=1">'
    assert row["speaker"] == "<script>window.__pwned=1</script><b>bold</b>"


def test_long_string_is_kept_whole():
    speaker = facts.load_facts(case_path("facts", "long_string"))["speaker"].iloc[0]
    assert speaker == "x" * 100_000


def test_active_above_total_loads_and_is_a_finding():
    """One row cannot know another: the loader accepts, reconcile.check flags the pair."""
    loaded = facts.load_facts(case_path("facts", "active_above_total"))
    findings = reconcile.check(loaded)
    violations = findings[findings["kind"] == "order_violation"]
    assert len(violations) == 1
    assert sorted(violations["fact_ids"].iloc[0]) == [2, 3]
    assert sorted(violations["values"].iloc[0]) == [1200.0, 2000.0]


@pytest.mark.parametrize(
    ("case", "column", "line", "expected"),
    [
        ("persian_digits", "value", 3, 1200.0),
        ("persian_date", "published", 2, pd.Timestamp("2021-01-10")),
    ],
)
def test_persian_digits_are_read_and_each_normalisation_recorded(case, column, line, expected):
    path = case_path("facts", case)
    assert facts.validate_file(path) == []
    with pytest.warns(facts.NormalizationWarning, match="digit"):
        loaded = facts.load_facts(path)
    assert loaded[column].iloc[line - 2] == expected
    records = loaded.attrs["normalizations"]
    digit_records = [r for r in records if "digit" in str(r["kind"])]
    assert [(r["line"], r["column"]) for r in digit_records] == [(line, column)]


# ---------------------------------------------------------------------------------------------
# The command line: exit 2, every problem printed, no traceback
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("case", sorted([*REJECTED, *OTHER_DELIMITER]))
def test_cli_validate_prints_every_problem(case, capsys):
    path = case_path("facts", case)
    assert cli.main(["validate", str(path)]) == cli.EXIT_BAD_INPUT
    out, err = capsys.readouterr()
    assert out.splitlines() == [str(p) for p in facts.validate_file(path)]
    assert "problem" in err


#: One case per kind of failure (file, header, delimiter, encoding, cell), run as real
#: processes: each costs an interpreter start, so the in-process test above covers the rest.
SUBPROCESS_CASES = ["empty", "misspelt_column", "semicolon", "cp1256", "javascript_url"]


def test_cli_validate_subprocess_exits_2_without_traceback():
    paths = [case_path("facts", case) for case in SUBPROCESS_CASES]
    with ThreadPoolExecutor(max_workers=3) as pool:
        runs = list(pool.map(lambda p: run_cli("validate", str(p)), paths))
    for path, run in zip(paths, runs, strict=True):
        assert run.returncode == 2, (path, run.stderr)
        assert "Traceback" not in run.stdout + run.stderr
        assert run.stdout.splitlines() == [str(p) for p in facts.validate_file(path)]


def test_cli_validate_accepts_a_good_file():
    run = run_cli("validate", str(case_path("facts", "bom")))
    assert run.returncode == 0, run.stderr
    assert "no problems found" in run.stdout


def test_accepted_file_feeds_the_province_profile():
    from smeanalysis.reports import province_profile as profiles

    loaded = facts.load_facts(case_path("facts", "valid"))
    statements = profiles.province_statements(loaded, "IR-10")
    assert len(statements) == 2


def test_duplicate_rows_are_kept_and_named_in_a_warning():
    path = case_path("facts", "duplicate_rows")
    with pytest.warns(
        DuplicateRowsWarning, match=r"1 row repeats an earlier row.*line \d+ = line \d+"
    ):
        loaded = facts.load_facts(path)
    assert len(loaded) == data_rows(path)


def test_a_file_without_repeats_gives_no_duplicate_warning():
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error", DuplicateRowsWarning)
        facts.load_facts(case_path("facts", "valid"))
        facts.load_facts()


def test_a_long_row_is_located_with_the_width_expected():
    (problem,) = facts.validate_file(case_path("facts", "long_row"))
    assert (problem.line, problem.found) == (3, "12 fields")
    assert problem.expected.startswith("11 fields, one per header column")

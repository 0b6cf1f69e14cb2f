"""The official-figures fact base: shipped data, corrections and bad-file reporting.

Bad files are small synthetic CSVs written into tmp_path (labelled synthetic, example.org URLs).
"""

from __future__ import annotations

import re
from pathlib import Path

import fact_frames
import pandas as pd
import pytest

from smeanalysis import facts
from smeanalysis.errors import Problem, SmeAnalysisError
from smeanalysis.paths import PROJECT_ROOT

# docs/DEVELOPING.md, "The fact table": the contract other modules rely on.
CONTRACT = dict(fact_frames.COLUMNS)
SHARED = PROJECT_ROOT.parent / "shared" / "data" / "official_figures.csv"
HEADER = ",".join(facts.RAW_COLUMNS)
# Two synthetic statements in the raw layout (not real figures).
GOOD_ROWS = [
    "2020-01-05,first 9 months of 1398 (synthetic),2019-03-21,2019-12-21,Iran,"
    "sme_export_value,1600000000,usd,more than,Synthetic Speaker,https://example.org/synthetic/1",
    ",as of 2019-08 (synthetic),,,Isfahan,units_in_parks_total,6000,count,,,"
    "https://example.org/synthetic/2",
]


@pytest.fixture(scope="module")
def shipped() -> pd.DataFrame:
    return facts.load_facts()


def write_csv(tmp_path: Path, rows: list[str], header: str = HEADER, name="facts.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def replace_cell(row: str, column: str, text: str) -> str:
    cells = row.split(",")
    cells[facts.RAW_COLUMNS.index(column)] = text
    return ",".join(cells)


# --- the shipped fact base ------------------------------------------------------------------


def test_raw_file_is_the_research_table_byte_for_byte():
    if not SHARED.exists():
        pytest.skip("../shared/data/official_figures.csv is not here to compare with")
    assert facts.DEFAULT_PATH.read_bytes() == SHARED.read_bytes()


def test_columns_and_dtypes_follow_the_contract(shipped):
    assert list(shipped.columns) == list(CONTRACT)
    assert {name: str(dtype) for name, dtype in shipped.dtypes.items()} == CONTRACT


def test_every_statement_is_loaded_once_with_its_row_number(shipped):
    # 614 research-table rows keep their ids; the 54 of the 2026 update follow in file order.
    assert len(shipped) == 614 + 54
    assert shipped["fact_id"].tolist() == list(range(1, 669))
    assert (
        shipped["provenance"].tolist()
        == ["official_figures.csv"] * 614 + ["official_figures_update_2026.csv"] * 54
    )


def test_every_row_has_an_http_source_url(shipped):
    assert shipped["source_url"].notna().all()
    assert shipped["source_url"].str.match(r"https?://\S+$").all()


def test_origin_statement_is_present(shipped):
    origin = shipped[
        (shipped["indicator"] == "sme_export_value")
        & (shipped["period_start"] == pd.Timestamp("2019-03-21"))
        & (shipped["period_end"] == pd.Timestamp("2019-12-21"))
    ]
    assert len(origin) == 1
    row = origin.iloc[0]
    assert row["value"] == 1_600_000_000 and row["unit"] == "usd"
    assert row["qualifier"] == "more than"
    assert (row["jalali_year"], row["jalali_month_first"], row["jalali_month_last"]) == (1398, 1, 9)
    assert row["period_kind"] == "flow" and pd.isna(row["province_code"])


def test_first_n_months_labels_run_over_those_whole_months(shipped):
    labelled = shipped[shipped["period_label"].str.match(r"^\d{4} first \d+ months")]
    assert len(labelled) > 50
    for label, year, first, last in labelled[
        ["period_label", "jalali_year", "jalali_month_first", "jalali_month_last"]
    ].itertuples(index=False):
        wanted_year, months = map(int, re.match(r"^(\d{4}) first (\d+) months", label).groups())
        assert (year, first, last) == (wanted_year, 1, months), label


def test_provinces_get_codes_and_iran_none(shipped):
    national = shipped["geography"] == "Iran"
    assert shipped.loc[national, "province_code"].isna().all()
    assert shipped.loc[~national, "province_code"].str.fullmatch(r"IR-\d{2}").all()
    isfahan = shipped.loc[shipped["geography"] == "Isfahan", "province_code"]
    assert set(isfahan) == {"IR-10"}


def test_facts_years_lists_the_jalali_years_present(shipped):
    years = facts.facts_years(shipped)
    assert years == sorted(set(shipped["jalali_year"].dropna().astype(int)))
    assert 1398 in years and all(1278 <= year <= 1480 for year in years)
    with pytest.raises(SmeAnalysisError):
        facts.facts_years(shipped.drop(columns="jalali_year"))


# --- corrections ----------------------------------------------------------------------------


def test_corrections_table_is_well_formed():
    corrections = facts.load_corrections()
    assert list(corrections.columns) == list(facts.CORRECTION_COLUMNS)
    assert corrections["checked_url"].str.match(r"https?://").all()
    assert (corrections["reason"].str.len() > 10).all()
    assert not corrections.duplicated(["fact_id", "column"]).any()


def test_corrections_are_applied_on_load(shipped):
    raw = facts.load_facts(facts.DEFAULT_PATH)  # the research table as it is, no corrections
    # Scope and provenance are set on load, not corrected: compare the other columns.
    raw = raw.drop(columns=["scope", "provenance"])
    shipped = shipped.iloc[:614].drop(columns=["scope", "provenance"])
    corrections = facts.load_corrections()
    assert len(corrections) > 0
    for fact_id, column, found, replacement in corrections[
        ["fact_id", "column", "found", "replacement"]
    ].itertuples(index=False):
        loaded, before = shipped.loc[fact_id - 1, column], raw.loc[fact_id - 1, column]
        if column in ("published", "period_start", "period_end"):
            assert loaded == pd.Timestamp(replacement)
            assert (pd.isna(before) and found == "") or before == pd.Timestamp(found)
        else:
            assert loaded == replacement
            assert (pd.isna(before) and found == "") or before == found
    untouched = ~shipped["fact_id"].isin(corrections["fact_id"])
    pd.testing.assert_frame_equal(shipped[untouched], raw[untouched])


def test_speaker_variants_are_merged_only_in_the_corrected_table(shipped):
    raw = facts.load_facts(facts.DEFAULT_PATH)
    assert "Asghar Masaheb" in set(raw["speaker"].dropna())
    assert "Asghar Masaheb" not in set(shipped["speaker"].dropna())


def test_a_correction_whose_found_does_not_match_is_an_error(tmp_path, monkeypatch):
    text = facts.DEFAULT_CORRECTIONS.read_text(encoding="utf-8").splitlines()
    first = next(i for i, line in enumerate(text) if ",speaker,Asghar Masaheb," in line)
    text[first] = text[first].replace(",speaker,Asghar Masaheb,", ",speaker,Asghar Mosahab,")
    bad = tmp_path / "corrections.csv"
    bad.write_text("\n".join(text) + "\n", encoding="utf-8")
    monkeypatch.setattr(facts, "DEFAULT_CORRECTIONS", bad)
    with pytest.raises(SmeAnalysisError) as caught:
        facts.load_facts()
    [problem] = caught.value.problems
    assert (problem.file, problem.line, problem.column) == (str(bad), first + 1, "found")
    assert "Asghar Mosahab" in problem.found and "Asghar Masaheb" in problem.expected


def test_a_correction_of_a_row_that_does_not_exist_is_an_error(tmp_path, monkeypatch):
    bad = tmp_path / "corrections.csv"
    bad.write_text(
        ",".join(facts.CORRECTION_COLUMNS)
        + "\n999,unit,usd,eur,synthetic test,https://example.org/x\n"
        + "0,unit,usd,eur,synthetic test,ftp://example.org/x\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(facts, "DEFAULT_CORRECTIONS", bad)
    with pytest.raises(SmeAnalysisError) as caught:
        facts.load_facts()
    found = {(p.line, p.column) for p in caught.value.problems}
    assert found == {(3, "fact_id"), (3, "checked_url")}  # checked before any is applied
    with pytest.raises(SmeAnalysisError) as caught:
        facts.load_corrections(bad)
    assert len(caught.value.problems) == 2


# --- an analyst's own file ------------------------------------------------------------------


def test_a_good_synthetic_file_loads(tmp_path):
    loaded = facts.load_facts(write_csv(tmp_path, GOOD_ROWS))
    assert len(loaded) == 2 and list(loaded.columns) == list(CONTRACT)
    assert loaded["period_kind"].tolist() == ["flow", "stock"]
    assert loaded["province_code"].iloc[1] == "IR-10"
    assert facts.validate_file(write_csv(tmp_path, GOOD_ROWS)) == []


def test_bom_and_windows_line_ends_are_accepted(tmp_path):
    path = tmp_path / "windows.csv"
    path.write_bytes(("\ufeff" + "\r\n".join([HEADER, *GOOD_ROWS]) + "\r\n").encode("utf-8"))
    loaded = facts.load_facts(path)
    assert loaded["published"].iloc[0] == pd.Timestamp("2020-01-05")
    assert loaded["source_url"].iloc[1] == "https://example.org/synthetic/2"


def test_columns_in_another_order_are_accepted(tmp_path):
    order = list(reversed(facts.RAW_COLUMNS))
    rows = [",".join(reversed(row.split(","))) for row in GOOD_ROWS]
    loaded = facts.load_facts(write_csv(tmp_path, rows, header=",".join(order)))
    assert loaded["value"].tolist() == [1_600_000_000.0, 6000.0]


BAD_CELLS = [
    ("value", "1.6 billion", "'1.6 billion'", "plain number"),
    ("value", "", "an empty cell", "a value"),
    ("published", "2019-13-01", "'2019-13-01'", "YYYY-MM-DD"),
    ("period_start", "21/03/2019", "'21/03/2019'", "YYYY-MM-DD"),
    ("unit", "dollars", "'dollars'", "usd"),
    ("indicator", "sme_export_valu", "'sme_export_valu'", "closest: 'sme_export_value'"),
    ("geography", "Isfahn", "'Isfahn'", "Isfahan"),
    ("source_url", "", "an empty cell", "a value"),
    ("source_url", "www.example.org/page", "'www.example.org/page'", "http"),
    ("period_label", "", "an empty cell", "a value"),
]


@pytest.mark.parametrize(("column", "text", "found", "expected"), BAD_CELLS)
def test_a_bad_cell_is_reported_with_line_and_column(tmp_path, column, text, found, expected):
    rows = [GOOD_ROWS[0], replace_cell(GOOD_ROWS[1], column, text)]
    problems = facts.validate_file(write_csv(tmp_path, rows))
    assert problems, f"{column}={text!r} passed"
    matching = [p for p in problems if (p.line, p.column) == (3, column)]
    assert matching, problems
    assert found in matching[0].found and expected in matching[0].expected


def test_period_end_before_period_start(tmp_path):
    row = replace_cell(GOOD_ROWS[0], "period_end", "2019-03-01")
    [problem] = facts.validate_file(write_csv(tmp_path, [row]))
    assert (problem.line, problem.column) == (2, "period_end")
    assert "2019-03-21" in problem.found and "on or after" in problem.expected


def test_unit_that_does_not_fit_the_indicator(tmp_path):
    row = replace_cell(GOOD_ROWS[0], "unit", "eur")
    [problem] = facts.validate_file(write_csv(tmp_path, [row]))
    assert problem.column == "unit" and "sme_export_value" in problem.found
    assert problem.expected == "usd"


def test_share_above_100_percent_and_negative_counts(tmp_path):
    share = ",as of 2019-08 (synthetic),,,Iran,sme_idle_share,122,percent,,,https://example.org/s"
    growth = (
        ",1398 (synthetic),2019-03-21,2020-03-19,Iran,sme_export_growth_yoy,234,percent,,,"
        "https://example.org/g"
    )
    negative = replace_cell(GOOD_ROWS[1], "value", "-5")
    problems = facts.validate_file(write_csv(tmp_path, [share, growth, negative]))
    assert [(p.line, p.column) for p in problems] == [(2, "value"), (4, "value")]
    assert "0 to 100" in problems[0].expected and "0 or more" in problems[1].expected


def test_header_problems_name_the_column_and_suggest_the_closest(tmp_path):
    header = HEADER.replace("value", "valeu").replace(",speaker", "").replace("unit", "unit,notes")
    rows = [",".join([*row.split(",")[:9], "", *row.split(",")[10:]]) for row in GOOD_ROWS]
    problems = facts.validate_file(write_csv(tmp_path, rows, header=header))
    by_column = {p.column: p for p in problems}
    assert set(by_column) == {"valeu", "notes", "speaker"}
    assert all(p.line == 1 for p in problems)
    assert "'value'" in by_column["valeu"].expected
    assert "unexpected" in by_column["notes"].found
    assert "no column 'speaker'" in by_column["speaker"].found


def test_empty_file_header_only_and_ragged_rows(tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    [problem] = facts.validate_file(empty)
    assert problem.line == 1 and problem.found == "an empty file"

    [problem] = facts.validate_file(write_csv(tmp_path, [], name="header.csv"))
    assert problem.line == 2 and "no data rows" in problem.found

    ragged = [GOOD_ROWS[0] + ",extra", GOOD_ROWS[1], GOOD_ROWS[1].rsplit(",", 1)[0]]
    problems = facts.validate_file(write_csv(tmp_path, ragged, name="ragged.csv"))
    assert [(p.line, p.found) for p in problems] == [(2, "12 fields"), (4, "10 fields")]


def test_load_facts_raises_one_error_listing_every_problem(tmp_path):
    rows = [
        replace_cell(GOOD_ROWS[0], "value", "1.6 billion"),
        replace_cell(replace_cell(GOOD_ROWS[1], "unit", "dollars"), "geography", "Atlantis"),
    ]
    path = write_csv(tmp_path, rows)
    with pytest.raises(SmeAnalysisError) as caught:
        facts.load_facts(path)
    assert isinstance(caught.value, ValueError)
    assert {(p.line, p.column) for p in caught.value.problems} == {
        (2, "value"),
        (3, "unit"),
        (3, "geography"),
    }
    assert all(isinstance(p, Problem) and p.file == str(path) for p in caught.value.problems)
    assert "line 2, column 'value'" in str(caught.value)


def test_missing_file_is_reported(tmp_path):
    [problem] = facts.validate_file(tmp_path / "nope.csv")
    assert problem.found == "no such file"


# --- Persian and Arabic-Indic digits, byte-order marks, line ends (smeanalysis.tables) --------


def test_persian_digits_are_read_as_ascii_and_reported(tmp_path):
    rows = [
        replace_cell(GOOD_ROWS[0], "published", "۲۰۲۰-۰۱-۰۵"),
        replace_cell(GOOD_ROWS[1], "value", "۶۰۰۰"),
        replace_cell(GOOD_ROWS[1], "value", "٦٠٠٠"),  # Arabic-Indic
        replace_cell(GOOD_ROWS[1], "value", "۱۲٫۵"),  # Persian decimal separator
    ]
    path = write_csv(tmp_path, rows)
    with pytest.warns(facts.NormalizationWarning) as caught:
        loaded = facts.load_facts(path)
    assert len(caught) == 1  # once per file, with counts per kind and column
    message = str(caught[0].message)
    assert "2 cells in column 'value' (Persian digits" in message
    assert "1 cell in column 'value' (Arabic-Indic digits" in message
    assert "1 cell in column 'published' (Persian digits" in message
    assert loaded["value"].tolist() == [1600000000.0, 6000.0, 6000.0, 12.5]
    assert loaded["published"].iloc[0] == pd.Timestamp("2020-01-05")
    records = loaded.attrs["normalizations"]
    assert [(r["line"], r["column"], r["kind"], r["found"], r["read_as"]) for r in records] == [
        (2, "published", "persian_digits", "۲۰۲۰-۰۱-۰۵", "2020-01-05"),
        (3, "value", "persian_digits", "۶۰۰۰", "6000"),
        (4, "value", "arabic_indic_digits", "٦٠٠٠", "6000"),
        (5, "value", "persian_digits", "۱۲٫۵", "12.5"),
        (5, "value", "arabic_decimal_separator", "۱۲٫۵", "12.5"),
    ]
    assert {r["file"] for r in records} == {str(path)} and {r["count"] for r in records} == {1}


@pytest.mark.parametrize(
    ("cell", "column"),
    [
        ("۶٬۰۰۰", "value"),  # a thousands separator, rejected like "6,000"
        ("۶ هزار", "value"),  # a magnitude word
        ("۲۰۲۰/۰۱/۰۵", "published"),  # not YYYY-MM-DD
    ],
)
def test_persian_digits_outside_a_plain_number_or_date_are_rejected_as_written(
    tmp_path, cell, column
):
    path = write_csv(tmp_path, [GOOD_ROWS[0], replace_cell(GOOD_ROWS[1], column, cell)])
    problems = facts.validate_file(path)
    assert [(p.line, p.column, p.found) for p in problems] == [(3, column, repr(cell))]
    if column == "value":
        assert "digits 0-9" in problems[0].expected


def test_ascii_only_checks_never_take_other_unicode_digits(tmp_path):
    # Devanagari digits are \d to Python's re, but not digits the reader knows: rejected.
    path = write_csv(tmp_path, [GOOD_ROWS[0], replace_cell(GOOD_ROWS[1], "value", "६०००")])
    assert [(p.line, p.column) for p in facts.validate_file(path)] == [(3, "value")]


def test_byte_order_mark_and_crlf_are_recorded_without_a_warning(tmp_path, recwarn):
    path = tmp_path / "windows.csv"
    text = "\r\n".join([HEADER, *GOOD_ROWS]) + "\r\n"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    loaded = facts.load_facts(path)
    assert not [w for w in recwarn if issubclass(w.category, facts.NormalizationWarning)]
    records = {r["kind"]: r for r in loaded.attrs["normalizations"]}
    assert set(records) == {"byte_order_mark", "crlf_line_endings"}
    assert records["crlf_line_endings"]["count"] == 3  # header and two rows
    assert (records["byte_order_mark"]["line"], records["byte_order_mark"]["count"]) == (1, 1)


def test_clean_file_has_no_normalizations(tmp_path, recwarn):
    loaded = facts.load_facts(write_csv(tmp_path, GOOD_ROWS))
    assert loaded.attrs["normalizations"] == []
    assert not [w for w in recwarn if issubclass(w.category, facts.NormalizationWarning)]


def test_shipped_fact_base_records_its_line_ends(shipped):
    kinds = {(r["file"], r["kind"]) for r in shipped.attrs["normalizations"]}
    # The research tables are kept byte-identical, Windows line ends included.
    assert kinds <= {
        (str(facts.DEFAULT_PATH), "crlf_line_endings"),
        (str(facts.UPDATE_PATH), "crlf_line_endings"),
    }

"""The 2026 update of the fact base, the audit's corrections, scopes and an analyst's extra files.

Bad files are small synthetic CSVs written into tmp_path (labelled synthetic, example.org URLs).
"""

from __future__ import annotations

import subprocess
import sys
import warnings
from pathlib import Path

import pandas as pd
import pytest

from smeanalysis import composition, dictionary, facts, reconcile
from smeanalysis.calendar import to_gregorian
from smeanalysis.errors import SmeAnalysisError
from smeanalysis.paths import DATA_DIR, PROJECT_ROOT

SHARED = PROJECT_ROOT.parent / "shared" / "data"
HEADER = ",".join(facts.RAW_COLUMNS)
# Synthetic statements in the raw layout (not real figures).
EXTRA_ROWS = [
    "2026-03-01,1404 first 11 months (synthetic),2025-03-21,2026-02-19,Iran,"
    "sme_export_value,2000000000,usd,,Synthetic Speaker,https://example.org/synthetic/1",
    ",as of 1404-11 (synthetic),,,Isfahan,units_in_parks_total,6100,count,,,"
    "https://example.org/synthetic/2",
]
BASE = 614 + 54


@pytest.fixture(scope="module")
def shipped() -> pd.DataFrame:
    return facts.load_facts()


@pytest.fixture(scope="module")
def consolidated(shipped) -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        return reconcile.consolidate(shipped)


def write_csv(tmp_path: Path, rows: list[str], name: str = "mine.csv", header=HEADER) -> Path:
    path = tmp_path / name
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def row(shipped: pd.DataFrame, fact_id: int) -> pd.Series:
    [found] = shipped.index[shipped["fact_id"] == fact_id]
    return shipped.loc[found]


# --- the update file ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["official_figures_update_2026.csv", "official_figures_update_2026_evidence.csv"]
)
def test_update_files_are_shipped_byte_for_byte(name):
    if not (SHARED / name).exists():
        pytest.skip(f"../shared/data/{name} is not here to compare with")
    assert (DATA_DIR / "raw" / name).read_bytes() == (SHARED / name).read_bytes()


def test_every_update_statement_has_its_quote():
    evidence = pd.read_csv(DATA_DIR / "raw" / "official_figures_update_2026_evidence.csv")
    raw = pd.read_csv(facts.UPDATE_PATH, dtype=str, keep_default_na=False)
    assert evidence["row_number"].tolist() == list(range(1, len(raw) + 1)) == list(range(1, 55))
    assert evidence["quote"].str.len().min() > 40


def test_old_ids_stay_and_new_ones_follow_in_file_order(shipped):
    assert shipped["fact_id"].tolist() == list(range(1, BASE + 1))
    alone = facts.load_facts(facts.DEFAULT_PATH)  # the research table alone, ids 1..614
    same = ["geography", "value", "unit"]  # columns no correction touches
    pd.testing.assert_frame_equal(shipped.loc[:613, same], alone[same])
    update = facts.load_facts(facts.UPDATE_PATH)
    new = shipped[shipped["provenance"] == "official_figures_update_2026.csv"]
    assert new["fact_id"].tolist() == list(range(615, 669))
    assert new["source_url"].tolist() == update["source_url"].tolist()
    assert new["value"].tolist() == update["value"].tolist()
    assert row(shipped, 1)["speaker"] == "Mohsen Salehinia"
    assert row(shipped, 615)["indicator"] == "non_oil_exports_value"
    assert row(shipped, 615)["source_url"].startswith("https://ifpnews.com/")


def test_isipo_30_december_2025_release_counts_once(shipped, consolidated):
    release = shipped[
        (shipped["provenance"] == "official_figures_update_2026.csv")
        & shipped["published"].isin([pd.Timestamp("2025-12-30"), pd.Timestamp("2025-12-31")])
        & (shipped["speaker"] == "Reza Ansari")
    ]
    assert len(release) == 20  # IRIB 7, Mehr 7, ILNA 6 repeats
    ids = set(release["fact_id"])
    rows = consolidated[consolidated["fact_ids"].map(lambda t: bool(ids & set(t)))]
    assert set(rows["indicator"]) == {
        "new_units_operational",
        "new_units_operational_state_parks",
        "new_units_operational_private_parks",
        "new_units_jobs_state_parks",
        "new_units_jobs_private_parks",
        "new_units_investment",
    }
    # Each figure of the release is one source, whichever outlet and rounding carried it
    # (Tehran Times' 2,103 and the others' "more than 2,100" units included).
    assert rows["n_sources"].tolist() == [1] * len(rows)
    assert (rows["n_statements"] >= 3).all()
    units = rows[rows["indicator"] == "new_units_operational"].iloc[0]
    assert set(units["fact_ids"]) >= {308, 309} and units["value"] == 2103


def test_consolidate_counts_a_repeated_release_once_but_two_speakers_twice():
    base = {
        "published": pd.Timestamp("2025-12-30"),
        "period_label": "1404 first 9 months",
        "period_start": pd.Timestamp("2025-03-21"),
        "period_end": pd.Timestamp("2025-12-21"),
        "jalali_year": 1404,
        "geography": "Iran",
        "indicator": "new_units_operational",
        "unit": "count",
    }
    rows = [
        {"value": 2103.0, "qualifier": None, "speaker": "Reza Ansari"},
        {"value": 2100.0, "qualifier": "more than", "speaker": "Reza Ansari"},
        {"value": 2100.0, "qualifier": "more than", "speaker": "Other Official"},
        {"value": 1500.0, "qualifier": None, "speaker": "Reza Ansari"},
    ]
    frame = pd.DataFrame(
        [
            {**base, **r, "fact_id": i, "source_url": f"https://{i}.example/"}
            for i, r in enumerate(rows, 1)
        ]
    ).astype({"jalali_year": "Int64"})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        table = reconcile.consolidate(frame)
    [one] = table.itertuples()
    # 2,103 and "more than 2,100" from one speaker agree: one source; another speaker is a
    # second; the same speaker's 1,500 disagrees with both and is a third.
    assert (one.n_statements, one.n_sources) == (4, 3)


# --- the audit's corrections ----------------------------------------------------------------


def test_the_ten_month_1403_headline_is_one_statement(shipped, consolidated):
    for fact_id in (403, 424):
        statement = row(shipped, fact_id)
        assert statement["speaker"] == "Abdolnaser Hemmati"
        assert statement["indicator"] == "non_oil_exports_value"
        assert statement["value"] == 47.8e9
        assert statement["period_start"] == pd.Timestamp("2024-03-20")
        assert statement["period_end"] == pd.Timestamp("2025-01-19")
    [together] = consolidated[consolidated["fact_ids"].map(lambda t: 403 in t)].itertuples()
    assert 424 in together.fact_ids and 402 in together.fact_ids
    # Hemmati's two copies count once; Rezvanifar's $40.4 bn on a narrower basis is the other.
    assert (together.n_statements, together.n_sources) == (3, 2)


def test_ten_months_of_1403_run_from_farvardin_1_to_dey_30(shipped):
    assert to_gregorian(1403, 1, 1).iloc[0] == pd.Timestamp("2024-03-20")
    assert to_gregorian(1403, 10, 30).iloc[0] == pd.Timestamp("2025-01-19")
    for fact_id in (322, 403):
        statement = row(shipped, fact_id)
        assert (statement["period_start"], statement["period_end"]) == (
            pd.Timestamp("2024-03-20"),
            pd.Timestamp("2025-01-19"),
        )
        assert (statement["jalali_month_first"], statement["jalali_month_last"]) == (1, 10)
        assert "as printed" in statement["period_label"]


def test_consortium_counts_are_dated_dey_1398(shipped):
    for fact_id, indicator, value in (
        (32, "export_consortiums", 72),
        (41, "export_management_companies", 65),
    ):
        statement = row(shipped, fact_id)
        assert (statement["indicator"], statement["value"]) == (indicator, value)
        assert statement["period_label"] == "as of 1398-10 (to date)"
        assert reconcile.label_as_of(statement["period_label"]).strftime("%Y-%m") == "2020-01"


def test_every_new_correction_names_its_page():
    corrections = facts.load_corrections()
    audited = corrections[corrections["fact_id"].isin([32, 41, 322, 403, 424])]
    assert len(audited) == 8
    assert audited["checked_url"].str.contains("tehrantimes.com/news/444023|fr.irna.ir").all()
    assert facts.load_corrections(facts.UPDATE_CORRECTIONS).empty


def test_sme_destinations_move_to_the_first_half():
    table = composition.load_composition()
    rows = table.set_index("row_id").loc[[402, 403, 404, 405]]
    assert rows["partner"].tolist() == ["World", "Iraq", "Afghanistan", "Pakistan"]
    assert (
        rows["period_end"].tolist()
        == [pd.Timestamp("2019-10-07")] + [pd.Timestamp("2019-09-22")] * 3
    )


# --- scope ----------------------------------------------------------------------------------


def test_scope_vocabulary_is_the_registry():
    assert list(dictionary.FACT_SCOPES) == ["parks", "all_smes", "all_industry", "unstated"]
    assert all(s.label_fa and s.label_en for s in dictionary.FACT_SCOPES.values())
    field = dictionary.TABLES["official_figures"].field("scope")
    assert field.allowed == tuple(dictionary.FACT_SCOPES) and field.required


def test_scopes_of_known_rows(shipped):
    scope = shipped.set_index("fact_id")["scope"]
    assert set(scope) <= set(dictionary.FACT_SCOPES) and scope.notna().all()
    # The 1398 full-year rows behind the "-40%" say "SMEs located in industrial estates";
    # the 1397 $4 bn they were compared with says only "SMEs".
    assert scope[[498, 499]].tolist() == ["parks", "parks"]
    assert scope[[483, 484, 486]].tolist() == ["unstated"] * 3
    assert scope[497] == "unstated"  # "Iranian SMEs exported more than $1.6 billion"
    assert scope[496] == "parks"  # "590 SMEs based in the country's industrial parks"
    assert scope[615] == "all_industry"  # IRICA customs non-oil exports
    assert scope[649] == "parks"  # new units put into operation in parks and zones
    assert shipped.loc[shipped["indicator"] == "smes_total", "scope"].eq("all_smes").all()
    assert (scope == "unstated").sum() > 100  # never guessed


def test_scope_by_statement_rows_match_their_statements(shipped):
    _, pages = facts.load_scope_tables()
    for entry in pages.itertuples():
        statement = row(shipped, entry.row)
        assert (statement["indicator"], statement["source_url"]) == (
            entry.indicator,
            entry.checked_url,
        )
        assert statement["scope"] == entry.scope


def bad_vocabulary(tmp_path: Path, lines: list[str]) -> Path:
    path = tmp_path / "scopes.csv"
    path.write_text("\n".join(["name,label_en,label_fa,description", *lines]) + "\n", "utf-8")
    return path


def test_a_bad_scope_vocabulary_is_rejected_with_line_and_column(tmp_path):
    path = bad_vocabulary(
        tmp_path,
        ["parks,In parks,پارک,synthetic", "parks,Again,پارک,synthetic", "Not Stated,,x,y"],
    )
    with pytest.raises(SmeAnalysisError) as caught:
        dictionary.load_scopes(path)
    found = {(p.file, p.line, p.column) for p in caught.value.problems}
    assert found == {(str(path), 3, "name"), (str(path), 4, "name"), (str(path), 4, "label_en")}
    with pytest.raises(SmeAnalysisError, match="no 'unstated' scope"):
        dictionary.load_scopes(bad_vocabulary(tmp_path, ["parks,In parks,پارک,synthetic"]))


def test_an_unknown_scope_is_rejected_with_file_line_column(tmp_path, monkeypatch):
    rules = tmp_path / "by_indicator.csv"
    rules.write_text(
        "indicator,scope,reason\n"
        "units_in_parks_total,parks,synthetic test\n"
        "smes_total,all_sme,synthetic test\n",
        encoding="utf-8",
    )
    with pytest.raises(SmeAnalysisError) as caught:
        facts.load_scope_tables(by_indicator=rules)
    [problem] = caught.value.problems
    assert (problem.file, problem.line, problem.column, problem.found) == (
        str(rules),
        3,
        "scope",
        "'all_sme'",
    )
    assert "closest: 'all_smes'" in problem.expected
    monkeypatch.setattr(facts, "SCOPE_BY_INDICATOR", rules)
    with pytest.raises(SmeAnalysisError) as caught:
        facts.load_facts()
    assert [(p.line, p.column) for p in caught.value.problems] == [(3, "scope")]


def test_a_scope_row_that_no_longer_matches_its_statement_is_an_error(tmp_path, monkeypatch):
    text = facts.SCOPE_BY_STATEMENT.read_text(encoding="utf-8").splitlines()
    line = next(i for i, t in enumerate(text) if t.startswith("official_figures.csv,498,"))
    text[line] = text[line].replace(",498,sme_export_value,", ",498,sme_export_target,")
    moved = tmp_path / "by_statement.csv"
    moved.write_text("\n".join(text) + "\n", encoding="utf-8")
    monkeypatch.setattr(facts, "SCOPE_BY_STATEMENT", moved)
    with pytest.raises(SmeAnalysisError) as caught:
        facts.load_facts()
    [problem] = caught.value.problems
    assert (problem.file, problem.line, problem.column) == (str(moved), line + 1, "indicator")
    assert "sme_export_value" in problem.expected


# --- an analyst's own statements on top -----------------------------------------------------


def test_extra_statements_follow_the_base(tmp_path, shipped):
    mine = write_csv(tmp_path, EXTRA_ROWS)
    more = write_csv(tmp_path, EXTRA_ROWS[:1], name="more.csv")
    loaded = facts.load_facts(extra=[mine, more])
    assert loaded["fact_id"].tolist() == list(range(1, BASE + 4))
    pd.testing.assert_frame_equal(loaded.iloc[:BASE], shipped)
    added = loaded.iloc[BASE:]
    assert added["provenance"].tolist() == [str(mine), str(mine), str(more)]
    # Scope from the indicator's rule only: "SMEs" alone is unstated, units in parks are parks.
    assert added["scope"].tolist() == ["unstated", "parks", "unstated"]
    assert list(loaded.columns) == list(facts.COLUMNS)
    assert facts.load_facts(extra=str(mine))["fact_id"].iloc[-1] == BASE + 2


def test_path_replaces_the_base_and_extra_still_follows(tmp_path):
    mine = write_csv(tmp_path, EXTRA_ROWS)
    alone = facts.load_facts(mine)
    assert alone["fact_id"].tolist() == [1, 2]
    assert alone["provenance"].tolist() == [str(mine)] * 2
    both = facts.load_facts(mine, extra=write_csv(tmp_path, EXTRA_ROWS[1:], name="b.csv"))
    assert both["fact_id"].tolist() == [1, 2, 3]


def test_a_bad_extra_file_is_named_with_line_and_column(tmp_path):
    good = write_csv(tmp_path, EXTRA_ROWS)
    bad_row = EXTRA_ROWS[1].replace("units_in_parks_total", "units_in_park_total")
    bad = write_csv(tmp_path, [EXTRA_ROWS[0], bad_row], name="bad.csv")
    with pytest.raises(SmeAnalysisError) as caught:
        facts.load_facts(extra=[good, bad])
    [problem] = caught.value.problems
    assert (problem.file, problem.line, problem.column) == (str(bad), 3, "indicator")
    assert "closest: 'units_in_parks_total'" in problem.expected
    assert facts.validate_file([good, bad]) == list(caught.value.problems)
    assert facts.validate_file(good) == []


def test_validate_file_neither_types_nor_imports_pandera(tmp_path):
    mine = write_csv(tmp_path, EXTRA_ROWS * 10)  # 20 rows
    code = (
        "import sys; from smeanalysis import facts; "
        f"assert facts.validate_file({str(mine)!r}) == []; "
        "print('pandera' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"

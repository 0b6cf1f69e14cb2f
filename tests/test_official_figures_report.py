"""The official-figures report's helpers (smeanalysis.reports.official_figures).

Hand-made fact frames are synthetic (labelled so); the shipped fact base checks the page's
counts, the consolidated table and the sentence naming the consolidation rule.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from smeanalysis import reconcile
from smeanalysis.facts import load_facts
from smeanalysis.reports import official_figures as report


def _synthetic_facts() -> pd.DataFrame:
    """Synthetic statements: three on one stock (two speakers), and a hedge word nobody knows."""
    return pd.DataFrame(
        {
            "fact_id": [1, 2, 3],
            "published": pd.to_datetime(["2019-08-10", "2019-08-13", "2019-08-13"]),
            "period_label": ["as of 2019-08"] * 3,
            "period_start": pd.to_datetime([None] * 3),
            "period_end": pd.to_datetime([None] * 3),
            "jalali_year": pd.array([1398] * 3, dtype="Int64"),
            "geography": ["Iran"] * 3,
            "indicator": ["units_in_parks_total"] * 3,
            "value": [43650.0, 43650.0, 43630.0],
            "unit": ["count"] * 3,
            "qualifier": ["somewhat-ish", None, None],
            "speaker": ["Synthetic A", "Synthetic A", None],
            "source_url": [f"https://{s}.example/" for s in "abc"],
        }
    )


@pytest.fixture(scope="module")
def facts() -> pd.DataFrame:
    return load_facts()


@pytest.fixture(scope="module")
def shipped(facts) -> report.Reconciled:
    return report.reconcile_group(facts, "all", 1392, 1404)


def test_reconcile_group_on_synthetic_statements():
    result = report.reconcile_group(_synthetic_facts(), "all", 1398, 1398)
    assert result.rule == reconcile.DEFAULT_RULE
    assert result.findings["kind"].tolist() == ["conflict"]
    assert result.unknown_hedges == ["somewhat-ish"]
    row = result.consolidated.iloc[0]
    assert (row["value"], row["n_statements"], row["n_sources"]) == (43640.0, 3, 2)
    # Another rule is passed through, and named.
    cited = report.reconcile_group(_synthetic_facts(), "all", 1398, 1398, rule="most_cited")
    assert cited.rule == "most_cited" and cited.consolidated["value"].iloc[0] == 43650.0
    # Findings outside the window are left out.
    assert report.reconcile_group(_synthetic_facts(), "all", 1399, 1400).findings.empty


def test_sentences_on_synthetic_statements():
    facts = _synthetic_facts()
    result = report.reconcile_group(facts, "all", 1398, 1398)
    assert report.summary_markdown(facts, result, "all", 1398, 1398) == (
        "The fact base holds **3** statements from **3** pages; the group `all` has **3** "
        "statements on **1** indicator. In 1398-1398, `check` reports **1** finding and **0** "
        "checks that came out consistent."
    )
    assert report.unknown_hedges_markdown(result) == (
        "Hedge words not in the tolerance table, read as -10 to 10%: *somewhat-ish*"
    )
    # Without the unknown hedge word (read as +-10%), the range is the figures' rounding.
    plain = report.reconcile_group(facts.assign(qualifier=None), "all", 1398, 1398)
    placed = report.placed_rows(plain.consolidated, 1398, 1398)
    assert report.consolidated_summary_markdown(placed) == (
        "**1** consolidated row; **1** touched by a finding; **1** rests on more than one "
        "independent source."
    )
    cells = report.consolidated_markdown(placed).splitlines()[2].split(" | ")
    assert cells[3:8] == ["43,640", "43,625 to 43,655", "3", "2", "conflict"]


def test_rule_sentence_names_the_rule_used():
    for rule in reconcile.CONSOLIDATION_RULES:
        sentence = report.rule_markdown(rule)
        assert sentence.startswith(f"Consolidation rule {rule.replace('_', '&#95;')}:")
    assert "median of the independent sources" in report.rule_markdown("median")
    note = report.series_note([pd.DataFrame()], "median")
    assert "rule *median*" in note and reconcile.CONSOLIDATION_RULES["median"][:20] in note


def test_shipped_summary_and_findings(facts, shipped):
    text = report.summary_markdown(facts, shipped, "all", 1392, 1404)
    assert f"holds **{len(facts):,}** statements from **{facts['source_url'].nunique():,}**" in text
    assert f"reports **{len(shipped.findings):,}** findings" in text
    assert not shipped.findings["kind"].isin(report.CONSISTENT_KINDS).any()
    assert shipped.consistent["kind"].isin(report.CONSISTENT_KINDS).all()
    counts = report.finding_counts_markdown(shipped.findings)
    total = sum(
        int(line.split(" | ")[-1].rstrip(" |"))
        for line in counts.splitlines()[2:]
        if line.startswith("|")
    )
    assert total == len(shipped.findings)
    table = report.findings_markdown(shipped.findings)
    assert len(table.splitlines()) >= len(shipped.findings) + 2


def test_shipped_origin_statement(shipped):
    origin = report.origin_markdown(shipped.consistent)  # the registry's origin_statement
    assert origin == report.origin_markdown(shipped.consistent, "units_in_parks_active_share")
    assert origin.startswith("**Origin statement.** ")
    assert report.origin_markdown(shipped.consistent, "no_such_indicator") == ""


def test_shipped_consolidated_table_and_series(shipped):
    placed = report.placed_rows(shipped.consolidated, 1392, 1404)
    assert placed["period_type"].isin(["flow", "stock"]).all()
    assert placed["jalali_year"].between(1392, 1404).all()
    text = report.consolidated_markdown(placed)
    assert len(text.splitlines()) >= len(placed) + 2
    urls = {url for urls in placed["sources"] for url in urls}
    unescaped = text.replace("&amp;", "&")
    assert all(f'href="{url}"' in unescaped for url in urls)
    series = report.whole_year_series(shipped.consolidated, 1392, 1404)
    assert 1 <= len(series) <= 4
    for rows in series:
        assert rows["jalali_year"].nunique() >= 2 and len(set(rows["unit"])) == 1
    figures = report.series_charts(series)
    assert all(fig.texts[0].get_text().startswith("Source: ") for fig in figures)
    for fig in figures:
        plt.close(fig)


def test_shipped_coverage_chart(shipped):
    shown = report.coverage_table(shipped.chosen, 1392, 1404)
    assert report.coverage_note(shown) == ""
    fig = report.coverage_chart(shown, shipped.chosen, "all")
    assert fig.axes[0].get_title(loc="left").startswith("Statements per indicator")
    plt.close(fig)
    # Synthetic statements, all dated 1398: nothing in 1300-1301, not even undated ones.
    synthetic = _synthetic_facts()
    empty = report.coverage_table(synthetic, 1300, 1301)
    assert report.coverage_chart(empty, synthetic, "all") is None
    assert report.coverage_note(empty).startswith("No statement")

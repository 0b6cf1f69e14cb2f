"""Tests of smeanalysis.reports.park_utilization on hand-made (synthetic) fact tables."""

from __future__ import annotations

import html
import math

import pandas as pd
import pytest
from fact_frames import make_facts, stock, year_flow

from smeanalysis import reconcile
from smeanalysis.errors import SmeAnalysisError
from smeanalysis.qualifiers import statement_interval
from smeanalysis.reports import park_utilization as parks
from smeanalysis.reports.text import amount_range


@pytest.fixture
def facts() -> pd.DataFrame:
    return make_facts(
        [
            stock("units_in_parks_total", 43650.0, "2019-08", url="https://a.example/1"),
            stock("units_in_parks_total", 43630.0, "2019-08", url="https://b.example/2"),
            stock("units_in_parks_active", 33800.0, "2019-08", url="https://a.example/1"),
            stock("units_in_parks_active_share", 77.5, "2019-08", unit="percent"),
            stock("units_in_parks_active_share", 83.0, "2021-08", unit="percent"),
            stock("units_in_parks_total", 37120.0, None, url="https://c.example/3"),
            stock("employment_in_parks", 950000.0, "2021-06"),
            stock("units_in_parks_operational", 48400.0, "2021-06"),
            stock("units_in_parks_total", 48000.0, "2021-06"),
            year_flow("idle_units_revived", 1185.0, 1398, url="https://a.example/1"),
            year_flow("idle_units_revived", 1444.0, 1398, url="https://b.example/2"),
            year_flow("idle_units_revived_target", 1300.0, 1398),
            year_flow("idle_units_revived_target", 1400.0, 1398),
            year_flow("idle_units_revived", 1726.0, 1397),
            year_flow("idle_units_revived_target", 1000.0, 1397),
            year_flow("idle_units_revived", 1500.0, 1399),
            year_flow("idle_units_revived_target", 2000.0, 1399),
            year_flow("idle_units_revived", 1462.0, 1396),
            {
                "period_label": "1399 year-to-date",
                "period_start": "2020-03-20",
                "period_kind": "flow",
                "indicator": "idle_units_revived",
                "value": 819.0,
                "geography": "Iran",
                "source_url": "https://d.example/4",
            },
            year_flow("idle_units_revived", 24.0, 1398, "Qom", "IR-25"),
            year_flow("idle_units_revived", 40.0, 1399, "Qom", "IR-25"),
            year_flow("idle_units_revived", 31.0, 1399, "Isfahan", "IR-10"),
            stock("units_in_parks_total", 9000.0, "2020-01", "Isfahan", "IR-10"),
        ]
    )


def test_scope_separates_national_and_province(facts):
    national = parks.scope(facts, None)
    assert set(national["geography"]) == {"Iran"}
    isfahan = parks.scope(facts, "IR-10")
    assert set(isfahan["province_code"]) == {"IR-10"}
    assert len(national) + len(isfahan) + len(parks.scope(facts, "IR-25")) == len(facts)
    assert parks.scope(facts, "IR-15").empty


def test_scope_does_not_mutate_input(facts):
    before = facts.copy()
    national = parks.scope(facts, None)
    parks.stock_table(national, parks.UNIT_COUNTS)
    parks.active_share(national)
    parks.against_target(national, 1392, 1404)
    parks.latest_by_province(facts, "idle_units_revived")
    pd.testing.assert_frame_equal(facts, before)


def test_statements_of_several_places_are_refused(facts):
    with pytest.raises(SmeAnalysisError, match="one place"):
        parks.stock_table(facts, parks.UNIT_COUNTS)


def test_ranges_are_reconciles_consolidation(facts):
    """One mechanism: parks' rows, centres and ranges are reconcile.consolidate's."""
    national = parks.scope(facts, None)
    table = parks.stock_table(national, parks.UNIT_COUNTS)
    wanted = national.loc[national["indicator"].isin(parks.UNIT_COUNTS)]
    expected = reconcile.consolidate(wanted)
    assert len(table) == len(expected)
    assert sorted(zip(table["central"], table["low"], table["high"], strict=True)) == sorted(
        zip(expected["value"], expected["low"], expected["high"], strict=True)
    )


def test_stock_table_keeps_contradictions_as_range_and_undated_rows(facts):
    table = parks.stock_table(parks.scope(facts, None), parks.UNIT_COUNTS)
    total_2019 = table.loc[
        (table["indicator"] == "units_in_parks_total") & (table["as_of"] == "2019-08")
    ].iloc[0]
    # The interval both statements allow (their rounding included), as reconcile reads them.
    assert total_2019["low"] == statement_interval(43630.0)[0]
    assert total_2019["high"] == statement_interval(43650.0)[1]
    assert total_2019["stated"] == "43,630; 43,650"
    assert total_2019["n_statements"] == 2
    assert total_2019["sources"] == ("https://a.example/1", "https://b.example/2")
    # The undated statement is kept (as_of NA) and sorted last, not dropped.
    assert table["as_of"].isna().iloc[-1]
    assert table["n_statements"].sum() == 6


def test_active_share_computed_from_same_month_only(facts):
    shares = parks.active_share(parks.scope(facts, None))
    aug19 = shares.loc[shares["as_of"] == "2019-08"].iloc[0]
    assert (aug19["stated_low"], aug19["stated_high"]) == statement_interval(77.5)
    active, total_low, total_high = (
        statement_interval(33800.0),
        statement_interval(43630.0),
        statement_interval(43650.0),
    )
    assert aug19["computed_low"] == pytest.approx(100 * active[0] / total_high[1])
    assert aug19["computed_high"] == pytest.approx(100 * active[1] / total_low[0])
    aug21 = shares.loc[shares["as_of"] == "2021-08"].iloc[0]
    # A stated share with no counts of that month gets no computed share.
    assert aug21["stated"] == "83%" and math.isnan(aug21["computed_low"])
    # Months with neither a stated nor a computable share are not rows.
    assert "2021-06" not in set(shares["as_of"].dropna())


def test_against_target_verdicts(facts):
    table = parks.against_target(parks.scope(facts, None), 1392, 1404).set_index("jalali_year")
    assert table.loc[1397, "verdict"] == "met"
    assert table.loc[1398, "verdict"] == "unclear"  # 1185-1444 against 1300-1400
    assert table.loc[1398, "outcome_low"] == statement_interval(1185.0)[0]
    assert table.loc[1398, "outcome_high"] == statement_interval(1444.0)[1]
    assert table.loc[1398, "outcome_stated"] == "1,185; 1,444"
    assert table.loc[1399, "verdict"] == "missed"
    assert table.loc[1396, "verdict"] == "no target"
    # The partial 1399 year-to-date statement is not compared with the annual target.
    assert table.loc[1399, "outcome_n_statements"] == 1


def test_against_target_respects_year_window(facts):
    table = parks.against_target(parks.scope(facts, None), 1398, 1398)
    assert table["jalali_year"].tolist() == [1398]


def test_flow_table_keeps_partial_periods(facts):
    table = parks.flow_table(parks.scope(facts, None), ["idle_units_revived"])
    partial = table.loc[~table["is_full_year"]]
    assert partial["period_labels"].tolist() == ["1399 year-to-date"]
    assert table["n_statements"].sum() == 6


def test_employment_per_unit_pairs_same_month(facts):
    table = parks.employment_per_unit(parks.scope(facts, None))
    assert set(table["as_of"]) == {"2021-06"}
    assert set(table["unit_basis"]) == {"units_in_parks_operational", "units_in_parks_total"}
    op = table.loc[table["unit_basis"] == "units_in_parks_operational"].iloc[0]
    jobs, units = statement_interval(950000.0), statement_interval(48400.0)
    assert op["per_unit_low"] == pytest.approx(jobs[0] / units[1])
    assert op["per_unit_high"] == pytest.approx(jobs[1] / units[0])


def test_latest_by_province_takes_latest_period(facts):
    table = parks.latest_by_province(facts, "idle_units_revived").set_index("province_code")
    assert table.loc["IR-25", "central"] == 40.0
    assert table.loc["IR-25", "period_labels"] == "1399"
    assert set(table.index) == {"IR-25", "IR-10"}


def test_province_without_data_gives_empty_tables(facts):
    nothing = parks.scope(facts, "IR-15")
    assert parks.stock_table(nothing, parks.UNIT_COUNTS).empty
    assert parks.active_share(nothing).empty
    assert parks.against_target(nothing, 1392, 1404).empty
    assert parks.flow_table(nothing, ["new_units_operational"]).empty
    assert parks.employment_per_unit(nothing).empty
    assert "Kerman" in parks.missing_sentence("units in parks", "Kerman")


def test_missing_sentence_escapes_text():
    assert "<" not in parks.missing_sentence("<b>x</b>", "Qom")


def test_active_share_is_metrics_utilization_and_refuses_more_active_than_total():
    """The computed share is metrics.utilization; a bound with active > total has none."""
    facts = make_facts(
        [
            stock("units_in_parks_active", 900.0, "2020-01"),
            stock("units_in_parks_total", 1000.0, "2020-01"),
            stock("units_in_parks_active", 1200.0, "2021-01"),
            stock("units_in_parks_total", 1000.0, "2021-01"),
        ]
    )
    shares = parks.active_share(facts).set_index("as_of")
    assert shares.loc["2020-01", "computed_low"] == pytest.approx(
        100 * statement_interval(900.0)[0] / statement_interval(1000.0)[1]
    )
    # 1,200 active of 1,000 units: no share, but the row and its counts stay.
    assert math.isnan(shares.loc["2021-01", "computed_low"])
    assert shares.loc["2021-01", "active_stated"] == "1,200"
    text = parks.active_share_markdown(shares.reset_index(), "Iran")
    assert "not computable" in text and "1,200 of 1,000" in text


def test_tables_write_figures_with_the_text_kit(facts):
    national = parks.scope(facts, None)
    shares = parks.active_share(national)
    text = parks.active_share_markdown(shares, "Iran")
    aug19 = shares.loc[shares["as_of"] == "2019-08"].iloc[0]
    computed = amount_range(aug19["computed_low"], aug19["computed_high"], "percent", decimals=1)
    assert computed.endswith("%") and " %" not in text
    assert computed in text
    jobs = make_facts(
        [
            stock("employment_in_parks", 950000.0, "2021-06", unit="person"),
            stock("units_in_parks_total", 48000.0, "2021-06"),
        ]
    )
    employment = parks.employment_markdown(parks.employment_per_unit(jobs), "Iran")
    assert "950,000 people" in employment  # persons in words, never "950,000 person"
    findings = parks.findings_markdown(
        "Iran",
        parks.stock_table(national, parks.UNIT_COUNTS),
        shares,
        parks.against_target(national, 1392, 1404),
        parks.flow_table(national, ["new_units_operational"]),
    )
    assert "(as of June 2021)" in findings and "As of August 2019 the stated" in findings
    shown = html.unescape(findings)
    assert "Iranian year 1399 (20 March 2020 to 20 March 2021), 1,500 units" in shown


def test_tables_show_hedge_words_and_the_interval_they_allow():
    hedged = make_facts(
        [
            stock("units_in_parks_active", 33000.0, "2019-08", qualifier="more than"),
            stock("units_in_parks_active", 33800.0, "2019-08", url="https://b.example/2"),
            year_flow("idle_units_revived", 1400.0, 1398, qualifier="nearly"),
            year_flow("idle_units_revived_target", 1300.0, 1398, qualifier="<b>about</b>"),
        ]
    )
    table = parks.stock_table(hedged, parks.UNIT_COUNTS)
    row = table.iloc[0]
    assert row["stated"] == "more than 33,000; 33,800"
    # "more than 33,000" starts at 33,000; the flat 33,800 reaches half a unit above.
    assert (row["low"], row["high"]) == (
        statement_interval(33000.0, "more than")[0],
        max(statement_interval(33000.0, "more than")[1], statement_interval(33800.0)[1]),
    )
    text = parks.stock_markdown(table, "units in parks", "Iran")
    assert "more than 33,000; 33,800" in text
    assert amount_range(row["low"], row["high"]) in text
    # reconcile names a hedge word it does not know (and reads it as +/-10 %).
    with pytest.warns(UserWarning, match="not in the tolerance table"):
        targets = parks.against_target(hedged, 1398, 1398)
    rendered = parks.target_markdown(targets, "Iran")
    assert "nearly 1,400" in rendered
    assert "<b>" not in rendered and "&lt;b&gt;about&lt;/b&gt; 1,300" in rendered
    findings = parks.findings_markdown(
        "Iran", table, parks.active_share(hedged), targets, parks.flow_table(hedged, [])
    )
    assert "more than 33,000" in findings and "nearly 1,400 units" in findings


def test_flags_carry_reconciles_findings(facts):
    table = parks.stock_table(parks.scope(facts, None), parks.UNIT_COUNTS)
    total_2019 = table.loc[
        (table["indicator"] == "units_in_parks_total") & (table["as_of"] == "2019-08")
    ].iloc[0]
    assert "conflict" in total_2019["flags"].split(";")  # 43,630 against 43,650


def test_latest_by_province_counts_the_rows_not_shown(facts):
    table = parks.latest_by_province(facts, "idle_units_revived").set_index("province_code")
    assert table.loc["IR-25", "n_other"] == 1  # Qom's 1398 statement, behind its 1399 one
    assert table.loc["IR-10", "n_other"] == 0

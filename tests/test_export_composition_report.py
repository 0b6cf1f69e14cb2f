"""The export-composition report's helpers (smeanalysis.reports.export_composition).

Hand-made frames are synthetic (labelled so); the shipped table checks the figures the page
shows: shares of the world total, the top-n share and the HHI lower bound, and every source.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from smeanalysis import composition as comp
from smeanalysis.reports import export_composition as report


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    return comp.load_composition()


@pytest.fixture(scope="module")
def destinations(table) -> pd.DataFrame:
    return comp.destinations_by_year(table, years=range(1395, 1405))


def _synthetic_concentration() -> pd.DataFrame:
    """Synthetic: one year without a world total, one with."""
    destinations = pd.DataFrame(
        {
            "jalali_year": pd.array([1398] * 3 + [1399] * 3, dtype="Int64"),
            "coverage": ["months 1-6"] * 3 + ["full year"] * 3,
            "partner": ["A", "B", "C"] * 2,
            "value": [5.0, 3.0, 1.0, 40.0, 30.0, 10.0],
            "world_total": [float("nan")] * 3 + [100.0] * 3,
            "source_url": ["https://a.example/1"] * 3 + ["https://b.example/2"] * 3,
            "total_source_url": pd.array([None] * 3 + ["https://c.example/3"] * 3, "string"),
        }
    )
    return comp.concentration(destinations, n=2)


def test_concentration_lines_say_share_hhi_and_missing_total():
    text = report.concentration_markdown(_synthetic_concentration(), 1397, 1399)
    lines = text.splitlines()
    assert lines[0].startswith("- **1398** (months 1-6; 3 destinations named): no world total")
    # (40 + 30) / 100 and 40² + 30² + 10² = 2,600 (a lower bound: "at least").
    assert "top 2 = 70.0% of the total, HHI of named destinations at least 2,600" in lines[1]
    # Both pages of 1399 (destinations and total) are linked, each once.
    assert lines[1].count("<a href=") == 2 and "c.example" in lines[1]
    assert lines[2] == "- No destination breakdown of customs non-oil exports for: 1397"


def test_missing_years_and_gaps_on_synthetic_rows():
    concentration = _synthetic_concentration()
    assert report.missing_years(concentration, 1396, 1400) == [1396, 1397, 1400]
    rows = pd.DataFrame(  # synthetic
        {
            "scope": ["sme", "sme", "mirror_turkstat"],
            "jalali_year": pd.array([1398, 1399, None], dtype="Int64"),
            "period_start": pd.to_datetime(["2019-03-21", None, None]),
            "hs_code": ["0802", None, None],
        }
    )
    gaps = report.gaps_markdown(rows, concentration, 1398, 1400).splitlines()
    assert gaps[0].endswith("breakdown: 1400.")
    assert gaps[1].endswith("(not the full year): 1398.")
    assert "years 1398, 1399;" in gaps[2]
    assert gaps[3].startswith("- 2 figures have no known period")
    assert gaps[4].startswith("- 1 mirror or tracking figure runs")
    assert gaps[5] == "- Some rows carry HS codes."


def test_within_years_keeps_the_window_only():
    rows = pd.DataFrame({"jalali_year": pd.array([1394, 1395, 1404, 1405, None], "Int64")})
    assert report.within_years(rows, 1395, 1404)["jalali_year"].tolist() == [1395, 1404]


def test_destinations_table_writes_values_as_stated_and_shares_of_the_total(destinations):
    top = comp.top_partners(destinations, 5)
    text = report.destinations_markdown(top)
    # 1399 (full year): China 8.9 of 34.5 billion USD, 25.8%.
    china = top[(top["jalali_year"] == 1399) & (top["partner"] == "China")].iloc[0]
    assert china["share_pct"] == pytest.approx(100 * china["value"] / 34.5e9)
    assert f"| 1399 | full year | 1 | China | &#36;{china['value'] / 1e9:g} billion | " in text
    assert f"| {china['share_pct']:.1f}% |" in text
    # 1396 has no world total: its shares are the dash, explained under the table.
    assert "| 1396 | months 1-8 | 1 | China | &#36;5.748 billion | – |" in text
    assert "no world total for that period" in text.splitlines()[-1]
    for url in set(top["source_url"]):
        assert f'href="{url}"' in text.replace("&amp;", "&")


def test_shipped_concentration_lines(destinations):
    concentration = comp.concentration(destinations, 5)
    text = report.concentration_markdown(concentration, 1395, 1404)
    assert "- **1396** (months 1-8; 5 destinations named): no world total for this period" in text
    row = concentration.set_index("jalali_year").loc[1399]
    assert (
        f"top 5 = {row['top_share_pct']:.1f}% of the total, HHI of named destinations at least "
        f"{row['hhi_named']:,.0f}"
    ) in text
    assert text.endswith("for: 1395, 1404")


def test_charts_have_titles_units_and_sources(table, destinations):
    concentration = comp.concentration(destinations, 5)
    fig = report.concentration_chart(concentration, 5)
    share, hhi = fig.axes
    assert share.get_title(loc="left").startswith("Share of the top 5 destinations")
    assert hhi.get_ylabel() == "HHI points (0-10,000)"
    # Years with a world total only: 1396 has none.
    assert len(share.patches) == concentration["top_share_pct"].notna().sum() == 7
    assert fig.texts[0].get_text().startswith("Source: ")
    plt.close(fig)
    sme = report.within_years(comp.sme_destinations(table), 1395, 1404)
    fig = report.sme_destinations_chart(sme)
    # One scale for all panels, chosen by reconcile.unit_scale from the largest figure.
    assert fig is not None and fig.axes[0].get_xlabel() == "billion USD"
    assert max(bar.get_width() for bar in fig.axes[0].patches) < 10
    plt.close(fig)
    assert report.sme_destinations_chart(sme.iloc[0:0]) is None


def test_product_goods_and_sme_tables_link_every_source(table):
    groups = comp.product_groups(table, years=range(1395, 1405))
    goods = comp.sme_goods(table, years=range(1395, 1405))
    sme = comp.sme_destinations(table)
    for text, frame in (
        (report.product_groups_markdown(groups), groups),
        (report.sme_goods_markdown(goods), goods),
        (report.sme_destinations_markdown(sme), sme),
    ):
        unescaped = text.replace("&amp;", "&")
        assert all(f'href="{url}"' in unescaped for url in set(frame["source_url"]))
    goods_text = report.sme_goods_markdown(goods)
    assert goods_text.endswith("Groups with no value in these years: chemicals.")


def test_contradictions_head_counts_sets_and_figures(table):
    conflicts = report.within_years(comp.contradictions(table), 1395, 1404)
    head = report.contradictions_markdown(conflicts).splitlines()[0]
    assert head == (
        f"**{conflicts['set_id'].nunique()}** sets of disagreeing figures, "
        f"{len(conflicts)} figures."
    )
    assert report.contradictions_markdown(conflicts.iloc[0:0]).startswith("**0** sets")


def test_loaded_sentence(table):
    text = report.loaded_markdown(table, 1395, 1404)
    inside = table["jalali_year"].between(1395, 1404).fillna(False).sum()
    assert text == (
        f"Loaded **{len(table):,}** figures from **{table['source_url'].nunique():,}** pages; "
        f"**{inside:,}** fall in 1395-1404."
    )

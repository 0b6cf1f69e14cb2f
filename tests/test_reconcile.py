"""check() and consolidate() on small hand-made fact tables (synthetic statements).

Every finding kind is tested both ways: the case that must be flagged and the neighbouring
cases that must not (figures within their qualifiers, one figure repeated by outlets, other
geographies, other periods).
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

# ---------------------------------------------------------------------------------------------
# Building synthetic fact tables with the documented columns and dtypes
from fact_frames import COLUMNS

# Whole Iranian years and a few whole-month spans (official_figures.md's calendar table).
from fact_frames import YEARS as YEAR
from hypothesis import given
from hypothesis import strategies as st

from smeanalysis.errors import SmeAnalysisError
from smeanalysis.qualifiers import (
    DEFAULT_QUALIFIERS,
    Tolerances,
    intervals_overlap,
    normalize_qualifier,
    significant_digits,
    stated_precision,
    statement_interval,
    unknown_qualifiers,
)
from smeanalysis.reconcile import (
    CONSOLIDATED_COLUMNS,
    CUMULATIVE_INDICATORS,
    FINDING_COLUMNS,
    INDICATOR_GROUPS,
    check,
    consolidate,
    coverage,
    select_group,
    speaker_key,
    unit_scale,
    whole_years,
)

MONTH_END_1398 = {5: "2019-08-22", 6: "2019-09-22", 7: "2019-10-22", 8: "2019-11-21"}
MONTH_END_1397 = {5: "2018-08-22", 6: "2018-09-22"}


def flow(indicator, value, start, end, *, year, months=(None, None), **kw):
    return {
        "indicator": indicator,
        "value": value,
        "period_start": start,
        "period_end": end,
        "jalali_year": year,
        "jalali_month_first": months[0],
        "jalali_month_last": months[1],
        "period_kind": "flow",
        "period_label": kw.pop("label", f"{year}"),
        **kw,
    }


def year_flow(indicator, value, year, **kw):
    start, end = YEAR[year]
    return flow(indicator, value, start, end, year=year, months=(1, 12), **kw)


def ytd_1398(indicator, value, months, **kw):
    end = MONTH_END_1398[months]
    return flow(indicator, value, YEAR[1398][0], end, year=1398, months=(1, months), **kw)


def stock(indicator, value, month, **kw):
    """A stock "as of YYYY-MM" without period dates, as the fact base writes them."""
    return {
        "indicator": indicator,
        "value": value,
        "period_kind": "stock",
        "period_label": f"as of {month}",
        **kw,
    }


def undated(indicator, value, **kw):
    return {
        "indicator": indicator,
        "value": value,
        "period_kind": "undated",
        "period_label": "as stated (date not on page)",
        **kw,
    }


def make_facts(rows: list[dict]) -> pd.DataFrame:
    """A typed fact table (synthetic); URLs default to one page per row."""
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    frame["fact_id"] = np.arange(1, len(frame) + 1, dtype=np.int64)
    for column in ("geography", "unit", "source_url"):
        frame[column] = frame[column].astype("string")
    frame["geography"] = frame["geography"].fillna("Iran")
    frame["unit"] = frame["unit"].fillna("count")
    urls = pd.Series([f"https://news{i}.example/item" for i in frame["fact_id"]], dtype="string")
    frame["source_url"] = frame["source_url"].fillna(urls)
    for column, dtype in COLUMNS.items():
        if dtype.startswith("datetime"):
            frame[column] = pd.to_datetime(frame[column]).astype(dtype)
        else:
            frame[column] = frame[column].astype(dtype)
    return frame


def kinds(findings: pd.DataFrame) -> list[str]:
    return findings["kind"].tolist()


def ids(findings: pd.DataFrame, kind: str) -> list[set[int]]:
    return [set(i) for i in findings.loc[findings["kind"] == kind, "fact_ids"]]


# ---------------------------------------------------------------------------------------------
# Qualifiers and precision


def test_stated_precision_reads_the_last_significant_digit():
    assert stated_precision(1.6e9) == 1e8
    assert stated_precision(1.49e9) == 1e7
    assert stated_precision(43650) == 10
    assert stated_precision(77.5) == 0.1
    assert stated_precision(16.77) == 0.01
    # Round figures are read to two significant digits (configurable).
    assert stated_precision(4e9) == 1e8
    assert stated_precision(4e9, min_significant_digits=1) == 1e9
    assert stated_precision(10) == 1
    assert stated_precision(0) == 0


@given(
    digits=st.integers(min_value=2, max_value=6),
    mantissa=st.integers(min_value=1, max_value=999_999),
    exponent=st.integers(min_value=-3, max_value=9),
)
def test_flat_interval_is_the_value_plus_minus_half_its_precision(digits, mantissa, exponent):
    value = float(f"{mantissa}e{exponent}")
    low, high = statement_interval(value)
    half = stated_precision(value) / 2
    assert low <= value <= high
    assert high - low == pytest.approx(2 * half, rel=1e-9)
    assert significant_digits(value) == len(str(mantissa).rstrip("0"))


@pytest.mark.parametrize("qualifier", sorted(DEFAULT_QUALIFIERS))
def test_every_default_qualifier_gives_its_documented_interval(qualifier):
    below, above = DEFAULT_QUALIFIERS[qualifier]
    value = 1234.0  # precision 1, half 0.5
    low, high = statement_interval(value, qualifier)
    expected_low = value * (1 + below) - (0.0 if below == 0 and above > 0 else 0.5)
    expected_high = value * (1 + above) + (0.0 if above == 0 and below < 0 else 0.5)
    assert (low, high) == pytest.approx((expected_low, expected_high))
    assert low <= value <= high
    # Case and spacing do not matter.
    assert statement_interval(value, f"  {qualifier.upper()} ") == (low, high)


def test_directional_qualifiers_are_bounds_at_the_stated_value():
    assert statement_interval(40, "more than")[0] == 40
    assert statement_interval(40, "over")[0] == 40
    assert statement_interval(78, "nearly")[1] == 78
    assert statement_interval(10, "less than")[1] == 10
    about_low, about_high = statement_interval(1000, "about")
    assert 1000 - about_low == pytest.approx(about_high - 1000)


def test_range_qualifier_and_unknown_qualifier():
    assert statement_interval(23, "22-24") == (21.5, 24.5)
    # 100 is read to two digits (precision 10): 100 +/- 10 % +/- 5.
    assert statement_interval(100, "relatively active") == (85.0, 115.0)
    assert unknown_qualifiers(["over", "relatively active", None, "22-24"]) == ["relatively active"]
    assert normalize_qualifier(pd.NA) is None


def test_tolerances_are_configurable():
    wide = Tolerances(qualifiers={"about": (-0.2, 0.2)})
    assert statement_interval(100, "about", wide) == (75.0, 125.0)
    # A qualifier missing from a custom table falls back to the unknown interval.
    assert statement_interval(100, "nearly", wide) == (85.0, 115.0)


def test_touching_precision_intervals_do_not_overlap():
    assert not intervals_overlap(statement_interval(2575), statement_interval(2576))
    assert intervals_overlap(statement_interval(2575), statement_interval(2575))
    assert intervals_overlap(statement_interval(1.5e9), statement_interval(1.5e9, "more than"))


def test_speaker_key_forgives_transliteration():
    assert speaker_key("Asghar Mosaheb") == speaker_key("Ali-Asghar Mosaheb")
    assert speaker_key("Asghar Masaheb") == speaker_key("Ali Asqar Mosaheb")
    assert speaker_key("Farshad Moghimi") == speaker_key("Moqimi")
    assert speaker_key("Mohsen Salehinia") != speaker_key("Asghar Mosaheb")
    assert speaker_key(pd.NA) == ""


# ---------------------------------------------------------------------------------------------
# conflict


def test_conflict_same_period_values_beyond_their_qualifiers():
    facts = make_facts(
        [
            ytd_1398("sme_export_value", 1.03e9, 6, unit="usd", speaker="Asghar Mosaheb"),
            ytd_1398("sme_export_value", 1.49e9, 6, unit="usd", speaker="Asghar Masaheb"),
        ]
    )
    found = check(facts)
    assert kinds(found) == ["conflict"]
    row = found.iloc[0]
    assert row["fact_ids"] == (1, 2)
    assert row["values"] == (1.03e9, 1.49e9)
    assert row["units"] == ("usd", "usd")
    assert row["indicator"] == "sme_export_value"
    assert row["jalali_year"] == 1398
    assert row["severity"] == "high"
    assert "$1.03 billion" in row["explanation"] and "$1.49 billion" in row["explanation"]
    assert "45%" in row["explanation"]
    assert row["sources"] == tuple(facts["source_url"])


def test_conflict_not_flagged_within_qualifiers():
    facts = make_facts(
        [
            year_flow("idle_units_revived", 1500, 1399, qualifier="about"),
            year_flow("idle_units_revived", 1557, 1399),
            stock("units_in_parks_active_share", 78, "2019-08", qualifier="nearly", unit="percent"),
            stock("units_in_parks_active_share", 77.5, "2019-08", unit="percent"),
            year_flow("new_units_operational", 2100, 1398, qualifier="more than"),
            year_flow("new_units_operational", 2103, 1398),
        ]
    )
    assert check(facts).empty


def test_conflict_flagged_without_qualifier_and_on_touching_precision():
    facts = make_facts(
        [
            year_flow("idle_units_revived", 1500, 1399),
            year_flow("idle_units_revived", 1557, 1399),
            year_flow("new_units_operational", 2575, 1396),
            year_flow("new_units_operational", 2576, 1396),
        ]
    )
    found = check(facts)
    assert ids(found, "conflict") == [{1, 2}, {3, 4}]
    assert set(found["severity"]) == {"low"}


def test_conflict_not_flagged_for_one_figure_repeated_by_outlets():
    facts = make_facts(
        [
            stock("units_in_parks_total", 43650, "2019-08", speaker="Mohsen Salehinia"),
            stock("units_in_parks_total", 43650, "2019-08", speaker="Mohsen Salehinia"),
            stock("units_in_parks_total", 43650, "2019-08", speaker="Mohsen Salehinia"),
        ]
    )
    assert check(facts).empty


def test_conflict_groups_outlets_into_one_finding_per_pair_of_claims():
    facts = make_facts(
        [
            year_flow("sme_export_value", 4e9, 1397, unit="usd", speaker="Mohsen Salehinia"),
            year_flow("sme_export_value", 4e9, 1397, unit="usd", speaker="Mohsen Salehinia"),
            year_flow("sme_export_value", 4.5e9, 1397, unit="usd", qualifier="over"),
        ]
    )
    found = check(facts)
    assert kinds(found) == ["conflict"]
    assert found.iloc[0]["fact_ids"] == (1, 2, 3)
    assert found.iloc[0]["qualifiers"] == ("", "", "over")


def test_conflict_not_flagged_across_geographies_or_periods():
    facts = make_facts(
        [
            year_flow("idle_units_revived", 1462, 1396),
            year_flow("idle_units_revived", 121, 1396, geography="Mazandaran"),
            year_flow("idle_units_revived", 1726, 1397),
            ytd_1398("idle_units_revived", 529, 6),
            year_flow("idle_units_revived", 1444, 1398),
            stock("units_in_parks_total", 43650, "2019-08"),
            stock("units_in_parks_total", 46000, "2020-10"),
        ]
    )
    assert check(facts).empty


def test_conflict_treats_news_glosses_of_one_period_as_the_same_period():
    facts = make_facts(
        [
            flow("non_oil_exports_value", 40.4e9, "2024-03-20", "2025-01-19", year=1403,
                 unit="usd", qualifier="more than"),
            flow("non_oil_exports_value", 47.8e9, "2024-03-20", "2025-01-22", year=1403,
                 unit="usd"),
            flow("non_oil_exports_value", 57e9, "2024-03-20", "2025-03-20", year=1403,
                 unit="usd"),
        ]
    )  # fmt: skip
    assert ids(check(facts), "conflict") == [{1, 2}]


def test_undated_statements_are_not_compared():
    facts = make_facts(
        [
            undated("units_in_parks_inactive", 9800, qualifier="more than"),
            undated("units_in_parks_inactive", 7085),
            stock("units_in_parks_inactive", 9200, "2020-10"),
        ]
    )
    assert check(facts).empty


def test_stocks_a_month_apart_allow_for_drift():
    facts = make_facts(
        [
            stock("industrial_parks_total", 811, "2019-08"),
            stock("industrial_parks_total", 813, "2019-09"),
            stock("employment_in_parks", 950_000, "2021-06", unit="person"),
            stock("employment_in_parks", 980_000, "2021-07", unit="person", qualifier="over"),
        ]
    )
    assert ids(check(facts), "conflict") == [{3, 4}]


def test_stocks_far_apart_are_not_the_same_level():
    facts = make_facts(
        [
            stock("industrial_parks_total", 811, "2019-08"),
            stock("industrial_parks_total", 1011, "2021-06", qualifier="more than"),
        ]
    )
    assert check(facts).empty


def test_stock_dated_by_period_end_or_jalali_label():
    facts = make_facts(
        [
            {**stock("export_management_companies", 65, "1398-09")},
            {**stock("export_management_companies", 60, "2019-12")},
            {
                "indicator": "export_management_companies",
                "value": 62,
                "period_end": "2020-03-19",
                "period_label": "as of end of 1398",
                "period_kind": "stock",
            },
        ]
    )
    found = check(facts)
    assert ids(found, "conflict") == [{1, 2}]
    assert ids(found, "stock_decrease") == [{1, 3}]


# ---------------------------------------------------------------------------------------------
# share_mismatch / share_consistent


def share_page(share, active=33_800, total=43_650, url="https://tt.example/442870", **kw):
    return [
        stock("units_in_parks_total", total, "2019-08", source_url=url),
        stock("units_in_parks_active", active, "2019-08", qualifier="nearly", source_url=url),
        stock(
            "units_in_parks_active_share", share, "2019-08", unit="percent", source_url=url, **kw
        ),
    ]


def test_share_consistent_for_the_origin_statement():
    facts = make_facts(share_page(78, qualifier="nearly"))
    assert check(facts).empty
    found = check(facts, include_consistent=True)
    assert kinds(found) == ["share_consistent"]
    row = found.iloc[0]
    assert set(row["fact_ids"]) == {1, 2, 3}
    assert row["severity"] == "info"
    assert "77.4%" in row["explanation"]


def test_share_mismatch_when_the_ratio_does_not_fit():
    facts = make_facts(share_page(90))
    found = check(facts)
    assert kinds(found) == ["share_mismatch"]
    assert "77.4%" in found.iloc[0]["explanation"]


def test_share_not_checked_against_another_page_or_place():
    facts = make_facts(
        [
            *share_page(90, url="https://a.example/1")[2:],
            *share_page(90, url="https://b.example/2")[:2],
            stock("units_in_parks_total", 805, "2019-08", geography="Kurdistan",
                  source_url="https://a.example/1"),
        ]
    )  # fmt: skip
    assert check(facts, include_consistent=True).empty


# ---------------------------------------------------------------------------------------------
# scopes: figures about different units are never a conflict


def test_figures_of_different_scopes_are_a_scope_difference_not_a_conflict():
    rows = [
        ytd_1398("sme_export_value", 1.03e9, 6, unit="usd", speaker="A"),
        ytd_1398("sme_export_value", 1.49e9, 6, unit="usd", speaker="B"),
        ytd_1398("sme_export_value", 1.95e9, 6, unit="usd", speaker="C"),
    ]
    facts = make_facts(rows).assign(scope=["unstated", "parks", "parks"])
    found = check(facts)
    assert kinds(found) == ["conflict", "scope_difference", "scope_difference"]
    assert ids(found, "conflict") == [{2, 3}]
    assert ids(found, "scope_difference") == [{1, 2}, {1, 3}]
    difference = found.loc[found["kind"] == "scope_difference"].iloc[0]
    assert difference["severity"] == "info"
    assert "different scopes (unstated versus parks)" in difference["explanation"]
    # Without a scope column every statement is of one scope, as before.
    assert kinds(check(make_facts(rows))) == ["conflict"] * 3


def test_a_growth_across_scopes_says_the_scopes_differ():
    facts = make_facts(growth_rows(16.7)).assign(scope=["parks", "unstated", "parks"])
    found = check(facts, include_consistent=True)
    assert kinds(found) == ["growth_consistent"]
    assert "Scopes differ (parks, unstated)" in found.iloc[0]["explanation"]
    same = make_facts(growth_rows(16.7)).assign(scope=["parks"] * 3)
    assert "Scopes differ" not in check(same, include_consistent=True).iloc[0]["explanation"]


# ---------------------------------------------------------------------------------------------
# growth_mismatch / growth_consistent


def growth_rows(growth, qualifier=None):
    start_1399, end_h1_1399 = "2020-03-20", "2020-09-21"
    return [
        flow("sme_export_value", 1.74e9, start_1399, end_h1_1399, year=1399, months=(1, 6),
             unit="usd"),
        ytd_1398("sme_export_value", 1.49e9, 6, unit="usd"),
        flow("sme_export_growth_yoy", growth, start_1399, end_h1_1399, year=1399, months=(1, 6),
             unit="percent", qualifier=qualifier),
    ]  # fmt: skip


def test_growth_consistent_with_the_stated_values():
    facts = make_facts(growth_rows(16.7))
    assert check(facts).empty
    found = check(facts, include_consistent=True)
    assert kinds(found) == ["growth_consistent"]
    assert "+16.8%" in found.iloc[0]["explanation"]


def test_growth_mismatch_with_the_stated_values():
    facts = make_facts(growth_rows(40, qualifier="more than"))
    found = check(facts)
    assert kinds(found) == ["growth_mismatch"]
    assert set(found.iloc[0]["fact_ids"]) == {1, 2, 3}


def test_growth_not_checked_without_last_years_value():
    rows = growth_rows(40)
    del rows[1]
    assert check(make_facts(rows), include_consistent=True).empty


# ---------------------------------------------------------------------------------------------
# ytd_decrease


def test_ytd_decrease_flagged_when_a_later_total_is_lower():
    facts = make_facts(
        [
            ytd_1398("exporting_smes", 1100, 5),
            ytd_1398("exporting_smes", 900, 7),
            ytd_1398("exporting_smes", 1200, 8),
        ]
    )
    found = check(facts)
    assert kinds(found) == ["ytd_decrease"]
    assert found.iloc[0]["fact_ids"] == (1, 2)


def test_ytd_rising_totals_and_other_years_not_flagged():
    facts = make_facts(
        [
            ytd_1398("sme_export_value", 1.03e9, 5, unit="usd", qualifier="over"),
            ytd_1398("sme_export_value", 1.03e9, 6, unit="usd"),
            ytd_1398("sme_export_value", 1.5e9, 8, unit="usd"),
            flow("sme_export_value", 1.04e9, "2018-03-21", "2018-10-07", year=1397, unit="usd"),
            year_flow("sme_export_value", 4e9, 1397, unit="usd"),
            ytd_1398("exporting_smes", 1100, 5),
            ytd_1398("exporting_smes", 590, 8, geography="Tehran"),
        ]
    )
    assert "ytd_decrease" not in kinds(check(facts))


# ---------------------------------------------------------------------------------------------
# stock_decrease


def test_stock_decrease_for_cumulative_counts_only():
    assert "export_management_companies" in CUMULATIVE_INDICATORS
    facts = make_facts(
        [
            stock("export_management_companies", 65, "2019-12"),
            stock("export_management_companies", 62, "2020-07"),
            stock("export_consortiums", 68, "2019-08"),
            stock("export_consortiums", 72, "2019-12"),
            # Not cumulative: active parks may fall.
            stock("industrial_parks_active", 880, "2023-02"),
            stock("industrial_parks_operational", 851, "2024-12"),
            stock("industrial_parks_active", 828, "2024-12"),
        ]
    )
    found = check(facts)
    assert kinds(found) == ["stock_decrease"]
    assert found.iloc[0]["fact_ids"] == (1, 2)


# ---------------------------------------------------------------------------------------------
# order_violation


def test_order_violation_part_above_whole():
    facts = make_facts(
        [
            stock("sme_share_of_exports", 10, "2019-08", unit="percent", qualifier="just over"),
            year_flow("sme_share_of_non_oil_exports", 5.8, 1398, unit="percent"),
            stock("units_in_parks_active", 34_000, "2019-09"),
            stock("units_in_parks_total", 43_000, "2019-09"),
        ]
    )
    found = check(facts)
    assert kinds(found) == ["order_violation"]
    assert found.iloc[0]["fact_ids"] == (1, 2)


def test_order_not_checked_at_other_times():
    facts = make_facts(
        [
            stock("sme_share_of_exports", 10, "2018-10", unit="percent", qualifier="just over"),
            year_flow("sme_share_of_non_oil_exports", 5.8, 1398, unit="percent"),
        ]
    )
    assert check(facts).empty


# ---------------------------------------------------------------------------------------------
# currency_mismatch


def test_currency_mismatch_same_period_similar_figures():
    facts = make_facts(
        [
            ytd_1398("sme_export_value_eur", 1.3e9, 5, unit="eur"),
            ytd_1398("sme_export_value", 1.03e9, 5, unit="usd", qualifier="over"),
        ]
    )
    found = check(facts)
    assert kinds(found) == ["currency_mismatch"]
    assert found.iloc[0]["severity"] == "medium"
    assert found.iloc[0]["units"] == ("eur", "usd")


def test_currency_mismatch_same_speaker_same_number_undated():
    facts = make_facts(
        [
            undated("sme_export_value_eur", 1.03e9, unit="eur", speaker="Asghar Mosaheb"),
            ytd_1398("sme_export_value", 1.03e9, 5, unit="usd", speaker="Asghar Masaheb"),
            undated("sme_export_value_eur", 1.03e9, unit="eur", speaker="Someone Else"),
        ]
    )
    found = check(facts)
    assert ids(found, "currency_mismatch") == [{1, 2}]
    assert found.iloc[0]["severity"] == "high"


def test_currency_not_flagged_for_other_periods_or_far_apart_figures():
    facts = make_facts(
        [
            flow("park_units_export_value_eur", 378e6, "2021-03-21", "2021-06-21", year=1400,
                 unit="eur"),
            ytd_1398("sme_export_value", 1.03e9, 5, unit="usd"),
            ytd_1398("sme_export_value_eur", 55e6, 5, unit="eur"),
        ]
    )  # fmt: skip
    assert "currency_mismatch" not in kinds(check(facts))


# ---------------------------------------------------------------------------------------------
# magnitude_outlier


def test_magnitude_outlier_among_the_years_figures():
    facts = make_facts(
        [
            ytd_1398("sme_export_value", 1.03e9, 5, unit="usd"),
            ytd_1398("sme_export_value", 1.49e9, 6, unit="usd"),
            ytd_1398("sme_export_value", 1.5e9, 8, unit="usd"),
            flow("sme_export_value_eur", 55e6, "2019-03-21", "2020-01-20", year=1398,
                 months=(1, 10), unit="eur"),
        ]
    )  # fmt: skip
    found = check(facts)
    assert ids(found, "magnitude_outlier") == [{4}]
    assert (
        "below the median" in found.loc[found["kind"] == "magnitude_outlier"].iloc[0]["explanation"]
    )


def test_no_outlier_for_ordinary_spread_or_too_few_figures():
    facts = make_facts(
        [
            ytd_1398("sme_export_value", 1.03e9, 5, unit="usd"),
            ytd_1398("sme_export_value", 1.49e9, 6, unit="usd"),
            year_flow("sme_export_value", 2.4e9, 1398, unit="usd"),
            year_flow("workshops_completed", 70, 1399),
            year_flow("idle_units_revived", 1444, 1399),
        ]
    )
    assert "magnitude_outlier" not in kinds(check(facts))


# ---------------------------------------------------------------------------------------------
# same_figure_other_period


def test_same_precise_figure_for_two_periods():
    facts = make_facts(
        [
            ytd_1398("sme_export_value", 1.49e9, 6, unit="usd"),
            flow("sme_export_value", 1.49e9, "2019-03-21", "2019-10-07", year=1398, unit="usd"),
            # Round figures recur by chance: not flagged.
            ytd_1398("exporting_smes", 1100, 5),
            year_flow("exporting_smes", 1100, 1397),
        ]
    )
    found = check(facts)
    assert ids(found, "same_figure_other_period") == [{1, 2}]


# ---------------------------------------------------------------------------------------------
# Output shape, input validation, purity


def test_findings_frame_columns_types_and_order_are_stable():
    rows = [
        year_flow("idle_units_revived", 1462, 1396),
        year_flow("idle_units_revived", 1514, 1396),
        ytd_1398("exporting_smes", 1100, 5),
        ytd_1398("exporting_smes", 590, 8),
        year_flow("new_units_operational", 2575, 1396),
        year_flow("new_units_operational", 2576, 1396),
    ]
    facts = make_facts(rows)
    found = check(facts)
    assert tuple(found.columns) == FINDING_COLUMNS
    assert found["kind"].dtype == "string"
    assert found["jalali_year"].dtype == "Int64"
    assert kinds(found) == ["conflict", "conflict", "ytd_decrease"]
    shuffled = facts.sample(frac=1, random_state=7).reset_index(drop=True)
    again = check(shuffled)
    pd.testing.assert_frame_equal(found, again)
    # One row per statement when exploded.
    exploded = found.explode(["fact_ids", "values", "units", "qualifiers", "speakers"])
    assert len(exploded) == sum(len(i) for i in found["fact_ids"])


def test_empty_facts_give_empty_frames_with_columns():
    facts = make_facts([])
    assert tuple(check(facts).columns) == FINDING_COLUMNS
    assert tuple(consolidate(facts).columns) == CONSOLIDATED_COLUMNS
    assert consolidate(facts).empty


def test_inputs_are_never_modified():
    facts = make_facts([*share_page(90), year_flow("idle_units_revived", 1462, 1396)])
    before = facts.copy(deep=True)
    check(facts, include_consistent=True)
    consolidate(facts)
    pd.testing.assert_frame_equal(facts, before)


@pytest.mark.parametrize("function", [check, consolidate])
def test_missing_column_is_named(function):
    facts = make_facts([year_flow("idle_units_revived", 1462, 1396)]).drop(columns="qualifier")
    with pytest.raises(SmeAnalysisError) as error:
        function(facts)
    assert error.value.problems[0].column == "qualifier"
    assert "qualifier" in str(error.value)


def test_unreadable_value_is_reported_with_its_position():
    facts = make_facts([year_flow("idle_units_revived", 1462, 1396)] * 2)
    facts = facts.astype({"value": object})
    facts.loc[1, "value"] = "1.5 thousand"
    with pytest.raises(SmeAnalysisError) as error:
        check(facts)
    problem = error.value.problems[0]
    assert (problem.line, problem.column) == (1, "value")
    assert "1.5 thousand" in problem.found


def test_unknown_qualifier_warns_and_still_checks():
    facts = make_facts(
        [
            stock("units_in_parks_active_share", 65, "2018-01", unit="percent",
                  qualifier="relatively active"),
            stock("units_in_parks_active_share", 80, "2018-01", unit="percent"),
        ]
    )  # fmt: skip
    with pytest.warns(UserWarning, match="relatively active"):
        found = check(facts)
    assert kinds(found) == ["conflict"]


def test_custom_tolerances_change_the_verdict():
    facts = make_facts(
        [
            year_flow("idle_units_revived", 1400, 1399, qualifier="about"),
            year_flow("idle_units_revived", 1557, 1399),
        ]
    )
    assert kinds(check(facts)) == ["conflict"]
    wide = Tolerances(qualifiers={"about": (-0.15, 0.15)})
    assert check(facts, wide).empty


# ---------------------------------------------------------------------------------------------
# consolidate


def test_consolidate_counts_outlets_once_and_takes_the_median_of_sources():
    facts = make_facts(
        [
            year_flow("idle_units_revived", 1557, 1399, speaker="Ali Rasoulian"),
            year_flow("idle_units_revived", 1557, 1399, speaker="Ali Rasoulian"),
            year_flow("idle_units_revived", 1557, 1399, speaker="Ali Rasoulian"),
            year_flow("idle_units_revived", 1500, 1399, speaker="Mehdi Sadeqi Niaraki"),
            year_flow("idle_units_revived", 1444, 1398, speaker="Asghar Masaheb"),
            year_flow("idle_units_revived", 1444, 1398, speaker="Asghar Mosaheb"),
        ]
    )
    table = consolidate(facts)
    assert tuple(table.columns) == CONSOLIDATED_COLUMNS
    assert table["jalali_year"].tolist() == [1398, 1399]
    y1398, y1399 = table.iloc[0], table.iloc[1]
    assert (y1398["n_statements"], y1398["n_sources"], y1398["value"]) == (2, 1, 1444.0)
    assert (y1399["n_statements"], y1399["n_sources"]) == (4, 2)
    assert y1399["value"] == pytest.approx((1557 + 1500) / 2)
    assert (y1399["low"], y1399["high"]) == (1450.0, 1557.5)
    assert y1399["flags"] == "conflict"
    assert y1398["flags"] == ""
    assert y1399["fact_ids"] == (1, 2, 3, 4)
    assert y1399["period_type"] == "flow"


def test_consolidate_keeps_places_periods_and_undated_claims_apart():
    facts = make_facts(
        [
            year_flow("idle_units_revived", 1462, 1396),
            year_flow("idle_units_revived", 121, 1396, geography="Mazandaran"),
            stock("units_in_parks_total", 43650, "2019-08"),
            stock("units_in_parks_total", 46000, "2020-10"),
            undated("units_in_parks_total", 37120, qualifier="more than"),
            undated("units_in_parks_total", 47500),
        ]
    )
    table = consolidate(facts)
    assert len(table) == 6
    stocks = table.loc[table["period_type"] == "stock"]
    assert stocks["period"].tolist() == ["as of 2019-08", "as of 2020-10"]
    assert set(table.loc[table["period_type"] == "undated", "value"]) == {37120.0, 47500.0}


def test_consolidate_is_deterministic():
    facts = make_facts(
        [
            ytd_1398("sme_export_value", 1.03e9, 6, unit="usd"),
            ytd_1398("sme_export_value", 1.49e9, 6, unit="usd"),
            year_flow("sme_export_value", 4e9, 1397, unit="usd"),
            stock("units_in_parks_total", 43650, "2019-08"),
        ]
    )
    first = consolidate(facts)
    shuffled = facts.iloc[::-1].reset_index(drop=True)
    pd.testing.assert_frame_equal(first.drop(columns="fact_ids"),
                                  consolidate(shuffled).drop(columns="fact_ids"))  # fmt: skip
    assert first["indicator"].tolist() == sorted(first["indicator"].tolist())


# ---------------------------------------------------------------------------------------------
# Report helpers


def test_select_group_and_coverage():
    facts = make_facts(
        [
            year_flow("non_oil_exports_value", 41.37e9, 1398, unit="usd"),
            year_flow("idle_units_revived", 1444, 1398),
            year_flow("idle_units_revived", 1557, 1399),
            undated("idle_units_revived", 4010),
            stock("industrial_parks_total", 811, "2019-08"),
        ]
    )
    assert select_group(facts, "non_oil")["fact_id"].tolist() == [1]
    assert select_group(facts, "revivals")["fact_id"].tolist() == [2, 3, 4]
    assert select_group(facts, "parks")["fact_id"].tolist() == [5]
    assert len(select_group(facts, "all")) == 5
    with pytest.raises(SmeAnalysisError, match="indicator_group"):
        select_group(facts, "exports")
    table = coverage(facts)
    assert list(table.columns) == [1398, 1399, "undated", "total"]
    assert table.loc["idle_units_revived"].tolist() == [1, 1, 1, 3]
    assert table["total"].sum() == len(facts)
    # A stock counts in the Iranian year of its as-of month (2019-08 is in 1398).
    assert table.loc["industrial_parks_total", 1398] == 1
    assert set(INDICATOR_GROUPS) >= {"sme_exports", "parks", "units", "revivals", "non_oil"}


def test_no_warning_for_known_qualifiers():
    facts = make_facts([year_flow("idle_units_revived", 1444, 1398, qualifier="some")])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        check(facts)
        consolidate(facts)


def test_whole_years_and_unit_scale_for_charts():
    facts = make_facts(
        [
            year_flow("sme_export_value", 4e9, 1397, unit="usd"),
            year_flow("sme_export_value", 2.4e9, 1398, unit="usd"),
            ytd_1398("sme_export_value", 1.49e9, 6, unit="usd"),
            year_flow("sme_export_value", 38e6, 1397, unit="usd", geography="Khorasan Razavi"),
        ]
    )
    annual = whole_years(consolidate(facts))
    assert annual["jalali_year"].tolist() == [1397, 1398]
    assert annual["value"].tolist() == [4e9, 2.4e9]
    assert whole_years(consolidate(facts), "Khorasan Razavi")["value"].tolist() == [38e6]
    assert unit_scale("usd", annual["high"].max()) == (1e9, "billion USD")
    assert unit_scale("usd", 38e6) == (1e6, "million USD")
    assert unit_scale("rial", 46.11e12) == (1e12, "trillion rials")
    assert unit_scale("percent", 78) == (1.0, "percent")


def test_a_filtered_fact_table_with_gaps_in_its_index_works():
    facts = make_facts(
        [
            year_flow("non_oil_exports_value", 41.37e9, 1398, unit="usd"),
            year_flow("idle_units_revived", 1185, 1398),
            year_flow("idle_units_revived", 1444, 1398),
        ]
    )
    subset = select_group(facts, "revivals")
    assert subset.index.tolist() == [1, 2]
    found = check(subset)
    assert found["fact_ids"].tolist() == [(2, 3)]
    assert consolidate(subset)["n_statements"].tolist() == [2]

"""One consolidation rule (issue 11): reconcile.consolidate is the only place that turns several
statements into one figure, and the SME-export page shows exactly its figures.

The rule tests use hand-made statements (synthetic); the last tests read the shipped fact base.
"""

from __future__ import annotations

import warnings

import pandas as pd
import pytest
from fact_frames import make_facts

from smeanalysis import facts as facts_module
from smeanalysis import reconcile
from smeanalysis.errors import ParameterError
from smeanalysis.reports import sme_exports

H1_1398 = {
    "period_label": "1398 first half",
    "period_start": "2019-03-21",
    "period_end": "2019-09-22",
    "jalali_year": 1398,
    "jalali_month_first": 1,
    "jalali_month_last": 6,
    "period_kind": "flow",
    "indicator": "sme_export_value",
    "geography": "Iran",
    "unit": "usd",
}


def h1(value, speaker, published, url, **kw):
    return {**H1_1398, "value": value, "speaker": speaker, "published": published,
            "source_url": url, **kw}  # fmt: skip


@pytest.fixture
def disagreeing() -> pd.DataFrame:
    """One period, four statements: a repeated figure, a revision, an unattributed one."""
    return make_facts(
        [
            h1(1.49e9, "Asghar Mosaheb", "2019-10-01", "https://a.example/1"),
            h1(1.49e9, "Asghar Mosaheb", "2019-10-02", "https://b.example/2"),  # outlet repeat
            h1(1.03e9, "Asghar Mosaheb", "2019-11-27", "https://c.example/3"),  # published last
            h1(1.20e9, None, "2019-09-01", "https://d.example/4"),  # unattributed
        ]
    )


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        ("median", 1.20e9),  # sources: Mosaheb 1.49, Mosaheb 1.03, unattributed 1.20
        ("most_cited", 1.49e9),  # stated twice
        ("latest_published", 1.03e9),  # 2019-11-27
        ("official_first", (1.49e9 + 1.03e9) / 2),  # the two attributed sources
    ],
)
def test_each_rule_takes_its_figure_and_names_itself(disagreeing, rule, expected):
    table = reconcile.consolidate(disagreeing, rule=rule)
    assert len(table) == 1
    row = table.iloc[0]
    assert row["value"] == pytest.approx(expected)
    assert row["rule"] == rule
    # The range and the statements behind the figure do not depend on the rule.
    assert (row["low"], row["high"]) == (1.025e9, 1.495e9)
    assert row["fact_ids"] == (1, 2, 3, 4)
    assert row["n_statements"] == 4 and row["n_sources"] == 3


def test_the_default_is_the_median_for_every_report(disagreeing):
    assert reconcile.DEFAULT_RULE == "median"
    assert set(reconcile.CONSOLIDATION_RULES) == {
        "median", "most_cited", "latest_published", "official_first"
    }  # fmt: skip
    default = reconcile.consolidate(disagreeing)
    assert default["rule"].tolist() == ["median"]
    assert default["value"].tolist() == [1.20e9]


def test_most_cited_tie_goes_to_the_larger_figure():
    facts = make_facts(
        [
            h1(1.03e9, "A", "2019-10-01", "https://a.example/1"),
            h1(1.49e9, "B", "2019-10-01", "https://b.example/2"),
        ]
    )
    assert reconcile.consolidate(facts, rule="most_cited")["value"].tolist() == [1.49e9]


def test_latest_and_official_fall_back_to_the_median_when_nothing_distinguishes():
    facts = make_facts(
        [
            h1(1.03e9, None, None, "https://a.example/1"),
            h1(1.49e9, None, None, "https://b.example/2"),
        ]
    )
    for rule in ("latest_published", "official_first", "median"):
        assert reconcile.consolidate(facts, rule=rule)["value"].tolist() == [1.26e9]


@pytest.mark.parametrize("rule", ["mean", "Median", None, 3])
def test_an_unknown_rule_is_a_parameter_error_listing_the_rules(disagreeing, rule):
    for call in (lambda: reconcile.consolidate(disagreeing, rule=rule),
                 lambda: reconcile.rule_description(rule)):  # fmt: skip
        with pytest.raises(ParameterError) as error:
            call()
        problem = error.value.problems[0]
        assert problem.column == "rule" and problem.found == repr(rule)
        for name in reconcile.CONSOLIDATION_RULES:
            assert name in str(error.value)


@pytest.mark.parametrize("rule", sorted(reconcile.CONSOLIDATION_RULES))
def test_rule_description_is_one_plain_sentence_naming_the_rule(rule):
    text = reconcile.rule_description(rule)
    assert text.startswith(f"Consolidation rule {rule}: ") and text.endswith(".")
    assert reconcile.CONSOLIDATION_RULES[rule] in text
    # Safe in Markdown and HTML as it is (the rule name aside, which escape_text handles).
    assert not set(text.replace(rule, "")) & set("*_`<>[]#|\n")


def test_statements_of_different_scopes_are_never_merged(disagreeing):
    scoped = disagreeing.assign(
        scope=pd.array(["parks", "parks", "unstated", "unstated"], dtype="string")
    )
    table = reconcile.consolidate(scoped)
    assert table["scope"].tolist() == ["parks", "unstated"]
    assert table["fact_ids"].tolist() == [(1, 2), (3, 4)]
    assert table["value"].tolist() == [1.49e9, pytest.approx((1.03e9 + 1.2e9) / 2)]
    # Without a scope column every statement is of one unknown scope.
    unscoped = reconcile.consolidate(disagreeing.drop(columns="scope"))
    assert len(unscoped) == 1 and pd.isna(unscoped["scope"].iloc[0])


# ---------------------------------------------------------------------------------------------
# The SME-export page shows consolidate's figures (the shipped fact base)


@pytest.fixture(scope="module")
def shipped() -> pd.DataFrame:
    return facts_module.load_facts()


@pytest.fixture(scope="module")
def consolidated(shipped) -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # unknown hedge words elsewhere
        return reconcile.consolidate(shipped)


def _years_with_sme_exports(facts: pd.DataFrame) -> list[int]:
    rows = facts.loc[
        (facts["indicator"] == "sme_export_value")
        & (facts["geography"] == "Iran")
        & facts["jalali_year"].notna()
    ]
    return sorted(int(y) for y in rows["jalali_year"].unique())


def test_every_year_and_month_shown_is_consolidates_figure(shipped, consolidated):
    years = _years_with_sme_exports(shipped)
    assert {1396, 1397, 1398, 1399} <= set(years)
    wanted = consolidated.loc[
        (consolidated["indicator"] == "sme_export_value")
        & (consolidated["geography"] == "Iran")
        & (consolidated["unit"] == "usd")
        & (consolidated["period_type"] == "flow")
        & (consolidated["jalali_month_first"] == 1)
    ]
    compared = 0
    for year in years:
        # As the notebook computes it: through the helper, with the default rule.
        shown = sme_exports.ytd_by_month(shipped, year)
        expected = wanted.loc[(wanted["jalali_year"] == year).fillna(False).to_numpy(dtype=bool)]

        def figures(table):
            return sorted(
                (int(m), str(s), float(v), tuple(ids))
                for m, s, v, ids in zip(table["jalali_month_last"], table["scope"].fillna("NA"),
                                        table["value"], table["fact_ids"], strict=True)
            )  # fmt: skip

        assert figures(shown) == figures(expected), year
        assert set(shown["rule"]) <= {reconcile.DEFAULT_RULE}
        # Every whole-month statement of the year is behind some figure shown.
        stated = shipped.loc[
            (shipped["indicator"] == "sme_export_value")
            & (shipped["geography"] == "Iran")
            & (shipped["unit"] == "usd")
            & (shipped["jalali_year"] == year).fillna(False)
            & (shipped["jalali_month_first"] == 1).fillna(False)
        ]
        behind = {i for ids in shown["fact_ids"] for i in ids}
        assert set(stated["fact_id"]) <= behind, year
        compared += len(shown)
    assert compared >= 8


def test_the_issue_example_1398_first_half_is_no_longer_two_figures(shipped, consolidated):
    """$1.49 bn (most cited) on the page against $1.26 bn (median) elsewhere: now one figure."""
    shown = sme_exports.ytd_by_month(shipped, 1398)
    half = shown.loc[shown["jalali_month_last"] == 6]
    for row in half.itertuples():
        match = consolidated.loc[
            consolidated["fact_ids"].map(lambda ids, row=row: ids == row.fact_ids)
        ]
        assert match["value"].tolist() == [row.value]
    # The scope holding both 1.49 and 1.03 bn shows their median, as every report does.
    both = half.loc[(half["lowest"] == 1.03e9) & (half["highest"] == 1.49e9)]
    assert both["value"].tolist() == [pytest.approx(1.26e9)]


def test_growth_uses_the_consolidated_figures_and_warns_when_scopes_differ(shipped):
    now, before = sme_exports.ytd_by_month(shipped, 1398), sme_exports.ytd_by_month(shipped, 1397)
    growth = sme_exports.same_period_growth(now, before)
    for row in growth.itertuples():
        assert row.value in set(now["value"]) and row.value_before in set(before["value"])
        assert row.growth_percent == pytest.approx((row.value / row.value_before - 1) * 100)
    text = sme_exports.same_period_markdown(growth, 1398)
    if growth["scopes_differ"].any():
        assert "Warning: scopes differ" in text
    same = growth.assign(scope_before=growth["scope"], scopes_differ=False)
    assert "Warning" not in sme_exports.same_period_markdown(same, 1398)

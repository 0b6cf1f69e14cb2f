"""What the official-figures report shows: its checks, tables, sentences and charts.

The notebook ``notebooks/official_figures.ipynb`` loads the fact base
(:func:`smeanalysis.facts.load_facts`), calls :func:`reconcile_group` (which runs
:func:`smeanalysis.reconcile.check` and :func:`smeanalysis.reconcile.consolidate`, the one
consolidation rule) and displays what these functions write. They only present: every figure
comes from :mod:`smeanalysis.reconcile`, written with the text kit
(:mod:`smeanalysis.reports.text`), every source as a link.

Example:
    >>> result = reconcile_group(_example_facts(), "all", 1398, 1398)
    >>> len(result.consolidated), result.rule
    (1, 'median')
    >>> table = consolidated_markdown(placed_rows(result.consolidated, 1398, 1398))
    >>> table.splitlines()[2].split(" | ")[3:8]
    ['43,640', '43,625 to 43,655', '3', '2', 'conflict']
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import NamedTuple

import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns
from matplotlib.figure import Figure

from smeanalysis import dictionary, reconcile
from smeanalysis.qualifiers import Tolerances, unknown_qualifiers
from smeanalysis.reports import charts
from smeanalysis.reports import text as kit
from smeanalysis.reports.text import (
    amount,
    amount_range,
    bold_count,
    count,
    escape_text,
    indicator_label,
    indicator_words,
    markdown_table,
    number,
)

__all__ = [
    "CONSISTENT_KINDS",
    "Reconciled",
    "consistent_markdown",
    "consolidated_markdown",
    "consolidated_summary_markdown",
    "coverage_chart",
    "coverage_note",
    "coverage_table",
    "finding_counts_markdown",
    "findings_markdown",
    "key_findings",
    "origin_markdown",
    "placed_rows",
    "reconcile_group",
    "rule_markdown",
    "series_charts",
    "series_note",
    "summary_markdown",
    "unknown_hedges_markdown",
    "whole_year_series",
]

#: Finding kinds that report a check that came out consistent (not a problem).
CONSISTENT_KINDS = ("share_consistent", "growth_consistent")


def _example_facts() -> pd.DataFrame:
    """Three statements shaped like ``load_facts()`` (synthetic, for the examples)."""
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
            "qualifier": [None] * 3,
            "speaker": ["Synthetic A", "Synthetic A", None],
            "source_url": [f"https://{s}.example/" for s in "abc"],
        }
    )


class Reconciled(NamedTuple):
    """One indicator group's statements checked and consolidated, for one window of years."""

    #: The group's statements (all years).
    chosen: pd.DataFrame
    #: Findings of :func:`reconcile.check` in the window (or not placed in time), problems only.
    findings: pd.DataFrame
    #: Share and growth checks in the window that came out consistent.
    consistent: pd.DataFrame
    #: :func:`reconcile.consolidate` of the group's statements (all years).
    consolidated: pd.DataFrame
    #: Hedge words the tolerance table does not know (read with the default tolerance).
    unknown_hedges: list[str]
    #: The consolidation rule used (a key of :data:`reconcile.CONSOLIDATION_RULES`).
    rule: str


def reconcile_group(
    facts: pd.DataFrame,
    indicator_group: str,
    first_year: int,
    last_year: int,
    *,
    rule: str = reconcile.DEFAULT_RULE,
) -> Reconciled:
    """Check and consolidate one indicator group's statements; keep the window's findings.

    Hedge words missing from the tolerance table are returned (``unknown_hedges``) for the
    page to list, instead of the warnings ``check`` and ``consolidate`` give.

    Args:
        facts: The fact table.
        indicator_group: ``"all"`` or a key of :data:`reconcile.INDICATOR_GROUPS`.
        first_year: First Iranian year whose findings are kept.
        last_year: Last Iranian year whose findings are kept.
        rule: The consolidation rule (the default is the one every report uses).

    Example:
        >>> result = reconcile_group(_example_facts(), "all", 1398, 1398)
        >>> result.findings["kind"].tolist(), len(result.consistent)
        (['conflict'], 0)
    """
    chosen = reconcile.select_group(facts, indicator_group)
    with warnings.catch_warnings():
        # Hedge words missing from the tolerance table are listed on the page instead.
        warnings.simplefilter("ignore", UserWarning)
        findings = reconcile.check(chosen, include_consistent=True)
        consolidated = reconcile.consolidate(chosen, rule=rule)
    year = findings["jalali_year"]
    inside = (year.isna() | year.between(first_year, last_year)).fillna(False)
    findings = findings.loc[inside.to_numpy(dtype=bool)].reset_index(drop=True)
    consistent = findings["kind"].isin(CONSISTENT_KINDS).to_numpy(dtype=bool)
    return Reconciled(
        chosen=chosen,
        findings=findings.loc[~consistent].reset_index(drop=True),
        consistent=findings.loc[consistent].reset_index(drop=True),
        consolidated=consolidated,
        unknown_hedges=list(unknown_qualifiers(chosen["qualifier"])),
        rule=rule,
    )


def summary_markdown(
    facts: pd.DataFrame,
    result: Reconciled,
    indicator_group: str,
    first_year: int,
    last_year: int,
) -> str:
    """The opening sentence: statements, pages, the group, findings and consistent checks.

    Example:
        >>> facts = _example_facts()
        >>> summary_markdown(facts, reconcile_group(facts, "all", 1398, 1398), "all", 1398, 1398)
        ... # doctest: +NORMALIZE_WHITESPACE
        'The fact base holds **3** statements from **3** pages; the group `all` has **3**
        statements on **1** indicator. In 1398-1398, `check` reports **1** finding and **0**
        checks that came out consistent.'
    """
    chosen = result.chosen
    return (
        f"The fact base holds {bold_count(len(facts), 'statement')} from "
        f"{bold_count(facts['source_url'].nunique(), 'page')}; the group "
        f"`{escape_text(indicator_group)}` has {bold_count(len(chosen), 'statement')} on "
        f"{bold_count(chosen['indicator'].nunique(), 'indicator')}. In {first_year}-{last_year}, "
        f"`check` reports {bold_count(len(result.findings), 'finding')} and "
        f"{bold_count(len(result.consistent), 'check')} that came out consistent."
    )


def unknown_hedges_markdown(result: Reconciled, tolerances: Tolerances | None = None) -> str:
    """The hedge words the tolerance table does not know and how they are read; ``""`` if none.

    Example:
        >>> facts = _example_facts().assign(qualifier=["roughly-ish", None, None])
        >>> unknown_hedges_markdown(reconcile_group(facts, "all", 1398, 1398))
        'Hedge words not in the tolerance table, read as -10 to 10%: *roughly-ish*'
    """
    if not result.unknown_hedges:
        return ""
    low, high = (tolerances or Tolerances()).unknown_qualifier
    band = amount_range(100 * low, 100 * high, "percent", decimals=0)
    return f"Hedge words not in the tolerance table, read as {escape_text(band)}: " + ", ".join(
        f"*{escape_text(word)}*" for word in result.unknown_hedges
    )


def coverage_table(chosen: pd.DataFrame, first_year: int, last_year: int) -> pd.DataFrame:
    """Statements per indicator and Iranian year in the window (and ``undated``), rows > 0.

    Example:
        >>> coverage_table(_example_facts(), 1398, 1399).to_dict("index")
        {'units_in_parks_total': {1398: 3, 'undated': 0}}
    """
    table = reconcile.coverage(chosen)
    years = [c for c in table.columns if isinstance(c, int) and first_year <= c <= last_year]
    shown = table[[*years, "undated"]]
    return shown.loc[shown.sum(axis=1) > 0]


def coverage_note(shown: pd.DataFrame) -> str:
    """``""``, or a sentence saying that no statement falls in the years chosen.

    Example:
        >>> coverage_note(coverage_table(_example_facts(), 1399, 1400))
        'No statement of this group falls in the years chosen.'
    """
    return "No statement of this group falls in the years chosen." if shown.empty else ""


def coverage_chart(
    shown: pd.DataFrame, chosen: pd.DataFrame, indicator_group: str
) -> Figure | None:
    """A heat map of :func:`coverage_table` (cells: number of statements); ``None`` if empty.

    Example:
        >>> facts = _example_facts()
        >>> fig = coverage_chart(coverage_table(facts, 1398, 1398), facts, "all")
        >>> fig.axes[0].get_xlabel()
        'Iranian year'
        >>> plt.close(fig)
    """
    if shown.empty:
        return None
    _, ax = plt.subplots(figsize=(1.2 + 0.55 * shown.shape[1], 1.0 + 0.22 * len(shown)))
    labels = shown.astype(str).where(shown > 0, "")
    shown = shown.rename(index=indicator_label)  # words, not codes
    labels.index = shown.index
    sns.heatmap(shown, annot=labels, fmt="", cmap="Blues", cbar=False, linewidths=0.5, ax=ax)
    ax.set_xlabel("Iranian year")
    pages = count(chosen["source_url"].nunique(), "public page")
    data = shown.rename_axis("Indicator").reset_index()
    data.columns = [str(column) for column in data.columns]
    return charts.finish(
        ax,
        title=f"Statements per indicator and Iranian year ({indicator_group})",
        units="indicator (cells: number of statements)",
        source=f"{pages}, one URL per statement (linked in the tables below)",
        data=data,
    )


def finding_counts_markdown(findings: pd.DataFrame) -> str:
    """How many findings of each kind and severity, a table (``""`` when none).

    Example:
        >>> result = reconcile_group(_example_facts(), "all", 1398, 1398)
        >>> print(finding_counts_markdown(result.findings).splitlines()[2])
        | conflict | low | 1 |
    """
    counts = findings.groupby(["kind", "severity"]).size().rename("findings").reset_index()
    counts = reconcile.by_severity(counts)
    return markdown_table(counts, {"kind": "Kind", "severity": "Severity", "findings": "Findings"})


def findings_markdown(findings: pd.DataFrame) -> str:
    """Every finding with what the statements say and their pages.

    Example:
        >>> findings_markdown(reconcile_group(_example_facts(), "all", 1399, 1399).findings)
        'No finding in the years chosen.'
    """
    return (
        markdown_table(
            reconcile.by_severity(findings),
            {
                "kind": "Kind",
                "severity": "Severity",
                "indicator": "Indicator",
                "geography": "Where",
                "period": "Period",
                "explanation": "What the statements say",
                "sources": "Sources",
            },
            links=["sources"],
        )
        or "No finding in the years chosen."
    )


def origin_markdown(consistent: pd.DataFrame, indicators: str | Sequence[str] | None = None) -> str:
    """The first consistent check on ``indicators``, as the origin statement; ``""`` if none.

    Args:
        consistent: The consistent checks (:attr:`Reconciled.consistent`).
        indicators: The indicators of the origin statement; ``None`` for the registry's set
            ``origin_statement`` (the share of units in parks active).

    Example:
        >>> origin_markdown(pd.DataFrame({"indicator": ["x"], "explanation": ["<ok>"]}), ["x"])
        '**Origin statement.** &lt;ok&gt;'
    """
    if indicators is None:
        indicators = dictionary.indicator_set("origin_statement")
    names = [indicators] if isinstance(indicators, str) else list(indicators)
    origin = consistent.loc[consistent["indicator"].isin(names)]
    if origin.empty:
        return ""
    return "**Origin statement.** " + escape_text(indicator_words(origin["explanation"].iloc[0]))


def consistent_markdown(consistent: pd.DataFrame) -> str:
    """The share and growth checks that came out consistent, with their pages.

    Example:
        >>> consistent_markdown(pd.DataFrame(columns=["kind"]))
        'No share or growth check applies to this group and these years.'
    """
    return (
        markdown_table(
            consistent,
            {
                "kind": "Check",
                "indicator": "Indicator",
                "period": "Period",
                "explanation": "Result",
                "sources": "Sources",
            },
            links=["sources"],
        )
        or "No share or growth check applies to this group and these years."
    )


def whole_year_series(
    consolidated: pd.DataFrame, first_year: int, last_year: int, limit: int = 4
) -> list[pd.DataFrame]:
    """Whole-year consolidated rows for Iran, per indicator with two or more years.

    At most ``limit`` indicators, those with the most years first; each keeps the rows in the
    unit of its first row (one axis per chart).

    Example:
        >>> whole_year_series(reconcile_group(_example_facts(), "all", 1398, 1398).consolidated,
        ...                   1398, 1398)
        []
    """
    annual = reconcile.whole_years(consolidated)
    inside = annual["jalali_year"].between(first_year, last_year).fillna(False)
    annual = annual.loc[inside.to_numpy(dtype=bool)]
    ranked = (
        annual.groupby("indicator")["jalali_year"]
        .nunique()
        .sort_values(ascending=False, kind="stable")
    )
    names = [name for name, years in ranked.items() if years >= 2][:limit]
    series = []
    for name in names:
        rows = annual.loc[annual["indicator"] == name]
        series.append(rows.loc[rows["unit"] == rows["unit"].iloc[0]])
    return series


def series_note(series: list[pd.DataFrame], rule: str) -> str:
    """What the series charts show (naming the consolidation rule), or that there are none.

    Example:
        >>> series_note([], "median")
        'No indicator of this group has whole-year figures for two or more years.'
    """
    if not series:
        return "No indicator of this group has whole-year figures for two or more years."
    return (
        "The bar is the consolidated figure (rule "
        f"*{escape_text(rule)}*: {escape_text(reconcile.CONSOLIDATION_RULES[rule])}), the "
        "whisker the range all statements allow once precision and hedge words are counted."
    )


def _series_chart(rows: pd.DataFrame) -> Figure:
    name = rows["indicator"].iloc[0]
    factor, label = reconcile.unit_scale(rows["unit"].iloc[0], rows["high"].abs().max())
    frame = pd.DataFrame(
        {
            "year": rows["jalali_year"].astype(str),
            "value": rows["value"] / factor,
            "low": rows["low"] / factor,
            "high": rows["high"] / factor,
        }
    )
    _, ax = plt.subplots(figsize=(7, 3.5))
    charts.bar_with_range(frame, x="year", y="value", low="low", high="high", ax=ax)
    ax.set_xlabel("Iranian year")
    flagged = rows.loc[rows["flags"] != "", "jalali_year"].astype(str).tolist()
    note = "flagged: " + ", ".join(flagged) if flagged else "no finding"
    return charts.finish(
        ax,
        title=f"{indicator_label(name)}, Iran, whole Iranian years",
        units=label,
        source=charts.source_line([url for urls in rows["sources"] for url in urls], note=note),
        data=frame.rename(
            columns={
                "year": "Iranian year",
                "value": f"Consolidated, {label}",
                "low": f"Lowest allowed, {label}",
                "high": f"Highest allowed, {label}",
            }
        ),
    )


def series_charts(series: list[pd.DataFrame]) -> list[Figure]:
    """One bar chart with ranges per series of :func:`whole_year_series`.

    Example:
        >>> series_charts([])
        []
    """
    return [_series_chart(rows) for rows in series]


def placed_rows(consolidated: pd.DataFrame, first_year: int, last_year: int) -> pd.DataFrame:
    """Consolidated flows and stocks in the window (rows not placed in time left out).

    Example:
        >>> consolidated = reconcile_group(_example_facts(), "all", 1398, 1398).consolidated
        >>> len(placed_rows(consolidated, 1398, 1398)), len(placed_rows(consolidated, 1399, 1400))
        (1, 0)
    """
    placed = consolidated["period_type"].isin(["flow", "stock"]).fillna(False)
    inside = consolidated["jalali_year"].between(first_year, last_year).fillna(False)
    keep = placed.to_numpy(dtype=bool) & inside.to_numpy(dtype=bool)
    return consolidated.loc[keep].reset_index(drop=True)


def consolidated_summary_markdown(placed: pd.DataFrame) -> str:
    """How many consolidated rows, touched by a finding, resting on several sources.

    Example:
        >>> consolidated = reconcile_group(_example_facts(), "all", 1398, 1398).consolidated
        >>> consolidated_summary_markdown(placed_rows(consolidated, 1398, 1398))
        '**1** consolidated row; **1** touched by a finding; **1** rests on more than one independent source.'
    """  # noqa: E501
    flagged = int((placed["flags"] != "").sum())
    several = int((placed["n_sources"] > 1).sum())
    rows = bold_count(len(placed), "consolidated row")
    rest = "rests" if several == 1 else "rest"
    return (
        f"{rows}; **{number(flagged)}** touched by a finding; **{number(several)}** {rest} "
        "on more than one independent source."
    )


def rule_markdown(rule: str) -> str:
    """The consolidation rule in one sentence (:func:`reconcile.rule_description`).

    Example:
        >>> rule_markdown("most_cited")  # doctest: +ELLIPSIS
        'Consolidation rule most&#95;cited: where statements ... the figure used is the figure ...'
    """
    return escape_text(reconcile.rule_description(rule))


def consolidated_markdown(placed: pd.DataFrame) -> str:
    """The consolidated table: central value, range allowed, statements, sources, findings.

    Example:
        >>> consolidated_markdown(pd.DataFrame())
        'No consolidated row in the years chosen.'
    """
    if placed.empty:
        return "No consolidated row in the years chosen."
    shown = placed.assign(
        central=[
            amount(value, unit) for value, unit in zip(placed["value"], placed["unit"], strict=True)
        ],
        range=[
            amount_range(low, high, unit)
            for low, high, unit in zip(placed["low"], placed["high"], placed["unit"], strict=True)
        ],
        # An empty list of findings reads as a gap in the table: say "none".
        flags=placed["flags"].replace("", "none"),
    )
    return markdown_table(
        shown,
        {
            "indicator": "Indicator",
            "geography": "Where",
            "period": "Period",
            "central": "Central value",
            "range": "Range allowed",
            "n_statements": "Statements",
            "n_sources": "Independent sources",
            "flags": "Findings",
            "sources": "Sources",
        },
        links=["sources"],
    )


def key_findings(
    facts: pd.DataFrame, indicator_group: str, first_year: int, last_year: int
) -> list[str]:
    """Three to five sentences on what the checks found, each with the statements' sources.

    How many findings by severity (high, medium, low), then the first high findings of
    different kinds, each with its explanation and pages (:func:`reconcile_group`).

    Example:
        >>> found = key_findings(_example_facts(), "all", 1398, 1398)
        >>> found[0].startswith("Checking 3 statements on 1 indicator")
        True
    """
    result = reconcile_group(facts, indicator_group, first_year, last_year)
    findings = reconcile.by_severity(result.findings)
    problems = findings.loc[findings["severity"] != "info"]
    by = problems["severity"].value_counts()
    counts = ", ".join(
        f"{number(int(by.get(level, 0)))} {level}" for level in reconcile.SEVERITY_ORDER[:3]
    )
    chosen = result.chosen
    first = problems.iloc[0] if not problems.empty else None
    pages = f" ({kit.source_links(list(first['sources'])[:2])})" if first is not None else ""
    found = [
        f"Checking {escape_text(count(len(chosen), 'statement'))} on "
        f"{escape_text(count(chosen['indicator'].nunique(), 'indicator'))} for "
        f"{first_year}-{last_year} finds {escape_text(count(len(problems), 'problem'))}: "
        f"{counts}{pages}."
    ]
    kinds: set[str] = set()
    for row in problems.itertuples(index=False):
        if row.kind in kinds or len(kinds) == 3:
            continue
        kinds.add(row.kind)
        found.append(
            f"A {escape_text(row.severity)} {escape_text(row.kind.replace('_', ' '))} on "
            f"{escape_text(indicator_label(row.indicator))} ({escape_text(row.period)}): "
            f"{escape_text(indicator_words(row.explanation))} "
            f"({kit.source_links(list(row.sources)[:3])})."
        )
    if len(result.consistent) and len(found) < 6:
        row = result.consistent.iloc[0]
        found.append(
            f"{escape_text(count(len(result.consistent), 'check'))} came out consistent, among "
            f"them {escape_text(indicator_label(row['indicator']))} "
            f"({kit.source_links(list(row['sources'])[:2])})."
        )
    return found

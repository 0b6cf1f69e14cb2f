"""Selections and ratios of the fact base that the SME-export reports share.

Each function takes the fact table (:func:`smeanalysis.facts.load_facts`), never
modifies it, and keeps the source columns so every number in a report can name its page.

Example:
    >>> facts = _example_facts()
    >>> sme_export_statements(facts, 1398)["jalali_month_last"].tolist()
    [6, 9]
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import pandas as pd

from smeanalysis import dictionary, metrics, reconcile
from smeanalysis.calendar import MONTHS_EN, ytd_to_flows
from smeanalysis.provinces import NATIONAL
from smeanalysis.reports import text as kit
from smeanalysis.reports.text import MISSING, amount, markdown_table

__all__ = [
    "RATIOS",
    "SOURCE_COLUMNS",
    "Ratio",
    "counts_markdown",
    "counts_over_time",
    "key_findings",
    "matched_ratio",
    "monthly_flows",
    "ratio_markdown",
    "same_period_growth",
    "same_period_markdown",
    "scope_warning",
    "sme_export_statements",
    "stated_growth",
    "stated_markdown",
    "stated_share",
    "ytd_by_month",
    "ytd_months_markdown",
    "ytd_statements_markdown",
]

#: Columns that say where a figure comes from; every selection keeps them.
SOURCE_COLUMNS = ["period_label", "qualifier", "speaker", "published", "source_url"]


def _example_facts() -> pd.DataFrame:
    """A tiny fact table shaped like ``load_facts()`` (synthetic, for the examples)."""
    return pd.DataFrame(
        {
            "fact_id": [1, 2, 3],
            "period_label": ["1398 first half", "1398 first 9 months", "as of 2019-08"],
            "period_start": pd.to_datetime(["2019-03-21", "2019-03-21", None]),
            "period_end": pd.to_datetime(["2019-09-22", "2019-12-21", None]),
            "published": pd.to_datetime(["2019-10-01", None, "2019-08-10"]),
            "jalali_year": pd.array([1398, 1398, None], dtype="Int64"),
            "jalali_month_first": pd.array([1, 1, None], dtype="Int64"),
            "jalali_month_last": pd.array([6, 9, None], dtype="Int64"),
            "period_kind": ["flow", "flow", "stock"],
            "geography": [NATIONAL] * 3,
            "indicator": ["sme_export_value", "sme_export_value", "exporting_smes"],
            "value": [1.49e9, 1.6e9, 1100.0],
            "unit": ["usd", "usd", "count"],
            "qualifier": pd.array([None, "more than", None], dtype="string"),
            "speaker": ["A", "B", "C"],
            "source_url": ["https://a.example/1", "https://b.example/2", "https://c.example/3"],
        }
    ).astype({"period_label": "string", "geography": "string", "indicator": "string"})


def sme_export_statements(facts: pd.DataFrame, year: int) -> pd.DataFrame:
    """The national SME export statements (USD) of a Jalali year that run from its start.

    Year-to-date statements over whole Iranian months (month 1 to the month reached),
    sorted by the month reached, then value. Statements whose period is not in whole
    months (e.g. "Mar 21-Oct 7") are left out here; :func:`counts_over_time` and the
    report list them separately.

    Example:
        >>> sme_export_statements(_example_facts(), 1398)[["jalali_month_last", "value"]]
           jalali_month_last         value
        0                  6  1.490000e+09
        1                  9  1.600000e+09
    """
    rows = facts[
        (facts["indicator"] == "sme_export_value")
        & (facts["geography"] == NATIONAL)
        & (facts["unit"] == "usd")
        & (facts["jalali_year"] == year)
        & (facts["jalali_month_first"] == 1)
        & facts["jalali_month_last"].notna()
    ]
    columns = ["jalali_year", "jalali_month_last", "period_start", "period_end", "value"]
    columns += ["scope"] if "scope" in rows.columns else []
    return (
        rows[columns + [c for c in SOURCE_COLUMNS if c not in columns]]
        .sort_values(["jalali_month_last", "value"], kind="stable")
        .reset_index(drop=True)
    )


def ytd_by_month(
    facts: pd.DataFrame, year: int, *, rule: str = reconcile.DEFAULT_RULE
) -> pd.DataFrame:
    """One year-to-date figure per month reached: :func:`smeanalysis.reconcile.consolidate`'s.

    The national SME export statements in USD are consolidated with ``rule`` (every report
    uses :data:`smeanalysis.reconcile.DEFAULT_RULE`), and the rows of ``year`` that run from
    Farvardin over whole months are kept, so the figure shown is the figure of every other
    report for the same indicator, place, scope and period. Statements of different scopes
    (units in parks, all SMEs, not stated) are never merged: a month may have one row per
    scope. Every statement behind a figure stays visible: ``fact_ids``, ``sources`` (all
    their pages), ``stated`` (each distinct figure as said, in USD m, hedge word kept and
    ``×n`` when n statements say it) and the ``lowest``/``highest`` figure stated;
    ``low``/``high`` are the interval the statements allow (hedges and rounding included).

    Args:
        facts: A fact table (:func:`smeanalysis.facts.load_facts`).
        year: The Iranian year.
        rule: A rule of :data:`smeanalysis.reconcile.CONSOLIDATION_RULES`.

    Returns:
        One row per month reached and scope, by month: ``jalali_year``,
        ``jalali_month_last``, ``scope``, ``value``, ``rule``, ``low``, ``high``,
        ``lowest``, ``highest``, ``stated``, ``statements``, ``n_sources``, ``fact_ids``,
        ``sources`` and ``label`` (the month's name, with the scope when the year has
        several, for charts).

    Raises:
        ParameterError: An unknown rule.

    Example:
        >>> facts = _example_facts()
        >>> again = facts.iloc[[0]].assign(fact_id=4, value=1.03e9, speaker="D")
        >>> months = ytd_by_month(pd.concat([facts, again]), 1398)
        >>> months[["jalali_month_last", "value", "rule", "stated", "statements"]]
           jalali_month_last         value    rule           stated  statements
        0                  6  1.260000e+09  median     1,030; 1,490           2
        1                  9  1.600000e+09  median  more than 1,600           1
    """
    national = facts.loc[
        (facts["indicator"] == "sme_export_value")
        & (facts["geography"] == NATIONAL)
        & (facts["unit"] == "usd")
    ]
    table = reconcile.consolidate(national, rule=rule)
    keep = (
        (table["period_type"] == "flow")
        & (table["jalali_year"] == year)
        & (table["jalali_month_first"] == 1)
        & table["jalali_month_last"].notna()
    ).fillna(False)
    rows = table.loc[keep.to_numpy(dtype=bool)]
    rows = rows.sort_values(["jalali_month_last", "scope"], kind="stable").reset_index(drop=True)
    by_id = national.set_index("fact_id")
    stated, lowest, highest = [], [], []
    for ids in rows["fact_ids"]:
        said = by_id.loc[list(ids)].sort_values("value", kind="stable")
        figures = [
            amount(v / _MILLION, None, q)
            for v, q in zip(said["value"], said["qualifier"].astype(object), strict=True)
        ]
        counts = dict.fromkeys(figures, 0)
        for figure in figures:
            counts[figure] += 1
        stated.append("; ".join(f"{f} ×{n}" if n > 1 else f for f, n in counts.items()))
        lowest.append(float(said["value"].min()))
        highest.append(float(said["value"].max()))
    months = [MONTHS_EN[int(m) - 1] for m in rows["jalali_month_last"]]
    several = len(set(rows["scope"].fillna(MISSING))) > 1
    labels = [
        f"{m} · {s if isinstance(s, str) else MISSING}" if several else m
        for m, s in zip(months, rows["scope"].astype(object), strict=True)
    ]
    return pd.DataFrame(
        {
            "jalali_year": rows["jalali_year"].astype("int64"),
            "jalali_month_last": rows["jalali_month_last"].astype("int64"),
            "scope": rows["scope"],
            "value": rows["value"],
            "rule": rows["rule"],
            "low": rows["low"],
            "high": rows["high"],
            "lowest": pd.Series(lowest, index=rows.index, dtype="float64"),
            "highest": pd.Series(highest, index=rows.index, dtype="float64"),
            "stated": pd.array(stated, dtype="string"),
            "statements": rows["n_statements"],
            "n_sources": rows["n_sources"],
            "fact_ids": rows["fact_ids"],
            "sources": rows["sources"],
            "label": pd.array(labels, dtype="string"),
        }
    )


def monthly_flows(by_month: pd.DataFrame) -> pd.DataFrame:
    """The flows between the year-to-date figures of :func:`ytd_by_month`, one series per scope.

    :func:`smeanalysis.calendar.ytd_to_flows` with ``by=["scope"]``: a figure about units in
    parks is never subtracted from one about all SMEs.

    Example:
        >>> flows = monthly_flows(ytd_by_month(_example_facts(), 1398))
        >>> flows[["jalali_month_first", "jalali_month_last", "value"]]
           jalali_month_first  jalali_month_last         value
        0                   1                  6  1.490000e+09
        1                   7                  9  1.100000e+08
    """
    series = by_month[["scope", "jalali_year", "jalali_month_last", "value"]]
    return ytd_to_flows(series, by=["scope"]).reset_index(drop=True)


def _national(facts: pd.DataFrame, indicators: Sequence[str]) -> pd.DataFrame:
    return facts.loc[facts["indicator"].isin(list(indicators)) & (facts["geography"] == NATIONAL)]


def stated_growth(facts: pd.DataFrame, year: int) -> pd.DataFrame:
    """The growth of SME exports on a year earlier, as officials stated it for ``year``.

    The indicators are those the registry gives as the growth of ``sme_export_value``
    (:func:`smeanalysis.dictionary.growth_bases`); national statements only, every column kept.

    Example:
        >>> said = _example_facts().iloc[[1]].assign(indicator="sme_export_growth_yoy", value=7.0)
        >>> stated_growth(said, 1398)[["indicator", "value"]]
                       indicator  value
        1  sme_export_growth_yoy    7.0
    """
    names = [g for g, base in dictionary.growth_bases().items() if base == "sme_export_value"]
    rows = _national(facts, names)
    return rows.loc[(rows["jalali_year"] == year).fillna(False).to_numpy(dtype=bool)]


def counts_over_time(facts: pd.DataFrame, indicators: Sequence[str]) -> pd.DataFrame:
    """National counts of the given indicators, dated, oldest first.

    The date is the period's end, else the publication date; rows with neither have
    ``date`` NaT and come last (the report lists them as undated rather than guess).
    ``count_of`` names the indicator in words, for tables and chart legends.

    Example:
        >>> counts_over_time(_example_facts(), ["exporting_smes"])[["count_of", "date", "value"]]
                 count_of       date   value
        0  Exporting SMEs 2019-08-10  1100.0
    """
    rows = facts[
        facts["indicator"].isin(list(indicators))
        & (facts["geography"] == NATIONAL)
        & (facts["unit"] == "count")
    ].assign(
        date=lambda f: f["period_end"].fillna(f["published"]),
        count_of=lambda f: [
            dictionary.label(name)
            if name in dictionary.INDICATORS
            else str(name).replace("_", " ").capitalize()
            for name in f["indicator"]
        ],
    )
    columns = ["indicator", "count_of", "date", "value", *SOURCE_COLUMNS]
    return (
        rows[columns]
        .sort_values(["date", "indicator", "value"], na_position="last", kind="stable")
        .reset_index(drop=True)
    )


def matched_ratio(
    facts: pd.DataFrame, numerator: str, denominator: str, *, scale: float = 1.0
) -> pd.DataFrame:
    """``numerator / denominator`` for national statements about exactly the same period.

    Periods match on label-independent keys: the same start and end dates, or, for
    stocks without dates, the same period label. Every pair is kept (with both source
    pages of the first pair), one row per distinct period and pair of values, so a ratio
    built from disagreeing statements shows up once per disagreement. The ratio is
    :func:`smeanalysis.metrics.per_unit`'s, times ``scale``. When the facts have a ``scope``
    column, both scopes are kept and ``scopes_differ`` says where they differ.

    Example:
        >>> f = _example_facts()
        >>> extra = f.iloc[[0]].assign(indicator="exporting_smes", value=900.0, unit="count")
        >>> r = matched_ratio(pd.concat([f, extra]), "sme_export_value", "exporting_smes")
        >>> r[["period_label", "numerator", "denominator", "ratio"]].round(0)
              period_label     numerator  denominator      ratio
        0  1398 first half  1.490000e+09        900.0  1655556.0
    """
    national = facts[facts["geography"] == NATIONAL]
    keys = ["start_key", "end_key"]
    scoped = "scope" in national.columns

    def keyed(indicator: str) -> pd.DataFrame:
        part = national[national["indicator"] == indicator]
        undated = part["period_start"].isna() & part["period_end"].isna()
        scope = part["scope"] if scoped else pd.Series(pd.NA, index=part.index, dtype="string")
        return part.assign(
            start_key=part["period_start"].astype("string").fillna(""),
            end_key=part["period_end"]
            .astype("string")
            .where(~undated, "label:" + part["period_label"])
            .fillna(""),
            scope=scope,
        )[[*keys, "period_label", "value", "source_url", "scope"]]

    pairs = keyed(numerator).merge(
        keyed(denominator), on=keys, suffixes=("_num", "_den"), validate="m:m"
    )
    pairs = pairs[pairs["value_den"] != 0].drop_duplicates(
        [*keys, "value_num", "value_den", "scope_num", "scope_den"]
    )
    ratio = metrics.per_unit(pairs, "value_num", "value_den", "ratio")["ratio"] * scale
    differ = pairs["scope_num"].fillna("").ne(pairs["scope_den"].fillna(""))
    return pd.DataFrame(
        {
            "period_label": pairs["period_label_num"].to_numpy(),
            "numerator": pairs["value_num"].to_numpy(),
            "denominator": pairs["value_den"].to_numpy(),
            "ratio": ratio.to_numpy(),
            "source_numerator": pairs["source_url_num"].to_numpy(),
            "source_denominator": pairs["source_url_den"].to_numpy(),
            "scope_numerator": pairs["scope_num"].to_numpy(),
            "scope_denominator": pairs["scope_den"].to_numpy(),
            "scopes_differ": differ.to_numpy(dtype=bool),
        }
    )


# ---------------------------------------------------------------------------------------------
# Tables for the report: headers in words with units, numbers formatted, sources as links and
# missing values as the dash of ``profiles.MISSING``. Each returns Markdown (empty when there
# are no rows); text from the data is escaped by ``profiles.markdown_table``.

#: Dollar amounts in the tables are in millions: exact for every stated figure (1.142 billion
#: is 1,142) and readable with thousands separators.
_MILLION = 1e6


def _months(first: int, last: int) -> str:
    """Name a run of Iranian months: ``months 1-5: Farvardin-Mordad``, ``month 7: Mehr``."""
    # No parentheses: markdown_table would escape them, and the cell reads as well without.
    if first == last:
        return f"month {last}: {MONTHS_EN[last - 1]}"
    return f"months {first}-{last}: {MONTHS_EN[first - 1]}-{MONTHS_EN[last - 1]}"


def ytd_statements_markdown(statements: pd.DataFrame) -> str:
    """The year-to-date statements as a table: months, dates, scope, USD m, hedge, speaker, source.

    The scope column (which units a statement covers) is shown when the facts have one.

    Args:
        statements: Output of :func:`sme_export_statements`.

    Example:
        >>> print(ytd_statements_markdown(sme_export_statements(_example_facts(), 1398)))
        ... # doctest: +ELLIPSIS
        | Months covered | Dates | USD m | Hedge | Speaker | Period as stated | Source |
        | --- | --- | --- | --- | --- | --- | --- |
        | months 1-6: Farvardin-Shahrivar | 2019-03-21 to 2019-09-22 | 1,490 | \u2013 | A | 1398 first half | <a href="https://a.example/1" title="https://a.example/1">a.example</a> |
        | months 1-9: Farvardin-Azar | 2019-03-21 to 2019-12-21 | 1,600 | more than | B | 1398 first 9 months | <a href="https://b.example/2" title="https://b.example/2">b.example</a> |
        <BLANKLINE>
        <a class="sme-csv" download="table.csv" href="data:text/csv;charset=utf-8,...">Download CSV</a>
        <BLANKLINE>
        \u2013 marks a value the source did not state (no hedge word, no speaker named) or one that cannot be computed from the fact base.

    """  # noqa: E501
    shown = statements.assign(
        months=[_months(1, int(m)) for m in statements["jalali_month_last"]],
        dates=[
            f"{start:%Y-%m-%d} to {end:%Y-%m-%d}"
            for start, end in zip(statements["period_start"], statements["period_end"], strict=True)
        ],
        usd_m=statements["value"] / _MILLION,
    )
    if "scope" in statements.columns:
        shown = shown.assign(scope=[_scope_text(s) for s in statements["scope"].astype(object)])
    headers = {
        "months": "Months covered",
        "dates": "Dates",
        "scope": "Scope",
        "usd_m": "USD m",
        "qualifier": "Hedge",
        "speaker": "Speaker",
        "period_label": "Period as stated",
        "source_url": "Source",
    }
    if "scope" not in statements.columns:
        del headers["scope"]
    return markdown_table(shown, headers, links=["source_url"], decimals={"usd_m": 0})


def _scope_text(scope: object) -> str:
    """A scope in words: its English label in the scope registry (``registry/scopes.csv``)."""
    if not isinstance(scope, str) or not scope:
        return MISSING
    known = dictionary.FACT_SCOPES.get(scope)
    return known.label_en if known is not None else scope


def ytd_months_markdown(by_month: pd.DataFrame, flows: pd.DataFrame) -> str:
    """One row per month reached and scope: the figure used, the figures stated, the flow.

    The flow covers the months since the month reached before (in the same scope); it is
    missing (a dash) where the year-to-date total shrank, as
    :func:`smeanalysis.calendar.ytd_to_flows` leaves it.

    Args:
        by_month: Output of :func:`ytd_by_month`.
        flows: :func:`monthly_flows` of ``by_month``.

    Example:
        >>> months = ytd_by_month(_example_facts(), 1398)
        >>> print(ytd_months_markdown(months, monthly_flows(months)).splitlines()[-5])
        | months 1-9: Farvardin-Azar | – | 1,600 | more than 1,600 | 1 | <a href="https://b.example/2" title="https://b.example/2">b.example</a> | months 7-9: Mehr-Azar | 90 | 110 |
    """  # noqa: E501
    steps = flows[["scope", "jalali_month_first", "jalali_month_last", "days", "value"]].rename(
        columns={"value": "flow"}
    )
    table = by_month.merge(steps, on=["scope", "jalali_month_last"], how="left", validate="1:1")
    shown = table.assign(
        reached=[_months(1, int(m)) for m in table["jalali_month_last"]],
        scope_shown=[_scope_text(s) for s in table["scope"].astype(object)],
        step=[
            _months(int(a), int(b))
            for a, b in zip(table["jalali_month_first"], table["jalali_month_last"], strict=True)
        ],
        **{c: table[c] / _MILLION for c in ("value", "flow")},
    )
    headers = {
        "reached": "Year to date",
        "scope_shown": "Scope",
        "value": "Figure used, USD m",
        "stated": "Figures stated, USD m",
        "statements": "Statements",
        "sources": "Sources of the statements",
        "step": "Flow over",
        "days": "Days",
        "flow": "Flow, USD m",
    }
    return markdown_table(shown, headers, links=["sources"], decimals={"value": 0, "flow": 0})


def same_period_growth(by_month: pd.DataFrame, before: pd.DataFrame) -> pd.DataFrame:
    """Growth on the same months of the year before, for each month reached in both years.

    Figures of the same scope are paired; where a month has no pair of the same scope, every
    pair of its figures is shown and ``scopes_differ`` is true (the growth then compares two
    different populations, which the table says). The growth is
    :func:`smeanalysis.metrics.growth`'s.

    Args:
        by_month: :func:`ytd_by_month` of the year.
        before: :func:`ytd_by_month` of the year before.

    Returns:
        One row per pair: ``jalali_month_last``, ``scope_before``, ``scope``,
        ``value_before``, ``value``, ``growth_percent``, ``scopes_differ`` and the pages of
        both figures in ``sources``.

    Example:
        >>> now = pd.DataFrame({"jalali_year": [1399], "jalali_month_last": [6],
        ...                     "scope": ["parks"], "value": [1.74e9],
        ...                     "sources": [("https://a.example/1",)]})
        >>> then = now.assign(jalali_year=1398, value=1.49e9, sources=[("https://b.example/2",)])
        >>> same_period_growth(now, then)[["jalali_month_last", "growth_percent"]].round(1)
           jalali_month_last  growth_percent
        0                  6            16.8
    """
    columns = ["jalali_year", "jalali_month_last", "scope", "value", "sources"]
    pairs = by_month[columns].merge(
        before[columns], on="jalali_month_last", suffixes=("", "_before"), validate="m:m"
    )
    same = pairs["scope"].fillna("").eq(pairs["scope_before"].fillna("")).to_numpy(dtype=bool)
    has_same = pd.Series(same).groupby(pairs["jalali_month_last"].to_numpy()).transform("any")
    pairs = pairs.loc[same | ~has_same.to_numpy(dtype=bool)].reset_index(drop=True)
    pair = pd.Series(range(len(pairs)), dtype="int64")
    long = pd.concat(
        [
            pd.DataFrame(
                {
                    "pair": pair,
                    "jalali_year": pairs["jalali_year_before"],
                    "value": pairs["value_before"],
                }
            ),
            pd.DataFrame(
                {"pair": pair, "jalali_year": pairs["jalali_year"], "value": pairs["value"]}
            ),
        ],
        ignore_index=True,
    )
    grown = metrics.growth(long, by="pair").dropna(subset=["previous"]).sort_values("pair")
    return pd.DataFrame(
        {
            "jalali_month_last": pairs["jalali_month_last"].astype("int64"),
            "scope_before": pairs["scope_before"],
            "scope": pairs["scope"],
            "value_before": pairs["value_before"],
            "value": pairs["value"],
            "growth_percent": grown["growth"].to_numpy() * 100,
            "scopes_differ": ~pairs["scope"].fillna("").eq(pairs["scope_before"].fillna("")),
            "sources": [
                tuple(dict.fromkeys((*now, *then)))
                for now, then in zip(pairs["sources"], pairs["sources_before"], strict=True)
            ],
        }
    )


def scope_warning(differ: pd.Series, what: str) -> str:
    """A visible warning under a table when some of its rows pair figures of different scopes.

    Args:
        differ: One boolean per row: do the figures it pairs cover different scopes?
        what: ``"growth"`` (two years of one series) or ``"ratio"`` (two indicators).

    Returns:
        Markdown (an empty string when no row differs).

    Example:
        >>> scope_warning(pd.Series([True, False]), "growth")  # doctest: +NORMALIZE_WHITESPACE
        '**Warning: scopes differ.** In 1 row the two figures cover different scopes (units in
        parks, all SMEs, all industry, or not stated; see the Scope columns): the growth
        compares two different populations, not like with like.'
    """
    count = int(pd.Series(differ, dtype="boolean").fillna(False).sum())
    if not count:
        return ""
    rows = "1 row" if count == 1 else f"{count} rows"
    meaning = (
        "the growth compares two different populations, not like with like."
        if what == "growth"
        else "the ratio means something only where the first population is part of the "
        "second (units in parks within all SMEs, within all industry); where a scope is not "
        "stated, nobody can tell."
    )
    return (
        f"**Warning: scopes differ.** In {rows} the two figures cover different scopes (units "
        f"in parks, all SMEs, all industry, or not stated; see the Scope columns): {meaning}"
    )


def same_period_markdown(growth: pd.DataFrame, year: int) -> str:
    """Same-period growth as a table (months, scopes, both years in USD m, growth in percent).

    A warning follows the table when a row pairs figures of different scopes
    (:func:`scope_warning`).

    Args:
        growth: Output of :func:`same_period_growth`.
        year: The Iranian year reported on.

    Example:
        >>> growth = pd.DataFrame({"jalali_month_last": [12], "scope_before": ["unstated"],
        ...                        "scope": ["parks"], "value_before": [4e9],
        ...                        "value": [2.4e9], "growth_percent": [-40.0],
        ...                        "scopes_differ": [True], "sources": [("https://a.example/1",)]})
        >>> print(same_period_markdown(growth, 1398))  # doctest: +ELLIPSIS
        | Months covered | Scope 1397 | Scope 1398 | 1397, USD m | 1398, USD m | Growth % | Sources |
        | --- | --- | --- | --- | --- | --- | --- |
        | months 1-12: Farvardin-Esfand | Not stated | SMEs and units in industrial parks | 4,000 | 2,400 | -40.0 | <a href="https://a.example/1" title="https://a.example/1">a.example</a> |
        <BLANKLINE>
        <a class="sme-csv" download="table.csv" href="data:text/csv;charset=utf-8,...">Download CSV</a>
        <BLANKLINE>
        **Warning: scopes differ.** In 1 row the two figures cover different scopes (units in parks, all SMEs, all industry, or not stated; see the Scope columns): the growth compares two different populations, not like with like.
    """  # noqa: E501
    shown = growth.assign(
        months=[_months(1, int(m)) for m in growth["jalali_month_last"]],
        scope_then=[_scope_text(s) for s in growth["scope_before"].astype(object)],
        scope_now=[_scope_text(s) for s in growth["scope"].astype(object)],
        before=growth["value_before"] / _MILLION,
        now=growth["value"] / _MILLION,
    )
    headers = {
        "months": "Months covered",
        "scope_then": f"Scope {year - 1}",
        "scope_now": f"Scope {year}",
        "before": f"{year - 1}, USD m",
        "now": f"{year}, USD m",
        "growth_percent": "Growth %",
        "sources": "Sources",
    }
    decimals = {"before": 0, "now": 0, "growth_percent": 1}
    table = markdown_table(shown, headers, links=["sources"], decimals=decimals)
    warning = scope_warning(growth["scopes_differ"], "growth")
    return f"{table}\n\n{warning}" if warning and table else table


def stated_markdown(rows: pd.DataFrame, value_header: str) -> str:
    """Figures as officials stated them (a growth rate, a share), with hedge and source.

    The figure is shown as stated (at most two decimals); the speaker when there is one.

    Args:
        rows: Fact rows (``period_label``, ``value``, ``qualifier``, ``source_url``, and
            ``speaker`` when there is one).
        value_header: The figure's header with its unit, e.g. ``"Growth %"``.

    Example:
        >>> rows = _example_facts().iloc[[1]].assign(value=16.77)
        >>> print(stated_markdown(rows, "Growth %"))  # doctest: +NORMALIZE_WHITESPACE +ELLIPSIS
        | Period as stated | Growth % | Hedge | Speaker | Source |
        | --- | --- | --- | --- | --- |
        | 1398 first 9 months | 16.77 | more than | B |
          <a href="https://b.example/2" title="https://b.example/2">b.example</a> |
        <BLANKLINE>
        <a class="sme-csv" download="table.csv"
          href="data:text/csv;charset=utf-8,...">Download CSV</a>
    """
    headers = {
        "period_label": "Period as stated",
        "value": value_header,
        "qualifier": "Hedge",
        "speaker": "Speaker",
        "source_url": "Source",
    }
    if "speaker" not in rows.columns:
        del headers["speaker"]
    return markdown_table(rows, headers, links=["source_url"])


class Ratio(NamedTuple):
    """A ratio the SME-export report computes from two statements about the same period.

    Attributes:
        title: What the ratio is, in words, with its unit.
        numerator: Indicator on top, and its header with unit.
        denominator: Indicator below, and its header with unit.
        scale: Factor applied to ``numerator / denominator`` (100 for a percentage).
        header: The ratio's header with its unit.
        decimals: Decimals shown for the ratio.
    """

    title: str
    numerator: tuple[str, str]
    denominator: tuple[str, str]
    scale: float
    header: str
    decimals: int


def _side(indicator: str) -> tuple[str, str]:
    """An indicator and its header: the registry's label, with ``USD m`` for dollar figures."""
    name = dictionary.label(indicator)
    return indicator, f"{name}, USD m" if "usd" in dictionary.INDICATORS[indicator].units else name


#: The ratios of the SME-export report, in report order.
RATIOS = (
    Ratio(
        "SMEs' share of non-oil exports",
        _side("sme_export_value"),
        _side("non_oil_exports_value"),
        100.0,
        "Share %",
        1,
    ),
    Ratio(
        "Exports per exporting SME",
        _side("sme_export_value"),
        _side("exporting_smes"),
        1.0,
        "USD per exporting SME",
        0,
    ),
    Ratio(
        "Export propensity",
        _side("exporting_smes"),
        _side("active_smes"),
        100.0,
        "Exporting SMEs per 100 active SMEs",
        1,
    ),
)


def stated_share(facts: pd.DataFrame, ratio: Ratio = RATIOS[0]) -> pd.DataFrame:
    """A ratio as officials stated it: the registry's shares of its numerator in its denominator.

    The indicators are those whose ``share_of`` in the registry is ``ratio``'s numerator and
    denominator (:func:`smeanalysis.dictionary.share_checks`): for the default, SMEs' share of
    non-oil exports. National statements only, every column kept.

    Example:
        >>> said = _example_facts().iloc[[0]].assign(indicator="sme_share_of_non_oil_exports",
        ...                                          value=12.5, unit="percent")
        >>> stated_share(said)[["indicator", "value"]]
                              indicator  value
        0  sme_share_of_non_oil_exports   12.5
    """
    pair = (ratio.numerator[0], ratio.denominator[0])
    return _national(facts, [s for s, parts in dictionary.share_checks().items() if parts == pair])


def ratio_markdown(table: pd.DataFrame, ratio: Ratio) -> str:
    """A :func:`matched_ratio` table with both figures, the ratio and both source pages.

    Dollar figures are shown in USD m; the pages of numerator and denominator are numbered
    links (one link when both come from the same page). The scopes of both figures are shown
    when known, and a warning follows the table when they differ (:func:`scope_warning`).

    Example:
        >>> f = _example_facts()
        >>> extra = f.iloc[[0]].assign(indicator="exporting_smes", value=900.0, unit="count")
        >>> table = matched_ratio(pd.concat([f, extra]), "sme_export_value", "exporting_smes")
        >>> print(ratio_markdown(table, RATIOS[1]).splitlines()[-3])
        | 1398 first half | 1,490 | 900 | 1,655,556 | <a href="https://a.example/1" title="https://a.example/1">a.example</a> |
    """  # noqa: E501

    def shown_value(column: str, indicator: str) -> pd.Series:
        dollars = "usd" in dictionary.INDICATORS[indicator].units
        return table[column] / _MILLION if dollars else table[column]

    scopes = [
        _scope_text(a)
        if _scope_text(a) == _scope_text(b)
        else f"{_scope_text(a)} / {_scope_text(b)}"
        for a, b in zip(
            table["scope_numerator"].astype(object),
            table["scope_denominator"].astype(object),
            strict=True,
        )
    ]
    shown = table.assign(
        top=shown_value("numerator", ratio.numerator[0]),
        bottom=shown_value("denominator", ratio.denominator[0]),
        scopes=scopes,
        sources=[
            tuple(dict.fromkeys((a, b)))
            for a, b in zip(table["source_numerator"], table["source_denominator"], strict=True)
        ],
    )
    headers = {
        "period_label": "Period as stated",
        "scopes": "Scope",
        "top": ratio.numerator[1],
        "bottom": ratio.denominator[1],
        "ratio": ratio.header,
        "sources": "Sources",
    }
    if table["scope_numerator"].isna().all() and table["scope_denominator"].isna().all():
        del headers["scopes"]
    decimals = {"top": 0, "bottom": 0, "ratio": ratio.decimals}
    rendered = markdown_table(shown, headers, links=["sources"], decimals=decimals)
    warning = scope_warning(table["scopes_differ"], "ratio")
    return f"{rendered}\n\n{warning}" if warning and rendered else rendered


def counts_markdown(counts: pd.DataFrame) -> str:
    """Dated counts (:func:`counts_over_time`) as a table: date, what, number, source.

    Example:
        >>> print(counts_markdown(counts_over_time(_example_facts(), ["exporting_smes"])))
        ... # doctest: +ELLIPSIS
        | Date | Count of | Number | Hedge | Period as stated | Source |
        | --- | --- | --- | --- | --- | --- |
        | 2019-08-10 | Exporting SMEs | 1,100 | \u2013 | as of 2019-08 | <a href="https://c.example/3" title="https://c.example/3">c.example</a> |
        <BLANKLINE>
        <a class="sme-csv" download="table.csv" href="data:text/csv;charset=utf-8,...">Download CSV</a>
        <BLANKLINE>
        \u2013 marks a value the source did not state (no hedge word, no speaker named) or one that cannot be computed from the fact base.
    """  # noqa: E501
    headers = {
        "date": "Date",
        "count_of": "Count of",
        "value": "Number",
        "qualifier": "Hedge",
        "period_label": "Period as stated",
        "source_url": "Source",
    }
    return markdown_table(counts, headers, links=["source_url"], decimals={"value": 0})


def _first_per_publisher(urls: Sequence[object]) -> list[str]:
    """One page per publisher, in order of first appearance."""
    chosen: dict[str, str] = {}
    for url in urls:
        if isinstance(url, str) and url:
            chosen.setdefault(kit.publisher(url), url)
    return list(chosen.values())


def key_findings(facts: pd.DataFrame, year: int) -> list[str]:
    """Three to six sentences on the year's SME exports, each figure with its sources.

    How many statements, the latest figure, where the statements for the same months differ
    and the change on the same months of the year before, as Markdown sentences (figures
    through the text kit, sources as links named by publisher).

    Example:
        >>> [s.split(" (")[0][:40] for s in key_findings(_example_facts(), 1398)][:2]
        ['The fact base holds 2 statements of nati', 'The latest figure: SMEs exported more th']
        >>> key_findings(_example_facts(), 1390)
        ['The fact base has no national SME export statement in US dollars for Iranian year 1390.']
    """
    statements = sme_export_statements(facts, year)
    period = kit.period_text(str(year))
    if statements.empty:
        return [
            "The fact base has no national SME export statement in US dollars for "
            f"{kit.escape_text(period)}."
        ]
    pages = _first_per_publisher(statements["source_url"].tolist())
    found = [
        f"The fact base holds {kit.escape_text(kit.count(len(statements), 'statement'))} of "
        f"national SME exports in US dollars for {kit.escape_text(period)}, from "
        f"{kit.source_links(pages[:3])}."
    ]
    last = statements.iloc[-1]
    reached = kit.period_text(f"{year}-01..{year}-{int(last['jalali_month_last']):02d}")
    found.append(
        "The latest figure: SMEs exported "
        f"{kit.escape_text(amount(last['value'], 'usd', last['qualifier']))} in "
        f"{kit.escape_text(reached)} ({kit.source_link(last['source_url'])})."
    )
    by_month = ytd_by_month(facts, year)
    differ = by_month.loc[by_month["lowest"] < by_month["highest"]]
    if not differ.empty:
        row = differ.loc[(differ["highest"] / differ["lowest"]).idxmax()]
        months = kit.period_text(f"{year}-01..{year}-{int(row['jalali_month_last']):02d}")
        found.append(
            f"Statements for {kit.escape_text(months)} differ: from "
            f"{kit.escape_text(amount(row['lowest'], 'usd'))} to "
            f"{kit.escape_text(amount(row['highest'], 'usd'))}, consolidated to "
            f"{kit.escape_text(amount(row['value'], 'usd'))} "
            f"({kit.source_links(_first_per_publisher(row['sources'])[:3])})."
        )
    growth = same_period_growth(by_month, ytd_by_month(facts, year - 1))
    if not growth.empty:
        growth = growth.sort_values(
            ["scopes_differ", "jalali_month_last"], ascending=[True, False], kind="stable"
        )
        row = growth.iloc[0]
        months = kit.period_text(f"{year - 1}-01..{year - 1}-{int(row['jalali_month_last']):02d}")
        caveat = (
            ", figures of different scopes (unlike populations)" if row["scopes_differ"] else ""
        )
        found.append(
            f"Against {kit.escape_text(months)}, SME exports changed by "
            f"{kit.escape_text(kit.percent(row['growth_percent'], 1))}: from "
            f"{kit.escape_text(amount(row['value_before'], 'usd'))} to "
            f"{kit.escape_text(amount(row['value'], 'usd'))}{caveat} "
            f"({kit.source_links(_first_per_publisher(row['sources'])[:3])})."
        )
    return found

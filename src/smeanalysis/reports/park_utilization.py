"""Use of Iran's industrial parks: parks, units in them, how many are active, revivals, new units.

The park-utilization report asks how much of the parks' capacity is in use, nationally or in one
province. Its statements are stocks ("43,650 units in parks as of August 2019") and flows
("1,444 idle units revived in 1398"). Officials often give different numbers for the same thing
(see the fact base's list of contradictions), so every figure here is a consolidated value
with its range, from :func:`smeanalysis.reconcile.consolidate` (one mechanism for every report):
statements of the same indicator, place and period are grouped, ``low`` and ``high`` are the
interval they allow (their hedge words and rounding included: "more than 33,000" reaches up to
36,800), ``central`` the median of the independent sources, with the number of statements and
sources, every source page and the findings of :func:`smeanalysis.reconcile.check` among them
(``flags``). Beside each range the figures are shown as stated, hedge words kept (``stated``).
Nothing is picked silently.

Periods are reconcile's: flows by their first and last day, stocks by their as-of date (the
period end; else the month in an ``"as of YYYY-MM"`` label, Jalali or Gregorian; else the
publication date), shown here as the month ``as_of``. Statements that cannot be placed in time
are kept, one row per claim, with an empty ``as_of``, and shown as undated rather than dropped.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd

from smeanalysis import dictionary, metrics
from smeanalysis.calendar import to_jalali
from smeanalysis.errors import Problem, SmeAnalysisError
from smeanalysis.provinces import NATIONAL
from smeanalysis.reconcile import (
    CONSOLIDATED_COLUMNS,
    DEFAULT_RULE,
    REQUIRED_COLUMNS,
    consolidate,
    rule_description,
)
from smeanalysis.reports import charts, tilemap
from smeanalysis.reports import text as kit
from smeanalysis.reports.text import (
    MISSING,
    amount,
    amount_range,
    escape_text,
    markdown_table,
    month_text,
    number,
    period_text,
)

__all__ = [
    "EMPLOYMENT",
    "LABELS",
    "MAPPED",
    "NEW_UNITS",
    "PARK_COUNTS",
    "REVIVALS",
    "UNIT_COUNTS",
    "active_share",
    "active_share_markdown",
    "against_target",
    "consolidated",
    "employment_markdown",
    "employment_per_unit",
    "findings_markdown",
    "flow_table",
    "flows_markdown",
    "key_findings",
    "latest",
    "latest_by_province",
    "missing_sentence",
    "outline_tile",
    "plot_active_share",
    "plot_against_target",
    "plot_province_map",
    "plot_stocks",
    "province_map_markdown",
    "rule_markdown",
    "scope",
    "scope_summary",
    "sources_of",
    "stock_markdown",
    "stock_table",
    "target_markdown",
    "within_years",
]

#: Parks and zones: approved, in operation, active (the registry's set ``park_counts``).
PARK_COUNTS: tuple[str, ...] = dictionary.indicator_set("park_counts")
#: Production units in parks: located or licensed (total), in operation, active (the
#: registry's set ``unit_counts``).
UNIT_COUNTS: tuple[str, ...] = dictionary.indicator_set("unit_counts")
#: The stated share of active units in parks, checked against its numerator and denominator
#: (the registry's set ``origin_statement``: the ministry's "43,650 units, 33,800 active").
(_ACTIVE_SHARE,) = dictionary.indicator_set("origin_statement")
#: Idle units revived and the target for them (the registry's set ``revivals``, in that order).
REVIVALS: tuple[str, ...] = dictionary.indicator_set("revivals")
_REVIVED, _REVIVAL_TARGET = REVIVALS
#: New units put into operation and their jobs (the registry's set ``new_units``, in that order).
NEW_UNITS: tuple[str, ...] = dictionary.indicator_set("new_units")
_NEW_UNITS_OPERATING = NEW_UNITS[0]
#: Employment in parks, paired with unit counts for jobs per unit (the registry's set
#: ``employment``).
EMPLOYMENT: tuple[str, ...] = dictionary.indicator_set("employment")
#: The indicator of the page's province map (the registry's set ``province_map``).
(MAPPED,) = dictionary.indicator_set("province_map")

#: The columns every range table carries, from :func:`smeanalysis.reconcile.consolidate`.
_RANGE_COLUMNS = [
    "stated",
    "low",
    "high",
    "central",
    "n_statements",
    "n_sources",
    "sources",
    "flags",
]


def scope(facts: pd.DataFrame, province_code: str | None) -> pd.DataFrame:
    """Return the statements about Iran as a whole (``None``) or about one province.

    Example:
        >>> facts = pd.DataFrame({"geography": ["Iran", "Isfahan"],
        ...                       "province_code": [None, "IR-10"], "value": [1.0, 2.0]})
        >>> scope(facts, None)["value"].tolist(), scope(facts, "IR-10")["value"].tolist()
        ([1.0], [2.0])
    """
    if province_code is None:
        mask = facts["geography"].eq(NATIONAL) & facts["province_code"].isna()
    else:
        mask = facts["province_code"].eq(province_code)
    return facts.loc[mask.fillna(False)]


def _complete(facts: pd.DataFrame) -> pd.DataFrame:
    """The fact columns reconcile reads; columns a hand-made frame leaves out are unknown (NA).

    A frame without ``fact_id`` numbers its rows from 1, as the fact table does.
    """
    missing: dict[str, Any] = {}
    for column in REQUIRED_COLUMNS:
        if column in facts.columns:
            continue
        if column == "fact_id":
            missing[column] = range(1, len(facts) + 1)
        elif column in ("published", "period_start", "period_end"):
            missing[column] = pd.Series(pd.NaT, index=facts.index, dtype="datetime64[ns]")
        elif column == "jalali_year":
            missing[column] = pd.Series(pd.NA, index=facts.index, dtype="Int64")
        else:
            missing[column] = pd.Series(pd.NA, index=facts.index, dtype="string")
    return facts.assign(**missing) if missing else facts


def rule_markdown(rule: str = DEFAULT_RULE) -> str:
    """The consolidation rule behind the page's figures, in one sentence (escaped Markdown).

    Every figure of :func:`consolidated` is :func:`smeanalysis.reconcile.consolidate`'s under
    :data:`smeanalysis.reconcile.DEFAULT_RULE`; a page that shows them says so once.

    Example:
        >>> rule_markdown()  # doctest: +ELLIPSIS
        'Consolidation rule median: where statements ... the median of the independent sources...'
    """
    return escape_text(rule_description(rule))


def consolidated(facts: pd.DataFrame, indicators: Sequence[str] | None = None) -> pd.DataFrame:
    """Consolidate the statements of some indicators, with what the report shows beside them.

    The grouping, the central value and the range are those of
    :func:`smeanalysis.reconcile.consolidate` (flows by period, stocks by as-of month, each
    undated claim on its own row; ``low``/``high`` the interval the statements allow, their
    hedge words and rounding included). Its ``flags`` come from the checks among the same
    statements. Added here, from the statements behind each row: ``as_of`` (``"YYYY-MM"`` of
    a stock's as-of date or a flow's last day; NA when undated), ``period_labels`` (as stated)
    and ``stated`` (each distinct figure as said, hedge word kept, written by
    :func:`smeanalysis.reports.text.amount`: ``"more than 33,000; 33,800"``).

    Args:
        facts: Fact rows (see :func:`scope`); columns reconcile reads but a hand-made frame
            lacks are treated as unknown.
        indicators: Keep only these indicators; ``None`` for all.

    Returns:
        One row per indicator, geography, unit and period; the columns of
        :data:`smeanalysis.reconcile.CONSOLIDATED_COLUMNS` with ``value`` renamed ``central``,
        plus ``as_of``, ``period_labels`` and ``stated``.

    Example:
        >>> facts = pd.DataFrame({"indicator": ["units_in_parks_active"] * 2,
        ...     "geography": ["Iran"] * 2, "unit": ["count"] * 2, "value": [33000.0, 33800.0],
        ...     "qualifier": ["more than", None], "source_url": ["https://a.ir", "https://b.ir"],
        ...     "period_label": ["as of 2019-08"] * 2})
        >>> row = consolidated(facts).iloc[0]
        >>> row["stated"], row["as_of"], float(row["low"]), float(row["high"])
        ('more than 33,000; 33,800', '2019-08', 33000.0, 36800.0)
    """
    mine = facts if indicators is None else facts.loc[facts["indicator"].isin(list(indicators))]
    columns = [
        *("central" if c == "value" else c for c in CONSOLIDATED_COLUMNS),
        "period_labels",
        "stated",
    ]
    if mine.empty:
        empty = pd.DataFrame(columns=columns).astype({"as_of": "string", "stated": "string"})
        return empty.astype({"period_labels": "string", "central": "float64"})
    mine = _complete(mine)
    table = consolidate(mine).rename(columns={"value": "central"})
    # The statements behind each row, looked up by fact_id (unique in a fact table).
    by_id = mine.set_index("fact_id")
    labels, stated = [], []
    for ids in table["fact_ids"]:
        rows = by_id.loc[list(ids)]
        labels.append("; ".join(sorted(rows["period_label"].dropna().unique())))
        said = rows.sort_values("value", kind="stable")
        figures = [
            amount(v, u, q)
            for v, q, u in zip(said["value"], said["qualifier"], said["unit"], strict=True)
        ]
        stated.append("; ".join(dict.fromkeys(figures)))
    kind = table["period_type"]
    when = table["as_of"].where(kind == "stock", table["period_end"].where(kind == "flow"))
    table["as_of"] = when.dt.strftime("%Y-%m").astype("string")
    table["period_labels"] = pd.array(labels, dtype="string")
    table["stated"] = pd.array(stated, dtype="string")
    return table[columns]


def _one_scope(facts: pd.DataFrame) -> None:
    """Refuse statements of several places: their ranges would be mixed in one table."""
    places = sorted(facts["geography"].dropna().unique().tolist())
    if len(places) > 1:
        raise SmeAnalysisError(
            [
                Problem(
                    None,
                    None,
                    "geography",
                    ", ".join(repr(p) for p in places),
                    "statements of one place (select them with parks.scope)",
                )
            ]
        )


def _whole_year(table: pd.DataFrame) -> pd.Series:
    """Rows of a consolidated table that cover one whole Iranian year (Farvardin to Esfand)."""
    whole = (
        table["period_type"].eq("flow")
        & table["jalali_month_first"].eq(1)
        & table["jalali_month_last"].eq(12)
    )
    return whole.fillna(False).astype(bool)


def _urls(*groups: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted({url for group in groups for url in group}))


def stock_table(facts: pd.DataFrame, indicators: Sequence[str]) -> pd.DataFrame:
    """Return the stock statements of some indicators as ranges per as-of month.

    Args:
        facts: Fact rows of one scope (see :func:`scope`).
        indicators: The indicators, in the order the table should show them.

    Returns:
        ``indicator, as_of, period_labels`` and the range columns (see :func:`consolidated`),
        sorted by month (undated last), then by the given indicator order.

    Example:
        >>> facts = pd.DataFrame({"indicator": ["units_in_parks_total"] * 2,
        ...     "geography": ["Iran"] * 2, "unit": ["count"] * 2,
        ...     "value": [43650.0, 43630.0], "source_url": ["https://a.ir", "https://b.ir"],
        ...     "period_label": ["as of 2019-08", "as of 2019-08"]})
        >>> stock_table(facts, UNIT_COUNTS)[["as_of", "stated", "low", "high"]].to_dict("records")
        [{'as_of': '2019-08', 'stated': '43,630; 43,650', 'low': 43625.0, 'high': 43655.0}]
    """
    _one_scope(facts)
    table = consolidated(facts, indicators)
    order = {ind: i for i, ind in enumerate(indicators)}
    table = table.assign(_order=table["indicator"].map(order))
    table = table.sort_values(
        ["as_of", "_order", "central"], na_position="last", kind="stable", ignore_index=True
    )
    return table[["indicator", "as_of", "period_labels", *_RANGE_COLUMNS]]


def active_share(facts: pd.DataFrame) -> pd.DataFrame:
    """Put the stated share of active units in parks beside the share computed from counts.

    The computed share uses only statements of the same scope and as-of month: active units
    (``units_in_parks_active``) over all units in parks (``units_in_parks_total``), by
    :func:`smeanalysis.metrics.utilization`. Its range runs from the lowest active count over
    the highest total to the highest active count over the lowest total (the ranges of
    :func:`consolidated`, hedge words included). Months where only one side exists keep the
    other side empty, as does a bound whose active count exceeds its total (no share of
    anything; the counts stay in the row); undated stated shares are their own rows.

    Args:
        facts: Fact rows of one scope (see :func:`scope`).

    Returns:
        One row per as-of month (undated stated shares last) with ``stated`` (as said),
        ``stated_low``, ``stated_high``, ``computed_low``, ``computed_high`` (percent), the
        counts used (``active_low/high``, ``total_low/high``) and ``sources``.

    Example:
        >>> facts = pd.DataFrame({
        ...     "indicator": ["units_in_parks_active", "units_in_parks_total",
        ...                   "units_in_parks_active_share"],
        ...     "geography": ["Iran"] * 3, "unit": ["count", "count", "percent"],
        ...     "value": [33800.0, 43650.0, 77.5], "qualifier": [None, None, "nearly"],
        ...     "source_url": ["https://a.ir"] * 3, "period_label": ["as of 2019-08"] * 3})
        >>> row = active_share(facts).iloc[0]
        >>> row["stated"], float(row["stated_high"]), round(float(row["computed_low"]), 1)
        ('nearly 77.5%', 77.5, 77.3)
    """
    active, total = dictionary.share_checks()[_ACTIVE_SHARE]
    wanted = {_ACTIVE_SHARE: "stated", active: "active", total: "total"}
    _one_scope(facts)
    table = consolidated(facts, list(wanted))
    dated = table.loc[table["as_of"].notna()]
    out = pd.DataFrame({"as_of": sorted(dated["as_of"].unique())}, dtype="string")
    for indicator, short in wanted.items():
        part = dated.loc[dated["indicator"] == indicator, ["as_of", "stated", "low", "high"]]
        part = part.rename(
            columns={"stated": f"{short}_stated", "low": f"{short}_low", "high": f"{short}_high"}
        )
        out = out.merge(part, on="as_of", how="left", validate="1:1")
    out["sources"] = [
        _urls(*dated.loc[dated["as_of"] == month, "sources"]) for month in out["as_of"]
    ]
    out["computed_low"] = _share_percent(out["active_low"], out["total_high"])
    out["computed_high"] = _share_percent(out["active_high"], out["total_low"])
    # Undated counts cannot be paired with anything; undated stated shares are shown alone.
    undated = table.loc[table["as_of"].isna() & (table["indicator"] == _ACTIVE_SHARE)]
    alone = pd.DataFrame(
        {
            "as_of": undated["as_of"],
            "stated_stated": undated["stated"],
            "stated_low": undated["low"],
            "stated_high": undated["high"],
            "sources": undated["sources"],
        }
    )
    out = pd.concat([out, alone], ignore_index=True) if not alone.empty else out
    out = out.rename(columns={"stated_stated": "stated"})
    # A month is shown when a share is stated or both counts are (even when they give no share).
    keep = out["stated_low"].notna() | (out["active_low"].notna() & out["total_low"].notna())
    out = out.loc[keep].sort_values("as_of", na_position="last", kind="stable", ignore_index=True)
    columns = ["as_of", "stated", "stated_low", "stated_high", "computed_low", "computed_high"]
    counts = ["active_stated", "active_low", "active_high", "total_stated", "total_low"]
    return out[[*columns, *counts, "total_high", "sources"]]


def _share_percent(active: pd.Series, total: pd.Series) -> pd.Series:
    """Percent of ``total`` that is ``active``, by :func:`smeanalysis.metrics.utilization`.

    Missing where either count is unknown, or where the active count exceeds the total
    (statements that contradict each other give no share; the table shows both counts).
    """
    pairs = pd.DataFrame({"active": active, "total": total}, dtype="float64")
    pairs = pairs.where(pairs["active"] <= pairs["total"])
    return 100 * metrics.utilization(pairs, missing="keep")["utilization"]


def flow_table(facts: pd.DataFrame, indicators: Sequence[str]) -> pd.DataFrame:
    """Return flow statements as ranges per indicator and period (see :func:`consolidated`).

    Flows with a first and a last day are grouped by period; year-to-date flows without an
    end and undated flows stay one row per claim (they cannot be placed in time).

    Returns:
        ``indicator, jalali_year, period_start, period_end, period_labels, is_full_year`` and
        the range columns, sorted by period (unplaced last) then indicator order.

    Example:
        >>> facts = pd.DataFrame({"indicator": ["new_units_operational"] * 2,
        ...     "geography": ["Iran"] * 2, "unit": ["count"] * 2,
        ...     "value": [2575.0, 2576.0], "source_url": ["https://a.ir", "https://b.ir"],
        ...     "period_label": ["1396", "1396"],
        ...     "jalali_year": pd.array([1396, 1396], dtype="Int64"),
        ...     "jalali_month_first": pd.array([1, 1], dtype="Int64"),
        ...     "jalali_month_last": pd.array([12, 12], dtype="Int64"),
        ...     "period_start": pd.to_datetime(["2017-03-21"] * 2),
        ...     "period_end": pd.to_datetime(["2018-03-20"] * 2)})
        >>> flow_table(facts, ["new_units_operational"])[["stated", "is_full_year"]].values
        array([['2,575; 2,576', True]], dtype=object)
    """
    _one_scope(facts)
    table = consolidated(facts, indicators)
    order = {ind: i for i, ind in enumerate(indicators)}
    table = table.assign(_order=table["indicator"].map(order), is_full_year=_whole_year(table))
    table = table.sort_values(
        ["period_start", "period_end", "_order", "central"],
        na_position="last",
        kind="stable",
        ignore_index=True,
    )
    return table[
        [
            "indicator",
            "jalali_year",
            "period_start",
            "period_end",
            "period_labels",
            "is_full_year",
            *_RANGE_COLUMNS,
        ]
    ]


def against_target(
    facts: pd.DataFrame,
    first_year: int,
    last_year: int,
    *,
    outcome: str = _REVIVED,
    target: str = _REVIVAL_TARGET,
) -> pd.DataFrame:
    """Compare full-year outcomes with the year's target, both as ranges.

    Only statements that cover one whole Iranian year are compared; partial-year statements
    are left to :func:`flow_table`. ``verdict`` says ``met`` when even the lowest outcome reaches
    the highest target, ``missed`` when even the highest outcome falls short of the lowest
    target, ``unclear`` when the ranges overlap, and ``no target`` / ``no outcome`` otherwise.
    The ranges are those of :func:`consolidated` (hedge words and rounding included).

    Example:
        >>> facts = pd.DataFrame({
        ...     "indicator": ["idle_units_revived"] * 2 + ["idle_units_revived_target"],
        ...     "geography": ["Iran"] * 3, "unit": ["count"] * 3, "period_label": ["1398"] * 3,
        ...     "value": [1185.0, 1444.0, 1300.0], "source_url": ["https://a.ir"] * 3,
        ...     "period_start": pd.to_datetime(["2019-03-21"] * 3),
        ...     "period_end": pd.to_datetime(["2020-03-19"] * 3),
        ...     "jalali_year": pd.array([1398] * 3, dtype="Int64"),
        ...     "jalali_month_first": pd.array([1] * 3, dtype="Int64"),
        ...     "jalali_month_last": pd.array([12] * 3, dtype="Int64")})
        >>> against_target(facts, 1398, 1398)[["outcome_stated", "verdict"]].values
        array([['1,185; 1,444', 'unclear']], dtype=object)
    """
    _one_scope(facts)
    table = consolidated(facts, [outcome, target])
    whole = table.loc[_whole_year(table)]
    whole = whole.loc[whole["jalali_year"].between(first_year, last_year).fillna(False)]
    years = pd.Index(sorted(whole["jalali_year"].dropna().unique()), name="jalali_year")
    parts = {}
    for name, indicator in (("outcome", outcome), ("target", target)):
        part = whole.loc[whole["indicator"] == indicator].set_index("jalali_year")
        part = part.reindex(years)
        for column in ("stated", "low", "high", "central", "n_statements"):
            parts[f"{name}_{column}"] = part[column].to_numpy()
        parts[f"{name}_sources"] = [s if isinstance(s, tuple) else () for s in part["sources"]]
    out = pd.DataFrame({"jalali_year": years.astype("Int64"), **parts})
    out = out.astype(
        {
            "outcome_n_statements": "Int64",
            "target_n_statements": "Int64",
            "outcome_stated": "string",
            "target_stated": "string",
        }
    )
    verdict = pd.Series("unclear", index=out.index, dtype="string")
    verdict[out["outcome_low"] >= out["target_high"]] = "met"
    verdict[out["outcome_high"] < out["target_low"]] = "missed"
    verdict[out["target_low"].isna()] = "no target"
    verdict[out["outcome_low"].isna()] = "no outcome"
    out["verdict"] = verdict
    out["sources"] = [
        _urls(a, b) for a, b in zip(out["outcome_sources"], out["target_sources"], strict=True)
    ]
    return out.drop(columns=["outcome_sources", "target_sources"])


def employment_per_unit(facts: pd.DataFrame) -> pd.DataFrame:
    """Pair each month's employment-in-parks statements with unit counts of the same month.

    Officials count jobs on different bases (jobs in operational units, jobs "created by
    contracts", SME jobs inside parks) and units on different bases (all, operational, active),
    so each pairing is shown with both bases and its own ratio range, never averaged. The
    ratios are :func:`smeanalysis.metrics.per_unit`: the fewest jobs over the most units, and
    the most jobs over the fewest units.

    Returns:
        One row per month and unit basis: ``as_of``, ``employment_labels``, employment and unit
        figures as stated and as ranges, ``unit_basis``, ``per_unit_low``/``per_unit_high``
        and ``sources``.

    Example:
        >>> facts = pd.DataFrame({
        ...     "indicator": ["employment_in_parks", "units_in_parks_operational"],
        ...     "geography": ["Iran"] * 2, "unit": ["person", "count"],
        ...     "value": [950000.0, 48400.0], "source_url": ["https://a.ir"] * 2,
        ...     "period_label": ["as of 2021-06", "as of 2021-06"]})
        >>> round(float(employment_per_unit(facts).loc[0, "per_unit_low"]), 1)
        19.5
    """
    jobs = stock_table(facts, EMPLOYMENT)
    units = stock_table(facts, UNIT_COUNTS)
    jobs = jobs.loc[jobs["as_of"].notna()]
    units = units.loc[units["as_of"].notna()]
    paired = jobs.merge(units, on="as_of", suffixes=("_jobs", "_units"), validate="1:m")
    bounds = ["low_jobs", "high_jobs", "low_units", "high_units"]
    paired = paired.astype(dict.fromkeys(bounds, "float64"))  # an empty table is untyped
    paired = metrics.per_unit(paired, "low_jobs", "high_units", "per_unit_low", missing="keep")
    paired = metrics.per_unit(paired, "high_jobs", "low_units", "per_unit_high", missing="keep")
    out = pd.DataFrame(
        {
            "as_of": paired["as_of"],
            "employment_labels": paired["period_labels_jobs"],
            "employment_stated": paired["stated_jobs"],
            "employment_low": paired["low_jobs"],
            "employment_high": paired["high_jobs"],
            "unit_basis": paired["indicator_units"],
            "units_stated": paired["stated_units"],
            "units_low": paired["low_units"],
            "units_high": paired["high_units"],
            "per_unit_low": paired["per_unit_low"],
            "per_unit_high": paired["per_unit_high"],
            "sources": [
                _urls(a, b)
                for a, b in zip(paired["sources_jobs"], paired["sources_units"], strict=True)
            ],
        }
    )
    return out.sort_values(["as_of", "unit_basis"], ignore_index=True)


def latest(table: pd.DataFrame, by: str) -> pd.DataFrame:
    """Keep, for each value of ``by``, the consolidated row that refers to the latest day.

    Rows of :func:`consolidated` are ranked by the day they refer to (a flow's last day, a
    stock's as-of month, an open flow's first day; undated last), then by the longer period,
    then by more statements; the first is kept and ``n_other`` says how many other rows
    (earlier periods, undated claims) there are, so nothing is dropped unsaid.

    Args:
        table: Output of :func:`consolidated` (any extra columns are kept).
        by: The column to keep one row per value of (``"indicator"``, ``"province_code"``).

    Returns:
        One row per value of ``by``, sorted by it, with ``n_other`` (int64) added.

    Example:
        >>> facts = pd.DataFrame({"indicator": ["x", "x"], "geography": ["Iran"] * 2,
        ...     "unit": ["count"] * 2, "value": [24.0, 40.0],
        ...     "source_url": ["https://a.ir", "https://b.ir"], "period_label": ["1398", "1399"],
        ...     "period_start": pd.to_datetime(["2019-03-21", "2020-03-20"]),
        ...     "period_end": pd.to_datetime(["2020-03-19", "2021-03-20"])})
        >>> latest(consolidated(facts), "indicator")[["period_labels", "n_other"]].values
        array([['1399', 1]], dtype=object)
    """
    kind = table["period_type"]
    refers = pd.to_datetime(table["as_of"].where(kind == "stock") + "-15", errors="coerce")
    refers = refers.fillna(table["period_end"].where(kind == "flow"))
    refers = refers.fillna(table["period_start"].where(kind == "open"))
    length = table["period_end"] - table["period_start"]
    ranked = table.assign(_refers=refers, _length=length).sort_values(
        [by, "_refers", "_length", "n_statements"],
        ascending=[True, False, False, False],
        na_position="last",
        kind="stable",
    )
    kept = ranked.loc[~ranked[by].duplicated()].reset_index(drop=True)
    rows_per = ranked.groupby(by).size()
    kept["n_other"] = (kept[by].map(rows_per) - 1).astype("int64")
    return kept.drop(columns=["_refers", "_length"])


def latest_by_province(facts: pd.DataFrame, indicator: str) -> pd.DataFrame:
    """Return, for each province, its latest consolidated figure of one indicator.

    Which row is "latest", and ``n_other``, as in :func:`latest`.

    Returns:
        ``province_code, geography, period_labels, n_other`` and the range columns, sorted by
        province code; provinces without the indicator absent.

    Example:
        >>> facts = pd.DataFrame({"geography": ["Qom", "Qom"],
        ...     "province_code": ["IR-25", "IR-25"], "indicator": ["idle_units_revived"] * 2,
        ...     "unit": ["count"] * 2, "value": [24.0, 40.0],
        ...     "source_url": ["https://a.ir", "https://b.ir"], "period_label": ["1398", "1399"],
        ...     "period_start": pd.to_datetime(["2019-03-21", "2020-03-20"]),
        ...     "period_end": pd.to_datetime(["2020-03-19", "2021-03-20"])})
        >>> latest_by_province(facts, "idle_units_revived")[["period_labels", "n_other"]].values
        array([['1399', 1]], dtype=object)
    """
    mine = facts.loc[facts["province_code"].notna() & facts["indicator"].eq(indicator)]
    table = consolidated(mine)
    codes = mine.drop_duplicates("geography").set_index("geography")["province_code"]
    table["province_code"] = table["geography"].map(codes).astype("string")
    kept = latest(table, "province_code")
    return kept[["province_code", "geography", "period_labels", "n_other", *_RANGE_COLUMNS]]


def missing_sentence(what: str, where: str) -> str:
    """Say plainly that the fact base holds nothing on a subject for a place.

    Example:
        >>> missing_sentence("units in parks", "Ilam")
        'No statements about units in parks for Ilam are in the fact base.'
    """
    return f"No statements about {escape_text(what)} for {escape_text(where)} are in the fact base."


def sources_of(frames: Iterable[pd.DataFrame]) -> tuple[str, ...]:
    """Collect the source URLs of several range tables, sorted and without repeats.

    Example:
        >>> sources_of([pd.DataFrame({"sources": [("https://b.ir",), ("https://a.ir",)]})])
        ('https://a.ir', 'https://b.ir')
    """
    found: set[str] = set()
    for frame in frames:
        for urls in frame["sources"]:
            found.update(urls)
    return tuple(sorted(found))


# ---------------------------------------------------------------------------------------------
# Rendering: Markdown tables and charts for the park-utilization report
# ---------------------------------------------------------------------------------------------

#: Plain-language names of the indicators this report covers (the registry's labels of its
#: set ``park_utilization``).
LABELS: dict[str, str] = {
    name: dictionary.label(name) for name in dictionary.indicator_set("park_utilization")
}

#: The source line of every chart: the pages are listed in the tables beside the charts.
SOURCE_LINE = (
    "Official statements in Iranian news media, from the smeanalysis fact base "
    "(source pages listed in the tables)"
)


#: Table headers: the figures as said, and the interval they allow (see the module doc).
STATED_HEADER = "As stated (hedge words kept)"
RANGE_HEADER = "Range allowed (hedge words and rounding included)"


def _label(indicator: object) -> str:
    name = str(indicator)
    return dictionary.label(name) if name in dictionary.INDICATORS else name


def _ranges(
    low: pd.Series, high: pd.Series, unit: str | None = None, decimals: int | None = None
) -> list[str]:
    return [amount_range(lo, hi, unit, decimals=decimals) for lo, hi in zip(low, high, strict=True)]


def stock_markdown(table: pd.DataFrame, subject: str, place: str) -> str:
    """Render :func:`stock_table` output as a Markdown table with sources.

    Example:
        >>> stock_markdown(pd.DataFrame(), "parks", "Ilam")
        'No statements about parks for Ilam are in the fact base.'
    """
    if table.empty:
        return missing_sentence(subject, place)
    shown = table.assign(
        what=table["indicator"].map(_label),
        when=table["as_of"].fillna("date not stated"),
        figure=_ranges(table["low"], table["high"]),
    )
    return markdown_table(
        shown,
        {
            "when": "As of",
            "what": "Indicator",
            "stated": STATED_HEADER,
            "figure": RANGE_HEADER,
            "n_statements": "Statements",
            "period_labels": "Period as stated",
            "sources": "Sources",
        },
        links=["sources"],
    )


def active_share_markdown(shares: pd.DataFrame, place: str) -> str:
    """Render :func:`active_share` output: stated and computed shares side by side.

    Example:
        >>> active_share_markdown(pd.DataFrame(), "Qom")
        'No statements about the share of active units in parks for Qom are in the fact base.'
    """
    if shares.empty:
        return missing_sentence("the share of active units in parks", place)
    shown = shares.assign(
        when=shares["as_of"].fillna("date not stated"),
        stated_range=_ranges(shares["stated_low"], shares["stated_high"], "percent"),
        # Computed shares to one decimal: their precision is the counts', not the official's.
        computed=[
            text if text != MISSING else "not computable"
            for text in _ranges(shares["computed_low"], shares["computed_high"], "percent", 1)
        ],
        counts=[
            # None, not "": markdown_table shows a dash and says what it means.
            f"{a} of {t}" if pd.notna(a) and pd.notna(t) else None
            for a, t in zip(shares["active_stated"], shares["total_stated"], strict=True)
        ],
    )
    return markdown_table(
        shown,
        {
            "when": "As of",
            "stated": "Active share, as stated",
            "stated_range": RANGE_HEADER,
            "computed": "Active / total, computed from the ranges",
            "counts": "Active of total units, as stated",
            "sources": "Sources",
        },
        links=["sources"],
    )


def target_markdown(table: pd.DataFrame, place: str) -> str:
    """Render :func:`against_target` output, ranges where statements disagree.

    Example:
        >>> target_markdown(pd.DataFrame(), "Ilam")
        'No statements about full-year idle units revived for Ilam are in the fact base.'
    """
    if table.empty:
        return missing_sentence("full-year idle units revived", place)
    shown = table.assign(
        revived=[
            f"{said} ({span})" if pd.notna(said) else "not stated"
            for said, span in zip(
                table["outcome_stated"],
                _ranges(table["outcome_low"], table["outcome_high"]),
                strict=True,
            )
        ],
        target=[
            f"{said} ({span})" if pd.notna(said) else "not stated"
            for said, span in zip(
                table["target_stated"],
                _ranges(table["target_low"], table["target_high"]),
                strict=True,
            )
        ],
    )
    return markdown_table(
        shown,
        {
            "jalali_year": "Iranian year",
            "revived": "Revived, as stated (range allowed)",
            "outcome_n_statements": "Statements",
            "target": "Target, as stated (range allowed)",
            "verdict": "Target met?",
            "sources": "Sources",
        },
        links=["sources"],
    )


def flows_markdown(table: pd.DataFrame, subject: str, place: str) -> str:
    """Render :func:`flow_table` output, whole years and partial periods alike.

    Example:
        >>> flows_markdown(pd.DataFrame(), "new units", "Ilam")
        'No statements about new units for Ilam are in the fact base.'
    """
    if table.empty:
        return missing_sentence(subject, place)
    shown = table.assign(
        what=table["indicator"].map(_label),
        span=[
            "whole year" if full else "part of a year / other span"
            for full in table["is_full_year"]
        ],
        figure=_ranges(table["low"], table["high"]),
    )
    return markdown_table(
        shown,
        {
            "period_labels": "Period as stated",
            "span": "Span",
            "what": "Indicator",
            "stated": STATED_HEADER,
            "figure": RANGE_HEADER,
            "n_statements": "Statements",
            "sources": "Sources",
        },
        links=["sources"],
    )


def employment_markdown(table: pd.DataFrame, place: str) -> str:
    """Render :func:`employment_per_unit` output with both bases named.

    Example:
        >>> employment_markdown(pd.DataFrame(), "Ilam")
        'No statements about employment and units in parks of the same month for Ilam are in the fact base.'
    """  # noqa: E501
    if table.empty:
        return missing_sentence("employment and units in parks of the same month", place)
    shown = table.assign(
        jobs=[
            f"{said} ({span})"
            for said, span in zip(
                table["employment_stated"],
                _ranges(table["employment_low"], table["employment_high"]),
                strict=True,
            )
        ],
        basis=table["unit_basis"].map(_label),
        units=[
            f"{said} ({span})"
            for said, span in zip(
                table["units_stated"], _ranges(table["units_low"], table["units_high"]), strict=True
            )
        ],
        ratio=_ranges(table["per_unit_low"], table["per_unit_high"], decimals=1),
    )
    return markdown_table(
        shown,
        {
            "as_of": "As of",
            "jobs": "Employment in parks, as stated (range allowed)",
            "employment_labels": "Employment basis as stated",
            "units": "Units, as stated (range allowed)",
            "basis": "Unit basis",
            "ratio": "Jobs per unit",
            "sources": "Sources",
        },
        links=["sources"],
    )


def province_map_markdown(table: pd.DataFrame, indicator: str) -> str:
    """Render :func:`latest_by_province` output: what the map shows, with periods and sources.

    Example:
        >>> province_map_markdown(pd.DataFrame(), "idle_units_revived")
        'No statements about idle units revived for any province are in the fact base.'
    """
    if table.empty:
        return missing_sentence(_label(indicator).lower(), "any province")
    shown = table.assign(figure=_ranges(table["low"], table["high"]))
    return markdown_table(
        shown,
        {
            "geography": "Province",
            "period_labels": "Latest period as stated",
            "stated": STATED_HEADER,
            "figure": RANGE_HEADER,
            "n_statements": "Statements",
            "n_other": "Other periods or undated claims",
            "sources": "Sources",
        },
        links=["sources"],
    )


def _finish(ax: Any, *, title: str, units: str, source: str, data: pd.DataFrame) -> None:
    charts.finish(ax, title=title, units=units, source=source, data=data)


def _chart_rows(table: pd.DataFrame, columns: dict[str, str]) -> pd.DataFrame:
    """The rows a chart draws, in readable columns (indicators by their registry label)."""
    shown = table[list(columns)].rename(columns=columns)
    if "Indicator" in shown:
        shown["Indicator"] = [_label(name) for name in shown["Indicator"]]
    return shown.reset_index(drop=True)


def plot_stocks(table: pd.DataFrame, place: str, *, title: str, ax: Any = None) -> Any:
    """Draw dated stock ranges over time, one line per indicator (vertical bar = range).

    Returns:
        The matplotlib figure, or ``None`` when no dated statement exists (nothing to draw).
    """
    import matplotlib.pyplot as plt

    dated = table.loc[table["as_of"].notna()]
    if dated.empty:
        return None
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 4.2))
    for indicator, group in dated.groupby("indicator", sort=False):
        when = pd.to_datetime(group["as_of"] + "-01")
        line = ax.plot(when, group["central"], marker="o", label=_label(indicator))[0]
        ax.vlines(when, group["low"], group["high"], color=line.get_color(), linewidth=3)
    charts.legend_outside(ax)
    ax.yaxis.set_major_formatter(lambda value, _position: number(value))
    data = _chart_rows(
        dated,
        {
            "indicator": "Indicator",
            "as_of": "As of",
            "central": "Count",
            "low": "Low",
            "high": "High",
        },
    )
    _finish(ax, title=f"{title}, {place}", units="count", source=SOURCE_LINE, data=data)
    return ax.figure


def plot_active_share(shares: pd.DataFrame, place: str, *, ax: Any = None) -> Any:
    """Draw the stated and the computed share of active units, by month, as ranges.

    Returns:
        The figure, or ``None`` when no dated share exists.
    """
    import matplotlib.pyplot as plt

    dated = shares.loc[shares["as_of"].notna()]
    if dated.empty:
        return None
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 4.2))
    when = pd.to_datetime(dated["as_of"] + "-01")
    for prefix, name, marker in (("stated", "as stated", "o"), ("computed", "active / total", "s")):
        low, high = dated[f"{prefix}_low"], dated[f"{prefix}_high"]
        known = low.notna()
        if known.any():
            ax.errorbar(
                when[known],
                (low[known] + high[known]) / 2,
                yerr=(high[known] - low[known]) / 2,
                fmt=marker,
                capsize=4,
                label=name,
            )
    ax.set_ylim(0, 100)
    charts.legend_outside(ax)
    data = dated[["as_of", "stated_low", "stated_high", "computed_low", "computed_high"]].rename(
        columns={
            "as_of": "As of",
            "stated_low": "Stated share, low %",
            "stated_high": "Stated share, high %",
            "computed_low": "Active / total, low %",
            "computed_high": "Active / total, high %",
        }
    )
    _finish(
        ax,
        title=f"Share of units in parks that are active, {place}",
        units="percent",
        source=SOURCE_LINE,
        data=data.reset_index(drop=True),
    )
    return ax.figure


def plot_against_target(table: pd.DataFrame, place: str, *, ax: Any = None) -> Any:
    """Draw full-year idle units revived (range bars) against the year's target (range).

    Returns:
        The figure, or ``None`` when no full-year statement exists.
    """
    import matplotlib.pyplot as plt

    if table.empty:
        return None
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 4.2))
    years = table["jalali_year"].astype("int64").to_numpy()
    for prefix, name, shift, marker in (
        ("outcome", "revived", -0.12, "o"),
        ("target", "target", 0.12, "D"),
    ):
        low, high = table[f"{prefix}_low"], table[f"{prefix}_high"]
        known = low.notna().to_numpy()
        if known.any():
            ax.errorbar(
                years[known] + shift,
                ((low + high) / 2)[known],
                yerr=((high - low) / 2)[known],
                fmt=marker,
                capsize=4,
                label=name,
            )
    ax.set_xticks(years)
    ax.set_xlabel("Iranian year")
    ax.yaxis.set_major_formatter(lambda value, _position: number(value))
    charts.legend_outside(ax)
    data = table[["jalali_year", "outcome_low", "outcome_high", "target_low", "target_high"]]
    _finish(
        ax,
        title=f"Idle units revived against target, whole years, {place}",
        units="units per year (bar = range over statements)",
        source=SOURCE_LINE,
        data=data.rename(
            columns={
                "jalali_year": "Iranian year",
                "outcome_low": "Revived, low",
                "outcome_high": "Revived, high",
                "target_low": "Target, low",
                "target_high": "Target, high",
            }
        ).reset_index(drop=True),
    )
    return ax.figure


def plot_province_map(table: pd.DataFrame, indicator: str, *, highlight: str | None = None) -> Any:
    """Draw the tile-grid map of the provinces, coloured by their latest statement.

    Args:
        table: Output of :func:`latest_by_province`.
        indicator: The indicator mapped (for the title).
        highlight: A province code to outline, or ``None``.

    Returns:
        The figure; provinces without a statement are grey.
    """
    values = dict(zip(table["province_code"], table["central"], strict=True))
    fig, ax = tilemap.tile_map(
        values,
        title=f"{_label(indicator)}: latest statement per province",
        units="count (median of the latest statements; periods differ, see table)",
        source=SOURCE_LINE,
    )
    if highlight is not None:
        outline_tile(ax, highlight)
    return fig


def outline_tile(ax: Any, province_code: str) -> None:
    """Draw a thick outline around one province's tile on a tile-grid map."""
    from matplotlib.patches import Rectangle

    column, row = tilemap.TILES[province_code]
    n_rows = max(r for _, r in tilemap.TILES.values()) + 1
    ax.add_patch(
        Rectangle(
            (column, n_rows - 1 - row), 1, 1, fill=False, edgecolor="#d62728", linewidth=3, zorder=5
        )
    )


def within_years(table: pd.DataFrame, first_year: int, last_year: int) -> pd.DataFrame:
    """Keep the rows of a stock or flow table that fall in a window of Iranian years.

    A flow row is placed by its ``jalali_year``, a stock row by the Iranian year of the first
    day of its ``as_of`` month. Rows that cannot be placed (undated) are kept: the report shows
    them as undated rather than hiding them.

    Example:
        >>> stocks = pd.DataFrame({"as_of": pd.array(["2014-01", "2019-08", None], "string")})
        >>> within_years(stocks, 1395, 1404)["as_of"].tolist()
        ['2019-08', <NA>]
    """
    if "jalali_year" in table.columns:
        year = pd.array(table["jalali_year"], dtype="Int64")
    else:
        month = pd.to_datetime(table["as_of"] + "-01", format="%Y-%m-%d", errors="coerce")
        year = pd.array(to_jalali(month)["year"], dtype="Int64")
    keep = pd.Series(year, index=table.index).between(first_year, last_year).fillna(True)
    return table.loc[keep.astype(bool)]


def scope_summary(here: pd.DataFrame, place: str) -> str:
    """Say in one sentence what the fact base holds about the report's scope.

    Example:
        >>> scope_summary(pd.DataFrame({"indicator": [], "source_url": []}), "Ilam")
        'No statements about Ilam are in the fact base.'
    """
    if here.empty:
        return f"No statements about {escape_text(place)} are in the fact base."
    on_parks = here["indicator"].isin(list(LABELS)).sum()
    return (
        f"The fact base holds **{number(len(here))}** statements about {escape_text(place)} "
        f"from **{number(here['source_url'].nunique())}** source pages; **{number(on_parks)}** "
        "of them are on the "
        "parks, units, revivals, new units and employment this report covers."
    )


def findings_markdown(
    place: str,
    units: pd.DataFrame,
    shares: pd.DataFrame,
    targets: pd.DataFrame,
    new_units: pd.DataFrame,
) -> str:
    """Write the report's findings as Markdown bullet points, every number from the tables.

    Args:
        place: ``"Iran"`` or the province's name.
        units: :func:`stock_table` of :data:`UNIT_COUNTS`.
        shares: :func:`active_share` output.
        targets: :func:`against_target` output.
        new_units: :func:`flow_table` of new units and their jobs.

    Example:
        >>> empty = pd.DataFrame()
        >>> print(findings_markdown("Ilam", empty, empty, empty, empty))
        - No statements about units in parks for Ilam are in the fact base.
        - No statements about the share of active units in parks for Ilam are in the fact base.
        - No statements about full-year idle units revived for Ilam are in the fact base.
        - No statements about new units put into operation for Ilam are in the fact base.
    """
    lines = []
    dated = units.loc[units["as_of"].notna()] if not units.empty else units
    if dated.empty:
        lines.append(missing_sentence("units in parks", place))
    else:
        latest = dated.loc[dated["as_of"] == dated["as_of"].max()]
        parts = [
            f"{_label(r.indicator).lower()} {r.stated}" for r in latest.itertuples(index=False)
        ]
        lines.append(
            f"Latest stock figures (as of {escape_text(month_text(latest['as_of'].iloc[0]))}): "
            f"{escape_text('; '.join(parts))}."
        )
    if shares.empty:
        lines.append(missing_sentence("the share of active units in parks", place))
    else:
        both = shares.loc[shares["stated_low"].notna() & shares["computed_low"].notna()]
        for r in both.itertuples(index=False):
            computed = amount_range(r.computed_low, r.computed_high, "percent", decimals=1)
            lines.append(
                f"As of {escape_text(month_text(r.as_of))} the stated active share was "
                f"{escape_text(r.stated)}; active over total units of the same month "
                f"({escape_text(r.active_stated)} of {escape_text(r.total_stated)}) gives "
                f"{escape_text(computed)}."
            )
        if both.empty:
            lines.append(
                "No month has both a stated active share and counts of active and total units, "
                "so the two cannot be compared."
            )
    if targets.empty:
        lines.append(missing_sentence("full-year idle units revived", place))
    else:
        for verdict in ("met", "missed", "unclear"):
            years = targets.loc[targets["verdict"] == verdict, "jalali_year"].tolist()
            if years:
                lines.append(
                    f"Target for idle units revived **{verdict}**"
                    f"{' (ranges overlap)' if verdict == 'unclear' else ''} in: "
                    f"{', '.join(str(y) for y in years)}."
                )
        known = targets.loc[targets["outcome_low"].notna()]
        if not known.empty:
            last = known.iloc[-1]
            lines.append(
                "Latest whole year with revivals stated: "
                f"{escape_text(period_text(str(last['jalali_year']), gregorian=True))}, "
                f"{escape_text(last['outcome_stated'])} units."
            )
    full = new_units.loc[new_units["is_full_year"]] if not new_units.empty else new_units
    if new_units.empty:
        lines.append(missing_sentence("new units put into operation", place))
    elif full.empty:
        lines.append("New units are stated only for parts of years (see the table).")
    else:
        units_rows = full.loc[full["indicator"] == _NEW_UNITS_OPERATING]
        if not units_rows.empty:
            last = units_rows.iloc[-1]
            lines.append(
                "Latest whole year with new units stated: "
                f"{escape_text(period_text(str(last['jalali_year']), gregorian=True))}, "
                f"{escape_text(last['stated'])} units put into operation."
            )
    return "\n".join(f"- {line}" for line in lines)


def _links(sources: object, at_most: int = 3) -> str:
    """Source links of a table row's pages (one per publisher, at most ``at_most``)."""
    pages: dict[str, str] = {}
    for url in sources if isinstance(sources, (tuple, list)) else (sources,):
        if isinstance(url, str) and url:
            pages.setdefault(kit.publisher(url), url)
    return kit.source_links(list(pages.values())[:at_most])


def _latest_stock(table: pd.DataFrame, indicator: str) -> pd.Series | None:
    rows = table.loc[table["indicator"] == indicator] if not table.empty else table
    if rows.empty:
        return None
    dated = rows.loc[rows["as_of"].notna()]
    return (dated.sort_values("as_of", kind="stable") if not dated.empty else rows).iloc[-1]


def key_findings(
    facts: pd.DataFrame, province_code: str | None, place: str, first_year: int, last_year: int
) -> list[str]:
    """Up to six sentences on parks and units in a place, each figure with its sources.

    The latest counts of parks in operation and of units in parks, the latest stated share
    of active units, the latest year's idle units revived (against its target when one was
    set) and new units put into operation: the figures of :func:`stock_table`,
    :func:`active_share`, :func:`against_target` and :func:`flow_table`.

    Example:
        >>> key_findings(pd.DataFrame(columns=["indicator", "geography", "province_code",
        ...     "source_url"]), "IR-16", "Ilam", 1392, 1404)
        ['No statements about parks and units for Ilam are in the fact base.']
    """
    here = scope(facts, province_code)
    if here.empty or not here["indicator"].isin(list(LABELS)).any():
        return [missing_sentence("parks and units", place)]
    found = []
    name = kit.escape_text(place)
    parks = within_years(stock_table(here, PARK_COUNTS), first_year, last_year)
    units = within_years(stock_table(here, UNIT_COUNTS), first_year, last_year)
    for table, indicator in (
        (parks, "industrial_parks_operational"),
        (units, "units_in_parks_total"),
        (units, "production_units_active"),
    ):
        row = _latest_stock(table, indicator)
        if row is not None:
            found.append(
                f"The latest count of {kit.escape_text(_label(indicator).lower())} in {name} is "
                f"{kit.escape_text(row['stated'])}, {kit.escape_text(row['period_labels'])} "
                f"({_links(row['sources'])})."
            )
    shares = within_years(active_share(here), first_year, last_year)
    stated = shares.loc[shares["stated"].notna()] if not shares.empty else shares
    if not stated.empty:
        row = stated.iloc[-1]
        when = month_text(row["as_of"]) if not kit.is_missing(row["as_of"]) else "date not stated"
        found.append(
            f"The stated share of active units in parks in {name} was "
            f"{kit.escape_text(row['stated'])} ({kit.escape_text(when)}; {_links(row['sources'])})."
        )
    targets = against_target(here, first_year, last_year)
    known = targets.loc[targets["outcome_low"].notna()] if not targets.empty else targets
    if not known.empty:
        row = known.iloc[-1]
        if isinstance(row["target_stated"], str):
            found.append(
                f"In {row['jalali_year']}, {kit.escape_text(row['outcome_stated'])} idle units "
                f"were revived in {name} against a target of "
                f"{kit.escape_text(row['target_stated'])}: target {row['verdict']} "
                f"({_links(row['sources'])})."
            )
        else:
            found.append(
                f"In {row['jalali_year']}, {kit.escape_text(row['outcome_stated'])} idle units "
                f"were revived in {name} ({_links(row['sources'])})."
            )
    new_units = within_years(flow_table(here, NEW_UNITS), first_year, last_year)
    opened = new_units.loc[new_units["indicator"] == "new_units_operational"]
    if not opened.empty and len(found) < 6:
        row = opened.iloc[-1]
        found.append(
            f"New units put into operation in {name}: {kit.escape_text(row['stated'])} in "
            f"{kit.escape_text(str(row['period_labels']).split(';')[0])} "
            f"({_links(row['sources'])})."
        )
    return found[:6]

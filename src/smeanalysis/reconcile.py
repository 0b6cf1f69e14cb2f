"""Read official statements critically: findings beside the facts, and consolidated series.

:func:`check` compares the statements of a fact table (``facts.load_facts()`` or any frame
with the columns of docs/DEVELOPING.md) and returns one row per finding: two figures for the
same thing that cannot both be right, a year-to-date total that falls, a stated growth rate
the stated values do not support, and so on. :func:`consolidate` returns one row per
indicator, geography and period with a central value, the range the statements allow and the
finding kinds touching it. Neither changes the facts.

Each statement is an interval, not a point: its stated precision and its hedge word ("more
than", "nearly", ...) widen it (see :mod:`smeanalysis.qualifiers`). Two statements disagree
when their intervals do not overlap.

**Periods.** A statement with a first and a last day is a *flow*; two flows cover the same
period when both ends are within ``Tolerances.period_slack_days``. A statement without a first
day is a *stock*, dated by its as-of date: ``period_end`` when known, else the month in an
"as of YYYY-MM" label (Jalali when the year is below 1700, mid-month), else the Jalali year in
an "end of YYYY" label, else the publication date. Two stocks describe the same level when
their as-of dates are within ``Tolerances.stock_window_days``. A flow with a first day only
("year-to-date" with no end) and a statement with no date at all are not compared: the
findings cannot place them in time.

**Independent sources.** The same figure repeated by many outlets is one source: statements
count as one when they have the same speaker (compared by :func:`speaker_key`, which forgives
transliteration: Mosaheb and Masaheb are one person) and agreeing values for the same period
(their intervals overlap: "2,103" and "more than 2,100" are one release, rounded two ways).
Statements with no speaker and the same value count as one unattributed source.

**Scopes.** When the facts have a ``scope`` column (which units a statement covers: units in
parks, all SMEs, all industry, not stated; ``registry/scopes.csv``), two figures of different
scopes are never a conflict: they answer different questions. Where they differ beyond their
intervals the finding is ``scope_difference`` (severity ``info``); every other check that
compares statements of different scopes (a growth, a share, a decrease, a copied figure, an
outlier among figures of several scopes) says so at the end of its explanation ("Scopes
differ (parks, unstated): ..."). A claim (see below) never mixes scopes.

**Finding columns** (:data:`FINDING_COLUMNS`): ``kind``, ``severity`` (``high``/``medium``/
``low`` from the relative gap between the intervals; ``info`` for consistent checks and
different scopes),
``indicator``, ``geography``, ``period`` (readable label), ``jalali_year`` (Int64),
``fact_ids``, ``values``, ``units``, ``qualifiers``, ``speakers`` (tuples aligned position by
position: one entry per statement involved), ``sources`` (tuple of the distinct URLs, in
statement order) and ``explanation``. Tuples keep one finding per row while staying exact;
``findings.explode(["fact_ids", "values", "units", "qualifiers", "speakers"])`` gives one row
per statement.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import combinations
from urllib.parse import urlsplit

import numpy as np
import pandas as pd

from smeanalysis import dictionary
from smeanalysis.calendar import to_gregorian, to_jalali
from smeanalysis.errors import ParameterError, Problem, SmeAnalysisError
from smeanalysis.provinces import NATIONAL
from smeanalysis.qualifiers import (
    Tolerances,
    intervals_overlap,
    normalize_qualifier,
    significant_digits,
    stated_precision,
    statement_interval,
    unknown_qualifiers,
)
from smeanalysis.units import format_amount

__all__ = [
    "COMPARABLE_FAMILIES",
    "CONSOLIDATED_COLUMNS",
    "CONSOLIDATION_RULES",
    "CUMULATIVE_INDICATORS",
    "DEFAULT_RULE",
    "FINDING_COLUMNS",
    "FINDING_KINDS",
    "GROWTH_BASES",
    "INDICATOR_GROUPS",
    "ORDERED_PAIRS",
    "REQUIRED_COLUMNS",
    "SEVERITY_ORDER",
    "SHARE_CHECKS",
    "Tolerances",
    "by_severity",
    "check",
    "consolidate",
    "coverage",
    "rule_description",
    "select_group",
    "speaker_key",
    "stated_precision",
    "statement_interval",
    "unit_scale",
    "whole_years",
]

#: Columns check() and consolidate() read; the other fact-table columns are optional.
REQUIRED_COLUMNS = (
    "fact_id",
    "published",
    "period_label",
    "period_start",
    "period_end",
    "jalali_year",
    "geography",
    "indicator",
    "value",
    "unit",
    "qualifier",
    "speaker",
    "source_url",
)

# The indicator relations the checks use, derived from the registry (dictionary.INDICATORS;
# src/smeanalysis/registry/indicators.csv): a new relation is a cell there, not a line here.

#: Indicators that count things ever done or formed, to date: they cannot fall over time
#: (the registry's ``cumulative`` column).
CUMULATIVE_INDICATORS: frozenset[str] = dictionary.cumulative_indicators()

#: Indicators measuring the same thing in another currency or under a near-identical name
#: (the registry's ``family``); compared for magnitude outliers and currency mix-ups. Any
#: other indicator is its own family.
COMPARABLE_FAMILIES: dict[str, str] = dictionary.comparable_families()

#: Stated year-on-year growth -> the indicator whose values it should agree with (``growth_of``).
GROWTH_BASES: dict[str, str] = dictionary.growth_bases()

#: Stated percentage -> (numerator, denominator) stated on the same page for the same date
#: (``share_of``).
SHARE_CHECKS: dict[str, tuple[str, str]] = dictionary.share_checks()

#: (smaller, larger, why): the first can never exceed the second for the same place and time
#: (``at_most`` and ``at_most_reason``).
ORDERED_PAIRS: tuple[tuple[str, str, str], ...] = dictionary.ordered_pairs()

#: Finding kinds, in the order findings are sorted.
FINDING_KINDS = (
    "conflict",
    "share_mismatch",
    "growth_mismatch",
    "ytd_decrease",
    "stock_decrease",
    "order_violation",
    "currency_mismatch",
    "magnitude_outlier",
    "same_figure_other_period",
    "scope_difference",
    "share_consistent",
    "growth_consistent",
)

FINDING_COLUMNS = (
    "kind",
    "severity",
    "indicator",
    "geography",
    "period",
    "jalali_year",
    "fact_ids",
    "values",
    "units",
    "qualifiers",
    "speakers",
    "sources",
    "explanation",
)

CONSOLIDATED_COLUMNS = (
    "indicator",
    "geography",
    "scope",
    "unit",
    "period_type",
    "period",
    "period_start",
    "period_end",
    "as_of",
    "jalali_year",
    "jalali_month_first",
    "jalali_month_last",
    "value",
    "rule",
    "low",
    "high",
    "n_statements",
    "n_sources",
    "fact_ids",
    "sources",
    "flags",
)

#: Indicator groups for reports, in order: the registry's groups (``registry/groups.csv``).
INDICATOR_GROUPS = dictionary.INDICATOR_GROUPS


class _Book(dict):
    """Claim id -> its statements (sorted by fact_id); ``heads`` holds each first row."""

    heads: dict[int, dict]  # id(claim frame) -> first statement


_ADDITIVE_UNITS = frozenset({"usd", "eur", "rial", "tonne"})
_DAYS_PER_MONTH = 365.2422 / 12
#: Severities from the most to the least serious: every list of findings is in this order.
SEVERITY_ORDER: tuple[str, ...] = ("high", "medium", "low", "info")
_SEVERITY_RANK = {severity: rank for rank, severity in enumerate(SEVERITY_ORDER)}


# --------------------------------------------------------------------------------------------
# Public helpers


def by_severity(findings: pd.DataFrame, column: str = "severity") -> pd.DataFrame:
    """Findings (or counts of them) ordered high, medium, low, info; stable within a severity.

    The one place the order of severities is kept (:data:`SEVERITY_ORDER`); an unknown
    severity goes last. The input is not modified.

    Example:
        >>> frame = pd.DataFrame({"severity": ["low", "high", "medium", "high"], "n": [1, 2, 3, 4]})
        >>> by_severity(frame)["n"].tolist()
        [2, 4, 3, 1]
    """
    rank = findings[column].astype(object).map(_SEVERITY_RANK).fillna(len(SEVERITY_ORDER))
    order = rank.reset_index(drop=True).sort_values(kind="stable").index
    return findings.iloc[order].reset_index(drop=True)


def speaker_key(speaker: object) -> str:
    """A transliteration-tolerant key for a speaker: the surname's consonants.

    Parenthesised titles are dropped, hyphens joined, "gh" read as "q" and vowels removed, so
    "Ali-Asghar Mosaheb", "Asghar Masaheb" and "Mohsen Salehinia (ISIPO head)" give keys that
    match the other spellings of the same person. An empty key means no speaker.

    Example:
        >>> speaker_key("Ali-Asghar Mosaheb") == speaker_key("Asghar Masaheb")
        True
        >>> speaker_key("Mehdi Mir-Ashrafi") == speaker_key("Mehdi Mirashrafi")
        True
        >>> speaker_key(None)
        ''
    """
    if speaker is None or not isinstance(speaker, str):
        return ""
    text = re.sub(r"\([^)]*\)", " ", speaker).casefold().replace("-", "")
    words = re.findall(r"\w+", text)
    if not words:
        return ""
    surname = words[-1].replace("gh", "q")
    consonants = re.sub(r"[aeiouy]", "", surname)
    return consonants or surname


def select_group(facts: pd.DataFrame, group: str = "all") -> pd.DataFrame:
    """The statements whose indicator belongs to a group of the registry (:data:`INDICATOR_GROUPS`).

    Args:
        facts: A fact table.
        group: ``"all"`` or a key of :data:`INDICATOR_GROUPS`.

    Returns:
        A new frame with the matching rows, in their original order.

    Raises:
        SmeAnalysisError: An unknown group name.

    Example:
        >>> facts = pd.DataFrame({"indicator": ["non_oil_exports_value", "sme_export_value"]})
        >>> select_group(facts, "non_oil")["indicator"].tolist()
        ['non_oil_exports_value']
    """
    if group == "all":
        return facts.copy()
    if group not in INDICATOR_GROUPS:
        expected = "one of " + ", ".join(["all", *INDICATOR_GROUPS])
        raise SmeAnalysisError([Problem(None, None, "indicator_group", repr(group), expected)])
    mask = facts["indicator"].isin(dictionary.indicators_in(group))
    return facts.loc[mask.to_numpy(dtype=bool)].copy()


def coverage(facts: pd.DataFrame) -> pd.DataFrame:
    """How many statements each indicator has per Iranian year (undated ones in a column).

    With a full fact table, a stock counts in the Iranian year of its as-of date (its
    ``period_end``, the month in an "as of YYYY-MM" label, or else the publication date; see
    the module doc), as :func:`check` places it; with only ``indicator`` and ``jalali_year``,
    the table's own year is used.

    Args:
        facts: A fact table (needs at least ``indicator`` and ``jalali_year``).

    Returns:
        A frame indexed by indicator, one int64 column per Iranian year in ascending order,
        then ``undated`` (statements placed in no Iranian year) and ``total``.

    Example:
        >>> facts = pd.DataFrame(
        ...     {
        ...         "indicator": ["a", "a", "b"],
        ...         "jalali_year": pd.array([1398, None, 1399], dtype="Int64"),
        ...     }
        ... )
        >>> coverage(facts).loc["a"].tolist()
        [1, 0, 1, 2]
    """
    _require(facts, ("indicator", "jalali_year"))
    if all(column in facts.columns for column in REQUIRED_COLUMNS):
        prepared = _prepare(facts, Tolerances())
        frame = pd.DataFrame({"indicator": prepared["indicator"], "year": prepared["year"]})
    else:
        frame = pd.DataFrame(
            {"indicator": facts["indicator"], "year": facts["jalali_year"].astype("Int64")}
        )
    dated = frame.loc[frame["year"].notna().to_numpy()]
    table = pd.crosstab(dated["indicator"], dated["year"].astype("int64"))
    table.columns = [int(year) for year in table.columns]
    indicators = sorted(frame["indicator"].dropna().unique())
    table = table.reindex(indicators, fill_value=0)
    undated = frame.loc[frame["year"].isna().to_numpy()].groupby("indicator").size()
    table["undated"] = undated.reindex(indicators, fill_value=0).astype("int64")
    table["total"] = table.sum(axis=1)
    table.index.name = "indicator"
    return table.astype("int64")


def whole_years(consolidated: pd.DataFrame, geography: str = NATIONAL) -> pd.DataFrame:
    """The rows of :func:`consolidate` that cover whole Iranian years, for one geography.

    Args:
        consolidated: The output of :func:`consolidate`.
        geography: ``provinces.NATIONAL`` (``"Iran"``) or a province name as the fact table
            spells it.

    Returns:
        A new frame (same columns) of flows running from month 1 to month 12, sorted by
        indicator and year.

    Example:
        >>> table = pd.DataFrame(
        ...     {
        ...         "indicator": ["a", "a"],
        ...         "geography": ["Iran", "Iran"],
        ...         "period_type": ["flow", "flow"],
        ...         "jalali_year": pd.array([1398, 1399], dtype="Int64"),
        ...         "jalali_month_first": pd.array([1, 1], dtype="Int64"),
        ...         "jalali_month_last": pd.array([12, 6], dtype="Int64"),
        ...     }
        ... )
        >>> whole_years(table)["jalali_year"].tolist()
        [1398]
    """
    whole = (
        (consolidated["geography"] == geography)
        & (consolidated["period_type"] == "flow")
        & (consolidated["jalali_month_first"] == 1)
        & (consolidated["jalali_month_last"] == 12)
    ).fillna(False)
    rows = consolidated.loc[whole.to_numpy(dtype=bool)]
    return rows.sort_values(["indicator", "jalali_year"], kind="stable").reset_index(drop=True)


_SCALES = {
    "usd": ((1e9, "billion USD"), (1e6, "million USD"), (1.0, "USD")),
    "eur": ((1e9, "billion EUR"), (1e6, "million EUR"), (1.0, "EUR")),
    "rial": ((1e12, "trillion rials"), (1e9, "billion rials"), (1.0, "rials")),
    "tonne": ((1e6, "million tonnes"), (1e3, "thousand tonnes"), (1.0, "tonnes")),
    "person": ((1e6, "million people"), (1e3, "thousand people"), (1.0, "people")),
    "count": ((1e3, "thousand"), (1.0, "count")),
    "hectare": ((1e3, "thousand hectares"), (1.0, "hectares")),
    "percent": ((1.0, "percent"),),
}


def unit_scale(unit: str, largest: float) -> tuple[float, str]:
    """A divisor and an axis label that show values of a unit in readable numbers.

    Example:
        >>> unit_scale("usd", 4.5e9)
        (1000000000.0, 'billion USD')
        >>> unit_scale("count", 811)
        (1.0, 'count')
        >>> unit_scale("furlong", 3)
        (1.0, 'furlong')
    """
    for factor, label in _SCALES.get(str(unit), ((1.0, str(unit)),)):
        if abs(largest) >= factor or factor == 1.0:
            return factor, label
    return 1.0, str(unit)  # pragma: no cover - every scale list ends with 1.0


# --------------------------------------------------------------------------------------------
# Preparing statements


def _require(facts: pd.DataFrame, columns: Sequence[str]) -> None:
    if not isinstance(facts, pd.DataFrame):
        raise SmeAnalysisError(
            [Problem(None, None, None, type(facts).__name__, "a pandas DataFrame of facts")]
        )
    missing = [column for column in columns if column not in facts.columns]
    if missing:
        raise SmeAnalysisError(
            [
                Problem(
                    None,
                    None,
                    column,
                    "no such column",
                    "the fact table's columns (docs/DEVELOPING.md, 'The fact table')",
                )
                for column in missing
            ]
        )


_AS_OF_MONTH = re.compile(r"as of ([0-9]{4})-([0-9]{1,2})")
_END_OF_YEAR = re.compile(r"end of ([0-9]{4})\b")


def label_as_of(label: object) -> pd.Timestamp:
    """Return the as-of date written in a stock's period label, or NaT.

    The fact base dates stocks that have no period dates by a label: ``"as of 2019-08"``
    (a Gregorian month) or ``"as of 1399-10"`` (years below 1700 are Iranian years, so an
    Iranian month). A month is dated at its 15th day, the middle, so that comparisons
    between months are fair either way. ``"end of 1397"`` is the last day of that Iranian
    year. Anything else is NaT.

    Example:
        >>> label_as_of("as of 2019-08").date(), label_as_of("as of 1399-10").date()
        (datetime.date(2019, 8, 15), datetime.date(2021, 1, 4))
        >>> label_as_of("end of 1397").date()
        datetime.date(2019, 3, 20)
        >>> label_as_of("as of 1399-13")
        NaT
    """
    if not isinstance(label, str):
        return pd.NaT
    text = label.casefold()
    month = _AS_OF_MONTH.search(text)
    if month:
        year, number = int(month.group(1)), int(month.group(2))
        if not 1 <= number <= 12:
            return pd.NaT
        if year < 1700:  # a Jalali year-month such as "as of 1398-09"
            return to_gregorian(year, number, 15, errors="coerce").iloc[0]
        return pd.Timestamp(year=year, month=number, day=15)
    end = _END_OF_YEAR.search(text)
    if end and int(end.group(1)) < 1700:
        first_of_next = to_gregorian(int(end.group(1)) + 1, 1, 1, errors="coerce").iloc[0]
        return first_of_next - pd.Timedelta(days=1)
    return pd.NaT


@dataclass(frozen=True)
class _Span:
    """How a statement sits in time."""

    kind: str  # flow, open, stock, undated
    start: pd.Timestamp
    end: pd.Timestamp
    as_of: pd.Timestamp


def _prepare(facts: pd.DataFrame, tol: Tolerances) -> pd.DataFrame:
    """Validated copy with intervals, time placement and keys; never touches ``facts``."""
    _require(facts, REQUIRED_COLUMNS)
    # Positions, not the caller's index labels: a filtered fact table keeps its old labels.
    frame = facts.loc[:, list(REQUIRED_COLUMNS)].reset_index(drop=True)
    for column in ("jalali_month_first", "jalali_month_last"):
        if column in facts.columns:
            frame[column] = facts[column].reset_index(drop=True).astype("Int64")
        else:
            frame[column] = pd.Series(pd.NA, index=frame.index, dtype="Int64")
    problems = []
    numeric = pd.to_numeric(frame["value"], errors="coerce")
    for position in np.flatnonzero(numeric.isna().to_numpy()):
        problems.append(
            Problem(None, int(position), "value", repr(frame["value"].iloc[position]), "a number")
        )
    dates = {}
    for column in ("published", "period_start", "period_end"):
        dates[column] = pd.to_datetime(frame[column], errors="coerce")
        bad = dates[column].isna() & frame[column].notna()
        for position in np.flatnonzero(bad.to_numpy()):
            problems.append(
                Problem(None, int(position), column, repr(frame[column].iloc[position]), "a date")
            )
    if problems:
        raise SmeAnalysisError(problems)
    frame["value"] = numeric.astype("float64")
    for column, parsed in dates.items():
        frame[column] = parsed.astype("datetime64[ns]")
    frame["jalali_year"] = frame["jalali_year"].astype("Int64")
    for column in ("geography", "indicator", "unit", "speaker", "source_url", "period_label"):
        frame[column] = frame[column].astype("string")
    frame["qualifier_norm"] = [normalize_qualifier(q) for q in frame["qualifier"]]
    # Which units a statement covers (parks, all SMEs, ...): without the column, one unknown
    # scope for all. A claim never mixes scopes.
    if "scope" in facts.columns:
        frame["scope"] = facts["scope"].reset_index(drop=True).astype("string")
    else:
        frame["scope"] = pd.Series(pd.NA, index=frame.index, dtype="string")
    spans = [
        _span(start, end, published, label)
        for start, end, published, label in zip(
            frame["period_start"],
            frame["period_end"],
            frame["published"],
            frame["period_label"],
            strict=True,
        )
    ]
    frame["span"] = [span.kind for span in spans]
    frame["as_of"] = pd.Series([span.as_of for span in spans], dtype="datetime64[ns]")
    intervals = [
        statement_interval(value, qualifier, tol)
        for value, qualifier in zip(frame["value"], frame["qualifier_norm"], strict=True)
    ]
    frame["low"] = [interval[0] for interval in intervals]
    frame["high"] = [interval[1] for interval in intervals]
    frame["speaker_key"] = [
        speaker_key(s if isinstance(s, str) else None) for s in frame["speaker"]
    ]
    frame["family"] = [COMPARABLE_FAMILIES.get(i, i) for i in frame["indicator"]]
    # Iranian year for grouping: the table's own, else from the end or as-of date.
    anchor = frame["period_end"].where(frame["period_end"].notna(), frame["as_of"])
    derived = pd.Series(pd.NA, index=frame.index, dtype="Int64")
    has_anchor = anchor.notna() & anchor.between("1899-03-21", "2102-03-20")
    if has_anchor.any():
        derived.loc[has_anchor] = to_jalali(anchor.loc[has_anchor])["year"].astype("Int64")
    frame["year"] = frame["jalali_year"].fillna(derived)
    month = frame["as_of"].dt.to_period("M").astype("string").rename("as_of_month")
    keys = [frame[c] for c in ("indicator", "geography", "scope", "unit", "span")]
    keys += [frame["period_start"], frame["period_end"], month]
    keys += [frame[c] for c in ("value", "low", "high")]
    # Statements that cannot be placed in time stay apart unless one speaker repeats them.
    unplaced = frame["span"].isin(["undated", "open"])
    keys.append(frame["speaker_key"].where(unplaced, "").rename("unplaced_speaker"))
    frame["claim"] = frame.groupby(keys, dropna=False, sort=False).ngroup()
    # Comparable size for outliers: flows of additive units per month, stocks as they are.
    days = (frame["period_end"] - frame["period_start"]).dt.days.add(1)
    per_month = frame["value"] / (days / _DAYS_PER_MONTH).clip(lower=0.5)
    frame["rate"] = frame["value"].where(frame["span"] == "stock", per_month)
    return frame


def _span(start: object, end: object, published: object, label: object) -> _Span:
    if pd.notna(start) and pd.notna(end):
        return _Span("flow", start, end, pd.NaT)
    if pd.notna(start):
        return _Span("open", start, pd.NaT, pd.NaT)
    as_of = end if pd.notna(end) else label_as_of(label)
    if pd.isna(as_of) and pd.notna(published):
        as_of = published
    if pd.isna(as_of):
        return _Span("undated", pd.NaT, pd.NaT, pd.NaT)
    return _Span("stock", pd.NaT, end, pd.Timestamp(as_of))


def _same_time(a: pd.Series, b: pd.Series, tol: Tolerances) -> bool:
    """Whether two prepared statements describe the same period (or the same level)."""
    if a["span"] == "flow" and b["span"] == "flow":
        slack = pd.Timedelta(days=tol.period_slack_days)
        return (
            abs(a["period_start"] - b["period_start"]) <= slack
            and abs(a["period_end"] - b["period_end"]) <= slack
        )
    if a["span"] == "stock" and b["span"] == "stock":
        return abs(a["as_of"] - b["as_of"]) <= pd.Timedelta(days=tol.stock_window_days)
    return False


def _overlapping_time(a: pd.Series, b: pd.Series, tol: Tolerances) -> bool:
    """Same period, or a stock dated inside a flow's period."""
    if _same_time(a, b, tol):
        return True
    pair = {a["span"], b["span"]}
    if pair == {"flow", "stock"}:
        flow, stock = (a, b) if a["span"] == "flow" else (b, a)
        return flow["period_start"] <= stock["as_of"] <= flow["period_end"]
    return False


# --------------------------------------------------------------------------------------------
# Wording


def _percent(value: float, *, signed: bool = False) -> str:
    """A computed percentage to one decimal, in the one number style (``+16.8%``, ``45.0%``)."""
    text = format_amount(value, "percent", decimals=1)
    return f"+{text}" if signed and not text.startswith("-") and text.strip("0.%") else text


def _domain(url: object) -> str:
    if not isinstance(url, str):
        return "no URL"
    host = urlsplit(url).netloc.casefold()
    return host.removeprefix("www.") or url


def _who(statements: pd.DataFrame) -> str:
    """Speakers and outlets of a set of statements, e.g. "Asghar Mosaheb; tehrantimes.com"."""
    speakers = list(dict.fromkeys(s for s in statements["speaker"].dropna()))
    outlets = list(dict.fromkeys(_domain(u) for u in statements["source_url"]))
    dates = list(
        dict.fromkeys(f"{d:%Y-%m-%d}" for d in statements["published"].dropna().sort_values())
    )
    parts = [", ".join(speakers) or "no speaker named", ", ".join(outlets)]
    if dates:
        parts.append("published " + ", ".join(dates))
    return "; ".join(parts)


def _period(statements: pd.DataFrame) -> str:
    """A readable period for one or more statements describing the same time."""
    labels = []
    for _, row in statements.iterrows():
        labels.append(_one_period(row))
    return " / ".join(dict.fromkeys(labels))


def _one_period(row: pd.Series) -> str:
    if row["span"] == "flow":
        dates = f"{row['period_start']:%Y-%m-%d} to {row['period_end']:%Y-%m-%d}"
        first, last, year = row["jalali_month_first"], row["jalali_month_last"], row["year"]
        if pd.notna(first) and pd.notna(last) and pd.notna(year):
            if int(first) == 1 and int(last) == 12:
                return f"{int(year)} ({dates})"
            return f"{int(year)} months {int(first)}-{int(last)} ({dates})"
        return dates
    if row["span"] == "stock":
        return f"as of {row['as_of']:%Y-%m}"
    return str(row["period_label"])


def _severity(a: tuple[float, float], b: tuple[float, float], tol: Tolerances) -> str:
    gap = max(b[0] - a[1], a[0] - b[1], 0.0)
    scale = min(abs(a[0] + a[1]), abs(b[0] + b[1])) / 2 or 1.0
    relative = gap / scale
    if relative >= tol.severity_high:
        return "high"
    if relative >= tol.severity_medium:
        return "medium"
    return "low"


def _differ(a: float, b: float) -> str:
    smaller = min(abs(a), abs(b))
    if smaller == 0:
        return "one of them is zero"
    return f"the two differ by {format_amount(100 * abs(a - b) / smaller, 'percent', decimals=0)}"


def _finding(
    kind: str, severity: str, parts: Iterable[pd.DataFrame], explanation: str, period: str
) -> dict:
    statements = pd.concat(list(parts))
    statements = statements.loc[~statements.index.duplicated()]
    first = statements.iloc[0]
    year = first["year"]
    return {
        "kind": kind,
        "severity": severity,
        "indicator": str(first["indicator"]),
        "geography": str(first["geography"]),
        "period": period,
        "jalali_year": int(year) if pd.notna(year) else pd.NA,
        "fact_ids": tuple(int(i) for i in statements["fact_id"]),
        "values": tuple(float(v) for v in statements["value"]),
        "units": tuple(str(u) for u in statements["unit"]),
        "qualifiers": tuple(q if isinstance(q, str) else "" for q in statements["qualifier_norm"]),
        "speakers": tuple(s if isinstance(s, str) else "" for s in statements["speaker"]),
        "sources": tuple(dict.fromkeys(str(u) for u in statements["source_url"])),
        "explanation": explanation,
    }


# --------------------------------------------------------------------------------------------
# Claims: the distinct things said about one indicator, place and time


def _claims(book: _Book, group: pd.DataFrame) -> list[pd.DataFrame]:
    """The claims among some statements, in order of first appearance (see :func:`_book`)."""
    return [book[claim] for claim in dict.fromkeys(group["claim"])]


def _book(frame: pd.DataFrame) -> _Book:
    """Split statements into claims: same period, value and interval (outlets repeating).

    Hedge words with the same interval ("more than" and "over") make one claim.
    """
    book = _Book()
    book.heads = {}
    ordered = frame.sort_values("fact_id", kind="stable")
    records = ordered.to_dict("index")
    for claim, part in ordered.groupby("claim", sort=False):
        book[int(claim)] = part
        # Keyed by the part's identity: the book keeps every part alive while it is used.
        book.heads[id(part)] = records[part.index[0]]
    return book


def _head(book: _Book, claim: pd.DataFrame) -> dict:
    """The first statement of a claim, as a plain record (fast to read in pair loops)."""
    head = book.heads.get(id(claim))
    if head is None:  # a merged claim (several glosses of one figure): read it once
        head = claim.iloc[:1].to_dict("records")[0]
        book.heads[id(claim)] = head
    return head


def _interval(claim: pd.DataFrame) -> tuple[float, float]:
    return float(claim["low"].iloc[0]), float(claim["high"].iloc[0])


def _drifted(
    book: _Book, a: pd.DataFrame, b: pd.DataFrame, tol: Tolerances
) -> tuple[tuple[float, float], tuple[float, float]]:
    """Intervals of two claims; stocks at different dates widen by the drift they allow."""
    ia, ib = _interval(a), _interval(b)
    ra, rb = _head(book, a), _head(book, b)
    if ra["span"] != "stock" or rb["span"] != "stock":
        return ia, ib
    months = abs((ra["as_of"] - rb["as_of"]).days) / _DAYS_PER_MONTH
    share = tol.stock_drift_per_month * months
    widen = [(i[0] - share * abs(i[0]), i[1] + share * abs(i[1])) for i in (ia, ib)]
    return widen[0], widen[1]


def _groups(frame: pd.DataFrame, spans: Sequence[str], by: Sequence[str]) -> Iterator:
    """(key, statements) per group of placeable statements, in sorted key order."""
    usable = frame.loc[frame["span"].isin(spans)]
    yield from usable.groupby(list(by), sort=True, dropna=False)


def _scopes(*parts: pd.DataFrame | pd.Series) -> list[str]:
    """The distinct scopes of some statements (claims or single rows), in order; NA as unknown."""
    found: list[str] = []
    for part in parts:
        values = [part["scope"]] if isinstance(part, pd.Series) else list(part["scope"])
        found += [str(v) if isinstance(v, str) else "scope unknown" for v in values]
    return list(dict.fromkeys(found))


def _scope_note(*parts: pd.DataFrame | pd.Series) -> str:
    """A note for an explanation when the statements compared cover different units, else ``""``."""
    scopes = _scopes(*parts)
    if len(scopes) < 2:
        return ""
    return (
        f" Scopes differ ({', '.join(scopes)}): the figures may cover different units, so this "
        "compares unlike with like."
    )


def _says(claim: pd.DataFrame) -> str:
    row = claim.iloc[0]
    return f"{format_amount(row['value'], row['unit'], row['qualifier_norm'])} ({_who(claim)})"


# --------------------------------------------------------------------------------------------
# The checks


def _conflicts(frame: pd.DataFrame, book: _Book, tol: Tolerances) -> list[dict]:
    found = []
    for _, group in _groups(frame, ("flow", "stock"), ("indicator", "geography", "unit")):
        claims = _claims(book, group)
        for a, b in combinations(claims, 2):
            ra, rb = _head(book, a), _head(book, b)
            if not _same_time(ra, rb, tol) or ra["value"] == rb["value"]:
                continue
            ia, ib = _drifted(book, a, b, tol)
            if intervals_overlap(ia, ib):
                continue
            low_first = (a, b) if ra["value"] <= rb["value"] else (b, a)
            period = _period(pd.concat(low_first))
            says = (
                f"{ra['indicator']} for {ra['geography']}, {period}: {_says(low_first[0])} "
                f"versus {_says(low_first[1])}; {_differ(ra['value'], rb['value'])}, more than "
                "their qualifiers and stated precision allow"
            )
            scopes = _scopes(*low_first)
            if len(scopes) > 1:
                # Different units (parks, all SMEs, not stated): not two answers to one question.
                explanation = (
                    f"{says}, but they cover different scopes ({' versus '.join(scopes)}): "
                    "different populations, not a conflict; never compare them as if alike."
                )
                found.append(_finding("scope_difference", "info", low_first, explanation, period))
                continue
            explanation = f"{says}."
            found.append(
                _finding("conflict", _severity(ia, ib, tol), low_first, explanation, period)
            )
    return found


def _ytd_decreases(frame: pd.DataFrame, book: _Book, tol: Tolerances) -> list[dict]:
    found = []
    slack = pd.Timedelta(days=tol.period_slack_days)
    flows = frame.loc[frame["unit"] != "percent"]
    for _, group in _groups(flows, ("flow",), ("indicator", "geography", "unit")):
        claims = sorted(
            _claims(book, group), key=lambda c: (c["period_end"].iloc[0], c["value"].iloc[0])
        )
        for a, b in combinations(claims, 2):
            ra, rb = _head(book, a), _head(book, b)
            same_start = abs(ra["period_start"] - rb["period_start"]) <= slack
            if not same_start or rb["period_end"] - ra["period_end"] <= slack:
                continue
            if rb["value"] >= ra["value"] or intervals_overlap(_interval(a), _interval(b)):
                continue
            period = _period(pd.concat([a, b]))
            explanation = (
                f"{ra['indicator']} for {ra['geography']}: {_says(a)} up to "
                f"{ra['period_end']:%Y-%m-%d}, but {_says(b)} up to {rb['period_end']:%Y-%m-%d}; "
                "a total since the same first day cannot fall as the period grows."
                f"{_scope_note(a, b)}"
            )
            severity = _severity(_interval(a), _interval(b), tol)
            found.append(_finding("ytd_decrease", severity, [a, b], explanation, period))
    return found


def _stock_decreases(frame: pd.DataFrame, book: _Book, tol: Tolerances) -> list[dict]:
    found = []
    window = pd.Timedelta(days=tol.stock_window_days)
    stocks = frame.loc[frame["indicator"].isin(CUMULATIVE_INDICATORS)]
    for _, group in _groups(stocks, ("stock",), ("indicator", "geography", "unit")):
        claims = sorted(
            _claims(book, group), key=lambda c: (c["as_of"].iloc[0], c["value"].iloc[0])
        )
        for a, b in combinations(claims, 2):
            ra, rb = _head(book, a), _head(book, b)
            if rb["as_of"] - ra["as_of"] <= window or rb["value"] >= ra["value"]:
                continue
            if intervals_overlap(_interval(a), _interval(b)):
                continue
            period = _period(pd.concat([a, b]))
            explanation = (
                f"{ra['indicator']} for {ra['geography']} counts what exists to date, yet "
                f"{_says(a)} as of {ra['as_of']:%Y-%m} is followed by {_says(b)} as of "
                f"{rb['as_of']:%Y-%m}.{_scope_note(a, b)}"
            )
            severity = _severity(_interval(a), _interval(b), tol)
            found.append(_finding("stock_decrease", severity, [a, b], explanation, period))
    return found


def _share_checks(frame: pd.DataFrame, tol: Tolerances, include_consistent: bool) -> list[dict]:
    found = []
    for share_indicator, (numerator, denominator) in SHARE_CHECKS.items():
        shares = frame.loc[
            (frame["indicator"] == share_indicator) & frame["span"].isin(["flow", "stock"])
        ]
        for _, share in shares.iterrows():
            page = frame.loc[
                (frame["source_url"] == share["source_url"])
                & (frame["geography"] == share["geography"])
            ]
            nums = [r for _, r in page.loc[page["indicator"] == numerator].iterrows()]
            dens = [r for _, r in page.loc[page["indicator"] == denominator].iterrows()]
            for num in nums:
                for den in dens:
                    if not (_same_time(share, num, tol) and _same_time(share, den, tol)):
                        continue
                    if den["low"] <= 0 or num["unit"] != den["unit"]:
                        continue
                    computed = (100 * num["low"] / den["high"], 100 * num["high"] / den["low"])
                    stated = (share["low"], share["high"])
                    ok = intervals_overlap(computed, stated)
                    if ok and not include_consistent:
                        continue
                    ratio = 100 * num["value"] / den["value"]
                    statements = frame.loc[[share.name, num.name, den.name]]
                    verdict = (
                        "consistent: the ratio fits the stated share"
                        if ok
                        else "the ratio does not fit the stated share"
                    )
                    explanation = (
                        f"{_domain(share['source_url'])} states "
                        f"{format_amount(share['value'], 'percent', share['qualifier_norm'])} "
                        f"{share_indicator} for {share['geography']}; its own figures give "
                        f"{format_amount(num['value'], num['unit'], num['qualifier_norm'])} / "
                        f"{format_amount(den['value'], den['unit'], den['qualifier_norm'])} = "
                        f"{_percent(ratio)} (with qualifiers {_percent(computed[0])} to "
                        f"{_percent(computed[1])}; the stated share covers "
                        f"{format_amount(stated[0], 'percent')} to "
                        f"{format_amount(stated[1], 'percent')}): {verdict}."
                        f"{_scope_note(share, num, den)}"
                    )
                    kind = "share_consistent" if ok else "share_mismatch"
                    severity = "info" if ok else _severity(computed, stated, tol)
                    found.append(
                        _finding(kind, severity, [statements], explanation, _one_period(share))
                    )
    return found


def _growth_checks(
    frame: pd.DataFrame, book: _Book, tol: Tolerances, include_consistent: bool
) -> list[dict]:
    found = []
    slack = pd.Timedelta(days=tol.period_slack_days)
    for growth_indicator, base in GROWTH_BASES.items():
        growths = frame.loc[(frame["indicator"] == growth_indicator) & (frame["span"] == "flow")]
        bases = frame.loc[(frame["indicator"] == base) & (frame["span"] == "flow")]
        for growth_claim in _claims(book, growths):
            growth = _head(book, growth_claim)
            here = bases.loc[bases["geography"] == growth["geography"]]
            current = [c for c in _claims(book, here) if _same_time(_head(book, c), growth, tol)]
            start = growth["period_start"] - pd.DateOffset(years=1)
            end = growth["period_end"] - pd.DateOffset(years=1)
            previous = [
                c
                for c in _claims(book, here)
                if abs(_head(book, c)["period_start"] - start) <= slack
                and abs(_head(book, c)["period_end"] - end) <= slack
            ]
            for now in _distinct_values(current):
                for before in _distinct_values(previous):
                    rn, rb = _head(book, now), _head(book, before)
                    if rb["low"] <= 0 or rn["unit"] != rb["unit"]:
                        continue
                    computed = (
                        100 * (rn["low"] / rb["high"] - 1),
                        100 * (rn["high"] / rb["low"] - 1),
                    )
                    stated = _interval(growth_claim)
                    ok = intervals_overlap(computed, stated)
                    if ok and not include_consistent:
                        continue
                    change = 100 * (rn["value"] / rb["value"] - 1)
                    verdict = "consistent" if ok else "the stated growth does not fit"
                    explanation = (
                        f"{growth_indicator} for {growth['geography']}, {_one_period(growth)}: "
                        f"stated {_says(growth_claim)}; the stated values give {_says(now)} "
                        f"against {_says(before)} a year earlier, a change of "
                        f"{_percent(change, signed=True)} (with qualifiers "
                        f"{_percent(computed[0], signed=True)} to "
                        f"{_percent(computed[1], signed=True)}): {verdict}."
                        f"{_scope_note(growth_claim, now, before)}"
                    )
                    kind = "growth_consistent" if ok else "growth_mismatch"
                    severity = "info" if ok else _severity(computed, stated, tol)
                    found.append(
                        _finding(
                            kind,
                            severity,
                            [growth_claim, now, before],
                            explanation,
                            _one_period(growth),
                        )
                    )
    return found


def _distinct_values(claims: list[pd.DataFrame]) -> list[pd.DataFrame]:
    """Merge claims that state the same value and qualifier (different glosses of one period)."""
    merged: dict[tuple, list[pd.DataFrame]] = {}
    for claim in claims:
        row = claim.iloc[0]
        merged.setdefault((row["value"], row["qualifier_norm"]), []).append(claim)
    return [pd.concat(parts).sort_values("fact_id") for parts in merged.values()]


def _order_violations(frame: pd.DataFrame, book: _Book, tol: Tolerances) -> list[dict]:
    found = []
    placed = frame.loc[frame["span"].isin(["flow", "stock"])]
    for smaller, larger, why in ORDERED_PAIRS:
        small_rows = placed.loc[placed["indicator"] == smaller]
        large_rows = placed.loc[placed["indicator"] == larger]
        for small in _claims(book, small_rows) if len(small_rows) else []:
            rs = _head(book, small)
            candidates = large_rows.loc[
                (large_rows["geography"] == rs["geography"]) & (large_rows["unit"] == rs["unit"])
            ]
            for large in _claims(book, candidates) if len(candidates) else []:
                rl = _head(book, large)
                if not _overlapping_time(rs, rl, tol) or rs["value"] <= rl["value"]:
                    continue
                if intervals_overlap(_interval(small), _interval(large)):
                    continue
                period = _period(pd.concat([small, large]))
                explanation = (
                    f"{smaller} for {rs['geography']} ({_one_period(rs)}): {_says(small)} "
                    f"exceeds {larger} ({_one_period(rl)}): {_says(large)}; {why}."
                    f"{_scope_note(small, large)}"
                )
                severity = _severity(_interval(small), _interval(large), tol)
                found.append(
                    _finding("order_violation", severity, [small, large], explanation, period)
                )
    return found


def _currency_mismatches(frame: pd.DataFrame, book: _Book, tol: Tolerances) -> list[dict]:
    found = []
    money = frame.loc[frame["unit"].isin(["usd", "eur"])]
    for _, group in money.groupby(["family", "geography"], sort=True):
        euros = (
            _claims(book, group.loc[group["unit"] == "eur"])
            if (group["unit"] == "eur").any()
            else []
        )
        dollars = (
            _claims(book, group.loc[group["unit"] == "usd"])
            if (group["unit"] == "usd").any()
            else []
        )
        for eur in euros:
            re_ = _head(book, eur)
            for usd in dollars:
                ru = _head(book, usd)
                larger = max(re_["value"], ru["value"])
                smaller = min(re_["value"], ru["value"])
                if smaller <= 0 or larger / smaller > tol.currency_ratio:
                    continue
                same_period = _same_time(re_, ru, tol)
                same_figure = intervals_overlap(_interval(eur), _interval(usd))
                one_undated = "undated" in {re_["span"], ru["span"]} or "open" in {
                    re_["span"],
                    ru["span"],
                }
                same_speaker = bool(re_["speaker_key"]) and set(eur["speaker_key"]) & set(
                    usd["speaker_key"]
                )
                if not (same_period or (one_undated and same_speaker and same_figure)):
                    continue
                period = _period(pd.concat([eur, usd]))
                how = (
                    "the same number with a different currency"
                    if same_figure
                    else f"similar figures (ratio {larger / smaller:.2f})"
                )
                explanation = (
                    f"{re_['indicator']} {_says(eur)} and {ru['indicator']} {_says(usd)} "
                    f"for {period}: {how}; euros and dollars cannot both be the unit of one "
                    "statement, so one outlet likely mislabelled the currency."
                    f"{_scope_note(eur, usd)}"
                )
                severity = "high" if same_figure else "medium"
                found.append(
                    _finding("currency_mismatch", severity, [eur, usd], explanation, period)
                )
    return found


def _outliers(frame: pd.DataFrame, book: _Book, tol: Tolerances) -> list[dict]:
    """Figures an order of magnitude away from the rest (flows compared per month)."""
    found = []
    flows = frame.loc[(frame["span"] == "flow") & frame["unit"].isin(_ADDITIVE_UNITS)]
    stocks = frame.loc[(frame["span"] == "stock") & (frame["unit"] != "percent")]
    for data, what in ((flows, "per month"), (stocks, "level")):
        if data.empty:
            continue
        for _, group in data.groupby(["family", "geography", "year"], sort=True):
            claims = _claims(book, group)
            if len(claims) < 3:
                continue
            rates = [float(c["rate"].iloc[0]) for c in claims]
            for position, claim in enumerate(claims):
                others = [r for i, r in enumerate(rates) if i != position]
                median = float(np.median(others))
                rate = rates[position]
                if median <= 0 or rate <= 0:
                    continue
                factor = max(rate / median, median / rate)
                if factor < tol.outlier_factor:
                    continue
                row = claim.iloc[0]
                direction = "above" if rate > median else "below"
                explanation = (
                    f"{_says(claim)} for {row['geography']}, {_one_period(row)}, is "
                    f"{factor:.0f} times {direction} the median of the {len(others)} other "
                    f"figures for {row['family']} in {int(row['year'])} ({what}); a different "
                    "definition, a unit slip or a typo."
                    f"{_scope_note(*claims)}"
                )
                severity = "high" if factor >= 10 else "medium"
                found.append(
                    _finding("magnitude_outlier", severity, [claim], explanation, _one_period(row))
                )
    return found


def _same_figures(frame: pd.DataFrame, book: _Book, tol: Tolerances) -> list[dict]:
    """The same precise value stated for two different periods (a copied figure)."""
    found = []
    for _, group in _groups(frame, ("flow",), ("indicator", "geography", "unit")):
        claims = _claims(book, group)
        for a, b in combinations(claims, 2):
            ra, rb = _head(book, a), _head(book, b)
            if ra["value"] != rb["value"] or significant_digits(ra["value"]) < 3:
                continue
            if _same_time(ra, rb, tol):
                continue
            first, second = sorted(
                [a, b], key=lambda c: (c["period_end"].iloc[0], c["fact_id"].min())
            )
            period = _period(pd.concat([first, second]))
            explanation = (
                f"{ra['indicator']} for {ra['geography']}: {_says(first)} for "
                f"{_one_period(first.iloc[0])} and {_says(second)} for "
                f"{_one_period(second.iloc[0])}; the same precise figure for two different "
                "periods suggests one of them is misattributed."
                f"{_scope_note(first, second)}"
            )
            found.append(
                _finding("same_figure_other_period", "medium", [first, second], explanation, period)
            )
    return found


# --------------------------------------------------------------------------------------------
# Public entry points


def check(
    facts: pd.DataFrame,
    tolerances: Tolerances | None = None,
    *,
    include_consistent: bool = False,
) -> pd.DataFrame:
    """Compare the statements of a fact table and report what does not add up.

    Args:
        facts: A fact table (``facts.load_facts()``, or an analyst's own file loaded with it).
        tolerances: How wide hedged and rounded figures are read; defaults when ``None``.
        include_consistent: Also return the share and growth checks that passed
            (``share_consistent``, ``growth_consistent``, severity ``info``).

    Returns:
        One row per finding with :data:`FINDING_COLUMNS` (see the module doc), sorted by kind
        (:data:`FINDING_KINDS` order), indicator, geography, year and statements. Kinds:
        ``conflict`` (same indicator, place, scope and period; intervals do not overlap),
        ``scope_difference`` (the same, but of different scopes: severity ``info``),
        ``share_mismatch``, ``growth_mismatch``, ``ytd_decrease``, ``stock_decrease`` (for
        :data:`CUMULATIVE_INDICATORS`), ``order_violation`` (:data:`ORDERED_PAIRS`),
        ``currency_mismatch``, ``magnitude_outlier`` and ``same_figure_other_period``.

    Raises:
        SmeAnalysisError: A required column is missing, or a value or date cannot be read.

    Warns:
        UserWarning: Hedge words the tolerance table does not know (read as
            ``Tolerances.unknown_qualifier``).

    Example:
        >>> facts = pd.DataFrame(
        ...     {
        ...         "fact_id": [1, 2],
        ...         "published": pd.to_datetime(["2019-08-10", "2019-08-13"]),
        ...         "period_label": ["as of 2019-08", "as of 2019-08"],
        ...         "period_start": pd.to_datetime([None, None]),
        ...         "period_end": pd.to_datetime([None, None]),
        ...         "jalali_year": pd.array([1398, 1398], dtype="Int64"),
        ...         "geography": ["Iran", "Iran"],
        ...         "indicator": ["units_in_parks_total"] * 2,
        ...         "value": [43650.0, 43630.0],
        ...         "unit": ["count", "count"],
        ...         "qualifier": [None, None],
        ...         "speaker": ["Mohsen Salehinia"] * 2,
        ...         "source_url": ["https://a.example/1", "https://b.example/2"],
        ...     }
        ... )
        >>> found = check(facts)
        >>> found[["kind", "fact_ids", "values"]].to_dict("records")
        [{'kind': 'conflict', 'fact_ids': (2, 1), 'values': (43630.0, 43650.0)}]
    """
    tol = tolerances or Tolerances()
    frame = _prepare(facts, tol)
    unknown = unknown_qualifiers(frame["qualifier_norm"], tol)
    if unknown:
        warnings.warn(
            f"qualifiers not in the tolerance table, read as {tol.unknown_qualifier}: "
            + ", ".join(repr(q) for q in unknown),
            UserWarning,
            stacklevel=2,
        )
    book = _book(frame)
    rows = [
        *_conflicts(frame, book, tol),
        *_share_checks(frame, tol, include_consistent),
        *_growth_checks(frame, book, tol, include_consistent),
        *_ytd_decreases(frame, book, tol),
        *_stock_decreases(frame, book, tol),
        *_order_violations(frame, book, tol),
        *_currency_mismatches(frame, book, tol),
        *_outliers(frame, book, tol),
        *_same_figures(frame, book, tol),
    ]
    return _findings_frame(rows)


def _findings_frame(rows: list[dict]) -> pd.DataFrame:
    findings = pd.DataFrame(rows, columns=list(FINDING_COLUMNS))
    for column in ("kind", "severity", "indicator", "geography", "period", "explanation"):
        findings[column] = findings[column].astype("string")
    findings["jalali_year"] = findings["jalali_year"].astype("Int64")
    for column in ("fact_ids", "values", "units", "qualifiers", "speakers", "sources"):
        findings[column] = findings[column].astype(object)
    if findings.empty:
        return findings
    order = pd.DataFrame(
        {
            "kind": findings["kind"].map({k: i for i, k in enumerate(FINDING_KINDS)}),
            "indicator": findings["indicator"],
            "geography": findings["geography"],
            "year": findings["jalali_year"].fillna(0),
            "ids": findings["fact_ids"].map(lambda ids: tuple(sorted(ids))),
        }
    )
    ranked = order.sort_values(list(order.columns), kind="stable").index
    return findings.loc[ranked].reset_index(drop=True)


# --------------------------------------------------------------------------------------------
# Consolidation: several statements, one figure


#: The rules :func:`consolidate` knows: name -> the figure it takes, in words. When to use
#: each: ``median`` by default (see :data:`DEFAULT_RULE`); ``most_cited`` to show the figure a
#: reader most likely met in the press (syndication then counts as confirmation);
#: ``latest_published`` when later statements revise earlier ones (a preliminary year-end
#: figure); ``official_first`` when unattributed press figures are suspect (copied, rounded
#: again or mistyped).
CONSOLIDATION_RULES = {
    "median": "the median of the independent sources (an outlet repeating a speaker counts once)",
    "most_cited": "the figure stated most often, every outlet counted (a tie goes to the larger)",
    "latest_published": (
        "the figure published last (the median of the latest sources; "
        "with no publication date, the median of all)"
    ),
    "official_first": (
        "the median of the sources that name a speaker (with none named, the median of all)"
    ),
}

#: The rule every report uses: the median of independent sources. It is robust (one outlier
#: or one figure repeated by twenty outlets cannot move it), it is what the park, province and
#: official-figures reports already used, and unlike ``latest_published`` it does not depend
#: on publication dates, which many statements lack. Its price: with two sources it can be a
#: figure nobody stated (their midpoint); the range and the statements are shown beside it.
DEFAULT_RULE = "median"


def _check_rule(rule: object) -> str:
    if isinstance(rule, str) and rule in CONSOLIDATION_RULES:
        return rule
    raise ParameterError(
        [Problem(None, None, "rule", repr(rule), "one of " + ", ".join(CONSOLIDATION_RULES))],
        summary="reconcile.consolidate(): unknown consolidation rule:",
    )


def rule_description(rule: str = DEFAULT_RULE) -> str:
    """One sentence naming a consolidation rule, for a page that shows consolidated figures.

    Plain text (no Markdown or HTML), so a page can escape it or place it as it is.

    Args:
        rule: A key of :data:`CONSOLIDATION_RULES`.

    Returns:
        The sentence, ending with a full stop.

    Raises:
        ParameterError: An unknown rule (the message lists the rules).

    Example:
        >>> rule_description("median")  # doctest: +NORMALIZE_WHITESPACE
        'Consolidation rule median: where statements for the same indicator, place, scope and
        period disagree, the figure used is the median of the independent sources (an outlet
        repeating a speaker counts once); its range is what all the statements allow, hedge
        words and rounding included.'
    """
    rule = _check_rule(rule)
    return (
        f"Consolidation rule {rule}: where statements for the same indicator, place, scope "
        f"and period disagree, the figure used is {CONSOLIDATION_RULES[rule]}; its range is "
        "what all the statements allow, hedge words and rounding included."
    )


def consolidate(
    facts: pd.DataFrame,
    tolerances: Tolerances | None = None,
    *,
    rule: str = DEFAULT_RULE,
) -> pd.DataFrame:
    """One row per indicator, geography, scope, unit and period, with one figure and its range.

    This is the only place that turns several statements into one figure; every report
    calls it, with :data:`DEFAULT_RULE` unless an analyst asks otherwise.

    Rules:
        * Period: flows whose first and last days are within ``period_slack_days`` of the
          group's first flow form one period; stocks group by as-of month; each distinct
          undated or open-ended claim (speaker and value) is its own row (it cannot be placed
          in time, so it is never pooled with others).
        * Scope: when the facts have a ``scope`` column (which units a statement covers:
          units in parks, all SMEs, not stated), statements of different scopes are never
          merged; without it every statement is of one unknown scope (NA).
        * ``value``: chosen by ``rule`` (:data:`CONSOLIDATION_RULES`) among the statements
          of the row. Independent sources: one speaker saying one figure, however each
          outlet rounds it, counts once (see the module doc). ``low``/``high``: the widest
          interval the statements allow (precision and qualifiers included), whatever the
          rule. ``rule`` names the rule in every row, so a page can say which it used
          (:func:`rule_description`).
        * ``flags``: the finding kinds of :func:`check` that involve any statement of the
          row, sorted and joined by ``;`` (empty string when none).

    Args:
        facts: A fact table.
        tolerances: Interval settings; defaults when ``None``.
        rule: How several statements become one figure: ``"median"``, ``"most_cited"``,
            ``"latest_published"`` or ``"official_first"``.

    Returns:
        A frame with :data:`CONSOLIDATED_COLUMNS` (``fact_ids`` and ``sources`` are tuples),
        sorted by indicator, geography, scope, unit, period type, time and value.

    Raises:
        ParameterError: An unknown rule (the message lists the rules).
        SmeAnalysisError: A required column is missing, or a value or date cannot be read.

    Example:
        >>> facts = pd.DataFrame(
        ...     {
        ...         "fact_id": [1, 2, 3],
        ...         "published": pd.to_datetime(["2019-08-10", "2019-08-13", "2019-08-13"]),
        ...         "period_label": ["as of 2019-08"] * 3,
        ...         "period_start": pd.to_datetime([None] * 3),
        ...         "period_end": pd.to_datetime([None] * 3),
        ...         "jalali_year": pd.array([1398] * 3, dtype="Int64"),
        ...         "geography": ["Iran"] * 3,
        ...         "indicator": ["units_in_parks_total"] * 3,
        ...         "value": [43650.0, 43650.0, 43630.0],
        ...         "unit": ["count"] * 3,
        ...         "qualifier": [None] * 3,
        ...         "speaker": ["Mohsen Salehinia", "Mohsen Salehinia", None],
        ...         "source_url": [f"https://{s}.example/" for s in "abc"],
        ...     }
        ... )
        >>> row = consolidate(facts).iloc[0]
        >>> row["value"], row["n_statements"], row["n_sources"], row["flags"], row["rule"]
        (np.float64(43640.0), np.int64(3), np.int64(2), 'conflict', 'median')
        >>> float(consolidate(facts, rule="most_cited").iloc[0]["value"])
        43650.0
    """
    rule = _check_rule(rule)
    tol = tolerances or Tolerances()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # check() warns; say it once, below
        findings = check(facts, tol)
    frame = _prepare(facts, tol)
    unknown = unknown_qualifiers(frame["qualifier_norm"], tol)
    if unknown:
        warnings.warn(
            f"qualifiers not in the tolerance table, read as {tol.unknown_qualifier}: "
            + ", ".join(repr(q) for q in unknown),
            UserWarning,
            stacklevel=2,
        )
    kinds_by_fact: dict[int, set[str]] = {}
    for kind, ids in zip(findings["kind"], findings["fact_ids"], strict=True):
        for fact_id in ids:
            kinds_by_fact.setdefault(int(fact_id), set()).add(str(kind))
    if "scope" in facts.columns:
        frame["scope"] = facts["scope"].reset_index(drop=True).astype("string")
    else:
        frame["scope"] = pd.Series(pd.NA, index=frame.index, dtype="string")
    frame["bucket"] = _buckets(frame, tol)
    rows = []
    for _, group in frame.groupby(
        ["indicator", "geography", "scope", "unit", "bucket"], sort=False, dropna=False
    ):
        rows.append(_consolidated_row(group.sort_values("fact_id"), kinds_by_fact, rule))
    table = pd.DataFrame(rows, columns=list(CONSOLIDATED_COLUMNS))
    for column in ("indicator", "geography", "scope", "unit", "period_type", "period", "rule"):
        table[column] = table[column].astype("string")
    table["flags"] = table["flags"].astype("string")
    for column in ("period_start", "period_end", "as_of"):
        table[column] = pd.to_datetime(table[column]).astype("datetime64[ns]")
    for column in ("jalali_year", "jalali_month_first", "jalali_month_last"):
        table[column] = table[column].astype("Int64")
    for column in ("n_statements", "n_sources"):
        table[column] = table[column].astype("int64")
    for column in ("value", "low", "high"):
        table[column] = table[column].astype("float64")
    table["fact_ids"] = table["fact_ids"].astype(object)
    table["sources"] = table["sources"].astype(object)
    time = table["period_start"].fillna(table["as_of"]).fillna(table["period_end"])
    order = pd.DataFrame(
        {
            "indicator": table["indicator"],
            "geography": table["geography"],
            "scope": table["scope"],
            "unit": table["unit"],
            "type": table["period_type"].map({"flow": 0, "stock": 1, "open": 2, "undated": 3}),
            "time": time,
            "end": table["period_end"],
            "value": table["value"],
            "first": table["fact_ids"].map(min),
        }
    )
    ranked = order.sort_values(list(order.columns), kind="stable", na_position="last").index
    return table.loc[ranked].reset_index(drop=True)


def _buckets(frame: pd.DataFrame, tol: Tolerances) -> list[tuple]:
    slack = pd.Timedelta(days=tol.period_slack_days)
    buckets: list[tuple] = [()] * len(frame)
    anchors: dict[tuple, list[tuple[pd.Timestamp, pd.Timestamp]]] = {}
    ordered = frame.sort_values(["period_start", "period_end", "fact_id"], na_position="last")
    for position, row in zip(ordered.index, ordered.itertuples(index=False), strict=True):
        if row.span == "flow":
            key = (row.indicator, row.geography, row.unit)
            spans = anchors.setdefault(key, [])
            for start, end in spans:
                if abs(row.period_start - start) <= slack and abs(row.period_end - end) <= slack:
                    buckets[position] = ("flow", start, end)
                    break
            else:
                spans.append((row.period_start, row.period_end))
                buckets[position] = ("flow", row.period_start, row.period_end)
        elif row.span == "stock":
            buckets[position] = ("stock", str(row.as_of.to_period("M")))
        else:
            # Not placeable in time: one row per distinct claim (speaker and value).
            buckets[position] = (row.span, row.period_label, row.speaker_key, row.value)
    return buckets


def _independent(records: list[dict]) -> dict[tuple, float]:
    """One value per independent source among some statements (see the module doc)."""
    source_values: dict[tuple, float] = {}
    for r in records:
        speaker, low, high = r["speaker_key"], r["low"], r["high"]
        same = (k for k in source_values if speaker and k[0] == speaker and k[1] <= high)
        same = (k for k in same if low <= k[2])
        key = next(same, (speaker, low, high) if speaker else ("", r["value"]))
        source_values.setdefault(key, r["value"])
    return source_values


def _rule_value(records: list[dict], rule: str) -> float:
    """The one figure ``rule`` takes from the statements of a consolidated row."""
    if rule == "most_cited":
        counts: dict[float, int] = {}
        for r in records:
            counts[r["value"]] = counts.get(r["value"], 0) + 1
        most = max(counts.values())
        return float(max(v for v, n in counts.items() if n == most))
    chosen = records
    if rule == "latest_published":
        dates = [r["published"] for r in records if pd.notna(r["published"])]
        if dates:
            chosen = [
                r for r in records if pd.notna(r["published"]) and r["published"] == max(dates)
            ]
    elif rule == "official_first":
        named = [r for r in records if r["speaker_key"]]
        chosen = named or records
    return float(np.median(list(_independent(chosen).values())))


def _consolidated_row(group: pd.DataFrame, kinds_by_fact: dict[int, set[str]], rule: str) -> dict:
    records = group.to_dict("records")
    first = records[0]
    # One independent source: one speaker saying one figure, however each outlet rounds it
    # (their intervals overlap: "2,103" and "more than 2,100"); unattributed: one value.
    source_values = _independent(records)
    fact_ids = tuple(int(r["fact_id"]) for r in records)
    kinds = set().union(*(kinds_by_fact.get(i, set()) for i in fact_ids))
    span = first["span"]
    months = [
        (r["jalali_month_first"], r["jalali_month_last"])
        for r in records
        if pd.notna(r["jalali_month_first"]) and pd.notna(r["jalali_month_last"])
    ]
    starts = [r["period_start"] for r in records if pd.notna(r["period_start"])]
    ends = [r["period_end"] for r in records if pd.notna(r["period_end"])]
    as_ofs = [r["as_of"] for r in records if pd.notna(r["as_of"])]
    return {
        "indicator": first["indicator"],
        "geography": first["geography"],
        "scope": first["scope"],
        "unit": first["unit"],
        "period_type": span,
        "period": _one_period(first) if span in ("flow", "stock") else first["period_label"],
        "period_start": min(starts) if starts else pd.NaT,
        "period_end": max(ends) if ends else pd.NaT,
        "as_of": max(as_ofs) if span == "stock" and as_ofs else pd.NaT,
        "jalali_year": first["year"],
        "jalali_month_first": months[0][0] if months else pd.NA,
        "jalali_month_last": months[0][1] if months else pd.NA,
        "value": _rule_value(records, rule),
        "rule": rule,
        "low": float(min(r["low"] for r in records)),
        "high": float(max(r["high"] for r in records)),
        "n_statements": len(records),
        "n_sources": len(source_values),
        "fact_ids": fact_ids,
        "sources": tuple(dict.fromkeys(str(r["source_url"]) for r in records)),
        "flags": ";".join(sorted(kinds)),
    }

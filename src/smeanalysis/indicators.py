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

import pandas as pd

__all__ = [
    "SOURCE_COLUMNS",
    "counts_over_time",
    "matched_ratio",
    "sme_export_statements",
    "ytd_by_month",
]

#: Columns that say where a figure comes from; every selection keeps them.
SOURCE_COLUMNS = ["period_label", "qualifier", "speaker", "published", "source_url"]


def _example_facts() -> pd.DataFrame:
    """A tiny fact table shaped like ``load_facts()`` (synthetic, for the examples)."""
    return pd.DataFrame(
        {
            "period_label": ["1398 first half", "1398 first 9 months", "as of 2019-08"],
            "period_start": pd.to_datetime(["2019-03-21", "2019-03-21", None]),
            "period_end": pd.to_datetime(["2019-09-22", "2019-12-21", None]),
            "published": pd.to_datetime(["2019-10-01", None, "2019-08-10"]),
            "jalali_year": pd.array([1398, 1398, None], dtype="Int64"),
            "jalali_month_first": pd.array([1, 1, None], dtype="Int64"),
            "jalali_month_last": pd.array([6, 9, None], dtype="Int64"),
            "period_kind": ["flow", "flow", "stock"],
            "geography": ["Iran"] * 3,
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
        & (facts["geography"] == "Iran")
        & (facts["unit"] == "usd")
        & (facts["jalali_year"] == year)
        & (facts["jalali_month_first"] == 1)
        & facts["jalali_month_last"].notna()
    ]
    columns = ["jalali_year", "jalali_month_last", "period_start", "period_end", "value"]
    return (
        rows[columns + [c for c in SOURCE_COLUMNS if c not in columns]]
        .sort_values(["jalali_month_last", "value"], kind="stable")
        .reset_index(drop=True)
    )


def ytd_by_month(statements: pd.DataFrame) -> pd.DataFrame:
    """One year-to-date figure per month reached: the figure most often stated.

    Sources often disagree for the same months; the most-cited figure is taken (ties:
    the larger, and the table says so), and the lowest and highest stated are kept as
    ``low``/``high`` with the number of statements, so the disagreement stays visible.

    Example:
        >>> s = pd.DataFrame({"jalali_year": [1398] * 3, "jalali_month_last": [6, 6, 6],
        ...                   "value": [1.49e9, 1.03e9, 1.49e9]})
        >>> ytd_by_month(s)[["jalali_month_last", "value", "low", "statements", "tie"]]
           jalali_month_last         value           low  statements    tie
        0                  6  1.490000e+09  1.030000e+09           3  False
    """
    rows = []
    for (year, month), group in statements.groupby(["jalali_year", "jalali_month_last"], sort=True):
        counts = group["value"].value_counts()
        top = counts[counts == counts.max()]
        rows.append(
            {
                "jalali_year": int(year),
                "jalali_month_last": int(month),
                "value": float(top.index.max()),
                "low": float(group["value"].min()),
                "high": float(group["value"].max()),
                "statements": len(group),
                "tie": len(top) > 1,
            }
        )
    return pd.DataFrame(
        rows,
        columns=[
            "jalali_year",
            "jalali_month_last",
            "value",
            "low",
            "high",
            "statements",
            "tie",
        ],
    )


def counts_over_time(facts: pd.DataFrame, indicators: Sequence[str]) -> pd.DataFrame:
    """National counts of the given indicators, dated, oldest first.

    The date is the period's end, else the publication date; rows with neither have
    ``date`` NaT and come last (the report lists them as undated rather than guess).

    Example:
        >>> counts_over_time(_example_facts(), ["exporting_smes"])[["indicator", "date", "value"]]
                indicator       date   value
        0  exporting_smes 2019-08-10  1100.0
    """
    rows = facts[
        facts["indicator"].isin(list(indicators))
        & (facts["geography"] == "Iran")
        & (facts["unit"] == "count")
    ].assign(date=lambda f: f["period_end"].fillna(f["published"]))
    columns = ["indicator", "date", "value", *SOURCE_COLUMNS]
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
    built from disagreeing statements shows up once per disagreement.

    Example:
        >>> f = _example_facts()
        >>> extra = f.iloc[[0]].assign(indicator="exporting_smes", value=900.0, unit="count")
        >>> r = matched_ratio(pd.concat([f, extra]), "sme_export_value", "exporting_smes")
        >>> r[["period_label", "numerator", "denominator", "ratio"]].round(0)
              period_label     numerator  denominator      ratio
        0  1398 first half  1.490000e+09        900.0  1655556.0
    """
    national = facts[facts["geography"] == "Iran"]
    keys = ["start_key", "end_key"]

    def keyed(indicator: str) -> pd.DataFrame:
        part = national[national["indicator"] == indicator]
        undated = part["period_start"].isna() & part["period_end"].isna()
        return part.assign(
            start_key=part["period_start"].astype("string").fillna(""),
            end_key=part["period_end"]
            .astype("string")
            .where(~undated, "label:" + part["period_label"])
            .fillna(""),
        )[[*keys, "period_label", "value", "source_url"]]

    pairs = keyed(numerator).merge(
        keyed(denominator), on=keys, suffixes=("_num", "_den"), validate="m:m"
    )
    pairs = pairs[pairs["value_den"] != 0].drop_duplicates([*keys, "value_num", "value_den"])
    return pd.DataFrame(
        {
            "period_label": pairs["period_label_num"].to_numpy(),
            "numerator": pairs["value_num"].to_numpy(),
            "denominator": pairs["value_den"].to_numpy(),
            "ratio": (pairs["value_num"] / pairs["value_den"] * scale).to_numpy(),
            "source_numerator": pairs["source_url_num"].to_numpy(),
            "source_denominator": pairs["source_url_den"].to_numpy(),
        }
    )

"""What the export-composition report shows: its tables, sentences and charts.

The notebook ``notebooks/export_composition.ipynb`` loads the table
(:func:`smeanalysis.composition.load_composition`), asks :mod:`smeanalysis.composition` for
destinations, concentration, product groups, SME goods and contradictions, and displays what
these functions write. They only present: every figure is computed by the library (shares,
top-n shares and HHI by :mod:`smeanalysis.metrics` through
:func:`smeanalysis.composition.concentration`), and written with the text kit
(:mod:`smeanalysis.reports.text`), every source as a link.

Example:
    >>> frame = _example_concentration()
    >>> print(concentration_markdown(frame, 1398, 1399))  # doctest: +NORMALIZE_WHITESPACE
    - **1398** (months 1-6; 3 destinations named): no world total for this period. Source:
      <a href="https://a.example/1" title="https://a.example/1">a.example</a>
    - **1399** (full year; 6 destinations named): top 5 = 74.6% of the total, HHI of named
      destinations at least 1,408. Source: <a href="https://b.example/2" title="https://b.example/2">b.example</a>
    - No destination breakdown of customs non-oil exports for: none of the years
"""

from __future__ import annotations

import textwrap

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure

from smeanalysis import composition as comp
from smeanalysis.composition import MIRROR_SCOPES, SME_GOODS
from smeanalysis.reconcile import unit_scale
from smeanalysis.reports.charts import finish, source_line
from smeanalysis.reports.text import (
    MISSING,
    amount,
    bold_count,
    count,
    escape_text,
    markdown_table,
    number,
    percent,
    source_link,
)

__all__ = [
    "concentration_chart",
    "concentration_markdown",
    "contradictions_markdown",
    "destinations_markdown",
    "gaps_markdown",
    "key_findings",
    "loaded_markdown",
    "missing_years",
    "product_groups_markdown",
    "sme_destinations_chart",
    "sme_destinations_markdown",
    "sme_goods_markdown",
    "within_years",
]


def _example_concentration() -> pd.DataFrame:
    """A tiny output of ``composition.concentration`` (synthetic, for the examples)."""
    return pd.DataFrame(
        {
            "jalali_year": pd.array([1398, 1399], dtype="Int64"),
            "coverage": pd.array(["months 1-6", "full year"], dtype="string"),
            "partners_named": [3, 6],
            "top_n_named": [3, 5],
            "top_share_pct": [float("nan"), 74.567],
            "named_share_pct": [float("nan"), 78.72],
            "hhi_named": [float("nan"), 1407.58],
            "source_url": ["https://a.example/1", "https://b.example/2"],
            "total_source_url": pd.array([None, "https://b.example/2"], dtype="string"),
        }
    )


def _years(first_year: int, last_year: int) -> list[int]:
    return list(range(first_year, last_year + 1))


def within_years(frame: pd.DataFrame, first_year: int, last_year: int) -> pd.DataFrame:
    """The rows of ``frame`` whose ``jalali_year`` is in the window (unplaced rows left out).

    Example:
        >>> rows = pd.DataFrame({"jalali_year": pd.array([1397, 1399, None], dtype="Int64")})
        >>> within_years(rows, 1398, 1404)["jalali_year"].tolist()
        [1399]
    """
    inside = frame["jalali_year"].isin(_years(first_year, last_year)).fillna(False)
    return frame[inside.to_numpy(dtype=bool)]


def loaded_markdown(table: pd.DataFrame, first_year: int, last_year: int) -> str:
    """One sentence: how many figures and pages were loaded, how many fall in the window.

    Example:
        >>> rows = pd.DataFrame({"jalali_year": pd.array([1398, 1400], dtype="Int64"),
        ...                      "source_url": ["https://a.example/1"] * 2})
        >>> loaded_markdown(rows, 1395, 1399)
        'Loaded **2** figures from **1** page; **1** falls in 1395-1399.'
    """
    inside = len(within_years(table, first_year, last_year))
    figures = bold_count(len(table), "figure")
    pages = bold_count(table["source_url"].nunique(), "page")
    verb = "falls" if inside == 1 else "fall"
    return (
        f"Loaded {figures} from {pages}; **{number(inside)}** {verb} in {first_year}-{last_year}."
    )


def destinations_markdown(top: pd.DataFrame) -> str:
    """The top destinations per year (:func:`composition.top_partners`) as a Markdown table.

    Values are written as stated (``$5.748 billion``), shares of the world total with one
    decimal; the total's page is linked when it is not the destinations' own page.

    Example:
        >>> top = pd.DataFrame({"jalali_year": [1399], "coverage": ["full year"], "rank": [1],
        ...     "partner": ["China"], "value": [9.0e9], "share_pct": [26.087],
        ...     "source_url": ["https://a.example/1"], "total_source_url": ["https://a.example/1"]})
        >>> print(destinations_markdown(top).splitlines()[2])
        | 1399 | full year | 1 | China | &#36;9 billion | 26.1% | <a href="https://a.example/1" title="https://a.example/1">a.example</a> | – |
    """  # noqa: E501
    shown = top.assign(
        value_text=[amount(v, "usd") for v in top["value"]],
        share_text=[percent(v, 1) for v in top["share_pct"]],
        # The total's page, where it is not the destinations' own page.
        total_source=top["total_source_url"].where(top["total_source_url"] != top["source_url"]),
    )
    return markdown_table(
        shown,
        {
            "jalali_year": "Year",
            "coverage": "Coverage",
            "rank": "Rank",
            "partner": "Destination",
            "value_text": "Value (USD)",
            "share_text": "% of total",
            "source_url": "Source",
            "total_source": "Source of the total (if another page)",
        },
        links=["source_url", "total_source"],
        note=False,
    ) + (
        f"\n\n{MISSING} in *% of total*: no world total for that period; in *Source of the "
        "total*: the destinations' own page gives it."
    )


def missing_years(concentration: pd.DataFrame, first_year: int, last_year: int) -> list[int]:
    """The years of the window without a destination breakdown.

    Example:
        >>> missing_years(_example_concentration(), 1397, 1400)
        [1397, 1400]
    """
    found = {int(year) for year in concentration["jalali_year"].dropna()}
    return [year for year in _years(first_year, last_year) if year not in found]


def _years_text(years: list[int]) -> str:
    return ", ".join(map(str, years)) or "none"


def _sources(*urls: object) -> str:
    """Distinct web pages as links, in order."""
    distinct = dict.fromkeys(url for url in urls if isinstance(url, str) and url)
    return ", ".join(source_link(url) for url in distinct)


def _concentration_line(row: pd.Series) -> str:
    if pd.isna(row["top_share_pct"]):
        share = "no world total for this period"
    else:
        share = (
            f"top {row['top_n_named']} = {percent(row['top_share_pct'], 1)} of the total, "
            f"HHI of named destinations at least {number(row['hhi_named'], 0)}"
        )
    named = count(row["partners_named"], "destination")
    return (
        f"- **{row['jalali_year']}** ({escape_text(row['coverage'])}; {named} named): "
        f"{share}. Source: {_sources(row['source_url'], row['total_source_url'])}"
    )


def concentration_markdown(concentration: pd.DataFrame, first_year: int, last_year: int) -> str:
    """One line per year of :func:`composition.concentration`, then the years without one.

    The top-n share is of the world total; the HHI counts the named destinations only, so it
    is a lower bound ("at least"). A year without a world total says so.

    Example:
        >>> concentration_markdown(_example_concentration().iloc[0:0], 1398, 1399)
        '- No destination breakdown of customs non-oil exports for: 1398, 1399'
    """
    lines = [_concentration_line(row) for _, row in concentration.iterrows()]
    absent = missing_years(concentration, first_year, last_year)
    lines.append(
        "- No destination breakdown of customs non-oil exports for: "
        + (", ".join(map(str, absent)) if absent else "none of the years")
    )
    return "\n".join(lines)


def concentration_chart(concentration: pd.DataFrame, top_n: int) -> Figure:
    """Two panels: the top-n share of the world total and the HHI of named destinations.

    Years without a world total are left out (they have neither figure).

    Example:
        >>> fig = concentration_chart(_example_concentration(), 5)
        >>> [ax.get_ylabel() for ax in fig.axes]
        ['% of non-oil exports (value)', 'HHI points (0-10,000)']
        >>> plt.close(fig)
    """
    plotted = concentration.dropna(subset=["top_share_pct"])
    # One above the other: each panel the page's width, its labels readable (10 pt).
    fig, (ax_share, ax_hhi) = plt.subplots(2, 1, figsize=(9, 8.4))
    labels = [
        f"{year}\n{coverage.replace('months ', 'm ')}\n({named} named)"
        for year, coverage, named in zip(
            plotted["jalali_year"], plotted["coverage"], plotted["top_n_named"], strict=True
        )
    ]
    ax_share.bar(labels, plotted["top_share_pct"], color="#3b6ea5")
    ax_hhi.bar(labels, plotted["hhi_named"], color="#a55b3b")
    for axis in (ax_share, ax_hhi):
        axis.tick_params(axis="x", labelsize=10)
    source = source_line(
        [*plotted["source_url"], *plotted["total_source_url"].dropna()],
        "IRICA/TPO customs figures as reported (data/raw/export_composition.csv); coverage "
        "varies by year, see the labels",
    )
    # Each panel has its own units, so each is finished on its own axes (one source line).
    data = plotted[["jalali_year", "coverage", "top_n_named", "top_share_pct", "hhi_named"]]
    finish(
        ax_share,
        title=f"Share of the top {top_n} destinations\n(fewer where fewer are named)",
        units="% of non-oil exports (value)",
        source=source,
    )
    finish(
        ax_hhi,
        title="Concentration of named destinations\n(HHI, a lower bound)",
        units="HHI points (0-10,000)",
        source=source,
        data=data.rename(
            columns={
                "jalali_year": "Iranian year",
                "coverage": "Coverage",
                "top_n_named": "Destinations named in the top",
                "top_share_pct": f"Top {top_n} share %",
                "hhi_named": "HHI of named destinations",
            }
        ).reset_index(drop=True),
        data_name="export_concentration",
    )
    fig.tight_layout()
    return fig


def product_groups_markdown(groups: pd.DataFrame) -> str:
    """World export values by product group (:func:`composition.product_groups`), a table.

    Example:
        >>> groups = pd.DataFrame({"jalali_year": [1399], "group": ["Steel and metals"],
        ...     "coverage": ["full year"], "product": ["Steel"], "value": [5.1e9],
        ...     "qualifier": [None], "source_url": ["https://a.example/1"]})
        >>> print(product_groups_markdown(groups).splitlines()[2])
        | 1399 | Steel and metals | full year | Steel | &#36;5.1 billion | – | <a href="https://a.example/1" title="https://a.example/1">a.example</a> |
    """  # noqa: E501
    return markdown_table(
        groups.assign(value_text=[amount(v, "usd") for v in groups["value"]]),
        {
            "jalali_year": "Year",
            "group": "Group",
            "coverage": "Coverage",
            "product": "Product as stated",
            "value_text": "Value (USD)",
            "qualifier": "Hedge",
            "source_url": "Source",
        },
        links=["source_url"],
    )


def _goods_by_year(sme_goods: pd.DataFrame) -> pd.DataFrame:
    """One row per SME goods group, one column per year: "value (coverage)" joined by " / "."""
    distinct = sme_goods.drop_duplicates(["group", "jalali_year", "value", "coverage"])
    cells = distinct.assign(
        cell=[
            f"{amount(value, 'usd')} ({coverage})"
            for value, coverage in zip(distinct["value"], distinct["coverage"], strict=True)
        ],
        year=distinct["jalali_year"].astype("int64").astype(str),
    )
    wide = cells.pivot_table(index="group", columns="year", values="cell", aggfunc=" / ".join)
    sources = sme_goods.groupby("group")["source_url"].agg(lambda s: tuple(dict.fromkeys(s)))
    return wide.assign(sources=sources.reindex(wide.index)).reset_index()


def sme_goods_markdown(sme_goods: pd.DataFrame) -> str:
    """SMEs' typical goods (:func:`composition.sme_goods`): by year, in full, and the absent.

    A wide table (one row per goods group, one column per year; several values where pages
    disagree), the full table with each page, then the groups of
    :data:`smeanalysis.composition.SME_GOODS` with no value in these years.

    Example:
        >>> goods = pd.DataFrame({"group": ["rugs"], "jalali_year": pd.array([1399], "Int64"),
        ...     "coverage": ["full year"], "product": ["Handwoven carpets"], "value": [6.8e7],
        ...     "source_url": ["https://a.example/1"]})
        >>> print(sme_goods_markdown(goods).splitlines()[4])
        | rugs | &#36;68 million &#40;full year&#41; | <a href="https://a.example/1" title="https://a.example/1">a.example</a> |
    """  # noqa: E501
    wide = _goods_by_year(sme_goods)
    years = [column for column in wide.columns if column not in ("group", "sources")]
    by_year = markdown_table(
        wide,
        {"group": "SME goods group"} | {year: year for year in years} | {"sources": "Sources"},
        links=["sources"],
        note=False,
    )
    full = markdown_table(
        sme_goods.assign(value_text=[amount(v, "usd") for v in sme_goods["value"]]),
        {
            "group": "SME goods group",
            "jalali_year": "Year",
            "coverage": "Coverage",
            "product": "Product as stated",
            "value_text": "Value (USD)",
            "source_url": "Source",
        },
        links=["source_url"],
    )
    absent = sorted({group for group, _, _ in SME_GOODS} - set(sme_goods["group"]))
    return "\n\n".join(
        [
            f"Value in USD (coverage); several values = several pages disagree; {MISSING} = "
            "no value for that year.",
            by_year,
            full,
            "Groups with no value in these years: "
            + (", ".join(escape_text(group) for group in absent) if absent else "none")
            + ".",
        ]
    )


def sme_destinations_markdown(sme: pd.DataFrame) -> str:
    """SME exports by destination (:func:`composition.sme_destinations`), every page a row.

    Example:
        >>> sme = pd.DataFrame({"period_label": ["1398"], "partner": ["Iraq"],
        ...     "value": [8.7e8], "share_pct": [35.123], "source_url": ["https://a.example/1"]})
        >>> print(sme_destinations_markdown(sme).splitlines()[2])
        | 1398 | Iraq | &#36;870 million | 35.1% | <a href="https://a.example/1" title="https://a.example/1">a.example</a> |
    """  # noqa: E501
    return markdown_table(
        sme.assign(
            value_text=[amount(v, "usd") for v in sme["value"]],
            share_text=[percent(v, 1) for v in sme["share_pct"]],
        ),
        {
            "period_label": "Period as stated",
            "partner": "Destination",
            "value_text": "Value (USD)",
            "share_text": "% of SME exports",
            "source_url": "Source",
        },
        links=["source_url"],
    )


def sme_destinations_chart(sme: pd.DataFrame) -> Figure | None:
    """One panel per period: SME exports by destination, from the first page of each period.

    The other pages for a period repeat its figures (the table shows them all). ``None``
    when there is nothing to draw.

    Example:
        >>> sme = pd.DataFrame({"period_label": ["1398"], "period_start": ["2019-03-21"],
        ...     "period_end": ["2020-03-19"], "partner": ["Iraq"], "value": [8.7e8],
        ...     "source_url": ["https://a.example/1"]})
        >>> fig = sme_destinations_chart(sme)
        >>> fig.axes[0].get_xlabel(), sme_destinations_chart(sme.iloc[0:0])
        ('million USD', None)
        >>> plt.close(fig)
    """
    if sme.empty:
        return None
    keys = ["period_start", "period_end", "source_url"]
    first_pages = sme.drop_duplicates(["period_start", "period_end"])[keys]
    charted = sme.merge(first_pages, on=keys, validate="m:1")
    periods = list(dict.fromkeys(charted["period_label"]))
    # One scale for every panel, as every chart of the reports picks it (reconcile.unit_scale).
    factor, units = unit_scale("usd", float(charted["value"].abs().max()))
    # Two panels a row at most, so that a panel's text stays readable at the page's width.
    columns = min(2, len(periods))
    rows = -(-len(periods) // columns)
    fig, axes = plt.subplots(rows, columns, figsize=(9.5, 3.6 * rows), squeeze=False)
    for axis in axes.flat[len(periods) :]:
        axis.set_visible(False)
    for axis, label in zip(axes.flat, periods, strict=False):
        part = charted[charted["period_label"].eq(label)].sort_values("value")
        axis.barh(part["partner"], part["value"] / factor, color="#4c8c4a")
        # The panel's period as the page states it; "$" would start matplotlib mathtext.
        axis.set_title(textwrap.fill(label, 45).replace("$", r"\$"), loc="left", fontsize=10)
    finish(
        fig,
        title="SME exports by destination (ISIPO)",
        units=units,
        source=source_line(charted["source_url"], "one page per period"),
        value_axis="x",
        data=charted[["period_label", "partner", "value"]]
        .rename(columns={"period_label": "Period", "partner": "Destination", "value": "USD"})
        .reset_index(drop=True),
    )
    fig.tight_layout()
    return fig


def contradictions_markdown(conflicts: pd.DataFrame) -> str:
    """The count of disagreeing sets, then every figure of :func:`composition.contradictions`.

    Example:
        >>> conflicts = pd.DataFrame({"set_id": [1, 1], "scope": ["non_oil"] * 2,
        ...     "partner": ["China"] * 2, "product": ["All"] * 2, "indicator": ["value"] * 2,
        ...     "period_label": ["1399"] * 2, "value": [5.3e9, 5.6e9],
        ...     "source_url": ["https://a.example/1", "https://b.example/2"]})
        >>> contradictions_markdown(conflicts).splitlines()[0]
        '**1** set of disagreeing figures, 2 figures.'
    """
    sets = conflicts["set_id"].nunique()
    head = f"{bold_count(sets, 'set')} of disagreeing figures, {count(len(conflicts), 'figure')}."
    table = markdown_table(
        conflicts,
        {
            "set_id": "Set",
            "scope": "Scope",
            "partner": "Partner",
            "product": "Product",
            "indicator": "Indicator",
            "period_label": "Period as stated",
            "value": "Value",
            "source_url": "Source",
        },
        links=["source_url"],
    )
    return f"{head}\n\n{table}" if table else head


def gaps_markdown(
    table: pd.DataFrame, concentration: pd.DataFrame, first_year: int, last_year: int
) -> str:
    """What the table cannot tell: years without destinations, partial years, SME years, ...

    Example:
        >>> rows = pd.DataFrame({"scope": ["sme", "mirror_turkstat"],
        ...     "jalali_year": pd.array([1398, None], dtype="Int64"),
        ...     "period_start": pd.to_datetime(["2019-03-21", None]), "hs_code": [None, None]})
        >>> print(gaps_markdown(rows, _example_concentration(), 1398, 1400))
        - Years without any destination breakdown: 1400.
        - Years whose destination table is partial (not the full year): 1398.
        - SME export values exist only for Iranian years 1398; nothing later.
        - 1 figure has no known period (left out of every table above).
        - 1 mirror or tracking figure runs on Gregorian periods and is not compared with customs data here.
        - No page gave HS codes.
    """  # noqa: E501
    absent = missing_years(concentration, first_year, last_year)
    partial = concentration.loc[concentration["coverage"].ne("full year"), "jalali_year"]
    sme_years = sorted(
        {int(y) for y in table.loc[table["scope"].eq("sme"), "jalali_year"].dropna()}
    )
    undated = int(table["period_start"].isna().sum())
    mirror = int(table["scope"].isin(MIRROR_SCOPES).sum())
    no_hs = bool(table["hs_code"].isna().all())
    return "\n".join(
        [
            f"- Years without any destination breakdown: {_years_text(absent)}.",
            "- Years whose destination table is partial (not the full year): "
            f"{_years_text([int(y) for y in partial.dropna()])}.",
            f"- SME export values exist only for Iranian years {_years_text(sme_years)}; "
            "nothing later.",
            f"- {count(undated, 'figure')} {'has' if undated == 1 else 'have'} no known period "
            "(left out of every table above).",
            f"- {count(mirror, 'mirror or tracking figure')} "
            f"{'runs' if mirror == 1 else 'run'} on Gregorian periods and "
            f"{'is' if mirror == 1 else 'are'} not compared with customs data here.",
            "- No page gave HS codes." if no_hs else "- Some rows carry HS codes.",
        ]
    )


def key_findings(table: pd.DataFrame, first_year: int, last_year: int, top_n: int) -> list[str]:
    """Three to five sentences on where non-oil exports go, each figure with its sources.

    The world total and the top-``top_n`` share of the latest year with a destination
    breakdown, the same share in the first such year, and the largest destination of the
    latest year (:func:`smeanalysis.composition.concentration`, ``top_partners``).

    Example:
        >>> found = key_findings(comp.load_composition(), 1395, 1404, 5)
        >>> 3 <= len(found) <= 6 and found[0].startswith("In 1403 (full year), the top 5")
        True
    """
    destinations = comp.destinations_by_year(table, years=range(first_year, last_year + 1))
    if destinations.empty:
        return [
            f"No destination breakdown of customs non-oil exports for {first_year}-{last_year}."
        ]
    shares = comp.concentration(destinations, top_n)
    shares = shares.loc[shares["top_share_pct"].notna()]
    found = []
    for row in [shares.iloc[-1], shares.iloc[0]][: min(2, len(shares))]:
        found.append(
            f"In {row['jalali_year']} ({escape_text(row['coverage'])}), the top "
            f"{row['top_n_named']} destinations took "
            f"{escape_text(percent(row['top_share_pct'], 1))} of customs non-oil exports of "
            f"{escape_text(amount(row['world_total'], 'usd'))} "
            f"({_sources(row['source_url'], row['total_source_url'])})."
        )
    top = comp.top_partners(destinations, top_n)
    first = top.loc[top["rank"] == 1]
    for row in [first.iloc[-1], first.iloc[0]][: min(2, len(first))]:
        found.append(
            f"The largest destination in {row['jalali_year']} ({escape_text(row['coverage'])}) "
            f"was {escape_text(row['partner'])}, with "
            f"{escape_text(amount(row['value'], 'usd', row['qualifier']))} "
            f"({_sources(row['source_url'])})."
        )
    return list(dict.fromkeys(found))

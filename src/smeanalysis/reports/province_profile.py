"""Everything the fact base says about one province, and what it does not say.

A province profile lists every statement about the province with its source, grouped by theme
(the groups of the fact base's indicator definitions), puts the national figure for the same
indicators beside it, and names plainly the indicators for which there is national data but
nothing for the province. Most provinces have between none and a handful of statements, so every
function here returns an empty, well-formed result (and every Markdown helper a plain sentence)
when there is nothing to show.

Text that comes from the data (labels, speakers, URLs) ends up in Markdown and HTML, so it is
always passed through :func:`escape_text` or :func:`source_link`: a data file must never be able
to inject markup or script into a report.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

from smeanalysis import dictionary
from smeanalysis.provinces import NATIONAL
from smeanalysis.reconcile import label_as_of
from smeanalysis.reports import text as kit
from smeanalysis.reports import tilemap
from smeanalysis.reports.park_utilization import (
    SOURCE_LINE,
    consolidated,
    latest,
    outline_tile,
    rule_markdown,
)
from smeanalysis.reports.text import (
    amount,
    amount_range,
    count,
    escape_text,
    indicator_label,
    markdown_table,
    number,
)

__all__ = [
    "THEMES",
    "key_findings",
    "national_context",
    "not_known",
    "plot_statement_map",
    "profile_summary",
    "province_statements",
    "reference_date",
    "rule_markdown",
    "statement_counts",
    "statements_markdown",
    "theme_of",
    "unknowns_markdown",
]

#: Theme heading -> its indicators, in report order: the groups of the indicator registry
#: (:data:`smeanalysis.dictionary.INDICATOR_GROUPS`). An indicator in none of them falls
#: under :data:`OTHER_THEME` rather than being dropped.
THEMES: Mapping[str, tuple[str, ...]] = {
    group.label: dictionary.indicators_in(key) for key, group in dictionary.INDICATOR_GROUPS.items()
}

#: The theme of an indicator that none of :data:`THEMES` lists (kept, never dropped).
OTHER_THEME = "Other indicators"

_THEME_OF = {ind: theme for theme, inds in THEMES.items() for ind in inds}
_THEME_ORDER = {theme: i for i, theme in enumerate([*THEMES, OTHER_THEME])}
_INDICATOR_ORDER = {ind: i for i, ind in enumerate(_THEME_OF)}


def theme_of(indicator: str) -> str:
    """Return the theme an indicator belongs to.

    Example:
        >>> theme_of("idle_units_revived")
        'Flows: idle units revived'
        >>> theme_of("something_new")
        'Other indicators'
    """
    return _THEME_OF.get(indicator, OTHER_THEME)


def reference_date(facts: pd.DataFrame) -> pd.Series:
    """Return the date each statement refers to, for ordering and for "latest".

    The end of its period; else the date in its label, read by
    :func:`smeanalysis.reconcile.label_as_of` (``"as of 2019-08"``, ``"as of 1399-10"``
    as an Iranian month, ``"end of 1397"``); else the publication date; else NaT.

    Example:
        >>> facts = pd.DataFrame({
        ...     "period_end": pd.to_datetime(["2020-03-19", None, None, None]),
        ...     "period_label": ["1398", "as of 2019-08", "as of 1399-10", "as stated"],
        ...     "published": pd.to_datetime([None, "2019-08-10", None, None])})
        >>> reference_date(facts).dt.strftime("%Y-%m-%d").tolist()
        ['2020-03-19', '2019-08-15', '2021-01-04', nan]
    """
    labels = facts["period_label"].astype("string")
    # Few distinct labels: read each once.
    dates_by_label = {label: label_as_of(label) for label in labels.dropna().unique()}
    from_label = pd.to_datetime(labels.map(dates_by_label)).astype("datetime64[ns]")
    dates = facts["period_end"].astype("datetime64[ns]").fillna(from_label)
    return dates.fillna(facts["published"]).rename("reference_date")


_sort_key_date = reference_date


def province_statements(facts: pd.DataFrame, province_code: str) -> pd.DataFrame:
    """Return every statement about one province, with its theme, in report order.

    Rows are ordered by theme (as in :data:`THEMES`), indicator, then period end and
    publication date (undated last) and ``fact_id``, so the output is deterministic.

    Args:
        facts: The fact table (``facts.load_facts()``).
        province_code: ISO 3166-2 code, e.g. ``"IR-10"``.

    Returns:
        The matching fact rows plus a ``theme`` column; no rows when the fact base holds none.

    Example:
        >>> facts = pd.DataFrame({
        ...     "fact_id": [1, 2], "province_code": ["IR-10", None],
        ...     "indicator": ["idle_units_revived", "idle_units_revived"],
        ...     "period_end": pd.to_datetime(["2020-03-19", None]),
        ...     "period_label": ["1398", "1399"], "published": pd.to_datetime([None, None])})
        >>> province_statements(facts, "IR-10")["fact_id"].tolist()
        [1]
    """
    mine = facts.loc[facts["province_code"].eq(province_code).fillna(False)]
    mine = mine.assign(theme=mine["indicator"].map(theme_of).astype("string"))
    order = pd.DataFrame(
        {
            "t": mine["theme"].map(_THEME_ORDER).astype("int64"),
            "i": mine["indicator"].map(_INDICATOR_ORDER).fillna(len(_INDICATOR_ORDER)),
            "ind": mine["indicator"],
            "d": _sort_key_date(mine),
            "f": mine["fact_id"],
        },
        index=mine.index,
    )
    order = order.sort_values(["t", "i", "ind", "d", "f"], na_position="last", kind="stable")
    return mine.loc[order.index]


def national_context(facts: pd.DataFrame, indicators: Iterable[str]) -> pd.DataFrame:
    """Return the latest consolidated national figure for each indicator, with its range.

    The statements about Iran as a whole (:data:`smeanalysis.provinces.NATIONAL`) are
    consolidated (:func:`smeanalysis.reports.park_utilization.consolidated`, i.e.
    :func:`smeanalysis.reconcile.consolidate`) and, per indicator, the row referring to the
    latest day is kept (:func:`smeanalysis.reports.park_utilization.latest`; undated claims
    only when nothing is dated). Indicators with no national statement at all are absent.

    Args:
        facts: The fact table.
        indicators: The indicators to look up.

    Returns:
        Columns ``indicator, period_label, stated, low, high, central, unit, n_statements,
        n_other, sources`` (``stated`` the figures as said, hedge words kept; ``low``/``high``
        the interval they allow; ``sources`` a tuple of URLs), one row per indicator found, in
        the order asked.

    Example:
        >>> facts = pd.DataFrame({
        ...     "geography": ["Iran", "Iran", "Iran"], "indicator": ["x", "x", "x"],
        ...     "period_label": ["1398", "1399", "1399"], "value": [1.0, 5.0, 7.0],
        ...     "qualifier": [None, "about", None], "unit": ["count"] * 3,
        ...     "source_url": ["https://a.ir", "https://b.ir", "https://c.ir"],
        ...     "period_start": pd.to_datetime(["2019-03-21", "2020-03-20", "2020-03-20"]),
        ...     "period_end": pd.to_datetime(["2020-03-19", "2021-03-20", "2021-03-20"])})
        >>> national_context(facts, ["x"])[["period_label", "stated", "n_other"]].values
        array([['1399', 'about 5; 7', 1]], dtype=object)
    """
    wanted = list(dict.fromkeys(indicators))
    columns = [
        "indicator",
        "period_label",
        "stated",
        "low",
        "high",
        "central",
        "unit",
        "n_statements",
        "n_other",
        "sources",
    ]
    national = facts.loc[facts["geography"].eq(NATIONAL).fillna(False)]
    national = national.loc[national["indicator"].isin(wanted)]
    if national.empty:
        out = pd.DataFrame(columns=columns)
    else:
        kept = latest(consolidated(national), "indicator")
        kept = kept.rename(columns={"period_labels": "period_label"})
        order = {ind: i for i, ind in enumerate(wanted)}
        kept = kept.assign(_order=kept["indicator"].map(order)).sort_values("_order")
        out = kept[columns].reset_index(drop=True)
    return out.astype(
        {
            "indicator": "string",
            "period_label": "string",
            "stated": "string",
            "low": "float64",
            "high": "float64",
            "central": "float64",
            "unit": "string",
            "n_statements": "int64",
            "n_other": "int64",
        }
    )


def not_known(facts: pd.DataFrame, province_code: str) -> pd.DataFrame:
    """Return the indicators with national data but no statement about the province.

    Example:
        >>> facts = pd.DataFrame({
        ...     "geography": ["Iran", "Iran", "Isfahan"], "province_code": [None, None, "IR-10"],
        ...     "indicator": ["units_in_parks_total", "idle_units_revived", "idle_units_revived"]})
        >>> not_known(facts, "IR-10")["indicator"].tolist()
        ['units_in_parks_total']
    """
    national = set(facts.loc[facts["geography"].eq(NATIONAL).fillna(False), "indicator"])
    here = set(facts.loc[facts["province_code"].eq(province_code).fillna(False), "indicator"])
    missing = sorted(
        national - here,
        key=lambda ind: (_THEME_ORDER[theme_of(ind)], _INDICATOR_ORDER.get(ind, 10**6), ind),
    )
    return pd.DataFrame(
        {"theme": [theme_of(i) for i in missing], "indicator": missing}, dtype="string"
    )


def statement_counts(facts: pd.DataFrame) -> dict[str, int]:
    """Count the statements about each province (by ISO code), for a tile map.

    Provinces without any statement are absent (the map shows them as "no data").

    Example:
        >>> facts = pd.DataFrame({"province_code": ["IR-10", "IR-10", None, "IR-23"]})
        >>> statement_counts(facts)
        {'IR-10': 2, 'IR-23': 1}
    """
    counts = facts["province_code"].dropna().value_counts()
    return {str(code): int(n) for code, n in sorted(counts.items())}


def profile_summary(facts: pd.DataFrame, province_code: str, province_name: str) -> str:
    """Say in one Markdown paragraph how much the fact base knows about a province.

    Example:
        >>> facts = pd.DataFrame({"province_code": [None], "indicator": ["x"],
        ...                       "source_url": ["https://a.ir"], "geography": ["Iran"]})
        >>> profile_summary(facts, "IR-10", "Isfahan")
        'No statements about Isfahan are in the fact base.'
    """
    mine = facts.loc[facts["province_code"].eq(province_code).fillna(False)]
    name = escape_text(province_name)
    if mine.empty:
        return f"No statements about {name} are in the fact base."
    n = len(mine)
    n_ind = mine["indicator"].nunique()
    n_src = mine["source_url"].nunique()
    themes = sorted({theme_of(i) for i in mine["indicator"]}, key=_THEME_ORDER.__getitem__)
    all_counts = facts["province_code"].dropna().value_counts()
    rank = int((all_counts > n).sum()) + 1
    return (
        f"The fact base holds **{count(n, 'statement')}** about {name}, on "
        f"**{count(n_ind, 'indicator')}** from **{count(n_src, 'source page')}** "
        f"(themes: {escape_text('; '.join(themes))}). {name} ranks {number(rank)} of "
        f"{count(all_counts.size, 'province')} with any statement by number of statements."
    )


def statements_markdown(statements: pd.DataFrame, national: pd.DataFrame) -> str:
    """Render a province's statements, by theme, each beside the national context.

    Args:
        statements: Output of :func:`province_statements`.
        national: Output of :func:`national_context` for the same indicators.

    Returns:
        Markdown: a heading and a table per theme; a plain sentence when there are none.

    Example:
        >>> columns = ["fact_id", "geography", "province_code", "indicator", "period_end",
        ...            "period_label", "published"]
        >>> empty = province_statements(pd.DataFrame(columns=columns), "IR-10")
        >>> statements_markdown(empty, national_context(pd.DataFrame(columns=columns), []))
        'No statements are in the fact base for this province.'
    """
    if statements.empty:
        return "No statements are in the fact base for this province."
    context = {
        row.indicator: (
            f"{escape_text(row.stated)} "
            f"(range {escape_text(amount_range(row.low, row.high, row.unit))}; "
            f"{escape_text(row.period_label)})"
        )
        for row in national.itertuples(index=False)
    }
    parts = []
    for theme, group in statements.groupby("theme", sort=False):
        shown = group.assign(
            figure=[
                amount(v, u, q)
                for q, v, u in zip(group["qualifier"], group["value"], group["unit"], strict=True)
            ],
            national=[context.get(i, "none stated") for i in group["indicator"]],
        )
        body = markdown_table(
            shown,
            {
                "indicator": "Indicator",
                "period_label": "Period as stated",
                "figure": "Figure",
                "speaker": "Speaker",
                "source_url": "Source",
                "national": "Iran, latest",
            },
            links=["source_url"],
            raw=["national"],
        )
        parts.append(f"#### {escape_text(theme)}\n\n{body}")
    return "\n\n".join(parts)


def unknowns_markdown(unknown: pd.DataFrame, province_name: str) -> str:
    """Say which indicators have national figures but nothing for the province.

    Example:
        >>> table = pd.DataFrame({"theme": ["Units in parks (stock)"],
        ...                       "indicator": ["units_in_parks_total"]})
        >>> print(unknowns_markdown(table, "Ilam"))
        Not known for Ilam (stated for Iran as a whole, but never for this province):
        <BLANKLINE>
        - **Units in parks &#40;stock&#41;**: Units in parks &#40;located or licensed&#41;
    """
    name = escape_text(province_name)
    if unknown.empty:
        return f"Every indicator stated for Iran as a whole is also stated for {name}."
    lines = [
        f"Not known for {name} (stated for Iran as a whole, but never for this province):",
        "",
    ]
    for theme, group in unknown.groupby("theme", sort=False):
        names = "; ".join(escape_text(indicator_label(i)) for i in group["indicator"])
        lines.append(f"- **{escape_text(theme)}**: {names}")
    return "\n".join(lines)


def plot_statement_map(facts: pd.DataFrame, province_code: str, province_name: str) -> Any:
    """Draw the tile map of statements per province, the profiled province outlined.

    Returns:
        The matplotlib figure (provinces without statements grey).
    """
    counts = statement_counts(facts)
    here = counts.get(province_code, 0)
    fig, ax = tilemap.tile_map(
        counts,
        title=(
            "Statements per province in the fact base; "
            f"{province_name} (outlined) has {count(here, 'statement')}"
        ),
        units="number of statements",
        source=SOURCE_LINE,
    )
    outline_tile(ax, province_code)
    return fig


def key_findings(facts: pd.DataFrame, province_code: str, place: str) -> list[str]:
    """Up to six sentences on what the fact base says about a province, each with its source.

    How many statements, on how many indicators and from which publishers, then the latest
    statement on up to four indicators that have a national figure, beside it
    (:func:`province_statements`, :func:`national_context`).

    Example:
        >>> facts = pd.DataFrame({"province_code": [None], "indicator": ["x"],
        ...                       "source_url": ["https://a.ir"], "geography": ["Iran"]})
        >>> key_findings(facts, "IR-10", "Isfahan")
        ['No statements about Isfahan are in the fact base.']
    """
    mine = facts.loc[facts["province_code"].eq(province_code).fillna(False)]
    name = escape_text(place)
    if mine.empty:
        return [f"No statements about {name} are in the fact base."]
    pages: dict[str, str] = {}
    for url in mine["source_url"]:
        if isinstance(url, str) and url:
            pages.setdefault(kit.publisher(url), url)
    found = [
        f"The fact base holds {escape_text(count(len(mine), 'statement'))} about {name} on "
        f"{escape_text(count(mine['indicator'].nunique(), 'indicator'))}, from "
        f"{escape_text(count(len(pages), 'publisher'))} such as "
        f"{kit.source_links(list(pages.values())[:3])}."
    ]
    statements = province_statements(facts, province_code)
    national = national_context(facts, statements["indicator"]).drop_duplicates("indicator")
    beside = national.set_index("indicator")
    latest = (
        statements.assign(_when=reference_date(statements))
        .sort_values("_when", kind="stable", na_position="first")
        .drop_duplicates("indicator", keep="last")
    )
    latest = latest.loc[latest["indicator"].isin(beside.index)].iloc[::-1]
    for row in latest.head(4).itertuples(index=False):
        there = beside.loc[row.indicator]
        found.append(
            f"{escape_text(kit.indicator_label(row.indicator))} in {name}: "
            f"{escape_text(amount(row.value, row.unit, row.qualifier))} "
            f"({escape_text(row.period_label)}; {kit.source_link(row.source_url)}), against "
            f"{escape_text(there['stated'])} for {escape_text(NATIONAL)} "
            f"({kit.source_links(list(there['sources'])[:1])})."
        )
    return found

"""Iran's non-oil exports by destination and product: load, validate and summarise.

The shipped table is ``data/raw/export_composition.csv`` (byte-identical to the research
table, never edited): 1,179 public figures from 234 pages, each with its source URL. The
corrections in ``data/corrections/export_composition.csv`` are applied on load, each one
checked against the value it expects to replace. An analyst's own file uses the raw layout
(the 15 columns below) and gets no corrections unless they are passed explicitly.

Scopes are never mixed: IRICA/TPO customs ``non_oil`` figures, headline ``non_oil_broad``
figures, partner-side ``mirror_*`` data and ship ``*_tracking`` data answer different
questions. Every helper takes the scope it works on and returns the rows (with their
periods and source URLs) it used, so a table or chart can say exactly what it shows.

Periods are never mixed either: a year's destination table comes from one period (the
full year when a source gives it, else the longest run of months from Farvardin) and from
one release (the source page naming the most destinations), so the figures in it add up
on the same basis. Other releases for the same period appear in :func:`contradictions`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import combinations
from pathlib import Path

import numpy as np
import pandas as pd

from smeanalysis import metrics
from smeanalysis.calendar import to_jalali, whole_months
from smeanalysis.dictionary import (
    COMPOSITION_FLOWS,
    COMPOSITION_INDICATOR_UNITS,
    COMPOSITION_SCOPES,
    TABLES,
)
from smeanalysis.errors import ParameterError, Problem, SmeAnalysisError
from smeanalysis.paths import DATA_DIR
from smeanalysis.qualifiers import (
    Tolerances,
    intervals_overlap,
    normalize_qualifier,
    statement_interval,
)
from smeanalysis.tables import (
    TextTable,
    apply_corrections,
    problems_at,
    read_corrections,
    read_text,
    schema_problems,
)

__all__ = [
    "COLUMNS",
    "CONCENTRATION_COLUMNS",
    "CORRECTION_COLUMNS",
    "DEFAULT_CORRECTIONS",
    "DEFAULT_PATH",
    "FLOWS",
    "INDICATOR_UNITS",
    "MIRROR_SCOPES",
    "PRODUCT_GROUPS",
    "RAW_COLUMNS",
    "SCOPES",
    "SME_GOODS",
    "best_period",
    "concentration",
    "contradictions",
    "coverage_text",
    "destinations_by_year",
    "is_country",
    "load_composition",
    "product_group",
    "product_groups",
    "sme_destinations",
    "sme_goods",
    "sme_goods_group",
    "top_partners",
]

#: The shipped table and its corrections.
DEFAULT_PATH = DATA_DIR / "raw" / "export_composition.csv"
DEFAULT_CORRECTIONS = DATA_DIR / "corrections" / "export_composition.csv"

_TABLE = TABLES["export_composition"]
_CORRECTIONS_TABLE = TABLES["export_composition_corrections"]

#: The research table's columns, in order (the data dictionary's raw layout).
RAW_COLUMNS: tuple[str, ...] = tuple(_TABLE.raw_columns or ())
#: The loaded table's columns, in order.
COLUMNS: tuple[str, ...] = _TABLE.columns
#: Columns of the corrections file.
CORRECTION_COLUMNS: tuple[str, ...] = _CORRECTIONS_TABLE.columns

FLOWS: tuple[str, ...] = COMPOSITION_FLOWS

#: Every scope the table uses, with what it means (described once, in the data dictionary).
SCOPES: dict[str, str] = dict(COMPOSITION_SCOPES)

#: Partner-side and tracking scopes: Gregorian periods, never combined with customs data.
MIRROR_SCOPES: frozenset[str] = frozenset(
    scope for scope in SCOPES if scope.startswith("mirror_") or scope.endswith("_tracking")
)

#: The unit each indicator must carry.
INDICATOR_UNITS: dict[str, str] = dict(COMPOSITION_INDICATOR_UNITS)

#: Partners that are the total, or named blocs and groups rather than one country.
_NOT_COUNTRIES = frozenset(
    {
        "World",
        "15 neighbouring countries",
        "OIC member states",
        "ECO member states",
        "Eurasian Economic Union",
        "Arab states of the Persian Gulf region",
        "Africa",
    }
)

#: Product groups for the national composition: (group, scopes, product pattern or None).
#: The first matching rule wins; a pattern is matched case-insensitively against
#: ``product``. Sub-total shares ("share of gas exports") are indicator ``share`` rows
#: and never enter a sum of values.
PRODUCT_GROUPS: tuple[tuple[str, frozenset[str], str | None], ...] = (
    ("Petrochemicals and chemicals", frozenset({"petrochemical"}), None),
    (
        "Petrochemicals and chemicals",
        frozenset({"non_oil"}),
        r"petrochem|methanol|urea|ammonia|toluene|polyethylene|chemical",
    ),
    ("Gas and condensates", frozenset({"gas"}), None),
    (
        "Gas and condensates",
        frozenset({"non_oil"}),
        r"condensate|natural gas|propane|butane|petroleum gas|\blpg\b|liquefied",
    ),
    ("Oil products", frozenset({"non_oil"}), r"gasoline|bitumen|light (?:crude )?oil"),
    ("Steel and metals", frozenset({"steel"}), None),
    ("Steel and metals", frozenset({"non_oil"}), r"steel|iron|sponge|hematite|gold"),
    ("Minerals and mining", frozenset({"mineral"}), None),
    ("Minerals and mining", frozenset({"non_oil"}), r"mining|mineral|cement|ceramic|construct"),
    ("Agriculture and food", frozenset({"agriculture", "food"}), None),
    (
        "Agriculture and food",
        frozenset({"non_oil"}),
        r"agri|agro|food|pistachio|tomato|watermelon|apple",
    ),
    ("Plastics and polymers", frozenset({"plastics"}), None),
    ("Carpets and handicrafts", frozenset({"carpet", "handicrafts"}), None),
    ("Home appliances", frozenset({"home_appliances"}), None),
    ("Home appliances", frozenset({"non_oil"}), r"home appliance|water cooler|household and"),
    ("Footwear, leather and textiles", frozenset({"footwear", "leather", "textile_leather"}), None),
    ("Footwear, leather and textiles", frozenset({"non_oil"}), r"textile"),
    ("Industry (manufactured goods)", frozenset({"non_oil"}), r"industry|machinery|turbine"),
)

#: Where SMEs' typical goods sit in the table. ISIPO named the main SME export goods as
#: foodstuff, household appliances, polymer and plastic materials, chemicals, rugs, leather
#: and handbags (1398, 9 months). Rules: (group, scopes, product pattern or None), first
#: match wins. Petrochemicals are deliberately NOT counted as "chemicals": they are made by
#: large state-linked complexes; only the customs line "Chemical products" is.
SME_GOODS: tuple[tuple[str, frozenset[str], str | None], ...] = (
    ("foodstuff", frozenset({"food"}), None),
    ("foodstuff", frozenset({"agriculture"}), r"food|agricultural products|produce"),
    ("foodstuff", frozenset({"non_oil"}), r"^food products$|^agro products$|^agriculture$"),
    ("household appliances", frozenset({"home_appliances"}), r"^(?:home|household) appliances$"),
    ("household appliances", frozenset({"non_oil"}), r"^home appliances$|water cooler"),
    ("plastics", frozenset({"plastics"}), None),
    ("chemicals", frozenset({"non_oil"}), r"^chemical products$"),
    ("rugs", frozenset({"carpet"}), None),
    ("leather", frozenset({"leather"}), None),
    ("leather", frozenset({"textile_leather"}), r"shoe and leather"),
    ("leather", frozenset({"footwear"}), r"^(?:shoes|footwear)$"),
    ("handbags", frozenset({"footwear"}), r"bags"),
)

_DATE = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
# ASCII digits only: Persian or Arabic digits are reported, never converted silently.
_NUMBER = r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?"
_DATE_COLUMNS = ("published", "period_start", "period_end")


# ---------------------------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------------------------


def _quoted(value: str) -> str:
    return str(value)


def _check_text(read: TextTable, frame: pd.DataFrame) -> list[Problem]:
    """Problems the schema cannot see: cells that do not parse, and checks across columns.

    Enumerations, patterns, required cells and ranges are the dictionary schema's job
    (:func:`smeanalysis.tables.schema_problems`); here only what typing needs and what
    relates two cells of a row.
    """
    problems: list[Problem] = []
    empty = frame == ""
    for column in RAW_COLUMNS:
        text = frame[column]
        padded = ~empty[column] & (text != text.str.strip())
        problems += problems_at(
            read, padded, column, text, "the cell without spaces around it (nothing is trimmed)"
        )
    dates = {}
    for column in _DATE_COLUMNS:
        text = frame[column]
        well_formed = text.str.fullmatch(_DATE).fillna(False).astype(bool)
        parsed = pd.to_datetime(text.where(well_formed), format="%Y-%m-%d", errors="coerce")
        problems += problems_at(
            read,
            ~empty[column] & parsed.isna(),
            column,
            text,
            "a real date as YYYY-MM-DD, or an empty cell",
        )
        dates[column] = parsed
    one_sided = empty["period_start"] != empty["period_end"]
    problems += problems_at(
        read,
        one_sided & empty["period_start"],
        "period_start",
        frame["period_start"],
        "a first day, since period_end is given (both period dates or neither)",
    )
    problems += problems_at(
        read,
        one_sided & empty["period_end"],
        "period_end",
        frame["period_end"],
        "a last day, since period_start is given (both period dates or neither)",
    )
    reversed_period = (dates["period_end"] < dates["period_start"]).fillna(False)
    problems += problems_at(
        read, reversed_period, "period_end", frame["period_end"], "a day on or after period_start"
    )

    text = frame["value"]
    numeric = text.str.fullmatch(_NUMBER).fillna(False).astype(bool)
    problems += problems_at(
        read,
        ~empty["value"] & ~numeric,
        "value",
        text,
        "a plain number with units expanded (8.9 billion dollars is 8900000000)",
    )
    indicator, unit = frame["indicator"], frame["unit"]
    expected_unit = indicator.map(INDICATOR_UNITS)
    mismatch = (
        expected_unit.notna() & unit.isin(list(INDICATOR_UNITS.values())) & (unit != expected_unit)
    ).fillna(False)
    for i in np.flatnonzero(mismatch.to_numpy(dtype=bool)):
        problems.append(
            Problem(
                read.file,
                int(read.lines[i]),
                "unit",
                f"{unit.iloc[i]!r} for indicator {indicator.iloc[i]!r}",
                repr(expected_unit.iloc[i]),
            )
        )
    value = pd.to_numeric(text.where(numeric), errors="coerce")
    problems += problems_at(
        read,
        ((indicator == "share") & (value > 100)).fillna(False),
        "value",
        text + " percent",
        "a share from 0 to 100 percent",
        _quoted,
    )
    return problems


def _jalali_columns(start: pd.Series, end: pd.Series) -> pd.DataFrame:
    """Jalali year (when start and end share one) and the whole months covered."""
    same_year = to_jalali(start)["year"].astype("Int64")
    same_year = same_year.where(same_year.eq(to_jalali(end)["year"].astype("Int64")))
    # whole_months decides "whole months" in one place (calendar), for every row at once.
    months = whole_months(start, end)
    return pd.DataFrame(
        {
            "jalali_year": same_year.astype("Int64"),
            "jalali_month_first": months["first_month"].astype("Int64"),
            "jalali_month_last": months["last_month"].astype("Int64"),
        },
        index=start.index,
    )


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    """The loaded layout; cells that do not parse become missing (already reported)."""
    typed: dict[str, pd.Series] = {
        "row_id": pd.Series(np.arange(1, len(frame) + 1, dtype=np.int64), index=frame.index)
    }
    for column in RAW_COLUMNS:
        text = frame[column]
        if column in _DATE_COLUMNS:
            well_formed = text.str.fullmatch(_DATE).fillna(False).astype(bool)
            typed[column] = pd.to_datetime(
                text.where(well_formed), format="%Y-%m-%d", errors="coerce"
            ).astype("datetime64[ns]")
        elif column == "value":
            numeric = text.str.fullmatch(_NUMBER).fillna(False).astype(bool)
            typed[column] = pd.to_numeric(text.where(numeric), errors="coerce").astype("float64")
        else:
            typed[column] = text.where(text != "").astype("string")
    out = pd.DataFrame(typed, index=frame.index)
    jalali = _jalali_columns(out["period_start"], out["period_end"])
    return pd.concat([out, jalali], axis=1).loc[:, list(COLUMNS)]


def _load(path: Path, corrections: Path | None) -> tuple[pd.DataFrame | None, list[Problem]]:
    read, problems = read_text(path, RAW_COLUMNS)
    if read is None:
        return None, problems
    frame = read.frame
    if corrections is not None:
        fixes, lines, problems = read_corrections(corrections, _CORRECTIONS_TABLE, RAW_COLUMNS)
        if fixes is None:
            return None, problems
        frame, problems = apply_corrections(read, fixes, lines, str(corrections))
        if problems:
            return None, problems
    typed = _typed(frame)
    # One problem per cell, the first found: a padded ' 6000000000 ' is reported as padded,
    # not again as "not a number", nor by the schema as missing once typed.
    seen: set[tuple[int | None, str | None]] = set()
    problems = []
    for problem in _check_text(read, frame) + schema_problems(read, frame, typed, _TABLE):
        if (problem.line, problem.column) not in seen:
            seen.add((problem.line, problem.column))
            problems.append(problem)
    if problems:
        order = {name: i for i, name in enumerate(COLUMNS)}
        problems.sort(key=lambda p: (p.line or 0, order.get(p.column or "", -1)))
        return None, problems
    typed = typed.reset_index(drop=True)
    # What was read in another form than written (Persian digits, a BOM, CRLF), as facts do.
    typed.attrs["normalizations"] = list(read.normalizations)
    return typed, []


def load_composition(
    path: str | Path | None = None, *, corrections: str | Path | None = None
) -> pd.DataFrame:
    """Load the export-composition table, validated and typed, one row per figure.

    The file is read as text and checked against the data dictionary
    (``TABLES["export_composition"]`` in :mod:`smeanalysis.dictionary`, whose pandera schema
    the typed table must pass); every problem is reported at once.

    Args:
        path: A CSV in the research layout (:data:`RAW_COLUMNS`, any column order); ``None``
            loads the shipped ``data/raw/export_composition.csv`` with its corrections applied.
        corrections: A corrections CSV (:data:`CORRECTION_COLUMNS`) to apply. ``None``
            means the shipped corrections for the shipped table and none for another file.

    Returns:
        A DataFrame with :data:`COLUMNS`: ``row_id`` (1 = first data row), dates as
        ``datetime64[ns]`` (NaT when unknown), ``jalali_year`` (Int64; NA when the period is
        unknown or spans two Iranian years, as Gregorian mirror years do),
        ``jalali_month_first``/``jalali_month_last`` (Int64; NA unless the period runs over
        whole Iranian months), ``value`` float64, text as ``string`` (empty cells NA).

    Raises:
        SmeAnalysisError: Every problem in the file (and corrections) at once, with file,
            line, column, what was found and what was expected.

    Example:
        >>> table = load_composition()
        >>> len(table), bool(table["source_url"].str.match(r"https?://").all())
        (1179, True)
    """
    if path is None:
        path = DEFAULT_PATH
        if corrections is None:
            corrections = DEFAULT_CORRECTIONS
    path = Path(path)
    frame, problems = _load(path, None if corrections is None else Path(corrections))
    if problems:
        raise SmeAnalysisError(problems, summary=f"{path.name}: {len(problems)} problem(s):")
    assert frame is not None
    return frame


# ---------------------------------------------------------------------------------------------
# Helpers for analysis
# ---------------------------------------------------------------------------------------------


def is_country(partner: pd.Series) -> pd.Series:
    """Tell which partners are one country (not World, a bloc or a ``+`` group).

    Example:
        >>> is_country(pd.Series(["China", "World", "China+Iraq", "Africa"])).tolist()
        [True, False, False, False]
    """
    text = partner.astype("string")
    return (~text.isin(_NOT_COUNTRIES) & ~text.str.contains("+", regex=False)).fillna(False)


def coverage_text(first_month: int, last_month: int) -> str:
    """Say in words which months of an Iranian year a period covers.

    Example:
        >>> coverage_text(1, 12), coverage_text(1, 10), coverage_text(5, 5)
        ('full year', 'months 1-10', 'month 5')
    """
    if (first_month, last_month) == (1, 12):
        return "full year"
    if first_month == last_month:
        return f"month {first_month}"
    return f"months {first_month}-{last_month}"


def _whole_month_rows(frame: pd.DataFrame) -> pd.Series:
    return frame["jalali_month_first"].notna() & frame["jalali_month_last"].notna()


def best_period(frame: pd.DataFrame, by: Sequence[str] = ()) -> pd.DataFrame:
    """Keep, per Iranian year (and ``by`` keys), the rows of the most complete period.

    Only periods of whole Iranian months starting in Farvardin count (the year-to-date
    releases that can be compared across years); the full year wins, else the most months.
    All rows of the chosen period are kept (several sources may give it). A ``coverage``
    column says which months.

    Args:
        frame: Rows of :func:`load_composition`.
        by: Further keys (e.g. ``["product"]``) within which a period is chosen.

    Example:
        >>> rows = pd.DataFrame({"jalali_year": pd.array([1399, 1399, 1400], dtype="Int64"),
        ...     "jalali_month_first": pd.array([1, 1, 1], dtype="Int64"),
        ...     "jalali_month_last": pd.array([8, 12, 6], dtype="Int64"), "value": [1., 2., 3.]})
        >>> best_period(rows)[["jalali_year", "coverage", "value"]].values.tolist()
        [[1399, 'full year', 2.0], [1400, 'months 1-6', 3.0]]
    """
    keys = ["jalali_year", *by]
    eligible = frame[_whole_month_rows(frame) & frame["jalali_month_first"].eq(1)]
    if eligible.empty:
        return eligible.assign(coverage=pd.Series(dtype="string"))
    longest = eligible.groupby(keys, dropna=False)["jalali_month_last"].transform("max")
    chosen = eligible[eligible["jalali_month_last"].eq(longest)]
    coverage = [
        coverage_text(int(a), int(b))
        for a, b in zip(chosen["jalali_month_first"], chosen["jalali_month_last"], strict=True)
    ]
    return chosen.assign(coverage=pd.array(coverage, dtype="string"))


def _year_filter(function: str, years: object) -> list[int] | None:
    """The years a ``years=`` argument keeps, or None for all; text is refused.

    A year written as text (``"1398"``, or ``["1398"]``) matches no integer ``jalali_year``,
    so filtering by it would silently return nothing (and a bare string would be read letter
    by letter); for text ranges use :func:`smeanalysis.calendar.parse_years` first.
    """
    if years is None:
        return None
    if isinstance(years, int | np.integer) and not isinstance(years, bool):
        return [int(years)]
    values = list(years) if isinstance(years, Iterable) and not isinstance(years, str) else None
    bad = (
        [years]
        if values is None
        else [y for y in values if isinstance(y, bool) or not isinstance(y, int | np.integer)]
    )
    if bad:
        raise ParameterError(
            [
                Problem(
                    None,
                    None,
                    "years",
                    f"{year!r} ({type(year).__name__})",
                    "an integer Iranian year such as 1398, a list of them, or None for all "
                    "(text such as '1395-1398' goes through calendar.parse_years first)",
                )
                for year in bad
            ],
            summary=f"{function}(): years= must hold integer Iranian years:",
        )
    return [int(y) for y in values or []]


def _select(
    frame: pd.DataFrame,
    *,
    scope: str,
    flow: str,
    indicator: str,
    years: Iterable[int] | None,
) -> pd.DataFrame:
    if scope not in SCOPES:
        raise SmeAnalysisError(
            [Problem(None, None, "scope", repr(scope), "a scope listed in composition.SCOPES")]
        )
    if scope in MIRROR_SCOPES:
        raise SmeAnalysisError(
            [
                Problem(
                    None,
                    None,
                    "scope",
                    repr(scope),
                    "a customs scope (mirror and tracking data run on Gregorian periods)",
                )
            ]
        )
    rows = frame[
        frame["scope"].eq(scope) & frame["flow"].eq(flow) & frame["indicator"].eq(indicator)
    ]
    if years is not None:
        rows = rows[rows["jalali_year"].isin(list(years))]
    return rows


def destinations_by_year(
    frame: pd.DataFrame,
    *,
    scope: str = "non_oil",
    flow: str = "export",
    years: int | Iterable[int] | None = None,
    min_partners: int = 3,
    min_named_share: float = 30.0,
) -> pd.DataFrame:
    """Export values by destination country, one period and one release per Iranian year.

    A *release* is one source page's destination values for one period (whole months from
    Farvardin). A release qualifies as a destination breakdown when it names at least
    ``min_partners`` countries and, when a world total for its period is known, those
    countries make at least ``min_named_share`` % of it (this keeps out pages about one
    bloc, e.g. the Eurasian Economic Union, whose members are small partners). Per year the
    qualifying release with the longest period wins (the full year if any), then the one
    naming the largest total value, then the later publication, then the URL. So one year's
    figures come from one page and one period; other pages for the same period show up in
    :func:`contradictions`. The world total is that page's own, else the latest-published
    other page's for the same period (``total_source_url`` names it); NA when none gives it.

    Args:
        frame: Rows of :func:`load_composition`.
        scope: One customs scope (default ``non_oil``); mirror scopes are refused.
        flow: ``export`` or ``import``.
        years: Iranian years to keep (integers, or one integer); all when ``None``.
        min_partners: Fewest countries a release must name.
        min_named_share: Smallest share (%) of the world total the named countries must make.

    Returns:
        Columns ``jalali_year``, ``coverage``, ``period_label``, ``partner``, ``value``
        (usd), ``qualifier``, ``world_total``, ``source_url``, ``total_source_url``,
        ``row_id``, ordered by year and descending value. Years without a qualifying
        release are absent.

    Raises:
        ParameterError: ``years`` holds text (``"1398"``) or another non-integer.

    Example:
        >>> table = load_composition()
        >>> d = destinations_by_year(table, years=[1399])
        >>> d.loc[0, "coverage"], d.loc[0, "partner"]
        ('full year', 'China')
    """
    years = _year_filter("destinations_by_year", years)
    rows = _select(frame, scope=scope, flow=flow, indicator="value", years=years)
    rows = rows[
        rows["product"].eq("All") & _whole_month_rows(rows) & rows["jalali_month_first"].eq(1)
    ]
    countries = rows[is_country(rows["partner"])]
    totals = rows[rows["partner"].eq("World")].sort_values(
        ["published", "source_url"], ascending=[False, True], na_position="last"
    )
    columns = [
        "jalali_year",
        "coverage",
        "period_label",
        "partner",
        "value",
        "qualifier",
        "world_total",
        "source_url",
        "total_source_url",
        "row_id",
    ]
    period = ["jalali_year", "jalali_month_last"]
    releases = (
        countries.groupby([*period, "source_url"])
        .agg(
            partners=("partner", "nunique"),
            named=("value", "sum"),
            published=("published", "max"),
        )
        .reset_index()
    )
    own_total = totals.drop_duplicates([*period, "source_url"])[[*period, "source_url", "value"]]
    any_total = totals.drop_duplicates(period)[[*period, "source_url", "value"]]
    releases = releases.merge(
        own_total.rename(columns={"value": "own_total"}),
        on=[*period, "source_url"],
        how="left",
        validate="1:1",
    ).merge(
        any_total.rename(columns={"value": "other_total", "source_url": "other_url"}),
        on=period,
        how="left",
        validate="m:1",
    )
    has_own = releases["own_total"].notna()
    releases["world_total"] = releases["own_total"].where(has_own, releases["other_total"])
    releases["total_source_url"] = releases["source_url"].where(has_own, releases["other_url"])
    share = 100 * releases["named"] / releases["world_total"]
    qualifies = releases["partners"].ge(min_partners) & (
        releases["world_total"].isna() | share.ge(min_named_share)
    )
    chosen = (
        releases[qualifies]
        .sort_values(
            ["jalali_year", "jalali_month_last", "named", "published", "source_url"],
            ascending=[True, False, False, False, True],
            na_position="last",
        )
        .drop_duplicates("jalali_year")
    )
    result = countries.merge(
        chosen[[*period, "source_url", "world_total", "total_source_url"]],
        on=[*period, "source_url"],
        how="inner",
        validate="m:1",
    )
    coverage = [
        coverage_text(int(a), int(b))
        for a, b in zip(result["jalali_month_first"], result["jalali_month_last"], strict=True)
    ]
    result = result.assign(
        jalali_year=result["jalali_year"].astype("Int64"),
        coverage=pd.array(coverage, dtype="string"),
        total_source_url=result["total_source_url"].astype("string"),
    )
    return (
        result[columns]
        .sort_values(["jalali_year", "value", "partner"], ascending=[True, False, True])
        .reset_index(drop=True)
    )


def _world_shares(destinations: pd.DataFrame) -> pd.DataFrame:
    """Each destination's share of its year's world total, through :func:`metrics.share`.

    ``metrics.share`` divides a row by its group's sum, so each year with a world total gets
    one more row for the part of the total its page did not name (world total minus the named
    values): the group's sum is then the world total. Years without a world total get no
    share (NA), never a share of the named values passed off as one of the total.

    Returns:
        ``destinations`` (same index and order) with a float column ``share`` (0-1).
    """
    rows = destinations.reset_index(drop=True)
    years = rows.groupby("jalali_year", sort=True).agg(
        named=("value", "sum"), world_total=("world_total", "first")
    )
    known = years[years["world_total"].notna()]
    with_total = rows[rows["jalali_year"].isin(known.index)]
    parts = pd.DataFrame(
        {
            "jalali_year": [*with_total["jalali_year"], *known.index],
            "value": [*with_total["value"], *(known["world_total"] - known["named"])],
            # The named rows' positions; -1 marks the unnamed rest of a year's total.
            "position": [*with_total.index, *[-1] * len(known)],
        }
    ).astype({"jalali_year": "int64", "value": "float64", "position": "int64"})
    shares = metrics.share(parts, value="value", within="jalali_year", missing="raise")
    named = shares[shares["position"] >= 0].set_index("position")["share"]
    share = named.reindex(rows.index).astype("float64").to_numpy()
    return destinations.assign(share=share)


def top_partners(destinations: pd.DataFrame, n: int = 5) -> pd.DataFrame:
    """The ``n`` largest destinations per year, with their share of the world total (%).

    The share is :func:`smeanalysis.metrics.share` of the year's world total (the part the
    page did not name counts in the total); NA in a year without a world total.

    Args:
        destinations: Output of :func:`destinations_by_year`.
        n: How many partners per year.

    Returns:
        The top rows of ``destinations`` per year, largest first, with ``rank`` (1 = the
        largest) and ``share_pct`` (% of the world total).

    Example:
        >>> d = pd.DataFrame({"jalali_year": [1399] * 3, "partner": ["A", "B", "C"],
        ...     "value": [5.0, 3.0, 1.0], "world_total": [10.0] * 3})
        >>> top_partners(d, 2)[["partner", "rank", "share_pct"]].values.tolist()
        [['A', 1, 50.0], ['B', 2, 30.0]]
    """
    shared = _world_shares(destinations)
    ordered = shared.sort_values(["jalali_year", "value"], ascending=[True, False])
    top = ordered.groupby("jalali_year", sort=True).head(n)
    rank = top.groupby("jalali_year").cumcount() + 1
    return (
        top.assign(rank=rank.astype("int64"), share_pct=100 * top["share"])
        .drop(columns="share")
        .reset_index(drop=True)
    )


#: The columns :func:`concentration` returns, in order.
CONCENTRATION_COLUMNS = (
    "jalali_year",
    "coverage",
    "partners_named",
    "top_n_named",
    "top_value",
    "world_total",
    "top_share_pct",
    "named_share_pct",
    "hhi_named",
    "source_url",
    "total_source_url",
)


def concentration(destinations: pd.DataFrame, n: int = 5) -> pd.DataFrame:
    """Top-``n`` share and the HHI of destinations per year, from named partners.

    Computed with :mod:`smeanalysis.metrics` (pandas route) with ``missing="raise"``: a
    destination without a value is an error, never skipped.

    * ``named_share_pct``: the named destinations' part of the world total (%), from
      :func:`~smeanalysis.metrics.share` with the unnamed rest as one more row.
    * ``top_share_pct``: the ``n`` largest named destinations over the world total (%):
      :func:`~smeanalysis.metrics.top_share` among the named destinations, times their
      part of the world total.
    * ``hhi_named``: the sum of squared shares of the world total (in %, so 0-10,000) of the
      *named* destinations only: :func:`~smeanalysis.metrics.hhi` among the named
      destinations (shares of their own sum ``S``) times ``(S / W)**2``, since
      ``sum((v/W)**2) = (S/W)**2 * sum((v/S)**2)`` for a world total ``W``. Sources name a
      handful of partners, so this is a lower bound of the true HHI (the unnamed remainder
      can only add to it).

    All three are NA in a year without a world total.

    Args:
        destinations: Output of :func:`destinations_by_year`.
        n: How many partners make the top share.

    Returns:
        One row per year with :data:`CONCENTRATION_COLUMNS`: ``jalali_year``, ``coverage``,
        ``partners_named``, ``top_n_named`` (how many partners the top share really sums:
        fewer than ``n`` when the source named fewer, so the share is then a lower bound),
        ``top_value``, ``world_total``, ``top_share_pct``, ``named_share_pct``,
        ``hhi_named``, ``source_url``, ``total_source_url``.

    Example:
        >>> d = pd.DataFrame({"jalali_year": [1399] * 3, "coverage": ["full year"] * 3,
        ...     "partner": ["A", "B", "C"], "value": [5.0, 3.0, 1.0], "world_total": [10.0] * 3,
        ...     "source_url": ["u"] * 3, "total_source_url": ["u"] * 3})
        >>> row = concentration(d, 2).iloc[0]
        >>> round(float(row["top_share_pct"]), 9), round(float(row["hhi_named"]), 6)
        (80.0, 3500.0)
    """
    if destinations.empty:
        return pd.DataFrame({column: [] for column in CONCENTRATION_COLUMNS})
    ordered = destinations.sort_values(["jalali_year", "value"], ascending=[True, False])
    years = ordered.groupby("jalali_year", sort=True)
    summary = years.agg(
        coverage=("coverage", "first"),
        partners_named=("partner", "size"),
        world_total=("world_total", "first"),
        source_url=("source_url", "first"),
        total_source_url=("total_source_url", "first"),
    )
    summary["partners_named"] = summary["partners_named"].astype("int64")
    summary["top_n_named"] = summary["partners_named"].clip(upper=n)
    summary["top_value"] = years.head(n).groupby("jalali_year")["value"].sum()
    keys = {"value": "value", "by": "partner", "within": "jalali_year", "missing": "raise"}
    among = metrics.top_share(destinations, n=n, **keys).set_index("jalali_year")["top_share"]
    hhi = metrics.hhi(destinations, **keys).set_index("jalali_year")["hhi"]
    named = _world_shares(destinations).groupby("jalali_year")["share"].sum(min_count=1)
    summary["top_share_pct"] = 100 * among * named
    summary["named_share_pct"] = 100 * named
    summary["hhi_named"] = hhi * named**2
    return summary.reset_index().loc[:, list(CONCENTRATION_COLUMNS)]


def _match_rules(
    scope: pd.Series,
    product: pd.Series,
    rules: Sequence[tuple[str, frozenset[str], str | None]],
) -> pd.Series:
    result = pd.Series(pd.NA, index=scope.index, dtype="string")
    for group, scopes, pattern in rules:
        hit = scope.isin(scopes).fillna(False)
        if pattern is not None:
            hit &= product.str.contains(pattern, case=False, regex=True).fillna(False)
        result = result.mask(hit & result.isna(), group)
    return result


def product_group(scope: pd.Series, product: pd.Series) -> pd.Series:
    """Map ``scope``/``product`` to the :data:`PRODUCT_GROUPS` group; NA when none fits.

    Example:
        >>> product_group(pd.Series(["non_oil", "carpet", "non_oil"]),
        ...               pd.Series(["Methanol", "Handmade carpets", "All"])).tolist()
        ['Petrochemicals and chemicals', 'Carpets and handicrafts', <NA>]
    """
    return _match_rules(scope.astype("string"), product.astype("string"), PRODUCT_GROUPS)


def sme_goods_group(scope: pd.Series, product: pd.Series) -> pd.Series:
    """Map ``scope``/``product`` to the SME-typical goods of :data:`SME_GOODS`; NA if none.

    Example:
        >>> sme_goods_group(pd.Series(["footwear", "carpet", "petrochemical"]),
        ...                 pd.Series(["Bags and shoes", "Handwoven carpets", "Methanol"])).tolist()
        ['handbags', 'rugs', <NA>]
    """
    return _match_rules(scope.astype("string"), product.astype("string"), SME_GOODS)


def _world_values(frame: pd.DataFrame, flow: str, years: Iterable[int] | None) -> pd.DataFrame:
    # Outcomes only: a plan or target ("planned (target)") is not an export.
    target = frame["qualifier"].str.contains("target", case=False).fillna(False)
    rows = frame[
        ~target
        & frame["flow"].eq(flow)
        & frame["indicator"].eq("value")
        & frame["partner"].eq("World")
        & ~frame["scope"].isin(MIRROR_SCOPES)
    ]
    if years is not None:
        rows = rows[rows["jalali_year"].isin(list(years))]
    return rows


def _grouped_world_values(frame, flow, years, grouper) -> pd.DataFrame:
    """World values of each group (named by ``grouper``) per year, from the best period."""
    rows = _world_values(frame, flow, years)
    rows = rows.assign(group=grouper(rows["scope"], rows["product"]))
    rows = best_period(rows[rows["group"].notna()], by=["group"])
    columns = [
        "jalali_year",
        "group",
        "coverage",
        "scope",
        "product",
        "value",
        "qualifier",
        "speaker",
        "source_url",
        "row_id",
    ]
    return rows[columns].sort_values(["jalali_year", "group", "value"]).reset_index(drop=True)


def product_groups(
    frame: pd.DataFrame, *, flow: str = "export", years: int | Iterable[int] | None = None
) -> pd.DataFrame:
    """World export values by product group, the most complete period per group and year.

    Rows are those with partner ``World``, indicator ``value`` and a :data:`PRODUCT_GROUPS`
    group (mirror and tracking scopes excluded). Per group and year the most complete period
    is kept (:func:`best_period`); every source for it stays, so disagreeing figures sit side
    by side. Groups come from different agencies' baskets and do not add up to the total.

    Returns:
        Columns ``jalali_year``, ``group``, ``coverage``, ``scope``, ``product``, ``value``,
        ``qualifier``, ``speaker``, ``source_url``, ``row_id``.

    Raises:
        ParameterError: ``years`` holds text (``"1398"``) or another non-integer.

    Example:
        >>> g = product_groups(load_composition(), years=[1397])
        >>> "Plastics and polymers" in set(g["group"])
        True
    """
    return _grouped_world_values(frame, flow, _year_filter("product_groups", years), product_group)


def sme_goods(
    frame: pd.DataFrame, *, flow: str = "export", years: int | Iterable[int] | None = None
) -> pd.DataFrame:
    """National export values of SMEs' typical goods, most complete period per group and year.

    These are national figures for the goods ISIPO names as SMEs' main exports (made by firms
    of every size), not SME exports: the table has no SME export values by product.

    Returns:
        Columns as :func:`product_groups`, with ``group`` from :data:`SME_GOODS`.

    Raises:
        ParameterError: ``years`` holds text (``"1398"``) or another non-integer.

    Example:
        >>> s = sme_goods(load_composition(), years=[1400])
        >>> sorted(set(s["group"]))
        ['handbags', 'household appliances', 'plastics', 'rugs']
    """
    return _grouped_world_values(frame, flow, _year_filter("sme_goods", years), sme_goods_group)


def sme_destinations(frame: pd.DataFrame) -> pd.DataFrame:
    """SME exports (scope ``sme``) by destination, every period and source as recorded.

    Returns:
        Columns ``jalali_year``, ``period_label``, ``period_start``, ``period_end``,
        ``partner``, ``value``, ``world_total`` (the same page's SME total for the same
        period, NA when it gives none), ``share_pct``, ``source_url``, ``row_id``.

    Example:
        >>> s = sme_destinations(load_composition())
        >>> sorted(set(s["jalali_year"].dropna().astype(int)))
        [1398, 1399]
    """
    rows = frame[
        frame["scope"].eq("sme") & frame["flow"].eq("export") & frame["indicator"].eq("value")
    ]
    keys = ["source_url", "period_start", "period_end"]
    totals = rows[rows["partner"].eq("World")][[*keys, "value"]].drop_duplicates(keys)
    partners = rows[is_country(rows["partner"])]
    merged = partners.merge(
        totals.rename(columns={"value": "world_total"}), on=keys, how="left", validate="m:1"
    )
    merged = merged.assign(share_pct=100 * merged["value"] / merged["world_total"])
    columns = [
        "jalali_year",
        "period_label",
        "period_start",
        "period_end",
        "partner",
        "value",
        "world_total",
        "share_pct",
        "source_url",
        "row_id",
    ]
    return (
        merged[columns]
        .sort_values(["period_start", "source_url", "value"], ascending=[True, True, False])
        .reset_index(drop=True)
    )


def contradictions(
    frame: pd.DataFrame,
    *,
    key: Sequence[str] | None = None,
    tolerances: Tolerances | None = None,
) -> pd.DataFrame:
    """Figures for the same thing and period that cannot all be right, side by side.

    Two rows describe the same thing when they share flow, scope, partner, product,
    indicator and the same Gregorian period. Each figure is read as the interval its
    stated precision and hedge word allow (:func:`smeanalysis.qualifiers.statement_interval`,
    the reading :func:`smeanalysis.reconcile.check` uses), so "27 billion" and "27.04
    billion", or "over 5.3" and "5.5", agree. A set contradicts when two of its intervals do
    not overlap; every figure of such a set is shown, agreeing ones included. Rows with an
    unknown period are left out (they cannot be placed).

    Args:
        frame: Rows of :func:`load_composition`.
        key: The columns that define "the same thing"; the default above.
        tolerances: How wide hedged and rounded figures are read; defaults when ``None``.

    Returns:
        One row per figure in a contradicting set, with ``set_id`` (1, 2, ...), the key
        columns, ``period_label``, ``value``, ``qualifier``, ``low`` and ``high`` (the
        interval), ``speaker``, ``source_url``, ``row_id``; ordered by period and set.

    Example:
        >>> rows = pd.DataFrame({"flow": "export", "scope": "non_oil", "product": "All",
        ...     "indicator": "value", "period_start": pd.Timestamp("2020-03-20"),
        ...     "period_end": pd.Timestamp("2020-11-20"), "jalali_year": 1399,
        ...     "period_label": "1399 first 8 months", "speaker": None, "row_id": [1, 2, 3, 4],
        ...     "partner": ["China", "China", "Iraq", "Iraq"],
        ...     "value": [5.3e9, 4.4e9, 2.7e9, 2.704e9], "qualifier": None,
        ...     "source_url": ["https://a.example/1", "https://b.example/2"] * 2})
        >>> contradictions(rows)[["set_id", "partner", "value", "low", "high"]]
           set_id partner         value           low          high
        0       1   China  4.400000e+09  4.350000e+09  4.450000e+09
        1       1   China  5.300000e+09  5.250000e+09  5.350000e+09
    """
    tol = tolerances or Tolerances()
    key = list(
        key
        or (
            "flow",
            "scope",
            "partner",
            "product",
            "indicator",
            "period_start",
            "period_end",
        )
    )
    dated = frame[frame["period_start"].notna() & frame["period_end"].notna()]
    intervals = [
        statement_interval(float(v), normalize_qualifier(q), tol)
        for v, q in zip(dated["value"], dated["qualifier"].astype(object), strict=True)
    ]
    dated = dated.assign(
        low=pd.Series([i[0] for i in intervals], index=dated.index, dtype="float64"),
        high=pd.Series([i[1] for i in intervals], index=dated.index, dtype="float64"),
    )
    groups = dated.groupby(key, dropna=False, sort=False)
    # ngroup numbers the groups in the order iterating over them gives.
    conflicting = {number: _intervals_conflict(g) for number, (_, g) in enumerate(groups)}
    keep = groups.ngroup().map(conflicting).astype(bool)
    order = [c for c in ("period_start", "period_end") if c in key]
    sets = dated[keep.to_numpy()].sort_values([*order, *key, "value"])
    # Number the sets in the order they appear, so set 1 is the earliest period.
    set_id = sets.groupby(key, dropna=False, sort=False).ngroup() + 1
    columns = [
        "set_id",
        "jalali_year",
        *[c for c in key if c != "jalali_year"],
        "period_label",
        "value",
        "qualifier",
        "low",
        "high",
        "speaker",
        "source_url",
        "row_id",
    ]
    result = sets.assign(set_id=set_id.astype("int64"))[columns]
    return result.sort_values(["set_id", "value"], kind="stable").reset_index(drop=True)


def _intervals_conflict(group: pd.DataFrame) -> bool:
    """Whether two figures of a group have intervals that do not overlap."""
    spans = list(zip(group["low"], group["high"], strict=True))
    return any(not intervals_overlap(a, b) for a, b in combinations(spans, 2))

"""The official-figures fact base: load, check and type the statements of Iranian officials.

The shipped fact base is ``data/raw/official_figures.csv`` (the research table, byte-identical
and never edited) with ``data/corrections/official_figures.csv`` applied on load: each
correction names the row, the column, the text it expects to find (checked: a mismatch is an
error), the replacement, the reason and the page that was checked. An analyst's own file in
the same raw layout (the 11 columns of the research table) loads without corrections.

Every cell is read as text (``dtype=str``, ``keep_default_na=False``) and converted here, so
nothing is coerced silently. A number or date written in Persian or Arabic-Indic digits
(``۱۲۰۰``, ``۲۰۲۱-۰۱-۱۰``) is read as ASCII and reported: a
:class:`~smeanalysis.tables.NormalizationWarning` once per file, and
``frame.attrs["normalizations"]``, one record per cell (file, line, column, kind, count,
found, read_as; a byte-order mark and CRLF line ends are recorded there too, per file). Other
cells with such digits (``۱٬۲۰۰``, like ``1,200``) are rejected as written. A bad file raises
one :class:`~smeanalysis.errors.SmeAnalysisError` listing every problem with file, line,
column, what was found and what was expected; :func:`validate_file` returns the same
problems as a list.

The columns, their dtypes and the indicators are described once, in
:mod:`smeanalysis.dictionary`; the Jalali columns come from :mod:`smeanalysis.calendar` and the
province codes from :mod:`smeanalysis.provinces`.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from os import PathLike
from pathlib import Path

import numpy as np
import pandas as pd

from smeanalysis import provinces
from smeanalysis.calendar import JalaliPeriod, to_jalali
from smeanalysis.dictionary import INDICATORS, TABLES, UNITS, pandera_schema
from smeanalysis.errors import Problem, SmeAnalysisError
from smeanalysis.paths import DATA_DIR
from smeanalysis.tables import (
    URL_PATTERN,
    NormalizationWarning,
    TextTable,
    problems_at,
    read_corrections,
    read_text,
    schema_problems,
    show,
)
from smeanalysis.tables import apply_corrections as _apply_corrections

__all__ = [
    "COLUMNS",
    "CORRECTION_COLUMNS",
    "DEFAULT_CORRECTIONS",
    "DEFAULT_PATH",
    "RAW_COLUMNS",
    "NormalizationWarning",
    "facts_years",
    "load_corrections",
    "load_facts",
    "validate_file",
]

_TABLE = TABLES["official_figures"]
_CORRECTIONS_TABLE = TABLES["official_figures_corrections"]

#: Columns of the loaded fact table, in order (docs/DEVELOPING.md, "The fact table").
COLUMNS: tuple[str, ...] = _TABLE.columns
#: Columns of a facts file on disk: the research table's layout.
RAW_COLUMNS: tuple[str, ...] = tuple(_TABLE.raw_columns or ())
#: Columns of the corrections file.
CORRECTION_COLUMNS: tuple[str, ...] = _CORRECTIONS_TABLE.columns

#: The shipped research table (never edited).
DEFAULT_PATH = DATA_DIR / "raw" / "official_figures.csv"
#: The corrections applied to :data:`DEFAULT_PATH` on load.
DEFAULT_CORRECTIONS = DATA_DIR / "corrections" / "official_figures.csv"

# ASCII digits only (never \d, which takes Persian digits): a cell in Persian or Arabic-Indic
# digits reaches these checks only when the shared reader could not read it as a plain number
# or date (smeanalysis.tables, "Normalisations"), and is then rejected as written.
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_URL = re.compile(URL_PATTERN)
_DATE_COLUMNS = ("published", "period_start", "period_end")
_REQUIRED_TEXT = ("period_label", "geography", "indicator", "value", "unit", "source_url")
_NATIONAL = "Iran"


#: The shared readers, under the names this module has always used.
_Read = TextTable
_show = show
_problems_at = problems_at
_read_text = read_text


def _closest(word: str, choices: Sequence[str]) -> list[str]:
    return difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)


# ---------------------------------------------------------------------------------------------
# Corrections
# ---------------------------------------------------------------------------------------------


def _read_corrections(path: Path) -> tuple[pd.DataFrame | None, np.ndarray, list[Problem]]:
    return read_corrections(path, _CORRECTIONS_TABLE, RAW_COLUMNS)


def load_corrections(path: str | PathLike[str] | None = None) -> pd.DataFrame:
    """Load the corrections table (default: the shipped one), validated and typed.

    Args:
        path: A corrections CSV with the columns :data:`CORRECTION_COLUMNS`; None for
            :data:`DEFAULT_CORRECTIONS`.

    Returns:
        One row per corrected cell: ``fact_id`` (int64) and string columns ``column``,
        ``found`` (empty text: the cell was empty), ``replacement``, ``reason``,
        ``checked_url``.

    Raises:
        SmeAnalysisError: Every problem in the file, with line and column.

    Example:
        >>> corrections = load_corrections()
        >>> list(corrections.columns)
        ['fact_id', 'column', 'found', 'replacement', 'reason', 'checked_url']
        >>> bool(corrections["checked_url"].str.startswith("http").all())
        True
    """
    frame, _, problems = _read_corrections(Path(path) if path else DEFAULT_CORRECTIONS)
    if problems:
        raise SmeAnalysisError(problems)
    assert frame is not None
    return pandera_schema(_CORRECTIONS_TABLE).validate(frame)


# ---------------------------------------------------------------------------------------------
# Checks on the text cells
# ---------------------------------------------------------------------------------------------


def _plain(value: str) -> str:
    return str(value)


def _check_cells(read: _Read, frame: pd.DataFrame) -> list[Problem]:
    """Every problem in the text cells of a raw-layout frame (corrections already applied)."""
    problems: list[Problem] = []
    empty = frame == ""

    for column in _REQUIRED_TEXT:
        problems += _problems_at(
            read,
            empty[column],
            column,
            frame[column],
            f"a value ({TABLES['official_figures'].field(column).description})",
        )

    dates = {}
    for column in _DATE_COLUMNS:
        text = frame[column]
        well_formed = text.str.fullmatch(_DATE.pattern).fillna(False).astype(bool)
        parsed = pd.to_datetime(text.where(well_formed), format="%Y-%m-%d", errors="coerce")
        bad = ~empty[column] & parsed.isna()
        problems += _problems_at(
            read, bad, column, text, "a real date as YYYY-MM-DD, or an empty cell"
        )
        dates[column] = parsed
    reversed_period = (dates["period_end"] < dates["period_start"]).fillna(False)
    problems += _problems_at(
        read,
        reversed_period,
        "period_end",
        frame["period_end"] + " (period_start " + frame["period_start"] + ")",
        "a period_end on or after period_start",
        _plain,
    )

    indicator = frame["indicator"]
    unknown = ~empty["indicator"] & ~indicator.isin(list(INDICATORS))
    for i in np.flatnonzero(unknown.to_numpy(dtype=bool)):
        name = indicator.iloc[i]
        match = _closest(name, list(INDICATORS))
        hint = f"; closest: {match[0]!r}" if match else ""
        problems.append(
            Problem(
                read.file,
                int(read.lines[i]),
                "indicator",
                repr(name),
                f"an indicator of the data dictionary (data/README.md){hint}",
            )
        )

    unit = frame["unit"]
    bad_unit = ~empty["unit"] & ~unit.isin(list(UNITS))
    problems += _problems_at(read, bad_unit, "unit", unit, f"one of {', '.join(UNITS)}")
    units_of = {name: item.units for name, item in INDICATORS.items()}
    kinds = indicator.map({name: item.kind for name, item in INDICATORS.items()})
    pairs = indicator + " " + unit
    allowed_pairs = [f"{name} {u}" for name, units in units_of.items() for u in units]
    mismatch_mask = ~unknown & ~bad_unit & ~empty["unit"] & ~pairs.isin(allowed_pairs)
    for i in np.flatnonzero(mismatch_mask.to_numpy(dtype=bool)):
        problems.append(
            Problem(
                read.file,
                int(read.lines[i]),
                "unit",
                f"{unit.iloc[i]!r} for indicator {indicator.iloc[i]!r}",
                " or ".join(units_of[indicator.iloc[i]]),
            )
        )

    text = frame["value"]
    numeric = text.str.fullmatch(_NUMBER.pattern).fillna(False).astype(bool)
    # Still holding Persian or Arabic-Indic digits: the reader could not read it as a number.
    foreign = text.str.contains("[\u06f0-\u06f9\u0660-\u0669]").fillna(False).astype(bool)
    plain = "a plain number with units expanded (1.6 billion dollars is 1600000000)"
    problems += _problems_at(read, ~empty["value"] & ~numeric & ~foreign, "value", text, plain)
    problems += _problems_at(
        read,
        ~empty["value"] & ~numeric & foreign,
        "value",
        text,
        f"{plain}, in digits 0-9 without separators (Persian or Arabic-Indic digits are read "
        "as 0-9 only in a plain number such as '۱۲۰۰'; see smeanalysis.units.normalize_digits)",
    )
    value = pd.to_numeric(text.where(numeric), errors="coerce")
    percent = unit == "percent"
    share = (kinds == "share") & percent
    growth = kinds == "growth"
    problems += _problems_at(
        read,
        (share & ((value > 100) | (value < 0))).fillna(False),
        "value",
        text + " percent",
        "a share from 0 to 100 percent",
        _plain,
    )
    problems += _problems_at(
        read,
        (growth & percent & (value < -100)).fillna(False),
        "value",
        text + " percent",
        "a change of -100 percent or more",
        _plain,
    )
    problems += _problems_at(
        read,
        (~growth & ~share & (value < 0)).fillna(False),
        "value",
        text + " " + unit,
        "a count or amount of 0 or more (only growth rates are negative)",
        _plain,
    )

    url = frame["source_url"]
    bad_url = ~empty["source_url"] & ~url.str.fullmatch(_URL.pattern).fillna(False).astype(bool)
    problems += _problems_at(
        read, bad_url, "source_url", url, "the page's address, starting http:// or https://"
    )

    geography = frame["geography"]
    codes = provinces.resolve(
        geography.where(~empty["geography"]), errors="coerce", allow_national=True
    )
    unknown_place = ~empty["geography"] & (geography != _NATIONAL) & codes.isna()
    for name in geography[unknown_place].unique():
        try:
            provinces.resolve(name)
            hint = ""
        except SmeAnalysisError as error:
            hint = error.problems[0].expected.partition(";")[2].strip() if error.problems else ""
        expected = f"'{_NATIONAL}' or one of Iran's 31 provinces" + (f" ({hint})" if hint else "")
        problems += _problems_at(
            read, unknown_place & (geography == name), "geography", geography, expected
        )
    return problems


# ---------------------------------------------------------------------------------------------
# Typing
# ---------------------------------------------------------------------------------------------


def _jalali_columns(start: pd.Series, end: pd.Series, kind: pd.Series) -> pd.DataFrame:
    """jalali_year, jalali_month_first, jalali_month_last from the period dates."""
    start_j, end_j = to_jalali(start), to_jalali(end)
    flow, stock = kind == "flow", kind == "stock"
    same_year = start_j["year"] == end_j["year"]
    year = end_j["year"].where((flow & same_year) | stock).astype("Int64")
    first = np.zeros(len(start), dtype=np.int64)
    last = np.zeros(len(start), dtype=np.int64)
    # Whole-month periods are few and repeat; ask the calendar once per distinct pair.
    pairs = pd.DataFrame({"start": start, "end": end})[flow.to_numpy(dtype=bool)]
    for (s, e), positions in pairs.groupby(["start", "end"], sort=False).indices.items():
        period = JalaliPeriod.from_dates(s, e)
        if period is not None:
            rows = np.flatnonzero(flow.to_numpy(dtype=bool))[positions]
            first[rows], last[rows] = period.first_month, period.last_month
    months = {
        name: pd.Series(pd.arrays.IntegerArray(values, values == 0), index=start.index)
        for name, values in (("jalali_month_first", first), ("jalali_month_last", last))
    }
    return pd.DataFrame({"jalali_year": year, **months})


def _typed(read: _Read, frame: pd.DataFrame) -> pd.DataFrame:
    """The fact table in the documented column order and dtypes (cells already checked)."""
    dates = {
        column: pd.to_datetime(frame[column].where(frame[column] != ""), format="%Y-%m-%d").astype(
            "datetime64[ns]"
        )
        for column in _DATE_COLUMNS
    }
    start, end = dates["period_start"], dates["period_end"]
    indicator_kind = frame["indicator"].map(lambda name: INDICATORS[name].kind)
    levels = indicator_kind.isin(["stock", "share"]).to_numpy(dtype=bool)
    kind = np.select(
        [
            (start.notna() & end.notna()).to_numpy(),
            (start.isna() & end.notna()).to_numpy(),
            (start.isna() & end.isna()).to_numpy() & levels,
        ],
        ["flow", "stock", "stock"],
        default="undated",
    )
    kind = pd.Series(kind, index=frame.index, dtype="string")
    national = frame["geography"] == _NATIONAL
    codes = provinces.resolve(frame["geography"].where(~national), errors="raise")
    optional = {
        c: frame[c].where(frame[c] != "").astype("string") for c in ("qualifier", "speaker")
    }
    out = pd.DataFrame(
        {
            "fact_id": np.arange(1, len(frame) + 1, dtype=np.int64),
            "published": dates["published"],
            "period_label": frame["period_label"].astype("string"),
            "period_start": start,
            "period_end": end,
            **_jalali_columns(start, end, kind),
            "period_kind": kind,
            "geography": frame["geography"].astype("string"),
            "province_code": pd.Series(codes, index=frame.index).astype("string"),
            "indicator": frame["indicator"].astype("string"),
            "value": frame["value"].astype("float64"),
            "unit": frame["unit"].astype("string"),
            **optional,
            "source_url": frame["source_url"].astype("string"),
        },
        index=frame.index,
    )
    return out.loc[:, list(COLUMNS)]


def _load(path: Path, corrections_path: Path | None) -> tuple[pd.DataFrame | None, list[Problem]]:
    read, problems = _read_text(path, RAW_COLUMNS)
    if read is None:
        return None, problems
    frame = read.frame
    normalizations = list(read.normalizations)
    if corrections_path is not None:
        corrections, lines, problems = _read_corrections(corrections_path)
        if corrections is None:
            return None, problems
        normalizations += corrections.attrs.get("normalizations", [])
        frame, problems = _apply_corrections(read, corrections, lines, str(corrections_path))
        if problems:
            return None, problems
    problems = _check_cells(read, frame)
    if problems:
        return None, problems
    facts = _typed(read, frame)
    problems = schema_problems(read, frame, facts, _TABLE)
    if problems:
        return None, problems
    facts.attrs["normalizations"] = normalizations
    return facts, []


def validate_file(path: str | PathLike[str]) -> list[Problem]:
    """Check a facts file in the raw layout (no corrections) and list every problem found.

    Args:
        path: A CSV with the 11 columns of the research table (:data:`RAW_COLUMNS`).

    Returns:
        The problems, each with file, line, column, what was found and what was expected;
        an empty list when the file loads cleanly.

    Example:
        >>> validate_file(DEFAULT_PATH)
        []
        >>> validate_file(DATA_DIR / "no-such.csv")[0].found
        'no such file'
    """
    return _load(Path(path), None)[1]


def load_facts(path: str | PathLike[str] | None = None) -> pd.DataFrame:
    """Load the fact table: the shipped fact base by default, or an analyst's own file.

    Args:
        path: None for the shipped ``data/raw/official_figures.csv`` with the corrections in
            ``data/corrections/official_figures.csv`` applied; or a CSV in the same raw layout
            (:data:`RAW_COLUMNS`, any column order), loaded without corrections.

    Returns:
        One row per statement with the columns :data:`COLUMNS` (docs/DEVELOPING.md, "The
        fact table"): dates as ``datetime64[ns]``, ``value`` as float64, Jalali year and
        months as ``Int64``, text as ``string`` (empty qualifier, speaker and province code
        are NA). ``attrs["normalizations"]`` lists what was read in another form than
        written (see the module doc); an empty list when nothing was.

    Raises:
        SmeAnalysisError: One error listing every problem (file, line, column, found,
            expected), including corrections whose ``found`` text no longer matches.

    Example:
        >>> facts = load_facts()
        >>> origin = facts[(facts.indicator == "sme_export_value")
        ...                & (facts.period_end == "2019-12-21")]
        >>> columns = ["value", "qualifier", "jalali_year", "jalali_month_last"]
        >>> print(origin[columns].to_string(index=False))
               value qualifier  jalali_year  jalali_month_last
        1600000000.0 more than         1398                  9
    """
    if path is None:
        facts, problems = _load(DEFAULT_PATH, DEFAULT_CORRECTIONS)
    else:
        facts, problems = _load(Path(path), None)
    if problems:
        raise SmeAnalysisError(problems)
    assert facts is not None
    return facts


def facts_years(facts: pd.DataFrame) -> list[int]:
    """The Iranian years present in a fact table's ``jalali_year`` column, ascending.

    Example:
        >>> years = facts_years(load_facts())
        >>> 1398 in years, years == sorted(years)
        (True, True)
    """
    if "jalali_year" not in facts.columns:
        raise SmeAnalysisError(
            [Problem(None, None, "jalali_year", "no such column", "a fact table from load_facts")]
        )
    return sorted(int(year) for year in facts["jalali_year"].dropna().unique())

"""The official-figures fact base: load, check and type the statements of Iranian officials.

The shipped fact base is two research tables, byte-identical and never edited, each with its
corrections applied on load (:data:`SHIPPED`): ``data/raw/official_figures.csv`` (614
statements, ``fact_id`` 1 to 614) and ``data/raw/official_figures_update_2026.csv`` (54
statements published 2025-10 to 2026-02, ``fact_id`` 615 on, in file order). Each correction
names the row, the column, the text it expects to find (checked: a mismatch is an error), the
replacement, the reason and the page that was checked. An analyst's own file in the same raw
layout (the 11 columns of the research table) loads without corrections, either instead of
the base (``load_facts(path)``) or after it (``load_facts(extra=...)``, ids continuing after
the last one). ``provenance`` names the file each statement came from.

``scope`` says which units a statement covers (the vocabulary is
``src/smeanalysis/registry/scopes.csv``, :data:`smeanalysis.dictionary.FACT_SCOPES`): the
scope read on the statement's page (``data/scope/official_figures_by_statement.csv``, shipped
files only, with the page's words), else the scope its indicator fixes
(``data/scope/official_figures_by_indicator.csv``), else ``unstated``. It is never guessed.

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
import hashlib
import re
from collections.abc import Sequence
from functools import cache
from os import PathLike
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd

from smeanalysis import provinces
from smeanalysis.calendar import JalaliPeriod, to_jalali
from smeanalysis.dictionary import FACT_SCOPES, INDICATORS, TABLES, UNITS, pandera_schema
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
    "SCOPE_BY_INDICATOR",
    "SCOPE_BY_STATEMENT",
    "SHIPPED",
    "UNSTATED",
    "UPDATE_CORRECTIONS",
    "UPDATE_PATH",
    "DataVersion",
    "NormalizationWarning",
    "data_version",
    "facts_years",
    "load_corrections",
    "load_facts",
    "load_scope_tables",
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
#: The statements published 2025-10 to 2026-02 (never edited), loaded after the base.
UPDATE_PATH = DATA_DIR / "raw" / "official_figures_update_2026.csv"
#: The corrections applied to :data:`UPDATE_PATH` on load.
UPDATE_CORRECTIONS = DATA_DIR / "corrections" / "official_figures_update_2026.csv"
#: The shipped fact base in fact_id order: (raw file, its corrections). The module's
#: DEFAULT_* and UPDATE_* names are read at each load, so a test may point them elsewhere.
SHIPPED: tuple[tuple[Path, Path], ...] = (
    (DEFAULT_PATH, DEFAULT_CORRECTIONS),
    (UPDATE_PATH, UPDATE_CORRECTIONS),
)
#: Scopes fixed by an indicator's definition (indicator, scope, reason).
SCOPE_BY_INDICATOR = DATA_DIR / "scope" / "official_figures_by_indicator.csv"
#: Scopes read on a shipped statement's page (file, row, indicator, scope, words, checked_url).
SCOPE_BY_STATEMENT = DATA_DIR / "scope" / "official_figures_by_statement.csv"
#: The scope of a statement whose page does not say.
UNSTATED = "unstated"

# ASCII digits only (never \d, which takes Persian digits): a cell in Persian or Arabic-Indic
# digits reaches these checks only when the shared reader could not read it as a plain number
# or date (smeanalysis.tables, "Normalisations"), and is then rejected as written.
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_URL = re.compile(URL_PATTERN)
_DATE_COLUMNS = ("published", "period_start", "period_end")
_REQUIRED_TEXT = ("period_label", "geography", "indicator", "value", "unit", "source_url")
_NATIONAL = provinces.NATIONAL


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


def _typed(
    read: _Read, frame: pd.DataFrame, first_id: int, provenance: str, scope: pd.Series
) -> pd.DataFrame:
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
            "fact_id": np.arange(first_id, first_id + len(frame), dtype=np.int64),
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
            "scope": pd.Series(scope.to_numpy(), index=frame.index, dtype="string"),
            "provenance": pd.Series(provenance, index=frame.index, dtype="string"),
        },
        index=frame.index,
    )
    return out.loc[:, list(COLUMNS)]


# ---------------------------------------------------------------------------------------------
# Scopes
# ---------------------------------------------------------------------------------------------

_BY_INDICATOR_TABLE = TABLES["official_figures_scope_by_indicator"]
_BY_STATEMENT_TABLE = TABLES["official_figures_scope_by_statement"]
_SHIPPED_NAMES = ("official_figures.csv", "official_figures_update_2026.csv")


def _scope_problems(read: _Read, frame: pd.DataFrame) -> list[Problem]:
    """Scope cells that are not in the vocabulary (registry/scopes.csv)."""
    names = list(FACT_SCOPES)
    problems = []
    for i in np.flatnonzero((~frame["scope"].isin(names)).to_numpy(dtype=bool)):
        found = frame["scope"].iloc[i]
        match = _closest(found, names)
        hint = f"; closest: {match[0]!r}" if match else ""
        problems.append(
            Problem(
                read.file,
                int(read.lines[i]),
                "scope",
                _show(found),
                f"a scope of src/smeanalysis/registry/scopes.csv: {', '.join(names)}{hint}",
            )
        )
    return problems


def _read_scope_tables(
    by_indicator: Path, by_statement: Path
) -> tuple[tuple[_Read, _Read] | None, list[Problem]]:
    """Read and check both scope tables; every problem with file, line and column."""
    problems: list[Problem] = []
    rules, found = _read_text(by_indicator, _BY_INDICATOR_TABLE.columns, allow_empty=True)
    problems += found
    rows, found = _read_text(by_statement, _BY_STATEMENT_TABLE.columns, allow_empty=True)
    problems += found
    if rules is None or rows is None:
        return None, problems
    frame = rules.frame
    problems += _scope_problems(rules, frame)
    unknown = ~frame["indicator"].isin(list(INDICATORS))
    problems += _problems_at(
        rules, unknown, "indicator", frame["indicator"], "an indicator of the data dictionary"
    )
    again = frame["indicator"].duplicated().to_numpy(dtype=bool)
    problems += _problems_at(
        rules, again, "indicator", frame["indicator"], "one rule per indicator"
    )
    problems += _problems_at(
        rules, frame["reason"].str.strip() == "", "reason", frame["reason"], "the reason"
    )
    frame = rows.frame
    problems += _scope_problems(rows, frame)
    problems += _problems_at(
        rows,
        ~frame["file"].isin(list(_SHIPPED_NAMES)),
        "file",
        frame["file"],
        f"a shipped raw file: {', '.join(_SHIPPED_NAMES)}",
    )
    problems += _problems_at(
        rows,
        ~frame["row"].str.fullmatch(r"[1-9][0-9]*").fillna(False).astype(bool),
        "row",
        frame["row"],
        "a data-row number (1 = first data row)",
    )
    again = (frame["file"] + "\x00" + frame["row"]).duplicated().to_numpy(dtype=bool)
    problems += _problems_at(rows, again, "row", frame["row"], "one scope per statement")
    problems += _problems_at(
        rows, frame["words"].str.strip() == "", "words", frame["words"], "the page's words"
    )
    bad_url = ~frame["checked_url"].str.fullmatch(_URL.pattern).fillna(False).astype(bool)
    problems += _problems_at(
        rows, bad_url, "checked_url", frame["checked_url"], "the page's address (http or https)"
    )
    return (rules, rows), problems


def load_scope_tables(
    by_indicator: str | PathLike[str] | None = None,
    by_statement: str | PathLike[str] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Load the two tables that give each statement its ``scope``, checked.

    Args:
        by_indicator: Scopes fixed by an indicator (columns indicator, scope, reason); None
            for :data:`SCOPE_BY_INDICATOR`.
        by_statement: Scopes read on a shipped statement's page (columns file, row,
            indicator, scope, words, checked_url); None for :data:`SCOPE_BY_STATEMENT`.

    Returns:
        The two tables as string frames (``row`` as int64).

    Raises:
        SmeAnalysisError: Every problem, with file, line and column: a scope not in
            ``registry/scopes.csv``, an unknown or repeated indicator, a repeated statement,
            an empty reason or words, a bad address.

    Example:
        >>> rules, pages = load_scope_tables()
        >>> rules.set_index("indicator").loc["units_in_parks_total", "scope"]
        'parks'
        >>> pages.set_index("row").loc[498, ["indicator", "scope"]].tolist()
        ['sme_export_value', 'parks']
    """
    tables, problems = _read_scope_tables(
        Path(by_indicator) if by_indicator else SCOPE_BY_INDICATOR,
        Path(by_statement) if by_statement else SCOPE_BY_STATEMENT,
    )
    if problems:
        raise SmeAnalysisError(problems)
    assert tables is not None
    rules, rows = (t.frame for t in tables)
    return rules, rows.assign(row=rows["row"].astype("int64"))


def _scopes(
    read: _Read, frame: pd.DataFrame, name: str | None, tables: tuple[_Read, _Read]
) -> tuple[pd.Series, list[Problem]]:
    """Each statement's scope: its page's (shipped file ``name`` only), its indicator's, or none.

    A by-statement row whose indicator or page differs from the statement's is a problem
    located in the scope table (the raw file or a correction moved under it).
    """
    rules, rows = tables
    by_indicator = dict(zip(rules.frame["indicator"], rules.frame["scope"], strict=True))
    scope = frame["indicator"].map(by_indicator).fillna(UNSTATED).astype("string")
    problems: list[Problem] = []
    if name is None:
        return scope, problems
    mine = rows.frame["file"] == name
    for position in np.flatnonzero(mine.to_numpy(dtype=bool)):
        entry = rows.frame.iloc[position]
        line = int(rows.lines[position])
        number = int(entry["row"])
        if number > len(frame):
            problems.append(
                Problem(
                    rows.file, line, "row", str(number), f"a data row of {name} (1 to {len(frame)})"
                )
            )
            continue
        statement = frame.iloc[number - 1]
        for column, own in (("indicator", "indicator"), ("checked_url", "source_url")):
            if entry[column] != statement[own]:
                problems.append(
                    Problem(
                        rows.file,
                        line,
                        column,
                        _show(entry[column]),
                        f"the statement's {own} ({read.file}, line {read.lines[number - 1]}): "
                        f"{_show(statement[own])}",
                    )
                )
        scope.iloc[number - 1] = entry["scope"]
    return scope, problems


# ---------------------------------------------------------------------------------------------
# Loading
# ---------------------------------------------------------------------------------------------


def _load(
    path: Path,
    corrections_path: Path | None,
    *,
    first_id: int = 1,
    provenance: str | None = None,
    shipped_name: str | None = None,
    scope_tables: tuple[_Read, _Read] | None = None,
    check_only: bool = False,
) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Read, correct, check and type one file; ``check_only`` stops after the cell checks."""
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
    if problems or check_only:
        return None, problems
    if scope_tables is None:
        scope_tables, problems = _read_scope_tables(SCOPE_BY_INDICATOR, SCOPE_BY_STATEMENT)
        if scope_tables is None or problems:
            return None, problems
    scope, problems = _scopes(read, frame, shipped_name, scope_tables)
    if problems:
        return None, problems
    facts = _typed(read, frame, first_id, provenance or str(path), scope)
    problems = schema_problems(read, frame, facts, _TABLE)
    if problems:
        return None, problems
    facts.attrs["normalizations"] = normalizations
    return facts, []


def _paths(files: str | PathLike[str] | Sequence[str | PathLike[str]] | None) -> list[Path]:
    if files is None:
        return []
    if isinstance(files, (str, PathLike)):
        return [Path(files)]
    return [Path(f) for f in files]


def validate_file(
    path: str | PathLike[str] | Sequence[str | PathLike[str]],
) -> list[Problem]:
    """Check facts files in the raw layout (no corrections) and list every problem found.

    Cheap enough to run before anything else (the command line's ``validate``, a report
    before its kernel starts): it reads and checks the cells only, without building the
    typed table or importing pandera. A file that passes loads with :func:`load_facts`, as
    the base (``path``) or on top of it (``extra``).

    Args:
        path: A CSV with the 11 columns of the research table (:data:`RAW_COLUMNS`), or a
            list of them (an analyst's extra files): every file is checked.

    Returns:
        The problems, each with file, line, column, what was found and what was expected;
        an empty list when every file is clean.

    Example:
        >>> validate_file(DEFAULT_PATH)
        []
        >>> validate_file([UPDATE_PATH, DATA_DIR / "no-such.csv"])[0].found
        'no such file'
    """
    problems: list[Problem] = []
    for file in _paths(path):
        problems += _load(file, None, check_only=True)[1]
    return problems


def load_facts(
    path: str | PathLike[str] | None = None,
    extra: str | PathLike[str] | Sequence[str | PathLike[str]] | None = None,
) -> pd.DataFrame:
    """Load the fact table: the shipped fact base, or an analyst's file, plus extra files.

    Args:
        path: None for the shipped fact base (:data:`SHIPPED`: the research table and its
            2026 update, each with its corrections applied); or a CSV in the same raw layout
            (:data:`RAW_COLUMNS`, any column order), loaded instead, without corrections.
        extra: An analyst's own statements to add after the base (``path`` or the shipped
            one): a CSV in the raw layout or a list of them, loaded without corrections and
            checked like the base. Their ``fact_id`` continue after the base's last one, in
            the order given; their ``provenance`` is the path as given.

    Returns:
        One row per statement with the columns :data:`COLUMNS` (docs/DEVELOPING.md, "The
        fact table"): dates as ``datetime64[ns]``, ``value`` as float64, Jalali year and
        months as ``Int64``, text as ``string`` (empty qualifier, speaker and province code
        are NA). ``fact_id`` is 1 to 614 for official_figures.csv and 615 on for
        official_figures_update_2026.csv; ``provenance`` is the file name of a shipped
        statement. ``attrs["normalizations"]`` lists what was read in another form than
        written (see the module doc); an empty list when nothing was.

    Raises:
        SmeAnalysisError: One error listing every problem (file, line, column, found,
            expected) of every file, including corrections whose ``found`` text no longer
            matches.

    Example:
        >>> facts = load_facts()
        >>> origin = facts[(facts.indicator == "sme_export_value")
        ...                & (facts.period_end == "2019-12-21")]
        >>> columns = ["value", "qualifier", "jalali_year", "jalali_month_last"]
        >>> print(origin[columns].to_string(index=False))
               value qualifier  jalali_year  jalali_month_last
        1600000000.0 more than         1398                  9
        >>> for name, ids in facts.groupby("provenance", sort=False)["fact_id"]:
        ...     print(name, ids.min(), ids.max())
        official_figures.csv 1 614
        official_figures_update_2026.csv 615 668
    """
    scope_tables, problems = _read_scope_tables(SCOPE_BY_INDICATOR, SCOPE_BY_STATEMENT)
    if scope_tables is None or problems:
        raise SmeAnalysisError(problems)
    if path is None:
        base = [
            (Path(DEFAULT_PATH), Path(DEFAULT_CORRECTIONS), _SHIPPED_NAMES[0]),
            (Path(UPDATE_PATH), Path(UPDATE_CORRECTIONS), _SHIPPED_NAMES[1]),
        ]
    else:
        base = [(Path(path), None, None)]
    jobs = [*base, *((file, None, None) for file in _paths(extra))]
    frames: list[pd.DataFrame] = []
    problems = []
    next_id = 1
    for file, corrections, name in jobs:
        facts, found = _load(
            file,
            corrections,
            first_id=next_id,
            provenance=name or str(file),
            shipped_name=name,
            scope_tables=scope_tables,
        )
        problems += found
        if facts is not None:
            frames.append(facts)
            next_id += len(facts)
        else:
            # Keep numbering after a bad file so every later problem is still reported.
            next_id += 1_000_000
    if problems:
        raise SmeAnalysisError(problems)
    if len(frames) == 1:
        return frames[0]
    out = pd.concat(frames, ignore_index=True)
    out.attrs["normalizations"] = [r for f in frames for r in f.attrs["normalizations"]]
    return out


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


class DataVersion(NamedTuple):
    """Which fact base a result was computed from: a content hash and its newest statement.

    Attributes:
        hash: the first 12 hex digits of a SHA-256 over the files read, names and bytes.
        newest: the latest ``published`` date of its statements (``YYYY-MM-DD``), or ``""``.
        files: the files hashed, in the order read.
    """

    hash: str
    newest: str
    files: tuple[str, ...]

    def text(self) -> str:
        """The version in words: ``data a1b2c3d4e5f6, statements to 2026-02-10``."""
        newest = f", statements to {self.newest}" if self.newest else ""
        return f"data {self.hash}{newest}"


def _version_files(
    path: str | PathLike[str] | None,
    extra: str | PathLike[str] | Sequence[str | PathLike[str]] | None,
) -> list[Path]:
    if path is None:
        base = [
            Path(f) for f in (DEFAULT_PATH, DEFAULT_CORRECTIONS, UPDATE_PATH, UPDATE_CORRECTIONS)
        ]
    else:
        base = [Path(path)]
    return [*base, *_paths(extra), Path(SCOPE_BY_INDICATOR), Path(SCOPE_BY_STATEMENT)]


@cache
def _newest(digest: str, path: str | None, extra: tuple[str, ...]) -> str:
    # Keyed by the content hash, so a changed file is read again.
    published = load_facts(path, extra=list(extra) or None)["published"].dropna()
    return "" if published.empty else published.max().strftime("%Y-%m-%d")


def data_version(
    path: str | PathLike[str] | None = None,
    extra: str | PathLike[str] | Sequence[str | PathLike[str]] | None = None,
) -> DataVersion:
    """The version of the fact base :func:`load_facts` reads with the same arguments.

    A page names it so that a reader can tell whether two pages stand on the same data: the
    hash covers every file read (raw tables, corrections, scope tables, an analyst's files),
    by name and content, and changes when any byte does.

    Example:
        >>> version = data_version()
        >>> len(version.hash), version.newest >= "2026-01-01", version == data_version()
        (12, True, True)
    """
    digest = hashlib.sha256()
    files = _version_files(path, extra)
    for file in files:
        digest.update(file.name.encode("utf-8") + b"\0")
        try:
            digest.update(file.read_bytes())
        except OSError as err:
            raise SmeAnalysisError(
                [Problem(str(file), None, None, type(err).__name__, "a readable facts file")]
            ) from None
        digest.update(b"\0")
    short = digest.hexdigest()[:12]
    extras = tuple(str(f) for f in _paths(extra))
    newest = _newest(short, None if path is None else str(path), extras)
    return DataVersion(short, newest, tuple(f.name for f in files))

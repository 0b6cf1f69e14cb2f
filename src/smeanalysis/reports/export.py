"""The fact base, the consolidated series and the findings as files for Excel, Stata and others.

:func:`export` writes three tables, the same rows in every format:

- ``facts``: :func:`smeanalysis.facts.load_facts` (one row per official statement);
- ``consolidated``: :func:`smeanalysis.reconcile.consolidate` of those facts (the one rule);
- ``findings``: :func:`smeanalysis.reconcile.check` of those facts;

and beside them the data dictionary: ``dictionary`` (table, column, label, description, dtype,
unit of every exported column; descriptions from :mod:`smeanalysis.dictionary`) and
``indicators`` (every indicator of the registry, with its English and Persian labels).

Formats:

- ``xlsx``: one workbook ``smeanalysis.xlsx``, a sheet per table, a ``README`` sheet first
  (licence, sources, the dictionary) and an ``indicators`` sheet (needs ``openpyxl``).
- ``dta``: Stata 118 files (UTF-8, so Persian text survives), one per table. Variable labels
  are the dictionary's descriptions, cut to Stata's 80 characters with ``...``; dates are
  Stata dates (``%td``); text longer than 2,045 bytes is stored as ``strL``.
- ``parquet``: one file per table (needs ``pyarrow``), pandas dtypes kept.
- ``csv``: one UTF-8 file per table, ISO dates, empty cells for missing values.

Cells holding tuples (``fact_ids``, ``sources``, the findings' ``values``, ...) become text
joined by ``"; "`` in every format, so each format holds the same values; a missing entry in
such a tuple is an empty string. Nothing else is changed: no row or column is dropped.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from smeanalysis import dictionary, facts, reconcile
from smeanalysis.errors import ParameterError, Problem

__all__ = [
    "FORMATS",
    "TABLE_NAMES",
    "check_format",
    "column_dictionary",
    "export",
    "indicator_table",
    "tables",
    "write",
]

#: The formats :func:`export` writes, with what each gives.
FORMATS: Mapping[str, str] = {
    "xlsx": "one Excel workbook: a sheet per table, a README sheet with the data dictionary",
    "dta": "Stata 118 files (UTF-8), one per table, variable labels from the data dictionary",
    "parquet": "Parquet files, one per table",
    "csv": "UTF-8 CSV files, one per table",
}
#: The data tables, in the order they are written.
TABLE_NAMES = ("facts", "consolidated", "findings")
#: Separator of the entries of a tuple cell.
JOIN = "; "
#: Stata's limits (version 118): variable names, labels, fixed-width strings (bytes).
STATA_NAME, STATA_LABEL, STATA_STR = 32, 80, 2045
#: Excel's limit on the characters of a cell.
EXCEL_CELL = 32767

# The columns of the consolidated series and the findings that the data dictionary does not
# register yet (reconcile's CONSOLIDATED_COLUMNS and FINDING_COLUMNS, as its docstrings state
# them); a column the dictionary registers is described from there instead.
_RECONCILE_COLUMNS = {
    "period_type": "flow (first and last day known), stock (a level at a date) or undated",
    "period": "the period as a reader says it (e.g. 1398, as of 2019-08)",
    "as_of": "a stock's as-of date (mid-month when only the month is known)",
    "rule": "how the statements became one figure (reconcile.CONSOLIDATION_RULES)",
    "low": "the lowest value the row's statements allow (precision and qualifiers included)",
    "high": "the highest value the row's statements allow (precision and qualifiers included)",
    "n_statements": "how many statements the row stands on",
    "n_sources": "how many independent sources (one speaker saying one figure counts once)",
    "fact_ids": "the statements involved (fact_id of the fact base), joined by '; '",
    "sources": "the public pages the statements were read from, joined by '; '",
    "flags": "the finding kinds that involve a statement of the row, joined by ';'",
    "kind": "the finding's kind (reconcile.FINDING_KINDS)",
    "severity": "high, medium or low from the gap between the statements; info when consistent",
    "values": "the values of the statements involved, in fact_ids order, joined by '; '",
    "units": "the units of the statements involved, in fact_ids order, joined by '; '",
    "qualifiers": "the hedge words of the statements involved, in fact_ids order",
    "speakers": "the speakers of the statements involved, in fact_ids order",
    "explanation": "the finding in words",
}


def tables(facts_table: pd.DataFrame | None = None) -> dict[str, pd.DataFrame]:
    """Return the three exported tables, tuple cells joined into text.

    Args:
        facts_table: A fact table; ``None`` loads the shipped fact base (``facts.load_facts()``).

    Example:
        >>> out = tables(facts.load_facts().head(6))
        >>> list(out), len(out["facts"])
        (['facts', 'consolidated', 'findings'], 6)
        >>> out["consolidated"]["fact_ids"].iloc[0]
        '1; 2; 3; 5; 6'
    """
    fact_table = facts.load_facts() if facts_table is None else facts_table
    with warnings.catch_warnings():
        # The unknown-qualifier warning is the reports' to show; the export keeps every row.
        warnings.simplefilter("ignore", UserWarning)
        consolidated = reconcile.consolidate(fact_table)
        findings = reconcile.check(fact_table)
    raw = {"facts": fact_table, "consolidated": consolidated, "findings": findings}
    return {name: _flatten(frame) for name, frame in raw.items()}


def _entry(value: object) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        return repr(value)
    return str(value)


def _flatten(frame: pd.DataFrame) -> pd.DataFrame:
    """Tuple and list cells as ``"; "``-joined text (a new frame; the input is not changed)."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object:
            cells = out[column].map(
                lambda v: JOIN.join(_entry(x) for x in v) if isinstance(v, tuple | list) else v
            )
            out[column] = cells.astype("string")
    return out


def _description(table: str, column: str) -> str:
    if column in dictionary.FIELDS:
        return " ".join(dictionary.FIELDS[column].description.split())
    return _RECONCILE_COLUMNS.get(column, "")


def column_dictionary(frames: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """One row per exported column: table, column, description, dtype, unit.

    Example:
        >>> frame = pd.DataFrame({"value": [1.0], "n_sources": [1]})
        >>> column_dictionary({"consolidated": frame})[["column", "dtype"]].values.tolist()
        [['value', 'float64'], ['n_sources', 'int64']]
    """
    rows = []
    for table, frame in frames.items():
        for column in frame.columns:
            registered = dictionary.FIELDS.get(column)
            rows.append(
                {
                    "table": table,
                    "column": column,
                    "description": _description(table, column),
                    "dtype": str(frame[column].dtype),
                    "unit": (registered.unit if registered else None) or "",
                }
            )
    return pd.DataFrame(rows, columns=["table", "column", "description", "dtype", "unit"]).astype(
        "string"
    )


def indicator_table() -> pd.DataFrame:
    """Every indicator of the registry: name, group, English and Persian labels, kind, units.

    Example:
        >>> table = indicator_table()
        >>> table.set_index("indicator").loc["sme_export_value", ["label", "units"]].tolist()
        ['SME exports', 'usd']
    """
    rows = [
        {
            "indicator": item.name,
            "group": item.group,
            "label": item.label,
            "label_fa": item.label_fa,
            "kind": item.kind,
            "units": JOIN.join(item.units),
            "description": " ".join(item.description.split()),
        }
        for item in dictionary.INDICATORS.values()
    ]
    return pd.DataFrame(rows).astype("string")


def check_format(fmt: str) -> str:
    """Return ``fmt`` when :func:`export` writes it; raise naming the formats otherwise.

    Example:
        >>> check_format("dta")
        'dta'
        >>> check_format("xls")
        Traceback (most recent call last):
        ...
        smeanalysis.errors.ParameterError: 1 problem:
          - column 'format': found 'xls', expected one of xlsx, dta, parquet, csv
    """
    if fmt not in FORMATS:
        raise ParameterError(
            [Problem(None, None, "format", repr(fmt), f"one of {', '.join(FORMATS)}")]
        )
    return fmt


def _readme_lines() -> list[str]:
    licence = dictionary.LICENSE
    return [
        "smeanalysis export: the official-figures fact base, the consolidated series and the "
        "findings (reconcile.consolidate and reconcile.check).",
        f"Data licence: {licence['name']} ({licence['path']}); cite the project (CITATION.cff) "
        "and keep each figure's source_url.",
        "Tuple cells (fact_ids, sources, values, ...) are joined by '; '. Empty cell = missing.",
        "Sheets: facts, consolidated, findings, indicators (the registry, English and Persian "
        "labels). The data dictionary of every column follows.",
    ]


def _label(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= STATA_LABEL else text[: STATA_LABEL - 3].rstrip() + "..."


def _write_xlsx(frames: Mapping[str, pd.DataFrame], extra: Mapping[str, pd.DataFrame], out: Path):
    path = out / "smeanalysis.xlsx"
    too_long = [
        Problem(
            str(path),
            None,
            f"{name}.{column}",
            f"a cell of {length} characters",
            f"at most {EXCEL_CELL}",
        )
        for name, frame in frames.items()
        for column in frame.columns
        if frame[column].dtype == "string"
        and (length := int(frame[column].str.len().max() or 0)) > EXCEL_CELL
    ]
    if too_long:
        raise ParameterError(too_long)
    notes = pd.DataFrame({"README": _readme_lines()})
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        notes.to_excel(writer, sheet_name="README", index=False)
        extra["dictionary"].to_excel(
            writer, sheet_name="README", index=False, startrow=len(notes) + 2
        )
        for name, frame in frames.items():
            frame.to_excel(writer, sheet_name=name, index=False)
        extra["indicators"].to_excel(writer, sheet_name="indicators", index=False)
    return [path]


def _stata_frame(frame: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, str], list[str]]:
    """Columns Stata can hold: text as object ("" for missing), nullable ints as float."""
    out, dates, strl = frame.copy(), {}, []
    for column in out.columns:
        series = out[column]
        if pd.api.types.is_datetime64_any_dtype(series):
            dates[column] = "td"
        elif isinstance(series.dtype, pd.StringDtype) or series.dtype == object:
            text = series.astype("string").fillna("")
            if int(text.map(lambda v: len(v.encode("utf-8"))).max() or 0) > STATA_STR:
                strl.append(column)
            out[column] = text.astype(object)
    return out, dates, strl


def _write_dta(frames: Mapping[str, pd.DataFrame], extra: Mapping[str, pd.DataFrame], out: Path):
    long_names = [
        Problem(None, None, f"{name}.{column}", f"{len(column)} characters", "at most 32")
        for name, frame in {**frames, **extra}.items()
        for column in frame.columns
        if len(column) > STATA_NAME
    ]
    if long_names:
        raise ParameterError(long_names)
    descriptions = extra["dictionary"]
    written = []
    for name, frame in {**frames, **extra}.items():
        rows = descriptions[descriptions["table"] == name]
        labels = {
            str(c): _label(str(d)) for c, d in zip(rows["column"], rows["description"], strict=True)
        }
        data, dates, strl = _stata_frame(frame)
        path = out / f"{name}.dta"
        data.to_stata(
            path,
            write_index=False,
            version=118,
            convert_dates=dates,
            convert_strl=strl,
            variable_labels={c: label for c, label in labels.items() if label},
            data_label=_label(f"smeanalysis {name} ({dictionary.LICENSE['name']})"),
        )
        written.append(path)
    return written


def _write_each(
    frames: Mapping[str, pd.DataFrame], extra: Mapping[str, pd.DataFrame], out: Path, fmt: str
) -> list[Path]:
    written = []
    for name, frame in {**frames, **extra}.items():
        path = out / f"{name}.{fmt}"
        if fmt == "parquet":
            frame.to_parquet(path, index=False)
        else:
            frame.to_csv(path, index=False, encoding="utf-8", date_format="%Y-%m-%d")
        written.append(path)
    return written


def write(fmt: str, frames: Mapping[str, pd.DataFrame], out_dir: str | Path) -> list[Path]:
    """Write tables (as :func:`tables` returns them) and their data dictionary in one format.

    Args:
        fmt: ``"xlsx"``, ``"dta"``, ``"parquet"`` or ``"csv"`` (:data:`FORMATS`).
        frames: Table name -> frame, tuple cells already joined (:func:`tables`).
        out_dir: Folder to write into (created if missing; files of the same name replaced).

    Raises:
        ParameterError: An unknown format, or a value the format cannot hold (a column name
            over Stata's 32 characters, a cell over Excel's 32,767).

    Example:
        >>> import tempfile
        >>> frames = {"facts": pd.DataFrame({"fact_id": [1], "speaker": ["وزیر"]})}
        >>> with tempfile.TemporaryDirectory() as folder:
        ...     [path.name for path in write("dta", frames, folder)]
        ['facts.dta', 'dictionary.dta', 'indicators.dta']
    """
    check_format(fmt)
    out = Path(out_dir)
    extra = {"dictionary": column_dictionary(frames), "indicators": indicator_table()}
    out.mkdir(parents=True, exist_ok=True)
    if fmt == "xlsx":
        return _write_xlsx(frames, extra, out)
    if fmt == "dta":
        return _write_dta(frames, extra, out)
    return _write_each(frames, extra, out, fmt)


def export(fmt: str, out_dir: str | Path, facts_table: pd.DataFrame | None = None) -> list[Path]:
    """Write the fact base, consolidated series and findings in one format; return the files.

    Args:
        fmt: ``"xlsx"``, ``"dta"``, ``"parquet"`` or ``"csv"`` (:data:`FORMATS`).
        out_dir: Folder to write into (created if missing; files of the same name replaced).
        facts_table: A fact table; ``None`` loads the shipped fact base.

    Raises:
        ParameterError: An unknown format, or a value the format cannot hold (see :func:`write`).

    Example:
        >>> import tempfile
        >>> with tempfile.TemporaryDirectory() as folder:
        ...     [p.name for p in export("csv", folder, facts.load_facts().head(3))]
        ['facts.csv', 'consolidated.csv', 'findings.csv', 'dictionary.csv', 'indicators.csv']
    """
    check_format(fmt)
    return write(fmt, tables(facts_table), out_dir)

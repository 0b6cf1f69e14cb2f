"""Transaction-level customs declarations: reading and validating extracts.

:func:`load_declarations` reads a CSV or Parquet extract of export declarations, checks every
row and returns a typed table: pandas by default, or a lazy Polars LazyFrame or DuckDB
relation for files larger than memory.

Schema of an extract (column names exactly as below, any order, extra columns kept as text):

=====================  ==========================================================================
column                 content
=====================  ==========================================================================
``declaration_date``   Jalali date ``1398/09/30`` (or ``1398-09-30``), years 1278-1480, or a
                       Gregorian date ``2019-12-21`` (or ``2019/12/21``), years 1899-2102; a
                       Parquet date column is read as Gregorian.
``hs_code``            HS code as text; dots and spaces are ignored and a leading zero that a
                       spreadsheet dropped is restored (:func:`smeanalysis.hs.normalize`).
``province``           The exporting province in any common spelling, English or Persian, or
                       its ISO 3166-2 code (:func:`smeanalysis.provinces.resolve`).
``destination``        Destination country as an ISO 3166-1 alpha-3 code (``IRQ``, ``CHN``);
                       upper or lower case.
``value_usd``          Customs value in US dollars, a plain number >= 0 (no thousands commas).
``weight_kg``          Net weight in kilograms, a plain number >= 0.
=====================  ==========================================================================

Every field is required. The returned table has the columns ``line`` (where the row is in the
file: for a CSV the physical line, the header being line 1; for Parquet the 1-based row
number), ``declaration_date`` (datetime), ``jalali_year``, ``jalali_month``, ``hs_code``
(normalised text), ``province`` (as written), ``province_code`` (current ISO 3166-2),
``destination`` (upper case), ``value_usd`` and ``weight_kg`` (floats), then any extra
columns. CSV line numbers assume one line per record (no line breaks inside quoted fields).

Validation:
    Every problem of the whole file is collected, then raised at once as one
    :class:`~smeanalysis.errors.SmeAnalysisError` naming file, line, column, the value found and
    what was expected. The checks look at each *distinct* date, HS code, province and country
    once (a file of ten million rows has a few thousand of each), and the numbers through the
    engine's own casts. On ``engine="polars"`` and ``engine="duckdb"`` all of this runs as
    engine queries that return only the distinct values and the offending rows, so the file is
    streamed, never loaded whole; the table returned is lazy (a plan over the file, joined to
    small lookup tables of the checked values). DuckDB numbers CSV rows with ``WITH
    ORDINALITY``, which counts in file order (checked by the tests on a multi-threaded read).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any, Literal

import narwhals as nw
import numpy as np
import pandas as pd

from smeanalysis import calendar, hs, provinces
from smeanalysis.errors import MAX_PROBLEMS_SHOWN, Problem, SmeAnalysisError

__all__ = ["COLUMNS", "ISO_ALPHA3", "load_declarations"]

#: The columns an extract must have, in the order of the returned table.
COLUMNS: tuple[str, ...] = (
    "declaration_date",
    "hs_code",
    "province",
    "destination",
    "value_usd",
    "weight_kg",
)

#: The 249 officially assigned ISO 3166-1 alpha-3 country codes (facts, typed from the
#: standard; pycountry is not a dependency).
ISO_ALPHA3: frozenset[str] = frozenset(
    """
    ABW AFG AGO AIA ALA ALB AND ARE ARG ARM ASM ATA ATF ATG AUS AUT AZE BDI BEL BEN BES BFA BGD
    BGR BHR BHS BIH BLM BLR BLZ BMU BOL BRA BRB BRN BTN BVT BWA CAF CAN CCK CHE CHL CHN CIV CMR
    COD COG COK COL COM CPV CRI CUB CUW CXR CYM CYP CZE DEU DJI DMA DNK DOM DZA ECU EGY ERI ESH
    ESP EST ETH FIN FJI FLK FRA FRO FSM GAB GBR GEO GGY GHA GIB GIN GLP GMB GNB GNQ GRC GRD GRL
    GTM GUF GUM GUY HKG HMD HND HRV HTI HUN IDN IMN IND IOT IRL IRN IRQ ISL ISR ITA JAM JEY JOR
    JPN KAZ KEN KGZ KHM KIR KNA KOR KWT LAO LBN LBR LBY LCA LIE LKA LSO LTU LUX LVA MAC MAF MAR
    MCO MDA MDG MDV MEX MHL MKD MLI MLT MMR MNE MNG MNP MOZ MRT MSR MTQ MUS MWI MYS MYT NAM NCL
    NER NFK NGA NIC NIU NLD NOR NPL NRU NZL OMN PAK PAN PCN PER PHL PLW PNG POL PRI PRK PRT PRY
    PSE PYF QAT REU ROU RUS RWA SAU SDN SEN SGP SGS SHN SJM SLB SLE SLV SMR SOM SPM SRB SSD STP
    SUR SVK SVN SWE SWZ SXM SYC SYR TCA TCD TGO THA TJK TKL TKM TLS TON TTO TUN TUR TUV TWN TZA
    UGA UKR UMI URY USA UZB VAT VCT VEN VGB VIR VNM VUT WLF WSM YEM ZAF ZMB ZWE
    """.split()
)

Engine = Literal["pandas", "polars", "duckdb"]

_DATE = re.compile(r"^\s*(\d{4})[/-](\d{1,2})[/-](\d{1,2})\s*$")
_NUMBERS = ("value_usd", "weight_kg")
_LINE = "line"
# How many offending rows a lazy check fetches: enough for the message, not the whole file.
_ROWS_FETCHED = 10 * MAX_PROBLEMS_SHOWN


def _parse_date(text: str) -> tuple[int | None, str]:
    """(days since 1970-01-01 or None, what was expected)."""
    expected = "a Jalali date like 1398/09/30 (1278-1480) or a Gregorian one like 2019-12-21"
    match = _DATE.match(text)
    if not match:
        return None, expected
    year, month, day = (int(part) for part in match.groups())
    if calendar.MIN_YEAR <= year <= calendar.MAX_YEAR:
        if not 1 <= month <= 12 or not 1 <= day <= calendar.days_in_month(year, month):
            return None, f"a real Jalali date (month 1-12, day within the month of {year})"
        return int(calendar.days_from_jalali(year, month, day)), ""
    if 1899 <= year <= 2102:
        try:
            days = (dt.date(year, month, day) - dt.date(1970, 1, 1)).days
        except ValueError:
            return None, "a real Gregorian date"
        if not calendar.MIN_DAY <= days <= calendar.MAX_DAY:
            return None, "a date from 1899-03-21 to 2102-03-20"
        return days, ""
    return None, expected


def _date_lookup(values: list[str]) -> tuple[pd.DataFrame, dict[Hashable, str]]:
    rows, bad = [], {}
    for value in values:
        days, expected = _parse_date(value)
        if days is None:
            bad[value] = expected
        else:
            rows.append((value, days))
    table = pd.DataFrame(rows, columns=["declaration_date", "__days"])
    days = table["__days"].to_numpy(dtype=np.int64)
    year, month, _ = calendar.jalali_from_days(days)
    lookup = pd.DataFrame(
        {
            "declaration_date": table["declaration_date"].astype("string"),
            "__date": days.astype("datetime64[D]").astype("datetime64[ns]"),
            "jalali_year": year,
            "jalali_month": month,
        }
    )
    return lookup, bad


def _hs_lookup(values: list[str]) -> tuple[pd.DataFrame, dict[Hashable, str]]:
    rows, bad = [], {}
    for value in values:
        try:
            rows.append((value, hs.normalize(value)))
        except SmeAnalysisError as error:
            bad[value] = error.problems[0].expected
    return pd.DataFrame(rows, columns=["hs_code", "__hs"], dtype="string"), bad


def _province_lookup(values: list[str]) -> tuple[pd.DataFrame, dict[Hashable, str]]:
    codes = provinces.resolve(pd.Series(values, dtype="string"), errors="coerce")
    bad = {
        value: "an Iranian province's name or ISO 3166-2 code"
        for value, code in zip(values, codes, strict=True)
        if pd.isna(code)
    }
    good = codes.notna().to_numpy()
    table = pd.DataFrame(
        {
            "province": pd.array(values, dtype="string")[good],
            "province_code": codes[good].astype("string").to_numpy(),
        }
    )
    return table, bad


def _destination_lookup(values: list[str]) -> tuple[pd.DataFrame, dict[Hashable, str]]:
    rows, bad = [], {}
    for value in values:
        code = value.strip().upper()
        if code in ISO_ALPHA3:
            rows.append((value, code))
        else:
            bad[value] = "an ISO 3166-1 alpha-3 country code such as IRQ"
    return pd.DataFrame(rows, columns=["destination", "__destination"], dtype="string"), bad


_LOOKUPS: dict[str, Callable[[list[str]], tuple[pd.DataFrame, dict[Hashable, str]]]] = {
    "declaration_date": _date_lookup,
    "hs_code": _hs_lookup,
    "province": _province_lookup,
    "destination": _destination_lookup,
}


# ---------------------------------------------------------------------------------------------
# Reading, per engine: every column as text, a line number, and the numbers parsed leniently
# (a value that does not parse becomes missing and is reported by the checks).
# ---------------------------------------------------------------------------------------------


def _read_pandas(path: Path, kind: str) -> Any:
    if kind == "csv":
        frame = pd.read_csv(path, dtype="string", keep_default_na=False, na_values=[""])
        first_line = 2
    else:
        frame = pd.read_parquet(path).astype("string")
        first_line = 1
    frame.insert(0, _LINE, np.arange(first_line, first_line + len(frame), dtype=np.int64))
    for column in _NUMBERS:
        if column in frame:
            frame[f"__{column}"] = pd.to_numeric(frame[column], errors="coerce").astype("float64")
    return frame.reset_index(drop=True)


def _read_polars(path: Path, kind: str) -> Any:
    import polars as pl

    if kind == "csv":
        scan = pl.scan_csv(path, infer_schema=False, row_index_name=_LINE, row_index_offset=2)
    else:
        scan = pl.scan_parquet(path, row_index_name=_LINE, row_index_offset=1)
        scan = scan.with_columns(pl.exclude(_LINE).cast(pl.String))
    names = scan.collect_schema().names()
    return scan.with_columns(
        pl.col(_LINE).cast(pl.Int64),
        *[
            pl.col(c).str.strip_chars().cast(pl.Float64, strict=False).alias(f"__{c}")
            for c in _NUMBERS
            if c in names
        ],
    )


def _read_duckdb(path: Path, kind: str, connection: Any) -> Any:
    import duckdb

    con = connection or duckdb.connect()
    quoted = str(path).replace("'", "''")
    if kind == "csv":
        source = (
            f"SELECT ordinality + 1 AS {_LINE}, * EXCLUDE (ordinality) "
            f"FROM read_csv('{quoted}', all_varchar = true, header = true) WITH ORDINALITY"
        )
    else:
        source = (
            f"SELECT file_row_number + 1 AS {_LINE}, * EXCLUDE (file_row_number) "
            f"FROM read_parquet('{quoted}', file_row_number = true)"
        )
    relation = con.sql(source)
    texts = [
        f'CAST("{c}" AS VARCHAR) AS "{c}"' if c != _LINE else f"CAST({_LINE} AS BIGINT) AS {_LINE}"
        for c in relation.columns
    ]
    numbers = [
        f'TRY_CAST(TRIM(CAST("{c}" AS VARCHAR)) AS DOUBLE) AS "__{c}"'
        for c in _NUMBERS
        if c in relation.columns
    ]
    return relation.project(", ".join(texts + numbers)), con


def _as_native(table: pd.DataFrame, engine: str, connection: Any) -> Any:
    if engine == "polars":
        import polars as pl

        return pl.from_pandas(table).lazy()
    if engine == "duckdb":
        return connection.from_df(table)
    return table


def _collect(frame: nw.DataFrame | nw.LazyFrame) -> nw.DataFrame:
    return frame.collect() if isinstance(frame, nw.LazyFrame) else frame


def load_declarations(
    path: str | Path, engine: Engine = "pandas", *, connection: Any = None
) -> Any:
    r"""Read and validate a CSV or Parquet extract of export declarations.

    Args:
        path: A ``.csv`` or ``.parquet`` file with the columns of :data:`COLUMNS` (see the
            module docstring for what each holds).
        engine: ``"pandas"`` (a DataFrame in memory), ``"polars"`` (a lazy Polars LazyFrame)
            or ``"duckdb"`` (a lazy DuckDB relation), for files larger than memory.
        connection: The DuckDB connection to use with ``engine="duckdb"`` (a new in-memory
            one by default); keep it open while you use the relation.

    Returns:
        The validated table, typed as described in the module docstring.

    Raises:
        SmeAnalysisError: Missing columns, or every bad value with file, line and column.
        ParameterError: An unknown engine or file type.

    Example:
        >>> import tempfile, pathlib
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> _ = (folder / "extract.csv").write_text(
        ...     "declaration_date,hs_code,province,destination,value_usd,weight_kg\n"
        ...     "1398/09/30,5701.10,Isfahan,irq,1200.5,30\n"
        ... )
        >>> row = load_declarations(folder / "extract.csv").iloc[0]
        >>> str(row["declaration_date"].date()), row["jalali_year"], row["hs_code"]
        ('2019-12-21', np.int64(1398), '570110')
        >>> row["province_code"], row["destination"]
        ('IR-10', 'IRQ')
    """
    from smeanalysis.errors import ParameterError

    path = Path(path)
    kind = path.suffix.lower().lstrip(".")
    problems = []
    if engine not in ("pandas", "polars", "duckdb"):
        problems.append(Problem(None, None, "engine", repr(engine), "pandas, polars or duckdb"))
    if kind not in ("csv", "parquet"):
        problems.append(
            Problem(str(path), None, None, f"suffix {path.suffix!r}", ".csv or .parquet")
        )
    if problems:
        raise ParameterError(problems)
    if engine == "polars":
        native = _read_polars(path, kind)
    elif engine == "duckdb":
        native, connection = _read_duckdb(path, kind, connection)
    else:
        native = _read_pandas(path, kind)
    frame = nw.from_native(native)
    names = frame.collect_schema().names()
    missing = [c for c in COLUMNS if c not in names]
    if missing:
        raise SmeAnalysisError(
            [
                Problem(str(path), 1, c, "no such column", "a column of the declaration schema")
                for c in missing
            ],
            summary=f"{path.name}: {len(missing)} required column(s) missing:",
        )

    # 1. Each distinct text value once (queries that return only the distinct values).
    lookups: dict[str, pd.DataFrame] = {}
    bad_values: dict[str, dict[Hashable, str]] = {}
    for column, build in _LOOKUPS.items():
        distinct = _collect(frame.select(column).unique())[column].drop_nulls().to_list()
        lookups[column], bad_values[column] = build(distinct)

    # 2. One query for the offending rows: bad distinct values, unparsable or negative numbers
    # and missing fields.
    conditions = [nw.col(c).is_null() for c in COLUMNS]
    conditions += [nw.col(c).is_in(list(bad)) for c, bad in bad_values.items() if bad]
    conditions += [
        (nw.col(f"__{c}") < 0) | (nw.col(f"__{c}").is_null() & ~nw.col(c).is_null())
        for c in _NUMBERS
    ]
    offending = frame.filter(nw.any_horizontal(*conditions, ignore_nulls=True))
    rows = _collect(
        offending.select(_LINE, *COLUMNS, *[f"__{c}" for c in _NUMBERS]).head(_ROWS_FETCHED)
    )
    if len(rows):
        counted = _collect(offending.select(nw.len()))
        raise SmeAnalysisError(
            _row_problems(str(path), rows, bad_values),
            summary=f"{path.name}: {counted.item()} row(s) with bad values"
            + (
                f" (problems of the first {len(rows)} listed):"
                if counted.item() > len(rows)
                else ":"
            ),
        )

    # 3. The typed table: the rows joined to the small lookup tables.
    result = frame
    for column, table in lookups.items():
        result = result.join(
            nw.from_native(_as_native(table, engine, connection)), on=column, how="left"
        )
    extra = [c for c in names if c not in (_LINE, *COLUMNS) and not c.startswith("__")]
    result = result.select(
        _LINE,
        nw.col("__date").alias("declaration_date"),
        "jalali_year",
        "jalali_month",
        nw.col("__hs").alias("hs_code"),
        "province",
        "province_code",
        nw.col("__destination").alias("destination"),
        nw.col("__value_usd").alias("value_usd"),
        nw.col("__weight_kg").alias("weight_kg"),
        *extra,
    )
    if engine == "pandas":
        # The joins keep row order on pandas; sort anyway so the order is the file's.
        return result.sort(_LINE).to_native().reset_index(drop=True)
    return result.to_native()


def _row_problems(
    file: str, rows: nw.DataFrame, bad_values: dict[str, dict[Hashable, str]]
) -> list[Problem]:
    problems = []
    for row in rows.iter_rows(named=True):
        line = int(row[_LINE])
        for column in COLUMNS:
            value = row[column]
            if pd.isna(value):  # None, NaN or pd.NA, depending on the engine
                problems.append(Problem(file, line, column, "an empty field", "a value"))
            elif column in bad_values and value in bad_values[column]:
                problems.append(Problem(file, line, column, repr(value), bad_values[column][value]))
            elif column in _NUMBERS:
                number = row[f"__{column}"]
                if pd.isna(number):
                    problems.append(Problem(file, line, column, repr(value), "a plain number"))
                elif number < 0:
                    problems.append(Problem(file, line, column, repr(value), "a number >= 0"))
    return problems

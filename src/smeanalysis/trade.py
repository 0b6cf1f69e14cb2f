"""Transaction-level customs declarations: reading and validating extracts.

:func:`load_declarations` reads a CSV or Parquet extract of export declarations (or a folder or
glob pattern of them, e.g. one Parquet file a month), checks every row and returns a typed
table: pandas by default, or a lazy Polars LazyFrame, DuckDB relation or Dask DataFrame for
files larger than memory (Dask also runs on a ``distributed`` cluster).

Schema of an extract (column names exactly as below, any order, extra columns kept as text;
the data dictionary's ``declarations`` table describes it once, and
``data/schemas/declarations.schema.json`` is its Frictionless Table Schema):

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
``destination``        Destination country by name in English or Persian (``Iraq``, ``عراق``,
                       ``UAE``) or ISO 3166-1 code (``IRQ``, ``iq``, ``368``), read by
                       :func:`smeanalysis.countries.resolve` into the alpha-3 code.
``value_usd``          Customs value in US dollars, a plain finite number >= 0 (``1200.5``,
                       ``1.2e3``; no thousands commas, no ``inf`` or ``nan``).
``weight_kg``          Net weight in kilograms, a plain finite number >= 0.
=====================  ==========================================================================

Optional columns (:data:`OPTIONAL_COLUMNS`), checked and typed when present:

=====================  ==========================================================================
``exporter_id``        The exporting firm, any text (a national ID, a customs code, a hashed
                       name); every row needs one when the column is there.
``quantity``           A supplementary quantity, a plain finite number >= 0, or empty.
``unit``               The quantity's unit as written (``pair``, ``m2``); required beside a
                       quantity (the two columns come together).
=====================  ==========================================================================

Every field of the first table is required; dates, HS codes and numbers may be written in
Persian or Arabic-Indic digits (see "Persian digits" below). The returned table has the columns
``line`` (where the row is in the file: for a CSV the physical line, the header being line 1;
for Parquet the 1-based row number), ``declaration_date`` (datetime), ``jalali_year``,
``jalali_month``, ``hs_code`` (normalised text), ``province`` (as written), ``province_code``
(current ISO 3166-2), ``destination`` (ISO alpha-3), ``value_usd`` and ``weight_kg`` (floats),
``exporter_id``, ``quantity`` (float) and ``unit`` when present, then any extra columns
(text). A table read from several files starts with ``file``, the path of the row's file.
CSV line numbers assume one line per record (no line breaks inside quoted fields).

Reading a CSV:
    One streamed pass over the bytes first (memory for one 16 MiB chunk) finds an empty file,
    the line of the first bytes that are not UTF-8 (re-save such a file, e.g. Windows-1256, as
    UTF-8), the header (checked: a missing column is named, with the closest name the header
    has), a header without data rows, and the blank lines. Every engine then reads with the
    same explicit layout (',' separator, '"' quotes, no sniffing), so ``;`` or tab files and
    short rows give the same problems on pandas, Polars and DuckDB. Blank lines are skipped,
    as :mod:`smeanalysis.tables` does, and the other rows keep their physical line numbers.
    A byte-order mark and Windows line ends are recorded in tables.py's layout
    (:data:`smeanalysis.tables.NORMALIZATION_FIELDS`) in ``attrs["normalizations"]`` of a
    pandas result (a lazy result has no ``attrs``).

Persian digits (read as :mod:`smeanalysis.tables` reads facts and composition):
    A ``declaration_date``, ``hs_code``, ``value_usd`` or ``weight_kg`` cell written in
    Persian (۰-۹) or Arabic-Indic (٠-٩) digits, with the Arabic decimal separator (٫) or the
    minus sign (−), is read as its ASCII form when that form is, whole, a date, an HS code or
    a plain number as above: ``۱۳۹۸/۰۹/۳۰`` is the date ``1398/09/30`` and ``۵۰۰۰`` the number
    5000, on every engine. Any other cell keeps its text and is rejected as written
    (``۵٬۰۰۰`` like ``5,000``; ``inf`` and ``nan`` in any digits); a cell read as ASCII that
    then fails a check (``۱۳۹۸/۱۳/۰۱``) is quoted in its ASCII form, as tables.py does.
    Province, destination and extra columns are kept as written. On ``engine="pandas"`` each
    cell read so is recorded in ``attrs["normalizations"]`` (file, line, column, kind, found,
    read as; :func:`smeanalysis.tables.normalize_cells`) and one
    :class:`smeanalysis.tables.NormalizationWarning` per file counts them. Polars and DuckDB
    translate the digits inside the query (``str.replace_many``, ``translate()``), so the
    file is still read once per check and never loaded whole, and their lazy results carry
    **no records and no warning**: load with pandas to see which cells were read so. They
    translate only when the scan of the CSV saw such a character (a Parquet file is always
    translated): on a 10^6-row CSV the translation made the DuckDB load 2.4x slower
    (10.7 s against 4.4 s) and Polars' 1.3x, a cost an ASCII file does not pay. DuckDB
    now calls ``translate()`` only on cells a regex search finds such a character in, which
    took the load of a 10^6-row folder of Parquet files from 11.5 s to 2.3 s (with the
    folder read at once, below).

Repeated rows:
    A row that repeats an earlier row cell for cell (extra columns included) is kept: two
    shipments can be declared alike, and the package never drops a row. On ``engine="pandas"``
    the repeats are named in one :class:`smeanalysis.tables.DuplicateRowsWarning` (each
    repeated line and the line it repeats, compared as written), as facts and composition do;
    the check runs on the frame already in memory. The lazy engines do **not** check: finding
    repeats needs a grouping over every whole row, one more pass over the file holding its
    distinct rows, which is what a lazy result for a file larger than memory is meant to
    avoid. Check a lazy result yourself when it matters, e.g. on Polars
    ``result.drop("line").group_by(pl.all()).len().filter(pl.col("len") > 1)`` or on DuckDB
    ``result.query("r", "SELECT * EXCLUDE (line), count(*) AS n FROM r GROUP BY ALL HAVING
    n > 1")``.

Several files (a folder or a glob pattern):
    Every file must have the same columns; a file with another layout is rejected, named with
    the columns it lacks or adds, before any is read. On pandas and Polars (and for CSV
    files) each file is then validated as alone (its own line numbers) and the problems of all
    files are raised together; the tables are stacked (pandas ``concat``, Polars ``concat``).
    A folder of Parquet files on DuckDB is read at once (``read_parquet`` over the list, by
    column name, with each row's ``filename`` and ``file_row_number``) and validated by one
    set of queries; on Dask it is one frame with a partition per file (``from_map``), each
    row carrying its file and row number. Every problem still names its file and row, and a
    file without rows is named beside the bad rows of the others.

Choosing an engine:
    ``engine="dask"`` reads Parquet in Dask partitions (one pass to count each partition's
    rows for the line numbers, then every check as a Dask computation on the workers); a CSV
    is read by pandas on the client and handed to Dask. ``engine="auto"`` reads with DuckDB
    when the files add up to more than :data:`AUTO_DUCKDB_BYTES` and with pandas below.

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

Synthetic declarations:
    Real declaration-level extracts are not public, so the ``declarations`` report, its tests and
    its benchmarks run on data made here. **Nothing made here is a fact**: every table carries
    ``attrs["synthetic"] = True``, the report built from it says so in its first line, and
    :func:`write_synthetic_declarations` refuses to write into the project's ``data/`` folder.

    The shapes follow what the literature on exporter dynamics finds in customs data (the World
    Bank's Exporter Dynamics Database: few large exporters carry most of the value, many small ones
    enter and leave every year), without claiming any Iranian figure:

    * **Exporters** have a size drawn from a Pareto law (shape :data:`SYNTHETIC_PARETO_SHAPE`), so
      the top 5% of exporters carry about 60% of the value (at 10^6 rows, seed 1398); each has a
      home province, up to three products and up to three destinations, chosen with Zipf-like
      weights (rank ``r`` weighs ``1 / r``) over the lists below, and uses them with weights
      0.6, 0.3 and 0.1.
    * **Entry and exit**: :data:`SYNTHETIC_INCUMBENT_SHARE` of the exporters export from the first
      year, the others enter in a later year; :data:`SYNTHETIC_STAYER_SHARE` export until the last
      year, the others stop after a year drawn between their entry and the year before the last.
    * **Seasonality around Nowruz**: the months weigh :data:`SYNTHETIC_MONTH_WEIGHTS` (Farvardin,
      the month of the Nowruz holidays, about half of an ordinary month; Esfand, before the new
      year, about one and a half), and each year's exports grow by :data:`SYNTHETIC_YEARLY_GROWTH`.
    * **Products** are HS codes that exist: the chapters of :data:`smeanalysis.hs.CHAPTERS`
      (two-digit codes) and the headings and subheadings of :data:`smeanalysis.hs.COMMODITY_GROUPS`.
      Each product has a unit value (USD per kg) drawn once, log-normal around 3 USD/kg; a
      declaration's weight is log-normal and its value the weight times the product's unit value
      times noise, and one declaration in :data:`SYNTHETIC_OUTLIER_RATE` gets a unit value 50 times
      too high (a keying error a report should flag).
    * **Destinations** are ISO 3166-1 alpha-3 codes of :data:`SYNTHETIC_DESTINATIONS` (neighbours
      and large markets first), **provinces** the 31 of :mod:`smeanalysis.provinces` in a seeded
      order.

    The same ``seed`` and arguments give the same rows, month by month, so a folder of monthly
    files and the frame of :func:`synthetic_declarations` with the same arguments agree.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import difflib
import glob
import re
import warnings
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import narwhals as nw
import numpy as np
import pandas as pd

from smeanalysis import calendar, countries, hs, paths, provinces
from smeanalysis.dictionary import TABLES
from smeanalysis.errors import MAX_PROBLEMS_SHOWN, ParameterError, Problem, SmeAnalysisError
from smeanalysis.tables import (
    NORMALIZATION_FIELDS,
    normalize_cells,
    warn_duplicates,
    warn_normalizations,
)

__all__ = [
    "AUTO_DUCKDB_BYTES",
    "COLUMNS",
    "ENGINES",
    "ISO_ALPHA3",
    "OPTIONAL_COLUMNS",
    "SYNTHETIC_DESTINATIONS",
    "SYNTHETIC_INCUMBENT_SHARE",
    "SYNTHETIC_MONTH_WEIGHTS",
    "SYNTHETIC_OUTLIER_RATE",
    "SYNTHETIC_PARETO_SHAPE",
    "SYNTHETIC_STAYER_SHARE",
    "SYNTHETIC_YEARLY_GROWTH",
    "declaration_files",
    "load_declarations",
    "synthetic_declarations",
    "synthetic_products",
    "write_synthetic_declarations",
]

# The layout is described once, in the data dictionary (its "declarations" table).
_LAYOUT = TABLES["declarations"]

#: The columns an extract must have, in the order of the returned table (from the data
#: dictionary's ``declarations`` table).
COLUMNS: tuple[str, ...] = tuple(
    c for c in _LAYOUT.raw_columns or () if c not in _LAYOUT.optional_columns
)

#: Columns an extract may have: the exporter (a firm identifier: a national ID, a customs
#: code or a hashed name, any text) and a supplementary quantity with its unit. When present
#: they are checked and typed; without ``exporter_id`` a report has no exporter sections.
OPTIONAL_COLUMNS: tuple[str, ...] = _LAYOUT.optional_columns

#: The engines :func:`load_declarations` reads with (``"auto"`` picks one of the first two).
ENGINES: tuple[str, ...] = ("pandas", "duckdb", "polars", "dask", "auto")

#: ``engine="auto"`` reads with DuckDB when the files together are larger than this, with
#: pandas below. Measured 2026-11-30 (2 shared cores; ``reports.declarations.load`` then
#: yearly, destinations and unit values, best of 3; synthetic extracts): one Parquet file,
#: pandas took 0.80x DuckDB's time at 13.8 MB (10^6 rows) and DuckDB won at 41.8 MB (1.55x);
#: a folder of 36 monthly Parquet files, DuckDB won at every size (3.9x at 0.36 MB, 1.9x at
#: 18 MB: pandas pays each file); one CSV, pandas stayed faster up to 154 MB (DuckDB at
#: 0.69x) but holds every row in memory (10^7 rows: a 2.6 GB peak against DuckDB's 0.7 GB).
#: 20 MB sits between the Parquet crossovers and keeps large CSV files off pandas.
AUTO_DUCKDB_BYTES = 20_000_000

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

Engine = Literal["pandas", "polars", "duckdb", "dask", "auto"]

# ASCII digits only: r"\d" and int() would also read Persian and Arabic-Indic digits silently.
_DATE = re.compile(r"[ \t]*([0-9]{4})[/-]([0-9]{1,2})[/-]([0-9]{1,2})[ \t]*", re.ASCII)
# A plain number as every engine must read it (the same regex in Python, Polars and DuckDB, so
# "inf", "nan", "1_000" or "0x10" are rejected everywhere instead of cast by some engines).
_PLAIN_NUMBER = r"^[ \t]*[+-]?([0-9]+([.][0-9]*)?|[.][0-9]+)([eE][+-]?[0-9]+)?[ \t]*$"
_NON_ASCII_DIGIT = re.compile("[\u0660-\u0669\u06f0-\u06f9]")
_NUMBERS = ("value_usd", "weight_kg", "quantity")  # quantity: optional, may be empty
_NUMBER_EXPECTED = "a plain finite number >= 0 (no thousands separators, no inf or nan)"
# Persian (۰-۹) and Arabic-Indic (٠-٩) digits, the Arabic decimal separator and the minus
# sign, read as units.normalize_digits (tables.py) reads them; the lazy engines translate
# with this table inside the query (the tests check that it agrees with normalize_digits).
_DIGITS_FROM = "۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩٫−"
_DIGITS_TO = "0123456789" * 2 + ".-"
# The same characters as UTF-8 bytes, for the scan of a CSV: U+06F0-06F9, U+0660-0669, U+066B
# and U+2212.
_OTHER_DIGIT_BYTES = re.compile(rb"\xdb[\xb0-\xb9]|\xd9[\xa0-\xa9\xab]|\xe2\x88\x92")
# The columns whose cells are read as ASCII when written in those digits, and what the ASCII
# form must then be, whole (as tables.py reads only whole numbers and dates): any other cell
# keeps its text, and a problem quotes it as written. One regex for Python, Polars, DuckDB.
_READ_AS_ASCII: dict[str, str] = {
    "declaration_date": _DATE.pattern,
    "hs_code": r"[ \t.]*[0-9][0-9 \t.]*",
    "value_usd": _PLAIN_NUMBER,
    "weight_kg": _PLAIN_NUMBER,
    "quantity": _PLAIN_NUMBER,
}
_LINE = "line"
_FILE = "file"
# How many offending rows a lazy check fetches: enough for the message, not the whole file.
_ROWS_FETCHED = 10 * MAX_PROBLEMS_SHOWN


def _parse_date(text: str) -> tuple[int | None, str]:
    """(days since 1970-01-01 or None, what was expected)."""
    expected = "a Jalali date like 1398/09/30 (1278-1480) or a Gregorian one like 2019-12-21"
    match = _DATE.fullmatch(text)
    if not match:
        if _NON_ASCII_DIGIT.search(text):
            # Persian digits in a cell that is not a whole date (so not read as ASCII).
            return None, f"{expected} (Persian digits are read only in a date of this form)"
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
    # Names (English or Persian, any common spelling) and ISO codes, through countries.resolve;
    # each bad value is asked again alone for its closest-match or candidates message.
    codes = countries.resolve(pd.Series(values, dtype="string"), errors="coerce")
    bad: dict[Hashable, str] = {}
    for value, code in zip(values, codes, strict=True):
        if pd.isna(code):
            try:
                countries.resolve([value])
            except SmeAnalysisError as error:
                bad[value] = error.problems[0].expected
            else:  # pragma: no cover - resolve agrees with itself
                bad[value] = "a country name or ISO 3166-1 code"
    good = codes.notna().to_numpy()
    table = pd.DataFrame(
        {
            "destination": pd.array(values, dtype="string")[good],
            "__destination": codes[good].astype("string").to_numpy(),
        }
    )
    return table, bad


_LOOKUPS: dict[str, Callable[[list[str]], tuple[pd.DataFrame, dict[Hashable, str]]]] = {
    "declaration_date": _date_lookup,
    "hs_code": _hs_lookup,
    "province": _province_lookup,
    "destination": _destination_lookup,
}


# ---------------------------------------------------------------------------------------------
# A CSV's layout, found in one streamed pass before any engine reads it: the header, the
# blank lines (pandas and DuckDB skip them, Polars reads them as rows of empty fields), the
# first bytes that are not UTF-8, a byte-order mark and Windows line ends. Every engine then
# reads with the same explicit settings (',' separator, '"' quotes, the header's names), so
# the same file gives the same problems on every engine and no engine guesses the layout.
# ---------------------------------------------------------------------------------------------

_CHUNK = 1 << 24  # bytes per read: the scan needs memory for one chunk, not the file


@dataclass(frozen=True)
class _CsvLayout:
    header: list[str]
    blank_lines: tuple[int, ...]  # physical line numbers, ascending
    data_rows: int
    normalizations: tuple[dict, ...]
    # Whether any Persian or Arabic-Indic digit (or ٫, −) occurs in the file: only then do the
    # lazy engines translate digits, a per-cell cost (2.4x the DuckDB load) no other file pays.
    other_digits: bool = True


def _scan_csv(path: Path) -> _CsvLayout:
    file = str(path)
    layout = ", ".join(COLUMNS)
    if not path.is_file():
        raise SmeAnalysisError(
            [Problem(file, None, None, "no such file", f"a CSV file with columns {layout}")]
        )
    decoder = codecs.getincrementaldecoder("utf-8")()
    blank_lines: list[int] = []
    lines_before = 0  # complete lines in the chunks already scanned
    first_line = b""
    crlf = 0
    tail = b""
    seen_text = False
    other_digits = False
    with path.open("rb") as stream:
        while True:
            chunk = stream.read(_CHUNK)
            data = tail + chunk
            if chunk:
                # Scan whole lines only, so line numbers and decoding never straddle chunks.
                cut = data.rfind(b"\n") + 1
                data, tail = data[:cut], data[cut:]
            else:
                tail = b""
            if data:
                if lines_before == 0 and not first_line:
                    first_line = data.split(b"\n", 1)[0]
                try:
                    decoder.decode(data)
                except UnicodeDecodeError as error:
                    line = lines_before + data[: error.start].count(b"\n") + 1
                    raise SmeAnalysisError(
                        [
                            Problem(
                                file,
                                line,
                                None,
                                f"bytes that are not UTF-8 ({error.reason}, e.g. a file saved "
                                "as Windows-1256)",
                                "UTF-8 text: re-save the file as UTF-8 (CSV UTF-8 in Excel)",
                            )
                        ]
                    ) from None
                seen_text = seen_text or bool(data.strip())
                crlf += data.count(b"\r\n")
                other_digits = other_digits or _has_other_digits(data)
                blank_lines += _blank_lines(data, lines_before)
                lines_before += data.count(b"\n") + (0 if data.endswith(b"\n") else 1)
            if not chunk:
                break
    if not seen_text:
        raise SmeAnalysisError(
            [Problem(file, 1, None, "an empty file", f"a header line naming the columns {layout}")]
        )
    records = []
    if first_line.startswith(codecs.BOM_UTF8):
        records.append(_record(file, 1, "byte_order_mark", 1, "\ufeff", ""))
        first_line = first_line[len(codecs.BOM_UTF8) :]
    if crlf:
        records.append(_record(file, None, "crlf_line_endings", crlf, "\r\n", "\n"))
    if 1 in blank_lines:
        raise SmeAnalysisError(
            [Problem(file, 1, None, "a blank first line", f"the header line naming {layout}")]
        )
    header = next(csv.reader([first_line.decode("utf-8").rstrip("\r")]))
    data_rows = lines_before - 1 - len(blank_lines)
    return _CsvLayout(header, tuple(blank_lines), data_rows, tuple(records), other_digits)


def _has_other_digits(data: bytes) -> bool:
    """Whether ``data`` holds a character of ``_DIGITS_FROM`` (UTF-8)."""
    # The lead bytes first: memchr runs at memory speed, the regex at a tenth of it, so the
    # regex only looks at text that has Arabic-script or U+22xx characters at all.
    if b"\xdb" not in data and b"\xd9" not in data and b"\xe2\x88\x92" not in data:
        return False
    return bool(_OTHER_DIGIT_BYTES.search(data))


def _blank_lines(data: bytes, lines_before: int) -> list[int]:
    """Physical numbers of the empty lines ('' or a lone CR) in whole lines of a file."""
    found = []
    if lines_before == 0 and data[:1] in (b"\n", b"\r"):
        found.append(1)
    position, line = 0, lines_before + 1  # ``line`` is the line that starts at ``position``
    for match in re.finditer(rb"\n(?=\r?\n)", data):
        line += data.count(b"\n", position, match.start() + 1)
        position = match.start() + 1
        found.append(line)
    return found


def _record(file: str, line: int | None, kind: str, count: int, found: str, read: str) -> dict:
    """A normalisation record in tables.py's layout (one per file for BOM and line ends)."""
    values = (file, line, None, kind, count, found, read)
    return dict(zip(NORMALIZATION_FIELDS, values, strict=True))


def _header_problems(file: str, header: list[str]) -> list[Problem]:
    """Repeated columns, and each missing column with the closest name the header has."""
    problems = []
    seen: set[str] = set()
    for name in header:
        if name in seen:
            problems.append(Problem(file, 1, name, f"the column {name!r} twice", "unique columns"))
        seen.add(name)
    others = [name for name in dict.fromkeys(header) if name not in (*COLUMNS, *OPTIONAL_COLUMNS)]
    separator = next((s for s in (";", "\t", "|") if len(header) == 1 and s in header[0]), None)
    for column in COLUMNS:
        if column in seen:
            continue
        expected = "a column of the declaration schema"
        close = difflib.get_close_matches(column, [o.strip().lower() for o in others], 1, 0.6)
        if close:
            written = others[[o.strip().lower() for o in others].index(close[0])]
            expected += f" (the header has {written!r}: misspelt?)"
        elif separator is not None:
            expected += f" (the header is one field with {separator!r} in it: separate with ',')"
        problems.append(Problem(file, 1, column, "no such column", expected))
    # A quantity means nothing without its unit (and a unit nothing without a quantity).
    for has, lacks in (("quantity", "unit"), ("unit", "quantity")):
        if has in seen and lacks not in seen:
            expected = f"a {lacks!r} column beside {has!r} (the optional pair quantity, unit)"
            problems.append(Problem(file, 1, lacks, "no such column", expected))
    return problems


def _width_problems(path: Path, width: int) -> list[Problem]:
    """Every row whose number of fields is not the header's (read again with :mod:`csv`).

    Only run when an engine failed to parse the file (a row longer than the header), so the
    problems are located the same way whatever the engine said.
    """
    problems = []
    with path.open(encoding="utf-8-sig", newline="") as stream:
        reader = csv.reader(stream)
        previous_end = 0
        for record in reader:
            start, previous_end = previous_end + 1, reader.line_num
            if record and start > 1 and len(record) != width:
                problems.append(
                    Problem(
                        str(path),
                        start,
                        None,
                        f"{len(record)} fields",
                        f"{width} fields, one per header column (quote a value with a comma)",
                    )
                )
    return problems


def _engine_errors() -> tuple[type[BaseException], ...]:
    """The parse errors of the engines (imported only if installed)."""
    errors: list[type[BaseException]] = [
        pd.errors.ParserError,
        pd.errors.ParserWarning,
        nw.exceptions.ComputeError,  # narwhals' wrapping of Polars' ComputeError
    ]
    try:
        import polars as pl

        errors.append(pl.exceptions.ComputeError)
    except ImportError:  # pragma: no cover - polars is an optional engine
        pass
    try:
        import duckdb

        errors.append(duckdb.InvalidInputException)
    except ImportError:  # pragma: no cover - duckdb is an optional engine
        pass
    return tuple(errors)


def _physical_lines(records: np.ndarray, blank_lines: tuple[int, ...]) -> np.ndarray:
    """The physical line of each record (header = record 1) of a reader that skips blanks."""
    # The i-th blank line (1-based) comes after (blank - i) records: later records move down.
    shifts = np.asarray(blank_lines, dtype=np.int64) - np.arange(1, len(blank_lines) + 1)
    return records + np.searchsorted(shifts, records, side="left")


# ---------------------------------------------------------------------------------------------
# Reading, per engine: every column as text, a line number, and the numbers parsed strictly
# (a value that is not a plain finite number becomes missing and is reported by the checks).
# ---------------------------------------------------------------------------------------------


def _read_pandas(path: Path, kind: str, layout: _CsvLayout | None) -> tuple[Any, list[dict]]:
    if layout is not None:
        with warnings.catch_warnings():
            # A row longer than the header: pandas would take the first field as an index
            # (or drop fields with a warning); make it an error, located by _width_problems.
            warnings.simplefilter("error", pd.errors.ParserWarning)
            frame = pd.read_csv(
                path,
                sep=",",
                quotechar='"',
                dtype="string",
                keep_default_na=False,
                na_values=[""],
                encoding="utf-8-sig",
                skip_blank_lines=True,
                index_col=False,
            )
        records = np.arange(2, 2 + len(frame), dtype=np.int64)
        lines = _physical_lines(records, layout.blank_lines)
    else:
        frame = pd.read_parquet(path).astype("string")
        lines = np.arange(1, 1 + len(frame), dtype=np.int64)
    # Repeats are kept and named, compared as written (the frame already in memory: no
    # second pass over the file), like tables.py does for facts and composition.
    file = str(path)
    unit = "line" if layout is not None else "row"
    warn_duplicates(file, frame, lines, unit=unit, items="declarations (shipments)")
    cells: list[dict] = []
    if layout is None or layout.other_digits:
        patterns = {c: re.compile(p) for c, p in _READ_AS_ASCII.items() if c in frame.columns}
        frame, cells = normalize_cells(frame, lines, file, patterns=patterns)
    if cells:
        warn_normalizations(file, [*(layout.normalizations if layout else ()), *cells])
    frame.insert(0, _LINE, lines)
    return _parse_numbers(frame.reset_index(drop=True)), cells


def _parse_numbers(frame: pd.DataFrame) -> pd.DataFrame:
    """Add ``__value_usd`` etc.: the plain finite numbers, missing for any other text."""
    for column in _NUMBERS:
        if column in frame:
            text = frame[column]
            plain = text.str.fullmatch(_PLAIN_NUMBER).fillna(False).to_numpy(dtype=bool)
            number = pd.to_numeric(text.where(plain), errors="coerce").astype("float64")
            frame[f"__{column}"] = number.where(np.isfinite(number))
    return frame


def _dask_partition(
    frame: pd.DataFrame, offsets: list[int], partition_info: dict | None = None
) -> pd.DataFrame:
    """One partition of a Parquet file read by Dask: text cells, line numbers, numbers."""
    number = partition_info["number"] if partition_info else 0
    start = int(offsets[number]) + 1 if offsets else 1
    text = frame.astype("string").reset_index(drop=True)
    lines = np.arange(start, start + len(text), dtype=np.int64)
    patterns = {c: re.compile(p) for c, p in _READ_AS_ASCII.items() if c in text.columns}
    # Persian digits read as ASCII, without records (as Polars and DuckDB: a lazy result).
    text, _ = normalize_cells(text, lines, "", patterns=patterns)
    text.insert(0, _LINE, lines)
    return _parse_numbers(text)


def _dask_file(path: str, names: list[str]) -> pd.DataFrame:
    """One Parquet file of a folder as one Dask partition: its file, row numbers from 1.

    (Not ``columns=``: Dask's ``from_map`` passes its own projection under that name.)
    """
    import pyarrow.parquet as pq

    frame = pq.read_table(path, columns=names).to_pandas() if path else pd.DataFrame()
    frame = frame.reindex(columns=names)
    part = _dask_partition(frame, [0])
    part.insert(0, _FILE, pd.array([path] * len(part), dtype="string"))
    return part


def _read_dask(path: Path | list[Path], kind: str, layout: _CsvLayout | None) -> Any:
    import dask.dataframe as dd

    if layout is not None:
        # A CSV is read on the client with pandas (its line numbers need one ordered pass),
        # then handed to Dask; convert a CSV larger than memory to Parquet first.
        frame, _ = _read_pandas(path, kind, layout)  # type: ignore[arg-type]
        return dd.from_pandas(frame, npartitions=max(1, len(frame) // 1_000_000))
    if isinstance(path, list):
        # A folder as one Dask frame, a partition per file (read on the workers), so each
        # row knows its file and its row number there without a counting pass.
        import pyarrow.parquet as pq

        columns = list(pq.read_schema(path[0]).names)
        meta = _dask_file("", columns)
        return dd.from_map(_dask_file, [str(p) for p in path], args=[columns], meta=meta)
    else:
        source = dd.read_parquet(str(path))
        # Each partition's first row number: one pass that counts the rows of each partition.
        lengths = source.map_partitions(len).compute().tolist()
        offsets = np.concatenate([[0], np.cumsum(lengths)[:-1]]).astype(int).tolist()
    meta = _dask_partition(source._meta, [0])
    return source.map_partitions(_dask_partition, offsets, meta=meta)


def _read_polars(path: Path, kind: str, layout: _CsvLayout | None) -> Any:
    import polars as pl

    if layout is not None:
        # Polars reads a blank line as a row of empty fields, so its row index is the
        # physical line; the blank lines found by the scan are dropped by number.
        scan = pl.scan_csv(
            path,
            separator=",",
            quote_char='"',
            infer_schema=False,
            row_index_name=_LINE,
            row_index_offset=2,
        )
        if layout.blank_lines:
            scan = scan.filter(~pl.col(_LINE).is_in(list(layout.blank_lines)))
    else:
        scan = pl.scan_parquet(path, row_index_name=_LINE, row_index_offset=1)
        scan = scan.with_columns(pl.exclude(_LINE).cast(pl.String))
    names = scan.collect_schema().names()
    # Persian digits read inside the query, by the rule of _READ_AS_ASCII (no records: lazy).
    translated = []
    for c, pattern in _READ_AS_ASCII.items():
        if c in names and (layout is None or layout.other_digits):
            ascii_form = pl.col(c).str.replace_many(list(_DIGITS_FROM), list(_DIGITS_TO))
            whole = ascii_form.str.contains(f"^(?:{pattern})$")
            translated.append(pl.when(whole).then(ascii_form).otherwise(pl.col(c)).alias(c))
    scan = scan.with_columns(translated)
    numbers = []
    for c in _NUMBERS:
        if c in names:
            value = pl.col(c).str.strip_chars(" \t").cast(pl.Float64, strict=False)
            plain = pl.col(c).str.contains(_PLAIN_NUMBER) & value.is_finite()
            numbers.append(pl.when(plain).then(value).alias(f"__{c}"))
    return scan.with_columns(pl.col(_LINE).cast(pl.Int64), *numbers)


def _read_duckdb(
    path: Path | list[Path], kind: str, layout: _CsvLayout | None, connection: Any
) -> Any:
    import duckdb

    con = connection or duckdb.connect()
    quoted = str(path).replace("'", "''")
    if layout is not None:
        # No sniffing: the separator, quotes and names are given, so ';' or a tab is not
        # guessed and a short row is padded with NULLs (reported as empty fields) like pandas.
        columns = ", ".join(
            "'{}': 'VARCHAR'".format(name.replace("'", "''")) for name in layout.header
        )
        record = "ordinality + 1"
        if layout.blank_lines:
            shifts = np.asarray(layout.blank_lines) - np.arange(1, len(layout.blank_lines) + 1)
            listed = ", ".join(str(int(s)) for s in shifts)
            # DuckDB skips blank lines: count the blank lines before each record (few).
            record = f"{record} + len(list_filter([{listed}], lambda s: s < ordinality + 1))"
        source = (
            f"SELECT {record} AS {_LINE}, * EXCLUDE (ordinality) "
            f"FROM read_csv('{quoted}', auto_detect = false, header = true, delim = ',', "
            f"quote = '\"', escape = '\"', null_padding = true, columns = {{{columns}}}) "
            "WITH ORDINALITY"
        )
    elif isinstance(path, list):
        # A folder of Parquet files in one read: each row's file and its row number there.
        listed = ", ".join("'{}'".format(str(p).replace("'", "''")) for p in path)
        source = (
            f"SELECT file_row_number + 1 AS {_LINE}, filename AS {_FILE}, "
            "* EXCLUDE (file_row_number, filename) "
            f"FROM read_parquet([{listed}], file_row_number = true, filename = true, "
            "union_by_name = true)"
        )
    else:
        source = (
            f"SELECT file_row_number + 1 AS {_LINE}, * EXCLUDE (file_row_number) "
            f"FROM read_parquet('{quoted}', file_row_number = true)"
        )
    relation = con.sql(source)
    texts = []
    for c in relation.columns:
        text = f'CAST("{c}" AS VARCHAR)'
        if c == _LINE:
            texts.append(f"CAST({_LINE} AS BIGINT) AS {_LINE}")
        elif c == _FILE and isinstance(path, list):
            texts.append(f"{_FILE}")
        elif c in _READ_AS_ASCII and (layout is None or layout.other_digits):
            # Persian digits read inside the query, by the rule of _READ_AS_ASCII (no records).
            ascii_form = f"translate({text}, '{_DIGITS_FROM}', '{_DIGITS_TO}')"
            whole = f"regexp_full_match({ascii_form}, '{_READ_AS_ASCII[c]}')"
            # translate() of multi-byte characters costs 10x a regex search: a cell without
            # any of those characters (nearly all) keeps its text without it (0.37 s against
            # 0.04 s for the distinct dates of 10^6 rows).
            other = f"regexp_matches({text}, '[{_DIGITS_FROM}]')"
            texts.append(
                f"CASE WHEN NOT {other} THEN {text} WHEN {whole} THEN {ascii_form} "
                f'ELSE {text} END AS "{c}"'
            )
        else:
            texts.append(f'{text} AS "{c}"')
    relation = relation.project(", ".join(texts))
    numbers = []
    for c in _NUMBERS:
        if c in relation.columns:
            text = f'"{c}"'
            value = f"TRY_CAST(TRIM({text}, ' \\t') AS DOUBLE)"
            numbers.append(
                f"CASE WHEN regexp_full_match({text}, '{_PLAIN_NUMBER}') AND isfinite({value}) "
                f'THEN {value} END AS "__{c}"'
            )
    return relation.project(", ".join(["*", *numbers])), con


def _as_native(table: pd.DataFrame, engine: str, connection: Any) -> Any:
    if engine == "polars":
        import polars as pl

        return pl.from_pandas(table).lazy()
    if engine == "duckdb":
        return connection.from_df(table)
    if engine == "dask":
        import dask.dataframe as dd

        return dd.from_pandas(table, npartitions=1)
    return table


def _collect(frame: nw.DataFrame | nw.LazyFrame) -> nw.DataFrame:
    return frame.collect() if isinstance(frame, nw.LazyFrame) else frame


_GLOB_CHARACTERS = re.compile(r"[*?\[]")
_SUFFIXES = (".csv", ".parquet")


def declaration_files(path: str | Path) -> list[Path]:
    """List the files a path names: one file, a folder's extracts, or a glob's matches.

    A folder gives its ``.parquet`` and ``.csv`` files (not its subfolders), a pattern such as
    ``extracts/1402-*.parquet`` the files it matches; both sorted by name, which for files
    named by month (``1402-01.parquet``) is the order of the months.

    Args:
        path: A ``.csv`` or ``.parquet`` file, a folder, or a glob pattern.

    Raises:
        ParameterError: Nothing there, no extract in the folder or pattern, or a file of
            another type.

    Example:
        >>> import tempfile, pathlib
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> for month in ("1402-02", "1402-01"):
        ...     _ = (folder / f"{month}.csv").write_text("declaration_date")
        >>> [p.name for p in declaration_files(folder)]
        ['1402-01.csv', '1402-02.csv']
        >>> [p.name for p in declaration_files(folder / "*-02.csv")]
        ['1402-02.csv']
    """
    given = Path(path)
    text = str(path)
    if given.is_dir():
        files = sorted(p for p in given.iterdir() if p.is_file() and p.suffix.lower() in _SUFFIXES)
        what = "a folder holding .csv or .parquet extracts"
    elif _GLOB_CHARACTERS.search(text) and not given.exists():
        files = sorted(Path(p) for p in glob.glob(text) if Path(p).is_file())
        what = "a pattern matching .csv or .parquet extracts"
    else:
        files, what = [given], ""
    if not files:
        raise ParameterError([Problem(text, None, None, "no extract there", what)])
    wrong = [p for p in files if p.suffix.lower() not in _SUFFIXES]
    if wrong:
        raise ParameterError(
            [Problem(str(p), None, None, f"suffix {p.suffix!r}", ".csv or .parquet") for p in wrong]
        )
    if len(files) == 1 and not files[0].is_file() and files[0].suffix.lower() == ".parquet":
        raise ParameterError([Problem(text, None, None, "no such file", "a Parquet extract")])
    return files


def _columns_of(path: Path) -> list[str]:
    """A file's column names, from the CSV header line or the Parquet metadata."""
    if path.suffix.lower() == ".parquet":
        import pyarrow.parquet as pq

        return list(pq.read_schema(path).names)
    with path.open(encoding="utf-8-sig", newline="", errors="replace") as stream:
        return next(csv.reader([stream.readline().rstrip("\r\n")]), [])


def _layout_problems(files: list[Path]) -> list[Problem]:
    """Every file whose columns differ from the first file's, named with what differs."""
    first = _columns_of(files[0])
    problems = []
    for path in files[1:]:
        columns = _columns_of(path)
        lacking = [c for c in first if c not in columns]
        more = [c for c in columns if c not in first]
        if lacking or more:
            found = "; ".join(
                part
                for part in (
                    f"no column {', '.join(lacking)}" if lacking else "",
                    f"the column(s) {', '.join(more)} in addition" if more else "",
                )
                if part
            )
            line = 1 if path.suffix.lower() == ".csv" else None
            problems.append(
                Problem(
                    str(path), line, None, found, f"the columns of {files[0].name} (one layout)"
                )
            )
    return problems


def _pick_engine(files: list[Path]) -> str:
    size = sum(p.stat().st_size for p in files if p.is_file())
    return "duckdb" if size > AUTO_DUCKDB_BYTES else "pandas"


def load_declarations(
    path: str | Path, engine: Engine = "pandas", *, connection: Any = None
) -> Any:
    r"""Read and validate extracts of export declarations: one file, a folder or a pattern.

    Args:
        path: A ``.csv`` or ``.parquet`` file with the columns of :data:`COLUMNS` (and any of
            :data:`OPTIONAL_COLUMNS`; see the module docstring for what each holds), or a
            folder or glob pattern of such files (:func:`declaration_files`), e.g. one
            Parquet file a month. Every file must have the same columns.
        engine: ``"pandas"`` (a DataFrame in memory), ``"polars"`` (a lazy Polars
            LazyFrame), ``"duckdb"`` (a lazy DuckDB relation), ``"dask"`` (a lazy Dask
            DataFrame, computed on a ``distributed`` cluster when a client is connected) or
            ``"auto"``: DuckDB when the files are larger than :data:`AUTO_DUCKDB_BYTES`,
            pandas otherwise.
        connection: The DuckDB connection to use with ``engine="duckdb"`` (a new in-memory
            one by default); keep it open while you use the relation.

    Returns:
        The validated table, typed as described in the module docstring. Read from several
        files it starts with a column ``file`` (the path of each row's file), so that
        ``file`` and ``line`` locate every row.

    Raises:
        SmeAnalysisError: Missing columns, files of different layouts (each named), or every
            bad value of every file with file, line and column.
        ParameterError: An unknown engine, file type, or a folder without extracts.

    Warns:
        DuplicateRowsWarning: On ``engine="pandas"`` only, rows repeating an earlier row
            of the same file (all kept); the lazy engines do not look (see "Repeated rows").
        NormalizationWarning: On ``engine="pandas"`` only, cells written in Persian or
            Arabic-Indic digits were read as ASCII (listed in ``attrs["normalizations"]``);
            the lazy engines read them alike without a record.

    Example:
        >>> import tempfile, pathlib
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> _ = (folder / "extract.csv").write_text(
        ...     "declaration_date,hs_code,province,destination,value_usd,weight_kg\n"
        ...     "1398/09/30,5701.10,Isfahan,Iraq,1200.5,30\n"
        ... )
        >>> row = load_declarations(folder / "extract.csv").iloc[0]
        >>> str(row["declaration_date"].date()), row["jalali_year"], row["hs_code"]
        ('2019-12-21', np.int64(1398), '570110')
        >>> row["province_code"], row["destination"]
        ('IR-10', 'IRQ')
    """
    with warnings.catch_warnings():
        # narwhals' notice that its Dask support moves to another package (not ours to act on).
        warnings.filterwarnings(
            "ignore", message="Dask support is moving out of Narwhals", category=FutureWarning
        )
        return _load(path, engine, connection)


def _load(path: str | Path, engine: str, connection: Any) -> Any:
    if engine not in ENGINES:
        raise ParameterError(
            [Problem(None, None, "engine", repr(engine), "pandas, duckdb, polars, dask or auto")]
        )
    files = declaration_files(path)
    if engine == "auto":
        engine = _pick_engine(files)  # type: ignore[assignment]
    if len(files) == 1:
        return _load_one(files[0], engine, connection)
    problems = _layout_problems(files)
    if problems:
        raise SmeAnalysisError(
            problems, summary=f"{len(problems)} file(s) with another layout than {files[0].name}:"
        )
    if engine == "duckdb" and connection is None:
        import duckdb

        connection = duckdb.connect()
    if engine in ("duckdb", "dask") and all(f.suffix.lower() == ".parquet" for f in files):
        # One read of every file, validated by one set of queries (each file by itself cost
        # the queries 36 times over for a year's monthly files); problems name file and row.
        table = nw.from_native(_load_one(files, engine, connection))
        return table.select(_FILE, *[c for c in table.columns if c != _FILE]).to_native()
    parts, problems = [], []
    for file in files:
        try:
            part = _load_one(file, engine, connection)
        except ParameterError:
            raise
        except SmeAnalysisError as error:
            problems.extend(error.problems)
            continue
        part = nw.from_native(part)
        part = part.with_columns(nw.lit(str(file)).alias("file"))
        parts.append(part.select("file", *[c for c in part.columns if c != "file"]))
    if problems:
        raise SmeAnalysisError(
            problems, summary=f"{len(problems)} problem(s) in the files of {path}:"
        )
    combined = nw.concat(parts, how="vertical")
    if engine == "pandas":
        table = combined.to_native().reset_index(drop=True)
        table.attrs["normalizations"] = [
            record for part in parts for record in part.to_native().attrs.get("normalizations", [])
        ]
        return table
    return combined.to_native()


def _load_one(path: Path | list[Path], engine: str, connection: Any) -> Any:
    """Read and validate one file on one engine (see :func:`load_declarations`).

    A list of Parquet files (DuckDB and Dask only) is read and validated at once, with a
    column ``file``.
    """
    kind = "parquet" if isinstance(path, list) else path.suffix.lower().lstrip(".")
    file = str(path)
    layout = _scan_csv(path) if kind == "csv" else None  # type: ignore[arg-type]
    if layout is not None:
        header_problems = _header_problems(file, layout.header)
        if header_problems:
            raise SmeAnalysisError(
                header_problems,
                summary=f"{path.name}: {len(header_problems)} problem(s) with the header:",
            )
        if layout.data_rows <= 0:
            raise SmeAnalysisError(
                [Problem(file, 2, None, "a header and no data rows", "at least one row below it")]
            )
    try:
        frame, names, lookups, connection, cells = _validate(path, engine, kind, layout, connection)
    except _engine_errors() as error:
        problems = (
            _width_problems(path, len(layout.header))  # type: ignore[arg-type]
            if layout is not None
            else []
        )
        if not problems:
            raise
        raise SmeAnalysisError(
            problems, summary=f"{path.name}: {len(problems)} row(s) of the wrong width:"
        ) from error
    # 3. The typed table: the rows joined to the small lookup tables.
    result = frame
    for column, table in lookups.items():
        result = result.join(
            nw.from_native(_as_native(table, engine, connection)), on=column, how="left"
        )
    optional = [
        nw.col(f"__{c}").alias(c) if c == "quantity" else nw.col(c)
        for c in OPTIONAL_COLUMNS
        if c in names
    ]
    extra = [
        c for c in names if c not in (_LINE, *COLUMNS, *OPTIONAL_COLUMNS) and not c.startswith("__")
    ]
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
        *optional,
        *extra,
    )
    if engine == "pandas":
        # The joins keep row order on pandas; sort anyway so the order is the file's.
        table = result.sort(_LINE).to_native().reset_index(drop=True)
        table.attrs["normalizations"] = [*(layout.normalizations if layout else ()), *cells]
        return table
    if engine == "polars":
        # Polars' joins do not keep the left order by default: keep the file's order.
        return result.to_native().sort(_LINE, maintain_order=True)
    return result.to_native()


def _validate(
    path: Path, engine: str, kind: str, layout: _CsvLayout | None, connection: Any
) -> tuple[Any, list[str], dict[str, pd.DataFrame], Any, list[dict]]:
    """Read on the engine and check every row; raise every problem.

    Returns the frame, its column names, the lookup tables of the checked values, the
    DuckDB connection and the records of the cells read as ASCII (pandas only).
    """
    file = str(path)
    path_name = path[0].parent.name if isinstance(path, list) else path.name
    cells: list[dict] = []
    if engine == "polars":
        native = _read_polars(path, kind, layout)  # type: ignore[arg-type]
    elif engine == "dask":
        native = _read_dask(path, kind, layout)
    elif engine == "duckdb":
        native, connection = _read_duckdb(path, kind, layout, connection)
    else:
        native, cells = _read_pandas(path, kind, layout)  # type: ignore[arg-type]
    frame = nw.from_native(native)
    names = frame.collect_schema().names()
    files = path if isinstance(path, list) else [path]
    empty: list[Problem] = []
    if layout is None:
        # Parquet: the column names and the row count come from the file's metadata.
        header = [n for n in names if n not in (_LINE, _FILE)]
        problems = [p for f in files for p in _header_problems(str(f), header)]
        if problems:
            raise SmeAnalysisError(
                problems, summary=f"{path_name}: {len(problems)} required column(s) missing:"
            )
        if isinstance(path, list):
            import pyarrow.parquet as pq

            empty = [
                Problem(str(f), 1, None, "no rows", "at least one declaration")
                for f in files
                if pq.ParquetFile(f).metadata.num_rows == 0
            ]
        elif _collect(frame.select(nw.len())).item() == 0:
            raise SmeAnalysisError([Problem(file, 1, None, "no rows", "at least one declaration")])

    # 1. Each distinct text value once (queries that return only the distinct values).
    lookups: dict[str, pd.DataFrame] = {}
    bad_values: dict[str, dict[Hashable, str]] = {}
    for column, build in _LOOKUPS.items():
        distinct = _collect(frame.select(column).unique())[column].drop_nulls().to_list()
        lookups[column], bad_values[column] = build(distinct)

    # 2. One query for the offending rows: bad distinct values, unparsable or negative numbers
    # and missing fields.
    required = [c for c in (*COLUMNS, "exporter_id") if c in names]
    numbers = [c for c in _NUMBERS if c in names]
    conditions = [nw.col(c).is_null() for c in required]
    conditions += [nw.col(c).is_in(list(bad)) for c, bad in bad_values.items() if bad]
    conditions += [
        (nw.col(f"__{c}") < 0) | (nw.col(f"__{c}").is_null() & ~nw.col(c).is_null())
        for c in numbers
    ]
    if "quantity" in names and "unit" in names:
        conditions.append(~nw.col("quantity").is_null() & nw.col("unit").is_null())
    shown = [*required, *(c for c in ("quantity", "unit") if c in names)]
    offending = frame.filter(nw.any_horizontal(*conditions, ignore_nulls=True))
    where = [_FILE, _LINE] if isinstance(path, list) else [_LINE]
    fetched = offending.select(*where, *shown, *[f"__{c}" for c in numbers])
    if isinstance(path, list):
        fetched = fetched.sort(*where)  # one read of every file: problems in file order
    rows = _collect(fetched.head(_ROWS_FETCHED))
    if len(rows) or empty:
        counted = _collect(offending.select(nw.len())).item() if len(rows) else 0
        raise SmeAnalysisError(
            [*empty, *_row_problems(str(path), rows, bad_values)],
            summary=f"{path_name}: {counted} row(s) with bad values"
            + (f", {len(empty)} file(s) without rows" if empty else "")
            + (f" (problems of the first {len(rows)} listed):" if counted > len(rows) else ":"),
        )

    return frame, names, lookups, connection, cells


def _row_problems(
    file: str, rows: nw.DataFrame, bad_values: dict[str, dict[Hashable, str]]
) -> list[Problem]:
    problems = []
    names = rows.columns
    for row in rows.iter_rows(named=True):
        line = int(row[_LINE])
        where = str(row.get(_FILE, file))
        for column in (*COLUMNS, *OPTIONAL_COLUMNS):
            if column not in names:
                continue
            value = row[column]
            if pd.isna(value):  # None, NaN or pd.NA, depending on the engine
                if column == "unit" and not pd.isna(row["quantity"]):
                    problems.append(
                        Problem(where, line, column, "an empty field", "the quantity's unit")
                    )
                elif column not in ("quantity", "unit"):
                    problems.append(Problem(where, line, column, "an empty field", "a value"))
            elif column in bad_values and value in bad_values[column]:
                problems.append(
                    Problem(where, line, column, repr(value), bad_values[column][value])
                )
            elif column in _NUMBERS:
                number = row[f"__{column}"]
                if pd.isna(number):
                    problems.append(Problem(where, line, column, repr(value), _NUMBER_EXPECTED))
                elif number < 0:
                    problems.append(Problem(where, line, column, repr(value), "a number >= 0"))
    return problems


# ---------------------------------------------------------------------------------------------
# Synthetic declarations (see the module docstring): demo, tests and benchmarks, never data/.
# ---------------------------------------------------------------------------------------------

#: Destinations in the order of their Zipf weight (ISO 3166-1 alpha-3; not a ranking of
#: real trade, only a plausible shape).
SYNTHETIC_DESTINATIONS: tuple[str, ...] = (
    "CHN", "IRQ", "ARE", "TUR", "AFG", "IND", "PAK", "RUS", "ARM", "OMN", "AZE", "KWT",
    "TKM", "UZB", "QAT", "KAZ", "GEO", "SYR", "LBN", "DEU", "ITA", "ESP", "KOR", "JPN",
    "IDN", "MYS", "THA", "VNM", "BHR", "TJK",
)  # fmt: skip
#: Weight of each Iranian month, Farvardin first (the Nowruz dip and the Esfand rush).
SYNTHETIC_MONTH_WEIGHTS: tuple[float, ...] = (
    0.55,
    0.9,
    1.0,
    1.0,
    1.0,
    1.0,
    1.0,
    1.0,
    1.0,
    1.05,
    1.1,
    1.5,
)
#: Growth of the number of declarations from one year to the next.
SYNTHETIC_YEARLY_GROWTH = 0.06
#: Pareto shape of exporter sizes (smaller: more concentrated).
SYNTHETIC_PARETO_SHAPE = 1.1
#: Share of exporters already exporting in the first year.
SYNTHETIC_INCUMBENT_SHARE = 0.6
#: Share of exporters still exporting in the last year.
SYNTHETIC_STAYER_SHARE = 0.7
#: Share of declarations whose unit value is keyed 50 times too high.
SYNTHETIC_OUTLIER_RATE = 0.001
_WITHIN = np.array([0.6, 0.3, 0.1])  # how an exporter spreads over its 3 products/destinations


def synthetic_products() -> tuple[str, ...]:
    """The HS codes the generator uses: every chapter, then the commodity-group codes.

    Example:
        >>> codes = synthetic_products()
        >>> codes[:3], "8418" in codes, len(codes) == len(set(codes))
        (('01', '02', '03'), True, True)
    """
    groups = [code for codes in hs.COMMODITY_GROUPS.values() for code in codes if len(code) > 2]
    return tuple(dict.fromkeys([*sorted(hs.CHAPTERS), *groups]))


def _zipf(n: int) -> np.ndarray:
    weights = 1.0 / np.arange(1, n + 1)
    return weights / weights.sum()


def _check_synthetic(rows: object, first_year: object, last_year: object, seed: object) -> None:
    problems = []
    if not isinstance(rows, int) or isinstance(rows, bool) or rows < 1:
        problems.append(Problem(None, None, "rows", repr(rows), "a whole number >= 1"))
    for name, year in (("first_year", first_year), ("last_year", last_year)):
        if not isinstance(year, int) or not calendar.MIN_YEAR < year < calendar.MAX_YEAR:
            problems.append(Problem(None, None, name, repr(year), "an Iranian year"))
    if not problems and first_year > last_year:  # type: ignore[operator]
        problems.append(Problem(None, None, "last_year", repr(last_year), "first_year or later"))
    if not isinstance(seed, int):
        problems.append(Problem(None, None, "seed", repr(seed), "an integer"))
    if problems:
        raise ParameterError(problems)


class _SyntheticWorld:
    """The exporters, products and their unit values: drawn once from the seed."""

    def __init__(self, rows: int, first_year: int, last_year: int, seed: int) -> None:
        rng = np.random.default_rng([seed, 0])
        years = last_year - first_year + 1
        n = max(20, rows // 150)
        self.first_year, self.last_year = first_year, last_year
        self.size = (rng.pareto(SYNTHETIC_PARETO_SHAPE, n) + 1.0) * 1.0
        late = rng.random(n) >= SYNTHETIC_INCUMBENT_SHARE
        self.entry = np.where(late, first_year + rng.integers(1, max(years, 2), n), first_year)
        self.entry = np.minimum(self.entry, last_year)
        leaves = rng.random(n) >= SYNTHETIC_STAYER_SHARE
        span = np.maximum(last_year - self.entry, 1)
        self.exit = np.where(
            leaves & (self.entry < last_year),
            self.entry + np.floor(rng.random(n) * span).astype(int),
            last_year,
        )
        codes = synthetic_products()
        self.products = np.asarray(codes, dtype=object)
        self.unit_value = np.exp(rng.normal(np.log(3.0), 0.9, len(codes)))
        self.exporter_products = rng.choice(len(codes), (n, 3), p=_zipf(len(codes)))
        self.exporter_destinations = rng.choice(len(SYNTHETIC_DESTINATIONS), (n, 3), p=_zipf(30))
        names = provinces.provinces_table()["name_en"].to_numpy(dtype=object)
        order = rng.permutation(len(names))
        self.provinces = names[order]
        self.home = rng.choice(len(names), n, p=_zipf(len(names)))
        self.destinations = np.asarray(SYNTHETIC_DESTINATIONS, dtype=object)
        self.ids = np.array([f"EX{i:06d}" for i in range(1, n + 1)], dtype=object)
        self.seed = seed
        weights = np.array(
            [
                (1 + SYNTHETIC_YEARLY_GROWTH) ** (y - first_year)
                for y in range(first_year, last_year + 1)
            ]
        )
        share = weights[:, None] * np.asarray(SYNTHETIC_MONTH_WEIGHTS)[None, :]
        share = (share / share.sum()).ravel()
        # Rows per (year, month): the largest remainders get the rounding, so they add up.
        exact = share * rows
        counts = np.floor(exact).astype(int)
        counts[np.argsort(counts - exact)[: rows - counts.sum()]] += 1
        self.counts = counts.reshape(years, 12)

    def month(self, year: int, month: int) -> pd.DataFrame:
        rows = int(self.counts[year - self.first_year, month - 1])
        rng = np.random.default_rng([self.seed, year, month])
        active = np.flatnonzero((self.entry <= year) & (self.exit >= year))
        weights = self.size[active] / self.size[active].sum()
        who = active[rng.choice(len(active), rows, p=weights)]
        pick = rng.choice(3, rows, p=_WITHIN)
        product = self.exporter_products[who, pick]
        pick = rng.choice(3, rows, p=_WITHIN)
        destination = self.exporter_destinations[who, pick]
        weight = np.round(np.exp(rng.normal(np.log(2_000.0), 1.2, rows)), 1)
        noise = np.exp(rng.normal(0.0, 0.25, rows))
        outlier = np.where(rng.random(rows) < SYNTHETIC_OUTLIER_RATE, 50.0, 1.0)
        value = np.round(weight * self.unit_value[product] * noise * outlier, 2)
        days = calendar.days_in_month(year, month)
        day = rng.integers(1, days + 1, rows)
        # Zero-padded by hand: np.char.zfill fails on a month without rows (a small extract).
        padded = np.char.add(np.where(day < 10, "0", ""), day.astype(str))
        dates = np.char.add(f"{year}/{month:02d}/", padded)
        frame = pd.DataFrame(
            {
                "declaration_date": pd.array(dates, dtype="string"),
                "hs_code": pd.array(self.products[product], dtype="string"),
                "province": pd.array(self.provinces[self.home[who]], dtype="string"),
                "destination": pd.array(
                    np.asarray(SYNTHETIC_DESTINATIONS)[destination], dtype="string"
                ),
                "value_usd": value,
                "weight_kg": weight,
                "exporter_id": pd.array(self.ids[who], dtype="string"),
            }
        )
        return frame.sort_values("declaration_date", kind="stable").reset_index(drop=True)

    def months(self) -> list[tuple[int, int]]:
        return [
            (year, month)
            for year in range(self.first_year, self.last_year + 1)
            for month in range(1, 13)
        ]


def synthetic_declarations(
    rows: int = 100_000, *, first_year: int = 1398, last_year: int = 1402, seed: int = 1398
) -> pd.DataFrame:
    """Make a synthetic extract of export declarations in the layout of the loader.

    Args:
        rows: How many declarations, spread over the months (see "Synthetic declarations"
            in the module docstring).
        first_year: First Iranian year.
        last_year: Last Iranian year.
        seed: Seed of every random draw: the same arguments give the same rows.

    Returns:
        A pandas frame with the columns of :data:`COLUMNS` and
        ``exporter_id``, dates as Jalali text (``1398/09/30``), as an extract would come;
        ``attrs["synthetic"]`` is True. Load it with
        :func:`load_declarations` after writing it (or use
        :func:`write_synthetic_declarations`).

    Raises:
        ParameterError: ``rows`` below 1, years out of range or reversed, a seed that is
            not an integer.

    Example:
        >>> frame = synthetic_declarations(1_000, first_year=1400, last_year=1401)
        >>> len(frame), frame["declaration_date"].str[:4].unique().tolist()
        (1000, ['1400', '1401'])
        >>> frame.attrs["synthetic"], synthetic_declarations(1_000, first_year=1400,
        ...     last_year=1401).equals(frame)
        (True, True)
    """
    _check_synthetic(rows, first_year, last_year, seed)
    world = _SyntheticWorld(rows, first_year, last_year, seed)
    frame = pd.concat([world.month(y, m) for y, m in world.months()], ignore_index=True)
    frame.attrs["synthetic"] = True
    return frame


def write_synthetic_declarations(
    folder: str | Path,
    rows: int = 100_000,
    *,
    first_year: int = 1398,
    last_year: int = 1402,
    seed: int = 1398,
) -> list[Path]:
    """Write a synthetic extract as one Parquet file a month (``1398-01.parquet``, ...).

    The months are made one at a time, so memory holds one month, not the extract: 10^8
    rows need about the memory of 2 x 10^6. The rows are those of
    :func:`synthetic_declarations` with the same arguments. Each file's Parquet metadata
    says ``synthetic: true``.

    Args:
        folder: Where to write (created if absent); not inside the project's ``data/``.
        rows: As for :func:`synthetic_declarations`.
        first_year: As for :func:`synthetic_declarations`.
        last_year: As for :func:`synthetic_declarations`.
        seed: As for :func:`synthetic_declarations`.

    Returns:
        The paths written, in month order.

    Raises:
        ParameterError: ``folder`` is inside ``data/`` (synthetic data never goes there), or
            as :func:`synthetic_declarations`.

    Example:
        >>> import tempfile
        >>> files = write_synthetic_declarations(tempfile.mkdtemp(), 500, first_year=1401,
        ...                                      last_year=1401)
        >>> len(files), files[0].name
        (12, '1401-01.parquet')
    """
    _check_synthetic(rows, first_year, last_year, seed)
    target = Path(folder).expanduser().resolve()
    data = Path(paths.DATA_DIR).resolve()
    if target == data or data in target.parents:
        raise ParameterError(
            [Problem(str(folder), None, None, "a folder inside data/", "a folder outside data/")]
        )
    import pyarrow as pa
    import pyarrow.parquet as pq

    target.mkdir(parents=True, exist_ok=True)
    world = _SyntheticWorld(rows, first_year, last_year, seed)
    written = []
    for year, month in world.months():
        table = pa.Table.from_pandas(world.month(year, month), preserve_index=False)
        table = table.replace_schema_metadata(
            {**(table.schema.metadata or {}), b"synthetic": b"true"}
        )
        path = target / f"{year}-{month:02d}.parquet"
        pq.write_table(table, path)
        written.append(path)
    return written

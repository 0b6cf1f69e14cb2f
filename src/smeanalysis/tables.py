"""Reading the project's CSV tables as text, with every problem located.

Shared by :mod:`smeanalysis.facts` and :mod:`smeanalysis.composition`, so both report bad
input the same way: every cell is read as text (nothing coerced by pandas), the header and
the shape of each row are checked first, a corrections file is checked and applied cell by
cell, and the dictionary's pandera schema runs on the typed table with its failures turned
back into :class:`~smeanalysis.errors.Problem` objects naming file, line and column.

For a CSV the header is line 1 and the first data row line 2; a quoted cell spanning lines
puts its row on the line where it starts.

Normalisations (the one channel for everything read in another form than written):
    A cell written wholly as a number or an ISO date in Persian (۰-۹) or Arabic-Indic (٠-٩)
    digits, with the Arabic decimal separator (٫) or the minus sign (−), is read as its ASCII
    form (:func:`smeanalysis.units.normalize_digits`): ``۱۲۰۰`` as ``1200``, ``۲۰۲۱-۰۱-۱۰`` as
    ``2021-01-10``. Any other cell keeps its text and faces the loaders' checks, which accept
    ASCII digits 0-9 only: ``۱٬۲۰۰`` is rejected like ``1,200``. A dropped byte-order mark and
    Windows (CRLF) line ends are recorded too. :attr:`TextTable.normalizations` lists them as
    tidy records (:data:`NORMALIZATION_FIELDS`; one per cell and kind, one per file for a
    byte-order mark or line ends, ``count`` saying how many), the loaders copy them to
    ``frame.attrs["normalizations"]``, and a :class:`NormalizationWarning` is emitted once per
    file whose cells changed, with the counts per kind and column. A byte-order mark or CRLF
    line ends alone change no cell and only go to the records (the shipped research tables
    are CRLF files kept byte-identical: a warning on every load would teach analysts to
    ignore it).
"""

from __future__ import annotations

import csv
import difflib
import io
import re
import sys
import warnings
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from smeanalysis.dictionary import Table, pandera_schema
from smeanalysis.errors import Problem
from smeanalysis.units import normalize_digits

__all__ = [
    "NORMALIZATION_FIELDS",
    "NORMALIZATION_KINDS",
    "URL_PATTERN",
    "DuplicateRowsWarning",
    "NormalizationWarning",
    "TextTable",
    "apply_corrections",
    "check_header",
    "normalize_cells",
    "problems_at",
    "read_corrections",
    "read_text",
    "schema_problems",
    "show",
    "warn_duplicates",
    "warn_normalizations",
]

#: An http(s) address with a host that has a dot; the loaders' check of source pages.
URL_PATTERN = r"https?://[^\s/?#]+\.[^\s]*"
_POSITIVE_INT = r"[1-9][0-9]*"

#: What each normalisation kind means, as the warning and the records name it.
NORMALIZATION_KINDS: dict[str, str] = {
    "persian_digits": "Persian digits (۰-۹) read as 0-9",
    "arabic_indic_digits": "Arabic-Indic digits (٠-٩) read as 0-9",
    "arabic_decimal_separator": "the Arabic decimal separator (٫) read as '.'",
    "minus_sign": "the minus sign (−) read as '-'",
    "byte_order_mark": "a UTF-8 byte-order mark dropped",
    "crlf_line_endings": "Windows line ends (CRLF) read as LF",
}
#: The keys of every normalisation record, in order.
NORMALIZATION_FIELDS = ("file", "line", "column", "kind", "count", "found", "read_as")

# The characters that make a cell a candidate, by kind; ASCII-only patterns everywhere else.
_KIND_CHARACTERS = {
    "persian_digits": "[\u06f0-\u06f9]",
    "arabic_indic_digits": "[\u0660-\u0669]",
    "arabic_decimal_separator": "\u066b",
    "minus_sign": "\u2212",
}
_CANDIDATE = "|".join(_KIND_CHARACTERS.values())
_KIND_PATTERNS = {kind: re.compile(chars) for kind, chars in _KIND_CHARACTERS.items()}
# What a normalised cell must be to be accepted: a plain number or an ISO date, ASCII only.
_PLAIN_NUMBER_OR_DATE = re.compile(
    r"[+-]?(?:[0-9]+(?:\.[0-9]+)?|\.[0-9]+)|[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII
)


class NormalizationWarning(UserWarning):
    """Cells of a file were read in a normalised form; ``frame.attrs["normalizations"]`` lists them.

    Emitted once per file, with the number of cells per kind and column.
    """


class DuplicateRowsWarning(UserWarning):
    """A file holds rows that repeat an earlier row exactly; they are kept, not dropped."""


@dataclass(frozen=True)
class TextTable:
    """A CSV read as text: the frame (string cells), each row's physical line, the file name.

    ``normalizations`` holds the records of what was read in another form than written (see
    the module doc), each a dict with the keys :data:`NORMALIZATION_FIELDS`.

    Example:
        >>> t = TextTable(pd.DataFrame({"a": ["1"]}, dtype="string"), np.array([2]), "x.csv")
        >>> int(t.lines[0]), t.file, t.normalizations
        (2, 'x.csv', ())
    """

    frame: pd.DataFrame
    lines: np.ndarray
    file: str
    normalizations: tuple[dict, ...] = ()


def show(value: object) -> str:
    """How a cell is quoted in a message: its repr, or "an empty cell".

    Example:
        >>> show("8.9 billion"), show("")
        ("'8.9 billion'", 'an empty cell')
    """
    return repr(value) if value != "" else "an empty cell"


def _closest(word: str, choices: Sequence[str]) -> list[str]:
    return difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)


def read_text(
    path: Path, expected: Sequence[str], *, allow_empty: bool = False
) -> tuple[TextTable | None, list[Problem]]:
    """Read a CSV as strings, checking the file, its header and the shape of every row.

    Columns may come in any order; the frame has them in ``expected`` order. A byte-order
    mark is dropped; blank lines are skipped. A header without data rows is a problem
    unless ``allow_empty`` (a corrections file with nothing to correct). Cells written as a
    number or a date in Persian or Arabic-Indic digits are read as ASCII and every
    normalisation is recorded (see the module doc and :func:`normalize_cells`).

    Returns:
        The table (None when there were problems) and the problems found.

    Example:
        >>> table, problems = read_text(Path("no-such.csv"), ["a"])
        >>> table, problems[0].found
        (None, 'no such file')
    """
    file = str(path)
    layout = ", ".join(expected)
    if not path.is_file():
        return None, [
            Problem(file, None, None, "no such file", f"a CSV file with columns {layout}")
        ]
    raw = path.read_bytes()
    try:
        # utf-8-sig drops a byte-order mark; newline="" keeps Windows line ends for csv.
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return None, [
            Problem(file, line, None, f"bytes that are not UTF-8 ({error.reason})", "UTF-8 text")
        ]
    if not text.strip():
        return None, [
            Problem(file, 1, None, "an empty file", f"a header line naming the columns {layout}")
        ]

    reader = csv.reader(io.StringIO(text, newline=""))
    header: list[str] | None = None
    starts: list[int] = []
    widths: list[int] = []
    previous_end = 0
    try:
        for record in reader:
            start, previous_end = previous_end + 1, reader.line_num
            if not record:
                continue  # a blank line; pandas skips it too
            if header is None:
                header = record
                continue
            starts.append(start)
            widths.append(len(record))
    except csv.Error as error:
        return None, [Problem(file, reader.line_num, None, f"broken CSV ({error})", "valid CSV")]

    assert header is not None  # the text is not blank, so some record came first
    problems = check_header(file, header, expected)
    if problems:
        return None, problems
    for line, width in zip(starts, widths, strict=True):
        if width != len(header):
            problems.append(
                Problem(
                    file,
                    line,
                    None,
                    f"{width} fields",
                    f"{len(header)} fields, one per header column (quote a value with a comma)",
                )
            )
    if not starts and not allow_empty:
        problems.append(
            Problem(file, 2, None, "a header and no data rows", "at least one row below the header")
        )
    if problems:
        return None, problems
    frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    frame = frame.loc[:, list(expected)].astype("string")
    lines = np.asarray(starts, dtype=np.int64)
    warn_duplicates(file, frame, lines)  # as written, before any cell is normalised
    records = _file_records(file, raw)
    frame, cells = normalize_cells(frame, lines, file)
    records += cells
    if cells:
        warn_normalizations(file, records)
    # On the frame too, so a frame derived from it (corrections typed by assign) keeps them.
    frame.attrs["normalizations"] = list(records)
    return TextTable(frame, lines, file, tuple(records)), []


def _file_records(file: str, raw: bytes) -> list[dict]:
    """Records of what applies to a whole file: a byte-order mark, CRLF line ends."""
    records = []
    if raw.startswith(b"\xef\xbb\xbf"):
        records.append(_record(file, 1, None, "byte_order_mark", 1, "\ufeff", ""))
    crlf = raw.count(b"\r\n")
    if crlf:
        records.append(_record(file, None, None, "crlf_line_endings", crlf, "\r\n", "\n"))
    return records


def _record(
    file: str, line: int | None, column: str | None, kind: str, count: int, found: str, read: str
) -> dict:
    values = (file, line, column, kind, count, found, read)
    return dict(zip(NORMALIZATION_FIELDS, values, strict=True))


def normalize_cells(
    frame: pd.DataFrame,
    lines: np.ndarray,
    file: str,
    *,
    patterns: Mapping[str, re.Pattern[str]] | None = None,
) -> tuple[pd.DataFrame, list[dict]]:
    """Read number and date cells written in Persian or Arabic-Indic digits as ASCII.

    A cell is changed only when, after :func:`smeanalysis.units.normalize_digits`, it is a
    plain number or a ``YYYY-MM-DD`` date in ASCII digits; any other cell keeps its text (and
    the loader's checks, which take ASCII digits only, report it with the text as written).

    Args:
        frame: String cells (not changed).
        lines: Each row's physical line.
        file: The file name, for the records.
        patterns: For a loader with its own layout (:mod:`smeanalysis.trade`): only these
            columns are looked at, and a cell is changed when its ASCII form matches its
            column's pattern whole (instead of the plain number or ISO date rule).

    Returns:
        A new frame and one record per changed cell and kind (keys :data:`NORMALIZATION_FIELDS`,
        ``count`` 1), in line then column order.

    Example:
        >>> cells = pd.DataFrame({"value": ["۱۲۰۰", "۱٬۲۰۰", "7"]}, dtype="string")
        >>> out, records = normalize_cells(cells, np.array([2, 3, 4]), "f.csv")
        >>> out["value"].tolist()
        ['1200', '۱٬۲۰۰', '7']
        >>> [(r["line"], r["column"], r["kind"], r["found"], r["read_as"]) for r in records]
        [(2, 'value', 'persian_digits', '۱۲۰۰', '1200')]
        >>> dates = pd.DataFrame({"day": ["۱۳۹۸/۰۹/۳۰"]}, dtype="string")
        >>> normalize_cells(dates, np.array([2]), "f.csv")[0]["day"].tolist()
        ['۱۳۹۸/۰۹/۳۰']
        >>> slashed = {"day": re.compile(r"[0-9]{4}/[0-9]{2}/[0-9]{2}")}
        >>> normalize_cells(dates, np.array([2]), "f.csv", patterns=slashed)[0]["day"].tolist()
        ['1398/09/30']
    """
    out = frame
    found: list[tuple[int, int, dict]] = []
    for index, column in enumerate(frame.columns):
        if patterns is not None and column not in patterns:
            continue
        accept = _PLAIN_NUMBER_OR_DATE if patterns is None else patterns[column]
        text = frame[column]
        candidate = text.str.contains(_CANDIDATE, regex=True).fillna(False).to_numpy(dtype=bool)
        if not candidate.any():
            continue
        changed = text.copy()
        for position in np.flatnonzero(candidate):
            cell = str(text.iloc[position])
            ascii_form = normalize_digits(cell)
            if not accept.fullmatch(ascii_form):
                continue
            changed.iloc[position] = ascii_form
            line = int(lines[position])
            for kind, pattern in _KIND_PATTERNS.items():
                if pattern.search(cell):
                    record = _record(file, line, str(column), kind, 1, cell, ascii_form)
                    found.append((line, index, record))
        if out is frame:
            out = frame.copy()
        out[column] = changed
    found.sort(key=lambda item: (item[0], item[1]))
    return out, [record for _, _, record in found]


def warn_normalizations(file: str, records: Sequence[dict]) -> None:
    """One :class:`NormalizationWarning` for a file: cells per kind and column, then the file's.

    Args:
        file: The file name, for the message.
        records: Its normalisation records (keys :data:`NORMALIZATION_FIELDS`), those of
            cells and those of the whole file (a byte-order mark, line ends).

    Example:
        >>> import warnings
        >>> cells = pd.DataFrame({"value": ["۱۲۰۰"]}, dtype="string")
        >>> _, records = normalize_cells(cells, np.array([2]), "f.csv")
        >>> with warnings.catch_warnings(record=True) as caught:
        ...     warnings.simplefilter("always")
        ...     warn_normalizations("f.csv", records)
        >>> str(caught[0].message).split(": ", 2)[2]
        "1 cell in column 'value' (Persian digits (۰-۹) read as 0-9; first on line 2)"
    """
    cells = Counter((r["kind"], r["column"]) for r in records if r["column"] is not None)
    first_line: dict[tuple[str, str], int] = {}
    for r in records:
        if r["column"] is not None:
            first_line.setdefault((r["kind"], r["column"]), r["line"])
    parts = [
        f"{n} cell{'s' if n != 1 else ''} in column {column!r} "
        f"({NORMALIZATION_KINDS[kind]}; first on line {first_line[kind, column]})"
        for (kind, column), n in cells.items()
    ]
    parts += [
        f"{NORMALIZATION_KINDS[r['kind']]} ({r['count']})" for r in records if r["column"] is None
    ]
    message = (
        f"{file}: read with normalisations, listed one by one in "
        f"frame.attrs['normalizations']: {'; '.join(parts)}"
    )
    warnings.warn(message, NormalizationWarning, stacklevel=_outside_package())


def warn_duplicates(
    file: str,
    frame: pd.DataFrame,
    lines: np.ndarray,
    *,
    unit: str = "line",
    items: str = "statements",
) -> None:
    """Warn about rows that repeat an earlier row cell for cell; every row is still kept.

    Two outlets quoting one statement differ in their URL, so an exact repeat is most likely
    a copy made while compiling the file; the package never drops it, but says so in one
    :class:`DuplicateRowsWarning` per file naming each repeated row and the row it repeats.

    Args:
        file: The file name, for the message.
        frame: The cells as written (every column is compared; missing cells match).
        lines: Each row's physical line (or row number, see ``unit``).
        unit: What ``lines`` counts, as the message names it (``"row"`` for Parquet).
        items: What a row is, for the advice ("remove the copies if they are not separate
            statements").

    Example:
        >>> import warnings
        >>> cells = pd.DataFrame({"a": ["1", "2", "1"]}, dtype="string")
        >>> with warnings.catch_warnings(record=True) as caught:
        ...     warnings.simplefilter("always")
        ...     warn_duplicates("f.csv", cells, np.array([2, 3, 5]))
        >>> str(caught[0].message).split(";")[0]
        'f.csv: 1 row repeats an earlier row cell for cell (line 5 = line 2)'
    """
    repeated = frame.duplicated(keep="first").to_numpy(dtype=bool)
    if not repeated.any():
        return
    first_of = frame.groupby(list(frame.columns), dropna=False, sort=False).ngroup().to_numpy()
    first_line = {}
    for group, line in zip(first_of, lines, strict=True):
        first_line.setdefault(group, int(line))
    pairs = [
        f"{unit} {int(line)} = {unit} {first_line[group]}"
        for line, group, again in zip(lines, first_of, repeated, strict=True)
        if again
    ]
    shown = "; ".join(pairs[:10]) + (f"; and {len(pairs) - 10} more" if len(pairs) > 10 else "")
    repeat = "rows repeat" if len(pairs) != 1 else "row repeats"
    message = (
        f"{file}: {len(pairs)} {repeat} an earlier row cell for cell ({shown}); all rows are "
        f"kept: remove the copies if they are not separate {items}"
    )
    warnings.warn(message, DuplicateRowsWarning, stacklevel=_outside_package())


def _outside_package() -> int:
    """The stacklevel of the first caller outside smeanalysis (where the warning is shown)."""
    level, frame = 2, sys._getframe(2)  # 1 is _warn's caller's view of warnings.warn
    while frame is not None and frame.f_globals.get("__name__", "").startswith("smeanalysis"):
        frame = frame.f_back
        level += 1
    return level


def check_header(file: str, header: list[str], expected: Sequence[str]) -> list[Problem]:
    """Problems with a header: repeated, unexpected (with the closest name) or missing columns.

    Example:
        >>> [p.found for p in check_header("x.csv", ["valeu", "unit"], ["value", "unit"])]
        ["a column named 'valeu'"]
    """
    problems = []
    layout = ", ".join(expected)
    seen: set[str] = set()
    for name in header:
        if name in seen:
            problems.append(Problem(file, 1, name, f"the column {name!r} twice", "unique columns"))
        seen.add(name)
    missing = [name for name in expected if name not in seen]
    extra = [name for name in dict.fromkeys(header) if name not in expected]
    for name in extra:
        match = _closest(name.strip().lower(), missing)
        if match:
            missing.remove(match[0])
            problems.append(
                Problem(
                    file,
                    1,
                    name,
                    f"a column named {name!r}",
                    f"{match[0]!r} (the closest column of the layout: {layout})",
                )
            )
        else:
            problems.append(
                Problem(
                    file, 1, name, f"an unexpected column {name!r}", f"only the columns {layout}"
                )
            )
    for name in missing:
        problems.append(Problem(file, 1, name, f"no column {name!r}", f"the columns {layout}"))
    return problems


def problems_at(
    read: TextTable,
    mask: pd.Series | np.ndarray,
    column: str,
    found: pd.Series,
    expected: str,
    show: Callable[[str], str] = show,
) -> list[Problem]:
    """One problem per flagged row; ``found`` is formatted only for those rows.

    Example:
        >>> t = TextTable(pd.DataFrame({"v": ["1", "x"]}), np.array([2, 3]), "f.csv")
        >>> [str(p) for p in problems_at(t, [False, True], "v", t.frame["v"], "a number")]
        ["f.csv, line 3, column 'v': found 'x', expected a number"]
    """
    mask = np.asarray(mask, dtype=bool)
    return [
        Problem(read.file, int(read.lines[i]), column, show(found.iloc[i]), expected)
        for i in np.flatnonzero(mask)
    ]


# ---------------------------------------------------------------------------------------------
# Corrections
# ---------------------------------------------------------------------------------------------


def read_corrections(
    path: Path, table: Table, raw_columns: Sequence[str]
) -> tuple[pd.DataFrame | None, np.ndarray, list[Problem]]:
    """Read and check a corrections file; its first column is the corrected row's number.

    Args:
        path: The corrections CSV.
        table: Its dictionary table (columns: row number, ``column``, ``found``,
            ``replacement``, ``reason``, ``checked_url``).
        raw_columns: The columns of the corrected file, which ``column`` must name.

    Returns:
        The typed corrections (row number as int64; None when there were problems), each
        correction's line and the problems found.

    Example:
        >>> from smeanalysis.dictionary import TABLES
        >>> frame, lines, problems = read_corrections(
        ...     Path("no-such.csv"), TABLES["official_figures_corrections"], ["value"])
        >>> frame is None, problems[0].found
        (True, 'no such file')
    """
    columns = table.columns
    id_column = columns[0]
    read, problems = read_text(path, columns, allow_empty=True)
    if read is None:
        return None, np.empty(0, dtype=np.int64), problems
    frame, lines, file = read.frame, read.lines, read.file
    checks = {
        id_column: (
            ~frame[id_column].str.fullmatch(_POSITIVE_INT),
            "a data-row number of the raw file (1 = first data row)",
        ),
        "column": (
            ~frame["column"].isin(list(raw_columns)),
            f"a column of the raw layout: {', '.join(raw_columns)}",
        ),
        "checked_url": (
            ~frame["checked_url"].str.fullmatch(URL_PATTERN),
            "the address of the page checked, starting http:// or https://",
        ),
        "reason": (frame["reason"].str.strip() == "", "the reason in plain English"),
    }
    for column in columns:
        if column in checks:
            bad, expected = checks[column]
            problems += problems_at(read, bad, column, frame[column], expected)
    pairs = frame[id_column] + "\x00" + frame["column"]
    for position in np.flatnonzero(pairs.duplicated().to_numpy(dtype=bool)):
        problems.append(
            Problem(
                file,
                int(lines[position]),
                "column",
                f"a second correction of row {frame[id_column].iloc[position]}, column "
                f"{frame['column'].iloc[position]!r}",
                "one correction per cell",
            )
        )
    if problems:
        return None, lines, problems
    typed = frame.assign(**{id_column: frame[id_column].astype("int64")})
    return typed, lines, []


def apply_corrections(
    read: TextTable, corrections: pd.DataFrame, lines: np.ndarray, corrections_file: str
) -> tuple[pd.DataFrame, list[Problem]]:
    """Return a corrected copy of the raw text frame, checking each ``found`` first.

    The first column of ``corrections`` is the data-row number (1 = first data row). A
    correction whose ``found`` differs from the raw cell is a problem, so a changed raw file
    is never silently mis-corrected.

    Example:
        >>> t = TextTable(pd.DataFrame({"v": ["1", "2"]}, dtype="string"), np.array([2, 3]), "f")
        >>> fix = pd.DataFrame({"row_id": [2], "column": ["v"], "found": ["2"],
        ...                     "replacement": ["3"]})
        >>> frame, problems = apply_corrections(t, fix, np.array([2]), "fixes.csv")
        >>> frame["v"].tolist(), problems, t.frame["v"].tolist()
        (['1', '3'], [], ['1', '2'])
    """
    id_column = corrections.columns[0]
    problems = []
    frame = read.frame.copy()
    size = len(frame)
    for position, row in enumerate(corrections.itertuples(index=False)):
        line = int(lines[position])
        number = int(getattr(row, id_column))
        if not 1 <= number <= size:
            problems.append(
                Problem(
                    corrections_file,
                    line,
                    id_column,
                    str(number),
                    f"a data row of {read.file} (1 to {size})",
                )
            )
            continue
        actual = frame.loc[number - 1, row.column]
        if actual != row.found:
            problems.append(
                Problem(
                    corrections_file,
                    line,
                    "found",
                    show(row.found),
                    f"the raw cell as it is ({read.file}, line {read.lines[number - 1]}, "
                    f"column {row.column!r}): {show(actual)}",
                )
            )
            continue
        frame.loc[number - 1, row.column] = row.replacement
    return frame, problems


# ---------------------------------------------------------------------------------------------
# The dictionary's schema
# ---------------------------------------------------------------------------------------------


def _expectation(table: Table, column: str, check: str) -> str:
    """Say in words what a pandera check on a dictionary column wants."""
    f = table.field(column)
    if check == "not_nullable":
        return f"a value ({f.description})"
    if check.startswith("isin") and f.allowed is not None:
        return f"one of {', '.join(f.allowed)}"
    if check.startswith("str_matches") and f.pattern is not None:
        return f"text matching {f.pattern}"
    if check.startswith(("greater_than_or_equal_to", "less_than_or_equal_to")):
        low = "" if f.minimum is None else f"{f.minimum:g}"
        high = "" if f.maximum is None else f"{f.maximum:g}"
        return f"a value from {low or '-inf'} to {high or 'inf'}"
    if check == "field_uniqueness":
        return "a value no other row has"
    return f"a value passing {check}"


def schema_problems(
    read: TextTable, text: pd.DataFrame, typed: pd.DataFrame, table: Table
) -> list[Problem]:
    """Run a table's dictionary schema on its typed frame; locate every failure.

    Args:
        read: The file as read (for the file name and each row's line).
        text: The text frame the typed one was made from (corrections applied); a failing
            cell is quoted as its text there, or as the typed value for derived columns.
        typed: The typed frame, on the same index as ``text``.
        table: The dictionary table whose schema applies.

    Example:
        >>> from smeanalysis.dictionary import TABLES
        >>> t = TABLES["official_figures_corrections"]
        >>> text = pd.DataFrame({"fact_id": ["1"], "column": ["colour"], "found": ["a"],
        ...     "replacement": ["b"], "reason": ["r"], "checked_url": ["https://a.org"]},
        ...     dtype="string")
        >>> typed = text.assign(fact_id=text["fact_id"].astype("int64"))
        >>> [(p.line, p.column, p.found) for p in
        ...  schema_problems(TextTable(text, np.array([2]), "c.csv"), text, typed, t)]
        [(2, 'column', "'colour'")]
    """
    import pandera.errors as pa_errors

    try:
        pandera_schema(table).validate(typed, lazy=True)
    except pa_errors.SchemaErrors as error:
        problems = []
        for case in error.failure_cases.itertuples(index=False):
            index, column = case.index, case.column
            known = pd.notna(index) and index in typed.index
            position = typed.index.get_loc(index) if known else None
            line = int(read.lines[position]) if position is not None else None
            name = None if pd.isna(column) else str(column)
            if position is not None and name in text.columns:
                found = show(text[name].iloc[position])
            else:
                found = "an empty cell" if pd.isna(case.failure_case) else repr(case.failure_case)
            expected = (
                _expectation(table, name, str(case.check))
                if name in table.columns
                else f"a value passing {case.check}"
            )
            problems.append(Problem(read.file, line, name, found, expected))
        return problems
    return []

"""Write the hostile-input corpus: small bad (and awkward but valid) input files.

SYNTHETIC DATA: every row here is made up to exercise the loaders; the figures are not
statements of anyone and the URLs point at example.org. Deterministic: running it twice
writes the same bytes. Run from anywhere::

    .venv/bin/python tests/corpus/make_corpus.py

Each case is one file, named after the case, under ``facts/`` (the 11-column raw layout of
the official-figures table), ``composition/`` (the 15-column export-composition layout)
and ``declarations/`` (the customs-extract layout of :mod:`smeanalysis.trade`, written only
when that module can be imported, since its columns come from it). What the package gives
for each case is in ``README.md`` beside this script and asserted by ``tests/test_corpus_*``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent

#: A very long text cell (the case "very long strings").
LONG = "x" * 100_000
#: Persian text as Windows-1256 spreadsheets hold it (Arabic yeh: cp1256 has no Persian yeh).
PERSIAN_CP1256 = "سازمان صنايع كوچك"
#: Markup an HTML report must show as text, never run.
SCRIPT = "<script>window.__pwned=1</script>"

# ---------------------------------------------------------------------------------------------
# facts: the official-figures raw layout
# ---------------------------------------------------------------------------------------------

FACTS_HEADER = (
    "published",
    "period_label",
    "period_start",
    "period_end",
    "geography",
    "indicator",
    "value",
    "unit",
    "qualifier",
    "speaker",
    "source_url",
)

#: Three valid synthetic statements: a national flow, a provincial total and active count.
FACTS_ROWS: tuple[tuple[str, ...], ...] = (
    (
        "2021-01-10",
        "first nine months of 1399",
        "2020-03-20",
        "2020-12-20",
        "Iran",
        "sme_export_value",
        "1600000000",
        "usd",
        "more than",
        "Synthetic Speaker",
        "https://example.org/synthetic/1",
    ),
    (
        "2021-02-01",
        "as of 1399-10",
        "",
        "2021-01-19",
        "Isfahan",
        "units_in_parks_total",
        "1200",
        "count",
        "",
        "",
        "https://example.org/synthetic/2",
    ),
    (
        "2021-02-01",
        "as of 1399-10",
        "",
        "2021-01-19",
        "Isfahan",
        "units_in_parks_active",
        "900",
        "count",
        "about",
        "Synthetic Agency",
        "https://example.org/synthetic/3",
    ),
)


def _csv(header: Sequence[str] | None, rows: Sequence[Sequence[str]], **options: str) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=options.pop("lineterminator", "\n"), **options)
    if header is not None:
        writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def _with(
    rows: Sequence[Sequence[str]], header: Sequence[str], row: int, **cells: str
) -> list[list[str]]:
    """A copy of ``rows`` with some cells of data row ``row`` (0-based) replaced."""
    out = [list(r) for r in rows]
    for column, value in cells.items():
        out[row][header.index(column)] = value
    return out


def _drop(header: Sequence[str], rows: Sequence[Sequence[str]], column: str):
    at = header.index(column)
    return (
        [c for i, c in enumerate(header) if i != at],
        [[c for i, c in enumerate(r) if i != at] for r in rows],
    )


def _common_cases(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    drop: str = "speaker",
    misspell: tuple[str, str] = ("source_url", "sorce_url"),
) -> dict[str, Callable[[], bytes]]:
    """Cases whose construction does not depend on the layout's meaning."""
    text = _csv(header, rows)
    lines = text.splitlines(keepends=True)
    missing_header, missing_rows = _drop(header, rows, drop)
    misspelt = [misspell[1] if c == misspell[0] else c for c in header]
    return {
        "empty": lambda: b"",
        "header_only": lambda: _csv(header, []).encode(),
        "missing_column": lambda: _csv(missing_header, missing_rows).encode(),
        "extra_column": lambda: _csv([*header, "notes"], [[*r, "extra"] for r in rows]).encode(),
        "misspelt_column": lambda: _csv(misspelt, rows).encode(),
        "semicolon": lambda: _csv(header, rows, delimiter=";").encode(),
        "tab": lambda: _csv(header, rows, delimiter="\t").encode(),
        "bom": lambda: b"\xef\xbb\xbf" + text.encode(),
        "crlf": lambda: _csv(header, rows, lineterminator="\r\n").encode(),
        "duplicate_rows": lambda: _csv(header, [*rows, rows[0]]).encode(),
        "short_row": lambda: _csv(header, [rows[0], rows[1][:-2], rows[2]]).encode(),
        # an unquoted comma in a value: one field more than the header, on line 3
        "long_row": lambda: _csv(header, [rows[0], [*rows[1], "extra"], rows[2]]).encode(),
        # an empty line 3 between the first and second data rows
        "blank_line": lambda: "".join([*lines[:2], "\n", *lines[2:]]).encode(),
    }


def facts_cases() -> dict[str, bytes]:
    """Every facts case: name -> file bytes."""
    h, rows = FACTS_HEADER, FACTS_ROWS
    cases = _common_cases(h, rows)
    cases["valid"] = lambda: _csv(h, rows).encode()

    def edit(row: int = 0, **cells: str) -> Callable[[], bytes]:
        return lambda: _csv(h, _with(rows, h, row, **cells)).encode()

    cases.update(
        {
            "persian_digits": edit(1, value="۱۲۰۰"),
            "persian_separator": edit(1, value="۱٬۲۰۰"),
            "persian_date": edit(0, published="۲۰۲۱-۰۱-۱۰"),
            "thousands_comma": edit(1, value="1,200"),
            "infinite_value": edit(0, value="inf"),
            "nan_value": edit(0, value="nan"),
            "billion_text": edit(0, value="1.6 billion"),
            "negative_count": edit(1, value="-5"),
            # cross-row: 2,000 active units against a total of 1,200 on the same day
            "active_above_total": edit(2, value="2000", qualifier=""),
            "percent_above_100": edit(
                0, indicator="sme_share_of_exports", value="130", unit="percent"
            ),
            "impossible_date": edit(0, period_end="2021-02-30"),
            "end_before_start": edit(0, period_start="2020-12-20", period_end="2020-03-20"),
            "unknown_unit": edit(0, unit="dollars"),
            "unknown_province": edit(1, geography="Atlantis"),
            "misspelt_province": edit(1, geography="Esfahn"),
            "missing_url": edit(0, source_url=""),
            "javascript_url": edit(0, source_url="javascript:alert(1)"),
            "ftp_url": edit(0, source_url="ftp://example.org/synthetic/1"),
            "html_text": edit(
                0,
                period_label=f"first nine months of 1399 {SCRIPT}",
                qualifier='<img src=x onerror="window.__pwned=1">',
                speaker=f"{SCRIPT}<b>bold</b>",
            ),
            "html_geography": edit(1, geography=SCRIPT),
            "padded_cells": edit(1, geography=" Isfahan ", unit="count "),
            "long_string": edit(0, speaker=LONG),
            "cp1256": lambda: _csv(h, _with(rows, h, 0, speaker=PERSIAN_CP1256)).encode("cp1256"),
        }
    )
    return {name: make() for name, make in sorted(cases.items())}


# ---------------------------------------------------------------------------------------------
# composition: the export-composition raw layout
# ---------------------------------------------------------------------------------------------

COMPOSITION_HEADER = (
    "published",
    "period_label",
    "period_start",
    "period_end",
    "flow",
    "scope",
    "partner",
    "product",
    "hs_code",
    "indicator",
    "value",
    "unit",
    "qualifier",
    "speaker",
    "source_url",
)

COMPOSITION_ROWS: tuple[tuple[str, ...], ...] = (
    (
        "2021-04-10",
        "1399",
        "2020-03-20",
        "2021-03-20",
        "export",
        "non_oil",
        "World",
        "All",
        "",
        "value",
        "34000000000",
        "usd",
        "",
        "Synthetic Agency",
        "https://example.org/synthetic/c1",
    ),
    (
        "2021-04-10",
        "1399",
        "2020-03-20",
        "2021-03-20",
        "export",
        "non_oil",
        "Iraq",
        "All",
        "",
        "value",
        "6000000000",
        "usd",
        "about",
        "Synthetic Agency",
        "https://example.org/synthetic/c1",
    ),
    (
        "2021-04-10",
        "1399",
        "2020-03-20",
        "2021-03-20",
        "export",
        "non_oil",
        "Iraq",
        "All",
        "",
        "share",
        "17.6",
        "percent",
        "",
        "Synthetic Agency",
        "https://example.org/synthetic/c1",
    ),
)


def composition_cases() -> dict[str, bytes]:
    """Every composition case: name -> file bytes."""
    h, rows = COMPOSITION_HEADER, COMPOSITION_ROWS
    cases = _common_cases(h, rows)
    cases["valid"] = lambda: _csv(h, rows).encode()

    def edit(row: int = 0, **cells: str) -> Callable[[], bytes]:
        return lambda: _csv(h, _with(rows, h, row, **cells)).encode()

    cases.update(
        {
            "persian_digits": edit(1, value="۶۰۰۰۰۰۰۰۰۰"),
            "persian_separator": edit(1, value="۶٬۰۰۰٬۰۰۰٬۰۰۰"),
            "persian_date": edit(0, period_end="۲۰۲۱-۰۳-۲۰"),
            "billion_text": edit(1, value="6 billion"),
            "infinite_value": edit(1, value="inf"),
            "nan_value": edit(1, value="nan"),
            "negative_value": edit(1, value="-6000000000"),
            "percent_above_100": edit(2, value="117.6"),
            "impossible_date": edit(0, period_end="2021-02-30"),
            "end_before_start": edit(0, period_start="2021-03-20", period_end="2020-03-20"),
            "unknown_unit": edit(0, unit="dollars"),
            "missing_url": edit(0, source_url=""),
            "javascript_url": edit(0, source_url="javascript:alert(1)"),
            "ftp_url": edit(0, source_url="ftp://example.org/synthetic/c1"),
            "padded_cells": edit(1, partner=" Iraq ", value=" 6000000000 "),
            "html_text": edit(1, partner=SCRIPT, product='<img src=x onerror="alert(1)">'),
            "long_string": edit(0, speaker=LONG),
            "cp1256": lambda: _csv(h, _with(rows, h, 1, partner="عراق")).encode("cp1256"),
        }
    )
    return {name: make() for name, make in sorted(cases.items())}


# ---------------------------------------------------------------------------------------------
# declarations: the customs-extract layout of smeanalysis.trade
# ---------------------------------------------------------------------------------------------

DECLARATIONS_HEADER = (
    "declaration_date",
    "hs_code",
    "province",
    "destination",
    "value_usd",
    "weight_kg",
)

#: A Jalali date, Esfand 30 of a leap year (1399), and a Gregorian date.
DECLARATIONS_ROWS: tuple[tuple[str, ...], ...] = (
    ("1398/09/30", "5701.10", "Isfahan", "IRQ", "1200.5", "30"),
    ("1399/12/30", "0402", "Tehran", "AFG", "5000", "1000"),
    ("2020-06-01", "8418", "Fars", "CHN", "250", "12"),
)


def declarations_cases() -> dict[str, bytes]:
    """Every declarations case: name -> file bytes."""
    h, rows = DECLARATIONS_HEADER, DECLARATIONS_ROWS
    text = _csv(h, rows)
    cases = _common_cases(h, rows, drop="weight_kg", misspell=("value_usd", "valeu_usd"))
    cases["valid"] = lambda: text.encode()

    def edit(row: int = 0, **cells: str) -> Callable[[], bytes]:
        return lambda: _csv(h, _with(rows, h, row, **cells)).encode()

    cases.update(
        {
            "persian_digits": edit(1, value_usd="۵۰۰۰"),
            "persian_separator": edit(1, value_usd="۵٬۰۰۰"),
            "persian_date": edit(0, declaration_date="۱۳۹۸/۰۹/۳۰"),
            # the same day as valid.csv's 1398/09/30, as a Gregorian ISO date
            "persian_iso_date": edit(0, declaration_date="۲۰۱۹-۱۲-۲۱"),
            "billion_text": edit(1, value_usd="1.6 billion"),
            "infinite_value": edit(1, value_usd="inf"),
            "negative_value": edit(1, value_usd="-5000"),
            "negative_weight": edit(2, weight_kg="-12"),
            "esfand_30_common_year": edit(0, declaration_date="1398/12/30"),
            "month_13": edit(0, declaration_date="1398/13/01"),
            "unknown_province": edit(2, province="Atlantis"),
            "unknown_destination": edit(2, destination="XXX"),
            "bad_hs_code": edit(2, hs_code="84A8"),
            "html_text": lambda: _csv([*h, "note"], [[*r, SCRIPT] for r in rows]).encode(),
            "long_string": lambda: _csv([*h, "note"], [[*r, LONG] for r in rows]).encode(),
            "cp1256": lambda: _csv(h, _with(rows, h, 1, province="تهران")).encode("cp1256"),
        }
    )
    return {name: make() for name, make in sorted(cases.items())}


def write(folder: Path, cases: dict[str, bytes]) -> None:
    """Replace the folder's CSV files by the cases (stale cases are removed)."""
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.csv"):
        if old.stem not in cases:
            old.unlink()
    for name, content in cases.items():
        (folder / f"{name}.csv").write_bytes(content)


def main() -> None:
    """Write every corpus folder."""
    write(HERE / "facts", facts_cases())
    write(HERE / "composition", composition_cases())
    write(HERE / "declarations", declarations_cases())


if __name__ == "__main__":
    main()

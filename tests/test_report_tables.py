"""Tables in the rendered reports read as tables for colleagues, not as pandas printouts.

Every report built with its defaults (the session's ``real_reports``) is searched for the marks
of a raw DataFrame: ``<NA>`` (escaped or not), a ``nan``/``None``/``NaT`` cell, a pandas
``class="dataframe"`` table with its unnamed index column, and column headers that are machine
names (``jalali_month_last``). Missing values must show as the explicit dash of
:data:`smeanalysis.reports.text.MISSING`, which the report explains in words.
"""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pandas as pd
import pytest

from smeanalysis.reconcile import DEFAULT_RULE, rule_description
from smeanalysis.reports.text import MISSING, markdown_table

#: A table cell holding a missing value as pandas or Python prints it.
RAW_MISSING_CELL = re.compile(r"<td[^>]*>\s*(?:nan|NaN|None|NaT|&lt;NA&gt;|<NA>)\s*</td>")
#: The header row of a pandas HTML table: its first header cell is the unnamed index.
PANDAS_INDEX_HEADER = re.compile(
    r'<table[^>]*class="dataframe"[^>]*>\s*<thead>\s*<tr[^>]*>\s*<th[^>]*>\s*</th>'
)
#: A header that is a column name rather than words (``value_before``, ``usd_billion``).
MACHINE_HEADER = re.compile(r"<th[^>]*>\s*([a-z0-9]+(?:_[a-z0-9]+)+)\s*</th>")


def _pages(folder: Path) -> list[Path]:
    pages = sorted(p for p in folder.rglob("*.html") if "_executed" not in p.parts)
    assert pages, f"no report page under {folder}"
    return pages


def _report_body(page: Path) -> str:
    # The parameters table at the top shows parameter names (``facts_path``) on purpose.
    text = page.read_text(encoding="utf-8")
    start = text.find('<div class="jp-Cell')
    return text[start:] if start >= 0 else text


def test_sme_exports_report_was_built(real_reports: Path) -> None:
    assert (real_reports / "sme_exports.html").is_file()


def test_no_report_shows_pandas_missing_markers(real_reports: Path) -> None:
    found = {}
    for page in _pages(real_reports):
        body = _report_body(page)
        hits = [m for m in ("&lt;NA&gt;", "<NA>") if m in body]
        hits += RAW_MISSING_CELL.findall(body)
        if hits:
            found[page.name] = sorted(set(hits))
    assert found == {}


def test_no_report_shows_a_pandas_table_with_its_index(real_reports: Path) -> None:
    found = [p.name for p in _pages(real_reports) if PANDAS_INDEX_HEADER.search(p.read_text())]
    assert found == []


def test_table_headers_are_words_not_column_names(real_reports: Path) -> None:
    found = {}
    for page in _pages(real_reports):
        names = MACHINE_HEADER.findall(_report_body(page))
        if names:
            found[page.name] = sorted(set(names))
    assert found == {}


def test_sme_exports_tables_link_their_sources_and_explain_the_dash(real_reports: Path) -> None:
    body = _report_body(real_reports / "sme_exports.html")
    # Source pages are links, never a bare URL in a cell.
    assert re.search(r"<td[^>]*>\s*https?://", body) is None
    assert '<td><a href="https://' in body
    assert MISSING in body
    assert f"{MISSING} marks" in body  # the report says what a dash means


@pytest.mark.parametrize(
    "missing", [None, pd.NA, float("nan"), pd.NaT], ids=["None", "NA", "nan", "NaT"]
)
def test_markdown_table_shows_any_missing_value_as_the_dash(missing: object) -> None:
    frame = pd.DataFrame(
        {
            "text": pd.Series([missing, "x"], dtype="object"),
            "number": pd.Series([missing, 1.5], dtype="object"),
            "url": pd.Series([missing, "https://a.example/1"], dtype="object"),
            "html": pd.Series([missing, "<b>ok</b>"], dtype="object"),
        }
    )
    table = markdown_table(
        frame,
        {"text": "Text", "number": "Number", "url": "Source", "html": "Raw"},
        links=["url"],
        raw=["html"],
    )
    first_row = table.splitlines()[2]
    assert first_row == f"| {MISSING} | {MISSING} | {MISSING} | {MISSING} |"
    assert "<b>ok</b>" in table.splitlines()[3]


def test_markdown_table_formats_numbers_with_fixed_decimals() -> None:
    frame = pd.DataFrame({"usd": [1.6, 1234.5], "n": [1100.0, 2.99999]})
    table = markdown_table(
        frame, {"usd": "USD bn", "n": "Count"}, decimals={"usd": 2}, download=None
    )
    # Other floats follow text.number: at most four decimals, no bare point (2.99999 -> 3).
    assert table.splitlines()[2:] == ["| 1.60 | 1,100 |", "| 1,234.50 | 3 |"]


#: The pages that show figures of reconcile.consolidate (one per several statements).
CONSOLIDATING = ("official_figures", "park_utilization", "province_profile", "sme_exports")


def test_sme_exports_names_its_consolidation_rule(real_reports: Path) -> None:
    """The page says which rule turned several statements into each figure (issue 11)."""
    body = unescape(_report_body(real_reports / "sme_exports.html"))
    assert rule_description(DEFAULT_RULE) in body


def test_every_page_with_consolidated_figures_names_its_rule(real_reports: Path) -> None:
    """Each page showing consolidated figures says, in words, which rule made them (issue 11)."""
    pages = {name: sorted(real_reports.glob(f"{name}*.html")) for name in CONSOLIDATING}
    assert all(pages.values()), {name: found for name, found in pages.items() if not found}
    silent = [
        page.name
        for found in pages.values()
        for page in found
        if rule_description(DEFAULT_RULE) not in unescape(_report_body(page))
    ]
    assert silent == []

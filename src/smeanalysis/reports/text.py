"""The one text kit of the reports: numbers, escaping, source links, Markdown tables.

Every page builds its prose and tables with these functions, so that a figure reads the same on
every page (one number style, thousands separators, units in words) and text that comes from the
data (labels, speakers, URLs) can never inject markup or script into a report: it always passes
through :func:`escape_text` or :func:`source_link`.
"""

from __future__ import annotations

import html
import numbers
from collections.abc import Mapping, Sequence
from urllib.parse import urlsplit

import pandas as pd

__all__ = [
    "MISSING",
    "MISSING_NOTE",
    "escape_text",
    "is_missing",
    "markdown_table",
    "number",
    "source_link",
]

#: What a table cell shows for a missing value (None, NA, NaN, NaT): an explicit dash (the en
#: dash the reports already used), never an empty cell (which reads as a rendering fault) or
#: pandas' ``<NA>``/``nan``.
MISSING = "\u2013"

#: The sentence :func:`markdown_table` puts under a table that shows the dash.
MISSING_NOTE = (
    f"{MISSING} marks a value the source did not state (no hedge word, no speaker named) "
    "or one that cannot be computed from the fact base."
)


# Every character that HTML or Markdown reads as syntax, written as a character entity in one
# pass (str.translate), so no entity is ever escaped again: text from the data shows literally
# and can never open a tag, a link ("[x](javascript:...)"), emphasis, code or a table cell.
_ENTITIES = str.maketrans(
    {
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
        '"': "&quot;",
        "'": "&#x27;",
        "\\": "&#92;",
        "`": "&#96;",
        "*": "&#42;",
        "_": "&#95;",
        "[": "&#91;",
        "]": "&#93;",
        "(": "&#40;",
        ")": "&#41;",
        "#": "&#35;",
        "|": "&#124;",
        "!": "&#33;",
        "~": "&#126;",
        "$": "&#36;",
        "\r": " ",
        "\n": " ",
    }
)



def is_missing(value: object) -> bool:
    """Whether one cell's value is missing, whatever the dtype it came from.

    Example:
        >>> import numpy as np
        >>> [is_missing(v) for v in (None, pd.NA, pd.NaT, float("nan"), np.float32("nan"), "", 0)]
        [True, True, True, True, True, False, False]
    """
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    # numpy scalars (float32 NaN, datetime64 NaT) are missing too; lists and tuples never are.
    return bool(pd.api.types.is_scalar(value) and pd.isna(value))


def escape_text(value: object) -> str:
    """Make any value safe to place in Markdown or HTML, shown literally.

    HTML special characters and Markdown syntax become character entities in a single pass
    (each character is replaced once, so an entity is never escaped again); line breaks become
    spaces (a table cell stays one cell). Missing values become an empty string.

    Example:
        >>> escape_text("<script>alert(1)</script>")
        '&lt;script&gt;alert&#40;1&#41;&lt;/script&gt;'
        >>> escape_text("[x](javascript:bad)")
        '&#91;x&#93;&#40;javascript:bad&#41;'
        >>> escape_text("Total's")
        'Total&#x27;s'
        >>> escape_text(None)
        ''
    """
    if is_missing(value):
        return ""
    return str(value).translate(_ENTITIES)


def source_link(url: object, text: object | None = None) -> str:
    """Return an HTML link to a source page, or the escaped text when the URL is not web.

    Only ``http`` and ``https`` URLs become links, so ``javascript:`` or ``data:`` URLs in a data
    file are shown as inert text. The link text defaults to the page's host name.

    Example:
        >>> source_link("https://www.tehrantimes.com/news/439116/x")
        '<a href="https://www.tehrantimes.com/news/439116/x">www.tehrantimes.com</a>'
        >>> source_link("javascript:alert(1)", "click")
        'click (javascript:alert&#40;1&#41;)'
    """
    if is_missing(url):
        return escape_text(text)
    address = str(url).strip()
    parts = urlsplit(address)
    label = escape_text(parts.netloc if text is None else text)
    if parts.scheme.lower() in ("http", "https") and parts.netloc and " " not in address:
        # Inside an attribute, html.escape (quote=True) is enough; Markdown does not read
        # inside raw HTML tags.
        return f'<a href="{html.escape(address, quote=True)}">{label}</a>'
    return f"{label} ({escape_text(address)})" if label else escape_text(address)


def number(value: object, unit: object = None) -> str:
    """Write a number with thousands separators and at most two decimals, then its unit.

    Example:
        >>> number(1100.0), number(2.999), number(12.5, "percent"), number(None)
        ('1,100', '3', '12.5 %', '')
    """
    if is_missing(value):
        return ""
    number = float(value)  # type: ignore[arg-type]
    # Rounding can leave only zeros after the point (2.999 -> "3.00"): drop them and the point.
    text = f"{number:,.0f}" if number == round(number) else f"{number:,.2f}".rstrip("0").rstrip(".")
    if is_missing(unit) or unit == "count":
        return text
    if unit == "percent":
        return f"{text} %"
    return f"{text} {escape_text(unit)}"


def markdown_table(
    frame: pd.DataFrame,
    columns: Mapping[str, str],
    *,
    links: Sequence[str] = (),
    raw: Sequence[str] = (),
    decimals: Mapping[str, int] | None = None,
    note: bool = True,
) -> str:
    """Render a frame as a Markdown table, every cell escaped.

    The frame's index is never shown. A missing value (None, NA, NaN, NaT) in any column is
    shown as :data:`MISSING`, and :data:`MISSING_NOTE` under the table says what it means.
    Floats get thousands separators and at most two decimals (or exactly ``decimals[column]``);
    dates without a time of day are written ``YYYY-MM-DD``; integers (years, months, counts
    held as integers) are written as they are.

    Args:
        frame: The rows to show, in order.
        columns: Column name in ``frame`` to the header shown.
        links: Columns holding a URL, or a tuple of URLs, rendered as numbered source links.
        raw: Columns already made safe by this module's helpers, inserted as they are.
        decimals: Columns of numbers shown with a fixed number of decimals, so that a column
            reads evenly (``{"usd_bn": 2}`` writes 1.6 as ``1.60``).
        note: Put :data:`MISSING_NOTE` under the table when a cell shows :data:`MISSING`
            (``False`` when the caller explains the dash itself).

    Returns:
        The Markdown text; an empty string when ``frame`` has no rows.

    Example:
        >>> rows = pd.DataFrame({"who": ["a|b", None], "url": ["https://x.org/1", None],
        ...                      "usd_bn": [1.6, float("nan")]})
        >>> table = markdown_table(rows, {"who": "Speaker", "usd_bn": "USD bn", "url": "Source"},
        ...                        links=["url"], decimals={"usd_bn": 2})
        >>> print(table)
        | Speaker | USD bn | Source |
        | --- | --- | --- |
        | a&#124;b | 1.60 | <a href="https://x.org/1">x.org</a> |
        | – | – | – |
        <BLANKLINE>
        – marks a value the source did not state (no hedge word, no speaker named) or one that cannot be computed from the fact base.
    """  # noqa: E501
    if frame.empty:
        return ""
    fixed = dict(decimals or {})
    dashed = False
    lines = [
        "| " + " | ".join(escape_text(h) for h in columns.values()) + " |",
        "| " + " | ".join("---" for _ in columns) + " |",
    ]
    for row in frame[list(columns)].itertuples(index=False):
        cells = []
        for name, value in zip(columns, row, strict=True):
            if name in links:
                urls = [value] if isinstance(value, str) or is_missing(value) else list(value)
                urls = [u for u in urls if not is_missing(u)]
                if not urls:
                    cells.append(MISSING)
                elif len(urls) == 1:
                    cells.append(source_link(urls[0]))
                else:
                    cells.append(" ".join(source_link(u, f"[{i}]") for i, u in enumerate(urls, 1)))
            else:
                cells.append(_cell(value, raw=name in raw, decimals=fixed.get(name)))
        lines.append("| " + " | ".join(cells) + " |")
        dashed = dashed or MISSING in cells
    if note and dashed:
        lines.extend(["", MISSING_NOTE])
    return "\n".join(lines)


def _cell(value: object, *, raw: bool, decimals: int | None) -> str:
    if is_missing(value):
        return MISSING
    if raw:
        return str(value)
    if decimals is not None and isinstance(value, numbers.Real) and not isinstance(value, bool):
        return f"{float(value):,.{decimals}f}"
    if isinstance(value, float):
        return number(value)
    if isinstance(value, pd.Timestamp) and value == value.normalize():
        return value.strftime("%Y-%m-%d")
    return escape_text(value)

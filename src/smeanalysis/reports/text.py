"""The one text kit of the reports: numbers, amounts, periods, escaping, source links, tables.

Every page builds its prose and tables with these functions, so that a figure reads the same on
every page and text that comes from the data (labels, speakers, URLs) can never inject markup or
script into a report: it always passes through :func:`escape_text`, :func:`source_link` or
:func:`markdown_table`.

The number style (one rule for each thing):

* **Digits.** Thousands separated by commas; decimals by **one rule**: as many as the figure
  needs, at most four, trailing zeros dropped (``1,100``, ``2.5``, ``8.713``). Every figure of
  the fact base, once written with its magnitude word, has at most three decimals, and the
  interval its rounding allows (half a unit of its last digit: ``$36.9975 billion``) at most
  four, so neither a stated figure nor its range is rounded on a page, and a figure's own
  precision is kept: "$1.6 billion" is not
  written "$1.60 billion", which would claim a precision the official did not state (see
  :mod:`smeanalysis.qualifiers`, which reads a figure's rounding from its digits). A *computed*
  value (a share, a ratio) is written with the decimals the caller names (``decimals=1``:
  ``77.3%``, ``20.0``), kept even when zero.
* **Percentages** with the sign attached: ``77.5%`` (a share of 0.775 via ``fraction=True``).
* **Amounts of a million or more** with a magnitude word (short scale, in words): ``$1.6
  billion``, ``$480 million``, ``€2.1 billion``, ``35 trillion rials``, ``113 million tonnes``.
  Rials are written in trillions and billions of rials, never in the Persian press's "thousand
  billion" (``۱۲۹ هزار میلیارد ریال`` is ``129 trillion rials``) nor in tomans or hemat.
  Smaller amounts are written in full: ``$950,000``, ``43,650 units``, ``950,000 people``.
* **Hedge words kept**, in front: ``more than $1.6 billion``.
* **Ranges** write a shared unit and magnitude word once: ``$1.2 to 1.5 billion``, ``77.3 to
  79.1%``, ``$950 million to $1.2 billion``; equal ends are one figure.
* **Iranian periods in words** with the month names of :data:`smeanalysis.calendar.MONTHS_EN`:
  ``Iranian year 1398``, ``Azar 1398``, ``Farvardin to Azar 1398``, optionally with their
  Gregorian days; Gregorian months as ``August 2019``.
* **Missing values** as the dash :data:`MISSING`, explained once per page or table by
  :data:`MISSING_NOTE` (:func:`markdown_table` adds it under a table that shows the dash).

The digits, magnitude words, currency signs and unit words are the library's
(:func:`smeanalysis.units.format_amount`, :func:`smeanalysis.units.format_number`), so the
findings of :mod:`smeanalysis.reconcile` are written in the same style as the pages.

The formatting functions (:func:`number`, :func:`percent`, :func:`amount`,
:func:`amount_range`, :func:`count`, :func:`period_text`, :func:`month_text`) return **plain
text**, usable in a chart label as in a page; pass it through :func:`escape_text` (or a
:func:`markdown_table` cell, which escapes) before it goes into Markdown. Escaping also turns
``$`` into an entity, so two amounts in one paragraph are never read as a formula.

**Persian** (``lang="fa"``, :data:`smeanalysis.reports.i18n.LANGUAGES`): each of these
functions writes its text in Persian directly, through :mod:`smeanalysis.reports.persian`:
Persian digits and separators (``۱٬۲۳۴٫۵``), magnitude and unit words as Iranian readers use
them (``۱٫۶ میلیارد دلار``, ``۱۲۹ هزار میلیارد ریال``), hedge words in Persian, Jalali
dates (a Gregorian day or month is the Jalali one), and a counted noun from the catalog. The
default (``lang=None``) is English, whatever the page language: text a notebook prints is
made Persian when its page is rendered, so a helper asks for Persian only for text that
bypasses that pass.
"""

from __future__ import annotations

import csv
import html
import io
import math
import numbers
import re
from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path
from urllib.parse import quote, urlsplit

import pandas as pd

from smeanalysis.calendar import MONTHS_EN, JalaliPeriod
from smeanalysis.dictionary import INDICATORS
from smeanalysis.errors import ParameterError, Problem, SmeAnalysisError
from smeanalysis.reports import i18n, persian
from smeanalysis.units import MAX_DECIMALS as MAX_DECIMALS  # the one decimals rule
from smeanalysis.units import amount_parts, format_amount, format_number

__all__ = [
    "MISSING",
    "MISSING_NOTE",
    "amount",
    "amount_range",
    "bold_count",
    "count",
    "csv_link",
    "csv_text",
    "data_link",
    "escape_text",
    "indicator_label",
    "indicator_words",
    "is_missing",
    "markdown_table",
    "month_text",
    "number",
    "percent",
    "period_text",
    "publisher",
    "source_link",
    "source_links",
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


#: Publisher names by web domain, kept as data: ``registry/publishers.csv``.
PUBLISHERS_PATH = Path(__file__).resolve().parents[1] / "registry" / "publishers.csv"


@cache
def _publishers() -> dict[str, str]:
    names: dict[str, str] = {}
    problems = []
    with PUBLISHERS_PATH.open(encoding="utf-8", newline="") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            domain = (row.get("domain") or "").strip().lower()
            name = (row.get("publisher") or "").strip()
            if not domain or not name or domain in names:
                found = "a repeated domain" if domain in names else "an empty cell"
                problems.append(
                    Problem(str(PUBLISHERS_PATH), line, "domain", found, "a domain and a name")
                )
            names[domain] = name
    if problems:
        raise SmeAnalysisError(problems)
    return names


def publisher(url: object) -> str:
    """Name a source page's publisher: from ``registry/publishers.csv``, else a readable domain.

    The table is looked up with the host and then with each shorter domain (``en.irna.ir``,
    ``irna.ir``), so a language edition needs no row of its own; a host it does not know is
    written without ``www.``. CDN hosts (``783093661.r.worldcdn.net``) have rows naming the
    publisher they mirror.

    Example:
        >>> publisher("https://www.tehrantimes.com/news/439116/x"), publisher("https://en.irna.ir/a")
        ('Tehran Times', 'IRNA')
        >>> publisher("https://783093661.r.worldcdn.net/Detail/2021/05/10/652370/x")
        'Press TV'
        >>> publisher("https://www.example.org/page"), publisher(None)
        ('example.org', '')
    """
    if is_missing(url):
        return ""
    host = (urlsplit(str(url).strip()).hostname or "").rstrip(".")
    table = _publishers()
    labels = host.split(".")
    for start in range(len(labels) - 1):
        name = table.get(".".join(labels[start:]))
        if name:
            return name
    return host.removeprefix("www.")


_DATE_IN_PATH = re.compile(r"/(20[0-9]{2}|19[0-9]{2})/([01]?[0-9])/([0-3]?[0-9])(?=/)")
_WORDS = re.compile(r"[A-Za-z]{2,}")


def _tooltip(address: str) -> str:
    """The page's title as its address spells it (slug words) and its date when the path has one."""
    path = urlsplit(address).path
    slug = ""
    for part in reversed([p for p in path.split("/") if p]):
        part = re.sub(r"\.(html?|aspx?|php)$", "", part)
        if len(_WORDS.findall(part)) >= 2:
            slug = re.sub(r"[-_+]+", " ", part).strip()
            break
    found = _DATE_IN_PATH.search(path)
    date = f"{found[1]}-{int(found[2]):02d}-{int(found[3]):02d}" if found else ""
    text = " \u2014 ".join(x for x in (slug, date) if x)
    return text or address


def source_link(url: object, text: object | None = None, *, title: object | None = None) -> str:
    """Return an HTML link to a source page, or the escaped text when the URL is not web.

    Only ``http`` and ``https`` URLs become links, so ``javascript:`` or ``data:`` URLs in a data
    file are shown as inert text. The link text defaults to the page's publisher
    (:func:`publisher`), the tooltip to ``title`` or else the page's title and date as its
    address spells them.

    Example:
        >>> source_link("https://www.tehrantimes.com/news/439116/Iran-exports")
        '<a href="https://www.tehrantimes.com/news/439116/Iran-exports" title="Iran exports">Tehran Times</a>'
        >>> source_link("javascript:alert(1)", "click")
        'click (javascript:alert&#40;1&#41;)'
    """  # noqa: E501
    if is_missing(url):
        return escape_text(text)
    address = str(url).strip()
    parts = urlsplit(address)
    label = escape_text(publisher(address) if text is None else text)
    if parts.scheme.lower() in ("http", "https") and parts.netloc and " " not in address:
        # Inside an attribute, html.escape (quote=True) is enough; Markdown does not read
        # inside raw HTML tags.
        tip = _tooltip(address) if is_missing(title) else str(title)
        return (
            f'<a href="{html.escape(address, quote=True)}" '
            f'title="{html.escape(tip, quote=True)}">{label}</a>'
        )
    return f"{label} ({escape_text(address)})" if label else escape_text(address)


def source_links(urls: Sequence[object]) -> str:
    """Links to several source pages, each named by its publisher, a repeated name numbered.

    Example:
        >>> import re
        >>> re.findall(r">([^<]+)</a>", source_links(["https://irna.ir/a", "https://en.irna.ir/b"]))
        ['IRNA', 'IRNA 2']
    """
    seen: dict[str, int] = {}
    out = []
    for url in urls:
        name = publisher(url)
        seen[name] = seen.get(name, 0) + 1
        out.append(source_link(url, name if seen[name] == 1 else f"{name} {seen[name]}"))
    return ", ".join(out)


# The style itself (digits, magnitude words, currency signs, unit words) lives in the library,
# smeanalysis.units.format_amount, so that the findings of smeanalysis.reconcile read as the
# pages do; this kit adds the missing-value dash, counts, ranges, periods and escaping.


def _real(value: object, what: str) -> float:
    """The value as a finite float, or a :class:`SmeAnalysisError` naming what was found."""
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        number = float(value)
        if math.isfinite(number):
            return number
    raise SmeAnalysisError([Problem(None, None, what, repr(value), "a finite number")])


def _check_decimals(decimals: object) -> int | None:
    if decimals is None:
        return None
    if isinstance(decimals, bool) or not isinstance(decimals, int) or decimals < 0:
        raise ParameterError(
            [Problem(None, None, "decimals", repr(decimals), "None or an integer >= 0")]
        )
    return decimals


def _in(text: str, lang: str | None) -> str:
    """The kit's English text, or the same in Persian for ``lang="fa"``."""
    if lang is None or text == MISSING:
        return text
    if lang not in i18n.LANGUAGES:
        raise ParameterError(
            [Problem(None, None, "lang", repr(lang), f"one of {', '.join(i18n.LANGUAGES)}")]
        )
    return text if lang == i18n.DEFAULT_LANGUAGE else persian.persian_figures(text)


def number(value: object, decimals: int | None = None, *, lang: str | None = None) -> str:
    """Write a number with thousands separators and the one decimals rule of the kit.

    Without ``decimals``: as many decimals as the figure needs, at most four, trailing zeros
    dropped (a stated figure is written as stated). With ``decimals``: exactly that many (for
    computed values, whose precision the caller states).

    Args:
        value: A real number; missing values (None, NA, NaN, NaT) give :data:`MISSING`.
        decimals: Fixed number of decimals, or ``None`` for the rule above.
        lang: ``"fa"`` for Persian digits and separators; ``None`` or ``"en"`` for English.

    Raises:
        SmeAnalysisError: ``value`` is not a finite real number.
        ParameterError: ``decimals`` is not ``None`` or an integer >= 0, or ``lang`` is
            not one of ``en, fa``.

    Example:
        >>> number(1100.0), number(2.5), number(8.713), number(2.99999), number(None)
        ('1,100', '2.5', '8.713', '3', '–')
        >>> number(19.96, decimals=1), number(-0.01, decimals=1)
        ('20.0', '0.0')
        >>> number(1234.5, lang="fa")
        '۱٬۲۳۴٫۵'
    """
    fixed = _check_decimals(decimals)
    if is_missing(value):
        return MISSING
    return _in(format_number(_real(value, "value"), fixed), lang)


def _unit(unit: object) -> str | None:
    return None if is_missing(unit) else str(unit)


def amount(
    value: object,
    unit: object = None,
    qualifier: object = None,
    *,
    decimals: int | None = None,
    lang: str | None = None,
) -> str:
    """Write a figure with its unit in words, its hedge word in front.

    Units are those of the fact table: ``usd`` and ``eur`` (``$``, ``€`` in front), ``rial``,
    ``person``, ``hectare``, ``tonne`` (a word after), ``percent`` (``%``), ``count`` or
    ``None`` (no word; see :func:`count` to name what is counted); any other unit is written
    after the digits as given. From a million on, a magnitude word (million, billion,
    trillion) carries the size; digits follow :func:`number`'s rule.

    Args:
        value: The figure, units expanded (1.6 billion dollars is ``1.6e9``).
        unit: Its unit.
        qualifier: The hedge word as stated ("more than", "about"); missing for none.
        decimals: Fixed decimals (computed values); ``None`` for :func:`number`'s rule.
        lang: ``"fa"`` for Persian (see the module docstring); ``None`` or ``"en"``: English.

    Returns:
        Plain text (escape it before Markdown); :data:`MISSING` for a missing value.

    Example:
        >>> amount(1.6e9, "usd"), amount(480e6, "usd"), amount(4.5e9, "usd", "more than")
        ('$1.6 billion', '$480 million', 'more than $4.5 billion')
        >>> amount(129e12, "rial"), amount(136_409_000, "tonne"), amount(950_000, "person")
        ('129 trillion rials', '136.409 million tonnes', '950,000 people')
        >>> amount(77.5, "percent", "nearly"), amount(43650, "count"), amount(None, "usd")
        ('nearly 77.5%', '43,650', '–')
        >>> amount(4.5e9, "usd", "more than", lang="fa"), amount(129e12, "rial", lang="fa")
        ('بیش از ۴٫۵ میلیارد دلار', '۱۲۹ هزار میلیارد ریال')
    """
    fixed = _check_decimals(decimals)
    if is_missing(value):
        return MISSING
    hedge = None if is_missing(qualifier) else str(qualifier)
    return _in(format_amount(_real(value, "value"), _unit(unit), hedge, decimals=fixed), lang)


def amount_range(
    low: object,
    high: object,
    unit: object = None,
    *,
    decimals: int | None = None,
    lang: str | None = None,
) -> str:
    """Write the range between two figures, a shared unit and magnitude word once.

    Equal ends (as written) give one figure; a missing end gives the other alone; both
    missing give :data:`MISSING`.

    Example:
        >>> amount_range(1.2e9, 1.5e9, "usd"), amount_range(950e6, 1.2e9, "usd")
        ('$1.2 to 1.5 billion', '$950 million to $1.2 billion')
        >>> amount_range(950_000, 1.2e6, "person"), amount_range(1, 3, "rial")
        ('950,000 to 1.2 million people', '1 to 3 rials')
        >>> amount_range(77.26, 79.14, "percent", decimals=1), amount_range(1462, 1514)
        ('77.3 to 79.1%', '1,462 to 1,514')
        >>> amount_range(77.5, 77.5, "percent"), amount_range(None, float("nan"))
        ('77.5%', '–')
        >>> amount_range(1.2e9, 1.5e9, "usd", lang="fa")
        '۱٫۲ تا ۱٫۵ میلیارد دلار'
    """
    if lang is not None:
        return _in(amount_range(low, high, unit, decimals=decimals), lang)
    fixed = _check_decimals(decimals)
    if is_missing(low) and is_missing(high):
        return MISSING
    if is_missing(low) or is_missing(high):
        return amount(high if is_missing(low) else low, unit, decimals=fixed)
    name = _unit(unit)
    bottom = amount_parts(_real(low, "low"), name, fixed)
    top = amount_parts(_real(high, "high"), name, fixed)
    if bottom == top:
        return bottom.text()
    # The unit is shared when both ends have it; a currency sign only with the same sign.
    signs_differ = bottom.lead != top.lead and bool(top.lead.lstrip("-"))
    if (
        bottom.lead.lstrip("-") != top.lead.lstrip("-")
        or bottom.plural != top.plural
        or signs_differ
    ):
        return f"{bottom.text()} to {top.text()}"
    if bottom.word == top.word:
        # "$1.2 to 1.5 billion", "77.3 to 79.1%": the currency, the word and the unit once.
        minus = "-" if top.lead.startswith("-") else ""
        return f"{bottom.lead}{bottom.digits} to {minus}{top.digits}{top.word}{top.plural}"
    # "$950 million to $1.2 billion", "950,000 to 1.2 million people": the unit word once.
    return (
        f"{bottom.lead}{bottom.digits}{bottom.word} to {top.lead}{top.digits}{top.word}{top.plural}"
    )


def percent(
    value: object,
    decimals: int | None = None,
    *,
    fraction: bool = False,
    lang: str | None = None,
) -> str:
    """Write a percentage, ``77.5%``; ``fraction=True`` reads ``value`` as a share (0.775).

    Example:
        >>> percent(77.5), percent(0.77326, 1, fraction=True), percent(None)
        ('77.5%', '77.3%', '–')
        >>> percent(0.77326, 1, fraction=True, lang="fa")
        '۷۷٫۳٪'
    """
    fixed = _check_decimals(decimals)
    if is_missing(value):
        return MISSING
    points = _real(value, "value") * (100 if fraction else 1)
    return amount(points, "percent", decimals=fixed, lang=lang)


def count(
    value: object,
    noun: str | None = None,
    plural: str | None = None,
    *,
    qualifier: object = None,
    lang: str | None = None,
) -> str:
    """Write a count with what is counted: ``43,650 units``, ``1 statement``.

    Args:
        value: How many.
        noun: What is counted, singular ("unit"); ``None`` for the bare number.
        plural: Its plural when it is not ``noun + "s"`` ("people").
        qualifier: A hedge word, written in front.
        lang: ``"fa"``: Persian figures and the noun from the catalog, singular after a
            number as Persian has it (``۴۳٬۶۵۰ واحد``); ``None`` or ``"en"``: English.

    Example:
        >>> count(43650, "unit"), count(1, "statement"), count(2, "person", "people")
        ('43,650 units', '1 statement', '2 people')
        >>> count(33000, "unit", qualifier="more than"), count(None, "unit")
        ('more than 33,000 units', '–')
        >>> count(33000, "unit", qualifier="more than", lang="fa")
        'بیش از ۳۳٬۰۰۰ واحد'
    """
    if is_missing(value):
        return MISSING
    text = amount(value, "count", qualifier, lang=lang)
    if noun is None:
        return text
    if lang is not None and lang != i18n.DEFAULT_LANGUAGE:
        return f"{text} {i18n.t(noun, lang)}"
    return f"{text} {noun if _real(value, 'value') == 1 else plural or noun + 's'}"


def bold_count(value: object, noun: str, plural: str | None = None) -> str:
    """Write a count for Markdown prose, the number in bold: ``**3** statements``.

    The figure and the noun are :func:`count`'s, escaped (this returns Markdown, not plain text).

    Example:
        >>> bold_count(3, "statement"), bold_count(1, "set"), bold_count(2, "person", "people")
        ('**3** statements', '**1** set', '**2** people')
        >>> bold_count(None, "page")
        '–'
    """
    if is_missing(value):
        return MISSING
    figure, _, words = count(value, noun, plural).partition(" ")
    return f"**{escape_text(figure)}** {escape_text(words)}"


def _day(stamp: pd.Timestamp, *, year: bool = True) -> str:
    text = f"{stamp.day} {stamp:%B}"
    return f"{text} {stamp.year}" if year else text


def period_text(
    period: JalaliPeriod | str | None, *, gregorian: bool = False, lang: str | None = None
) -> str:
    """Write an Iranian period in words, optionally with its Gregorian first and last days.

    Args:
        period: A :class:`smeanalysis.calendar.JalaliPeriod` or a label it parses
            (``"1398"``, ``"1398-09"``, ``"first nine months of 1398"``, ...).
        gregorian: Add the Gregorian days the period covers, in brackets (in Persian, the
            Jalali first and last days).
        lang: ``"fa"`` for Persian; ``None`` or ``"en"`` for English.

    Raises:
        SmeAnalysisError: A label that is not a period (from ``JalaliPeriod.parse``).

    Example:
        >>> period_text("1398"), period_text("1398-09"), period_text("1398-01..1398-09")
        ('Iranian year 1398', 'Azar 1398', 'Farvardin to Azar 1398')
        >>> period_text("1398", gregorian=True)
        'Iranian year 1398 (21 March 2019 to 19 March 2020)'
        >>> period_text("1398-09", gregorian=True)
        'Azar 1398 (22 November to 21 December 2019)'
        >>> period_text("1398-01..1398-09", gregorian=True, lang="fa")
        'فروردین تا آذر ۱۳۹۸ (۱ فروردین تا ۳۰ آذر ۱۳۹۸)'
    """
    if is_missing(period):
        return MISSING
    if lang is not None:
        return _in(period_text(period, gregorian=gregorian), lang)
    if not isinstance(period, JalaliPeriod):
        period = JalaliPeriod.parse(str(period))
    first, last = MONTHS_EN[period.first_month - 1], MONTHS_EN[period.last_month - 1]
    if period.kind == "year":
        text = f"Iranian year {period.year}"
    elif period.first_month == period.last_month:
        text = f"{first} {period.year}"
    else:
        text = f"{first} to {last} {period.year}"
    if not gregorian:
        return text
    start, end = period.start, period.end
    days = f"{_day(start, year=start.year != end.year)} to {_day(end)}"
    return f"{text} ({days})"


def month_text(month: object, *, lang: str | None = None) -> str:
    """Write a Gregorian month (``"2019-08"`` or a date) in words: ``August 2019``.

    In Persian (``lang="fa"``) the Jalali months it spans: ``مرداد–شهریور ۱۳۹۸``.

    Raises:
        SmeAnalysisError: A text that is not a month written ``YYYY-MM``.

    Example:
        >>> month_text("2019-08"), month_text(pd.Timestamp("2021-06-15")), month_text(None)
        ('August 2019', 'June 2021', '–')
        >>> month_text("2019-08", lang="fa")
        'مرداد–شهریور ۱۳۹۸'
    """
    if is_missing(month):
        return MISSING
    if lang is not None:
        return _in(month_text(month), lang)
    if isinstance(month, str):
        try:
            stamp = pd.to_datetime(month, format="%Y-%m")
        except ValueError:
            raise SmeAnalysisError(
                [Problem(None, None, "month", repr(month), "a month written YYYY-MM")]
            ) from None
    else:
        stamp = pd.Timestamp(month)  # type: ignore[arg-type]
    return f"{stamp:%B} {stamp.year}"


def markdown_table(
    frame: pd.DataFrame,
    columns: Mapping[str, str],
    *,
    links: Sequence[str] = (),
    raw: Sequence[str] = (),
    decimals: Mapping[str, int] | None = None,
    note: bool = True,
    download: str | None = "table",
    labels: Sequence[str] = ("indicator",),
) -> str:
    """Render a frame as a Markdown table, every cell escaped, with a "Download CSV" link.

    The frame's index is never shown. A missing value (None, NA, NaN, NaT) in any column is
    shown as :data:`MISSING`, and :data:`MISSING_NOTE` under the table says what it means.
    Floats are written by :func:`number` (thousands separators, at most four decimals, or
    exactly ``decimals[column]``);
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
        labels: Columns holding indicator names, shown by their registry label
            (:func:`indicator_label`: words, not codes); the CSV keeps the names.
        download: The CSV's file name (without ``.csv``) for the link under the table
            (:func:`csv_link`: the rows and columns shown, numbers unformatted, the URLs of
            link columns as addresses); ``None`` for no link.

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
        | a&#124;b | 1.60 | <a href="https://x.org/1" title="https://x.org/1">x.org</a> |
        | – | – | – |
        <BLANKLINE>
        <a class="sme-csv" download="table.csv" href="data:text/csv;charset=utf-8,Speaker%2CUSD%20bn%2CSource%0D%0Aa%7Cb%2C1.6%2Chttps%3A%2F%2Fx.org%2F1%0D%0A%2C%2C%0D%0A">Download CSV</a>
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
                else:
                    cells.append(source_links(urls))
            elif name in labels and not is_missing(value):
                cells.append(escape_text(indicator_label(value)))
            else:
                cells.append(_cell(value, raw=name in raw, decimals=fixed.get(name)))
        lines.append("| " + " | ".join(cells) + " |")
        dashed = dashed or MISSING in cells
    if download is not None:
        shown = frame[list(columns)].copy()
        for name in columns:
            if name in links:
                shown[name] = [_addresses(value) for value in shown[name]]
            elif name in raw:
                shown[name] = [_plain_html(value) for value in shown[name]]
        shown.columns = list(columns.values())
        lines.extend(["", csv_link(shown, download)])
    if note and dashed:
        lines.extend(["", MISSING_NOTE])
    return "\n".join(lines)


_TAG = re.compile(r"<[^>]+>")


@cache
def _codes() -> re.Pattern[str]:
    names = sorted(INDICATORS, key=len, reverse=True)
    return re.compile(
        r"(?<![A-Za-z0-9_])(" + "|".join(map(re.escape, names)) + r")(?![A-Za-z0-9_])"
    )


def indicator_words(text: object) -> str:
    """Text with every indicator name of the registry in it written as its label.

    Example:
        >>> indicator_words("77.4% units_in_parks_active_share for Iran")
        '77.4% Share of units in parks active for Iran'
    """
    if is_missing(text):
        return ""
    return _codes().sub(lambda m: INDICATORS[m.group(1)].label, str(text))


def indicator_label(name: object) -> str:
    """An indicator's label from the registry (words, not codes); other text as it is.

    Example:
        >>> indicator_label("idle_units_revived_jobs_all"), indicator_label("Total")
        ('Idle units revived: jobs (all)', 'Total')
    """
    text = "" if is_missing(name) else str(name)
    found = INDICATORS.get(text)
    return found.label if found is not None else text


def _addresses(value: object) -> str:
    urls = [value] if isinstance(value, str) or is_missing(value) else list(value)  # type: ignore[call-overload]
    return " ".join(str(u).strip() for u in urls if not is_missing(u))


def _plain_html(value: object) -> object:
    if is_missing(value) or not isinstance(value, str):
        return value
    return html.unescape(_TAG.sub("", value)).strip()


def csv_text(frame: pd.DataFrame) -> str:
    r"""``frame`` as CSV text: every row and column, no index, numbers unformatted.

    Numbers are written unformatted (``1600000000.0`` as ``1600000000``), dates as
    ``YYYY-MM-DD``, missing values as empty cells, lines ended by CRLF (RFC 4180).

    Example:
        >>> csv_text(pd.DataFrame({"year": [1398, 1399], "usd": [1.6e9, None]}))
        'year,usd\r\n1398,1600000000\r\n1399,\r\n'
    """
    out = frame.copy()
    for column in out.columns:
        values = out[column]
        if pd.api.types.is_datetime64_any_dtype(values):
            out[column] = [
                "" if is_missing(v) else (v.strftime("%Y-%m-%d") if v == v.normalize() else str(v))
                for v in values
            ]
        elif pd.api.types.is_float_dtype(values):
            out[column] = [
                "" if is_missing(v) else (str(int(v)) if float(v).is_integer() else repr(float(v)))
                for v in values
            ]
    buffer = io.StringIO()
    out.to_csv(buffer, index=False, lineterminator="\r\n")
    return buffer.getvalue()


def data_link(
    csv: str, name: str = "table", text: str = "Download CSV", *, css_class: str = "sme-csv"
) -> str:
    r"""An HTML link whose ``data:`` URI holds the CSV text ``csv``, saved as ``name``.csv.

    Example:
        >>> data_link("year\r\n1398\r\n", "chart: exports", "Download data", css_class="sme-data")
        '<a class="sme-data" download="chart_exports.csv" href="data:text/csv;charset=utf-8,year%0D%0A1398%0D%0A">Download data</a>'
    """  # noqa: E501
    safe = re.sub(r"[^A-Za-z0-9_-]+", "_", name).strip("_") or "table"
    return (
        f'<a class="{html.escape(css_class)}" download="{safe}.csv" '
        f'href="data:text/csv;charset=utf-8,{quote(csv, safe="")}">'
        f"{html.escape(text)}</a>"
    )


def csv_link(frame: pd.DataFrame, name: str = "table", text: str = "Download CSV") -> str:
    """An HTML link whose ``data:`` URI holds ``frame`` as CSV: every row and column, no index.

    The CSV is :func:`csv_text`'s (numbers unformatted, dates as ``YYYY-MM-DD``, missing
    values as empty cells). The link works offline and in a page with scripts off; the page's
    script and the browser test read it back.

    Example:
        >>> csv_link(pd.DataFrame({"year": [1398], "usd": [1.6e9]}), "exports")
        '<a class="sme-csv" download="exports.csv" href="data:text/csv;charset=utf-8,year%2Cusd%0D%0A1398%2C1600000000%0D%0A">Download CSV</a>'
    """  # noqa: E501
    return data_link(csv_text(frame), name, text)


def _cell(value: object, *, raw: bool, decimals: int | None) -> str:
    if is_missing(value):
        return MISSING
    if raw:
        return str(value)
    if decimals is not None and isinstance(value, numbers.Real) and not isinstance(value, bool):
        return number(value, decimals)
    if isinstance(value, float):
        return escape_text(number(value))
    if isinstance(value, pd.Timestamp) and value == value.normalize():
        return value.strftime("%Y-%m-%d")
    if isinstance(value, str):
        return escape_text(indicator_words(value))  # words, not codes
    return escape_text(value)

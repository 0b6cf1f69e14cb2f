"""Persian pages: right-to-left layout, Persian digits, the embedded font, shaped chart text.

What a Persian page needs beyond its words (the words come from
:mod:`smeanalysis.reports.i18n`, the figures from :mod:`smeanalysis.reports.text`):

* **Digits** (:func:`persian_digits`): ``0-9`` become ``۰-۹``; between two digits the comma
  becomes the Persian thousands separator ``٬`` and the point the decimal separator ``٫``;
  ``%`` after a digit becomes ``٪``.
* **The page** (:func:`localize_page`): ``<html lang="fa" dir="rtl">``; in the visible text
  (not in ``<script>``, ``<style>``, ``<code>``, ``<pre>`` or attributes) the digits are made
  Persian, except in URLs and host names (:data:`ADDRESS`), which keep their characters and
  sit in ``<bdi dir="ltr">``; every other run of Latin text and every number is wrapped
  in ``<bdi>`` so the bidirectional algorithm never reorders it with its neighbours; tables
  and lists run right to left.
* **The font** (:func:`font_face_css`): Vazirmatn (SIL Open Font License 1.1, ``fonts/OFL.txt``;
  regular and bold), subset with fontTools to the characters the page shows and embedded as
  WOFF2 data URIs, so the page renders the same offline, on a machine without Persian fonts,
  at a few tens of kilobytes.
* **Charts** (:func:`setup_charts`): once the page
  language is Persian, every text a figure draws (titles, labels, ticks, legends) is translated
  through the catalog and given Persian digits at draw time; matplotlib (3.11 and later, the
  ``plot`` extra's floor) joins the letters and orders them right to left itself (libraqm),
  in DejaVu Sans. Date axes tick at Jalali years or months
  with Persian labels, and category axes are mirrored (the first category on the right).
"""

from __future__ import annotations

import base64
import datetime
import html
import io
import re
from collections.abc import Callable, Iterable, Mapping
from functools import cache, lru_cache
from pathlib import Path

import numpy as np

from smeanalysis import calendar

__all__ = [
    "ADDRESS",
    "FONT_FILES",
    "charts_off",
    "finish_page",
    "font_face_css",
    "localize_page",
    "outside_addresses",
    "page_characters",
    "persian_digits",
    "persian_figures",
    "setup_charts",
    "shape",
    "use_catalog",
]

FONTS_DIR = Path(__file__).resolve().parent / "fonts"
#: The embedded font: (CSS weight, file) for Vazirmatn regular and bold.
FONT_FILES: tuple[tuple[int, Path], ...] = (
    (400, FONTS_DIR / "Vazirmatn-Regular.ttf"),
    (700, FONTS_DIR / "Vazirmatn-Bold.ttf"),
)
FONT_FAMILY = "Vazirmatn"

_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
_COMMA = re.compile(r"(?<=[0-9۰-۹]),(?=[0-9۰-۹]{3})")
_POINT = re.compile(r"(?<=[0-9۰-۹])\.(?=[0-9۰-۹])")
_PERCENT = re.compile(r"(?<=[0-9۰-۹])\s?%")


#: A URL or a host name (``iranmirrorbd24.com``, ``en.irna.ir/news/84062300``): written as it
#: is on a Persian page, Latin digits kept, and isolated left to right (:func:`localize_page`).
ADDRESS = re.compile(
    r"(?:https?|ftp)://[^\s<>\"'،؛]+[^\s<>\"'.,;:!?)\]،؛]"
    r"|(?<![\w@.\-/])(?:www\.)?(?:[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?\.)+"
    r"(?:[a-z]{2,24}|[A-Z]{2,24})(?![\w\-])(?:/[^\s<>\"'،؛]*[^\s<>\"'.,;:!?)\]،؛])?"
)
# A host name has a letter in its last label and in at least one other, so that a decimal
# ("77.5") or an initial ("U.S") is never read as one.
_HOST_WORD = re.compile(r"[A-Za-z]{2}")


def _addresses(text: str) -> list[tuple[int, int]]:
    return [
        match.span()
        for match in ADDRESS.finditer(text)
        if "://" in match.group(0) or len(_HOST_WORD.findall(match.group(0).split("/")[0])) >= 2
    ]


def outside_addresses(change: Callable[[str], str], text: str) -> str:
    """Apply ``change`` to the text between URLs and host names, which stay as written.

    Example:
        >>> outside_addresses(str.upper, "24 pages (iranmirrorbd24.com; see en.irna.ir/a/1)")
        '24 PAGES (iranmirrorbd24.com; SEE en.irna.ir/a/1)'
    """
    spans = _addresses(text) if "." in text else []
    if not spans:
        return change(text)
    out, position = [], 0
    for start, end in spans:
        out += [change(text[position:start]), text[start:end]]
        position = end
    out.append(change(text[position:]))
    return "".join(out)


def _digits(text: str) -> str:
    text = _COMMA.sub("٬", text)
    text = _POINT.sub("٫", text)
    text = _PERCENT.sub("٪", text)
    return text.translate(_DIGITS)


def persian_digits(text: str) -> str:
    """Write the digits of a text in Persian, with the Persian separators and percent sign.

    URLs and host names keep their Latin digits (:func:`outside_addresses`).

    Example:
        >>> persian_digits("1,234.5 and 77.5%, 1398")
        '۱٬۲۳۴٫۵ and ۷۷٫۵٪, ۱۳۹۸'
        >>> persian_digits("12 (iranmirrorbd24.com)")
        '۱۲ (iranmirrorbd24.com)'
    """
    return outside_addresses(_digits, text)


_NUM = r"\d[\d,]*(?:\.\d+)?"
_MAG = r"(?:million|billion|trillion)"
#: Magnitude words and unit words as Iranian readers write them (rials stay rials).
MAGNITUDES_FA = {"million": "میلیون", "billion": "میلیارد", "trillion": "هزار میلیارد"}
UNITS_FA = {
    "$": "دلار",
    "€": "یورو",
    "rial": "ریال",
    "tonne": "تن",
    "hectare": "هکتار",
    "person": "نفر",
    "people": "نفر",
}
_AMOUNT = re.compile(
    rf"(?P<cur>[$€]|&#36;|\\\$)?(?P<a>{_NUM})(?: (?P<amag>{_MAG}))?"
    rf"(?: to (?P<cur2>[$€]|&#36;|\\\$)?(?P<b>{_NUM}))?(?: (?P<mag>{_MAG}))?"
    r"(?: (?P<unit>rials?|tonnes?|hectares?|people|persons?)\b)?"
)
_MONTHS_EN = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip
_GREGORIAN_DAY = re.compile(rf"\b(\d{{1,2}}) ({'|'.join(_MONTHS_EN)})(?: (\d{{4}}))?\b")
_GREGORIAN_MONTH = re.compile(rf"\b({'|'.join(_MONTHS_EN)}) (\d{{4}})\b")
_ISO_MONTH = re.compile(r"\b((?:19|20)\d\d)-(0[1-9]|1[0-2])\b(?!-)")
_ISO_DAY = re.compile(r"\b((?:19|20)\d\d)-(\d\d)-(\d\d)\b")


def _unit_word(unit: str | None) -> str:
    if not unit:
        return ""
    key = unit.rstrip("s") if unit not in ("people",) else unit
    return UNITS_FA.get(key, UNITS_FA.get(unit, unit))


def _amount_fa(match: re.Match[str]) -> str:
    cur = match.group("cur") or match.group("cur2")
    unit = _unit_word("$" if cur and "€" not in cur else cur) if cur else ""
    unit = unit or _unit_word(match.group("unit"))
    a, b = match.group("a"), match.group("b")
    amag, mag = match.group("amag"), match.group("mag")
    words = [persian_digits(a)]
    if amag:
        words.append(MAGNITUDES_FA[amag])
    if b:
        words += ["تا", persian_digits(b)]
    if mag:
        words.append(MAGNITUDES_FA[mag])
    if unit:
        words.append(unit)
    return " ".join(words)


_EPOCH = datetime.date(1970, 1, 1).toordinal()


@lru_cache(maxsize=8192)
def _jalali_of(day: str) -> tuple[int, int, int]:
    """The Jalali (year, month, day) of a Gregorian ``YYYY-MM-DD``.

    The calendar's arithmetic on one day number: a pandas round trip per date cost a long
    Persian page seconds.
    """
    number = datetime.date.fromisoformat(day).toordinal() - _EPOCH
    year, month, date = calendar.jalali_from_days(np.array([number]))
    return int(year[0]), int(month[0]), int(date[0])


def _gregorian_day_fa(match: re.Match[str], default_year: int) -> str:
    year = int(match.group(3) or default_year)
    y, m, d = _jalali_of(
        f"{year}-{_MONTHS_EN.index(match.group(2)) + 1:02d}-{int(match.group(1)):02d}"
    )
    month = calendar.MONTHS_FA[m - 1]
    return f"{d} {month} {y}" if match.group(3) else f"{d} {month}"


def _gregorian_month_fa(match: re.Match[str]) -> str:
    month, year = _MONTHS_EN.index(match.group(1)) + 1, int(match.group(2))
    y0, m0, _ = _jalali_of(f"{year}-{month:02d}-01")
    y1, m1, _ = _jalali_of(f"{year}-{month:02d}-28")
    first, last = calendar.MONTHS_FA[m0 - 1], calendar.MONTHS_FA[m1 - 1]
    if y0 == y1:
        return f"{first}\u2013{last} {y1}" if m0 != m1 else f"{first} {y1}"
    return f"{first} {y0}\u2013{last} {y1}"


def _iso_day_fa(match: re.Match[str]) -> str:
    y, m, d = _jalali_of(match.group(0))
    return f"{y}/{m:02d}/{d:02d}"


@lru_cache(maxsize=65536)
def persian_figures(text: str) -> str:
    """Rewrite the figures and dates of the text kit's English style in Persian.

    Amounts (``$1.6 billion``, ``$1.2 to 1.5 billion``, ``129 trillion rials``), Iranian
    periods (``Iranian year 1398``, ``Farvardin to Azar 1398``), Gregorian dates (made Jalali:
    ``21 March 2019`` is ``1 Farvardin 1398``; ``2019-03-21`` is ``1398/01/01``; a Gregorian
    month is the Jalali months it spans), hedge words, then digits (:func:`persian_digits`).
    Words the catalog translates are left to it.

    Example:
        >>> persian_figures("more than $1.6 billion")
        'بیش از ۱٫۶ میلیارد دلار'
        >>> persian_figures("$1.2 to 1.5 billion; 129 trillion rials; 77.5%")
        '۱٫۲ تا ۱٫۵ میلیارد دلار; ۱۲۹ هزار میلیارد ریال; ۷۷٫۵٪'
        >>> persian_figures("Farvardin to Azar 1398 (21 March to 21 December 2019)")
        'فروردین تا آذر ۱۳۹۸ (۱ فروردین تا ۳۰ آذر ۱۳۹۸)'
        >>> persian_figures("Iranian year 1398, August 2019, 2019-03-21")
        'سال ۱۳۹۸، مرداد–شهریور ۱۳۹۸، ۱۳۹۸/۰۱/۰۱'
        >>> persian_figures("Mehr 1398 (Mehr News)")
        'مهر ۱۳۹۸ (Mehr News)'
        >>> persian_figures("$1.03 billion (iranmirrorbd24.com; published 2019-11-27)")
        '۱٫۰۳ میلیارد دلار (iranmirrorbd24.com; published ۱۳۹۸/۰۹/۰۶)'
    """
    return outside_addresses(_figures_fa, text)


def _figures_fa(text: str) -> str:
    text = _ISO_DAY.sub(_iso_day_fa, text)
    years = [int(y) for y in re.findall(r"\b(?:19|20)\d\d\b", text)]
    text = _GREGORIAN_DAY.sub(lambda m: _gregorian_day_fa(m, years[-1] if years else 2000), text)
    text = _GREGORIAN_MONTH.sub(_gregorian_month_fa, text)
    text = _ISO_MONTH.sub(
        lambda m: _gregorian_month_fa(
            re.match(r"(\w+) (\d+)", f"{_MONTHS_EN[int(m[2]) - 1]} {m[1]}")
        ),
        text,
    )
    text = re.sub(r"\bIranian years? (\d{4})\b", r"سال \1", text)
    for english, persian in zip(calendar.MONTHS_EN, calendar.MONTHS_FA, strict=True):
        # A month name before a capitalised word is an outlet's name ("Mehr News"), kept as is.
        text = re.sub(rf"\b{english}\b(?!\s+[A-Z][a-z])", persian, text)
    text = re.sub(r"(?<=[\u0600-\u06ff]) to (?=[\u0600-\u06ff\d])", " تا ", text)
    text = _AMOUNT.sub(_amount_fa, text)
    for english, persian in HEDGES_FA.items():
        text = re.sub(rf"\b{english} (?=[۰-۹\d$€])", persian + " ", text, flags=re.IGNORECASE)
    text = text.replace(", ", "، ") if re.search(r"[\u0600-\u06ff]", text) else text
    return _digits(text)


#: Hedge words in Persian (longest first, so "just over" is read before "over").
HEDGES_FA = {
    "slightly more than": "کمی بیش از",
    "just over": "کمی بیش از",
    "just under": "کمی کمتر از",
    "more than": "بیش از",
    "less than": "کمتر از",
    "fewer than": "کمتر از",
    "at least": "دست‌کم",
    "at most": "حداکثر",
    "close to": "نزدیک به",
    "approximately": "حدود",
    "around": "حدود",
    "about": "حدود",
    "nearly": "نزدیک به",
    "almost": "نزدیک به",
    "roughly": "حدود",
    "some": "حدود",
    "over": "بیش از",
    "above": "بالای",
    "exceeded": "بیش از",
    "topped": "بیش از",
    "up to": "تا",
}


# --------------------------------------------------------------------------------------
# The page

_PARTS = re.compile(r"(<!--.*?-->|<[^>]+>)", re.DOTALL)
_OPAQUE = ("script", "style", "code", "pre", "title", "textarea", "svg", "math")
# A run of Latin text (words, with the spaces and punctuation between them) or a number.
# Brackets stay outside: the bidirectional algorithm mirrors them in their right-to-left context.
_ISOLATE = re.compile(
    r"[A-Za-z$€][A-Za-z0-9_.,'’/&:$€\-]*(?:[ ]+[A-Za-z0-9$€][A-Za-z0-9_.,'’/&:$€\-]*)*"
    r"|[۰-۹][۰-۹٬٫/]*(?:٪)?"
)


def _isolate_runs(text: str) -> str:
    """Wrap Latin runs and numbers of an (unescaped) text in ``<bdi>``; return escaped HTML."""
    out = []
    position = 0
    for match in _ISOLATE.finditer(text):
        start, end = match.span()
        out.append(html.escape(text[position:start], quote=False))
        out.append(f"<bdi>{html.escape(match.group(0), quote=False)}</bdi>")
        position = end
    out.append(html.escape(text[position:], quote=False))
    return "".join(out)


def _isolate(text: str) -> str:
    """A visible text node of a Persian page as escaped HTML: catalog words, Persian digits.

    URLs and host names keep their characters and sit in ``<bdi dir="ltr">``; around them,
    digits are made Persian and Latin runs and numbers isolated (:func:`_isolate_runs`).
    """
    spans = _addresses(text) if "." in text else []
    out, position = [], 0
    for start, end in spans:
        out.append(_isolate_runs(persian_digits(_chrome(text[position:start]))))
        out.append(f'<bdi dir="ltr">{html.escape(text[start:end], quote=False)}</bdi>')
        position = end
    out.append(_isolate_runs(persian_digits(_chrome(text[position:]))))
    return "".join(out)


def localize_page(page: str) -> str:
    """Make an HTML page Persian: ``lang="fa" dir="rtl"``, Persian digits, isolated runs.

    Visible text only: markup, ``<script>``, ``<style>``, ``<code>``, ``<pre>`` and ``<title>``
    keep their characters; so do URLs and host names inside the text, each isolated left to
    right (``<bdi dir="ltr">``). Fonts are added separately (:func:`font_face_css`).

    Example:
        >>> localize_page('<html lang="en"><body><p>۱۲ of 1398</p><code>x=1</code></body></html>')
        '<html lang="fa" dir="rtl"><body><p><bdi>۱۲</bdi> <bdi>of</bdi> <bdi>۱۳۹۸</bdi></p><code>x=1</code></body></html>'
        >>> localize_page("<body><p>12 (iranmirrorbd24.com)</p></body>")
        '<body><p><bdi>۱۲</bdi> (<bdi dir="ltr">iranmirrorbd24.com</bdi>)</p></body>'
    """  # noqa: E501
    page = re.sub(r"<html\b[^>]*>", '<html lang="fa" dir="rtl">', page, count=1)
    out = []
    closed_by: list[str] = []
    in_body = "<body" not in page
    for part in _PARTS.split(page):
        if part.startswith("<"):
            out.append(part)
            tag = re.match(r"</?\s*([A-Za-z0-9]+)", part)
            if not tag:
                continue
            name = tag.group(1).lower()
            if name == "body" and not part.startswith("</"):
                in_body = True
            if name in _OPAQUE and not part.endswith("/>"):
                if part.startswith("</"):
                    if closed_by and closed_by[-1] == name:
                        closed_by.pop()
                else:
                    closed_by.append(name)
            continue
        if closed_by or not in_body or not part.strip():
            out.append(part)
            continue
        out.append(_isolate(html.unescape(part)))
    return "".join(out)


#: The catalog this module translates with (chart text, page chrome): registered by
#: :mod:`smeanalysis.reports.i18n` as it loads (it imports this module, so not the reverse).
_CATALOG: dict[str, Callable] = {}


def use_catalog(translate: Callable[[str], str], messages: Callable[[], Mapping[str, str]]) -> None:
    """Register the Persian catalog: ``translate`` one message, the whole ``messages`` mapping.

    Example:
        >>> from smeanalysis.reports import i18n  # registers i18n.t and the fa messages
        >>> shape("Tehran")
        'تهران'
    """
    _CATALOG["t"] = translate
    _CATALOG["messages"] = messages


def _chrome(text: str) -> str:
    """A text node that is a whole catalog message (a link's or a label's words): Persian."""
    key = " ".join(text.split())
    if not key or not re.search(r"[A-Za-z]{2}", key) or "messages" not in _CATALOG:
        return text
    found = _CATALOG["messages"]().get(key)
    if found is None:
        return text
    return text[: len(text) - len(text.lstrip())] + found + text[len(text.rstrip()) :]


def page_characters(page: str) -> str:
    """The characters a page's visible text uses (sorted, each once).

    Example:
        >>> page_characters("<style>zz</style><p>ba &amp; ab</p>")
        ' &ab'
    """
    text = re.sub(r"<(script|style)\b.*?</\1>", "", page, flags=re.DOTALL | re.IGNORECASE)
    text = html.unescape(_PARTS.sub("", text))
    return "".join(sorted(set(text)))


#: Characters every subset keeps (digits and punctuation the page's CSS or a table may add).
_ALWAYS = "0123456789۰۱۲۳۴۵۶۷۸۹٬٫٪،؛؟ .,:;-–—()[]%+/"


@lru_cache(maxsize=64)
def _subset_woff2(path: Path, characters: str) -> bytes:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]  # keep the Arabic joining forms and ligatures
    options.name_IDs = ["*"]  # keep the copyright and licence names (OFL)
    options.notdef_outline = True
    font = TTFont(path, lazy=False)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=characters)
    subsetter.subset(font)
    buffer = io.BytesIO()
    font.flavor = "woff2"
    font.save(buffer)
    return buffer.getvalue()


def font_face_css(characters: Iterable[str]) -> str:
    """``@font-face`` rules embedding Vazirmatn subset to ``characters`` (WOFF2, data URIs).

    Example:
        >>> css = font_face_css("سلام")
        >>> css.count("@font-face"), "url(data:font/woff2;base64," in css
        (2, True)
    """
    chars = "".join(sorted(set("".join(characters)) | set(_ALWAYS)))
    rules = []
    for weight, path in FONT_FILES:
        data = base64.b64encode(_subset_woff2(path, chars)).decode("ascii")
        rules.append(
            f"@font-face{{font-family:{FONT_FAMILY};font-weight:{weight};font-style:normal;"
            f"src:url(data:font/woff2;base64,{data}) format('woff2')}}"
        )
    return "\n".join(rules)


#: Layout of a Persian page, added after the report's own CSS.
RTL_CSS = (
    f"body,html{{font-family:{FONT_FAMILY},sans-serif;direction:rtl}}"
    "table{direction:rtl}th,td{text-align:right}"
    "ul,ol{padding-right:1.5rem;padding-left:0}"
    "code,pre,.sme-params code{direction:ltr;unicode-bidi:isolate;font-family:monospace}"
    f"h1,h2,h3,h4,p,li,td,th,figcaption,nav{{font-family:{FONT_FAMILY},sans-serif}}"
)


def finish_page(page: str) -> str:
    """The Persian page: :func:`localize_page`, then its font subset and RTL layout in ``<head>``.

    Example:
        >>> page = finish_page('<html lang="en"><head></head><body><p>سلام 12</p></body></html>')
        >>> page.startswith('<html lang="fa" dir="rtl">'), "@font-face" in page, "۱۲" in page
        (True, True, True)
    """
    page = localize_page(page)
    style = f"<style>\n{font_face_css(page_characters(page))}\n{RTL_CSS}\n</style>\n"
    head = page.find("</head>")
    return page[:head] + style + page[head:] if head >= 0 else style + page


# --------------------------------------------------------------------------------------
# Charts


@lru_cache(maxsize=4096)
def shape(text: str) -> str:
    """Chart text for matplotlib: translated, Persian digits, letters joined, visual order.

    Example:
        >>> from smeanalysis.reports import i18n  # the catalog (it registers itself)
        >>> shape("Isfahan")
        'اصفهان'
        >>> shape("1,234")
        '۱٬۲۳۴'
    """
    if not text:
        return text
    translate = _CATALOG.get("t", str)
    text = _mathtext_number(text)
    if text.startswith("$") and text.endswith("$"):
        return text  # other mathtext is drawn by matplotlib's own fonts
    # matplotlib >= 3.11 (the plot extra's floor) joins and orders the letters (libraqm).
    return "\n".join(persian_digits(translate(line)) for line in text.split("\n"))


_MATHTEXT_POWER = re.compile(r"^\$\\mathdefault\{10\^\{(-?\d+)\}\}\$$")
_MATHTEXT_PLAIN = re.compile(r"^\$\\mathdefault\{([^${}\\^]*)\}\$$")


def _mathtext_number(text: str) -> str:
    power = _MATHTEXT_POWER.match(text)
    if power:
        exponent = int(power.group(1))
        value = 10**exponent if exponent >= 0 else 10.0**exponent
        return f"{value:,}"
    plain = _MATHTEXT_PLAIN.match(text)
    return plain.group(1).replace("\u2212", "-") if plain else text


def _jalali_ticks(axis: object) -> None:
    """Tick a date axis at Jalali years (or months, on short spans), labelled in Persian."""
    import matplotlib.dates as mdates
    import numpy as np
    import pandas as pd
    from matplotlib.ticker import FixedLocator, FuncFormatter

    low, high = sorted(axis.get_view_interval())
    start, end = mdates.num2date(low), mdates.num2date(high)
    first = calendar.to_jalali(pd.Series([pd.Timestamp(start.date())]))
    last = calendar.to_jalali(pd.Series([pd.Timestamp(end.date())]))
    y0, y1 = int(first["year"].iloc[0]), int(last["year"].iloc[0])
    if y1 - y0 >= 2:
        step = max(1, (y1 - y0 + 1) // 8)
        marks = [(y, 1) for y in range(y0, y1 + 2, step)]
    else:
        m0 = (y0, int(first["month"].iloc[0]))
        marks = []
        year, month = m0
        while (year, month) <= (y1 + 1, 12) and len(marks) < 40:
            marks.append((year, month))
            month += 1
            if month > 12:
                year, month = year + 1, 1
        if len(marks) > 12:
            marks = marks[:: (len(marks) + 11) // 12]
    years = np.array([y for y, _ in marks])
    months = np.array([m for _, m in marks])
    days = calendar.to_gregorian(years, months, np.ones_like(years))
    positions = [mdates.date2num(pd.Timestamp(d).to_pydatetime()) for d in days]
    labels = {
        pos: (str(y) if m == 1 and y1 - y0 >= 2 else f"{calendar.MONTHS_FA[m - 1]} {y}")
        for pos, (y, m) in zip(positions, marks, strict=True)
    }
    inside = [p for p in positions if low <= p <= high]
    axis.set_major_locator(FixedLocator(inside))
    axis.set_minor_locator(FixedLocator([]))
    axis.set_major_formatter(FuncFormatter(lambda x, _pos: labels.get(x, "")))


def _is_dates(axis: object) -> bool:
    import matplotlib.dates as mdates

    formatter = axis.get_major_formatter()
    return isinstance(
        formatter, mdates.AutoDateFormatter | mdates.ConciseDateFormatter | mdates.DateFormatter
    )


def _is_categories(axis: object) -> bool:
    from matplotlib.category import StrCategoryFormatter

    return isinstance(axis.get_major_formatter(), StrCategoryFormatter)


def _prepare_figure(figure: object) -> None:
    for ax in figure.axes:
        if getattr(ax, "_smeanalysis_fa", False):
            continue
        ax._smeanalysis_fa = True
        for axis in (ax.xaxis, ax.yaxis):
            if _is_dates(axis):
                _jalali_ticks(axis)
        if _is_categories(ax.xaxis) and not ax.xaxis_inverted():
            ax.invert_xaxis()  # categories read right to left


#: Whether the chart hooks shape text: on while the page language is Persian.
_CHARTS = {"on": False}


def charts_off() -> None:
    """Let charts drawn from now on keep their English text (the hooks stay, idle).

    Called by :func:`smeanalysis.reports.i18n.activate` for any language but Persian; never
    imports matplotlib.

    Example:
        >>> charts_off()
    """
    _CHARTS["on"] = False


def setup_charts() -> None:
    """Make every matplotlib figure of this process Persian (see the module docstring).

    Puts DejaVu Sans (shipped with matplotlib: Persian letters in their joined forms and
    Persian digits) first in the font list, and wraps
    :meth:`matplotlib.text.Text.draw` and :meth:`matplotlib.figure.Figure.draw` so the text
    each draws is shaped by :func:`shape` (the artist keeps its English text). Called once,
    by :func:`smeanalysis.reports.i18n.activate` ("fa"); the hooks are installed once and
    do nothing after :func:`charts_off`.
    """
    _install_chart_hooks()
    _CHARTS["on"] = True


@cache
def _install_chart_hooks() -> None:
    import matplotlib as mpl
    from matplotlib.figure import Figure
    from matplotlib.text import Text

    mpl.rcParams["axes.unicode_minus"] = False

    text_draw = Text.draw
    figure_draw = Figure.draw

    def draw_text(self: Text, renderer: object) -> None:
        original = self.get_text()
        if not _CHARTS["on"] or not original:
            return text_draw(self, renderer)
        shaped = shape(original)
        if shaped == original:
            return text_draw(self, renderer)
        self._text = shaped
        try:
            return text_draw(self, renderer)
        finally:
            self._text = original

    def draw_figure(self: Figure, renderer: object) -> None:
        # DejaVu Sans (matplotlib's own font) draws the joined presentation forms; Vazirmatn's
        # are not drawn joined by matplotlib's renderer, so charts keep DejaVu Sans first.
        if not _CHARTS["on"]:
            return figure_draw(self, renderer)
        if "DejaVu Sans" in mpl.rcParams["font.sans-serif"][1:]:
            rest = [f for f in mpl.rcParams["font.sans-serif"] if f != "DejaVu Sans"]
            mpl.rcParams["font.sans-serif"] = ["DejaVu Sans", *rest]
        _prepare_figure(self)
        return figure_draw(self, renderer)

    Text.draw = draw_text
    Figure.draw = draw_figure

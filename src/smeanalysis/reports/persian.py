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
  regular and bold), subset with fontTools to the characters Persian pages show
  (:data:`BATCH_CHARACTERS`, plus any other character of the page) and embedded as WOFF2 data
  URIs, so the page renders the same offline, on a machine without Persian fonts, at a few
  tens of kilobytes; the subset is made once per batch and kept on disk.
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
import hashlib
import html
import io
import os
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
    "period_label",
    "persian_digits",
    "persian_figures",
    "setup_charts",
    "shape",
    "untranslated_notes",
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
    r"(?<![A-Za-z])[a-z][a-z0-9+\-]*://[^\s<>\"'،؛]+[^\s<>\"'.,;:!?)\]،؛]"
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
        >>> outside_addresses(str.upper, "a scheduler such as tcp://host:8786")
        'A SCHEDULER SUCH AS tcp://host:8786'
    """
    spans = _addresses(text) if "." in text or "://" in text else []
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
    # A sign that starts a number (not a dash between two) stays with it, left of the digits.
    r"|(?:(?<![^\s(\[])[-−+])?[۰-۹][۰-۹٬٫/]*(?:٪)?"
)


def _isolate_runs(text: str) -> str:
    """Wrap Latin runs and numbers of an (unescaped) text in ``<bdi>``; return escaped HTML."""
    out = []
    position = 0
    for match in _ISOLATE.finditer(text):
        start, end = match.span()
        out.append(html.escape(text[position:start], quote=False))
        run = match.group(0)
        # A signed number reads left to right whatever its neighbours (the minus left of the
        # digits, as CLDR's Persian pattern writes it); a bare <bdi> would take the page's
        # right-to-left direction for a run with no letter in it and put the sign on the right.
        opening = '<bdi dir="ltr">' if run[0] in "-−+" else "<bdi>"
        out.append(f"{opening}{html.escape(run, quote=False)}</bdi>")
        position = end
    out.append(html.escape(text[position:], quote=False))
    return "".join(out)


def _isolate(text: str) -> str:
    """A visible text node of a Persian page as escaped HTML: catalog words, Persian digits.

    URLs and host names keep their characters and sit in ``<bdi dir="ltr">``; around them,
    digits are made Persian and Latin runs and numbers isolated (:func:`_isolate_runs`).
    """
    spans = _addresses(text) if "." in text or "://" in text else []
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
        >>> localize_page("<body><p>-43.5 in 1398-1402</p></body>")
        '<body><p><bdi dir="ltr">-۴۳٫۵</bdi> <bdi>in</bdi> <bdi>۱۳۹۸</bdi>-<bdi>۱۴۰۲</bdi></p></body>'
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
#: The characters of one subset for a whole batch: printable ASCII, the Persian alphabet with
#: its Arabic variants, marks, digits and punctuation, and the typography pages use. A page
#: whose text stays within them (every page of the suite) embeds the same subset, made once
#: per process and kept on disk (:data:`CACHE_ENV`), not once per page: subsetting took
#: about 0.8 s a page, the superset costs some 7 KB more than a page's own characters.
BATCH_CHARACTERS = "".join(
    sorted(
        set(map(chr, range(32, 127)))
        | set("آابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیئءأؤإةيكۀ")
        | set("ًٌٍَُِّْٔ\u200c\u200d\u200e\u200f\u00a0")
        | set("«»–—‘’“”…·•×−")
        | set(_ALWAYS)
    )
)
#: Where font subsets are kept between processes: this variable's folder, else
#: ``$XDG_CACHE_HOME/smeanalysis/fonts`` (``~/.cache/...``); an unwritable folder is skipped.
CACHE_ENV = "SMEANALYSIS_CACHE"


def _cache_dir() -> Path:
    root = os.environ.get(CACHE_ENV)
    if root:
        return Path(root) / "fonts"
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "smeanalysis" / "fonts"


@lru_cache(maxsize=64)
def _subset_woff2(path: Path, characters: str) -> bytes:
    """The WOFF2 subset of one font: from this process, the disk cache, or fontTools."""
    from fontTools import version as fonttools_version

    digest = hashlib.sha256()
    for part in (path.read_bytes(), characters.encode("utf-8"), fonttools_version.encode()):
        digest.update(hashlib.sha256(part).digest())
    cached = _cache_dir() / f"{path.stem}-{digest.hexdigest()[:24]}.woff2"
    try:
        return cached.read_bytes()
    except OSError:
        pass
    data = _make_subset(path, characters)
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        temporary = cached.with_name(f"{cached.name}.{os.getpid()}.tmp")
        temporary.write_bytes(data)
        temporary.replace(cached)  # whole or absent: another worker may write it too
    except OSError:
        pass  # a read-only home: made again by the next process
    return data


def _make_subset(path: Path, characters: str) -> bytes:
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

    The subset holds :data:`BATCH_CHARACTERS` and any other of ``characters``, so pages
    within the batch set share one subset (made once, see :data:`BATCH_CHARACTERS`).

    Example:
        >>> css = font_face_css("سلام")
        >>> css.count("@font-face"), "url(data:font/woff2;base64," in css
        (2, True)
        >>> css == font_face_css("سلام دنیا")  # the same batch subset
        True
    """
    chars = "".join(sorted(set("".join(characters)) | set(BATCH_CHARACTERS)))
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


# --------------------------------------------------------------------------------------
# A source's period label in Persian

_MONTH_ABBREVIATIONS = {month[:3]: n for n, month in enumerate(_MONTHS_EN, start=1)}
_GREGORIAN_MONTH_NAME = "|".join([*_MONTHS_EN, "Sept", *_MONTH_ABBREVIATIONS])
# "Mar 21", "Mar 21, 2019", "March 2019", "Mar" followed by a day or year: a Gregorian date.
_US_DATE = re.compile(
    rf"\b(?P<month>{_GREGORIAN_MONTH_NAME})\b\.?(?: (?P<day>\d{{1,2}})\b)?"
    r"(?:,? (?P<year>(?:19|20)\d\d)\b)?"
    # "Mar 2019-20" (a Gregorian year to the next), or "Feb 1-11, 2022" (days of one month).
    r"(?:-(?P<to>\d\d)\b(?![-/])(?:,? (?P<year2>(?:19|20)\d\d)\b)?)?"
)
# "March–November 2025", "Aug 2013-May 2017": Gregorian months from one to another.
_MONTH_RANGE = re.compile(
    rf"\b(?P<a>{_GREGORIAN_MONTH_NAME})\b\.?(?: (?P<ya>(?:19|20)\d\d))?\s*[–-]\s*"
    rf"(?P<b>{_GREGORIAN_MONTH_NAME})\b\.?(?: (?P<db>\d{{1,2}}),?)? (?P<yb>(?:19|20)\d\d)\b"
)
_GREGORIAN_YEAR = re.compile(r"(?<![\d/])(?<!\d-)\b(?:19|20)\d\d\b(?![\d/-])")
_VIA_CUSTOMS = re.compile(r"^via (.+?)(?: province)? customs$")
_JALALI_YEAR = re.compile(r"\b(1[34]\d\d)\b")
_JALALI_ISO_MONTH = re.compile(r"\b(1[34]\d\d)-(0[1-9]|1[0-2])\b(?!-)")
#: A label's leading Iranian year and the span it states, in the Persian press's order.
_HEAD_FA = (
    (re.compile(r"^(1[34]\d\d) first (\d+(?:\.\d+)?) months\b"), r"\2 ماهه نخست \1"),
    (re.compile(r"^(1[34]\d\d) first (\d+) days\b"), r"\2 روز نخست \1"),
    (re.compile(r"^(1[34]\d\d) first half\b"), r"نیمه نخست \1"),
    (re.compile(r"^(1[34]\d\d) first quarter\b"), r"سه ماهه نخست \1"),
    (re.compile(r"^(1[34]\d\d) month (\d+)\b"), r"ماه \2 سال \1"),
    (re.compile(r"^(1[34]\d\d) year-to-date\b"), r"از آغاز \1 تا کنون"),
    (re.compile(r"^(1[34]\d\d) target\b"), r"هدف \1"),
    (re.compile(r"^(1[34]\d\d) projection\b"), r"پیش‌بینی \1"),
    (re.compile(r"^(1[34]\d\d) expected by year-end\b"), r"پیش‌بینی پایان \1"),
    (re.compile(r"^(1[34]\d\d)(?=$|[ ,(])"), r"سال \1"),
)
#: The words period labels are written with (longest first), in Persian.
PERIOD_WORDS_FA = {
    "year-to-date": "از آغاز سال تا کنون",
    "same period of previous year": "دوره مشابه سال گذشته",
    "corresponding period of preceding year": "دوره مشابه سال گذشته",
    "same time preceding year": "دوره مشابه سال گذشته",
    "same period last year": "دوره مشابه سال گذشته",
    "same timeframe last year": "دوره مشابه سال گذشته",
    "since start of year": "از آغاز سال",
    "to publication": "تا زمان انتشار",
    "the past two months": "دو ماه گذشته",
    "year before last": "دو سال پیش",
    "last Iranian year": "سال گذشته",
    "past Iranian year": "سال گذشته",
    "preceding Iranian year": "سال گذشته",
    "preceding year": "سال گذشته",
    "last fiscal year": "سال مالی گذشته",
    "past fiscal year": "سال مالی گذشته",
    "fiscal year": "سال مالی",
    "fiscal": "سال مالی",
    "calendar year to": "سال منتهی به",
    "calendar year ending": "سال منتهی به",
    "one-year period to": "دوره یک‌ساله منتهی به",
    "year ended": "سال منتهی به",
    "year ending": "سال منتهی به",
    "year began": "آغاز سال",
    "months ending": "ماه منتهی به",
    "five months to": "پنج ماه منتهی به",
    "nine months to": "نه ماه منتهی به",
    "ending": "منتهی به",
    "as printed": "به نوشته منبع",
    "as cited": "به نقل منبع",
    "as worded": "به عبارت منبع",
    "article gloss": "برگردان مقاله",
    "headline figure": "رقم تیتر خبر",
    "value from headline": "رقم از تیتر خبر",
    "from headline": "از تیتر خبر",
    "estimated": "برآوردی",
    "estimate": "برآورد",
    "approximate": "تقریبی",
    "published": "منتشرشده در",
    "late": "اواخر",
    "early": "اوایل",
    "current": "جاری",
    "from": "از",
    "raised from": "افزایش از",
    "article misprints": "خطای چاپی مقاله:",
    "operational": "در حال بهره‌برداری",
    "operators": "بهره‌برداران",
    "new government": "دولت جدید",
    "Rouhani government": "دولت روحانی",
    "13th government": "دولت سیزدهم",
    "13th administration": "دولت سیزدهم",
    "as of end of": "تا پایان",
    "by end of": "تا پایان",
    "to end of": "تا پایان",
    "end of": "پایان",
    "as of": "تا",
    "as stated": "به گفته منبع",
    "date not in excerpt": "تاریخ در متن نیامده",
    "date not on page": "تاریخ در صفحه نیامده",
    "date not stated": "تاریخ ذکر نشده",
    "year not stated in excerpt": "سال در متن ذکر نشده",
    "year not stated on page": "سال در صفحه ذکر نشده",
    "year not named on page": "سال در صفحه ذکر نشده",
    "years not on page": "سال‌ها در صفحه ذکر نشده",
    "year not on page": "سال در صفحه ذکر نشده",
    "not named on page": "سال در صفحه ذکر نشده",
    "current Iranian year": "سال جاری",
    "current year": "سال جاری",
    "previous Iranian year": "سال گذشته",
    "previous year": "سال گذشته",
    "past year": "سال گذشته",
    "last year": "سال گذشته",
    "past two years": "دو سال گذشته",
    "full year": "کل سال",
    "first half": "نیمه نخست",
    "first quarter": "سه ماهه نخست",
    "same period": "همان دوره",
    "same timeframe": "همان بازه",
    "to date": "تا کنون",
    "export year ended": "سال صادراتی منتهی به",
    "year to": "سال منتهی به",
    "year started": "آغاز سال",
    "ended": "منتهی به",
    "since": "از",
    "until": "تا",
    "through": "تا",
    "to": "تا",
    "by": "تا",
    "cumulative": "انباشته",
    "in operation": "در حال بهره‌برداری",
    "operating": "در حال بهره‌برداری",
    "approved": "مصوب",
    "underway": "در دست اجرا",
    "plan": "برنامه",
    "target": "هدف",
    "revised": "بازنگری‌شده",
    "annual": "سالانه",
    "announced": "اعلام‌شده",
    "current government": "دولت کنونی",
    "spring": "بهار",
    "summer": "تابستان",
    "for": "برای",
    "and": "و",
    "mid-": "میانه ",
    "FY": "سال مالی",
    "H1": "نیمه نخست",
    "H2": "نیمه دوم",
    "Q1": "سه ماهه نخست",
    "month": "ماه",
    "months": "ماه",
    "days": "روز",
}
_FIRST_MONTHS = re.compile(r"\bfirst (\d+(?:\.\d+)?) months\b")
_PERIOD_WORDS = re.compile(
    r"\b(?:"
    + "|".join(
        re.escape(w) + ("" if w.endswith("-") else r"\b")
        for w in sorted(PERIOD_WORDS_FA, key=len, reverse=True)
    )
    + ")"
)


def _month_range_fa(match: re.Match[str]) -> str:
    """Gregorian months from one to another as the Jalali months they run over."""
    a = _MONTH_ABBREVIATIONS[match.group("a")[:3]]
    b = _MONTH_ABBREVIATIONS[match.group("b")[:3]]
    yb = int(match.group("yb"))
    ya = int(match.group("ya") or (yb if a <= b else yb - 1))
    y0, m0, _ = _jalali_of(f"{ya}-{a:02d}-01")
    day = match.group("db")
    y1, m1, d1 = _jalali_of(f"{yb}-{b:02d}-{int(day) if day else 28:02d}")
    first, last = calendar.MONTHS_FA[m0 - 1], calendar.MONTHS_FA[m1 - 1]
    last = f"{d1} {last}" if day else last  # "Mar-Dec 21, 2021": to a day
    return f"{first} تا {last} {y1}" if y0 == y1 else f"{first} {y0} تا {last} {y1}"


def _gregorian_date_fa(match: re.Match[str], text: str, jalali_year: int | None) -> str:
    """One Gregorian date of a label ("Mar 21", "Oct 7, 2019", "March 2019") as Jalali.

    A date without its year is in the label's Iranian year (March to December in its first
    Gregorian year), else in the next Gregorian year the label names.
    """
    name = match.group("month")
    month = _MONTH_ABBREVIATIONS[name[:3]]
    day, year, to = match.group("day"), match.group("year"), match.group("to")
    if day is None and year is None:
        return name  # a word ("May" as a verb, a name), not a date
    if day is not None and to is not None and year is None:
        # Days of one month ("Feb 1-11, 2022"): from the first day to the last, in Jalali.
        year = match.group("year2") or (
            str(jalali_year + (621 if month >= 3 else 622)) if jalali_year else None
        )
        if year is None:
            return match.group(0)
        _y0, m0, d0 = _jalali_of(f"{year}-{month:02d}-{int(day):02d}")
        y1, m1, d1 = _jalali_of(f"{year}-{month:02d}-{int(to):02d}")
        first = f"{d0} {calendar.MONTHS_FA[m0 - 1]}" if m0 != m1 else str(d0)
        shown_year = "" if y1 == jalali_year else f" {y1}"
        return f"{first} تا {d1} {calendar.MONTHS_FA[m1 - 1]}{shown_year}"
    if year is None:
        later = re.search(r"\b(?:19|20)\d\d\b", text[match.end() :])
        if jalali_year is not None:
            year = str(jalali_year + (621 if month >= 3 else 622))
        elif later:
            year = later.group(0)
        else:
            return match.group(0)
    if day is not None:
        y, m, d = _jalali_of(f"{year}-{month:02d}-{int(day):02d}")
        return f"{d} {calendar.MONTHS_FA[m - 1]}" + ("" if y == jalali_year else f" {y}")
    first = re.match(r"(\w+) (\d+)", f"{_MONTHS_EN[month - 1]} {year}")
    if to is None:
        return _gregorian_month_fa(first)
    if jalali_year is not None and int(year) == jalali_year + 621:
        return f"سال {jalali_year}"  # "Mar 2019-20" is the Iranian year 1398
    last = re.match(r"(\w+) (\d+)", f"{_MONTHS_EN[month - 1]} {year[:2]}{to}")
    return f"{_gregorian_month_fa(first)} تا {_gregorian_month_fa(last)}"


def period_label(label: str, notes: Callable[[str], str | None] | None = None) -> str:
    """A source's period label in Persian: Jalali dates, the Persian press's wording.

    The leading Iranian year and span in the press's order (``1398 first 9 months`` is
    ``۹ ماهه نخست ۱۳۹۸``), Gregorian glosses as Jalali days (``Mar 21-Dec 21, 2019`` is
    ``۱ فروردین–۳۰ آذر``; the label's own year is not repeated), Gregorian months as the
    Jalali months they span, the words of :data:`PERIOD_WORDS_FA` in Persian, figures in
    Persian (:func:`persian_figures`). A note that is not about the period (``via Qom
    customs``) is looked up with ``notes`` (the catalog) and kept as written otherwise
    (:func:`untranslated_notes` names those).

    Example:
        >>> period_label("1398 first 9 months (Mar 21-Dec 21, 2019)")
        '۹ ماهه نخست ۱۳۹۸ (۱ فروردین تا ۳۰ آذر)'
        >>> period_label("as of 2024-12"), period_label("since Aug 2021 (current government)")
        ('تا آذر–دی ۱۴۰۳', 'از مرداد–شهریور ۱۴۰۰ (دولت کنونی)')
        >>> period_label("as stated (date not on page)"), period_label("end of Shahrivar 1398")
        ('به گفته منبع (تاریخ در صفحه نیامده)', 'پایان شهریور ۱۳۹۸')
        >>> period_label("1400 (Feb 1-11, 2022)")
        'سال ۱۴۰۰ (۱۲ تا ۲۲ بهمن)'
    """
    return _period_label(label, notes)[0]


def untranslated_notes(
    label: str, notes: Callable[[str], str | None] | None = None
) -> tuple[str, ...]:
    """The notes of a period label that :func:`period_label` keeps as the source wrote them.

    A note is a part of the label between brackets, commas or semicolons that is not about
    the period; it is kept in English when ``notes`` (the catalog) has no entry for it.
    Agencies' and outlets' acronyms (``ISIPO``, ``NPC``) and names ``notes`` gives as
    themselves are not notes to translate. The catalog records the others as untranslated.

    Example:
        >>> untranslated_notes("1398 (Mar 21-Dec 21, 2019), via Qom customs")
        ('via Qom customs',)
        >>> untranslated_notes("1402 (ISIPO)"), untranslated_notes("as of 2024-12")
        ((), ())
    """
    return _period_label(label, notes)[1]


# Agencies' acronyms (ISIPO, NPC, IRICA): quoted as the agency is known, like outlets' names.
_ACRONYM = re.compile(r"\b[A-Z][A-Z0-9&]*[A-Z](?:s\b)?")
# The parts of a label: brackets, commas and semicolons; a dash between dates, never the
# hyphen of a word ("one-year", "semi-stagnant").
_LABEL_PARTS = re.compile(r"(\s*[(),;\[\]]\s*|–|(?<![A-Za-z])-(?=[^\d]))")


@lru_cache(maxsize=4096)
def _period_label(
    label: str, notes: Callable[[str], str | None] | None
) -> tuple[str, tuple[str, ...]]:
    """:func:`period_label` and the notes it kept as written."""
    text = " ".join(label.split())
    # "calendar 2018", "calendar H1 2019": the Gregorian year says it (میلادی).
    text = re.sub(r"^calendar (?!year)", "", text)
    found = _JALALI_YEAR.search(text)
    jalali_year = int(found.group(1)) if found else None
    text = _MONTH_RANGE.sub(_month_range_fa, text)
    text = _US_DATE.sub(lambda m: _gregorian_date_fa(m, label, jalali_year), text)
    # Day to day: "۱ فروردین-۳۰ آذر", "۳۰ اسفند ۱۳۹۵-۱ اسفند".
    text = re.sub(
        r"(?:(?<=[\u0600-\u06ff])|(?<=[\u0600-\u06ff] 1[34]\d\d))\s*[–-]\s*(?=\d)", " تا ", text
    )
    text = _GREGORIAN_YEAR.sub(lambda m: f"{m.group(0)} میلادی", text)
    text = _JALALI_ISO_MONTH.sub(lambda m: f"{calendar.MONTHS_FA[int(m[2]) - 1]} {m[1]}", text)
    for pattern, persian in _HEAD_FA:
        text, done = pattern.subn(persian, text, count=1)
        if done:
            break
    text = _FIRST_MONTHS.sub(r"\1 ماهه نخست", text)
    if notes is not None:
        # A note in brackets that is an entry as a whole ("parks, zones and ... zones").
        text = re.sub(r"(?<=\()[^()]*(?=\))", lambda m: notes(m.group(0)) or m.group(0), text)
    parts = _LABEL_PARTS.split(text)
    out, kept = [], []
    for n, part in enumerate(parts):
        if n % 2 or not re.search(r"[A-Za-z]{2}", part):
            out.append(part)
            continue
        note = part.strip()
        looked_up = notes(note) if notes is not None else None
        via = _VIA_CUSTOMS.match(note)
        if looked_up is None and via and notes is not None and notes(via.group(1)):
            looked_up = f"از گمرکات {notes(via.group(1))}"
        if looked_up is None:
            words = _PERIOD_WORDS.sub(lambda m: PERIOD_WORDS_FA[m.group(0)], note)
            # Period words only: a note about something else stays as the source wrote it.
            left = re.sub(rf"\b(?:{'|'.join(calendar.MONTHS_EN)})\b", "", words)
            looked_up = words
            if re.search(r"[A-Za-z]{2}", _ACRONYM.sub("", left)):
                looked_up = note
                kept.append(note)
        out.append(part.replace(note, looked_up))
    return persian_figures("".join(out)).replace(";", "؛"), tuple(kept)

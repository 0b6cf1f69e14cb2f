"""Numbers, magnitude words and currencies as Iranian and international sources write them.

News pages and official statements give amounts as ``$1.6 billion``, ``€1.3 bn``,
``35 trillion rials``, ``۱۲۹ هزار میلیارد ریال`` (129 thousand billion rials), ``49 hemat``
or ``120 هزار میلیارد تومان``. This module reads them into a value in base units and a
canonical currency:

- digits: Persian (۰-۹) and Arabic-Indic (٠-٩) digits, the Arabic thousands separator (٬) and
  decimal separator (٫), the Arabic comma (،) between digits as a thousands separator, and
  a slash between Persian digits as a decimal separator (``۲/۵``);
- magnitudes: thousand / k, million / m / mn, billion / bn, trillion / tn, هزار, میلیون,
  میلیارد, تریلیون; consecutive words multiply in ascending order, so
  ``هزار میلیارد`` is 10^3 x 10^9 = 10^12;
- ``hemat`` / ``همت`` (هزار میلیارد تومان, a thousand billion tomans) is 10^13 rials;
- currencies: rial, toman, usd, eur. The rial is canonical: a toman is 10 rials, always;
- the minus sign or the word ``منفی`` (``منفی ۲ میلیارد دلار``);
- Persian number words up to the trillions, in Persian or Arabic letters (``یک``..``نه``,
  ``ده``..``نوزده``, ``بیست``..``نود``, ``صد``/``یکصد``, ``دویست``..``نهصد``, ``پونصد``),
  mixed freely with digits;
- compound amounts joined by ``و``, as the Persian press writes them: parts go from large
  to small (``۱ میلیون و ۵۰۰ هزار``, ``سیصد و بیست و پنج``), and a magnitude multiplies the
  number before it together with the smaller parts joined to it, so ``۲ هزار و ۵۰۰ میلیارد``
  is 2,500 x 10^9 while ``۱ میلیون و ۵۰۰ هزار`` is 10^6 + 500 x 10^3. ``هزار`` and ``صد``
  alone mean one of them (``هزار و صد`` is 1,100);
- magnitude words written together or with a zero-width non-joiner (``هزارمیلیارد``,
  ``۱۲۹هزار``, ``سیصدهزار``, ``هزار‌میلیارد``), split only when there is one way to do it.

Anything else is refused with what was found and what was expected there, never guessed:
``دو سه`` (two numbers in a row), ``پنج و بیست`` (a larger part after و), ``هزار هزار``.

Values are computed with :class:`decimal.Decimal` and rounded to a float once, so
``129 هزار میلیارد`` gives exactly ``1.29e14`` (not ``128999999999999.98``).

No exchange rate lives in this package: Iran has several official and market rates at once,
so :func:`convert` only converts with a rate the caller gives (toman and rial excepted).
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from smeanalysis.errors import ParameterError, Problem, SmeAnalysisError

__all__ = [
    "CURRENCIES",
    "CURRENCY_SIGNS",
    "MAGNITUDE_WORDS",
    "MAX_DECIMALS",
    "QUALIFIERS",
    "UNITS",
    "UNIT_NOUNS",
    "Amount",
    "AmountParts",
    "amount_parts",
    "canonical_currency",
    "convert",
    "format_amount",
    "format_number",
    "normalize_digits",
    "parse_amount",
    "parse_amounts",
    "parse_number",
    "parse_statement_amount",
]

#: Currencies the parser recognises. Parsed amounts are never in tomans: they become rials.
CURRENCIES: tuple[str, ...] = ("rial", "toman", "usd", "eur")

#: Units of the fact base's ``unit`` column.
UNITS: tuple[str, ...] = ("usd", "eur", "rial", "count", "percent", "hectare", "person", "tonne")

#: Rials in one toman: the only fixed conversion factor in the package.
RIALS_PER_TOMAN = 10

# ---------------------------------------------------------------------------------------------
# Digits

_DIGIT_TABLE = str.maketrans(
    {
        **{chr(0x06F0 + d): str(d) for d in range(10)},  # Extended Arabic-Indic (Persian)
        **{chr(0x0660 + d): str(d) for d in range(10)},  # Arabic-Indic
        "\u066c": ",",  # ARABIC THOUSANDS SEPARATOR
        "\u066b": ".",  # ARABIC DECIMAL SEPARATOR
        "\u064a": "\u06cc",  # ARABIC YEH -> FARSI YEH: one spelling of ریال, میلیارد, ...
        "\u0649": "\u06cc",  # ALEF MAKSURA -> FARSI YEH
        "\u0643": "\u06a9",  # ARABIC KAF -> KEHEH
        "\u2212": "-",  # MINUS SIGN
    }
)
# The Arabic comma is a thousands separator only between digits; elsewhere it is punctuation.
_ARABIC_COMMA_IN_NUMBER = re.compile(r"(?<=\d)\u060c(?=\d)")


def normalize_digits(text: str) -> str:
    """Turn Persian and Arabic-Indic digits and separators into ASCII; fold Arabic letters.

    Persian (۰-۹) and Arabic-Indic (٠-٩) digits become 0-9, the Arabic thousands separator
    (٬) and an Arabic comma (،) between digits become ``,``, the Arabic decimal separator
    (٫) becomes ``.``, the minus sign (−) ``-``; Arabic ي/ى and ك become Persian ی and ک so
    that words compare equal. The zero-width non-joiner (ZWNJ) is kept: it is part of
    Persian spelling (``می‌شود``). The function is idempotent.

    Example:
        >>> normalize_digits("۱٬۲۳۴٫۵ ميليارد")
        '1,234.5 میلیارد'
    """
    if not isinstance(text, str):
        raise _raise_one(_Unreadable(f"{type(text).__name__} {text!r}", "text"))
    return _ARABIC_COMMA_IN_NUMBER.sub(",", text.translate(_DIGIT_TABLE))


# Persian typography often writes the decimal separator as a slash ("۲/۵ میلیارد دلار").
# Only a slash between Persian or Arabic-Indic digits is read so; "1/5" stays a slash, and
# a date ("۱۴۰۱/۰۲/۰۳") becomes "1401.02.03", which no number pattern accepts.
_PERSIAN_DECIMAL_SLASH = re.compile(r"(?<=[۰-۹٠-٩])/(?=[۰-۹٠-٩])")


def _persian_slash(text: str) -> str:
    return _PERSIAN_DECIMAL_SLASH.sub("\u066b", text)


# A number as written after normalize_digits: thousands separators in groups of three.
_NUMBER = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|[+-]?\.\d+")
_NUMBER_EXPECTED = "a number such as '129', '1,234.5', '۱٬۲۳۴٫۵' or '1.6'"


class _Unreadable(Exception):
    """Internal: what was found and what was expected (wrapped in a Problem by callers)."""

    def __init__(self, found: str, expected: str):
        super().__init__(found, expected)
        self.found = found
        self.expected = expected


def _decimal(text: str) -> Decimal:
    """The exact decimal of a number string (already digit-normalised), or _Unreadable."""
    stripped = text.strip()
    if not _NUMBER.fullmatch(stripped):
        raise _Unreadable(repr(text), _NUMBER_EXPECTED)
    return Decimal(stripped.replace(",", ""))


def _finite(value: Decimal, text: str) -> float:
    """Round to float once; a number too large for a float is an error, not infinity."""
    result = float(value)
    if not math.isfinite(result):
        raise _Unreadable(repr(text), "a number within the range of a float")
    return result


def _raise_one(unreadable: _Unreadable) -> SmeAnalysisError:
    return SmeAnalysisError([Problem(None, None, None, unreadable.found, unreadable.expected)])


def parse_number(text: str | float) -> float:
    """Read one number written with ASCII, Persian or Arabic digits and separators.

    Thousands separators must group three digits (``1,234``); a lone ``1,5`` is refused
    rather than guessed. A slash between Persian digits is a decimal separator (``۲/۵`` is
    2.5), as in Persian typography; a date such as ``۱۴۰۱/۰۲/۰۳`` is refused. Numbers
    (int, float) pass through as floats.

    Raises:
        SmeAnalysisError: When ``text`` is not a number; it names what was found.

    Example:
        >>> parse_number("۱۲۹"), parse_number("1,234.5"), parse_number("۱٬۲۳۴٫۵")
        (129.0, 1234.5, 1234.5)
    """
    if isinstance(text, (int, float)) and not isinstance(text, bool):
        if math.isfinite(text):
            return float(text)
        raise _raise_one(_Unreadable(repr(text), "a finite number"))
    if not isinstance(text, str):
        raise _raise_one(_Unreadable(f"{type(text).__name__} {text!r}", "text"))
    try:
        return _finite(_decimal(normalize_digits(_persian_slash(text))), text)
    except _Unreadable as unreadable:
        raise _raise_one(_Unreadable(repr(text), unreadable.expected)) from None


# ---------------------------------------------------------------------------------------------
# Words

# Powers of ten. Words in one amount multiply in ascending order ("هزار میلیارد" = 10^12).
_MAGNITUDES: dict[str, int] = {
    **dict.fromkeys(("hundred", "صد"), 2),
    **dict.fromkeys(("thousand", "thousands", "k", "هزار"), 3),
    **dict.fromkeys(("million", "millions", "m", "mn", "mln", "میلیون"), 6),
    **dict.fromkeys(("billion", "billions", "b", "bn", "bln", "میلیارد"), 9),
    **dict.fromkeys(("trillion", "trillions", "tn", "trn", "تریلیون"), 12),
}
# Hemat (همت, short for هزار میلیارد تومان) is a magnitude and a currency at once.
_HEMAT_WORDS = frozenset(("hemat", "hamat", "همت"))
_HEMAT_RIALS = 10**13

# Currency phrases as token tuples; the longest match wins.
_CURRENCY_PHRASES: dict[tuple[str, ...], str] = {
    **dict.fromkeys([("rial",), ("rials",), ("irr",), ("rls",), ("ریال",)], "rial"),
    **dict.fromkeys([("toman",), ("tomans",), ("irt",), ("تومان",)], "toman"),
    **dict.fromkeys(
        [
            ("$",),
            ("us", "$"),
            ("usd",),
            ("dollar",),
            ("dollars",),
            ("us", "dollar"),
            ("us", "dollars"),
            ("دلار",),
            ("دلار", "امریکا"),
            ("دلار", "آمریکا"),
        ],
        "usd",
    ),
    **dict.fromkeys([("€",), ("eur",), ("euro",), ("euros",), ("یورو",)], "eur"),
}
# Currencies written before the number ("$1.6 billion", "USD 2 million", "IRR 35 trillion").
_PREFIX_PHRASES = {
    p: c
    for p, c in _CURRENCY_PHRASES.items()
    if p[0] in ("$", "us", "usd", "€", "eur", "irr", "rls")
}

#: Hedge words, as token phrases, and the canonical English qualifier each is reported as.
QUALIFIERS: dict[str, str] = {
    "more than": "more than",
    "over": "over",
    "just over": "just over",
    "above": "over",
    "in excess of": "more than",
    "upwards of": "more than",
    "at least": "at least",
    "exceeding": "more than",
    "nearly": "nearly",
    "almost": "nearly",
    "close to": "nearly",
    "about": "about",
    "around": "around",
    "some": "some",
    "roughly": "about",
    "approximately": "approximately",
    "approx": "approximately",
    "approx.": "approximately",
    "circa": "about",
    "~": "about",
    "≈": "about",
    "less than": "less than",
    "fewer than": "less than",
    "under": "less than",
    "below": "less than",
    "up to": "up to",
    "at most": "up to",
    "بیش از": "more than",
    "بیشتر از": "more than",
    "افزون بر": "more than",
    "حدود": "about",
    "حدودا": "about",
    "در حدود": "about",
    "تقریبا": "approximately",
    "نزدیک به": "nearly",
    "نزدیک": "nearly",
    "قریب به": "nearly",
    "کمتر از": "less than",
    "کم تر از": "less than",
    "تا": "up to",
}

_TOKEN = re.compile(r"\d[\d,]*(?:\.\d+)?|\.\d+|[^\W\d_]+|\S")


def _tokens(text: str) -> list[str]:
    """Lower-cased tokens: numbers, words (any script), and single symbols."""
    text = normalize_digits(_persian_slash(text)).replace("\u200c", " ")  # ZWNJ splits words
    text = "".join(
        ch for ch in unicodedata.normalize("NFC", text) if not 0x064B <= ord(ch) <= 0x065F
    )  # Arabic vowel marks (تقریباً) carry no meaning for matching
    return _TOKEN.findall(text.casefold())


_QUALIFIER_PHRASES = {tuple(_tokens(k)): v for k, v in QUALIFIERS.items()}


def _match(tokens: list[str], at: int, phrases: dict[tuple[str, ...], str]) -> tuple[int, Any]:
    """The longest phrase starting at ``at``: (length, value), or (0, None)."""
    best: tuple[int, Any] = (0, None)
    for phrase, value in phrases.items():
        n = len(phrase)
        if n > best[0] and tuple(tokens[at : at + n]) == phrase:
            best = (n, value)
    return best


@dataclass(frozen=True)
class Amount:
    """An amount read from a statement: value in base units, canonical currency, hedge word.

    ``currency`` is ``rial``, ``usd``, ``eur`` or None (a plain count); tomans are already
    converted to rials. ``qualifier`` is the canonical English hedge ("more than", "about",
    see :data:`QUALIFIERS`) or None when the figure was stated flat.

    Example:
        >>> Amount(1.6e9, "usd", "more than").value
        1600000000.0
    """

    value: float
    currency: str | None
    qualifier: str | None = None


_WORDS_EXPECTED = (
    "a magnitude (thousand, million, billion, trillion, k, m, bn, tn, هزار, میلیون, "
    "میلیارد), و before a smaller part, hemat/همت, or a currency (rial, toman, $, USD, €, "
    "EUR, ریال, تومان, دلار, یورو)"
)

# Persian number words (after normalize_digits, so Arabic ي/ك spellings match too) and their
# kind: the kind says what may follow with و (see _ROOM) and whether صد may multiply it.
_NUMBER_WORDS: dict[str, tuple[int, str]] = {
    "صفر": (0, "unit"),
    **{w: (v, "unit") for v, w in enumerate("یک دو سه چهار پنج شش هفت هشت نه".split(), 1)},
    **{
        w: (v, "teen")
        for v, words in enumerate(
            (
                "ده",
                "یازده",
                "دوازده",
                "سیزده",
                "چهارده",
                "پانزده پونزده",
                "شانزده شونزده",
                "هفده هیفده",
                "هجده هیجده",
                "نوزده",
            ),
            10,
        )
        for w in words.split()
    },
    **{
        w: (10 * v, "ten") for v, w in enumerate("بیست سی چهل پنجاه شصت هفتاد هشتاد نود".split(), 2)
    },
    **{
        w: (100 * v, "hundred")
        for v, words in enumerate(
            (
                "یکصد",
                "دویست",
                "سیصد",
                "چهارصد",
                "پانصد پونصد",
                "ششصد",
                "هفتصد",
                "هشتصد",
                "نهصد",
            ),
            1,
        )
        for w in words.split()
    },
}
# A part of a compound may be followed, after و, only by a part smaller than its room:
# سیصد و بیست و پنج (300, then below 100, then below 10), ۱ میلیون و ۵۰۰ هزار (below 10^6).
_ROOM = {"unit": 1, "teen": 1, "ten": 10, "hundred": 100, "digits": 1}
# Magnitude words that stand for one of themselves at the start of a part (هزار = یک هزار).
_IMPLICIT_ONE = frozenset(("هزار", "صد"))
_AND = "و"
# A percentage is not an amount: Amount.currency holds currencies only.
_PERCENT_WORDS = frozenset(("%", "٪", "percent", "pct", "درصد"))
_PERCENT_EXPECTED = (
    "a currency or the end: a percentage is not an amount (parse_amount('منفی ۳') reads "
    "the number; the unit 'percent' is the caller's)"
)
_MINUS_WORDS = frozenset(("منفی",))

# Glued spellings ("هزارمیلیارد", "سیصدهزار", "میلیاردریال"): a word is split when it is
# exactly one way an optional number word, one or more of these magnitudes and an optional
# currency word. A word the parser already knows is never split.
_GLUE_MAGNITUDES = ("هزار", "میلیون", "میلیارد", "تریلیون")
_GLUE_CURRENCIES = ("ریال", "تومان", "دلار", "یورو", "همت")
_PERSIAN_WORD = re.compile(r"[\u0620-\u064a\u066e-\u06d3\u06fa-\u06ff]+")


def _glued(word: str) -> list[list[str]]:
    """Every way to read ``word`` as [number word] magnitude+ [currency] written together."""
    readings = []
    for prefix in ("", *_NUMBER_WORDS):
        if not word.startswith(prefix):
            continue
        rest, pieces = word[len(prefix) :], [prefix] if prefix else []
        while rest:
            magnitude = next((m for m in _GLUE_MAGNITUDES if rest.startswith(m)), None)
            if magnitude is None:
                break
            pieces.append(magnitude)
            rest = rest[len(magnitude) :]
        if len(pieces) > bool(prefix) and (rest == "" or rest in _GLUE_CURRENCIES):
            readings.append(pieces + ([rest] if rest else []))
    return readings


_KNOWN_WORDS = frozenset(
    {*_NUMBER_WORDS, *_MAGNITUDES, *_HEMAT_WORDS, _AND, *_MINUS_WORDS, *_PERCENT_WORDS}
    | {w for phrase in (*_CURRENCY_PHRASES, *_QUALIFIER_PHRASES) for w in phrase}
)


def _split_glued(tokens: list[str]) -> list[str]:
    out: list[str] = []
    for token in tokens:
        known = token in _KNOWN_WORDS or not _PERSIAN_WORD.fullmatch(token)
        readings = [] if known else _glued(token)
        out.extend(readings[0] if len(readings) == 1 else [token])
    return out


@dataclass
class _Part:
    """One part of a compound amount: its value, what may follow it with و, its kind."""

    value: Decimal
    room: Decimal
    kind: str


def _quantity(
    tokens: list[str], at: int, unreadable: Any, first_expected: str
) -> tuple[Decimal, bool, bool, int]:
    """Read ``part (و part)*`` from ``at``: (value, any magnitude, hemat, next position).

    A part is a number (digits or a Persian number word) followed by magnitude words in
    ascending order. A magnitude multiplies the number before it together with the parts
    before that (joined by و) that are smaller than it, so ``۲ هزار و ۵۰۰ میلیارد`` is
    2,500 x 10^9 while ``۱ میلیون و ۵۰۰ هزار`` is 10^6 + 500 x 10^3. Parts joined by و
    go from large to small; anything else is refused, never guessed.
    """
    parts: list[_Part] = []
    state, last_power, chain = "start", 0, 0
    scaled = hemat = False
    while at < len(tokens):
        token = tokens[at]
        if state in ("start", "and"):
            if token in _IMPLICIT_ONE:  # هزار و صد = یک هزار و یک صد
                value, kind, step = Decimal(1), "unit", 0
            elif token in _NUMBER_WORDS:
                number, kind = _NUMBER_WORDS[token]
                value, step = Decimal(number), 1
            elif token[0].isdigit() or token[0] == ".":
                try:
                    value, kind, step = _decimal(token), "digits", 1
                except _Unreadable as bad:
                    raise unreadable(at, bad.expected) from None
            elif state == "start":
                raise unreadable(at, first_expected)
            else:
                raise unreadable(at, "a number after 'و' (۱ میلیون و ۵۰۰ هزار)")
            if state == "and" and value >= parts[-1].room:
                raise unreadable(at, _smaller(parts[-1]))
            room = _ROOM[kind] if value == value.to_integral_value() else 0
            parts.append(_Part(value, Decimal(room), kind))
            state, chain, at = "number", 0, at + step
        elif token in _MAGNITUDES:
            power = _MAGNITUDES[token]
            if state == "hemat":
                raise unreadable(at, "nothing after hemat (it already means 10^13 rials)")
            if state == "magnitude" and power <= last_power:
                raise unreadable(at, "magnitude words in ascending order (هزار میلیارد)")
            start = len(parts) - 1
            if power == 2:  # صد multiplies one digit word or a number: سه صد, not سی صد
                if parts[-1].kind not in ("unit", "digits"):
                    raise unreadable(at, "صد after a single digit (سه صد) or one word (سیصد)")
            else:
                limit = Decimal(10) ** power
                while start > 0 and parts[start - 1].value < limit:
                    start -= 1
            multiplicand = sum((p.value for p in parts[start:]), Decimal(0))
            value = multiplicand.scaleb(power)
            if start > 0 and value >= parts[start - 1].room:
                raise unreadable(at, _smaller(parts[start - 1]))
            # What may follow with و: below the magnitude word (هزار میلیارد counts as one);
            # سه صد is سیصد, so صد gives room 100 as a hundreds word does.
            chain += 0 if power == 2 else power
            room = Decimal(10) ** chain if chain else Decimal(100)
            whole = multiplicand == multiplicand.to_integral_value()
            parts[start:] = [_Part(value, room if whole else Decimal(0), "")]
            state, last_power, scaled, at = "magnitude", power, True, at + 1
        elif token in _HEMAT_WORDS:
            if state == "hemat":
                raise unreadable(at, "nothing after hemat (it already means 10^13 rials)")
            state, hemat, at = "hemat", True, at + 1
        elif token == _AND:
            if state == "hemat":
                raise unreadable(at, "nothing after hemat (it already means 10^13 rials)")
            if parts[-1].room == 0:
                raise unreadable(
                    at,
                    "the end of the amount or a currency: a part with a decimal "
                    "('1.5 میلیون') takes no و after it (write ۱ میلیون و ۵۰۰ هزار)",
                )
            if parts[-1].room == 1:
                raise unreadable(
                    at,
                    "a magnitude word, a currency or the end: و joins a smaller part to a "
                    "whole hundred, ten or magnitude (سیصد و بیست, ۱ میلیون و ۵۰۰ هزار)",
                )
            state, at = "and", at + 1
        elif token in _NUMBER_WORDS or token[0].isdigit():
            raise unreadable(at, "و or a magnitude word between two numbers (دو هزار و سیصد)")
        else:
            break
    if state == "start":
        raise unreadable(at, first_expected)
    if state == "and":
        raise unreadable(at, "a number after 'و' (۱ میلیون و ۵۰۰ هزار)")
    return sum((p.value for p in parts), Decimal(0)), scaled, hemat, at


def _smaller(part: _Part) -> str:
    return (
        f"a part smaller than {part.room:,} after 'و' (parts joined by و go from large to "
        "small: ۱ میلیون و ۵۰۰ هزار, سیصد و بیست و پنج)"
    )


def _parse(text: str) -> Amount:
    """Parse one amount or raise _Unreadable (found names the token and the text)."""
    tokens = _split_glued(_tokens(text))

    def unreadable(at: int, expected: str) -> _Unreadable:
        found = repr(tokens[at]) if at < len(tokens) else "the end"
        return _Unreadable(f"{found} in {text!r}", expected)

    at = 0
    length, qualifier = _match(tokens, at, _QUALIFIER_PHRASES)
    at += length
    length, prefix_currency = _match(tokens, at, _PREFIX_PHRASES)
    at += length
    sign = 1
    if at < len(tokens) and (tokens[at] in ("-", "+") or tokens[at] in _MINUS_WORDS):
        sign = 1 if tokens[at] == "+" else -1
        at += 1
    what = "a number" if qualifier or prefix_currency else "a number (or a hedge word)"
    value, scaled, hemat, at = _quantity(tokens, at, unreadable, what)
    value *= sign

    length, suffix_currency = _match(tokens, at, _CURRENCY_PHRASES)
    at += length
    if at < len(tokens) and not length and tokens[at] in _PERCENT_WORDS:
        raise unreadable(at, _PERCENT_EXPECTED)
    if at < len(tokens):
        raise unreadable(at, "the end of the amount" if length else _WORDS_EXPECTED)
    if prefix_currency and suffix_currency and prefix_currency != suffix_currency:
        raise _Unreadable(
            f"two currencies ({prefix_currency}, {suffix_currency}) in {text!r}", "one currency"
        )
    currency = prefix_currency or suffix_currency
    if hemat:
        if currency is not None or scaled:
            raise _Unreadable(
                f"{currency or 'a magnitude'} with hemat in {text!r}",
                "hemat alone (it already means 10^13 rials)",
            )
        return Amount(_finite(value * _HEMAT_RIALS, text), "rial", qualifier)
    if currency == "toman":
        value, currency = value * RIALS_PER_TOMAN, "rial"
    return Amount(_finite(value, text), currency, qualifier)


def _check_text(text: object) -> str:
    if not isinstance(text, str):
        raise _Unreadable(f"{type(text).__name__} {text!r}", "text such as '$1.6 billion'")
    return text


def parse_statement_amount(text: str) -> Amount:
    """Read an amount with its hedge word, magnitude and currency.

    Reads ``[hedge] [currency] [sign] number [magnitudes] (و number [magnitudes])*
    [currency]``: ``more than $1.6 billion``, ``حدود ۱۲۹ هزار میلیارد ریال``, ``49 hemat``,
    ``43,650``, ``منفی ۱ میلیون و ۵۰۰ هزار تومان``, ``سیصد و بیست و پنج میلیون دلار``. A
    number is digits or Persian number words; the sign is ``-``, ``+`` or ``منفی``. Tomans
    become rials (x10), hemat is 10^13 rials. Hedge words are reported in the canonical
    English form of :data:`QUALIFIERS` (``بیش از`` is ``more than``). The module docstring
    states how compounds joined by ``و`` add up.

    Raises:
        SmeAnalysisError: For unreadable text or an unknown word; it names the word found,
            the whole text, and what was expected there.

    Example:
        >>> parse_statement_amount("بیش از ۱۲۹ هزار میلیارد ریال")
        Amount(value=129000000000000.0, currency='rial', qualifier='more than')
        >>> parse_statement_amount("nearly €1.3 bn")
        Amount(value=1300000000.0, currency='eur', qualifier='nearly')
    """
    try:
        return _parse(_check_text(text))
    except _Unreadable as unreadable:
        raise _raise_one(unreadable) from None


def parse_amount(text: str) -> tuple[float, str | None]:
    """Read an amount as ``(value, currency)``: the simple form of parse_statement_amount.

    A leading hedge word ("more than", "about", "حدود", ...) is accepted and dropped; use
    :func:`parse_statement_amount` to keep it. Currency is ``rial``, ``usd``, ``eur`` or None.
    Amounts may be written as the Persian press prints them: compounds joined by ``و``
    (``۱ میلیون و ۵۰۰ هزار تومان``, ``۲ هزار و ۵۰۰ میلیارد``), magnitude words glued
    together (``۱۲۹هزارمیلیارد``), the minus word ``منفی``, and numbers wholly or partly in
    Persian words (``یک میلیون دلار``, ``سیصد و بیست و پنج میلیون``), Arabic ي/ك included.

    Raises:
        SmeAnalysisError: For unreadable text or unknown units; malformed compounds
            (``دو سه``, ``و ۵``, ``هزار هزار و``) name the word found and what was expected.

    Example:
        >>> parse_amount("$1.6 billion")
        (1600000000.0, 'usd')
        >>> parse_amount("۱۲۹ هزار میلیارد ریال"), parse_amount("120 هزار میلیارد تومان")
        ((129000000000000.0, 'rial'), (1200000000000000.0, 'rial'))
        >>> parse_amount("49 hemat"), parse_amount("43,650")
        ((490000000000000.0, 'rial'), (43650.0, None))
        >>> parse_amount("۱ میلیون و ۵۰۰ هزار تومان"), parse_amount("منفی سی میلیارد ریال")
        ((15000000.0, 'rial'), (-30000000000.0, 'rial'))
    """
    amount = parse_statement_amount(text)
    return amount.value, amount.currency


def _is_missing(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def parse_amounts(texts: pd.Series | Any) -> pd.DataFrame:
    """Parse a column of amounts into a tidy frame ``value, currency, qualifier``.

    The frame keeps the input's index; missing texts give NaN / NA. Each distinct text is
    parsed once. Every unreadable position is reported in one error.

    Raises:
        SmeAnalysisError: One problem per unreadable position (0-based), all at once.

    Example:
        >>> parse_amounts(pd.Series(["$1.6 billion", "about 35 trillion rials", None]))
                  value currency qualifier
        0  1.600000e+09      usd      <NA>
        1  3.500000e+13     rial     about
        2           NaN     <NA>      <NA>
    """
    series = texts if isinstance(texts, pd.Series) else pd.Series(texts, dtype=object)
    column = None if series.name is None else str(series.name)
    keys, uniques = pd.factorize(series.to_numpy(dtype=object), use_na_sentinel=True)
    parsed: list[Amount | _Unreadable] = []
    for text in uniques:
        try:
            parsed.append(_parse(_check_text(text)))
        except _Unreadable as unreadable:
            parsed.append(unreadable)
    bad = np.array([isinstance(a, _Unreadable) for a in parsed] + [False])
    if bad.any():
        problems = [
            Problem(None, position, column, parsed[k].found, parsed[k].expected)
            for position, k in enumerate(keys)
            if bad[k]
        ]
        raise SmeAnalysisError(problems)
    # One entry per distinct text plus a last one for missing (code -1), then take by code.
    amounts = [*parsed, Amount(math.nan, None, None)]
    columns = {
        "value": np.array([a.value for a in amounts], dtype="float64")[keys],
        "currency": np.array([a.currency for a in amounts], dtype=object)[keys],
        "qualifier": np.array([a.qualifier for a in amounts], dtype=object)[keys],
    }
    return pd.DataFrame(
        {
            "value": pd.Series(columns["value"], index=series.index, dtype="float64"),
            "currency": pd.Series(columns["currency"], index=series.index, dtype="string"),
            "qualifier": pd.Series(columns["qualifier"], index=series.index, dtype="string"),
        },
        index=series.index,
    )


# ---------------------------------------------------------------------------------------------
# Conversion

_CURRENCY_NAMES = {" ".join(p): c for p, c in _CURRENCY_PHRASES.items()}


def canonical_currency(name: str) -> str:
    """The canonical currency (rial, toman, usd, eur) for a name, code or symbol.

    Example:
        >>> canonical_currency("IRR"), canonical_currency("$"), canonical_currency("تومان")
        ('rial', 'usd', 'toman')
    """
    key = " ".join(_tokens(name)) if isinstance(name, str) else None
    if key in _CURRENCY_NAMES:
        return _CURRENCY_NAMES[key]
    raise ParameterError(
        [Problem(None, None, "currency", repr(name), f"one of {', '.join(CURRENCIES)}")]
    )


def convert(
    amount: float | pd.Series | np.ndarray,
    from_currency: str,
    to_currency: str,
    rate: float | pd.Series | np.ndarray | None = None,
) -> Any:
    """Convert an amount between currencies with an exchange rate the caller states.

    ``rate`` is how many units of ``to_currency`` one unit of ``from_currency`` is worth:
    rials per dollar for ``usd`` -> ``rial``, dollars per rial (``1 / rials_per_dollar``)
    for ``rial`` -> ``usd``. There is deliberately no default rate: Iran has several
    official and market rates at once and the choice is the analyst's. Toman <-> rial is
    fixed (10 rials per toman) and takes no rate. Scalars, arrays and Series work (a
    Series of rates, say one per date, aligns element-wise); the input is not modified.

    Raises:
        ParameterError: For an unknown currency, a missing rate, a rate given for the fixed
            toman/rial pair, or a rate that is not a positive finite number.

    Example:
        >>> convert(1.2e15, "rial", "toman")
        120000000000000.0
        >>> convert(1.6e9, "usd", "rial", rate=420_000)  # a rate the caller chose
        672000000000000.0
    """
    source, target = canonical_currency(from_currency), canonical_currency(to_currency)
    iranian = {"rial", "toman"}
    if source == target or {source, target} == iranian:
        if rate is not None:
            raise ParameterError(
                [
                    Problem(
                        None,
                        None,
                        "rate",
                        repr(rate),
                        f"no rate: {source} -> {target} is a fixed conversion",
                    )
                ]
            )
        if source == target:
            return amount * 1  # a new object, never the caller's
        # Multiply or divide by the integer factor so that results are exactly rounded.
        return amount * RIALS_PER_TOMAN if source == "toman" else amount / RIALS_PER_TOMAN
    if rate is None:
        raise ParameterError(
            [
                Problem(
                    None,
                    None,
                    "rate",
                    "no rate",
                    f"{target} per {source}, stated by the caller (no default rate exists)",
                )
            ]
        )
    try:
        rates = np.asarray(rate, dtype="float64")
    except (TypeError, ValueError):  # text, or NA in a nullable Series
        rates = np.array([np.nan])
    if rates.size == 0 or not np.all(np.isfinite(rates) & (rates > 0)):
        raise ParameterError(
            [Problem(None, None, "rate", repr(rate), "a positive finite number (or all such)")]
        )
    return amount * rate


# ---------------------------------------------------------------------------------------------
# Writing amounts: the one number style of every page and every finding

#: At most this many decimals when the caller names none: every figure of the fact base,
#: written with its magnitude word, has at most three, and the interval its rounding allows
#: (half a unit of its last digit, ``$36.9975 billion``) at most four.
MAX_DECIMALS = 4

#: Magnitude words of amounts of a million or more (short scale), largest first.
MAGNITUDE_WORDS: tuple[tuple[float, str], ...] = (
    (1e12, "trillion"),
    (1e9, "billion"),
    (1e6, "million"),
)

#: Currency signs written before the digits.
CURRENCY_SIGNS: dict[str, str] = {"usd": "$", "eur": "\u20ac"}

#: Units written after the digits, (singular, plural); ``count`` has no word of its own.
UNIT_NOUNS: dict[str, tuple[str, str]] = {
    "rial": ("rial", "rials"),
    "person": ("person", "people"),
    "hectare": ("hectare", "hectares"),
    "tonne": ("tonne", "tonnes"),
}


def _finite_real(value: object, what: str) -> float:
    """The value as a finite float, or a :class:`SmeAnalysisError` naming what was found."""
    if isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(
        value, (bool, np.bool_)
    ):
        number = float(value)
        if math.isfinite(number):
            return number
    raise SmeAnalysisError([Problem(None, None, what, repr(value), "a finite number")])


def _decimals(decimals: object) -> int | None:
    if decimals is None:
        return None
    if isinstance(decimals, bool) or not isinstance(decimals, (int, np.integer)) or decimals < 0:
        raise ParameterError(
            [Problem(None, None, "decimals", repr(decimals), "None or an integer >= 0")]
        )
    return int(decimals)


def format_number(value: float, decimals: int | None = None) -> str:
    """Write a number with thousands separators: exactly ``decimals``, else at most four.

    Without ``decimals`` a figure gets as many decimals as it needs, at most
    :data:`MAX_DECIMALS`, trailing zeros dropped (a stated figure is written as stated); with
    ``decimals``, exactly that many (computed values, whose precision the caller states). A
    value that rounds to zero is written without a sign.

    Raises:
        SmeAnalysisError: ``value`` is not a finite real number.
        ParameterError: ``decimals`` is not ``None`` or an integer >= 0.

    Example:
        >>> format_number(1100.0), format_number(8.713), format_number(19.96, 1)
        ('1,100', '8.713', '20.0')
        >>> format_number(-0.01, 1)
        '0.0'
    """
    fixed = _decimals(decimals)
    number = _finite_real(value, "value")
    if fixed is None:
        text = f"{number:,.{MAX_DECIMALS}f}".rstrip("0").rstrip(".")
    else:
        text = f"{number:,.{fixed}f}"
    return text[1:] if text.startswith("-") and not text.strip("-0.,") else text


class AmountParts(NamedTuple):
    """An amount in parts, so that a range can write a shared unit once.

    Attributes:
        lead: Minus sign and currency sign (``"-$"``), or empty.
        digits: The digits (:func:`format_number`).
        word: The magnitude word with its space (``" billion"``), or empty.
        noun: The unit written after (``" rials"``, ``"%"``), agreeing with the digits.
        plural: The unit's plural form (for the end of a range).
    """

    lead: str
    digits: str
    word: str
    noun: str
    plural: str

    def text(self) -> str:
        """The amount written in full: ``lead + digits + word + noun``."""
        return f"{self.lead}{self.digits}{self.word}{self.noun}"


def amount_parts(value: float, unit: str | None = None, decimals: int | None = None) -> AmountParts:
    """Split an amount into the parts :func:`format_amount` writes.

    Example:
        >>> amount_parts(-1.6e9, "usd")
        AmountParts(lead='-$', digits='1.6', word=' billion', noun='', plural='')
        >>> amount_parts(1, "rial").text(), amount_parts(77.5, "percent").text()
        ('1 rial', '77.5%')
    """
    fixed = _decimals(decimals)
    number = _finite_real(value, "value")
    size = abs(number)
    if unit == "percent":
        digits = format_number(size, fixed)
        return AmountParts("-" if number < 0 and digits.strip("0.,") else "", digits, "", "%", "%")
    word = ""
    for factor, name in MAGNITUDE_WORDS:
        if size >= factor:
            size, word = size / factor, f" {name}"
            break
    digits = format_number(size, fixed)
    minus = "-" if number < 0 and digits.strip("0.,") else ""
    sign = CURRENCY_SIGNS.get(unit or "", "")
    if unit is None or unit == "count" or sign:
        return AmountParts(minus + sign, digits, word, "", "")
    singular, plural = UNIT_NOUNS.get(unit, (unit, unit))
    one = not word and digits == "1"
    return AmountParts(minus, digits, word, f" {singular if one else plural}", f" {plural}")


def format_amount(
    value: float,
    unit: str | None = None,
    qualifier: str | None = None,
    *,
    decimals: int | None = None,
) -> str:
    """Write a figure with its unit in words, its hedge word in front: ``over $4.5 billion``.

    The one number style of the package (the reports' text kit and
    :mod:`smeanalysis.reconcile`'s findings both write with it). Units are those of the fact
    table: ``usd`` and ``eur`` (``$``, ``€`` in front), ``rial``, ``person``, ``hectare``,
    ``tonne`` (a word after), ``percent`` (``%``), ``count`` or ``None`` (no word); any other
    unit is written after the digits as given. From a million on, a magnitude word (million,
    billion, trillion) carries the size; rials are never written in "thousand billion" nor in
    tomans. Digits follow :func:`format_number`.

    Args:
        value: The figure, units expanded (1.6 billion dollars is ``1.6e9``).
        unit: Its unit.
        qualifier: The hedge word as stated ("more than", "about"); ``None``, NA or empty for
            none.
        decimals: Fixed decimals (computed values); ``None`` for :func:`format_number`'s rule.

    Raises:
        SmeAnalysisError: ``value`` is not a finite real number.
        ParameterError: ``decimals`` is not ``None`` or an integer >= 0.

    Example:
        >>> format_amount(4.5e9, "usd", "over"), format_amount(77.5, "percent")
        ('over $4.5 billion', '77.5%')
        >>> format_amount(35e12, "rial"), format_amount(43650, "count")
        ('35 trillion rials', '43,650')
        >>> format_amount(136_409_000, "tonne"), format_amount(950_000, "person")
        ('136.409 million tonnes', '950,000 people')
    """
    text = amount_parts(value, unit, decimals).text()
    if not isinstance(qualifier, str) or not qualifier.strip():
        return text
    return f"{qualifier.strip()} {text}"

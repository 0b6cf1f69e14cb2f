"""Countries: names in English and Persian, and ISO 3166-1 codes, resolved to ISO alpha-3.

Customs tables, trade-promotion reports and the press name export destinations in many ways:
"UAE", "U.A.E.", "Emirates" and "United Arab Emirates"; "Turkey", "Türkiye" and "Turkiye";
"Korea, Republic of" and "South Korea"; عراق, امارات, امارات متحدهٔ عربی, کره‌ی جنوبی written
with Arabic ي/ك; codes such as ``iq``, ``IRQ``, ``368`` or ``۳۶۸``. :func:`resolve` maps all of
them to one ISO 3166-1 alpha-3 code (``IRQ``), vectorized over lists, arrays and Series.

Where the names come from
-------------------------
- Codes and English names: pycountry's copy of ISO 3166-1 (Debian ``iso-codes``): for every
  country its ``alpha_2``, ``alpha_3``, ``numeric``, ``name``, ``official_name`` and
  ``common_name``. Nothing here retypes that list.
- English names the code list lacks: :data:`ENGLISH_ALIASES`, each row with its source: the
  English territory names of Unicode CLDR (``Russia``, ``Turkey``, ``Ivory Coast``, ``UK``...)
  and press usage (``UAE``, ``Emirates``) with the page it was read on.
- Persian names: ``registry/country_names_fa.csv`` (shipped with the package, read by
  :func:`country_names_fa`), columns ``name_fa``, ``iso3``, ``source`` and ``source_url``: the
  Persian (``fa``) and Dari (``fa-AF``) territory names of Unicode CLDR 47, and spellings seen
  in Iranian trade reports (``امارات``) with the page they were read on. No name is invented.

Matching
--------
A name is folded before it is looked up: case, diacritics (Türkiye = Turkiye), dots (U.A.E. =
UAE), punctuation and spacing, the words "the", "of", "and"/"&"/"و" and "کشور" ("country"),
Arabic versus Persian letter forms (ي/ی, ك/ک, ة/ه, أ/آ/ا), the Persian ezafe (کرهٔ, کره‌ی),
zero-width non-joiners and Persian or Arabic-Indic digits (``۳۶۸`` = ``368``). A name with one
comma is read inverted ("Korea, Republic of" = "Republic of Korea"). Codes are read as ISO
3166-1 alpha-2 (``IQ``), alpha-3 (``IRQ``) or numeric (``368``, ``4`` = ``004``; an integer
such as ``368`` is read as a numeric code too).

It never guesses. An unknown name is an error naming the closest known spellings; a name that
fits several countries ("Korea", "Congo", "Virgin Islands", کره, کنگو, and آذربایجان or
آمریکا, which in Persian also name an Iranian region and the Americas) is an error naming the
candidates. "Guinea" is ISO's own short name of GIN and resolves to it; "Congo", ISO's short
name of COG, is treated as ambiguous because the press uses it for both Congos.
"""

from __future__ import annotations

import difflib
import functools
import importlib.resources
import re
import unicodedata
from typing import Any, Literal

import numpy as np
import pandas as pd
import pycountry

from smeanalysis.errors import ParameterError, Problem
from smeanalysis.lookup import PERSIAN_LETTER_FOLD, apply_shaped, resolve_distinct

__all__ = [
    "AMBIGUOUS_NAMES",
    "ENGLISH_ALIASES",
    "countries_table",
    "country_aliases",
    "country_names_fa",
    "resolve",
]

_CLDR_EN = (
    "https://github.com/unicode-org/cldr-json/blob/b08a82b582f1120d630d623f9e5073316741574d/"
    "cldr-json/cldr-localenames-full/main/en/territories.json"
)
_CLDR_SOURCE = "Unicode CLDR 47 English territory names"

#: English names the ISO list in pycountry lacks: (alias, iso3, source, source_url).
ENGLISH_ALIASES: tuple[tuple[str, str, str, str], ...] = (
    # Press and customs usage.
    (
        "UAE",
        "ARE",
        "AzerNews quoting IRICA: 'United Arab Emirates (UAE)'",
        "https://www.azernews.az/region/159527.html",
    ),
    (
        "Emirates",
        "ARE",
        "The National: 'the Emirates' fifth most important trading partner'",
        "https://www.thenationalnews.com/business/dubai-s-trade-with-iran-slows-due-to-downturn-1.512909",
    ),
    # Unicode CLDR English territory names and their short and variant forms.
    ("Russia", "RUS", _CLDR_SOURCE, _CLDR_EN),
    ("Turkey", "TUR", _CLDR_SOURCE, _CLDR_EN),
    ("UK", "GBR", _CLDR_SOURCE, _CLDR_EN),
    ("US", "USA", _CLDR_SOURCE, _CLDR_EN),
    ("Bosnia", "BIH", _CLDR_SOURCE, _CLDR_EN),
    ("St. Barthélemy", "BLM", _CLDR_SOURCE, _CLDR_EN),
    ("Brunei", "BRN", _CLDR_SOURCE, _CLDR_EN),
    ("Caribbean Netherlands", "BES", _CLDR_SOURCE, _CLDR_EN),
    ("Cocos Islands", "CCK", _CLDR_SOURCE, _CLDR_EN),
    ("Congo - Kinshasa", "COD", _CLDR_SOURCE, _CLDR_EN),
    ("Congo (DRC)", "COD", _CLDR_SOURCE, _CLDR_EN),
    ("Congo - Brazzaville", "COG", _CLDR_SOURCE, _CLDR_EN),
    ("Congo (Republic)", "COG", _CLDR_SOURCE, _CLDR_EN),
    ("Ivory Coast", "CIV", _CLDR_SOURCE, _CLDR_EN),
    ("Cape Verde", "CPV", _CLDR_SOURCE, _CLDR_EN),
    ("Falkland Islands", "FLK", _CLDR_SOURCE, _CLDR_EN),
    ("Falkland Islands (Islas Malvinas)", "FLK", _CLDR_SOURCE, _CLDR_EN),
    ("Micronesia", "FSM", _CLDR_SOURCE, _CLDR_EN),
    ("Hong Kong SAR China", "HKG", _CLDR_SOURCE, _CLDR_EN),
    ("Heard & McDonald Islands", "HMD", _CLDR_SOURCE, _CLDR_EN),
    ("Chagos Archipelago", "IOT", _CLDR_SOURCE, _CLDR_EN),
    ("St. Kitts & Nevis", "KNA", _CLDR_SOURCE, _CLDR_EN),
    ("St. Lucia", "LCA", _CLDR_SOURCE, _CLDR_EN),
    ("St. Martin", "MAF", _CLDR_SOURCE, _CLDR_EN),
    ("Myanmar (Burma)", "MMR", _CLDR_SOURCE, _CLDR_EN),
    ("Macao SAR China", "MAC", _CLDR_SOURCE, _CLDR_EN),
    ("Aotearoa New Zealand", "NZL", _CLDR_SOURCE, _CLDR_EN),
    ("St. Pierre & Miquelon", "SPM", _CLDR_SOURCE, _CLDR_EN),
    ("Pitcairn Islands", "PCN", _CLDR_SOURCE, _CLDR_EN),
    ("Palestinian Territories", "PSE", _CLDR_SOURCE, _CLDR_EN),
    ("Palestine", "PSE", _CLDR_SOURCE, _CLDR_EN),
    ("St. Helena", "SHN", _CLDR_SOURCE, _CLDR_EN),
    ("Sint Maarten", "SXM", _CLDR_SOURCE, _CLDR_EN),
    ("Swaziland", "SWZ", _CLDR_SOURCE, _CLDR_EN),
    ("East Timor", "TLS", _CLDR_SOURCE, _CLDR_EN),
    ("U.S. Outlying Islands", "UMI", _CLDR_SOURCE, _CLDR_EN),
    ("Vatican City", "VAT", _CLDR_SOURCE, _CLDR_EN),
    ("St. Vincent & Grenadines", "VCT", _CLDR_SOURCE, _CLDR_EN),
)

#: Names that fit several countries (or a country and something else): never resolved.
AMBIGUOUS_NAMES: dict[str, str] = {
    "Korea": "KOR (South Korea) or PRK (North Korea); the name alone is ambiguous",
    "کره": "KOR (کرهٔ جنوبی) or PRK (کرهٔ شمالی); the name alone is ambiguous",
    "Congo": (
        "COG (Congo - Brazzaville, Republic of the Congo) or COD (Congo - Kinshasa, "
        "Democratic Republic of the Congo); the name alone is ambiguous"
    ),
    "کنگو": "COG (کنگو - برازویل) or COD (کنگو - کینشاسا); the name alone is ambiguous",
    "Virgin Islands": (
        "VGB (British Virgin Islands) or VIR (U.S. Virgin Islands); the name alone is ambiguous"
    ),
    "جزایر ویرجین": (
        "VGB (جزایر ویرجین بریتانیا) or VIR (جزایر ویرجین ایالات متحده); the name alone is "
        "ambiguous"
    ),
    "آذربایجان": (
        "AZE (جمهوری آذربایجان) or Iran's Azerbaijan region and provinces; in Persian the "
        "name alone is ambiguous"
    ),
    "آمریکا": (
        "USA (ایالات متحده، ایالات متحدهٔ آمریکا) or the Americas (CLDR region 019, امریکا); "
        "the name alone is ambiguous"
    ),
}

# ---------------------------------------------------------------------------------------------
# Normalisation

_LETTER_FOLD = str.maketrans(
    {
        **PERSIAN_LETTER_FOLD,
        ".": None,  # U.A.E. = UAE, St. Lucia = St Lucia
        "'": None,  # Côte d'Ivoire = Cote dIvoire = Cote d Ivoire
        "\u2019": None,
        "\u2018": None,
        "\u02bc": None,
        "`": None,
        **{chr(0x06F0 + d): str(d) for d in range(10)},  # Persian digits
        **{chr(0x0660 + d): str(d) for d in range(10)},  # Arabic-Indic digits
    }
)
# Tokens that carry no identity: articles, connectors, "country" and the Persian ezafe ی.
_NOISE = frozenset("the of and & و کشور ی".split())
_SPLIT = re.compile(r"[\W_]+")


def _fold(text: str) -> str:
    """Case-, diacritic- and script-fold ``text`` (no token handling)."""
    text = unicodedata.normalize("NFKD", text.translate(_LETTER_FOLD))
    return "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()


@functools.lru_cache(maxsize=16_384)  # scalar calls in loops repeat the same names
def _key(text: str) -> str:
    """The lookup key of a name: folded, noise words dropped, no spaces; one comma inverts.

    Example:
        >>> _key("Korea, Republic of") == _key("republic of KOREA") == "republickorea"
        True
        >>> _key("U.A.E.") == _key("uae")
        True
    """
    folded = _fold(text)
    if folded.count(",") == 1:  # "Korea, Republic of": an index-style inverted name
        head, tail = folded.split(",")
        folded = f"{tail} {head}"
    return "".join(t for t in _SPLIT.split(folded) if t and t not in _NOISE)


def _plain_key(text: str) -> str:
    """The key of ``text`` read without inverting at its comma ("Bonaire Sint Eustatius")."""
    return _key(text.replace(",", " "))


# ---------------------------------------------------------------------------------------------
# Tables


def country_names_fa() -> pd.DataFrame:
    """The Persian names table: one row per spelling, with the page it was read from.

    Columns (all string dtype): ``name_fa``, ``iso3`` (ISO 3166-1 alpha-3), ``source`` and
    ``source_url``; see the module docstring. A fresh frame on every call.

    Example:
        >>> table = country_names_fa()
        >>> list(table.columns)
        ['name_fa', 'iso3', 'source', 'source_url']
        >>> bool((resolve(table["name_fa"]) == table["iso3"]).all())
        True
    """
    resource = importlib.resources.files("smeanalysis") / "registry" / "country_names_fa.csv"
    with resource.open("r", encoding="utf-8") as handle:
        return pd.read_csv(handle, dtype="string", keep_default_na=False)


def country_aliases() -> pd.DataFrame:
    """The English aliases (:data:`ENGLISH_ALIASES`) as a frame, with each alias's source.

    Example:
        >>> aliases = country_aliases()
        >>> aliases.loc[aliases["alias"] == "UAE", "iso3"].item()
        'ARE'
    """
    return pd.DataFrame(
        list(ENGLISH_ALIASES), columns=["alias", "iso3", "source", "source_url"], dtype="string"
    )


def countries_table() -> pd.DataFrame:
    """The ISO 3166-1 countries, one row each, ordered by alpha-3 code.

    Columns (all string dtype): ``iso3``, ``iso2``, ``numeric`` (three digits), ``name_en``
    (ISO short name, from pycountry) and ``name_fa`` (the first Persian name in
    :func:`country_names_fa`, the CLDR ``fa`` name; NA where none is recorded).

    Example:
        >>> table = countries_table().set_index("iso3")
        >>> table.loc["IRQ", ["iso2", "numeric", "name_en", "name_fa"]].tolist()
        ['IQ', '368', 'Iraq', 'عراق']
    """
    persian = country_names_fa().drop_duplicates("iso3").set_index("iso3")["name_fa"]
    rows = sorted((c.alpha_3, c.alpha_2, c.numeric, c.name) for c in pycountry.countries)
    table = pd.DataFrame(rows, columns=["iso3", "iso2", "numeric", "name_en"], dtype="string")
    return table.assign(name_fa=table["iso3"].map(persian).astype("string"))


def _build_lookup() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """Map every code and name key to its alpha-3 code; keep one display spelling per key."""
    ambiguous = {_key(name): why for name, why in AMBIGUOUS_NAMES.items()}
    codes: dict[str, str] = {}
    lookup: dict[str, str] = {}
    display: dict[str, str] = {}

    def add(spelling: str, iso3: str) -> None:
        for key in dict.fromkeys((_key(spelling), _plain_key(spelling))):
            if key in ambiguous or not key:
                continue  # pycountry's "Congo": ambiguous in use, so never resolved
            if lookup.setdefault(key, iso3) != iso3:
                raise AssertionError(f"{spelling!r} names {lookup[key]} and {iso3}")
            display.setdefault(key, spelling)

    for country in pycountry.countries:
        codes[country.alpha_2.lower()] = country.alpha_3
        codes[country.alpha_3.lower()] = country.alpha_3
        codes[country.numeric] = country.alpha_3
        for field in ("common_name", "name", "official_name"):
            if getattr(country, field, None):
                add(getattr(country, field), country.alpha_3)
    for alias, iso3, _, _ in ENGLISH_ALIASES:
        add(alias, iso3)
    persian = country_names_fa()
    for name_fa, iso3 in zip(persian["name_fa"], persian["iso3"], strict=True):
        add(name_fa, iso3)
    clash = {k: (lookup[k], codes[k]) for k in lookup.keys() & codes.keys()}
    if any(a != b for a, b in clash.values()):
        raise AssertionError(f"names that read as another country's code: {clash}")
    return codes, lookup, display


_CODES, _LOOKUP, _DISPLAY = _build_lookup()
_AMBIGUOUS = {_key(name): why for name, why in AMBIGUOUS_NAMES.items()}
_DIGITS_ONLY = re.compile(r"^\d{1,3}$")


# ---------------------------------------------------------------------------------------------
# Resolution


def _lookup_one(value: object) -> str | None:
    """The alpha-3 code for one non-missing value, None if unknown or ambiguous."""
    if isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_)):
        return _CODES.get(f"{int(value):03d}") if 0 <= value <= 999 else None
    if not isinstance(value, str):
        return None
    return _lookup_text(value)


@functools.lru_cache(maxsize=16_384)
def _lookup_text(text: str) -> str | None:
    """The alpha-3 code a text names: a code first ("AND" is Andorra), then a name."""
    compact = _SPLIT.sub("", _fold(text))
    if _DIGITS_ONLY.match(compact):
        return _CODES.get(compact.zfill(3))
    return _CODES.get(compact) or _LOOKUP.get(_key(text))


def _expected_for(value: object) -> str:
    """Say what was expected instead of ``value``, naming the closest known spellings."""
    if isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_)):
        return "an ISO 3166-1 numeric code (a number from 4 to 894 that ISO assigns)"
    if not isinstance(value, str):
        return f"a country name or code as text, not {type(value).__name__}"
    key = _key(value)
    if key in _AMBIGUOUS:
        return _AMBIGUOUS[key]
    if _SPLIT.sub("", _fold(value)).isdigit():
        return "an ISO 3166-1 numeric code (three digits that ISO assigns, e.g. 368 for Iraq)"
    close = difflib.get_close_matches(key, _DISPLAY.keys(), n=12, cutoff=0.6)
    best_per_country: dict[str, str] = {}
    for k in close:  # best first; one suggestion per country, at most three
        best_per_country.setdefault(_LOOKUP[k], _DISPLAY[k])
    if not best_per_country:
        return "a country name or ISO 3166-1 code (no close match)"
    named = ", ".join(f"{s!r} ({c})" for c, s in list(best_per_country.items())[:3])
    return f"a country name or ISO 3166-1 code; closest: {named}"


def _resolve_array(values: np.ndarray, *, errors: str, column: str | None) -> np.ndarray:
    """Resolve an object array; each distinct value is looked up once."""
    return resolve_distinct(
        values,
        _lookup_one,
        _expected_for,
        errors=errors,
        column=column,
        what="country name",
        ambiguous=frozenset(_AMBIGUOUS.values()),
    )


def resolve(values: Any, *, errors: Literal["raise", "coerce"] = "raise") -> Any:
    """Map country names (English or Persian, any common spelling) or ISO codes to alpha-3.

    Vectorized: a Series gives a string Series on the same index and name, an Index an Index,
    an array an object array of the same shape, a list a list, and a scalar a scalar. Each
    distinct value is looked up once, so a long column with few distinct names is fast. The
    input is never modified.

    Matching ignores case, diacritics, dots, punctuation and spacing, "the"/"of"/"and",
    Arabic versus Persian letter forms, the ezafe and zero-width non-joiners; codes may be ISO
    3166-1 alpha-2, alpha-3 or numeric, in ASCII, Persian or Arabic-Indic digits. See the
    module docstring for the sources of the names.

    Args:
        values: Names or codes; missing values (None, NaN, NA) stay missing.
        errors: ``"raise"`` (default) to raise on unknown or ambiguous names, ``"coerce"`` to
            give NA for them.

    Returns:
        ISO 3166-1 alpha-3 codes, in the shape of ``values``.

    Raises:
        SmeAnalysisError: Listing each unknown or ambiguous name once, with its positions and
            the closest known spellings or the candidate countries.
        ParameterError: For an unknown ``errors``.

    Example:
        >>> resolve("U.A.E.")
        'ARE'
        >>> resolve(["Türkiye", "کرهٔ جنوبی", "iq", "۳۶۸", None])
        ['TUR', 'KOR', 'IRQ', 'IRQ', <NA>]
        >>> resolve(pd.Series(["امارات", "Korea"]), errors="coerce").tolist()
        ['ARE', <NA>]
    """
    if errors not in ("raise", "coerce"):
        raise ParameterError([Problem(None, None, "errors", repr(errors), "'raise' or 'coerce'")])

    if isinstance(values, str):  # the common scalar call in a loop: no arrays
        found = _lookup_text(values)
        if found is not None:
            return found

    def run(array: np.ndarray, column: str | None) -> np.ndarray:
        return _resolve_array(array, errors=errors, column=column)

    return apply_shaped(values, run)

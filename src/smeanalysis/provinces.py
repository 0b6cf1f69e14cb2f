"""Iran's 31 provinces: ISO 3166-2 codes (current and pre-2020), names, and name resolution.

ISO 3166-2:IR renumbered every province on 2020-11-24 (newsletter 2020-11-24): Markazi went
from ``IR-22`` to ``IR-00``, Isfahan from ``IR-04`` to ``IR-10``, and so on. Old and new codes
overlap (``IR-04`` is Isfahan before 2020 and West Azerbaijan after), so a code alone is read as
a *current* code unless the caller says ``code_vintage="pre2020"``.

Sources read and news pages spell province names in many ways (Esfahan / Isfahan, Khorasan
Razavi / Razavi Khorasan, Kohgiluyeh and Boyer-Ahmad in a dozen forms, Persian with Arabic
letters). :func:`resolve` folds case, diacritics, punctuation, Arabic/Persian letter forms,
zero-width joiners, the words "province"/"ostan"/"استان", connectors ("and", "va", "o", "و", "&",
the ezafe "-e", and و written joined to the next word as in "سیستان وبلوچستان"), "ou" read as
"u" (Balouchestan, Boushehr), a letter written twice read once ("Mahall", "Eşfahānn"), and the
position of direction words ("Azerbaijan, East", "Khorasan méridional"), then looks the result up
among the variants listed in this module. It never guesses: an unknown name is an error that
names the closest known spellings, and a name that is ambiguous ("Khorasan" before its 2004
split, "Azarbaijan" alone) is an error that names the provinces it could mean.

The spellings table
-------------------
``registry/province_spellings.csv`` (shipped with the package, read by
:func:`province_spellings`) records how public lists spell each province, one row per
spelling and list, in UTF-8 with a header row and these columns:

- ``spelling``: the name exactly as the list writes it (diacritics, Persian script, hyphens);
- ``iso_3166_2``: the current ISO 3166-2 code the spelling means (lists keyed by pre-2020 codes
  are mapped with :func:`old_to_new_code`);
- ``source``: the list's name (publisher, data set and, where it matters, version or language);
- ``source_url``: the public address the spelling was read from.

Only spellings seen in a list are recorded. The table is evidence, not a lookup: :func:`resolve`
does not read it, and the test suite checks that every row resolves to its code through the
normalisation and variants above.

The table below was compiled for this package from ISO 3166-2:IR and the provinces' own names;
it is checked against an independent reference table in the test suite.
"""

from __future__ import annotations

import difflib
import functools
import importlib.resources
import itertools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd

from smeanalysis.errors import ParameterError, Problem, SmeAnalysisError
from smeanalysis.lookup import (
    PERSIAN_LETTER_FOLD,
    apply_shaped,
    factorize,
    resolve_distinct,
)

__all__ = [
    "NATIONAL",
    "NATIONAL_NAMES",
    "PROVINCE_CODES",
    "name",
    "new_to_old_code",
    "old_to_new_code",
    "province_aliases",
    "province_spellings",
    "provinces_table",
    "resolve",
]


@dataclass(frozen=True)
class _Province:
    code: str  # ISO 3166-2 since 2020-11-24
    code_before_2020: str  # ISO 3166-2 until 2020-11-24
    name_en: str
    name_fa: str
    name_iso: str  # ISO 3166-2 romanization (BGN/PCGN 1958), with its diacritics
    variants: tuple[str, ...] = ()


def _compound(firsts: Iterable[str], seconds: Iterable[str], joiner: str = " ") -> tuple[str, ...]:
    """Every ``first joiner second``; connectors ("and", "va", ...) are folded away later."""
    return tuple(f"{a}{joiner}{b}" for a, b in itertools.product(firsts, seconds))


# How sources spell the parts of compound names. Connectors and direction words are folded
# by the normaliser, so only the stems need listing here.
_AZERBAIJAN = (
    "Azerbaijan",
    "Azarbaijan",
    "Azarbayjan",
    "Azerbayjan",
    "Azarbaydjan",
    "Azerbaidjan",  # French
    "Aserbaidschan",  # German
    "Azerbeidzjan",  # Dutch
    "Azerbaiyan",  # Spanish
    "Azerbaigian",  # Italian
    "Azarbaidjan",
    "Azarbayejan",  # Statistical Centre of Iran, IHME
    "آذربایجان",
)
_KHORASAN = ("Khorasan", "Khorassan", "Khurasan", "Chorasan", "Jorasan", "Horasan", "خراسان")
_KOHGILUYEH = ("Kohgiluyeh", "Kohgiluye", "Kohkiluyeh", "Kohkiluye", "Kohgilouyeh", "Kohgilooyeh")
_BOYER_AHMAD = (
    "Boyer-Ahmad",
    "Buyer Ahmad",
    "Buyer Ahmed",
    "Bowyer Ahmad",
    "Boyerahmad",
    "Boir Ahmad",
)
_CHAHARMAHAL = ("Chaharmahal", "Chahar Mahal", "Chahar Mahaal", "Tschahar Mahal", "Chahar")
_BAKHTIARI = ("Bakhtiari", "Bakhtiyari", "Bakhtiary", "Bachtiyari", "Bajtiari", "Bakhtiar")
_SISTAN = ("Sistan", "Seistan")
_BALUCHESTAN = (
    "Baluchestan",
    "Baluchistan",
    "Balochestan",
    "Balochistan",
    "Belutschistan",  # German
    "Belutchistan",  # German (iso-codes)
    "Baloutchistan",  # French
    "Beloetsjistan",  # Dutch
)

_PROVINCES: tuple[_Province, ...] = (
    _Province("IR-00", "IR-22", "Markazi", "مرکزی", "Markazī", ("Central",)),
    _Province("IR-01", "IR-19", "Gilan", "گیلان", "Gīlān", ("Guilan", "Ghilan")),
    _Province("IR-02", "IR-21", "Mazandaran", "مازندران", "Māzandarān", ("Mazanderan",)),
    _Province(
        "IR-03",
        "IR-01",
        "East Azerbaijan",
        "آذربایجان شرقی",
        "Āz̄ārbāyjān-e Shārqī",
        _compound(("East",), _AZERBAIJAN),
    ),
    _Province(
        "IR-04",
        "IR-02",
        "West Azerbaijan",
        "آذربایجان غربی",
        "Āz̄ārbāyjān-e Ghārbī",
        _compound(("West",), _AZERBAIJAN),
    ),
    _Province(
        "IR-05",
        "IR-17",
        "Kermanshah",
        "کرمانشاه",
        "Kermānshāh",
        # Bakhtaran and Kermanshahan are the province's earlier official names.
        ("Kermanschah", "Kermanchah", "Kirmanshah", "Kermanshahan", "Bakhtaran"),
    ),
    _Province(
        "IR-06",
        "IR-10",
        "Khuzestan",
        "خوزستان",
        "Khūzestān",
        ("Khuzistan", "Khouzistan", "Chusistan", "Chuzestan", "Juzestan", "Khoezistan"),
    ),
    _Province("IR-07", "IR-14", "Fars", "فارس", "Fārs", ("Pars",)),
    _Province("IR-08", "IR-15", "Kerman", "کرمان", "Kermān", ("Kirman",)),
    _Province(
        "IR-09",
        "IR-30",
        "Razavi Khorasan",
        "خراسان رضوی",
        "Khorāsān-e Raẕavī",
        _compound(_KHORASAN, ("Razavi", "Rezavi", "Ravazi")),
    ),
    _Province(
        "IR-10",
        "IR-04",
        "Isfahan",
        "اصفهان",
        "Eşfahān",
        ("Esfahan", "Ispahan", "Isfahan", "Espahan", "Sepahan"),
    ),
    _Province(
        "IR-11",
        "IR-13",
        "Sistan and Baluchestan",
        "سیستان و بلوچستان",
        "Sīstān va Balūchestān",
        _compound(_SISTAN, _BALUCHESTAN, " and "),
    ),
    _Province(
        "IR-12",
        "IR-16",
        "Kurdistan",
        "کردستان",
        "Kordestān",
        ("Kordestan", "Kurdestan", "Kordistan", "Koerdistan", "Kurdistan"),
    ),
    _Province("IR-13", "IR-24", "Hamadan", "همدان", "Hamadān", ("Hamedan",)),
    _Province(
        "IR-14",
        "IR-08",
        "Chaharmahal and Bakhtiari",
        "چهارمحال و بختیاری",
        "Chahār Maḩāl va Bakhtīārī",
        _compound(_CHAHARMAHAL, _BAKHTIARI, " and "),
    ),
    _Province("IR-15", "IR-20", "Lorestan", "لرستان", "Lorestān", ("Luristan", "Loristan")),
    _Province("IR-16", "IR-05", "Ilam", "ایلام", "Īlām", ()),
    _Province(
        "IR-17",
        "IR-18",
        "Kohgiluyeh and Boyer-Ahmad",
        "کهگیلویه و بویراحمد",
        "Kohgīlūyeh va Bowyer Aḩmad",
        # The second spelling writes ک for گ, a misspelling found in Persian lists.
        (*_compound(_KOHGILUYEH, _BOYER_AHMAD, " and "), "کهکیلویه و بویراحمد"),
    ),
    _Province(
        "IR-18",
        "IR-06",
        "Bushehr",
        "بوشهر",
        "Būshehr",
        ("Bushire", "Booshehr", "Buschehr", "Bouchehr", "Bushahr"),
    ),
    _Province("IR-19", "IR-11", "Zanjan", "زنجان", "Zanjān", ("Zandschan", "Zenjan")),
    _Province("IR-20", "IR-12", "Semnan", "سمنان", "Semnān", ()),
    _Province("IR-21", "IR-25", "Yazd", "یزد", "Yazd", ("Yezd",)),
    _Province("IR-22", "IR-23", "Hormozgan", "هرمزگان", "Hormozgān", ("Hormozghan", "Hormosgan")),
    _Province("IR-23", "IR-07", "Tehran", "تهران", "Tehrān", ("Teheran",)),
    _Province("IR-24", "IR-03", "Ardabil", "اردبیل", "Ardabīl", ("Ardebil", "Ardabeel")),
    _Province("IR-25", "IR-26", "Qom", "قم", "Qom", ("Ghom", "Qum", "Ghum")),
    _Province("IR-26", "IR-28", "Qazvin", "قزوین", "Qazvīn", ("Ghazvin", "Kazvin")),
    _Province("IR-27", "IR-27", "Golestan", "گلستان", "Golestān", ()),
    _Province(
        "IR-28",
        "IR-31",
        "North Khorasan",
        "خراسان شمالی",
        "Khorāsān-e Shomālī",
        _compound(("North",), _KHORASAN),
    ),
    _Province(
        "IR-29",
        "IR-29",
        "South Khorasan",
        "خراسان جنوبی",
        "Khorāsān-e Jonūbī",
        _compound(("South",), _KHORASAN),
    ),
    _Province("IR-30", "IR-32", "Alborz", "البرز", "Alborz", ("Elburz", "Elboers")),
)

#: Current ISO 3166-2 codes of the 31 provinces, in code order.
PROVINCE_CODES: tuple[str, ...] = tuple(p.code for p in _PROVINCES)

#: The ``geography`` value of statements about Iran as a whole in the fact table (whose
#: ``province_code`` is then NA); the one place this spelling is defined.
NATIONAL = "Iran"

#: Names meaning the whole country; :func:`resolve` maps them to NA only when asked to.
NATIONAL_NAMES: tuple[str, ...] = (
    NATIONAL,
    "Islamic Republic of Iran",
    "I.R. Iran",
    "national",
    "nationwide",
    "whole country",
    "all provinces",
    "total",
    "ایران",
    "جمهوری اسلامی ایران",
    "کل کشور",
)

# ---------------------------------------------------------------------------------------------
# Normalisation

# Arabic letter forms that Persian text often carries (keyboard or OCR origin), folded to the
# Persian letters; alef forms are folded to bare alef because sources write آ and ا freely.
_LETTER_FOLD = str.maketrans(
    {
        **PERSIAN_LETTER_FOLD,
        "'": " ",
        "\u2019": " ",
        "\u2018": " ",
        "\u02bc": " ",
        "`": " ",
    }
)
_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")

# Tokens that carry no identity: "province", "ostan", connectors and the Persian ezafe "-e".
_NOISE = frozenset(
    (
        "province provinces provincia provinz provincie ostan ostane estan استان "
        "of the de du del des la le and va o und et en y e i & و"
    ).split()
)
# Words placed before or after a stem; moved to the front so that "Azerbaijan, East",
# "Azarbaijan Sharghi" and "East Azerbaijan" give one key.
_QUALIFIERS = {
    **dict.fromkeys(
        "east eastern ost oost oriental orientale orientale sharqi sharghi shargi sharqhi "
        "شرقی".split(),
        "east",
    ),
    **dict.fromkeys(
        "west western occidental occidentale gharbi qarbi gharbee غربی".split(), "west"
    ),
    **dict.fromkeys(
        "north northern nord noord norte septentrional settentrionale shomali shemali "
        "شمالی".split(),
        "north",
    ),
    **dict.fromkeys(
        "south southern sud zuid sur meridional meridionale jonubi janubi jonoubi جنوبی".split(),
        "south",
    ),
    **dict.fromkeys("razavi rezavi ravazi رضوی".split(), "razavi"),
}
_CODE_KEY = re.compile(r"^ir0*(\d{1,2})$")
# A letter written twice ("Mahall", "Eşfahānn", "Booshehr") counts once; digits never fold.
_DOUBLED = re.compile(r"([^\W\d_])\1+")
# The Persian "and" joined to the next word ("سیستان وبلوچستان"): split it off.
_JOINED_VA = re.compile(r"(?<=[\W_])\u0648(?=[^\W\d_])")


def _fold_token(token: str) -> str:
    """Fold one token's spelling: "ou" is read as "u" (Balouchestan), doubled letters once."""
    return _DOUBLED.sub(r"\1", token.replace("ou", "u"))


_NOISE = frozenset(_fold_token(t) for t in _NOISE)
_QUALIFIERS = {_fold_token(t): q for t, q in _QUALIFIERS.items()}


def _fold(text: str) -> str:
    """Case-, diacritic- and script-fold ``text`` (no token handling)."""
    text = text.translate(_LETTER_FOLD).translate(_DIGITS)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return text.casefold()


@functools.lru_cache(maxsize=16_384)  # scalar calls in loops repeat the same names
def _key(text: str) -> str:
    """The lookup key of a name: folded, noise words dropped, qualifiers first, no spaces.

    Example:
        >>> _key("Azerbaijan, East") == _key("east  AZERBAIJAN") == "eastazerbaijan"
        True
    """
    folded = _fold(text)
    if folded.count(",") == 1:
        # "Azerbaijan, East" / "Khorasan, Razavi": inverted index-style names.
        head, tail = folded.split(",")
        folded = f"{tail} {head}"
    folded = _JOINED_VA.sub("\u0648 ", folded)
    tokens = [_fold_token(t) for t in re.split(r"[\W_]+", folded) if t]
    tokens = [t for t in tokens if t not in _NOISE]
    qualifiers = sorted(_QUALIFIERS[t] for t in tokens if t in _QUALIFIERS)
    stems = [t for t in tokens if t not in _QUALIFIERS]
    return "".join(qualifiers + stems)


def _build_lookup() -> tuple[dict[str, str], dict[str, str]]:
    """Map every name key to its current code; keep one display spelling per key."""
    lookup: dict[str, str] = {}
    display: dict[str, str] = {}
    for province in _PROVINCES:
        # Display order: the plain ASCII spellings first, so suggestions are easy to type.
        spellings = (province.name_en, *province.variants, province.name_iso, province.name_fa)
        for spelling in spellings:
            key = _key(spelling)
            if lookup.setdefault(key, province.code) != province.code:
                raise AssertionError(f"{spelling!r} names two provinces")  # a table bug
            display.setdefault(key, spelling)
    return lookup, display


_LOOKUP, _DISPLAY = _build_lookup()
_NATIONAL_KEYS = frozenset(_key(n) for n in NATIONAL_NAMES)
_BY_CODE = {p.code: p for p in _PROVINCES}
_OLD_TO_NEW = {p.code_before_2020: p.code for p in _PROVINCES}
_NEW_TO_OLD = {p.code: p.code_before_2020 for p in _PROVINCES}
_CODE_SETS = {"current": _BY_CODE.keys(), "pre2020": _OLD_TO_NEW.keys()}
_CODE_OF_NUMBER = {
    "current": {int(c[3:]): c for c in _BY_CODE},
    "pre2020": {int(c[3:]): _OLD_TO_NEW[c] for c in _OLD_TO_NEW},
}
assert not (_NATIONAL_KEYS & _LOOKUP.keys())  # "Iran" must never resolve to a province

# Names that meant one province once and several now: never guessed, always reported.
_AMBIGUOUS = {
    **dict.fromkeys(
        (_key(s) for s in _KHORASAN),
        "one of the provinces Khorasan was split into in 2004: Razavi Khorasan (IR-09), "
        "North Khorasan (IR-28) or South Khorasan (IR-29); the name alone is ambiguous",
    ),
    **dict.fromkeys(
        (_key(s) for s in _AZERBAIJAN),
        "East Azerbaijan (IR-03) or West Azerbaijan (IR-04); Azerbaijan alone names a "
        "region, not a province, and is ambiguous",
    ),
}
assert not (_AMBIGUOUS.keys() & _LOOKUP.keys())


# ---------------------------------------------------------------------------------------------
# Tables


def provinces_table() -> pd.DataFrame:
    """The 31 provinces, one row each, ordered by current ISO 3166-2 code.

    Columns: ``code`` (ISO 3166-2 since 2020-11-24), ``code_before_2020``, ``name_en``,
    ``name_fa``, ``name_iso`` (ISO romanization with diacritics), all of string dtype.

    Example:
        >>> table = provinces_table()
        >>> len(table), table.loc[table["code"] == "IR-10", "name_en"].item()
        (31, 'Isfahan')
    """
    return pd.DataFrame(
        {
            "code": [p.code for p in _PROVINCES],
            "code_before_2020": [p.code_before_2020 for p in _PROVINCES],
            "name_en": [p.name_en for p in _PROVINCES],
            "name_fa": [p.name_fa for p in _PROVINCES],
            "name_iso": [p.name_iso for p in _PROVINCES],
        },
        dtype="string",
    )


def province_aliases() -> pd.DataFrame:
    """Every spelling this module knows, one row per (code, spelling), long and tidy.

    Example:
        >>> aliases = province_aliases()
        >>> "Esfahan" in set(aliases.loc[aliases["code"] == "IR-10", "spelling"])
        True
    """
    rows = [
        (p.code, spelling)
        for p in _PROVINCES
        for spelling in dict.fromkeys((p.name_en, p.name_fa, p.name_iso, *p.variants))
    ]
    return pd.DataFrame(rows, columns=["code", "spelling"], dtype="string")


def province_spellings() -> pd.DataFrame:
    """The spellings table: how public lists spell each province, with each list's address.

    Columns (all string dtype): ``spelling``, ``iso_3166_2`` (current code), ``source`` and
    ``source_url``; see the module docstring. A fresh frame on every call.

    Example:
        >>> table = province_spellings()
        >>> list(table.columns)
        ['spelling', 'iso_3166_2', 'source', 'source_url']
        >>> bool((resolve(table["spelling"]) == table["iso_3166_2"]).all())
        True
    """
    resource = importlib.resources.files("smeanalysis") / "registry" / "province_spellings.csv"
    with resource.open("r", encoding="utf-8") as handle:
        return pd.read_csv(handle, dtype="string", keep_default_na=False)


# ---------------------------------------------------------------------------------------------
# Resolution

_Vintage = Literal["current", "pre2020"]


def _lookup_one(value: object, *, allow_national: bool, code_vintage: _Vintage) -> str | None:
    """The current code for one non-missing value, ``""`` for a national name, None if unknown."""
    if not isinstance(value, str):
        return None
    key = _key(value)
    code_match = _CODE_KEY.match(key)
    if code_match:
        return _CODE_OF_NUMBER[code_vintage].get(int(code_match.group(1)))
    if key in _LOOKUP:
        return _LOOKUP[key]
    if allow_national and key in _NATIONAL_KEYS:
        return ""
    return None


def _expected_for(value: object, *, code_vintage: _Vintage) -> str:
    """Say what was expected instead of ``value``, naming the closest known spellings."""
    if not isinstance(value, str):
        return f"a province name as text, not {type(value).__name__}"
    key = _key(value)
    if key in _AMBIGUOUS:
        return _AMBIGUOUS[key]
    if key in _NATIONAL_KEYS:
        return "a province (pass allow_national=True to map national names to NA)"
    code_match = _CODE_KEY.match(key)
    if code_match:
        other = "pre2020" if code_vintage == "current" else "current"
        hint = ""
        if int(code_match.group(1)) in _CODE_OF_NUMBER[other]:
            hint = f" (it is a {other} code: pass code_vintage={other!r})"
        return f"an ISO 3166-2 code of the {code_vintage} numbering{hint}"
    close = difflib.get_close_matches(key, _DISPLAY.keys(), n=12, cutoff=0.6)
    best_per_province: dict[str, str] = {}
    for k in close:  # best first; one suggestion per province, at most three
        best_per_province.setdefault(_LOOKUP[k], _DISPLAY[k])
    if not best_per_province:
        return "a province name or ISO 3166-2 code (no close match)"
    named = ", ".join(f"{s!r} ({c})" for c, s in list(best_per_province.items())[:3])
    return f"a province name or ISO 3166-2 code; closest: {named}"


def _resolve_array(
    values: np.ndarray,
    *,
    errors: str,
    allow_national: bool,
    code_vintage: _Vintage,
    column: str | None,
) -> np.ndarray:
    """Resolve an object array; each distinct value is looked up once."""
    return resolve_distinct(
        values,
        lambda value: _lookup_one(value, allow_national=allow_national, code_vintage=code_vintage),
        lambda value: _expected_for(value, code_vintage=code_vintage),
        errors=errors,
        column=column,
        what="province name",
        ambiguous=frozenset(_AMBIGUOUS.values()),
    )


def _check_options(errors: str, code_vintage: str) -> None:
    problems = []
    if errors not in ("raise", "coerce"):
        problems.append(Problem(None, None, "errors", repr(errors), "'raise' or 'coerce'"))
    if code_vintage not in _CODE_SETS:
        problems.append(
            Problem(None, None, "code_vintage", repr(code_vintage), "'current' or 'pre2020'")
        )
    if problems:
        raise ParameterError(problems)


def resolve(
    names: Any,
    errors: Literal["raise", "coerce"] = "raise",
    *,
    allow_national: bool = False,
    code_vintage: _Vintage = "current",
) -> Any:
    """Map province names (any common spelling, English or Persian) or codes to current codes.

    Vectorized: a Series gives a string Series on the same index and name, an Index an Index,
    an array an array, a list a list, and a scalar a scalar. Each distinct value is looked up
    once, so long columns with few distinct names are fast. The input is never modified.

    Matching ignores case, whitespace, diacritics, hyphens and apostrophes, the words
    "province", "Ostan-e" and "استان", connectors ("and", "va", "و", "&"), Arabic versus
    Persian letter forms (ي/ی, ك/ک), zero-width non-joiners and the order of direction words
    ("Azerbaijan, East"). ISO codes are accepted too (``IR-10``, ``ir 10``); since old and new
    numbers overlap, codes are read in the numbering ``code_vintage`` names.

    Args:
        names: Names or codes; missing values (None, NaN, NA) stay missing.
        errors: ``"raise"`` (default) to raise on unknown names, ``"coerce"`` to give NA.
        allow_national: Map names of the whole country ("Iran", "national", "ایران", see
            :data:`NATIONAL_NAMES`) to NA instead of raising: they are not provinces.
        code_vintage: ``"current"`` (ISO 3166-2 since 2020-11-24) or ``"pre2020"``, the
            numbering in which codes among ``names`` are written. Names are unaffected.

    Returns:
        Current ISO 3166-2 codes, in the shape of ``names``.

    Raises:
        SmeAnalysisError: Listing each unknown name once, with its positions and the closest
            known spellings.
        ParameterError: For an unknown ``errors`` or ``code_vintage``.

    Example:
        >>> resolve("Esfahan")
        'IR-10'
        >>> resolve(pd.Series(["Khorasan Razavi", "استان تهران", None])).tolist()
        ['IR-09', 'IR-23', <NA>]
        >>> resolve(["Iran", "Qom"], allow_national=True)
        [<NA>, 'IR-25']
        >>> resolve("IR-04", code_vintage="pre2020")  # Isfahan's code before 2020
        'IR-10'
    """
    _check_options(errors, code_vintage)

    def run(array: np.ndarray, column: str | None) -> np.ndarray:
        return _resolve_array(
            array,
            errors=errors,
            allow_national=allow_national,
            code_vintage=code_vintage,
            column=column,
        )

    return apply_shaped(names, run)


def _map_codes(codes: Any, mapping: dict[str, str], expected: str) -> Any:
    """Map codes through ``mapping`` in the shape of ``codes``, raising on any unknown code."""

    def run(array: np.ndarray, column: str | None) -> np.ndarray:
        keys, uniques = factorize(array)
        mapped: list[Any] = []
        problems: list[Problem] = []
        for k, value in enumerate(uniques):
            key = value.strip().upper() if isinstance(value, str) else None
            if key not in mapping:
                first = int(np.flatnonzero(keys == k)[0])
                problems.append(Problem(None, first, column, repr(value), expected))
            mapped.append(mapping.get(key, pd.NA) if key else pd.NA)
        if problems:
            raise SmeAnalysisError(problems)
        return np.array([*mapped, pd.NA], dtype=object)[keys]

    return apply_shaped(codes, run)


def old_to_new_code(codes: Any) -> Any:
    """Map ISO 3166-2:IR codes from before 2020-11-24 to the current ones.

    Works on scalars, lists, arrays, Index and Series (same shape back); missing stays missing.

    Example:
        >>> old_to_new_code("IR-04"), old_to_new_code(["IR-32", None])
        ('IR-10', ['IR-30', <NA>])
    """
    return _map_codes(codes, _OLD_TO_NEW, "an ISO 3166-2:IR code from before 2020-11-24")


def new_to_old_code(codes: Any) -> Any:
    """Map current ISO 3166-2:IR codes to those used before 2020-11-24.

    Example:
        >>> new_to_old_code(pd.Series(["IR-10", "IR-30"])).tolist()
        ['IR-04', 'IR-32']
    """
    return _map_codes(codes, _NEW_TO_OLD, "a current ISO 3166-2:IR code (IR-00 to IR-30)")


def name(codes: Any, lang: Literal["en", "fa", "iso"] = "en") -> Any:
    """The province name for current codes, in English, Persian or ISO romanization.

    Example:
        >>> name("IR-10"), name("IR-10", lang="fa"), name("IR-09", lang="iso")
        ('Isfahan', 'اصفهان', 'Khorāsān-e Raẕavī')
    """
    fields = {"en": "name_en", "fa": "name_fa", "iso": "name_iso"}
    if lang not in fields:
        raise ParameterError([Problem(None, None, "lang", repr(lang), "'en', 'fa' or 'iso'")])
    mapping = {p.code: getattr(p, fields[lang]) for p in _PROVINCES}
    return _map_codes(codes, mapping, "a current ISO 3166-2:IR code (IR-00 to IR-30)")

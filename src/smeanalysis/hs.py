"""Harmonized System (HS) codes: normalisation, chapters, sections and commodity groups.

Customs declarations and trade statistics identify goods by HS code: 2 digits for the chapter,
4 for the heading, 6 for the international subheading and 8 (Iran's tariff lines) or more for
national subdivisions. Spreadsheets mangle them ("0401" becomes 401, "8418.10" keeps a dot), so
:func:`normalize` turns what it is given into digits only, restoring the leading zero that a
number lost, and checks the chapter.

Chapters:
    01 to 97 are the international chapters, 77 is reserved by the World Customs Organization
    for future use (no goods), and 98 and 99 are left to national use (Iran's tariff and many
    statistics put special transactions there). :data:`CHAPTERS` holds our short English title
    of each of the 96 chapters in use, :data:`SECTIONS` the 21 sections (Roman numeral, number,
    short title, first and last chapter). Titles are abridged from the HS nomenclature (names
    and codes are facts); the test suite checks codes, sections and title words against an
    independent copy of the HS 2022 tables when one is available.

Commodity groups:
    :data:`COMMODITY_GROUPS` maps the product groups that the reports discuss to HS chapters,
    headings and subheadings. Every code of a group starts a code that belongs to it; no code
    belongs to two groups. The choices, and why:

    * ``foodstuff``: chapters 04 (dairy produce, eggs, honey) and 16-22 (prepared foodstuffs
      and beverages: section IV without 23, residues and animal fodder, and 24, tobacco). The
      group stands for the food *industry*, so fresh produce (07 vegetables, 08 fruit and
      nuts such as pistachios and dates, 09 spices such as saffron) stays out; dairy is in
      because Iranian dairy exports are processed (pasteurised, packed) goods of factories.
    * ``household_appliances``: headings 8418 (refrigerators and freezers), 8450 (household
      washing machines), 8415 (air conditioners), 8516 (electric water heaters, space
      heaters, ovens, irons and other electro-thermic domestic appliances), 8509 (electro-
      mechanical domestic appliances), 8508 (vacuum cleaners) and 7321 (stoves, cookers and
      similar non-electric domestic appliances of iron or steel: Iran's gas stoves), plus the
      household subheadings 8422.11 (household dishwashers) and 8414.51 (table, floor, wall
      and ceiling fans up to 125 W); the rest of 8422 and 8414 is industrial machinery.
      Consumer electronics (8528, televisions) are not in the group.
    * ``polymers_plastics``: chapter 39 whole: plastics in primary forms (3901-3914, the
      petrochemical polymers) and articles of plastics (3915-3926).
    * ``chemicals``: chapters 28-38, section VI (products of the chemical or allied
      industries), which includes pharmaceuticals (30) and fertilizers (31). Mineral fuels
      (27) and plastics (39) are not in it.
    * ``rugs``: chapter 57 (carpets and other textile floor coverings: hand-knotted carpets
      5701, kilims and other woven rugs 5702, machine-made tufted 5703).
    * ``leather``: chapter 41 (raw hides, skins and leather) and heading 4203 (articles of
      apparel and clothing accessories of leather). Leather footwear (64) is not in it, and
      handbags have their own group.
    * ``handbags``: heading 4202 (trunks, suitcases, handbags, wallets and similar containers,
      of leather or of other materials).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from smeanalysis.errors import Problem, SmeAnalysisError

__all__ = [
    "CHAPTERS",
    "COMMODITY_GROUPS",
    "NATIONAL_CHAPTERS",
    "RESERVED_CHAPTERS",
    "SECTIONS",
    "Section",
    "chapter",
    "chapter_title",
    "commodity_group",
    "commodity_groups",
    "normalize",
    "normalize_codes",
    "section",
]

#: Chapter 77 is reserved by the WCO for possible future use.
RESERVED_CHAPTERS = frozenset({"77"})
#: Chapters left to national use (special transactions, national tariff provisions).
NATIONAL_CHAPTERS = frozenset({"98", "99"})

#: Short English title of each of the 96 HS chapters in use (abridged from the nomenclature).
CHAPTERS: dict[str, str] = {
    "01": "Live animals",
    "02": "Meat and edible meat offal",
    "03": "Fish and crustaceans, molluscs and other aquatic invertebrates",
    "04": "Dairy produce; birds' eggs; natural honey",
    "05": "Animal products not elsewhere specified",
    "06": "Live trees and other plants; cut flowers",
    "07": "Edible vegetables and certain roots and tubers",
    "08": "Edible fruit and nuts; peel of citrus fruit or melons",
    "09": "Coffee, tea, mate and spices",
    "10": "Cereals",
    "11": "Products of the milling industry; malt; starches",
    "12": "Oil seeds and oleaginous fruits; industrial or medicinal plants",
    "13": "Lac; gums, resins and other vegetable saps and extracts",
    "14": "Vegetable plaiting materials",
    "15": "Animal, vegetable or microbial fats and oils",
    "16": "Preparations of meat, fish or crustaceans",
    "17": "Sugars and sugar confectionery",
    "18": "Cocoa and cocoa preparations",
    "19": "Preparations of cereals, flour, starch or milk; pastrycooks' products",
    "20": "Preparations of vegetables, fruit, nuts",
    "21": "Miscellaneous edible preparations",
    "22": "Beverages, spirits and vinegar",
    "23": "Residues and wastes of the food industries; prepared animal fodder",
    "24": "Tobacco and manufactured tobacco substitutes",
    "25": "Salt; sulphur; earths and stone; plastering materials, lime and cement",
    "26": "Ores, slag and ash",
    "27": "Mineral fuels, mineral oils and products of their distillation",
    "28": "Inorganic chemicals",
    "29": "Organic chemicals",
    "30": "Pharmaceutical products",
    "31": "Fertilizers",
    "32": "Tanning or dyeing extracts; dyes, pigments, paints, varnishes, inks",
    "33": "Essential oils and resinoids; perfumery, cosmetic or toilet preparations",
    "34": "Soap; washing and lubricating preparations; waxes, candles",
    "35": "Albuminoidal substances; modified starches; glues; enzymes",
    "36": "Explosives; pyrotechnic products; matches",
    "37": "Photographic or cinematographic goods",
    "38": "Chemical products n.e.c.",
    "39": "Plastics and articles thereof",
    "40": "Rubber and articles thereof",
    "41": "Raw hides and skins (other than furskins) and leather",
    "42": "Articles of leather; saddlery and harness; travel goods, handbags",
    "43": "Furskins and artificial fur; manufactures thereof",
    "44": "Wood and articles of wood; wood charcoal",
    "45": "Cork and articles of cork",
    "46": "Manufactures of straw, esparto or other plaiting materials; basketware",
    "47": "Pulp of wood; recovered paper or paperboard",
    "48": "Paper and paperboard; articles of paper pulp, of paper or paperboard",
    "49": "Printed books, newspapers, pictures; manuscripts and plans",
    "50": "Silk",
    "51": "Wool, fine or coarse animal hair; horsehair yarn and woven fabric",
    "52": "Cotton",
    "53": "Vegetable textile fibres; paper yarn and woven fabrics of paper yarn",
    "54": "Man-made filaments",
    "55": "Man-made staple fibres",
    "56": "Wadding, felt and nonwovens; special yarns; twine, cordage, ropes and cables",
    "57": "Carpets and other textile floor coverings",
    "58": "Special woven fabrics; tufted textile fabrics; lace; tapestries; embroidery",
    "59": "Impregnated, coated, covered or laminated textile fabrics",
    "60": "Knitted or crocheted fabrics",
    "61": "Apparel and clothing accessories, knitted or crocheted",
    "62": "Apparel and clothing accessories, not knitted or crocheted",
    "63": "Made up textile articles; sets; worn clothing; rags",
    "64": "Footwear, gaiters and the like",
    "65": "Headgear and parts thereof",
    "66": "Umbrellas, sun umbrellas, walking-sticks, whips, riding crops",
    "67": "Prepared feathers and down; artificial flowers; articles of human hair",
    "68": "Articles of stone, plaster, cement, asbestos, mica",
    "69": "Ceramic products",
    "70": "Glass and glassware",
    "71": "Pearls, precious stones, precious metals; imitation jewellery; coin",
    "72": "Iron and steel",
    "73": "Articles of iron or steel",
    "74": "Copper and articles thereof",
    "75": "Nickel and articles thereof",
    "76": "Aluminium and articles thereof",
    "78": "Lead and articles thereof",
    "79": "Zinc and articles thereof",
    "80": "Tin and articles thereof",
    "81": "Metals n.e.c.; cermets; articles thereof",
    "82": "Tools, implements, cutlery, spoons and forks, of base metal",
    "83": "Miscellaneous products of base metal",
    "84": "Machinery and mechanical appliances, boilers, nuclear reactors",
    "85": "Electrical machinery and equipment; sound and television recorders and reproducers",
    "86": "Railway or tramway locomotives, rolling-stock; track fixtures; traffic signalling",
    "87": "Vehicles other than railway or tramway rolling stock",
    "88": "Aircraft, spacecraft and parts thereof",
    "89": "Ships, boats and floating structures",
    "90": "Optical, photographic, cinematographic, measuring, medical or surgical instruments",
    "91": "Clocks and watches and parts thereof",
    "92": "Musical instruments; parts and accessories",
    "93": "Arms and ammunition; parts and accessories thereof",
    "94": "Furniture; bedding, mattresses; lamps; prefabricated buildings",
    "95": "Toys, games and sports requisites",
    "96": "Miscellaneous manufactured articles",
    "97": "Works of art, collectors' pieces and antiques",
}


@dataclass(frozen=True)
class Section:
    """One of the 21 HS sections: a run of chapters.

    Example:
        >>> SECTIONS["VIII"].chapters
        ('41', '42', '43')
    """

    numeral: str
    number: int
    title: str
    first_chapter: int
    last_chapter: int

    @property
    def chapters(self) -> tuple[str, ...]:
        """The section's chapter codes in use (77 left out)."""
        codes = (f"{c:02d}" for c in range(self.first_chapter, self.last_chapter + 1))
        return tuple(code for code in codes if code in CHAPTERS)


_SECTION_ROWS = (
    ("I", "Live animals; animal products", 1, 5),
    ("II", "Vegetable products", 6, 14),
    ("III", "Animal or vegetable fats and oils; prepared edible fats; waxes", 15, 15),
    ("IV", "Prepared foodstuffs; beverages, spirits and vinegar; tobacco", 16, 24),
    ("V", "Mineral products", 25, 27),
    ("VI", "Products of the chemical or allied industries", 28, 38),
    ("VII", "Plastics and articles thereof; rubber and articles thereof", 39, 40),
    ("VIII", "Raw hides and skins, leather, furskins; saddlery; travel goods, handbags", 41, 43),
    ("IX", "Wood and articles of wood; cork; basketware and wickerwork", 44, 46),
    ("X", "Pulp of wood; paper and paperboard and articles thereof", 47, 49),
    ("XI", "Textiles and textile articles", 50, 63),
    ("XII", "Footwear, headgear, umbrellas; artificial flowers; articles of human hair", 64, 67),
    ("XIII", "Articles of stone, plaster, cement; ceramic products; glass and glassware", 68, 70),
    ("XIV", "Pearls, precious stones, precious metals; imitation jewellery; coin", 71, 71),
    ("XV", "Base metals and articles of base metal", 72, 83),
    ("XVI", "Machinery and mechanical appliances; electrical equipment", 84, 85),
    ("XVII", "Vehicles, aircraft, vessels and associated transport equipment", 86, 89),
    ("XVIII", "Optical, photographic, measuring, medical instruments; clocks; musical", 90, 92),
    ("XIX", "Arms and ammunition; parts and accessories thereof", 93, 93),
    ("XX", "Miscellaneous manufactured articles", 94, 96),
    ("XXI", "Works of art, collectors' pieces and antiques", 97, 97),
)

#: The 21 sections by Roman numeral.
SECTIONS: dict[str, Section] = {
    numeral: Section(numeral, number, title, first, last)
    for number, (numeral, title, first, last) in enumerate(_SECTION_ROWS, start=1)
}

_SECTION_OF_CHAPTER = {code: s.numeral for s in SECTIONS.values() for code in s.chapters}

#: Commodity groups of the reports: group -> HS codes (chapters, headings, subheadings) whose
#: extensions belong to it. See the module docstring for why each code is there.
COMMODITY_GROUPS: dict[str, tuple[str, ...]] = {
    "foodstuff": ("04", "16", "17", "18", "19", "20", "21", "22"),
    "household_appliances": (
        "8418",
        "8450",
        "8415",
        "8516",
        "8509",
        "8508",
        "7321",
        "842211",
        "841451",
    ),
    "polymers_plastics": ("39",),
    "chemicals": ("28", "29", "30", "31", "32", "33", "34", "35", "36", "37", "38"),
    "rugs": ("57",),
    "leather": ("41", "4203"),
    "handbags": ("4202",),
}

_CLEAN = re.compile(r"[\s.]")


def _problem_with(code: object) -> tuple[str | None, str]:
    """(normalised code or None, what was expected)."""
    if not isinstance(code, str):
        if isinstance(code, int) and not isinstance(code, bool) and code >= 0:
            code = str(code)
        else:
            return None, "an HS code as a string of digits (an int loses no digits only if > 0)"
    digits = _CLEAN.sub("", code)
    if not digits.isascii() or not digits.isdigit():
        return None, "digits only (dots and spaces are ignored)"
    if len(digits) % 2:
        # An odd length means a spreadsheet dropped the leading zero ("401" for "0401").
        digits = "0" + digits
    if not 2 <= len(digits) <= 12:
        return None, "2 to 12 digits"
    chapter_code = digits[:2]
    if chapter_code in RESERVED_CHAPTERS:
        return None, "a chapter in use (77 is reserved)"
    if chapter_code not in CHAPTERS and chapter_code not in NATIONAL_CHAPTERS:
        return None, "a chapter from 01 to 97, or 98/99 (national use)"
    return digits, ""


def normalize(code: str | int) -> str:
    """Return an HS code as digits only, with the leading zero a spreadsheet dropped restored.

    Args:
        code: An HS code such as ``"8418.10"``, ``"0401 10"``, ``"401"`` or ``401``.

    Returns:
        The code as an even number of digits (2 to 12).

    Raises:
        SmeAnalysisError: Not digits, too long, or an unknown or reserved chapter.

    Example:
        >>> normalize("8418.10"), normalize(401), normalize("57 01")
        ('841810', '0401', '5701')
    """
    digits, expected = _problem_with(code)
    if digits is None:
        raise SmeAnalysisError([Problem(None, None, None, repr(code), expected)])
    return digits


def normalize_codes(codes: Iterable[object], column: str = "hs_code") -> pd.Series:
    """Normalise a column of HS codes; report every bad one at once.

    Args:
        codes: A Series (its index is kept) or any iterable of codes; missing values stay
            missing.
        column: The column name used in error messages.

    Returns:
        A string Series of normalised codes.

    Raises:
        SmeAnalysisError: One problem per bad code, with its 0-based position.

    Example:
        >>> normalize_codes(["39.01", "401", None]).tolist()
        ['3901', '0401', <NA>]
    """
    series = codes if isinstance(codes, pd.Series) else pd.Series(list(codes), dtype="object")
    distinct = series.dropna().unique()
    mapping: dict[object, str] = {}
    bad: dict[object, str] = {}
    for value in distinct:  # one check per distinct code, not per row
        digits, expected = _problem_with(value)
        if digits is None:
            bad[value] = expected
        else:
            mapping[value] = digits
    if bad:
        flags = series.isin(list(bad)).to_numpy()
        positions = [int(p) for p in flags.nonzero()[0]]
        raise SmeAnalysisError(
            [
                Problem(None, p, column, repr(series.iloc[p]), bad[series.iloc[p]])
                for p in positions
            ],
            summary=f"{len(positions)} bad HS code(s):",
        )
    return series.map(mapping).astype("string")


def chapter(code: str | int) -> str:
    """Return the two-digit chapter of an HS code.

    Example:
        >>> chapter("4202.21")
        '42'
    """
    return normalize(code)[:2]


def chapter_title(code: str | int) -> str:
    """Return the short title of a code's chapter.

    Example:
        >>> chapter_title("5701")
        'Carpets and other textile floor coverings'
    """
    chapter_code = chapter(code)
    if chapter_code in NATIONAL_CHAPTERS:
        return "Reserved for national use"
    return CHAPTERS[chapter_code]


def section(code: str | int) -> Section | None:
    """Return the section of a code's chapter (``None`` for national chapters 98/99).

    Example:
        >>> section("3901").numeral, section("3901").title
        ('VII', 'Plastics and articles thereof; rubber and articles thereof')
    """
    return SECTIONS.get(_SECTION_OF_CHAPTER.get(chapter(code), ""))


def commodity_group(code: str | int) -> str | None:
    """Return the commodity group of an HS code, or ``None`` when it is in none.

    Example:
        >>> commodity_group("570110"), commodity_group("4202.21"), commodity_group("8422.19")
        ('rugs', 'handbags', None)
    """
    digits = normalize(code)
    for group, prefixes in COMMODITY_GROUPS.items():
        if digits.startswith(prefixes):
            return group
    return None


def commodity_groups(codes: Iterable[object], column: str = "hs_code") -> pd.Series:
    """Return the commodity group of each code (missing where in none), validated first.

    Example:
        >>> commodity_groups(["0401", "3901", "2709"]).tolist()
        ['foodstuff', 'polymers_plastics', <NA>]
    """
    normalised = normalize_codes(codes, column)
    groups = {code: commodity_group(code) for code in normalised.dropna().unique()}
    return normalised.map(groups).astype("string")

"""Where each of Iran's 31 provinces sits on the tile grid, and the grid as HTML links.

The layout behind :mod:`smeanalysis.reports.tilemap` (which draws it with matplotlib), kept
apart so that pages and indexes can place provinces without loading matplotlib: the report
index shows a batch of one page per province as this grid of links (:func:`tile_links`).

Provinces are keyed by their current ISO 3166-2 code (``IR-00`` Markazi to ``IR-30``
Alborz, the codes in force since 2020-11-24; checked against
``../shared/reference/iran_provinces.csv``).
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

from smeanalysis import provinces
from smeanalysis.errors import Problem, SmeAnalysisError

__all__ = ["NO_DATA_COLOUR", "PROVINCES", "TILES", "resolve_codes", "tile_links"]

#: Current ISO 3166-2 code -> (English name, short tile label).
PROVINCES: dict[str, tuple[str, str]] = {
    "IR-00": ("Markazi", "MRK"),
    "IR-01": ("Gilan", "GIL"),
    "IR-02": ("Mazandaran", "MZN"),
    "IR-03": ("East Azerbaijan", "EAZ"),
    "IR-04": ("West Azerbaijan", "WAZ"),
    "IR-05": ("Kermanshah", "KSH"),
    "IR-06": ("Khuzestan", "KHZ"),
    "IR-07": ("Fars", "FRS"),
    "IR-08": ("Kerman", "KRM"),
    "IR-09": ("Razavi Khorasan", "RKH"),
    "IR-10": ("Isfahan", "ISF"),
    "IR-11": ("Sistan and Baluchestan", "SBL"),
    "IR-12": ("Kurdistan", "KRD"),
    "IR-13": ("Hamadan", "HMD"),
    "IR-14": ("Chaharmahal and Bakhtiari", "CHB"),
    "IR-15": ("Lorestan", "LRS"),
    "IR-16": ("Ilam", "ILM"),
    "IR-17": ("Kohgiluyeh and Boyer-Ahmad", "KBA"),
    "IR-18": ("Bushehr", "BSH"),
    "IR-19": ("Zanjan", "ZNJ"),
    "IR-20": ("Semnan", "SMN"),
    "IR-21": ("Yazd", "YZD"),
    "IR-22": ("Hormozgan", "HRM"),
    "IR-23": ("Tehran", "THR"),
    "IR-24": ("Ardabil", "ARD"),
    "IR-25": ("Qom", "QOM"),
    "IR-26": ("Qazvin", "QZV"),
    "IR-27": ("Golestan", "GLS"),
    "IR-28": ("North Khorasan", "NKH"),
    "IR-29": ("South Khorasan", "SKH"),
    "IR-30": ("Alborz", "ALB"),
}

#: Code -> (column, row) on a 7 x 6 grid; column 0 is the west, row 0 the north.
TILES: dict[str, tuple[int, int]] = {
    # The north-west and the Caspian coast.
    "IR-04": (0, 0),
    "IR-03": (1, 0),
    "IR-24": (2, 0),
    "IR-12": (0, 1),
    "IR-19": (1, 1),
    "IR-01": (2, 1),
    "IR-02": (3, 1),
    "IR-27": (4, 1),
    "IR-28": (5, 1),
    # The Zagros edge, the capital region and Khorasan.
    "IR-05": (0, 2),
    "IR-13": (1, 2),
    "IR-26": (2, 2),
    "IR-30": (3, 2),
    "IR-23": (4, 2),
    "IR-20": (5, 2),
    "IR-09": (6, 2),
    # The centre.
    "IR-16": (0, 3),
    "IR-15": (1, 3),
    "IR-00": (2, 3),
    "IR-25": (3, 3),
    "IR-10": (4, 3),
    "IR-21": (5, 3),
    "IR-29": (6, 3),
    # The south-west, the south and the south-east.
    "IR-06": (1, 4),
    "IR-14": (2, 4),
    "IR-17": (3, 4),
    "IR-07": (4, 4),
    "IR-08": (5, 4),
    "IR-11": (6, 4),
    "IR-18": (3, 5),
    "IR-22": (5, 5),
}

#: Colour of a province without a value (and of its legend entry).
NO_DATA_COLOUR = "#d0d0d0"

_EXPECTED_KEY = "an ISO 3166-2 code IR-00 to IR-30 or a province name"


def _lookup_name(name: str) -> str | None:
    """A province name to its code (``provinces.resolve``, then the tile names exactly)."""
    try:
        code = provinces.resolve(name)
    except (ValueError, KeyError):
        code = None
    if isinstance(code, str) and code in PROVINCES:
        return code
    folded = name.strip().casefold()
    for code, (english, label) in PROVINCES.items():
        if folded in (english.casefold(), label.casefold()):
            return code
    return None


def resolve_codes(keys: Any) -> list[str]:
    """Turn province codes or names into current ISO codes, raising on any unknown key.

    Args:
        keys: Codes (``IR-23``) or names (``Tehran``), any iterable.

    Raises:
        SmeAnalysisError: Every unknown or duplicated key, with its position.

    Example:
        >>> resolve_codes(["IR-23", "Alborz"])
        ['IR-23', 'IR-30']
    """
    problems: list[Problem] = []
    codes: list[str] = []
    for position, key in enumerate(keys):
        text = str(key).strip() if isinstance(key, str) else None
        code = None
        if text is not None:
            code = text.upper() if text.upper() in PROVINCES else _lookup_name(text)
        if code is None:
            problems.append(Problem(None, position, "code", repr(key), _EXPECTED_KEY))
            continue
        if code in codes:
            problems.append(
                Problem(None, position, "code", repr(key), f"one value per province ({code})")
            )
        codes.append(code)
    if problems:
        raise SmeAnalysisError(problems)
    return codes


def tile_links(links: Mapping[str, str], names: Mapping[str, str] | None = None) -> str:
    """The tile grid as inline HTML: one square a province, linking to its page.

    A CSS grid of :data:`TILES` (north at the top), each tile the province's short label with
    its name as the link's text for screen readers and its tooltip; a province without a
    page is a grey tile without a link. Nothing is fetched: no script, no image, no font.

    Args:
        links: Province code or name -> the address of its page (relative, e.g.
            ``Isfahan.html``).
        names: Code -> the name to show (default the English names of :data:`PROVINCES`),
            e.g. in the page's language.

    Raises:
        SmeAnalysisError: An unknown province (see :func:`resolve_codes`).

    Example:
        >>> grid = tile_links({"Isfahan": "Isfahan.html"})
        >>> grid.count("<a "), 'href="Isfahan.html"' in grid, grid.count('class="sme-tile"')
        (1, True, 1)
    """
    codes = resolve_codes(list(links))
    by_code = dict(zip(codes, (str(href) for href in links.values()), strict=True))
    names = dict(names or {})
    columns = max(column for column, _ in TILES.values()) + 1
    rows = max(row for _, row in TILES.values()) + 1
    tiles = []
    for code, (column, row) in sorted(TILES.items(), key=lambda item: item[1][::-1]):
        name = html.escape(names.get(code, PROVINCES[code][0]))
        label = html.escape(PROVINCES[code][1])
        place = f"grid-column:{column + 1};grid-row:{row + 1}"
        if code in by_code:
            tiles.append(
                f'<a class="sme-tile" style="{place}" href="{html.escape(by_code[code])}" '
                f'title="{name}"><span class="sme-tile-code">{label}</span>'
                f'<span class="sme-tile-name">{name}</span></a>'
            )
        else:
            tiles.append(
                f'<span class="sme-tile sme-tile-none" style="{place}" title="{name}">'
                f'<span class="sme-tile-code">{label}</span>'
                f'<span class="sme-tile-name">{name}</span></span>'
            )
    style = (
        "<style>.sme-tiles{display:grid;gap:4px;max-width:44rem;margin:1rem 0;"
        f"grid-template-columns:repeat({columns},1fr);grid-template-rows:repeat({rows},4.2rem)}}"
        ".sme-tile{display:flex;flex-direction:column;justify-content:center;align-items:center;"
        "background:#0173b2;color:#fff;text-decoration:none;border-radius:3px;font-size:.7rem;"
        "text-align:center;padding:2px;overflow:hidden}"
        ".sme-tile:hover,.sme-tile:focus{background:#004c7a}"
        ".sme-tile-code{font-weight:bold;font-size:.9rem}"
        f".sme-tile-none{{background:{NO_DATA_COLOUR};color:#333}}</style>"
    )
    return f'{style}<nav class="sme-tiles" aria-label="Provinces">' + "".join(tiles) + "</nav>"

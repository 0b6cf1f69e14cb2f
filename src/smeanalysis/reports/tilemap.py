"""A tile-grid map of Iran's 31 provinces: one equal square per province.

A choropleth lets Khorasan, Kerman and Sistan and Baluchestan dominate by area; a tile grid
gives Tehran, Alborz and Qom the same room as the large provinces, which is what a
province-by-province indicator needs. Each tile sits roughly where its province lies (north
at the top) so that neighbours stay next to each other (touching edges or corners).

Provinces are keyed by their current ISO 3166-2 code (``IR-00`` Markazi to ``IR-30``
Alborz, the codes in force since 2020-11-24; checked against
``../shared/reference/iran_provinces.csv``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from smeanalysis import provinces
from smeanalysis.errors import Problem, SmeAnalysisError
from smeanalysis.reports.charts import finish
from smeanalysis.reports.text import MISSING, number

__all__ = ["NO_DATA_COLOUR", "PROVINCES", "TILES", "resolve_codes", "tile_frame", "tile_map"]

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


def _as_series(values: Any, code_column: str, value_column: str) -> pd.Series:
    if isinstance(values, pd.DataFrame):
        missing = [c for c in (code_column, value_column) if c not in values.columns]
        if missing:
            raise SmeAnalysisError(
                [
                    Problem(None, None, column, "no such column", "a column of the frame")
                    for column in missing
                ]
            )
        series = pd.Series(values[value_column].to_numpy(), index=values[code_column].to_numpy())
    elif isinstance(values, pd.Series):
        series = values
    elif isinstance(values, Mapping):
        series = pd.Series(dict(values))
    else:
        raise SmeAnalysisError(
            [
                Problem(
                    None,
                    None,
                    "values",
                    type(values).__name__,
                    "a Series indexed by province, a mapping, or a frame with code/value",
                )
            ]
        )
    numbers = pd.to_numeric(pd.Series(series.to_numpy(dtype=object)), errors="coerce")
    bad = numbers.isna() & pd.Series(series.to_numpy(dtype=object)).notna()
    if bad.any():
        raise SmeAnalysisError(
            [
                Problem(None, int(position), "value", repr(series.iloc[position]), "a number")
                for position in np.flatnonzero(bad.to_numpy())
            ]
        )
    codes = resolve_codes(list(series.index))
    return pd.Series(numbers.to_numpy(dtype="float64"), index=pd.Index(codes, name="code"))


def tile_frame(
    values: Any = None, *, code_column: str = "code", value_column: str = "value"
) -> pd.DataFrame:
    """All 31 tiles with their grid cell, label and value (NaN where there is none).

    Args:
        values: A Series indexed by province code or name, a mapping, or a frame with
            ``code_column`` and ``value_column``; ``None`` for an empty map.
        code_column: The frame's province column.
        value_column: The frame's value column.

    Returns:
        Columns ``code``, ``name``, ``label``, ``col``, ``row``, ``value``, ordered by code.

    Example:
        >>> tiles = tile_frame(pd.Series({"Tehran": 5.0}))
        >>> len(tiles), tiles.set_index("code").loc["IR-23", "value"]
        (31, np.float64(5.0))
    """
    given = (
        pd.Series(dtype="float64")
        if values is None
        else _as_series(values, code_column, value_column)
    )
    codes = sorted(PROVINCES)
    return pd.DataFrame(
        {
            "code": pd.array(codes, dtype="string"),
            "name": pd.array([PROVINCES[c][0] for c in codes], dtype="string"),
            "label": pd.array([PROVINCES[c][1] for c in codes], dtype="string"),
            "col": [TILES[c][0] for c in codes],
            "row": [TILES[c][1] for c in codes],
            "value": given.reindex(codes).to_numpy(dtype="float64"),
        }
    )


def tile_map(
    values: Any,
    ax: Any = None,
    *,
    title: str,
    units: str,
    source: str,
    cmap: str = "viridis",
    value_format: str | None = None,
    code_column: str = "code",
    value_column: str = "value",
) -> tuple[Any, Any]:
    """Draw the tile-grid map, coloured by the indicator, grey where there is no data.

    Args:
        values: A Series indexed by province code (``IR-23``) or name, a mapping, or a frame
            with ``code_column`` and ``value_column``. Provinces left out are "no data".
        ax: Axes to draw on; a new figure when ``None``.
        title: Chart title.
        units: What the numbers are (shown with the title and on the colour bar).
        source: The source line.
        cmap: A matplotlib colour map name.
        value_format: How a value is printed under the tile label (a ``str.format`` pattern);
            ``None`` for the text kit's :func:`smeanalysis.reports.text.number`, whole.
        code_column: The frame's province column.
        value_column: The frame's value column.

    Returns:
        ``(figure, axes)``.

    Raises:
        SmeAnalysisError: Unknown or duplicated provinces, or values that are not numbers.

    Example:
        >>> import matplotlib
        >>> matplotlib.use("Agg")
        >>> fig, ax = tile_map(pd.Series({"IR-23": 3.0, "IR-30": 1.0}), title="Demo",
        ...                    units="count", source="synthetic")
        >>> len(ax.patches)
        31
    """
    import matplotlib.pyplot as plt
    from matplotlib.colors import Normalize, to_rgb
    from matplotlib.patches import Patch, Rectangle

    tiles = tile_frame(values, code_column=code_column, value_column=value_column)
    if ax is None:
        fig, ax = plt.subplots(figsize=(7, 6.2))
    fig = ax.figure
    finite = tiles["value"].dropna()
    colour_map = plt.get_cmap(cmap)
    low, high = (finite.min(), finite.max()) if not finite.empty else (0.0, 1.0)
    if low == high:  # one distinct value: colour it mid-scale rather than divide by zero
        low, high = low - 1, high + 1
    norm = Normalize(vmin=low, vmax=high)
    n_rows = max(row for _, row in TILES.values()) + 1
    for tile in tiles.itertuples(index=False):
        has_value = not np.isnan(tile.value)
        colour = colour_map(norm(tile.value)) if has_value else NO_DATA_COLOUR
        x, y = tile.col, n_rows - 1 - tile.row  # row 0 (north) at the top
        ax.add_patch(
            Rectangle((x + 0.04, y + 0.04), 0.92, 0.92, facecolor=colour, edgecolor="white")
        )
        red, green, blue = to_rgb(colour)
        ink = "black" if 0.299 * red + 0.587 * green + 0.114 * blue > 0.5 else "white"
        ax.text(
            x + 0.5,
            y + 0.62,
            tile.label,
            ha="center",
            va="center",
            fontsize=9,
            fontweight="bold",
            color=ink,
        )
        ax.text(
            x + 0.5,
            y + 0.32,
            (number(tile.value, 0) if value_format is None else value_format.format(tile.value))
            if has_value
            else MISSING,
            ha="center",
            va="center",
            fontsize=7,
            color=ink,
        )
    ax.set_xlim(0, max(col for col, _ in TILES.values()) + 1)
    ax.set_ylim(0, n_rows)
    ax.set_aspect("equal")
    ax.set_axis_off()
    if not finite.empty:
        mappable = plt.cm.ScalarMappable(norm=norm, cmap=colour_map)
        bar = fig.colorbar(mappable, ax=ax, shrink=0.6, pad=0.02)
        bar.set_label(units)
    if tiles["value"].isna().any():
        ax.legend(
            handles=[Patch(facecolor=NO_DATA_COLOUR, edgecolor="white", label="no data")],
            loc="lower left",
            frameon=False,
            fontsize=8,
        )
    finish(ax, title=title, units=units, source=source)
    return fig, ax

"""A tile-grid map of Iran's 31 provinces: one equal square per province.

A choropleth lets Khorasan, Kerman and Sistan and Baluchestan dominate by area; a tile grid
gives Tehran, Alborz and Qom the same room as the large provinces, which is what a
province-by-province indicator needs. Each tile sits roughly where its province lies (north
at the top) so that neighbours stay next to each other (touching edges or corners); the layout
lives in :mod:`smeanalysis.reports.tiles`, which also writes it as a grid of HTML links.

Provinces are keyed by their current ISO 3166-2 code (``IR-00`` Markazi to ``IR-30``
Alborz, the codes in force since 2020-11-24; checked against
``../shared/reference/iran_provinces.csv``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from smeanalysis.errors import Problem, SmeAnalysisError
from smeanalysis.reports.charts import finish
from smeanalysis.reports.text import MISSING, number
from smeanalysis.reports.tiles import NO_DATA_COLOUR, PROVINCES, TILES, resolve_codes, tile_links

__all__ = [
    "NO_DATA_COLOUR",
    "PROVINCES",
    "TILES",
    "resolve_codes",
    "tile_frame",
    "tile_links",
    "tile_map",
]


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
            fontsize=10,
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
            fontsize=9,
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
            fontsize=10,
        )
    data = tiles.loc[tiles["value"].notna(), ["name", "code", "value"]].rename(
        columns={"name": "Province", "code": "ISO 3166-2", "value": units}
    )
    finish(ax, title=title, units=units, source=source, data=data.reset_index(drop=True))
    return fig, ax

"""Charts for the reports: one seaborn theme, and every chart finished the same way.

Every chart in every report goes through :func:`finish`, which sets the title, puts the
units on the value axis and writes a source line under the chart. :func:`set_theme`
also makes the output deterministic: PNG without the ``Software`` metadata key and a
fixed SVG hash salt (anything random takes ``seed=SEED``), so the same data draw the same bytes.

Example:
    >>> import pandas as pd
    >>> set_theme()
    >>> frame = pd.DataFrame({"year": ["1397", "1398"], "usd": [4.0e9, 2.4e9]})
    >>> ax = bar_with_range(frame, x="year", y="usd")
    >>> fig = finish(ax, title="SME exports", units="billion USD", source="tehrantimes.com")
    >>> ax.get_title(loc="left"), ax.get_ylabel()
    ('SME exports', 'billion USD')
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from smeanalysis.errors import SmeAnalysisError
from smeanalysis.reports.text import number

__all__ = [
    "PALETTE",
    "bar_with_range",
    "billions",
    "finish",
    "line_with_range",
    "set_theme",
    "source_line",
]

#: Colour-blind-safe palette used by every report.
PALETTE = "colorblind"
#: Seed for anything random in a chart (seaborn's bootstrap, jitter).
SEED = 1398
#: The marker :func:`finish` leaves on a figure, so a test can tell it was finished.
FINISHED = "_smeanalysis_finished"


def set_theme() -> None:
    """Apply the reports' seaborn theme and deterministic output settings.

    Safe to call more than once; inside IPython it also makes the inline backend emit
    PNGs without the ``Software`` metadata (it names the matplotlib version).

    Example:
        >>> set_theme()
        >>> mpl.rcParams["svg.hashsalt"]
        'smeanalysis'
    """
    sns.set_theme(context="notebook", style="whitegrid", palette=PALETTE)
    mpl.rcParams.update(
        {
            "figure.figsize": (8.0, 4.5),
            "figure.dpi": 100,
            "savefig.dpi": 100,
            "svg.hashsalt": "smeanalysis",
            "axes.titleweight": "bold",
        }
    )
    try:
        from IPython import get_ipython
        from matplotlib_inline.backend_inline import set_matplotlib_formats
    except ImportError:  # outside a notebook: nothing more to set
        return
    if get_ipython() is not None:
        set_matplotlib_formats("png", metadata={"Software": None}, bbox_inches="tight")


def source_line(urls: Iterable[str], note: str = "") -> str:
    """Summarise source pages as their sites, in order of first appearance.

    Example:
        >>> source_line(["https://www.tehrantimes.com/news/1", "https://en.mehrnews.com/x",
        ...              "https://www.tehrantimes.com/news/2"])
        'tehrantimes.com, en.mehrnews.com'
    """
    sites: list[str] = []
    for url in urls:
        if not isinstance(url, str) or not url:
            continue
        host = urlsplit(url).netloc.lower().removeprefix("www.")
        if host and host not in sites:
            sites.append(host)
    text = ", ".join(sites)
    return f"{text}; {note}" if note else text


def _figure_of(target: Axes | Figure) -> tuple[Figure, list[Axes]]:
    if isinstance(target, Figure):
        return target, list(target.axes)
    return target.figure, [target]


def finish(
    target: Axes | Figure,
    *,
    title: str,
    units: str,
    source: str,
    value_axis: str = "y",
) -> Figure:
    """Give a chart its title, units on the value axis and a source line underneath.

    Args:
        target: the axes (or a figure: the title goes on the figure, units on every axes).
        title: what the chart shows.
        units: the value axis' units, e.g. ``"billion USD"`` or ``"count"``.
        source: where the numbers come from (see :func:`source_line`).
        value_axis: ``"y"`` (default) or ``"x"`` for horizontal bars.

    Raises:
        SmeAnalysisError: an empty title, units or source: every chart needs all three.

    Example:
        >>> fig, ax = plt.subplots()
        >>> _ = finish(ax, title="Exports", units="USD", source="irna.ir")
        >>> [text.get_text() for text in fig.texts]
        ['Source: irna.ir']
        >>> plt.close(fig)
    """
    missing = [
        name
        for name, text in (("title", title), ("units", units), ("source", source))
        if not str(text or "").strip()
    ]
    if missing:
        raise SmeAnalysisError(f"a chart needs a {', '.join(missing)}: every chart says all three")
    if value_axis not in ("x", "y"):
        raise SmeAnalysisError(f"value_axis {value_axis!r}: expected 'x' or 'y'")
    fig, axes = _figure_of(target)
    if isinstance(target, Figure):
        fig.suptitle(title, x=0.01, ha="left", fontweight="bold")
    else:
        target.set_title(title, loc="left")
    for ax in axes:
        (ax.set_ylabel if value_axis == "y" else ax.set_xlabel)(units)
    for text in list(fig.texts):
        if getattr(text, FINISHED, False):
            text.remove()  # finishing twice replaces the source line
    line = fig.text(
        0.01,
        -0.01,
        f"Source: {source}",
        ha="left",
        va="top",
        fontsize=8,
        color="#444444",
        wrap=True,
    )
    setattr(line, FINISHED, True)
    setattr(fig, FINISHED, True)
    return fig


def billions(ax: Axes, axis: str = "y") -> Axes:
    """Show an axis' values divided by a billion (label the units ``billion ...``).

    Example:
        >>> fig, ax = plt.subplots()
        >>> billions(ax).yaxis.get_major_formatter()(2.4e9, 0)
        '2.4'
        >>> plt.close(fig)
    """
    formatter = FuncFormatter(lambda value, _pos: number(value / 1e9))
    (ax.yaxis if axis == "y" else ax.xaxis).set_major_formatter(formatter)
    return ax


def bar_with_range(
    data: pd.DataFrame,
    *,
    x: str,
    y: str,
    low: str | None = None,
    high: str | None = None,
    hue: str | None = None,
    ax: Axes | None = None,
    **kwargs: Any,
) -> Axes:
    """Draw bars of ``y`` by ``x``, with a whisker from ``low`` to ``high`` where given.

    The range shows, for instance, the lowest and highest of several official
    statements for the same period; the bar is the value chosen. The frame is not
    modified.

    Example:
        >>> frame = pd.DataFrame({"p": ["H1", "9m"], "v": [1.49, 1.6], "lo": [1.03, 1.6],
        ...                       "hi": [1.49, 1.6]})
        >>> ax = bar_with_range(frame, x="p", y="v", low="lo", high="hi")
        >>> len(ax.patches)
        2
        >>> plt.close(ax.figure)
    """
    if ax is None:
        _, ax = plt.subplots()
    sns.barplot(data=data, x=x, y=y, hue=hue, ax=ax, errorbar=None, **kwargs)
    if low is not None and high is not None:
        positions = {
            label.get_text(): tick
            for tick, label in zip(ax.get_xticks(), ax.get_xticklabels(), strict=True)
        }
        rows = data.dropna(subset=[low, high])
        xs = [positions[str(value)] for value in rows[x]]
        centre = rows[y].to_numpy(dtype=float)
        err = np.vstack(
            [centre - rows[low].to_numpy(dtype=float), rows[high].to_numpy(dtype=float) - centre]
        ).clip(min=0)
        ax.errorbar(xs, centre, yerr=err, fmt="none", ecolor="#333333", capsize=4, lw=1)
    return ax


def line_with_range(
    data: pd.DataFrame,
    *,
    x: str,
    y: str,
    low: str | None = None,
    high: str | None = None,
    ax: Axes | None = None,
    label: str | None = None,
    **kwargs: Any,
) -> Axes:
    """Draw ``y`` against ``x`` as a line with markers, shading ``low``-``high`` if given.

    Example:
        >>> frame = pd.DataFrame({"m": [5, 6, 9], "v": [1.03, 1.49, 1.6]})
        >>> ax = line_with_range(frame, x="m", y="v")
        >>> len(ax.lines)
        1
        >>> plt.close(ax.figure)
    """
    if ax is None:
        _, ax = plt.subplots()
    ordered = data.sort_values(x)
    ax.plot(ordered[x], ordered[y], marker="o", label=label, **kwargs)
    if low is not None and high is not None:
        ax.fill_between(ordered[x], ordered[low], ordered[high], alpha=0.2, linewidth=0)
    return ax

"""Charts for the reports: one seaborn theme, and every chart finished the same way.

Every chart in every report goes through :func:`finish`, which sets the title, puts the
units on the value axis and writes a source line under the chart (below the tick labels and
any legend under the axes, wherever they end); the image's ``alt`` on the page says what it
shows, its title and units (:func:`chart_alt`), in the page's language. Given ``data=``, the
chart's numbers travel with its image: inside a notebook (after :func:`set_theme`) every
display of the figure carries them as CSV (:data:`smeanalysis.reports.page.CHART_DATA`), and
the page shows a "Download data" link right under the image. :func:`set_theme` also makes the output
deterministic: PNG without the ``Software`` metadata key and a
fixed SVG hash salt (anything random takes ``seed=SEED``), so the same data draw the same bytes.
Its font sizes keep chart text at 9 pt or more once the image is scaled to the page's width.

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

import re
from collections.abc import Iterable
from typing import Any

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.text import Annotation
from matplotlib.ticker import FuncFormatter, MaxNLocator
from matplotlib.transforms import Bbox

from smeanalysis.errors import SmeAnalysisError
from smeanalysis.reports.page import CHART_ALT, CHART_ALT_TEXT, CHART_DATA
from smeanalysis.reports.text import csv_text, number, publisher

__all__ = [
    "PALETTE",
    "bar_with_range",
    "billions",
    "chart_alt",
    "chart_data",
    "finish",
    "legend_outside",
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
#: Where :func:`finish` keeps a chart's numbers on its figure: ``(file name, CSV text)``.
DATA = "_smeanalysis_data"
#: Where :func:`finish` keeps a chart's alternative text on its figure (:func:`chart_alt`).
ALT = "_smeanalysis_alt"


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
            # A chart of figsize[0] inches is drawn 100 px an inch and scaled to the page's
            # width (about 900 px): 10 pt or more stays 9 pt or more at 11 inches wide.
            "font.size": 11,
            "axes.titlesize": 12,
            "axes.labelsize": 11,
            "xtick.labelsize": 10,
            "ytick.labelsize": 10,
            "legend.fontsize": 10,
            "legend.title_fontsize": 10,
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
    shell = get_ipython()
    if shell is not None:
        set_matplotlib_formats("png", metadata={"Software": None}, bbox_inches="tight")
        _register_data_formatter()


def _register_data_formatter() -> None:
    """Inside IPython, make every display of a figure carry its numbers (:func:`chart_data`)."""
    try:
        from IPython import get_ipython
        from IPython.core.formatters import BaseFormatter
        from traitlets import ObjectName, Unicode
    except ImportError:  # outside a notebook: no display to carry them
        return
    shell = get_ipython()
    if shell is None:
        return
    formatters = shell.display_formatter.formatters
    if CHART_DATA not in formatters:

        class ChartDataFormatter(BaseFormatter):
            format_type = Unicode(CHART_DATA)
            print_method = ObjectName("_repr_smeanalysis_data_")

        formatters[CHART_DATA] = ChartDataFormatter(parent=shell.display_formatter)
    formatters[CHART_DATA].for_type(Figure, chart_data)
    if CHART_ALT not in formatters:

        class ChartAltFormatter(BaseFormatter):
            format_type = Unicode(CHART_ALT)
            print_method = ObjectName("_repr_smeanalysis_alt_")

        formatters[CHART_ALT] = ChartAltFormatter(parent=shell.display_formatter)
    formatters[CHART_ALT].for_type(Figure, chart_alt)


def chart_alt(fig: Figure) -> str | None:
    """The alternative text :func:`finish` gave a figure (its title and units), or ``None``.

    Inside a notebook every display of the figure carries it (:data:`CHART_ALT`), and the
    page writes it into the image's ``alt``, in the page's language.

    Example:
        >>> fig, ax = plt.subplots()
        >>> _ = finish(ax, title="SME exports", units="billion USD", source="irna.ir")
        >>> chart_alt(fig)
        'Chart: SME exports. Values in billion USD.'
        >>> plt.close(fig)
    """
    return getattr(fig, ALT, None)


def chart_data(fig: Figure) -> tuple[str, dict[str, str]] | None:
    r"""The numbers :func:`finish` recorded on a figure, as CSV text and its file name.

    Returns:
        ``(csv, {"filename": ...})`` (IPython's formatter form: data, metadata), or ``None``
        for a figure finished without ``data``.

    Example:
        >>> fig, ax = plt.subplots()
        >>> frame = pd.DataFrame({"year": [1398], "usd": [1.6e9]})
        >>> _ = finish(ax, title="SME exports", units="USD", source="irna.ir", data=frame)
        >>> chart_data(fig)
        ('year,usd\r\n1398,1600000000\r\n', {'filename': 'SME_exports.csv'})
        >>> plt.close(fig)
    """
    found = getattr(fig, DATA, None)
    if found is None:
        return None
    name, text = found
    return text, {"filename": f"{name}.csv"}


def source_line(urls: Iterable[str], note: str = "") -> str:
    """Summarise source pages by their publishers, in order of first appearance.

    Publishers are named as the pages' links name them (:func:`smeanalysis.reports.text.publisher`:
    ``registry/publishers.csv``, a CDN mirror by the outlet it mirrors, else a readable domain).

    Example:
        >>> source_line(["https://www.tehrantimes.com/news/1", "https://en.mehrnews.com/x",
        ...              "https://www.tehrantimes.com/news/2", "https://www.example.org/p"])
        'Tehran Times, Mehr News, example.org'
    """
    sites: list[str] = []
    for url in urls:
        if not isinstance(url, str) or not url:
            continue
        host = publisher(url)
        if host and host not in sites:
            sites.append(host)
    text = ", ".join(sites)
    return f"{text}; {note}" if note else text


def _figure_of(target: Axes | Figure) -> tuple[Figure, list[Axes]]:
    if isinstance(target, Figure):
        return target, list(target.axes)
    return target.figure, [target]


def _below_everything(fig: Figure) -> Any:
    """Annotation coordinates: the box around every axes with its labels, ticks and legend."""

    def box(renderer: Any) -> Bbox:
        boxes = []
        for ax in fig.axes:
            if not ax.get_visible():
                continue
            legend = ax.get_legend()
            extra = [legend] if legend is not None else []
            found = ax.get_tightbbox(renderer, bbox_extra_artists=extra)
            if found is not None:
                boxes.append(found)
        boxes += [legend.get_window_extent(renderer) for legend in fig.legends]
        return Bbox.union(boxes) if boxes else fig.bbox

    return box


def _distinct_ticks(ax: Axes, value_axis: str) -> None:
    """Whole-number ticks on a numeric axis whose drawn values are all whole numbers.

    A single point (or years as numbers) otherwise gets ticks at 1397.8, 1398.0, 1398.2...
    that the number style writes as the same label several times.
    """
    for name in ("x", "y"):
        axis = ax.xaxis if name == "x" else ax.yaxis
        if axis.get_scale() != "linear" or not isinstance(
            axis.get_major_locator(), mpl.ticker.AutoLocator
        ):
            continue  # dates, categories, log scales and fixed ticks choose their own
        values = []
        for line in ax.lines:
            values.append(np.asarray(line.get_xdata() if name == "x" else line.get_ydata()))
        for collection in ax.collections:
            offsets = np.asarray(collection.get_offsets())
            if offsets.ndim == 2 and offsets.shape[1] == 2:
                values.append(offsets[:, 0 if name == "x" else 1])
        try:
            drawn = np.concatenate([np.asarray(v, dtype=float).ravel() for v in values])
        except (TypeError, ValueError):  # dates or text: not this axis' business
            continue
        drawn = drawn[np.isfinite(drawn)]
        if drawn.size and np.all(drawn == np.round(drawn)) and np.ptp(drawn) < 10:
            axis.set_major_locator(MaxNLocator(integer=True, min_n_ticks=1))


def finish(
    target: Axes | Figure,
    *,
    title: str,
    units: str,
    source: str,
    value_axis: str = "y",
    data: pd.DataFrame | None = None,
    data_name: str | None = None,
) -> Figure:
    """Give a chart its title, units on the value axis, a source line underneath, its numbers.

    Numeric axes whose drawn values are whole numbers get whole-number ticks (one point
    never shows the same tick label twice).

    Args:
        target: the axes (or a figure: the title goes on the figure, units on every axes).
        title: what the chart shows.
        units: the value axis' units, e.g. ``"billion USD"`` or ``"count"``.
        source: where the numbers come from (see :func:`source_line`).
        value_axis: ``"y"`` (default) or ``"x"`` for horizontal bars.
        data: the numbers drawn, one row per mark, in readable columns (names, not codes):
            the page's "Download data" link under the chart (:func:`chart_data`).
        data_name: the CSV's file name without ``.csv`` (default: from the title).

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
        _distinct_ticks(ax, value_axis)
    for text in list(fig.texts):
        if getattr(text, FINISHED, False):
            text.remove()  # finishing twice replaces the source line
    # Under the lowest tick label, axis label or legend, wherever they end at draw time.
    line = Annotation(
        f"Source: {source}",
        xy=(0.01, 0.0),
        xycoords=("figure fraction", _below_everything(fig)),
        xytext=(0, -6),
        textcoords="offset points",
        ha="left",
        va="top",
        fontsize=10,
        color="#444444",
        wrap=True,
        annotation_clip=False,
    )
    line.set_figure(fig)
    line._remove_method = fig.texts.remove  # as Figure.text sets it
    fig.texts.append(line)
    setattr(line, FINISHED, True)
    setattr(fig, FINISHED, True)
    setattr(fig, ALT, CHART_ALT_TEXT.format(" ".join(title.split()), " ".join(units.split())))
    if data is not None:
        name = re.sub(r"[^A-Za-z0-9_-]+", "_", data_name or title).strip("_") or "chart"
        setattr(fig, DATA, (name, csv_text(data)))
    _register_data_formatter()  # notebooks that never called set_theme show them too
    return fig


def legend_outside(ax: Axes, **kwargs: Any) -> Any:
    """Put the axes' legend to the right of the plot, clear of every mark.

    Keyword arguments go to :meth:`matplotlib.axes.Axes.legend` (``title=...``).

    Example:
        >>> fig, ax = plt.subplots()
        >>> _ = ax.plot([1, 2], [3, 4], label="exports")
        >>> bool(legend_outside(ax).get_bbox_to_anchor().x0 > ax.bbox.x1)
        True
        >>> plt.close(fig)
    """
    options = {"loc": "upper left", "bbox_to_anchor": (1.01, 1.0), "borderaxespad": 0.0}
    return ax.legend(**(options | kwargs))


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

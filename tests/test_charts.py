"""Charts people can read (issue 15): distinct ticks, legends and source line clear of the
data, the chart's numbers beside its image as a "Download data" link. Synthetic data only."""

from __future__ import annotations

import csv
import io
import re
from urllib.parse import unquote

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from smeanalysis.reports import charts, page
from smeanalysis.reports.text import number


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _labels(axis) -> list[str]:
    axis.figure.canvas.draw()
    low, high = sorted(axis.get_view_interval())
    return [
        t.get_text()
        for t, v in zip(axis.get_ticklabels(), axis.get_ticklocs(), strict=True)
        if low <= v <= high and t.get_text()
    ]


@pytest.mark.parametrize("years", [[1398], [1398, 1399], [1396, 1398, 1402]])
def test_single_or_few_points_never_repeat_a_tick_label(years: list[int]) -> None:
    _fig, ax = plt.subplots()
    ax.plot(years, [5.0] * len(years), marker="o")
    ax.xaxis.set_major_formatter(lambda value, _pos: number(value, 0))
    ax.yaxis.set_major_formatter(lambda value, _pos: number(value, 0))
    charts.finish(ax, title="Units", units="count", source="synthetic")
    for axis in (ax.xaxis, ax.yaxis):
        shown = _labels(axis)
        assert shown and len(shown) == len(set(shown)), shown


def test_fractional_values_keep_their_ticks() -> None:
    _fig, ax = plt.subplots()
    ax.plot([1, 2, 3], [0.1, 0.25, 0.3])
    charts.finish(ax, title="Shares", units="share", source="synthetic")
    assert isinstance(ax.yaxis.get_major_locator(), matplotlib.ticker.AutoLocator)


def test_legend_outside_leaves_the_data_alone() -> None:
    fig, ax = plt.subplots()
    ax.plot([1, 2, 3], [3, 1, 2], label="exports")
    ax.plot([1, 2, 3], [1, 2, 3], label="imports")
    legend = charts.legend_outside(ax)
    fig.canvas.draw()
    box = legend.get_window_extent()
    assert box.x0 >= ax.get_window_extent().x1


def test_source_line_sits_below_rotated_tick_labels_and_axis_label() -> None:
    fig, ax = plt.subplots()
    ax.bar(["Farvardin to Shahrivar", "Farvardin to Esfand"], [1.49, 2.4])
    ax.tick_params(axis="x", labelrotation=30)
    ax.set_xlabel("last month covered")
    charts.finish(ax, title="Exports", units="billion USD", source="synthetic")
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    line = next(t for t in fig.texts if t.get_text().startswith("Source: "))
    top = line.get_window_extent(renderer).y1
    lowest = min(
        [t.get_window_extent(renderer).y0 for t in ax.get_xticklabels() if t.get_text()]
        + [ax.xaxis.label.get_window_extent(renderer).y0]
    )
    assert top <= lowest


def test_finish_records_the_numbers_drawn() -> None:
    frame = pd.DataFrame({"Iranian year": [1397, 1398], "USD": [4.0e9, 2.4e9]})
    fig, ax = plt.subplots()
    ax.bar(frame["Iranian year"].astype(str), frame["USD"])
    charts.finish(ax, title="SME exports, 1397-1398", units="USD", source="synthetic", data=frame)
    text, meta = charts.chart_data(fig)
    assert meta == {"filename": "SME_exports_1397-1398.csv"}
    assert list(csv.reader(io.StringIO(text))) == [
        ["Iranian year", "USD"],
        ["1397", "4000000000"],
        ["1398", "2400000000"],
    ]
    fig2, ax2 = plt.subplots()
    charts.finish(ax2, title="No numbers", units="USD", source="synthetic")
    assert charts.chart_data(fig2) is None


def test_a_displayed_figure_carries_its_numbers_and_the_page_links_them() -> None:
    interactiveshell = pytest.importorskip("IPython.core.interactiveshell")
    shell = interactiveshell.InteractiveShell.instance()
    try:
        frame = pd.DataFrame({"month": [6, 9], "USD": [1.49e9, 1.6e9]})
        fig, ax = plt.subplots()
        ax.plot(frame["month"], frame["USD"])
        charts.finish(ax, title="Year to date", units="USD", source="synthetic", data=frame)
        data, meta = shell.display_formatter.format(fig)
        assert data[page.CHART_DATA] == "month,USD\r\n6,1490000000\r\n9,1600000000\r\n"
        output = {"output_type": "display_data", "data": data, "metadata": meta}
        link = page.chart_data_output(output)["data"]["text/html"]
        assert 'class="sme-data"' in link and ">Download data</a>" in link
        href = link.split('href="', 1)[1].split('"', 1)[0]
        assert unquote(href.split(",", 1)[1]) == data[page.CHART_DATA]
    finally:
        interactiveshell.InteractiveShell.clear_instance()


def test_render_puts_the_link_right_under_the_chart() -> None:
    nbformat = pytest.importorskip("nbformat")
    from smeanalysis.reports import render

    image = nbformat.v4.new_output(
        "display_data",
        data={"image/png": "iVBORw0KGgo=", page.CHART_DATA: "a,b\r\n1,2\r\n"},
        metadata={page.CHART_DATA: {"filename": "demo.csv"}},
    )
    cell = nbformat.v4.new_code_cell("plt.show()", outputs=[image])
    nb = nbformat.v4.new_notebook(cells=[cell])
    outputs = render.prepare_for_html(nb).cells[0].outputs
    assert [sorted(o.data) for o in outputs] == [["image/png"], ["text/html"]]
    assert 'download="demo.csv"' in outputs[1].data["text/html"]
    assert page.CHART_DATA in nb.cells[0].outputs[0].data  # the input is not modified


def test_a_chart_image_says_what_it_shows_in_the_pages_language() -> None:
    nbformat = pytest.importorskip("nbformat")
    interactiveshell = pytest.importorskip("IPython.core.interactiveshell")
    from smeanalysis.reports import render

    shell = interactiveshell.InteractiveShell.instance()
    try:
        fig, ax = plt.subplots()
        ax.plot([1, 2], [3, 4])
        charts.finish(ax, title="SME exports", units="billion USD", source="synthetic")
        data, meta = shell.display_formatter.format(fig)
    finally:
        interactiveshell.InteractiveShell.clear_instance()
    assert data[page.CHART_ALT] == "Chart: SME exports. Values in billion USD."
    assert charts.chart_alt(fig) == data[page.CHART_ALT]
    data["image/png"] = "iVBORw0KGgo="  # what the inline backend adds in a kernel
    output = nbformat.v4.new_output("display_data", data=data, metadata=meta)
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x", outputs=[output])])
    pages = {
        lang: render.html_for_report(nb, render.ReportPage("demo", "Demo", (), lang=lang))
        for lang in ("en", "fa")
    }
    assert 'alt="Chart: SME exports. Values in billion USD."' in pages["en"]
    # In Persian: the title and the units from the catalog, the words around them too.
    alt = re.search(r'<img [^>]*alt="([^"]*)"', pages["fa"]).group(1)
    assert alt.startswith("نمودار: ") and "میلیارد دلار" in alt and "SME" not in alt
    for found in pages.values():
        assert "No description has been provided" not in found
        assert page.CHART_ALT not in found

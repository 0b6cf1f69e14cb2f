"""`jupyter nbconvert --to smeanalysis` writes the page `smeanalysis report` writes.

One report is built with a non-default parameter; its executed notebook is then converted by
the nbconvert command line (the exporter found through its entry point) and the two pages are
compared byte for byte. Fast checks cover the header read from papermill's metadata and the
absence of anything fetched from a network.
"""

from __future__ import annotations

import re
import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path

import nbformat
import pytest

from smeanalysis.reports import render
from smeanalysis.reports.nbexport import SmeAnalysisExporter, report_page_for

BIN = Path(sys.executable).parent
NETWORK = re.compile(r"""(src|href)\s*=\s*["']?(https?:)?//""", re.IGNORECASE)


def parameters_cell(source: str) -> nbformat.NotebookNode:
    cell = nbformat.v4.new_code_cell(source)
    cell.metadata["tags"] = ["parameters"]
    return cell


def test_entry_point_names_the_exporter():
    found = entry_points(group="nbconvert.exporters").select(name="smeanalysis")
    assert [point.load() for point in found] == [SmeAnalysisExporter]


def test_nbconvert_finds_the_exporter_by_name():
    nbconvert = pytest.importorskip("nbconvert")
    assert nbconvert.get_exporter("smeanalysis") is SmeAnalysisExporter


def test_header_shows_papermill_values_over_defaults_in_cell_order():
    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_markdown_cell("# SME exports\n\nText."),
            parameters_cell("year = 1398  # Iranian year\nfacts_path = None  # fact file"),
        ]
    )
    nb.metadata["papermill"] = {"input_path": "/x/sme_exports.ipynb", "parameters": {"year": 1400}}
    page = report_page_for(nb, "copy_of_it")
    assert page == render.ReportPage(
        "sme_exports",
        "SME exports",
        (("year", 1400, "Iranian year"), ("facts_path", None, "fact file")),
    )
    html, _ = SmeAnalysisExporter().from_notebook_node(nb)
    assert "<code>1400</code>" in html and "<code>1398</code>" not in html
    assert render.read_report_meta(html)["parameters"][0] == ["year", 1400, "Iranian year"]


def test_without_papermill_metadata_the_file_name_and_defaults_are_used():
    nb = nbformat.v4.new_notebook(cells=[parameters_cell("top_n = 5  # how many")])
    assert report_page_for(nb, "mine") == render.ReportPage(
        "mine", "mine", (("top_n", 5, "how many"),)
    )


def test_page_hides_code_and_fetches_nothing():
    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_markdown_cell("# Demo\n\n$x^2$ and a [link](https://example.org)"),
            parameters_cell("year = 1398  # Iranian year"),
            nbformat.v4.new_code_cell(
                "secret_code = 1",
                outputs=[nbformat.v4.new_output("stream", name="stdout", text="shown\n")],
            ),
        ]
    )
    html, resources = SmeAnalysisExporter().from_notebook_node(nb)
    assert resources["output_extension"] == ".html"
    assert "shown" in html and "secret_code" not in html
    assert not NETWORK.search(html.replace('href="https://example.org"', ""))
    assert "require.js" not in html.lower() and "mathjax" not in html.lower()


def test_nbconvert_cli_page_equals_smeanalysis_report_page(tmp_path):
    pytest.importorskip("papermill")
    out = tmp_path / "reports"
    built = subprocess.run(
        [
            str(BIN / "smeanalysis"),
            "report",
            "official_figures",
            "-p",
            "indicator_group=parks",
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert built.returncode == 0, built.stderr
    [page] = out.glob("official_figures*.html")
    [executed] = (out / "_executed").glob("official_figures*.ipynb")
    converted = subprocess.run(
        [
            str(BIN / "jupyter"),
            "nbconvert",
            "--to",
            "smeanalysis",
            str(executed),
            "--output-dir",
            str(tmp_path / "nbconvert"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert converted.returncode == 0, converted.stderr
    again = tmp_path / "nbconvert" / f"{executed.stem}.html"
    assert "indicator_group" in page.read_text(encoding="utf-8")
    assert again.read_bytes() == page.read_bytes()

"""The report page as an nbconvert exporter: ``jupyter nbconvert --to smeanalysis NB.ipynb``.

Registered through the entry point ``[project.entry-points."nbconvert.exporters"]
smeanalysis``, so nbconvert (and JupyterLab's *File > Save and Export Notebook As*) can write
the same offline, code-hidden page as ``smeanalysis report``: the same template
(``templates/smeanalysis_html``), the same header with the run's parameters, no request to the
network (no require.js, MathJax or mermaid from a CDN).

The page needs what the run was given. It is read from the notebook itself:

- the report's name from ``metadata.papermill.input_path`` (the notebook papermill ran), else
  from the file being converted;
- each parameter's default and meaning from the cell tagged ``parameters``;
- the values papermill injected from ``metadata.papermill.parameters`` (what
  ``smeanalysis report`` and ``papermill -p/-r/-f`` record), else the defaults.

An executed notebook written by ``smeanalysis report`` (``reports/_executed/NAME.ipynb``)
converts to the same bytes as the page the command wrote, when the run used the shipped facts
file (a ``facts_path`` the analyst gave is recorded made absolute, so the page shows the
absolute path). An unexecuted notebook gives a page without results: run it first, or add
``--execute``.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from nbconvert.exporters import Exporter
from traitlets import default

from smeanalysis.reports import render
from smeanalysis.reports.params import read_parameters

__all__ = ["SmeAnalysisExporter", "report_page_for"]

log = logging.getLogger(__name__)


def report_page_for(nb: Mapping[str, Any], fallback_name: str) -> render.ReportPage:
    """Describe the page of an executed notebook: its name, title and the run's parameters.

    Args:
        nb: The executed notebook (an ``nbformat`` node or the plain JSON mapping).
        fallback_name: The name used when papermill did not record the notebook it ran.

    Raises:
        SmeAnalysisError: the notebook's ``parameters`` cell breaks the rules.

    Example:
        >>> cell = {"cell_type": "code", "metadata": {"tags": ["parameters"]},
        ...         "source": "year = 1398  # Iranian year"}
        >>> nb = {"cells": [{"cell_type": "markdown", "source": "# Exports"}, cell],
        ...       "metadata": {"papermill": {"input_path": "notebooks/sme_exports.ipynb",
        ...                                  "parameters": {"year": 1399}}}}
        >>> report_page_for(nb, "out")
        ReportPage(name='sme_exports', title='Exports', parameters=(('year', 1399, 'Iranian year'),), index_href='index.html', lang='en')
    """  # noqa: E501
    run = nb.get("metadata", {}).get("papermill", {}) or {}
    input_path = run.get("input_path")
    name = Path(input_path).stem if input_path else fallback_name
    given = run.get("parameters") or {}
    declared = read_parameters(nb, file=f"{name}.ipynb")
    shown = tuple(
        (key, given.get(key, parameter.default), parameter.meaning)
        for key, parameter in declared.items()
    )
    lang = next((value for key, value, _ in shown if key == "lang"), "en")
    return render.ReportPage(name, render.page_title(nb, name), shown, lang=lang)


class SmeAnalysisExporter(Exporter):
    """nbconvert exporter writing the smeanalysis report page (HTML, offline, code hidden).

    Example:
        >>> import nbformat
        >>> cell = nbformat.v4.new_code_cell("year = 1398  # Iranian year")
        >>> cell.metadata["tags"] = ["parameters"]
        >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Demo"), cell])
        >>> page, resources = SmeAnalysisExporter().from_notebook_node(nb)
        >>> "<h1>Demo</h1>" in page, "<script src" in page, resources["output_extension"]
        (True, False, '.html')
    """

    export_from_notebook = "smeanalysis report"
    output_mimetype = "text/html"

    @default("file_extension")
    def _file_extension_default(self) -> str:
        return ".html"

    def from_notebook_node(
        self, nb: Any, resources: dict[str, Any] | None = None, **kw: Any
    ) -> tuple[str, dict[str, Any]]:
        """Render ``nb`` as the report page; ``resources`` as nbconvert passes them."""
        nb, resources = super().from_notebook_node(nb, resources, **kw)
        name = resources.get("metadata", {}).get("name") or "notebook"
        if not any(cell.get("outputs") for cell in nb.cells if cell.cell_type == "code"):
            log.warning("%s has no outputs: run it first (papermill) or add --execute", name)
        page = render.html_for_report(nb, report_page_for(nb, name))
        resources["output_extension"] = ".html"
        return page, resources

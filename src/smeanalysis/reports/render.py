"""Executed notebooks rendered to self-contained, deterministic HTML reports.

A report is one HTML file that opens offline: code is hidden, images are embedded as
data URIs, and the template (``templates/smeanalysis_html``) drops every script the
stock nbconvert template fetches from a CDN (require.js, MathJax, mermaid, widgets).
The same notebook with the same parameters renders to the same bytes: cell ids are
renumbered, execution counts, timings and stderr chatter are removed, and nothing in
the page names a time, a machine or an absolute path.

Rendering happens in-process with nbconvert's :class:`~nbconvert.HTMLExporter`, built
once per process (loading its templates is the slow part), so a worker that runs many
reports pays for it once.
"""

from __future__ import annotations

import copy
import html
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from smeanalysis import __version__
from smeanalysis.reports import i18n, persian
from smeanalysis.reports import page as page_kit
from smeanalysis.reports.discovery import page_title

if TYPE_CHECKING:  # importing nbformat takes seconds (jsonschema's format checkers)
    import nbformat

__all__ = [
    "ReportPage",
    "add_toc",
    "html_for_report",
    "page_title",
    "prepare_for_html",
    "read_report_meta",
]

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
TEMPLATE_NAME = "smeanalysis_html"

#: Where the table of contents goes in the header; filled after nbconvert has given
#: every heading its anchor id.
TOC_MARK = "<!-- smeanalysis:toc -->"

_HEADING = re.compile(r'<h([1-3]) id="([^"]+)">(.*?)<a class="anchor-link"', re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
_META = re.compile(r'<script[^>]*id="smeanalysis-report"[^>]*>(.*?)</script>', re.DOTALL)


@dataclass(frozen=True)
class ReportPage:
    """What the page says about its own run, beyond the notebook's outputs.

    Attributes:
        name: the notebook's name (``sme_exports``).
        title: the page title.
        parameters: ``(name, value, meaning)`` for every parameter the run used.
        index_href: relative link back to the index the report is listed in.
        lang: the page's language (:data:`smeanalysis.reports.i18n.LANGUAGES`): every message
            is looked up in its catalog, and a Persian page is laid out right to left.
    """

    name: str
    title: str
    parameters: tuple[tuple[str, Any, str], ...]
    index_href: str = "index.html"
    lang: str = "en"


def prepare_for_html(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Return a copy of an executed notebook stripped of everything run-dependent.

    Code cells without outputs are dropped (their code is hidden anyway), as are
    stderr streams (warnings name absolute paths); cell ids become ``cell-1``,
    ``cell-2``, ...; execution counts and per-cell metadata are removed. A chart displayed
    with its numbers is followed by their "Download data" link
    (:func:`smeanalysis.reports.page.chart_data_output`), and a chart's image gets its
    alternative text (title and units, :func:`smeanalysis.reports.charts.chart_alt`) as its
    ``alt``. The input is not modified.

    Example:
        >>> import nbformat
        >>> nb = nbformat.v4.new_notebook(cells=[
        ...     nbformat.v4.new_code_cell("x = 1"),
        ...     nbformat.v4.new_markdown_cell("# Title")])
        >>> [cell.id for cell in prepare_for_html(nb).cells]
        ['cell-1']
    """
    out = copy.deepcopy(nb)
    kept = []
    for cell in out.cells:
        cell.metadata = {}
        if cell.cell_type == "code":
            cell.execution_count = None
            outputs = []
            for output in cell.get("outputs", []):
                if output.get("output_type") == "stream" and output.get("name") == "stderr":
                    continue
                if "execution_count" in output:
                    output["execution_count"] = None
                _alt_into_image(output)
                outputs.append(output)
                link = page_kit.chart_data_output(output)
                if link is not None:
                    output["data"].pop(page_kit.CHART_DATA)
                    output.get("metadata", {}).pop(page_kit.CHART_DATA, None)
                    node = type(output)  # nbformat's NotebookNode, attribute access included
                    outputs.append(
                        node({k: node(v) if isinstance(v, dict) else v for k, v in link.items()})
                    )
            cell.outputs = outputs
            if not outputs:
                continue
        kept.append(cell)
    for number, cell in enumerate(kept, start=1):
        cell.id = f"cell-{number}"
    out.cells = kept
    out.metadata = {
        key: value for key, value in out.metadata.items() if key in {"kernelspec", "language_info"}
    }
    # The kernel's patch version is not part of what a report says.
    out.metadata.get("language_info", {}).pop("version", None)
    return out


def _alt_into_image(output: Any) -> None:
    """Move a chart's alternative text into its image's ``alt`` metadata (the template writes it).

    The text travels as :data:`~smeanalysis.reports.page.CHART_ALT`; nbconvert alone would
    write "No description has been provided for this image".
    """
    data = output.get("data", {})
    alt = data.pop(page_kit.CHART_ALT, None) if isinstance(data, dict) else None
    if alt is None:
        return
    output.get("metadata", {}).pop(page_kit.CHART_ALT, None)
    if "image/png" in data:
        text = alt if isinstance(alt, str) else "".join(alt)
        output.setdefault("metadata", {}).setdefault("image/png", {})["alt"] = text


def add_toc(page: str, label: str = "Contents") -> str:
    """Fill the table-of-contents mark with links to the page's h1-h3 headings.

    Example:
        >>> page = TOC_MARK + '<h2 id="Exports">Exports<a class="anchor-link" href="#Exports">'
        >>> 'href="#Exports">Exports</a>' in add_toc(page)
        True
    """
    items = []
    for level, anchor, text in _HEADING.findall(page):
        heading = _TAG.sub("", text).strip()
        if level == "1" or not heading:
            continue  # the report's own title is already in the header
        items.append(f'<li class="sme-toc-{level}"><a href="#{anchor}">{heading}</a></li>')
    toc = (
        f'<nav class="sme-toc"><strong>{html.escape(label)}</strong><ul>'
        + "".join(items)
        + "</ul></nav>"
        if items
        else ""
    )
    return page.replace(TOC_MARK, toc, 1)


#: What ``None`` means for parameters whose ``None`` is not the shipped data.
NONE_MEANS = {
    "declarations_path": "None (synthetic demo data)",
    "scheduler_address": "None (computed in this process)",
}

#: Output metadata key of a notebook output that must be the page's first line (a banner
#: such as "Synthetic data."): ``display(Markdown(text), metadata={BANNER_KEY: True})``.
BANNER_KEY = "smeanalysis_banner"

_STRONG = re.compile(r"\*\*(.+?)\*\*")
_CODE = re.compile(r"`([^`]+)`")


def _value_html(value: Any, lang: str = "en", name: str = "") -> str:
    """A parameter's value as code; what ``None`` stands for follows it in words, not as code."""
    if value is None:
        words = i18n.t(NONE_MEANS.get(name, "None (the shipped data)"), lang)
        gloss = words.removeprefix("None").strip()
        return "<code>None</code>" + (f" {html.escape(gloss, quote=False)}" if gloss else "")
    return f"<code>{html.escape(repr(value))}</code>"


def _take_banners(nb: nbformat.NotebookNode, lang: str) -> str:
    """Remove the outputs marked :data:`BANNER_KEY` and return them as page-top HTML."""
    found = []
    for cell in nb.cells:
        kept = []
        for output in cell.get("outputs", []):
            if output.get("metadata", {}).get(BANNER_KEY):
                data = output.get("data", {})
                found.append(str(data.get("text/markdown") or data.get("text/plain", "")))
            else:
                kept.append(output)
        if "outputs" in cell:
            cell.outputs = kept
    parts = []
    for text in found:
        escaped = html.escape(i18n.translate_markdown(text, lang).strip(), quote=False)
        escaped = _CODE.sub(r"<code>\1</code>", _STRONG.sub(r"<strong>\1</strong>", escaped))
        parts.append(f'<p class="sme-banner" role="note">{escaped}</p>')
    return "".join(parts)


# Values a parameter's meaning names as code: None, the language codes, identifiers.
_CODE_WORDS = re.compile(
    r"(?<![\w.])(None|true|false|en|fa|[a-z][a-z0-9]*(?:_[a-z0-9]+)+)(?![\w.])"
)


_QUOTED_VALUE = re.compile(r"«([A-Za-z][^«»<>]*)»")


def _meaning_html(meaning: str, lang: str) -> str:
    """A parameter's meaning as HTML; on a page not in English, values it names in ``<code>``.

    Example:
        >>> _meaning_html("None برای هیچ؛ en یا fa", "fa")
        '<code>None</code> برای هیچ؛ <code>en</code> یا <code>fa</code>'
        >>> _meaning_html("استان («Esfahan»، «IR-10»)", "fa")
        'استان («<code>Esfahan</code>»، «<code>IR-10</code>»)'
    """
    escaped = html.escape(meaning)
    if lang == i18n.DEFAULT_LANGUAGE:
        return escaped
    # A value typed as the example shows it («IR-10», «Esfahan») is code too.
    escaped = _QUOTED_VALUE.sub(r"«<code>\1</code>»", escaped)
    return _CODE_WORDS.sub(r"<code>\1</code>", escaped)


def _header(report: ReportPage, banner: str = "") -> str:
    def t(message: str) -> str:
        return i18n.t(message, report.lang)

    rows = "".join(
        f"<tr><td><code>{html.escape(name)}</code></td>"
        f"<td>{_value_html(value, report.lang, name)}</td>"
        f"<td>{_meaning_html(t(meaning), report.lang)}</td></tr>"
        for name, value, meaning in report.parameters
    )
    params = (
        f'<table class="sme-params"><thead><tr><th>{t("parameter")}</th><th>{t("value")}</th>'
        f"<th>{t('meaning')}</th></tr></thead><tbody>{rows}</tbody></table>"
        if rows
        else f"<p>{t('This report has no parameters.')}</p>"
    )
    return (
        f"{banner}"
        f'<p class="sme-nav"><a href="{html.escape(report.index_href)}">{t("All reports")}</a></p>'
        f"<h1>{html.escape(t(report.title))}</h1>"
        f"<p>{t('Report')} <code>{html.escape(report.name)}</code>"
        f"{t(', built with these parameters:')}</p>"
        f"{params}{_quoted_note(report.lang)}{TOC_MARK}"
    )


def _quoted_note(lang: str) -> str:
    """On a page not in English: names and notes quoted from sources stay as written."""
    if lang == i18n.DEFAULT_LANGUAGE:
        return ""
    note = (
        "Names of people and outlets, and notes a source added to a period, are quoted as the "
        "source wrote them; periods are given in the Iranian calendar."
    )
    return f'<p class="sme-quoted">{html.escape(i18n.t(note, lang))}</p>'


@cache
def exporter():  # nbconvert is imported lazily: the CLI starts faster
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(
        template_name=TEMPLATE_NAME,
        extra_template_basedirs=[str(TEMPLATES_DIR)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    # Anchor links are hidden by the lab CSS but kept: the table of contents uses the ids.
    return exporter


def html_for_report(nb: nbformat.NotebookNode, report: ReportPage) -> str:
    """Render an executed notebook as the report page (code hidden, nothing external).

    Example:
        >>> import nbformat
        >>> cells = [nbformat.v4.new_markdown_cell(s) for s in ("## Findings", "Text")]
        >>> nb = nbformat.v4.new_notebook(cells=cells)
        >>> page = html_for_report(nb, ReportPage("demo", "Demo", (("year", 1398, "the year"),)))
        >>> 'href="#Findings"' in page and "<script src" not in page
        True
    """
    clean = prepare_for_html(nb)
    banner = _take_banners(clean, report.lang)
    clean = i18n.translate_notebook(clean, report.lang)
    clean.metadata["title"] = i18n.t(report.title, report.lang)  # the browser tab's words too
    meta = json.dumps(
        {
            "name": report.name,
            "title": i18n.t(report.title, report.lang),
            "parameters": _jsonable(report.parameters),
            "lang": report.lang,
            # What the index says of the page: question, first key finding, data version.
            "question": page_kit.question(clean.cells),
            "summary": page_kit.first_key_finding(
                clean.cells, i18n.t(page_kit.KEY_FINDINGS, report.lang)
            ),
            "parameters_in_words": page_kit.parameters_in_words(report.parameters),
            "data_version": page_kit.data_version_text(report.parameters),
        },
        sort_keys=True,
        ensure_ascii=False,
    ).replace("<", "\\u003c")  # no "</script>" ends the element, no tag shows in the source
    resources = {
        "metadata": {"name": report.name},
        "smeanalysis": {
            "meta": meta,
            "css": (TEMPLATES_DIR / TEMPLATE_NAME / "report.css").read_text(encoding="utf-8"),
            "header": _header(report, banner),
            "footer": html.escape(
                i18n.t(
                    f"Built by smeanalysis {__version__} from notebooks/{report.name}.ipynb. "
                    "Every figure carries its source; see the tables and chart captions.",
                    report.lang,
                )
            ),
        },
    }
    body, _ = exporter().from_notebook_node(clean, resources=resources)
    title = i18n.t(report.title, report.lang)  # the notebook's own title cell is translated too
    body = page_kit.finish(body, report.name, title, report.parameters, report.lang)
    page = add_toc(body, i18n.t("Contents", report.lang))
    return persian.finish_page(page) if report.lang == "fa" else page


def _jsonable(parameters: Iterable[tuple[str, Any, str]]) -> list[list[Any]]:
    return [[name, value, meaning] for name, value, meaning in parameters]


def read_report_meta(page: str) -> Mapping[str, Any] | None:
    """Read back what :func:`html_for_report` recorded about a report, or ``None``.

    Example:
        >>> import nbformat
        >>> nb = nbformat.v4.new_notebook()
        >>> read_report_meta(html_for_report(nb, ReportPage("demo", "Demo", ())))["name"]
        'demo'
    """
    found = _META.search(page)
    if not found:
        return None
    return json.loads(found.group(1))

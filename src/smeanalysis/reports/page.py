"""What every report page gets after nbconvert: one title, no empty headings, tables to use.

:func:`finish` runs on the HTML that :func:`smeanalysis.reports.render.html_for_report`
builds, before the table of contents is filled:

* **One title.** The header's ``<h1>`` is the page's only one: the notebook's own ``# Title``
  (the same words) is dropped, any other first-level heading becomes a second-level one.
* **No empty headings.** A heading followed by nothing but another heading of the same or a
  higher level (a notebook's "Load" or "Process" over code cells that print nothing) is dropped.
* **Tables.** Every ``<table>`` is followed by a "Download CSV" link: the one
  :func:`smeanalysis.reports.text.markdown_table` attached (the frame's own values, numbers
  unformatted), else one built from the cells' text. A table of more than :data:`FOLD_ROWS`
  rows is folded in ``<details>`` with a one-line summary. The inline script
  (``templates/smeanalysis_html/tables.js``) sorts a table by the header clicked and puts a
  filter box over long tables; the stylesheet keeps headers in view. Neither requests
  anything, and a page with scripts off reads the same.
* **Charts.** A chart finished with its numbers (``charts.finish(..., data=frame)``) is
  displayed with them as :data:`CHART_DATA`; :func:`chart_data_output` turns them into a
  "Download data" link right under the image.
* **Footer.** The package version, the fact base's version
  (:func:`smeanalysis.facts.data_version`), the parameters in words, the command that
  rebuilds the page and the versions of Python and the libraries it was built with
  (:func:`build_versions`).
* **Key findings.** Each report's helper module has a ``key_findings(...)`` function (three to
  six sentences computed from the data, every figure with its source); the notebook shows
  them right after its check cell under a "Key findings" heading
  (:func:`key_findings_markdown`), and :func:`first_key_finding` reads the first back for the
  index's one-line summary.

Nothing here depends on the time or the machine: the same page in gives the same page out.
"""

from __future__ import annotations

import csv
import html
import io
import json
import platform
import re
import shlex
from collections.abc import Iterable, Mapping, Sequence
from importlib import metadata
from pathlib import Path
from typing import Any
from urllib.parse import quote

from smeanalysis import __version__, facts
from smeanalysis.errors import SmeAnalysisError
from smeanalysis.reports import i18n
from smeanalysis.reports import text as text_kit

__all__ = [
    "CHART_ALT",
    "CHART_ALT_TEXT",
    "CHART_DATA",
    "FOLD_ROWS",
    "KEY_FINDINGS",
    "build_versions",
    "chart_data_output",
    "command",
    "data_version_text",
    "finish",
    "finish_index",
    "first_key_finding",
    "key_findings_markdown",
    "parameters_in_words",
    "question",
]

#: The heading every report's key findings stand under (a Markdown cell of its own).
KEY_FINDINGS = "Key findings"
#: The libraries a page names in its footer, with Python and smeanalysis itself.
BUILT_WITH = ("pandas", "numpy", "matplotlib", "seaborn")

#: The mimetype under which a chart's numbers travel beside its image in a notebook output.
CHART_DATA = "text/csv"
#: The words of the link under a chart.
DOWNLOAD_DATA = "Download data"
#: The mimetype under which a chart's alternative text travels beside its image; the page puts
#: it in the image's ``alt`` (:func:`smeanalysis.reports.render.prepare_for_html`).
CHART_ALT = "text/x-smeanalysis-alt"
#: What a chart's image says to a reader who cannot see it: its title and units (a catalog
#: template, so a Persian page says it in Persian).
CHART_ALT_TEXT = "Chart: {0}. Values in {1}."

#: Tables with more body rows than this are folded and get a filter box.
FOLD_ROWS = 25

_ASSETS = Path(__file__).resolve().parent / "templates" / "smeanalysis_html"
_HEADING = re.compile(r"<h([1-6])\b([^>]*)>(.*?)</h\1>", re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
_TABLE = re.compile(
    r"<table\b.*?</table>(?P<link>\s*<p>\s*<a class=\"sme-csv\"[^>]*>[^<]*</a>\s*</p>)?",
    re.DOTALL,
)
_ROW = re.compile(r"<tr\b[^>]*>(.*?)</tr>", re.DOTALL)
_CELL = re.compile(r"<t([hd])\b[^>]*>(.*?)</t[hd]>", re.DOTALL)
_CONTENT = re.compile(r"<(img|table|svg|pre|details|ul|ol|figure)\b")


def _text(fragment: str) -> str:
    return " ".join(html.unescape(_TAG.sub("", fragment)).replace("\u00b6", "").split())


def _one_title(page: str, title: str) -> str:
    """Drop the notebook's own h1 naming the title; demote any other h1 after the header."""
    cut = page.find("</header>")
    if cut < 0:
        return page
    head, body = page[:cut], page[cut:]

    def fix(match: re.Match[str]) -> str:
        if match.group(1) != "1":
            return match.group(0)
        if _text(match.group(3)) == _text(html.escape(title)):
            return ""
        return f"<h2{match.group(2)}>{match.group(3)}</h2>"

    return head + _HEADING.sub(fix, body)


def _drop_empty_headings(page: str) -> str:
    """Drop each heading followed only by a heading of the same or a higher level (or the end)."""
    start = page.find("</header>")
    end = page.find('<footer class="sme-footer"')
    start = 0 if start < 0 else start
    end = len(page) if end < 0 else end
    while True:
        found = list(_HEADING.finditer(page, start, end))
        drop = None
        for i, heading in enumerate(found):
            after = found[i + 1] if i + 1 < len(found) else None
            gap = page[heading.end() : after.start() if after else end]
            if _text(gap) or _CONTENT.search(gap):
                continue
            if after is None or int(after.group(1)) <= int(heading.group(1)):
                drop = heading
                break
        if drop is None:
            return page
        page = page[: drop.start()] + page[drop.end() :]
        end -= drop.end() - drop.start()


def _csv_from_cells(table: str) -> str:
    rows = []
    for row in _ROW.findall(table):
        rows.append([_text(cell) for _, cell in _CELL.findall(row)])
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return (
        '<p><a class="sme-csv" download="table.csv" '
        f'href="data:text/csv;charset=utf-8,{quote(buffer.getvalue(), safe="")}">'
        "Download CSV</a></p>"
    )


def _body_rows(table: str) -> int:
    body = table.split("<tbody", 1)
    return len(_ROW.findall(body[1] if len(body) > 1 else table))


#: The summary of a folded table (a catalog template).
FOLDED_TABLE = "Table of {0} rows ({1}): click to show, sort, filter"


def _tables(page: str, lang: str = "en") -> str:
    """A CSV link under every table; tables over :data:`FOLD_ROWS` rows folded."""

    def fix(match: re.Match[str]) -> str:
        table = (
            match.group(0)[: match.start("link") - match.start()]
            if match.group("link")
            else match.group(0)
        )
        link = match.group("link") or _csv_from_cells(table)
        rows = _body_rows(table)
        if rows <= FOLD_ROWS:
            return table + link
        head = table.split("<tbody", 1)[0]
        names = [_text(cell) for _, cell in _CELL.findall(head)]
        shown = ", ".join(names[:4]) + (", ..." if len(names) > 4 else "")
        summary = html.escape(i18n.t(FOLDED_TABLE.format(rows, shown), lang))
        return f'<details class="sme-fold"><summary>{summary}</summary>{table}{link}</details>'

    return _TABLE.sub(fix, page)


def chart_data_output(output: Mapping[str, Any]) -> dict[str, Any] | None:
    r"""The output that shows a chart's numbers as a "Download data" link, or ``None``.

    ``output`` is a notebook output; a figure displayed after
    :func:`smeanalysis.reports.charts.set_theme` carries its numbers as :data:`CHART_DATA`
    (file name in its metadata) when it was finished with ``data=``.

    Example:
        >>> out = chart_data_output({"output_type": "display_data",
        ...     "data": {"image/png": "...", "text/csv": "year\r\n1398\r\n"},
        ...     "metadata": {"text/csv": {"filename": "exports.csv"}}})
        >>> out["data"]["text/html"]
        '<p class="sme-chart-data"><a class="sme-data" download="exports.csv" href="data:text/csv;charset=utf-8,year%0D%0A1398%0D%0A">Download data</a></p>'
        >>> chart_data_output({"output_type": "stream", "text": "x"}) is None
        True
    """  # noqa: E501
    found = output.get("data", {}).get(CHART_DATA)
    if not found or output.get("output_type") not in ("display_data", "execute_result"):
        return None
    csv_text = found if isinstance(found, str) else "".join(found)
    name = output.get("metadata", {}).get(CHART_DATA, {}).get("filename", "chart.csv")
    link = text_kit.data_link(
        csv_text, str(name).removesuffix(".csv"), DOWNLOAD_DATA, css_class="sme-data"
    )
    return {
        "output_type": "display_data",
        "data": {"text/html": f'<p class="sme-chart-data">{link}</p>'},
        "metadata": {},
    }


def _value_word(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return ", ".join(_value_word(v) for v in value)
    return str(value)


def parameters_in_words(parameters: Iterable[tuple[str, Any, str]], lang: str = "en") -> str:
    """The parameters a reader needs to tell two pages apart, in words.

    A year window reads ``1392-1404``, a province by its name; parameters left at ``None``
    (the shipped data) are not named. In another ``lang`` (an index of Persian pages) each
    part is looked up in that language's catalog (:func:`smeanalysis.reports.i18n.t`).

    Example:
        >>> parameters_in_words([("province", "Isfahan", ""), ("lang", "fa", "")], lang="fa")
        'اصفهان، زبان فارسی'

        >>> parameters_in_words([("province", "Isfahan", ""), ("first_year", 1392, ""),
        ...                      ("last_year", 1404, ""), ("facts_path", None, "")])
        'Isfahan, 1392-1404'
        >>> parameters_in_words([("year", 1398, ""), ("top_n", 5, "")])
        'Iranian year 1398, top_n 5'
        >>> parameters_in_words([])
        'no parameters'
    """

    def t(message: str) -> str:
        return message if lang == "en" else i18n.t(message, lang)

    given = {name: value for name, value, _ in parameters}
    words = []
    if given.get("province") is not None:
        words.append(t(_value_word(given["province"])))
    if given.get("year") is not None:
        words.append(t(f"Iranian year {given['year']}"))
    first, last = given.get("first_year"), given.get("last_year")
    if first is not None or last is not None:
        words.append(
            f"{first if first is not None else '...'}-{last if last is not None else '...'}"
        )
    for name, value in given.items():
        if name in {"province", "year", "first_year", "last_year"} or value is None:
            continue
        if name == "lang" and value == "en":
            continue  # the default language goes without saying
        if lang == "en":
            words.append(f"{name} {_value_word(value)}")
        else:
            shown = _value_word(value)
            words.append(f"{t(name)} {t(shown) if isinstance(value, str) else shown}")
    return ("، " if lang == "fa" else ", ").join(words) or t("no parameters")


def _scalar(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, (list, tuple, dict)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def command(name: str, parameters: Iterable[tuple[str, Any, str]]) -> str:
    """The command that rebuilds a page: every parameter given as ``-p name=value``.

    Example:
        >>> command("province_profile", [("province", "East Azerbaijan", ""), ("facts_path", None, "")])
        "smeanalysis report province_profile -p 'province=East Azerbaijan' -p facts_path=null"
    """  # noqa: E501
    parts = ["smeanalysis", "report", name]
    for key, value, _ in parameters:
        parts += ["-p", f"{key}={_scalar(value)}"]
    return shlex.join(parts)


def data_version_text(parameters: Iterable[tuple[str, Any, str]]) -> str:
    """The fact base's version for a run with these parameters, in words.

    Example:
        >>> data_version_text([("year", 1398, "")]).startswith("data ")
        True
    """
    given = {name: value for name, value, _ in parameters}
    try:
        return facts.data_version(given.get("facts_path"), given.get("extra_facts_path")).text()
    except SmeAnalysisError:
        return "data version unknown (the facts files could not be read)"


def build_versions() -> str:
    """Python's version and those of the libraries a page is built with, in words.

    Example:
        >>> text = build_versions()
        >>> text.startswith("Python 3.") and "pandas " in text and "smeanalysis " in text
        True
    """
    parts = [f"Python {platform.python_version()}"]
    for name in BUILT_WITH:
        try:
            parts.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            parts.append(f"{name} not installed")
    parts.append(f"smeanalysis {__version__}")
    return ", ".join(parts)


_DATA_VERSION = re.compile(r"data ([0-9a-f]+)(?:, (statements to .+))?")


def _footer(
    page: str, name: str, parameters: tuple[tuple[str, Any, str], ...], lang: str = "en"
) -> str:
    data = data_version_text(parameters)
    versions = html.escape(build_versions())
    if lang == i18n.DEFAULT_LANGUAGE:
        data, built = html.escape(data), f"Built with {versions}."
    else:
        # The data hash and the software's names and versions are code: Latin, in <code>.
        found = _DATA_VERSION.fullmatch(data)
        data = (
            html.escape(i18n.t(data, lang))
            if found is None
            else f"{html.escape(i18n.t('data', lang))} <code>{found.group(1)}</code>"
            + (f"\u060c {html.escape(i18n.t(found.group(2), lang))}" if found.group(2) else "")
        )
        built = html.escape(i18n.t("Built with {0}.", lang)).replace(
            "{0}", f"<code>{versions}</code>"
        )
    note = (
        f'<p class="sme-build">smeanalysis {html.escape(__version__)} &middot; {data} &middot; '
        f"{html.escape(parameters_in_words(parameters, lang=lang))} &middot; "
        f"{html.escape(i18n.t('rebuild with', lang))} "
        f"<code>{html.escape(command(name, parameters))}</code></p>"
        f'<p class="sme-versions">{built}</p>'
    )
    at = page.rfind("</footer>")
    if at < 0:
        return page
    return page[:at] + note + page[at:]


def _assets(page: str) -> str:
    css = (_ASSETS / "tables.css").read_text(encoding="utf-8")
    script = (_ASSETS / "tables.js").read_text(encoding="utf-8")
    page = page.replace("</head>", f'<style type="text/css">\n{css}</style>\n</head>', 1)
    at = page.rfind("</body>")
    return page[:at] + f"<script>\n{script}</script>\n" + page[at:]


def key_findings_markdown(sentences: Sequence[str]) -> str:
    r"""A report's key findings as a Markdown list, one sentence an item.

    The sentences are already Markdown (figures escaped, sources as links); a sentence's line
    breaks are joined so that each stays one item.

    Example:
        >>> print(key_findings_markdown(["Exports rose.", "Parks grew\nin 1398."]))
        - Exports rose.
        - Parks grew in 1398.
        >>> key_findings_markdown([])
        '- The data hold nothing to summarise for these parameters.'
    """
    items = [" ".join(str(sentence).split()) for sentence in sentences if str(sentence).strip()]
    if not items:
        items = ["The data hold nothing to summarise for these parameters."]
    return "\n".join(f"- {item}" for item in items)


def first_key_finding(cells: Iterable[Mapping[str, Any]], heading: str = KEY_FINDINGS) -> str:
    r"""The first key finding of an executed notebook, in plain text (``""`` when none).

    The first list item of the Markdown output of the first code cell after the Markdown
    cell whose heading is ``heading`` (as translated on the page); links keep their text.

    Example:
        >>> cells = [{"cell_type": "markdown", "source": "## Key findings"},
        ...          {"cell_type": "code", "outputs": [{"data": {"text/markdown":
        ...           '- Exports were &#36;1.6 billion (<a href="https://x.org">IRNA</a>).'}}]}]
        >>> first_key_finding(cells)
        'Exports were $1.6 billion (IRNA).'
    """
    found = False
    for cell in cells:
        source = cell.get("source", "")
        source = source if isinstance(source, str) else "".join(source)
        if cell.get("cell_type") == "markdown":
            lines = [line.strip() for line in source.splitlines() if line.strip()]
            found = bool(lines) and lines[0].lstrip("#").strip() == heading
            continue
        if not found:
            continue
        for output in cell.get("outputs", []):
            text = output.get("data", {}).get("text/markdown", "")
            text = text if isinstance(text, str) else "".join(text)
            for line in text.splitlines():
                if line.startswith(("- ", "* ")):
                    return _text(re.sub(r"\*\*|__", "", line[2:]))
        return ""
    return ""


_QUESTION = re.compile(r"^\*\*(?:Question|پرسش)\.?\*\*\.?\s*")
_SENTENCE_END = re.compile(r"(?<=[.?\u061f])\s+(?=\S)")


def question(cells: Iterable[Mapping[str, Any]]) -> str:
    r"""The question a report answers: the first sentence of its notebook's opening paragraph.

    The paragraph under the title (``# ...``) of the first Markdown cell, or the one marked
    ``**Question.**`` when the cell has one (its first sentence that asks); Markdown emphasis
    and code marks are dropped.

    Example:
        >>> question([{"cell_type": "markdown", "source": "# Parks\n\n**Question.** How many "
        ...            "parks operate? And where?\n\n**Data.** The fact base."}])
        'How many parks operate?'
        >>> question([{"cell_type": "markdown", "source": "# T\n\nWhat `x` says. More."}])
        'What x says.'
        >>> question([])
        ''
    """
    for cell in cells:
        if cell.get("cell_type") != "markdown":
            continue
        source = cell.get("source", "")
        source = source if isinstance(source, str) else "".join(source)
        paragraphs = [
            " ".join(block.split())
            for block in re.split(r"\n\s*\n", source)
            if block.strip() and not block.lstrip().startswith("#")
        ]
        if not paragraphs:
            return ""
        marked = [p for p in paragraphs if _QUESTION.match(p)]
        chosen = _QUESTION.sub("", marked[0] if marked else paragraphs[0])
        chosen = re.sub(r"\*\*|`", "", chosen)
        sentences = _SENTENCE_END.split(chosen)
        asked = [x for x in sentences if x.endswith(("?", "\u061f"))] if marked else []
        return _text((asked or sentences)[0])
    return ""


def finish(
    page: str,
    name: str,
    title: str,
    parameters: tuple[tuple[str, Any, str], ...],
    lang: str = "en",
) -> str:
    """Apply the page rules of this module to a rendered report page (see the module doc).

    The words this adds (a folded table's summary, the footer) are in the page's ``lang``.

    Example:
        >>> page = ('<html><head></head><body><header class="sme-header"><h1>T</h1></header>'
        ...         '<h1 id="T">T</h1><h2 id="Load">Load</h2><h2 id="F">F</h2><p>x</p>'
        ...         '<table><thead><tr><th>a</th></tr></thead><tbody><tr><td>1</td></tr></tbody>'
        ...         '</table><footer class="sme-footer">f</footer></body></html>')
        >>> out = finish(page, "demo", "T", (("year", 1398, "the year"),))
        >>> out.count("<h1"), 'id="Load"' in out, 'class="sme-csv"' in out
        (1, False, True)
        >>> "smeanalysis report demo -p year=1398" in out
        True
    """
    page = _one_title(page, title)
    page = _drop_empty_headings(page)
    page = _tables(page, lang)
    page = _footer(page, name, parameters, lang)
    return _assets(page)


def finish_index(page: str) -> str:
    """Give an index page the same tables as a report: CSV links, sorting, filtering.

    Example:
        >>> page = ('<html><head></head><body><table><thead><tr><th>report</th></tr></thead>'
        ...         '<tbody><tr><td>a</td></tr></tbody></table></body></html>')
        >>> 'class="sme-csv"' in finish_index(page) and "<script>" in finish_index(page)
        True
    """
    return _assets(_tables(page))

"""Key findings first (issue 15): each report's helper says three to six things from the data.

Every sentence holds a figure and a source link (a page named by its publisher), computed from
the shipped data with each notebook's default parameters; the index's one-line summary is the
first of them, read back from the executed notebook.
"""

from __future__ import annotations

import json
import re

import pytest

from smeanalysis import composition, facts, paths
from smeanalysis.reports import (
    export_composition,
    official_figures,
    page,
    park_utilization,
    province_profile,
    sme_exports,
)

LINK = re.compile(r'<a href="https?://[^"]+" title="[^"]*">[^<0-9][^<]*</a>')
FIGURE = re.compile(r"\d")


@pytest.fixture(scope="module")
def shipped() -> object:
    return facts.load_facts()


def _findings() -> dict[str, object]:
    return {
        "sme_exports": lambda f: sme_exports.key_findings(f, 1398),
        "park_utilization": lambda f: park_utilization.key_findings(f, None, "Iran", 1392, 1404),
        "province_profile": lambda f: province_profile.key_findings(f, "IR-10", "Isfahan"),
        "export_composition": lambda f: export_composition.key_findings(
            composition.load_composition(), 1395, 1404, 5
        ),
        "official_figures": lambda f: official_figures.key_findings(f, "all", 1392, 1404),
    }


@pytest.mark.parametrize("name", sorted(_findings()))
def test_three_to_six_sentences_each_with_a_figure_and_a_source(shipped, name) -> None:
    found = _findings()[name](shipped)
    assert 3 <= len(found) <= 6, found
    for sentence in found:
        shown = re.sub(r"<[^>]+>", "", sentence)
        assert FIGURE.search(shown), sentence
        assert LINK.search(sentence), sentence
        assert "\n" not in sentence
    assert len(set(found)) == len(found)


def test_each_notebook_shows_its_key_findings_right_after_the_check_cell() -> None:
    for name in _findings():
        nb = json.loads((paths.NOTEBOOKS_DIR / f"{name}.ipynb").read_text(encoding="utf-8"))
        cells = nb["cells"]
        at = next(i for i, c in enumerate(cells) if "parameters" in c["metadata"].get("tags", []))
        heading, code = cells[at + 2], cells[at + 3]
        assert "".join(heading["source"]).strip() == f"## {page.KEY_FINDINGS}", name
        assert f"{name} as report" in "".join(code["source"]), name
        assert "report.key_findings(" in "".join(code["source"]), name
        # Nothing but the title and its paragraph comes before: no other heading.
        before = [c for c in cells[: at + 2] if c["cell_type"] == "markdown"]
        assert all(
            not line.startswith("## ")
            for c in before[:-1]
            for line in "".join(c["source"]).splitlines()
        ), name


def test_the_first_key_finding_is_the_summary(shipped) -> None:
    found = sme_exports.key_findings(shipped, 1398)
    cells = [
        {"cell_type": "markdown", "source": "## Key findings"},
        {
            "cell_type": "code",
            "outputs": [{"data": {"text/markdown": page.key_findings_markdown(found)}}],
        },
    ]
    summary = page.first_key_finding(cells)
    assert summary.startswith("The fact base holds 11 statements of national SME exports")
    assert "<" not in summary and "Mehr News" in summary

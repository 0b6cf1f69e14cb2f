"""Every notebook in notebooks/ follows the notebook rules in docs/DEVELOPING.md."""

from __future__ import annotations

import ast
from pathlib import Path

import nbformat
import pytest
from conftest import project_notebooks

from smeanalysis.reports import runner as reports

NOTEBOOKS = project_notebooks()


def _ids(paths: list[Path]) -> list[str]:
    return [p.stem for p in paths]


def test_there_are_notebooks() -> None:
    assert NOTEBOOKS, "notebooks/ holds no notebook"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_notebook_rules(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    assert nb.metadata.get("kernelspec", {}).get("name") == "smeanalysis"
    tagged = [c for c in nb.cells if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(tagged) == 1, "exactly one cell tagged 'parameters'"
    # Literals only, one '# meaning' per parameter (read_parameters raises otherwise).
    parameters = reports.read_parameters(nb, file=str(path))
    if "load_facts" in "".join(c.source for c in nb.cells):
        # Every notebook that reads the fact base lets the analyst swap it or add to it.
        assert {"facts_path", "extra_facts_path"} <= set(parameters)
    for statement in ast.parse(tagged[0].source).body:
        assert isinstance(statement, ast.Assign)
        ast.literal_eval(statement.value)
    code_cells = [c for c in nb.cells if c.cell_type == "code"]
    assert code_cells.index(tagged[0]) == 0, "the parameters cell is the first code cell"
    for cell in code_cells:
        assert cell.get("outputs") == [], "stored without outputs"
        assert cell.get("execution_count") is None, "stored without execution counts"
        tree = ast.parse(cell.source)
        defined = [
            n.name
            for n in ast.walk(tree)
            if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
        ]
        assert defined == [], f"def/class in a notebook belongs in src/: {defined}"
    # The cell after the parameters checks them, with one call to the one checker.
    after = code_cells[1].source if len(code_cells) > 1 else ""
    assert f'params.check("{path.stem}", globals())' in after, "the next cell checks them"


def test_sme_exports_reproduces_the_nine_month_statement(real_reports: Path) -> None:
    page = (real_reports / "sme_exports.html").read_text()
    assert (
        "SMEs exported more than $1.6 billion in Farvardin to Azar 1398 "
        "(21 March to 21 December 2019)" in page
    )
    assert "tehrantimes.com/news/444023" in page


def test_sme_exports_runs_for_the_thinner_year(tmp_path: Path) -> None:
    jobs = reports.plan(["sme_exports"], {"year": 1399}, out_dir=tmp_path)
    (result,) = reports.build(jobs, tmp_path)
    assert result.ok, result.error
    page = result.job.html_path.read_text()
    assert "no full-year SME export figure for 1399" in page
    assert "$1.74 billion in Farvardin to Shahrivar 1399" in page


def test_sme_exports_page_is_byte_identical_across_runs(real_reports: Path, tmp_path: Path) -> None:
    (result,) = reports.build(reports.plan(["sme_exports"], out_dir=tmp_path), tmp_path)
    assert result.ok, result.error
    assert result.job.html_path.read_bytes() == (real_reports / "sme_exports.html").read_bytes()

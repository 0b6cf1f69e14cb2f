"""Shared fixtures: tiny report notebooks, and the real reports built once per session."""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import pytest

from smeanalysis import paths

KERNELSPEC = {"name": "smeanalysis", "display_name": "Python (smeanalysis)", "language": "python"}


def make_notebook(path: Path, parameters: str, *cells: str, title: str = "") -> Path:
    """Write a report notebook: an optional title, a parameters cell, then code cells.

    A cell starting with ``#md`` becomes a markdown cell (the marker removed).
    """
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    if title:
        nb.cells.append(nbformat.v4.new_markdown_cell(f"# {title}"))
    params = nbformat.v4.new_code_cell(parameters)
    params.metadata["tags"] = ["parameters"]
    nb.cells.append(params)
    for source in cells:
        if source.startswith("#md"):
            nb.cells.append(nbformat.v4.new_markdown_cell(source.removeprefix("#md").strip()))
        else:
            nb.cells.append(nbformat.v4.new_code_cell(source))
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
    return path


TINY_PARAMETERS = "n = 3  # how many points\nlabel = 'demo'  # what to call them\n"
TINY_PARAMETERS += "facts_path = None  # facts file (None: the shipped one)"


@pytest.fixture(scope="session")
def tiny_notebooks(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder of small report notebooks: one good (with a chart), one failing, one per
    province (no heavy imports, so a batch of 31 is quick)."""
    folder = tmp_path_factory.mktemp("notebooks")
    make_notebook(
        folder / "tiny.ipynb",
        TINY_PARAMETERS,
        "#md ## Numbers",
        "from IPython.display import Markdown\nMarkdown(f'**{n}** points called {label}')",
        "#md ## Chart",
        "import matplotlib.pyplot as plt\nfrom smeanalysis.reports import charts\n"
        "charts.set_theme()\n"
        "fig, ax = plt.subplots()\nax.plot(range(n), marker='o')\n"
        "charts.finish(ax, title=f'{n} points', units='count', source='synthetic')\nplt.show()",
        title="Tiny demo",
    )
    make_notebook(
        folder / "broken.ipynb",
        TINY_PARAMETERS,
        "x = n + 1",
        "raise RuntimeError(f'boom {x}')",
        title="Broken on purpose",
    )
    make_notebook(
        folder / "per_province.ipynb",
        "province = 'Isfahan'  # province to describe\nfacts_path = None  # facts file",
        "#md ## Province",
        "from IPython.display import Markdown\nMarkdown(f'Province: **{province}**')",
        title="Per province",
    )
    return folder


@pytest.fixture(scope="session")
def real_reports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every notebook in notebooks/ built once with its defaults (province notebooks for
    their default province only), into a temporary folder shared by the session."""
    from smeanalysis.reports import runner as reports

    notebooks = reports.discover()
    if not notebooks:
        pytest.skip("no notebooks in notebooks/")
    out = tmp_path_factory.mktemp("reports")
    jobs = reports.plan(list(notebooks), out_dir=out)
    results = reports.build(jobs, out)
    failed = [f"{r.job.label}: {r.error}" for r in results if not r.ok]
    assert not failed, "reports failed to build:\n" + "\n".join(failed)
    return out


@pytest.fixture
def notebooks_copy(tiny_notebooks: Path, tmp_path: Path) -> Path:
    """A private copy of the tiny notebooks (for tests that change them)."""
    target = tmp_path / "notebooks"
    shutil.copytree(tiny_notebooks, target)
    return target


def project_notebooks() -> list[Path]:
    return sorted(paths.NOTEBOOKS_DIR.glob("*.ipynb"))

"""Sphinx configuration of the smeanalysis documentation site (``make docs``).

Pages written at build time into ``_generated/`` (ignored by git), so they never drift:

- ``api/<module>.md``: one page per public module of ``src/smeanalysis`` (library and reports),
  from the docstrings (autodoc, Google style through napoleon);
- ``data-dictionary.md``: ``smeanalysis.dictionary.readme_section()``, the registry's own text;
- ``gallery.md``: each report notebook's question, a thumbnail (the first chart of the built
  page in ``reports/``, or a note to run ``make report``) and a link to the page, which is
  copied into the site;
- ``guides/<name>.md``: every ``docs/*.md``.

Nothing is fetched: no intersphinx, no external theme assets beyond the installed theme.
"""

from __future__ import annotations

import base64
import json
import pkgutil
import re
import shutil
from pathlib import Path

import smeanalysis
from smeanalysis import dictionary, paths

HERE = Path(__file__).resolve().parent
DOCS = HERE.parent
ROOT = DOCS.parent
GENERATED = HERE / "_generated"
EXTRA = HERE.parent / "_build" / "extra"  # copied as-is into the site (the built pages)

project = "smeanalysis"
author = "The smeanalysis developers"
copyright = "2026, The smeanalysis developers (code MIT, data CC-BY-4.0)"
release = smeanalysis.__version__

extensions = ["myst_parser", "sphinx.ext.autodoc", "sphinx.ext.napoleon"]
source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
exclude_patterns = ["_build"]
myst_heading_anchors = 3
autodoc_member_order = "bysource"
autodoc_typehints = "description"
# Members defined in each module only: names re-exported through __all__ (the package root,
# runner re-exporting params) are documented once, where they live.
autodoc_default_options = {"members": True, "show-inheritance": True, "ignore-module-all": True}
napoleon_google_docstring = True
napoleon_numpy_docstring = False
# "Attributes:" as fields of the class, not as objects autodoc documents a second time.
napoleon_use_ivar = True
html_theme = "pydata_sphinx_theme"
html_title = f"smeanalysis {release}"
html_theme_options = {"navigation_with_keys": False, "show_toc_level": 2}
html_static_path = []
html_extra_path = [str(EXTRA)]


def public_modules() -> list[str]:
    """Every module of the package whose name has no leading underscore, sorted."""
    names = [
        info.name
        for info in pkgutil.walk_packages(smeanalysis.__path__, "smeanalysis.")
        if not any(part.startswith("_") for part in info.name.split("."))
    ]
    return sorted(["smeanalysis", *names])


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")  # unchanged pages keep their time: no rebuild


def _api() -> None:
    modules = public_modules()
    for name in modules:
        _write(
            GENERATED / "api" / f"{name}.md",
            f"# `{name}`\n\n```{{eval-rst}}\n.. automodule:: {name}\n```\n",
        )
    entries = "\n".join(f"api/{name}" for name in modules)
    _write(
        GENERATED / "api.md",
        "# API reference\n\nGenerated from the docstrings of every public module: the library "
        "(`smeanalysis.*`) and the report face (`smeanalysis.reports.*`).\n\n"
        f"```{{toctree}}\n:maxdepth: 1\n\n{entries}\n```\n",
    )


def _dictionary() -> None:
    section = dictionary.readme_section()
    section = section.replace(dictionary.README_BEGIN, "").replace(dictionary.README_END, "")
    # The README section starts at ##: one level up, so the page starts at #.
    section = re.sub(r"^#(#+) ", r"\1 ", section, flags=re.MULTILINE)
    _write(GENERATED / "data-dictionary.md", section.strip() + "\n")


_PNG = re.compile(r'src="data:image/png;base64,([A-Za-z0-9+/=]+)"')


def _question(notebook: Path) -> tuple[str, str]:
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    title, question = notebook.stem, ""
    for cell in nb["cells"]:
        if cell["cell_type"] != "markdown":
            continue
        text = "".join(cell["source"])
        for line in text.splitlines():
            if line.startswith("# ") and title == notebook.stem:
                title = line[2:].strip()
        for paragraph in text.split("\n\n"):
            if paragraph.startswith("**Question.**") and not question:
                question = " ".join(paragraph.removeprefix("**Question.**").split())
        if title != notebook.stem:
            break
    return title, question or title


def _gallery() -> None:
    if EXTRA.exists():
        shutil.rmtree(EXTRA)
    (EXTRA / "reports").mkdir(parents=True)
    out = [
        "# Report gallery",
        "",
        "Each report is a notebook in `notebooks/` run with papermill and rendered to one "
        "self-contained page (`make report` builds them all into `reports/`).",
        "",
    ]
    for notebook in sorted(paths.NOTEBOOKS_DIR.glob("*.ipynb")):
        name = notebook.stem
        title, question = _question(notebook)
        out += [f"## {title}", "", f"**Question.** {question}", ""]
        page = paths.REPORTS_DIR / f"{name}.html"
        if page.exists():
            html = page.read_text(encoding="utf-8")
            shutil.copyfile(page, EXTRA / "reports" / f"{name}.html")
            found = _PNG.search(html)
            # Raw HTML: the page and its thumbnail are copied beside the site, not Sphinx pages.
            image = "first chart"
            if found:
                (EXTRA / "reports" / f"{name}.png").write_bytes(base64.b64decode(found.group(1)))
                image = (
                    f'<img src="../reports/{name}.png" alt="first chart of the {name} report" '
                    'width="360">'
                )
            out += [
                f'<p><a href="../reports/{name}.html">{image}</a><br>'
                f'<a href="../reports/{name}.html">Open the <code>{name}</code> report</a></p>',
                "",
            ]
        else:
            out += [
                f"*No built page yet: run `make report`, then `make docs`, to see the `{name}` "
                "report and its thumbnail here.*",
                "",
            ]
    _write(GENERATED / "gallery.md", "\n".join(out))


def _guides() -> None:
    guides = sorted(DOCS.glob("*.md"))
    for guide in guides:
        # relative-images: an image path in the guide is read from docs/, where the guide is.
        _write(
            GENERATED / "guides" / guide.name,
            f"```{{include}} ../../../{guide.name}\n:relative-images:\n```\n",
        )
    _write(
        GENERATED / "guides.md",
        "# Guides\n\nThe project's documents in `docs/`.\n\n```{toctree}\n:maxdepth: 1\n\n"
        + "\n".join(f"guides/{guide.stem}" for guide in guides)
        + "\n```\n",
    )


def generate(app=None, config=None) -> None:
    """Write every generated page (run by Sphinx before it reads the sources)."""
    _api()
    _dictionary()
    _gallery()
    _guides()


def setup(app):  # noqa: D103
    app.connect("config-inited", generate)
    return {"parallel_read_safe": True}

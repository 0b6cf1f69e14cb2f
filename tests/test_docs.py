"""The documentation site's generated pages: every module, the dictionary, the gallery.

The full build (`make docs`, Sphinx with -W so any warning fails) runs in CI (`.ci/run`);
these tests check what conf.py generates, without Sphinx.
"""

from __future__ import annotations

import base64
import importlib.util
import itertools
import re

import pytest

from smeanalysis import dictionary, paths

ROOT = paths.PROJECT_ROOT
PNG = base64.b64encode(b"\x89PNG\r\n\x1a\n synthetic").decode()


@pytest.fixture
def conf(tmp_path, monkeypatch):
    pytest.importorskip("sphinx")
    spec = importlib.util.spec_from_file_location("docs_conf", ROOT / "docs/site/conf.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # no side effect: pages are written on config-inited
    monkeypatch.setattr(module, "GENERATED", tmp_path / "generated")
    monkeypatch.setattr(module, "EXTRA", tmp_path / "extra")
    return module


def test_every_module_of_the_package_gets_an_api_page(conf):
    src = ROOT / "src"
    on_disk = {
        ".".join(path.relative_to(src).with_suffix("").parts).removesuffix(".__init__")
        for path in (src / "smeanalysis").rglob("*.py")
        if not any(part.startswith("_") and part != "__init__.py" for part in path.parts)
    }
    assert set(conf.public_modules()) == on_disk
    conf.generate()
    pages = {p.stem for p in (conf.GENERATED / "api").glob("*.md")}
    assert pages == on_disk
    text = (conf.GENERATED / "api" / "smeanalysis.reports.export.md").read_text()
    assert ".. automodule:: smeanalysis.reports.export" in text


def test_data_dictionary_page_is_the_registry_section(conf):
    conf.generate()
    page = (conf.GENERATED / "data-dictionary.md").read_text(encoding="utf-8")
    assert page.startswith("# Data dictionary")
    for table in dictionary.TABLES.values():
        assert f"## `{table.name}`" in page
    levels = [len(m) for m in re.findall(r"^(#+) ", page, flags=re.MULTILINE)]
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels))


def test_gallery_links_built_pages_and_says_run_make_report_otherwise(conf, tmp_path, monkeypatch):
    reports = tmp_path / "reports"
    reports.mkdir()
    built = sorted(p.stem for p in paths.NOTEBOOKS_DIR.glob("*.ipynb"))
    (reports / f"{built[0]}.html").write_text(f'<img src="data:image/png;base64,{PNG}">')
    monkeypatch.setattr(conf.paths, "REPORTS_DIR", reports)
    conf.generate()
    gallery = (conf.GENERATED / "gallery.md").read_text(encoding="utf-8")
    assert gallery.count("**Question.**") == len(built)
    assert f'<a href="../reports/{built[0]}.html"><img src="../reports/{built[0]}.png"' in gallery
    assert (conf.EXTRA / "reports" / f"{built[0]}.png").read_bytes() == base64.b64decode(PNG)
    assert (conf.EXTRA / "reports" / f"{built[0]}.html").exists()
    assert gallery.count("run `make report`") == len(built) - 1


def test_guides_include_every_doc_and_make_docs_fails_on_warnings(conf):
    conf.generate()
    guides = {p.name for p in (conf.GENERATED / "guides").glob("*.md")}
    assert guides == {p.name for p in (ROOT / "docs").glob("*.md")}
    recipe = (ROOT / "Makefile").read_text().split("\ndocs:", 1)[1].split("\n\n", 1)[0]
    assert " -W " in recipe and " -E " in recipe
    assert "make docs" in (ROOT / ".ci" / "run").read_text()

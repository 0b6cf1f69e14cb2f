"""An analyst's own statements on top of the shipped fact base: ``extra_facts_path``.

The statements below are synthetic (made up for the test, on an example.org page).
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from smeanalysis import facts
from smeanalysis.cli import main
from smeanalysis.reports import params, runner

SYNTHETIC_URL = "https://example.org/synthetic-analyst-note"


@pytest.fixture(scope="module")
def extra_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two synthetic statements about Ilam in the raw layout."""
    path = tmp_path_factory.mktemp("extra") / "my_facts.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(facts.RAW_COLUMNS)
        row = dict.fromkeys(facts.RAW_COLUMNS, "")
        row |= {
            "published": "2026-01-10",
            "period_label": "as of 1404-09",
            "period_end": "2025-12-21",
            "geography": "Ilam",
            "indicator": "units_in_parks_total",
            "value": "777",
            "unit": "count",
            "source_url": SYNTHETIC_URL,
        }
        writer.writerow([row[c] for c in facts.RAW_COLUMNS])
    return path


@pytest.fixture(scope="module")
def bad_extra(tmp_path_factory: pytest.TempPathFactory, extra_file: Path) -> Path:
    path = tmp_path_factory.mktemp("extra") / "bad.csv"
    path.write_text(extra_file.read_text(encoding="utf-8").replace(",count,", ",dozens,"))
    return path


def test_notebooks_that_read_facts_take_extra_facts() -> None:
    for notebook in ("sme_exports", "park_utilization", "official_figures", "province_profile"):
        assert "extra_facts_path" in params.declared(notebook), notebook


def test_extra_file_is_checked_and_made_absolute(extra_file: Path) -> None:
    declared = params.declared("province_profile")
    checked = params.check_values(
        "province_profile", declared, {"extra_facts_path": str(extra_file), "province": "Ilam"}
    )
    assert checked["extra_facts_path"] == str(extra_file.resolve())
    several = params.check_values(
        "province_profile", declared, {"extra_facts_path": [str(extra_file)] * 2}
    )
    assert several["extra_facts_path"] == [str(extra_file.resolve())] * 2


def test_extra_file_that_does_not_validate_exits_2_before_any_kernel(
    bad_extra: Path, tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args, **kwargs):
        raise AssertionError("a kernel was started")

    monkeypatch.setattr(runner, "run_report", refuse)
    out = tmp_path / "out"
    code = main(
        ["report", "province_profile", "-p", f"extra_facts_path={bad_extra}", "--out", str(out)]
    )
    assert code == 2
    err = capsys.readouterr().err
    assert "parameter 'extra_facts_path'" in err and "dozens" in err and "line 2" in err
    assert not out.exists()


def test_extra_statements_reach_the_page(extra_file: Path, tmp_path: Path) -> None:
    jobs = runner.plan(
        ["province_profile"],
        {"province": "Ilam", "extra_facts_path": str(extra_file)},
        out_dir=tmp_path,
    )
    (result,) = runner.build(jobs, tmp_path)
    assert result.ok, result.error
    (page_path,) = [p for p in tmp_path.rglob("*.html") if p.name != "index.html"]
    page = page_path.read_text(encoding="utf-8")
    assert SYNTHETIC_URL in page and "777" in page

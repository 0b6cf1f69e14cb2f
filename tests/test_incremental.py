"""Incremental builds: a report runs again only when its notebook, values, files or code changed."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from smeanalysis.reports import incremental, runner


@pytest.fixture
def setup(tmp_path, monkeypatch):
    code, data = tmp_path / "code", tmp_path / "data"
    code.mkdir()
    data.mkdir()
    (code / "module.py").write_text("x = 1\n")
    (data / "facts.csv").write_text("a,b\n1,2\n")
    # The package and the data folder the keys hash: stand-ins, so the test can change them.
    monkeypatch.setattr(incremental, "PACKAGE_DIR", code)
    monkeypatch.setattr(incremental.paths, "DATA_DIR", data)
    notebook = tmp_path / "demo.ipynb"
    notebook.write_text(json.dumps({"cells": [], "metadata": {}}))
    ran: list[str] = []

    def fake(job: runner.ReportJob) -> runner.ReportResult:
        ran.append(job.label)
        job.html_path.write_text(f"<html>{job.label}</html>")
        return runner.ReportResult(job, True, 0.0)

    def job(values: dict) -> runner.ReportJob:
        out = tmp_path / "out"
        return runner.ReportJob(
            name="demo",
            notebook=notebook,
            title="Demo",
            values=values,
            shown=(),
            html_path=out / "demo.html",
            executed_path=out / "_executed" / "demo.ipynb",
            index_href="index.html",
            label=f"demo {values}",
        )

    def build(values: dict, force: bool = False) -> list[runner.ReportResult]:
        return runner.build(
            [job(values)], tmp_path / "out", workers=1, runner=fake, incremental=True, force=force
        )

    return {"build": build, "ran": ran, "code": code, "data": data, "notebook": notebook}


def test_unchanged_report_is_skipped_and_force_rebuilds(setup):
    build, ran = setup["build"], setup["ran"]
    first = build({"year": 1398})
    assert [r.skipped for r in first] == [False] and len(ran) == 1
    second = build({"year": 1398})
    assert [(r.ok, r.skipped) for r in second] == [(True, True)] and len(ran) == 1
    build({"year": 1398}, force=True)
    assert len(ran) == 2


@pytest.mark.parametrize("change", ["notebook", "values", "data", "code", "named_file", "page"])
def test_any_input_change_rebuilds(setup, change, tmp_path):
    build, ran = setup["build"], setup["ran"]
    own = tmp_path / "mine.csv"
    own.write_text("a\n1\n")
    values = {"year": 1398, "facts_path": str(own)}
    build(values)
    assert len(ran) == 1
    if change == "notebook":
        setup["notebook"].write_text(json.dumps({"cells": [], "metadata": {"x": 1}}))
    elif change == "values":
        values = {**values, "year": 1399}
    elif change == "data":
        (setup["data"] / "facts.csv").write_text("a,b\n1,3\n")
    elif change == "code":
        (setup["code"] / "module.py").write_text("x = 2\n")
    elif change == "named_file":
        own.write_text("a\n2\n")
    else:
        (tmp_path / "out" / "demo.html").unlink()
    build(values)
    assert len(ran) == 2, change


def test_cli_has_force():
    done = subprocess.run(
        [sys.executable, "-m", "smeanalysis", "report", "--help"], capture_output=True, text=True
    )
    assert "--force" in done.stdout


def test_key_is_stored_beside_the_page(setup, tmp_path):
    setup["build"]({"year": 1398})
    stored = Path(tmp_path / "out" / "demo.html.build-key").read_text()
    assert len(stored) == 64 and int(stored, 16) >= 0

"""The report pipeline: parameters, planning, atomic writes, failures, determinism, kill."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest
from conftest import make_notebook

from smeanalysis.errors import ParameterError, SmeAnalysisError
from smeanalysis.reports import runner as reports
from smeanalysis.reports.render import read_report_meta
from smeanalysis.reports.runner import Parameter


def _session_members(session: int) -> list[int]:
    """Live processes in a session (the batch and its workers share one)."""
    members = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[3]) == session and fields[0] != "Z":
            members.append(int(stat.parent.name))
    return members


def test_parameters_cell_is_read_with_meanings(tiny_notebooks: Path) -> None:
    info = reports.discover(tiny_notebooks)["tiny"]
    assert info.title == "Tiny demo"
    assert [(p.name, p.default, p.meaning) for p in info.parameters.values()] == [
        ("n", 3, "how many points"),
        ("label", "demo", "what to call them"),
        ("facts_path", None, "facts file (None: the shipped one)"),
    ]


@pytest.mark.parametrize(
    ("source", "found"),
    [
        ("year = 1398 + 1  # derived", "'1398 + 1'"),
        ("year = 1398", "no comment"),
        ("import os  # no", "'import os'"),
        ("a = b = 1  # chained", "'a = b = 1'"),
    ],
)
def test_parameters_cell_rejects_anything_but_commented_literals(
    tmp_path: Path, source: str, found: str
) -> None:
    path = make_notebook(tmp_path / "nb.ipynb", source)
    with pytest.raises(SmeAnalysisError) as caught:
        reports.read_parameters(nbformat.read(path, as_version=4), file=str(path))
    problem = caught.value.problems[0]
    assert (problem.file, problem.line, problem.found) == (str(path), 1, found)


def test_exactly_one_parameters_cell_is_required(tmp_path: Path) -> None:
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1  # x")])
    with pytest.raises(SmeAnalysisError, match="0 cells tagged 'parameters'"):
        reports.read_parameters(nb)


@pytest.mark.parametrize(
    ("default", "good", "bad"),
    [
        (1398, [1399], ["1399", 1399.0, True, None]),
        (0.5, [1, 2.5], ["x", False]),
        ("Isfahan", ["Tehran"], [3, None]),
        (None, [None, "facts.csv"], [3, 1.5]),
        (True, [False], [1, "yes"]),
    ],
)
def test_values_must_have_the_type_of_the_default(default, good, bad) -> None:
    parameter = Parameter("p", default, "meaning")
    assert all(parameter.accepts(value) for value in good)
    assert not any(parameter.accepts(value) for value in bad)


def test_command_line_values_are_yaml_scalars() -> None:
    assert reports.parse_assignments(["year=1399", "x=null", "s=Isfahan", "f=0.5", "t=a=b"]) == {
        "year": 1399,
        "x": None,
        "s": "Isfahan",
        "f": 0.5,
        "t": "a=b",
    }
    with pytest.raises(ParameterError, match="expected key=value"):
        reports.parse_assignments(["year"])


def test_plan_names_pages_by_changed_parameters(tiny_notebooks: Path, tmp_path: Path) -> None:
    default, changed = (
        reports.plan(["tiny"], values, out_dir=tmp_path, notebooks_dir=tiny_notebooks)[0]
        for values in ({}, {"n": 5, "label": "a b"})
    )
    assert default.html_path == tmp_path / "tiny.html"
    assert default.executed_path == tmp_path / "_executed" / "tiny.ipynb"
    assert changed.html_path == tmp_path / "tiny__n-5__label-a-b.html"
    assert changed.label == "tiny n=5 label=a b"
    assert dict(changed.values) == {"n": 5, "label": "a b", "facts_path": None}


def test_plan_each_province_makes_a_folder_of_31(tiny_notebooks: Path, tmp_path: Path) -> None:
    from smeanalysis import provinces

    jobs = reports.plan(
        ["per_province"], each="province", out_dir=tmp_path, notebooks_dir=tiny_notebooks
    )
    names = sorted(provinces.provinces_table()["name_en"])
    assert [job.values["province"] for job in jobs] == names
    assert {job.html_path.parent for job in jobs} == {tmp_path / "per_province"}
    # The whole suite (no names) expands province notebooks the same way.
    suite = reports.plan(out_dir=tmp_path, notebooks_dir=tiny_notebooks)
    assert sum(job.name == "per_province" for job in suite) == 31
    assert [job.name for job in suite if job.name != "per_province"] == ["broken", "tiny"]


@pytest.mark.parametrize(
    ("names", "values", "message"),
    [
        (["nope"], {}, "no notebook named 'nope'; choose from: broken, per_province, tiny"),
        (["tiny"], {"m": 1}, "tiny has no parameter 'm'; its parameters are: n, label"),
        (
            ["tiny"],
            {"n": "banana"},
            "parameter 'n': found 'banana' (a string), expected an integer",
        ),
        (["per_province"], {"province": "Atlantis"}, "found 'Atlantis', expected one of Iran's 31"),
        (["tiny"], {"facts_path": "/no/such.csv"}, "found '/no/such.csv' (no such file)"),
    ],
)
def test_bad_values_are_refused_before_anything_runs(
    tiny_notebooks: Path, tmp_path: Path, names, values, message
) -> None:
    out = tmp_path / "out"
    with pytest.raises(ParameterError, match=re.escape(message)):
        reports.plan(names, values, out_dir=out, notebooks_dir=tiny_notebooks)
    assert not out.exists()


def test_province_spellings_are_resolved(tiny_notebooks: Path, tmp_path: Path) -> None:
    (job,) = reports.plan(
        ["per_province"], {"province": "esfahan"}, out_dir=tmp_path, notebooks_dir=tiny_notebooks
    )
    assert job.values["province"] == "Isfahan"


def test_year_outside_the_data_is_refused(tmp_path: Path) -> None:
    pytest.importorskip("smeanalysis.facts", reason="smeanalysis.facts has not landed")
    from smeanalysis import facts

    years = sorted({int(y) for y in facts.facts_years(facts.load_facts())})
    names = [n for n, info in reports.discover().items() if "year" in info.parameters]
    if not names:
        pytest.skip("no notebook has a year parameter")
    with pytest.raises(ParameterError, match=f"expected a year in the data \\({years[0]}, "):
        reports.plan(names[:1], {"year": years[-1] + 50}, out_dir=tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_write_atomic_replaces_whole_files(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "page.html"
    reports.write_atomic(target, b"old")
    reports.write_atomic(target, b"new" * 100_000)
    assert target.read_bytes() == b"new" * 100_000
    assert [p.name for p in target.parent.iterdir()] == ["page.html"]


def test_build_writes_pages_executed_notebooks_and_index(
    tiny_notebooks: Path, tmp_path: Path
) -> None:
    jobs = reports.plan(
        ["tiny", "broken"], {"n": 4}, out_dir=tmp_path, notebooks_dir=tiny_notebooks
    )
    stale = tmp_path / "broken__n-4.html"
    stale.write_text("an old page that looked like a success")
    results = reports.build(jobs, tmp_path, workers=2)
    assert [(r.job.name, r.ok) for r in results] == [("tiny", True), ("broken", False)]
    assert "RuntimeError: boom 5" in results[1].error
    assert "raise RuntimeError" in results[1].error
    # The failed run keeps its executed notebook (with the error) and has no page.
    assert not stale.exists()
    executed = nbformat.read(tmp_path / "_executed" / "broken__n-4.ipynb", as_version=4)
    assert any(
        o.get("ename") == "RuntimeError" for c in executed.cells for o in c.get("outputs", [])
    )
    page = (tmp_path / "tiny__n-4.html").read_text()
    assert "<strong>4</strong> points called demo" in page
    assert 'src="data:image/png;base64,' in page
    assert "Source: synthetic" not in page  # chart text is inside the PNG, not the HTML
    assert 'href="#Numbers"' in page and 'href="#Chart"' in page  # table of contents
    assert "<code>n</code></td><td><code>4</code>" in page  # parameters shown
    # A CDN named outside the embedded data (a PNG's base64 may spell "cdn" by chance).
    outside_data = re.sub(r"data:[^\"']+", "", page)
    assert "<script src" not in page and "cdn" not in outside_data.lower()
    assert str(tmp_path) not in page and "execution_count" not in page
    index = (tmp_path / "index.html").read_text()
    assert 'href="tiny__n-4.html"' in index and "broken" not in index
    assert not list(tmp_path.rglob(f"*{reports.TMP_SUFFIX}"))


def test_same_parameters_give_identical_pages(tiny_notebooks: Path, tmp_path: Path) -> None:
    # Two runs of the same report, in two workers (two kernels) at once.
    jobs = [
        job
        for run in ("a", "b")
        for job in reports.plan(["tiny"], out_dir=tmp_path / run, notebooks_dir=tiny_notebooks)
    ]
    results = reports.build(jobs, tmp_path / "a", workers=2)
    assert all(result.ok for result in results)
    assert (tmp_path / "a" / "tiny.html").read_bytes() == (
        tmp_path / "b" / "tiny.html"
    ).read_bytes()


def test_province_set_gets_its_own_index_linked_from_the_top(
    tiny_notebooks: Path, tmp_path: Path
) -> None:
    jobs = reports.plan(
        ["per_province"], each="province", out_dir=tmp_path, notebooks_dir=tiny_notebooks
    )[:3]
    reports.build(jobs, tmp_path, workers=2)
    folder_index = (tmp_path / "per_province" / "index.html").read_text()
    assert folder_index.count('<tr><td><a href="') == 3
    assert 'href="Alborz.html"' in folder_index and 'href="../index.html"' in folder_index
    assert 'href="per_province/index.html"' in (tmp_path / "index.html").read_text()
    page = (tmp_path / "per_province" / "Alborz.html").read_text()
    assert "Province: <strong>Alborz</strong>" in page


def test_sigkill_mid_batch_leaves_finished_pages_and_no_partial_files(
    tiny_notebooks: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    command = [sys.executable, "-m", "smeanalysis", "--notebooks-dir", str(tiny_notebooks)]
    command += ["report", "per_province", "--each", "province", "--out", str(out), "--jobs", "2"]
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    folder = out / "per_province"
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline and not list(folder.glob("*.html")):
            time.sleep(0.02)
        assert list(folder.glob("*.html")), "no report appeared within 120 s"
        os.kill(process.pid, signal.SIGKILL)  # the batch's own process, mid-batch
        process.wait(timeout=10)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    # Orphaned workers notice their parent is gone within half a second and exit.
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and _session_members(process.pid):
        time.sleep(0.2)
    assert _session_members(process.pid) == []
    pages = sorted(folder.glob("*.html"))
    assert 0 < len(pages) < 31, "the batch should have been stopped midway"
    for page in pages:
        text = page.read_text()
        assert text.rstrip().endswith("</html>")
        province = dict((k, v) for k, v, _ in read_report_meta(text)["parameters"])["province"]
        assert f"Province: <strong>{province}</strong>" in text
    leftovers = [p for p in out.rglob("*") if p.is_file() and p.name.startswith(".")]
    assert leftovers == []
    assert not (folder / "index.html").exists()  # indexes are written at the end


@pytest.mark.parametrize("deaths", [1, 2])
def test_a_kernel_that_dies_starting_is_replaced_once(
    tiny_notebooks: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, deaths: int
) -> None:
    from jupyter_core.utils import run_sync

    from smeanalysis.reports import runner

    taken = []
    real_take = runner._take_kernel

    def take(cwd: Path, prestart_next: bool = True):
        manager = real_take(cwd, prestart_next)
        if len(taken) < deaths:  # dies before it answers, as one kernel did in CI
            run_sync(manager.signal_kernel)(signal.SIGKILL)
            while run_sync(manager.is_alive)():
                time.sleep(0.05)
        taken.append(manager)
        return manager

    monkeypatch.setattr(runner, "_take_kernel", take)
    jobs = reports.plan(["tiny"], out_dir=tmp_path, notebooks_dir=tiny_notebooks)
    (result,) = reports.build(jobs, tmp_path, workers=1)
    assert len(taken) == 2, result.error  # the first kernel and one replacement, never more
    if deaths == 1:
        assert result.ok, result.error
        assert (tmp_path / "tiny.html").exists()
    else:
        assert not result.ok and "kernel_info" in result.error
        assert not (tmp_path / "tiny.html").exists()

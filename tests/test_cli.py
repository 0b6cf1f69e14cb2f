"""The smeanalysis command: list, validate, report and their exit codes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from smeanalysis import paths
from smeanalysis.cli import main


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "smeanalysis", *args],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_list_shows_parameters_meanings_and_defaults(tiny_notebooks: Path, capsys) -> None:
    assert main(["--notebooks-dir", str(tiny_notebooks), "list"]) == 0
    out = capsys.readouterr().out
    assert "tiny: Tiny demo" in out
    assert "n = 3" in out and "# how many points" in out
    assert "facts_path = None" in out


def test_list_covers_every_project_notebook(capsys) -> None:
    assert main(["list"]) == 0
    out = capsys.readouterr().out
    for notebook in paths.NOTEBOOKS_DIR.glob("*.ipynb"):
        assert f"{notebook.stem}:" in out
    assert "cannot run" not in out


def test_validate_good_and_bad_files(tmp_path: Path) -> None:
    pytest.importorskip("smeanalysis.facts", reason="smeanalysis.facts has not landed")
    good = paths.DATA_DIR / "raw" / "official_figures.csv"
    result = run("validate", str(good))
    assert result.returncode == 0, result.stdout + result.stderr
    lines = good.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[2] = lines[2].replace(",count,", ",dozens,", 1)  # an impossible unit on line 3
    bad = tmp_path / "facts.csv"
    bad.write_text("".join(lines), encoding="utf-8")
    result = run("validate", str(bad))
    assert result.returncode == 2
    assert "line 3" in result.stdout and "dozens" in result.stdout
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["report", "sme_exports", "-p", "year=1350"],
        ["report", "sme_exports", "-p", "colour=red"],
        ["report", "no_such_report"],
        ["report", "province_profile", "-p", "province=Atlantis"],
        ["report", "province_profile", "-p", "province=Iran"],
        ["report", "sme_exports", "-p", "year"],
        ["report", "sme_exports", "--each", "province"],
    ],
)
def test_bad_parameters_exit_2_with_one_line_and_write_nothing(
    args, tmp_path: Path, capsys
) -> None:
    out = tmp_path / "out"
    assert main([*args, "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("smeanalysis: error: ")
    assert not out.exists()


def test_bad_parameter_from_the_shell_exits_2_without_traceback(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run("report", "sme_exports", "-p", "year=banana", "--out", str(out))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert not out.exists()


def test_wrong_type_names_the_parameter_the_value_and_what_is_expected(tmp_path: Path) -> None:
    result = run("report", "sme_exports", "-p", "year=banana", "--out", str(tmp_path / "o"))
    assert (
        "parameter 'year': found 'banana' (a string), expected an integer Iranian (Solar Hijri) "
        "year from 1278 to 1480, e.g. 1398" in result.stderr
    )


def test_facts_file_that_does_not_validate_exits_2_before_any_kernel(tmp_path: Path) -> None:
    lines = (paths.DATA_DIR / "raw" / "official_figures.csv").read_text(encoding="utf-8")
    bad = tmp_path / "facts.csv"
    bad.write_text(lines.replace(",count,", ",dozens,", 1), encoding="utf-8")
    out = tmp_path / "out"
    result = run("report", "sme_exports", "-p", f"facts_path={bad}", "--out", str(out))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert f"parameter 'facts_path': found '{bad}' (1 problem, the first: {bad}, line" in (
        result.stderr
    )
    assert not out.exists(), "no kernel ran: no executed notebook, no page"


def test_failing_notebook_exits_1_keeps_it_and_builds_the_rest(
    tiny_notebooks: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    result = run(
        "--notebooks-dir", str(tiny_notebooks), "report", "broken", "tiny", "--out", str(out)
    )
    assert result.returncode == 1
    assert "FAILED broken: cell [" in result.stderr and "RuntimeError: boom 4" in result.stderr
    assert "[2/2]" in result.stderr  # progress for a multi-report run
    assert (out / "_executed" / "broken.ipynb").exists()
    assert not (out / "broken.html").exists()
    assert (out / "tiny.html").exists()


def test_params_file_and_overrides(tiny_notebooks: Path, tmp_path: Path) -> None:
    params = tmp_path / "p.yaml"
    params.write_text("n: 7  # seven\nlabel: from-file\n")
    out = tmp_path / "out"
    options = ["-f", str(params), "-p", "label=cli", "--out", str(out)]
    code = main(["--notebooks-dir", str(tiny_notebooks), "report", "tiny", *options])
    assert code == 0
    page = (out / "tiny__n-7__label-cli.html").read_text()
    assert "<strong>7</strong> points called cli" in page


def test_python_dash_m_and_console_script_agree() -> None:
    result = run("--help")
    assert result.returncode == 0 and "report" in result.stdout
    script = Path(sys.executable).with_name("smeanalysis")
    if not script.exists():
        pytest.skip("the smeanalysis console script is not installed in this environment")
    direct = subprocess.run([script, "--help"], capture_output=True, text=True, check=False)
    assert direct.stdout == result.stdout

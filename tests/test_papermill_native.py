"""The notebooks as papermill sees them: parameters it can list, runs without a warning.

``papermill --help-notebook`` reads each parameter from one line of the ``parameters`` cell:
its name, the type in a ``# type: T`` comment, the default and the meaning.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import project_notebooks

from smeanalysis import paths
from smeanalysis.reports import params

PAPERMILL = [sys.executable, "-m", "papermill"]
# What papermill says when it cannot read a parameters cell or an injected name.
WARNINGS = ("Unable to parse", "Passed unknown parameter", "Black is not installed")


@pytest.mark.parametrize("path", project_notebooks(), ids=lambda p: p.stem)
def test_help_notebook_lists_every_parameter_with_type_default_and_meaning(path: Path) -> None:
    result = subprocess.run(
        [*PAPERMILL, "--help-notebook", str(path)], capture_output=True, text=True, check=True
    )
    assert not any(w in result.stdout + result.stderr for w in WARNINGS), result.stderr
    listed = {
        line.split(":")[0].strip(): line
        for line in result.stdout.splitlines()
        if line.startswith("  ") and not line.startswith("   ")
    }
    for name, parameter in params.declared(path.stem).items():
        assert name in listed, f"{name} missing from --help-notebook"
        assert "Unknown type" not in listed[name], listed[name]
        assert parameter.type_name and parameter.type_name in listed[name], listed[name]
        assert parameter.meaning[:30] in result.stdout


def test_a_run_with_p_r_and_f_prints_no_warning(tmp_path: Path) -> None:
    out = tmp_path / "sme_exports_1399.ipynb"
    result = subprocess.run(
        [
            *PAPERMILL,
            str(paths.NOTEBOOKS_DIR / "sme_exports.ipynb"),
            str(out),
            "-f",
            str(paths.NOTEBOOKS_DIR / "params" / "sme_exports_1399.yaml"),
            "-p",
            "year",
            "1399",
            "-r",
            "lang",
            "en",
            "-k",
            "smeanalysis",
            "--cwd",
            str(paths.NOTEBOOKS_DIR),
            "--no-progress-bar",
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert not any(w in result.stderr for w in WARNINGS), result.stderr
    assert '"year": 1399' in out.read_text(encoding="utf-8")

"""The pre-commit notebook filters turn an executed notebook back into the stored one, exactly.

A notebook is run the way analysts run it (papermill, which also writes what nbconvert's and
JupyterLab's saves write: the kernel's full ``language_info``, per-cell timings, outputs and
counts, plus papermill's own metadata and empty ``tags``), then every hook of
``.pre-commit-config.yaml`` that applies to notebooks runs on it with its configured arguments.
"""

from __future__ import annotations

import importlib.util
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from smeanalysis import paths

ROOT = paths.PROJECT_ROOT
CONFIG = ROOT / ".pre-commit-config.yaml"
BIN = Path(sys.executable).parent
NOTEBOOK = "official_figures"


def hooks() -> list[dict]:
    config = yaml.safe_load(CONFIG.read_text(encoding="utf-8"))
    return [hook for repo in config["repos"] for hook in repo["hooks"]]


def notebook_hooks() -> list[list[str]]:
    return [
        [*shlex.split(hook["entry"]), *hook.get("args", [])]
        for hook in hooks()
        if "jupyter" in hook.get("types", []) + hook.get("types_or", [])
        and hook["id"] not in {"ruff"}  # ruff checks, it does not rewrite
    ]


def run_filters(path: Path) -> None:
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    for command in notebook_hooks():
        # pre-commit's fixers exit 1 when they changed the file; anything else is a failure.
        done = subprocess.run(
            [*command, str(path)], cwd=ROOT, env=env, capture_output=True, text=True
        )
        assert done.returncode in (0, 1), (command, done.stdout, done.stderr)


def test_every_hook_is_local_and_runs_from_the_environment():
    config = yaml.safe_load(CONFIG.read_text(encoding="utf-8"))
    assert [repo["repo"] for repo in config["repos"]] == ["local"]
    ids = {hook["id"] for hook in hooks()}
    assert {"ruff", "ruff-format", "nbstripout", "end-of-file-fixer", "trailing-whitespace"} <= ids
    for hook in hooks():
        assert hook["language"] == "system"
        program = shlex.split(hook["entry"])[0]
        assert program == "python" or (BIN / program).exists(), f"{program} not in {BIN}"


def test_empty_tags_are_dropped_and_parameters_tags_kept():
    spec = importlib.util.spec_from_file_location("nb_tags", ROOT / "tools/notebook_empty_tags.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    notebook = {
        "cells": [
            {"metadata": {"tags": []}, "source": "x = 1"},
            {"metadata": {"tags": ["parameters"]}, "source": "y = 2"},
        ]
    }
    cleaned, removed = module.drop_empty_tags(notebook)
    assert removed == 1
    assert [cell["metadata"] for cell in cleaned["cells"]] == [{}, {"tags": ["parameters"]}]
    assert notebook["cells"][0]["metadata"] == {"tags": []}  # input untouched


def test_executed_notebook_is_stored_notebook_after_the_filters(tmp_path):
    papermill = pytest.importorskip("papermill")
    if shutil.which("nbstripout", path=str(BIN)) is None:
        pytest.skip("nbstripout is not installed in this environment (the dev extra)")
    stored = ROOT / "notebooks" / f"{NOTEBOOK}.ipynb"
    executed = tmp_path / f"{NOTEBOOK}.ipynb"
    papermill.execute_notebook(
        str(stored),
        str(executed),
        kernel_name="smeanalysis",
        cwd=str(ROOT / "notebooks"),
        progress_bar=False,
        execution_timeout=600,
    )
    before = executed.read_bytes()
    assert before != stored.read_bytes()  # the run really wrote outputs and metadata
    assert b'"execution_count": 1' in before and b'"papermill"' in before
    run_filters(executed)
    assert executed.read_bytes() == stored.read_bytes()

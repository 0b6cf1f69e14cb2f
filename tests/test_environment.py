"""The conda environment and pyproject.toml must name the same dependencies."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]

# conda-forge publishes a few packages under another name than PyPI.
CONDA_TO_PYPI = {"python-duckdb": "duckdb"}
NOT_PACKAGES = {"python", "pip"}


def split_requirement(text: str) -> tuple[str, str]:
    match = re.fullmatch(r"\s*([A-Za-z0-9_.\-]+)(\[[^\]]*\])?\s*(.*?)\s*", text)
    assert match, f"unreadable requirement {text!r}"
    name = match.group(1).lower().replace("_", "-")
    return CONDA_TO_PYPI.get(name, name), match.group(3).replace(" ", "")


def pyproject_requirements() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    requirements = list(project["dependencies"])
    for group, items in project["optional-dependencies"].items():
        requirements += [item for item in items if not item.startswith("smeanalysis")]
        assert group == "all" or all(not i.startswith("smeanalysis") for i in items)
    return dict(split_requirement(r) for r in requirements)


def conda_requirements() -> dict[str, str]:
    spec = yaml.safe_load((ROOT / "environment.yml").read_text())
    pairs = [split_requirement(d) for d in spec["dependencies"] if isinstance(d, str)]
    return {name: version for name, version in pairs if name not in NOT_PACKAGES}


def test_environment_yml_and_pyproject_name_the_same_packages():
    assert conda_requirements() == pyproject_requirements()


def test_environment_yml_installs_the_project_itself():
    spec = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip_sections = [d["pip"] for d in spec["dependencies"] if isinstance(d, dict)]
    assert ["-e ."] in pip_sections


def test_split_requirement_reads_extras_and_conda_names():
    assert split_requirement("dask[dataframe]>=2025.1") == ("dask", ">=2025.1")
    assert split_requirement("python-duckdb>=1.1") == ("duckdb", ">=1.1")

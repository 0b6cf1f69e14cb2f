"""The lock file pins every dependency pyproject.toml declares, with hashes.

``requirements.lock`` is what ``make report`` and ``make test`` install from (tools/bootstrap.py),
so a page rebuilt next year runs on the same versions. It is written by ``make lock``; these tests
catch a pyproject.toml edited without regenerating it.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from packaging.markers import Marker, default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
LOCK = ROOT / "requirements.lock"

# One pin: "name==version ; marker \" then its hash lines.
_PIN = re.compile(r"^([A-Za-z0-9_.\-\[\]]+)==([^\s;\\]+)\s*(?:;\s*([^\\]+?))?\s*\\?$")


def _pins() -> dict[str, list[tuple[str, str | None, int]]]:
    """Package -> [(version, marker, number of hashes)] as the lock states them."""
    pins: dict[str, list[tuple[str, str | None, int]]] = {}
    current = None
    for line in LOCK.read_text(encoding="utf-8").splitlines():
        match = _PIN.match(line)
        if match:
            name = canonicalize_name(match.group(1).split("[")[0])
            current = [match.group(2), match.group(3), 0]
            pins.setdefault(name, []).append(current)  # type: ignore[arg-type]
        elif current is not None and line.strip().startswith("--hash=sha256:"):
            current[2] += 1
    return {name: [tuple(p) for p in entries] for name, entries in pins.items()}  # type: ignore[misc]


def _declared() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    requirements = [Requirement(r) for r in project["dependencies"]]
    for items in project["optional-dependencies"].values():
        requirements += [Requirement(r) for r in items if not r.startswith(project["name"])]
    return requirements


PINS = _pins()


def test_every_pin_has_hashes() -> None:
    assert len(PINS) > 50
    unhashed = [name for name, entries in PINS.items() for _, _, n in entries if n == 0]
    assert not unhashed, f"pins without --hash lines: {unhashed}"


@pytest.mark.parametrize("requirement", _declared(), ids=str)
def test_each_declared_dependency_is_pinned_within_its_range(requirement: Requirement) -> None:
    name = canonicalize_name(requirement.name)
    assert name in PINS, f"{requirement} is not in requirements.lock: run `make lock`"
    here = default_environment() | {"python_full_version": "3.11.7", "python_version": "3.11"}
    versions = [
        version
        for version, marker, _ in PINS[name]
        if marker is None or Marker(marker).evaluate(here)
    ]
    assert versions, f"{name} has no pin for Python 3.11 on this platform"
    for version in versions:
        assert requirement.specifier.contains(version, prereleases=True), (
            f"requirements.lock pins {name}=={version}, outside {requirement.specifier}: "
            "run `make lock`"
        )

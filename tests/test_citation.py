"""CITATION.cff is valid CFF 1.2.0 and names the package's and the data's licences and version.

The schema in tests/schemas/citation-cff-1.2.0.json is the Citation File Format's own
(https://citation-file-format.github.io/1.2.0/schema.json, copied from
github.com/citation-file-format/citation-file-format, schema.json). `cffconvert --validate`
accepts the file as well; it is not a dependency because it pins jsonschema 3.
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = ROOT / "tests" / "schemas" / "citation-cff-1.2.0.json"

jsonschema = pytest.importorskip("jsonschema")


def citation() -> dict:
    return yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))


def errors(document: dict) -> list[str]:
    validator = jsonschema.Draft7Validator(json.loads(SCHEMA.read_text(encoding="utf-8")))
    return [error.message for error in validator.iter_errors(document)]


def test_citation_is_valid_cff_1_2_0():
    document = citation()
    assert document["cff-version"] == "1.2.0"
    assert errors(document) == []


def test_the_schema_rejects_a_citation_without_authors():
    document = {k: v for k, v in citation().items() if k != "authors"}
    assert any("authors" in message for message in errors(document))


def test_package_licence_and_version_match_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    document = citation()
    assert document["type"] == "software"
    assert document["license"] == project["license"] == "MIT"
    assert document["version"] == project["version"]


def test_data_reference_carries_the_data_package_licence():
    package = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    data_licences = {licence["name"] for licence in package["licenses"]}
    data = [ref for ref in citation()["references"] if ref["type"] == "data"]
    assert len(data) == 1
    assert {data[0]["license"]} == data_licences == {"CC-BY-4.0"}
    assert data[0]["version"] == citation()["version"]

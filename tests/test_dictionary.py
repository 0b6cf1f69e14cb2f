"""The data dictionary itself, and the files generated from it."""

from __future__ import annotations

import shutil

import frictionless
import pandas as pd
import pytest

from smeanalysis import composition, dictionary, facts, trade
from smeanalysis.dictionary import FIELDS, INDICATORS, TABLES, Field, Table
from smeanalysis.errors import SmeAnalysisError
from smeanalysis.paths import DATA_DIR
from smeanalysis.tables import NormalizationWarning


def test_generated_files_match_the_committed_ones():
    assert dictionary.check() == [], "run: python -m smeanalysis.dictionary --write"
    assert dictionary.main(["--check"]) == 0


def test_check_reports_a_drifted_readme(tmp_path):
    shutil.copy(DATA_DIR / "datapackage.json", tmp_path / "datapackage.json")
    shutil.copytree(DATA_DIR / "schemas", tmp_path / "schemas")
    readme = (DATA_DIR / "README.md").read_text(encoding="utf-8")
    (tmp_path / "README.md").write_text(readme.replace("`usd`", "`USD`", 1), encoding="utf-8")
    assert dictionary.check(tmp_path) == [tmp_path / "README.md"]
    assert dictionary.write(tmp_path) == [tmp_path / "README.md"]
    assert dictionary.check(tmp_path) == []
    # the hand-written part outside the markers is kept
    assert (tmp_path / "README.md").read_text(encoding="utf-8") == readme


def test_readme_without_markers_is_an_error(tmp_path):
    (tmp_path / "README.md").write_text("# Data\n", encoding="utf-8")
    with pytest.raises(SmeAnalysisError, match="markers"):
        dictionary.check(tmp_path)


def test_datapackage_validates_with_frictionless():
    report = frictionless.validate(DATA_DIR / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_frictionless_catches_a_bad_unit_and_url(tmp_path):
    # the whole package, then one resource spoilt
    shutil.copytree(DATA_DIR, tmp_path, dirs_exist_ok=True)
    lines = facts.DEFAULT_PATH.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace(",count,", ",counts,")
    lines[2] = lines[2].replace("https://", "ftp://")
    (tmp_path / "raw" / "official_figures.csv").write_text("\n".join(lines) + "\n", "utf-8")
    report = frictionless.validate(tmp_path / "datapackage.json")
    assert not report.valid
    errors = report.flatten(["rowNumber", "fieldName", "type"])
    assert errors == [[2, "unit", "constraint-error"], [3, "source_url", "constraint-error"]]


def test_datapackage_describes_the_raw_layout_with_enums():
    package = dictionary.datapackage()
    facts_resource = package["resources"][0]
    names = [f["name"] for f in facts_resource["schema"]["fields"]]
    assert names == list(facts.RAW_COLUMNS)
    by_name = {f["name"]: f for f in facts_resource["schema"]["fields"]}
    assert by_name["indicator"]["constraints"]["enum"] == list(INDICATORS)
    assert by_name["unit"]["constraints"]["enum"] == list(dictionary.UNITS)
    assert by_name["value"]["type"] == "number" and by_name["published"]["type"] == "date"
    assert package["licenses"] and package["sources"]


def test_every_field_is_used_by_a_table():
    used = {name for t in TABLES.values() for name in (*t.columns, *(t.raw_columns or ()))}
    assert set(FIELDS) - used == set()


def test_indicators_are_exactly_those_in_the_shipped_data():
    raw = pd.read_csv(facts.DEFAULT_PATH, dtype=str, keep_default_na=False)
    assert set(raw["indicator"]) == set(INDICATORS)
    for name, units in raw.groupby("indicator")["unit"].unique().items():
        assert set(units) <= set(INDICATORS[name].units), name


def test_indicator_kinds_follow_the_names():
    for name, item in INDICATORS.items():
        if name.endswith(("_target", "_target_ministry")):
            assert item.kind == "target", name
        elif name.endswith("_growth_yoy"):
            assert item.kind == "growth", name
        elif item.units == ("percent",):
            assert item.kind == "share", name


def test_duplicate_field_is_rejected_readably():
    before = dict(FIELDS)
    with pytest.raises(SmeAnalysisError) as caught:
        dictionary.register_fields(Field("unit", "Another unit.", "string"))
    assert "field 'unit': found registered twice" in str(caught.value)
    with pytest.raises(SmeAnalysisError):
        dictionary.register_fields(Field("new_a", "x", "string"), Field("new_a", "y", "string"))
    assert FIELDS == before


def test_bad_dtype_and_bad_field_definitions_are_rejected_readably():
    with pytest.raises(SmeAnalysisError) as caught:
        Field("share_value", "A share.", "float")
    assert "dtype 'float'" in str(caught.value) and "closest: 'float64'" in str(caught.value)
    with pytest.raises(SmeAnalysisError, match="snake_case"):
        Field("Bad Name", "x", "string")
    with pytest.raises(SmeAnalysisError, match="minimum <= maximum"):
        Field("x", "x", "int64", minimum=5, maximum=1)
    with pytest.raises(SmeAnalysisError, match="a description"):
        Field("x", " ", "string")


def test_tables_reject_duplicates_and_unknown_columns():
    with pytest.raises(SmeAnalysisError, match="'unit' twice in columns"):
        Table("demo", "Demo", "A demo.", None, columns=("unit", "unit"))
    with pytest.raises(SmeAnalysisError, match="closest: 'value'"):
        dictionary.register_table(Table("demo", "Demo", "A demo.", None, columns=("valeu",)))
    with pytest.raises(SmeAnalysisError, match="registered twice"):
        dictionary.register_table(TABLES["official_figures"])
    with pytest.raises(SmeAnalysisError, match="override"):
        Table("demo", "Demo", "A demo.", None, columns=("unit",), overrides={"unit": {"x": 1}})
    assert "demo" not in TABLES


def test_overrides_apply_to_one_table_only():
    corrections = TABLES["official_figures_corrections"]
    assert corrections.field("column").allowed == facts.RAW_COLUMNS
    assert FIELDS["column"].allowed is None
    assert not corrections.field("fact_id").unique and FIELDS["fact_id"].unique


def test_pandera_schema_accepts_the_loaded_table_and_rejects_a_bad_one():
    schema = dictionary.pandera_schema("official_figures")
    loaded = facts.load_facts()
    schema.validate(loaded)
    bad = loaded.assign(unit=loaded["unit"].where(loaded.index != 3, "dollars"))
    with pytest.raises(Exception, match="dollars"):
        schema.validate(bad)
    with pytest.raises(Exception, match="column"):
        schema.validate(loaded.drop(columns="speaker"))


def test_export_composition_is_described_by_the_dictionary():
    table = TABLES["export_composition"]
    assert table.columns == composition.COLUMNS
    assert table.raw_columns == composition.RAW_COLUMNS
    assert table.field("indicator").allowed == ("value", "tonnage", "share")
    assert table.field("unit").allowed == ("usd", "tonne", "percent")
    assert table.field("scope").allowed == tuple(composition.SCOPES)
    assert table.field("flow").allowed == ("export", "import")
    # the composition overrides leave the fact table's fields alone
    assert TABLES["official_figures"].field("indicator").allowed == tuple(INDICATORS)
    assert TABLES["official_figures"].field("value").minimum is None
    raw = pd.read_csv(composition.DEFAULT_PATH, dtype=str, keep_default_na=False)
    assert set(raw["scope"]) <= set(composition.SCOPES)
    for indicator, units in raw.groupby("indicator")["unit"].unique().items():
        assert list(units) == [composition.INDICATOR_UNITS[indicator]]


def test_datapackage_has_composition_and_its_corrections_under_cc_by():
    package = dictionary.datapackage()
    resources = {r["name"]: r for r in package["resources"]}
    ec = resources["export_composition"]
    assert ec["path"] == "raw/export_composition.csv"
    assert [f["name"] for f in ec["schema"]["fields"]] == list(composition.RAW_COLUMNS)
    fields = {f["name"]: f for f in ec["schema"]["fields"]}
    assert fields["value"]["constraints"] == {"required": True, "minimum": 0}
    assert fields["hs_code"]["constraints"]["pattern"] == "[0-9]{2,10}"
    corrections = resources["export_composition_corrections"]
    assert corrections["path"] == "corrections/export_composition.csv"
    assert corrections["schema"]["missingValues"] == []
    assert [lic["name"] for lic in package["licenses"]] == ["CC-BY-4.0"]


def test_readme_covers_composition_and_links_its_notes():
    readme = (DATA_DIR / "README.md").read_text(encoding="utf-8")
    generated = readme[readme.index(dictionary.README_BEGIN) :]
    hand_written = readme[: readme.index(dictionary.README_BEGIN)]
    assert "### `export_composition`" in generated
    assert "### `export_composition_corrections`" in generated
    for scope in composition.SCOPES:
        assert f"| `{scope}` |" in generated
    assert "(export_composition.md)" in hand_written and "CC-BY-4.0" in hand_written


def test_frictionless_catches_a_bad_composition_scope(tmp_path):
    shutil.copytree(DATA_DIR, tmp_path, dirs_exist_ok=True)
    path = tmp_path / "raw" / "export_composition.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].replace(",non_oil,", ",oil,", 1)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = frictionless.validate(tmp_path / "datapackage.json")
    assert report.flatten(["rowNumber", "fieldName", "type"]) == [[4, "scope", "constraint-error"]]


# ---------------------------------------------------------------------------------------------
# The declarations layout (an analyst's extract; no file shipped, a Table Schema instead)
# ---------------------------------------------------------------------------------------------

DECLARATIONS_SCHEMA = DATA_DIR / "schemas" / "declarations.schema.json"


def _validate_declarations(frame: pd.DataFrame, folder, monkeypatch) -> list[list]:
    """Write ``frame`` as a CSV and validate it against the committed schema file."""
    frame.to_csv(folder / "extract.csv", index=False)
    shutil.copy(DECLARATIONS_SCHEMA, folder / "declarations.schema.json")
    monkeypatch.chdir(folder)  # Frictionless follows relative paths only (not --trusted)
    report = frictionless.validate("extract.csv", schema="declarations.schema.json")
    return report.flatten(["rowNumber", "fieldName", "type"])


def test_the_loader_takes_its_layout_from_the_dictionary(tmp_path):
    table = TABLES["declarations"]
    assert (*trade.COLUMNS, *trade.OPTIONAL_COLUMNS) == table.raw_columns
    assert trade.OPTIONAL_COLUMNS == table.optional_columns == ("exporter_id", "quantity", "unit")
    # the loaded table has the dictionary's columns, in its order
    frame = trade.synthetic_declarations(200).assign(quantity="2", unit="pair")
    frame.to_csv(tmp_path / "extract.csv", index=False)
    loaded = trade.load_declarations(tmp_path / "extract.csv")
    assert tuple(loaded.columns) == table.columns
    # and passes the dictionary's pandera schema, which a negative weight does not
    schema = dictionary.pandera_schema("declarations")
    schema.validate(loaded)
    with pytest.raises(Exception, match="weight_kg"):
        schema.validate(loaded.assign(weight_kg=-loaded["weight_kg"]))
    # an extract without the optional columns passes too
    schema.validate(loaded.drop(columns=list(trade.OPTIONAL_COLUMNS)))


def test_synthetic_declarations_validate_against_the_schema(tmp_path, monkeypatch):
    frame = trade.synthetic_declarations(300)
    assert "exporter_id" in frame.columns
    assert _validate_declarations(frame, tmp_path, monkeypatch) == []
    # optional columns may be absent, extra ones are kept, the order is free
    lean = frame.drop(columns="exporter_id").assign(note="x")[["note", *reversed(trade.COLUMNS)]]
    assert _validate_declarations(lean, tmp_path, monkeypatch) == []
    # Persian digits and a Gregorian date are read by the loader, so the schema accepts them
    persian = frame.head(3).astype({"value_usd": "object"})
    persian.loc[0, "value_usd"] = "۵۰۰۰٫۵"
    persian.loc[1, "declaration_date"] = "2019-12-21"
    persian.loc[2, "hs_code"] = "8418.10"
    assert _validate_declarations(persian, tmp_path, monkeypatch) == []
    persian.to_csv(tmp_path / "extract.csv", index=False)
    with pytest.warns(NormalizationWarning, match="Persian digits"):
        loaded = trade.load_declarations(tmp_path / "extract.csv")
    assert loaded["value_usd"].iloc[0] == 5000.5


def test_the_schema_rejects_what_the_loader_rejects(tmp_path, monkeypatch):
    frame = trade.synthetic_declarations(300).astype({"value_usd": "object"})
    frame.loc[4, "hs_code"] = "84A8"
    frame.loc[6, "value_usd"] = "-5"
    frame.loc[7, "declaration_date"] = "21.12.2019"
    errors = _validate_declarations(frame, tmp_path, monkeypatch)
    assert errors == [
        [6, "hs_code", "constraint-error"],
        [8, "value_usd", "constraint-error"],
        [9, "declaration_date", "constraint-error"],
    ]
    frame.to_csv(tmp_path / "extract.csv", index=False)
    with pytest.raises(SmeAnalysisError, match="84A8"):
        trade.load_declarations(tmp_path / "extract.csv")
    # a required column missing is named; an optional one is not
    missing = trade.synthetic_declarations(300).drop(columns=["weight_kg", "exporter_id"])
    assert _validate_declarations(missing, tmp_path, monkeypatch) == [
        [None, "weight_kg", "missing-label"]
    ]


def test_declarations_are_in_the_readme_and_have_no_resource():
    section = dictionary.readme_section()
    assert "### `declarations`" in section
    for name in TABLES["declarations"].raw_columns:
        assert f"| `{name}` |" in section
    assert "| `exporter_id` | string | string | yes (optional column) |" in section
    assert "declarations" not in [r["name"] for r in dictionary.datapackage()["resources"]]
    with pytest.raises(SmeAnalysisError, match="no path"):
        dictionary.resource("declarations")


def test_a_field_with_an_unknown_disk_type_is_rejected():
    with pytest.raises(SmeAnalysisError, match="disk_type 'text'"):
        Field("demo_text", "A demo.", "float64", disk_type="text")

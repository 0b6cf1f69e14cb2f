"""The indicator registry: one row per indicator in registry/indicators.csv, groups in groups.csv.

Checks that the loader reports every fault with file, line, column, found and expected; that a
new indicator is one row; that no module of the package but the dictionary lists indicator
names; and that the relations reconcile uses, read from the registry, give the same findings on
the shipped fact base as the hand-written tables they replaced.
"""

from __future__ import annotations

import ast
import csv
import io
import shutil
from pathlib import Path

import pandas as pd
import pytest

from smeanalysis import dictionary, reconcile
from smeanalysis.dictionary import (
    GROUPS_PATH,
    INDICATOR_GROUPS,
    INDICATORS,
    INDICATORS_PATH,
    load_registry,
)
from smeanalysis.errors import SmeAnalysisError
from smeanalysis.facts import load_facts
from smeanalysis.paths import DATA_DIR

SRC = Path(dictionary.__file__).parent
#: "A handful": the most indicator names a module other than the registry's loader may spell.
HANDFUL = 5


def _literal_names(path: Path) -> set[str]:
    """Registry names that appear as whole string literals in a Python file."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    return {
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
        if node.value in INDICATORS
    }


def test_no_module_but_the_dictionary_lists_indicator_names():
    counts = {
        str(path.relative_to(SRC)): sorted(_literal_names(path))
        for path in sorted(SRC.rglob("*.py"))
        if path.name != "dictionary.py"
    }
    too_many = {name: found for name, found in counts.items() if len(found) > HANDFUL}
    assert not too_many
    # The scan does find names where they are spelled (it is not vacuous).
    assert "sme_export_value" in counts["reports/sme_exports.py"]


def test_the_scan_counts_literals_not_docstrings(tmp_path):
    module = tmp_path / "m.py"
    module.write_text(
        '"""Docstring naming sme_export_value."""\n'
        'A = ("sme_export_value", "non_oil_exports_value", "not_an_indicator")\n'
        'B = {"sme_export_value": 1}\n',
        encoding="utf-8",
    )
    assert _literal_names(module) == {"sme_export_value", "non_oil_exports_value"}


# ---------------------------------------------------------------------------------------------
# The shipped registry


def test_shipped_registry_has_every_indicator_once_in_a_group():
    assert len(INDICATORS) == 125
    members = [name for key in INDICATOR_GROUPS for name in dictionary.indicators_in(key)]
    assert sorted(members) == sorted(INDICATORS)
    assert list(INDICATOR_GROUPS) == [
        "sme_exports",
        "sme_population",
        "parks",
        "units",
        "flows",
        "revivals",
        "non_oil",
    ]
    assert [g.order for g in INDICATOR_GROUPS.values()] == sorted(
        g.order for g in INDICATOR_GROUPS.values()
    )
    assert dictionary.indicators_in("all") == tuple(INDICATORS)
    # The keys the parameter files of the notebooks use.
    for path in (DATA_DIR.parent / "notebooks" / "params").glob("official_figures_*.yaml"):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("indicator_group:"):
                key = line.split(":", 1)[1].strip()
                assert key == "all" or key in INDICATOR_GROUPS, (path.name, key)


def test_every_indicator_has_labels_in_both_languages():
    for item in INDICATORS.values():
        assert item.label.strip() and item.label_fa.strip(), item.name
        assert any("\u0600" <= ch <= "\u06ff" for ch in item.label_fa), item.name
        assert item.label != item.name
    labels = [item.label for item in INDICATORS.values()]
    assert len(labels) == len(set(labels))


def test_labels_the_reports_used_are_kept():
    kept = {
        "industrial_parks_active": "Parks and zones active / handed over",
        "units_in_parks_operational": "Units in parks in operation (cumulative)",
        "idle_units_revived_target": "Target for idle units revived",
        "new_units_jobs": "Jobs in new units",
        "exporting_smes": "Exporting SMEs",
        "export_management_companies": "Export management companies",
        "idle_units_revived_jobs_all": "Idle units revived: jobs (all)",
    }
    assert {name: dictionary.label(name) for name in kept} == kept
    assert dictionary.label("non_oil_exports_value", "fa") == "صادرات غیرنفتی"
    assert dictionary.group_label("parks") == "Industrial parks (towns, zones)"
    with pytest.raises(SmeAnalysisError, match="closest: 'sme_export_value'"):
        dictionary.label("sme_export_valu")
    with pytest.raises(SmeAnalysisError, match="'en' or 'fa'"):
        dictionary.label("sme_export_value", "de")


def test_relations_equal_the_tables_reconcile_had():
    # The hand-written tables of reconcile.py before the registry, kept here as the reference.
    assert dictionary.cumulative_indicators() == {
        "units_in_parks_operational",
        "units_in_parks_operational_metal",
        "units_in_parks_operational_chemical",
        "units_in_parks_operational_food",
        "export_consortiums",
        "export_management_companies",
        "export_consortiums_and_emcs",
        "land_allocated_cumulative",
        "foreign_investors_parks",
        "foreign_investment_parks",
        "foreign_investment_parks_eur",
    }
    assert dictionary.comparable_families() == {
        "sme_export_value": "sme_exports",
        "sme_export_value_eur": "sme_exports",
        "park_units_export_value": "sme_exports",
        "park_units_export_value_eur": "sme_exports",
        "foreign_investment_parks": "foreign_investment_parks",
        "foreign_investment_parks_eur": "foreign_investment_parks",
    }
    assert dictionary.growth_bases() == {
        "sme_export_growth_yoy": "sme_export_value",
        "non_oil_exports_growth_yoy": "non_oil_exports_value",
        "new_units_operational_growth_yoy": "new_units_operational",
    }
    assert dictionary.share_checks() == {
        "units_in_parks_active_share": ("units_in_parks_active", "units_in_parks_total"),
        "units_in_parks_inactive_share": ("units_in_parks_inactive", "units_in_parks_total"),
        "sme_share_of_non_oil_exports": ("sme_export_value", "non_oil_exports_value"),
    }
    pairs = {(small, large) for small, large, _ in dictionary.ordered_pairs()}
    assert pairs == {
        ("units_in_parks_active", "units_in_parks_total"),
        ("units_in_parks_inactive", "units_in_parks_total"),
        ("industrial_parks_active", "industrial_parks_total"),
        ("industrial_parks_operational", "industrial_parks_total"),
        ("sme_export_value", "non_oil_exports_value"),
        ("sme_share_of_exports", "sme_share_of_non_oil_exports"),
        ("idle_units_revived", "idle_semi_active_units_revived_all"),
    }
    assert all(why for *_, why in dictionary.ordered_pairs())
    assert reconcile.CUMULATIVE_INDICATORS == dictionary.cumulative_indicators()
    assert reconcile.INDICATOR_GROUPS is INDICATOR_GROUPS


def test_indicator_sets_used_by_the_reports():
    assert dictionary.indicator_set("park_counts") == (
        "industrial_parks_approved",
        "industrial_parks_operational",
        "industrial_parks_active",
    )
    assert dictionary.indicator_set("exporter_counts") == (
        "exporting_smes",
        "export_consortiums",
        "export_management_companies",
    )
    assert len(dictionary.indicator_set("park_utilization")) == 11
    with pytest.raises(SmeAnalysisError, match="closest: 'park_counts'"):
        dictionary.indicator_set("park_count")


def test_select_group_takes_the_registry_groups():
    facts = pd.DataFrame({"indicator": list(INDICATORS)})
    for key in INDICATOR_GROUPS:
        chosen = reconcile.select_group(facts, key)["indicator"].tolist()
        assert chosen == list(dictionary.indicators_in(key))
    with pytest.raises(SmeAnalysisError, match="indicator_group"):
        reconcile.select_group(facts, "exports")


def test_shipped_fact_base_gives_the_same_findings():
    """62 findings and 11 info rows on the shipped base rows.

    As before the registry, except for scopes (issue 14): fact 471 (40%, parks) against 469
    (15%, not stated) and 491 ($1.49 billion, parks) against 490 ($1.03 billion, not stated)
    are scope_difference (info), not conflicts; 489 and 490 (both not stated) remain one
    conflict; the claim "$1.49 billion for months 1-6" splits by scope, so the copied figure
    of fact 492 gives two same_figure_other_period findings (one noting the scopes differ).
    """
    with (DATA_DIR / "raw" / "official_figures.csv").open(encoding="utf-8-sig") as handle:
        base_rows = sum(1 for _ in csv.DictReader(handle))
    facts = load_facts()
    base = facts.loc[facts["fact_id"] <= base_rows]
    with pytest.warns(UserWarning, match="relatively active"):
        findings = reconcile.check(base, include_consistent=True)
    kinds = findings["kind"].value_counts().to_dict()
    assert kinds == {
        "conflict": 36,
        "ytd_decrease": 9,
        "currency_mismatch": 5,
        "growth_consistent": 5,
        "same_figure_other_period": 5,
        "scope_difference": 2,
        "share_consistent": 4,
        "growth_mismatch": 3,
        "order_violation": 2,
        "stock_decrease": 1,
        "magnitude_outlier": 1,
    }
    assert (findings["severity"] != "info").sum() == 62
    assert (findings["severity"] == "info").sum() == 11


def test_generated_readme_lists_every_indicator_with_its_label():
    text = dictionary.readme_section()
    for item in INDICATORS.values():
        assert f"| `{item.name}` | {item.label.replace('|', chr(92) + '|')} |" in text
    for group in INDICATOR_GROUPS.values():
        assert f"#### {group.label} (`{group.key}`)" in text
    assert dictionary.check() == []


# ---------------------------------------------------------------------------------------------
# The loader: a temp copy of the registry, changed one fault at a time


def _rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


def _write(path: Path, rows: list[list[str]]) -> Path:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


@pytest.fixture
def copy(tmp_path):
    """Paths of a temp copy of the shipped registry: (indicators.csv, groups.csv)."""
    indicators = Path(shutil.copy(INDICATORS_PATH, tmp_path / "indicators.csv"))
    groups = Path(shutil.copy(GROUPS_PATH, tmp_path / "groups.csv"))
    return indicators, groups


def _change(path: Path, name: str, /, **cells: str) -> int:
    """Set cells of the row of ``name`` (first column); return its line number."""
    rows = _rows(path)
    header = rows[0]
    for number, row in enumerate(rows[1:], start=2):
        if row[0] == name:
            for column, value in cells.items():
                row[header.index(column)] = value
            _write(path, rows)
            return number
    raise AssertionError(name)


def _problems(indicators: Path, groups: Path) -> list:
    with pytest.raises(SmeAnalysisError) as caught:
        load_registry(indicators, groups)
    return caught.value.problems


def test_the_copy_loads_like_the_shipped_registry(copy):
    registry = load_registry(*copy)
    assert dict(registry.indicators) == dict(INDICATORS)
    assert dict(registry.groups) == dict(INDICATOR_GROUPS)


def test_a_new_indicator_is_one_row(copy):
    indicators, groups = copy
    rows = _rows(indicators)
    header = rows[0]
    new = dict.fromkeys(header, "")
    new.update(
        name="sme_export_value_q1",
        group="sme_exports",
        kind="flow",
        units="usd",
        cumulative="false",
        label_en="SME exports, first quarter",
        label_fa="صادرات سه‌ماهه نخست بنگاه‌های کوچک و متوسط",
        description="Synthetic test row: exports in the first three Iranian months.",
        at_most="sme_export_value",
        at_most_reason="a quarter is part of the year",
        sets="test_set",
    )
    _write(indicators, [*rows, [new[column] for column in header]])
    registry = load_registry(indicators, groups)
    item = registry.indicators["sme_export_value_q1"]
    assert list(registry.indicators)[-1] == "sme_export_value_q1"
    assert registry.indicators_in("sme_exports")[-1] == "sme_export_value_q1"
    assert (item.kind, item.units, item.cumulative, item.at_most) == (
        "flow",
        ("usd",),
        False,
        "sme_export_value",
    )
    assert registry.label("sme_export_value_q1") == "SME exports, first quarter"
    assert registry.indicator_set("test_set") == ("sme_export_value_q1",)
    assert len(registry.indicators) == len(INDICATORS) + 1


FAULTS = [
    # (column, bad value, expected words in Problem.expected, words in Problem.found)
    ("group", "sme_export", "a key of groups.csv", "'sme_export'"),
    ("kind", "rate", "one of flow, stock", "'rate'"),
    ("units", "usd;dollar", "one of usd", "unit 'dollar'"),
    ("units", "", "units separated by ';'", "an empty cell"),
    ("cumulative", "yes", "true or false", "'yes'"),
    ("label_en", "", "a label", "an empty cell"),
    ("label_fa", "", "a label", "an empty cell"),
    ("label_fa", "SME exports", "a Persian label", "'SME exports'"),
    ("description", "", "a text", "an empty cell"),
    ("at_most", "non_oil_export_value", "another indicator of the registry", "non_oil_export"),
    ("name", "SME Export", "a snake_case name", "'SME Export'"),
]


@pytest.mark.parametrize(("column", "value", "expected", "found"), FAULTS)
def test_each_fault_is_named_with_file_line_and_column(copy, column, value, expected, found):
    indicators, groups = copy
    # A renamed row is one no other row names (else their relations break too).
    row = "non_oil_exports_target" if column == "name" else "sme_export_value"
    line = _change(indicators, row, **{column: value})
    problems = _problems(indicators, groups)
    assert [(p.file, p.line, p.column) for p in problems] == [(str(indicators), line, column)]
    assert expected in problems[0].expected
    assert found in problems[0].found


@pytest.mark.parametrize(
    ("column", "value", "expected"),
    [
        ("growth_of", "sme_export_valeu", "another indicator of the registry; closest"),
        ("share_of", "sme_export_value;non_oil", "another indicator of the registry"),
        ("share_of", "sme_export_value", "numerator;denominator"),
        ("growth_of", "sme_export_growth_yoy_target", "a flow or a stock"),
    ],
)
def test_a_relation_naming_an_unknown_or_unfit_indicator(copy, column, value, expected):
    indicators, groups = copy
    name = "sme_export_growth_yoy" if column == "growth_of" else "sme_share_of_non_oil_exports"
    line = _change(indicators, name, **{column: value})
    problems = _problems(indicators, groups)
    assert [(p.line, p.column) for p in problems] == [(line, column)]
    assert expected in problems[0].expected


def test_relations_must_fit_the_kind(copy):
    indicators, groups = copy
    line = _change(indicators, "sme_export_value", growth_of="non_oil_exports_value")
    problems = _problems(indicators, groups)
    assert [(p.line, p.column, p.expected) for p in problems] == [
        (line, "growth_of", "growth_of only for a growth")
    ]
    _change(indicators, "sme_export_value", growth_of="", cumulative="true")
    assert [p.expected for p in _problems(indicators, groups)] == ["cumulative only for a stock"]


def test_a_reason_goes_with_at_most(copy):
    indicators, groups = copy
    line = _change(indicators, "sme_export_value", at_most_reason="")
    problems = _problems(indicators, groups)
    assert [(p.line, p.column, p.found) for p in problems] == [
        (line, "at_most_reason", "at_most without a reason")
    ]


def test_duplicate_name_names_both_lines(copy):
    indicators, groups = copy
    rows = _rows(indicators)
    _write(indicators, [*rows, rows[1]])
    problems = _problems(indicators, groups)
    assert [(p.line, p.column) for p in problems] == [(len(rows) + 1, "name")]
    assert problems[0].found == "'sme_export_value' again (line 2)"


def test_every_problem_at_once(copy):
    indicators, groups = copy
    _change(indicators, "sme_export_value", kind="rate", cumulative="maybe")
    _change(indicators, "active_smes", group="nowhere")
    problems = _problems(indicators, groups)
    assert {(p.line, p.column) for p in problems} == {(2, "kind"), (2, "cumulative"), (26, "group")}
    with pytest.raises(SmeAnalysisError, match="the indicator registry is inconsistent"):
        load_registry(indicators, groups)


def test_header_and_field_count(copy):
    indicators, groups = copy
    rows = _rows(indicators)
    _write(indicators, [[*rows[0][:-1], "set"], *rows[1:]])
    problems = _problems(indicators, groups)
    assert [(p.line, p.column) for p in problems] == [(1, None)]
    assert "missing ['sets'], unexpected ['set']" in problems[0].found
    # The last row (no other row names it) loses a field.
    _write(indicators, [*rows[:-1], rows[-1][:-1]])
    problems = _problems(indicators, groups)
    assert [(p.line, p.found, p.expected) for p in problems] == [
        (len(rows), "13 fields", "14 fields")
    ]


def test_group_faults(copy):
    indicators, groups = copy
    rows = _rows(groups)
    _write(groups, [*rows, ["all", "Every indicator", "همه شاخص‌ها", "9"]])
    problems = _problems(indicators, groups)
    assert [(p.file, p.line, p.column) for p in problems] == [(str(groups), len(rows) + 1, "key")]
    _write(groups, [*rows, ["parks", "Parks again", "شهرک‌ها", "x"]])
    problems = _problems(indicators, groups)
    assert [(p.line, p.column) for p in problems] == [
        (len(rows) + 1, "key"),
        (len(rows) + 1, "order"),
    ]
    assert problems[0].found == "'parks' again (line 4)"


def test_an_unreadable_file(tmp_path):
    with pytest.raises(SmeAnalysisError, match="no readable file"):
        load_registry(tmp_path / "missing.csv", GROUPS_PATH)

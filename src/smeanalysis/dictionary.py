"""The data dictionary: every column and every indicator described once.

Everything else about a column is generated from here, so nothing is written twice:

* :func:`pandera_schema` - the pandera ``DataFrameSchema`` a loader validates its typed table with;
* :func:`resource` and :func:`datapackage` - the Frictionless descriptor ``data/datapackage.json``
  (it describes the files as they lie on disk, that is the raw layout);
* :func:`table_schema` - the Frictionless Table Schema ``data/schemas/<table>.schema.json`` of a
  table that has no file here, such as an analyst's customs ``declarations``, to validate
  one's own file against;
* :func:`readme_section` - the data-dictionary section of ``data/README.md``, between marker
  comments, so the rest of that page stays hand-written.

Columns are :class:`Field` objects in one registry (:data:`FIELDS`); a :class:`Table` names the
fields it uses (and may override a field's description or constraints for itself). Tables are
registered in :data:`TABLES`. Indicators are data, not code: one row each in
``registry/indicators.csv`` (groups in ``registry/groups.csv``), read and checked once by
:func:`load_registry` (:data:`INDICATORS`, :data:`INDICATOR_GROUPS`, helpers such as
:func:`indicators_in` and :func:`label`); a new indicator is one row. The
``export_composition`` table below was added in three steps::

    register_fields(Field("scope", "Which basket ...", "string", required=True, allowed=...), ...)
    register_table(Table("export_composition", "...", "...", "raw/export_composition.csv",
                         columns=(...), raw_columns=(...), overrides={"unit": {"allowed": ...}}))
    # then: python -m smeanalysis.dictionary --write

Run ``python -m smeanalysis.dictionary --write`` to regenerate the files and ``--check`` to see
whether they drifted (exit status 1).
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import difflib
import io
import json
import re
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pandas as pd

from smeanalysis.errors import Problem, SmeAnalysisError
from smeanalysis.paths import DATA_DIR

__all__ = [
    "COMPOSITION_FLOWS",
    "COMPOSITION_INDICATOR_UNITS",
    "COMPOSITION_SCOPES",
    "DTYPES",
    "FACT_SCOPES",
    "FACT_SCOPES_PATH",
    "FIELDS",
    "GROUPS_PATH",
    "INDICATORS",
    "INDICATORS_PATH",
    "INDICATOR_GROUPS",
    "KINDS",
    "LICENSE",
    "README_BEGIN",
    "README_END",
    "REGISTRY",
    "SCHEMAS_DIR",
    "TABLES",
    "UNITS",
    "Field",
    "Group",
    "Indicator",
    "Registry",
    "Scope",
    "Source",
    "Table",
    "check",
    "comparable_families",
    "cumulative_indicators",
    "datapackage",
    "group_label",
    "growth_bases",
    "indicator_set",
    "indicators_in",
    "label",
    "load_registry",
    "load_scopes",
    "main",
    "ordered_pairs",
    "pandera_schema",
    "readme_section",
    "register_fields",
    "register_table",
    "resource",
    "share_checks",
    "table_schema",
    "write",
]

#: pandas dtype of a loaded column -> Frictionless type of the same column on disk.
DTYPES: Mapping[str, str] = MappingProxyType(
    {
        "int64": "integer",
        "Int64": "integer",
        "float64": "number",
        "string": "string",
        "datetime64[ns]": "date",
        "boolean": "boolean",
    }
)

#: What an indicator measures, which decides how it may be combined.
KINDS: Mapping[str, str] = MappingProxyType(
    {
        "flow": "an amount over a period (exports, units opened); periods of one series add up",
        "stock": "a level or count at a date (units in parks, parks); never summed over time",
        "share": "a percentage of a whole, 0 to 100",
        "target": "a plan, target or projection, not an outcome",
        "growth": "a stated percentage change on a year earlier (may be negative)",
    }
)

#: Units a figure may carry; amounts are never converted between currencies.
UNITS: Mapping[str, str] = MappingProxyType(
    {
        "usd": "US dollars",
        "eur": "euros (kept as the source gave them, never converted)",
        "rial": "Iranian rials (1 hemat = 10^13 rials)",
        "count": "a number of things (units, parks, companies, contracts)",
        "percent": "a percentage",
        "hectare": "hectares of land",
        "person": "a number of people (jobs, employees)",
        "tonne": "metric tonnes",
    }
)

_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
#: Field attributes a table may override for itself.
_FIELD_ATTRIBUTES = frozenset(
    (
        "description",
        "unit",
        "required",
        "allowed",
        "pattern",
        "minimum",
        "maximum",
        "unique",
        "disk_type",
    )
)


def _fail(problems: Sequence[Problem]) -> None:
    if problems:
        raise SmeAnalysisError(problems, summary="the data dictionary is inconsistent:")


def _closest(word: str, choices: Iterable[str]) -> str:
    match = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"; closest: {match[0]!r}" if match else ""


# ---------------------------------------------------------------------------------------------
# The building blocks
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Field:
    """One column, described once.

    Attributes:
        name: snake_case column name.
        description: Plain English: what the column holds and how it was read.
        dtype: pandas dtype after loading, one of :data:`DTYPES`.
        unit: Unit of the values, when the column has a single unit.
        required: True when the column may not be empty (missing).
        allowed: The only values allowed (an enumeration), if any.
        pattern: A regular expression every value must match in full, if any.
        minimum: Smallest allowed value, if any.
        maximum: Largest allowed value, if any.
        unique: True when no two rows may share a value.
        disk_type: The Frictionless type of the column on disk when it is not the loaded
            dtype's, e.g. ``"string"`` for a date written in the Jalali or Gregorian form and
            read into a datetime. A ``pattern`` then describes the text on disk; ``minimum``
            and ``maximum`` apply to the loaded values only.

    Example:
        >>> year = Field("jalali_year", "Iranian year", "Int64", minimum=1278, maximum=1480)
        >>> year.frictionless_type
        'integer'
    """

    name: str
    description: str
    dtype: str
    unit: str | None = None
    required: bool = False
    allowed: tuple[str, ...] | None = None
    pattern: str | None = None
    minimum: float | None = None
    maximum: float | None = None
    unique: bool = False
    disk_type: str | None = None

    def __post_init__(self) -> None:
        where = f"field {self.name!r}"
        problems = []
        if not isinstance(self.name, str) or not _NAME.match(self.name):
            problems.append(Problem(where, None, None, repr(self.name), "a snake_case name"))
        if self.dtype not in DTYPES:
            problems.append(
                Problem(
                    where,
                    None,
                    None,
                    f"dtype {self.dtype!r}",
                    f"one of {', '.join(DTYPES)}{_closest(str(self.dtype), DTYPES)}",
                )
            )
        if not isinstance(self.description, str) or not self.description.strip():
            problems.append(Problem(where, None, None, "an empty description", "a description"))
        if self.disk_type is not None and self.disk_type not in set(DTYPES.values()):
            expected = f"one of {', '.join(sorted(set(DTYPES.values())))}"
            problems.append(Problem(where, None, None, f"disk_type {self.disk_type!r}", expected))
        if self.allowed is not None:
            if isinstance(self.allowed, str) or not all(isinstance(v, str) for v in self.allowed):
                problems.append(
                    Problem(where, None, None, f"allowed={self.allowed!r}", "a tuple of strings")
                )
            else:
                object.__setattr__(self, "allowed", tuple(self.allowed))
        if self.pattern is not None:
            try:
                re.compile(self.pattern)
            except re.error as error:
                problems.append(
                    Problem(where, None, None, f"pattern {self.pattern!r} ({error})", "a regex")
                )
        if self.minimum is not None and self.maximum is not None and self.minimum > self.maximum:
            problems.append(
                Problem(
                    where,
                    None,
                    None,
                    f"minimum {self.minimum} above maximum {self.maximum}",
                    "minimum <= maximum",
                )
            )
        _fail(problems)

    @property
    def frictionless_type(self) -> str:
        """The Frictionless Table Schema type of this column on disk."""
        return self.disk_type or DTYPES[self.dtype]


@dataclass(frozen=True)
class Indicator:
    """One indicator of the fact base: a row of ``registry/indicators.csv``.

    Attributes:
        name: snake_case name as it appears in the ``indicator`` column.
        group: Key of the group it belongs to (:data:`INDICATOR_GROUPS`).
        description: What the figure counts or measures, and its caveats.
        units: The unit(s) its figures may carry (keys of :data:`UNITS`).
        kind: One of :data:`KINDS`.
        label: Short English label a reader understands.
        label_fa: The Persian label.
        cumulative: Counts things ever done or formed, to date: it cannot fall over time.
        family: Comparable family (the same thing in another currency or under a
            near-identical name); its own name when it has none.
        growth_of: For a stated growth rate, the level it should agree with; else None.
        share_of: For a stated share, its (numerator, denominator); else None.
        at_most: The indicator it can never exceed for the same place and time; else None.
        at_most_reason: Why, in words (set exactly when ``at_most`` is).
        sets: Named sets of indicators the reports show together (:func:`indicator_set`).

    Example:
        >>> INDICATORS["sme_export_value"].kind, INDICATORS["sme_export_value"].units
        ('flow', ('usd',))
        >>> INDICATORS["sme_export_value"].label, INDICATORS["sme_export_value"].at_most
        ('SME exports', 'non_oil_exports_value')
    """

    name: str
    group: str
    description: str
    units: tuple[str, ...]
    kind: str
    label: str = ""
    label_fa: str = ""
    cumulative: bool = False
    family: str = ""
    growth_of: str | None = None
    share_of: tuple[str, str] | None = None
    at_most: str | None = None
    at_most_reason: str | None = None
    sets: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        where = f"indicator {self.name!r}"
        problems = []
        if not isinstance(self.name, str) or not _NAME.match(self.name):
            problems.append(Problem(where, None, None, repr(self.name), "a snake_case name"))
        if self.kind not in KINDS:
            problems.append(
                Problem(where, None, None, f"kind {self.kind!r}", f"one of {', '.join(KINDS)}")
            )
        units = (self.units,) if isinstance(self.units, str) else tuple(self.units)
        object.__setattr__(self, "units", units)
        object.__setattr__(self, "sets", tuple(self.sets))
        object.__setattr__(self, "family", self.family or self.name)
        for unit in units:
            if unit not in UNITS:
                problems.append(
                    Problem(where, None, None, f"unit {unit!r}", f"one of {', '.join(UNITS)}")
                )
        if not units:
            problems.append(Problem(where, None, None, "no unit", "at least one unit"))
        if not self.description.strip():
            problems.append(Problem(where, None, None, "an empty description", "a description"))
        _fail(problems)


@dataclass(frozen=True)
class Group:
    """A heading indicators are grouped under: a row of ``registry/groups.csv``.

    Example:
        >>> INDICATOR_GROUPS["non_oil"].label
        'Context: national non-oil trade (IRICA/TPO)'
    """

    key: str
    label: str
    label_fa: str
    order: int


@dataclass(frozen=True)
class Source:
    """Where a table's figures come from (a Frictionless ``source``)."""

    title: str
    path: str | None = None

    def descriptor(self) -> dict[str, str]:
        """The Frictionless source object."""
        return {"title": self.title, **({"path": self.path} if self.path else {})}


@dataclass(frozen=True)
class Table:
    """A table: which registered fields it has, in which order, and where it lies.

    Attributes:
        name: Registry key and Frictionless resource name.
        title: Short human title.
        description: What one row is and where the data come from.
        path: File path relative to ``data/`` (the raw layout on disk), or None for a table
            that exists only in memory.
        columns: Column names of the loaded (typed) table, in order.
        raw_columns: Column names of the file on disk, in order (None: same as ``columns``).
        overrides: Per-column changes to a registered field for this table only, e.g.
            ``{"value": {"unit": "usd"}}``.
        primary_key: Columns that identify a row of the loaded table.
        sources: Provenance records.
        missing_values: Cell texts that mean "missing" on disk.
        optional_columns: Columns a file may lack (a column present is checked as described;
            ``required`` then means that none of its cells may be empty).

    Example:
        >>> TABLES["official_figures"].columns[:3]
        ('fact_id', 'published', 'period_label')
    """

    name: str
    title: str
    description: str
    path: str | None
    columns: tuple[str, ...]
    raw_columns: tuple[str, ...] | None = None
    overrides: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    primary_key: tuple[str, ...] = ()
    sources: tuple[Source, ...] = ()
    missing_values: tuple[str, ...] = ("",)
    optional_columns: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        where = f"table {self.name!r}"
        problems = []
        if not isinstance(self.name, str) or not _NAME.match(self.name):
            problems.append(Problem(where, None, None, repr(self.name), "a snake_case name"))
        object.__setattr__(self, "columns", tuple(self.columns))
        raw = tuple(self.columns if self.raw_columns is None else self.raw_columns)
        object.__setattr__(self, "raw_columns", raw)
        for label, names in (("columns", self.columns), ("raw_columns", raw)):
            seen: set[str] = set()
            for name in names:
                if name in seen:
                    problems.append(
                        Problem(where, None, None, f"{name!r} twice in {label}", "unique names")
                    )
                seen.add(name)
        for name, changes in self.overrides.items():
            if name not in self.columns and name not in raw:
                problems.append(
                    Problem(where, None, None, f"an override for {name!r}", "a column of it")
                )
            for key in changes:
                if key not in _FIELD_ATTRIBUTES:
                    problems.append(
                        Problem(
                            where,
                            None,
                            None,
                            f"override {name}.{key}",
                            f"one of {', '.join(sorted(_FIELD_ATTRIBUTES))}",
                        )
                    )
        for name in self.primary_key:
            if name not in self.columns:
                problems.append(Problem(where, None, None, f"key {name!r}", "a column of it"))
        object.__setattr__(self, "optional_columns", tuple(self.optional_columns))
        for name in self.optional_columns:
            if name not in self.columns and name not in raw:
                problems.append(
                    Problem(where, None, None, f"optional column {name!r}", "a column of it")
                )
        _fail(problems)

    def field(self, name: str) -> Field:
        """The registered field ``name`` with this table's overrides applied."""
        if name not in FIELDS:
            raise SmeAnalysisError(
                [
                    Problem(
                        f"table {self.name!r}",
                        None,
                        None,
                        f"column {name!r}",
                        f"a registered field{_closest(name, FIELDS)}",
                    )
                ]
            )
        return dataclasses.replace(FIELDS[name], **dict(self.overrides.get(name, {})))

    def fields(self) -> tuple[Field, ...]:
        """Fields of the loaded table, in column order."""
        return tuple(self.field(name) for name in self.columns)

    def raw_fields(self) -> tuple[Field, ...]:
        """Fields of the file on disk, in column order."""
        return tuple(self.field(name) for name in self.raw_columns or ())


#: Every registered field, by name.
FIELDS: dict[str, Field] = {}
#: Every registered table, by name.
TABLES: dict[str, Table] = {}


def register_fields(*fields: Field) -> None:
    """Add fields to :data:`FIELDS`; a name registered twice is an error.

    Example:
        >>> register_fields(FIELDS["unit"])
        Traceback (most recent call last):
        ...
        smeanalysis.errors.SmeAnalysisError: the data dictionary is inconsistent:
          - field 'unit': found registered twice, expected one description per column
    """
    problems = []
    names = [f.name for f in fields]
    for name in dict.fromkeys(names):
        if name in FIELDS or names.count(name) > 1:
            problems.append(
                Problem(
                    f"field {name!r}",
                    None,
                    None,
                    "registered twice",
                    "one description per column",
                )
            )
    _fail(problems)
    for f in fields:
        FIELDS[f.name] = f


def register_table(table: Table) -> None:
    """Add a table to :data:`TABLES` after checking every column it names is a registered field.

    Example:
        >>> register_table(Table("demo", "Demo", "A demo.", None, columns=("valeu",)))
        Traceback (most recent call last):
        ...
        smeanalysis.errors.SmeAnalysisError: the data dictionary is inconsistent:
          - table 'demo': found column 'valeu', expected a registered field; closest: 'value'
    """
    problems = []
    if table.name in TABLES:
        problems.append(
            Problem(f"table {table.name!r}", None, None, "registered twice", "one table per name")
        )
    for name in dict.fromkeys((*table.columns, *(table.raw_columns or ()))):
        if name not in FIELDS:
            problems.append(
                Problem(
                    f"table {table.name!r}",
                    None,
                    None,
                    f"column {name!r}",
                    f"a registered field{_closest(name, FIELDS)}",
                )
            )
    _fail(problems)
    TABLES[table.name] = table


# ---------------------------------------------------------------------------------------------
# The indicators: the registry (src/smeanalysis/registry/indicators.csv and groups.csv)
# ---------------------------------------------------------------------------------------------

#: The shipped indicator registry: one row per indicator.
INDICATORS_PATH = Path(__file__).parent / "registry" / "indicators.csv"
#: The shipped indicator groups: one row per group, with its heading and place.
GROUPS_PATH = Path(__file__).parent / "registry" / "groups.csv"

_GROUP_COLUMNS = ("key", "label_en", "label_fa", "order")
_INDICATOR_COLUMNS = (
    "name",
    "group",
    "kind",
    "units",
    "cumulative",
    "label_en",
    "label_fa",
    "description",
    "family",
    "growth_of",
    "share_of",
    "at_most",
    "at_most_reason",
    "sets",
)
_BOOLEANS = {"true": True, "false": False}
_PERSIAN = re.compile(r"[\u0600-\u06ff]")
#: A group key the reports reserve for "every indicator".
_ALL = "all"


@dataclass(frozen=True)
class Registry:
    """The indicators and their groups, as read from the registry files.

    Attributes:
        groups: Group key -> :class:`Group`, in the groups' order.
        indicators: Name -> :class:`Indicator`, in file order.

    Example:
        >>> registry = load_registry()
        >>> registry.indicators_in("non_oil")[:2]
        ('non_oil_exports_value', 'non_oil_exports_tonnage')
    """

    groups: Mapping[str, Group]
    indicators: Mapping[str, Indicator]

    def _known(self, name: str) -> Indicator:
        if name not in self.indicators:
            expected = f"an indicator of the registry{_closest(name, self.indicators)}"
            raise SmeAnalysisError([Problem(None, None, "indicator", repr(name), expected)])
        return self.indicators[name]

    def indicators_in(self, group: str) -> tuple[str, ...]:
        """The indicators of a group (or of every group for ``"all"``), in registry order."""
        if group == _ALL:
            return tuple(self.indicators)
        if group not in self.groups:
            expected = "one of " + ", ".join([_ALL, *self.groups])
            raise SmeAnalysisError([Problem(None, None, "group", repr(group), expected)])
        return tuple(name for name, item in self.indicators.items() if item.group == group)

    def label(self, name: str, lang: str = "en") -> str:
        """The label of an indicator in English (``"en"``) or Persian (``"fa"``)."""
        item = self._known(name)
        if lang not in ("en", "fa"):
            raise SmeAnalysisError([Problem(None, None, "lang", repr(lang), "'en' or 'fa'")])
        return item.label if lang == "en" else item.label_fa

    def indicator_set(self, name: str) -> tuple[str, ...]:
        """The indicators that name the set ``name`` in their ``sets`` cell, in registry order."""
        found = tuple(n for n, item in self.indicators.items() if name in item.sets)
        if not found:
            known = sorted({s for item in self.indicators.values() for s in item.sets})
            expected = f"a set named in the registry{_closest(name, known)}"
            raise SmeAnalysisError([Problem(None, None, "set", repr(name), expected)])
        return found


def _read_rows(path: Path, columns: tuple[str, ...]) -> tuple[list[tuple[int, dict]], list]:
    """The data rows of a registry CSV as (line, {column: cell}); problems of its shape."""
    file = str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as error:
        return [], [Problem(file, None, None, f"no readable file ({error.strerror})", "the CSV")]
    records = list(csv.reader(io.StringIO(text, newline="")))
    header = tuple(records[0]) if records else ()
    if header != columns:
        missing = [c for c in columns if c not in header]
        extra = [c for c in header if c not in columns]
        found = f"the header {list(header)!r}"
        if missing or extra:
            found += f" (missing {missing}, unexpected {extra})"
        return [], [Problem(file, 1, None, found, f"the columns {list(columns)}")]
    rows, problems = [], []
    for line, record in enumerate(records[1:], start=2):
        if not any(cell.strip() for cell in record):
            continue
        if len(record) != len(columns):
            found = f"{len(record)} fields"
            problems.append(Problem(file, line, None, found, f"{len(columns)} fields"))
            continue
        rows.append((line, dict(zip(columns, (cell.strip() for cell in record), strict=True))))
    return rows, problems


def _read_groups(path: Path) -> tuple[dict[str, Group], list[Problem]]:
    file = str(path)
    rows, problems = _read_rows(path, _GROUP_COLUMNS)
    groups: dict[str, tuple[int, Group]] = {}
    orders: dict[int, int] = {}
    for line, row in rows:
        key = row["key"]
        if not _NAME.match(key) or key == _ALL:
            problems.append(
                Problem(file, line, "key", repr(key), "a snake_case key other than 'all'")
            )
        elif key in groups:
            first = groups[key][0]
            problems.append(
                Problem(file, line, "key", f"{key!r} again (line {first})", "unique keys")
            )
        for column in ("label_en", "label_fa"):
            if not row[column]:
                problems.append(Problem(file, line, column, "an empty cell", "a label"))
        if row["label_fa"] and not _PERSIAN.search(row["label_fa"]):
            problems.append(
                Problem(file, line, "label_fa", repr(row["label_fa"]), "a Persian label")
            )
        try:
            order = int(row["order"])
        except ValueError:
            problems.append(Problem(file, line, "order", repr(row["order"]), "an integer"))
            continue
        if order in orders:
            found = f"{order} again (line {orders[order]})"
            problems.append(Problem(file, line, "order", found, "a place no other group has"))
        orders[order] = line
        groups.setdefault(key, (line, Group(key, row["label_en"], row["label_fa"], order)))
    ordered = sorted((group for _, group in groups.values()), key=lambda g: g.order)
    return {group.key: group for group in ordered}, problems


def _check_indicator_row(
    file: str, line: int, row: dict[str, str], groups: Mapping[str, Group]
) -> list[Problem]:
    """Problems of one indicator row on its own (relations are checked with all rows)."""
    problems = []
    if not _NAME.match(row["name"]):
        problems.append(Problem(file, line, "name", repr(row["name"]), "a snake_case name"))
    if row["group"] not in groups:
        expected = f"a key of groups.csv ({', '.join(groups)}){_closest(row['group'], groups)}"
        problems.append(Problem(file, line, "group", repr(row["group"]), expected))
    if row["kind"] not in KINDS:
        expected = f"one of {', '.join(KINDS)}{_closest(row['kind'], KINDS)}"
        problems.append(Problem(file, line, "kind", repr(row["kind"]), expected))
    units = row["units"].split(";") if row["units"] else []
    if not units:
        problems.append(Problem(file, line, "units", "an empty cell", "units separated by ';'"))
    for unit in units:
        if unit.strip() not in UNITS:
            expected = f"one of {', '.join(UNITS)}{_closest(unit.strip(), UNITS)}"
            problems.append(Problem(file, line, "units", f"unit {unit.strip()!r}", expected))
    if row["cumulative"] not in _BOOLEANS:
        problems.append(Problem(file, line, "cumulative", repr(row["cumulative"]), "true or false"))
    elif _BOOLEANS[row["cumulative"]] and row["kind"] != "stock":
        found = f"cumulative for kind {row['kind']!r}"
        problems.append(Problem(file, line, "cumulative", found, "cumulative only for a stock"))
    for column, what in (
        ("label_en", "a label"),
        ("label_fa", "a label"),
        ("description", "a text"),
    ):
        if not row[column]:
            problems.append(Problem(file, line, column, "an empty cell", what))
    if row["label_fa"] and not _PERSIAN.search(row["label_fa"]):
        problems.append(Problem(file, line, "label_fa", repr(row["label_fa"]), "a Persian label"))
    for column in ("family", "sets"):
        for word in filter(None, row[column].split(";")):
            if not _NAME.match(word.strip()):
                problems.append(Problem(file, line, column, repr(word), "snake_case names"))
    if bool(row["at_most"]) != bool(row["at_most_reason"]):
        found = "at_most without a reason" if row["at_most"] else "a reason without at_most"
        problems.append(Problem(file, line, "at_most_reason", found, "both or neither"))
    return problems


def _check_relations(
    file: str,
    rows: Sequence[tuple[int, dict[str, str]]],
    first_line: Mapping[str, int],
    faulty: set[str],
) -> list[Problem]:
    """Problems of the relation columns: each names a known indicator of a fitting kind.

    Kinds and units are compared only between rows without problems of their own (``faulty``
    rows are reported already), so one fault is reported once.
    """
    by_name = {row["name"]: row for line, row in rows if first_line.get(row["name"]) == line}

    def units(name: str) -> set[str]:
        return {u.strip() for u in by_name[name]["units"].split(";")}

    problems = []
    families: dict[str, tuple[str, str]] = {}
    for line, row in rows:
        name, kind = row["name"], row["kind"]
        named = {"growth_of": row["growth_of"], "at_most": row["at_most"]}
        parts = row["share_of"].split(";") if row["share_of"] else []
        if parts and len(parts) != 2:
            found = repr(row["share_of"])
            problems.append(Problem(file, line, "share_of", found, "numerator;denominator"))
        for column, target in [*named.items(), *(("share_of", p.strip()) for p in parts)]:
            if not target:
                continue
            if target not in by_name or target == name:
                expected = f"another indicator of the registry{_closest(target, by_name)}"
                problems.append(Problem(file, line, column, repr(target), expected))
            elif name in faulty or target in faulty:
                continue
            elif column == "growth_of" and by_name[target]["kind"] not in ("flow", "stock"):
                found = f"{target!r} of kind {by_name[target]['kind']!r}"
                problems.append(Problem(file, line, column, found, "a flow or a stock"))
            elif column == "at_most" and not units(target) & units(name):
                found = f"{target!r} in {sorted(units(target))}"
                problems.append(
                    Problem(file, line, column, found, f"an indicator in {sorted(units(name))}")
                )
        if row["growth_of"] and kind != "growth":
            found = f"growth_of for kind {kind!r}"
            problems.append(Problem(file, line, "growth_of", found, "growth_of only for a growth"))
        if parts and kind != "share":
            found = f"share_of for kind {kind!r}"
            problems.append(Problem(file, line, "share_of", found, "share_of only for a share"))
        if len(parts) == 2 and all(p.strip() in by_name.keys() - faulty for p in parts):
            top, bottom = (p.strip() for p in parts)
            if not units(top) & units(bottom):
                found = f"{top!r} in {sorted(units(top))}, {bottom!r} in {sorted(units(bottom))}"
                problems.append(
                    Problem(file, line, "share_of", found, "two indicators in one unit")
                )
        if row["family"] and name not in faulty:
            first, first_kind = families.setdefault(row["family"], (name, kind))
            if first_kind != kind:
                found = f"kind {kind!r} in the family of {first!r} ({first_kind!r})"
                problems.append(Problem(file, line, "family", found, "one kind per family"))
    return problems


def load_registry(
    indicators_path: str | Path | None = None, groups_path: str | Path | None = None
) -> Registry:
    """Read and check the indicator registry (default: the files shipped with the package).

    Every problem is reported at once with file, line (the header is line 1), column, what
    was found and what was expected: a missing or extra column, a repeated name or key, an
    unknown group, kind or unit, a ``cumulative`` cell other than true or false, an empty
    label or description, a Persian label without Persian letters, and a relation
    (``growth_of``, ``share_of``, ``at_most``) naming an unknown indicator or one of the
    wrong kind or unit. The shipped registry is read once, when this module is imported
    (:data:`INDICATORS`, :data:`INDICATOR_GROUPS`).

    Args:
        indicators_path: An ``indicators.csv``; None for the shipped one.
        groups_path: A ``groups.csv``; None for the shipped one.

    Returns:
        The groups (in their order) and the indicators (in file order).

    Raises:
        SmeAnalysisError: The files are unreadable or inconsistent.

    Example:
        >>> registry = load_registry()
        >>> len(registry.indicators), list(registry.groups)[:2]
        (125, ['sme_exports', 'sme_population'])
    """
    indicators_path = INDICATORS_PATH if indicators_path is None else Path(indicators_path)
    groups_path = GROUPS_PATH if groups_path is None else Path(groups_path)
    groups, problems = _read_groups(groups_path)
    file = str(indicators_path)
    rows, shape = _read_rows(indicators_path, _INDICATOR_COLUMNS)
    problems += shape
    first_line: dict[str, int] = {}
    faulty: set[str] = set()
    for line, row in rows:
        found = _check_indicator_row(file, line, row, groups)
        if found:
            faulty.add(row["name"])
        problems += found
        if row["name"] in first_line:
            found = f"{row['name']!r} again (line {first_line[row['name']]})"
            problems.append(Problem(file, line, "name", found, "one row per indicator"))
        first_line.setdefault(row["name"], line)
    problems += _check_relations(file, rows, first_line, faulty)
    if problems:
        raise SmeAnalysisError(problems, summary="the indicator registry is inconsistent:")
    indicators: dict[str, Indicator] = {}
    for _, row in rows:
        share = tuple(p.strip() for p in row["share_of"].split(";")) if row["share_of"] else None
        indicators[row["name"]] = Indicator(
            row["name"],
            row["group"],
            row["description"],
            tuple(u.strip() for u in row["units"].split(";")),
            row["kind"],
            label=row["label_en"],
            label_fa=row["label_fa"],
            cumulative=_BOOLEANS[row["cumulative"]],
            family=row["family"],
            growth_of=row["growth_of"] or None,
            share_of=share,  # type: ignore[arg-type]
            at_most=row["at_most"] or None,
            at_most_reason=row["at_most_reason"] or None,
            sets=tuple(s.strip() for s in row["sets"].split(";") if s.strip()),
        )
    return Registry(MappingProxyType(groups), MappingProxyType(indicators))


#: The shipped registry, read once.
REGISTRY: Registry = load_registry()
#: Every indicator, by name, in registry order.
INDICATORS: Mapping[str, Indicator] = REGISTRY.indicators
#: Indicator groups by key, in the order the data dictionary and the reports list them.
INDICATOR_GROUPS: Mapping[str, Group] = REGISTRY.groups


def indicators_in(group: str) -> tuple[str, ...]:
    """The indicators of a group (``"all"``: every indicator), in registry order.

    Raises:
        SmeAnalysisError: An unknown group key.

    Example:
        >>> indicators_in("non_oil")[-1]
        'non_oil_exports_target'
        >>> indicators_in("exports")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        smeanalysis.errors.SmeAnalysisError: 1 problem:
          - column 'group': found 'exports', expected one of all, sme_exports, ...
    """
    return REGISTRY.indicators_in(group)


def label(name: str, lang: str = "en") -> str:
    """The label of an indicator, in English (``"en"``) or Persian (``"fa"``).

    Raises:
        SmeAnalysisError: An unknown indicator or language.

    Example:
        >>> label("idle_units_revived_jobs_all")
        'Idle units revived: jobs (all)'
        >>> label("non_oil_exports_value", "fa")
        'صادرات غیرنفتی'
    """
    return REGISTRY.label(name, lang)


def group_label(key: str, lang: str = "en") -> str:
    """The heading of a group, in English (``"en"``) or Persian (``"fa"``).

    Example:
        >>> group_label(INDICATORS["units_in_parks_total"].group)
        'Units in parks (stock)'
    """
    if key not in INDICATOR_GROUPS:
        expected = "one of " + ", ".join(INDICATOR_GROUPS)
        raise SmeAnalysisError([Problem(None, None, "group", repr(key), expected)])
    if lang not in ("en", "fa"):
        raise SmeAnalysisError([Problem(None, None, "lang", repr(lang), "'en' or 'fa'")])
    group = INDICATOR_GROUPS[key]
    return group.label if lang == "en" else group.label_fa


def indicator_set(name: str) -> tuple[str, ...]:
    """The indicators of a named set (the registry's ``sets`` column), in registry order.

    Example:
        >>> indicator_set("unit_counts")
        ('units_in_parks_total', 'units_in_parks_operational', 'units_in_parks_active')
    """
    return REGISTRY.indicator_set(name)


def cumulative_indicators() -> frozenset[str]:
    """Indicators that count things ever done or formed, to date: they cannot fall over time.

    Example:
        >>> "export_management_companies" in cumulative_indicators()
        True
    """
    return frozenset(name for name, item in INDICATORS.items() if item.cumulative)


def comparable_families() -> dict[str, str]:
    """Indicator -> its comparable family, for the indicators that share one with another.

    Members measure the same thing in another currency or under a near-identical name.

    Example:
        >>> comparable_families()["sme_export_value_eur"]
        'sme_exports'
    """
    sizes: dict[str, int] = {}
    for item in INDICATORS.values():
        sizes[item.family] = sizes.get(item.family, 0) + 1
    return {name: item.family for name, item in INDICATORS.items() if sizes[item.family] > 1}


def growth_bases() -> dict[str, str]:
    """Stated growth rate -> the indicator whose values it should agree with.

    Example:
        >>> growth_bases()["non_oil_exports_growth_yoy"]
        'non_oil_exports_value'
    """
    return {name: item.growth_of for name, item in INDICATORS.items() if item.growth_of}


def share_checks() -> dict[str, tuple[str, str]]:
    """Stated share -> its (numerator, denominator).

    Example:
        >>> share_checks()["units_in_parks_active_share"]
        ('units_in_parks_active', 'units_in_parks_total')
    """
    return {name: item.share_of for name, item in INDICATORS.items() if item.share_of}


def ordered_pairs() -> tuple[tuple[str, str, str], ...]:
    """(smaller, larger, why): the first can never exceed the second for the same place and time.

    Example:
        >>> ordered_pairs()[0]
        ('sme_export_value', 'non_oil_exports_value', 'SME exports are part of non-oil exports')
    """
    return tuple(
        (name, item.at_most, item.at_most_reason or "")
        for name, item in INDICATORS.items()
        if item.at_most
    )


# ---------------------------------------------------------------------------------------------
# The fields
# ---------------------------------------------------------------------------------------------

_DATE = r"\d{4}-\d{2}-\d{2}"
_URL = r"https?://\S+"

register_fields(
    Field(
        "fact_id",
        "The statement's number, never reused: 1 to 614 are the data rows of "
        "raw/official_figures.csv in file order (1 is the first data row, on line 2), 615 on "
        "the rows of raw/official_figures_update_2026.csv in file order, then an analyst's "
        "extra files (load_facts(extra=...)) in the order given; a file loaded alone "
        "(load_facts(path)) numbers its own rows from 1.",
        "int64",
        required=True,
        minimum=1,
        unique=True,
    ),
    Field(
        "published",
        "Publication date shown on the page; empty (NaT) when the page copy that was read "
        "showed none. Never guessed from article IDs.",
        "datetime64[ns]",
    ),
    Field(
        "period_label",
        "The period as the source states it, with short clarifications in brackets.",
        "string",
        required=True,
    ),
    Field(
        "period_start",
        "Gregorian first day of the period (inclusive), converted from the Iranian calendar; "
        "empty for stocks and when not known.",
        "datetime64[ns]",
    ),
    Field(
        "period_end",
        "Gregorian last day of the period (inclusive): the true Iranian month end for flows, "
        "the date of the level for stocks 'at end of year X', the publication date (an upper "
        "bound) for 'since the start of the year' flows; empty when not known.",
        "datetime64[ns]",
    ),
    Field(
        "jalali_year",
        "Iranian (Solar Hijri) year of the period: of a flow lying within one Iranian year, or "
        "of period_end for a stock; empty otherwise.",
        "Int64",
        minimum=1278,
        maximum=1480,
    ),
    Field(
        "jalali_month_first",
        "First Iranian month covered (1 = Farvardin), when the period runs over whole Iranian "
        "months of one year.",
        "Int64",
        minimum=1,
        maximum=12,
    ),
    Field(
        "jalali_month_last",
        "Last Iranian month covered (12 = Esfand), when the period runs over whole Iranian "
        "months of one year.",
        "Int64",
        minimum=1,
        maximum=12,
    ),
    Field(
        "period_kind",
        "flow: start and end known; stock: a level at period_end, or as of a date when the "
        "indicator is a stock or share; undated: the period cannot be placed.",
        "string",
        required=True,
        allowed=("flow", "stock", "undated"),
    ),
    Field(
        "geography",
        "'Iran' or a province's English name as the source table spells it (Kurdistan, East "
        "Azerbaijan, Khorasan Razavi...); resolved with smeanalysis.provinces.",
        "string",
        required=True,
    ),
    Field(
        "province_code",
        "ISO 3166-2 code of the province (current codes, e.g. IR-10 Isfahan); empty for Iran.",
        "string",
        pattern=r"IR-\d{2}",
    ),
    Field(
        "indicator",
        "What the figure measures: one of the indicators listed below.",
        "string",
        required=True,
        allowed=tuple(INDICATORS),
    ),
    Field(
        "value",
        "The number with units expanded: '$1.6 billion' is 1600000000, '35 trillion rials' is "
        "35000000000000, '49 hemat' is 490000000000000.",
        "float64",
        required=True,
    ),
    Field(
        "unit",
        "Unit of value; euros stay euros (never converted).",
        "string",
        required=True,
        allowed=tuple(UNITS),
    ),
    Field(
        "qualifier",
        "The hedge word of the source (more than, over, about, nearly, some, approximately ...); "
        "empty when the figure was given flat.",
        "string",
    ),
    Field(
        "speaker",
        "The official quoted, one spelling per person; or the agency ('ISIPO data', 'IRICA') "
        "when no person was named; empty when none.",
        "string",
    ),
    Field(
        "source_url",
        "The public page the figure was read from.",
        "string",
        required=True,
        pattern=_URL,
    ),
    Field(
        "column",
        "The raw column the correction replaces a cell of.",
        "string",
        required=True,
    ),
    Field(
        "found",
        "The raw cell as found (checked on load: a correction whose found text differs from "
        "the raw cell is an error). Empty text means an empty cell.",
        "string",
        required=True,
    ),
    Field(
        "replacement",
        "The corrected cell text, in the raw layout's format.",
        "string",
        required=True,
    ),
    Field("reason", "Why, in plain English.", "string", required=True, pattern=r".*\S.*"),
    Field(
        "checked_url",
        "The page that was checked for the correction.",
        "string",
        required=True,
        pattern=_URL,
    ),
)

#: The fact table's scope vocabulary, shipped with the package (one row per scope).
FACT_SCOPES_PATH = Path(__file__).parent / "registry" / "scopes.csv"
_SCOPE_COLUMNS = ("name", "label_en", "label_fa", "description")


@dataclass(frozen=True)
class Scope:
    """One value of the fact table's ``scope`` column (a row of ``registry/scopes.csv``)."""

    name: str
    label_en: str
    label_fa: str
    description: str


def load_scopes(path: str | Path | None = None) -> dict[str, Scope]:
    """Read and check a scope vocabulary (default: the shipped ``registry/scopes.csv``).

    Every problem is reported at once with file, line and column: a missing or extra
    column, a name that is not snake_case or is repeated, an empty label or description.
    The vocabulary must hold ``unstated``, the scope of a statement whose page does not say.

    Example:
        >>> list(load_scopes())
        ['parks', 'all_smes', 'all_industry', 'unstated']
        >>> load_scopes()["unstated"].label_en
        'Not stated'
    """
    path = FACT_SCOPES_PATH if path is None else Path(path)
    file = str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as error:
        raise SmeAnalysisError(
            [Problem(file, None, None, f"no readable file ({error.strerror})", "the CSV")]
        ) from None
    records = list(csv.reader(io.StringIO(text, newline="")))
    header = records[0] if records else []
    if tuple(header) != _SCOPE_COLUMNS:
        raise SmeAnalysisError(
            [Problem(file, 1, None, f"the header {header!r}", f"the columns {_SCOPE_COLUMNS}")]
        )
    problems = []
    out: dict[str, Scope] = {}
    for line, record in enumerate(records[1:], start=2):
        if not record:
            continue
        if len(record) != len(_SCOPE_COLUMNS):
            problems.append(Problem(file, line, None, f"{len(record)} fields", "4 fields"))
            continue
        scope = Scope(*record)
        if not _NAME.match(scope.name):
            problems.append(Problem(file, line, "name", repr(scope.name), "a snake_case name"))
        elif scope.name in out:
            problems.append(Problem(file, line, "name", f"{scope.name!r} again", "unique names"))
        for column in _SCOPE_COLUMNS[1:]:
            if not getattr(scope, column).strip():
                problems.append(Problem(file, line, column, "an empty cell", "a text"))
        out[scope.name] = scope
    if "unstated" not in out and not problems:
        problems.append(
            Problem(
                file, None, "name", "no 'unstated' scope", "'unstated' for pages that do not say"
            )
        )
    if problems:
        raise SmeAnalysisError(problems, summary=f"{file}: the scope vocabulary is inconsistent:")
    return out


#: The fact table's scopes by name: which units a statement covers (registry/scopes.csv).
FACT_SCOPES: Mapping[str, Scope] = MappingProxyType(load_scopes())

register_fields(
    Field(
        "scope",
        "Which units or basket a row covers; each table lists its own scopes.",
        "string",
        required=True,
    ),
    Field(
        "provenance",
        "The file the statement was read from: official_figures.csv or "
        "official_figures_update_2026.csv for the shipped base, or the path of an analyst's "
        "file as it was given to load_facts.",
        "string",
        required=True,
    ),
    Field("file", "The shipped raw file the row belongs to (its name).", "string", required=True),
    Field(
        "row",
        "The statement's data-row number in that file (1 = first data row, on line 2).",
        "int64",
        required=True,
        minimum=1,
    ),
    Field(
        "words",
        "What the page says about which units the figure covers, in its own words.",
        "string",
        required=True,
        pattern=r".*\S.*",
    ),
    Field(
        "row_number",
        "The statement's data-row number in raw/official_figures_update_2026.csv.",
        "int64",
        required=True,
        minimum=1,
        unique=True,
    ),
    Field(
        "quote",
        "The passage of the page the statement was read from ([...] marks a cut).",
        "string",
        required=True,
    ),
)

_SCOPE_OVERRIDE = {
    "description": "Which units the statement covers (table of fact scopes below): from "
    "scope/official_figures_by_statement.csv where a page was read for it, else from "
    "scope/official_figures_by_indicator.csv when the indicator itself fixes it, else "
    "'unstated'. Statements of different scopes are not compared as if alike.",
    "allowed": tuple(FACT_SCOPES),
}

_FACT_COLUMNS = (
    "fact_id",
    "published",
    "period_label",
    "period_start",
    "period_end",
    "jalali_year",
    "jalali_month_first",
    "jalali_month_last",
    "period_kind",
    "geography",
    "province_code",
    "indicator",
    "value",
    "unit",
    "qualifier",
    "speaker",
    "source_url",
    "scope",
    "provenance",
)
_RAW_FACT_COLUMNS = (
    "published",
    "period_label",
    "period_start",
    "period_end",
    "geography",
    "indicator",
    "value",
    "unit",
    "qualifier",
    "speaker",
    "source_url",
)


def _corrections_table(
    table: str, title: str, id_column: str, noun: str, raw_columns: Sequence[str]
) -> Table:
    """The corrections file of a raw table: one row per corrected cell, applied on load."""
    return Table(
        f"{table}_corrections",
        title,
        f"One row per corrected cell of raw/{table}.csv, applied on load; each names "
        "the value found (checked), the replacement, the reason and the page checked.",
        f"corrections/{table}.csv",
        columns=(id_column, "column", "found", "replacement", "reason", "checked_url"),
        overrides={
            id_column: {
                "description": f"The corrected {noun}'s data-row number in "
                f"raw/{table}.csv (1 = first data row, on line 2).",
                "unique": False,
            },
            "column": {"allowed": raw_columns},
        },
        # Empty text is a real value here ("the cell was empty"), so nothing counts as missing.
        missing_values=(),
    )


register_table(
    Table(
        "official_figures",
        "Official figures on Iran's SMEs and industrial parks",
        "One row per public statement of a figure by an Iranian official or agency (SME "
        "exports, units in industrial parks, revived units, non-oil trade), each with the "
        "page it was read from. On disk: the research table, byte-identical and never edited; "
        "loaded: the corrections applied and the Jalali and province columns derived.",
        "raw/official_figures.csv",
        columns=_FACT_COLUMNS,
        raw_columns=_RAW_FACT_COLUMNS,
        overrides={"scope": _SCOPE_OVERRIDE},
        primary_key=("fact_id",),
        sources=(
            Source(
                "Public news pages (Tehran Times, Mehr, IRNA, Financial Tribune, EghtesadOnline, "
                "Trend/AzerNews, MENAFN, Iran Daily, Donya-e-Eqtesad, IRIB News and others); "
                "each row's page is in source_url"
            ),
            Source("Research table official_figures.csv (614 statements from 162 pages)"),
        ),
    )
)
register_table(
    _corrections_table(
        "official_figures",
        "Corrections to the official figures",
        "fact_id",
        "statement",
        _RAW_FACT_COLUMNS,
    )
)
register_table(
    Table(
        "official_figures_update_2026",
        "Official figures published 2025-10 to 2026-02 (update)",
        "54 statements published October 2025 to February 2026 in the layout of "
        "raw/official_figures.csv (20 of them repeat ISIPO's 30 December 2025 release from other "
        "outlets). On disk: the research table, byte-identical and never edited; loaded by "
        "smeanalysis.facts.load_facts after the base, as fact_id 615 on, with provenance "
        "official_figures_update_2026.csv.",
        "raw/official_figures_update_2026.csv",
        columns=_RAW_FACT_COLUMNS,
        sources=(
            Source(
                "Research table official_figures_update_2026.csv (54 statements; quotes in "
                "official_figures_update_2026_evidence.csv)"
            ),
        ),
    )
)
register_table(
    _corrections_table(
        "official_figures_update_2026",
        "Corrections to the 2026 update of the official figures",
        "fact_id",
        "statement",
        _RAW_FACT_COLUMNS,
    )
)
register_table(
    Table(
        "official_figures_update_2026_evidence",
        "Quotes behind the 2026 update",
        "One row per statement of raw/official_figures_update_2026.csv: the passage of its "
        "page the figure was read from.",
        "raw/official_figures_update_2026_evidence.csv",
        columns=("row_number", "quote"),
        primary_key=("row_number",),
    )
)
register_table(
    Table(
        "official_figures_scope_by_indicator",
        "Fact scopes fixed by the indicator",
        "One row per indicator whose definition alone says which units it covers; applied on "
        "load to every statement of that indicator (the shipped files and an analyst's) that "
        "scope/official_figures_by_statement.csv does not name. Other statements are 'unstated'.",
        "scope/official_figures_by_indicator.csv",
        columns=("indicator", "scope", "reason"),
        overrides={
            "indicator": {"unique": True},
            "scope": {"allowed": tuple(FACT_SCOPES), "description": "The scope it gets."},
        },
        primary_key=("indicator",),
    )
)
register_table(
    Table(
        "official_figures_scope_by_statement",
        "Fact scopes read on the page",
        "One row per shipped statement whose page was read for its scope, with the page's "
        "words; it wins over the indicator's rule. The indicator is checked on load (a row "
        "that no longer matches is an error), and checked_url is the statement's source_url.",
        "scope/official_figures_by_statement.csv",
        columns=("file", "row", "indicator", "scope", "words", "checked_url"),
        overrides={
            "file": {"allowed": ("official_figures.csv", "official_figures_update_2026.csv")},
            "scope": {"allowed": tuple(FACT_SCOPES), "description": "The scope it gets."},
            "indicator": {"description": "The statement's indicator (checked on load)."},
        },
        primary_key=("file", "row"),
    )
)

# ---------------------------------------------------------------------------------------------
# The export-composition table (data/export_composition.md)
# ---------------------------------------------------------------------------------------------

#: Trade directions of the export-composition table.
COMPOSITION_FLOWS: tuple[str, ...] = ("export", "import")

#: What each export-composition indicator measures -> the one unit its figures carry.
COMPOSITION_INDICATOR_UNITS: Mapping[str, str] = MappingProxyType(
    {"value": "usd", "tonnage": "tonne", "share": "percent"}
)

#: Every scope of the export-composition table, with what it means. Scopes answer different
#: questions and are never mixed (customs against headline totals, partner-side mirror data,
#: ship tracking).
COMPOSITION_SCOPES: Mapping[str, str] = MappingProxyType(
    {
        "non_oil": "IRICA/TPO customs non-oil trade (excludes crude oil, mazut, kerosene)",
        "non_oil_broad": "headline total on an unclear or broader basis",
        "crude_oil": "crude oil, listed separately in the 1402/1403 releases",
        "electricity": "electricity, listed separately in the 1402/1403 releases",
        "services": "technical-engineering services, listed separately in 1402/1403",
        "petrochemical": "petrochemical exports (IRICA, NPC or ILIA definition: see product)",
        "agriculture": "farm and agri-food products, including pistachios and saffron",
        "food": "dairy and food industry",
        "mineral": "minerals and mining industries",
        "steel": "steel and its supply chain",
        "plastics": "polymer and plastic products",
        "gas": "composition of gas exports",
        "carpet": "hand-woven and handmade carpets",
        "handicrafts": "handicrafts, customs and suitcase trade",
        "home_appliances": "home appliances",
        "footwear": "footwear, bags and shoes",
        "leather": "leather",
        "textile_leather": "textile, clothing, shoe and leather sector",
        "sme": "exports by small and medium units (ISIPO-supported units in parks)",
        "sme_cluster": "ISIPO-supported SME clusters",
        "goods_and_services": "Iraq figures including technical-engineering services",
        "mirror_china_customs": "China customs (GACC) data, Gregorian periods",
        "mirror_turkstat": "Turkish Statistical Institute data, Gregorian periods",
        "mirror_india": "Indian Ministry of Commerce data, Gregorian periods",
        "lpg_tracking": "S&P Platts LPG ship tracking, Gregorian periods",
        "methanol_tracking": "Kpler methanol ship tracking, Gregorian periods",
    }
)

register_fields(
    Field(
        "row_id",
        "The figure's data-row number in its file: 1 is the first data row, on line 2.",
        "int64",
        required=True,
        minimum=1,
        unique=True,
    ),
    Field(
        "flow",
        "Direction of trade: export from Iran or import into Iran.",
        "string",
        required=True,
        allowed=COMPOSITION_FLOWS,
    ),
    Field(
        "partner",
        "Destination of exports or origin of imports as the source names it: a country, "
        "'World' for the total, a bloc or a '+' group of countries.",
        "string",
        required=True,
    ),
    Field(
        "product",
        "The product or sector as the source names it; 'All' for every product.",
        "string",
        required=True,
    ),
    Field(
        "hs_code",
        "Harmonized System code when the source gave one (2 to 10 digits, kept as text so "
        "leading zeros stay); empty otherwise.",
        "string",
        pattern=r"[0-9]{2,10}",
    ),
)

_COMPOSITION_COLUMNS = (
    "row_id",
    "published",
    "period_label",
    "period_start",
    "period_end",
    "jalali_year",
    "jalali_month_first",
    "jalali_month_last",
    "flow",
    "scope",
    "partner",
    "product",
    "hs_code",
    "indicator",
    "value",
    "unit",
    "qualifier",
    "speaker",
    "source_url",
)
_RAW_COMPOSITION_COLUMNS = (
    "published",
    "period_label",
    "period_start",
    "period_end",
    "flow",
    "scope",
    "partner",
    "product",
    "hs_code",
    "indicator",
    "value",
    "unit",
    "qualifier",
    "speaker",
    "source_url",
)


register_table(
    Table(
        "export_composition",
        "Iran's non-oil exports and imports by destination and product",
        "One row per public figure for Iran's trade with a partner (or the world) in a product "
        "(or all products): value, tonnage or share, each with the page it was read from. On "
        "disk: the research table, byte-identical and never edited; loaded "
        "(smeanalysis.composition.load_composition): the corrections applied and the Jalali "
        "columns derived. data/export_composition.md gives the curation checks and the rules "
        "the helpers follow.",
        "raw/export_composition.csv",
        columns=_COMPOSITION_COLUMNS,
        raw_columns=_RAW_COMPOSITION_COLUMNS,
        overrides={
            "scope": {
                "description": "Which basket or data source the figure belongs to (table of "
                "scopes below); scopes are never added together or compared as if alike.",
                "allowed": tuple(COMPOSITION_SCOPES),
            },
            "period_start": {
                "description": "Gregorian first day of the period (inclusive); empty when not "
                "known, and then period_end is empty too."
            },
            "period_end": {
                "description": "Gregorian last day of the period (inclusive): the true Iranian "
                "month end for Iranian months; empty when not known, and then period_start is "
                "empty too."
            },
            "jalali_year": {
                "description": "Iranian (Solar Hijri) year of the period when period_start and "
                "period_end fall in the same Iranian year; empty otherwise (a Gregorian "
                "calendar year of mirror data spans two)."
            },
            "indicator": {
                "description": "What the figure measures: value (usd), tonnage (tonne) or "
                "share (percent of the whole the row names).",
                "allowed": tuple(COMPOSITION_INDICATOR_UNITS),
            },
            "unit": {
                "description": "Unit of value, fixed by the indicator: usd for value, tonne "
                "for tonnage, percent for share.",
                "allowed": tuple(dict.fromkeys(COMPOSITION_INDICATOR_UNITS.values())),
            },
            "value": {
                "description": "The number with units expanded ('$8.9 billion' is 8900000000); "
                "never negative, shares 0 to 100.",
                "minimum": 0,
            },
        },
        primary_key=("row_id",),
        sources=(
            Source(
                "Public news pages (Mehr, Tehran Times, Financial Tribune, MENAFN, Otaghiran, "
                "IRNA in German and French, Iran Daily, PressTV, Shafaq and others); each row's "
                "page is in source_url"
            ),
            Source("Research table export_composition.csv (1,179 figures from 234 pages)"),
        ),
    )
)
register_table(
    _corrections_table(
        "export_composition",
        "Corrections to the export-composition table",
        "row_id",
        "figure",
        _RAW_COMPOSITION_COLUMNS,
    )
)

# ---------------------------------------------------------------------------------------------
# An analyst's customs declarations (smeanalysis.trade.load_declarations); no file is shipped
# ---------------------------------------------------------------------------------------------

# A digit as an extract may write it: ASCII, Persian or Arabic-Indic (trade.py reads the last
# two as ASCII).
_ANY_DIGIT = "[0-9\u06f0-\u06f9\u0660-\u0669]"
#: A plain number >= 0 as trade.py reads it (no thousands separators, no inf or nan).
_POINT = "[.\u066b]"  # the ASCII point or the Arabic decimal separator
_PLAIN_NUMBER = (
    rf"[ \t]*[+]?({_ANY_DIGIT}+({_POINT}{_ANY_DIGIT}*)?|{_POINT}{_ANY_DIGIT}+)"
    rf"([eE][-+\u2212]?{_ANY_DIGIT}+)?[ \t]*"
)

register_fields(
    Field(
        "line",
        "Where the row is in its file: for a CSV the physical line (the header is line 1), for "
        "Parquet the 1-based row number.",
        "int64",
        required=True,
        minimum=1,
    ),
    Field(
        "declaration_date",
        "Date of the declaration. On disk a Jalali date 1398/09/30 (or 1398-09-30), years 1278 "
        "to 1480, or a Gregorian date 2019-12-21 (or 2019/12/21), years 1899 to 2102, in ASCII, "
        "Persian or Arabic-Indic digits (a Parquet date column is read as Gregorian); loaded as "
        "the Gregorian date.",
        "datetime64[ns]",
        required=True,
        pattern=rf"[ \t]*{_ANY_DIGIT}{{4}}[/-]{_ANY_DIGIT}{{1,2}}[/-]{_ANY_DIGIT}{{1,2}}[ \t]*",
        disk_type="string",
    ),
    Field(
        "jalali_month",
        "Iranian (Solar Hijri) month of the date, 1 = Farvardin.",
        "int64",
        required=True,
        minimum=1,
        maximum=12,
    ),
    Field(
        "province",
        "The exporting province as written: any common spelling, English or Persian, or its "
        "ISO 3166-2 code (read by smeanalysis.provinces.resolve).",
        "string",
        required=True,
    ),
    Field(
        "destination",
        "Destination country. On disk a name in English or Persian (Iraq, UAE) or an ISO "
        "3166-1 code (IRQ, iq, 368); loaded as the ISO 3166-1 alpha-3 code after resolution "
        "(smeanalysis.countries.resolve).",
        "string",
        required=True,
    ),
    Field(
        "value_usd",
        "Customs value in US dollars: a plain finite number >= 0 (1200.5, 1.2e3; no thousands "
        "separators, no inf or nan), in ASCII, Persian or Arabic-Indic digits.",
        "float64",
        unit="usd",
        required=True,
        pattern=_PLAIN_NUMBER,
        minimum=0,
        disk_type="string",
    ),
    Field(
        "weight_kg",
        "Net weight in kilograms: a plain finite number >= 0, written as value_usd.",
        "float64",
        required=True,
        pattern=_PLAIN_NUMBER,
        minimum=0,
        disk_type="string",
    ),
    Field(
        "exporter_id",
        "The exporting firm, any text (a national ID, a customs code, a hashed name); optional, "
        "but when the column is there every row needs one. Without it a report has no exporter "
        "sections.",
        "string",
        required=True,
    ),
    Field(
        "quantity",
        "A supplementary quantity: a plain finite number >= 0, written as value_usd, or empty; "
        "optional, and comes with unit.",
        "float64",
        pattern=_PLAIN_NUMBER,
        minimum=0,
        disk_type="string",
    ),
)

#: Columns of an extract: the required ones, then the optional ones (trade.py reads both sets
#: from here).
_DECLARATION_COLUMNS = (
    "declaration_date",
    "hs_code",
    "province",
    "destination",
    "value_usd",
    "weight_kg",
)
_DECLARATION_OPTIONAL = ("exporter_id", "quantity", "unit")

register_table(
    Table(
        "declarations",
        "Customs declarations: an analyst's extract",
        "One row per export declaration, in an extract an analyst brings (none is shipped: "
        "declaration-level data are not public), read and checked by "
        "smeanalysis.trade.load_declarations. Columns in any order; exporter_id, quantity and "
        "unit are optional; any other column is kept as text. The loaded table adds line, the "
        "Jalali year and month and province_code (and file, first, when several files are "
        "read). Validate a CSV from the project folder with: frictionless validate --schema "
        "data/schemas/declarations.schema.json extract.csv (Frictionless refuses absolute "
        "paths unless given --trusted).",
        None,
        columns=(
            "line",
            "declaration_date",
            "jalali_year",
            "jalali_month",
            "hs_code",
            "province",
            "province_code",
            "destination",
            "value_usd",
            "weight_kg",
            *_DECLARATION_OPTIONAL,
        ),
        raw_columns=(*_DECLARATION_COLUMNS, *_DECLARATION_OPTIONAL),
        overrides={
            "hs_code": {
                "description": "Harmonized System code as text. On disk dots and spaces are "
                "ignored and digits may be Persian or Arabic-Indic; loaded as digits only, an "
                "even number (2 to 12) with a leading zero a spreadsheet dropped restored "
                "(smeanalysis.hs.normalize; an unknown or reserved chapter is an error).",
                "required": True,
                "pattern": rf"[ \t.]*{_ANY_DIGIT}({_ANY_DIGIT}|[ \t.])*",
            },
            "jalali_year": {
                "description": "Iranian (Solar Hijri) year of the declaration date.",
                "required": True,
            },
            "province_code": {
                "description": "ISO 3166-2 code of the province (current codes, e.g. IR-10 "
                "Isfahan), from the province as written.",
                "required": True,
            },
            "unit": {
                "description": "The quantity's unit as written (pair, m2); optional, comes "
                "with quantity and is required beside a quantity.",
                "required": False,
                "allowed": None,
            },
        },
        optional_columns=_DECLARATION_OPTIONAL,
    )
)

# ---------------------------------------------------------------------------------------------
# Generators
# ---------------------------------------------------------------------------------------------


def _dtype(name: str) -> Any:
    # pandas' "string" alias follows the pandas 3 default storage; name it once here.
    return pd.StringDtype() if name == "string" else name


def pandera_schema(table: Table | str) -> Any:
    """Build the pandera schema of a table's loaded (typed) layout.

    Columns are required, in order, and no others are allowed; each carries its dtype,
    nullability, uniqueness, enumeration, pattern and range from the dictionary.

    Example:
        >>> schema = pandera_schema("official_figures_corrections")
        >>> list(schema.columns)[:3], schema.strict, schema.ordered
        (['fact_id', 'column', 'found'], True, True)
    """
    import pandera.pandas as pa

    table = TABLES[table] if isinstance(table, str) else table
    columns = {}
    for f in table.fields():
        checks = []
        if f.allowed is not None:
            checks.append(pa.Check.isin(f.allowed))
        if f.pattern is not None and f.dtype == "string":  # a pattern describes text
            checks.append(pa.Check.str_matches(f"^(?:{f.pattern})$"))
        if f.minimum is not None:
            checks.append(pa.Check.ge(f.minimum))
        if f.maximum is not None:
            checks.append(pa.Check.le(f.maximum))
        columns[f.name] = pa.Column(
            _dtype(f.dtype),
            checks=checks,
            nullable=not f.required,
            unique=f.unique,
            required=f.name not in table.optional_columns,
            description=f.description,
            title=f.name,
        )
    return pa.DataFrameSchema(
        columns, name=table.name, strict=True, ordered=True, description=table.description
    )


def _frictionless_field(f: Field, optional: bool = False) -> dict[str, Any]:
    # An optional column may be absent: "required" would make Frictionless ask for it.
    numeric = f.frictionless_type in ("integer", "number")
    out: dict[str, Any] = {
        "name": f.name,
        "type": f.frictionless_type,
        "description": f.description,
    }
    if f.unit:
        out["unit"] = f.unit
    constraints: dict[str, Any] = {}
    if f.required and not optional:
        constraints["required"] = True
    if f.unique:
        constraints["unique"] = True
    if f.allowed is not None:
        constraints["enum"] = list(f.allowed)
    if f.pattern is not None and f.frictionless_type == "string":
        constraints["pattern"] = f.pattern
    if f.minimum is not None and numeric:
        constraints["minimum"] = f.minimum if f.dtype == "float64" else int(f.minimum)
    if f.maximum is not None and numeric:
        constraints["maximum"] = f.maximum if f.dtype == "float64" else int(f.maximum)
    if constraints:
        out["constraints"] = constraints
    return out


def table_schema(table: Table | str) -> dict[str, Any]:
    """The Frictionless Table Schema of a table as it lies on disk (raw layout).

    A table with optional columns gets ``"fieldsMatch": "partial"``: columns are matched by
    name, in any order, extra columns are accepted and only the required ones must be there.

    Example:
        >>> schema = table_schema("declarations")
        >>> schema["fieldsMatch"], [f["name"] for f in schema["fields"]][:3]
        ('partial', ['declaration_date', 'hs_code', 'province'])
    """
    table = TABLES[table] if isinstance(table, str) else table
    out: dict[str, Any] = {
        "fields": [
            _frictionless_field(f, f.name in table.optional_columns) for f in table.raw_fields()
        ],
        "missingValues": list(table.missing_values),
    }
    if table.optional_columns:
        out["fieldsMatch"] = "partial"
    return out


def resource(table: Table | str) -> dict[str, Any]:
    """The Frictionless tabular data resource of a table as it lies on disk (raw layout).

    Example:
        >>> r = resource("official_figures")
        >>> r["path"], len(r["schema"]["fields"]), r["schema"]["fields"][5]["name"]
        ('raw/official_figures.csv', 11, 'indicator')
    """
    table = TABLES[table] if isinstance(table, str) else table
    if table.path is None:
        raise SmeAnalysisError(
            [Problem(f"table {table.name!r}", None, None, "no path", "a file under data/")]
        )
    out: dict[str, Any] = {
        "name": table.name,
        "title": table.title,
        "description": table.description,
        "path": table.path,
        "profile": "tabular-data-resource",
        "scheme": "file",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "schema": table_schema(table),
    }
    if table.sources:
        out["sources"] = [s.descriptor() for s in table.sources]
    return out


PACKAGE_NAME = "smeanalysis-data"
#: The compiled tables' licence (the code is MIT): the figures are facts from public pages and
#: each row names its page; the compilation, curation and corrections are CC-BY-4.0.
LICENSE = {
    "name": "CC-BY-4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
    "title": "Creative Commons Attribution 4.0 International, for this compilation; every "
    "figure is a public statement and carries the address of its page",
}


def datapackage() -> dict[str, Any]:
    """The whole ``data/datapackage.json`` descriptor: every registered table that has a file.

    Example:
        >>> [r["name"] for r in datapackage()["resources"]][:2]
        ['official_figures', 'official_figures_corrections']
    """
    sources: list[dict[str, str]] = []
    for table in TABLES.values():
        for source in table.sources:
            if source.descriptor() not in sources:
                sources.append(source.descriptor())
    return {
        "name": PACKAGE_NAME,
        "title": "smeanalysis: sourced facts on Iran's SME exports and industrial parks",
        "description": "Curated public figures, each with its source page. Generated by "
        "`python -m smeanalysis.dictionary --write` from src/smeanalysis/dictionary.py; "
        "data/README.md explains provenance, conventions and corrections.",
        "licenses": [LICENSE],
        "sources": sources,
        "resources": [resource(t) for t in TABLES.values() if t.path is not None],
    }


README_BEGIN = "<!-- BEGIN GENERATED DATA DICTIONARY: python -m smeanalysis.dictionary --write -->"
README_END = "<!-- END GENERATED DATA DICTIONARY -->"


def _md(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _constraint_text(f: Field) -> str:
    parts = []
    if f.allowed is not None:
        shown = ", ".join(f"`{v}`" for v in f.allowed[:8])
        more = f" and {len(f.allowed) - 8} more (below)" if len(f.allowed) > 8 else ""
        parts.append(f"one of {shown}{more}")
    if f.pattern is not None:
        parts.append(f"matches `{f.pattern}`")
    if f.minimum is not None or f.maximum is not None:
        low = "" if f.minimum is None else f"{f.minimum:g}"
        high = "" if f.maximum is None else f"{f.maximum:g}"
        parts.append(
            f"{low} to {high}".strip() if low and high else f">= {low}" if low else f"<= {high}"
        )
    if f.unique:
        parts.append("unique")
    return "; ".join(parts)


def _corrections_summary(table: Table) -> list[str]:
    path = DATA_DIR / str(table.path)
    if not path.exists():
        return []
    corrections = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    if corrections.empty:
        return [f"No corrections in `{table.path}` (it holds only its header).", ""]
    counts = corrections["column"].value_counts()
    lines = [
        f"{len(corrections)} corrections in `{table.path}`, by column: "
        + ", ".join(f"`{name}` {count}" for name, count in counts.items())
        + ".",
        "",
    ]
    return lines


def _scopes_section() -> list[str]:
    out = ["#### Export-composition scopes", "", "| scope | meaning |", "| --- | --- |"]
    out += [f"| `{name}` | {_md(text)} |" for name, text in COMPOSITION_SCOPES.items()]
    return [*out, ""]


def _fact_scopes_section() -> list[str]:
    out = [
        "#### Fact scopes (`src/smeanalysis/registry/scopes.csv`)",
        "",
        "| scope | English | Persian | meaning |",
        "| --- | --- | --- | --- |",
    ]
    out += [
        f"| `{s.name}` | {_md(s.label_en)} | {_md(s.label_fa)} | {_md(s.description)} |"
        for s in FACT_SCOPES.values()
    ]
    return [*out, ""]


def _indicators_section() -> list[str]:
    out = ["", "### Indicators", ""]
    out.append(
        "From the registry `src/smeanalysis/registry/indicators.csv` (one row per indicator; "
        "groups in `groups.csv`). Cumulative: counts to date, which cannot fall over time. "
        "Relations: a stated growth should agree with its level (growth of), a stated share "
        "with its numerator and denominator (share of), and a part never exceeds its whole "
        "(at most)."
    )
    out.append("")
    for group in INDICATOR_GROUPS.values():
        out += [f"#### {_md(group.label)} (`{group.key}`)", ""]
        out += ["| indicator | label | kind | unit | cumulative | relations | description |"]
        out.append("| --- | --- | --- | --- | --- | --- | --- |")
        for item in INDICATORS.values():
            if item.group != group.key:
                continue
            relations = []
            if item.growth_of:
                relations.append(f"growth of `{item.growth_of}`")
            if item.share_of:
                relations.append(f"share: `{item.share_of[0]}` of `{item.share_of[1]}`")
            if item.at_most:
                relations.append(f"at most `{item.at_most}`")
            if item.family != item.name:
                relations.append(f"family `{item.family}`")
            out.append(
                f"| `{item.name}` | {_md(item.label)} | {item.kind} | {', '.join(item.units)} | "
                f"{'yes' if item.cumulative else ''} | {'; '.join(relations)} | "
                f"{_md(item.description)} |"
            )
        out.append("")
    return out


def readme_section() -> str:
    """The generated data-dictionary section of ``data/README.md`` (markers included).

    Example:
        >>> text = readme_section()
        >>> text.startswith(README_BEGIN) and text.rstrip().endswith(README_END)
        True
    """
    out = [README_BEGIN, "", "## Data dictionary", ""]
    out.append(
        'Generated from `src/smeanalysis/dictionary.py`; do not edit by hand. "On disk" is '
        "the file's type as the Frictionless descriptor `datapackage.json` gives it; "
        '"loaded" is the pandas dtype a loader returns.'
    )
    out.append("")
    for table in TABLES.values():
        out += [f"### `{table.name}`: {table.title}", "", _md(table.description), ""]
        if table.path:
            out += [f"File: `{table.path}`.", ""]
        else:
            out += [f"No file: its Frictionless Table Schema is `{_schema_path(table)}`.", ""]
        raw = set(table.raw_columns or ())
        out += [
            "| column | loaded dtype | on disk | required | constraints | description |",
            "| --- | --- | --- | --- | --- | --- |",
        ]
        names = list(dict.fromkeys((*table.columns, *(table.raw_columns or ()))))
        for name in names:
            f = table.field(name)
            disk = f.frictionless_type if name in raw else "derived"
            loaded = f.dtype if name in table.columns else "(not loaded)"
            required = "yes" if f.required else "no"
            if name in table.optional_columns:
                required += " (optional column)"
            out.append(
                f"| `{f.name}` | {loaded} | {disk} | {required} | "
                f"{_md(_constraint_text(f))} | {_md(f.description)} |"
            )
        out.append("")
        if table.name.endswith("_corrections") and table.path:
            out += _corrections_summary(table)
        if table.name == "export_composition":
            out += _scopes_section()
        if table.name == "official_figures":
            out += _fact_scopes_section()
    out += ["### Units", "", "| unit | meaning |", "| --- | --- |"]
    out += [f"| `{name}` | {_md(text)} |" for name, text in UNITS.items()]
    out += ["", "### Indicator kinds", "", "| kind | meaning |", "| --- | --- |"]
    out += [f"| `{name}` | {_md(text)} |" for name, text in KINDS.items()]
    out += _indicators_section()
    out.append(README_END)
    return "\n".join(out) + "\n"


#: Folder under ``data/`` of the Table Schemas of tables that have no file (an analyst's own).
SCHEMAS_DIR = "schemas"


def _schema_path(table: Table) -> str:
    return f"{SCHEMAS_DIR}/{table.name}.schema.json"


def _datapackage_text() -> str:
    return json.dumps(datapackage(), indent=2, ensure_ascii=False) + "\n"


def _readme_text(current: str, path: Path) -> str:
    begin, end = current.find(README_BEGIN), current.find(README_END)
    if begin < 0 or end < begin:
        raise SmeAnalysisError(
            [
                Problem(
                    str(path),
                    None,
                    None,
                    "no generated-section markers",
                    f"the lines {README_BEGIN!r} and {README_END!r}",
                )
            ]
        )
    tail = current[end + len(README_END) :]
    return current[:begin] + readme_section().rstrip("\n") + tail


def _targets(data_dir: Path) -> dict[Path, str]:
    readme = data_dir / "README.md"
    current = readme.read_text(encoding="utf-8") if readme.exists() else ""
    schemas = {
        data_dir / _schema_path(table): json.dumps(
            table_schema(table), indent=2, ensure_ascii=False
        )
        + "\n"
        for table in TABLES.values()
        if table.path is None
    }
    return {
        data_dir / "datapackage.json": _datapackage_text(),
        readme: _readme_text(current, readme),
        **schemas,
    }


def check(data_dir: Path | None = None) -> list[Path]:
    """Return the generated files whose committed text differs from what would be generated.

    Example:
        >>> check()
        []
    """
    data_dir = DATA_DIR if data_dir is None else Path(data_dir)
    drifted = []
    for path, text in _targets(data_dir).items():
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            drifted.append(path)
    return drifted


def write(data_dir: Path | None = None) -> list[Path]:
    """Regenerate the generated files; return those changed.

    They are ``datapackage.json``, the README section and the Table Schemas of the tables that
    have no file (``schemas/<table>.schema.json``).

    Example:
        >>> import shutil, tempfile
        >>> folder = Path(tempfile.mkdtemp())  # a copy: a doctest never rewrites data/
        >>> _ = shutil.copy(DATA_DIR / "README.md", folder / "README.md")
        >>> [path.name for path in write(folder)]
        ['datapackage.json', 'declarations.schema.json']
        >>> write(folder)  # nothing to do when the files are up to date
        []
        >>> shutil.rmtree(folder)
    """
    data_dir = DATA_DIR if data_dir is None else Path(data_dir)
    changed = []
    for path, text in _targets(data_dir).items():
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            changed.append(path)
    return changed


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: ``--write`` regenerates the files, ``--check`` exits 1 when they drifted.

    Example:
        >>> main(["--check"])
        0
    """
    parser = argparse.ArgumentParser(
        prog="python -m smeanalysis.dictionary",
        description="Generate data/datapackage.json, the data dictionary in data/README.md "
        "and data/schemas/.",
    )
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--write", action="store_true", help="regenerate the files")
    mode.add_argument("--check", action="store_true", help="exit 1 if the files are stale")
    args = parser.parse_args(argv)
    if args.write:
        for path in write():
            print(f"wrote {path}")
        return 0
    drifted = check()
    for path in drifted:
        print(f"stale: {path} (run python -m smeanalysis.dictionary --write)", file=sys.stderr)
    return 1 if drifted else 0


if __name__ == "__main__":
    sys.exit(main())

"""Report parameters: read from a notebook, checked by one rule per parameter, everywhere.

A report notebook declares its parameters in one cell tagged ``parameters`` (literals, each
with a ``# meaning`` comment). The same checker runs in two places, with the same message:

- the command line (``smeanalysis report``), through :func:`check_values`, before any
  kernel starts;
- the notebook's own check cell, as one call, ``checked = params.check("NAME", globals())``,
  whether it runs under papermill (``-p``, ``-r``, a YAML file) or in JupyterLab.

A bad value raises :class:`~smeanalysis.errors.ParameterError` listing every bad parameter,
each with the value found and what is expected (``parameter 'year': found '1398' (a
string), expected an integer Iranian (Solar Hijri) year ...``).

**Where the rules come from.** A parameter named in :data:`SPECS` follows its entry there
(``year``, ``first_year``, ``last_year``, ``top_n``, ``facts_path``, ``extra_facts_path``,
``composition_path``, ``declarations_path``, ``engine``, ``scheduler_address``, ``province``,
``indicator_group``); any other parameter takes the type of
its default literal (:class:`Parameter`). Rules that join parameters: ``first_year`` is not after
``last_year``; ``year`` is a year the fact base at ``facts_path`` has statements for; a
``province`` whose default is one province must name a province, one whose default is the
whole country (``"Iran"``) may name either.

**What comes back.** The parameter values made canonical (a path made absolute, a province's
English name) plus the values derived from them: ``years`` (``first_year`` to ``last_year``)
and ``province_code``/``province_name`` (``None``/``"Iran"`` for the whole country).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from smeanalysis import dictionary, facts, paths, provinces, reconcile, trade
from smeanalysis.calendar import MAX_YEAR, MIN_YEAR
from smeanalysis.errors import ParameterError, Problem, SmeAnalysisError
from smeanalysis.reports import i18n
from smeanalysis.reports.discovery import Parameter, read_parameters

__all__ = [
    "SPECS",
    "Parameter",
    "ParameterProblem",
    "Spec",
    "check",
    "check_values",
    "declared",
    "indicator_groups",
    "load_params_file",
    "parse_assignments",
    "parse_value",
    "province_names",
    "read_parameters",
    "takes_one_province",
]


# --------------------------------------------------------------------------------------
# Declared parameters


def declared(notebook: str, notebooks_dir: Path | None = None) -> dict[str, Parameter]:
    """Read the parameters a notebook declares, from ``notebooks/NAME.ipynb`` on disk.

    Raises:
        ParameterError: no such notebook.
        SmeAnalysisError: its parameters cell breaks the rules (see :func:`read_parameters`).

    Example:
        >>> list(declared("sme_exports"))
        ['year', 'facts_path', 'extra_facts_path', 'lang']
    """
    path = Path(notebooks_dir or paths.NOTEBOOKS_DIR) / f"{notebook}.ipynb"
    try:
        nb = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise ParameterError(
            [Problem(str(path), None, None, f"no readable notebook ({err})", "a notebook")]
        ) from err
    return read_parameters(nb, file=str(path))


# --------------------------------------------------------------------------------------
# Values typed on the command line or in a YAML file


def parse_value(text: str) -> Any:
    """Parse a command-line value as a YAML scalar (``1398`` is an int, ``null`` None).

    Example:
        >>> parse_value("1398"), parse_value("Isfahan"), parse_value("null"), parse_value("1.5")
        (1398, 'Isfahan', None, 1.5)
    """
    try:
        value = yaml.safe_load(text)
    except yaml.YAMLError:
        return text
    if isinstance(value, list | dict):
        return text  # a parameter is a scalar; keep what was typed
    return value


def parse_assignments(items: Iterable[str]) -> dict[str, Any]:
    """Parse ``key=value`` strings (from ``-p``) into a dict of YAML scalars.

    Raises:
        ParameterError: an item without ``=``.

    Example:
        >>> parse_assignments(["year=1399", "province=Isfahan"])
        {'year': 1399, 'province': 'Isfahan'}
    """
    values: dict[str, Any] = {}
    for item in items:
        key, sep, text = item.partition("=")
        if not sep or not key.strip():
            raise ParameterError(f"-p {item!r}: expected key=value, e.g. -p year=1398")
        values[key.strip()] = parse_value(text.strip())
    return values


def load_params_file(path: Path) -> dict[str, Any]:
    """Read a YAML parameter file: a mapping of parameter names to values.

    Example:
        >>> load_params_file(paths.NOTEBOOKS_DIR / "params" / "sme_exports_1399.yaml")["year"]
        1399
    """
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as err:
        raise ParameterError(f"{path}: cannot read a YAML mapping of parameters ({err})") from err
    if data is None:
        return {}
    if not isinstance(data, dict) or not all(isinstance(key, str) for key in data):
        raise ParameterError(f"{path}: expected a mapping of parameter names to values")
    return data


# --------------------------------------------------------------------------------------
# The rules


@dataclass(frozen=True)
class ParameterProblem(Problem):
    """A :class:`~smeanalysis.errors.Problem` with a parameter: named as such, not a column.

    Example:
        >>> str(ParameterProblem(None, None, "year", "'1398' (a string)", "an integer"))
        "parameter 'year': found '1398' (a string), expected an integer"
    """

    def where(self) -> str:
        """Name the parameter."""
        return f"parameter {self.column!r}"


@dataclass(frozen=True)
class Spec:
    """How one parameter is checked (an entry of :data:`SPECS`).

    Attributes:
        expected: What is expected, in words (shown when a value is refused).
        types: The Python types accepted (``True`` never counts as an integer).
        nullable: ``None`` is accepted too.
        low: Smallest value accepted (numbers).
        high: Largest value accepted (numbers).
        file: The value is the path of an existing file (made absolute on return).
        validate: Checks the file's content, returning its problems (none: a good file).
        choices: The accepted values, read when a value is checked (not at import).
        many: With ``file``: a list of paths is accepted too, each checked as one.
        locate: The value names files through this function (a file, folder or glob, e.g.
            :func:`smeanalysis.trade.declaration_files`), which raises
            :class:`~smeanalysis.errors.SmeAnalysisError` when it names none; the value is
            returned made absolute.
    """

    expected: str
    types: tuple[type, ...]
    nullable: bool = False
    low: int | None = None
    high: int | None = None
    file: bool = False
    validate: Callable[[Path], Sequence[Problem]] | None = None
    choices: Callable[[], Sequence[str]] | None = None
    many: bool = False
    locate: Callable[[Path], Sequence[Path]] | None = None


def indicator_groups() -> list[str]:
    """The indicator groups a report can show, read now (the registry may change).

    The keys of :data:`smeanalysis.dictionary.INDICATOR_GROUPS` when it is a mapping of
    group names; otherwise the groups :func:`smeanalysis.reconcile.select_group` takes.

    Example:
        >>> "sme_exports" in indicator_groups()
        True
    """
    groups = getattr(dictionary, "INDICATOR_GROUPS", None)
    if isinstance(groups, Mapping):
        return [str(key) for key in groups]
    return [str(key) for key in reconcile.INDICATOR_GROUPS]


def _validate_facts(path: Path) -> Sequence[Problem]:
    return facts.validate_file(path)


_YEAR = f"an integer Iranian (Solar Hijri) year from {MIN_YEAR} to {MAX_YEAR}, e.g. 1398"
_PATH = (str, os.PathLike)

#: The rules for parameters that mean the same in every notebook, by parameter name.
#: Any other parameter takes the type of its default literal.
SPECS: dict[str, Spec] = {
    "year": Spec(_YEAR, (int,), low=MIN_YEAR, high=MAX_YEAR),
    "first_year": Spec(_YEAR, (int,), low=MIN_YEAR, high=MAX_YEAR),
    "last_year": Spec(_YEAR, (int,), low=MIN_YEAR, high=MAX_YEAR),
    "top_n": Spec("a whole number from 1 to 20", (int,), low=1, high=20),
    "facts_path": Spec(
        "None (the shipped fact base) or the path of a facts CSV in the research-table layout "
        "that passes 'smeanalysis validate'",
        _PATH,
        nullable=True,
        file=True,
        validate=_validate_facts,
    ),
    "extra_facts_path": Spec(
        "None or the path (or a list of paths) of your own facts CSVs in the research-table "
        "layout, added to the fact base; each must pass 'smeanalysis validate'",
        _PATH,
        nullable=True,
        file=True,
        validate=_validate_facts,
        many=True,
    ),
    "composition_path": Spec(
        "None (the shipped table) or the path of an export-composition CSV in the research layout",
        _PATH,
        nullable=True,
        file=True,
    ),
    "declarations_path": Spec(
        "None (synthetic demo data) or an extract of export declarations: a .csv or .parquet "
        "file, a folder of them or a glob pattern such as extracts/1402-*.parquet",
        _PATH,
        nullable=True,
        locate=trade.declaration_files,
    ),
    "engine": Spec("the engine that computes", (str,), choices=lambda: list(trade.ENGINES)),
    "scheduler_address": Spec(
        "None (compute in this process) or a Dask distributed scheduler address such as "
        "tcp://host:8786",
        (str,),
        nullable=True,
    ),
    "province": Spec(
        "one of Iran's 31 provinces, in any spelling or as its ISO 3166-2 code", (str,)
    ),
    "lang": Spec("the page language", (str,), choices=lambda: list(i18n.LANGUAGES)),
    "indicator_group": Spec(
        "an indicator group", (str,), choices=lambda: ["all", *indicator_groups()]
    ),
}

#: Pairs of parameters that make a window of years: the first is not after the second.
WINDOWS: tuple[tuple[str, str], ...] = (("first_year", "last_year"),)

_TYPE_WORDS = {bool: "true or false", int: "an integer", float: "a number", str: "a string"}


def _kind(value: Any) -> str:
    """Say what kind of value was found: ``'1398' (a string)``."""
    if value is None:
        return "None"
    if isinstance(value, str) and not value.strip():
        return f"{value!r} (an empty string)"
    words = _TYPE_WORDS.get(type(value), f"a {type(value).__name__}")
    return f"{value!r} ({words})"


def province_names() -> list[str]:
    """The 31 provinces' English names, alphabetically (the order of report sets).

    Example:
        >>> province_names()[:3]
        ['Alborz', 'Ardabil', 'Bushehr']
    """
    return sorted(provinces.provinces_table()["name_en"].tolist())


def _is_national(text: str) -> bool:
    try:
        return bool(pd.isna(provinces.resolve(text, allow_national=True)))
    except SmeAnalysisError:
        return False


def takes_one_province(parameters: Mapping[str, Parameter]) -> bool:
    """Tell whether a notebook is about one province: its ``province`` default is one.

    Such a notebook refuses the whole country; one whose default is ``"Iran"`` takes either.

    Example:
        >>> takes_one_province(declared("province_profile"))
        True
        >>> takes_one_province(declared("park_utilization"))
        False
    """
    default = parameters.get("province")
    return (
        default is not None
        and isinstance(default.default, str)
        and not _is_national(default.default)
    )


def _province(value: str, national_ok: bool) -> tuple[str | None, str, str]:
    """Resolve a province: ``(code, name, "")``, or ``(None, "", expected)`` when refused."""
    national = f"'{provinces.NATIONAL}' (the whole country) or " if national_ok else ""
    base = f"{national}{SPECS['province'].expected}"
    try:
        code = provinces.resolve(value, allow_national=True)
    except SmeAnalysisError as err:
        said = err.problems[0].expected if err.problems else str(err)
        detail = said.removeprefix("a province name or ISO 3166-2 code").lstrip("; ")
        joined = f"{base} {detail}" if detail.startswith("(") else f"{base}; {detail}"
        return None, "", joined if detail else base
    if pd.isna(code):
        if national_ok:
            return None, provinces.NATIONAL, ""
        return None, "", f"{base}, not the whole country"
    return str(code), str(provinces.name(code)), ""


def _file_stamp(path: Path) -> tuple[int, int]:
    stat = path.stat()
    return stat.st_mtime_ns, stat.st_size


@lru_cache(maxsize=32)
def _file_problems(
    validate: Callable[[Path], Sequence[Problem]], path: str, stamp: tuple[int, int]
) -> tuple[Problem, ...]:
    # Cached per file version: a batch of 31 provinces validates one file once.
    return tuple(validate(Path(path)))


@lru_cache(maxsize=8)
def _years_in_data(
    path: str | None, extra: tuple[str, ...], stamps: tuple[tuple[int, int], ...]
) -> tuple[int, ...]:
    # ``stamps`` (every file's version) is part of the cache key only.
    return tuple(facts.facts_years(facts.load_facts(path, extra=list(extra) or None)))


def _check_one(name: str, value: Any, spec: Spec) -> tuple[Any, ParameterProblem | None]:
    """Check one value against its spec; return the value made canonical, or the problem."""

    def refuse(found: str, expected: str = spec.expected) -> tuple[Any, ParameterProblem]:
        return value, ParameterProblem(None, None, name, found, expected)

    if value is None:
        return (None, None) if spec.nullable else refuse(_kind(value))
    if isinstance(value, bool) and bool not in spec.types:
        return refuse(_kind(value))
    if spec.file and spec.many and isinstance(value, (list, tuple)):
        # Several files (an analyst's extra facts): each is checked as one, in order.
        checked = [_check_one(name, item, replace(spec, many=False)) for item in value]
        refused = [problem for _, problem in checked if problem is not None]
        if not value or refused:
            return refused[0] if refused else refuse("an empty list")
        return [path for path, _ in checked], None
    if not isinstance(value, spec.types) or (isinstance(value, str) and not value.strip()):
        return refuse(_kind(value))
    if (spec.low is not None and value < spec.low) or (spec.high is not None and value > spec.high):
        return refuse(repr(value))
    if spec.choices is not None:
        choices = list(spec.choices())
        if value not in choices:
            return refuse(repr(value), f"{spec.expected}: one of {', '.join(choices)}")
    if spec.locate is not None:
        path = Path(value).expanduser().absolute()
        try:
            spec.locate(path)
        except SmeAnalysisError as error:
            return refuse(f"{str(value)!r} ({error.problems[0].found})")
        return str(path), None
    if spec.file:
        path = Path(value).expanduser().resolve()
        if not path.is_file():
            return refuse(f"{str(value)!r} (no such file)")
        if spec.validate is not None:
            problems = _file_problems(spec.validate, str(path), _file_stamp(path))
            if problems:
                count = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
                return refuse(f"{str(value)!r} ({count}, the first: {problems[0]})")
        return str(path), None
    return value, None


def _summary(notebook: str, problems: Sequence[Problem]) -> str:
    return f"{notebook}: {len(problems)} bad parameter{'s' if len(problems) != 1 else ''}:"


def check_values(
    notebook: str, parameters: Mapping[str, Parameter], values: Mapping[str, Any]
) -> dict[str, Any]:
    """Check values for a notebook's parameters; return them canonical, with derived values.

    Args:
        notebook: The notebook's name (named in the error).
        parameters: What the notebook declares (:func:`declared`).
        values: Values given; a parameter not given keeps its default, which is checked too.

    Returns:
        Every parameter's value (paths absolute, a province's English name, ``"Iran"`` for
        the whole country), plus ``years`` when there is a window of years and
        ``province_code`` and ``province_name`` when there is a province.

    Raises:
        ParameterError: A parameter the notebook does not declare; or every bad value at
            once, each naming the parameter, the value found and what is expected.

    Example:
        >>> sme = declared("sme_exports")
        >>> check_values("sme_exports", sme, {"year": 1399})["year"]
        1399
        >>> check_values("sme_exports", sme, {"year": "1398"})
        Traceback (most recent call last):
        ...
        smeanalysis.errors.ParameterError: sme_exports: 1 bad parameter:
          - parameter 'year': found '1398' (a string), expected an integer Iranian (Solar Hijri) year from 1278 to 1480, e.g. 1398
    """  # noqa: E501
    unknown = [key for key in values if key not in parameters]
    if unknown:
        choices = ", ".join(parameters) or "none"
        raise ParameterError(
            f"{notebook} has no parameter {unknown[0]!r}; its parameters are: {choices}"
        )
    checked = {name: p.default for name, p in parameters.items()} | dict(values)
    problems: list[ParameterProblem] = []
    bad: set[str] = set()
    for name, parameter in parameters.items():
        if name in SPECS:
            checked[name], problem = _check_one(name, checked[name], SPECS[name])
        elif parameter.accepts(checked[name]):
            problem = None
        else:
            problem = ParameterProblem(None, None, name, _kind(checked[name]), parameter.expected)
        if problem is not None and name == "province" and not takes_one_province(parameters):
            problem = replace(problem, expected=f"'Iran' (the whole country) or {problem.expected}")
        if problem is not None:
            problems.append(problem)
            bad.add(name)
    if isinstance(checked.get("province"), str) and "province" not in bad:
        code, place, expected = _province(checked["province"], not takes_one_province(parameters))
        if expected:
            problems.append(
                ParameterProblem(None, None, "province", repr(checked["province"]), expected)
            )
        else:
            checked.update(province=place, province_code=code, province_name=place)
    for first, last in WINDOWS:
        if first in parameters and last in parameters and not {first, last} & bad:
            if checked[first] > checked[last]:
                found = f"{checked[last]!r}, before {first} {checked[first]!r}"
                expected = f"{first} <= {last}: a {last} from {checked[first]!r} on"
                problems.append(ParameterProblem(None, None, last, found, expected))
            else:
                checked["years"] = list(range(checked[first], checked[last] + 1))
    if "year" in parameters and not {"year", "facts_path", "extra_facts_path"} & bad:
        source = checked.get("facts_path")
        extra = checked.get("extra_facts_path") or []
        extra = (extra,) if isinstance(extra, str) else tuple(extra)
        stamps = tuple(_file_stamp(Path(f)) for f in (source, *extra) if f)
        years = _years_in_data(source, extra, stamps)
        if checked["year"] not in years:
            present = ", ".join(str(year) for year in years)
            problems.append(
                ParameterProblem(
                    None, None, "year", repr(checked["year"]), f"a year in the data ({present})"
                )
            )
    if problems:
        raise ParameterError(problems, summary=_summary(notebook, problems))
    return checked


def check(
    notebook: str, namespace: Mapping[str, Any], *, notebooks_dir: Path | None = None
) -> dict[str, Any]:
    """Check a notebook's parameters where it runs: the check cell's one call.

    Reads what the notebook declares from its file, takes each parameter's value from
    ``namespace`` (the notebook's ``globals()``) and checks them with :func:`check_values`:
    the same rules and the same message as ``smeanalysis report``. A ``lang`` parameter
    also sets the page language of the process (:func:`smeanalysis.reports.i18n.activate`).

    Args:
        notebook: The notebook's name (``notebooks/NAME.ipynb``).
        namespace: Where the values are (``globals()`` in the notebook).
        notebooks_dir: The notebooks' folder (default: the project's ``notebooks/``).

    Returns:
        What :func:`check_values` returns.

    Raises:
        ParameterError: A declared parameter missing from ``namespace``, or bad values.

    Example:
        >>> checked = check("park_utilization", {"facts_path": None, "extra_facts_path": None,
        ...     "province": "esfahan", "first_year": 1398, "last_year": 1400, "lang": "en"})
        >>> checked["province_code"], checked["province_name"], checked["years"]
        ('IR-10', 'Isfahan', [1398, 1399, 1400])
    """
    parameters = declared(notebook, notebooks_dir)
    missing = [name for name in parameters if name not in namespace]
    if missing:
        problems = [
            ParameterProblem(None, None, name, "no value", "a value (run the parameters cell)")
            for name in missing
        ]
        raise ParameterError(problems, summary=_summary(notebook, problems))
    checked = check_values(notebook, parameters, {name: namespace[name] for name in parameters})
    # The page language of this run: the text kit and the charts follow it.
    i18n.activate(checked.get("lang", i18n.DEFAULT_LANGUAGE))
    return checked

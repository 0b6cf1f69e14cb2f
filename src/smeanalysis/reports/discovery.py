"""Report notebooks on disk: their titles and the parameters they declare, read without a kernel.

The light half of the reports: :func:`discover` lists ``notebooks/*.ipynb`` with each title
(:func:`page_title`) and parameters cell (:func:`read_parameters`: literals, each with a
``# meaning`` comment, optionally ``# type: T meaning`` for papermill). Notebooks are read as
plain JSON (nbformat's reader validates, and importing its validator takes seconds), and this
module imports only the standard library and :mod:`smeanalysis.errors` and
:mod:`smeanalysis.paths`, so ``smeanalysis list`` starts without pandas, the catalog or
papermill. :mod:`smeanalysis.reports.params` checks the values, :mod:`smeanalysis.reports.runner`
builds the pages; both re-export what they take from here.
"""

from __future__ import annotations

import ast
import io
import json
import re
import tokenize
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from smeanalysis import paths
from smeanalysis.errors import Problem, SmeAnalysisError

__all__ = ["NotebookInfo", "Parameter", "discover", "page_title", "read_parameters"]


@dataclass(frozen=True)
class Parameter:
    """One parameter of a notebook: its default literal and what it means.

    Example:
        >>> year = Parameter("year", 1398, "Iranian year to report on")
        >>> year.accepts(1399), year.accepts("1399"), year.expected
        (True, False, 'an integer')
    """

    name: str
    default: Any
    meaning: str
    #: The type the comment declares for papermill (``# type: int meaning``), if any.
    type_name: str | None = None

    @property
    def expected(self) -> str:
        """Say in words what type of value the parameter takes."""
        default = self.default
        if default is None:
            return "a string or None"
        if isinstance(default, bool):
            return "true or false"
        if isinstance(default, int):
            return "an integer"
        if isinstance(default, float):
            return "a number"
        if isinstance(default, str):
            return "a string"
        return f"a {type(default).__name__}"

    def accepts(self, value: Any) -> bool:
        """Tell whether ``value`` has the type of the default literal.

        Integers are accepted where the default is a float; ``True`` is not an integer.
        """
        default = self.default
        if default is None:
            return value is None or isinstance(value, str)
        if isinstance(default, bool) or isinstance(value, bool):
            return isinstance(default, bool) and isinstance(value, bool)
        if isinstance(default, float):
            return isinstance(value, int | float)
        return isinstance(value, type(default))


def _comments_by_line(source: str) -> dict[int, str]:
    comments: dict[int, str] = {}
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.COMMENT:
            comments[token.start[0]] = token.string.lstrip("#").strip()
    return comments


#: ``# type: T meaning``: the type comment papermill reads (``papermill --help-notebook``).
_TYPE_COMMENT = re.compile(r"^type:\s*(?P<type>\S+)\s*(?P<meaning>.*)$")

#: What each declared type admits as a default literal.
_DECLARED_TYPES = {
    "int": (int,),
    "float": (int, float),
    "str": (str,),
    "bool": (bool,),
    "Optional[str]": (str, type(None)),
}


def _source(cell: Mapping[str, Any]) -> str:
    source = cell.get("source", "")
    return source if isinstance(source, str) else "".join(source)


def read_parameters(nb: Mapping[str, Any], file: str | None = None) -> dict[str, Parameter]:
    r"""Read the notebook's ``parameters`` cell: literals, each with a ``# meaning``.

    A comment may start with the type papermill shows in ``--help-notebook``
    (``# type: int Iranian year``); the type must admit the default.

    Args:
        nb: The notebook (an ``nbformat`` node or the plain JSON mapping).
        file: Its path, named in problems.

    Raises:
        SmeAnalysisError: no ``parameters`` cell, more than one, or a statement that is
            not ``name = literal  # meaning`` (line numbers count within the cell).

    Example:
        >>> source = "year = 1398  # Iranian year\nfacts_path = None  # file"
        >>> cell = {"cell_type": "code", "metadata": {"tags": ["parameters"]}, "source": source}
        >>> params = read_parameters({"cells": [cell]})
        >>> [(p.name, p.default, p.meaning) for p in params.values()]
        [('year', 1398, 'Iranian year'), ('facts_path', None, 'file')]
        >>> cell["source"] = "year = 1398  # type: int Iranian year"
        >>> read_parameters({"cells": [cell]})["year"]
        Parameter(name='year', default=1398, meaning='Iranian year', type_name='int')
    """
    cells = [
        cell
        for cell in nb.get("cells", [])
        if cell.get("cell_type") == "code"
        and "parameters" in cell.get("metadata", {}).get("tags", [])
    ]
    if len(cells) != 1:
        raise SmeAnalysisError(
            [Problem(file, None, None, f"{len(cells)} cells tagged 'parameters'", "exactly one")]
        )
    source = _source(cells[0])
    problems: list[Problem] = []
    try:
        tree = ast.parse(source)
        comments = _comments_by_line(source)
    except (SyntaxError, tokenize.TokenError) as err:
        raise SmeAnalysisError(
            [Problem(file, None, "parameters", f"invalid Python ({err})", "literal assignments")]
        ) from err
    parameters: dict[str, Parameter] = {}
    for stmt in tree.body:
        line = stmt.lineno
        if not (
            isinstance(stmt, ast.Assign)
            and len(stmt.targets) == 1
            and isinstance(stmt.targets[0], ast.Name)
        ):
            found = ast.get_source_segment(source, stmt) or type(stmt).__name__
            problems.append(Problem(file, line, "parameters", repr(found), "name = literal"))
            continue
        name = stmt.targets[0].id
        try:
            default = ast.literal_eval(stmt.value)
        except ValueError:
            found = ast.get_source_segment(source, stmt.value)
            problems.append(Problem(file, line, name, repr(found), "a literal"))
            continue
        # ruff format may wrap a long comment inside parentheses: any line of the statement.
        meaning = next(
            (comments[n] for n in range(line, (stmt.end_lineno or line) + 1) if n in comments), ""
        )
        typed = _TYPE_COMMENT.match(meaning)
        type_name = typed["type"] if typed else None
        meaning = typed["meaning"] if typed else meaning
        if not meaning:
            problems.append(Problem(file, line, name, "no comment", "a '# meaning' comment"))
        if type_name is not None and (
            type_name not in _DECLARED_TYPES
            or not isinstance(default, _DECLARED_TYPES[type_name])
            or (isinstance(default, bool) and type_name != "bool")
        ):
            problems.append(
                Problem(
                    file,
                    line,
                    name,
                    f"type {type_name} for the default {default!r}",
                    f"one of {', '.join(_DECLARED_TYPES)} that the default has",
                )
            )
        parameters[name] = Parameter(name, default, meaning, type_name)
    if problems:
        raise SmeAnalysisError(problems)
    return parameters


def page_title(nb: Mapping[str, Any], fallback: str) -> str:
    r"""Return the notebook's title: its first ``# `` heading in a Markdown cell, else ``fallback``.

    Example:
        >>> page_title({"cells": [{"cell_type": "markdown", "source": "# Exports\nText"}]}, "x")
        'Exports'
        >>> page_title({"cells": []}, "sme_exports")
        'sme_exports'
    """
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "markdown":
            source = cell.get("source", "")
            source = source if isinstance(source, str) else "".join(source)
            for line in source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return fallback


@dataclass(frozen=True)
class NotebookInfo:
    """A notebook in ``notebooks/``: name, path, title and parameters (in cell order).

    ``problem`` says what is wrong with its parameters cell, if anything; such a notebook
    is listed but cannot be run.
    """

    name: str
    path: Path
    title: str
    parameters: Mapping[str, Parameter]
    problem: str = ""

    def defaults(self) -> dict[str, Any]:
        """Return the default value of every parameter."""
        return {name: p.default for name, p in self.parameters.items()}


def discover(notebooks_dir: Path | None = None) -> dict[str, NotebookInfo]:
    """Return every notebook in the folder (default ``notebooks/``) by name, sorted.

    Example:
        >>> "sme_exports" in discover()
        True
    """
    folder = Path(notebooks_dir or paths.NOTEBOOKS_DIR)
    found: dict[str, NotebookInfo] = {}
    for path in sorted(folder.glob("*.ipynb")):
        # Plain JSON: nbformat's reader validates, and importing its validator takes seconds.
        nb = json.loads(path.read_text(encoding="utf-8"))
        try:
            parameters, problem = read_parameters(nb, file=str(path)), ""
        except SmeAnalysisError as err:
            # One broken notebook must not stop the others from being listed or built.
            parameters, problem = {}, " ".join(str(err).split())
        found[path.stem] = NotebookInfo(
            path.stem, path, page_title(nb, path.stem), parameters, problem
        )
    return found

"""The package's two layers, read from the source: the library never imports the face.

Library modules (ground, data, analyses) import only the standard library, third-party packages
and lower library modules; the report face (``smeanalysis.reports``) and ``cli`` may import the
library. No module imports another in a cycle, no module reaches for another's private name, and
imports of the package's own modules sit at the top of the module.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "smeanalysis"

#: The library, lowest layer first: a module may import only modules before it in this list.
LIBRARY = (
    "errors",
    "paths",
    "lookup",
    "units",
    "calendar",
    "provinces",
    "countries",
    "hs",
    "qualifiers",
    "dictionary",
    "tables",
    "metrics",
    "facts",
    "composition",
    "trade",
    "reconcile",
)
FACE = ("reports", "cli", "__main__")


def _module_name(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _modules() -> dict[str, ast.Module]:
    return {
        _module_name(p): ast.parse(p.read_text(encoding="utf-8"), str(p))
        for p in sorted(SRC.rglob("*.py"))
    }


def _own_imports(tree: ast.Module) -> list[tuple[ast.stmt, str, list[str]]]:
    """(node, module imported, names taken) for every import of a smeanalysis module."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "smeanalysis":
                for alias in node.names:
                    found.append((node, f"smeanalysis.{alias.name}", []))
            elif node.module.startswith("smeanalysis."):
                found.append((node, node.module, [a.name for a in node.names]))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("smeanalysis."):
                    found.append((node, alias.name, []))
    return found


MODULES = _modules()


def _top(name: str) -> str:
    parts = name.split(".")
    return parts[1] if len(parts) > 1 else ""


def test_every_library_module_is_placed_in_a_layer() -> None:
    tops = {_top(name) for name in MODULES} - {""}
    assert tops <= set(LIBRARY) | set(FACE), sorted(tops - set(LIBRARY) - set(FACE))


@pytest.mark.parametrize("name", sorted(n for n in MODULES if _top(n) in LIBRARY))
def test_library_imports_only_lower_library_modules(name: str) -> None:
    rank = LIBRARY.index(_top(name))
    wrong = []
    for node, target, _ in _own_imports(MODULES[name]):
        top = _top(target)
        if top in FACE or top not in LIBRARY or (LIBRARY.index(top) >= rank and top != _top(name)):
            wrong.append(f"line {node.lineno}: imports {target}")
    assert not wrong, f"{name} reaches up or sideways: {wrong}"


def test_no_import_cycles() -> None:
    graph = {
        name: {t for _, t, _ in _own_imports(tree)} & set(MODULES) for name, tree in MODULES.items()
    }
    # Importing a submodule runs its package's __init__, which imports nothing of its own here.
    state: dict[str, int] = {}
    cycles = []

    def visit(node: str, stack: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycles.append(" -> ".join([*stack[stack.index(nxt) :], nxt]))
            elif nxt not in state:
                visit(nxt, [*stack, nxt])
        state[node] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert not cycles, cycles


@pytest.mark.parametrize("name", sorted(MODULES))
def test_no_private_name_is_used_outside_its_module(name: str) -> None:
    leaks = []
    tree = MODULES[name]
    for node, target, names in _own_imports(tree):
        leaks += [f"line {node.lineno}: {target}.{n}" for n in names if n.startswith("_")]
    aliases = {
        (a.asname or a.name.rsplit(".", 1)[-1])
        for node, _, _ in _own_imports(tree)
        for a in node.names  # type: ignore[attr-defined]
    }
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in aliases
            and node.attr.startswith("_")
            and not node.attr.startswith("__")
        ):
            leaks.append(f"line {node.lineno}: {node.value.id}.{node.attr}")
    assert not leaks, f"{name} uses private names of other modules: {leaks}"


#: Modules allowed to import their own package inside functions, and why. The command line
#: imports each subcommand's modules when it runs, so `smeanalysis --help` and `list` start
#: without loading pandas, papermill or matplotlib.
LATE_IMPORTS_ALLOWED = {"smeanalysis.cli": "start-up speed of the command"}


@pytest.mark.parametrize("name", sorted(set(MODULES) - set(LATE_IMPORTS_ALLOWED)))
def test_own_modules_are_imported_at_the_top(name: str) -> None:
    tree = MODULES[name]
    top_level = {id(node) for node in tree.body}
    # Imports under `if TYPE_CHECKING:` are for type checkers only and never run.
    typing_only = {
        id(inner)
        for node in tree.body
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
        for inner in ast.walk(node)
    }
    late = [
        f"line {node.lineno}: {target}"
        for node, target, _ in _own_imports(tree)
        if id(node) not in top_level and id(node) not in typing_only
    ]
    assert not late, f"{name} imports its own package inside functions: {late}"

"""Incremental report builds: a page is rebuilt only when something it stands on changed.

A report's *build key* is a SHA-256 over everything that decides its page:

- the package's code and files (every file under ``src/smeanalysis/``: modules, templates,
  the registry, locales; caches left out), so any change of code rebuilds every report;
- the shipped data (every file under ``data/``);
- the notebook itself (its bytes);
- the parameter values the run gets (JSON, keys sorted);
- the bytes of every file a parameter names (``facts_path``, ``extra_facts_path``, ...).

The key is stored beside the page, in ``NAME.html.build-key``, after the page was written. A
later build with the same key and the page still present skips the report; ``smeanalysis
report --force`` rebuilds regardless. Conservative by design: a change to any data file or any
module rebuilds every report, even one that does not read it; a stale page is never kept.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from smeanalysis import paths

__all__ = ["KEY_SUFFIX", "build_key", "key_path", "record", "sources_digest", "up_to_date"]

#: Suffix of the file beside each page that holds its build key.
KEY_SUFFIX = ".build-key"
PACKAGE_DIR = Path(__file__).resolve().parents[1]
_SKIPPED_PARTS = {"__pycache__", ".ipynb_checkpoints"}


def _files(folder: Path) -> list[Path]:
    return sorted(
        path
        for path in folder.rglob("*")
        if path.is_file()
        and not _SKIPPED_PARTS.intersection(path.parts)
        and path.suffix not in {".pyc", ".pyo"}
    )


def sources_digest(folders: Iterable[Path] | None = None) -> str:
    """Return the SHA-256 of the package's files and the shipped data (paths and bytes).

    Args:
        folders: The folders to hash; default the package (``src/smeanalysis``) and ``data/``.

    Example:
        >>> import tempfile
        >>> folder = Path(tempfile.mkdtemp())
        >>> _ = (folder / "a.csv").write_text("x,1")
        >>> before = sources_digest([folder])
        >>> _ = (folder / "a.csv").write_text("x,2")
        >>> sources_digest([folder]) == before
        False
    """
    digest = hashlib.sha256()
    for folder in folders if folders is not None else (PACKAGE_DIR, paths.DATA_DIR):
        folder = Path(folder)
        for path in _files(folder):
            digest.update(str(path.relative_to(folder)).encode("utf-8") + b"\0")
            digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def _named_files(values: Mapping[str, Any]) -> list[Path]:
    """Existing files a parameter value names (a path, or a list of paths)."""
    found = []
    for value in values.values():
        for item in value if isinstance(value, list | tuple) else [value]:
            if isinstance(item, str) and item and Path(item).is_file():
                found.append(Path(item))
    return found


def build_key(notebook: Path, values: Mapping[str, Any], shared: str) -> str:
    """Return the build key of one report: code and data digest, notebook, values, their files.

    Args:
        notebook: The notebook run.
        values: The parameter values the kernel gets.
        shared: :func:`sources_digest` (computed once per build).

    Example:
        >>> nb = paths.NOTEBOOKS_DIR / "sme_exports.ipynb"
        >>> build_key(nb, {"year": 1398}, "x") == build_key(nb, {"year": 1399}, "x")
        False
    """
    digest = hashlib.sha256(shared.encode("ascii") + b"\0")
    digest.update(Path(notebook).read_bytes() + b"\0")
    digest.update(json.dumps(dict(values), sort_keys=True, default=str).encode("utf-8") + b"\0")
    for path in _named_files(values):
        digest.update(str(path).encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def key_path(page: Path) -> Path:
    """Return where the build key of ``page`` is kept (``NAME.html.build-key``).

    Example:
        >>> key_path(Path("reports/sme_exports.html")).name
        'sme_exports.html.build-key'
    """
    return page.with_name(page.name + KEY_SUFFIX)


def up_to_date(page: Path, key: str) -> bool:
    """Tell whether ``page`` exists and was built with ``key``.

    Example:
        >>> up_to_date(Path("/nonexistent/page.html"), "abc")
        False
    """
    stored = key_path(page)
    return page.is_file() and stored.is_file() and stored.read_text(encoding="ascii") == key


def record(page: Path, key: str) -> None:
    """Store ``key`` beside ``page`` (atomically: a reader sees the old key or the new).

    Example:
        >>> import tempfile
        >>> page = Path(tempfile.mkdtemp()) / "demo.html"
        >>> _ = page.write_text("<html></html>")
        >>> record(page, "abc"); up_to_date(page, "abc"), up_to_date(page, "abd")
        (True, False)
    """
    stored = key_path(page)
    temporary = stored.with_name(stored.name + ".tmp")
    temporary.write_text(key, encoding="ascii")
    temporary.replace(stored)

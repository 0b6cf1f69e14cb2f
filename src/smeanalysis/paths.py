"""Every path the package uses, derived from the project root in one place.

Notebooks never depend on the folder they were started from: they ask this module.
Set ``SMEANALYSIS_ROOT`` to point the package at another checkout or data copy.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["DATA_DIR", "NOTEBOOKS_DIR", "PROJECT_ROOT", "REPORTS_DIR", "project_root"]


def project_root() -> Path:
    """Return the project's root folder (the one holding ``data/`` and ``notebooks/``).

    Example:
        >>> (project_root() / "pyproject.toml").exists()
        True
    """
    override = os.environ.get("SMEANALYSIS_ROOT")
    if override:
        return Path(override).resolve()
    here = Path(__file__).resolve()
    for parent in here.parents:
        if (parent / "pyproject.toml").exists() and (parent / "data").is_dir():
            return parent
    # An installed (non-editable) copy: the data travel with the checkout, not the wheel.
    return Path.cwd().resolve()


PROJECT_ROOT = project_root()
DATA_DIR = PROJECT_ROOT / "data"
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
REPORTS_DIR = PROJECT_ROOT / "reports"

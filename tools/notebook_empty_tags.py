"""Remove the empty ``"tags": []`` that papermill (and JupyterLab's tag editor) add to cells.

nbstripout can drop a metadata key but not only when it is empty, and ``tags`` must stay where it
holds ``parameters``. Run by pre-commit after nbstripout (``.pre-commit-config.yaml``); exits 1
when it changed a file, as pre-commit's fixers do. Writes the notebook the way nbformat does
(one-space indent, sorted keys, UTF-8, final newline), so an unchanged notebook stays
byte-identical.

    python tools/notebook_empty_tags.py notebooks/*.ipynb
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def drop_empty_tags(notebook: dict) -> tuple[dict, int]:
    """Return a copy of ``notebook`` without empty ``tags`` lists, and how many were removed."""
    cells, removed = [], 0
    for cell in notebook.get("cells", []):
        metadata = cell.get("metadata", {})
        if metadata.get("tags") == []:
            metadata = {key: value for key, value in metadata.items() if key != "tags"}
            cell = {**cell, "metadata": metadata}
            removed += 1
        cells.append(cell)
    return {**notebook, "cells": cells}, removed


def main(paths: list[str]) -> int:
    changed = 0
    for name in paths:
        path = Path(name)
        notebook, removed = drop_empty_tags(json.loads(path.read_text(encoding="utf-8")))
        if removed:
            text = json.dumps(notebook, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
            path.write_text(text, encoding="utf-8")
            print(f"{path}: removed {removed} empty tags list(s)")
            changed += 1
    return 1 if changed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

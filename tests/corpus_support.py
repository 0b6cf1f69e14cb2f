"""Helpers shared by the corpus tests: where the corpus is, and counting its data rows."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

CORPUS = Path(__file__).resolve().parent / "corpus"


def case_path(kind: str, case: str) -> Path:
    """The corpus file of one case (``kind`` is ``facts``, ``composition``, ...)."""
    path = CORPUS / kind / f"{case}.csv"
    assert path.is_file(), f"{path} missing: run tests/corpus/make_corpus.py"
    return path


def corpus_cases(kind: str) -> set[str]:
    """The names of every case of one kind present on disk."""
    return {path.stem for path in (CORPUS / kind).glob("*.csv")}


def data_rows(path: Path) -> int:
    """Count the data rows of a CSV independently of the loaders: non-blank records - header.

    Reads with the ``csv`` module (quotes and embedded line breaks handled), after dropping
    a byte-order mark; the count is what a loader must return, no row fewer.
    """
    text = path.read_bytes().decode("utf-8-sig")
    records = [record for record in csv.reader(io.StringIO(text, newline="")) if record]
    return max(len(records) - 1, 0)


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    """Run ``python -m smeanalysis ARGS`` in a fresh interpreter and capture its output."""
    return subprocess.run(
        [sys.executable, "-m", "smeanalysis", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
        check=False,
    )

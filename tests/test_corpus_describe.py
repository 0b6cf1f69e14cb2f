"""The generated corpus tables in tests/corpus/README.md say what the loaders give today.

``tests/corpus/describe_corpus.py`` runs every loader on every corpus file (synthetic data)
and prints one table per kind; the README keeps them between marker comments. A loader change
that alters an outcome makes this test fail until the tables are rewritten (``--write``).
"""

from __future__ import annotations

import importlib.util

import pytest
from corpus_support import CORPUS

spec = importlib.util.spec_from_file_location("describe_corpus", CORPUS / "describe_corpus.py")
describe_corpus = importlib.util.module_from_spec(spec)
spec.loader.exec_module(describe_corpus)


@pytest.mark.parametrize("kind", describe_corpus.KINDS)
def test_readme_table_matches_what_the_loaders_give(kind):
    readme = describe_corpus.README.read_text(encoding="utf-8")
    assert describe_corpus.block(readme, kind) == describe_corpus.describe(kind), (
        f"tests/corpus/README.md ({kind}) is stale: "
        "run .venv/bin/python tests/corpus/describe_corpus.py --write"
    )


def test_splice_replaces_only_the_marked_block():
    text = (
        "before\n<!-- describe_corpus facts start -->\nold\n"
        "<!-- describe_corpus facts end -->\nafter"
    )
    spliced = describe_corpus.splice(text, "facts", "new")
    assert describe_corpus.block(spliced, "facts") == "new"
    assert spliced.startswith("before\n") and spliced.endswith("\nafter")

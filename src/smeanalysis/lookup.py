"""Vectorized lookups of names to codes: the machinery behind ``provinces`` and ``countries``.

Both resolve a column of free-text names (any spelling, English or Persian) to codes. The
column is usually long with few distinct values, so each distinct value is looked up once
(:func:`factorize`), the input's shape comes back (:func:`apply_shaped`: a Series gives a
Series on the same index, a list a list, a scalar a scalar), and every value that cannot be
resolved is named once, with its positions and what was expected, in one error
(:func:`resolve_distinct`). What a name means stays in the module that knows the names.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Any

import numpy as np
import pandas as pd

from smeanalysis.errors import Problem, SmeAnalysisError

__all__ = ["PERSIAN_LETTER_FOLD", "apply_shaped", "factorize", "is_missing", "resolve_distinct"]

#: Arabic letter forms to the Persian ones, alef forms to bare alef (sources write آ and ا
#: freely), and the invisible marks dropped (tatweel, joiners, direction marks, BOM); a
#: zero-width non-joiner is a visual break inside a word, read as a space. For
#: ``str.maketrans``: each module adds its own punctuation.
PERSIAN_LETTER_FOLD: dict[str, str | None] = {
    "\u064a": "\u06cc",  # ARABIC LETTER YEH -> FARSI YEH
    "\u0649": "\u06cc",  # ALEF MAKSURA -> FARSI YEH
    "\u0643": "\u06a9",  # ARABIC LETTER KAF -> KEHEH
    "\u0629": "\u0647",  # TEH MARBUTA -> HEH
    "\u06c0": "\u0647",  # HEH WITH YEH ABOVE (ezafe) -> HEH
    "\u0623": "\u0627",  # ALEF WITH HAMZA ABOVE -> ALEF
    "\u0625": "\u0627",  # ALEF WITH HAMZA BELOW -> ALEF
    "\u0622": "\u0627",  # ALEF WITH MADDA -> ALEF
    "\u0671": "\u0627",  # ALEF WASLA -> ALEF
    "\u0624": "\u0648",  # WAW WITH HAMZA -> WAW
    "\u0640": None,  # TATWEEL (elongation only)
    "\u200c": " ",  # ZWNJ
    "\u200d": None,  # ZWJ
    "\u200e": None,  # LRM
    "\u200f": None,  # RLM
    "\u202a": None,
    "\u202b": None,
    "\u202c": None,
    "\u202d": None,
    "\u202e": None,
    "\ufeff": None,  # BOM / zero-width no-break space
}


def is_missing(value: object) -> bool:
    """Whether one value is missing (None, NA, NaT or a float NaN).

    Example:
        >>> [is_missing(v) for v in (None, pd.NA, float("nan"), "", 0)]
        [True, True, True, False, False]
    """
    return (
        value is None
        or value is pd.NA
        or value is pd.NaT
        or (isinstance(value, float) and value != value)
    )


def factorize(values: np.ndarray) -> tuple[np.ndarray, list[Any]]:
    """Codes (-1 for missing) and distinct values, as ``pd.factorize``.

    Short inputs (a scalar call, a short list) go through a plain dict: pandas' hash table
    costs tens of microseconds to set up, which dominates calls in a loop. Unhashable values
    (a stray list or set) each get their own code, so they are reported, not crashed on.

    Example:
        >>> codes, uniques = factorize(np.array(["a", None, "b", "a"], dtype=object))
        >>> codes.tolist(), uniques
        ([0, -1, 1, 0], ['a', 'b'])
    """
    if len(values) > 32:
        try:
            codes, uniques = pd.factorize(values, use_na_sentinel=True)
            return codes, list(uniques)
        except TypeError:
            pass  # unhashable elements: the plain route below handles them
    seen: dict[Any, int] = {}
    uniques_list: list[Any] = []
    codes_list = []
    for value in values:
        if is_missing(value):
            codes_list.append(-1)
            continue
        try:
            code = seen.setdefault(value, len(uniques_list))
        except TypeError:
            code = len(uniques_list)
        if code == len(uniques_list):
            uniques_list.append(value)
        codes_list.append(code)
    return np.array(codes_list, dtype=np.intp), uniques_list


def apply_shaped(
    values: Any,
    func: Callable[[np.ndarray, str | None], np.ndarray],
    column: str | None = None,
) -> Any:
    """Run ``func`` (object array, column name -> object array) keeping the shape of ``values``.

    A Series gives a string Series on the same index and name (its name is the column named
    in errors), an Index an Index, an array an array of the same shape, a list or tuple a list,
    and anything else is treated as one scalar.

    Example:
        >>> upper = lambda array, column: np.array([str(v).upper() for v in array], dtype=object)
        >>> apply_shaped(["a", "b"], upper), apply_shaped("c", upper)
        (['A', 'B'], 'C')
    """
    if isinstance(values, pd.Series):
        out = func(
            values.to_numpy(dtype=object), str(values.name) if values.name is not None else column
        )
        return pd.Series(out, index=values.index, name=values.name, dtype="string")
    if isinstance(values, pd.Index):
        return pd.Index(
            func(values.to_numpy(dtype=object), column), name=values.name, dtype="string"
        )
    if isinstance(values, np.ndarray):
        return func(values.astype(object).ravel(), column).reshape(values.shape)
    if isinstance(values, (list, tuple)):
        array = np.empty(len(values), dtype=object)
        array[:] = values
        return list(func(array, column))
    array = np.empty(1, dtype=object)
    array[0] = values
    return func(array, column)[0]


def resolve_distinct(
    values: np.ndarray,
    lookup: Callable[[object], str | None],
    expected_for: Callable[[object], str],
    *,
    errors: str,
    column: str | None,
    what: str,
    ambiguous: Collection[str] = (),
) -> np.ndarray:
    """Resolve an object array, looking each distinct value up once.

    Args:
        values: The names, missing values included (they stay missing).
        lookup: One non-missing value to its code; ``""`` for a value that is known but
            maps to missing (e.g. the whole country among provinces); None when unknown.
        expected_for: What was expected instead of an unknown value (closest matches).
        errors: ``"raise"`` to raise on unknown values, ``"coerce"`` to give NA.
        column: The column named in the problems.
        what: What a value is, for the summary ("province name").
        ambiguous: The ``expected_for`` texts that mean "ambiguous" rather than "unknown".

    Returns:
        An object array of codes and NA, aligned with ``values``.

    Raises:
        SmeAnalysisError: Each unknown value once, with up to ten of its positions.

    Example:
        >>> names = np.array(["a", "x", None, "a"], dtype=object)
        >>> resolve_distinct(names, {"a": "A"}.get, lambda v: "a", errors="coerce",
        ...                  column=None, what="letter").tolist()
        ['A', <NA>, <NA>, 'A']
    """
    codes, uniques = factorize(values)
    resolved: list[Any] = []
    problems: list[Problem] = []
    for k, value in enumerate(uniques):
        code = lookup(value)
        if code is None and errors == "raise":
            positions = np.flatnonzero(codes == k)
            shown = ", ".join(str(p) for p in positions[:10])
            more = f" and {len(positions) - 10} more" if len(positions) > 10 else ""
            where = "position" if len(positions) == 1 else "positions"
            problems.append(
                Problem(
                    None,
                    int(positions[0]),
                    column,
                    f"{value!r} ({where} {shown}{more})",
                    expected_for(value),
                )
            )
        resolved.append(code if code else pd.NA)
    if problems:
        problems.sort(key=lambda p: p.line or 0)
        count = len(problems)
        n_ambiguous = sum(p.expected in ambiguous for p in problems)
        kind = (
            "unknown"
            if not n_ambiguous
            else "ambiguous"
            if n_ambiguous == count
            else "unknown or ambiguous"
        )
        raise SmeAnalysisError(
            problems, summary=f"{count} {kind} {what}{'s' if count != 1 else ''}:"
        )
    table = np.array([*resolved, pd.NA], dtype=object)  # index -1 (missing) -> NA
    return table[codes]

"""The package's own error: every problem found in an input, with where and what.

Bad input is reported once, completely: a loader collects every problem it finds
(file, line, column, what was found, what was expected) and raises a single
:class:`SmeAnalysisError` listing them all, so an analyst fixes a file in one pass.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["ParameterError", "Problem", "SmeAnalysisError"]

#: How many problems an error message spells out before summarising the rest.
MAX_PROBLEMS_SHOWN = 50


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input.

    ``line`` is the physical line in a text file (the header is line 1, the first
    data row line 2); for in-memory inputs it is the 0-based position instead and
    ``file`` is ``None``.

    Example:
        >>> str(Problem("facts.csv", 12, "value", "'1.6 billion'", "a plain number"))
        "facts.csv, line 12, column 'value': found '1.6 billion', expected a plain number"
    """

    file: str | None
    line: int | None
    column: str | None
    found: str
    expected: str

    def where(self) -> str:
        """Say where the problem is, as precisely as known."""
        parts = []
        if self.file:
            parts.append(self.file)
        if self.line is not None:
            parts.append(f"line {self.line}" if self.file else f"position {self.line}")
        if self.column:
            parts.append(f"column {self.column!r}")
        return ", ".join(parts) or "input"

    def __str__(self) -> str:
        return f"{self.where()}: found {self.found}, expected {self.expected}"


class SmeAnalysisError(ValueError):
    """Raised for bad input; lists every problem found.

    It subclasses :class:`ValueError`, so ``except ValueError`` still catches it.

    Example:
        >>> err = SmeAnalysisError([Problem(None, 3, "month", "13", "1 to 12")])
        >>> err.problems[0].found
        '13'
        >>> print(err)
        1 problem:
          - position 3, column 'month': found 13, expected 1 to 12
    """

    def __init__(self, problems: Iterable[Problem] | str, *, summary: str | None = None):
        if isinstance(problems, str):
            self.problems: tuple[Problem, ...] = ()
            self.summary = problems
        else:
            self.problems = tuple(problems)
            count = len(self.problems)
            self.summary = summary or f"{count} problem{'s' if count != 1 else ''}:"
        super().__init__(self._message())

    def _message(self) -> str:
        lines = [self.summary]
        for problem in self.problems[:MAX_PROBLEMS_SHOWN]:
            lines.append(f"  - {problem}")
        hidden = len(self.problems) - MAX_PROBLEMS_SHOWN
        if hidden > 0:
            lines.append(f"  ... and {hidden} more")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self._message()


class ParameterError(SmeAnalysisError):
    """A report parameter is unknown, of the wrong type or outside the data."""

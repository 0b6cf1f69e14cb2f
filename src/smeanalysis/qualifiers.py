"""Hedge words and stated precision as explicit intervals.

An official who says "nearly 78 %" or "over $4.5 billion" states an interval, not a point.
This module turns a statement (value, qualifier) into that interval, so two statements can be
compared honestly: they contradict each other only when their intervals do not overlap.

Two things widen a statement:

* **Stated precision.** "$1.6 billion" is stated to 0.1 bn, so it covers 1.55 to 1.65 bn.
  The precision is the place of the last non-zero digit, but never coarser than the
  ``min_significant_digits``-th digit (default 2): a bare "$4 billion" or "10 %" is read as
  4.0 bn or 10 % (half a unit of the second digit either side), not as "anything from 3.5 to
  4.5 bn", which would hide almost every real disagreement between round figures.
* **The qualifier.** Each hedge word maps to a relative interval ``(low, high)`` around the
  value. A side with a zero tolerance is a bound: "more than 40" starts at exactly 40 and
  "nearly 78" ends at exactly 78, so precision is not added on that side.

Default tolerances (all configurable through :class:`Tolerances`), and why:

* ``about``, ``around``, ``approximately``, ``some``, ``roughly``: +/-5 %. Officials round a
  figure like 1,557 to "about 1,500" or "some 1,600": a few per cent either way.
* ``nearly``, ``almost``, ``close to``, ``just under``: -5 % to 0. "Nearly 78 %" is a value a
  little below 78 (77.4 % says "nearly 78").
* ``more than``, ``over``, ``above``, ``exceeded``, ``topped``, ``at least``: 0 to +10 %. A
  speaker rounds down to the nearest round figure; for a two-digit round figure the next round
  step up is at most 10 % higher, so a value beyond that would have been said differently.
* ``just over``, ``slightly more than``: 0 to +2 %.
* ``less than``, ``under``, ``below``, ``up to``, ``at most``, ``fewer than``: -10 % to 0 (the
  mirror of "more than").
* A qualifier written as a range (``22-24``) is that range, widened by its precision.
* Any other qualifier (e.g. "relatively active") reads as +/-10 % (``unknown_qualifier``) and
  :func:`unknown_qualifiers` lists them so callers can warn.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

__all__ = [
    "DEFAULT_QUALIFIERS",
    "Tolerances",
    "intervals_overlap",
    "normalize_qualifier",
    "significant_digits",
    "stated_precision",
    "statement_interval",
    "unknown_qualifiers",
]

_ABOUT = (-0.05, 0.05)
_NEARLY = (-0.05, 0.0)
_MORE = (0.0, 0.10)
_JUST_OVER = (0.0, 0.02)
_LESS = (-0.10, 0.0)

#: Relative interval (low, high) for each hedge word, lower-case.
DEFAULT_QUALIFIERS: Mapping[str, tuple[float, float]] = MappingProxyType(
    {
        "about": _ABOUT,
        "around": _ABOUT,
        "approximately": _ABOUT,
        "some": _ABOUT,
        "roughly": _ABOUT,
        "circa": _ABOUT,
        "nearly": _NEARLY,
        "almost": _NEARLY,
        "close to": _NEARLY,
        "just under": _NEARLY,
        "more than": _MORE,
        "over": _MORE,
        "above": _MORE,
        "exceeded": _MORE,
        "exceeds": _MORE,
        "topped": _MORE,
        "in excess of": _MORE,
        "at least": _MORE,
        "just over": _JUST_OVER,
        "slightly more than": _JUST_OVER,
        "slightly over": _JUST_OVER,
        "less than": _LESS,
        "fewer than": _LESS,
        "under": _LESS,
        "below": _LESS,
        "up to": _LESS,
        "at most": _LESS,
    }
)

_RANGE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*[-\u2013\u2014]\s*(\d+(?:\.\d+)?)\s*$")


@dataclass(frozen=True)
class Tolerances:
    """How wide statements are read, and how close figures must be to count as the same.

    Attributes:
        qualifiers: Relative interval ``(low, high)`` per lower-case hedge word.
        unknown_qualifier: Relative interval for a hedge word not in ``qualifiers``.
        min_significant_digits: Precision is never coarser than this digit (see module doc).
        period_slack_days: Two flows cover the same period when their first days and their
            last days are each at most this many days apart (news glosses such as
            "Mar 21-Aug 21" for a period ending on Aug 22).
        stock_window_days: Two stock figures describe the same level when their as-of dates
            are at most this many days apart ("as of" figures are usually weeks old).
        stock_drift_per_month: How much a level may move per month between two stock
            figures dated apart (both intervals widen by this share times the months between
            them): units in parks grew about 5 % a year in 2019-2024, so 1 % a month is a
            generous allowance that still catches 950,000 versus "over 980,000" in one week.
        outlier_factor: A figure this many times above or below the median of the other
            figures for the same indicator and year is a magnitude outlier.
        currency_ratio: A euro and a dollar figure for the same statement are "similar" (a
            likely currency mix-up) when the larger is at most this many times the smaller.
        severity_high: Relative gap between two intervals from which a finding is "high".
        severity_medium: Relative gap from which a finding is "medium" (below: "low").

    Example:
        >>> Tolerances().interval("Nearly")
        (-0.05, 0.0)
        >>> Tolerances(qualifiers={"about": (-0.1, 0.1)}).interval("about")
        (-0.1, 0.1)
    """

    qualifiers: Mapping[str, tuple[float, float]] = field(
        default_factory=lambda: dict(DEFAULT_QUALIFIERS)
    )
    unknown_qualifier: tuple[float, float] = (-0.10, 0.10)
    min_significant_digits: int = 2
    period_slack_days: int = 7
    stock_window_days: int = 45
    stock_drift_per_month: float = 0.01
    outlier_factor: float = 5.0
    currency_ratio: float = 1.5
    severity_high: float = 0.20
    severity_medium: float = 0.05

    def interval(self, qualifier: str | None) -> tuple[float, float]:
        """Relative interval for a hedge word (``(0.0, 0.0)`` for none)."""
        key = normalize_qualifier(qualifier)
        if key is None:
            return (0.0, 0.0)
        if key in self.qualifiers:
            return self.qualifiers[key]
        return self.unknown_qualifier

    def known(self, qualifier: str | None) -> bool:
        """Whether a hedge word is in the table (or empty, or a numeric range)."""
        key = normalize_qualifier(qualifier)
        return key is None or key in self.qualifiers or _RANGE.match(key) is not None


def normalize_qualifier(qualifier: object) -> str | None:
    """Lower-case, single-spaced hedge word; ``None`` for a flat statement.

    Example:
        >>> normalize_qualifier("  More  than ")
        'more than'
        >>> normalize_qualifier(None) is None
        True
    """
    if qualifier is None or (isinstance(qualifier, float) and math.isnan(qualifier)):
        return None
    try:
        if qualifier != qualifier:  # pd.NA and NaN-like values
            return None
    except TypeError:  # pd.NA refuses a truth value
        return None
    text = " ".join(str(qualifier).split()).casefold()
    return text or None


def significant_digits(value: float) -> int:
    """Count the significant digits a figure was written with (trailing zeros not counted).

    Example:
        >>> significant_digits(1_490_000_000), significant_digits(43650), significant_digits(77.5)
        (3, 4, 3)
    """
    if value == 0 or not math.isfinite(value):
        return 1
    mantissa = f"{abs(value):.11e}".split("e")[0].replace(".", "").rstrip("0")
    return max(len(mantissa), 1)


def stated_precision(value: float, min_significant_digits: int = 2) -> float:
    """The resolution a figure was stated to: the place of its last significant digit.

    Never coarser than the ``min_significant_digits``-th digit (see the module doc).

    Example:
        >>> stated_precision(1_600_000_000)  # "$1.6 billion": to 0.1 bn
        100000000.0
        >>> stated_precision(78), stated_precision(77.5), stated_precision(43650)
        (1.0, 0.1, 10.0)
        >>> stated_precision(4_000_000_000)  # "$4 billion" read as 4.0 bn
        100000000.0
    """
    if value == 0 or not math.isfinite(value):
        return 0.0
    exponent = math.floor(math.log10(abs(value)))
    # log10 can land just below an integer for exact powers of ten.
    if abs(value) >= 10.0 ** (exponent + 1):
        exponent += 1
    digits = max(significant_digits(value), min_significant_digits)
    return _clean(10.0 ** (exponent - digits + 1))


def _clean(number: float) -> float:
    """Round away binary noise (77.5 + 0.05 should equal 77.6 - 0.05)."""
    return float(f"{number:.12g}")


def statement_interval(
    value: float, qualifier: str | None = None, tolerances: Tolerances | None = None
) -> tuple[float, float]:
    """The interval a statement covers, from its stated precision and its hedge word.

    Args:
        value: The stated figure (units expanded).
        qualifier: The hedge word, or ``None``/NA for a flat figure.
        tolerances: Interval settings; the defaults when ``None``.

    Returns:
        ``(low, high)``. Two statements contradict each other when these do not overlap
        (see :func:`intervals_overlap`).

    Example:
        >>> statement_interval(78)
        (77.5, 78.5)
        >>> statement_interval(78, "nearly")
        (73.6, 78.0)
        >>> statement_interval(1.6e9)
        (1550000000.0, 1650000000.0)
        >>> statement_interval(4.5e9, "over")
        (4500000000.0, 5000000000.0)
        >>> statement_interval(23, "22-24")
        (21.5, 24.5)
    """
    tol = tolerances or Tolerances()
    key = normalize_qualifier(qualifier)
    digits = tol.min_significant_digits
    if key is not None:
        ranged = _RANGE.match(key)
        if ranged:
            first, last = sorted(float(part) for part in ranged.groups())
            low = first - stated_precision(first, digits) / 2
            high = last + stated_precision(last, digits) / 2
            return _clean(low), _clean(high)
    below, above = tol.interval(key)
    half = stated_precision(value, digits) / 2
    # A side with zero tolerance facing a non-zero one is a bound ("more than 40" starts at 40).
    lower_is_bound = below == 0 and above > 0
    upper_is_bound = above == 0 and below < 0
    low = value + below * abs(value) - (0.0 if lower_is_bound else half)
    high = value + above * abs(value) + (0.0 if upper_is_bound else half)
    return _clean(low), _clean(high)


def intervals_overlap(a: tuple[float, float], b: tuple[float, float]) -> bool:
    """Whether two statement intervals share more than an end point.

    Precision intervals are half-open (2575 covers 2574.5 up to, not including, 2575.5), so
    intervals that only touch do not overlap: "2,575" and "2,576" disagree.

    Example:
        >>> intervals_overlap(statement_interval(2575), statement_interval(2576))
        False
        >>> intervals_overlap(statement_interval(77.5), statement_interval(78, "nearly"))
        True
    """
    if a == b:
        return True
    return max(a[0], b[0]) < min(a[1], b[1])


def unknown_qualifiers(qualifiers: Iterable[object], tolerances: Tolerances | None = None) -> list:
    """The distinct hedge words the tolerance table does not know, sorted.

    Example:
        >>> unknown_qualifiers(["over", "relatively active", None, "22-24"])
        ['relatively active']
    """
    tol = tolerances or Tolerances()
    found = {normalize_qualifier(q) for q in qualifiers}
    return sorted(q for q in found if q is not None and not tol.known(q))

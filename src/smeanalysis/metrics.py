"""Export indicators that run unchanged on pandas, Polars, DuckDB and Dask.

Every function here is written once against `narwhals <https://narwhals-dev.github.io>`_ and
returns the same kind of object it was given: a pandas DataFrame gives a pandas DataFrame, a
Polars DataFrame or LazyFrame the same, a DuckDB relation a (lazy) relation and a Dask
DataFrame a (lazy) Dask DataFrame. Inputs are never modified. Column names are arguments with
defaults that match the project's fact tables (``value``, ``jalali_year``, ``province``, ...).

Functions:
    * :func:`share`: a row's value over its group's total.
    * :func:`growth`, :func:`cagr`, :func:`cagr_over`: change against the same period of an
      earlier Iranian year, matched by a self-join on the period (never by row order).
    * :func:`utilization`, :func:`export_propensity`, :func:`per_unit`: checked ratios.
    * :func:`unit_values`: value per unit of quantity by group, with the rows far from it.
    * :func:`concentration` (units, HHI and top-n share from one grouped sum), :func:`hhi`,
      :func:`top_share`: concentration of partners (or products).
    * :func:`rca`: Balassa's revealed comparative advantage.
    * :func:`add_jalali_date_parts`: Iranian year, quarter and month from a date column,
      computed inside the engine with the integer arithmetic of :mod:`smeanalysis.calendar`.

Engines and their limits:
    Group totals use a window expression (``sum().over(...)``) on pandas and Polars, the
    fastest route there (a group-by joined back measured 1.5x-1.7x slower on pandas and
    Polars at 10^7 rows). On DuckDB a group-by joined back to the rows is the faster one (a
    window partitions every row with all its columns: 129 ms against 68 ms for a share by HS
    chapter of 10^6 rows). On Dask, narwhals' window expressions fail at compute time
    (narwhals 2.29, dask 2026.8), so there too the totals come from a group-by joined back.
    Every join on Dask goes through an identity ``map_partitions`` on both sides and on its
    result: dask-expr 2026.8 fails to merge a group-by result of many partitions (``KeyError
    "[...] not in index"`` while it reads the partitioning the group-by recorded) and, on a
    cluster, a broadcast join's wrong partitioning record gives duplicate groups to the
    group-by after it (details in ``_join``).
    :func:`concentration` (and so :func:`hhi` and :func:`top_share`) needs a rank within
    groups, which narwhals does not offer on Dask: there the (small) table of totals per group
    and partner is computed and ranked with pandas, and handed back as a Dask DataFrame.
    Growth's one-row-per-key check uses Polars' own ``join(validate="m:1")`` on an eager
    Polars frame (narwhals has no ``validate``), a duplicate test on pandas, and a group-by
    query on lazy frames.

    Joins and group-bys do not keep row order on DuckDB and Dask; sort the result if order
    matters. A missing key in ``within``/``by`` columns is rejected (engines disagree on
    whether missing keys form a group), as are negative values where a share of a total would
    be meaningless (:func:`hhi`, :func:`top_share`, :func:`rca`). A ratio whose denominator is
    0 is missing on every engine (engines disagree between inf, NaN and NULL).

    Narwhals announces that its Dask support moves to a separate package (``narwhals-dask``);
    that notice is silenced only around the calls of this module, not globally.

Missing values:
    A missing value is a null, or a NaN in a float column, on every engine (pandas already
    counts NaN as missing; Polars and DuckDB keep NaN apart from null, and a NaN would turn a
    whole group's total into NaN there). One policy for all: by default a metric **raises**,
    naming the column and each offending row (its 0-based position on eager frames, its
    group keys and values on all). Skipping silently, as pandas' ``sum(skipna=True)`` and
    Polars' ``sum`` do, made ``hhi`` of the shares 0.2, 0.3, 0.4, 0.1 and a missing one
    3,000 - an index of a market whose fifth partner was never counted. The keyword
    ``missing=`` says what to do instead, where an alternative makes sense:

    =====================================  =======================  ==========================
    function (columns checked)             ``missing=`` takes       what the alternatives do
    =====================================  =======================  ==========================
    share (value)                          raise, drop, zero        drop: row left out of the
                                                                    result and of the totals;
                                                                    zero: counted as 0 (share
                                                                    0); both warn with counts
    concentration, hhi, top_share (value)  raise, drop, zero        same index either way (a
                                                                    0 adds nothing); warn
    rca (value)                            raise, drop, zero        drop: pair with no other
                                                                    row has no result row;
                                                                    zero: its rca is 0; warn
    unit_values (value, quantity)          raise, drop, zero        drop: row left out of
                                                                    totals and counts; zero:
                                                                    counted as 0 (a quantity
                                                                    of 0 has no unit value);
                                                                    warn
    growth, cagr_over (value)              raise, drop, keep        drop: row left out (warn),
                                                                    the next year finds no
                                                                    earlier row; keep: missing
                                                                    in, missing out (its rate
                                                                    and the next one's)
    utilization, export_propensity         raise, drop, keep        drop: row left out (warn);
    (both counts), per_unit(value, count)                           keep: ratio missing there
    cagr (first, last, years: scalars)     always raises            nothing to drop or keep
    add_jalali_date_parts (date)           keeps, no keyword        a missing date gives
                                                                    missing parts (a
                                                                    conversion, not a metric)
    =====================================  =======================  ==========================

    ``zero`` is not offered for ratios and growth (a missing count taken as 0 makes a false
    0 % or a false -100 %), nor ``keep`` for totals (one missing value would blank or shift
    every share of its group). Missing *keys* always raise (above). Other packages: pandas
    skips missing values in sums by default (``skipna=True``; ``min_count`` only decides
    when an all-missing sum is NA) and ``pct_change`` now propagates them
    (``fill_method=None``); py-ecomplexity (cid-harvard, ``ComplexityData.clean_data``)
    fills NaN with 0 and warns "NaN value(s) present, coercing to zero(es)"; R's concstats
    ``concstats_hhi(na.rm = TRUE)`` drops NA by default and gives NA with ``na.rm = FALSE``;
    frds' ``hhi_index`` (numpy) returns NaN. We keep their useful parts (an explicit drop or
    zero, always with a warning) and refuse the silent default.

    Cost: with the default the check is one more aggregate in the probe query most metrics
    run anyway (a null count, free on Polars, plus a NaN count for float columns: about 2 ms
    per 10^6 rows on pandas, under 1 ms on Polars); growth on DuckDB gains a probe of its
    own over that one column. On DuckDB and Polars the concentration measures' check rides on
    their one aggregation (``count(value)`` against ``count(*)``, the minimum), and so does a
    share's on DuckDB (on its group totals, materialized and joined back). The other
    policies count first and touch the frame only when something is missing. Measured with
    ``python -m benchmarks metrics --quick``: every ratio within the run-to-run noise except
    growth without validation on pandas (a 30 ms task, 1.19x before, 1.23x-1.39x after).

Checks:
    Bad input raises :class:`~smeanalysis.errors.SmeAnalysisError` naming the column, the
    rows (0-based positions for eager frames; the row's values for lazy frames, which have no
    positions), the values found and what was expected. Every check first runs one cheap
    aggregate query (null counts, minima, maxima); only when that finds something does a
    second query fetch the offending rows, so a lazy frame is never loaded whole. On a lazy
    frame these checks run when the function is called, not when the result is computed.
"""

from __future__ import annotations

import functools
import math
import sys
import warnings
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

import narwhals as nw

from smeanalysis.calendar import MAX_DAY, MAX_YEAR, MIN_DAY, MIN_YEAR
from smeanalysis.errors import MAX_PROBLEMS_SHOWN, ParameterError, Problem, SmeAnalysisError

__all__ = [
    "MISSING_POLICIES",
    "MissingValuesWarning",
    "add_jalali_date_parts",
    "cagr",
    "cagr_over",
    "concentration",
    "export_propensity",
    "growth",
    "hhi",
    "per_unit",
    "rca",
    "share",
    "top_share",
    "unit_values",
    "utilization",
]

FrameT = TypeVar("FrameT")

#: What ``missing=`` may say; each metric takes the ones the module docstring's table lists.
MISSING_POLICIES = ("raise", "drop", "zero", "keep")
Missing = Literal["raise", "drop", "zero", "keep"]
# Metrics that add values up (a missing value would silently shrink a total) and metrics that
# work row by row (a missing input can honestly give a missing output).
_TOTALLED = ("raise", "drop", "zero")
_ROW_WISE = ("raise", "drop", "keep")


class MissingValuesWarning(UserWarning):
    """Rows with a missing value were left out or counted as 0, as ``missing=`` asked.

    Example:
        >>> issubclass(MissingValuesWarning, UserWarning)
        True
    """


# Temporary column names; the double underscore prefix keeps them clear of analysts' columns.
_TOTAL = "__sme_total"
_ALL = "__sme_all"
_RANK = "__sme_rank"
_MIN = "__sme_min"
_FLAG = "__sme_flag"
_LEN = "__sme_len"

# Calendar arithmetic constants, the same as smeanalysis.calendar (see its module docstring).
_SHIFT = 135061  # days from 1 Farvardin 979 (1600-03-20) to 1970-01-01
_CYCLE_DAYS = 12053  # 33 Jalali years
_BLOCK_DAYS = 1461  # 4 Jalali years, the leap one first
_EPOCH_ORDINAL = 719162  # days from 0001-01-01 (proleptic Gregorian) to 1970-01-01


@contextmanager
def _quiet_dask_notice() -> Iterator[None]:
    # narwhals 2.29 warns on every Dask frame that its Dask support moves to `narwhals-dask`,
    # a package not yet published; the warning is about narwhals, not the analyst's code.
    with warnings.catch_warnings():
        warnings.filterwarnings(
            "ignore", message="Dask support is moving out of Narwhals", category=FutureWarning
        )
        yield


def _engine_neutral(function: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap a narwhals-level function so it takes and returns native frames."""

    @functools.wraps(function)
    def wrapper(df: Any, *args: Any, **kwargs: Any) -> Any:
        with _quiet_dask_notice():
            frame = nw.from_native(df)
            return function(frame, *args, **kwargs).to_native()

    return wrapper


def _is_dask(df: nw.DataFrame | nw.LazyFrame) -> bool:
    return df.implementation is nw.Implementation.DASK


def _same(frame: Any) -> Any:
    return frame


def _join(
    left: nw.DataFrame | nw.LazyFrame,
    right: nw.DataFrame | nw.LazyFrame,
    keys: list[str],
) -> nw.DataFrame | nw.LazyFrame:
    """``left.join(right, on=keys, how="left")``, on Dask past a dask-expr bug.

    dask 2026.8: a group-by on more than 10 partitions (15 with one key) defaults to
    ``split_out > 1`` and records its keys as the result's partitioning; a merge reads that
    record through the named aggregation's ``RenameFrame``, which looks the keys up among
    the columns while they are still the index and raises ``KeyError "[...] not in index"``
    (reproduced with dask alone: ``groupby([a, b]).agg(v=("v", "sum")).reset_index()``
    merged with its own group-by on ``a``, 36 partitions). And on a ``distributed`` cluster
    a merge done as a broadcast join still records its keys as the partitioning, so a later
    group-by on them skips its shuffle and returns a key once per partition (duplicate
    groups). An identity ``map_partitions`` keeps no partitioning record: it goes on both
    sides and on the result, so merges and group-bys shuffle as usual.
    """
    if not _is_dask(left):
        return left.join(right, on=keys, how="left")
    left, right = (_forget_partitioning(side) for side in (left, right))
    return _forget_partitioning(left.join(right, on=keys, how="left"))


def _forget_partitioning(frame: nw.DataFrame | nw.LazyFrame) -> nw.DataFrame | nw.LazyFrame:
    native = frame.to_native()
    return nw.from_native(native.map_partitions(_same, meta=native._meta))


def _names(columns: str | Sequence[str]) -> list[str]:
    return [columns] if isinstance(columns, str) else list(columns)


def _require(
    df: nw.DataFrame | nw.LazyFrame,
    function: str,
    numeric: Sequence[str] = (),
    keys: Sequence[str] = (),
) -> None:
    """Check that the named columns exist (and are numeric where they must be)."""
    schema = df.collect_schema()
    problems = []
    for column in [*numeric, *keys]:
        if column not in schema:
            problems.append(
                Problem(
                    None,
                    None,
                    column,
                    f"no such column (columns: {', '.join(schema)})",
                    f"a column {column!r} for {function}()",
                )
            )
        elif column in numeric and not schema[column].is_numeric():
            problems.append(
                Problem(
                    None,
                    None,
                    column,
                    f"dtype {schema[column]}",
                    f"a numeric column for {function}()",
                )
            )
    if problems:
        raise SmeAnalysisError(problems, summary=f"{function}(): unusable columns:")


@dataclass(frozen=True)
class _Check:
    """One rule on rows: a cheap whole-frame probe first, the offending rows only if it fails."""

    column: str
    bad: nw.Expr  # marks an offending row
    expected: str
    probe: nw.Expr  # an aggregate (null count, min, max): O(1) or one fast pass per engine
    fails: Callable[[Any], bool]  # reads the probe's value


def _no_missing(key: str) -> _Check:
    return _Check(
        key,
        nw.col(key).is_null(),
        "a value (missing keys are not grouped)",
        nw.col(key).null_count(),
        lambda count: bool(count),
    )


def _not_negative(column: str, expected: str = "a value >= 0") -> _Check:
    return _Check(
        column,
        nw.col(column) < 0,
        expected,
        nw.col(column).min(),
        lambda low: low is not None and low < 0,
    )


def _check_rows(
    df: nw.DataFrame | nw.LazyFrame,
    function: str,
    checks: Sequence[_Check],
    show: Sequence[str],
    counts: Sequence[nw.Expr] = (),
) -> list[Any]:
    """Raise if any row breaks a check, naming rows, values and what was expected.

    One query computes every check's probe (null counts, minima: cheap on every engine, and
    free on Polars' null counts) and the aggregates in ``counts``, whose values are returned;
    only when a probe fails does a second query fetch the offending rows, at most as many as
    the error message shows.
    """
    if not checks and not counts:
        return []
    probes = df.select(
        *(check.probe.alias(f"probe{i}") for i, check in enumerate(checks)),
        *(count.alias(f"count{i}") for i, count in enumerate(counts)),
    )
    if isinstance(probes, nw.LazyFrame):
        probes = probes.collect()
    values = probes.row(0)
    failing = [
        check.bad.fill_null(False)
        for check, value in zip(checks, values[: len(checks)], strict=True)
        if check.fails(value)
    ]
    if not failing:
        return list(values[len(checks) :])
    marks = [check.bad.fill_null(False).alias(f"bad{i}") for i, check in enumerate(checks)]
    offending = df.filter(nw.any_horizontal(*failing, ignore_nulls=True))
    if isinstance(offending, nw.LazyFrame):
        rows = offending.select(*show, *marks).head(MAX_PROBLEMS_SHOWN).collect()
        positions: list[int | None] = [None] * len(rows)
        total = offending.select(nw.len()).collect().item()
    else:
        total = len(offending)
        indexed = df.with_row_index(_RANK).filter(nw.any_horizontal(*failing, ignore_nulls=True))
        rows = indexed.select(_RANK, *show, *marks).head(MAX_PROBLEMS_SHOWN)
        positions = [int(p) for p in rows[_RANK].to_list()]
    problems = []
    for position, row in zip(positions, rows.iter_rows(named=True), strict=True):
        described = ", ".join(f"{name}={_show(row[name])}" for name in show)
        for i, check in enumerate(checks):
            if row[f"bad{i}"]:
                problems.append(Problem(None, position, check.column, described, check.expected))
    raise SmeAnalysisError(
        problems,
        summary=f"{function}(): {total} row(s) break the checks (the first {len(rows)} shown):",
    )


def _show(value: Any) -> str:
    """A value as an error message shows it: strings quoted, dates and numbers plain."""
    return repr(value) if isinstance(value, str) else str(value)


def _check_keys_present(
    df: nw.DataFrame | nw.LazyFrame, function: str, keys: Sequence[str]
) -> None:
    _check_rows(df, function, [_no_missing(key) for key in keys], list(keys))


def _is_missing(column: str, schema: Any) -> nw.Expr:
    """True where ``column`` is null, or NaN in a float column.

    pandas counts NaN as missing; Polars and DuckDB keep NaN apart from null. Here both are
    missing on every engine.
    """
    marked = nw.col(column).is_null()
    return marked | nw.col(column).is_nan() if schema[column].is_float() else marked


def _count_missing(column: str, schema: Any) -> nw.Expr:
    # A null count alone is free on Polars; a float column also needs a pass for NaN.
    if schema[column].is_float():
        return _is_missing(column, schema).sum()
    return nw.col(column).null_count()


def _check_policy(function: str, missing: object, allowed: Sequence[str]) -> None:
    if not isinstance(missing, str) or missing not in allowed:
        raise ParameterError(
            [
                Problem(
                    None,
                    None,
                    "missing",
                    repr(missing),
                    f"one of {', '.join(map(repr, allowed))} for {function}()",
                )
            ]
        )


def _warn(message: str) -> None:
    """Warn, pointing at the analyst's line (the first frame outside this module)."""
    frame, level = sys._getframe(0), 1
    while frame is not None and frame.f_globals.get("__name__") == __name__:
        frame, level = frame.f_back, level + 1
    warnings.warn(message, MissingValuesWarning, stacklevel=level)


def _missing_rule(
    df: nw.DataFrame | nw.LazyFrame,
    function: str,
    columns: Sequence[str],
    missing: str,
    allowed: Sequence[str],
    checks: Sequence[_Check] = (),
    show: Sequence[str] = (),
) -> nw.DataFrame | nw.LazyFrame:
    """Apply ``missing=`` to the numeric ``columns``, then the other row ``checks``.

    ``raise`` (the default) adds one aggregate per column to the checks' single probe query,
    so a clean frame costs no extra query. The other policies count first, change the frame
    only when something is missing, warn with the counts, and then run the checks on the
    changed frame (so a NaN cannot hide or fake a failed check).
    """
    _check_policy(function, missing, allowed)
    schema = df.collect_schema()
    columns = list(dict.fromkeys(columns))
    show = list(dict.fromkeys([*show, *columns]))
    if missing == "raise":
        others = " or ".join(repr(p) for p in allowed if p != "raise")
        expected = f"a value, not missing (or call {function}() with missing={others})"
        missing_checks = [
            _Check(c, _is_missing(c, schema), expected, _count_missing(c, schema), bool)
            for c in columns
        ]
        _check_rows(df, function, [*checks, *missing_checks], show)
        return df
    marks = [_is_missing(c, schema) for c in columns]
    anywhere = marks[0] if len(marks) == 1 else nw.any_horizontal(*marks, ignore_nulls=True)
    counts = [_count_missing(c, schema) for c in columns]
    *per_column, rows = (
        int(n or 0) for n in _check_rows(df, function, [], [], [*counts, anywhere.sum()])
    )
    if rows:
        floats = [c for c in columns if schema[c].is_float()]
        if missing == "keep":
            # Missing in, missing out: NaN becomes null so every engine shows the same.
            df = df.with_columns(nw.col(c).fill_nan(None) for c in floats) if floats else df
        else:
            if missing == "drop":
                df, action = df.filter(~anywhere), "left out"
            else:
                filled = [
                    (nw.col(c).fill_nan(None) if c in floats else nw.col(c)).fill_null(0)
                    for c in columns
                ]
                df, action = df.with_columns(filled), "counted as 0"
            detail = ", ".join(
                f"{n} in {c!r}" for c, n in zip(columns, per_column, strict=True) if n
            )
            _warn(
                f"{function}(): {rows} row(s) with a missing value {action} "
                f"(missing={missing!r}; {detail})"
            )
    _check_rows(df, function, checks, show)
    return df


def _with_group_sum(
    df: nw.DataFrame | nw.LazyFrame, value: str, keys: Sequence[str], alias: str
) -> nw.DataFrame | nw.LazyFrame:
    """Add each row's group total of ``value`` as column ``alias``."""
    if not keys:
        # A whole-frame total: group on a constant so every engine takes the same route.
        grouped = _with_group_sum(df.with_columns(nw.lit(1).alias(_ALL)), value, [_ALL], alias)
        return grouped.drop(_ALL)
    if _is_dask(df) or (isinstance(df, nw.LazyFrame) and df.implementation.is_duckdb()):
        # narwhals' over() fails at compute time on Dask (narwhals 2.29): join totals back.
        # On DuckDB a window partitions every row with all its columns; the group-by joined
        # back took half the time (a share of 10^6 rows by HS chapter: 68 ms against 129 ms).
        totals = df.group_by(*keys).agg(nw.col(value).sum().alias(alias))
        return _join(df, totals, list(keys))
    return df.with_columns(nw.col(value).sum().over(*keys).alias(alias))


def _ratio(numerator: str | nw.Expr, denominator: str | nw.Expr) -> nw.Expr:
    """Divide, giving a missing value (not inf or NaN) where the denominator is 0."""
    top = nw.col(numerator) if isinstance(numerator, str) else numerator
    bottom = nw.col(denominator) if isinstance(denominator, str) else denominator
    # Engines differ on x / 0 (inf, NaN or NULL); a missing value is the same on all of them.
    return nw.when(bottom != 0).then(top / bottom)


# ---------------------------------------------------------------------------------------------
# Shares and growth
# ---------------------------------------------------------------------------------------------


@_engine_neutral
def share(
    df: FrameT,
    value: str = "value",
    within: str | Sequence[str] = (),
    *,
    missing: Missing = "raise",
) -> FrameT:
    """Add column ``share``: each row's value over the total of its ``within`` group.

    Args:
        df: A pandas, Polars, DuckDB or Dask frame.
        value: The numeric column to share out.
        within: Group columns (for example ``("jalali_year", "province")``); empty for the
            whole frame.
        missing: A missing ``value`` (null or NaN): ``"raise"``; ``"drop"`` leaves its row
            out of the result and the totals; ``"zero"`` counts it as 0 (its share is 0).
            Both warn with the count (:class:`MissingValuesWarning`).

    Returns:
        The frame with a float column ``share``, missing where the group total is 0.

    Raises:
        SmeAnalysisError: A column is absent or not numeric, a ``within`` key is missing, or
            a ``value`` is missing and ``missing="raise"``.
        ParameterError: ``missing`` is not one of the three.

    Example:
        >>> import pandas as pd
        >>> exports = pd.DataFrame({"year": [1398, 1398, 1399], "value": [1.0, 3.0, 5.0]})
        >>> share(exports, within="year")["share"].tolist()
        [0.25, 0.75, 1.0]
    """
    keys = _names(within)
    _require(df, "share", numeric=[value], keys=keys)
    checks = [_no_missing(key) for key in keys]
    if missing == "raise" and isinstance(df, nw.LazyFrame) and df.implementation.is_duckdb():
        shared = _duckdb_share(df, value, keys)
        if shared is not None:
            return shared
    df = _missing_rule(df, "share", [value], missing, _TOTALLED, checks, [*keys, value])
    totals = _with_group_sum(df, value, keys, _TOTAL)
    return totals.with_columns(_ratio(value, _TOTAL).alias("share")).drop(_TOTAL)


def _duckdb_share(df: nw.LazyFrame, value: str, keys: list[str]) -> nw.LazyFrame | None:
    """:func:`share` on DuckDB with its checks riding on the group totals (None: a check failed).

    The totals are computed once and materialized (groups only, small), their null key
    groups, counts of missing values and NaN totals are the checks, and they are joined
    back to the rows: one pass over the rows for the checks and totals instead of a probe
    pass plus the totals recomputed inside the result's query. On failure the caller's
    usual route names the offending rows.
    """
    groups = keys or [_ALL]
    rows = df if keys else df.with_columns(nw.lit(1).alias(_ALL))
    totals = rows.group_by(*groups).agg(
        nw.col(value).sum().alias(_TOTAL), (nw.len() - nw.col(value).count()).alias(_LEN)
    )
    totals = nw.from_native(totals.to_native().materialize())
    schema = totals.collect_schema()
    probe = totals.select(
        *(nw.col(key).null_count().alias(key) for key in keys),
        nw.col(_LEN).sum() + _count_missing(_TOTAL, schema),
    ).collect(backend="pyarrow")
    if any(probe.row(0)):
        return None
    joined = _join(rows, totals.drop(_LEN), groups)
    shared = joined.with_columns(_ratio(value, _TOTAL).alias("share")).drop(_TOTAL)
    return shared if keys else shared.drop(_ALL)


def _lagged(
    df: nw.DataFrame | nw.LazyFrame,
    function: str,
    value: str,
    period: str,
    by: Sequence[str],
    years: int,
    outputs: tuple[str, str],
    validate: bool,
    missing: str,
) -> nw.DataFrame | nw.LazyFrame:
    """Join each row to the row ``years`` periods earlier with the same ``by`` keys.

    The earlier value arrives as ``outputs[0]``; columns already named like either output are
    replaced (as a column assignment would), but an input column may not carry such a name.
    """
    keys = [period, *by]
    _require(df, function, numeric=[value, period], keys=by)
    clashing = [column for column in (value, *keys) if column in outputs]
    if clashing:
        raise SmeAnalysisError(
            [
                Problem(
                    None,
                    None,
                    column,
                    f"an input column named {column!r}",
                    f"input columns not named {' or '.join(map(repr, outputs))}, the columns "
                    f"{function}() adds (rename it first)",
                )
                for column in clashing
            ]
        )
    replaced = [column for column in outputs if column in df.collect_schema()]
    if replaced:
        df = df.drop(*replaced)
    duckdb_checks = validate and isinstance(df, nw.LazyFrame) and df.implementation.is_duckdb()
    key_checks = [] if duckdb_checks else [_no_missing(key) for key in keys]
    df = _missing_rule(df, function, [value], missing, _ROW_WISE, key_checks, [*keys, value])
    if duckdb_checks:
        _check_keys_once(df, function, keys)
    earlier = df.select(
        (nw.col(period) + years).alias(period), *by, nw.col(value).alias(outputs[0])
    )
    if validate and isinstance(df, nw.DataFrame) and df.implementation.is_polars():
        # Polars checks m:1 while it builds the join's hash table, almost for free; narwhals
        # has no `validate`, so call it natively and look for the duplicates only on failure.
        import polars as pl

        try:
            joined = df.to_native().join(earlier.to_native(), on=keys, how="left", validate="m:1")
        except pl.exceptions.PolarsError:
            _check_unique(df, function, keys)
            raise
        return nw.from_native(joined)
    if validate and not duckdb_checks:
        _check_unique(df, function, keys)
    if isinstance(df, nw.DataFrame) and df.implementation.is_pandas():
        # narwhals' left join first copies the right side without rows whose keys are missing
        # (pandas would match them); the keys were checked present above, so pandas' own merge
        # gives the same rows without that copy of the whole frame.
        return nw.from_native(df.to_native().merge(earlier.to_native(), on=keys, how="left"))
    return _join(df, earlier, keys)


def _check_keys_once(df: nw.LazyFrame, function: str, keys: list[str]) -> None:
    """Missing keys and repeated keys in one query (a DuckDB frame; a tiny result).

    The group-by that proves the keys identify a row also shows a missing key (as a group
    with one), so the separate null-count scan is not needed; the rows are named only on
    failure, by the usual checks.
    """
    counts = df.group_by(*keys).agg(nw.len().alias(_TOTAL))
    probe = counts.select(
        nw.col(_TOTAL).max(), *(nw.col(key).null_count().alias(key) for key in keys)
    ).collect(backend="pyarrow")
    most, *missing = probe.row(0)
    if any(missing):
        _check_keys_present(df, function, keys)  # raises, naming the rows
    if most is not None and most > 1:
        _check_unique(df, function, keys)  # raises, naming the repeated keys


def _check_unique(df: nw.DataFrame | nw.LazyFrame, function: str, keys: list[str]) -> None:
    # On an eager frame a hash-based duplicate test is the cheaper first look; a lazy frame
    # gets one group-by query that returns only the duplicated keys.
    if isinstance(df, nw.DataFrame) and not df.select(keys).is_duplicated().any():
        return
    counts = df.group_by(*keys).agg(nw.len().alias(_TOTAL)).filter(nw.col(_TOTAL) > 1)
    duplicated = counts.head(MAX_PROBLEMS_SHOWN)
    if isinstance(duplicated, nw.LazyFrame):
        duplicated = duplicated.collect()
    if len(duplicated):
        raise SmeAnalysisError(
            [
                Problem(
                    None,
                    None,
                    ", ".join(keys),
                    f"{row[_TOTAL]} rows with "
                    + ", ".join(f"{key}={_show(row[key])}" for key in keys),
                    "one row per period and group (aggregate first)",
                )
                for row in duplicated.iter_rows(named=True)
            ],
            summary=f"{function}(): the period and group columns do not identify a row:",
        )


@_engine_neutral
def growth(
    df: FrameT,
    value: str = "value",
    period: str = "jalali_year",
    by: str | Sequence[str] = (),
    *,
    validate: bool = True,
    missing: Missing = "raise",
) -> FrameT:
    """Add ``previous`` (the value a year earlier) and ``growth`` (value / previous - 1).

    Rows are matched on ``period - 1`` and the ``by`` columns (a self-join), never by row
    order, so a gap year gives a missing ``previous`` rather than a wrong one. For monthly or
    quarterly data put the month or quarter column in ``by``: growth is then against the same
    month of the previous Iranian year.

    Args:
        df: A pandas, Polars, DuckDB or Dask frame, one row per ``period`` and ``by`` group.
        value: The numeric column.
        period: The integer Iranian-year column.
        by: Group columns (province, product, month, ...).
        validate: Check that ``period`` and ``by`` identify a row. Nearly free on Polars
            (its join checks as it builds), a duplicate test on pandas, and on DuckDB a
            GROUP BY query of its own, about as costly as the join (the checked call takes
            1.8-2.0x the bare SQL join at 10^7 rows; ``docs/benchmarks.md``). Pass ``False`` only
            when the keys are unique by construction, such as the output of a group-by on them.
        missing: A missing ``value`` (null or NaN): ``"raise"``; ``"drop"`` leaves its row
            out (with a :class:`MissingValuesWarning`), so the next year finds no earlier row;
            ``"keep"`` keeps it, and its own ``growth`` and the next year's are missing.

    Returns:
        The frame with float columns ``previous`` and ``growth`` (missing when there is no
        earlier row or its value is 0); columns already so named are replaced.

    Raises:
        SmeAnalysisError: A column is absent or of the wrong type, a key is missing, two rows
            share a period and group, ``value``, ``period`` or ``by`` is named
            ``previous`` or ``growth``, or a ``value`` is missing and ``missing="raise"``.
        ParameterError: ``missing`` is not ``"raise"``, ``"drop"`` or ``"keep"``.

    Example:
        >>> import pandas as pd
        >>> exports = pd.DataFrame({"jalali_year": [1399, 1398, 1401], "value": [6.0, 4.0, 9.0]})
        >>> growth(exports).sort_values("jalali_year")["growth"].tolist()
        [nan, 0.5, nan]
    """
    outputs = ("previous", "growth")
    joined = _lagged(df, "growth", value, period, _names(by), 1, outputs, validate, missing)
    return joined.with_columns((_ratio(value, "previous") - 1).alias("growth"))


def cagr(first: float, last: float, years: float) -> float:
    """Return the compound annual growth rate from ``first`` to ``last`` over ``years``.

    Args:
        first: The value at the start (> 0).
        last: The value at the end (>= 0).
        years: Years between the two values (> 0).

    Raises:
        SmeAnalysisError: ``first`` <= 0, ``last`` < 0 or ``years`` <= 0, or any of them
            missing (None, NaN or NA): a single rate has no rows to drop or keep.

    Example:
        >>> round(cagr(100.0, 121.0, 2), 6)
        0.1
    """
    problems = []
    for name, number, rule, holds in (
        ("first", first, "a value > 0", lambda x: x > 0),
        ("last", last, "a value >= 0", lambda x: x >= 0),
        ("years", years, "a number of years > 0", lambda x: x > 0),
    ):
        if _missing_scalar(number):
            problems.append(Problem(None, None, name, repr(number), f"{rule}, not missing"))
        elif not holds(number):
            problems.append(Problem(None, None, name, repr(number), rule))
    if problems:
        raise SmeAnalysisError(problems, summary="cagr(): undefined for these arguments:")
    return math.pow(last / first, 1.0 / years) - 1.0


def _missing_scalar(number: object) -> bool:
    """True for None, NaN and pandas' NA (whose comparisons raise instead of answering)."""
    if number is None:
        return True
    try:
        return bool(number != number)
    except TypeError:
        return True


@_engine_neutral
def cagr_over(
    df: FrameT,
    value: str = "value",
    period: str = "jalali_year",
    years: int = 5,
    by: str | Sequence[str] = (),
    *,
    validate: bool = True,
    missing: Missing = "raise",
) -> FrameT:
    """Add ``base`` (the value ``years`` earlier) and ``cagr`` (compound annual growth).

    Args:
        df: A pandas, Polars, DuckDB or Dask frame, one row per ``period`` and ``by`` group.
        value: The numeric column.
        period: The integer Iranian-year column.
        years: How many years back the base is (>= 1).
        by: Group columns.
        validate: As for :func:`growth`.
        missing: As for :func:`growth` (``"raise"``, ``"drop"`` or ``"keep"``).

    Returns:
        The frame with float columns ``base`` and ``cagr`` = (value / base) ** (1 / years) - 1,
        missing where there is no base row or the base is not positive; columns already so
        named are replaced.

    Raises:
        SmeAnalysisError: As :func:`growth` (with ``base`` and ``cagr`` as the names an input
            column may not have), or ``years`` < 1.
        ParameterError: ``missing`` is not ``"raise"``, ``"drop"`` or ``"keep"``.

    Example:
        >>> import pandas as pd
        >>> exports = pd.DataFrame({"jalali_year": [1398, 1400], "value": [100.0, 121.0]})
        >>> cagr_over(exports, years=2)["cagr"].round(6).tolist()
        [nan, 0.1]
    """
    if not isinstance(years, int) or years < 1:
        raise SmeAnalysisError(
            [Problem(None, None, "years", repr(years), "a whole number of years >= 1")]
        )
    outputs = ("base", "cagr")
    joined = _lagged(df, "cagr_over", value, period, _names(by), years, outputs, validate, missing)
    ok = (nw.col("base") > 0) & (nw.col(value) >= 0)
    rate = (nw.col(value) / nw.col("base")) ** (1.0 / years) - 1
    return joined.with_columns(nw.when(ok).then(rate).alias("cagr"))


# ---------------------------------------------------------------------------------------------
# Checked ratios
# ---------------------------------------------------------------------------------------------


def _part_of_whole(
    df: nw.DataFrame | nw.LazyFrame,
    function: str,
    part: str,
    whole: str,
    name: str,
    missing: str,
) -> nw.DataFrame | nw.LazyFrame:
    _require(df, function, numeric=[part, whole])
    df = _missing_rule(
        df,
        function,
        [part, whole],
        missing,
        _ROW_WISE,
        [
            _not_negative(part, f"{part} >= 0"),
            _not_negative(whole, f"{whole} >= 0"),
            _Check(
                part,
                nw.col(part) > nw.col(whole),
                f"{part} <= {whole}",
                (nw.col(part) - nw.col(whole)).max(),
                lambda excess: excess is not None and excess > 0,
            ),
        ],
        [part, whole],
    )
    return df.with_columns(_ratio(part, whole).alias(name))


@_engine_neutral
def utilization(
    df: FrameT, active: str = "active", total: str = "total", *, missing: Missing = "raise"
) -> FrameT:
    """Add ``utilization`` = active / total (for example active units over built units).

    Args:
        df: A pandas, Polars, DuckDB or Dask frame.
        active: The count in use (>= 0, at most ``total``).
        total: The count available (>= 0).
        missing: A missing ``active`` or ``total``: ``"raise"``; ``"drop"`` leaves the row
            out (with a :class:`MissingValuesWarning`); ``"keep"`` gives it a missing ratio.

    Returns:
        The frame with a float column ``utilization`` in [0, 1], missing where total is 0.

    Raises:
        SmeAnalysisError: A negative count or ``active`` > ``total``, naming rows and values,
            or a missing count with ``missing="raise"``.
        ParameterError: ``missing`` is not ``"raise"``, ``"drop"`` or ``"keep"``.

    Example:
        >>> import pandas as pd
        >>> parks = pd.DataFrame({"active": [30, 0], "total": [40, 0]})
        >>> utilization(parks)["utilization"].tolist()
        [0.75, nan]
    """
    return _part_of_whole(df, "utilization", active, total, "utilization", missing)


@_engine_neutral
def export_propensity(
    df: FrameT, exporting: str = "exporting", active: str = "active", *, missing: Missing = "raise"
) -> FrameT:
    """Add ``export_propensity`` = exporting firms / active firms.

    Args:
        df: A pandas, Polars, DuckDB or Dask frame.
        exporting: The number of firms that export (>= 0, at most ``active``).
        active: The number of active firms (>= 0).
        missing: As for :func:`utilization` (``"raise"``, ``"drop"`` or ``"keep"``).

    Returns:
        The frame with a float column ``export_propensity``, missing where ``active`` is 0.

    Raises:
        SmeAnalysisError: A negative count, more exporters than active firms, or a missing
            count with ``missing="raise"``.
        ParameterError: ``missing`` is not ``"raise"``, ``"drop"`` or ``"keep"``.

    Example:
        >>> import pandas as pd
        >>> firms = pd.DataFrame({"exporting": [5], "active": [20]})
        >>> export_propensity(firms)["export_propensity"].tolist()
        [0.25]
    """
    return _part_of_whole(df, "export_propensity", exporting, active, "export_propensity", missing)


@_engine_neutral
def per_unit(
    df: FrameT, value: str, count: str, name: str | None = None, *, missing: Missing = "raise"
) -> FrameT:
    """Add ``value / count`` (USD per kg, exports per firm, ...) as column ``name``.

    Args:
        df: A pandas, Polars, DuckDB or Dask frame.
        value: The numerator column.
        count: The denominator column (>= 0).
        name: The new column's name; ``f"{value}_per_{count}"`` by default.
        missing: As for :func:`utilization` (``"raise"``, ``"drop"`` or ``"keep"``).

    Returns:
        The frame with the ratio, missing where ``count`` is 0.

    Raises:
        SmeAnalysisError: A negative ``count``, or a missing ``value`` or ``count`` with
            ``missing="raise"``.
        ParameterError: ``missing`` is not ``"raise"``, ``"drop"`` or ``"keep"``.

    Example:
        >>> import pandas as pd
        >>> shipments = pd.DataFrame({"value_usd": [500.0], "weight_kg": [250.0]})
        >>> per_unit(shipments, "value_usd", "weight_kg")["value_usd_per_weight_kg"].tolist()
        [2.0]
    """
    _require(df, "per_unit", numeric=[value, count])
    checks = [_not_negative(count)]
    df = _missing_rule(df, "per_unit", [value, count], missing, _ROW_WISE, checks, [value, count])
    return df.with_columns(_ratio(value, count).alias(name or f"{value}_per_{count}"))


@_engine_neutral
def unit_values(
    df: FrameT,
    value: str = "value",
    quantity: str = "quantity",
    within: str | Sequence[str] = (),
    factor: float = 10.0,
    *,
    missing: Missing = "raise",
) -> FrameT:
    """Return per group the unit value (value / quantity) and how many rows lie far from it.

    A row is an outlier when its own unit value is more than ``factor`` times above or below
    its group's (total value over total quantity), tested as its share of the group's value
    against its share of the group's quantity, so no row is divided by its own quantity. Rows
    of quantity 0 have no unit value: they are counted apart and never outliers. Two passes
    over the rows: one checked grouped sum (on DuckDB and Polars the checks ride on it), then
    the group totals joined back (a window on pandas and Polars) to count the outliers; the
    rest works on the small table of groups.

    Args:
        df: A pandas, Polars, DuckDB or Dask frame.
        value: The numeric value column (USD, ...).
        quantity: The numeric quantity column (kg, units, ...; >= 0).
        within: Group columns (HS chapter, ...); empty for one row over the whole frame.
        factor: How many times above or below the group's unit value a row must lie to be
            an outlier (>= 1).
        missing: A missing ``value`` or ``quantity`` (null or NaN): ``"raise"``; ``"drop"``
            leaves the row out of every total and count; ``"zero"`` counts it as 0 (a
            missing quantity then makes a row of quantity 0). Both warn
            (:class:`MissingValuesWarning`).

    Returns:
        One row per ``within`` group: the ``within`` columns, the summed ``value`` and
        ``quantity``, ``rows``, a float ``unit_value`` (missing where the quantity is 0),
        ``zero_quantity`` (rows of quantity 0) and ``outliers``, counts as integers. Row
        order is not guaranteed on lazy engines.

    Raises:
        SmeAnalysisError: A column is absent or not numeric, a key is missing, a quantity is
            negative, a value or quantity is missing with ``missing="raise"``, an input
            column is named like an output, or ``factor`` < 1.
        ParameterError: ``missing`` is not ``"raise"``, ``"drop"`` or ``"zero"``.

    Example:
        >>> import pandas as pd
        >>> shipments = pd.DataFrame({"hs2": ["52", "52", "52", "72"],
        ...     "value_usd": [10.0, 12.0, 500.0, 8.0], "weight_kg": [5.0, 6.0, 4.0, 0.0]})
        >>> table = unit_values(shipments, "value_usd", "weight_kg", within="hs2")
        >>> table[["hs2", "rows", "unit_value", "zero_quantity", "outliers"]]
          hs2  rows  unit_value  zero_quantity  outliers
        0  52     3        34.8              0         2
        1  72     1         NaN              1         0
    """
    function = "unit_values"
    keys = _names(within)
    _check_policy(function, missing, _TOTALLED)
    _require(df, function, numeric=[value, quantity], keys=keys)
    outputs = ("rows", "unit_value", "zero_quantity", "outliers")
    problems = [
        Problem(
            None,
            None,
            column,
            f"an input column named {column!r}",
            f"columns not named {', '.join(map(repr, outputs))}, the columns {function}() "
            "returns (rename it first)",
        )
        for column in dict.fromkeys([value, quantity, *keys])
        if column in outputs
    ]
    if not isinstance(factor, int | float) or isinstance(factor, bool) or not factor >= 1:
        problems.append(Problem(None, None, "factor", repr(factor), "a number >= 1"))
    if problems:
        raise SmeAnalysisError(problems)
    groups = keys or [_ALL]
    rows = df.select(*keys, value, quantity)
    if not keys:
        rows = rows.with_columns(nw.lit(1).alias(_ALL))
    sums = _unit_sums(rows, function, value, quantity, keys, groups, missing)
    if isinstance(sums, tuple):
        rows, sums = sums
    eager_polars = isinstance(rows, nw.DataFrame) and rows.implementation.is_polars()
    if eager_polars:
        # Polars' eager group-by runs unoptimised (see _totals_by): lazy, collected at the end.
        rows = rows.lazy()
        sums = sums.lazy() if isinstance(sums, nw.DataFrame) else sums
    duckdb = isinstance(rows, nw.LazyFrame) and rows.implementation.is_duckdb()
    if duckdb or _is_dask(rows):
        # The group totals joined back (see _with_group_sum for why not a window here).
        totals = sums.select(
            *groups, nw.col(value).alias(_TOTAL), nw.col(quantity).alias("__sme_qtotal")
        )
        joined = _join(rows, totals, groups)
    else:
        joined = rows.with_columns(
            nw.col(value).sum().over(*groups).alias(_TOTAL),
            nw.col(quantity).sum().over(*groups).alias("__sme_qtotal"),
        )
    # The row's shares as columns first: each is then computed once, not once per test.
    own, its = nw.col("__sme_own"), nw.col("__sme_its")
    far = (nw.col(quantity) > 0) & ((own > its * factor) | (own < its / factor))
    flagged = (
        joined.with_columns(
            _ratio(value, _TOTAL).alias("__sme_own"),
            _ratio(quantity, "__sme_qtotal").alias("__sme_its"),
        )
        .with_columns(nw.when(far).then(1).otherwise(0).alias("outliers"))
        .group_by(*groups)
        .agg(nw.col("outliers").sum())
    )
    result = _join(sums, flagged, groups).select(
        *keys,
        value,
        quantity,
        nw.col("rows").cast(nw.Int64),
        _ratio(value, quantity).alias("unit_value"),
        nw.col("zero_quantity").cast(nw.Int64),
        nw.col("outliers").cast(nw.Int64),
    )
    return result.collect() if eager_polars else result


def _unit_sums(
    rows: nw.DataFrame | nw.LazyFrame,
    function: str,
    value: str,
    quantity: str,
    keys: list[str],
    groups: list[str],
    missing: str,
) -> Any:
    """:func:`unit_values`' checked sums per group (small; materialized on DuckDB and Polars).

    Returns the sums, or ``(rows, sums)`` when ``missing=`` changed the rows.
    """
    checks = [*(_no_missing(key) for key in keys), _not_negative(quantity)]
    show = [*keys, value, quantity]
    zero = nw.when(nw.col(quantity) == 0).then(1).otherwise(0).alias("zero_quantity")
    aggregates = [
        nw.col(value, quantity).sum(),
        nw.len().alias("rows"),
        nw.col("zero_quantity").sum(),
    ]
    duckdb = isinstance(rows, nw.LazyFrame) and rows.implementation.is_duckdb()
    polars = rows.implementation.is_polars()
    if missing == "raise" and (duckdb or polars):
        # The checks ride on the one aggregation, as in _totals_by: a missing key is a group
        # with a missing key, a negative quantity a negative group minimum, a missing value a
        # group counting fewer values than rows, a NaN a NaN sum.
        lazy = rows if isinstance(rows, nw.LazyFrame) else rows.lazy()
        sums = (
            lazy.with_columns(zero)
            .group_by(*groups)
            .agg(
                *aggregates,
                nw.col(quantity).min().alias(_MIN),
                (2 * nw.len() - nw.col(value).count() - nw.col(quantity).count()).alias(_LEN),
            )
        )
        if duckdb:
            sums = nw.from_native(sums.to_native().materialize())
        else:
            sums = sums.collect().lazy()
        schema = sums.collect_schema()
        probe = sums.select(
            *(nw.col(key).null_count().alias(key) for key in keys),
            nw.col(_MIN).min(),
            nw.col(_LEN).sum() + _count_missing(value, schema) + _count_missing(quantity, schema),
        ).collect(backend="pyarrow" if duckdb else None)
        *absent, low, gaps = probe.row(0)
        if not (any(absent) or gaps or (low is not None and low < 0)):
            return sums.drop(_MIN, _LEN)
        # Something is wrong: the usual checks name the rows (and raise).
    changed = _missing_rule(rows, function, [value, quantity], missing, _TOTALLED, checks, show)
    sums = changed.with_columns(zero).group_by(*groups).agg(*aggregates)
    return (changed, sums) if changed is not rows else sums


# ---------------------------------------------------------------------------------------------
# Concentration and comparative advantage
# ---------------------------------------------------------------------------------------------


def _totals_by(
    df: nw.DataFrame | nw.LazyFrame,
    function: str,
    value: str,
    keys: Sequence[str],
    missing: str,
    *,
    rule_applied: bool = False,
) -> nw.DataFrame | nw.LazyFrame:
    """Checked sums of ``value`` per ``keys`` (values >= 0 and present, keys present)."""
    _check_policy(function, missing, _TOTALLED)
    _require(df, function, numeric=[value], keys=keys)
    checks = [*(_no_missing(key) for key in keys), _not_negative(value)]
    # The whole-frame group column is ours: error messages do not show it.
    show = [column for column in dict.fromkeys([*keys, value]) if column != _ALL]
    duckdb = isinstance(df, nw.LazyFrame) and df.implementation.is_duckdb()
    if duckdb or df.implementation.is_polars():
        # A separate probe query is a second scan of the input, which on DuckDB costs a
        # quarter of the metric (on Polars a third of hhi + top_share at 10^7 rows, the
        # benchmark's hand-written query being one group-by). Instead the checks ride on the
        # aggregation itself: a missing
        # key shows as a group with a missing key, a negative value as a negative group
        # minimum. The sums (groups x partners, small) are fetched once, checked, and the
        # rest of the metric runs on them; the offending rows are looked up only on failure.
        # DuckDB's materialize() keeps them on the caller's connection, so the result still
        # joins with the caller's other relations.
        # A missing or negative value raises one flag per group (one boolean aggregate: a
        # minimum and a count of values cost twice as much, 10 ms against 5 ms over the
        # 83 ms group-by of 10^7 rows on DuckDB), a NaN shows as a NaN group sum; which of
        # the two it was is sorted out on the rare flagged path.
        # An eager Polars frame is aggregated through its lazy API: Polars' eager group-by
        # runs unoptimised and took 58 ms against 13 ms for these three aggregates (10^6
        # rows, 30 x 3 groups).
        lazy = df if isinstance(df, nw.LazyFrame) else df.lazy()
        flagged_rows = False
        if isinstance(df, nw.DataFrame):
            # An eager Polars frame knows its null count for free, and its minimum is one
            # quick pass (3 ms at 10^7 rows, where the flag cost 10 ms inside the group-by).
            # (In one select the null count cost 6 ms more; the column's own is free.)
            low = df.select(nw.col(value).min()).item()
            nulls = df.get_column(value).null_count()
            flagged_rows = bool(nulls) or (low is not None and low < 0)
            sums = lazy.group_by(*keys).agg(nw.col(value).sum())
        else:
            sums = lazy.group_by(*keys).agg(
                nw.col(value).sum(),
                ((nw.col(value) < 0) | nw.col(value).is_null()).any().alias(_FLAG),
            )
        if duckdb:
            sums = nw.from_native(sums.to_native().materialize())
        else:
            # Polars: the small table is computed once (and stays lazy for a lazy input).
            sums = sums.collect()
            sums = sums.lazy() if isinstance(df, nw.LazyFrame) else sums
        schema = sums.collect_schema()
        probe = sums.select(
            *(nw.col(key).null_count().alias(key) for key in keys),
            nw.col(_FLAG).any() if _FLAG in schema else nw.lit(False).alias(_FLAG),
            _count_missing(value, schema),
        )
        if isinstance(probe, nw.LazyFrame):
            probe = probe.collect(backend="pyarrow" if duckdb else None)
        *absent, flagged, gaps = probe.row(0)
        flagged = flagged or flagged_rows
        if (flagged or gaps) and not rule_applied:
            # Rare: name the rows (raise) or drop/fill the missing ones, then aggregate
            # again; what is still flagged after that is a negative value.
            df = _missing_rule(df, function, [value], missing, _TOTALLED, checks, show)
            return _totals_by(df, function, value, keys, "raise", rule_applied=True)
        if gaps:  # cannot be left after the rule; if it were, it is named, not summed
            _missing_rule(df, function, [value], "raise", _TOTALLED, checks, show)
        if any(absent) or flagged:
            _check_rows(df, function, checks, show)  # raises, naming the rows
        return sums.drop(_FLAG, strict=False)
    df = _missing_rule(df, function, [value], missing, _TOTALLED, checks, show)
    return df.group_by(*keys).agg(nw.col(value).sum())


@_engine_neutral
def hhi(
    df: FrameT,
    value: str = "value",
    by: str = "partner",
    within: str | Sequence[str] = (),
    *,
    missing: Missing = "raise",
) -> FrameT:
    """Return the Herfindahl-Hirschman index of ``by`` shares per ``within`` group.

    HHI = 10,000 x the sum of squared shares: 10,000 when one partner takes everything,
    10,000 / n for n equal partners. Rows of the same partner are added up first.

    Args:
        df: A pandas, Polars, DuckDB or Dask frame.
        value: The numeric column (>= 0).
        by: The column whose concentration is measured (partner, product, ...).
        within: Group columns; empty for one index over the whole frame.
        missing: A missing ``value`` (null or NaN): ``"raise"``; ``"drop"`` leaves the row
            out; ``"zero"`` counts it as 0 (a partner with 0 adds nothing to the index, so
            the two give the same index). Both warn (:class:`MissingValuesWarning`).

    Returns:
        One row per ``within`` group: the ``within`` columns and a float ``hhi`` (missing
        where the group's total is 0). Row order is not guaranteed on lazy engines.

    Raises:
        SmeAnalysisError: A column is absent, a key is missing, a value is negative, or a
            value is missing with ``missing="raise"``.
        ParameterError: ``missing`` is not ``"raise"``, ``"drop"`` or ``"zero"``.

    Example:
        >>> import pandas as pd
        >>> exports = pd.DataFrame({"partner": ["IRQ", "CHN", "CHN"], "value": [2.0, 1.0, 1.0]})
        >>> hhi(exports)["hhi"].tolist()
        [5000.0]
    """
    result = _concentration(df, "hhi", value, by, _names(within), 1, missing)
    return result.select(*_names(within), "hhi")


@_engine_neutral
def top_share(
    df: FrameT,
    value: str = "value",
    by: str = "partner",
    n: int = 1,
    within: str | Sequence[str] = (),
    *,
    missing: Missing = "raise",
) -> FrameT:
    """Return the share of the ``n`` largest ``by`` values (after adding up) per group.

    Args:
        df: A pandas, Polars, DuckDB or Dask frame.
        value: The numeric column (>= 0).
        by: The column ranked (partner, product, ...).
        n: How many of the largest to take (>= 1); ties do not change the result.
        within: Group columns; empty for the whole frame.
        missing: As for :func:`hhi` (``"raise"``, ``"drop"`` or ``"zero"``, which give the
            same result here).

    Returns:
        One row per ``within`` group with a float ``top_share`` (missing where the total is 0).

    Raises:
        SmeAnalysisError: As :func:`hhi`, or ``n`` < 1.
        ParameterError: As :func:`hhi`.

    Example:
        >>> import pandas as pd
        >>> exports = pd.DataFrame({"partner": ["IRQ", "CHN", "ARE"], "value": [6.0, 3.0, 1.0]})
        >>> top_share(exports, n=2)["top_share"].tolist()
        [0.9]
    """
    result = _concentration(df, "top_share", value, by, _names(within), n, missing)
    return result.select(*_names(within), "top_share")


@_engine_neutral
def concentration(
    df: FrameT,
    value: str = "value",
    by: str = "partner",
    within: str | Sequence[str] = (),
    n: int = 1,
    *,
    missing: Missing = "raise",
) -> FrameT:
    """Return the number of ``by`` units, their HHI and the top-``n`` share per group, at once.

    One grouped sum of ``value`` per ``within`` group and ``by`` unit (the only pass over
    the rows, with the checks riding on it on DuckDB and Polars), then the small table of
    sums gives all three measures: :func:`hhi` and :func:`top_share` are this function with
    one column kept. Ask for both from here rather than calling the two: each of them scans
    the rows. ``python -m benchmarks declarations`` (10^7 rows, by Iranian year): the two
    calls took 2.28x (DuckDB) and 2.40x (Polars) the hand-written query, this one 1.15x and
    1.15x-1.17x (the rest is the checks; ``docs/benchmarks.md``).

    Args:
        df: A pandas, Polars, DuckDB or Dask frame.
        value: The numeric column (>= 0).
        by: The column whose concentration is measured (partner, product, ...).
        within: Group columns; empty for one row over the whole frame.
        n: How many of the largest units the top share takes (>= 1); ties do not change it.
        missing: As for :func:`hhi` (``"raise"``, ``"drop"`` or ``"zero"``).

    Returns:
        One row per ``within`` group: the ``within`` columns, ``units`` (how many distinct
        ``by`` values have a row in the group, zeros included), a float ``hhi`` and a float
        ``top_share`` (both missing where the group's total is 0). Row order is not
        guaranteed on lazy engines. On Dask the small table of sums is computed and
        measured with pandas (narwhals has no rank there) and handed back as a Dask frame.

    Raises:
        SmeAnalysisError: As :func:`hhi`, or ``n`` < 1.
        ParameterError: As :func:`hhi`.

    Example:
        >>> import pandas as pd
        >>> exports = pd.DataFrame({"partner": ["IRQ", "CHN", "ARE"], "value": [6.0, 3.0, 1.0]})
        >>> concentration(exports, n=2).round(6).to_dict("records")
        [{'units': 3, 'hhi': 4600.0, 'top_share': 0.9}]
    """
    return _concentration(df, "concentration", value, by, _names(within), n, missing)


def _concentration(
    df: nw.DataFrame | nw.LazyFrame,
    function: str,
    value: str,
    by: str,
    groups: list[str],
    n: int,
    missing: str,
) -> nw.DataFrame | nw.LazyFrame:
    """Units, HHI and top-n share per group from one checked grouped sum."""
    if not isinstance(n, int) or isinstance(n, bool) or n < 1:
        raise SmeAnalysisError([Problem(None, None, "n", repr(n), "a whole number >= 1")])
    if not groups:
        df = df.with_columns(nw.lit(1).alias(_ALL))
        groups = [_ALL]
    if isinstance(df, nw.LazyFrame) and df.implementation.is_duckdb():
        # The usual case in one statement, rows to measures, with a flag per group: the
        # checked path below (sums fetched, probed, measured) costs three more queries,
        # about a tenth of the measure at 10^7 rows. A flagged group takes that path,
        # which raises naming the rows or applies ``missing``.
        _check_policy(function, missing, _TOTALLED)
        _require(df, function, numeric=[value], keys=[*groups, by])
        measured = (
            df.to_native()
            .query("__sme_rows", _concentration_sql(value, groups, n, by))
            .materialize()
        )
        if not measured.aggregate(f'coalesce(bool_or("{_FLAG}"), false)').fetchall()[0][0]:
            result = nw.from_native(measured).drop(_FLAG)
            return result.drop(_ALL) if _ALL in groups else result
    sums = _totals_by(df, function, value, [*groups, by], missing)
    if isinstance(sums, nw.LazyFrame) and sums.implementation.is_duckdb():
        # One SQL statement over the (materialized, small) sums: each narwhals step on a
        # DuckDB relation is bound on its own, about 1 ms apiece, which was a tenth of the
        # whole measure at 10^7 rows.
        result = nw.from_native(
            sums.to_native().query("__sme_sums", _concentration_sql(value, groups, n))
        )
        return result.drop(_ALL) if _ALL in groups else result
    dask = _is_dask(sums)
    if dask:
        # narwhals has no rank on Dask: measure the small table of sums with pandas instead.
        sums = nw.from_native(sums.to_native().compute())
    # Shares first, then squares: sum(x^2) / (sum x)^2 would underflow or overflow for
    # extreme values. Ordinal ranks break ties arbitrarily, but the sum of the top n values
    # does not depend on how ties are broken.
    measured = sums.with_columns(
        nw.col(value).sum().over(*groups).alias(_TOTAL),
        nw.col(value).rank(method="ordinal", descending=True).over(*groups).alias(_RANK),
    ).with_columns(
        (_ratio(value, _TOTAL) ** 2 * 10_000).alias("hhi"),
        nw.when(nw.col(_RANK) <= n).then(nw.col(value)).otherwise(0).alias("__sme_top"),
    )
    result = measured.group_by(*groups).agg(
        nw.len().alias("units"),
        nw.col("hhi").sum(),
        nw.col("__sme_top").sum(),
        nw.col(_TOTAL).max(),
    )
    # A group with a zero total has only missing shares; min_count-style: keep it missing.
    result = result.select(
        *groups,
        nw.col("units").cast(nw.Int64),
        nw.when(nw.col(_TOTAL) != 0).then(nw.col("hhi")).alias("hhi"),
        _ratio("__sme_top", _TOTAL).alias("top_share"),
    )
    if dask:
        import dask.dataframe as dd

        result = nw.from_native(dd.from_pandas(result.to_native(), npartitions=1))
    return result.drop(_ALL) if _ALL in groups else result


def _concentration_sql(value: str, groups: list[str], n: int, by: str | None = None) -> str:
    """DuckDB's :func:`_concentration` measures over the table of sums ``__sme_sums``.

    With ``by``, the sums are made from the rows ``__sme_rows`` in the same statement, and a
    column :data:`_FLAG` per group says whether it needs the checked path: a negative or
    missing value, a missing key, or a NaN sum.
    """

    def quoted(name: str) -> str:
        return '"' + name.replace('"', '""') + '"'

    keys = ", ".join(quoted(g) for g in groups)
    v, total, rank, flag = quoted(value), quoted(_TOTAL), quoted(_RANK), quoted(_FLAG)
    sums, flagged = "", ""
    if by is not None:
        b = quoted(by)
        sums = f"""
        __sme_sums AS (
            SELECT {keys}, {b}, sum({v}) AS {v}, bool_or({v} < 0 OR {v} IS NULL) AS {flag}
            FROM __sme_rows GROUP BY {keys}, {b}
        ),"""
        missing_keys = " OR ".join(f"{quoted(g)} IS NULL" for g in groups)
        flagged = (
            f", (bool_or({flag} OR {b} IS NULL OR isnan(CAST({v} AS DOUBLE)))"
            f" OR {missing_keys}) AS {flag}"
        )
    return f"""
        WITH {sums} ranked AS (
            SELECT *, sum({v}) OVER (PARTITION BY {keys}) AS {total},
                   row_number() OVER (PARTITION BY {keys} ORDER BY {v} DESC) AS {rank}
            FROM __sme_sums
        )
        SELECT {keys}, CAST(count(*) AS BIGINT) AS units,
               CASE WHEN max({total}) != 0
                    THEN sum(({v} / {total}) * ({v} / {total}) * 10000) END AS hhi,
               CASE WHEN max({total}) != 0
                    THEN sum(CASE WHEN {rank} <= {int(n)} THEN {v} ELSE 0 END) / max({total})
               END AS top_share{flagged}
        FROM ranked GROUP BY {keys}
    """


@_engine_neutral
def rca(
    df: FrameT,
    location: str = "province",
    product: str = "hs2",
    value: str = "value",
    period: str | None = None,
    *,
    missing: Missing = "raise",
) -> FrameT:
    """Return Balassa's revealed comparative advantage of each location in each product.

    RCA = (x_lp / x_l) / (x_p / x_w): the product's share in the location's exports over its
    share in the exports of all locations together ("the world" of the frame). Above 1 the
    location is relatively specialised in the product. Rows of the same location, product and
    period are added up first.

    Args:
        df: A pandas, Polars, DuckDB or Dask frame.
        location: The exporter column (province, country, ...).
        product: The product column (HS chapter, commodity group, ...).
        value: The numeric export value (>= 0).
        period: An optional period column; the index is then computed within each period.
        missing: A missing ``value``: ``"raise"``; ``"drop"`` leaves the row out (a location
            and product with no other row then has no result row); ``"zero"`` counts it as
            0 (such a pair gets ``rca`` 0). Both warn (:class:`MissingValuesWarning`).

    Returns:
        One row per (period,) location and product with the summed ``value`` and a float
        ``rca``, missing where a total is 0. Row order is not guaranteed on lazy engines.

    Raises:
        SmeAnalysisError: A column is absent, a key is missing, a value is negative, or a
            value is missing with ``missing="raise"``.
        ParameterError: ``missing`` is not ``"raise"``, ``"drop"`` or ``"zero"``.

    Example:
        >>> import pandas as pd
        >>> exports = pd.DataFrame(
        ...     {"province": ["A", "A", "B"], "hs2": ["57", "39", "39"], "value": [1.0, 1.0, 2.0]}
        ... )
        >>> rca(exports).sort_values(["province", "hs2"])["rca"].tolist()
        [0.666..., 2.0, 1.333...]
    """
    periods = [] if period is None else [period]
    sums = _totals_by(df, "rca", value, [*periods, location, product], missing)
    with_totals = _with_group_sum(sums, value, [*periods, location], "__sme_location")
    with_totals = _with_group_sum(with_totals, value, [*periods, product], "__sme_product")
    with_totals = _with_group_sum(with_totals, value, periods, "__sme_world")
    numerator = nw.col(value) * nw.col("__sme_world")
    denominator = nw.col("__sme_location") * nw.col("__sme_product")
    return with_totals.select(
        *periods, location, product, value, _ratio(numerator, denominator).alias("rca")
    )


# ---------------------------------------------------------------------------------------------
# Iranian calendar inside the engine
# ---------------------------------------------------------------------------------------------


def _mod(values: nw.Expr, divisor: int) -> nw.Expr:
    # Written with // because pandas' Arrow-backed integers have no % (pandas 3.1).
    return values - divisor * (values // divisor)


@_engine_neutral
def add_jalali_date_parts(df: FrameT, date: str = "date", prefix: str = "jalali_") -> FrameT:
    """Add Iranian year, quarter and month columns derived from a date column.

    The conversion runs inside the engine as integer expressions: Gregorian year and day of
    year give the day number (days since 1970-01-01), and the 33-year-cycle arithmetic of
    :func:`smeanalysis.calendar.jalali_from_days` gives the Jalali year and month. The test
    suite checks it equals the calendar module on every engine.

    Args:
        df: A pandas, Polars, DuckDB or Dask frame.
        date: A date or datetime column (a time of day is ignored). A timezone-aware value
            counts by its wall-clock day in its own zone on pandas, Polars and Dask; on DuckDB
            a TIMESTAMPTZ counts in the session's TimeZone setting.
        prefix: Prefix of the new columns ``{prefix}year``, ``{prefix}quarter`` (1-4,
            Farvardin-Khordad is 1) and ``{prefix}month`` (1-12).

    Returns:
        The frame with three integer columns; missing dates give missing parts.

    Raises:
        SmeAnalysisError: The column is not a date, or a date falls outside Jalali years
            1278-1480 (Gregorian 1899-03-21 to 2102-03-20).

    Example:
        >>> import pandas as pd
        >>> sales = pd.DataFrame({"date": pd.to_datetime(["2019-12-21", "2020-03-20"])})
        >>> add_jalali_date_parts(sales)[["jalali_year", "jalali_quarter", "jalali_month"]]
           jalali_year  jalali_quarter  jalali_month
        0         1398               3             9
        1         1399               1             1
    """
    schema = df.collect_schema()
    if date not in schema:
        _require(df, "add_jalali_date_parts", keys=[date])
    if not isinstance(schema[date], nw.Date | nw.Datetime):
        raise SmeAnalysisError(
            [
                Problem(
                    None,
                    None,
                    date,
                    f"dtype {schema[date]}",
                    "a date or datetime column (parse strings first)",
                )
            ]
        )
    d = nw.col(date)
    # No casts: Polars' Int32 year and Int16 day of year promote safely (the day number
    # stays below 2**31), and pandas' numpy years turn float where a date is missing.
    before = d.dt.year() - 1
    # Days since 1970-01-01 from the proleptic Gregorian calendar; every operand is positive
    # over the supported range, so floor and truncating division agree on every engine.
    day_number = (
        365 * before
        + before // 4
        - before // 100
        + before // 400
        + d.dt.ordinal_day()
        - 1
        - _EPOCH_ORDINAL
    )
    t_days, t_r, t_doy = "__sme_days", "__sme_r", "__sme_doy"
    staged = df.with_columns(day_number.alias(t_days))
    low, high = MIN_DAY, MAX_DAY
    _check_rows(
        staged,
        "add_jalali_date_parts",
        [
            _Check(
                date,
                bad,
                f"a date in Jalali years {MIN_YEAR}-{MAX_YEAR} (the supported range)",
                probe,
                fails,
            )
            for bad, probe, fails in (
                (
                    nw.col(t_days) < low,
                    nw.col(t_days).min(),
                    lambda first: first is not None and first < low,
                ),
                (
                    nw.col(t_days) > high,
                    nw.col(t_days).max(),
                    lambda last: last is not None and last > high,
                ),
            )
        ],
        [date],
    )
    r = nw.col(t_days) + _SHIFT
    in_cycle = _mod(r, _CYCLE_DAYS)
    staged = staged.with_columns(
        (979 + 33 * (r // _CYCLE_DAYS) + 4 * (in_cycle // _BLOCK_DAYS)).alias(f"{prefix}year"),
        _mod(in_cycle, _BLOCK_DAYS).alias(t_r),
    )
    # The first year of each 4-year block is the leap one (366 days).
    later = nw.col(t_r) >= 366
    staged = staged.with_columns(
        (
            nw.col(f"{prefix}year") + nw.when(later).then((nw.col(t_r) - 1) // 365).otherwise(0)
        ).alias(f"{prefix}year"),
        nw.when(later).then(_mod(nw.col(t_r) - 1, 365)).otherwise(nw.col(t_r)).alias(t_doy),
    )
    doy = nw.col(t_doy)
    month = nw.when(doy < 186).then(doy // 31 + 1).otherwise((doy - 186) // 30 + 7)
    staged = staged.with_columns(month.alias(f"{prefix}month"))
    staged = staged.with_columns(
        ((nw.col(f"{prefix}month") - 1) // 3 + 1).alias(f"{prefix}quarter")
    )
    parts = [f"{prefix}{part}" for part in ("year", "quarter", "month")]
    result = staged.select(*[c for c in schema if c not in parts], *parts)
    if result.implementation.is_pandas_like():
        # numpy-backed pandas and Dask hold missing parts as NaN in floats: make them Int64.
        floats = [c for c in parts if result.collect_schema()[c].is_float()]
        if floats:
            result = nw.from_native(result.to_native().astype(dict.fromkeys(floats, "Int64")))
    return result

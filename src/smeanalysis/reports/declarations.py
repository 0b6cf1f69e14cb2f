"""The declarations report's logic: an analyst's own customs extract, on any engine.

The notebook ``notebooks/declarations.ipynb`` tells the story; everything it shows is
computed here, through :mod:`smeanalysis.metrics` on the engine the extract was loaded with
(pandas, Polars, DuckDB or Dask, on a ``distributed`` cluster when a scheduler address is
given). Only small aggregates (per year, month, destination, chapter, province) come back
to pandas for display.

Stages:
    :func:`load` reads and validates the extract (:func:`smeanalysis.trade.load_declarations`;
    with no path, a seeded synthetic extract written to a temporary folder, one Parquet file
    a month), then :func:`stage` keeps the report's window of years and columns, once:
    DuckDB and Polars write the typed rows to a temporary Parquet file (so the many queries
    that follow read typed columns instead of validating the text again), Dask persists them
    on the workers, pandas keeps its frame. A pandas frame larger than :data:`AUTO_ROWS` rows
    given with ``engine="auto"`` is handed to DuckDB (:func:`stage`).

Measures (the World Bank Exporter Dynamics Database definitions, per Iranian year):
    * number of exporters (distinct ``exporter_id`` with exports in the year);
    * entry rate: exporters of year t that did not export in t-1, over exporters of t;
    * exit rate: exporters of t-1 that do not export in t, over exporters of t-1;
    * survival of entrants: entrants of t still exporting in t+1, over entrants of t;
    * average exports per exporter; share of the top 5% of exporters (the largest
      ``ceil(0.05 n)`` exporters' share of the year's value).

    Entry needs the year before and exit the year after, so the first year of the data has
    no entry rate and the last no survival (missing, never 0).

Margins of growth (exporter-product-destination triples, product = HS code as declared):
    the change of exports from t-1 to t = **extensive** (value of triples new in t minus value
    of t-1's triples that stopped) + **intensive** (change within triples present both years).
    The two add up to the change, exactly.

Unit values:
    USD per kg by HS chapter (total value over total weight). A declaration is flagged an
    outlier when its own unit value is more than :data:`OUTLIER_FACTOR` times above or below
    its chapter's; declarations with 0 kg have no unit value and are counted apart.
"""

from __future__ import annotations

import math
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import narwhals as nw
import pandas as pd

from smeanalysis import calendar, countries, hs, metrics, provinces, trade
from smeanalysis.errors import ParameterError, Problem
from smeanalysis.reconcile import unit_scale
from smeanalysis.reports.charts import finish, legend_outside
from smeanalysis.reports.text import (
    MISSING,
    amount,
    count,
    escape_text,
    is_missing,
    markdown_table,
    percent,
)

__all__ = [
    "AUTO_ROWS",
    "DEMO_ROWS",
    "DUCKDB_MEMORY_LIMIT",
    "OUTLIER_FACTOR",
    "Extract",
    "advantage_markdown",
    "concentration_markdown",
    "destinations",
    "destinations_markdown",
    "exporter_dynamics",
    "exporters_markdown",
    "gaps",
    "gaps_markdown",
    "key_findings",
    "load",
    "margins",
    "monthly",
    "monthly_chart",
    "rca_table",
    "read_markdown",
    "sections",
    "sections_markdown",
    "source_text",
    "stage",
    "to_pandas",
    "unit_values",
    "unit_values_markdown",
    "yearly",
    "yearly_markdown",
]

#: Rows of the synthetic demo extract (declarations_path=None).
DEMO_ROWS = 60_000
#: Above this many rows a pandas frame given with engine="auto" is computed on DuckDB.
#: Measured by ``python -m benchmarks.bench_declarations --tasks auto --threshold`` (2026-11-30,
#: after the one-pass tables and the Arrow hand-off; two runs on 2 cores; yearly +
#: destinations + unit values): the DuckDB route ran at 0.67x / 0.59x the pandas route at
#: 10^4 rows, 0.74x / 0.74x at 10^5, 0.85x / 0.80x at 3 x 10^5, 1.03x / 0.98x at 10^6,
#: 1.40x / 1.41x at 3 x 10^6 and 3.35x / 3.24x at 10^7: the routes cross at 10^6 rows.
AUTO_ROWS = 1_000_000
#: The memory :func:`load` lets DuckDB take before it spills to a temporary folder. DuckDB's
#: own default is 80% of the machine's memory: the report on 10^8 declarations peaked at
#: 4,227 MiB for the whole process (``bench_declarations --rows 1e8``, 2026-11-30).
DUCKDB_MEMORY_LIMIT = "2GB"
#: A declaration's unit value this many times above or below its chapter's is an outlier.
OUTLIER_FACTOR = 10.0

_KEEP = (
    "jalali_year",
    "jalali_month",
    "hs_code",
    "province_code",
    "destination",
    "value_usd",
    "weight_kg",
    "exporter_id",
)


@dataclass
class Extract:
    """An extract loaded for the report: the rows on their engine and what is known of them.

    Attributes:
        table: The staged rows (a pandas, Polars, DuckDB or Dask frame), window of years only.
        engine: The engine that computes (``"pandas"``, ``"polars"``, ``"duckdb"``, ``"dask"``).
        synthetic: True for the demo extract.
        source: What was read, in words (a path, or the demo).
        rows_read: Rows in the extract as read (every year).
        rows_in_window: Rows kept (the years asked, and the year before for growth).
        has_exporters: The extract has an ``exporter_id`` column.
        first_year: First Iranian year shown.
        last_year: Last Iranian year shown.
        keep: Objects that must stay alive while ``table`` is used (connection, client,
            temporary folder).
    """

    table: Any
    engine: str
    synthetic: bool
    source: str
    rows_read: int
    rows_in_window: int
    has_exporters: bool
    first_year: int
    last_year: int
    keep: list[Any] = field(default_factory=list)


def to_pandas(frame: Any) -> pd.DataFrame:
    """Bring a (small) frame of any engine back to pandas.

    Example:
        >>> import polars as pl
        >>> to_pandas(pl.LazyFrame({"a": [1]}))["a"].tolist()
        [1]
    """
    native = nw.from_native(frame)
    if isinstance(native, nw.LazyFrame):
        native = native.collect()
    return native.to_pandas()


def _computed_once(frame: Any) -> Any:
    """A lazy engine's frame computed now and kept, so that later queries reuse it.

    For an intermediate table that several measures read (each would otherwise re-run the
    grouping over the rows): DuckDB materializes it on its connection, Polars collects it,
    Dask persists it on the workers; a pandas or eager Polars frame is already computed.

    Example:
        >>> import polars as pl
        >>> type(_computed_once(pl.LazyFrame({"a": [1]}).select(pl.col("a") + 1))).__name__
        'LazyFrame'
    """
    native = nw.from_native(frame)
    if not isinstance(native, nw.LazyFrame):
        return frame
    if native.implementation.is_duckdb():
        return frame.materialize()
    if native.implementation.is_polars():
        return frame.collect().lazy()
    if native.implementation.is_dask():
        return frame.persist()
    return frame


def _ints(table: pd.DataFrame, columns: Sequence[str]) -> pd.DataFrame:
    """Counts as int64 (DuckDB sums integers into decimals, Dask into floats)."""
    return table.astype({column: "int64" for column in columns})


def _count(frame: Any) -> int:
    return int(to_pandas(nw.from_native(frame).select(nw.len().alias("n")).to_native())["n"][0])


def load(
    declarations_path: str | Path | None,
    engine: str = "auto",
    scheduler_address: str | None = None,
    *,
    first_year: int,
    last_year: int,
    demo_rows: int = DEMO_ROWS,
) -> Extract:
    """Read, validate and stage an extract (or the synthetic demo) for the report.

    Args:
        declarations_path: A file, folder or glob of extracts; ``None`` for the demo.
        engine: As for :func:`smeanalysis.trade.load_declarations`.
        scheduler_address: A ``distributed`` scheduler (``tcp://host:8786``) for Dask;
            ``None`` computes locally.
        first_year: First Iranian year shown (the year before is kept for growth).
        last_year: Last Iranian year shown.
        demo_rows: Rows of the demo extract.

    Returns:
        The staged :class:`Extract`.

    Raises:
        SmeAnalysisError: The extract's problems, with file, line and column.
        ParameterError: A scheduler address with another engine than Dask.

    Example:
        >>> extract = load(None, "pandas", first_year=1400, last_year=1401, demo_rows=2_000)
        >>> extract.synthetic, extract.engine, extract.rows_read
        (True, 'pandas', 2000)
    """
    keep: list[Any] = []
    if scheduler_address is not None:
        if engine != "dask":
            raise ParameterError(
                [
                    Problem(
                        None,
                        None,
                        "scheduler_address",
                        repr(scheduler_address),
                        "None unless engine is 'dask' (a scheduler runs Dask computations)",
                    )
                ]
            )
        from distributed import Client

        keep.append(Client(scheduler_address))
    synthetic = declarations_path is None
    if synthetic:
        folder = tempfile.TemporaryDirectory(prefix="smeanalysis-demo-")
        keep.append(folder)
        trade.write_synthetic_declarations(
            folder.name, demo_rows, first_year=max(first_year - 1, 1279), last_year=last_year
        )
        path: str | Path = folder.name
        source = f"a synthetic extract of {demo_rows:,} declarations (seed 1398)"
    else:
        path = declarations_path  # type: ignore[assignment]
        source = str(declarations_path)
    connection = None
    if engine == "duckdb" or (engine == "auto" and not synthetic):
        import duckdb

        spill = tempfile.TemporaryDirectory(prefix="smeanalysis-duckdb-")
        config = {"memory_limit": DUCKDB_MEMORY_LIMIT, "temp_directory": spill.name}
        connection = duckdb.connect(config=config)
        keep += [spill, connection]
    table = trade.load_declarations(path, engine=engine, connection=connection)  # type: ignore[arg-type]
    used = _engine_of(table)
    return stage(table, used, first_year, last_year, source=source, synthetic=synthetic, keep=keep)


def _engine_of(table: Any) -> str:
    implementation = nw.from_native(table).implementation
    for name in ("pandas", "polars", "duckdb", "dask"):
        if getattr(implementation, f"is_{name}")():
            return name
    return str(implementation)  # pragma: no cover - the loader returns only these


def stage(
    table: Any,
    engine: str,
    first_year: int,
    last_year: int,
    *,
    source: str = "a frame",
    synthetic: bool = False,
    keep: list[Any] | None = None,
) -> Extract:
    """Keep the window of years (and the year before) and the report's columns, once.

    Args:
        table: Loaded declarations (any engine), or a pandas frame of them.
        engine: The table's engine; ``"auto"`` hands a pandas frame of more than
            :data:`AUTO_ROWS` rows to DuckDB.
        first_year: First Iranian year shown.
        last_year: Last Iranian year shown.
        source: What was read, in words.
        synthetic: The rows are synthetic.
        keep: Objects to keep alive with the result.

    Returns:
        The :class:`Extract`.

    Example:
        >>> rows = pd.DataFrame({"jalali_year": [1399, 1401], "jalali_month": [1, 1],
        ...     "hs_code": ["0401", "0401"], "province_code": ["IR-10", "IR-10"],
        ...     "destination": ["IRQ", "IRQ"], "value_usd": [1.0, 2.0], "weight_kg": [1.0, 1.0]})
        >>> extract = stage(rows, "auto", 1401, 1401)
        >>> extract.rows_read, extract.rows_in_window, extract.has_exporters, extract.engine
        (2, 1, False, 'pandas')
    """
    keep = list(keep or [])
    frame = nw.from_native(table)
    rows_read = _count(table)
    in_memory = False
    if engine == "auto":
        engine = "pandas"
        if isinstance(table, pd.DataFrame) and len(table) > AUTO_ROWS:
            engine, in_memory = "duckdb", True
            native = _arrow_window(table, first_year, last_year, keep)
    if not in_memory:
        names = frame.collect_schema().names()
        columns = [c for c in _KEEP if c in names]
        window = frame.filter(
            (nw.col("jalali_year") >= first_year - 1) & (nw.col("jalali_year") <= last_year)
        )
        window = window.select(*columns).with_columns(
            nw.col("hs_code").str.slice(0, 2).alias("hs2")
        )
        native = window.to_native()
    if engine in ("duckdb", "polars") and not in_memory:
        folder = tempfile.TemporaryDirectory(prefix="smeanalysis-staged-")
        keep.append(folder)
        staged = Path(folder.name) / "rows.parquet"
        if engine == "duckdb":
            native.write_parquet(str(staged))
            connection = next(k for k in keep if type(k).__name__ == "DuckDBPyConnection")
            native = connection.read_parquet(str(staged))
        else:
            import polars as pl

            native.sink_parquet(staged)
            native = pl.scan_parquet(staged)
    elif engine == "dask":
        # Read, validate and cut once: every query after this reads the rows kept in memory
        # (on the workers with a distributed client) instead of reading the files again.
        native = native.persist()
    return Extract(
        table=native,
        engine=engine,
        synthetic=synthetic,
        source=source,
        rows_read=rows_read,
        rows_in_window=_count(native),
        has_exporters="exporter_id" in nw.from_native(native).collect_schema().names(),
        first_year=first_year,
        last_year=last_year,
        keep=keep,
    )


def _arrow_window(table: pd.DataFrame, first_year: int, last_year: int, keep: list[Any]) -> Any:
    """A large pandas frame as a DuckDB relation over Arrow, window and ``hs2`` made once.

    pandas 3's strings are Arrow arrays, so the frame becomes an Arrow table without a copy
    (``from_df`` converted every string: staging 10^6 rows took 0.69 s against 0.02 s) and
    DuckDB scans it in place; only the rows outside the window are copied out. The columns
    the report groups on (``hs2``, ``destination``, ``province_code``) are dictionary-encoded,
    which DuckDB groups 2-4x faster than plain strings (10^7 rows by ``hs2``: 62 ms against
    227 ms, by year and destination 180 ms against 232 ms).
    """
    import duckdb
    import pyarrow as pa
    import pyarrow.compute as pc

    columns = [c for c in _KEEP if c in table.columns]
    arrow = pa.Table.from_pandas(table[columns], preserve_index=False)
    years = arrow["jalali_year"]
    low, high = (value.as_py() for value in pc.min_max(years).values())
    if low is None or low < first_year - 1 or high > last_year:
        inside = pc.and_(pc.greater_equal(years, first_year - 1), pc.less_equal(years, last_year))
        arrow = arrow.filter(inside)
    hs2 = pc.utf8_slice_codeunits(arrow["hs_code"], 0, 2)
    arrow = arrow.append_column("hs2", hs2)
    for column in ("hs2", "destination", "province_code"):
        position = arrow.column_names.index(column)
        arrow = arrow.set_column(position, column, pc.dictionary_encode(arrow[column]))
    connection = duckdb.connect()
    keep += [connection, arrow]
    return connection.from_arrow(arrow)


def _rows(extract: Extract, province_code: str | None) -> Any:
    """The staged rows, of one province when a code is given (a native frame)."""
    if province_code is None:
        return extract.table
    frame = nw.from_native(extract.table)
    return frame.filter(nw.col("province_code") == province_code).to_native()


def _shown(frame: pd.DataFrame, extract: Extract) -> pd.DataFrame:
    inside = frame["jalali_year"].between(extract.first_year, extract.last_year)
    return frame[inside].reset_index(drop=True)


def monthly(extract: Extract, province_code: str | None = None) -> pd.DataFrame:
    """Exports by Iranian year and month, with growth on the same month a year before.

    Returns:
        ``jalali_year``, ``jalali_month``, ``value_usd``, ``declarations``, ``previous`` and
        ``growth`` (a fraction), sorted, for the years shown.
    """
    rows = nw.from_native(_rows(extract, province_code))
    # One pass on the engine (at most 12 rows a year); growth's self-join on the small table
    # (on a lazy engine it would run the group-by again for each side and for its checks).
    sums = to_pandas(
        rows.group_by("jalali_year", "jalali_month")
        .agg(nw.col("value_usd").sum(), nw.len().alias("declarations"))
        .to_native()
    )
    grown = metrics.growth(sums, "value_usd", by="jalali_month", validate=False)
    table = grown.sort_values(["jalali_year", "jalali_month"])
    return _shown(_ints(table, ["jalali_year", "jalali_month", "declarations"]), extract)


def yearly(extract: Extract, province_code: str | None = None) -> pd.DataFrame:
    """Exports by Iranian year with growth on the year before (and the months covered).

    Returns:
        ``jalali_year``, ``value_usd``, ``declarations``, ``months`` (months with exports),
        ``previous`` and ``growth``.
    """
    rows = nw.from_native(_rows(extract, province_code))
    # One pass on the engine: sums per (year, month), at most 12 rows a year; the year's
    # totals and its months with exports come from that small table.
    sums = to_pandas(
        rows.group_by("jalali_year", "jalali_month")
        .agg(nw.col("value_usd").sum(), nw.len().alias("declarations"))
        .to_native()
    )
    sums = sums.groupby("jalali_year", as_index=False).agg(
        value_usd=("value_usd", "sum"),
        declarations=("declarations", "sum"),
        months=("jalali_month", "size"),
    )
    grown = metrics.growth(sums, "value_usd", validate=False)
    table = _ints(grown, ["jalali_year", "declarations", "months"])
    return _shown(table.sort_values("jalali_year"), extract)


def _with_next(frame: Any, value: str, by: Sequence[str]) -> Any:
    """Add ``previous`` (year before) and ``next`` (year after) of ``value`` per ``by`` group.

    Both through :func:`smeanalysis.metrics.growth`: the year after is the "previous" year
    of the negated year.
    """
    before = metrics.growth(frame, value, by=list(by), validate=False)
    before = nw.from_native(before).drop("growth")
    before = before.with_columns((-nw.col("jalali_year")).alias("__negated"))
    after = metrics.growth(
        before.rename({"previous": "__before"}).to_native(),
        value,
        period="__negated",
        by=list(by),
        validate=False,
    )
    after = nw.from_native(after).drop("growth", "__negated")
    return after.rename({"previous": "next", "__before": "previous"})


def exporter_dynamics(extract: Extract, province_code: str | None = None) -> pd.DataFrame:
    """The Exporter Dynamics Database measures per Iranian year (see the module docstring).

    Returns:
        ``jalali_year``, ``exporters``, ``entrants``, ``exits`` (exporters of the year before
        that stopped), ``entry_rate``, ``exit_rate``, ``survival`` (of the year's entrants
        into the next year), ``value_usd``, ``per_exporter`` and ``top5_share``; rates are
        fractions, missing where the data cannot say.

    Raises:
        ParameterError: The extract has no ``exporter_id`` column.
    """
    if not extract.has_exporters:
        raise ParameterError(
            [Problem(None, None, "exporter_id", "no such column", "an exporter_id column")]
        )
    rows = nw.from_native(_rows(extract, province_code))
    # Exporter x year sums, read by both growth calls, their checks and each year's top 5%.
    firms = nw.from_native(
        _computed_once(
            rows.group_by("exporter_id", "jalali_year").agg(nw.col("value_usd").sum()).to_native()
        )
    )
    linked = nw.from_native(_with_next(firms.to_native(), "value_usd", ["exporter_id"]))
    # Flags as columns first: a group-by aggregates plain columns on every engine.
    new = nw.col("previous").is_null()
    stays = ~nw.col("next").is_null()
    flags = linked.with_columns(
        nw.lit(1).alias("exporters"),
        nw.when(new).then(1).otherwise(0).alias("entrants"),
        nw.when(stays).then(0).otherwise(1).alias("leavers"),
        nw.when(new & stays).then(1).otherwise(0).alias("survivors"),
    )
    per_year = flags.group_by("jalali_year").agg(
        nw.col("exporters", "value_usd", "entrants", "leavers", "survivors").sum()
    )
    per_year = metrics.per_unit(per_year.to_native(), "value_usd", "exporters", "per_exporter")
    table = to_pandas(per_year).sort_values("jalali_year").reset_index(drop=True)
    table = _ints(table, ["jalali_year", "exporters", "entrants", "leavers", "survivors"])
    years = table["jalali_year"]
    data_first, data_last = int(years.min()), int(years.max())
    table["entrants"] = table["entrants"].where(years > data_first)
    table["entry_rate"] = table["entrants"] / table["exporters"]
    before = table.set_index("jalali_year")
    leavers = before["leavers"].reindex(years - 1).to_numpy()
    exporters_before = before["exporters"].reindex(years - 1).to_numpy()
    table["exits"] = leavers
    table["exit_rate"] = leavers / exporters_before
    table["survival"] = (table["survivors"] / table["entrants"]).where(years < data_last)
    shares = []
    for year, n_exporters in zip(years, table["exporters"], strict=True):
        of_year = nw.from_native(firms.to_native()).filter(nw.col("jalali_year") == year)
        top = metrics.top_share(
            of_year.to_native(),
            "value_usd",
            by="exporter_id",
            n=max(1, math.ceil(0.05 * n_exporters)),
        )
        shares.append(float(to_pandas(top)["top_share"].iloc[0]))
    table["top5_share"] = shares
    columns = [
        "jalali_year",
        "exporters",
        "entrants",
        "exits",
        "entry_rate",
        "exit_rate",
        "survival",
        "value_usd",
        "per_exporter",
        "top5_share",
    ]
    return _shown(table[columns], extract)


def margins(extract: Extract, province_code: str | None = None) -> pd.DataFrame:
    """Extensive and intensive margins of export growth (see the module docstring).

    Returns:
        ``jalali_year``, ``value_usd``, ``change`` (on the year before), ``new`` (value of
        new triples), ``lost`` (the year before's value of triples that stopped),
        ``extensive`` (new - lost) and ``intensive`` (change within continuing triples);
        ``extensive + intensive == change``. The first year of the data has none.

    Raises:
        ParameterError: The extract has no ``exporter_id`` column.
    """
    if not extract.has_exporters:
        raise ParameterError(
            [Problem(None, None, "exporter_id", "no such column", "an exporter_id column")]
        )
    keys = ["exporter_id", "hs_code", "destination"]
    rows = nw.from_native(_rows(extract, province_code))
    triples = rows.group_by(*keys, "jalali_year").agg(nw.col("value_usd").sum())
    linked = nw.from_native(_with_next(triples.to_native(), "value_usd", keys))
    new = nw.col("previous").is_null()
    zero = nw.lit(0.0)
    parts = linked.with_columns(
        nw.when(new).then(nw.col("value_usd")).otherwise(zero).alias("new"),
        nw.when(~new)
        .then(nw.col("value_usd") - nw.col("previous"))
        .otherwise(zero)
        .alias("intensive"),
        nw.when(nw.col("next").is_null())
        .then(nw.col("value_usd"))
        .otherwise(zero)
        .alias("stopping"),
    )
    per_year = parts.group_by("jalali_year").agg(
        nw.col("value_usd", "new", "intensive", "stopping").sum()
    )
    table = to_pandas(per_year).sort_values("jalali_year").reset_index(drop=True)
    years = table["jalali_year"].astype(int)
    by_year = table.set_index("jalali_year")
    table["lost"] = by_year["stopping"].reindex(years - 1).to_numpy()
    table["change"] = table["value_usd"] - by_year["value_usd"].reindex(years - 1).to_numpy()
    first = years == years.min()
    table.loc[first, ["new", "intensive"]] = float("nan")
    table["extensive"] = table["new"] - table["lost"]
    columns = ["jalali_year", "value_usd", "change", "new", "lost", "extensive", "intensive"]
    return _shown(table[columns], extract)


def destinations(
    extract: Extract, top_n: int = 5, province_code: str | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Destinations per Iranian year: shares, and concentration (HHI and top-n share).

    Returns:
        ``(shares, concentration)``: the first with ``jalali_year``, ``destination``,
        ``value_usd``, ``share`` and ``rank`` (the top ``top_n`` per year); the second with
        ``jalali_year``, ``destinations``, ``hhi`` and ``top_share``.
    """
    frame = nw.from_native(_rows(extract, province_code))
    # One pass on the engine: the (year, destination) sums, a small table that both the
    # shares and the concentration measures work on (each used to scan the rows again).
    sums = to_pandas(
        frame.group_by("jalali_year", "destination").agg(nw.col("value_usd").sum()).to_native()
    )
    shares = metrics.share(sums, "value_usd", within="jalali_year")
    shares = shares.sort_values(["jalali_year", "value_usd"], ascending=[True, False])
    shares["rank"] = shares.groupby("jalali_year").cumcount() + 1
    concentration = metrics.concentration(
        sums, "value_usd", by="destination", within="jalali_year", n=top_n
    ).rename(columns={"units": "destinations"})
    concentration = concentration.sort_values("jalali_year")
    top = shares[shares["rank"] <= top_n].reset_index(drop=True)
    columns = ["jalali_year", "destinations", "hhi", "top_share"]
    return _shown(top, extract), _shown(concentration[columns], extract)


def sections(
    extract: Extract, top_n: int = 5, province_code: str | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """HS sections per Iranian year: shares and concentration, from chapter totals.

    The (year, chapter) totals are computed on the engine; their sections (at most 97
    chapters a year) are looked up and measured on that small table.

    Returns:
        ``(shares, concentration)`` as :func:`destinations`, with ``section`` (Roman
        numeral) and ``title`` instead of ``destination``, and ``sections`` counted.
    """
    frame = nw.from_native(_rows(extract, province_code))
    chapters = to_pandas(
        frame.group_by("jalali_year", "hs2").agg(nw.col("value_usd").sum()).to_native()
    )
    numerals = {code: hs.section(code) for code in chapters["hs2"].unique()}
    chapters["section"] = chapters["hs2"].map(
        lambda code: numerals[code].numeral if numerals[code] else "national (98-99)"
    )
    chapters["section"] = chapters["section"].astype("string")
    by_section = chapters.groupby(["jalali_year", "section"], as_index=False)["value_usd"].sum()
    shares = metrics.share(by_section, "value_usd", within="jalali_year")
    shares = shares.sort_values(["jalali_year", "value_usd"], ascending=[True, False])
    shares["rank"] = shares.groupby("jalali_year").cumcount() + 1
    titles = {s.numeral: s.title for s in hs.SECTIONS.values()}
    shares["title"] = shares["section"].map(titles).fillna("Reserved for national use")
    concentration = metrics.concentration(
        by_section, "value_usd", by="section", within="jalali_year", n=top_n
    ).rename(columns={"units": "sections"})
    top = shares[shares["rank"] <= top_n].reset_index(drop=True)
    columns = ["jalali_year", "sections", "hhi", "top_share"]
    return _shown(top, extract), _shown(concentration.sort_values("jalali_year")[columns], extract)


def unit_values(extract: Extract, province_code: str | None = None) -> pd.DataFrame:
    """USD per kg by HS chapter over the years shown, with outlying declarations counted.

    Returns:
        ``hs2``, ``title``, ``value_usd``, ``weight_kg``, ``declarations``, ``usd_per_kg``,
        ``no_weight`` (declarations of 0 kg), ``outliers`` (declarations whose unit value is
        more than :data:`OUTLIER_FACTOR` times above or below the chapter's) and
        ``outlier_share``; sorted by value.
    """
    frame = nw.from_native(_rows(extract, province_code))
    frame = frame.filter(nw.col("jalali_year") >= extract.first_year)
    # One checked grouped sum per chapter, then the chapter totals joined back once to count
    # the outliers (metrics.unit_values); the rest is the small table of chapters.
    measured = metrics.unit_values(
        frame.to_native(), "value_usd", "weight_kg", within="hs2", factor=OUTLIER_FACTOR
    )
    table = to_pandas(measured).rename(
        columns={
            "rows": "declarations",
            "unit_value": "usd_per_kg",
            "zero_quantity": "no_weight",
        }
    )
    table = _ints(table, ["declarations", "no_weight", "outliers"])
    table["outlier_share"] = table["outliers"] / table["declarations"]
    table["title"] = table["hs2"].map(
        lambda code: hs.CHAPTERS.get(code, "Reserved for national use")
    )
    columns = [
        "hs2",
        "title",
        "value_usd",
        "weight_kg",
        "declarations",
        "usd_per_kg",
        "no_weight",
        "outliers",
        "outlier_share",
    ]
    return table.sort_values("value_usd", ascending=False)[columns].reset_index(drop=True)


def rca_table(extract: Extract) -> pd.DataFrame:
    """Balassa RCA of each province in each HS chapter over the years shown (all provinces).

    Returns:
        ``province_code``, ``province``, ``hs2``, ``title``, ``value_usd`` and ``rca``.
    """
    frame = nw.from_native(extract.table).filter(nw.col("jalali_year") >= extract.first_year)
    result = metrics.rca(frame.to_native(), "province_code", "hs2", "value_usd")
    table = to_pandas(result)
    table["province"] = table["province_code"].map(lambda code: provinces.name(code))
    table["title"] = table["hs2"].map(
        lambda code: hs.CHAPTERS.get(code, "Reserved for national use")
    )
    columns = ["province_code", "province", "hs2", "title", "value_usd", "rca"]
    return table.sort_values(["province_code", "hs2"])[columns].reset_index(drop=True)


def gaps(extract: Extract, province_code: str | None = None) -> dict[str, Any]:
    """What the extract does not say, for the "what the file does not say" section.

    Returns:
        ``missing_months`` (``(year, month)`` without a declaration in the years shown),
        ``missing_provinces`` (English names of provinces without one, whole country),
        ``rows_outside`` (rows read outside the years shown and the year before),
        ``rows_rejected`` (0: the loader refuses a file with any bad row, so a page exists
        only for a file whose every row passed).
    """
    frame = nw.from_native(_rows(extract, province_code))
    frame = frame.filter(nw.col("jalali_year") >= extract.first_year)
    months = to_pandas(frame.select("jalali_year", "jalali_month").unique().to_native())
    present = {(int(y), int(m)) for y, m in months.itertuples(index=False)}
    wanted = [
        (year, month)
        for year in range(extract.first_year, extract.last_year + 1)
        for month in range(1, 13)
    ]
    codes = to_pandas(
        nw.from_native(extract.table)
        .filter(nw.col("jalali_year") >= extract.first_year)
        .select("province_code")
        .unique()
        .to_native()
    )
    seen = set(codes["province_code"].dropna())
    table = provinces.provinces_table()
    missing_provinces = sorted(table.loc[~table["code"].isin(seen), "name_en"])
    return {
        "missing_months": [pair for pair in wanted if pair not in present],
        "missing_provinces": missing_provinces,
        "rows_outside": extract.rows_read - extract.rows_in_window,
        "rows_rejected": 0,
        "month_names": calendar.MONTHS_EN,
    }


#: The first line of every page built from the synthetic demo.
BANNER = (
    "**Synthetic data.** Every number on this page comes from a seeded synthetic extract "
    "(`smeanalysis.trade.synthetic_declarations`), not from customs records: it shows what "
    "the report does, not what Iran exported. Give `declarations_path` to run it on yours."
)


def key_findings(
    years: pd.DataFrame,
    dynamics: pd.DataFrame | None,
    top_destinations: pd.DataFrame,
    concentration: pd.DataFrame,
    place: str,
    top_n: int = 5,
) -> list[str]:
    """Three or four sentences on the extract's latest year, from the tables the page shows.

    The latest year's exports and their growth (:func:`yearly`), its exporters and the share
    of the top 5% of them (:func:`exporter_dynamics`; left out without ``exporter_id``), and
    its largest destination and top-``top_n`` share (:func:`destinations`). The figures are
    the extract's own, so the sentences name no web source.

    Example:
        >>> extract = load(None, "pandas", first_year=1401, last_year=1402)
        >>> top, conc = destinations(extract, 5)
        >>> found = key_findings(yearly(extract), exporter_dynamics(extract), top, conc, "Iran")
        >>> len(found), found[0].startswith("In 1402, Iran's declarations add up to")
        (3, True)
    """
    found = []
    latest = years.dropna(subset=["value_usd"]).iloc[-1]
    year = int(latest["jalali_year"])
    growth = latest["growth"]
    change = (
        f", {escape_text(percent(growth, 1, fraction=True))} on {year - 1}"
        if pd.notna(growth)
        else f" (no {year - 1} in the extract to compare with)"
    )
    found.append(
        f"In {year}, {escape_text(place)}'s declarations add up to "
        f"{escape_text(amount(latest['value_usd'], 'usd', decimals=1))} of exports{change}, over "
        f"{escape_text(count(int(latest['months']), 'month'))} with exports."
    )
    if dynamics is not None and not dynamics.empty:
        row = dynamics.loc[dynamics["jalali_year"].eq(year)]
        if not row.empty:
            row = row.iloc[0]
            found.append(
                f"{escape_text(count(int(row['exporters']), 'exporter'))} shipped goods in {year}; "
                f"the top 5% of them accounted for "
                f"{escape_text(percent(row['top5_share'], 1, fraction=True))} of the value."
            )
    first = top_destinations.loc[
        top_destinations["jalali_year"].eq(year) & top_destinations["rank"].eq(1)
    ]
    spread = concentration.loc[concentration["jalali_year"].eq(year)]
    if not first.empty and not spread.empty:
        name = countries.countries_table().set_index("iso3")["name_en"]
        code = str(first.iloc[0]["destination"])
        found.append(
            f"The largest destination in {year} was {escape_text(name.get(code, code))}, with "
            f"{escape_text(percent(first.iloc[0]['share'], 1, fraction=True))} of the value; "
            f"the top {top_n} destinations took "
            f"{escape_text(percent(spread.iloc[0]['top_share'], 1, fraction=True))}."
        )
    return found


# --------------------------------------------------------------------------------------------
# What the page shows: the tables above written for display (tidy frames in, Markdown out).
# Amounts, shares and counts are written by the text kit (reports.text), never scaled by hand;
# the headers and sentences are English messages with entries in the catalog (locales/fa.yaml).


def _usd(value: object) -> str:
    """A computed dollar amount: one decimal with a magnitude word, whole dollars below."""
    if is_missing(value):
        return MISSING
    return amount(value, "usd", decimals=1 if abs(float(value)) >= 1e6 else 0)  # type: ignore[arg-type]


def _share(value: object, decimals: int = 1) -> str:
    return percent(value, decimals, fraction=True)


def _chapter_title(code: object) -> str:
    return hs.CHAPTERS.get(str(code), "Reserved for national use")


def source_text(extract: Extract) -> str:
    """What a chart's source line names: the demo, or the file read.

    Example:
        >>> source_text(load(None, "pandas", first_year=1401, last_year=1401, demo_rows=500))
        'synthetic demo extract'
    """
    return "synthetic demo extract" if extract.synthetic else extract.source


def read_markdown(extract: Extract, place: str) -> str:
    """What was read, on which engine, how many rows fall in the window, and the scope.

    The engine's name is code (it stays as written on a Persian page).

    Example:
        >>> extract = load(None, "pandas", first_year=1401, last_year=1401, demo_rows=500)
        >>> print(read_markdown(extract, "Iran"))  # doctest: +NORMALIZE_WHITESPACE
        Read a synthetic extract of 500 declarations &#40;seed 1398&#41; on `pandas`: 500
        declarations. 500 declarations fall in 1400-1401 (the year before 1401 is kept for
        growth). Scope: Iran.
    """
    if extract.synthetic:
        what = escape_text(extract.source)
    else:
        what = "`" + extract.source.replace("`", "") + "`"
    first, last = extract.first_year, extract.last_year
    return (
        f"Read {what} on `{extract.engine}`: {count(extract.rows_read, 'declaration')}. "
        f"{count(extract.rows_in_window, 'declaration')} fall in {first - 1}-{last} "
        f"(the year before {first} is kept for growth). Scope: {escape_text(place)}."
    )


def yearly_markdown(years: pd.DataFrame) -> str:
    """Exports by Iranian year (:func:`yearly`) as a Markdown table.

    Example:
        >>> years = pd.DataFrame({"jalali_year": [1400, 1401], "value_usd": [2.5e6, 3.1e6],
        ...     "declarations": [10, 12], "months": [12, 11], "growth": [float("nan"), 0.24]})
        >>> print(yearly_markdown(years).splitlines()[3])
        | 1401 | &#36;3.1 million | 12 | 11 | 24.0% |
    """
    shown = years.assign(
        value_text=[_usd(v) for v in years["value_usd"]],
        growth_text=[_share(v) for v in years["growth"]],
    )
    return markdown_table(
        shown,
        {
            "jalali_year": "Year",
            "value_text": "Exports",
            "declarations": "Declarations",
            "months": "Months with exports",
            "growth_text": "Growth on the year before",
        },
        download="exports_by_year",
    )


def monthly_chart(months: pd.DataFrame, extract: Extract) -> Any:
    """Exports by Iranian month, one line a year (:func:`monthly`), with its numbers.

    Example:
        >>> extract = load(None, "pandas", first_year=1401, last_year=1401, demo_rows=500)
        >>> fig = monthly_chart(monthly(extract), extract)
        >>> fig.axes[0].get_title(loc="left"), fig.axes[0].get_xticklabels()[0].get_text()
        ('Exports by Iranian month', 'Farvardin')
        >>> import matplotlib.pyplot as plt; plt.close(fig)
    """
    import matplotlib.pyplot as plt

    factor, units = unit_scale("usd", float(months["value_usd"].abs().max()))
    _, ax = plt.subplots(figsize=(9, 3.6))
    for year, part in months.groupby("jalali_year"):
        ax.plot(part["jalali_month"], part["value_usd"] / factor, marker="o", label=str(year))
    ax.set_xticks(range(1, 13), labels=list(calendar.MONTHS_EN), rotation=45, ha="right")
    legend_outside(ax, title="Year")
    names = [calendar.MONTHS_EN[int(m) - 1] for m in months["jalali_month"]]
    numbers = months.assign(month=names)[["jalali_year", "month", "value_usd"]]
    return finish(
        ax,
        title="Exports by Iranian month",
        units=units,
        source=source_text(extract),
        data=numbers,
    )


def exporters_markdown(dynamics: pd.DataFrame | None, grown: pd.DataFrame | None) -> str:
    """Exporters' entry, exit and survival, and the margins of growth, as Markdown.

    From :func:`exporter_dynamics` and :func:`margins`; without an ``exporter_id`` column
    (``None`` for both), a sentence saying why the sections are left out.

    Example:
        >>> print(exporters_markdown(None, None))  # doctest: +NORMALIZE_WHITESPACE
        The extract has no `exporter_id` column, so it cannot say who exported: the exporter
        sections (numbers, entry, exit, survival, concentration) and the margins of growth are
        left out.
    """
    if dynamics is None or grown is None:
        return (
            "The extract has no `exporter_id` column, so it cannot say who exported: the "
            "exporter sections (numbers, entry, exit, survival, concentration) and the margins "
            "of growth are left out."
        )
    rates = ("entry_rate", "exit_rate", "survival", "top5_share")
    shown = dynamics.assign(
        **{f"{c}_text": [_share(v) for v in dynamics[c]] for c in rates},
        per_exporter_text=[_usd(v) for v in dynamics["per_exporter"]],
    )
    table = markdown_table(
        shown,
        {
            "jalali_year": "Year",
            "exporters": "Exporters",
            "entrants": "Entrants",
            "exits": "Exits",
            "entry_rate_text": "Entry rate",
            "exit_rate_text": "Exit rate",
            "survival_text": "Entrants surviving a year",
            "per_exporter_text": "Exports per exporter",
            "top5_share_text": "Share of the top 5% of exporters",
        },
        download="exporters",
    )
    parts = ("change", "new", "lost", "extensive", "intensive")
    moved = grown.assign(**{f"{c}_text": [_usd(v) for v in grown[c]] for c in parts})
    margins_table = markdown_table(
        moved,
        {
            "jalali_year": "Year",
            "change_text": "Change on the year before",
            "new_text": "New triples",
            "lost_text": "Stopped triples",
            "extensive_text": "Extensive margin",
            "intensive_text": "Intensive margin",
        },
        download="margins_of_growth",
    )
    return (
        f"{table}\n\n### Extensive and intensive margins (exporter-product-destination)\n\n"
        f"{margins_table}"
    )


def concentration_markdown(
    destination_concentration: pd.DataFrame, section_concentration: pd.DataFrame, top_n: int
) -> str:
    """Destinations and HS sections per year: how many, HHI and top-``top_n`` share.

    Example:
        >>> dest = pd.DataFrame({"jalali_year": [1401], "destinations": [40], "hhi": [812.4],
        ...     "top_share": [0.61]})
        >>> sect = pd.DataFrame({"jalali_year": [1401], "sections": [21], "hhi": [1204.9],
        ...     "top_share": [0.7]})
        >>> print(concentration_markdown(dest, sect, 5).splitlines()[2])
        | 1401 | 40 | 812 | 61.0% | 21 | 1,205 | 70.0% |
    """
    both = destination_concentration.merge(
        section_concentration, on="jalali_year", suffixes=("", "_s"), validate="1:1"
    )
    shown = both.assign(
        top_text=[_share(v) for v in both["top_share"]],
        top_text_s=[_share(v) for v in both["top_share_s"]],
    )
    return markdown_table(
        shown,
        {
            "jalali_year": "Year",
            "destinations": "Destinations",
            "hhi": "HHI of destinations",
            "top_text": f"Top {top_n} destinations' share",
            "sections": "HS sections",
            "hhi_s": "HHI of sections",
            "top_text_s": f"Top {top_n} sections' share",
        },
        decimals={"hhi": 0, "hhi_s": 0},
        download="concentration",
    )


def destinations_markdown(top_destinations: pd.DataFrame) -> str:
    """The top destinations per year (:func:`destinations`), by name, as a Markdown table.

    Example:
        >>> top = pd.DataFrame({"jalali_year": [1401], "rank": [1], "destination": ["IRQ"],
        ...     "value_usd": [4.2e6], "share": [0.253]})
        >>> print(destinations_markdown(top).splitlines()[2])
        | 1401 | 1 | Iraq | &#36;4.2 million | 25.3% |
    """
    names = countries.countries_table().set_index("iso3")["name_en"]
    shown = top_destinations.assign(
        name=[names.get(code, code) for code in top_destinations["destination"]],
        value_text=[_usd(v) for v in top_destinations["value_usd"]],
        share_text=[_share(v) for v in top_destinations["share"]],
    )
    return markdown_table(
        shown,
        {
            "jalali_year": "Year",
            "rank": "Rank",
            "name": "Destination",
            "value_text": "Exports",
            "share_text": "Share",
        },
        download="top_destinations",
    )


def sections_markdown(top_sections: pd.DataFrame) -> str:
    """The top HS sections per year (:func:`sections`) as a Markdown table.

    Example:
        >>> top = pd.DataFrame({"jalali_year": [1401], "rank": [1], "section": ["XVI"],
        ...     "title": ["Machinery and mechanical appliances; electrical equipment"],
        ...     "value_usd": [9.1e6], "share": [0.18]})
        >>> print(sections_markdown(top).splitlines()[2])
        | 1401 | 1 | XVI | Machinery and mechanical appliances; electrical equipment | &#36;9.1 million | 18.0% |
    """  # noqa: E501
    shown = top_sections.assign(
        value_text=[_usd(v) for v in top_sections["value_usd"]],
        share_text=[_share(v) for v in top_sections["share"]],
    )
    return markdown_table(
        shown,
        {
            "jalali_year": "Year",
            "rank": "Rank",
            "section": "Section",
            "title": "Title",
            "value_text": "Exports",
            "share_text": "Share",
        },
        download="top_sections",
    )


def unit_values_markdown(
    values: pd.DataFrame, first_year: int, last_year: int, rows: int = 15
) -> str:
    """Unit values by HS chapter (:func:`unit_values`): the rule, the counts, the table.

    Example:
        >>> values = pd.DataFrame({"hs2": ["52"], "title": ["Cotton"], "usd_per_kg": [3.456],
        ...     "declarations": [200], "outliers": [3], "outlier_share": [0.015],
        ...     "no_weight": [1]})
        >>> print(unit_values_markdown(values, 1400, 1401).splitlines()[4])
        | 52 | Cotton | 3.46 | 200 | 3 | 1.50% |
    """
    flagged = int(values["outliers"].sum())
    weightless = int(values["no_weight"].sum())
    head = (
        f"USD per kg, {first_year}-{last_year}; a declaration is an outlier when its unit value "
        f"is more than {OUTLIER_FACTOR:g} times above or below its chapter's. "
        f"{count(flagged, 'declaration')} flagged, {count(weightless, 'declaration')} with 0 kg."
    )
    shown = values.head(rows)
    shown = shown.assign(outlier_text=[_share(v, 2) for v in shown["outlier_share"]])
    table = markdown_table(
        shown,
        {
            "hs2": "Chapter",
            "title": "Title",
            "usd_per_kg": "USD per kg",
            "declarations": "Declarations",
            "outliers": "Outliers",
            "outlier_text": "Outliers' share",
        },
        decimals={"usd_per_kg": 2},
        download="unit_values",
    )
    return f"{head}\n\n{table}"


def advantage_markdown(
    advantage: pd.DataFrame,
    province_code: str | None,
    place: str,
    top_n: int,
    first_year: int,
    last_year: int,
) -> str:
    """The province's (or every province's) strongest comparative advantages (:func:`rca_table`).

    The ``3 * top_n`` chapters of highest RCA above 1, of the province when a code is given.

    Example:
        >>> rca = pd.DataFrame({"province_code": ["IR-10", "IR-10"], "province": ["Isfahan"] * 2,
        ...     "hs2": ["52", "72"], "title": ["Cotton", "Iron and steel"], "rca": [2.345, 0.5]})
        >>> print(advantage_markdown(rca, "IR-10", "Isfahan", 5, 1400, 1401).splitlines()[4])
        | Isfahan | 52 | Cotton | 2.35 |
    """
    chosen = advantage
    if province_code is not None:
        chosen = advantage[advantage["province_code"].eq(province_code)]
    strongest = chosen[chosen["rca"] > 1].sort_values("rca", ascending=False).head(top_n * 3)
    rule = (
        f"Balassa's revealed comparative advantage (RCA) over {first_year}-{last_year}, against "
        "all provinces of the extract; above 1 the province is relatively specialised in the "
        "chapter."
    )
    if strongest.empty:
        return f"{rule} No chapter has an RCA above 1 for {escape_text(place)}."
    table = markdown_table(
        strongest,
        {"province": "Province", "hs2": "Chapter", "title": "Title", "rca": "RCA"},
        decimals={"rca": 2},
        download="comparative_advantage",
    )
    return f"{rule} Strongest for {escape_text(place)}:\n\n{table}"


def gaps_markdown(missing: dict[str, Any], first_year: int, last_year: int) -> str:
    """The "what the file does not say" list, from :func:`gaps`.

    Example:
        >>> found = {"missing_months": [(1401, 12)], "missing_provinces": [],
        ...     "rows_outside": 0, "month_names": calendar.MONTHS_EN}
        >>> print(gaps_markdown(found, 1400, 1401))  # doctest: +NORMALIZE_WHITESPACE
        - Months without a declaration in 1400-1401: Esfand 1401.
        - Provinces without a declaration: none.
        - Rows outside 1399-1401: 0 rows.
        - Rows rejected: none. The loader refuses a file with any bad row (naming file, line
          and column), so a page exists only for a file whose every row passed.
    """
    names = missing["month_names"]
    months = [f"{names[m - 1]} {y}" for y, m in missing["missing_months"]]
    return "\n".join(
        [
            f"- Months without a declaration in {first_year}-{last_year}: "
            + (escape_text(", ".join(months)) if months else "none")
            + ".",
            "- Provinces without a declaration: "
            + (escape_text(", ".join(missing["missing_provinces"])) or "none")
            + ".",
            f"- Rows outside {first_year - 1}-{last_year}: "
            f"{count(missing['rows_outside'], 'row')}.",
            "- Rows rejected: none. The loader refuses a file with any bad row (naming file, "
            "line and column), so a page exists only for a file whose every row passed.",
        ]
    )

"""Every metric gives the pandas result on Polars (eager, lazy), DuckDB and Dask.

Synthetic data only: a small seeded table of export declarations.
"""

from __future__ import annotations

import warnings

import dask.dataframe as dd
import duckdb
import numpy as np
import pandas as pd
import polars as pl
import pytest

from smeanalysis import calendar, metrics
from smeanalysis.errors import SmeAnalysisError

PROVINCES = ["Tehran", "Isfahan", "Khorasan Razavi", "Fars", "Yazd"]
PARTNERS = ["IRQ", "CHN", "ARE", "AFG", "TUR", "IND"]
CHAPTERS = ["39", "57", "41", "08", "84"]


def synthetic_declarations(seed: int = 7, n: int = 400) -> pd.DataFrame:
    """Seeded synthetic declarations (not real data)."""
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame(
        {
            "jalali_year": rng.integers(1396, 1401, n),
            "province": pd.array(rng.choice(PROVINCES, n), dtype="string"),
            "partner": pd.array(rng.choice(PARTNERS, n), dtype="string"),
            "hs2": pd.array(rng.choice(CHAPTERS, n), dtype="string"),
            "value": rng.gamma(2.0, 1000.0, n).round(2),
        }
    )
    frame.loc[:4, "value"] = 0.0  # zeros are legal values
    return frame


def yearly_panel(seed: int = 3) -> pd.DataFrame:
    """One row per year and province, with a gap year and a zero (synthetic)."""
    rng = np.random.default_rng(seed)
    rows = [
        (year, province, float(rng.integers(0, 50)))
        for province in PROVINCES
        for year in range(1395, 1402)
        if not (province == "Fars" and year == 1398)
    ]
    frame = pd.DataFrame(rows, columns=["jalali_year", "province", "value"])
    frame["province"] = frame["province"].astype("string")
    return frame


# Each engine: how to turn a pandas frame into it, its native type, and how to get pandas back.
_con = duckdb.connect()


def _dask(frame: pd.DataFrame):
    return dd.from_pandas(frame, npartitions=3)


ENGINES = {
    "pandas": (lambda f: f, pd.DataFrame, lambda r: r),
    "polars": (pl.from_pandas, pl.DataFrame, lambda r: r.to_pandas()),
    "polars-lazy": (
        lambda f: pl.from_pandas(f).lazy(),
        pl.LazyFrame,
        lambda r: r.collect().to_pandas(),
    ),
    "duckdb": (lambda f: _con.from_df(f), duckdb.DuckDBPyRelation, lambda r: r.df()),
    "dask": (_dask, dd.DataFrame, lambda r: r.compute()),
}


@pytest.fixture(params=list(ENGINES))
def engine(request):
    return request.param


def run_on(engine_name, function, frame, *args, **kwargs):
    to_engine, native_type, back = ENGINES[engine_name]
    result = function(to_engine(frame), *args, **kwargs)
    assert isinstance(result, native_type), type(result)
    return back(result)


def assert_same(result: pd.DataFrame, expected: pd.DataFrame, keys: list[str]) -> None:
    """Equal up to row order and dtype flavour (NA/None/NaN all count as missing)."""

    def norm(frame: pd.DataFrame) -> pd.DataFrame:
        frame = frame[list(expected.columns)].sort_values(keys).reset_index(drop=True)
        for column in frame.columns:
            if column in keys and not pd.api.types.is_numeric_dtype(frame[column]):
                frame[column] = frame[column].astype("string")
            elif pd.api.types.is_numeric_dtype(frame[column]):
                frame[column] = frame[column].astype("float64")
        return frame

    pd.testing.assert_frame_equal(norm(result), norm(expected), check_dtype=False, rtol=1e-9)


KEYS = ["jalali_year", "province", "partner", "hs2", "value"]

CASES = {
    "share-whole": (metrics.share, {}, KEYS),
    "share-within": (metrics.share, {"within": ["jalali_year", "province"]}, KEYS),
    "hhi": (metrics.hhi, {"within": ["jalali_year", "province"]}, ["jalali_year", "province"]),
    "hhi-whole": (metrics.hhi, {"by": "hs2"}, ["hhi"]),
    "top-share": (metrics.top_share, {"n": 2, "within": "province"}, ["province"]),
    "top-share-whole": (metrics.top_share, {"n": 3}, ["top_share"]),
    "rca": (metrics.rca, {}, ["province", "hs2"]),
    "rca-period": (metrics.rca, {"period": "jalali_year"}, ["jalali_year", "province", "hs2"]),
}


@pytest.mark.parametrize("case", list(CASES))
def test_declaration_metrics_equal_pandas(engine, case):
    function, kwargs, keys = CASES[case]
    frame = synthetic_declarations()
    expected = function(frame, **kwargs)
    result = run_on(engine, function, frame, **kwargs)
    assert len(result) == len(expected)
    assert_same(result, expected, keys)


@pytest.mark.parametrize(
    ("within", "by", "n"),
    [(["jalali_year", "province"], "partner", 2), ("jalali_year", "hs2", 1), ((), "partner", 3)],
    ids=["two-keys", "one-key", "whole"],
)
def test_concentration_equals_hhi_top_share_and_counts(engine, within, by, n):
    frame = synthetic_declarations()
    keys = [within] if isinstance(within, str) else list(within)
    result = run_on(engine, metrics.concentration, frame, by=by, within=within, n=n)
    assert list(result.columns) == [*keys, "units", "hhi", "top_share"]
    hhi = metrics.hhi(frame, by=by, within=within)
    top = metrics.top_share(frame, by=by, n=n, within=within)
    if keys:
        units = frame.groupby(keys)[by].nunique().rename("units").reset_index()
        expected = hhi.merge(top, on=keys).merge(units, on=keys)
    else:
        expected = pd.concat([hhi, top], axis=1).assign(units=frame[by].nunique())
    expected = expected[[*keys, "units", "hhi", "top_share"]]
    assert len(result) == len(expected)
    assert_same(result, expected, keys or ["hhi"])
    # The measures themselves, by hand on pandas: 10,000 x sum of squared shares, top n sum.
    sums = frame.groupby([*keys, by])["value"].sum() if keys else frame.groupby(by)["value"].sum()
    groups = sums.groupby(level=keys) if keys else [((), sums)]
    for key, part in groups:
        shares = part / part.sum()
        row = result
        for name, wanted in zip(keys, key if isinstance(key, tuple) else (key,), strict=True):
            row = row[row[name] == wanted]
        assert row["hhi"].item() == pytest.approx(10_000 * (shares**2).sum(), rel=1e-9)
        assert row["top_share"].item() == pytest.approx(shares.nlargest(n).sum(), rel=1e-9)
        assert row["units"].item() == len(part)


def test_concentration_rejects_bad_n_and_zero_total_is_missing(engine):
    frame = synthetic_declarations()
    with pytest.raises(SmeAnalysisError, match="whole number"):
        run_on(engine, metrics.concentration, frame, n=0)
    zeros = frame.assign(value=0.0)
    result = run_on(engine, metrics.concentration, zeros, within="jalali_year")
    assert result["hhi"].isna().all() and result["top_share"].isna().all()
    assert (result["units"] == len(PARTNERS)).all()


PANEL_CASES = {
    "growth": (metrics.growth, {"by": "province"}),
    "cagr-over": (metrics.cagr_over, {"by": ["province"], "years": 3}),
}


@pytest.mark.parametrize("case", list(PANEL_CASES))
def test_growth_equal_pandas(engine, case):
    function, kwargs = PANEL_CASES[case]
    frame = yearly_panel()
    expected = function(frame, **kwargs)
    result = run_on(engine, function, frame, **kwargs)
    assert_same(result, expected, ["jalali_year", "province"])


@pytest.mark.parametrize("case", list(PANEL_CASES))
def test_growth_replaces_columns_already_named_like_its_outputs(engine, case):
    # A stale "previous" (or "base") column from an earlier step must not feed the new rate.
    function, kwargs = PANEL_CASES[case]
    frame = yearly_panel()
    expected = function(frame, **kwargs)
    outputs = [column for column in expected.columns if column not in frame.columns]
    stale = frame.assign(**{column: -1.0 for column in outputs})
    result = run_on(engine, function, stale, **kwargs)
    assert list(result.columns) == list(expected.columns)
    assert_same(result, expected, ["jalali_year", "province"])


@pytest.mark.parametrize("case", list(PANEL_CASES))
def test_growth_rejects_an_input_column_named_like_an_output(engine, case):
    function, kwargs = PANEL_CASES[case]
    frame = yearly_panel()
    outputs = [c for c in function(frame, **kwargs).columns if c not in frame.columns]
    renamed = frame.rename(columns={"value": outputs[0]})
    with pytest.raises(SmeAnalysisError, match="rename it first") as caught:
        run_on(engine, function, renamed, value=outputs[0], **kwargs)
    assert [p.column for p in caught.value.problems] == [outputs[0]]


def test_duckdb_results_stay_on_the_callers_connection():
    # Results must combine with the caller's other relations, which live on the caller's own
    # connection (not DuckDB's default one).
    con = duckdb.connect()
    frame = synthetic_declarations()
    con.execute("CREATE TABLE declarations AS SELECT * FROM frame")
    counts = con.sql(
        "SELECT province, count(*) AS n FROM declarations GROUP BY province"
    ).set_alias("counts")
    for function, kwargs in [
        (metrics.hhi, {"within": "province"}),
        (metrics.top_share, {"n": 2, "within": "province"}),
        (metrics.concentration, {"n": 2, "within": "province"}),
        (metrics.rca, {}),
        (metrics.share, {"within": "province"}),
    ]:
        result = function(con.table("declarations"), **kwargs).set_alias("result")
        joined = result.join(counts, "province").df()
        assert len(joined) == len(function(frame, **kwargs)), function.__name__


def test_ratios_equal_pandas(engine):
    rng = np.random.default_rng(11)
    total = rng.integers(0, 100, 50)
    frame = pd.DataFrame({"total": total, "active": (total * rng.random(50)).astype("int64")})
    frame["exporting"] = frame["active"] // 2
    frame["value"] = rng.random(50) * 1000
    for function, kwargs in [
        (metrics.utilization, {}),
        (metrics.export_propensity, {}),
        (metrics.per_unit, {"value": "value", "count": "active"}),
    ]:
        expected = function(frame, **kwargs)
        result = run_on(engine, function, frame.reset_index(names="row"), **kwargs)
        assert_same(result.drop(columns="row"), expected, ["total", "active", "value"])


def test_bad_rows_are_reported_on_every_engine(engine):
    frame = pd.DataFrame({"active": [3, 5, -1], "total": [4, 4, 2]})
    with pytest.raises(SmeAnalysisError) as caught:
        run_on(engine, metrics.utilization, frame)
    found = {(p.column, p.found) for p in caught.value.problems}
    assert found == {("active", "active=5, total=4"), ("active", "active=-1, total=2")}
    expected = {p.expected for p in caught.value.problems}
    assert expected == {"active <= total", "active >= 0"}


def test_duplicate_periods_are_rejected_on_every_engine(engine):
    frame = pd.DataFrame({"jalali_year": [1398, 1398, 1399], "value": [1.0, 2.0, 3.0]})
    with pytest.raises(SmeAnalysisError, match="one row per period") as caught:
        run_on(engine, metrics.growth, frame)
    assert caught.value.problems[0].found == "2 rows with jalali_year=1398"


# ---------------------------------------------------------------------------------------------
# Jalali date parts inside each engine, against the calendar module
# ---------------------------------------------------------------------------------------------


def _dates_frame() -> pd.DataFrame:
    rng = np.random.default_rng(2026)
    edges = [
        calendar.MIN_DAY,
        calendar.MAX_DAY,
        0,
        -1,
        *[
            int(calendar.days_from_jalali(y, 12, 29)) + k
            for y in (1398, 1399, 1403)
            for k in (0, 1, 2)
        ],
        *[int(calendar.days_from_jalali(1402, m, 1)) - k for m in range(1, 13) for k in (0, 1)],
    ]
    days = np.concatenate([np.array(edges), rng.integers(calendar.MIN_DAY, calendar.MAX_DAY, 3000)])
    return pd.DataFrame(
        {"day": days, "date": days.astype("datetime64[D]").astype("datetime64[us]")}
    )


@pytest.mark.parametrize("as_date", [False, True], ids=["datetime", "date"])
def test_jalali_date_parts_equal_calendar(engine, as_date):
    frame = _dates_frame()
    to_engine, _, back = ENGINES[engine]
    native = to_engine(frame)
    if as_date:
        if engine.startswith("polars"):
            native = native.with_columns(pl.col("date").cast(pl.Date))
        elif engine == "duckdb":
            native = native.project("day, CAST(date AS DATE) AS date")
        else:
            # pandas (and Dask) hold calendar dates as Arrow date32.
            native = to_engine(frame.astype({"date": "date32[pyarrow]"}))
    result = back(metrics.add_jalali_date_parts(native)).sort_values("day")
    year, month, _ = calendar.jalali_from_days(result["day"].to_numpy())
    np.testing.assert_array_equal(result["jalali_year"].to_numpy(dtype="int64"), year)
    np.testing.assert_array_equal(result["jalali_month"].to_numpy(dtype="int64"), month)
    np.testing.assert_array_equal(
        result["jalali_quarter"].to_numpy(dtype="int64"), (month - 1) // 3 + 1
    )


def test_jalali_date_parts_reject_dates_outside_range(engine):
    frame = pd.DataFrame({"date": pd.to_datetime(["2019-12-21", "1850-01-01"]).as_unit("us")})
    with pytest.raises(SmeAnalysisError, match="supported range") as caught:
        run_on(engine, metrics.add_jalali_date_parts, frame)
    assert [p.column for p in caught.value.problems] == ["date"]
    assert "1850-01-01" in caught.value.problems[0].found


def test_no_dask_notice_escapes():
    frame = _dask(synthetic_declarations())
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = metrics.share(frame, within="province")
        result.compute()


def test_share_on_a_local_distributed_cluster():
    distributed = pytest.importorskip("distributed")
    frame = synthetic_declarations(n=2000)
    expected = metrics.hhi(frame, within=["jalali_year", "province"])
    with (
        distributed.LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            timeout="60s",
        ) as cluster,
        distributed.Client(cluster, timeout="60s") as client,
    ):
        assert len(client.scheduler_info()["workers"]) == 2
        lazy = metrics.hhi(_dask(frame), within=["jalali_year", "province"])
        result = client.compute(lazy).result(timeout=60)
    assert_same(result, expected, ["jalali_year", "province"])


# ---------------------------------------------------------------------------------------------
# Unit values and their outliers
# ---------------------------------------------------------------------------------------------


def shipments(seed: int = 5, n: int = 400) -> pd.DataFrame:
    """Seeded synthetic declarations with weights: zeros and far-off unit values (not real)."""
    frame = synthetic_declarations(seed, n)
    rng = np.random.default_rng(seed)
    weight = rng.gamma(2.0, 50.0, n).round(1)
    weight[rng.random(n) < 0.05] = 0.0  # declarations without a weight
    far = rng.random(n) < 0.1
    weight[far] = weight[far] * rng.choice([0.01, 100.0], far.sum())  # 100x off their chapter
    return frame.assign(weight=weight)


def _unit_values_by_hand(frame: pd.DataFrame, keys: list[str], factor: float) -> pd.DataFrame:
    """Each row's own unit value against its group's, with plain pandas (the definition)."""
    frame = frame.assign(__all=1)
    groups = keys or ["__all"]
    grouped = frame.groupby(groups)
    table = grouped.agg(
        value=("value", "sum"), weight=("weight", "sum"), rows=("value", "size")
    ).reset_index()
    table["unit_value"] = (table["value"] / table["weight"]).where(table["weight"] != 0)
    table["zero_quantity"] = grouped["weight"].apply(lambda w: int((w == 0).sum())).to_numpy()
    ratio = frame.merge(table[[*groups, "unit_value"]], on=groups, validate="m:1")
    own = ratio["value"] / ratio["weight"].where(ratio["weight"] > 0)
    far = (own > ratio["unit_value"] * factor) | (own < ratio["unit_value"] / factor)
    outliers = far.groupby([ratio[g] for g in groups]).sum().rename("outliers").reset_index()
    table = table.merge(outliers, on=groups, validate="1:1")
    return table.drop(columns=[] if keys else ["__all"])


@pytest.mark.parametrize(
    ("within", "factor"),
    [("hs2", 10.0), (["jalali_year", "hs2"], 5.0), ((), 10.0)],
    ids=["one-key", "two-keys", "whole"],
)
def test_unit_values_equal_pandas_and_the_definition(engine, within, factor):
    frame = shipments()
    keys = [within] if isinstance(within, str) else list(within)
    kwargs = {"value": "value", "quantity": "weight", "within": within, "factor": factor}
    result = run_on(engine, metrics.unit_values, frame, **kwargs)
    columns = [*keys, "value", "weight", "rows", "unit_value", "zero_quantity", "outliers"]
    assert list(result.columns) == columns
    expected = _unit_values_by_hand(frame, keys, factor)[columns]
    assert expected["outliers"].sum() > 10 and expected["zero_quantity"].sum() > 5
    assert len(result) == len(expected)
    assert_same(result, expected, keys or ["rows"])
    assert_same(result, metrics.unit_values(frame, **kwargs), keys or ["rows"])


def test_unit_values_reject_bad_rows_and_arguments(engine):
    frame = pd.DataFrame({"hs2": ["52", "52", "72"], "value": [1.0, 2.0, 3.0]})
    with pytest.raises(SmeAnalysisError, match="a value >= 0") as caught:
        run_on(
            engine,
            metrics.unit_values,
            frame.assign(weight=[1.0, -2.0, 1.0]),
            quantity="weight",
            within="hs2",
        )
    assert [p.found for p in caught.value.problems] == ["hs2='52', value=2.0, weight=-2.0"]
    with pytest.raises(SmeAnalysisError, match="a number >= 1"):
        run_on(engine, metrics.unit_values, frame.assign(weight=1.0), quantity="weight", factor=0.5)
    with pytest.raises(SmeAnalysisError, match="rename it first"):
        run_on(engine, metrics.unit_values, frame.assign(rows=1.0), quantity="rows")

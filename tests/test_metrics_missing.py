"""Missing values in every metric, on every engine: raise by default, or drop/zero/keep on request.

Synthetic data only: a handful of hand-made rows per case (not real figures).
"""

from __future__ import annotations

import math
import warnings

import duckdb
import numpy as np
import pandas as pd
import polars as pl
import pytest
from test_metrics_engines import ENGINES, run_on

from smeanalysis import metrics
from smeanalysis.errors import ParameterError, SmeAnalysisError

NAN = float("nan")
EAGER = {"pandas", "polars"}  # the engines whose rows have positions


@pytest.fixture(params=list(ENGINES))
def engine(request):
    return request.param


def raised(engine, function, frame, **kwargs) -> SmeAnalysisError:
    with pytest.raises(SmeAnalysisError) as caught:
        run_on(engine, function, frame, **kwargs)
    assert "not missing" in str(caught.value)
    return caught.value


def where(error: SmeAnalysisError) -> list[tuple]:
    """(position, column) of each problem, in order."""
    return [(p.line, p.column) for p in error.problems]


def position(engine: str, at: int) -> int | None:
    return at if engine in EAGER else None


def warned(engine, function, frame, **kwargs) -> tuple[pd.DataFrame, list[str]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = run_on(engine, function, frame, **kwargs)
    ours = [w for w in caught if issubclass(w.category, metrics.MissingValuesWarning)]
    # The warning points at the caller's line (run_on's), not at the library or narwhals.
    caller = run_on.__code__.co_filename
    assert all(w.filename == caller for w in ours), [w.filename for w in ours]
    return result, [str(w.message) for w in ours]


def partners() -> pd.DataFrame:
    """The issue's example: shares 0.2, 0.3, 0.4, 0.1 and one missing (hhi 3,000 if skipped)."""
    return pd.DataFrame(
        {
            "jalali_year": [1398] * 5 + [1399],
            "partner": pd.array(["IRQ", "CHN", "ARE", "TUR", "AFG", "IRQ"], dtype="string"),
            "value": [0.2, 0.3, 0.4, 0.1, NAN, 5.0],
        }
    )


# ---------------------------------------------------------------------------------------------
# Totals: share, hhi, top_share, rca (raise, drop, zero)
# ---------------------------------------------------------------------------------------------


def test_share_missing(engine):
    frame = partners()
    error = raised(engine, metrics.share, frame, within="jalali_year")
    assert where(error) == [(position(engine, 4), "value")]
    assert error.problems[0].found.startswith("jalali_year=1398, value=")
    dropped, messages = warned(engine, metrics.share, frame, within="jalali_year", missing="drop")
    assert messages == [
        "share(): 1 row(s) with a missing value left out (missing='drop'; 1 in 'value')"
    ]
    assert sorted(dropped["share"].round(9)) == [0.1, 0.2, 0.3, 0.4, 1.0]
    zero, messages = warned(engine, metrics.share, frame, within="jalali_year", missing="zero")
    assert "counted as 0" in messages[0]
    afg = zero[zero["partner"] == "AFG"]
    assert afg["share"].tolist() == [0.0] and afg["value"].tolist() == [0.0]
    assert len(zero) == 6


def test_hhi_missing(engine):
    frame = partners()
    error = raised(engine, metrics.hhi, frame, within="jalali_year")
    assert where(error) == [(position(engine, 4), "value")]
    assert error.problems[0].found.startswith("jalali_year=1398, partner='AFG', value=")
    for policy in ("drop", "zero"):
        result, messages = warned(engine, metrics.hhi, frame, within="jalali_year", missing=policy)
        assert len(messages) == 1 and messages[0].startswith("hhi(): 1 row(s)")
        result = result.sort_values("jalali_year")
        assert result["hhi"].round(6).tolist() == [3000.0, 10000.0]


def test_hhi_whole_frame_names_no_internal_column(engine):
    frame = partners().drop(columns="jalali_year")
    error = raised(engine, metrics.hhi, frame)
    assert error.problems[0].found.startswith("partner='AFG', value=")


def test_top_share_missing(engine):
    frame = partners()
    error = raised(engine, metrics.top_share, frame, n=2, within="jalali_year")
    assert where(error) == [(position(engine, 4), "value")]
    for policy in ("drop", "zero"):
        result, messages = warned(
            engine, metrics.top_share, frame, n=2, within="jalali_year", missing=policy
        )
        assert len(messages) == 1
        result = result.sort_values("jalali_year")
        assert result["top_share"].round(9).tolist() == [0.7, 1.0]


def test_rca_missing(engine):
    frame = pd.DataFrame(
        {
            "province": pd.array(["A", "A", "B", "B"], dtype="string"),
            "hs2": pd.array(["39", "57", "39", "57"], dtype="string"),
            "value": [1.0, 1.0, 2.0, NAN],
        }
    )
    error = raised(engine, metrics.rca, frame)
    assert where(error) == [(position(engine, 3), "value")]
    assert error.problems[0].found.startswith("province='B', hs2='57', value=")
    dropped, messages = warned(engine, metrics.rca, frame, missing="drop")
    assert len(messages) == 1
    pairs = set(zip(dropped["province"], dropped["hs2"], strict=True))
    assert pairs == {("A", "39"), ("A", "57"), ("B", "39")}  # B-57 had no other row
    zero, messages = warned(engine, metrics.rca, frame, missing="zero")
    assert len(messages) == 1
    zero = zero.sort_values(["province", "hs2"])
    # World 4, A 2, B 2, chapter 39: 3, chapter 57: 1 -> A-39 (1/2)/(3/4), A-57 (1/2)/(1/4).
    assert zero["rca"].round(9).tolist() == [round(2 / 3, 9), 2.0, round(4 / 3, 9), 0.0]


# ---------------------------------------------------------------------------------------------
# Growth: growth, cagr_over (raise, drop, keep)
# ---------------------------------------------------------------------------------------------


def panel() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "jalali_year": [1397, 1398, 1399, 1400],
            "province": pd.array(["Fars"] * 4, dtype="string"),
            "value": [1.0, NAN, 4.0, 6.0],
        }
    )


def by_year(frame: pd.DataFrame, column: str) -> dict[int, float]:
    return {int(y): float(v) for y, v in zip(frame["jalali_year"], frame[column], strict=True)}


def test_growth_missing(engine):
    frame = panel()
    error = raised(engine, metrics.growth, frame, by="province")
    assert where(error) == [(position(engine, 1), "value")]
    assert error.problems[0].found.startswith("jalali_year=1398, province='Fars', value=")
    dropped, messages = warned(engine, metrics.growth, frame, by="province", missing="drop")
    assert len(messages) == 1 and "left out" in messages[0]
    growth = by_year(dropped, "growth")
    assert sorted(growth) == [1397, 1399, 1400]
    assert math.isnan(growth[1399]) and growth[1400] == pytest.approx(0.5)
    kept, messages = warned(engine, metrics.growth, frame, by="province", missing="keep")
    assert messages == []
    growth = by_year(kept, "growth")
    assert [math.isnan(growth[y]) for y in (1397, 1398, 1399)] == [True, True, True]
    assert growth[1400] == pytest.approx(0.5)


def test_cagr_over_missing(engine):
    frame = panel()
    error = raised(engine, metrics.cagr_over, frame, years=2, by="province")
    assert where(error) == [(position(engine, 1), "value")]
    dropped, messages = warned(
        engine, metrics.cagr_over, frame, years=2, by="province", missing="drop"
    )
    assert len(messages) == 1
    rates = by_year(dropped, "cagr")
    assert sorted(rates) == [1397, 1399, 1400]
    assert rates[1399] == pytest.approx(1.0) and math.isnan(rates[1400])  # 1398 is gone
    kept, _ = warned(engine, metrics.cagr_over, frame, years=2, by="province", missing="keep")
    rates = by_year(kept, "cagr")
    assert rates[1399] == pytest.approx(1.0)
    assert math.isnan(rates[1398]) and math.isnan(rates[1400])


# ---------------------------------------------------------------------------------------------
# Ratios: utilization, export_propensity, per_unit (raise, drop, keep)
# ---------------------------------------------------------------------------------------------


def counts(first: str, second: str) -> pd.DataFrame:
    return pd.DataFrame({first: [3.0, NAN, 1.0, 2.0], second: [4.0, 4.0, NAN, NAN]})


RATIOS = {
    "utilization": (metrics.utilization, {}, ("active", "total")),
    "export_propensity": (metrics.export_propensity, {}, ("exporting", "active")),
    "per_unit": (
        metrics.per_unit,
        {"value": "value_usd", "count": "weight_kg"},
        ("value_usd", "weight_kg"),
    ),
}


@pytest.mark.parametrize("case", list(RATIOS))
def test_ratio_missing(engine, case):
    function, kwargs, (first, second) = RATIOS[case]
    name = {"per_unit": "value_usd_per_weight_kg"}.get(case, case)
    frame = counts(first, second)
    error = raised(engine, function, frame, **kwargs)
    expected = [(1, first), (2, second), (3, second)]
    found = sorted(where(error), key=str)
    assert found == sorted([(position(engine, at), c) for at, c in expected], key=str)
    dropped, messages = warned(engine, function, frame, missing="drop", **kwargs)
    assert messages == [
        f"{case}(): 3 row(s) with a missing value left out "
        f"(missing='drop'; 1 in {first!r}, 2 in {second!r})"
    ]
    assert dropped[name].tolist() == [0.75]
    kept, messages = warned(engine, function, frame, missing="keep", **kwargs)
    assert messages == []
    assert len(kept) == 4
    kept = kept.sort_values(first, na_position="first")
    values = kept[name].tolist()
    assert sum(math.isnan(v) for v in values) == 3 and 0.75 in values


def test_other_checks_still_run_after_drop(engine):
    # A negative count on a kept row is still an error once the missing row is dropped.
    frame = pd.DataFrame({"active": [3.0, NAN, -1.0], "total": [4.0, 4.0, 2.0]})
    with pytest.raises(SmeAnalysisError, match="active >= 0"), warnings.catch_warnings():
        warnings.simplefilter("ignore", metrics.MissingValuesWarning)
        run_on(engine, metrics.utilization, frame, missing="drop")


def test_clean_frames_do_not_warn(engine):
    frame = partners().dropna()
    for function, kwargs in [
        (metrics.share, {"missing": "drop"}),
        (metrics.hhi, {"missing": "zero"}),
        (metrics.rca, {"location": "jalali_year", "product": "partner", "missing": "drop"}),
    ]:
        _, messages = warned(engine, function, frame, **kwargs)
        assert messages == []


# ---------------------------------------------------------------------------------------------
# NaN apart from null, integer nulls, scalars, bad policies
# ---------------------------------------------------------------------------------------------


def test_polars_nan_counts_as_missing():
    frame = pl.DataFrame({"partner": ["IRQ", "CHN"], "value": [1.0, float("nan")]})
    assert frame["value"].null_count() == 0  # a NaN, not a null
    with pytest.raises(SmeAnalysisError, match="not missing") as caught:
        metrics.hhi(frame)
    assert [(p.line, p.column) for p in caught.value.problems] == [(1, "value")]
    with pytest.warns(metrics.MissingValuesWarning, match="1 row"):
        assert metrics.hhi(frame, missing="drop")["hhi"].to_list() == [10000.0]


def test_duckdb_nan_counts_as_missing():
    con = duckdb.connect()
    relation = con.sql(
        "SELECT * FROM (VALUES ('IRQ', 1.0::DOUBLE), ('CHN', 'nan'::DOUBLE)) t(partner, value)"
    )
    for function in (metrics.hhi, metrics.share, metrics.top_share):
        with pytest.raises(SmeAnalysisError, match="not missing"):
            function(relation)
    with pytest.warns(metrics.MissingValuesWarning):
        assert metrics.hhi(relation, missing="zero").df()["hhi"].tolist() == [10000.0]


def test_integer_nulls_are_missing():
    frame = pl.DataFrame({"active": [3, None], "total": [4, 4]})
    with pytest.raises(SmeAnalysisError, match="not missing") as caught:
        metrics.utilization(frame)
    assert [(p.line, p.column) for p in caught.value.problems] == [(1, "active")]
    with_na = pd.DataFrame({"active": pd.array([3, None], dtype="Int64"), "total": [4, 4]})
    with pytest.raises(SmeAnalysisError, match="not missing"):
        metrics.utilization(with_na)


@pytest.mark.parametrize("argument", ["first", "last", "years"])
@pytest.mark.parametrize("value", [None, NAN, pd.NA, np.nan], ids=["None", "nan", "NA", "np.nan"])
def test_cagr_refuses_missing_scalars(argument, value):
    arguments = {"first": 100.0, "last": 121.0, "years": 2} | {argument: value}
    with pytest.raises(SmeAnalysisError, match="not missing") as caught:
        metrics.cagr(**arguments)
    assert [p.column for p in caught.value.problems] == [argument]


BAD_POLICIES = [
    (metrics.share, {}, "keep"),
    (metrics.hhi, {}, "keep"),
    (metrics.top_share, {}, "keep"),
    (metrics.rca, {"location": "jalali_year", "product": "partner"}, "keep"),
    (metrics.growth, {}, "zero"),
    (metrics.cagr_over, {"years": 1}, "zero"),
    (metrics.utilization, {}, "zero"),
    (metrics.export_propensity, {}, "zero"),
    (metrics.per_unit, {"value": "a", "count": "b"}, "zero"),
    (metrics.unit_values, {"value": "a", "quantity": "b"}, "keep"),
    (metrics.share, {}, "skip"),
    (metrics.hhi, {}, None),
]


@pytest.mark.parametrize(("function", "kwargs", "policy"), BAD_POLICIES)
def test_unknown_policy_is_a_parameter_error(function, kwargs, policy):
    frame = pd.DataFrame(
        {
            "jalali_year": [1398],
            "partner": ["IRQ"],
            "value": [1.0],
            "active": [1],
            "total": [2],
            "exporting": [0],
            "a": [1.0],
            "b": [2.0],
        }
    )
    with pytest.raises(ParameterError, match="one of") as caught:
        function(frame, missing=policy, **kwargs)
    assert caught.value.problems[0].column == "missing"
    assert caught.value.problems[0].found == repr(policy)


def test_date_parts_keep_missing_dates_without_a_policy():
    # The one documented exception: a conversion, not a metric (see the module docstring).
    frame = pd.DataFrame({"date": pd.to_datetime(["2020-03-20", None])})
    result = metrics.add_jalali_date_parts(frame)
    assert result["jalali_year"].isna().tolist() == [False, True]


def test_unit_values_missing(engine):
    frame = pd.DataFrame(
        {
            "hs2": pd.array(["52", "52", "52", "72"], dtype="string"),
            "value": [10.0, NAN, 500.0, 8.0],
            "weight": [5.0, 6.0, NAN, 2.0],
        }
    )
    kwargs = {"quantity": "weight", "within": "hs2"}
    error = raised(engine, metrics.unit_values, frame, **kwargs)
    assert sorted(where(error), key=str) == sorted(
        [(position(engine, 1), "value"), (position(engine, 2), "weight")], key=str
    )
    dropped, messages = warned(engine, metrics.unit_values, frame, missing="drop", **kwargs)
    assert messages == [
        "unit_values(): 2 row(s) with a missing value left out "
        "(missing='drop'; 1 in 'value', 1 in 'weight')"
    ]
    dropped = dropped.sort_values("hs2").reset_index(drop=True)
    assert dropped["rows"].tolist() == [1, 1]
    assert dropped["unit_value"].tolist() == [2.0, 4.0]
    zeroed, messages = warned(engine, metrics.unit_values, frame, missing="zero", **kwargs)
    assert messages == [
        "unit_values(): 2 row(s) with a missing value counted as 0 "
        "(missing='zero'; 1 in 'value', 1 in 'weight')"
    ]
    zeroed = zeroed.sort_values("hs2").reset_index(drop=True)
    # 52: 510 USD over 11 kg (46.4 USD/kg); 2 USD/kg and the row now of 0 USD are more than
    # 10x below it, and the row whose weight was missing now weighs 0 (counted apart).
    assert zeroed["rows"].tolist() == [3, 1]
    assert zeroed["zero_quantity"].tolist() == [1, 0]
    assert zeroed["outliers"].tolist() == [2, 0]
    assert zeroed["unit_value"].tolist() == pytest.approx([510 / 11, 4.0])

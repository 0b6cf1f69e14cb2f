"""Tests for the export-composition loader and its helpers."""

from __future__ import annotations

import csv
import filecmp
from pathlib import Path

import pandas as pd
import pytest

from smeanalysis import composition as comp
from smeanalysis.errors import SmeAnalysisError

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data" / "export_composition.csv"
HEADER = ",".join(comp.RAW_COLUMNS)
GOOD = (
    "2021-04-10,1399 (full year),2020-03-20,2021-03-20,export,non_oil,China,All,,value,"
    "8900000000,usd,,IRICA,https://example.org/a"
)


def _write(tmp_path: Path, lines: list[str], name: str = "ec.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    return comp.load_composition()


def test_raw_file_is_byte_identical_to_the_research_table():
    if not SHARED.exists():
        pytest.skip("../shared/data/export_composition.csv is absent")
    assert filecmp.cmp(comp.DEFAULT_PATH, SHARED, shallow=False)


def test_shipped_table_shape_and_dtypes(table):
    with comp.DEFAULT_PATH.open(newline="", encoding="utf-8") as handle:
        data_rows = sum(1 for _ in csv.reader(handle)) - 1
    assert len(table) == data_rows
    assert tuple(table.columns) == comp.COLUMNS
    assert table["row_id"].tolist() == list(range(1, data_rows + 1))
    assert str(table["value"].dtype) == "float64"
    for column in ("published", "period_start", "period_end"):
        assert str(table[column].dtype) == "datetime64[ns]"
    for column in ("jalali_year", "jalali_month_first", "jalali_month_last"):
        assert str(table[column].dtype) == "Int64"
    for column in ("period_label", "flow", "scope", "partner", "hs_code", "source_url"):
        assert isinstance(table[column].dtype, pd.StringDtype)


def test_every_row_has_an_http_source(table):
    assert table["source_url"].str.match(r"https?://\S+$").all()


def test_jalali_columns_follow_the_dates(table):
    whole = table[table["jalali_month_first"].notna()]
    # Every whole-month period ends on the true Iranian month end.
    for row in whole.sample(50, random_state=1).itertuples():
        from smeanalysis.calendar import JalaliPeriod

        period = JalaliPeriod(
            int(row.jalali_year), int(row.jalali_month_first), int(row.jalali_month_last)
        )
        assert (period.start, period.end) == (row.period_start, row.period_end)
    # Gregorian calendar years (mirror data) span two Iranian years: no jalali_year.
    mirror = table[table["scope"].isin(comp.MIRROR_SCOPES) & table["period_start"].notna()]
    assert mirror["jalali_year"].isna().all()


def test_own_file_loads_and_converts(tmp_path):
    frame = comp.load_composition(_write(tmp_path, [HEADER, GOOD]))
    row = frame.iloc[0]
    assert row["value"] == 8.9e9
    assert (row["jalali_year"], row["jalali_month_first"], row["jalali_month_last"]) == (
        1399,
        1,
        12,
    )
    assert pd.isna(row["qualifier"]) and pd.isna(row["hs_code"])


def test_bad_file_lists_every_problem_with_line_and_column(tmp_path):
    bad_value = GOOD.replace("8900000000", "8.9 billion")
    bad_unit = GOOD.replace(",usd,", ",eur,")
    bad_url = GOOD.replace("https://example.org/a", "example.org")
    bad_date = GOOD.replace("2021-03-20", "2021-02-30")
    path = _write(tmp_path, [HEADER, GOOD, bad_value, bad_unit, bad_url, bad_date])
    with pytest.raises(SmeAnalysisError) as caught:
        comp.load_composition(path)
    where = {(p.line, p.column) for p in caught.value.problems}
    assert where == {(3, "value"), (4, "unit"), (5, "source_url"), (6, "period_end")}
    assert all(p.file == str(path) for p in caught.value.problems)
    value_problem = next(p for p in caught.value.problems if p.column == "value")
    assert value_problem.found == "'8.9 billion'"


def test_wrong_header_is_reported_on_line_1(tmp_path):
    path = _write(tmp_path, [HEADER.replace("partner", "country"), GOOD])
    with pytest.raises(SmeAnalysisError) as caught:
        comp.load_composition(path)
    assert [(p.line, p.column, p.found) for p in caught.value.problems] == [
        (1, "country", "an unexpected column 'country'"),
        (1, "partner", "no column 'partner'"),
    ]


def test_misspelt_column_names_the_closest(tmp_path):
    path = _write(tmp_path, [HEADER.replace("source_url", "sorce_url"), GOOD])
    with pytest.raises(SmeAnalysisError) as caught:
        comp.load_composition(path)
    (problem,) = caught.value.problems
    assert problem.column == "sorce_url" and "'source_url'" in problem.expected


def test_header_only_file_is_rejected(tmp_path):
    with pytest.raises(SmeAnalysisError) as caught:
        comp.load_composition(_write(tmp_path, [HEADER]))
    assert [(p.line, p.found) for p in caught.value.problems] == [(2, "a header and no data rows")]


def test_undecodable_bytes_are_located_on_their_line(tmp_path):
    path = tmp_path / "ec.csv"
    path.write_bytes(
        (HEADER + "\n" + GOOD + "\n").encode()
        + GOOD.replace("China", "X").encode("cp1256")
        + "\u0639\n".encode("cp1256")
    )
    with pytest.raises(SmeAnalysisError) as caught:
        comp.load_composition(path)
    (problem,) = caught.value.problems
    assert problem.line == 3 and "UTF-8" in problem.found


def test_dictionary_constraints_are_enforced_with_readable_expectations(tmp_path):
    lines = [
        HEADER,
        GOOD.replace(",export,", ",exports,"),
        GOOD.replace(",non_oil,", ",non-oil,"),
        GOOD.replace(",value,8900000000,usd,", ",weight,8900000000,usd,"),
        GOOD.replace(",China,", ",,"),
        GOOD.replace(",8900000000,", ",-5,"),
        GOOD.replace(",All,,", ",All,27A,"),
    ]
    with pytest.raises(SmeAnalysisError) as caught:
        comp.load_composition(_write(tmp_path, lines))
    got = [(p.line, p.column, p.found) for p in caught.value.problems]
    assert got == [
        (2, "flow", "'exports'"),
        (3, "scope", "'non-oil'"),
        (4, "indicator", "'weight'"),
        (5, "partner", "an empty cell"),
        (6, "value", "'-5'"),
        (7, "hs_code", "'27A'"),
    ]
    expected = {p.column: p.expected for p in caught.value.problems}
    assert expected["flow"] == "one of export, import"
    assert "tonnage" in expected["indicator"] and "non_oil" in expected["scope"]
    assert expected["value"].startswith("a value from 0")


def test_cross_column_checks(tmp_path):
    lines = [
        HEADER,
        GOOD.replace(",usd,", ",tonne,"),
        GOOD.replace(",value,8900000000,usd,", ",share,117.6,percent,"),
        GOOD.replace("2020-03-20,2021-03-20", ",2021-03-20"),
        GOOD.replace(",China,", ", China,"),
        GOOD.replace("8900000000", " 8900000000 "),
    ]
    with pytest.raises(SmeAnalysisError) as caught:
        comp.load_composition(_write(tmp_path, lines))
    got = [(p.line, p.column) for p in caught.value.problems]
    assert got == [
        (2, "unit"),
        (3, "value"),
        (4, "period_start"),
        (5, "partner"),
        (6, "value"),  # padded: reported once, as padded
    ]
    assert "spaces" in caught.value.problems[-1].expected
    assert caught.value.problems[0].expected == "'usd'"


def test_persian_digits_are_read_and_recorded(tmp_path):
    path = _write(tmp_path, [HEADER, GOOD.replace("8900000000", "\u06f8\u06f9")])
    with pytest.warns(UserWarning, match="digit"):
        loaded = comp.load_composition(path)
    assert loaded["value"].tolist() == [89.0]
    records = loaded.attrs["normalizations"]
    assert [(r["line"], r["column"], r["read_as"]) for r in records] == [(2, "value", "89")]


def test_loaded_table_passes_the_dictionary_schema(table):
    from smeanalysis.dictionary import TABLES, pandera_schema

    schema = pandera_schema("export_composition")
    schema.validate(table)
    assert tuple(schema.columns) == comp.COLUMNS == TABLES["export_composition"].columns
    assert comp.RAW_COLUMNS == TABLES["export_composition"].raw_columns
    bad = table.assign(scope=table["scope"].where(table.index != 5, "oil"))
    with pytest.raises(Exception, match="oil"):
        schema.validate(bad)


def test_jalali_months_match_from_dates_row_by_row(table):
    """whole_months (vectorized) gives what JalaliPeriod.from_dates gives, row by row."""
    from smeanalysis.calendar import JalaliPeriod

    first, last = [], []
    for start, end in zip(table["period_start"], table["period_end"], strict=True):
        period = None if pd.isna(start) else JalaliPeriod.from_dates(start, end)
        first.append(pd.NA if period is None else period.first_month)
        last.append(pd.NA if period is None else period.last_month)
    assert table["jalali_month_first"].equals(pd.Series(first, dtype="Int64"))
    assert table["jalali_month_last"].equals(pd.Series(last, dtype="Int64"))
    assert table["jalali_month_first"].notna().sum() > 1000


def test_jalali_months_on_edge_periods(tmp_path):
    periods = [
        ("2020-03-20", "2021-03-20"),  # 1399, a leap year: Esfand has 30 days
        ("2021-03-21", "2022-03-20"),  # 1400: Esfand has 29 days
        ("2021-03-21", "2022-03-19"),  # one day short of the year
        ("2019-03-21", "2019-11-23"),  # a day span (rows 1-4 of the shipped table)
        ("2019-10-23", "2019-11-21"),  # Aban alone
        ("2019-03-21", "2019-03-21"),  # a single day
    ]
    lines = [HEADER] + [GOOD.replace("2020-03-20,2021-03-20", f"{s},{e}") for s, e in periods]
    frame = comp.load_composition(_write(tmp_path, lines))
    from smeanalysis.calendar import JalaliPeriod

    for (start, end), row in zip(periods, frame.itertuples(), strict=True):
        period = JalaliPeriod.from_dates(start, end)
        got = (row.jalali_month_first, row.jalali_month_last)
        want = (pd.NA, pd.NA) if period is None else (period.first_month, period.last_month)
        assert [pd.isna(v) for v in got] == [pd.isna(v) for v in want], (start, end)
        assert [v for v in got if pd.notna(v)] == [v for v in want if pd.notna(v)]
    assert frame["jalali_month_last"].tolist()[:2] == [12, 12]


def test_corrections_apply_and_are_checked(tmp_path):
    data = _write(tmp_path, [HEADER, GOOD, GOOD.replace("China", "Iraq")])
    fixes = _write(
        tmp_path,
        [
            ",".join(comp.CORRECTION_COLUMNS),
            "2,value,8900000000,7300000000,page says 7.3 bn,https://example.org/a",
        ],
        "fixes.csv",
    )
    frame = comp.load_composition(data, corrections=fixes)
    assert frame["value"].tolist() == [8.9e9, 7.3e9]
    # Without corrections an analyst's file is read as it is.
    assert comp.load_composition(data)["value"].tolist() == [8.9e9, 8.9e9]


def test_correction_with_wrong_found_is_an_error(tmp_path):
    data = _write(tmp_path, [HEADER, GOOD])
    fixes = _write(
        tmp_path,
        [
            ",".join(comp.CORRECTION_COLUMNS),
            "1,value,123,7300000000,reason,https://example.org/a",
            "5,value,1,2,reason,https://example.org/a",
        ],
        "fixes.csv",
    )
    with pytest.raises(SmeAnalysisError) as caught:
        comp.load_composition(data, corrections=fixes)
    problems = caught.value.problems
    assert [(p.file, p.line, p.column) for p in problems] == [
        (str(fixes), 2, "found"),
        (str(fixes), 3, "row_id"),
    ]
    assert "'8900000000'" in problems[0].expected


def test_shipped_corrections_are_well_formed(table):
    with comp.DEFAULT_CORRECTIONS.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        assert row["checked_url"].startswith(("http://", "https://"))
        current = table.loc[table["row_id"] == int(row["row_id"])].iloc[0]
        assert str(current[row["column"]]).startswith(row["replacement"][:10])


# --- helpers on hand-made frames ------------------------------------------------------------


def _rows(records: list[dict]) -> pd.DataFrame:
    base = {
        "flow": "export",
        "scope": "non_oil",
        "product": "All",
        "indicator": "value",
        "qualifier": pd.NA,
        "speaker": pd.NA,
        "published": pd.NaT,
        "period_label": "x",
        "jalali_month_first": 1,
    }
    frame = pd.DataFrame([{**base, **r} for r in records])
    frame["row_id"] = range(1, len(frame) + 1)
    for column in ("jalali_year", "jalali_month_first", "jalali_month_last"):
        frame[column] = frame[column].astype("Int64")
    for column in ("flow", "scope", "product", "indicator", "partner", "source_url", "qualifier"):
        frame[column] = frame[column].astype("string")
    frame["period_start"] = pd.to_datetime(frame.get("period_start", pd.NaT))
    frame["period_end"] = pd.to_datetime(frame.get("period_end", pd.NaT))
    return frame


def _release(year, last, url, values, world=None):
    records = [
        {
            "jalali_year": year,
            "jalali_month_last": last,
            "source_url": url,
            "partner": p,
            "value": v,
        }
        for p, v in values.items()
    ]
    if world is not None:
        records.append(
            {
                "jalali_year": year,
                "jalali_month_last": last,
                "source_url": url,
                "partner": "World",
                "value": world,
            }
        )
    return records


def test_destinations_prefer_full_year_then_largest_release():
    frame = _rows(
        _release(1399, 6, "u1", {"A": 5.0, "B": 4.0, "C": 3.0}, world=20.0)
        + _release(1399, 12, "u2", {"A": 9.0, "B": 8.0, "C": 7.0, "D": 1.0}, world=40.0)
        + _release(1400, 3, "u3", {"A": 1.0, "B": 1.0, "C": 1.0}, world=4.0)
        + _release(1400, 3, "u4", {"A": 2.0, "B": 1.0, "C": 1.0})
    )
    result = comp.destinations_by_year(frame)
    by_year = result.groupby("jalali_year")
    assert by_year["source_url"].unique().map(list).to_dict() == {1399: ["u2"], 1400: ["u4"]}
    assert by_year["coverage"].first().to_dict() == {1399: "full year", 1400: "months 1-3"}
    # u4 gives no total: the other page's total for the same period is used and named.
    row = result[result["jalali_year"] == 1400].iloc[0]
    assert (row["world_total"], row["total_source_url"]) == (4.0, "u3")


def test_destinations_skip_small_bloc_releases():
    frame = _rows(
        _release(1400, 12, "bloc", {"X": 0.1, "Y": 0.1, "Z": 0.1}, world=50.0)
        + _release(1400, 6, "top", {"A": 9.0, "B": 5.0, "C": 4.0}, world=25.0)
    )
    result = comp.destinations_by_year(frame)
    assert set(result["source_url"]) == {"top"}


def test_destinations_refuse_mirror_scopes():
    with pytest.raises(SmeAnalysisError, match="Gregorian"):
        comp.destinations_by_year(
            _rows(_release(1399, 12, "u", {"A": 1.0})), scope="mirror_turkstat"
        )


def test_concentration_and_top_partners():
    frame = _rows(_release(1399, 12, "u", {"A": 40.0, "B": 30.0, "C": 10.0}, world=100.0))
    destinations = comp.destinations_by_year(frame)
    row = comp.concentration(destinations, n=2).iloc[0]
    assert row["top_share_pct"] == pytest.approx(70.0)
    assert row["hhi_named"] == pytest.approx(40**2 + 30**2 + 10**2)
    assert row["top_n_named"] == 2
    top = comp.top_partners(destinations, 2)
    assert top["partner"].tolist() == ["A", "B"]
    assert top["share_pct"].tolist() == pytest.approx([40.0, 30.0])


def test_concentration_against_the_world_total_is_a_lower_bound():
    # Synthetic: 5 named partners out of a world total of 200 (half unnamed).
    values = {"A": 40.0, "B": 30.0, "C": 20.0, "D": 5.0, "E": 5.0}
    frame = _rows(_release(1399, 12, "u", values, world=200.0))
    row = comp.concentration(comp.destinations_by_year(frame), n=3).iloc[0]
    assert row["named_share_pct"] == pytest.approx(50.0)
    assert row["top_share_pct"] == pytest.approx(45.0)  # (40 + 30 + 20) / 200
    # Squared shares of the world total (20, 15, 10, 2.5, 2.5 %), a quarter of the index among
    # the named partners alone (40, 30, 20, 5, 5 % of their own sum, 100).
    assert row["hhi_named"] == pytest.approx(20**2 + 15**2 + 10**2 + 2 * 2.5**2)
    among = 10_000 * sum((v / 100.0) ** 2 for v in values.values())
    assert row["hhi_named"] == pytest.approx(among * 0.5**2)
    assert (row["partners_named"], row["top_n_named"], row["top_value"]) == (5, 3, 90.0)


def test_concentration_without_a_world_total_is_missing_not_a_share_of_the_named():
    frame = _rows(
        _release(1398, 12, "a", {"A": 6.0, "B": 3.0, "C": 1.0})
        + _release(1399, 12, "b", {"A": 6.0, "B": 3.0, "C": 1.0}, world=20.0)
    )
    destinations = comp.destinations_by_year(frame)
    table = comp.concentration(destinations, n=2).set_index("jalali_year")
    assert table.loc[1398, ["top_share_pct", "named_share_pct", "hhi_named"]].isna().all()
    assert table.loc[1399, "top_share_pct"] == pytest.approx(45.0)
    top = comp.top_partners(destinations, 2)
    assert top.loc[top["jalali_year"] == 1398, "share_pct"].isna().all()
    assert top.loc[top["jalali_year"] == 1399, "share_pct"].tolist() == pytest.approx([30.0, 15.0])


def test_concentration_refuses_a_destination_without_a_value():
    frame = _rows(_release(1399, 12, "u", {"A": 4.0, "B": 3.0, "C": 1.0}, world=10.0))
    destinations = comp.destinations_by_year(frame)
    destinations.loc[1, "value"] = float("nan")
    with pytest.raises(SmeAnalysisError, match="missing"):
        comp.concentration(destinations)


def test_concentration_of_the_shipped_table_matches_the_page_figures(table):
    concentration = comp.concentration(comp.destinations_by_year(table), 5)
    by_year = concentration.set_index("jalali_year")
    # 1399 (full year, tehrantimes.com): top 5 = 25.5 of 34.5 bn USD; 1396 has no total.
    assert by_year.loc[1399, "top_share_pct"] == pytest.approx(100 * 25.5 / 34.5)
    assert round(by_year.loc[1399, "hhi_named"]) == 1384
    assert pd.isna(by_year.loc[1396, "hhi_named"])
    assert list(concentration.columns) == list(comp.CONCENTRATION_COLUMNS)
    assert comp.concentration(comp.destinations_by_year(table).iloc[0:0]).empty


def test_contradictions_keep_both_values():
    frame = _rows(
        [
            {
                "jalali_year": 1399,
                "jalali_month_last": 8,
                "partner": "China",
                "value": 5.3,
                "source_url": "a",
                "period_start": "2020-03-20",
                "period_end": "2020-11-20",
            },
            {
                "jalali_year": 1399,
                "jalali_month_last": 8,
                "partner": "China",
                "value": 4.4,
                "source_url": "b",
                "period_start": "2020-03-20",
                "period_end": "2020-11-20",
            },
            {
                "jalali_year": 1399,
                "jalali_month_last": 8,
                "partner": "Iraq",
                "value": 1.0,
                "source_url": "a",
                "period_start": "2020-03-20",
                "period_end": "2020-11-20",
            },
        ]
    )
    result = comp.contradictions(frame)
    assert sorted(result["value"]) == [4.4, 5.3]
    assert set(result["set_id"]) == {1}


def test_group_maps():
    scope = pd.Series(["footwear", "plastics", "non_oil", "petrochemical", "agriculture"])
    product = pd.Series(
        ["Bags and shoes", "Polymer products", "Chemical products", "Methanol", "Saffron"]
    )
    assert comp.sme_goods_group(scope, product).tolist() == [
        "handbags",
        "plastics",
        "chemicals",
        pd.NA,
        pd.NA,
    ]
    groups = comp.product_group(scope, product).tolist()
    assert groups[3] == "Petrochemicals and chemicals"
    assert groups[4] == "Agriculture and food"


def test_sme_goods_leave_out_targets(table):
    result = comp.sme_goods(table)
    targets = table[table["qualifier"].str.contains("target").fillna(False)]["row_id"]
    assert not set(targets) & set(result["row_id"])


def test_sme_destinations_use_the_same_page_total(table):
    result = comp.sme_destinations(table)
    assert (result["share_pct"].dropna() <= 100).all()
    assert set(result["jalali_year"].dropna()) == {1398, 1399}


def test_contradictions_read_hedges_and_rounding_as_reconcile_does():
    """Figures that rounding or a hedge word reconcile are not a contradiction (issue 11)."""
    base = {
        "jalali_year": 1399,
        "jalali_month_last": 8,
        "period_start": "2020-03-20",
        "period_end": "2020-11-20",
    }
    frame = _rows(
        [
            {**base, "partner": "Iraq", "value": 2.7, "source_url": "a"},
            {**base, "partner": "Iraq", "value": 2.704, "source_url": "b"},  # 2.7 rounded
            {**base, "partner": "Turkey", "value": 1.5, "source_url": "a", "qualifier": "over"},
            {**base, "partner": "Turkey", "value": 1.62, "source_url": "b"},  # "over 1.5"
            {**base, "partner": "China", "value": 4.4, "source_url": "a", "qualifier": "about"},
            {**base, "partner": "China", "value": 5.3, "source_url": "b"},  # beyond "about"
        ]
    )
    result = comp.contradictions(frame)
    assert result["partner"].tolist() == ["China", "China"]
    assert (result["low"] <= result["value"]).all() and (result["value"] <= result["high"]).all()
    # Without the hedge word the Turkish pair disagrees.
    flat = frame.assign(qualifier=pd.array([pd.NA] * len(frame), dtype="string"))
    assert set(comp.contradictions(flat)["partner"]) == {"China", "Turkey"}

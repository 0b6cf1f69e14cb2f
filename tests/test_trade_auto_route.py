"""A pandas caller's large frame with engine="auto": DuckDB over Arrow gives pandas' numbers.

Synthetic data only (``trade.synthetic_declarations``, seeded). The hand-off
(``reports.declarations.stage``) turns the frame into an Arrow table, cuts the window of
years and dictionary-encodes the grouping columns; every table of the report must come out
as on the pandas route.
"""

from __future__ import annotations

import pandas as pd
import pytest

from smeanalysis import trade
from smeanalysis.reports import declarations as report


@pytest.fixture(scope="module")
def rows(tmp_path_factory) -> pd.DataFrame:
    folder = tmp_path_factory.mktemp("extract")
    trade.write_synthetic_declarations(folder, 4_000, first_year=1398, last_year=1401)
    return trade.load_declarations(folder)


def _numbers(extract: report.Extract, province_code: str) -> dict[str, pd.DataFrame]:
    shares, concentration = report.destinations(extract, 3)
    top_sections, section_concentration = report.sections(extract, 3)
    return {
        "yearly": report.yearly(extract),
        "monthly": report.monthly(extract),
        "dynamics": report.exporter_dynamics(extract),
        "margins": report.margins(extract),
        "shares": shares,
        "concentration": concentration,
        "sections": top_sections,
        "section_concentration": section_concentration,
        "unit_values": report.unit_values(extract),
        "rca": report.rca_table(extract),
        "province": report.unit_values(extract, province_code),
    }


def test_auto_route_gives_the_numbers_of_the_pandas_route(rows, monkeypatch):
    expected = report.stage(rows, "pandas", 1400, 1401)
    monkeypatch.setattr(report, "AUTO_ROWS", 100)
    extract = report.stage(rows, "auto", 1400, 1401)
    assert extract.engine == "duckdb" and expected.engine == "pandas"
    # 1398 is outside the window (the year before 1400 is kept): rows were cut out.
    assert extract.rows_read == expected.rows_read == len(rows)
    assert extract.rows_in_window == expected.rows_in_window < len(rows)
    assert extract.has_exporters
    province = rows["province_code"].mode()[0]  # the province with the most declarations
    on_pandas, on_duckdb = _numbers(expected, province), _numbers(extract, province)
    for name, table in on_pandas.items():
        assert len(table), name
        pd.testing.assert_frame_equal(
            on_duckdb[name].reset_index(drop=True),
            table.reset_index(drop=True),
            check_dtype=False,
            rtol=1e-9,
            obj=name,
        )


def test_auto_route_leaves_the_callers_frame_alone(rows, monkeypatch):
    before = rows.copy()
    monkeypatch.setattr(report, "AUTO_ROWS", 100)
    report.yearly(report.stage(rows, "auto", 1400, 1401))
    pd.testing.assert_frame_equal(rows, before)

"""The declarations report's computations: the same numbers on every engine (synthetic data)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from smeanalysis import trade
from smeanalysis.errors import ParameterError
from smeanalysis.reports import declarations as report

# narwhals 2.29 announces on every Dask frame that its Dask support moves to narwhals-dask.
pytestmark = pytest.mark.filterwarnings(
    "ignore:Dask support is moving out of Narwhals:FutureWarning"
)


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    path = tmp_path_factory.mktemp("extract")
    trade.write_synthetic_declarations(path, 4_000, first_year=1399, last_year=1401)
    return path


def _numbers(extract: report.Extract) -> dict[str, pd.DataFrame]:
    shares, concentration = report.destinations(extract, 3)
    return {
        "yearly": report.yearly(extract),
        "monthly": report.monthly(extract),
        "dynamics": report.exporter_dynamics(extract),
        "margins": report.margins(extract),
        "shares": shares,
        "concentration": concentration,
        "sections": report.sections(extract, 3)[1],
        "unit_values": report.unit_values(extract),
        "rca": report.rca_table(extract),
    }


@pytest.fixture(scope="module")
def on_pandas(folder):
    return _numbers(report.load(folder, "pandas", first_year=1400, last_year=1401))


def _assert_same(numbers: dict[str, pd.DataFrame], expected: dict[str, pd.DataFrame]) -> None:
    for name, table in expected.items():
        pd.testing.assert_frame_equal(
            numbers[name].reset_index(drop=True),
            table.reset_index(drop=True),
            check_dtype=False,
            rtol=1e-9,
            obj=name,
        )


@pytest.mark.parametrize("engine", ["polars", "duckdb", "dask"])
def test_every_engine_gives_the_numbers_of_pandas(folder, on_pandas, engine):
    # 36 monthly files: on Dask each group-by has split_out > 1, the case dask-expr 2026.8
    # could not merge (metrics._join works around it).
    _assert_same(_numbers(report.load(folder, engine, first_year=1400, last_year=1401)), on_pandas)


@pytest.fixture(scope="module")
def one_file(folder, tmp_path_factory):
    # The rows of the monthly files (the generator's own promise), in one file.
    path = tmp_path_factory.mktemp("one") / "extract.parquet"
    trade.synthetic_declarations(4_000, first_year=1399, last_year=1401).to_parquet(path)
    return path


def test_one_file_gives_the_same_numbers_on_every_engine(one_file, on_pandas):
    for engine in ("pandas", "polars", "duckdb", "dask"):
        numbers = _numbers(report.load(one_file, engine, first_year=1400, last_year=1401))
        _assert_same(numbers, on_pandas)


def test_margins_add_up_to_the_change(on_pandas):
    margins = on_pandas["margins"]
    both = margins["extensive"] + margins["intensive"]
    assert np.allclose(both, margins["change"])
    yearly = on_pandas["yearly"]
    assert np.allclose(margins["change"], yearly["value_usd"] - yearly["previous"])


def test_exporter_measures_follow_their_definitions(folder):
    extract = report.load(folder, "pandas", first_year=1400, last_year=1401)
    dynamics = report.exporter_dynamics(extract)
    rows = trade.synthetic_declarations(4_000, first_year=1399, last_year=1401)
    rows["year"] = rows["declaration_date"].str[:4].astype(int)
    firms = {y: set(part["exporter_id"]) for y, part in rows.groupby("year")}
    got = dynamics.set_index("jalali_year")
    assert got.loc[1400, "exporters"] == len(firms[1400])
    assert got.loc[1400, "entrants"] == len(firms[1400] - firms[1399])
    assert got.loc[1401, "exits"] == len(firms[1400] - firms[1401])
    survived = len((firms[1400] - firms[1399]) & firms[1401])
    assert got.loc[1400, "survival"] == pytest.approx(survived / len(firms[1400] - firms[1399]))
    assert pd.isna(got.loc[1401, "survival"])  # no year after the data


def test_without_exporter_id_the_exporter_sections_are_refused(folder):
    table = trade.load_declarations(folder).drop(columns="exporter_id")
    extract = report.stage(table, "pandas", 1400, 1401)
    assert not extract.has_exporters
    with pytest.raises(ParameterError, match="exporter_id"):
        report.exporter_dynamics(extract)
    assert len(report.yearly(extract)) == 2


def test_auto_hands_a_large_pandas_frame_to_duckdb(folder, monkeypatch):
    table = trade.load_declarations(folder)
    assert report.stage(table, "auto", 1400, 1401).engine == "pandas"
    monkeypatch.setattr(report, "AUTO_ROWS", 100)
    extract = report.stage(table, "auto", 1400, 1401)
    assert extract.engine == "duckdb"
    pandas_years = report.yearly(report.stage(table, "pandas", 1400, 1401))
    pd.testing.assert_frame_equal(report.yearly(extract), pandas_years, check_dtype=False)


@pytest.mark.slow  # about 110 s here: 24 files read and validated through two worker processes
def test_the_report_on_a_two_worker_distributed_cluster(tmp_path):
    distributed = pytest.importorskip("distributed")
    trade.write_synthetic_declarations(tmp_path, 2_000, first_year=1400, last_year=1401)
    expected = _numbers(report.load(tmp_path, "pandas", first_year=1401, last_year=1401))
    with distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
        timeout="60s",
    ) as cluster:
        extract = report.load(
            tmp_path,
            "dask",
            scheduler_address=cluster.scheduler_address,
            first_year=1401,
            last_year=1401,
        )
        client = next(k for k in extract.keep if isinstance(k, distributed.Client))
        try:
            assert len(client.scheduler_info()["workers"]) == 2
            # The staged rows live on the workers, not in this process.
            assert client.who_has(extract.table)
            numbers = _numbers(extract)
        finally:
            client.close()
    _assert_same(numbers, expected)


def test_the_report_parameters_are_checked(folder):
    from smeanalysis.reports import params

    declared = params.declared("declarations")
    good = params.check_values(
        "declarations", declared, {"declarations_path": str(folder / "*.parquet")}
    )
    assert good["declarations_path"].endswith("*.parquet")
    bad = {
        "declarations_path": str(folder / "*.xlsx"),
        "engine": "spark",
        "scheduler_address": 8786,
    }
    with pytest.raises(ParameterError) as error:
        params.check_values("declarations", declared, bad)
    text = str(error.value)
    assert "no extract there" in text
    assert "pandas, duckdb, polars, dask, auto" in text
    assert "scheduler address" in text


def test_the_synthetic_banner_is_the_first_line_of_the_page():
    import nbformat

    from smeanalysis.reports import render

    banner = nbformat.v4.new_output(
        "display_data",
        data={"text/markdown": report.BANNER},
        metadata={render.BANNER_KEY: True},
    )
    cells = [nbformat.v4.new_code_cell("x", outputs=[banner])]
    cells.append(nbformat.v4.new_markdown_cell("## Exports"))
    parameters = (("declarations_path", None, "extract"), ("scheduler_address", None, "Dask"))
    page = render.html_for_report(
        nbformat.v4.new_notebook(cells=cells),
        render.ReportPage("declarations", "Your own customs declarations", parameters),
    )
    body = page[page.index("<body") :]
    assert body.index("<strong>Synthetic data.</strong>") < body.index("<h1")
    assert body.count("Synthetic data.") == 1  # moved to the top, not shown twice
    assert "<code>None</code> (synthetic demo data)" in body
    assert "<code>None</code> (computed in this process)" in body
    assert "the shipped data" not in body


# --------------------------------------------------------------------------------------
# What the page shows: the helpers write the tables, the text kit writes every figure.


def _body_rows(table: str) -> list[list[str]]:
    """The cells of a Markdown table's body (header and rule left out)."""
    lines = [line for line in table.splitlines() if line.startswith("| ")][2:]
    return [[cell.strip() for cell in line.strip("| ").split(" | ")] for line in lines]


def test_yearly_table_writes_amounts_and_growth_with_the_text_kit(on_pandas):
    from smeanalysis.reports import text

    years = on_pandas["yearly"]
    rows = _body_rows(report.yearly_markdown(years))
    assert len(rows) == len(years)
    for cells, (_, year) in zip(rows, years.iterrows(), strict=True):
        assert cells[0] == str(int(year["jalali_year"]))
        assert cells[1] == text.escape_text(text.amount(year["value_usd"], "usd", decimals=1))
        assert cells[4] == text.percent(year["growth"], 1, fraction=True)
    assert "USD m" not in report.yearly_markdown(years)  # no hand-scaled column


def test_exporter_tables_and_the_sentence_without_exporters(on_pandas):
    from smeanalysis.reports import text

    dynamics, grown = on_pandas["dynamics"], on_pandas["margins"]
    shown = report.exporters_markdown(dynamics, grown)
    first, second = shown.split("### Extensive and intensive margins")
    rows = _body_rows(first)
    assert [int(cells[1]) for cells in rows] == dynamics["exporters"].tolist()
    assert [cells[8] for cells in rows] == [
        text.percent(v, 1, fraction=True) for v in dynamics["top5_share"]
    ]
    assert len(_body_rows(second)) == len(grown)
    without = report.exporters_markdown(None, None)
    assert "no `exporter_id` column" in without and "|" not in without


def test_destinations_are_named_and_their_shares_written_as_percentages(on_pandas):
    from smeanalysis import countries
    from smeanalysis.reports import text

    top = on_pandas["shares"]
    rows = _body_rows(report.destinations_markdown(top))
    names = countries.countries_table().set_index("iso3")["name_en"]
    assert [cells[2] for cells in rows] == [names[code] for code in top["destination"]]
    assert [cells[4] for cells in rows] == [text.percent(v, 1, fraction=True) for v in top["share"]]


def test_comparative_advantage_keeps_the_provinces_chapters_above_one(on_pandas):
    advantage = on_pandas["rca"]
    code = advantage["province_code"].iloc[0]
    shown = report.advantage_markdown(advantage, code, "Somewhere", 2, 1400, 1401)
    rows = _body_rows(shown)
    mine = advantage[advantage["province_code"].eq(code) & advantage["rca"].gt(1)]
    assert len(rows) == min(6, len(mine))
    values = [float(cells[3]) for cells in rows]
    assert values == sorted(values, reverse=True) and all(v > 1 for v in values)
    nothing = advantage.assign(rca=0.5)
    assert "No chapter has an RCA above 1 for Somewhere." in report.advantage_markdown(
        nothing, code, "Somewhere", 2, 1400, 1401
    )


def test_the_monthly_chart_names_the_months_and_carries_its_numbers(folder):
    import matplotlib.pyplot as plt

    from smeanalysis import calendar
    from smeanalysis.reports import charts

    extract = report.load(folder, "pandas", first_year=1400, last_year=1401)
    months = report.monthly(extract)
    fig = report.monthly_chart(months, extract)
    try:
        labels = [label.get_text() for label in fig.axes[0].get_xticklabels()]
        assert labels == list(calendar.MONTHS_EN)
        csv, _ = charts.chart_data(fig)
        assert len(csv.splitlines()) == len(months) + 1  # the header, one line per month
        assert fig.texts[-1].get_text() == f"Source: {extract.source}"
    finally:
        plt.close(fig)


@pytest.mark.slow  # one report build (a kernel), about 20 s here
def test_the_command_builds_the_page_from_a_folder_of_monthly_files_on_duckdb(
    folder, on_pandas, tmp_path
):
    # Issue 12's "done when": a folder of monthly Parquet files, engine=duckdb, from the CLI;
    # the page's yearly table carries the numbers the pandas route computes.
    import subprocess
    import sys

    out = tmp_path / "out"
    command = [sys.executable, "-m", "smeanalysis", "report", "declarations", "--out", str(out)]
    for value in (f"declarations_path={folder}", "engine=duckdb", "first_year=1400"):
        command += ["-p", value]
    command += ["-p", "last_year=1401"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    (built,) = out.glob("declarations*.html")  # named by the parameters that changed
    assert "engine-duckdb" in built.name
    page = built.read_text(encoding="utf-8")
    assert "'duckdb'" in page  # the parameter table
    assert "Synthetic data" not in page  # a user's file: no demo banner
    table = report.yearly_markdown(on_pandas["yearly"]).split("\n\n")[0]
    for row in table.splitlines()[2:]:
        cells = [cell.strip() for cell in row.strip("|").split("|")]
        year, value = cells[0], cells[1]
        assert f"<td>{year}</td>" in page, year
        assert value in page or value.replace("&#36;", "$") in page, (year, value)

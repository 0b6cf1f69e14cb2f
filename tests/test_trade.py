"""load_declarations on pandas, Polars (lazy) and DuckDB (lazy): same table, same problems.

All extracts here are synthetic, written by the tests.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import polars as pl
import pytest

from smeanalysis import calendar, trade, units
from smeanalysis.errors import ParameterError, SmeAnalysisError
from smeanalysis.tables import DuplicateRowsWarning, NormalizationWarning

HEADER = "declaration_date,hs_code,province,destination,value_usd,weight_kg"

GOOD = [
    "1398/09/30,5701.10,Isfahan,IRQ,1200.5,30",
    "2019-12-21,0401,Tehran,afg,10,2.5",
    "1399/12/30,401,استان تهران,CHN,0,0",  # 1399 is a leap year: Esfand 30 exists
    "1402-01-01,8418 10,Khorasan Razavi,ARE,99.9,12",
]


def write(folder: Path, lines: list[str], name: str = "extract.csv", header: str = HEADER) -> Path:
    path = folder / name
    path.write_text("\n".join([header, *lines]) + "\n", encoding="utf-8")
    return path


def load(path: Path, engine: str) -> pd.DataFrame:
    result = trade.load_declarations(path, engine=engine)
    if engine == "polars":
        assert isinstance(result, pl.LazyFrame)
        result = result.collect().to_pandas()
    elif engine == "duckdb":
        assert isinstance(result, duckdb.DuckDBPyRelation)
        result = result.df()
    else:
        assert isinstance(result, pd.DataFrame)
    return result.sort_values("line").reset_index(drop=True)


ENGINES = ["pandas", "polars", "duckdb"]


@pytest.mark.parametrize("engine", ENGINES)
def test_good_extract_is_typed(tmp_path, engine):
    result = load(write(tmp_path, GOOD), engine)
    assert list(result.columns) == [
        "line",
        "declaration_date",
        "jalali_year",
        "jalali_month",
        "hs_code",
        "province",
        "province_code",
        "destination",
        "value_usd",
        "weight_kg",
    ]
    assert result["line"].tolist() == [2, 3, 4, 5]
    dates = pd.to_datetime(result["declaration_date"]).dt.strftime("%Y-%m-%d").tolist()
    assert dates == ["2019-12-21", "2019-12-21", "2021-03-20", "2023-03-21"]
    assert result["jalali_year"].tolist() == [1398, 1398, 1399, 1402]
    assert result["jalali_month"].tolist() == [9, 9, 12, 1]
    assert result["hs_code"].tolist() == ["570110", "0401", "0401", "841810"]
    assert result["province_code"].tolist() == ["IR-10", "IR-23", "IR-23", "IR-09"]
    assert result["destination"].tolist() == ["IRQ", "AFG", "CHN", "ARE"]
    assert result["value_usd"].tolist() == [1200.5, 10.0, 0.0, 99.9]
    assert result["weight_kg"].tolist() == [30.0, 2.5, 0.0, 12.0]


def test_pandas_dtypes(tmp_path):
    result = trade.load_declarations(write(tmp_path, GOOD))
    assert result["declaration_date"].dtype == "datetime64[ns]"
    assert result["hs_code"].dtype == "string"
    assert result["value_usd"].dtype == "float64"


@pytest.mark.parametrize("engine", ENGINES)
def test_parquet_extract(tmp_path, engine):
    frame = pd.read_csv(write(tmp_path, GOOD), dtype="string")
    frame["value_usd"] = frame["value_usd"].astype("float64")
    path = tmp_path / "extract.parquet"
    frame.to_parquet(path)
    result = load(path, engine)
    assert result["line"].tolist() == [1, 2, 3, 4]  # Parquet rows count from 1
    assert result["hs_code"].tolist() == ["570110", "0401", "0401", "841810"]
    assert result["value_usd"].tolist() == [1200.5, 10.0, 0.0, 99.9]


BAD = [
    "1398/09/30,5701,Isfahan,IRQ,1200,30",  # line 2: fine
    "1398/12/30,5701,Isfahan,IRQ,1200,30",  # line 3: 1398 is not a leap year
    "2019-12-21,7701,Isfahan,IRQ,1200,30",  # line 4: reserved chapter
    "2019-12-21,5701,Atlantis,IRQ,1200,30",  # line 5: no such province
    "2019-12-21,5701,Fars,IRN1,1200,30",  # line 6: not a country code
    "2019-12-21,5701,Fars,TUR,-5,1",  # line 7: negative value
    "2019-12-21,5701,Fars,TUR,1'200,30",  # line 8: not a plain number
    ",5701,Fars,TUR,1,30",  # line 9: empty date
    "1398/13/01,5701,Isfahan,IRQ,1200,30",  # line 10: month 13
]


@pytest.mark.parametrize("engine", ENGINES)
def test_every_problem_is_reported_with_line_and_column(tmp_path, engine):
    with pytest.raises(SmeAnalysisError) as caught:
        load(write(tmp_path, BAD), engine)
    found = sorted((p.line, p.column, p.found) for p in caught.value.problems)
    assert found == [
        (3, "declaration_date", "'1398/12/30'"),
        (4, "hs_code", "'7701'"),
        (5, "province", "'Atlantis'"),
        (6, "destination", "'IRN1'"),
        (7, "value_usd", "'-5'"),
        (8, "value_usd", '"1\'200"'),
        (9, "declaration_date", "an empty field"),
        (10, "declaration_date", "'1398/13/01'"),
    ]
    assert all(p.file == str(tmp_path / "extract.csv") for p in caught.value.problems)
    message = str(caught.value)
    assert "8 row(s) with bad values" in message
    assert "expected a number >= 0" in message
    assert "expected a country name or ISO 3166-1 code" in message


@pytest.mark.parametrize("engine", ENGINES)
def test_missing_columns_are_named(tmp_path, engine):
    path = write(tmp_path, ["1398/09/30,5701,Isfahan,1200"], header="date,hs_code,province,value")
    with pytest.raises(SmeAnalysisError) as caught:
        trade.load_declarations(path, engine=engine)
    assert [p.column for p in caught.value.problems] == [
        "declaration_date",
        "destination",
        "value_usd",
        "weight_kg",
    ]
    assert all(p.line == 1 for p in caught.value.problems)


def test_bad_parameters(tmp_path):
    with pytest.raises(ParameterError, match="pandas, duckdb, polars, dask or auto"):
        trade.load_declarations(write(tmp_path, GOOD), engine="spark")
    with pytest.raises(ParameterError, match=r"\.csv or \.parquet"):
        trade.load_declarations(tmp_path / "extract.xlsx")


def test_extra_columns_are_kept_as_text(tmp_path):
    path = write(tmp_path, [line + ",A-17" for line in GOOD], header=HEADER + ",customs_office")
    result = trade.load_declarations(path)
    assert result["customs_office"].tolist() == ["A-17"] * 4


def test_duckdb_line_numbers_follow_the_file_on_a_parallel_read(tmp_path):
    # A file big enough for DuckDB to split the read between threads; one bad row near the end.
    n = 300_000
    rng = np.random.default_rng(5)
    days = rng.integers(calendar.days_from_jalali(1395, 1, 1), calendar.MAX_DAY - 30000, n)
    frame = pd.DataFrame(
        {
            "declaration_date": days.astype("datetime64[D]").astype(str),
            "hs_code": "5701",
            "province": "Fars",
            "destination": "IRQ",
            "value_usd": rng.integers(1, 1000, n).astype(str),
            "weight_kg": "1",
        }
    )
    frame.loc[n - 7, "destination"] = "XXX"
    path = tmp_path / "big.csv"
    frame.to_csv(path, index=False)
    connection = duckdb.connect()
    connection.sql("SET threads = 4")
    with pytest.raises(SmeAnalysisError) as caught:
        trade.load_declarations(path, engine="duckdb", connection=connection)
    assert [(p.line, p.column) for p in caught.value.problems] == [(n - 7 + 2, "destination")]


def test_iso_codes():
    assert len(trade.ISO_ALPHA3) == 249
    assert {"IRN", "IRQ", "AFG", "ARE", "CHN", "TUR", "RUS", "IND"} <= trade.ISO_ALPHA3
    assert all(len(code) == 3 and code.isupper() for code in trade.ISO_ALPHA3)


ODD_NUMBERS = ["nan", "Infinity", "1_000", "0x10", "1e400", "1,200", "۱٬۲۰۰"]


@pytest.mark.parametrize("engine", ENGINES)
def test_only_plain_finite_ascii_numbers_are_read(tmp_path, engine):
    # Each engine's own cast takes some of these (Polars and DuckDB read "nan", DuckDB "1_000",
    # "1e400" overflows to infinity): one rule for all, the same problems everywhere.
    lines = [f'1398/09/30,5701,Isfahan,IRQ,"{value}",30' for value in ODD_NUMBERS]
    with pytest.raises(SmeAnalysisError) as caught:
        load(write(tmp_path, [*lines, "1398/09/30,5701,Isfahan,IRQ,1.2e3,30"]), engine)
    found = [(p.line, p.column, p.found) for p in caught.value.problems]
    assert sorted(found) == [(i + 2, "value_usd", repr(v)) for i, v in enumerate(ODD_NUMBERS)]
    assert all("finite number >= 0" in p.expected for p in caught.value.problems)


@pytest.mark.parametrize("engine", ENGINES)
def test_blank_lines_are_skipped_and_lines_stay_physical(tmp_path, engine):
    path = tmp_path / "extract.csv"
    path.write_text(f"{HEADER}\r\n{GOOD[0]}\r\n\r\n\r\n{GOOD[1]}\r\n\r\n{GOOD[2]}\r\n\r\n")
    assert load(path, engine)["line"].tolist() == [2, 5, 7]


@pytest.mark.parametrize("engine", ENGINES)
def test_polars_and_duckdb_results_come_in_file_order(tmp_path, engine):
    rows = [f"{GOOD[i % 4]},{i}" for i in range(200)]  # distinct rows: no repeat warning
    result = trade.load_declarations(write(tmp_path, rows, header=f"{HEADER},n"), engine=engine)
    if engine == "polars":
        lines = result.collect()["line"].to_list()
    elif engine == "duckdb":
        lines = result.order("line").df()["line"].tolist()  # SQL keeps no order without it
    else:
        lines = result["line"].tolist()
    assert lines == list(range(2, 202))


@pytest.mark.parametrize("engine", ENGINES)
def test_parquet_without_rows_is_rejected(tmp_path, engine):
    path = tmp_path / "extract.parquet"
    pd.DataFrame({c: pd.Series([], dtype="string") for c in trade.COLUMNS}).to_parquet(path)
    with pytest.raises(SmeAnalysisError, match="no rows"):
        trade.load_declarations(path, engine=engine)


@pytest.mark.parametrize("engine", ENGINES)
def test_a_row_longer_than_the_header_is_located(tmp_path, engine):
    # pandas would take the first field as an index, Polars and DuckDB stop with their own
    # parse errors: all give the row's line and width.
    path = write(tmp_path, [GOOD[0], "1398/09/30,5701,Isfahan,IRQ,1,200,30", GOOD[1]])
    with pytest.raises(SmeAnalysisError) as caught:
        load(path, engine)
    assert [(p.line, p.found) for p in caught.value.problems] == [(3, "7 fields")]


def test_repeated_rows_are_kept_and_named_on_pandas(tmp_path):
    # Lines 2, 4 and 6 are the same row; line 5 differs from line 3 only in the extra column.
    path = write(
        tmp_path,
        [f"{GOOD[0]},a", f"{GOOD[1]},a", f"{GOOD[0]},a", f"{GOOD[1]},b", f"{GOOD[0]},a"],
        header=HEADER + ",customs_office",
    )
    with pytest.warns(DuplicateRowsWarning) as caught:
        result = trade.load_declarations(path)
    assert result["line"].tolist() == [2, 3, 4, 5, 6]  # nothing dropped
    assert len(caught) == 1
    message = str(caught[0].message)
    assert "2 rows repeat an earlier row" in message
    assert "line 4 = line 2; line 6 = line 2)" in message
    assert "line 5" not in message
    assert caught[0].filename == __file__  # shown where the analyst called the loader


def test_repeated_rows_are_compared_as_written(tmp_path):
    # "1200.5" and "1200.50" are the same number but not the same text: not a repeat.
    path = write(tmp_path, [GOOD[0], GOOD[0].replace("1200.5", "1200.50")])
    with warnings.catch_warnings():
        warnings.simplefilter("error", DuplicateRowsWarning)
        assert len(trade.load_declarations(path)) == 2


@pytest.mark.parametrize("engine", ENGINES)
def test_repeated_parquet_rows_are_named_by_row_number(tmp_path, engine):
    frame = pd.read_csv(write(tmp_path, [GOOD[0], GOOD[1], GOOD[1]]), dtype="string")
    path = tmp_path / "extract.parquet"
    frame.to_parquet(path)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = load(path, engine)
    assert result["line"].tolist() == [1, 2, 3]
    named = [str(w.message) for w in caught if w.category is DuplicateRowsWarning]
    if engine == "pandas":
        assert len(named) == 1 and "(row 3 = row 2)" in named[0]
    else:  # the lazy engines do not scan the file for repeats (documented)
        assert named == []


@pytest.mark.parametrize("engine", ["polars", "duckdb"])
def test_lazy_engines_keep_repeats_without_a_second_scan(tmp_path, engine):
    path = write(tmp_path, [GOOD[0], GOOD[0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error", DuplicateRowsWarning)
        assert load(path, engine)["line"].tolist() == [2, 3]


# The same extract written in Persian (۰-۹) and Arabic-Indic (٠-٩) digits: the Arabic
# decimal separator (٫) and the minus sign (−) too. Line 5 keeps an ASCII row.
PERSIAN = [
    "۱۳۹۸/۰۹/۳۰,۵۷۰۱٫۱۰,Isfahan,IRQ,۱۲۰۰٫۵,۳۰",
    "٢٠١٩-١٢-٢١,٠٤٠١,Tehran,afg,١٠,٢٫٥",
    "۱۳۹۹-۱۲-۳۰,401,استان تهران,CHN,۰,−۰",
    GOOD[3],
]


@pytest.mark.filterwarnings("ignore::smeanalysis.tables.NormalizationWarning")
@pytest.mark.parametrize("engine", ENGINES)
def test_persian_digits_are_read_as_ascii_on_every_engine(tmp_path, engine):
    expected = load(write(tmp_path, GOOD, name="ascii.csv"), engine)
    loaded = load(write(tmp_path, PERSIAN), engine)
    pd.testing.assert_frame_equal(
        loaded.drop(columns="weight_kg"), expected.drop(columns="weight_kg")
    )
    # "−۰" is minus zero: read as -0.0, equal to 0 and not negative.
    assert loaded["weight_kg"].tolist() == expected["weight_kg"].tolist()


def test_persian_digits_are_recorded_and_warned_on_pandas(tmp_path):
    path = write(tmp_path, PERSIAN)
    with pytest.warns(NormalizationWarning, match=r"value_usd.*first on line 2") as caught:
        result = trade.load_declarations(path)
    assert len([w for w in caught if w.category is NormalizationWarning]) == 1
    records = result.attrs["normalizations"]
    cells = [(r["line"], r["column"], r["kind"], r["found"], r["read_as"]) for r in records]
    assert cells == [
        (2, "declaration_date", "persian_digits", "۱۳۹۸/۰۹/۳۰", "1398/09/30"),
        (2, "hs_code", "persian_digits", "۵۷۰۱٫۱۰", "5701.10"),
        (2, "hs_code", "arabic_decimal_separator", "۵۷۰۱٫۱۰", "5701.10"),
        (2, "value_usd", "persian_digits", "۱۲۰۰٫۵", "1200.5"),
        (2, "value_usd", "arabic_decimal_separator", "۱۲۰۰٫۵", "1200.5"),
        (2, "weight_kg", "persian_digits", "۳۰", "30"),
        (3, "declaration_date", "arabic_indic_digits", "٢٠١٩-١٢-٢١", "2019-12-21"),
        (3, "hs_code", "arabic_indic_digits", "٠٤٠١", "0401"),
        (3, "value_usd", "arabic_indic_digits", "١٠", "10"),
        (3, "weight_kg", "arabic_indic_digits", "٢٫٥", "2.5"),
        (3, "weight_kg", "arabic_decimal_separator", "٢٫٥", "2.5"),
        (4, "declaration_date", "persian_digits", "۱۳۹۹-۱۲-۳۰", "1399-12-30"),
        (4, "value_usd", "persian_digits", "۰", "0"),
        (4, "weight_kg", "persian_digits", "−۰", "-0"),
        (4, "weight_kg", "minus_sign", "−۰", "-0"),
    ]
    assert all(r["file"] == str(path) and r["count"] == 1 for r in records)


@pytest.mark.parametrize("engine", ["polars", "duckdb"])
def test_lazy_engines_read_persian_digits_without_records(tmp_path, engine):
    with warnings.catch_warnings():
        warnings.simplefilter("error", NormalizationWarning)
        result = load(write(tmp_path, PERSIAN), engine)
    assert result["value_usd"].tolist() == [1200.5, 10.0, 0.0, 99.9]


@pytest.mark.filterwarnings("ignore::smeanalysis.tables.NormalizationWarning")
@pytest.mark.parametrize("engine", ENGINES)
def test_persian_digits_in_a_cell_that_is_not_a_whole_number_are_quoted_as_written(
    tmp_path, engine
):
    lines = [
        "۱۳۹۸.۰۹.۳۰,5701,Isfahan,IRQ,1,1",  # not a date form: kept, rejected as written
        "1398/09/30,۵۷A۱,Isfahan,IRQ,1,1",  # not an HS code
        "1398/09/30,5701,Isfahan,IRQ,۱۲۰۰ دلار,1",  # a number with a word
        "۱۳۹۸/۱۳/۰۱,5701,Isfahan,IRQ,1,1",  # read as 1398/13/01, then no such month
        "1398/09/30,5701,Isfahan,IRQ,1,−۵",  # read as -5, then negative
    ]
    with pytest.raises(SmeAnalysisError) as caught:
        load(write(tmp_path, lines), engine)
    found = [(p.line, p.column, p.found) for p in caught.value.problems]
    assert sorted(found) == [
        (2, "declaration_date", "'۱۳۹۸.۰۹.۳۰'"),
        (3, "hs_code", "'۵۷A۱'"),
        (4, "value_usd", "'۱۲۰۰ دلار'"),
        (5, "declaration_date", "'1398/13/01'"),  # a cell read as ASCII is quoted so
        (6, "weight_kg", "'-5'"),
    ]
    by_line = {p.line: p.expected for p in caught.value.problems}
    assert "Persian digits are read only in a date of this form" in by_line[2]
    assert "month 1-12" in by_line[5]


@pytest.mark.filterwarnings("ignore::smeanalysis.tables.NormalizationWarning")
@pytest.mark.parametrize("engine", ENGINES)
def test_persian_digits_in_parquet_are_read_as_ascii(tmp_path, engine):
    frame = pd.read_csv(write(tmp_path, PERSIAN), dtype="string")
    path = tmp_path / "extract.parquet"
    frame.to_parquet(path)
    result = load(path, engine)
    dates = pd.to_datetime(result["declaration_date"]).dt.strftime("%Y-%m-%d").tolist()
    assert dates == ["2019-12-21", "2019-12-21", "2021-03-20", "2023-03-21"]
    assert result["hs_code"].tolist() == ["570110", "0401", "0401", "841810"]


def test_engine_translation_agrees_with_normalize_digits():
    # Polars and DuckDB translate with trade's table; pandas reads through tables.py, which
    # uses units.normalize_digits: the two must read every character alike.
    assert units.normalize_digits(trade._DIGITS_FROM) == trade._DIGITS_TO
    assert len(trade._DIGITS_FROM) == len(trade._DIGITS_TO) == len(set(trade._DIGITS_FROM))


def test_the_csv_scan_spots_exactly_the_characters_the_engines_translate():
    # The lazy engines translate only when the scan saw one of these characters: a miss would
    # leave Persian digits unread on Polars and DuckDB.
    every_char = "".join(chr(c) for c in range(0x20, 0x3000) if not 0xD800 <= c < 0xE000)
    spotted = {ch for ch in every_char if trade._has_other_digits(f"a{ch}1".encode())}
    assert spotted == set(trade._DIGITS_FROM)


# ---------------------------------------------------------------------------------------------
# Issue 12: destinations by name, optional columns, Dask, folders of monthly files, "auto".
# ---------------------------------------------------------------------------------------------

ALL_ENGINES = ["pandas", "polars", "duckdb", "dask"]


def load_any(path: Path, engine: str) -> pd.DataFrame:
    """Load on any engine and return pandas in file order (``file`` then ``line``)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", NormalizationWarning)  # checked by the tests above
        result = trade.load_declarations(path, engine=engine)
    if engine == "polars":
        result = result.collect().to_pandas()
    elif engine == "duckdb":
        result = result.df()
    elif engine == "dask":
        import dask.dataframe as dd

        assert isinstance(result, dd.DataFrame)
        result = result.compute()
    keys = ["file", "line"] if "file" in result.columns else ["line"]
    return result.sort_values(keys).reset_index(drop=True)


NAMED = [
    "1398/09/30,5701.10,Isfahan,Iraq,1200.5,30,F1,10,pair",
    "1398/09/30,0401,Tehran,عراق,10,2.5,F2,,",
    "1399/01/15,0401,Tehran,U.A.E.,7,1,F1,3.5,m2",
    "1399/02/01,8418 10,Fars,Türkiye,99.9,12,F3,0,pair",
]
NAMED_HEADER = f"{HEADER},exporter_id,quantity,unit"


@pytest.mark.parametrize("engine", ALL_ENGINES)
def test_destinations_by_name_and_optional_columns(tmp_path, engine):
    result = load_any(write(tmp_path, NAMED, header=NAMED_HEADER), engine)
    assert result["destination"].tolist() == ["IRQ", "IRQ", "ARE", "TUR"]
    assert result.columns[-3:].tolist() == ["exporter_id", "quantity", "unit"]
    assert result["exporter_id"].tolist() == ["F1", "F2", "F1", "F3"]
    assert result["quantity"].tolist()[0] == 10.0 and pd.isna(result["quantity"][1])
    assert result["quantity"].tolist()[2:] == [3.5, 0.0]


@pytest.mark.parametrize("engine", ALL_ENGINES)
def test_optional_columns_are_checked(tmp_path, engine):
    lines = [
        "1398/09/30,5701.10,Isfahan,Iraq,1200.5,30,,10,pair",  # no exporter
        "1398/09/30,0401,Tehran,Iraq,10,2.5,F2,-1,kg",  # negative quantity
        "1398/09/30,0401,Tehran,Iraq,10,2.5,F2,5,",  # a quantity without its unit
        "1398/09/30,0401,Tehran,Narnia,10,2.5,F2,,",  # unknown country: closest names
    ]
    with pytest.raises(SmeAnalysisError) as caught:
        trade.load_declarations(write(tmp_path, lines, header=NAMED_HEADER), engine=engine)
    found = sorted((p.line, p.column) for p in caught.value.problems)
    assert found == [(2, "exporter_id"), (3, "quantity"), (4, "unit"), (5, "destination")]
    unit = next(p for p in caught.value.problems if p.column == "unit")
    assert unit.expected == "the quantity's unit"
    country = next(p for p in caught.value.problems if p.column == "destination")
    assert "closest" in country.expected


def test_quantity_needs_a_unit_column(tmp_path):
    path = write(tmp_path, ["1398/09/30,0401,Tehran,IRQ,10,2.5,5"], header=f"{HEADER},quantity")
    with pytest.raises(SmeAnalysisError) as caught:
        trade.load_declarations(path)
    [problem] = caught.value.problems
    assert (problem.line, problem.column, problem.found) == (1, "unit", "no such column")


def _monthly(folder: Path, columns: dict[str, list]) -> None:
    folder.mkdir(exist_ok=True)
    frame = pd.DataFrame(columns)
    frame.iloc[:2].to_parquet(folder / "1398-09.parquet")
    frame.iloc[2:].to_parquet(folder / "1398-10.parquet")


MONTHLY = {
    "declaration_date": ["1398/09/30", "1398/09/01", "1398/10/01", "1398/10/02"],
    "hs_code": ["5701.10", "0401", "0401", "8418"],
    "province": ["Isfahan", "Tehran", "تهران", "IR-07"],
    "destination": ["Iraq", "عراق", "CHN", "af"],
    "value_usd": ["1", "2", "۳", "4"],
    "weight_kg": [1.0, 2.0, 3.0, 4.0],
    "exporter_id": ["A", "B", "A", "C"],
}


@pytest.mark.parametrize("engine", ALL_ENGINES)
def test_a_folder_of_monthly_parquet_files(tmp_path, engine):
    _monthly(tmp_path / "extracts", MONTHLY)
    result = load_any(tmp_path / "extracts", engine)
    assert [Path(f).name for f in result["file"]] == ["1398-09.parquet"] * 2 + [
        "1398-10.parquet"
    ] * 2
    assert result["line"].tolist() == [1, 2, 1, 2]
    assert result["value_usd"].tolist() == [1.0, 2.0, 3.0, 4.0]
    assert result["destination"].tolist() == ["IRQ", "IRQ", "CHN", "AFG"]
    assert result["province_code"].tolist() == ["IR-10", "IR-23", "IR-23", "IR-07"]
    glob = load_any(tmp_path / "extracts" / "*-10.parquet", engine)
    assert glob["value_usd"].tolist() == [3.0, 4.0]


@pytest.mark.parametrize("engine", ALL_ENGINES)
def test_problems_of_every_file_are_named_with_file_and_line(tmp_path, engine):
    bad = dict(MONTHLY, value_usd=["1", "x", "3", "-4"])
    _monthly(tmp_path / "extracts", bad)
    with pytest.raises(SmeAnalysisError) as caught:
        trade.load_declarations(tmp_path / "extracts", engine=engine)
    found = [(Path(p.file).name, p.line, p.column) for p in caught.value.problems]
    assert found == [("1398-09.parquet", 2, "value_usd"), ("1398-10.parquet", 2, "value_usd")]


@pytest.mark.parametrize("engine", ALL_ENGINES)
def test_a_folder_read_at_once_keeps_empty_files_and_column_order_apart(tmp_path, engine):
    # DuckDB and Dask read a folder of Parquet files in one go: an empty file is still named,
    # beside the bad rows of the other files, and a file whose columns come in another
    # order is read by name, not by position.
    folder = tmp_path / "extracts"
    _monthly(folder, MONTHLY)
    swapped = pd.read_parquet(folder / "1398-10.parquet")
    swapped[list(reversed(swapped.columns))].to_parquet(folder / "1398-10.parquet")
    result = load_any(folder, engine)
    assert result["value_usd"].tolist() == [1.0, 2.0, 3.0, 4.0]
    assert result["hs_code"].tolist() == ["570110", "0401", "0401", "8418"]
    bad = pd.read_parquet(folder / "1398-09.parquet").assign(value_usd=["1", "x"])
    bad.to_parquet(folder / "1398-09.parquet")
    pd.DataFrame(MONTHLY).iloc[:0].to_parquet(folder / "1398-11.parquet")
    with pytest.raises(SmeAnalysisError) as caught, warnings.catch_warnings():
        warnings.simplefilter("ignore", NormalizationWarning)  # the Persian ۳ of MONTHLY
        trade.load_declarations(folder, engine=engine)
    found = sorted((Path(p.file).name, p.line, p.column, p.found) for p in caught.value.problems)
    assert found == [
        ("1398-09.parquet", 2, "value_usd", "'x'"),
        ("1398-11.parquet", 1, None, "no rows"),
    ]


def test_a_folder_with_two_layouts_is_rejected_naming_the_file(tmp_path):
    _monthly(tmp_path / "extracts", MONTHLY)
    other = pd.DataFrame(MONTHLY).drop(columns="exporter_id").rename(columns={"hs_code": "hs"})
    other.to_parquet(tmp_path / "extracts" / "1398-11.parquet")
    with pytest.raises(SmeAnalysisError) as caught:
        trade.load_declarations(tmp_path / "extracts")
    [problem] = caught.value.problems
    assert Path(problem.file).name == "1398-11.parquet"
    assert "no column hs_code, exporter_id" in problem.found
    assert "hs in addition" in problem.found


def test_an_empty_folder_and_an_unknown_engine_are_parameter_errors(tmp_path):
    with pytest.raises(ParameterError, match="no extract there"):
        trade.load_declarations(tmp_path)
    with pytest.raises(ParameterError, match="pandas, duckdb, polars, dask or auto"):
        trade.load_declarations(tmp_path, engine="spark")


def test_auto_picks_duckdb_above_the_threshold(tmp_path, monkeypatch):
    path = write(tmp_path, GOOD)
    assert isinstance(trade.load_declarations(path, engine="auto"), pd.DataFrame)
    monkeypatch.setattr(trade, "AUTO_DUCKDB_BYTES", 10)
    assert isinstance(trade.load_declarations(path, engine="auto"), duckdb.DuckDBPyRelation)


def test_synthetic_declarations_are_seeded_and_shaped():
    frame = trade.synthetic_declarations(20_000, first_year=1399, last_year=1401)
    assert frame.attrs["synthetic"] is True
    assert frame.equals(trade.synthetic_declarations(20_000, first_year=1399, last_year=1401))
    assert not frame.equals(
        trade.synthetic_declarations(20_000, first_year=1399, last_year=1401, seed=1)
    )
    months = frame["declaration_date"].str[5:7].astype(int).value_counts()
    assert months[1] < months[6] < months[12]  # the Nowruz dip, the Esfand rush
    by_exporter = frame.groupby("exporter_id")["value_usd"].sum().sort_values(ascending=False)
    top = by_exporter.head(len(by_exporter) // 20).sum() / by_exporter.sum()
    assert top > 0.3  # a few large exporters (Pareto sizes)
    years = frame.assign(year=frame["declaration_date"].str[:4]).groupby("exporter_id")["year"]
    assert (years.min() > "1399").any() and (years.max() < "1401").any()  # entry and exit
    assert set(frame["hs_code"]) <= set(trade.synthetic_products())


def test_a_small_synthetic_extract_has_months_without_rows():
    frame = trade.synthetic_declarations(10, first_year=1400, last_year=1400)
    assert len(frame) == 10  # 12 months, so at least two have no row
    assert frame["declaration_date"].str.fullmatch(r"1400/[0-9]{2}/[0-9]{2}").all()


@pytest.mark.parametrize("engine", ["pandas", "duckdb"])
def test_synthetic_monthly_files_load_as_the_frame(tmp_path, engine):
    files = trade.write_synthetic_declarations(tmp_path, 3_000, first_year=1400, last_year=1400)
    assert [f.name for f in files] == [f"1400-{m:02d}.parquet" for m in range(1, 13)]
    loaded = load_any(tmp_path, engine)
    frame = trade.synthetic_declarations(3_000, first_year=1400, last_year=1400)
    assert loaded["value_usd"].tolist() == frame["value_usd"].tolist()
    assert loaded["exporter_id"].tolist() == frame["exporter_id"].tolist()
    assert (loaded["jalali_year"] == 1400).all()


def test_synthetic_data_never_goes_into_data(tmp_path):
    from smeanalysis import paths

    with pytest.raises(ParameterError, match="a folder outside data/"):
        trade.write_synthetic_declarations(paths.DATA_DIR / "synthetic", 10)
    assert not (paths.DATA_DIR / "synthetic").exists()
    with pytest.raises(ParameterError, match="rows"):
        trade.synthetic_declarations(0)

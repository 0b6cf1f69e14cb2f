"""smeanalysis export: every format read back gives the same rows as the tables.

The shipped fact base's three tables are computed once; each format is written and read back
with pandas' own readers, and every cell compared after a canonical form that each format
can hold (missing -> None, dates -> date, numbers -> float, text -> str).
"""

from __future__ import annotations

import datetime as dt
import math
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from smeanalysis import dictionary
from smeanalysis.errors import ParameterError
from smeanalysis.reports import export

BIN = Path(sys.executable).parent
PERSIAN = "محمدرضا مدرس خیابانی"  # a speaker's name in Persian script (synthetic row)


@pytest.fixture(scope="module")
def frames() -> dict[str, pd.DataFrame]:
    tables = export.tables()
    facts = tables["facts"].copy()
    facts.loc[0, "speaker"] = PERSIAN  # the shipped base has no Persian text in its cells
    return {**tables, "facts": facts}


def kinds(like: pd.DataFrame) -> dict[str, str]:
    out = {}
    for column in like.columns:
        dtype = like[column].dtype
        if pd.api.types.is_datetime64_any_dtype(dtype):
            out[column] = "date"
        elif pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_bool_dtype(dtype):
            out[column] = "number"
        else:
            out[column] = "text"
    return out


def missing(value) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def canon_cell(value, kind: str):
    if missing(value) or (kind != "text" and value == ""):
        return None
    if kind == "date":
        return pd.Timestamp(value).date()
    if kind == "number":
        return float(value)
    return str(value)


def canon(frame: pd.DataFrame, like: pd.DataFrame) -> list[tuple]:
    assert list(frame.columns) == list(like.columns)
    kind = kinds(like)
    columns = [[canon_cell(v, kind[c]) for v in frame[c].tolist()] for c in frame.columns]
    # Stata and CSV cannot tell a missing text from an empty one.
    text = [c for c in frame.columns if kind[c] == "text"]
    for index, column in enumerate(frame.columns):
        if column in text:
            columns[index] = [v or None for v in columns[index]]
    return list(zip(*columns, strict=True))


def read_back(fmt: str, folder: Path, name: str) -> pd.DataFrame:
    if fmt == "csv":
        return pd.read_csv(folder / f"{name}.csv", dtype=str, keep_default_na=False)
    if fmt == "parquet":
        return pd.read_parquet(folder / f"{name}.parquet")
    if fmt == "dta":
        return pd.read_stata(folder / f"{name}.dta", convert_dates=True)
    return pd.read_excel(folder / "smeanalysis.xlsx", sheet_name=name)


@pytest.mark.parametrize("fmt", list(export.FORMATS))
def test_each_format_reads_back_to_the_same_rows(fmt, frames, tmp_path):
    if fmt == "xlsx":
        pytest.importorskip("openpyxl")
    if fmt == "parquet":
        pytest.importorskip("pyarrow")
    export.write(fmt, frames, tmp_path)
    extra = {"indicators": export.indicator_table()}
    for name, frame in {**frames, **extra}.items():
        back = read_back(fmt, tmp_path, name)
        assert len(back) == len(frame) > 0, name
        assert canon(back, frame) == canon(frame, frame), f"{fmt} {name}"


def test_tuple_cells_are_joined_text(frames):
    consolidated = frames["consolidated"]
    assert consolidated["fact_ids"].iloc[0] == "1; 2; 3; 5; 6"
    assert all(isinstance(v, str) for v in consolidated["sources"])
    assert frames["findings"]["values"].str.contains("; ").any()
    assert not any(
        frame[c].dtype == object for frame in frames.values() for c in frame.columns
    )  # no tuple, list or mixed column is left


def test_every_row_and_column_is_kept(frames):
    from smeanalysis import facts, reconcile

    assert len(frames["facts"]) == len(facts.load_facts())
    assert tuple(frames["consolidated"].columns) == reconcile.CONSOLIDATED_COLUMNS
    assert tuple(frames["findings"].columns) == reconcile.FINDING_COLUMNS


def test_stata_file_is_version_118_with_dictionary_labels_and_persian_text(frames, tmp_path):
    export.write("dta", frames, tmp_path)
    assert (tmp_path / "facts.dta").read_bytes().startswith(b"<stata_dta><header><release>118")
    with pd.io.stata.StataReader(tmp_path / "facts.dta") as reader:
        labels = reader.variable_labels()
        data = reader.read()
    assert labels["source_url"].startswith(
        " ".join(dictionary.FIELDS["source_url"].description.split())[:40]
    )
    assert all(len(label) <= export.STATA_LABEL for label in labels.values())
    assert any(label.endswith("...") for label in labels.values())  # cut, not refused
    assert data.loc[0, "speaker"] == PERSIAN
    indicators = pd.read_stata(tmp_path / "indicators.dta")
    assert indicators["label_fa"].tolist() == export.indicator_table()["label_fa"].tolist()
    assert indicators["label_fa"].str.contains("[\u0600-\u06ff]").all()


def test_every_exported_column_is_described(frames):
    table = export.column_dictionary(frames)
    assert len(table) == sum(len(frame.columns) for frame in frames.values())
    undescribed = table[table["description"] == ""]
    assert undescribed.empty, undescribed[["table", "column"]].to_numpy().tolist()


def test_xlsx_readme_sheet_holds_the_licence_and_the_dictionary(frames, tmp_path):
    pytest.importorskip("openpyxl")
    [path] = export.write("xlsx", frames, tmp_path)
    sheets = pd.read_excel(path, sheet_name=None, header=None)
    assert list(sheets) == ["README", "facts", "consolidated", "findings", "indicators"]
    readme = sheets["README"].fillna("").astype(str).to_numpy().ravel().tolist()
    assert any(dictionary.LICENSE["name"] in cell for cell in readme)
    for name, frame in frames.items():
        assert set(frame.columns) <= set(readme), name


def test_unknown_format_and_long_stata_name_are_refused(tmp_path):
    with pytest.raises(ParameterError, match="xlsx, dta, parquet, csv"):
        export.write("xls", {}, tmp_path)
    long_name = "a_column_name_longer_than_stata_allows"
    with pytest.raises(ParameterError, match=long_name):
        export.write("dta", {"facts": pd.DataFrame({long_name: [1]})}, tmp_path)
    assert not list(tmp_path.glob("*.dta"))


def test_cli_export_writes_the_files_and_refuses_a_bad_format(tmp_path):
    bad = subprocess.run(
        [str(BIN / "smeanalysis"), "export", "--format", "sav", "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert bad.returncode == 2 and "xlsx, dta, parquet, csv" in bad.stderr
    done = subprocess.run(
        [str(BIN / "smeanalysis"), "export", "--format", "csv", "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    names = sorted(Path(line).name for line in done.stdout.split())
    assert names == sorted(f"{n}.csv" for n in [*export.TABLE_NAMES, "dictionary", "indicators"])
    facts = pd.read_csv(tmp_path / "facts.csv")
    assert facts["published"].dropna().map(dt.date.fromisoformat).notna().all()

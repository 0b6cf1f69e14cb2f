"""Hand-made fact tables (synthetic, for tests) with the columns of docs/DEVELOPING.md."""

from __future__ import annotations

import pandas as pd

COLUMNS = {
    "fact_id": "int64",
    "published": "datetime64[ns]",
    "period_label": "string",
    "period_start": "datetime64[ns]",
    "period_end": "datetime64[ns]",
    "jalali_year": "Int64",
    "jalali_month_first": "Int64",
    "jalali_month_last": "Int64",
    "period_kind": "string",
    "geography": "string",
    "province_code": "string",
    "indicator": "string",
    "value": "float64",
    "unit": "string",
    "qualifier": "string",
    "speaker": "string",
    "source_url": "string",
    "scope": "string",
    "provenance": "string",
}

# The Gregorian span of a few whole Iranian years (official_figures.md's table).
YEARS = {
    1396: ("2017-03-21", "2018-03-20"),
    1397: ("2018-03-21", "2019-03-20"),
    1398: ("2019-03-21", "2020-03-19"),
    1399: ("2020-03-20", "2021-03-20"),
}


def stock(indicator, value, month, geography="Iran", code=None, url="https://a.example/1", **kw):
    """A stock statement "as of YYYY-MM" (no period dates, as the fact base writes them)."""
    return {
        "period_label": f"as of {month}" if month else "as stated (date not on page)",
        "period_kind": "stock" if month else "undated",
        "indicator": indicator,
        "value": value,
        "geography": geography,
        "province_code": code,
        "source_url": url,
        **kw,
    }


def year_flow(indicator, value, year, geography="Iran", code=None, url="https://a.example/1", **kw):
    """A flow statement covering one whole Iranian year."""
    start, end = YEARS[year]
    return {
        "period_label": str(year),
        "period_start": start,
        "period_end": end,
        "jalali_year": year,
        "jalali_month_first": 1,
        "jalali_month_last": 12,
        "period_kind": "flow",
        "indicator": indicator,
        "value": value,
        "geography": geography,
        "province_code": code,
        "source_url": url,
        **kw,
    }


def make_facts(rows: list[dict]) -> pd.DataFrame:
    """Build a typed fact table from partial rows (missing cells are NA)."""
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    frame["fact_id"] = range(1, len(frame) + 1)
    frame["unit"] = frame["unit"].astype("string").fillna("count")
    for column, dtype in COLUMNS.items():
        if dtype.startswith("datetime"):
            frame[column] = pd.to_datetime(frame[column]).astype(dtype)
        else:
            frame[column] = frame[column].astype(dtype)
    return frame

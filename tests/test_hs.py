"""HS codes: normalisation, our chapter and section tables against a reference, groups."""

from __future__ import annotations

import re
from itertools import combinations
from pathlib import Path

import pandas as pd
import pytest

from smeanalysis import hs
from smeanalysis.errors import SmeAnalysisError

REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference"


def reference(name: str) -> pd.DataFrame:
    path = REFERENCE / name
    if not path.exists():
        pytest.skip(f"{path} is absent (the shared reference tables are not in a fresh clone)")
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def words(text: str) -> set[str]:
    return {w for w in re.split(r"[^a-z]+", text.lower()) if len(w) >= 4}


def test_chapters_and_their_sections_match_the_reference():
    chapters = reference("hs_chapters.csv")
    international = chapters[chapters["section"] != "TOTAL"]
    assert set(international["hs2"]) == set(hs.CHAPTERS)
    for row in international.itertuples():
        assert hs.section(row.hs2).numeral == row.section, row.hs2


def test_chapter_titles_use_the_reference_words():
    chapters = reference("hs_chapters.csv").set_index("hs2")["chapter_description"]
    for code, title in hs.CHAPTERS.items():
        missing = words(title) - words(chapters[code])
        assert not missing, (code, title, missing)


def test_sections_match_the_reference():
    sections = reference("hs_sections.csv")
    assert list(sections["section"]) == list(hs.SECTIONS)
    for row in sections.itertuples():
        ours = hs.SECTIONS[row.section]
        assert ours.number == int(row.section_number)
        missing = words(ours.title) - words(row.section_name)
        assert not missing, (row.section, ours.title, missing)


def test_sections_cover_every_chapter_once():
    covered = [code for s in hs.SECTIONS.values() for code in s.chapters]
    assert sorted(covered) == sorted(hs.CHAPTERS)
    assert len(hs.SECTIONS) == 21
    assert len(hs.CHAPTERS) == 96  # 01-97 without the reserved 77


def test_every_code_of_a_commodity_group_exists_in_the_reference():
    chapters = set(reference("hs_chapters.csv")["hs2"])
    headings = set(reference("hs_headings_4digit.csv")["hs4"])
    for group, codes in hs.COMMODITY_GROUPS.items():
        for code in codes:
            if len(code) == 2:
                assert code in chapters, (group, code)
            else:
                # Subheadings (6 digits) are checked through their heading.
                assert code[:4] in headings, (group, code)


def test_commodity_groups_do_not_overlap():
    for (a, codes_a), (b, codes_b) in combinations(hs.COMMODITY_GROUPS.items(), 2):
        for x in codes_a:
            for y in codes_b:
                assert not (x.startswith(y) or y.startswith(x)), (a, x, b, y)


@pytest.mark.parametrize(
    ("code", "group"),
    [
        ("040110", "foodstuff"),
        ("2202", "foodstuff"),
        ("0802", None),  # pistachios: fresh produce, not the food industry
        ("841810", "household_appliances"),
        ("8422.11", "household_appliances"),
        ("8422.30", None),  # bottling machinery
        ("732111", "household_appliances"),
        ("390110", "polymers_plastics"),
        ("2905", "chemicals"),
        ("3808", "chemicals"),
        ("2709", None),  # crude oil
        ("570110", "rugs"),
        ("4107", "leather"),
        ("4203.10", "leather"),
        ("420221", "handbags"),
    ],
)
def test_commodity_group_examples(code, group):
    assert hs.commodity_group(code) == group


@pytest.mark.parametrize(
    ("raw", "normalised"),
    [
        ("8418.10", "841810"),
        ("0401 10", "040110"),
        ("401", "0401"),
        (401, "0401"),
        ("1", "01"),
        ("57", "57"),
        (" 9801 ", "9801"),
        ("99", "99"),
        ("8418.10.10", "84181010"),
    ],
)
def test_normalize(raw, normalised):
    assert hs.normalize(raw) == normalised


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("7701", "77 is reserved"),
        ("00", "from 01 to 97"),
        ("4A01", "digits only"),
        ("", "digits only"),
        ("12345678901234", "2 to 12 digits"),
        (4.01, "string of digits"),
        ("1234567890123", "2 to 12 digits"),
    ],
)
def test_normalize_rejects(raw, expected):
    with pytest.raises(SmeAnalysisError, match=expected):
        hs.normalize(raw)


def test_normalize_codes_reports_every_bad_code_with_position():
    codes = pd.Series(["3901", "77", "x1", "3901", "77"], index=[5, 6, 7, 8, 9])
    with pytest.raises(SmeAnalysisError) as caught:
        hs.normalize_codes(codes, column="hs")
    assert [(p.line, p.column, p.found) for p in caught.value.problems] == [
        (1, "hs", "'77'"),
        (2, "hs", "'x1'"),
        (4, "hs", "'77'"),
    ]


def test_normalize_codes_keeps_index_and_missing():
    codes = pd.Series(["39.01", None], index=["a", "b"])
    result = hs.normalize_codes(codes)
    assert result.index.tolist() == ["a", "b"]
    assert result.iloc[0] == "3901"
    assert pd.isna(result.iloc[1])
    assert codes.iloc[0] == "39.01"  # input untouched


def test_titles_and_sections():
    assert hs.chapter_title("0401") == hs.CHAPTERS["04"]
    assert hs.chapter_title("9801") == "Reserved for national use"
    assert hs.section("9801") is None
    assert hs.section(4202).numeral == "VIII"

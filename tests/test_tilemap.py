"""Tests for the tile-grid map of Iran's provinces."""

from __future__ import annotations

import csv
from pathlib import Path

import matplotlib
import pandas as pd
import pytest

matplotlib.use("Agg")

import matplotlib.pyplot as plt
from matplotlib.colors import to_rgba

from smeanalysis.errors import SmeAnalysisError
from smeanalysis.reports.tilemap import NO_DATA_COLOUR, PROVINCES, TILES, tile_frame, tile_map

REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference" / "iran_provinces.csv"


def _adjacent(a: str, b: str) -> bool:
    (ca, ra), (cb, rb) = TILES[a], TILES[b]
    return max(abs(ca - cb), abs(ra - rb)) == 1


def test_31_tiles_on_distinct_cells():
    assert len(TILES) == 31
    assert set(TILES) == set(PROVINCES)
    assert len(set(TILES.values())) == 31


def test_codes_match_the_reference_table():
    if not REFERENCE.exists():
        pytest.skip("../shared/reference/iran_provinces.csv is absent")
    with REFERENCE.open(encoding="utf-8") as handle:
        rows = {row["iso_3166_2"]: row for row in csv.DictReader(handle)}
    assert set(rows) == set(PROVINCES)
    for code, (name, _) in PROVINCES.items():
        spellings = [*rows[code]["all_spellings"].split("|"), rows[code]["name_en"]]
        assert any(name.split(" and ")[0] in s for s in spellings), (code, name)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("IR-23", "IR-30"),  # Tehran - Alborz
        ("IR-23", "IR-25"),  # Tehran - Qom
        ("IR-23", "IR-20"),  # Tehran - Semnan
        ("IR-23", "IR-02"),  # Tehran - Mazandaran
        ("IR-03", "IR-04"),  # East - West Azerbaijan
        ("IR-03", "IR-24"),  # East Azerbaijan - Ardabil
        ("IR-09", "IR-28"),  # Razavi - North Khorasan
        ("IR-09", "IR-29"),  # Razavi - South Khorasan
        ("IR-22", "IR-08"),  # Hormozgan - Kerman
        ("IR-07", "IR-18"),  # Fars - Bushehr
        ("IR-06", "IR-16"),  # Khuzestan - Ilam
        ("IR-10", "IR-21"),  # Isfahan - Yazd
    ],
)
def test_neighbours_are_adjacent(a, b):
    assert _adjacent(a, b)


def test_far_provinces_are_not_adjacent():
    assert not _adjacent("IR-04", "IR-11")  # West Azerbaijan - Sistan and Baluchestan
    assert not _adjacent("IR-01", "IR-22")  # Gilan - Hormozgan


def test_tile_frame_accepts_names_and_frames():
    by_name = tile_frame(pd.Series({"Tehran": 2.0, "isfahan": 4.0}))
    by_frame = tile_frame(pd.DataFrame({"code": ["IR-23", "IR-10"], "value": [2.0, 4.0]}))
    pd.testing.assert_frame_equal(by_name, by_frame)
    assert by_name["value"].notna().sum() == 2


def test_missing_values_are_grey_with_a_no_data_legend():
    fig, ax = tile_map(
        pd.Series({"IR-23": 10.0, "IR-10": 20.0}), title="t", units="u", source="synthetic"
    )
    grey = to_rgba(NO_DATA_COLOUR)
    colours = [patch.get_facecolor() for patch in ax.patches]
    assert len(colours) == 31
    assert sum(c == grey for c in colours) == 29
    legend = ax.get_legend()
    assert legend is not None
    assert [t.get_text() for t in legend.get_texts()] == ["no data"]
    plt.close(fig)


def test_higher_values_get_different_colours_and_labels_show():
    fig, ax = tile_map(
        pd.Series({"IR-23": 1.0, "IR-10": 100.0}), title="t", units="u", source="synthetic"
    )
    tiles = tile_frame(pd.Series({"IR-23": 1.0, "IR-10": 100.0}))
    position = {code: i for i, code in enumerate(tiles["code"])}
    patches = ax.patches
    assert patches[position["IR-23"]].get_facecolor() != patches[position["IR-10"]].get_facecolor()
    texts = {t.get_text() for t in ax.texts}
    assert {"THR", "ISF", "ALB"} <= texts
    plt.close(fig)


def test_drawing_is_deterministic():
    values = pd.Series({code: float(i) for i, code in enumerate(sorted(PROVINCES))})
    first = tile_map(values, title="t", units="u", source="s")[1]
    second = tile_map(values, title="t", units="u", source="s")[1]
    assert [p.get_facecolor() for p in first.patches] == [p.get_facecolor() for p in second.patches]
    plt.close("all")


def test_unknown_codes_raise_with_every_problem():
    with pytest.raises(SmeAnalysisError) as caught:
        tile_map(
            pd.Series({"IR-99": 1.0, "Atlantis": 2.0, "IR-23": 3.0}),
            title="t",
            units="u",
            source="s",
        )
    found = [p.found for p in caught.value.problems]
    assert found == ["'IR-99'", "'Atlantis'"]
    assert [p.line for p in caught.value.problems] == [0, 1]


def test_duplicates_and_non_numbers_raise():
    with pytest.raises(SmeAnalysisError, match="one value per province"):
        tile_frame(pd.Series([1.0, 2.0], index=["IR-23", "Tehran"]))
    with pytest.raises(SmeAnalysisError, match="a number"):
        tile_frame(pd.Series({"IR-23": "many"}))

"""Tests of smeanalysis.reports.province_profile on hand-made (synthetic) fact tables."""

from __future__ import annotations

import html
import re

import pandas as pd
import pytest
from fact_frames import make_facts, stock, year_flow

from smeanalysis.qualifiers import statement_interval
from smeanalysis.reports import province_profile as profiles
from smeanalysis.reports import text as kit


@pytest.fixture
def facts() -> pd.DataFrame:
    return make_facts(
        [
            stock("units_in_parks_total", 43650.0, "2019-08", speaker="Mohsen Salehinia"),
            stock("units_in_parks_total", 55000.0, "2024-12", url="https://b.example/2"),
            stock("units_in_parks_total", 56000.0, "2024-12", url="https://c.example/3"),
            year_flow("idle_units_revived", 1444.0, 1398),
            year_flow("non_oil_exports_value", 41.37e9, 1398, unit="usd"),
            year_flow("idle_units_revived", 31.0, 1399, "Isfahan", "IR-10"),
            stock("units_in_parks_total", 9000.0, "2020-01", "Isfahan", "IR-10"),
            stock("parks_area_total", 7000.0, "2020-01", "Isfahan", "IR-10", unit="hectare"),
            year_flow(
                "idle_units_revived",
                24.0,
                1398,
                "Qom",
                "IR-25",
                speaker="<script>alert(1)</script>",
                url="javascript:alert(2)",
            ),
        ]
    )


def test_every_indicator_has_one_theme():
    seen = [ind for inds in profiles.THEMES.values() for ind in inds]
    assert len(seen) == len(set(seen))
    assert profiles.theme_of("units_in_parks_total") == "Units in parks (stock)"


def test_province_statements_grouped_by_theme_order(facts):
    rows = profiles.province_statements(facts, "IR-10")
    assert rows["indicator"].tolist() == [
        "parks_area_total",  # Industrial parks
        "units_in_parks_total",  # Units in parks
        "idle_units_revived",  # Flows
    ]
    assert set(rows["province_code"]) == {"IR-10"}


def test_province_without_statements(facts):
    rows = profiles.province_statements(facts, "IR-15")
    assert rows.empty and "theme" in rows.columns
    assert (
        profiles.profile_summary(facts, "IR-15", "Kerman")
        == "No statements about Kerman are in the fact base."
    )
    assert profiles.statements_markdown(rows, profiles.national_context(facts, [])).startswith(
        "No statements"
    )
    # Every national indicator is unknown for a province with no statements.
    unknown = profiles.not_known(facts, "IR-15")
    assert set(unknown["indicator"]) == {
        "units_in_parks_total",
        "idle_units_revived",
        "non_oil_exports_value",
    }


def test_national_context_is_latest_range(facts):
    context = profiles.national_context(facts, ["units_in_parks_total", "parks_area_total"])
    assert context["indicator"].tolist() == ["units_in_parks_total"]  # no national area
    row = context.iloc[0]
    # Consolidated as reconcile does: the two 2024-12 statements, the interval both allow.
    assert (row["low"], row["high"]) == (
        statement_interval(55000.0)[0],
        statement_interval(56000.0)[1],
    )
    assert (row["stated"], row["n_statements"], row["n_other"]) == ("55,000; 56,000", 2, 1)
    assert set(row["sources"]) == {"https://b.example/2", "https://c.example/3"}


def test_not_known_lists_national_only_indicators(facts):
    unknown = profiles.not_known(facts, "IR-10")
    assert unknown["indicator"].tolist() == ["non_oil_exports_value"]
    text = profiles.unknowns_markdown(unknown, "Isfahan")
    assert "Non-oil exports" in text and "non&#95;oil" not in text  # the label, not the code


def test_statement_counts(facts):
    assert profiles.statement_counts(facts) == {"IR-10": 3, "IR-25": 1}


def test_summary_counts_from_data(facts):
    text = profiles.profile_summary(facts, "IR-10", "Isfahan")
    assert "**3 statements**" in text and "**3 indicators**" in text
    assert "**1 source page**" in text  # one page, in the singular
    assert "ranks 1 of 2 provinces" in text


def test_statements_markdown_shows_sources_and_national_context(facts):
    rows = profiles.province_statements(facts, "IR-10")
    context = profiles.national_context(facts, rows["indicator"])
    text = profiles.statements_markdown(rows, context)
    assert text.count("#### ") == 3
    assert '<a href="https://a.example/1" title="https://a.example/1">a.example</a>' in text
    # The national figures as stated and their range, beside Isfahan's 9,000.
    low, high = statement_interval(55000.0)[0], statement_interval(56000.0)[1]
    assert f"55,000; 56,000 (range {low:,.0f} to {high:,.0f}; as of 2024-12)" in text
    assert "none stated" in text  # parks_area_total has no national figure


def test_markdown_never_carries_script_or_non_web_links(facts):
    rows = profiles.province_statements(facts, "IR-25")
    text = profiles.statements_markdown(rows, profiles.national_context(facts, rows["indicator"]))
    assert "<script" not in text
    assert 'href="javascript' not in text
    hrefs = re.findall(r'href="([^"]*)"', text)
    assert [h for h in hrefs if not h.startswith("data:text/csv;")] == []


@pytest.mark.parametrize(
    "evil",
    [
        "<img src=x onerror=alert(1)>",
        "[click](javascript:alert(1))",
        '"><script>x</script>',
        "a | b\nc",
    ],
)
def test_escape_text_neutralises_markup(evil):
    safe = kit.escape_text(evil)
    assert not set("<>\n|[]()") & set(safe)


def test_source_link_only_for_web_urls():
    assert kit.source_link("https://x.example/a?b=1&c=2").startswith(
        '<a href="https://x.example/a?b=1&amp;c=2" '
    )
    assert "<a" not in kit.source_link("data:text/html,<script>")
    assert "<a" not in kit.source_link('https://x.example/" onclick="bad')
    assert kit.source_link(None) == ""


def test_markdown_table_empty_and_multiple_sources():
    assert kit.markdown_table(pd.DataFrame({"a": []}), {"a": "A"}) == ""
    table = pd.DataFrame({"urls": [("https://a.example/1", "https://b.example/2")]})
    text = kit.markdown_table(table, {"urls": "Sources"}, links=["urls"])
    assert ">a.example</a>" in text and ">b.example</a>" in text  # named, never "[1]"


# Text as analysts' files and news pages write it: each must come back literally, once escaped.
LITERAL_TEXTS = [
    "Total's",
    "Iran's SMEs' exports",
    'the "active" units',
    "R&D and A&amp;B",
    "<script>alert(1)</script>",
    "[x](javascript:alert(1))",
    "![img](https://x.example/a.png)",
    "`rm -rf` and ```fence```",
    "a | b || c",
    "*bold* _em_ ~~strike~~ # heading \\ $x$",
    "&#x27; already an entity",
]


@pytest.mark.parametrize("text", LITERAL_TEXTS)
def test_escape_text_is_applied_once(text):
    safe = kit.escape_text(text)
    # Undoing the entities gives the text back exactly: nothing escaped twice, nothing lost.
    assert html.unescape(safe) == text
    # Outside the entities themselves, no character HTML or Markdown reads as syntax is left.
    bare = re.sub(r"&(?:#x?[0-9a-fA-F]+|[a-z]+);", "", safe)
    assert not set("<>\"'`|[]()*_#\\$&!~") & set(bare)


def test_escape_text_known_entities():
    assert kit.escape_text("Total's") == "Total&#x27;s"
    assert kit.escape_text('say "hi"') == "say &quot;hi&quot;"
    assert kit.escape_text("A&B") == "A&amp;B"
    assert kit.escape_text("`x`") == "&#96;x&#96;"
    assert kit.escape_text("a|b") == "a&#124;b"


@pytest.mark.parametrize("text", LITERAL_TEXTS)
def test_markdown_table_cell_renders_literally(text):
    # mistune is the Markdown renderer nbconvert uses for the HTML reports.
    mistune = pytest.importorskip("mistune")
    frame = pd.DataFrame({"speaker": [text], "n": ["1"]})
    page = mistune.html(kit.markdown_table(frame, {"speaker": "Speaker", "n": "N"}, download=None))
    cells = re.findall(r"<td>(.*?)</td>", page, flags=re.S)
    # Still two cells (a pipe did not split the row), no tag or link from the data, and the
    # text shown is the text given.
    assert len(cells) == 2
    assert "<a" not in page and "<script" not in page and "<code" not in page
    assert "<em" not in page and "<strong" not in page and "<img" not in page
    assert html.unescape(cells[0]) == text


def test_reference_date_reads_jalali_as_of_labels():
    """'as of 1399-10' is Dey 1399 (from 21 December 2020), not the Gregorian year 1399."""
    facts = make_facts(
        [
            stock("units_in_parks_total", 9000.0, "1399-10", "Isfahan", "IR-10"),
            stock("units_in_parks_total", 8000.0, "2019-08", "Isfahan", "IR-10"),
            stock("units_in_parks_total", 7000.0, "1399-13", "Isfahan", "IR-10"),  # no month 13
        ]
    )
    dates = profiles.reference_date(facts)
    # Months are dated at their middle (reconcile.label_as_of): Dey 15, 1399 and 15 Aug 2019.
    assert dates.tolist()[:2] == [pd.Timestamp("2021-01-04"), pd.Timestamp("2019-08-15")]
    assert pd.isna(dates.iloc[2])
    rows = profiles.province_statements(facts, "IR-10")
    assert rows["value"].tolist() == [8000.0, 9000.0, 7000.0]  # by date, undated last

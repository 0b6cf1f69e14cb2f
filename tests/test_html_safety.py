"""HTML reports built from a hostile (but valid) facts file show markup as text and run nothing.

A synthetic facts file carries ``<script>``, ``<img onerror>``, ``<svg onload>``, Markdown
links to ``javascript:`` and an attribute-breaking source URL in every free-text column the
loader accepts: ``period_label``, ``qualifier``, ``speaker`` and the query of ``source_url``.
``geography`` cannot carry a payload (it must be Iran or a province: the facts corpus case
``html_geography`` is rejected), nor can ``source_url`` be a ``javascript:`` URL (case
``javascript_url``). The reports are built with the real CLI and opened in headless Chromium;
each payload would set ``window.__pwned`` or open a dialog if it ran.
"""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

import pytest
from corpus_support import run_cli

from smeanalysis import facts, paths

CHROMIUM = shutil.which("chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

#: Notebooks that read the fact base (those present in notebooks/ are built).
FACT_NOTEBOOKS = ("sme_exports", "official_figures", "province_profile", "park_utilization")

HEADER = list(facts.RAW_COLUMNS)
#: Synthetic rows (not statements of anyone); the payloads are the point.
ROWS = [
    {
        "published": "2021-02-01",
        "period_label": "as of 2021-01 <script>window.__pwned=1</script>",
        "period_end": "2021-01-19",
        "geography": "Isfahan",
        "indicator": "units_in_parks_total",
        "value": "1200",
        "unit": "count",
        "qualifier": '<img src=x onerror="window.__pwned=2">',
        "speaker": "<script>window.__pwned=3</script>Synthetic",
        "source_url": 'https://example.org/a?q="><script>window.__pwned=4</script>',
    },
    {
        "published": "2021-02-01",
        "period_label": "as of 2021-01",
        "period_end": "2021-01-19",
        "geography": "Isfahan",
        "indicator": "units_in_parks_active",
        "value": "900",
        "unit": "count",
        "qualifier": "about",
        "speaker": "<img src=x onerror=alert(5)>",
        "source_url": "https://example.org/b?x=javascript:alert(6)",
    },
    {
        "published": "2021-04-01",
        "period_label": "1399 <b>bold</b> [link](javascript:alert(7))",
        "period_start": "2020-03-20",
        "period_end": "2021-03-20",
        "geography": "Isfahan",
        "indicator": "idle_units_revived",
        "value": "40",
        "unit": "count",
        "speaker": "*Synthetic* <svg onload=alert(8)>",
        "source_url": "https://example.org/c",
    },
    {
        "published": "2021-04-01",
        "period_label": "1399",
        "period_start": "2020-03-20",
        "period_end": "2021-03-20",
        "geography": "Iran",
        "indicator": "idle_units_revived",
        "value": "900",
        "unit": "count",
        "speaker": "<script>alert(9)</script>",
        "source_url": "https://example.org/d",
    },
    {
        "published": "2020-01-05",
        "period_label": "first nine months of 1398 <script>window.__pwned=10</script>",
        "period_start": "2019-03-21",
        "period_end": "2019-12-21",
        "geography": "Iran",
        "indicator": "sme_export_value",
        "value": "1600000000",
        "unit": "usd",
        "qualifier": "more than <img src=x onerror=alert(11)>",
        "speaker": "<script>alert(12)</script>Synthetic",
        "source_url": "https://example.org/e?<script>alert(13)</script>",
    },
]

#: Texts each page that shows the statement must display literally (as text, not markup).
LITERALS = [
    "<script>window.__pwned=1</script>",
    "<script>window.__pwned=3</script>Synthetic",
    "<img src=x onerror=alert(5)>",
    "1399 <b>bold</b> [link](javascript:alert(7))",
    "*Synthetic* <svg onload=alert(8)>",
]


#: Notebooks that fail to escape: name -> where (a strict xfail until the owner fixes it).
#: sme_exports cell 4 was one (qualifier, speaker, URL into Markdown); fixed in 0d16342.
UNSAFE: dict[str, str] = {}


@pytest.fixture(scope="module")
def built_reports(tmp_path_factory) -> tuple[Path, dict[str, Path]]:
    """Write the payload facts file and build the fact-reading reports with the CLI."""
    folder = tmp_path_factory.mktemp("html_safety")
    facts_file = folder / "payload_facts.csv"
    with facts_file.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, HEADER, restval="")
        writer.writeheader()
        writer.writerows(ROWS)
    names = [n for n in FACT_NOTEBOOKS if (paths.NOTEBOOKS_DIR / f"{n}.ipynb").is_file()]
    if not names:
        pytest.skip("no fact-reading notebook in notebooks/")
    out = folder / "reports"
    run = run_cli(
        "report",
        *names,
        "-p",
        f"facts_path={facts_file}",
        "-p",
        "province=Isfahan",
        "--out",
        str(out),
        "-j",
        "2",
    )
    assert run.returncode == 0, run.stdout + run.stderr
    pages = {"index": out / "index.html"}
    for name in names:
        (pages[name],) = out.glob(f"{name}__*.html")
    return facts_file, pages


def _page(built_reports, name: str) -> Path:
    _, pages = built_reports
    if name not in pages:
        pytest.skip(f"notebooks/{name}.ipynb does not exist")
    return pages[name]


def _case(name: str):
    marks = [pytest.mark.xfail(strict=True, reason=UNSAFE[name])] if name in UNSAFE else []
    return pytest.param(name, marks=marks, id=name)


PAGES = [_case(name) for name in ("index", *FACT_NOTEBOOKS)]

#: A payload that reached the page as a live tag, handler or link.
LIVE = re.compile(
    r"<script>(?:window|alert)|<(?:img|svg)\b[^>]*\bon(?:error|load)=|<b>bold</b>"
    r"|href=[\"']javascript:|</a><script>"
)


def test_payload_file_is_valid_and_kept_literally(built_reports):
    facts_file, _ = built_reports
    loaded = facts.load_facts(facts_file)
    assert loaded["speaker"].iloc[0] == ROWS[0]["speaker"]
    assert loaded["source_url"].iloc[0] == ROWS[0]["source_url"]


@pytest.mark.parametrize("name", PAGES)
def test_no_live_markup_from_the_data_in_the_html(built_reports, name):
    """Byte-level check: no payload reaches the page as a live tag, handler or link."""
    html = _page(built_reports, name).read_text(encoding="utf-8")
    assert LIVE.search(html) is None, LIVE.search(html)


@pytest.fixture(scope="module")
def browser():
    if CHROMIUM is None:
        pytest.skip("chromium not on PATH: the browser check cannot run")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    with sync_api.sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def _open(browser, page_file: Path) -> tuple[object, str, list[str]]:
    """Open a page; return whether a payload ran (window.__pwned), its text, the dialogs."""
    page = browser.new_page()
    dialogs: list[str] = []

    def on_dialog(dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.goto(page_file.as_uri(), wait_until="load")
    page.wait_for_timeout(300)  # let any onerror/onload handler fire
    pwned = page.evaluate("window.__pwned === undefined ? null : window.__pwned")
    text = page.inner_text("body")
    page.close()
    return pwned, text, dialogs


@pytest.mark.parametrize("name", PAGES)
def test_page_runs_no_payload_in_chromium(built_reports, browser, name):
    pwned, _, dialogs = _open(browser, _page(built_reports, name))
    assert pwned is None
    assert dialogs == []


def test_profile_shows_every_payload_as_text(built_reports, browser):
    """The province profile lists each Isfahan statement with label, hedge and speaker."""
    _, text, _ = _open(browser, _page(built_reports, "province_profile"))
    assert [literal for literal in LITERALS if literal not in text] == []


def test_sme_exports_shows_its_payloads_as_text(built_reports, browser):
    _, text, _ = _open(browser, _page(built_reports, "sme_exports"))
    sentence = "more than <img src=x onerror=alert(11)>"
    assert text.count("<script>alert(12)</script>Synthetic") == 2  # table and sentence
    # The hedge shows as text four times: the key finding and the sentence "SMEs exported more
    # than <img ...> $1.6 billion", the statements table's Hedge column and the monthly table's
    # "Figures stated" column ("more than <img ...> 1,600"). Every one is escaped: no element
    # is made of it
    # (test_no_live_markup_from_the_data_in_the_html, test_page_runs_no_payload_in_chromium);
    # the CSV links carry it percent-encoded, not as visible text.
    assert text.count(sentence) == 4

"""Every built report opens in headless Chromium offline: no console error, no broken
image, no request but the page itself. Skips with a reason when Chromium is missing."""

from __future__ import annotations

import csv
import io
import re
import shutil
from pathlib import Path
from urllib.parse import unquote

import pytest

from smeanalysis import paths

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="no /usr/bin/chromium (apt-get install chromium)"
    ),
]


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield chromium
        chromium.close()


def _pages(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.html") if "_executed" not in p.parts)


def _open(browser, page_path: Path, screenshot: Path) -> dict:
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    errors: list[str] = []
    requests: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: requests.append(r.url))
    url = page_path.as_uri()
    page.goto(url, wait_until="load")
    images = page.eval_on_selector_all(
        "img", "els => els.map(e => [e.currentSrc.slice(0, 30), e.complete, e.naturalWidth])"
    )
    links = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
    page.screenshot(path=str(screenshot), full_page=False)
    page.close()
    others = [r for r in requests if r != url and not r.startswith("data:")]
    return {"errors": errors, "others": others, "images": images, "links": links}


def test_every_report_renders_offline(browser, real_reports: Path, tmp_path: Path) -> None:
    pages = _pages(real_reports)
    assert any(p.name == "index.html" for p in pages)
    for page_path in pages:
        shot = tmp_path / f"{page_path.relative_to(real_reports).as_posix().replace('/', '_')}.png"
        seen = _open(browser, page_path, shot)
        assert seen["errors"] == [], f"{page_path.name}: console errors {seen['errors']}"
        assert seen["others"] == [], f"{page_path.name}: network requests {seen['others']}"
        broken = [img for img in seen["images"] if not img[1] or img[2] == 0]
        assert broken == [], f"{page_path.name}: broken images {broken}"
        if page_path.name != "index.html":
            assert seen["images"], f"{page_path.name}: a report without any chart"
            assert "index.html" in seen["links"]
        for href in seen["links"]:
            if not href.startswith(("#", "http://", "https://", "data:text/csv;")):
                assert (page_path.parent / href).exists(), f"{page_path.name}: dead link {href}"
        assert shot.stat().st_size > 10_000
    keep = paths.REPORTS_DIR / "_screenshots"
    if keep.parent.is_dir():  # leave the last run's screenshots beside the built reports
        keep.mkdir(exist_ok=True)
        for shot in tmp_path.glob("*.png"):
            shutil.copy(shot, keep / shot.name)


# Issue 15: pages people want to read. Every assertion below runs on every built page.
_NUMERIC_LINK = re.compile(r"\[?\d[\d.,]*\]?|[\w.-]*\d{5,}[\w.-]*|.*\bcdn\b.*|.*worldcdn.*", re.I)
_HOST = re.compile(r"(?:[a-z0-9-]+\.)+[a-z]{2,}", re.I)
_PAGE_FACTS = """() => {
  document.querySelectorAll('details').forEach(d => { d.open = true; });
  const tables = [...document.querySelectorAll('table')].map(t => {
    let link = t.nextElementSibling;
    while (link && !link.querySelector('a.sme-csv') && !link.matches('a.sme-csv')) {
      link = link.nextElementSibling;
    }
    const a = link && (link.matches('a.sme-csv') ? link : link.querySelector('a.sme-csv'));
    return {
      head: [...t.querySelectorAll('thead th')].map(th => th.innerText.trim()),
      rows: t.tBodies.length ? t.tBodies[0].rows.length : 0,
      csv: a ? a.getAttribute('href') : null,
    };
  });
  const headings = [...document.querySelectorAll('h1,h2,h3,h4,h5,h6')];
  const adjacent = [];
  const all = [...document.body.querySelectorAll('*')];
  headings.forEach(h => {
    // the next element in document order that is not inside h and shows something
    const i = all.indexOf(h);
    for (const el of all.slice(i + 1)) {
      if (h.contains(el)) continue;
      if (/^H[1-6]$/.test(el.tagName)) {
        if (+el.tagName[1] <= +h.tagName[1]) adjacent.push([h.innerText, el.innerText]);
        break;
      }
      if (el.children.length === 0 && el.innerText && el.innerText.trim()) break;
      if (['IMG', 'TABLE', 'SVG'].includes(el.tagName)) break;
    }
  });
  return {
    tables,
    h1: document.querySelectorAll('h1').length,
    adjacent,
    text: document.body.innerText,
    links: [...document.querySelectorAll('a[href]')].map(a => a.innerText.trim()),
    footer: (document.querySelector('footer') || {innerText: ''}).innerText,
  };
}"""


def _csv_rows(href: str) -> list[list[str]]:
    assert href.startswith("data:text/csv"), href[:40]
    payload = unquote(href.split(",", 1)[1])
    return list(csv.reader(io.StringIO(payload)))


def _sortable(page, index: int) -> bool:
    """Click each header of table ``index`` until the order of its rows changes."""
    order = "t => [...t.tBodies[0].rows].map(r => r.innerText).join('\\n')"
    table = page.locator("table").nth(index)
    before = table.evaluate(order)
    for th in table.locator("thead th").all():
        th.click()
        if table.evaluate(order) != before:
            return True
    return False


def test_pages_people_use(browser, real_reports: Path) -> None:
    from smeanalysis import __version__, facts
    from smeanalysis.dictionary import INDICATORS

    codes = re.compile(
        r"\b(" + "|".join(sorted(map(re.escape, INDICATORS), key=len)[::-1]) + r")\b"
    )
    version = facts.data_version()
    pages = [p for p in _pages(real_reports)]
    heights = {}
    for page_path in pages:
        name = page_path.relative_to(real_reports).as_posix()
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        requests: list[str] = []
        page.on("request", lambda r, seen=requests: seen.append(r.url))
        page.goto(page_path.as_uri(), wait_until="load")
        heights[name] = page.evaluate("document.documentElement.scrollHeight")
        seen = page.evaluate(_PAGE_FACTS)
        assert [r for r in requests if r != page_path.as_uri() and not r.startswith("data:")] == []
        assert seen["h1"] == 1, f"{name}: {seen['h1']} h1"
        assert seen["adjacent"] == [], (
            f"{name}: headings with nothing under them {seen['adjacent']}"
        )
        shown_codes = sorted(set(codes.findall(seen["text"])))
        assert shown_codes == [], f"{name}: indicator codes shown {shown_codes}"
        bad = [t for t in seen["links"] if _NUMERIC_LINK.fullmatch(t) or "worldcdn" in t]
        bad += [t for t in seen["links"] if _HOST.fullmatch(t) and re.search(r"(?:^|\.)\d+\.", t)]
        assert bad == [], f"{name}: link texts {bad}"
        if page_path.name != "index.html":
            assert __version__ in seen["footer"] and version.hash in seen["footer"], name
        for i, table in enumerate(seen["tables"]):
            assert table["csv"], f"{name}: table {i} {table['head']} has no CSV link"
            rows = _csv_rows(table["csv"])
            assert rows[0] == table["head"], f"{name}: table {i} CSV header {rows[0]}"
            assert len(rows) - 1 == table["rows"], f"{name}: table {i} CSV rows"
            assert all(len(r) == len(rows[0]) for r in rows), f"{name}: table {i} ragged CSV"
            if len({tuple(r) for r in rows[1:]}) > 1:
                assert _sortable(page, i), f"{name}: table {i} {table['head']} does not sort"
        page.close()
    official = [h for n, h in heights.items() if n.endswith("official_figures.html")]
    assert official and max(official) <= 15_000, heights


# Issue 15, continued: key findings first, every chart's numbers, the index, the province map.
_SECTIONS = """() => {
  const header = document.querySelector('header');
  const all = [...document.body.querySelectorAll('h2, h3, h4, table, img')]
    .filter(el => !(header && header.contains(el)));
  const first = all[0];
  return first ? [first.tagName, first.textContent.replace('\\u00b6', '').trim()] : null;
}"""
_CHARTS = """() => {
  const marks = [...document.body.querySelectorAll('img, a.sme-data, h1, h2, h3, table')];
  return marks.map((el, i) => {
    if (el.tagName !== 'IMG') return null;
    const next = marks[i + 1];
    const link = next && next.matches('a.sme-data') ? next : null;
    return {
      width: el.clientWidth,
      natural: el.naturalWidth,
      csv: link ? link.getAttribute('href') : null,
      text: link ? link.innerText.trim() : null,
      file: link ? link.getAttribute('download') : null,
    };
  }).filter(x => x);
}"""


def _report_pages(folder: Path) -> list[Path]:
    return [p for p in _pages(folder) if p.name != "index.html"]


def test_key_findings_come_first(browser, real_reports: Path) -> None:
    for page_path in _report_pages(real_reports):
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(page_path.as_uri(), wait_until="load")
        first = page.evaluate(_SECTIONS)
        page.close()
        assert first == ["H2", "Key findings"], f"{page_path.name}: opens with {first}"


def test_every_chart_has_its_numbers_and_reads_at_page_width(browser, real_reports: Path) -> None:
    for page_path in _report_pages(real_reports):
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(page_path.as_uri(), wait_until="load")
        found = page.evaluate(_CHARTS)
        page.close()
        assert found, f"{page_path.name}: no chart"
        for i, chart in enumerate(found):
            where = f"{page_path.name}: chart {i}"
            assert chart["csv"], f"{where} has no Download data link right under it"
            assert chart["text"] == "Download data" and chart["file"].endswith(".csv"), where
            rows = _csv_rows(chart["csv"])
            assert len(rows) >= 2 and all(rows[0]), f"{where}: CSV {rows[:2]}"
            assert all(len(r) == len(rows[0]) for r in rows), f"{where}: ragged CSV"
            # 10 pt chart text (the theme's smallest) drawn at 100 dpi stays >= 9 pt on screen
            # (96 px an inch) when the image is scaled down by no more than this.
            assert chart["width"] / chart["natural"] >= 0.864, (where, chart["width"])


def test_index_says_what_each_report_asks_and_found(browser, real_reports: Path) -> None:
    from smeanalysis import facts

    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto((real_reports / "index.html").as_uri(), wait_until="load")
    head = page.eval_on_selector_all("table thead th", "els => els.map(e => e.innerText.trim())")
    rows = page.eval_on_selector_all(
        "table tbody tr",
        "trs => trs.map(tr => [tr.querySelector('a').getAttribute('href'),"
        " ...[...tr.cells].slice(1).map(td => td.innerText.trim())])",
    )
    page.close()
    assert head[:5] == ["report", "question", "what it found", "parameters", "data version"]
    version = facts.data_version()
    assert len(rows) == len(_report_pages(real_reports)), rows
    for href, asked, found, words, data in (row[:5] for row in rows):
        assert (real_reports / href).is_file(), href
        assert asked.endswith(("?", ".")) and len(asked) > 15, (href, asked)
        assert version.hash in data, (href, data)
        assert words and words != "no parameters", (href, words)
        assert len(found) > 20, f"{href}: no one-line summary of what it found"


@pytest.fixture(scope="module")
def province_batch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """province_profile for three provinces, built as a batch (--each province) with its index."""
    from smeanalysis.reports import runner

    out = tmp_path_factory.mktemp("province-batch")
    jobs = runner.plan(["province_profile"], each="province", out_dir=out)
    chosen = [job for job in jobs if job.html_path.stem in {"Isfahan", "Tehran", "Fars"}]
    assert len(chosen) == 3, [job.html_path.name for job in jobs]
    failed = [r.job.label for r in runner.build(chosen, out, workers=1) if not r.ok]
    assert not failed, failed
    return out / "province_profile"


def test_province_batch_index_is_a_tile_map_of_its_pages(browser, province_batch: Path) -> None:
    index = province_batch / "index.html"
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(index.as_uri(), wait_until="load")
    tiles = page.eval_on_selector_all(
        "a.sme-tile", "els => els.map(a => [a.getAttribute('href'), a.title, a.offsetWidth])"
    )
    grey = page.eval_on_selector_all(".sme-tile-none", "els => els.length")
    page.close()
    assert sorted(href for href, _, _ in tiles) == ["Fars.html", "Isfahan.html", "Tehran.html"]
    for href, title, width in tiles:
        assert (province_batch / href).is_file(), href
        assert title == href.removesuffix(".html") and width > 0
    assert grey == 31 - 3

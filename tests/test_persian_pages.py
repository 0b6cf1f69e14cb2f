"""Persian pages built for real (issue 13): every report and a few provinces with lang=fa.

One build per session (``persian_reports``) serves two checks:

* every message a Persian page shows has a catalog entry: the build runs with
  :data:`smeanalysis.reports.i18n.RECORD_ENV` set, so the notebook kernels and the workers
  that render the pages report every message :func:`~smeanalysis.reports.i18n.t` could not
  translate, and :func:`~smeanalysis.reports.i18n.untranslated` returns them all;
* headless Chromium opens each page: ``dir="rtl"``, no Latin digit in the visible text outside
  URLs and code, no network request, no character the embedded font cannot draw (compared
  with the cmap of the font subset the page embeds, read with fontTools).
"""

from __future__ import annotations

import base64
import io
import re
from pathlib import Path

import pytest

from smeanalysis.reports import i18n

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]
#: The province batch, for a few provinces (the whole batch is `make report-fa`).
PROVINCES = ("Isfahan", "Tehran", "Sistan and Baluchestan")
REPORTS = (
    "declarations",  # on its synthetic demo extract (declarations_path=None)
    "export_composition",
    "official_figures",
    "park_utilization",
    "province_profile",
    "sme_exports",
)
SCREENSHOTS = {"sme_exports": "fa-sme_exports.png", "park_utilization": "fa-park_utilization.png"}


@pytest.fixture(scope="session")
def persian_reports(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, set[str]]:
    """Every report and the province batch for :data:`PROVINCES`, built with lang=fa.

    Returns the output folder and the messages the build left untranslated.
    """
    from smeanalysis.reports import runner

    out = tmp_path_factory.mktemp("reports-fa")
    record = out / "untranslated.jsonl"
    mp = pytest.MonkeyPatch()
    mp.setenv(i18n.RECORD_ENV, str(record))
    try:
        i18n.untranslated(clear=True)
        names = [name for name in REPORTS if name != "province_profile"]
        jobs = runner.plan(names, {"lang": "fa"}, out_dir=out)
        for province in PROVINCES:
            jobs += runner.plan(
                ["province_profile"], {"lang": "fa", "province": province}, out_dir=out
            )
        results = runner.build(jobs, out)
        failed = [f"{r.job.label}: {r.error}" for r in results if not r.ok]
        assert not failed, "Persian reports failed to build:\n" + "\n".join(failed)
        missing = i18n.untranslated(clear=True)
    finally:
        mp.undo()
    return out / "fa", missing


def _pages(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.html") if "_executed" not in p.parts)


@pytest.mark.slow
def test_every_persian_page_is_built(persian_reports) -> None:
    folder, _ = persian_reports
    names = {p.stem for p in _pages(folder)}
    assert {"index", *REPORTS} - {"province_profile"} <= names
    assert len([p for p in _pages(folder) if "province_profile" in p.as_posix()]) == len(PROVINCES)


@pytest.mark.slow
def test_no_message_on_a_persian_page_is_left_in_english(persian_reports) -> None:
    _, missing = persian_reports
    listed = "\n".join(sorted(missing))
    assert not missing, f"{len(missing)} messages without a Persian entry:\n{listed}"


@pytest.mark.slow
def test_the_synthetic_banner_is_the_first_line_of_the_persian_page(persian_reports) -> None:
    from smeanalysis.reports import declarations, i18n

    folder, _ = persian_reports
    page = (folder / "declarations.html").read_text(encoding="utf-8")
    body = page[page.index("<body") :]
    # The banner's bold opening, as the catalog writes it in Persian.
    opening = i18n.translate_markdown(declarations.BANNER, "fa").split("**")[1]
    assert opening != declarations.BANNER.split("**")[1]
    assert body.index(opening) < body.index("<h1")
    assert body.count(opening) == 1  # moved above the title, not shown twice
    assert "Synthetic data" not in body


# --------------------------------------------------------------------------------------
# In the browser

# Visible text, minus links' URLs and code: what a reader sees as prose, tables and labels.
_VISIBLE_TEXT = """() => {
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const el = node.parentElement;
    if (!el || el.closest('script,style,code,pre,kbd,samp')) continue;
    const style = getComputedStyle(el);
    if (style.display === 'none' || style.visibility === 'hidden') continue;
    if (!el.getClientRects().length && !el.closest('details')) continue;
    out.push(node.textContent);
  }
  return out;
}"""
_URL = re.compile(r"(?:\b[a-z][a-z0-9+-]*://|www\.)\S+|\b[\w-]+(?:\.[\w-]+)*\.(?:ir|com|org|net|int|gov)\S*")
_FONT_DATA = re.compile(r"font-weight:(\d+);[^}]*?base64,([A-Za-z0-9+/=]+)")


def _embedded_cmaps(page_html: str) -> dict[int, set[int]]:
    """The characters each embedded font subset (by weight) can draw."""
    from fontTools.ttLib import TTFont

    cmaps = {}
    for weight, data in _FONT_DATA.findall(page_html):
        font = TTFont(io.BytesIO(base64.b64decode(data)))
        cmaps[int(weight)] = set(font.getBestCmap())
    return cmaps


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip("no /usr/bin/chromium (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield chromium
        chromium.close()


@pytest.mark.slow
@pytest.mark.browser
def test_persian_pages_in_the_browser(browser, persian_reports) -> None:
    folder, _ = persian_reports
    pages = _pages(folder)
    assert len(pages) == len(REPORTS) - 1 + len(PROVINCES) + 1  # and the index
    shots = folder / "_screenshots"  # docs/screenshots/fa-*.png are copies of these
    shots.mkdir(exist_ok=True)
    problems: list[str] = []
    for path in pages:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        requests: list[str] = []
        page.on("request", lambda r, requests=requests: requests.append(r.url))
        url = path.as_uri()
        page.goto(url, wait_until="load")
        name = path.relative_to(folder).as_posix()
        root = page.eval_on_selector("html", "e => [e.getAttribute('dir'), e.lang]")
        if root != ["rtl", "fa"]:
            problems.append(f"{name}: <html dir, lang> is {root}")
        text = _URL.sub(" ", "\n".join(page.evaluate(_VISIBLE_TEXT)))
        latin = sorted({m.group(0) for m in re.finditer(r"\S*[0-9]\S*", text)})
        if latin:
            problems.append(f"{name}: Latin digits in the visible text: {latin[:20]}")
        others = [r for r in requests if r != url and not r.startswith("data:")]
        if others:
            problems.append(f"{name}: network requests {others}")
        cmaps = _embedded_cmaps(path.read_text(encoding="utf-8"))
        if set(cmaps) != {400, 700}:
            problems.append(f"{name}: embedded font weights {sorted(cmaps)}, expected 400, 700")
        else:
            drawn = set.intersection(*cmaps.values())
            lost = sorted({c for c in text if not c.isspace() and ord(c) not in drawn})
            if lost:
                problems.append(f"{name}: characters the embedded font lacks: {lost}")
        if path.stem in SCREENSHOTS:
            page.screenshot(path=str(shots / SCREENSHOTS[path.stem]), full_page=False)
        page.close()
    assert not problems, "\n".join(problems)
    assert sorted(p.name for p in shots.iterdir()) == sorted(SCREENSHOTS.values())


@pytest.mark.slow
def test_each_persian_page_has_its_title_once_in_persian(persian_reports) -> None:
    import html
    import re

    folder, _ = persian_reports
    for path in _pages(folder):
        if path.name == "index.html":
            continue
        page = path.read_text(encoding="utf-8")
        h1 = re.findall(r"<h1[^>]*>(.*?)</h1>", page, flags=re.DOTALL)
        assert len(h1) == 1, f"{path.name}: {len(h1)} <h1>"
        title = " ".join(html.unescape(re.sub(r"<[^>]+>", "", h1[0])).split())
        assert re.search(r"[\u0600-\u06ff]", title), f"{path.name}: title {title!r}"
        tab = re.search(r"<title>(.*?)</title>", page, flags=re.DOTALL).group(1)
        assert html.unescape(tab).strip() == title, f"{path.name}: <title> {tab!r}"
        headings = re.findall(r"<h[2-6][^>]*>(.*?)</h[2-6]>", page, flags=re.DOTALL)
        repeated = [h for h in headings if title in html.unescape(re.sub(r"<[^>]+>", "", h))]
        assert not repeated, f"{path.name}: the title again as a heading: {repeated}"

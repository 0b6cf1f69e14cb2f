"""Every built report opens in headless Chromium offline: no console error, no broken
image, no request but the page itself. Skips with a reason when Chromium is missing."""

from __future__ import annotations

import shutil
from pathlib import Path

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
            if not href.startswith(("#", "http://", "https://")):
                assert (page_path.parent / href).exists(), f"{page_path.name}: dead link {href}"
        assert shot.stat().st_size > 10_000
    keep = paths.REPORTS_DIR / "_screenshots"
    if keep.parent.is_dir():  # leave the last run's screenshots beside the built reports
        keep.mkdir(exist_ok=True)
        for shot in tmp_path.glob("*.png"):
            shutil.copy(shot, keep / shot.name)

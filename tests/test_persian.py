"""Persian pages (issue 13): the lang parameter, the one catalog, figures and chart text."""

from __future__ import annotations

import csv
import json
import re

import numpy as np
import pytest

from smeanalysis import paths
from smeanalysis.errors import ParameterError
from smeanalysis.reports import i18n, params, persian

NOTEBOOKS = sorted(paths.NOTEBOOKS_DIR.glob("*.ipynb"))


def test_lang_outside_the_choices_is_refused_listing_them() -> None:
    declared = params.declared("sme_exports")
    with pytest.raises(ParameterError, match="one of en, fa"):
        params.check_values("sme_exports", declared, {"lang": "de"})
    assert params.check_values("sme_exports", declared, {"lang": "fa"})["lang"] == "fa"


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_notebook_has_lang_and_every_markdown_cell_a_persian_entry(notebook) -> None:
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    assert "lang" in params.declared(notebook.stem)
    i18n.untranslated(clear=True)
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown":
            i18n.translate_markdown("".join(cell["source"]), "fa")
    assert i18n.untranslated(clear=True) == set()


def test_figures_and_dates_in_persian() -> None:
    assert persian.persian_figures("more than $1.6 billion") == "بیش از ۱٫۶ میلیارد دلار"
    assert persian.persian_figures("129 trillion rials") == "۱۲۹ هزار میلیارد ریال"
    assert persian.persian_figures("2019-03-21") == "۱۳۹۸/۰۱/۰۱"


def test_a_persian_page_is_rtl_with_persian_digits_and_its_font() -> None:
    page = persian.finish_page(
        '<html lang="en"><head></head><body><p>Isfahan: 1,234.5</p>'
        '<a href="https://x.org/2019/1">https://x.org/2019/1</a></body></html>'
    )
    assert '<html lang="fa" dir="rtl">' in page
    assert "۱٬۲۳۴٫۵" in page and '<bdi dir="ltr">https://x.org/2019/1</bdi></a>' in page
    assert "@font-face" in page and "font/woff2" in page


@pytest.mark.parametrize(
    "address",
    ["iranmirrorbd24.com", "en.irna.ir/news/84062300", "http://iranmirrorbd24.com/en/2019/11/27/x"],
)
def test_addresses_keep_latin_digits_and_sit_isolated_left_to_right(address) -> None:
    text = f"$1.03 billion (Asghar Mosaheb; {address}; published 2019-11-27), 12 of 1398"
    written = persian.persian_figures(text)
    assert address in written  # the address as written, its digits Latin
    assert "۱٫۰۳ میلیارد دلار" in written and "۱۳۹۸/۰۹/۰۶" in written and "۱۲" in written
    page = persian.localize_page(f"<body><p>{written}</p></body>")
    assert f'<bdi dir="ltr">{address}</bdi>' in page
    outside = page.replace(f'<bdi dir="ltr">{address}</bdi>', "")
    assert not re.search(r"[0-9]", re.sub(r"<[^>]+>", "", outside))
    # Figures that only look like host names are still figures.
    assert persian.persian_digits("77.5 and U.S. 2.5") == "۷۷٫۵ and U.S. ۲٫۵"


def test_chart_text_is_translated_and_drawn_in_persian(tmp_path) -> None:
    plt = pytest.importorskip("matplotlib.pyplot")
    from matplotlib.image import imread

    def draw(lang: str) -> np.ndarray:
        i18n.activate(lang)
        fig, ax = plt.subplots(figsize=(3, 1))
        ax.set_title("Isfahan")
        ax.axis("off")
        path = tmp_path / f"{lang}.png"
        fig.savefig(path)
        plt.close(fig)
        return imread(path)

    try:
        english, farsi = draw("en"), draw("fa")
    finally:
        i18n.activate("en")
    assert english.shape == farsi.shape
    assert np.abs(english - farsi).sum() > 10  # the title is drawn in Persian letters
    assert persian.shape("1,234") == "۱٬۲۳۴"


def test_the_catalog_quotes_every_speaker_and_period_label_of_the_fact_base() -> None:
    from smeanalysis import facts

    # The catalog reads these two columns straight from the CSV files (fast); they must be the
    # values load_facts gives, corrections applied.
    table = facts.load_facts()
    loaded = {
        " ".join(str(v).split())
        for column in i18n.QUOTED_COLUMNS
        for v in table[column].dropna().unique()
    }
    i18n.untranslated(clear=True)
    assert loaded
    # Each has an entry: itself, or a translation the catalog gives on purpose.
    assert [v for v in sorted(loaded) if i18n.catalog("fa").lookup(v) is None] == []
    assert i18n.untranslated(clear=True) == set()


def test_text_kit_writes_persian_when_asked_and_english_by_default() -> None:
    from smeanalysis.reports import text

    i18n.activate("fa")
    try:
        assert text.amount(1.6e9, "usd", "more than") == "more than $1.6 billion"
        assert text.amount(1.6e9, "usd", "more than", lang="fa") == "بیش از ۱٫۶ میلیارد دلار"
        assert text.count(2, "statement", lang="fa") == "۲ گزاره"
        assert text.period_text("1398-09", lang="fa") == "آذر ۱۳۹۸"
    finally:
        i18n.activate("en")
    with pytest.raises(ParameterError, match="one of en, fa"):
        text.number(1, lang="de")


def test_an_english_chart_drawn_after_a_persian_one_stays_english(tmp_path) -> None:
    plt = pytest.importorskip("matplotlib.pyplot")
    from matplotlib.image import imread

    def draw(lang: str, name: str) -> np.ndarray:
        i18n.activate(lang)
        fig, ax = plt.subplots(figsize=(3, 1))
        ax.set_title("Isfahan")
        ax.axis("off")
        fig.savefig(tmp_path / name)
        plt.close(fig)
        return imread(tmp_path / name)

    try:
        before = draw("en", "before.png")
        draw("fa", "fa.png")
        after = draw("en", "after.png")
    finally:
        i18n.activate("en")
    assert np.array_equal(before, after)


def test_period_labels_are_jalali_and_persian_on_a_persian_page() -> None:
    # The park report's key finding quoted "as of 2024-12" half translated.
    finding = (
        "The latest count of industrial parks and zones in operation in Iran is 851, "
        'as of 2024-12 (<a href="https://www.trend.az/x">Trend</a>).'
    )
    written = i18n.t(finding, "fa")
    assert "آذر–دی ۱۴۰۳" in written and "as of" not in written and "2024" not in written
    assert persian.period_label("1398 first 9 months (Mar 21-Dec 21, 2019)") == (
        "۹ ماهه نخست ۱۳۹۸ (۱ فروردین تا ۳۰ آذر)"
    )
    book = i18n.catalog("fa")
    gregorian = re.compile(
        r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.? [0-9۰-۹]"
        r"|\b(?:19|20)[0-9][0-9]-[0-9][0-9]\b|\bas of\b|\bfirst [0-9۰-۹]+ months\b"
    )
    assert len(book.periods) > 300
    # Every label of the shipped tables, those with a catalog entry of their own included.
    labels = set(book.periods)
    for path in (paths.DATA_DIR / "raw").glob("*.csv"):
        with path.open(encoding="utf-8", newline="") as file:
            labels.update(
                row["period_label"] for row in csv.DictReader(file) if "period_label" in row
            )
    gregorian_fa = re.compile("مارس|آوریل|ژوئن|ژوئیه|اوت|سپتامبر|اکتبر|نوامبر|دسامبر|ژانویه|فوریه")
    left = []
    for label in sorted(v for v in labels if v.strip()):
        shown = book.lookup(label)
        has_year = re.search(r"\b(?:1[34]|19|20)[0-9][0-9]\b", label)
        if re.search(r"[0-9]", persian.ADDRESS.sub("", shown)) or (
            has_year and (gregorian.search(shown) or gregorian_fa.search(shown))
        ):
            left.append((label, shown))
    # Latin digits never; a Gregorian date or an English period wording only where the label
    # names no year to make it Jalali with.
    assert left == []


def test_page_footer_and_folded_tables_speak_the_pages_language() -> None:
    from smeanalysis.reports import page

    rows = "".join(f"<tr><td>{n}</td></tr>" for n in range(page.FOLD_ROWS + 1))
    html_page = (
        '<html><head></head><body><header class="sme-header"><h1>T</h1></header>'
        f"<table><thead><tr><th>Year</th></tr></thead><tbody>{rows}</tbody></table>"
        '<footer class="sme-footer">f</footer></body></html>'
    )
    parameters = (("year", 1398, "Iranian year"), ("lang", "fa", "page language"))
    english = page.finish(html_page, "demo", "T", parameters)
    farsi = persian.localize_page(page.finish(html_page, "demo", "T", parameters, "fa"))
    assert "Table of 26 rows" in english and "rebuild with" in english
    body = farsi.split("<body>", 1)[1]
    text = re.sub(r"<(code|script|style)\b.*?</\1>", " ", body, flags=re.DOTALL)
    text = re.sub(r"</?bdi[^>]*>", "", text)
    text = re.sub(r"<[^>]+>", " ", text)
    assert "جدول ۲۶ سطری" in text and "ساخت دوباره با" in text
    assert not re.search(r"[0-9]", text)  # the data hash and versions sit in <code>
    assert not {"Table", "rows", "rebuild", "Built", "statements"} & set(re.findall(r"\w+", text))


def test_a_period_labels_note_without_an_entry_is_recorded_as_untranslated() -> None:
    book = i18n.catalog("fa")
    # Every note of the shipped tables' labels (fact base and composition) has an entry.
    left = {
        label: notes
        for label in sorted(book.periods)
        if (notes := persian.untranslated_notes(label, book.messages.get))
    }
    assert left == {}
    # A label with a new note: its period in Persian, the note shown as written and recorded.
    fresh = i18n.Catalog("fa", messages=dict(book.messages))
    fresh.periods.add("1398 first 9 months, a note nobody wrote down")
    i18n.untranslated(clear=True)
    shown = fresh.lookup("1398 first 9 months, a note nobody wrote down")
    assert shown == "۹ ماهه نخست ۱۳۹۸، a note nobody wrote down"
    assert i18n.untranslated(clear=True) == {"a note nobody wrote down"}
    # Acronyms of agencies and a word's own hyphen ("semi-stagnant") are no notes to record.
    assert persian.untranslated_notes("1402 (ISIPO), NPC") == ()
    assert persian.untranslated_notes("1402, stagnant and semi-stagnant") == (
        "stagnant and semi-stagnant",
    )

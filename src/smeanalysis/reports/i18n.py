"""The reports' languages: one catalog keyed by the English message, and the page language.

Every report is written in English in its notebook and helpers; a Persian page (``lang="fa"``)
is the same run with every message looked up in **one catalog**, ``locales/fa.yaml``
(``messages:``, English message to Persian). Nothing else holds a translation: there is no
``if lang == "fa"`` in a notebook or a helper.

Two kinds of entries:

* **Messages**: a heading, a paragraph of a notebook's Markdown cell, a table header, a chart
  title, looked up whole (whitespace runs count as one space).
* **Templates**: a message with numbered slots, ``"{0} statements in {1}"``, for the sentences
  the helpers build around figures. The slots match any text (the figures are already written
  in Persian by the text kit, :mod:`smeanalysis.reports.text`); a slot that is itself a message
  is translated too.

Names come from the registries, not from the catalog (one fact, one place): indicator labels
(``label_fa`` of :data:`smeanalysis.dictionary.INDICATORS`), indicator groups and scopes,
province names (:mod:`smeanalysis.provinces`) and Iranian months
(:data:`smeanalysis.calendar.MONTHS_FA`) are added to the catalog when it loads.

**The page language.** :func:`activate` sets it for the process (the notebook's check cell
does, through :func:`smeanalysis.reports.params.check`); the text kit and the charts read it
with :func:`current`. :func:`t` and :func:`translate_markdown` record every message they could
not translate (:func:`untranslated`), so a test can fail on a message without an entry; so does
a source's period label for each note it keeps in English (``via Qom customs``, looked up as
a message of its own: :func:`smeanalysis.reports.persian.untranslated_notes`).
"""

from __future__ import annotations

import copy
import csv
import html
import json
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from smeanalysis import calendar, countries, dictionary, facts, hs, paths, provinces
from smeanalysis.errors import ParameterError, Problem, SmeAnalysisError
from smeanalysis.reports import persian

__all__ = [
    "DEFAULT_LANGUAGE",
    "LANGUAGES",
    "Catalog",
    "activate",
    "catalog",
    "current",
    "t",
    "translate_markdown",
    "translate_notebook",
    "untranslated",
]

#: The languages a report can be built in; the first is the default.
LANGUAGES: tuple[str, ...] = ("en", "fa")
DEFAULT_LANGUAGE = LANGUAGES[0]
#: Where the catalogs live: ``locales/<lang>.yaml``.
LOCALES_DIR = Path(__file__).resolve().parent / "locales"

_SPACES = re.compile(r"\s+")
_SLOT = re.compile(r"\{(\d+)\}")
# Text that needs no translation: figures, dashes, links, punctuation, code.
_NEUTRAL = re.compile(
    r"^(?:[\s\d.,%$€\u2013\u2014\-+/:;()\[\]#*x×~≈<>=|]|&#?\w+;|<[^>]*>|`[^`]*`"
    r"|[\u0600-\u06ff\u200c\u066a-\u066c\u06f0-\u06f9]|https?://\S+)*$"
)
_LATIN = re.compile(r"[A-Za-z]{2,}")
_ENTITIES = re.compile(r"&#?\w+;")
# A link's text names its source (the outlet as it is known): quoted, never translated.
_LINK = re.compile(r"<a\b[^>]*>.*?</a>", re.DOTALL)
_TRAILING = re.compile(r"^(.*?)([;:,.]\s*)$", re.DOTALL)
_PERSIAN_PUNCTUATION = str.maketrans({";": "؛", ",": "،"})
_BOLD = re.compile(r"\*\*(.+?)\*\*([;:,.]?)", re.DOTALL)
_LIST_SEPARATOR = re.compile(r"(\s*;\s*| / )")

_state = {"lang": DEFAULT_LANGUAGE}
_missing: set[str] = set()
#: When set, every message without an entry is also appended (one JSON string a line) to the
#: file it names, so a build's kernels and workers report theirs to the process that asked.
RECORD_ENV = "SMEANALYSIS_UNTRANSLATED"


def _check(lang: object) -> str:
    if lang not in LANGUAGES:
        raise ParameterError(
            [Problem(None, None, "lang", repr(lang), f"one of {', '.join(LANGUAGES)}")]
        )
    return str(lang)


def activate(lang: str) -> None:
    """Set the page language of this process (the text kit and the charts follow it).

    Raises:
        ParameterError: ``lang`` is not one of :data:`LANGUAGES`.

    Example:
        >>> activate("fa"); current()
        'fa'
        >>> activate("en"); current()
        'en'
    """
    _state["lang"] = _check(lang)
    if lang == "fa":
        persian.setup_charts()
    else:
        persian.charts_off()


def current() -> str:
    """The page language set by :func:`activate` (``"en"`` until then).

    Example:
        >>> current() in LANGUAGES
        True
    """
    return _state["lang"]


def _key(message: str) -> str:
    return _SPACES.sub(" ", message).strip()


@dataclass
class Catalog:
    """One language's messages and templates (see the module docstring)."""

    lang: str
    messages: dict[str, str] = field(default_factory=dict)
    templates: list[tuple[str, re.Pattern[str], str]] = field(default_factory=list)
    # Looked-up keys and their translations (a page repeats many cells): see _lookup.
    _found: dict[str, str | None] = field(default_factory=dict, repr=False)
    # Keys a template matched only with a slot left in English: that half translation.
    _partial: dict[str, str] = field(default_factory=dict, repr=False)
    #: Period labels of the sources (keys): written in Persian when first looked up.
    periods: set[str] = field(default_factory=set, repr=False)

    def lookup(self, message: str) -> str | None:
        """The translation of one message, or ``None`` when the catalog has none.

        A message escaped for Markdown (``&#40;``, ``&#x27;``) is looked up as the text it
        shows, and its translation escaped the same way; a message ending in ``;`` ``:`` ``,``
        or ``.`` that has no entry of its own is the entry of its text, punctuation kept.
        """
        key = _key(message)
        if not key:
            return message
        if _ENTITIES.search(key) and not _TAGS.search(_ENTITIES.sub("", key)):
            shown = html.unescape(key)
            if shown != key:
                found = self.lookup(shown)
                return None if found is None else _escape_like(found, key)
        found = self._lookup(key)
        if found is None and (split := _TRAILING.match(key)) and split.group(1):
            found = self.lookup(split.group(1))
            if found is not None:
                return found + split.group(2).strip().translate(_PERSIAN_PUNCTUATION)
        if found is None and (bold := _BOLD.fullmatch(key)):
            found = self.lookup(bold.group(1))
            if found is not None:
                return f"**{found}**{bold.group(2)}"
        if found is None and _LIST_SEPARATOR.search(key):
            # A list of entries ("conflict;scope_difference", "Not stated / All SMEs").
            parts = _LIST_SEPARATOR.split(key)
            done = [self._lookup(part) if n % 2 == 0 else part for n, part in enumerate(parts)]
            if all(part is not None for part in done):
                return "".join(done).replace(";", "؛")
        return found

    def _lookup(self, key: str) -> str | None:
        found = self.messages.get(key)
        if found is not None:
            return found
        if key in self.periods:
            # Jalali dates and Persian words; a note about something else as an entry, and
            # recorded as untranslated when it has none (the page shows it in English).
            found = self.messages[key] = persian.period_label(key, self.messages.get)
            for note in persian.untranslated_notes(key, self.messages.get):
                _record(_key(note))
            return found
        if key in self._found:
            return self._found[key]
        for prefix, pattern, target in self.templates:
            # Most templates are ruled out by their literal start and end, without the regex.
            if not key.startswith(prefix) or not key.endswith(_suffix(pattern)):
                continue
            match = pattern.fullmatch(key)
            if match:
                slots = {int(k[1:]): v for k, v in match.groupdict().items()}
                filled = {n: self._slot(v) for n, v in slots.items()}
                if any(value is None for value in filled.values()) and (
                    again := _greedy(pattern).fullmatch(key)
                ):
                    # The shortest first slots cut a name ("parks and zones | in operation
                    # in Iran"): the longest ones, once.
                    slots = {int(k[1:]): v for k, v in again.groupdict().items()}
                    filled = {n: self._slot(v) for n, v in slots.items()}
                if any(value is None for value in filled.values()):
                    # A slot would stay in English: not an entry (a paragraph is then
                    # translated sentence by sentence, a message recorded as untranslated
                    # and shown half translated, the slot as written).
                    shown = {n: v or _written(slots[n]) for n, v in filled.items()}
                    self._partial.setdefault(
                        key, _SLOT.sub(lambda m, shown=shown: shown[int(m[1])], target)
                    )
                    continue
                found = _SLOT.sub(lambda m, filled=filled: filled[int(m.group(1))], target)
                break
        self._found[key] = found
        return found

    def partial(self, message: str) -> str | None:
        """A message's half translation (a template whose slot has no entry), if any.

        Example:
            >>> catalog("fa").partial("Isfahan") is None
            True
        """
        key = _key(message)
        if _ENTITIES.search(key) and not _TAGS.search(_ENTITIES.sub("", key)):
            found = self._partial.get(html.unescape(key))
            return None if found is None else _escape_like(found, key)
        return self._partial.get(key)

    def _slot(self, value: str) -> str | None:
        """A slot's text in Persian, or ``None`` when words of it would stay in English."""
        found = self.messages.get(_key(value))
        if found is not None:
            return found
        if _ENTITIES.search(value) and not _TAGS.search(_ENTITIES.sub("", value)):
            # An escaped amount ("&#36;1.03 billion") is read as the text it shows, then
            # escaped back: its ";" is no separator and its digits are no figure.
            shown = self._slot(html.unescape(value))
            return None if shown is None else _escape_like(shown, value)
        if _NEUTRAL.match(value):
            return _figures(value)
        found = self.lookup(value)
        if found is None and (bracket := _BRACKETED.fullmatch(value)):
            # A chart title of two lines, one line each ("Concentration ... (HHI, a ...)").
            head, tail = self.lookup(bracket.group(1)), self.lookup(bracket.group(2))
            found = None if head is None or tail is None else f"{head} {tail}"
        if found is None:
            # Parts that are entries ("no speaker named", an outlet) as entries, the rest
            # with its figures in Persian; separators in Persian.
            found = "".join(
                (self.messages.get(_key(part)) or self._lookup(_key(part)) or _written(part))
                if n % 2 == 0
                else part.translate(_PERSIAN_PUNCTUATION)
                for n, part in enumerate(_SPLIT_PARTS.split(value))
            )
            if self._left_in_english(found):
                return None
        return found

    def _left_in_english(self, value: str) -> bool:
        """Whether a slot, as written, holds words that are neither an entry nor a host name."""
        text = _TAGS.sub(" ", _LINK.sub(" ", value))
        for part in _SLOT_PARTS.split(text):
            part = part.strip()
            if (
                not part
                or not _LATIN.search(part)
                or _HOST.fullmatch(part)
                or _CODE.fullmatch(part)
            ):
                continue
            if self.messages.get(_key(part)) is None and self._lookup(_key(part)) is None:
                return True
        return False


# A text and the bracket that ends it, each of which may be an entry of its own.
_BRACKETED = re.compile(r"\s*(.*?\S)\s+(\([^()]*\))\s*", re.DOTALL)
# A slot's parts (a list of names, a figure with its sources) and host names (outlets).
# A comma between digits ("55,000") is a thousands separator, not a separator of parts.
_SLOT_PARTS = re.compile(r"\s*(?:[;()،؛]|,(?![0-9۰-۹]{3})|\s/\s)\s*")
_SPLIT_PARTS = re.compile(r"(\s*(?:[;()،؛]|,(?![0-9۰-۹]{3})|\s/\s)\s*)")
_CODE = re.compile(r"[\w.]*_[\w.]*|notebooks/\S+")  # identifiers, notebook paths
_HOST = re.compile(r"(?:[\w-]+\.)+[a-z]{2,}(?:/\S*)?")
_TAGS = re.compile(r"(<[^>]+>|`[^`]*`|https?://[^\s<>)\]]+|\]\([^)]*\)|&#?\w+;)")


def _outside_tags(change: Callable[[str], str], text: str) -> str:
    return "".join(part if n % 2 else change(part) for n, part in enumerate(_TAGS.split(text)))


def _escape_like(text: str, escaped: str) -> str:
    """Escape in ``text`` the characters ``escaped`` held as entities (Markdown stays inert)."""
    chars = {html.unescape(entity) for entity in _ENTITIES.findall(escaped)}
    chars = {c for c in chars if len(c) == 1 and c not in "&<>"}
    return "".join(f"&#{ord(c)};" if c in chars else c for c in text)


def _figures(text: str) -> str:
    """The figures and dates of a text in Persian (outside tags and code)."""
    return _outside_tags(persian.persian_figures, text)


def _names() -> dict[str, str]:
    """Persian names from the registries (indicators, groups, scopes, places, HS, months).

    Countries by name and by alpha-3 code; HS sections by their numeral.
    """
    names: dict[str, str] = {}
    for item in dictionary.INDICATORS.values():
        names[item.label] = item.label_fa
        names[item.name] = item.label_fa
    for key in dictionary.INDICATOR_GROUPS:
        names[dictionary.group_label(key)] = dictionary.group_label(key, "fa")
    for scope in dictionary.load_scopes().values():
        names[scope.label_en] = scope.label_fa
        names[scope.name] = scope.label_fa
    table = provinces.provinces_table()
    names.update(zip(table["name_en"], table["name_fa"], strict=True))
    names[provinces.NATIONAL] = "ایران"
    table = countries.countries_table()
    names.update(zip(table["name_en"], table["name_fa"], strict=True))
    # A destination shown by its ISO 3166-1 alpha-3 code (customs extracts) is named.
    names.update(zip(table["iso3"], table["name_fa"], strict=True))
    # HS sections by numeral (XV) are numbered in Persian (۱۵), as the tariff book does.
    names.update({s.numeral: persian.persian_digits(str(s.number)) for s in hs.SECTIONS.values()})
    names.update(zip(calendar.MONTHS_EN, calendar.MONTHS_FA, strict=True))
    # Speakers are quoted as the source wrote them; the page says so once (render's header).
    # Period labels are written in Persian when looked up (Catalog.periods).
    for value in _quoted()["speaker"]:
        names.setdefault(_key(value), value)
    # Outlets keep the name they are known by (registry/publishers.csv), as their links do.
    with open(PUBLISHERS_PATH, encoding="utf-8", newline="") as file:
        for row in csv.DictReader(file):
            name = (row.get("publisher") or "").strip()
            if name:
                names.setdefault(_key(name), name)
    return names


#: The outlets' names by domain (the text kit's links read the same file).
PUBLISHERS_PATH = Path(__file__).resolve().parents[1] / "registry" / "publishers.csv"


#: The fact base's columns a Persian page shows from the source: speakers quoted as written,
#: period labels written in Persian (:func:`smeanalysis.reports.persian.period_label`).
QUOTED_COLUMNS = ("speaker", "period_label")
#: The shipped composition table (:data:`smeanalysis.composition.DEFAULT_PATH`, named here so
#: the catalog does not import the composition loader): its period labels too.
COMPOSITION_FILES = (
    (paths.DATA_DIR / "raw" / "export_composition.csv", None),
    (paths.DATA_DIR / "corrections" / "export_composition.csv", "replacement"),
)


@cache
def _quoted() -> dict[str, tuple[str, ...]]:
    """The shipped speakers and period labels, as written or as corrected, by column.

    Read straight from the raw files and their corrections (two columns with :mod:`csv`), not
    through :func:`smeanalysis.facts.load_facts`: the catalog needs only these labels, and a
    full load (checks, scopes, dates) cost every Persian kernel and render process about a
    second. Period labels of the composition table are read too.
    """
    found: dict[str, set[str]] = {column: set() for column in QUOTED_COLUMNS}
    files = [
        (path, value_of)
        for raw, corrections in facts.SHIPPED
        for path, value_of in ((raw, None), (corrections, "replacement"))
    ]
    for path, value_of in [*files, *COMPOSITION_FILES]:
        if not Path(path).exists():
            continue
        with open(path, encoding="utf-8", newline="") as file:
            for row in csv.DictReader(file):
                for column in QUOTED_COLUMNS:
                    if value_of is None:
                        value = row.get(column)
                    elif row.get("column") == column:
                        value = row.get(value_of)
                    else:
                        continue
                    if value and value.strip():
                        found[column].add(value.strip())
    return {column: tuple(sorted(values)) for column, values in found.items()}


_SUFFIXES: dict[str, str] = {}
_GREEDY: dict[str, re.Pattern[str]] = {}


def _greedy(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """The template's pattern with every slot taking as much text as it can."""
    found = _GREEDY.get(pattern.pattern)
    if found is None:
        found = _GREEDY[pattern.pattern] = re.compile(
            pattern.pattern.replace(".+?)", ".+)"), re.DOTALL
        )
    return found


def _suffix(pattern: re.Pattern[str]) -> str:
    """The literal text a template ends with (after its last slot)."""
    found = _SUFFIXES.get(pattern.pattern)
    if found is None:
        tail = pattern.pattern.rsplit(".+?)", 1)[-1] if ".+?)" in pattern.pattern else ""
        found = _SUFFIXES[pattern.pattern] = re.sub(r"\\(.)", r"\1", tail)
    return found


def _template(key: str) -> re.Pattern[str]:
    parts = _SLOT.split(key)
    pattern = "".join(
        re.escape(part) if n % 2 == 0 else f"(?P<s{part}>.+?)" for n, part in enumerate(parts)
    )
    return re.compile(pattern, re.DOTALL)


@cache
def catalog(lang: str) -> Catalog:
    """Load one language's catalog (English: empty, every message stands for itself).

    Raises:
        ParameterError: ``lang`` is not one of :data:`LANGUAGES`.
        SmeAnalysisError: The catalog file is not a mapping of messages, or an entry's
            slots differ between the message and its translation.

    Example:
        >>> catalog("fa").lookup("Isfahan")
        'اصفهان'
    """
    _check(lang)
    result = Catalog(lang)
    if lang == DEFAULT_LANGUAGE:
        return result
    path = LOCALES_DIR / f"{lang}.yaml"
    # libyaml's loader when PyYAML has it: ten times faster on the catalog (~5 ms, not ~50).
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=loader) or {}
    messages = data.get("messages") if isinstance(data, dict) else None
    if not isinstance(messages, dict):
        raise SmeAnalysisError(
            [Problem(str(path), 1, "messages", repr(type(messages)), "a mapping of messages")]
        )
    result.messages.update(_names())
    problems = []
    for source, target in messages.items():
        key, text = _key(str(source)), str(target).strip()
        slots = sorted(_SLOT.findall(key))
        if slots != sorted(_SLOT.findall(text)):
            problems.append(
                Problem(str(path), None, key[:60], repr(text[:60]), f"the slots {slots}")
            )
            continue
        if slots:
            result.templates.append((_SLOT.split(key)[0], _template(key), text))
        else:
            result.messages[key] = text
    if problems:
        raise SmeAnalysisError(problems)
    # The sources' period labels without an entry of their own: written when looked up.
    result.periods.update(
        key for key in map(_key, _quoted()["period_label"]) if key not in result.messages
    )
    # A code's words (growth_mismatch) as sentences write them: "growth mismatch".
    for key, text in list(result.messages.items()):
        if re.fullmatch(r"[a-z]+(?:_[a-z]+)+", key):
            result.messages.setdefault(key.replace("_", " "), text)
    # The longest literal prefix first: the most specific template wins.
    result.templates.sort(key=lambda item: -len(item[0]))
    return result


def t(message: str, lang: str | None = None) -> str:
    """Translate one message into ``lang`` (default: :func:`current`).

    A message without an entry is returned as it is and recorded (:func:`untranslated`).

    Example:
        >>> t("Isfahan", "fa"), t("Isfahan", "en")
        ('اصفهان', 'Isfahan')
    """
    lang = current() if lang is None else _check(lang)
    if lang == DEFAULT_LANGUAGE or not message:
        return message
    book = catalog(lang)
    found = book.lookup(message)
    if found is None:
        written = book.partial(message) or _written(message)
        if _LATIN.search(
            _ENTITIES.sub("", _TAGS.sub("", _LINK.sub("", written)))
        ) and book._left_in_english(html.unescape(written)):
            # Latin words that are not all entries (a list of quoted speakers and outlets is).
            _record(_key(message))
        return written
    return found


def _written(message: str) -> str:
    """A message without an entry, its figures in Persian.

    Entities (``&#36;``) are read as the characters they show, so an escaped amount
    (``over &#36;3 billion``) is read whole, hedge and currency included, then escaped back.
    """
    if _ENTITIES.search(message) and not _TAGS.search(_ENTITIES.sub("", message)):
        return _escape_like(_figures(html.unescape(message)), message)
    return _figures(message)


def _record(message: str) -> None:
    if message in _missing:
        return
    _missing.add(message)
    shared = os.environ.get(RECORD_ENV)
    if shared:
        with open(shared, "a", encoding="utf-8") as file:
            file.write(json.dumps(message, ensure_ascii=False) + "\n")


def untranslated(clear: bool = False) -> set[str]:
    """The messages :func:`t` found no entry for (``clear`` empties the record).

    In this process, and in every process (notebook kernels, build workers) started while the
    environment variable :data:`RECORD_ENV` names a file: a test sets it, builds Persian pages
    and finds here every message any of them showed untranslated.

    Example:
        >>> _ = t("A message nobody wrote down", "fa")
        >>> "A message nobody wrote down" in untranslated(clear=True), untranslated()
        (True, set())
    """
    found = set(_missing)
    shared = os.environ.get(RECORD_ENV)
    if shared and os.path.exists(shared):
        with open(shared, encoding="utf-8") as file:
            found.update(json.loads(line) for line in file if line.strip())
        if clear:
            os.remove(shared)
    if clear:
        _missing.clear()
    return found


_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}")
_LIST = re.compile(r"^(\s*(?:[-*+]|\d+\.)\s+)(.*)$")
_HEADING = re.compile(r"^(#{1,6}\s+)(.*)$")
_SENTENCE = re.compile(r"(?<=[.:;!?])\s+(?=[A-Z*(])")


def _paragraph(text: str, lang: str) -> str:
    found = catalog(lang).lookup(text)
    if found is not None:
        return found
    sentences = _SENTENCE.split(_key(text))
    if len(sentences) == 1:
        return t(text, lang)
    return " ".join(t(sentence, lang) for sentence in sentences)


def _table_row(line: str, lang: str) -> str:
    cells = line.strip().strip("|").split(" | ")
    return "| " + " | ".join(t(cell.strip(), lang) for cell in cells) + " |"


def _blocks(lines: Iterable[str]) -> Iterable[tuple[str, list[str]]]:
    """Group Markdown lines: ('para', lines), ('line', [line]) for tables, lists, headings."""
    para: list[str] = []
    fenced = False
    for line in lines:
        if line.strip().startswith("```"):
            fenced = not fenced
        special = (
            fenced
            or line.strip().startswith(("```", "|", "<"))
            or not line.strip()
            or _LIST.match(line)
            or _HEADING.match(line)
        )
        if special:
            if para:
                yield "para", para
                para = []
            yield ("code" if fenced or line.strip().startswith("```") else "line"), [line]
        else:
            para.append(line)
    if para:
        yield "para", para


def translate_markdown(text: str, lang: str | None = None) -> str:
    r"""Translate Markdown block by block: paragraphs, list items, headings, table cells.

    Code (fenced or inline) and HTML lines are kept; a paragraph without a whole entry is
    translated sentence by sentence.

    Example:
        >>> print(translate_markdown("## Isfahan\n\n| Tehran | 3 |\n| --- | --- |", "fa"))
        ## اصفهان
        <BLANKLINE>
        | تهران | ۳ |
        | --- | --- |
    """
    lang = current() if lang is None else _check(lang)
    if lang == DEFAULT_LANGUAGE:
        return text
    out = []
    for kind, lines in _blocks(text.splitlines()):
        line = lines[0]
        if kind == "para":
            out.append(_paragraph(" ".join(lines), lang))
        elif kind == "code" or not line.strip() or _TABLE_RULE.match(line):
            out.append(line)
        elif line.strip().startswith("|"):
            out.append(_table_row(line, lang))
        elif line.strip().startswith("<"):
            out.append(line)
        elif (found := _HEADING.match(line)) or (found := _LIST.match(line)):
            out.append(found.group(1) + _paragraph(found.group(2), lang))
        else:
            out.append(line)
    return "\n".join(out)


def translate_notebook(nb: Any, lang: str) -> Any:
    """A copy of an executed notebook with its Markdown cells and outputs translated.

    Markdown outputs are translated like cells; an image's ``alt`` (a chart's title and units)
    as one message.

    Example:
        >>> import nbformat
        >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("## Isfahan")])
        >>> translate_notebook(nb, "fa").cells[0].source
        '## اصفهان'
    """
    out = copy.deepcopy(nb)
    if _check(lang) == DEFAULT_LANGUAGE:
        return out
    for cell in out.cells:
        if cell.cell_type == "markdown":
            cell.source = translate_markdown(cell.source, lang)
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if "text/markdown" in data:
                data["text/markdown"] = translate_markdown(data["text/markdown"], lang)
            image = output.get("metadata", {}).get("image/png")
            if isinstance(image, dict) and isinstance(image.get("alt"), str):
                image["alt"] = t(image["alt"], lang)  # a chart's title and units
    return out


# Chart text and page chrome in smeanalysis.reports.persian are translated with this catalog.
persian.use_catalog(lambda message: t(message, "fa"), lambda: catalog("fa").messages)

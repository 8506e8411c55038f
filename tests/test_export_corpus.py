"""Every real TEI file of ../shared/ref/corpus exports to HTML and text, and the text loses nothing.

The text check compares word sequences: the words of the TEI text (``text``,
``sourceDoc``, or a bare ``surface``), as the rendering policy selects them
for the view, against the words of the export with the view's documented
additions taken out (note references, ``⟨…⟩`` qualifiers, page markers, the
labels of parallel divisions and of corpus members).  Words are runs of
letters and digits; a line break inside a word (``break="no"``) joins the
word in the reading view.  Skipped (with a reason) where ../shared is absent.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import SHARED, shared
from lxml import etree

import teikit
from teikit.writers.document import Document
from teikit.writers.policy import (
    APP_TAG,
    AUTO,
    BLOCK,
    BOTH,
    BREAK,
    CHOICE_TAG,
    CONTAINER,
    DEL_TAG,
    EMPTY,
    GENERIC,
    NO_SIGNS,
    NOTE,
    RULES,
    SKIP,
    VIEWS,
    D,
    Rule,
    T,
    app_visibility,
    choice_visibility,
)
from teikit.writers.walk import PARALLEL_PARENTS, div_label, is_block, parallel_groups
from teikit.xmlio import parse_file

CORPUS = SHARED / "ref" / "corpus"
SUFFIXES = (".xml", ".tei", ".odd")


def corpus_files() -> list[str]:
    if not CORPUS.is_dir():
        return ["<corpus absent>"]
    return sorted(
        str(p.relative_to(CORPUS))
        for p in CORPUS.rglob("*")
        if p.suffix in SUFFIXES and p.parts[len(CORPUS.parts)] not in ("large", "schema")
    )


JOIN = "\x01"  # a line break inside a word
BOUNDARY = "\x02"  # a block boundary (a joined word never crosses it)
SIGN = "\x03"  # a sign of the view ([, ], {+ …): it parts words, a joined word too
SIGN_EMPTY = frozenset((T + "gap", T + "handShift"))  # […], ⟨hand: H⟩
SPACE = T + "space"
_JOINED = re.compile(r"[-\u00ad\u2010\u2011\u00ac\u2e17=]?[ \t\r\n]*\x01[ \t\r\n]*")
_WORD = re.compile(r"\w+")
_NOTE_REF = re.compile(r"\[\^\d+\]")
_QUALIFIER = re.compile(
    r"⟨(?:(?:place|hand|wit|reason|by|corr|function|page|column)(?::[^⟩]*| [^⟩]*)?|hand)⟩"
)
_NOTES = re.compile(r"\n\nNotes\n\n(?=\[\^\d+\]: )")


class Reference:
    """The words a view of a document must hold: the TEI walked with the policy alone."""

    def __init__(self, doc: Document, view: int) -> None:
        self.view = view
        self.flow: list[str] = []
        self.notes: list[list[str]] = []
        for part in doc.parts:
            for el in part.content:
                self.emit(el, self.flow, False)
                self.flow.append(BOUNDARY)

    def emit(self, el: etree._Element, out: list[str], in_note: bool) -> None:
        if el.text:
            out.append(el.text)
        vismap = None
        if el.tag == CHOICE_TAG:
            vismap = choice_visibility(el)
        elif el.tag == APP_TAG:
            vismap = app_visibility(el)
        for child in el:
            tag = child.tag
            if isinstance(tag, str):
                rule = RULES.get(tag, GENERIC)
                if vismap is not None:
                    own = vismap.get(child, BOTH)
                else:
                    own = BOTH if in_note and tag == DEL_TAG else rule.views
                if own & self.view:
                    self.visible(child, rule, own, out, in_note)
            elif isinstance(child, etree._Entity):
                out.append(f"&{child.name};")
            if child.tail:
                out.append(child.tail)

    def visible(
        self, el: etree._Element, rule: Rule, own: int, out: list[str], in_note: bool
    ) -> None:
        kind = rule.kind
        if kind == SKIP:
            return
        if kind == NOTE:
            words: list[str] = []
            self.notes.append(words)
            self.emit(el, words, True)
            return
        if kind == BREAK:
            out.append(JOIN if el.get("break") == "no" else " ")
            return
        if kind == EMPTY:
            if el.tag in SIGN_EMPTY:
                out.append(SIGN)
            elif el.tag == SPACE:
                out.append(" ")
            return
        block = kind in (BLOCK, CONTAINER) or (kind == AUTO and is_block(el))
        signs = rule.signs(self.view)
        if el.tag == T + "rdg" and own != D:
            signs = NO_SIGNS
        out.append(BOUNDARY if block else (SIGN if signs[0] else ""))
        self.emit(el, out, in_note)
        out.append(BOUNDARY if block else (SIGN if signs[1] else ""))

    def words(self, pieces: list[str]) -> list[str]:
        text = "".join(pieces)
        if self.view == VIEWS["reading"]:
            text = _JOINED.sub("", text)
        for mark in (JOIN, BOUNDARY, SIGN):
            text = text.replace(mark, " ")
        return _WORD.findall(text)


def labels(doc: Document) -> set[str]:
    """The lines the text writer adds: labels of parallel divisions, titles of corpus members."""
    found = {doc.title(p.header) for p in doc.parts if p.member is not None}
    for part in doc.parts:
        for el in part.content:
            for container in el.iter(*PARALLEL_PARENTS):
                for source, translations in parallel_groups(container).items():
                    found.update(div_label(doc, d) for d in (source, *translations))
    return found


def export_words(exported: str, added: set[str]) -> tuple[list[str], list[str]]:
    parts = _NOTES.split(exported)
    body, notes = (parts[0], parts[1]) if len(parts) == 2 else (exported, "")
    body = "\n".join(line for line in body.split("\n") if line not in added)
    notes = re.sub(r"(?m)^\[\^\d+\]: ", "", notes)

    def clean(text: str) -> list[str]:
        text = _NOTE_REF.sub("", text)
        text = _QUALIFIER.sub(" ", text).replace("⟨metamark: ", " ")
        return _WORD.findall(text)

    return clean(body), clean(notes)


def first_difference(expected: list[str], actual: list[str]) -> str:
    pairs = zip(expected, actual, strict=False)
    i = next((i for i, (a, b) in enumerate(pairs) if a != b), min(len(expected), len(actual)))
    start = max(0, i - 5)
    return f"at word {i}: expected {expected[start:i + 6]} got {actual[start:i + 6]}"


@pytest.fixture(scope="module")
def corpus_root() -> Path:
    return shared("ref", "corpus")


@pytest.mark.parametrize("name", corpus_files())
def test_corpus_file_exports_and_keeps_its_text(corpus_root: Path, name: str) -> None:
    tree = parse_file(corpus_root / name)
    page = teikit.write(tree, "html")
    assert page.startswith("<!DOCTYPE html>") and page.endswith("</html>\n")
    assert html_tag_errors(page) == []
    doc = Document(tree)
    added = labels(doc)
    for view in ("reading", "diplomatic"):
        exported = teikit.write(tree, "text", view=view)
        assert "\x00" not in exported
        reference = Reference(doc, VIEWS[view])
        body, notes = export_words(exported, added)
        expected_body = reference.words(reference.flow)
        expected_notes = [w for note in reference.notes for w in reference.words(note)]
        assert body == expected_body, f"{view}: {first_difference(expected_body, body)}"
        assert notes == expected_notes, f"{view} notes: {first_difference(expected_notes, notes)}"


_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*>")
_VOID = frozenset(("br", "meta", "img", "hr", "input", "link", "wbr"))
_BLOCKS = frozenset(
    ["div", "section", "ul", "ol", "table", "p", "figure", "header", "footer", "nav"]
    + [f"h{i}" for i in range(1, 7)]
)


def html_tag_errors(page: str) -> list[str]:
    """Tags closed in order, no block inside a <p> (which a browser would close early)."""
    page = re.sub(r"(?s)<(style|script)>.*?</\1>", "", page)
    stack: list[str] = []
    in_p = 0
    for m in _TAG.finditer(page):
        closing, name = m.group(1), m.group(2).lower()
        if name in _VOID:
            continue
        if not closing:
            if name in _BLOCKS and in_p:
                return [f"<{name}> inside <p> at {m.start()}"]
            stack.append(name)
            in_p += name == "p"
        else:
            if not stack or stack[-1] != name:
                return [f"</{name}> closes <{stack[-1] if stack else ''}> at {m.start()}"]
            stack.pop()
            in_p -= name == "p"
    return [f"unclosed <{t}>" for t in stack]

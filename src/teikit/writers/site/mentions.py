"""The names of a document's text, each given an anchor that a register page links to.

A mention is a ``persName``, ``orgName`` or ``placeName`` (or an ``rs`` of type
person, org or place) in the text, not in the header nor in a register list.
It belongs to the register entry its ``@ref`` or ``@key`` names (the first
pointer, without ``#``), else to its own words.  A mention without an
``xml:id`` gets one (``tk-m-N``, unused in the document) before the edition is
written, so that the edition's element for it carries that id.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from ...tei import XML_ID, T
from ..document import Document
from ..register import Entry, registers, words_text

KINDS = {T + "persName": "person", T + "placeName": "place", T + "orgName": "org"}
RS_KINDS = {"person": "person", "persName": "person", "place": "place",
            "placeName": "place", "org": "org", "organisation": "org",
            "organization": "org", "orgName": "org", "body": "org"}
OUTSIDE = frozenset((T + "teiHeader", T + "standOff"))
PREFIX = "tk-m-"


@dataclass
class Mention:
    """One name in the text: its register kind and key, its words, its anchor."""

    kind: str
    key: str
    text: str
    anchor: str | None


def kind_of(el: etree._Element) -> str | None:
    """``person``, ``place`` or ``org`` for a name element; None for other elements."""
    kind = KINDS.get(str(el.tag))
    if kind is None and el.tag == T + "rs":
        kind = RS_KINDS.get(str(el.get("type") or ""))
    return kind


def register_key(el: etree._Element, text: str) -> str:
    """The entry a name belongs to: its first ``@ref``/``@key`` pointer, else its words."""
    pointer = (el.get("ref") or el.get("key") or "").split()
    if pointer:
        return pointer[0][1:] if pointer[0].startswith("#") else pointer[0]
    return "~" + text.casefold()


def mark_mentions(doc: Document) -> list[Mention]:
    """Every mention of the document's text, in document order, each with an anchor
    (its ``xml:id``, given one when it had none)."""
    in_registers = {n for r in doc.register_lists for n in r.iter(*KINDS, T + "rs")}
    used = {str(i) for i in doc.root.xpath("//@xml:id")}  # type: ignore[union-attr]
    number = 0
    found: list[Mention] = []
    for el in doc.root.iter(*KINDS, T + "rs"):
        kind = kind_of(el)
        if kind is None or el in in_registers:
            continue
        if any(a.tag in OUTSIDE for a in el.iterancestors()):
            continue
        text = words_text(el)
        if not text:
            continue
        anchor = el.get(XML_ID)
        if not anchor:
            number += 1
            while f"{PREFIX}{number}" in used:
                number += 1
            anchor = f"{PREFIX}{number}"
            el.set(XML_ID, anchor)
        found.append(Mention(kind, register_key(el, text), text, str(anchor)))
    return found


def entries(doc: Document) -> dict[str, Entry]:
    """The document's register entries by ``xml:id`` (``back`` and ``standOff`` lists)."""
    return {e.ident: e for r in registers(doc.register_lists) for e in r.entries if e.ident}

"""The register section: register lists of ``back`` and ``standOff`` as entries, not text.

A register list (:attr:`teikit.writers.policy.ElementPolicy.register`: ``listPerson``,
``listPlace``, ``listOrg``, ``listBibl``, ``listEvent`` …) in ``back`` or ``standOff`` is
data about the text, not the text: the writers leave it out of the running text and
write it after the notes, as a register section, one entry per person, place, body,
book or event: its name and the rest of what the entry says.  The functions here are
shared by the HTML, text and Markdown writers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from ..tei import XML_ID, T
from .policy import GENERIC, REGISTER_PLACES, RULES

_WS = re.compile(r"[ \t\r\n]+")
# The children of an entry that name it, the first one found.
NAME_TAGS = frozenset(
    T + n
    for n in ("persName", "placeName", "orgName", "name", "title", "label", "eventName", "term")
)
HEAD = T + "head"
GROUP = T + "group"
NOTE = T + "note"


@dataclass
class Entry:
    """One entry of a register: its id, its name, and the rest of what it says."""

    ident: str
    name: str
    details: str
    kind: str = ""  # the entry's element: person, place, org, bibl, event …


@dataclass
class Register:
    """One register list: its heading and its entries."""

    heading: str
    entries: list[Entry] = field(default_factory=list)


def register_tags() -> tuple[str, ...]:
    """The element names that are register lists (from the rendering policy)."""
    return tuple(tag for tag, rule in RULES.items() if rule.register)


def find_registers(places: list[etree._Element]) -> list[etree._Element]:
    """The outermost register lists inside ``places`` (``back`` and ``standOff`` elements)."""
    tags = register_tags()
    found: list[etree._Element] = []
    taken: set[etree._Element] = set()
    for place in places:
        for el in place.iter(*tags):
            if el in taken or any(a in taken for a in el.iterancestors(*tags)):
                continue
            taken.add(el)
            found.append(el)
    return found


def register_places(content: list[etree._Element]) -> list[etree._Element]:
    """The ``back`` (and ``standOff``) elements of the text elements ``content``: their
    children, and those of the texts of a ``group`` (nested texts too)."""
    found: list[etree._Element] = []
    for el in content:
        found.extend(el.iterchildren(*REGISTER_PLACES))
        for group in el.iterchildren(GROUP):
            found.extend(b for b in group.iter(*REGISTER_PLACES))
    return found


def words_text(el: etree._Element) -> str:
    """The text of ``el``, whitespace squashed, with a space where two element's words meet."""
    out: list[str] = []
    for piece in el.itertext(with_tail=False):
        if not isinstance(piece, str) or not piece:
            continue
        if out and out[-1][-1:].isalnum() and piece[:1].isalnum():
            out.append(" ")
        out.append(piece)
    return _WS.sub(" ", "".join(out)).strip()


def entry(el: etree._Element) -> Entry:
    """An entry: the first naming child is its name, the other children its details."""
    name_el = next((c for c in el if c.tag in NAME_TAGS), None)
    details = [words_text(c) for c in el if isinstance(c.tag, str) and c is not name_el]
    if name_el is None:
        name, rest = words_text(el), ""
    else:
        name, rest = words_text(name_el), " ".join(d for d in details if d)
    return Entry(el.get(XML_ID) or "", name, rest, etree.QName(el).localname.lower())


def registers(lists: list[etree._Element]) -> list[Register]:
    """The register lists as registers (a list's ``head`` is its heading, if it has one)."""
    out: list[Register] = []
    for lst in lists:
        rule = RULES.get(str(lst.tag), GENERIC)
        head = lst.find(HEAD)
        heading = words_text(head) if head is not None else rule.register
        reg = Register(heading or rule.register)
        for child in lst:
            if not isinstance(child.tag, str) or child.tag == HEAD:
                continue
            if RULES.get(str(child.tag), GENERIC).register:  # a list in the list: its entries
                reg.entries.extend(e for r in registers([child]) for e in r.entries)
                continue
            found = entry(child)
            if found.name or found.details:
                reg.entries.append(found)
        if reg.entries:
            out.append(reg)
    return out

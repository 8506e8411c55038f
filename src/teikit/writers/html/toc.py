"""The table of contents and lazy rendering of long editions.

Each member of a ``teiCorpus`` and each division of the first two levels is an
entry of the table of contents, with an id to link to (its ``xml:id``, or
``tk-s1`` …).  The table is written before the text when the page has two
members or more, or three top-level divisions or more; it is a ``<details>``
element, open when it is short.  The members and the divisions listed (of the first two
divisions of the first two levels) carry the class ``lazy``: the stylesheet gives them
``content-visibility: auto``, so the browser lays out and paints only what is
near the screen, and a page of tens of megabytes shows in seconds.  Links into
a unit (the table, notes, names) still reach it: the browser lays it out then.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from ...tei import TEI_NS, XML_ID, T
from .markup import attr, esc, short
from .output import HtmlOutput

HEAD = T + "head"
HEAD_TEXT = etree.XPath(".//text()[not(ancestor::t:note)]", namespaces={"t": TEI_NS})
TOC_DEPTH = 2  # divisions of the first two levels are listed
OPEN_UP_TO = 40  # a table of contents with more entries starts closed
MIN_SECTIONS = 3  # a document (no corpus) with fewer top-level divisions has none


@dataclass
class TocEntry:
    """One entry: its level (0: a member of a corpus), label and id."""

    level: int
    label: str
    ident: str


def head_text(div: etree._Element) -> str:
    """A division's label: its first ``head`` (notes left out), else ``@type`` and ``@n``."""
    head = div.find(HEAD)
    if head is not None:
        found = HEAD_TEXT(head)
        text = short(" ".join(str(t) for t in found) if isinstance(found, list) else "", 90)
        if text:
            return text
    label = " ".join(v for v in (div.get("type"), div.get("n")) if v)
    return label.replace("_", " ").capitalize()


class HtmlToc(HtmlOutput):
    """Collects the table of contents while the text is written."""

    def init_toc(self) -> None:
        """Start an empty table of contents."""
        self.toc: list[TocEntry] = []
        self.members = 0

    def member_id(self, title: str) -> str:
        """The id of the next member of a corpus (an entry of level 0)."""
        self.members += 1
        ident = f"tk-doc-{self.members}"
        self.ids.add(ident)
        self.toc.append(TocEntry(0, title, ident))
        return ident

    def section_attrs(self, el: etree._Element, attributes: str) -> str:
        """The attributes of a division's ``<section>``, with an id and the class ``lazy``
        when it is an entry of the table of contents."""
        depth = self.div_depth
        if depth > TOC_DEPTH or self.in_notes or self.note_depth:
            return attributes
        ident = el.get(XML_ID)
        if not (ident and f' id="{attr(ident)}"' in attributes):
            ident = f"tk-s{len(self.toc) + 1}"
            self.ids.add(ident)
            attributes += f' id="{ident}"'
        label = head_text(el) or f"Section {sum(1 for e in self.toc if e.level == depth) + 1}"
        self.toc.append(TocEntry(depth, label, str(ident)))
        attributes = attributes.replace(' class="', ' class="lazy ', 1)
        return attributes

    def toc_html(self) -> str:
        """The table of contents (empty when the page is short)."""
        top = sum(1 for e in self.toc if e.level == 1)
        if self.members < 2 and top < MIN_SECTIONS:
            return ""
        out: list[str] = []
        level = -1
        base = 0 if self.members else 1
        for entry in self.toc:
            depth = min(entry.level - base, level + 1)  # never skip a level
            if depth < 0:
                continue
            if depth > level:
                out.append("<ol>" * (depth - level))
            else:
                out.append("</li>")
                out.append("</ol></li>" * (level - depth))
            level = depth
            out.append(f'<li><a href="#{attr(entry.ident)}">{esc(entry.label)}</a>')
        out.append("</li>" + "</ol></li>" * level + "</ol>")
        count = len(self.toc)
        state = " open" if count <= OPEN_UP_TO else ""
        what = f"{self.members} documents" if self.members else f"{top} sections"
        return (
            f'<nav class="toc" aria-labelledby="tk-toc"><details{state}>'
            f'<summary><h2 id="tk-toc">Contents</h2> <span class="toc-count">{what}</span>'
            f"</summary>{''.join(out)}</details></nav>\n"
        )

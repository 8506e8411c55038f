"""The HTML of blocks: paragraphs, headings, lists, tables, sections, parallel texts.

A block is a ``<p>``, a heading, a list item or a cell; inside a ``<p>`` (where
a ``<div>`` would close it) blocks and containers are ``<span class="blk">``.
Text HTML does not allow in a list, a table or a row is wrapped.  A source
division and its translations stand side by side, row by row when the
translation's blocks point to the source's (``@corresp``).
"""

from __future__ import annotations

from lxml import etree

from ...tei import XML_ID, XML_LANG
from ..policy import GENERIC, RULES, ElementPolicy, element_children
from ..walk import DIV_TAGS, div_label, parallel_groups
from .markup import (
    CELL,
    CLASS_CHARS,
    COMPACT_AT,
    DIGITS,
    HEAD,
    HEADING_PARENTS,
    ITEM,
    LIST_TAGS,
    P_TAGS,
    ROW,
    TABLE,
    attr,
    esc,
)
from .toc import HtmlToc


class HtmlBlocks(HtmlToc):
    """Blocks, containers and parallel texts (the hooks of the page's structure)."""

    # ---------------------------------------------------------------- blocks

    def block(self, el: etree._Element, rule: ElementPolicy, own: int) -> None:
        """A block: a paragraph, a heading, a list item, a cell, or a ``<div>``."""
        tag = el.tag
        extra = ""
        cls = ""
        self.pending_space = False
        if self.in_p:
            name = "span"
            cls = " blk"
        elif tag in P_TAGS:
            name = "p"
        elif tag == HEAD:
            parent = el.getparent()
            ptag = parent.tag if parent is not None else None
            if ptag in HEADING_PARENTS:
                name = f"h{min(6, self.heading_base + max(1, self.div_depth))}"
            elif ptag == TABLE:
                name = "caption"
            else:
                name = "div"
        elif tag == ITEM:
            name = "li"
        elif tag == CELL:
            name = "th" if el.get("role") == "label" else "td"
            for key in ("cols", "rows"):
                value = el.get(key)
                if value and DIGITS.match(value):
                    extra += f' {key[:-1]}span="{value}"'
        else:
            name = "div"
        is_p = tag in P_TAGS
        if is_p:
            self.in_p += 1
        self.out.append(f"<{name}{self.attrs(el, rule, own, cls)}{extra}>")
        self.block_start = len(self.out)
        if len(el):
            self.content(el)
        elif el.text:
            self.text(el.text)
        self.out.append(f"</{name}>")
        self.block_start = len(self.out)
        if is_p:
            self.in_p -= 1
        if self.block_start > COMPACT_AT:
            self.compact()

    def container(self, el: etree._Element, rule: ElementPolicy, own: int) -> None:
        """An element holding blocks: a section, a list, a table, a verse group …"""
        tag = el.tag
        cls = ""
        self.pending_space = False
        if self.in_p:
            name, cls = "span", " blk"
        elif tag in DIV_TAGS:
            name = "section"
        elif tag in LIST_TAGS:
            name = "ul"
        elif tag == TABLE:
            name = "table"
        elif tag == ROW:
            name = "tr"
        else:
            name = rule.html or "div"
        attributes = self.attrs(el, rule, own, cls)
        if name == "section":
            attributes = self.section_attrs(el, attributes)
        self.out.append(f"<{name}{attributes}>")
        self.block_start = len(self.out)
        groups = parallel_groups(el)
        if groups:
            self.parallel(el, groups)
        elif self.in_p:
            self.content(el, container=True)
        elif tag in LIST_TAGS:
            self.wrapped(el, '<li class="tei-wrap">', "</li>", frozenset((ITEM,)))
        elif tag == TABLE:
            self.wrapped(el, '<tr class="tei-wrap"><td>', "</td></tr>", frozenset((ROW, HEAD)))
        elif tag == ROW:
            self.wrapped(el, '<td class="tei-wrap">', "</td>", frozenset((CELL,)))
        else:
            self.content(el, container=True)
        self.out.append(f"</{name}>")
        self.block_start = len(self.out)
        if self.block_start > COMPACT_AT:
            self.compact()

    def wrapped(self, el: etree._Element, before: str, after: str, native: frozenset[str]) -> None:
        """The content of a list, table or row: what HTML does not allow there is wrapped."""
        text = el.text
        if text and not text.isspace():
            self.out.append(before)
            self.text(text)
            self.out.append(after)
        for child in el:
            ctag = child.tag
            if isinstance(ctag, str):
                rule, handler = self._table.get(ctag) or self.handler_for(ctag)
                if rule.views & self.view:
                    if ctag not in native:
                        self.out.append(before)
                    if handler is None:
                        self.content(child)
                    else:
                        handler(child, rule, rule.views)
                    if ctag not in native:
                        self.out.append(after)
            tail = child.tail
            if tail and not tail.isspace():
                self.out.append(before)
                self.text(tail)
                self.out.append(after)

    # ---------------------------------------------------------------- parallel texts

    def parallel(
        self, container: etree._Element, groups: dict[etree._Element, list[etree._Element]]
    ) -> None:
        """The container's content, with each source division beside its translations."""
        moved = {id(t) for translations in groups.values() for t in translations}
        text = container.text
        if text and not text.isspace():
            self.text(text)
        for child in container:
            if isinstance(child.tag, str) and child in groups:
                self.columns(child, groups[child])
            elif isinstance(child.tag, str) and id(child) not in moved:
                rule = RULES.get(child.tag, GENERIC)
                if rule.views & self.view:
                    self.element(child, rule, rule.views)
            tail = child.tail
            if tail and not tail.isspace():
                self.text(tail)

    def columns(self, source: etree._Element, translations: list[etree._Element]) -> None:
        """A source and its translations side by side: row by row when aligned."""
        divs = [source, *translations]
        rows = alignment(source, translations)
        saved_base = self.heading_base
        self.heading_base = 2
        self.div_depth += 1
        if rows is None:
            self.out.append(f'<div class="parallel" style="--cols:{len(divs)}">')
            for div in divs:
                self.column_open(div, "section", "col")
                self.block_start = len(self.out)
                self.content(div, container=True)
                self.out.append("</section>")
        else:
            self.out.append(f'<div class="parallel aligned" style="--cols:{len(divs)}">')
            self.out.append('<div class="prow labels">')
            for div in divs:
                self.column_open(div, "div", "pcell")
                self.out.append("</div>")
            self.out.append("</div>")
            for row in rows:
                self.out.append('<div class="prow">')
                for div, cell in zip(divs, row, strict=True):
                    lang = div.get(XML_LANG)
                    lang_attr = f' lang="{attr(lang)}"' if lang else ""
                    self.out.append(f'<div class="pcell"{lang_attr}>')
                    self.block_start = len(self.out)
                    for block in cell:
                        rule = RULES.get(str(block.tag), GENERIC)
                        self.element(block, rule, rule.views)
                    self.out.append("</div>")
                self.out.append("</div>")
        self.out.append("</div>")
        self.block_start = len(self.out)
        self.div_depth -= 1
        self.heading_base = saved_base

    def column_open(self, div: etree._Element, name: str, cls: str) -> None:
        """Open one column (or the label cell of an aligned one) with its heading."""
        lang = div.get(XML_LANG)
        lang_attr = f' lang="{attr(lang)}"' if lang else ""
        kind = CLASS_CHARS.sub("", div.get("type") or "")
        ident = div.get(XML_ID)
        if ident and ident not in self.ids and name == "section":
            self.ids.add(ident)
            lang_attr += f' id="{attr(ident)}"'
        self.out.append(f'<{name} class="{cls} tei-div type-{kind}"{lang_attr}>')
        self.out.append(f'<h2 class="col-label">{esc(div_label(self.doc, div))}</h2>')


def alignment(
    source: etree._Element, translations: list[etree._Element]
) -> list[list[list[etree._Element]]] | None:
    """Rows of blocks when the translations' blocks point to the source's (``@corresp``).

    Row *i* holds source block *i* and the translation blocks that point to
    it, each followed by the blocks after it that point nowhere.  ``None``
    when nothing points, or when the pointers go backwards.
    """
    blocks = element_children(source)
    index = {b.get(XML_ID): i for i, b in enumerate(blocks) if b.get(XML_ID)}
    if not index:
        return None
    rows: list[list[list[etree._Element]]] = [[[b]] for b in blocks]
    for row in rows:
        row.extend([] for _ in translations)
    for column, translation in enumerate(translations, start=1):
        current = 0
        pointed = False
        for block in element_children(translation):
            target = (block.get("corresp") or "").split()
            if target and target[0].startswith("#") and target[0][1:] in index:
                found = index[target[0][1:]]
                if found < current:
                    return None
                current = found
                pointed = True
            rows[current][column].append(block)
        if not pointed:
            return None
    return rows

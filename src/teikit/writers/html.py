"""The HTML writer: a self-contained, publishable HTML5 edition of a TEI document.

One file, inline CSS and a few lines of JavaScript, nothing fetched from the
network; it works from ``file://`` and is readable with JavaScript off (it
then shows the reading view).  Both views are in the page: what one view
hides carries the class ``r-only`` or ``d-only``, and the switch sets
``view-reading`` or ``view-diplomatic`` on ``body``.  The walk and every
decision are the policy's (:mod:`teikit.writers.policy`), shared with the text
and Markdown writers; this module only says how each thing looks.
"""

from __future__ import annotations

import re
from functools import lru_cache

from lxml import etree

from ..tei import XML_ID, XML_LANG, T, local_name
from ..version import __version__
from .document import (
    MAX_HANDS_LISTED,
    Document,
    Field,
    Hand,
    Part,
    is_safe_url,
    squash,
    text_of,
)
from .policy import (
    BOTH,
    EDITED_SIDE,
    GENERIC,
    HYPHENS,
    NONE,
    ORIGINAL_SIDE,
    PUNCTUATION,
    RULES,
    D,
    R,
    Rule,
    choice_visibility,
    correction_mark,
    describe,
    element_children,
)
from .walk import DIV_TAGS, Walker, div_label, parallel_groups

_WS = " \t\r\n"
_RTL = frozenset(("ar", "he", "fa", "ur", "yi", "syr", "syc", "arc", "ps", "dv"))
_CLASS_CHARS = re.compile(r"[^A-Za-z0-9_-]+")
_DIGITS = re.compile(r"^\d{1,3}$")
COMPACT_AT = 4096  # pieces of HTML kept as strings before they are encoded
VIS_CLASS = {BOTH: "", R: " r-only", D: " d-only", NONE: " r-only d-only"}

HEAD = T + "head"
P_TAGS = frozenset((T + "p", T + "ab"))
LIST_TAGS = frozenset((T + "list", T + "listBibl"))
TABLE = T + "table"
ROW = T + "row"
CELL = T + "cell"
ITEM = T + "item"
LB = T + "lb"
PB = T + "pb"
REF = T + "ref"
PTR = T + "ptr"
GAP = T + "gap"
SPACE = T + "space"
HANDSHIFT = T + "handShift"
GRAPHIC = T + "graphic"
CHOICE = T + "choice"
SIC = T + "sic"
S = T + "s"
SPACE_UNITS = frozenset(("chars", "char", "characters", "letters", "minims"))
HEADING_PARENTS = DIV_TAGS | frozenset(T + n for n in ("body", "front", "back", "text", "group"))
XI_INCLUDE = "{http://www.w3.org/2001/XInclude}include"
ANCESTOR_LANG = etree.XPath("ancestor-or-self::*[@xml:lang][1]/@xml:lang")


def esc(text: str) -> str:
    """Text escaped for HTML content."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def attr(text: str) -> str:
    """Text escaped for an HTML attribute value (in double quotes)."""
    return esc(text).replace('"', "&quot;")


@lru_cache(maxsize=2048)
def base_class(tag: str) -> str:
    """The class naming an element: ``tei-NAME`` (``ext-NAME`` outside the TEI namespace)."""
    name = _CLASS_CHARS.sub("", local_name(tag))
    return ("tei-" if tag.startswith(T) else "ext-") + name


@lru_cache(maxsize=1024)
def rend_classes(rend: str) -> str:
    """``@rend`` tokens as classes (``rend-italic`` …)."""
    tokens = (_CLASS_CHARS.sub("", t.lower()) for t in rend.split())
    return "".join(f" rend-{t}" for t in tokens if t)


@lru_cache(maxsize=256)
def place_classes(place: str) -> str:
    """``@place`` tokens as classes (``place-above`` …)."""
    tokens = (_CLASS_CHARS.sub("", t.lower()) for t in place.split())
    return "".join(f" place-{t}" for t in tokens if t)


def _short(text: str, limit: int = 90) -> str:
    text = squash(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


class HtmlWriter(Walker):
    """Writes a document as one HTML page holding both views."""

    def __init__(self, doc: Document, view: int = R) -> None:
        super().__init__(doc, BOTH)
        self.initial_view = view
        self.out: list[str] = []
        self.strip_next = False
        self.block_start = 0
        self.heading_base = 1
        self.ids: set[str] = set()
        self.footnotes: list[bytes] = []
        self.done: list[bytes] = []  # the body, encoded as it is finished
        self.in_notes = False
        self.handlers[CHOICE] = self.choice
        self.handlers[REF] = self.ref
        self.handlers[XI_INCLUDE] = self.xinclude
        self.in_p = 0  # inside a <p>: blocks are spans shown as blocks (a <div> would close it)

    # ---------------------------------------------------------------- attributes

    def attrs(self, el: etree._Element, rule: Rule, own: int, extra: str = "") -> str:
        """class, id, lang (and dir), title of the HTML element for ``el``."""
        classes = base_class(str(el.tag)) + VIS_CLASS[own] + extra
        keys = el.keys()
        if not keys and el.tag != SIC:
            if rule.described:
                return f' class="{classes}" title="{attr(self.title(el, rule))}"'
            return f' class="{classes}"'
        out = ""
        if "rend" in keys:
            classes += rend_classes(str(el.get("rend")))
        hands = str(el.get("hand") or "").split()
        if hands:
            classes += " " + self.doc.hand(hands[0]).css_class
        if "resp" in keys and "#teikit" in str(el.get("resp")).split():
            classes += " by-teikit"
        if "place" in keys:
            place = str(el.get("place"))
            classes += place_classes(place)
            out += f' data-place="{attr(place)}"'
        if el.tag == SIC:
            correction = correction_mark(el)
            if correction:
                out += f' data-mark="{attr(correction)}"'
        if el.tag == S and "corresp" in keys:  # an aligned sentence: its partner
            out += f' data-corresp="{attr(str(el.get("corresp")).split()[0])}"'
        if "ref" in keys:  # a name linked to the register: its entry as the tooltip
            ref = str(el.get("ref"))
            out += f' data-ref="{attr(ref)}"'
            entry = self.doc.entries.get(ref[1:]) if ref.startswith("#") else None
            if entry and not rule.described:
                out += f' title="{attr(entry)}"'
        out = f' class="{classes}"' + out
        if XML_ID in keys:
            ident = str(el.get(XML_ID))
            if ident not in self.ids:
                self.ids.add(ident)
                out += f' id="{attr(ident)}"'
        if XML_LANG in keys:
            lang = str(el.get(XML_LANG))
            out += f' lang="{attr(lang)}"'
            if lang.split("-")[0] in _RTL:
                out += ' dir="rtl"'
        if rule.described:
            out += f' title="{attr(self.title(el, rule))}"'
        return out

    def title(self, el: etree._Element, rule: Rule) -> str:
        """What a transcriptional element is, for its tooltip."""
        parts = [rule.label]
        parts.extend(f"{k}: {v}" for k, v in describe(el, rule.qualifiers))
        for ref in (el.get("hand") or el.get("new") or "").split()[:1]:
            hand = self.doc.hand(ref)
            if hand.label:
                parts.append(f"hand {hand.ident}: {_short(hand.label, 120)}")
        for ref in (el.get("wit") or "").split()[:1]:
            parts.append(f"witness {self.doc.witness_label(ref)}")
        resp = el.get("resp") or ""
        if "#teikit" in resp.split():
            parts.append("added by teikit, not in the source")
        parent = el.getparent()
        if parent is not None and parent.tag == CHOICE:
            other = ORIGINAL_SIDE if el.tag in EDITED_SIDE else EDITED_SIDE
            for sib in element_children(parent):
                if sib.tag in other:
                    said = "the document reads" if el.tag in EDITED_SIDE else "corrected to"
                    mark = " [SIC]" if sib.tag == T + "sic" else ""
                    parts.append(f"{said}: “{_short(text_of(sib), 60)}”{mark}")
                    break
        return "; ".join(parts)

    # ---------------------------------------------------------------- text

    def text(self, text: str) -> None:
        """Text of the document, escaped."""
        if self.strip_next:
            text = text.lstrip(_WS)
            if not text:
                return
            self.strip_next = False
        self.out.append(text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))

    def join_word(self) -> None:
        """Join a word across a line break: the hyphen shows in the diplomatic view only."""
        out = self.out
        i = len(out) - 1
        while i >= self.block_start:
            piece = out[i]
            if piece.startswith("<"):
                i -= 1
                continue
            stripped = piece.rstrip(_WS)
            if stripped:
                if stripped[-1] in HYPHENS:
                    stripped = f'{stripped[:-1]}<span class="hyph d-only">{stripped[-1]}</span>'
                out[i] = stripped
                break
            out[i] = ""
            i -= 1
        self.strip_next = True

    def _space_goes_with(self, el: etree._Element) -> bool:
        """Whether the space before ``el`` (hidden in one view) should go with it:
        when punctuation follows it, so that the other view has no space before it."""
        node = el
        following = ""
        for _ in range(4):
            if node.tail:
                following = node.tail
                break
            if node.getnext() is not None:
                return False
            parent = node.getparent()
            if parent is None:
                return False
            node = parent
        if not following or following[0] not in PUNCTUATION:
            return False
        out = self.out
        i = len(out) - 1
        while i >= self.block_start:
            piece = out[i]
            if piece.startswith("<"):
                i -= 1
                continue
            if piece[-1:] in (" ", "\n", "\t", "\r"):
                out[i] = piece.rstrip(_WS)
                return True
            return False
        return False

    # ---------------------------------------------------------------- elements

    def inline(self, el: etree._Element, rule: Rule, own: int) -> None:
        """An inline element: ``<ins>``, ``<del>``, ``<em>``, … or a ``<span>`` naming it."""
        name = rule.html or "span"
        if own == BOTH and not rule.described and not el.keys():
            # the common case: an element without attributes that needs no tooltip
            self.out.append(f'<{name} class="{base_class(str(el.tag))}">')
            if len(el):
                self.content(el)
            elif el.text:
                self.text(el.text)
            self.out.append(f"</{name}>")  # not an alias: content() may encode and renew out
            return
        if own != BOTH and self._space_goes_with(el):
            self.out.append(f"<{name}{self.attrs(el, rule, own)}> ")
        else:
            self.out.append(f"<{name}{self.attrs(el, rule, own)}>")
        if rule.html_signs:
            before, after = rule.signs_reading
            self.out.append(f'<span class="sign">{esc(before)}</span>')
            self.content(el)
            self.out.append(f'<span class="sign">{esc(after)}</span></{name}>')
            return
        self.content(el)
        self.out.append(f"</{name}>")

    def choice(self, el: etree._Element, rule: Rule, own: int) -> None:
        """A choice: each alternative in the view that shows it, the others in the title."""
        children = choice_visibility(el)
        alternatives = "; ".join(
            f"{RULES.get(str(c.tag), GENERIC).label}: “{_short(text_of(c), 60)}”" for c in children
        )
        title = f' title="alternatives: {attr(alternatives)}"' if alternatives else ""
        empty = "" if children else " empty"
        self.out.append(f'<span class="tei-choice{VIS_CLASS[own]}{empty}"{title}>')
        self.content(el)
        self.out.append("</span>")

    def ref(self, el: etree._Element, rule: Rule, own: int) -> None:
        """A reference: a link when its target is on the web or in this page."""
        target = (el.get("target") or "").split()
        if target and is_safe_url(target[0]):
            self.out.append(f'<a href="{attr(target[0])}"{self.attrs(el, rule, own)}>')
            self.content(el)
            self.out.append("</a>")
        else:
            self.inline(el, rule, own)

    def xinclude(self, el: etree._Element, rule: Rule, own: int) -> None:
        """An XInclude is not resolved (no files, no network): a marker, then its fallback."""
        href = el.get("href") or ""
        self.out.append(
            f'<span class="ext-include" title="not included (XInclude is not resolved): '
            f'{attr(href)}">'
        )
        self.content(el)
        self.out.append("</span>")

    def block(self, el: etree._Element, rule: Rule, own: int) -> None:
        """A block: a paragraph, a heading, a list item, a cell, or a ``<div>``."""
        tag = el.tag
        extra = ""
        cls = ""
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
                if value and _DIGITS.match(value):
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

    def container(self, el: etree._Element, rule: Rule, own: int) -> None:
        """An element holding blocks: a section, a list, a table, a verse group …"""
        tag = el.tag
        cls = ""
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
        self.out.append(f"<{name}{self.attrs(el, rule, own, cls)}>")
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
        kind = _CLASS_CHARS.sub("", div.get("type") or "")
        ident = div.get(XML_ID)
        if ident and ident not in self.ids and name == "section":
            self.ids.add(ident)
            lang_attr += f' id="{attr(ident)}"'
        self.out.append(f'<{name} class="{cls} tei-div type-{kind}"{lang_attr}>')
        self.out.append(f'<h2 class="col-label">{esc(div_label(self.doc, div))}</h2>')

    # ---------------------------------------------------------------- breaks, notes, markers

    def line_break(self, el: etree._Element, rule: Rule, own: int, joined: bool) -> None:
        """lb: ``<br>`` in the diplomatic view (both where lines carry meaning); pb, cb:
        a page or column marker."""
        vis = VIS_CLASS[own]
        joined = joined or self.strip_next  # right after a break inside a word: still inside it
        if el.tag == LB:
            if joined:
                self.out.append(f'<br class="lb d-only{vis}">')
            elif self.lines_kept:
                prev = el.getprevious()
                blank = prev is not None and prev.tag == LB and not (prev.tail or "").strip()
                self.out.append(" ")
                self.out.append(f'<br class="lb{" d-only" if blank else ""}{vis}">')
            else:
                self.out.append(" ")
                self.out.append(f'<br class="lb d-only{vis}">')
            return
        what = "page" if el.tag == PB else "column"
        n = el.get("n")
        label = f"⟨{what} {n}⟩" if n else f"⟨{what}⟩"
        if not joined:
            self.out.append(" ")
        self.out.append(f"<span{self.attrs(el, rule, own, ' marker')}>{esc(label)}</span>")
        self.out.append(" " if not joined else "")

    def note_ref(self, el: etree._Element, number: int, own: int) -> None:
        """A numbered link to the note, which links back."""
        kind = el.get("type")
        title = f"{kind} note {number}" if kind else f"note {number}"
        self.out.append(
            f'<sup class="noteref{VIS_CLASS[own]}"><a id="tk-fnref-{number}" '
            f'href="#tk-fn-{number}" role="doc-noteref" title="{attr(title)}">{number}</a></sup>'
        )

    def footnote(self, el: etree._Element, number: int, vis: int) -> None:
        """One note in the list at the end, with a link back to where it stands."""
        found = ANCESTOR_LANG(el)
        lang = f' lang="{attr(str(found[0]))}"' if isinstance(found, list) and found else ""
        kind = el.get("type")
        kind_class = f" type-{_CLASS_CHARS.sub('', kind)}" if kind else ""
        saved, self.out = self.out, []
        self.out.append(
            f'<li id="tk-fn-{number}" value="{number}" class="footnote{kind_class}'
            f'{VIS_CLASS[vis]}"{lang}>'
        )
        self.block_start = len(self.out)
        self.note_content(el)
        self.out.append(
            f' <a class="backref" href="#tk-fnref-{number}" role="doc-backlink" '
            f'aria-label="back to the text">↩</a></li>'
        )
        self.footnotes.append("".join(self.out).encode("utf-8"))
        self.out = saved

    def marker(self, el: etree._Element, rule: Rule, own: int) -> None:
        """gap ``[…]``, handShift, blank space, images and pointers (never fetched)."""
        tag = el.tag
        out = self.out
        if tag == GAP:
            out.append(f"<span{self.attrs(el, rule, own)}>[…]</span>")
        elif tag == HANDSHIFT:
            new = (el.get("new") or "").split()
            hand = self.doc.hand(new[0]) if new else None
            extra = f" {hand.css_class}" if hand else ""
            label = f"⟨hand: {hand.ident}⟩" if hand else "⟨hand⟩"
            out.append(f"<span{self.attrs(el, rule, own, extra)}>{esc(label)}</span>")
        elif tag == SPACE:
            vertical = el.get("dim") == "vertical"
            extra = " vertical d-only" if vertical else ""
            quantity = el.get("quantity") or ""
            width = ""
            if not vertical and _DIGITS.match(quantity) and el.get("unit") in SPACE_UNITS:
                width = f' style="--width:{min(int(quantity), 40)}ch"'
            out.append(f"<span{self.attrs(el, rule, own, extra)}{width}> </span>")
        elif tag == GRAPHIC:
            url = el.get("url") or ""
            body = "⟨image⟩"
            if url.startswith(("http://", "https://")):
                body = f'<a href="{attr(url)}">⟨image⟩</a>'
            out.append(f'<span class="tei-graphic" title="image: {attr(url)}">{body}</span>')
        elif tag == PTR:
            target = (el.get("target") or "").split()
            if target and is_safe_url(target[0]):
                out.append(f'<a class="tei-ptr" href="{attr(target[0])}">{esc(target[0])}</a>')
        else:
            ident = el.get(XML_ID)
            if ident and ident not in self.ids:
                self.ids.add(ident)
                out.append(f'<span class="{base_class(str(tag))}" id="{attr(ident)}"></span>')

    # ---------------------------------------------------------------- the page

    def citation(self, header: etree._Element | None, level: int, member: bool) -> str:
        """The citation panel of a header: title and the fields that exist."""
        doc = self.doc
        title = doc.title(header)
        rows: list[str] = []
        for field in doc.citation(header) if header is not None else []:
            rows.append(self.field(field))
        if not member:
            hands = self.hands()
            if hands:
                rows.append(f'<dt>Hands</dt><dd><ul class="hands">{hands}</ul></dd>')
            if doc.witnesses:
                items = "".join(
                    f"<li><b>{esc(k)}</b>: {esc(_short(v, 200))}</li>"
                    for k, v in doc.witnesses.items()
                )
                rows.append(f'<dt>Witnesses</dt><dd><ul class="plain">{items}</ul></dd>')
        if header is None and not member:
            rows.append("<dt>Header</dt><dd>This document has no teiHeader.</dd>")
        meta = f'<dl class="meta">{"".join(rows)}</dl>' if rows else ""
        cls = "citation member" if member else "citation"
        return f'<header class="{cls}"><h{level}>{esc(title)}</h{level}>{meta}</header>'

    def field(self, field: Field) -> str:
        """One citation field."""
        if field.paragraphs:
            value = "".join(f"<p>{esc(p)}</p>" for p in field.paragraphs)
        elif field.href:
            value = f'<a href="{attr(field.href)}">{esc(field.value)}</a>'
        else:
            value = esc(field.value)
        return f"<dt>{esc(field.label)}</dt><dd>{value}</dd>"

    def hands(self) -> str:
        """The hands with their colours: declared ones (if not too many) and undeclared ones."""
        doc = self.doc
        declared = [h for h in doc.hands.values() if h.declared]
        used = {h.ident for h in doc.used_hands}
        if len(declared) > MAX_HANDS_LISTED:
            declared = [h for h in declared if h.ident in used]
        shown: list[Hand] = declared + [h for h in doc.used_hands if not h.declared]
        items = []
        for hand in shown:
            note = "" if hand.ident in used else " (not referred to in the text)"
            items.append(
                f'<li class="{hand.css_class}"><span class="swatch"></span>'
                f"<b>{esc(hand.ident)}</b>: {esc(_short(hand.label, 200))}{esc(note)}</li>"
            )
        return "".join(items)

    def css(self) -> str:
        """The stylesheet, with a colour for each hand the text refers to."""
        hands = [h for h in self.doc.hands.values() if h.declared]
        if len(hands) > MAX_HANDS_LISTED:
            used = {h.ident for h in self.doc.used_hands}
            hands = [h for h in hands if h.ident in used]
        colours = "".join(f".{h.css_class}{{--hand:{h.colour}}}" for h in hands)
        return CSS + colours

    def walk_part_html(self, part: Part, member: bool) -> None:
        """One part: its citation (a member of a corpus), then its text."""
        if member:
            self.out.append('<article class="member">')
            self.out.append(self.citation(part.header, 2, True))
            self.heading_base = 2
        self.walk_part(part)
        if member:
            self.out.append("</article>")
            self.heading_base = 1

    def render(self) -> bytes:
        """The page, UTF-8 encoded."""
        doc = self.doc
        for part in self.parts():
            self.walk_part_html(part, part.member is not None)
        self.compact()
        self.in_notes = True
        self.notes()
        body_view = "view-diplomatic" if self.initial_view == D else "view-reading"
        lang = doc.main_lang
        title = doc.title()
        head = (
            "<!DOCTYPE html>\n"
            f'<html lang="{attr(lang)}">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'<meta name="generator" content="teikit {__version__}">\n'
            f"<title>{esc(title)}</title>\n<style>{self.css()}</style>\n</head>\n"
            f'<body class="{body_view}">\n'
            f"{self.citation(doc.header, 1, False)}\n"
            f"{CONTROLS}\n<main>\n"
        )
        tail = ["\n</main>\n"]
        if self.footnotes:
            tail.append(
                '<section class="footnotes" aria-labelledby="tk-notes">'
                '<h2 id="tk-notes">Notes</h2><ol>'
            )
        end = ["</ol></section>\n"] if self.footnotes else []
        end.append(
            f'<footer class="colophon">Made with teikit {__version__} from TEI P5: '
            "reading view (corrections applied, additions in, deletions out) and "
            "diplomatic view (the page as written).</footer>\n"
        )
        end.append(f"<script>{SCRIPT}</script>\n</body>\n</html>\n")
        return b"".join(
            [
                head.encode("utf-8"),
                *self.done,
                "".join(tail).encode("utf-8"),
                *self.footnotes,
                "".join(end).encode("utf-8"),
            ]
        )

    def compact(self) -> None:
        """Encode the finished pieces (nothing before ``block_start`` changes any more)."""
        if self.in_notes:
            return
        self.done.append("".join(self.out).encode("utf-8"))
        self.out = []
        self.block_start = 0


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


CONTROLS = (
    '<nav class="controls" aria-label="View" hidden>'
    '<span class="controls-label">View</span>'
    '<button type="button" data-view="reading" aria-pressed="true">Reading</button>'
    '<button type="button" data-view="diplomatic" aria-pressed="false">Diplomatic</button>'
    '<span class="legend"><ins class="tei-add">addition</ins> <del class="tei-del">deletion'
    '</del> <span class="tei-supplied">[supplied]</span> <span class="tei-sic">sic</span> '
    '<span class="tei-rdg">other witness</span></span>'
    "</nav>"
    '<p class="noscript">Reading view. The diplomatic view needs JavaScript.</p>'
)

SCRIPT = """
(function () {
  var body = document.body, nav = document.querySelector("nav.controls");
  var buttons = nav.querySelectorAll("button[data-view]");
  function show(view) {
    body.classList.toggle("view-diplomatic", view === "diplomatic");
    body.classList.toggle("view-reading", view !== "diplomatic");
    buttons.forEach(function (b) {
      b.setAttribute("aria-pressed", String(b.dataset.view === view));
    });
  }
  buttons.forEach(function (b) {
    b.addEventListener("click", function () { show(b.dataset.view); });
  });
  show(body.classList.contains("view-diplomatic") ? "diplomatic" : "reading");
  nav.hidden = false;
  document.querySelector("p.noscript").hidden = true;
  // an aligned sentence and its translation light up together
  function pair(event, on) {
    var s = event.target.closest ? event.target.closest(".tei-s[data-corresp]") : null;
    if (!s) { return; }
    var other = document.getElementById(s.dataset.corresp.slice(1));
    s.classList.toggle("paired", on);
    if (other) { other.classList.toggle("paired", on); }
  }
  document.addEventListener("mouseover", function (e) { pair(e, true); });
  document.addEventListener("mouseout", function (e) { pair(e, false); });
})();
"""

CSS = """
:root{--ink:#1f1f1f;--muted:#5c5f66;--rule:#d9d9d9;--paper:#fff;--link:#0b57d0;--hand:#6b6b6b;
--mark:#fff3b0;--rdg:#fbf3dd}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font:17px/1.6 Georgia,"Times New Roman",serif;color:var(--ink);
background:var(--paper)}
a{color:var(--link)}
header.citation,main,.footnotes,.colophon{max-width:84rem;margin:0 auto;padding:0 1.5rem}
header.citation{padding-top:1.5rem;padding-bottom:1rem;border-bottom:1px solid var(--rule)}
header.citation h1{font-size:1.65rem;line-height:1.25;margin:.2em 0 .7em}
header.member{padding:1rem 0;margin-top:2rem;border-top:2px solid var(--ink);border-bottom:0}
dl.meta{display:grid;grid-template-columns:max-content minmax(0,1fr);gap:.3rem 1.2rem;
font:14px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0}
dl.meta dt{font-weight:600;color:var(--muted)}
dl.meta dd{margin:0}
dl.meta dd p{margin:0 0 .4em}
ul.hands,ul.plain{list-style:none;margin:0;padding:0}
.swatch{display:inline-block;width:.85em;height:.85em;border-radius:2px;background:var(--hand);
vertical-align:-.08em;margin-right:.4em}
.controls{position:sticky;top:0;z-index:2;display:flex;flex-wrap:wrap;gap:.5rem;
align-items:center;
max-width:84rem;margin:0 auto;padding:.5rem 1.5rem;background:var(--paper);
border-bottom:1px solid var(--rule);font:14px system-ui,-apple-system,"Segoe UI",sans-serif}
.controls[hidden]{display:none}
.controls-label{font-weight:600;color:var(--muted)}
.controls button{font:inherit;padding:.2rem .8rem;border:1px solid #b5b5b5;border-radius:3px;
background:#f4f4f4;color:var(--ink);cursor:pointer}
.controls button[aria-pressed=true]{background:var(--ink);border-color:var(--ink);color:#fff}
.legend{margin-left:auto;color:var(--muted);display:flex;gap:.8rem;flex-wrap:wrap}
.view-reading .legend{display:none}
.noscript[hidden]{display:none}
.noscript{max-width:84rem;margin:.5rem auto;padding:0 1.5rem;color:var(--muted)}
main{padding-top:1rem;padding-bottom:2rem}
.view-reading .d-only{display:none}
.view-diplomatic .r-only{display:none}
.parallel{display:grid;grid-template-columns:repeat(var(--cols,2),minmax(0,1fr));gap:0 2.5rem}
.parallel.aligned{display:block}
.parallel .prow{display:grid;grid-template-columns:repeat(var(--cols,2),minmax(0,1fr));
gap:0 2.5rem}
.col-label{font:600 .8rem/1.4 system-ui,-apple-system,"Segoe UI",sans-serif;letter-spacing:.06em;
text-transform:uppercase;color:var(--muted);border-bottom:1px solid var(--rule);
padding-bottom:.3rem}
@media (max-width:52rem){.parallel,.parallel .prow{grid-template-columns:minmax(0,1fr)}
.parallel .col+.col{margin-top:2rem;border-top:2px solid var(--rule)}}
p,.tei-p,.tei-ab{margin:0 0 .9em}
h2,h3,h4,h5,h6{line-height:1.3;margin:1.2em 0 .5em}
.tei-opener,.tei-closer{margin:0 0 1em}
.tei-lg{margin:0 0 1em}
.tei-sp{margin:0 0 .8em}
.tei-speaker{font-weight:bold}
.tei-stage{font-style:italic}
.tei-l,.tei-line{margin:0}
.blk{display:block}span.tei-table.blk{display:table}span.tei-row.blk{display:table-row}
span.tei-cell.blk{display:table-cell;padding:0 .5em 0 0}span.tei-item.blk{display:list-item;
margin-left:1.5em}
.tei-head:not(h1,h2,h3,h4,h5,h6){font-weight:bold}
table.tei-table{border-collapse:collapse;margin:0 0 1em}
table.tei-table td,table.tei-table th{border:1px solid var(--rule);padding:.2em .5em;
vertical-align:top}
.tei-item,.tei-wrap{margin:0 0 .2em}
.rend-italic,.rend-i,.rend-it,.rend-italics{font-style:italic}
.rend-bold,.rend-b{font-weight:bold}
.rend-underline,.rend-u,.rend-underlined{text-decoration:underline}
.rend-sup,.rend-superscript{vertical-align:super;font-size:.75em}
.rend-sub,.rend-subscript{vertical-align:sub;font-size:.75em}
.rend-smallcaps,.rend-small-caps,.rend-sc{font-variant:small-caps}
.rend-letterspace,.rend-spaced,.rend-spaced_out{letter-spacing:.25em}
.rend-center,.rend-centered,.rend-centre{text-align:center}
.rend-right,.rend-align-right{text-align:right}
.rend-caps,.rend-uppercase{text-transform:uppercase}
.view-diplomatic .rend-strikethrough,
.view-diplomatic .rend-overstrike{text-decoration:line-through}
ins.tei-add{text-decoration:none}
.view-diplomatic ins.tei-add{color:var(--hand);text-decoration:underline 1px;
text-underline-offset:.2em}
.view-diplomatic .place-above,.view-diplomatic .place-supralinear,.view-diplomatic .place-sup
{vertical-align:.5em;font-size:.85em}
.view-diplomatic .place-below,.view-diplomatic .place-infralinear{vertical-align:-.4em;
font-size:.85em}
.view-diplomatic ins[data-place]::before{content:"⟨" attr(data-place) "⟩\\2009";
font:.7em system-ui,
sans-serif;color:var(--hand);vertical-align:super}
del.tei-del{color:var(--hand);text-decoration:line-through 1.5px}
.tei-supplied{color:var(--muted)}
.tei-gap{color:var(--muted)}
.view-diplomatic .tei-sic{text-decoration:underline wavy #c0392b 1px;text-underline-offset:.2em}
.view-diplomatic .tei-sic::after{content:"(!)" attr(data-mark);font-size:.75em;
vertical-align:super;color:#c0392b}
.tei-corr{text-decoration:underline dotted 1px;text-underline-offset:.2em}
.by-teikit{text-decoration-color:#c0392b}
.tei-corr.by-teikit::after{content:"*";color:#c0392b;font-size:.75em;vertical-align:super}
.view-diplomatic .tei-unclear::after{content:"(?)";font-size:.75em;vertical-align:super;
color:var(--muted)}
.tei-rdg.d-only,.legend .tei-rdg{background:var(--rdg);border-bottom:2px solid #d9b44a;
padding:0 .15em}
.tei-handShift{font:600 .7em system-ui,sans-serif;color:var(--hand);vertical-align:super}
.tei-pb,.tei-cb{font:.7rem system-ui,sans-serif;color:var(--muted);vertical-align:super;
white-space:nowrap}
.view-diplomatic .tei-pb,.view-diplomatic .tei-cb{display:block;vertical-align:baseline;
text-align:right;
border-top:1px dashed var(--rule);margin:.4em 0}
.view-diplomatic .tei-space{display:inline-block;width:var(--width,2ch)}
.tei-space.vertical{display:block;height:1em}
.tei-graphic,.tei-ptr{font-size:.85em;color:var(--muted)}
.ext-include::before{content:"⟨not included⟩";font-size:.75em;color:var(--muted)}
.noteref{font:.7em system-ui,sans-serif;line-height:0}
.noteref a{text-decoration:none;padding:0 .1em}
[id^="tk-fn"]{scroll-margin-top:3rem}
.tei-s.paired{background:var(--mark)}
.footnotes{border-top:1px solid var(--rule);padding-top:.5rem;padding-bottom:2rem;
font-size:.92rem}
.footnotes ol{padding-left:2.5em}
.footnotes li{margin:0 0 .4em}
.footnotes li p{margin:0}
.backref{text-decoration:none;margin-left:.3em}
:target{background:var(--mark)}
[title]:not(a,abbr,.tei-choice){cursor:help}
.colophon{color:var(--muted);font:13px system-ui,sans-serif;padding-bottom:2rem}
@media print{.controls,.noscript,.backref{display:none}
body{font-size:11pt}a{color:inherit;text-decoration:none}
header.citation,main,.footnotes,.colophon{max-width:none;padding:0}
.parallel,.parallel .prow{grid-template-columns:repeat(var(--cols,2),minmax(0,1fr))}
.tei-p,p{orphans:3;widows:3}.footnotes{break-before:page}}
"""

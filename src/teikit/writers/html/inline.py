"""The HTML of running text: inline elements, choices, links, breaks, markers and notes.

Additions are ``<ins>``, deletions ``<del>``, other transcriptional elements a
``<span>`` with a class naming them and a tooltip; a choice shows each
alternative in its view; a line break is a ``<br>`` in the diplomatic view; a
note is a numbered link here and an entry in the list of notes at the end.
"""

from __future__ import annotations

from lxml import etree

from ...tei import XML_ID
from ..document import is_safe_url, squashed_text
from ..policy import BOTH, GENERIC, HYPHENS, PUNCTUATION, RULES, ElementPolicy, choice_visibility
from .markup import (
    ANCESTOR_LANG,
    CLASS_CHARS,
    DIGITS,
    GAP,
    GRAPHIC,
    HANDSHIFT,
    LB,
    PB,
    PTR,
    SPACE,
    SPACE_UNITS,
    VIS_CLASS,
    XML_WS,
    attr,
    base_class,
    esc,
    short,
)
from .output import HtmlOutput


class HtmlInline(HtmlOutput):
    """Inline elements, breaks, markers and notes (the hooks of running text)."""

    # ---------------------------------------------------------------- text

    def join_word(self) -> None:
        """Join a word across a line break: the hyphen shows in the diplomatic view only."""
        out = self.out
        i = len(out) - 1
        while i >= self.block_start:
            piece = out[i]
            if piece.startswith("<"):
                i -= 1
                continue
            stripped = piece.rstrip(XML_WS)
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
                out[i] = piece.rstrip(XML_WS)
                return True
            return False
        return False

    # ---------------------------------------------------------------- elements

    def inline(self, el: etree._Element, rule: ElementPolicy, own: int) -> None:
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

    def choice(self, el: etree._Element, rule: ElementPolicy, own: int) -> None:
        """A choice: each alternative in the view that shows it, the others in the title."""
        children = choice_visibility(el)
        alternatives = "; ".join(
            f"{RULES.get(str(c.tag), GENERIC).label}: “{short(squashed_text(c), 60)}”"
            for c in children
        )
        title = f' title="alternatives: {attr(alternatives)}"' if alternatives else ""
        empty = "" if children else " empty"
        self.out.append(f'<span class="tei-choice{VIS_CLASS[own]}{empty}"{title}>')
        self.content(el)
        self.out.append("</span>")

    def ref(self, el: etree._Element, rule: ElementPolicy, own: int) -> None:
        """A reference: a link when its target is on the web or in this page."""
        target = (el.get("target") or "").split()
        if target and is_safe_url(target[0]) and not self.in_link:
            self.out.append(f'<a href="{attr(target[0])}"{self.attrs(el, rule, own)}>')
            self.in_link += 1
            self.content(el)
            self.in_link -= 1
            self.out.append("</a>")
        else:
            self.inline(el, rule, own)

    def xinclude(self, el: etree._Element, rule: ElementPolicy, own: int) -> None:
        """An XInclude is not resolved (no files, no network): a marker, then its fallback."""
        href = el.get("href") or ""
        self.out.append(
            f'<span class="ext-include" title="not included (XInclude is not resolved): '
            f'{attr(href)}">'
        )
        self.content(el)
        self.out.append("</span>")

    # ---------------------------------------------------------------- breaks, notes, markers

    def line_break(self, el: etree._Element, rule: ElementPolicy, own: int, joined: bool) -> None:
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
        kind_class = f" type-{CLASS_CHARS.sub('', kind)}" if kind else ""
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

    def marker(self, el: etree._Element, rule: ElementPolicy, own: int) -> None:
        """gap ``[…]``, handShift, blank space, images and pointers (never fetched)."""
        tag = el.tag
        out = self.out
        if tag == GAP:
            out.append(f"<span{self.attrs(el, rule, own)}>[…]</span>")
        elif tag == HANDSHIFT:
            new = (el.get("new") or el.get("scribe") or "").split()
            hand = self.doc.hand(new[0]) if new else None
            extra = f" {hand.css_class}" if hand else ""
            name = self.doc.hand_name(el)
            label = f"⟨hand: {name}⟩" if name else "⟨hand⟩"
            out.append(f"<span{self.attrs(el, rule, own, extra)}>{esc(label)}</span>")
        elif tag == SPACE:
            vertical = el.get("dim") == "vertical"
            extra = " vertical d-only" if vertical else ""
            quantity = el.get("quantity") or ""
            width = ""
            if not vertical and DIGITS.match(quantity) and el.get("unit") in SPACE_UNITS:
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

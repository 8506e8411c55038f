"""The HTML writer's state and output: the buffer, the text, the attributes of each element.

:class:`HtmlOutput` is the base of the HTML writer's parts
(:mod:`~teikit.writers.html.inline`, :mod:`~teikit.writers.html.blocks`,
:mod:`~teikit.writers.html.page`).  It holds what they share: the pieces of
HTML written so far (``out``, encoded into ``done`` block by block), the ids
already given, and the attributes of the HTML element for a TEI element:
its classes (the element, the views it shows in, ``@rend``, ``@place``, the
hand's colour), its id and language, a name's register entry and the tooltip
saying what a transcriptional element is.
"""

from __future__ import annotations

from lxml import etree

from ...tei import XML_ID, XML_LANG, T
from ..document import Document, squashed_text
from ..policy import (
    BOTH,
    EDITED_SIDE,
    ORIGINAL_SIDE,
    PUNCTUATION,
    ElementPolicy,
    R,
    correction_mark,
    describe,
    element_children,
)
from ..walk import Walker
from .markup import (
    CHOICE,
    RTL_LANGUAGES,
    SIC,
    VIS_CLASS,
    XML_WS,
    S,
    attr,
    base_class,
    place_classes,
    rend_classes,
    short,
)

# The attributes of a TEI element that its HTML element shows (as classes, data-,
# id, lang, title); an element with none of them has the classes of its name alone.
SHOWN_ATTRIBUTES = frozenset(("rend", "hand", "resp", "place", "corresp", "ref", XML_ID, XML_LANG))


class HtmlOutput(Walker):
    """The shared state of the HTML writer, its text and its attributes."""

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
        self.pending_space = False  # a line-level element ended or begins: words part here
        self.in_p = 0  # inside a <p>: blocks are spans shown as blocks (a <div> would close it)
        self.in_link = 0  # inside an <a>: a name or a reference in it is no link of its own
        self._plain: dict[tuple[object, int, str], str] = {}  # class attributes made so far

    # ---------------------------------------------------------------- attributes

    def attrs(self, el: etree._Element, rule: ElementPolicy, own: int, extra: str = "") -> str:
        """class, id, lang (and dir), title of the HTML element for ``el``."""
        tag = el.tag
        keys = el.keys()
        if (not keys or SHOWN_ATTRIBUTES.isdisjoint(keys)) and tag != SIC:
            # no attribute the page shows: the classes alone (and the tooltip)
            if rule.described:
                classes = base_class(str(tag)) + VIS_CLASS[own] + extra
                return f' class="{classes}" title="{attr(self.title(el, rule))}"'
            key = (tag, own, extra)
            plain = self._plain.get(key)
            if plain is None:
                plain = self._plain[key] = f' class="{base_class(str(tag))}{VIS_CLASS[own]}{extra}"'
            return plain
        classes = base_class(str(tag)) + VIS_CLASS[own] + extra
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
            if lang.split("-")[0] in RTL_LANGUAGES:
                out += ' dir="rtl"'
        if rule.described:
            out += f' title="{attr(self.title(el, rule))}"'
        return out

    def title(self, el: etree._Element, rule: ElementPolicy) -> str:
        """What a transcriptional element is, for its tooltip."""
        parts = [rule.label]
        parts.extend(f"{k}: {v}" for k, v in describe(el, rule.qualifiers))
        for ref in (el.get("hand") or el.get("new") or "").split()[:1]:
            hand = self.doc.hand(ref)
            if hand.label:
                parts.append(f"hand {hand.ident}: {short(hand.label, 120)}")
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
                    parts.append(f"{said}: “{short(squashed_text(sib), 60)}”{mark}")
                    break
        return "; ".join(parts)

    # ---------------------------------------------------------------- text

    def text(self, text: str) -> None:
        """Text of the document, escaped."""
        if self.strip_next:
            text = text.lstrip(XML_WS)
            if not text:
                return
            self.strip_next = False
        if self.pending_space:
            self.pending_space = False
            if text[0] not in XML_WS and text[0] not in PUNCTUATION:
                self.out.append(" ")
        if "&" in text or "<" in text or ">" in text:
            text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        self.out.append(text)

    def separator(self) -> None:
        """A word boundary: a space before the next text, unless one is there already
        (or the block has no text yet)."""
        out = self.out
        for i in range(len(out) - 1, self.block_start - 1, -1):
            piece = out[i]
            if piece and not piece.startswith("<"):
                self.pending_space = piece[-1] not in XML_WS
                return
        self.pending_space = False

    def compact(self) -> None:
        """Encode the finished pieces (nothing before ``block_start`` changes any more)."""
        if self.in_notes:
            return
        self.done.append("".join(self.out).encode("utf-8"))
        self.out = []
        self.block_start = 0

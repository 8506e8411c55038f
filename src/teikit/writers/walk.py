"""The walk every export writer shares: one traversal, the policy's decisions, the writer's output.

:class:`Walker` visits the text of a :class:`~teikit.writers.document.Document`
and decides, for every element, from :mod:`teikit.writers.policy`: its kind
(block, container, inline, break, note, marker), the views it is visible in
(context included: ``choice``, ``app``, a ``del`` quoted in a ``note``), how
line breaks join words, and the numbers of the notes.  Writers implement the
output hooks (``text``, ``inline``, ``block``, ``container``, ``line_break``,
``note_ref``, ``marker``, ``join_word``).  A single-view writer (text,
Markdown) never visits what its view hides; the HTML writer walks both views
at once and marks what is shown in one view only.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable

from lxml import etree

from ..tei import XML_ID, T
from .document import Document, Part
from .policy import (
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
    INLINE,
    LINES_KEPT,
    NO_SIGNS,
    NOTE,
    NOTE_TAG,
    RULES,
    SOURCE_DIV_TYPES,
    ElementPolicy,
    app_visibility,
    choice_visibility,
)

DIV_TAGS = frozenset(T + n for n in ("div", *(f"div{i}" for i in range(1, 8))))


Handler = Callable[[etree._Element, ElementPolicy, int], None]


class Walker:
    """The shared traversal; subclasses write the output (see the module docstring)."""

    #: whether an inline element without signs is written as its content alone
    transparent_inline = False

    def __init__(self, doc: Document, view: int) -> None:
        self.doc = doc
        self.view = view
        self.lines_kept = 0
        self.note_depth = 0
        self.div_depth = 0
        self._notes: list[tuple[int, int, etree._Element]] = []
        self._notes_queued: set[int] = set()
        self._table: dict[str, tuple[ElementPolicy, Handler | None]] = {}
        self.handlers: dict[str, Handler] = {}

    def close(self) -> None:
        """Drop the references back to this writer (bound methods, closures) and the document."""
        self.handlers.clear()
        self._table.clear()
        self._notes.clear()

    # ---------------------------------------------------------------- output hooks

    def text(self, text: str) -> None:
        """Write text of the document (raw; the writer escapes and collapses it)."""
        raise NotImplementedError

    def inline(self, el: etree._Element, rule: ElementPolicy, own: int) -> None:
        """Write an inline element (call :meth:`content` for what is inside)."""
        raise NotImplementedError

    def block(self, el: etree._Element, rule: ElementPolicy, own: int) -> None:
        """Write a block element."""
        raise NotImplementedError

    def container(self, el: etree._Element, rule: ElementPolicy, own: int) -> None:
        """Write an element that holds blocks."""
        raise NotImplementedError

    def line_break(self, el: etree._Element, rule: ElementPolicy, own: int, joined: bool) -> None:
        """Write ``lb``, ``pb`` or ``cb``; ``joined`` when it is inside a word (``break="no"``)."""
        raise NotImplementedError

    def join_word(self) -> None:
        """Drop the formatting whitespace (and, in the reading view, the hyphen) before a
        line break inside a word, and the whitespace after it."""
        raise NotImplementedError

    def note_ref(self, el: etree._Element, number: int, own: int) -> None:
        """Write the reference to note ``number`` where the note stands."""
        raise NotImplementedError

    def marker(self, el: etree._Element, rule: ElementPolicy, own: int) -> None:
        """Write an element without text: ``gap``, ``handShift``, ``space``, ``graphic`` …"""
        raise NotImplementedError

    def separator(self) -> None:
        """A word boundary (around a line-level element): the writer makes sure a space
        parts the words on either side, unless whitespace or punctuation is already there."""
        raise NotImplementedError

    def omitted(self, el: etree._Element) -> None:
        """An element this (single-view) writer leaves out."""

    def footnote(self, el: etree._Element, number: int, vis: int) -> None:
        """Write the body of note ``number`` (call :meth:`note_content`)."""
        raise NotImplementedError

    # ---------------------------------------------------------------- dispatch

    def handler_for(self, tag: str) -> tuple[ElementPolicy, Handler | None]:
        """The rule and the handler of an element name (``None``: write its content only)."""
        rule = RULES.get(tag, GENERIC)
        kind = rule.kind
        handler: Handler | None = self.handlers.get(tag)
        if handler is None:
            if kind == INLINE:
                plain = rule.signs_reading is NO_SIGNS and rule.signs_diplomatic is NO_SIGNS
                handler = None if plain and self.transparent_inline else self.inline
            elif kind == AUTO:
                handler = self.auto
            elif kind == BLOCK:
                handler = self.block
            elif kind == CONTAINER:
                handler = self.container
            elif kind == BREAK:
                handler = self.brk
            elif kind == NOTE:
                handler = self.note
            elif kind == EMPTY:
                handler = self.marker
            else:
                handler = self.skip
        kept, div = tag in LINES_KEPT, tag in DIV_TAGS
        if kept or div or rule.separates or rule.register:
            handler = self._wrapped(handler, kept, div, rule.separates, bool(rule.register))
        entry = (rule, handler)
        self._table[tag] = entry
        return entry

    def _wrapped(
        self, handler: Handler | None, kept: bool, div: bool, separates: bool, register: bool
    ) -> Handler:
        """``handler`` with what its element's kind asks around it, in one call: a
        register list in ``back`` or ``standOff`` is left out where it stands (the writer
        writes it in the register section); a line-level element is a word boundary
        before and after; the lines whose breaks are kept and the division depth are
        counted while it is written."""
        registers = self.doc.register_set if register else frozenset()
        content = self.content

        def wrapped(el: etree._Element, rule: ElementPolicy, own: int) -> None:
            if register and el in registers:
                self.omitted(el)
                return
            if separates:
                self.separator()
            if kept:
                self.lines_kept += 1
            if div:
                self.div_depth += 1
            if handler is None:
                content(el)
            else:
                handler(el, rule, own)
            if kept:
                self.lines_kept -= 1
            if div:
                self.div_depth -= 1
            if separates:
                self.separator()

        return wrapped

    def auto(self, el: etree._Element, rule: ElementPolicy, own: int) -> None:
        """An element that is a block where blocks stand, else inline."""
        if is_block(el):
            self.block(el, rule, own)
        else:
            self.inline(el, rule, own)

    def brk(self, el: etree._Element, rule: ElementPolicy, own: int) -> None:
        """lb, pb, cb: join the word first when the break is inside it."""
        joined = el.get("break") == "no"
        if joined:
            self.join_word()
        self.line_break(el, rule, own, joined)

    def skip(self, el: etree._Element, rule: ElementPolicy, own: int) -> None:
        """Metadata inside the text (``facsimile``, ``standOff``) is not rendered."""

    # ---------------------------------------------------------------- the walk

    def content(self, el: etree._Element, container: bool = False) -> None:
        """Walk what is inside ``el``: its text, its children, their tails.

        In a container, whitespace-only text is formatting and is skipped.
        """
        emit = self.text
        text = el.text
        if text and not (container and text.isspace()):
            emit(text)
        tag = el.tag
        vismap: dict[etree._Element, int] | None = None
        if tag == CHOICE_TAG:
            vismap = choice_visibility(el)
        elif tag == APP_TAG:
            vismap = app_visibility(el)
        view = self.view
        table = self._table
        in_note = self.note_depth
        for child in el:
            ctag = child.tag
            if isinstance(ctag, str):
                rule, handler = table.get(ctag) or self.handler_for(ctag)
                if vismap is None:
                    own = rule.views
                    if own != BOTH and in_note and ctag == DEL_TAG:
                        own = BOTH  # a deletion quoted in a note is part of what the note says
                else:
                    own = vismap.get(child, BOTH)
                if own & view:
                    if handler is not None:
                        handler(child, rule, own)
                    elif len(child):
                        self.content(child)
                    elif child.text:
                        emit(child.text)
                else:
                    self.omitted(child)
            elif isinstance(child, etree._Entity):
                emit(f"&{child.name};")
            tail = child.tail
            if tail and not (container and tail.isspace()):
                emit(tail)

    def element(self, el: etree._Element, rule: ElementPolicy, own: int) -> None:
        """Visit one element with the views it is visible in (``own``)."""
        tag = str(el.tag)
        handler = (self._table.get(tag) or self.handler_for(tag))[1]
        if handler is None:
            self.content(el)
        else:
            handler(el, rule, own)

    # ---------------------------------------------------------------- notes

    def note(self, el: etree._Element, rule: ElementPolicy, own: int) -> None:
        """A note: a numbered reference here, its text queued for the notes."""
        number = self.doc.note_numbers.get(el)
        if number is None:
            number = len(self.doc.note_numbers) + 1
            self.doc.note_numbers[el] = number
        self.note_ref(el, number, own)
        if number not in self._notes_queued:
            self._notes_queued.add(number)
            heapq.heappush(self._notes, (number, visibility(el), el))

    def note_content(self, el: etree._Element) -> None:
        """Walk a note's content (a ``del`` in it is quoted, so shown in every view)."""
        self.note_depth += 1
        self.content(el)
        self.note_depth -= 1

    def notes(self) -> None:
        """Write every queued note, in number order (notes in notes are queued as they come)."""
        while self._notes:
            number, vis, el = heapq.heappop(self._notes)
            self.footnote(el, number, vis)

    # ---------------------------------------------------------------- the document

    def parts(self) -> list[Part]:
        """The parts of the document to render."""
        return self.doc.parts

    def walk_part(self, part: Part) -> None:
        """Walk the content of one part."""
        for el in part.content:
            rule = RULES.get(str(el.tag), GENERIC)
            self.element(el, rule, BOTH)


def is_block(el: etree._Element) -> bool:
    """Whether an element of kind ``auto`` is a block here: in a container, or holding blocks."""
    parent = el.getparent()
    if parent is not None and RULES.get(str(parent.tag), GENERIC).kind == CONTAINER:
        return True
    return is_block_inside(el)


def is_block_inside(el: etree._Element) -> bool:
    """Whether an element holds blocks (then an ``auto`` element is a block wherever it is)."""
    for child in el:
        ctag = child.tag
        if isinstance(ctag, str):
            kind = RULES.get(ctag, GENERIC).kind
            if kind in (BLOCK, CONTAINER) or (kind == AUTO and is_block_inside(child)):
                return True
    return False


def visibility(el: etree._Element) -> int:
    """The views an element is visible in, its ancestors' visibility included."""
    vis = BOTH
    node = el
    parent = node.getparent()
    while parent is not None:
        ptag = parent.tag
        if ptag == CHOICE_TAG:
            own = choice_visibility(parent).get(node, BOTH)
        elif ptag == APP_TAG:
            own = app_visibility(parent).get(node, BOTH)
        else:
            own = RULES.get(str(node.tag), GENERIC).views
            if own != BOTH and node.tag == DEL_TAG and next(node.iterancestors(NOTE_TAG), None):
                own = BOTH
        vis &= own
        node = parent
        parent = node.getparent()
    return vis


PARALLEL_PARENTS = frozenset(T + n for n in ("body", "text", "group", "front", "back")) | DIV_TAGS


def parallel_groups(container: etree._Element) -> dict[etree._Element, list[etree._Element]]:
    """The source divisions of ``container`` with their translations beside them.

    A ``div type="translation"`` goes with the ``div`` its ``@corresp`` points
    to, else with the nearest ``div`` before it whose type is a source type
    (``original``, ``edition``, ``transcription`` …).
    """
    if container.tag not in PARALLEL_PARENTS:
        return {}
    divs = [c for c in container if c.tag in DIV_TAGS]
    if not any(d.get("type") == "translation" for d in divs):
        return {}
    if len(divs) < 2:
        return {}
    groups: dict[etree._Element, list[etree._Element]] = {}
    for i, div in enumerate(divs):
        if div.get("type") != "translation":
            continue
        source: etree._Element | None = None
        corresp = (div.get("corresp") or "").split()
        if corresp and corresp[0].startswith("#"):
            target = corresp[0][1:]
            source = next((d for d in divs if d.get(XML_ID) == target), None)
        if source is None:
            for prev in reversed(divs[:i]):
                if prev.get("type") in SOURCE_DIV_TYPES:
                    source = prev
                    break
        if source is not None and source is not div:
            groups.setdefault(source, []).append(div)
    return groups


def div_label(doc: Document, div: etree._Element) -> str:
    """The label of a division in a parallel group: its type and its language."""
    kind = (div.get("type") or "text").replace("-", " ").capitalize()
    lang = div.get("{http://www.w3.org/XML/1998/namespace}lang")
    return f"{kind} ({doc.language_name(lang)})" if lang else kind

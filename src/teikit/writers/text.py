"""The text writer: one view of the TEI as plain text, for reading and for NLP.

The *reading* view is the text as meant: corrections applied, additions in,
deletions out, words hyphenated at a line end joined, one paragraph per line.
The *diplomatic* view is the page as written, its lines as encoded, with the
signs of :mod:`teikit.writers.policy` (``{+X+}`` additions, ``[-X-]``
deletions, ``[X]`` supplied text, ``X(!)`` sic, ``⟨…⟩`` editorial information).
Both put notes as ``[^N]`` in the text and under ``Notes`` at the end.
Blocks are separated by a blank line; verse lines, list items and table rows
by a line break.  A line-level element (``addrLine``, ``signed`` …) is a word
boundary; the register lists of ``back`` and ``standOff`` are left out (they
are data, not text: the HTML writes them as its register section).
"""

from __future__ import annotations

import re

from lxml import etree

from ..tei import T
from .document import Document
from .policy import (
    GENERIC,
    HYPHENS,
    NO_SIGNS,
    PUNCTUATION,
    RULES,
    D,
    ElementPolicy,
    R,
    correction_mark,
    element_children,
    mark,
)
from .walk import Walker, div_label, parallel_groups

DRAIN_AT = 2000  # finished blocks kept as strings before they are encoded
LINE = "\x00"  # a line break inside a block (XML cannot hold this character)
_WS = re.compile(r"[ \t\r\n]+")
# Characters str.split() takes for whitespace that XML does not (kept as they are).
_OTHER_SPACES = re.compile("[\x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]")
_XML_WS = " \t\r\n"
TIGHT = frozenset(
    T + n for n in ("lg", "sp", "list", "listBibl", "table", "castList", "castGroup", "zone")
)
ROW = T + "row"
LB = T + "lb"
PB = T + "pb"
RDG = T + "rdg"
SIC = T + "sic"
SPACE = T + "space"
GAP = T + "gap"
HANDSHIFT = T + "handShift"


def squash(text: str) -> str:
    """XML whitespace runs made one space, ends trimmed (other spaces, such as NBSP, kept)."""
    if text.isascii() or not _OTHER_SPACES.search(text):
        return " ".join(text.split())  # str.split would also split at those other spaces
    return _WS.sub(" ", text).strip(" ")


def join_word_in(buf: list[str], reading: bool) -> None:
    """Drop the whitespace at the end of ``buf`` (and, ``reading``, a hyphen before it)."""
    i = len(buf) - 1
    while i >= 0:
        piece = buf[i]
        stripped = piece.rstrip(_XML_WS)
        if stripped:
            if reading and stripped[-1] in HYPHENS:
                stripped = stripped[:-1]
            buf[i] = stripped
            break
        buf[i] = ""
        i -= 1


class TextWriter(Walker):
    """Writes one view (:data:`R` or :data:`D`) of a document as plain text."""

    notes_heading = "Notes"
    transparent_inline = True

    def __init__(self, doc: Document, view: int) -> None:
        super().__init__(doc, view)
        self.buf: list[str] = []
        self.kinds: list[str] = ["p"]
        # finished blocks: (tight group or None, kind, text)
        self.blocks: list[tuple[int | None, str, str]] = []
        self.done: list[bytes] = []  # the text so far, encoded
        self.drained = 0  # how much of the first block in ``blocks`` is in ``done``
        self.capturing = 0
        self.group: int | None = None
        self._groups = 0
        self.strip_next = False
        self.after_omission = False
        self.after_marker = False
        self.pending_space = False  # a line-level element ended or begins: words part here
        self.labels: dict[etree._Element, str] = {}
        self.note_lines: list[str] = []
        self.handlers[ROW] = self.row

    # ---------------------------------------------------------------- output

    def text(self, text: str) -> None:
        """Text of the document (whitespace is squashed when the block is finished)."""
        if self.strip_next:
            text = text.lstrip(_XML_WS)
            if not text:
                return
            self.strip_next = False
        self.after_marker = False
        if self.pending_space:
            self.pending_space = False
            if text[0] not in _XML_WS and text[0] not in PUNCTUATION:
                self.buf.append(" ")
        if self.after_omission:
            self.after_omission = False
            if text[0] in PUNCTUATION and self.buf and self.buf[-1][-1:].isspace():
                self.buf[-1] = self.buf[-1].rstrip(_XML_WS)
        self.buf.append(self.escape(text))

    def separator(self) -> None:
        """A word boundary: a space before the next text, unless one is there already."""
        for piece in reversed(self.buf):
            if piece:
                last = piece[-1]
                self.pending_space = last not in _XML_WS and last != LINE
                return
        self.pending_space = False

    def omitted(self, el: etree._Element) -> None:
        """Remember that something was left out: a space before it goes before punctuation."""
        self.after_omission = True

    def escape(self, text: str) -> str:
        """Text as this format writes it (plain text: unchanged)."""
        return text

    def sign(self, sign: str) -> None:
        """An editorial sign (never escaped, never stripped)."""
        if sign:
            self.buf.append(sign)

    def signs(self, el: etree._Element, rule: ElementPolicy, own: int) -> tuple[str, str]:
        """The signs around an element in this view."""
        if el.tag == RDG and own != D:
            return NO_SIGNS  # the base reading of an app without lem
        return rule.signs(self.view)

    def inline(self, el: etree._Element, rule: ElementPolicy, own: int) -> None:
        """An inline element: its signs, its content, its qualifier (diplomatic view)."""
        if rule.signs_reading is NO_SIGNS and rule.signs_diplomatic is NO_SIGNS:
            self.content(el)
            return
        signs = self.signs(el, rule, own)
        if signs is NO_SIGNS:
            self.content(el)
            return
        self.sign(signs[0])
        self.content(el)
        self.sign(signs[1])
        if self.view == D:
            self.sign(mark(el, rule))
            if el.tag == SIC:
                self.sign(self.escape_sign(correction_mark(el)))

    def escape_sign(self, sign: str) -> str:
        """A sign holding words of the document (plain text: unchanged)."""
        return sign

    def block(self, el: etree._Element, rule: ElementPolicy, own: int) -> None:
        """A block: finished blocks before it, its content, finished after it."""
        self.flush()
        kind = self.block_kind(el, rule)
        if not len(el):  # a leaf: its text, whitespace squashed, is the block
            self.strip_next = self.after_omission = self.after_marker = False
            text = el.text
            if text:
                text = squash(text)
                if text:
                    self.add_block(kind, self.escape(text))
            return
        self.kinds.append(kind)
        self.content(el)
        self.flush()
        self.kinds.pop()

    def block_kind(self, el: etree._Element, rule: ElementPolicy) -> str:
        """The kind of block (used by Markdown for its prefixes)."""
        return rule.name if rule is not GENERIC else "p"

    def container(self, el: etree._Element, rule: ElementPolicy, own: int) -> None:
        """An element holding blocks; verse groups, lists, tables hold them tight."""
        self.flush()
        label = self.labels.get(el)
        if label:
            self.add_block("label", label)
        saved = self.group
        if el.tag in TIGHT:
            self._groups += 1
            self.group = self._groups
        else:
            self.group = None
        for source, translations in parallel_groups(el).items():
            for div in (source, *translations):
                self.labels[div] = div_label(self.doc, div)
        self.kinds.append(self.block_kind(el, rule))
        self.content(el, container=True)
        self.flush()
        self.kinds.pop()
        self.group = saved

    def row(self, el: etree._Element, rule: ElementPolicy, own: int) -> None:
        """A table row: one line, its cells separated by `` | ``."""
        self.flush()
        cells = []
        for child in element_children(el):
            child_rule = RULES.get(str(child.tag), GENERIC)
            if child_rule.views & self.view:
                cells.append(self.capture(child, child_rule))
        self.add_block("row", self.row_text(cells))

    def row_text(self, cells: list[str]) -> str:
        """A table row as a line."""
        return " | ".join(cells)

    def capture(self, el: etree._Element, rule: ElementPolicy, note: bool = False) -> str:
        """Render ``el`` apart and return it as one line (its blocks joined by spaces)."""
        saved = (self.buf, self.blocks, self.kinds, self.group, self.strip_next)
        self.buf, self.blocks, self.kinds, self.group = [], [], ["p"], None
        self.strip_next = False
        self.capturing += 1
        if note:
            self.note_content(el)
        else:
            self.element(el, rule, rule.views)
        self.flush()
        newline = self.line_break_text()
        out = " ".join(text.replace(newline, " ").replace("\n", " ") for _, _, text in self.blocks)
        self.buf, self.blocks, self.kinds, self.group, self.strip_next = saved
        self.capturing -= 1
        return out

    def line_break(self, el: etree._Element, rule: ElementPolicy, own: int, joined: bool) -> None:
        """lb: a word boundary (reading) or a line break (diplomatic); pb, cb: ⟨page N⟩."""
        joined = joined or self.strip_next  # right after a break inside a word: still inside it
        if el.tag == LB:
            if self.view == R:
                if not joined:
                    self.buf.append(LINE if self.lines_kept else " ")
            elif not self.after_marker:  # a page marker already ended the line
                self.buf.append(LINE)
            return
        if self.view == R:
            if not joined:
                self.buf.append(" ")
            return
        what = "page" if el.tag == PB else "column"
        n = el.get("n")
        label = f"⟨{what} {n}⟩" if n else f"⟨{what}⟩"
        self.buf.append(("" if self.line_ended() else LINE) + label + LINE)
        self.after_marker = True

    def line_ended(self) -> bool:
        """Whether the text written so far ends with a line break."""
        for piece in reversed(self.buf):
            if piece and not piece.isspace():
                return piece.endswith(LINE)
        return True

    def join_word(self) -> None:
        """Join the word across a line break: drop the whitespace and (reading) the hyphen."""
        join_word_in(self.buf, self.view == R)
        self.strip_next = True

    def note_ref(self, el: etree._Element, number: int, own: int) -> None:
        """``[^N]`` where the note stands."""
        self.buf.append(f"[^{number}]")

    def footnote(self, el: etree._Element, number: int, vis: int) -> None:
        """``[^N]: text`` under Notes."""
        self.note_lines.append(f"[^{number}]: {self.capture(el, GENERIC, note=True)}")

    def marker(self, el: etree._Element, rule: ElementPolicy, own: int) -> None:
        """gap ``[…]``, handShift ``⟨hand: H⟩``, space; other empty elements write nothing."""
        tag = el.tag
        if tag == GAP:
            self.sign(rule.signs(self.view)[0])
            if self.view == D:
                self.sign(mark(el, rule))
        elif tag == HANDSHIFT:
            name = self.doc.hand_name(el)
            self.sign(self.escape_sign(f"⟨hand: {name}⟩" if name else "⟨hand⟩"))
        elif tag == SPACE:
            vertical = el.get("dim") == "vertical"
            self.buf.append(LINE + LINE if vertical and self.view == D else " ")

    # ---------------------------------------------------------------- blocks

    def flush(self) -> None:
        """Finish the block being written (if it has text)."""
        if not self.buf:
            return
        raw = squash("".join(self.buf))
        self.buf = []
        self.strip_next = self.pending_space = False
        if not raw:
            return
        if LINE not in raw:
            self.add_block(self.kinds[-1], raw)
            return
        lines = [line.strip(" ") for line in raw.split(LINE)]
        if self.view == R:
            lines = [line for line in lines if line]
        else:
            while lines and not lines[0]:
                lines.pop(0)
            while lines and not lines[-1]:
                lines.pop()
        if lines:
            self.add_block(self.kinds[-1], self.line_break_text().join(lines))

    def line_break_text(self) -> str:
        """A line break inside a block."""
        return "\n"

    def add_block(self, kind: str, text: str) -> None:
        """Append a finished block (and encode the finished text now and then)."""
        self.blocks.append((self.group, kind, text))
        if len(self.blocks) > DRAIN_AT and not self.capturing:
            self.drain()

    def drain(self) -> None:
        """Encode the blocks written so far; the last stays, for the separator after it."""
        joined = self.join_blocks(self.blocks)[self.drained :]
        self.done.append(joined.encode("utf-8"))
        self.blocks = self.blocks[-1:]
        self.drained = len(self.blocks[0][2]) if self.blocks else 0

    def join_blocks(self, blocks: list[tuple[int | None, str, str]]) -> str:
        """The blocks as text: a blank line between them, a line break inside a tight group."""
        out: list[str] = []
        prev: int | None = None
        for group, _kind, text in blocks:
            if out:
                out.append("\n" if group is not None and group == prev else "\n\n")
            out.append(text)
            prev = group
        return "".join(out)

    # ---------------------------------------------------------------- document

    def front(self) -> None:
        """What comes before the text (plain text: nothing)."""

    def render(self) -> bytes:
        """The whole document in this view, ending with a newline, UTF-8 encoded."""
        self.front()
        for part in self.parts():
            if part.member is not None:
                self.flush()
                self.add_block("title", self.doc.title(part.header))
            self.walk_part(part)
        self.flush()
        self.drain()
        self.notes()
        if self.note_lines:
            heading = f"{self.notes_heading}\n\n" if self.notes_heading else ""
            self.done.append(("\n\n" + heading + "\n".join(self.note_lines)).encode("utf-8"))
        body = b"".join(self.done).strip(b"\n")
        return body + b"\n"

    def write(self) -> str:
        """The whole document in this view, ending with a newline."""
        return self.render().decode("utf-8")

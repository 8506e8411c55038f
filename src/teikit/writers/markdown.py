"""The Markdown writer: one view of the TEI as Markdown (CommonMark with GFM extensions).

It is the text writer with Markdown's structure: the title as ``#``, the
citation as a list, headings, list items, hard line breaks, tables, notes as
footnotes (``[^N]``).  It follows the same policy and signs as the text view,
except that a deletion is ``~~X~~`` (struck through).  Text is escaped so that
nothing in the document is read as Markdown.
"""

from __future__ import annotations

from lxml import etree

from ..tei import T
from .document import Document
from .policy import (
    DEL_TAG,
    D,
    ElementPolicy,
)
from .text import TextWriter

_ESCAPES = str.maketrans({c: "\\" + c for c in "\\`*_[]<>~|{}"})
_LINE_START = ("#", ">", "-", "+", "=", "|")
HEAD = T + "head"


class MarkdownWriter(TextWriter):
    """Writes one view (reading or diplomatic) of a document as Markdown."""

    notes_heading = ""

    def __init__(self, doc: Document, view: int) -> None:
        super().__init__(doc, view)
        self._table_rows: set[int | None] = set()

    def escape(self, text: str) -> str:
        """Markdown's special characters escaped."""
        return text.translate(_ESCAPES)

    def signs(self, el: etree._Element, rule: ElementPolicy, own: int) -> tuple[str, str]:
        """The text view's signs; a deletion is struck through."""
        if el.tag == DEL_TAG:
            return ("~~", "~~")
        before, after = super().signs(el, rule, own)
        return before.translate(_ESCAPES), after.translate(_ESCAPES)

    def escape_sign(self, sign: str) -> str:
        """A sign holding words of the document, escaped."""
        return sign.translate(_ESCAPES)

    def block_kind(self, el: etree._Element, rule: ElementPolicy) -> str:
        """Headings carry their level: one below the title, one more per division."""
        if el.tag == HEAD:
            return f"h{min(6, 1 + max(1, self.div_depth))}"
        return super().block_kind(el, rule)

    def line_break_text(self) -> str:
        """A hard line break."""
        return "\\\n"

    def row_text(self, cells: list[str]) -> str:
        """A row of a GFM table."""
        return "| " + " | ".join(c or " " for c in cells) + " |"

    def add_block(self, kind: str, text: str) -> None:
        """A block with its Markdown prefix; a line that would read as Markdown is escaped."""
        starts_like_markdown = text.startswith(_LINE_START) or (
            text[:1].isdigit() and ". " in text[:10]
        )
        if starts_like_markdown and kind != "row" and not text.startswith("\\"):
            text = "\\" + text
        if kind.startswith("h") and kind[1:].isdigit():
            text = "#" * int(kind[1:]) + " " + text.replace("\\\n", " ")
        elif kind in ("label", "title"):
            text = "## " + text
        elif kind in ("item", "label-item"):
            text = "- " + text
        elif kind == "row" and self.group not in self._table_rows:
            self._table_rows.add(self.group)
            cells = text.count(" | ") + 1
            text = text + "\n|" + " --- |" * cells
        super().add_block(kind, text)

    def join_blocks(self, blocks: list[tuple[int | None, str, str]]) -> str:
        """Blocks of a tight group (verse, a list, a table) on lines of their own."""
        out: list[str] = []
        prev: int | None = None
        prev_kind = ""
        for group, kind, text in blocks:
            if out:
                if group is not None and group == prev:
                    hard = kind not in ("item", "row") and prev_kind not in ("item", "row")
                    out.append("\\\n" if hard else "\n")
                else:
                    out.append("\n\n")
            out.append(text)
            prev, prev_kind = group, kind
        return "".join(out)

    def front(self) -> None:
        """The title and the citation, before the text."""
        doc = self.doc
        add = super().add_block
        add("doc-title", "# " + self.escape(doc.title()))
        fields = doc.citation()
        lines = []
        for field in fields:
            value = self.escape(field.value)
            if field.href:
                value = f"<{field.href}>" if field.value == field.href else value
            lines.append(f"- **{field.label}:** {value}")
        hands = doc.used_hands
        if hands:
            lines.append(
                "- **Hands:** "
                + "; ".join(
                    self.escape(f"{h.ident}: {h.label}" if h.label else h.ident) for h in hands
                )
            )
        if lines:
            add("citation", "\n".join(lines))
        view = "reading" if self.view != D else "diplomatic"
        add("view", f"*{view.capitalize()} view.*")

"""The events the read passes leave for the builder.

The events speak of the transcription convention (a metadata field, a
section, a paragraph, a rule with its label spelling, a line break), never of
TEI; the builder (:mod:`teikit.build`) turns them into the TEI tree.
:class:`Explained` records how one bracket, line, block or phrase was read,
for ``teikit convert --explain``.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from typing import Any

from lxml import etree

from ..errors import Diagnostic
from ..profiles import Label, Rule


@dataclass(frozen=True)
class Event:
    """Base of all reader events."""


@dataclass(frozen=True)
class DocDate(Event):
    """The date line at the top of the metadata block."""

    text: str
    line: int


@dataclass(frozen=True)
class OriginalLanguage(Event):
    """The original's language as the metadata implies it without an ``Original
    Language`` field (``Translated from German``, an archive of one country)."""

    code: str
    evidence: str


@dataclass(frozen=True)
class ImpliedDate(Event):
    """The document's date as a line of the page implies it when the page has no date
    line (a broadcast's source line: ``… in Spanish 1100 GMT 3 Nov 87``)."""

    text: str
    when: str
    evidence: str


@dataclass(frozen=True)
class DocTitle(Event):
    """The title line of the metadata block (with its number and note mark in FRUS)."""

    text: str
    line: int
    n: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Layout(Event):
    """The order of the metadata's parts and the body, when it is not the PDF export's."""

    items: tuple[str, ...]


@dataclass(frozen=True)
class MetaField(Event):
    """A labelled field of the metadata block; ``lines`` has "" for blank lines."""

    label: str
    lines: tuple[str, ...]
    line: int


@dataclass(frozen=True)
class FieldOrder(Event):
    """The order of the fields, when it is not the profile's."""

    labels: tuple[str, ...]


@dataclass(frozen=True)
class StartSection(Event):
    """Start of the original text or of the translation."""

    kind: str
    lang: str
    line: int


@dataclass(frozen=True)
class EndSection(Event):
    """End of a section."""


@dataclass(frozen=True)
class StartRegion(Event):
    """Start of the opener or closer of a letter."""

    region: str
    line: int


@dataclass(frozen=True)
class EndRegion(Event):
    """End of an opener or closer."""


@dataclass(frozen=True)
class StartParagraph(Event):
    """Start of a paragraph."""

    line: int


@dataclass(frozen=True)
class EndParagraph(Event):
    """End of a paragraph."""


@dataclass(frozen=True)
class VerticalSpace(Event):
    """More than one blank line between two blocks."""

    blank_lines: int
    line: int


@dataclass(frozen=True)
class Text(Event):
    """Characters of the transcription, as they are."""

    text: str
    line: int
    column: int


@dataclass(frozen=True)
class LineBreak(Event):
    """A line break; ``hyphenated`` when a word runs on across it."""

    hyphenated: bool
    line: int


@dataclass(frozen=True)
class PageBreak(Event):
    """A blank line inside a sentence: the page turns."""

    line: int


@dataclass
class Explained:
    """How one bracket, line, block or phrase was read: for ``--explain``.

    ``element`` is the TEI element the rule made (the builder fills it in);
    ``note`` says why a choice was uncertain, or what is missing.
    """

    kind: str
    line: int
    column: int
    source: str
    rule: str
    note: str = ""
    element: Any = None

    def tei(self) -> str:
        """The TEI made, serialised without namespace declarations."""
        if self.element is None:
            return ""
        el = copy.deepcopy(self.element)
        el.tail = None
        out = etree.tostring(el, encoding="unicode")
        return re.sub(r' xmlns(?::\w+)?="[^"]*"', "", out)

    def as_dict(self) -> dict[str, Any]:
        """The record as a JSON-ready mapping."""
        return {
            "kind": self.kind,
            "line": self.line,
            "column": self.column,
            "source": self.source,
            "rule": self.rule,
            "tei": self.tei(),
            "note": self.note,
        }


@dataclass(frozen=True)
class StartRule(Event):
    """Start of the content of a rule (bracket, line, block or phrase) with its label spelling.

    The events up to the matching :class:`EndRule` fill the rule's default slot
    (``content`` or ``raw``), except those between :class:`StartSlot` and
    :class:`EndSlot`, which fill the slot named there.
    """

    rule: Rule
    spelling: Label | None
    line: int
    column: int
    params: tuple[tuple[str, str], ...] = ()
    record: Explained | None = None
    unclosed: bool = False  # a bracket closed by recovery (no ``]`` in the transcription)


@dataclass(frozen=True)
class EndRule(Event):
    """End of a rule's content."""


@dataclass(frozen=True)
class StartSlot(Event):
    """Start of the content of a named slot of the current rule (``extent``, ``after`` ...)."""

    name: str


@dataclass(frozen=True)
class EndSlot(Event):
    """End of a named slot."""


@dataclass(frozen=True)
class Register(Event):
    """People the text names by labels (speakers): id, the labels used for them."""

    people: tuple[tuple[str, tuple[str, ...]], ...]


@dataclass(frozen=True)
class Warn(Event):
    """A warning for the user."""

    diagnostic: Diagnostic

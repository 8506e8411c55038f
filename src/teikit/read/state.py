"""The state the read passes share, and the work they leave for one another.

A transcription is read by an ordered table of passes (``teikit.read.PASSES``),
as markdown-it-py runs its rule lists over one state.  Every pass reads the
:class:`ReadState` and rewrites its ``stream``: a list of finished
:class:`~teikit.read.events.Event` objects and of *pending* pieces that a
later pass expands:

- :class:`PendingSection`: the blocks of the original or of the translation
  (left by the sections pass, expanded by the blocks pass);
- :class:`PendingRegion`: the blocks of an opener or closer (left by the
  blocks pass, read line by line by the lines pass);
- :class:`PendingLine`: a line (or lines) that a line rule wraps (left by the
  blocks and lines passes, expanded by the lines pass);
- :class:`PendingInline`: nodes whose brackets are still to be resolved (left
  by the blocks and lines passes, resolved by the brackets pass);
- :class:`PendingItems`: resolved brackets and text, turned into events
  (phrases applied, warnings given) by the emit pass.

When the last pass has run, the stream holds events only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TypeVar

from ..errors import Diagnostic
from ..profiles import Profile, Rule
from .events import Event, Explained, StartSection, Warn
from .source import Source
from .syntax import Block, Item, Node

Context = tuple[str, ...]  # the region and the rules a piece lies within, outermost first


@dataclass
class LineMatch:
    """A line rule that fits a line: the content span, parameters and content nodes."""

    rule: Rule
    content: tuple[int, int]
    params: dict[str, str]
    nodes: list[Node]


@dataclass
class BlockMatch:
    """A block rule that fits a block: its slots (spans) and parameters."""

    rule: Rule
    slots: dict[str, tuple[int, int]]
    params: dict[str, str]


@dataclass
class PendingSection:
    """The blocks of one section (``original`` or ``translation``) in its language."""

    kind: str
    lang: str
    blocks: list[Block]


@dataclass
class PendingRegion:
    """The blocks of an opener or closer, to be read line by line."""

    region: str
    blocks: list[Block]


@dataclass
class PendingLine:
    """A line (or run of lines) that a line rule wraps, in context ``ctx``."""

    found: LineMatch
    ctx: Context


@dataclass
class PendingInline:
    """Nodes in context ``ctx`` whose brackets are still to be resolved."""

    nodes: list[Node]
    ctx: Context


@dataclass
class PendingItems:
    """Resolved brackets and text in context ``ctx``, to be emitted."""

    items: list[Item]
    ctx: Context


Pending = PendingSection | PendingRegion | PendingLine | PendingInline | PendingItems
Piece = Event | Pending
P = TypeVar("P", PendingSection, PendingRegion, PendingLine, PendingInline, PendingItems)


@dataclass
class ReadState:
    """One transcription under reading: its source, profile, findings and stream."""

    source: Source
    profile: Profile
    strict: bool = False
    original_lang: str = "und"
    section: str = ""  # the kind of the section a pass is expanding (original, translation)
    translation_lang: str = "en"
    stream: list[Piece] = field(default_factory=list)
    records: list[Explained] = field(default_factory=list)
    # left by the metadata pass
    meta_end: int = 0  # where the metadata at the top ends (0: none)
    body_end: int = 0  # where the body ends
    contents: tuple[str, ...] | None = None  # the "Contents" field, when there is one
    # left by the syntax pass
    blocks: list[Block] = field(default_factory=list)
    # left by the prescan pass
    notes: dict[str, int] = field(default_factory=dict)  # endnote label -> its block's offset
    endnote_blocks: set[int] = field(default_factory=set)  # offsets of endnote blocks
    note_ids: set[str] = field(default_factory=set)  # their xml:ids, targets of references
    people: dict[str, str] = field(default_factory=dict)  # a speaker's label -> register id
    people_labels: dict[str, list[str]] = field(default_factory=dict)
    disabled: set[str] = field(default_factory=set)  # block rules with too few matches here

    @property
    def text(self) -> str:
        """The transcription's text."""
        return self.source.text

    def pos(self, offset: int) -> tuple[int, int]:
        """(line, column) of ``offset`` in the original file."""
        return self.source.position(offset)

    def warn(self, code: str, message: str, offset: int | None) -> Warn:
        """A warning event at ``offset``."""
        line, col = self.pos(offset) if offset is not None else (None, None)
        return Warn(Diagnostic("warning", code, message, line, col, self.source.name))

    def record(self, kind: str, offset: int, source: str, rule: str, note: str = "") -> Explained:
        """A new ``--explain`` record at ``offset``, kept in reading order."""
        line, col = self.pos(offset)
        found = Explained(kind, line, col, source, rule, note)
        self.records.append(found)
        return found

    def expand(self, kind: type[P], step: Callable[[P], Iterable[Piece]]) -> None:
        """Replace every pending piece of ``kind`` in the stream by what ``step`` makes of it."""
        out: list[Piece] = []
        for piece in self.stream:
            if isinstance(piece, StartSection):
                self.section = piece.kind
            if isinstance(piece, kind):
                out.extend(step(piece))
            else:
                out.append(piece)
        self.stream = out

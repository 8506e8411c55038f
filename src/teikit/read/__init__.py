"""Reading: a transcription becomes a stream of events, by an ordered table of passes.

The reader knows the transcription convention and nothing of TEI.  Each pass
is a module with ``run(state)``; they run in the order of :data:`PASSES` over
one :class:`~teikit.read.state.ReadState`, each expanding what the one before
left pending (see :mod:`teikit.read.state`).  No pass imports another: what
they share is the state, the syntax (:mod:`teikit.read.syntax`) and the rule
matching (:mod:`teikit.read.match`).

1. ``metadata``: the page's layout (:mod:`teikit.read.layouts`), its fields, the body's range;
2. ``body``: the body's brackets nested, the body split into blocks;
3. ``prescan``: endnotes, speakers, block rules too rare to apply;
4. ``sections``: the original text and the translation;
5. ``blocks``: opener zone, paragraphs, block rules, closer, endnotes;
6. ``lines``: openers and closers line by line, line rules;
7. ``brackets``: every bracket resolved to a rule;
8. ``emit``: text and rules become events, phrase rules applied, warnings given.
"""

from __future__ import annotations

from collections.abc import Callable

from ..profiles import Profile
from . import blocks, body, brackets, emit, lines, metadata, prescan, sections
from .events import Event, Explained
from .source import Source, load
from .spacing import canonical
from .state import ReadState

Pass = Callable[[ReadState], None]

PASSES: list[tuple[str, Pass]] = [
    ("metadata", metadata.run),
    ("body", body.run),
    ("prescan", prescan.run),
    ("sections", sections.run),
    ("blocks", blocks.run),
    ("lines", lines.run),
    ("brackets", brackets.run),
    ("emit", emit.run),
]


def read(source: Source, profile: Profile, *, strict: bool = False) -> ReadState:
    """Read ``source`` by ``profile``: the state, its ``stream`` events only, and its records.

    Raises :class:`~teikit.errors.TeikitError` for input that cannot be read
    (unbalanced brackets; with ``strict``, brackets no rule reads confidently).
    """
    state = ReadState(canonical(source, profile), profile, strict)
    for _name, step in PASSES:
        step(state)
    return state


def events_of(state: ReadState) -> list[Event]:
    """The stream of a fully read state, as events (every pending piece expanded)."""
    out: list[Event] = []
    for piece in state.stream:
        if not isinstance(piece, Event):
            raise TypeError(f"a pending piece is left after the last pass: {piece!r}")
        out.append(piece)
    return out


__all__ = ["PASSES", "Explained", "ReadState", "Source", "events_of", "load", "read"]

"""Pass 2, body: the body's brackets nested by depth, and the body split into blocks.

Published pages are not always balanced: a ``[handwritten: …`` never closed, a
``… 31 March 1958]`` whose ``[`` was lost.  Unless the reading is strict, the
body is recovered as a careful encoder would: a bracket never closed closes at
the end of its block (its element says so: ``rend="unclosed"``, and the
transcription writer leaves the ``]`` out again), a ``]`` that closes nothing
is text.  Each recovery is a warning and an ``--explain`` record.
"""

from __future__ import annotations

from ..errors import TeikitError
from .state import ReadState
from .syntax import Recovery, parse_brackets, split_blocks

_STRICT = {
    "unclosed": "the bracket opened here is never closed (--strict refuses what recovery "
    "would close at the end of its block)",
    "stray": "a ']' closes no bracket (--strict refuses what recovery would read as text)",
}
_MESSAGES = {
    "unclosed": "the bracket opened here is never closed: closed at the end of its block",
    "stray": "a ']' closes no bracket: read as text",
}


def run(state: ReadState) -> None:
    """Parse the body (between the metadata and the trailing fields) into blocks."""
    text = state.text
    start = state.meta_end
    while start < len(text) and text[start] == "\n":
        start += 1
    if start >= state.body_end:
        return
    nodes, recoveries = parse_brackets(text, start, state.body_end, state.source, recover=True)
    if state.strict and recoveries:  # the first fault in the text, as recovery reads it
        first = recoveries[0]
        line, column = state.pos(first.offset)
        raise TeikitError(
            _STRICT[first.kind], path=state.source.name, line=line, column=column,
            code=f"{first.kind}-bracket",
        )
    gap = start - state.meta_end - 1 if state.meta_end else 0
    state.blocks = split_blocks(text, nodes, start, gap)
    for found in recoveries:
        _report(state, found)


def _report(state: ReadState, found: Recovery) -> None:
    """The warning and the ``--explain`` record of one recovery."""
    code = f"{found.kind}-bracket"
    end = found.closed_at if found.kind == "unclosed" else found.offset + 1
    source = state.text[found.offset : end]
    state.stream.append(state.warn(code, _MESSAGES[found.kind], found.offset))
    state.record("recovery", found.offset, source[:200], code, _MESSAGES[found.kind])

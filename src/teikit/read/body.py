"""Pass 2, body: the body's brackets nested by depth, and the body split into blocks."""

from __future__ import annotations

from .state import ReadState
from .syntax import parse_brackets, split_blocks


def run(state: ReadState) -> None:
    """Parse the body (between the metadata and the trailing fields) into blocks."""
    text = state.text
    start = state.meta_end
    while start < len(text) and text[start] == "\n":
        start += 1
    if start >= state.body_end:
        return
    nodes = parse_brackets(text, start, state.body_end, state.source)
    gap = start - state.meta_end - 1 if state.meta_end else 0
    state.blocks = split_blocks(text, nodes, start, gap)

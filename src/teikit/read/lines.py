"""Pass 6, lines: openers and closers read line by line, and the lines line rules wrap.

In an opener or closer every line is tried against the region's line rules
(a dateline, a salutation, a signature, a classification line); a rule may
continue over the lines after it (an address of several lines).  A line no
rule takes is left, with its brackets, to the brackets pass.  Blank lines
inside a region are line breaks.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..profiles import Label
from .events import EndRegion, EndRule, LineBreak, StartRegion, StartRule, Text
from .match import match_line
from .state import LineMatch, PendingInline, PendingLine, PendingRegion, Piece, ReadState
from .syntax import Node, hyphenated, node_end, slice_nodes, split_lines


def run(state: ReadState) -> None:
    """Expand the regions into lines, then the lines that line rules wrap."""
    state.expand(PendingRegion, lambda region: _region(state, region))
    state.expand(PendingLine, lambda line: _line(state, line))


def _region(state: ReadState, pending: PendingRegion) -> Iterator[Piece]:
    """An opener or closer: line by line, with line rules applied."""
    blocks, region = pending.blocks, pending.region
    text = state.text
    yield StartRegion(region, state.pos(blocks[0].start)[0])
    ctx = (region,)
    for n, block in enumerate(blocks):
        if n:
            for _ in range(block.gap + 1):
                yield LineBreak(False, state.pos(block.start)[0])
        lines = split_lines(text, block.nodes)
        k = 0
        prev: list[Node] | None = None
        while k < len(lines):
            if k:
                prev_end = node_end(prev[-1]) if prev else block.start
                yield LineBreak(hyphenated(text, prev_end), state.pos(prev_end)[0])
            line_nodes = lines[k]
            prev = line_nodes
            k += 1
            if not line_nodes:
                continue
            found = match_line(state, region, line_nodes)
            skipped: frozenset[str] = frozenset()
            while found is not None and found.rule.needs_continuation and not (
                k < len(lines) and lines[k] and found.rule.continues is not None
                and found.rule.continues.search(_raw(text, lines[k]))
            ):  # a rule that needs the next line to go on: the next rule instead
                skipped |= {found.rule.name}
                found = match_line(state, region, line_nodes, skipped)
            if found is not None and found.rule.continues is not None:
                last = k - 1
                while (
                    last + 1 < len(lines)
                    and lines[last + 1]
                    and found.rule.continues.search(_raw(text, lines[last + 1]))
                ):
                    last += 1
                if last > k - 1:
                    a = found.content[0]
                    b = node_end(lines[last][-1])
                    nodes = slice_nodes(block.nodes, a, b)
                    if nodes is not None:
                        found = LineMatch(found.rule, (a, b), found.params, nodes)
                        prev = lines[last]
                        k = last + 1
            if found is not None:
                yield PendingLine(found, ctx)
            else:
                yield PendingInline(line_nodes, ctx)
    yield EndRegion()


def _raw(text: str, nodes: list[Node]) -> str:
    return text[nodes[0].start : node_end(nodes[-1])]


def _line(state: ReadState, pending: PendingLine) -> Iterator[Piece]:
    """A line (or lines) that a line rule wraps."""
    found, ctx = pending.found, pending.ctx
    rule = found.rule
    a, b = found.content
    text = state.text
    if rule.letterspaced:
        record = state.record("line", a, text[a:b], rule.name)
        words, uniform = _letterspace(text[a:b], state.profile.letterspace_words)
        spelling = Label("", "uniform" if uniform else None)
        yield StartRule(rule, spelling, record.line, record.column, (), record)
        yield Text(" ".join(words), record.line, record.column)
        yield EndRule()
        return
    start = found.nodes[0].start if found.nodes else a
    line, col = state.pos(a)
    record = state.record("line", a, text[min(a, start) : b][:200], rule.name)
    params = tuple({**found.params, "lang": state.original_lang}.items())
    yield StartRule(rule, None, line, col, params, record)
    if rule.template.default is not None:
        yield PendingInline(found.nodes, (*ctx, rule.name))
    yield EndRule()


def _letterspace(raw: str, known: tuple[str, ...]) -> tuple[list[str], bool]:
    """The words of a letter-spaced line, and whether its gaps were all single."""
    groups = raw.split("  ")
    words = ["".join(g.split(" ")) for g in groups]
    if len(words) > 1:
        return words, False
    found = _segment(words[0], known)
    if found and len(found) > 1:
        return found, True
    return words, False


def _segment(letters: str, words: tuple[str, ...]) -> list[str] | None:
    """Split ``letters`` into known words (fewest words), or None."""
    best: list[list[str] | None] = [None] * (len(letters) + 1)
    best[0] = []
    for i in range(len(letters)):
        current = best[i]
        if current is None:
            continue
        for word in words:
            if letters.startswith(word, i):
                candidate = [*current, word]
                slot = best[i + len(word)]
                if slot is None or len(candidate) < len(slot):
                    best[i + len(word)] = candidate
    return best[len(letters)]

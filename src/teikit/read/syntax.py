"""The syntax of a transcription: text stretches, brackets nested by depth, blocks, lines.

Nothing here knows a rule: a bracket is a :class:`Group` (``[`` at ``start``,
``]`` at ``end``), the text between brackets a :class:`Seg`; blocks are the
top-level nodes between blank lines (never cut inside a bracket), lines the
nodes between line breaks (a bracket stays on the line it opens).  Offsets are
into the source text; :class:`teikit.read.source.Source` maps them to lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..errors import TeikitError
from .source import Source

if TYPE_CHECKING:
    from ..profiles import Label, Rule
    from .events import Explained

_BRACKETS = re.compile(r"[\[\]]")
_BLANK_LINES = re.compile(r"\n(\n+)")
MAX_DEPTH = 50  # editorial brackets nest two or three deep; far more is not a transcription
TOO_DEEP = f"brackets nested more than {MAX_DEPTH} deep"
MAX_SPAN = 2  # blank lines a bracket may span (a handwritten annotation of a few paragraphs)


@dataclass
class Seg:
    """A stretch of source text [start, end) without brackets."""

    start: int
    end: int


@dataclass
class Group:
    """A bracket: '[' at ``start``, ']' at ``end``, and what lies between.

    A bracket the transcription never closes is closed by recovery at the end of
    its block: ``closed`` is then False and ``end`` is where it was closed (no
    ``]`` stands there).
    """

    start: int
    end: int
    children: list[Seg | Group] = field(default_factory=list)
    closed: bool = True


Node = Seg | Group


@dataclass
class RuleItem:
    """A resolved bracket: the rule, its spelling, its slots and parameters.

    ``start`` and ``end`` span the source it covers (with the text before or
    after the bracket that an extent takes); ``children`` fill the default slot,
    ``slots`` the others.
    """

    rule: Rule
    spelling: Label | None
    start: int
    end: int
    children: list[Item]
    raw: bool = False
    slots: dict[str, list[Item]] = field(default_factory=dict)
    params: dict[str, str] = field(default_factory=dict)
    record: Explained | None = None
    closed: bool = True


Item = Seg | RuleItem


@dataclass
class Block:
    """Top-level nodes between blank lines, with the blank lines before them."""

    nodes: list[Node]
    start: int
    end: int
    gap: int


def node_end(node: Node) -> int:
    """The offset just past ``node`` (past the ``]`` of a bracket)."""
    return node.end + 1 if isinstance(node, Group) and node.closed else node.end


def raw_blocks(text: str) -> list[tuple[int, int, int]]:
    """(start, end, blank lines before) of every block of ``text``, ignoring brackets."""
    out: list[tuple[int, int, int]] = []
    pos = 0
    gap = 0
    for m in _BLANK_LINES.finditer(text):
        out.append((pos, m.start(), gap))
        gap = len(m.group(1))
        pos = m.end()
    out.append((pos, len(text), gap))
    return out


@dataclass(frozen=True)
class Recovery:
    """An unbalanced bracket read as a careful encoder would.

    ``kind`` is ``stray`` (a ``]`` that closes nothing, read as text) or
    ``unclosed`` (a ``[`` never closed, closed at ``closed_at``: the end of its
    block, or of the body).
    """

    kind: str
    offset: int
    closed_at: int = -1


@dataclass
class _Scan:
    """One reading of the brackets, with the recoveries decided so far."""

    nodes: list[Node]
    recoveries: list[Recovery]
    open_at_end: list[int]  # offsets of brackets still open at the end
    too_far: list[tuple[int, int]]  # (opener, closer) pairs more than MAX_SPAN blank lines apart
    deepest: int | None = None  # where brackets first nest deeper than MAX_DEPTH


def parse_brackets(
    text: str, start: int, end: int, source: Source, *, recover: bool = False
) -> tuple[list[Node], list[Recovery]]:
    """Nest the brackets of ``text[start:end]`` by depth: the nodes, and the recoveries made.

    Without ``recover``, a stray or unclosed bracket is an error.  With it, a
    ``[`` never closed is closed where its block ends (the first blank line after
    it, or ``end``), with the brackets opened inside it before that point; a
    ``]`` that closes nothing is text.  A bracket may span a blank line or two (a
    handwritten annotation of two paragraphs), but a ``]`` that would close a
    ``[`` more than :data:`MAX_SPAN` blank lines back pairs two faults, not one
    bracket: the ``[`` is unclosed, the ``]`` stray.
    """
    closes: dict[int, int] = {}  # offset -> the outermost bracket recovery closes there
    forced: set[int] = set()  # ']' read as text although a bracket is open
    for _ in range(text.count("[", start, end) + text.count("]", start, end) + 2):
        scan = _scan(text, start, end, source, closes, forced, recover)
        if not recover:
            return scan.nodes, []
        for opener, closer in scan.too_far:
            forced.add(closer)
            _close_at_block_end(text, opener, end, closes)
        for opener in scan.open_at_end if not scan.too_far else ():
            _close_at_block_end(text, opener, end, closes)
        if not scan.too_far and not scan.open_at_end:
            if scan.deepest is not None:
                raise _error(source, scan.deepest, TOO_DEEP, "too-deep")
            return scan.nodes, sorted(scan.recoveries, key=lambda r: r.offset)
    raise AssertionError("bracket recovery did not settle")  # each round decides one more


def _close_at_block_end(text: str, opener: int, end: int, closes: dict[int, int]) -> None:
    blank = _BLANK_LINES.search(text, opener, end)
    at = blank.start() if blank else end
    closes[at] = min(opener, closes.get(at, opener))


def _spans(text: str, a: int, b: int) -> int:
    """How many blank-line runs lie between ``a`` and ``b`` (counted to one past the limit)."""
    n = 0
    for _ in _BLANK_LINES.finditer(text, a, b):
        n += 1
        if n > MAX_SPAN:
            break
    return n


def _scan(
    text: str, start: int, end: int, source: Source, closes: dict[int, int], forced: set[int],
    recover: bool,
) -> _Scan:
    top: list[Node] = []
    current = top
    stack: list[tuple[Group, list[Node]]] = []
    recoveries: list[Recovery] = []
    too_far: list[tuple[int, int]] = []
    deepest: int | None = None
    seg_start = start
    marks = sorted({m.start() for m in _BRACKETS.finditer(text, start, end)} | set(closes))
    for i in marks:
        if i in closes:  # recovery closes the bracket opened at closes[i], and all inside it
            while stack and stack[-1][0].start >= closes[i]:
                if seg_start < i:
                    current.append(Seg(seg_start, i))
                    seg_start = i
                group, current = stack.pop()
                group.end, group.closed = i, False
                recoveries.append(Recovery("unclosed", group.start, i))
        if i >= end or text[i] not in "[]":
            continue
        if text[i] == "]" and (not stack or i in forced):
            if not recover:
                raise _error(source, i, "a ']' closes no bracket", "stray-bracket")
            recoveries.append(Recovery("stray", i))
            continue  # text: the segment runs on over it
        if seg_start < i:
            current.append(Seg(seg_start, i))
        if text[i] == "[":
            if len(stack) >= MAX_DEPTH and deepest is None:
                if not recover:
                    raise _error(source, i, TOO_DEEP, "too-deep")
                deepest = i  # an error only if it stays so deep once recovered
            group = Group(i, -1)
            current.append(group)
            stack.append((group, current))
            current = group.children
        else:
            if _spans(text, stack[-1][0].start, i) > MAX_SPAN:
                if not recover:
                    message = (f"the bracket opened here closes only after more than {MAX_SPAN} "
                               "blank lines: it is never closed, and a later ']' is stray")
                    raise _error(source, stack[-1][0].start, message, "unclosed-bracket")
                too_far.append((stack[-1][0].start, i))
            group, current = stack.pop()
            group.end = i
        seg_start = i + 1
    if stack and not recover:
        message = f"the bracket opened here is never closed ({len(stack)} unclosed)"
        raise _error(source, stack[0][0].start, message, "unclosed-bracket")
    if seg_start < end:
        current.append(Seg(seg_start, end))
    return _Scan(top, recoveries, [g.start for g, _ in stack], too_far, deepest)


def _error(source: Source, offset: int, message: str, code: str) -> TeikitError:
    line, col = source.position(offset)
    return TeikitError(message, path=source.name, line=line, column=col, code=code)


def split_blocks(text: str, nodes: list[Node], start: int, gap: int) -> list[Block]:
    """Split top-level nodes at blank lines (never inside a bracket)."""
    blocks: list[Block] = []
    current: list[Node] = []
    block_start = start
    for node in nodes:
        if isinstance(node, Group):
            if not current:
                block_start = node.start
            current.append(node)
            continue
        pos = node.start
        for m in _BLANK_LINES.finditer(text[node.start : node.end]):
            a, b = node.start + m.start(), node.start + m.end()
            if pos < a:
                if not current:
                    block_start = pos
                current.append(Seg(pos, a))
            if current:
                blocks.append(Block(current, block_start, a, gap))
            current = []
            gap = len(m.group(1))
            pos = b
        if pos < node.end:
            if not current:
                block_start = pos
            current.append(Seg(pos, node.end))
    if current:
        blocks.append(Block(current, block_start, node_end(current[-1]), gap))
    return blocks


def split_lines(text: str, nodes: list[Node]) -> list[list[Node]]:
    """Split top-level nodes at line breaks (a bracket stays on the line it opens)."""
    lines: list[list[Node]] = [[]]
    for node in nodes:
        if isinstance(node, Group):
            lines[-1].append(node)
            continue
        pos = node.start
        while True:
            nl = text.find("\n", pos, node.end)
            if nl < 0:
                if pos < node.end:
                    lines[-1].append(Seg(pos, node.end))
                break
            if pos < nl:
                lines[-1].append(Seg(pos, nl))
            lines.append([])
            pos = nl + 1
    return lines


def slice_nodes(nodes: list[Node], a: int, b: int) -> list[Node] | None:
    """The nodes within [a, b) (text cut at the edges); None when a bracket is cut."""
    out: list[Node] = []
    for node in nodes:
        start, end = node.start, node_end(node)
        if end <= a or start >= b:
            continue
        if isinstance(node, Group):
            if start < a or end > b:
                return None
            out.append(node)
        else:
            out.append(Seg(max(start, a), min(end, b)))
    return out


def hyphenated(text: str, newline: int) -> bool:
    """True when the line ending at offset ``newline`` breaks a word with a hyphen."""
    return (
        newline >= 2
        and text[newline - 1] == "-"
        and text[newline - 2].isalpha()
        and newline + 1 < len(text)
        and text[newline + 1].isalpha()
        and text[newline + 1].islower()
    )

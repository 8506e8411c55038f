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


@dataclass
class Seg:
    """A stretch of source text [start, end) without brackets."""

    start: int
    end: int


@dataclass
class Group:
    """A bracket: '[' at ``start``, ']' at ``end``, and what lies between."""

    start: int
    end: int
    children: list[Seg | Group] = field(default_factory=list)


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
    return node.end + 1 if isinstance(node, Group) else node.end


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


def parse_brackets(text: str, start: int, end: int, source: Source) -> list[Node]:
    """Nest the brackets of ``text[start:end]`` by depth; report stray and unclosed ones."""
    top: list[Node] = []
    current = top
    stack: list[tuple[Group, list[Node]]] = []
    seg_start = start
    for m in _BRACKETS.finditer(text, start, end):
        i = m.start()
        if seg_start < i:
            current.append(Seg(seg_start, i))
        if m.group() == "[":
            if len(stack) >= MAX_DEPTH:
                raise _error(source, i, f"brackets nested more than {MAX_DEPTH} deep", "too-deep")
            group = Group(i, -1)
            current.append(group)
            stack.append((group, current))
            current = group.children
        else:
            if not stack:
                raise _error(source, i, "a ']' closes no bracket", "stray-bracket")
            group, current = stack.pop()
            group.end = i
        seg_start = i + 1
    if stack:
        message = f"the bracket opened here is never closed ({len(stack)} unclosed)"
        raise _error(source, stack[0][0].start, message, "unclosed-bracket")
    if seg_start < end:
        current.append(Seg(seg_start, end))
    return top


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

"""Pass 5, blocks: each section's blocks become its structure.

A section is its opener zone (headings and the lines before the first
paragraph), its body (paragraphs, and blocks that a block rule reads, such as
speaker turns or a stamp standing alone), its closer (the lines after the last
paragraph) and its endnotes.  A paragraph runs on across one blank line when
the sentence plainly goes on (the page turned: ``pb``).  This pass leaves the
opener and closer to the lines pass and the text of every block to the
brackets pass.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from .. import dates
from ..profiles.matchers import line_test
from .events import (
    EndParagraph,
    EndRule,
    EndSection,
    EndSlot,
    PageBreak,
    StartParagraph,
    StartRule,
    StartSection,
    StartSlot,
    VerticalSpace,
)
from .match import classify, match_block, match_line
from .state import (
    BlockMatch,
    LineMatch,
    PendingInline,
    PendingLine,
    PendingRegion,
    PendingSection,
    Piece,
    ReadState,
)
from .syntax import Block, Group, Seg, slice_nodes

_WORDS = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
_SENTENCE_END = re.compile(r"[.!?:;»”\")\]]$")
BODY = ("body",)


@dataclass
class BlockKind:
    """What a block is: ``prose``, ``other``, ``head``/``body`` (a block rule), ``between``."""

    tag: str
    block: BlockMatch | None = None
    line: LineMatch | None = None
    bracket: bool = False


def run(state: ReadState) -> None:
    """Expand every section into its structure."""
    state.expand(PendingSection, lambda section: _section(state, section))


def _section(state: ReadState, section: PendingSection) -> Iterator[Piece]:
    """Opener, heads, paragraphs and blocks, closer, endnotes of one section."""
    blocks = section.blocks
    yield StartSection(section.kind, section.lang, state.pos(blocks[0].start)[0])
    end = len(blocks)
    while end > 0 and blocks[end - 1].start in state.endnote_blocks:
        end -= 1
    tail_rules = [r for r in state.profile.blocks if "tail" in r.zone]
    while end > 1 and any(match_block(state, r, blocks[end - 1]) for r in tail_rules):
        end -= 1
    if end:
        yield from _main(state, blocks[:end])
    end_rules = [r for r in state.profile.blocks if {"end", "tail"} & set(r.zone)]
    for block in blocks[end:]:
        yield from _space(state, block)
        for rule in end_rules:
            match = match_block(state, rule, block)
            if match is not None:
                yield from _rule_block(state, block, match)
                break
    yield EndSection()


def _space(state: ReadState, block: Block) -> Iterator[Piece]:
    """Vertical space before ``block``, when more than one blank line precedes it."""
    if block.gap > 1:
        yield VerticalSpace(block.gap, state.pos(block.start)[0])


def _main(state: ReadState, blocks: list[Block]) -> Iterator[Piece]:
    """Opener zone, body, closer of a section (its endnotes apart)."""
    kinds = [_kind(state, b) for b in blocks]
    content = [i for i, k in enumerate(kinds) if k.tag in ("prose", "body")]
    if content:
        first, last = content[0], content[-1]
        while last + 1 < len(blocks) and _continues(state, blocks[last], blocks[last + 1]):
            last += 1
    else:
        first, last = 0, len(blocks) - 1
    pending: list[Block] = []
    for i in range(first):
        if kinds[i].tag in ("head", "between"):
            if pending:
                yield from _space(state, pending[0])
                yield PendingRegion("opener", pending)
                pending = []
            yield from _space(state, blocks[i])
            yield from _kind_pieces(state, blocks[i], kinds[i])
        else:
            pending.append(blocks[i])
    if pending:
        yield from _space(state, pending[0])
        yield PendingRegion("opener", pending)
    i = first
    while i <= last:
        block = blocks[i]
        yield from _space(state, block)
        if kinds[i].tag in ("body", "between"):
            yield from _kind_pieces(state, block, kinds[i])
            i += 1
            continue
        yield StartParagraph(state.pos(block.start)[0])
        yield PendingInline(block.nodes, BODY)
        while (
            i < last
            and kinds[i + 1].tag not in ("body", "between")
            and _continues(state, blocks[i], blocks[i + 1])
        ):
            i += 1
            yield PageBreak(state.pos(blocks[i].start)[0])
            yield PendingInline(blocks[i].nodes, BODY)
        yield EndParagraph()
        i += 1
    if last + 1 < len(blocks):
        yield from _space(state, blocks[last + 1])
        yield PendingRegion("closer", blocks[last + 1 :])


def _kind(state: ReadState, block: Block) -> BlockKind:
    """What a block of a section is: a block rule's, a line rule's, prose or other."""
    if block.start in state.endnote_blocks:  # a note closing a part inside the section
        for rule in state.profile.blocks:
            if "end" in rule.zone and (match := match_block(state, rule, block)) is not None:
                return BlockKind("body", block=match)
    if "\n" not in state.text[block.start : block.end]:
        found = match_line(state, "body", block.nodes)
        if found is not None:
            return BlockKind("between", line=found)
    if len(block.nodes) == 1 and isinstance(block.nodes[0], Group):
        resolved = classify(state, block.nodes[0], None, None, BODY)
        if resolved is not None and resolved.rule.between:
            return BlockKind("between", bracket=True)
    for rule in state.profile.blocks:
        if rule.name in state.disabled or not ({"head", "body"} & set(rule.zone)):
            continue
        match = match_block(state, rule, block)
        if match is not None:
            return BlockKind("body" if "body" in rule.zone else "head", block=match)
    return BlockKind("prose" if _is_prose(state, block) else "other")


def _kind_pieces(state: ReadState, block: Block, kind: BlockKind) -> Iterator[Piece]:
    """A block that a block rule, a line rule or a bracket standing alone reads."""
    if kind.bracket:
        yield PendingInline(block.nodes, BODY)
    elif kind.line is not None:
        yield PendingLine(kind.line, BODY)
    elif kind.block is not None:
        yield from _rule_block(state, block, kind.block)


def _rule_block(state: ReadState, block: Block, match: BlockMatch) -> Iterator[Piece]:
    """A block made by a block rule: its named slots, then its default slot."""
    rule = match.rule
    params = dict(match.params)
    if rule.register:
        ident = state.people.get(params.get("name", "").strip())
        if ident:
            params["who"] = ident
    record = state.record("block", block.start, state.text[block.start : block.end][:200],
                          rule.name)
    yield StartRule(rule, None, record.line, record.column, tuple(params.items()), record)
    ctx = ("body", rule.name)
    default = rule.template.default
    for name, (a, b) in match.slots.items():
        if name == default:
            continue
        yield StartSlot(name)
        yield PendingInline(slice_nodes(block.nodes, a, b) or [], ctx)
        yield EndSlot()
    if default in match.slots:
        a, b = match.slots[default]
        yield PendingInline(slice_nodes(block.nodes, a, b) or [], ctx)
    yield EndRule()


def _is_annotation(state: ReadState, block: Block) -> bool:
    """A block that is one bracket (with trailing punctuation at most)."""
    groups = [n for n in block.nodes if isinstance(n, Group)]
    if len(groups) != 1:
        return False
    rest = "".join(state.text[n.start : n.end] for n in block.nodes if isinstance(n, Seg))
    return not rest.strip(" .,;")


_TITLE_MAX_WORDS = 16
_PLACE_DATE = line_test("place-date")
_TITLE_END = re.compile(r"[^\W_]\s*$")  # ends with a letter or digit: no sentence end


def _is_title(line: str) -> bool:
    """One line in title case with no closing punctuation, no bracket, no closing date."""
    if "[" in line or not _TITLE_END.search(line):
        return False
    found = dates.find_phrases(line.rstrip())
    if found and found[-1].end >= len(line.rstrip()) - 3:
        return False  # "... on 14 April 1958": a dated heading, as prose in the other part
    long = [w for w in line.split() if len(w) >= 4 and w[0].isalpha()]
    return bool(long) and 2 * sum(w[0].isupper() for w in long) >= len(long)


def _is_prose(state: ReadState, block: Block) -> bool:
    """A block of running text (not a heading, signature or annotation)."""
    if _is_annotation(state, block):
        return False
    plain = state.text[block.start : block.end]
    longest = max(_word_count(line) for line in plain.split("\n"))
    if "\n" not in plain.strip() and longest <= _TITLE_MAX_WORDS and _is_title(plain):
        return False  # a heading, not running text
    if "\n" not in plain.strip() and longest <= _TITLE_MAX_WORDS and _PLACE_DATE(
        plain.strip(), state.profile
    ):
        return False  # a dateline ("Bonn, July 14, 1977, 10:05 a.m.–12:20 p.m.")
    return longest >= state.profile.prose_min_words


def _continues(state: ReadState, a: Block, b: Block) -> bool:
    """True when block ``b`` continues the sentence of ``a`` across one blank line."""
    if b.gap != 1:
        return False
    tail = state.text[a.start : a.end].rstrip()
    head = state.text[b.start : b.end]
    return (
        bool(tail)
        and not _SENTENCE_END.search(tail)
        and tail[-1] != "-"
        and head[:1].isalpha()
        and head[:1].islower()
    )


def _word_count(line: str) -> int:
    """Words on a line; a letter-spaced line (single letters) counts its groups."""
    words = _WORDS.findall(line)
    if len(words) >= 3 and all(len(w) == 1 for w in words):
        return len(line.split("  "))
    return len(words)

"""Pass 3, prescan: what the whole document decides before any block is read.

The endnotes at the end of the body (so that references to them resolve), the
block rules with too few matches in this document (speaker turns need several),
and the people the speaker turns name, each given one register id.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from ..profiles import Rule
from .events import Register
from .match import match_block, xml_id
from .state import ReadState
from .syntax import Block


def run(state: ReadState) -> None:
    """Find the endnotes and the speakers; add the speakers' register to the stream."""
    _endnotes(state)
    _speakers(state)
    if state.people_labels:
        state.stream.append(
            Register(tuple((k, tuple(v)) for k, v in state.people_labels.items()))
        )


def _endnotes(state: ReadState) -> None:
    """The blocks at the end that an end-zone rule reads as notes with distinct labels,
    then the bracketed notes that close a part before the end (:func:`_inner_endnotes`)."""
    end_rules = [r for r in state.profile.blocks if "end" in r.zone]
    for block in reversed(state.blocks):
        if not _take_note(state, end_rules, block):
            break
    _inner_endnotes(state, [r for r in end_rules if r.write.startswith("[")])


def _inner_endnotes(state: ReadState, rules: list[Rule]) -> None:
    """Notes in brackets (``[1] …``) that close a part before the end of the body (the
    translation's notes, with the original after them): a block that a bracketed end
    rule reads, whose label a reference glued to the text before it names."""
    text = state.text

    def referred(label: str, block: Block) -> bool:
        return re.search(rf"(?<=[^\s\[])\[{re.escape(label)}\]", text[: block.start]) is not None

    for block in state.blocks:
        if block.start not in state.endnote_blocks:
            _take_note(state, rules, block, referred)


def _take_note(
    state: ReadState,
    rules: list[Rule],
    block: Block,
    accept: Callable[[str, Block], bool] | None = None,
) -> bool:
    """Register ``block`` as the note of the first of ``rules`` that reads it with a
    label not taken yet (and that ``accept`` allows); whether one did."""
    for rule in rules:
        match = match_block(state, rule, block)
        label = match.params.get("n") if match else None
        if match is None or not label or label in state.notes:
            continue
        if accept is not None and not accept(label, block):
            continue
        state.notes[label] = block.start
        state.endnote_blocks.add(block.start)
        ident = xml_id(rule, {**state.profile.params, **match.params})
        if ident:
            state.note_ids.add(ident)
        return True
    return False


def _speakers(state: ReadState) -> None:
    """Disable block rules with too few matches; register the speakers of the others."""
    body = [b for b in state.blocks if b.start not in state.endnote_blocks]
    claimed: set[int] = set()  # blocks an earlier block rule reads (they are not turns)
    for rule in state.profile.blocks:
        if not rule.min_matches and not rule.register:
            claimed.update(b.start for b in body if match_block(state, rule, b) is not None)
            continue
        turns = [
            (b, m) for b in body
            if b.start not in claimed and (m := match_block(state, rule, b)) is not None
        ]
        matches = [m for _, m in turns]
        if len(matches) < rule.min_matches:
            state.disabled.add(rule.name)
            continue
        claimed.update(b.start for b, _ in turns)
        if rule.register:
            for match in matches:
                _register(state, match.params.get("name", ""), match.params.get("alias"))


def _register(state: ReadState, name: str, alias: str | None) -> None:
    """Give the speaker ``name`` (and the alias it declares) one register id."""
    name = name.strip()
    if not name:
        return
    ident = state.people.get(name)
    if ident is None:
        slug = "-".join(re.findall(r"[^\W_]+", _plain_letters(name.lower()))) or "x"
        ident = f"speaker-{slug}"
        taken = set(state.people.values())
        n = 2
        while ident in taken:
            ident = f"speaker-{slug}-{n}"
            n += 1
        state.people[name] = ident
        state.people_labels[ident] = [name]
    if alias:
        alias = alias.strip()
        if alias not in state.people:
            state.people[alias] = ident
            state.people_labels[ident].append(alias)


def _plain_letters(text: str) -> str:
    """``text`` with its accents dropped (ș is s, é is e): an id must be a name to every
    XML processor, and older ones (libxml2, jing) know no letters past Unicode 2."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))

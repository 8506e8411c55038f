"""Pass 8, emit: resolved brackets and text become events; phrase rules mark the text.

Phrase rules (dates, transliterated words, pinyin and the like) apply to the
text between brackets, in the contexts they name; a rule marked ``once``
applies at most once in each opener or closer.  A bracket read tentatively,
or by the catch-all rule, gives a warning after its events.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .. import dates, languages
from ..profiles import Rule
from .events import (
    EndRule,
    EndSlot,
    Event,
    LineBreak,
    StartRegion,
    StartRule,
    StartSection,
    StartSlot,
    Text,
)
from .match import map_params, renders_back, targets_resolve
from .state import Context, PendingItems, Piece, ReadState
from .syntax import Item, Seg, hyphenated


class Emitter:
    """Emits the pending items of one document, keeping the phrase rules' state."""

    def __init__(self, state: ReadState) -> None:
        self.state = state
        self.text = state.text
        self.once: set[str] = set()  # ``once`` phrase rules used in this region
        self._phrase_rules: dict[str, list[Rule]] = {}
        self.section = ""  # the kind of the section being emitted (original, translation)
        editor = state.profile.params.get("original_supplier")
        self.original_supplier = editor if "supplier" in state.profile.params else None

    def run(self) -> None:
        """Turn every pending item list of the stream into events."""
        out: list[Piece] = []
        for piece in self.state.stream:
            if isinstance(piece, StartRegion):
                self.once = set()
            if isinstance(piece, StartSection):
                self.section = piece.kind
            if isinstance(piece, PendingItems):
                out.extend(self.items(piece.items, piece.ctx))
            else:
                out.append(piece)
        self.state.stream = out

    def items(self, items: list[Item], ctx: Context) -> Iterator[Event]:
        """Events for resolved items in context ``ctx`` (region and enclosing rules)."""
        state = self.state
        for item in items:
            if isinstance(item, Seg):
                yield from self.text_events(item.start, item.end, ctx)
                continue
            rule = item.rule
            line, col = state.pos(item.start)
            values = {**item.params, "lang": state.original_lang}
            if self.original_supplier and self.section == "original" and "supplier" in values:
                values["supplier"] = self.original_supplier  # the original's editors
            params = tuple(values.items())
            yield StartRule(rule, item.spelling, line, col, params, item.record,
                            unclosed=not item.closed)
            inner = (*ctx, rule.name)
            for name, slot_items in item.slots.items():
                yield StartSlot(name)
                text_slot = rule.template.slots[name].where != "element"
                for sub in slot_items:
                    assert isinstance(sub, Seg)
                    yield from self.text_events(sub.start, sub.end, inner, phrases=not text_slot)
                yield EndSlot()
            if item.raw:
                for child in item.children:
                    assert isinstance(child, Seg)
                    yield from self.text_events(child.start, child.end, inner, phrases=False)
            else:
                yield from self.items(item.children, inner)
            yield EndRule()
            if rule.reports:
                raw = self.text[item.start : item.end]
                message = rule.warn or rule.ambiguous
                code = rule.name if rule.warn else f"ambiguous-{rule.name}"
                yield state.warn(code, f"{message}: {raw[:60]!r}", item.start)

    def text_events(
        self, start: int, end: int, ctx: Context, *, phrases: bool = True
    ) -> Iterator[Event]:
        """Text and line breaks of ``text[start:end]``, with phrase rules applied."""
        text = self.text
        pos = start
        while pos <= end:
            nl = text.find("\n", pos, end)
            piece_end = end if nl < 0 else nl
            if pos < piece_end:
                if phrases:
                    yield from self.phrases(pos, piece_end, ctx)
                else:
                    line, col = self.state.pos(pos)
                    yield Text(text[pos:piece_end], line, col)
            if nl < 0:
                break
            yield LineBreak(hyphenated(text, nl), self.state.pos(nl)[0])
            pos = nl + 1

    def phrases(self, start: int, end: int, ctx: Context) -> Iterator[Event]:
        """Text of one line piece, wrapping the stretches that phrase rules find."""
        state, text = self.state, self.text
        piece = text[start:end]
        spans: list[tuple[int, int, int, int, Rule, dict[str, str]]] = []
        for rule in self._rules_in(ctx[-1] if ctx else ""):  # the innermost context
            if rule.not_within and set(rule.not_within) & set(ctx):
                continue
            if rule.once and rule.name in self.once:
                continue
            for a, b, c0, c1, params in self._spans(rule, piece):
                if rule.anchor in ("line-start", "line") and not (
                    a == 0 and (start == 0 or text[start - 1] == "\n")
                ):
                    continue
                if rule.anchor in ("line-end", "line") and not (
                    b == len(piece) and (end == len(text) or text[end] == "\n")
                ):
                    continue
                spans.append((a, b, c0, c1, rule, params))
        spans.sort(key=lambda s: (s[0], -(s[1] - s[0])))
        pos = 0
        for a, b, c0, c1, rule, params in spans:
            if a < pos:
                continue
            if rule.once:
                if rule.name in self.once:
                    continue
                self.once.add(rule.name)
            if pos < a:
                line, col = state.pos(start + pos)
                yield Text(piece[pos:a], line, col)
            filled = tuple({**params, "lang": state.original_lang}.items())
            record = state.record("phrase", start + a, piece[a:b], rule.name)
            yield StartRule(rule, None, record.line, record.column, filled, record)
            if c0 < c1:
                yield Text(piece[c0:c1], *state.pos(start + c0))
            yield EndRule()
            pos = b
        if pos < len(piece):
            line, col = state.pos(start + pos)
            yield Text(piece[pos:], line, col)

    def _rules_in(self, context: str) -> list[Rule]:
        """The phrase rules that apply inside ``context``, in profile order."""
        found = self._phrase_rules.get(context)
        if found is None:
            found = [r for r in self.state.profile.phrases if context in r.within]
            self._phrase_rules[context] = found
        return found

    def _spans(self, rule: Rule, piece: str) -> list[tuple[int, int, int, int, dict[str, str]]]:
        """(start, end, content start, content end, parameters) of each stretch found."""
        state = self.state
        if rule.detector == "date":
            return [(d.start, d.end, d.start, d.end, {}) for d in dates.find_phrases(piece)]
        if rule.detector == "transliteration":
            return [
                (m.start(), m.end(), m.start(), m.end(), {})
                for m in re.finditer(r"(?<![\w/])[a-z]+(?![\w/])", piece)
                if languages.looks_transliterated(m.group(), state.original_lang)
            ]
        if rule.pattern is None:
            return []
        out = []
        transparent = not rule.writes_back
        for m in rule.pattern.finditer(piece):
            params = {k: v for k, v in m.groupdict().items() if v is not None and k != "content"}
            if "content" in rule.pattern.groupindex and m.group("content") is not None:
                c0, c1 = m.span("content")
            else:
                c0, c1 = m.span()
            a, b = (c0, c1) if transparent else m.span()
            if rule.context.get("endnote") and not targets_resolve(
                state, rule, {**params, "content": piece[c0:c1]}
            ):
                continue
            if not transparent and not renders_back(
                rule, {**params, "content": piece[c0:c1]}, piece[a:b]
            ):
                continue
            params = {**state.profile.params, **rule.params, **params}
            map_params(rule, params)
            out.append((a, b, c0, c1, params))
        return out


def run(state: ReadState) -> None:
    """Emit every pending item list of the stream."""
    Emitter(state).run()

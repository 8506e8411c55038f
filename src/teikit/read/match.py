"""Matching a profile's rules against the source: blocks, lines and brackets.

The passes ask here whether a rule fits a block, a line or a bracket; nothing
here emits an event or records anything.  Every match ends with the same
test (:func:`renders_back`): the rule's template, filled with what was read,
must give back the source text, so the transcription writer can restore it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from ..profiles import Label, Rule, fill, matchers
from .state import BlockMatch, Context, LineMatch, ReadState
from .syntax import Block, Group, Item, Node, Seg, node_end, slice_nodes


@dataclass
class Resolution:
    """A bracket rule that fits: its spelling, content span, parameters and extents."""

    rule: Rule
    spelling: Label | None
    content: tuple[int, int]
    params: dict[str, str]
    extent: tuple[int, int] | None
    after: tuple[int, int] | None
    start: int
    end: int


def norm(text: str) -> str:
    """Text as the round trip compares it: no spaces before a line break."""
    return re.sub(r"[ \t]+\n", "\n", text)


def renders_back(rule: Rule, values: dict[str, str], raw: str) -> bool:
    """Does ``rule``'s template, filled with ``values``, give back the source ``raw``?"""
    return norm(rule.render(values)) == norm(raw)


def map_params(rule: Rule, params: dict[str, str]) -> None:
    """Normalise parameters: a group ``name_2`` fills ``name``; values go through the maps.

    A value its map does not list is kept, unless the map has ``"*"``: then it
    becomes that (an empty ``"*"`` drops the parameter).
    """
    for key in [k for k in params if re.fullmatch(r"\w+_\d+", k)]:
        value = params.pop(key)
        params.setdefault(key.rsplit("_", 1)[0], value)
    for name, table in rule.maps.items():
        if name in params:
            value = table.get(params[name].lower(), table.get("*", params[name]))
            if value:
                params[name] = value
            else:
                del params[name]


def _filled_attributes(rule: Rule, params: dict[str, str]) -> Iterator[tuple[str, str]]:
    for el in rule.template.root.iter():
        for key, value in el.attrib.items():
            yield str(key), fill(str(value), params)


def xml_id(rule: Rule, params: dict[str, str]) -> str | None:
    """The xml:id the rule's element gets with ``params`` (None without one)."""
    for key, value in _filled_attributes(rule, params):
        if key.endswith("}id") and "{" not in value:
            return value
    return None


def targets_resolve(state: ReadState, rule: Rule, params: dict[str, str]) -> bool:
    """Every ``#id`` in the rule's ``@target`` names a note listed at the end."""
    found = {
        tok[1:]
        for key, value in _filled_attributes(rule, {**state.profile.params, **params})
        if key == "target"
        for tok in value.split()
        if tok.startswith("#") and "{" not in tok
    }
    return bool(found) and found <= state.note_ids


# --------------------------------------------------------------------------- blocks


def match_block(state: ReadState, rule: Rule, block: Block) -> BlockMatch | None:
    """Match a block rule against a whole block: its slots and parameters, or None."""
    if rule.pattern is None:
        return None
    raw = state.text[block.start : block.end]
    m = rule.pattern.fullmatch(raw)
    if m is None:
        return None
    slots: dict[str, tuple[int, int]] = {}
    params: dict[str, str] = {**state.profile.params, **rule.params}
    values: dict[str, str] = {}
    for name, value in m.groupdict().items():
        if value is None:
            continue
        values[name] = value
        if name in rule.template.slots:
            a, b = block.start + m.start(name), block.start + m.end(name)
            if slice_nodes(block.nodes, a, b) is None:
                return None
            slots[name] = (a, b)
        else:
            params[name] = value
    values.update(params)
    if not renders_back(rule, values, raw):
        return None
    map_params(rule, params)
    return BlockMatch(rule, slots, params)


# --------------------------------------------------------------------------- lines


def match_line(
    state: ReadState, region: str, nodes: list[Node], skip: frozenset[str] = frozenset()
) -> LineMatch | None:
    """The first line rule of ``region`` (but those in ``skip``) that matches ``nodes``."""
    profile = state.profile
    start, end = nodes[0].start, node_end(nodes[-1])
    raw = state.text[start:end]
    for rule in profile.lines:
        if region not in rule.regions or rule.name in skip:
            continue
        if rule.detector is not None:
            if not matchers.line_test(rule.detector)(raw, profile):
                continue
            return LineMatch(rule, (start, end), {**profile.params, **rule.params}, nodes)
        if rule.pattern is None:
            continue
        m = rule.pattern.search(raw)
        if m is None:
            continue
        if rule.letterspaced:
            return LineMatch(rule, (start, end), {}, nodes)
        a, b = start, end
        params: dict[str, str] = {**profile.params, **rule.params}
        values: dict[str, str] = {}
        for name, value in m.groupdict().items():
            if value is None:
                continue
            if name == "content":
                a, b = start + m.start(name), start + m.end(name)
            else:
                params[name] = value
        inner = slice_nodes(nodes, a, b)
        if inner is None:
            continue
        values.update(params)
        values["content"] = values["raw"] = state.text[a:b]
        if not renders_back(rule, values, raw):
            continue
        map_params(rule, params)
        return LineMatch(rule, (a, b), params, inner)
    return None


# --------------------------------------------------------------------------- brackets


def site(state: ReadState, group: Group, prev: Item | None, nxt: Node | None,
         ctx: Context) -> matchers.Site:
    """The bracket ``group`` with what surrounds it, for the matchers."""
    text = state.text
    line_end = text.find("\n", group.end)
    return matchers.Site(
        text=text,
        start=group.start,
        end=group.end,
        content_start=group.start + 1,
        content_end=group.end,
        line_start=text.rfind("\n", 0, group.start) + 1,
        line_end=len(text) if line_end < 0 else line_end,
        ctx=ctx,
        profile=state.profile,
        lang=state.original_lang,
        section=state.section,
        notes=frozenset(state.notes),
        limit_before=(
            prev.start if isinstance(prev, Seg) and prev.end == group.start else group.start
        ),
        limit_after=(
            nxt.end if isinstance(nxt, Seg) and nxt.start == node_end(group) else node_end(group)
        ),
    )


def classify(
    state: ReadState, group: Group, prev: Item | None, nxt: Node | None = None,
    ctx: Context = (),
) -> Resolution | None:
    """The first bracket rule whose conditions hold for ``group``, resolved."""
    where = site(state, group, prev, nxt, ctx)
    for rule in state.profile.brackets:
        found = _try(state, rule, group, where)
        if found is not None:
            return found
    return None


def _spelling(rule: Rule, content: str, inner_start: int,
              inner_end: int) -> tuple[Label | None, int] | None:
    """The label or word spelling the bracket opens with, and where its content starts."""
    if rule.labels:
        for candidate in rule.labels:
            head = candidate.text + rule.separator
            bare = candidate.text + rule.separator.rstrip()
            if content.startswith(head):
                return candidate, inner_start + len(head)
            if rule.separator.endswith(" ") and content.startswith(bare + "\n"):
                return candidate, inner_start + len(bare)
        return None
    if rule.words:
        for candidate in rule.words:
            if content == candidate.text:
                return candidate, inner_end
        return None
    return None, inner_start


def _try(state: ReadState, rule: Rule, group: Group, where: matchers.Site) -> Resolution | None:
    """``rule`` resolved for the bracket ``group`` standing at ``where``, or None."""
    text = state.text
    inner_start, inner_end = group.start + 1, group.end
    if rule.within and not set(rule.within) & set(where.ctx):
        return None
    if rule.not_within and set(rule.not_within) & set(where.ctx):
        return None
    opening = _spelling(rule, text[inner_start:inner_end], inner_start, inner_end)
    if opening is None:
        return None
    spelling, c0 = opening
    c1 = inner_end
    params: dict[str, str] = {**state.profile.params, **rule.params}
    if rule.pattern is not None:
        m = rule.pattern.fullmatch(text, c0, c1)
        if m is None:
            return None
        for name, value in m.groupdict().items():
            if value is None:
                continue
            if name == "content":
                c0, c1 = m.span(name)
            else:
                params[name] = value
    nested = any(isinstance(c, Group) and c0 <= c.start and c.end < c1 for c in group.children)
    if isinstance(rule.shape, dict) and not matchers.check_shape(
        rule.shape, where, text[c0:c1], nested
    ):
        return None
    if rule.context and not matchers.check_context(rule.context, where):
        return None
    extent = after = None
    if rule.extent:
        extent = matchers.EXTENTS[rule.extent](where)
        if extent is None:
            return None
    if rule.extent_after:
        if not group.closed:
            return None  # closed by recovery at the end of its block: nothing follows it
        after = matchers.EXTENTS_AFTER[rule.extent_after](where)
        if after is None:
            return None
    relation = rule.context.get("relation")
    if relation:
        span = extent or after
        other = text[span[0] : span[1]] if span else ""
        if not matchers.RELATIONS[str(relation)](other, text[c0:c1], state.profile):
            return None
    if not rule.template.raw and slice_nodes(group.children, c0, c1) is None:
        return None
    values = {"label": spelling.text if spelling else "", **params}
    values["content"] = values["raw"] = text[c0:c1]
    if extent:
        values["extent"] = text[extent[0] : extent[1]]
    if after:
        values["after"] = text[after[0] : after[1]]
    start = extent[0] if extent else group.start
    end = after[1] if after else node_end(group)
    raw = text[start:end] if group.closed else text[start:end] + "]"
    if not renders_back(rule, values, raw):
        return None
    map_params(rule, params)
    if rule.context.get("endnote") and not targets_resolve(state, rule, params):
        return None
    return Resolution(rule, spelling, (c0, c1), params, extent, after, start, end)

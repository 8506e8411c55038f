"""Pass 7, brackets: every bracket resolved to the first rule of the profile that fits it.

The rules are tried in profile order (their label or words, pattern, shape,
context, the text before or after they take as an extent); brackets inside a
bracket are resolved in the context of the rule outside them.  With
``strict``, a bracket that a rule reads only tentatively, or that only the
catch-all rule takes, is an error.
"""

from __future__ import annotations

from ..errors import TeikitError
from .match import classify
from .state import Context, PendingInline, PendingItems, ReadState
from .syntax import Item, Node, RuleItem, Seg, slice_nodes


def run(state: ReadState) -> None:
    """Resolve the brackets of every inline piece."""
    state.expand(PendingInline, lambda p: [PendingItems(resolve(state, p.nodes, p.ctx), p.ctx)])


def resolve(state: ReadState, nodes: list[Node], ctx: Context) -> list[Item]:
    """Resolve brackets to rules (recursively), with the text their extents take."""
    items: list[Item] = []
    nodes = list(nodes)
    i = 0
    while i < len(nodes):
        node = nodes[i]
        i += 1
        if isinstance(node, Seg):
            items.append(node)
            continue
        prev = items[-1] if items else None
        nxt = nodes[i] if i < len(nodes) else None
        found = classify(state, node, prev, nxt, ctx)
        line, col = state.pos(node.start)
        if found is None:  # no catch-all rule in the profile
            raise TeikitError(
                "bracket not recognised by any rule of the profile",
                path=state.source.name, line=line, column=col, code="unknown-bracket",
            )
        rule = found.rule
        if state.strict and rule.reports:
            raw = state.text[node.start : node.end + 1]
            what = "unknown" if rule.warn else "ambiguous"
            why = rule.warn or rule.ambiguous
            raise TeikitError(
                f"{what} bracket {raw[:60]!r} (rule {rule.name}: {why})",
                path=state.source.name, line=line, column=col, code=f"{what}-bracket",
            )
        slots: dict[str, list[Item]] = {}
        if found.extent is not None:
            a, b = found.extent
            assert isinstance(prev, Seg)
            items.pop()
            if prev.start < a:
                items.append(Seg(prev.start, a))
            slots["extent"] = [Seg(a, b)]
        if found.after is not None:
            a, b = found.after
            assert isinstance(nxt, Seg)
            slots["after"] = [Seg(a, b)]
            if b < nxt.end:
                nodes[i] = Seg(b, nxt.end)
            else:
                del nodes[i]
        c0, c1 = found.content
        if rule.template.default is None:
            children: list[Item] = []
        elif rule.template.raw:
            children = [Seg(c0, c1)] if c0 < c1 else []
        else:
            sub = slice_nodes(node.children, c0, c1) or []
            children = resolve(state, sub, (*ctx, rule.name))
        note = rule.ambiguous or rule.warn or ""
        record = state.record("bracket", node.start, state.text[found.start : found.end],
                              rule.name, note)
        items.append(
            RuleItem(
                rule, found.spelling, found.start, found.end, children,
                raw=rule.template.raw, slots=slots, params=found.params, record=record,
                closed=node.closed,
            )
        )
    return items

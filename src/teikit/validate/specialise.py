"""Writing a specialised grammar: the patterns of the elements a pool never uses go.

A definition is *dead* when it can match nothing once the elements outside
the pool are ``notAllowed``; :func:`render` writes a pattern with the dead
parts simplified away, by identities of RELAX NG only, so that a specialised
grammar gives every document of the pool the full grammar's verdict.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from .nodes import Node

ABSENT = "teikit.absent"
ABSENT_REF = f'<ref name="{ABSENT}"/>'


class Dead(set[str]):
    """The definitions that can match nothing in a pool, and the attributes it uses.

    ``live_attributes`` (when not ``None``) holds the pool keys of every
    attribute the pool's documents use: an ``attribute`` pattern for any other
    name can match nothing in them, so it is dead too.  ``void`` holds the
    definitions that can then match only the empty sequence (attribute classes
    whose attributes are all unused): references to them are left out.
    """

    live_attributes: frozenset[tuple[str, str]] | None = None

    def __init__(self, names: Iterable[str] = ()) -> None:
        super().__init__(names)
        self.void: set[str] = set()
        # answers of is_dead / is_void for this pool, by node; filled once the
        # dead and void definitions are all known (see ``settle``)
        self.settled = False
        self.dead_nodes: dict[int, bool] = {}
        self.void_nodes: dict[int, bool] = {}

    def settle(self) -> None:
        """Say the sets are complete: answers about nodes may be kept from now on."""
        self.settled = True


_GROUPING = {"group", "interleave", "oneOrMore", "mixed", "list", "attribute"}


def is_dead(node: Node, dead: Dead, top: bool = False) -> bool:
    """True when ``node`` can match nothing once the ``dead`` definitions are gone."""
    if not dead.settled or top:
        return _is_dead(node, dead, top)
    key = id(node)
    found = dead.dead_nodes.get(key)
    if found is None:
        found = dead.dead_nodes[key] = _is_dead(node, dead, top)
    return found


def _is_dead(node: Node, dead: Dead, top: bool) -> bool:
    tag = node.tag
    if tag == "notAllowed":
        return True
    if node.ref is not None:
        return node.ref in dead
    live = dead.live_attributes
    if node.attribute is not None and live is not None and node.attribute not in live:
        return True  # no document of the pool has this attribute
    if tag == "element" and not top:
        return False
    kids = [c for c in node.children if isinstance(c, Node)]
    if tag == "choice":
        return bool(kids) and all(is_dead(c, dead) for c in kids)
    if tag in ("zeroOrMore", "optional"):
        return False
    if tag in _GROUPING or tag in ("define", "element"):
        return any(is_dead(c, dead) for c in kids)
    return False


def render(node: Node, dead: Dead) -> str:
    out: list[str] = []
    _write(node, dead, out)
    return "".join(out)


def _skippable(node: Node | str, dead: Dead) -> bool:
    """A part that can match only the empty sequence: leaving it out changes nothing."""
    return isinstance(node, Node) and is_void(node, dead)


def is_void(node: Node, dead: Dead) -> bool:
    """True when ``node`` can match the empty sequence and nothing else.

    So is an optional part whose content is dead, a reference to a void
    definition (``dead.void``), and a group of void parts.
    """
    if not dead.settled:
        return _is_void(node, dead)
    key = id(node)
    found = dead.void_nodes.get(key)
    if found is None:
        found = dead.void_nodes[key] = _is_void(node, dead)
    return found


def _is_void(node: Node, dead: Dead) -> bool:
    if node.ref is not None:
        return node.ref in dead.void
    tag = node.tag
    kids = [c for c in node.children if isinstance(c, Node)]
    if tag in ("zeroOrMore", "optional"):
        return any(is_dead(c, dead) for c in kids) or (
            dead.live_attributes is not None and all(is_void(c, dead) for c in kids)
        )
    if tag in ("group", "interleave", "define") and dead.live_attributes is not None:
        return bool(kids) and all(is_void(c, dead) for c in kids)
    return False


_NEEDS_CONTENT = {"group", "interleave", "oneOrMore", "zeroOrMore", "optional", "define", "list"}


def _write(node: Node, dead: Dead, out: list[str]) -> None:
    """Write ``node`` with the dead definitions gone, adding as few empty steps as possible.

    Every rewrite is an identity of RELAX NG once the dead definitions are
    ``notAllowed``: ``choice(notAllowed, p) = p``, ``group(p, notAllowed) =
    notAllowed``, ``zeroOrMore(notAllowed) = optional(notAllowed) = empty``,
    ``group(empty, p) = p``.  A branch of a ``choice`` that can only match
    nothing at all (an optional part whose content is dead) is *not* dropped:
    it still matches the empty sequence, so the choice becomes ``optional``
    over its other branches (``choice(empty, p) = optional(p)``).

    Every ``empty`` or single-branch ``choice`` left in becomes an epsilon
    transition in libxml2's content automata, whose determinism check can take
    exponential time on them; so they are left out where the identities allow.
    """
    if node.ref is not None:
        # a reference, not an inline notAllowed: libxml2 rejects notAllowed beside
        # attributes in a group ("content type error"), but not a reference to it
        out.append(ABSENT_REF if node.ref in dead else node.open)
        return
    if node.tag == "choice":
        _write_choice(node, dead, out)
        return
    kids: list[Node | str] = [c for c in node.children if not _skippable(c, dead)]
    if node.tag in ("zeroOrMore", "optional") and _skippable(node, dead):
        out.append("<empty/>")
        return
    if node.tag in ("group", "interleave"):
        elements = [c for c in kids if isinstance(c, Node)]
        if not elements:
            out.append("<empty/>")
            return
        if len(elements) == 1:
            _write(elements[0], dead, out)
            return
    if node.tag == "oneOrMore":
        elements = [c for c in kids if isinstance(c, Node)]
        if not elements:
            out.append("<empty/>")  # oneOrMore(empty) = empty
            return
        if len(elements) == 1 and elements[0].tag == "oneOrMore":
            _write(elements[0], dead, out)
            return
    if (
        node.tag == "element"
        and not any(
            isinstance(c, Node) and c.tag not in ("name", "anyName", "nsName") for c in kids
        )
        and any(isinstance(c, Node) for c in node.children)
    ):
        kids = [*kids, Node("empty", "<empty/>", "")]
    if node.tag in _NEEDS_CONTENT | {"mixed"} and not any(isinstance(c, Node) for c in kids):
        # every part was an optional dead one: what is left matches the empty sequence
        filler = "<text/>" if node.tag == "mixed" else "<empty/>"
        out.append(node.open.replace("/>", ">") if node.open.endswith("/>") else node.open)
        out.append(filler)
        out.append(node.close or f"</{node.tag}>")
        return
    if not kids and node.close:
        out.append(node.open.replace(">", "/>", 1) if node.tag != "element" else node.open)
        if node.tag == "element":
            out.append("<empty/>")
            out.append(node.close)
        return
    out.append(node.open)
    for child in kids:
        if isinstance(child, str):
            out.append(child)
        else:
            _write(child, dead, out)
    out.append(node.close)


def _write_choice(node: Node, dead: Dead, out: list[str]) -> None:
    """A ``choice`` without its dead branches; an optional dead branch still matches nothing."""
    branches = [c for c in node.children if isinstance(c, Node)]
    nullable = False
    live: list[Node] = []
    for child in branches:
        if _skippable(child, dead):
            nullable = True  # choice(empty, p) = optional(p): the empty sequence stays allowed
        elif not is_dead(child, dead):
            live.append(child)
    if not live:
        out.append("<empty/>" if nullable else ABSENT_REF)
        return
    if nullable:
        out.append("<optional>")
    if len(live) == 1:
        _write(live[0], dead, out)
    else:
        out.append(node.open)
        for child in live:
            _write(child, dead, out)
        out.append(node.close)
    if nullable:
        out.append("</optional>")


# ---------------------------------------------------------------- compiled tests
# The same tests as is_dead and is_void, for a whole definition, as one Python
# expression over the pool (``d`` dead, ``v`` void, ``L`` live attributes or
# None): a pool asks them of hundreds of definitions, and an expression compiled
# once is many times faster than walking the patterns again.  The expressions
# are built from the grammar's names through repr() only.

DefineTest = Callable[[set[str], set[str], "frozenset[tuple[str, str]] | None"], bool]


def compile_tests(node: Node) -> tuple[DefineTest, DefineTest]:
    """The dead test and the void test of a definition's pattern, compiled."""
    dead_expr = _dead_expr(node, top=True)
    void_expr = _void_expr(node)
    source = f"(lambda d, v, L: {dead_expr}, lambda d, v, L: {void_expr})"
    tests: tuple[DefineTest, DefineTest] = eval(compile(source, "<grammar>", "eval"), {})
    return tests


def _any(parts: list[str]) -> str:
    if "True" in parts:
        return "True"
    parts = [p for p in parts if p != "False"]
    return "False" if not parts else parts[0] if len(parts) == 1 else f"({' or '.join(parts)})"


def _all(parts: list[str]) -> str:
    if "False" in parts:
        return "False"
    parts = [p for p in parts if p != "True"]
    return "True" if not parts else parts[0] if len(parts) == 1 else f"({' and '.join(parts)})"


def _dead_expr(node: Node, top: bool = False) -> str:
    tag = node.tag
    if tag == "notAllowed":
        return "True"
    if node.ref is not None:
        return f"({node.ref!r} in d)"
    parts: list[str] = []
    if node.attribute is not None:
        parts.append(f"(L is not None and {node.attribute!r} not in L)")
    if tag == "element" and not top:
        return _any(parts)
    kids = [c for c in node.children if isinstance(c, Node)]
    if tag == "choice":
        return _any([*parts, _all([_dead_expr(c) for c in kids]) if kids else "False"])
    if tag in ("zeroOrMore", "optional"):
        return _any(parts)
    if tag in _GROUPING or tag in ("define", "element"):
        return _any([*parts, *(_dead_expr(c) for c in kids)])
    return _any(parts)


def _void_expr(node: Node) -> str:
    if node.ref is not None:
        return f"({node.ref!r} in v)"
    tag = node.tag
    kids = [c for c in node.children if isinstance(c, Node)]
    if tag in ("zeroOrMore", "optional"):
        every = _all(["(L is not None)", *(_void_expr(c) for c in kids)])
        return _any([*(_dead_expr(c) for c in kids), every])
    if tag in ("group", "interleave", "define"):
        if not kids:
            return "False"
        return _all(["(L is not None)", *(_void_expr(c) for c in kids)])
    return "False"

"""Writing a specialised grammar: the patterns of the elements a pool never uses go.

A definition is *dead* when it can match nothing once the elements outside
the pool are ``notAllowed``; :func:`render` writes a pattern with the dead
parts simplified away, by identities of RELAX NG only, so that a specialised
grammar gives every document of the pool the full grammar's verdict.
"""

from __future__ import annotations

from .nodes import Node

ABSENT = "teikit.absent"
ABSENT_REF = f'<ref name="{ABSENT}"/>'
_GROUPING = {"group", "interleave", "oneOrMore", "mixed", "list", "attribute"}


def is_dead(node: Node, dead: set[str], top: bool = False) -> bool:
    """True when ``node`` can match nothing once the ``dead`` definitions are gone."""
    tag = node.tag
    if tag == "notAllowed":
        return True
    if node.ref is not None:
        return node.ref in dead
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


def render(node: Node, dead: set[str]) -> str:
    out: list[str] = []
    _write(node, dead, out)
    return "".join(out)


def _skippable(node: Node | str, dead: set[str]) -> bool:
    """An optional part that can match nothing: leaving it out changes nothing."""
    return (
        isinstance(node, Node)
        and node.tag in ("zeroOrMore", "optional")
        and any(isinstance(c, Node) and is_dead(c, dead) for c in node.children)
    )


_NEEDS_CONTENT = {"group", "interleave", "oneOrMore", "zeroOrMore", "optional", "define", "list"}


def _write(node: Node, dead: set[str], out: list[str]) -> None:
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


def _write_choice(node: Node, dead: set[str], out: list[str]) -> None:
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

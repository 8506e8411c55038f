"""One pattern of a RELAX NG grammar, kept as text to be written back."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Node:
    """One pattern of the grammar, ready to be written back as text."""

    tag: str  # local name in the RELAX NG namespace
    open: str
    close: str
    children: list[Node | str] = field(default_factory=list)
    ref: str | None = None
    # for an ``attribute`` pattern with a ``name``: its pool key (see ``attribute_key``)
    attribute: tuple[str, str] | None = None


Key = tuple[str, str]  # (namespace, local name)


@dataclass
class Define:
    """A named definition; ``element`` is set when it defines exactly one element."""

    name: str
    node: Node
    element: Key | None
    refs: set[str]


ATTRIBUTE_MARK = "@"


def attribute_key(ns: str, local: str) -> tuple[str, str]:
    """The pool key of an attribute: its namespace marked with ``@``, then its local name.

    Pools hold element and attribute keys together; a namespace URI never starts
    with ``@``, so the two kinds of key cannot meet.
    """
    return (ATTRIBUTE_MARK + ns, local)


# In a pool, this key says that the pool lists every attribute its documents use
# (an attribute with an empty name cannot occur): only then may attribute
# patterns for other names be taken as matching nothing.
ATTRIBUTES_LISTED = attribute_key("", "")

"""Reading a RELAX NG grammar for messages: what an element allows inside it.

:class:`GrammarReading` is the half of :class:`~teikit.validate.grammar.Grammar`
that answers the error messages' questions (which children, which attributes,
whether text), from the definitions the grammar indexed.
"""

from __future__ import annotations

from collections.abc import Iterator
from xml.sax.saxutils import unescape

from .nodes import Define, Key, Node


class GrammarReading:
    """What a grammar allows inside each element, read from its indexed definitions."""

    defines: dict[str, list[Define]]
    nsmap: dict[str, str]
    _children: dict[Key, tuple[frozenset[Key], bool]]
    _attribute_rules_cache: dict[Key, dict[str, tuple[bool, list[str] | None]]]
    _nonempty: dict[Key, frozenset[str]]

    def allowed_children(self, parent: Key) -> tuple[list[Key], bool]:
        """The elements allowed directly inside ``parent``, and whether any element is."""
        if parent in self._children:
            found, anything = self._children[parent]
            return sorted(found), anything
        names: set[Key] = set()
        anything = False
        for ds in self.defines.values():
            for d in ds:
                if d.element == parent:
                    element_node = next(c for c in d.node.children if isinstance(c, Node))
                    anything |= self._collect(element_node, names, set(), "element")
        self._children[parent] = (frozenset(names), anything)
        return sorted(names), anything

    def allowed_attributes(self, parent: Key) -> list[str]:
        """The attributes allowed on ``parent`` ("*" when any attribute is)."""
        return sorted(self.attribute_rules(parent))

    def _attribute_patterns(self, parent: Key) -> Iterator[tuple[Node, bool]]:
        """Every attribute pattern of ``parent``'s definition, and whether it is required."""
        for ds in self.defines.values():
            for d in ds:
                if d.element == parent:
                    element_node = next(c for c in d.node.children if isinstance(c, Node))
                    yield from self._attributes_in(element_node, set(), True)

    def _attributes_in(
        self, node: Node, seen: set[str], required: bool
    ) -> Iterator[tuple[Node, bool]]:
        for child in node.children:
            if not isinstance(child, Node) or child.tag == "element":
                continue
            if child.tag == "attribute":
                yield child, required
            elif child.ref is not None:
                if child.ref in seen:
                    continue
                seen.add(child.ref)
                for d in self.defines.get(child.ref, []):
                    if d.element is None:
                        yield from self._attributes_in(d.node, seen, required)
            else:
                inner = required and child.tag in ("group", "oneOrMore", "interleave")
                yield from self._attributes_in(child, seen, inner)

    def allows_text(self, parent: Key) -> bool:
        """True when ``parent``'s content admits text."""
        for ds in self.defines.values():
            for d in ds:
                if d.element == parent and self._has_text(d.node, set()):
                    return True
        return False

    def _has_text(self, node: Node, seen: set[str]) -> bool:
        for child in node.children:
            if not isinstance(child, Node) or child.tag in ("attribute",):
                continue
            if child.tag in ("text", "data", "value", "mixed"):
                return True
            if child.tag == "element" and node.tag != "define":
                continue
            if child.ref is not None:
                if child.ref in seen:
                    continue
                seen.add(child.ref)
                if any(
                    d.element is None and self._has_text(d.node, seen)
                    for d in self.defines.get(child.ref, [])
                ):
                    return True
                continue
            if self._has_text(child, seen):
                return True
        return False

    def attribute_rules(self, parent: Key) -> dict[str, tuple[bool, list[str] | None]]:
        """For each attribute of ``parent``: (required, its closed list of values or None)."""
        cached = self._attribute_rules_cache.get(parent)
        if cached is not None:
            return cached
        rules: dict[str, tuple[bool, list[str] | None]] = {}
        for attribute, required in self._attribute_patterns(parent):
            name = self._attribute_key(attribute)
            if not name:
                continue
            values = _closed_values(attribute)
            old = rules.get(name)
            if old is not None:
                merged = None if old[1] is None or values is None else old[1] + values
                rules[name] = (old[0] and required, merged)
            else:
                rules[name] = (required, values)
        self._attribute_rules_cache[parent] = rules
        return rules

    def nonempty_attributes(self, parent: Key) -> frozenset[str]:
        """Attributes of ``parent`` whose value must hold a non-space character."""
        cached = self._nonempty.get(parent)
        if cached is not None:
            return cached
        found = set()
        for attribute, _ in self._attribute_patterns(parent):
            name = self._attribute_key(attribute)
            if name and name != "*" and _needs_token(attribute, self, set()):
                found.add(name)
        result = frozenset(found)
        self._nonempty[parent] = result
        return result

    def _attribute_key(self, attribute: Node) -> str | None:
        """An attribute pattern's name as ``name``, ``xml:name`` or ``{ns}name`` ("*": any)."""
        name = _attr_value(attribute.open, "name")
        if name is None:
            return "*"
        ns = _attr_value(attribute.open, "ns")
        if ":" in name:
            prefix, local = name.split(":", 1)
            if prefix == "xml":
                return name
            uri = self.nsmap.get(prefix)
            return f"{{{uri}}}{local}" if uri else name
        return f"{{{ns}}}{name}" if ns else name

    def _collect(self, node: Node, names: set[Key], seen: set[str], mode: str) -> bool:
        anything = False
        for child in node.children:
            if not isinstance(child, Node):
                continue
            if child.tag == "attribute":
                continue
            if child.tag == "element":
                key = _parse_key(child.open)
                if key is None:
                    anything = True
                else:
                    names.add(key)
                continue
            if child.ref is not None:
                if child.ref in seen:
                    continue
                seen.add(child.ref)
                for d in self.defines.get(child.ref, []):
                    if d.element is not None:
                        names.add(d.element)
                    else:
                        anything |= self._collect(d.node, names, seen, mode)
                continue
            anything |= self._collect(child, names, seen, mode)
        return anything


def _needs_token(node: Node, g: GrammarReading, seen: set[str]) -> bool:
    """True when every value ``node`` admits holds a non-space character."""
    kids = [c for c in node.children if isinstance(c, Node)]
    if node.tag in ("attribute", "group", "define"):
        return bool(kids) and all(_needs_token(c, g, seen) for c in kids)
    if node.tag == "choice":
        return bool(kids) and all(_needs_token(c, g, seen) for c in kids)
    if node.tag == "list":
        return any(c.tag == "oneOrMore" for c in kids)
    if node.tag == "data":
        pattern = next(
            (
                "".join(x for x in p.children if isinstance(x, str))
                for p in kids
                if p.tag == "param" and _attr_value(p.open, "name") == "pattern"
            ),
            None,
        )
        return pattern is not None and pattern.startswith(("\\S", "[^\\s"))
    if node.tag == "value":
        return bool("".join(c for c in node.children if isinstance(c, str)).strip())
    if node.ref is not None:
        if node.ref in seen:
            return False
        seen.add(node.ref)
        defs = g.defines.get(node.ref, [])
        return bool(defs) and all(d.element is None and _needs_token(d.node, g, seen) for d in defs)
    return False


def _closed_values(attribute: Node) -> list[str] | None:
    """The values an attribute pattern allows, when it is a closed list (else None)."""
    values: list[str] = []
    stack = [c for c in attribute.children if isinstance(c, Node)]
    if not stack:
        return None  # text: anything
    while stack:
        cur = stack.pop()
        if cur.tag == "value":
            values.append(unescape("".join(c for c in cur.children if isinstance(c, str))))
        elif cur.tag in ("choice", "list", "group", "oneOrMore", "zeroOrMore", "optional"):
            stack.extend(c for c in cur.children if isinstance(c, Node))
        elif cur.tag == "empty":
            continue
        else:
            return None  # data, text, a reference: an open set of values
    return sorted(set(values)) or None


def _attr_value(open_tag: str, name: str) -> str | None:
    marker = f" {name}="
    i = open_tag.find(marker)
    if i < 0:
        return None
    quote = open_tag[i + len(marker)]
    j = open_tag.find(quote, i + len(marker) + 1)
    return unescape(open_tag[i + len(marker) + 1 : j], {"&quot;": '"', "&apos;": "'"})


def _parse_key(open_tag: str) -> Key | None:
    name = _attr_value(open_tag, "name")
    if name is None:
        return None
    ns = _attr_value(open_tag, "ns")
    return (ns or "", name.split(":")[-1])


def global_attributes(g: GrammarReading) -> frozenset[str]:
    """The attributes of ``att.global.attributes`` (TEI's global attributes; else none)."""
    cached: frozenset[str] | None = getattr(g, "_globals", None)
    if cached is not None:
        return cached
    names: set[str] = set()
    for d in g.defines.get("att.global.attributes", []):
        for attribute, _ in g._attributes_in(d.node, set(), True):
            name = g._attribute_key(attribute)
            if name and name != "*":
                names.add(name)
    found = frozenset(names)
    g._globals = found  # type: ignore[attr-defined]
    return found

"""RELAX NG grammars: loading, specialising to a document's elements, and reading them.

Compiling the whole of TEI P5 ``tei_all`` with libxml2 takes seconds.  Only the
element definitions of the names that occur in a document can matter to its
verdict: an element pattern for a name the document never uses matches
nothing in it.  :meth:`Grammar.specialise` therefore writes a grammar in which
the definitions of the other elements are gone: a reference to one of them is
dropped from its ``choice`` (so libxml2 can still dispatch the choice by element
name) or becomes ``notAllowed`` elsewhere, and definitions that become empty
that way (model classes whose members are all absent) go too.  Definitions of
the document's own elements are kept whole, so the verdict is the full
grammar's and the messages speak of the same content models.  Names in other
namespaces, ``anyName``/``nsName`` patterns and the examples namespace are left
alone.  The specialised grammar compiles in milliseconds; compiled grammars are
cached in the process by element set.

The same index answers what the error messages need: which elements and
attributes the grammar allows inside a given element.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from lxml import etree

from ..errors import TeikitError
from .nodes import Node
from .specialise import ABSENT, is_dead, render

RNG_NS = "http://relaxng.org/ns/structure/1.0"
R = f"{{{RNG_NS}}}"
Key = tuple[str, str]  # (namespace, local name)
# Grammar features that make a grammar depend on other files or on merging rules:
# such grammars are compiled as they are, never specialised.
_UNSPECIALISABLE = {f"{R}{t}" for t in ("include", "externalRef", "parentRef", "div", "grammar")}


@dataclass
class Define:
    """A named definition; ``element`` is set when it defines exactly one element."""

    name: str
    node: Node
    element: Key | None
    refs: set[str]


def inherited_ns(el: etree._Element) -> str:
    """The namespace a RELAX NG name inherits: the nearest ``ns`` attribute up the grammar."""
    cur: etree._Element | None = el
    while cur is not None:
        ns = cur.get("ns")
        if ns is not None:
            return ns
        cur = cur.getparent()
    return ""


def _key_of(el: etree._Element) -> Key | None:
    name = el.get("name")
    if name is None:
        return None
    name = name.strip()
    if ":" in name:
        prefix, local = name.split(":", 1)
        return (el.nsmap.get(prefix) or "", local)
    return (inherited_ns(el), name)


def _strip_foreign(root: etree._Element) -> None:
    """Drop annotations, embedded Schematron and comments, keeping text that follows them."""
    for el in list(root.iter()):
        if isinstance(el.tag, str) and el.tag.startswith(R):
            continue
        parent = el.getparent()
        if parent is None:
            continue
        if el.tail:
            prev = el.getprevious()
            if prev is not None:
                prev.tail = (prev.tail or "") + el.tail
            else:
                parent.text = (parent.text or "") + el.tail
        parent.remove(el)


def _node(el: etree._Element) -> Node:
    tag = str(el.tag)[len(R) :]
    # attributes in other namespaces are annotations: RELAX NG ignores them
    attrs = "".join(
        f" {k!s}={quoteattr(str(v))}" for k, v in el.attrib.items() if not str(k).startswith("{")
    )
    children: list[Node | str] = []
    if (el.text and el.text.strip()) or (el.text and tag in ("value", "param")):
        children.append(escape(el.text))
    for child in el:
        children.append(_node(child))
        if child.tail and child.tail.strip():
            children.append(escape(child.tail))
    if not children and tag not in ("value", "param"):
        return Node(tag, f"<{tag}{attrs}/>", "", [], el.get("name") if tag == "ref" else None)
    return Node(tag, f"<{tag}{attrs}>", f"</{tag}>", children)


def _refs(node: Node) -> set[str]:
    out: set[str] = set()
    stack = [node]
    while stack:
        cur = stack.pop()
        if cur.ref is not None:
            out.add(cur.ref)
        stack.extend(c for c in cur.children if isinstance(c, Node))
    return out


class Grammar:
    """A RELAX NG grammar (XML syntax), indexed for specialisation and for messages."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
        try:
            tree = etree.parse(self.path, parser)
        except (OSError, etree.XMLSyntaxError) as exc:
            raise TeikitError(
                f"cannot read the schema: {exc}", path=self.path, code="schema"
            ) from None
        root = tree.getroot()
        self.defines: dict[str, list[Define]] = {}
        self._children: dict[Key, tuple[frozenset[Key], bool]] = {}
        self._compiled: dict[frozenset[Key], etree.RelaxNG] = {}
        self._attribute_rules_cache: dict[Key, dict[str, tuple[bool, list[str] | None]]] = {}
        self._nonempty: dict[Key, frozenset[str]] = {}
        self._tree: etree._ElementTree | None = None
        self.start_refs: set[str] = set()
        self.start_text = ""
        self.open_tag = ""
        self.nsmap: dict[str, str] = {}
        self.has_ids = False
        if root.tag != f"{R}grammar":
            self.specialisable = False  # a bare element pattern: compiled as it is
            return
        self.specialisable = not any(
            el.tag in _UNSPECIALISABLE for el in root.iter() if el is not root
        )
        _strip_foreign(root)
        self.has_ids = any(d.get("type") == "ID" for d in root.iter(f"{R}data"))
        for d in root.iterfind(f"{R}define"):
            kids = [c for c in d]
            element = _key_of(kids[0]) if len(kids) == 1 and kids[0].tag == f"{R}element" else None
            node = _node(d)
            self.defines.setdefault(str(d.get("name")), []).append(
                Define(str(d.get("name")), node, element, _refs(node))
            )
        start = root.find(f"{R}start")
        start_node = _node(start) if start is not None else Node("start", "<start>", "</start>")
        self.start_text = render(start_node, set())
        self.start_refs = _refs(start_node)
        attrs = "".join(f" {k!s}={quoteattr(str(v))}" for k, v in root.attrib.items())
        xmlns = "".join(
            f' xmlns="{uri}"' if prefix is None else f" xmlns:{prefix}={quoteattr(uri)}"
            for prefix, uri in root.nsmap.items()
            if prefix is not None
        )
        self.open_tag = f'<grammar xmlns="{RNG_NS}"{xmlns}{attrs}>'
        self.nsmap = {str(k): str(v) for k, v in root.nsmap.items() if k is not None}

    def precompute(self) -> None:
        """Read every element's allowed children and attributes now (kept in the pickle)."""
        for key in self.element_names():
            self.allowed_children(key)
            self.attribute_rules(key)
            self.nonempty_attributes(key)

    def __getstate__(self) -> dict[str, object]:
        """Pickle the index only: never the parsed file nor compiled grammars."""
        state = dict(self.__dict__)
        state["_tree"] = None
        state["_compiled"] = {}
        return state

    def _whole(self) -> etree._ElementTree:
        """The grammar file itself, parsed (for compiling it unspecialised)."""
        if self._tree is None:
            parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
            self._tree = etree.parse(self.path, parser)
        return self._tree

    # ----------------------------------------------------------------- specialising

    def element_names(self) -> set[Key]:
        """Every element the grammar defines by name."""
        return {d.element for ds in self.defines.values() for d in ds if d.element}

    def _dead(self, names: frozenset[Key]) -> set[str]:
        dead = {
            name
            for name, ds in self.defines.items()
            if all(d.element is not None and d.element not in names for d in ds)
        }
        changed = True
        while changed:
            changed = False
            for name, ds in self.defines.items():
                if name in dead or any(d.element is not None for d in ds):
                    continue
                if all(is_dead(d.node, dead, top=True) for d in ds):
                    dead.add(name)
                    changed = True
        return dead

    def specialise(self, names: Iterable[Key]) -> str:
        """The grammar as text, keeping only what elements named ``names`` can use."""
        if not self.specialisable:
            raise TeikitError("this grammar cannot be specialised", path=self.path)
        dead = self._dead(frozenset(names))
        out = [self.open_tag, self.start_text]
        seen: set[str] = set()
        todo = [r for r in self.start_refs if r not in dead]
        while todo:
            name = todo.pop()
            if name in seen:
                continue
            seen.add(name)
            for d in self.defines.get(name, []):
                out.append(render(d.node, dead))
                todo.extend(r for r in d.refs if r not in dead and r not in seen)
        for name in self.start_refs & dead:
            out.append(f'<define name="{name}"><notAllowed/></define>')
        out.append(f'<define name="{ABSENT}"><notAllowed/></define></grammar>')
        return "".join(out)

    def compile(self, names: Iterable[Key] | None = None) -> etree.RelaxNG:
        """A compiled validator: specialised to ``names`` when given and possible."""
        key = frozenset(names) if names is not None and self.specialisable else frozenset()
        cached = self._compiled.get(key)
        if cached is not None:
            return cached
        try:
            if key:
                doc = etree.fromstring(self.specialise(key).encode("utf-8"))
                relaxng = etree.RelaxNG(doc)
            else:
                relaxng = etree.RelaxNG(self._whole())
        except etree.RelaxNGParseError as exc:
            raise TeikitError(
                f"the schema does not compile: {exc}", path=self.path, code="schema"
            ) from None
        if len(self._compiled) > 64:
            self._compiled.pop(next(iter(self._compiled)))
        self._compiled[key] = relaxng
        return relaxng

    # ----------------------------------------------------------------- reading

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


def _needs_token(node: Node, g: Grammar, seen: set[str]) -> bool:
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
            from xml.sax.saxutils import unescape

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
    from xml.sax.saxutils import unescape

    return unescape(open_tag[i + len(marker) + 1 : j], {"&quot;": '"', "&apos;": "'"})


def _parse_key(open_tag: str) -> Key | None:
    name = _attr_value(open_tag, "name")
    if name is None:
        return None
    ns = _attr_value(open_tag, "ns")
    return (ns or "", name.split(":")[-1])


def global_attributes(g: Grammar) -> frozenset[str]:
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

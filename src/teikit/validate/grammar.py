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

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from lxml import etree

from ..errors import TeikitError
from .nodes import ATTRIBUTES_LISTED, Define, Key, Node, attribute_key
from .reading import GrammarReading, global_attributes
from .specialise import ABSENT, Dead, DefineTest, compile_tests, render

RNG_NS = "http://relaxng.org/ns/structure/1.0"
R = f"{{{RNG_NS}}}"
XML_NS = "http://www.w3.org/XML/1998/namespace"  # bound to ``xml`` without a declaration
# Grammar features that make a grammar depend on other files or on merging rules:
# such grammars are compiled as they are, never specialised.
_UNSPECIALISABLE = {f"{R}{t}" for t in ("include", "externalRef", "parentRef", "div", "grammar")}


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
        node = Node(tag, f"<{tag}{attrs}/>", "", [], el.get("name") if tag == "ref" else None)
    else:
        node = Node(tag, f"<{tag}{attrs}>", f"</{tag}>", children)
    if tag == "attribute" and el.get("name"):
        node.attribute = _attribute_name(el)
    return node


def _attribute_name(el: etree._Element) -> tuple[str, str]:
    """The pool key an ``attribute`` pattern's ``name`` stands for.

    Unlike an element's, an attribute's unprefixed name is in no namespace unless
    the pattern itself carries ``ns`` (RELAX NG section 4.8).
    """
    name = str(el.get("name")).strip()
    if ":" in name:
        prefix, local = name.split(":", 1)
        uri = XML_NS if prefix == "xml" else el.nsmap.get(prefix) or ""
        return attribute_key(uri, local)
    return attribute_key(el.get("ns", ""), name)


def _attributes_in_node(node: Node) -> set[Key]:
    """The pool keys of the named attribute patterns anywhere in ``node``."""
    out: set[Key] = set()
    stack = [node]
    while stack:
        cur = stack.pop()
        if cur.attribute is not None:
            out.add(cur.attribute)
        stack.extend(c for c in cur.children if isinstance(c, Node))
    return out


def _refs(node: Node) -> set[str]:
    out: set[str] = set()
    stack = [node]
    while stack:
        cur = stack.pop()
        if cur.ref is not None:
            out.add(cur.ref)
        stack.extend(c for c in cur.children if isinstance(c, Node))
    return out


@dataclass
class _Made:
    """What a grammar makes for itself in a process: compiled tests and rendered text."""

    tests: dict[str, list[tuple[DefineTest, DefineTest]]] = field(default_factory=dict)
    render: dict[tuple[object, ...], str] = field(default_factory=dict)
    attributes: dict[int, frozenset[Key]] = field(default_factory=dict)


_Statics = tuple[frozenset[str], dict[Key, set[str]], list[tuple[str, set[Key]]]]


class Grammar(GrammarReading):
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
        self._made = _Made()
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
        self.start_text = render(start_node, Dead())
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

    def __setstate__(self, state: dict[str, object]) -> None:
        """Unpickle, with the per-process caches made anew."""
        self.__dict__.update(state)
        self._made = _Made()

    def __getstate__(self) -> dict[str, object]:
        """Pickle the index only: never the parsed file nor compiled grammars."""
        state = dict(self.__dict__)
        state["_tree"] = None
        state["_compiled"] = {}
        state["_made"] = None  # code, and caches keyed by object identity
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

    def _dead(self, names: frozenset[Key]) -> Dead:
        """The definitions that can match nothing (and those that match only nothing).

        Element definitions outside the pool are dead; so is then any other
        definition all of whose patterns can match nothing.  A worklist looks
        again only at the definitions that refer to a newly dead one, or that
        hold an attribute the pool does not use, so a pool costs a look at the
        definitions it changes, not at the whole grammar.
        """
        dead = Dead(self._statics()[0])
        if ATTRIBUTES_LISTED in names:
            dead.live_attributes = names
        todo = list(dead)
        for name, elements in self._statics()[2]:
            if names.isdisjoint(elements):
                dead.add(name)
                todo.append(name)
        holders = self._statics()[1]
        unused = [] if dead.live_attributes is None else [k for k in holders if k not in names]
        candidates = {n for key in unused for n in holders[key]}
        self._spread(dead, todo, candidates, lambda ds: self._all_dead(ds, dead))
        if dead.live_attributes is not None:
            voids = dead.void
            self._spread(
                voids,
                [],
                candidates - dead,
                lambda ds: self._all_void(ds, dead),
                dead,
            )
        dead.settle()
        return dead

    def _spread(
        self,
        found: set[str],
        todo: list[str],
        candidates: set[str],
        holds: Callable[[list[Define]], bool],
        skip: set[str] | None = None,
    ) -> None:
        """Add to ``found`` the candidates that hold, then their referrers that hold, and on."""
        referrers = self._referrers()
        for name in candidates:
            skipped = skip is not None and name in skip
            if name not in found and not skipped and holds(self.defines[name]):
                found.add(name)
                todo.append(name)
        while todo:
            # one round: each referrer of what was just found is looked at once
            frontier = {r for name in todo for r in referrers.get(name, ())} - found
            if skip is not None:
                frontier -= skip
            todo = [name for name in frontier if holds(self.defines[name])]
            found.update(todo)

    def _statics(self) -> _Statics:
        """What every pool shares: the definitions dead in any case, who holds each
        attribute, and the definitions made of element patterns only, with their names."""
        found: _Statics | None = getattr(self, "_statics_index", None)
        if found is None:
            dead = Dead()
            changed = True
            while changed:
                changed = False
                for name, ds in self.defines.items():
                    if name not in dead and self._all_dead(ds, dead):
                        dead.add(name)
                        changed = True
            holders: dict[Key, set[str]] = {}
            for name, ds in self.defines.items():
                for d in ds:
                    for key in _attributes_in_node(d.node):
                        holders.setdefault(key, set()).add(name)
            elements = [
                (name, {d.element for d in ds if d.element is not None})
                for name, ds in self.defines.items()
                if all(d.element is not None for d in ds)
            ]
            found = (frozenset(dead), holders, elements)
            self._statics_index = found
        return found

    def _rendered(self, d: Define, dead: Dead) -> str:
        """``d`` written for the pool; kept for the next pool that leaves it the same.

        A definition's text depends only on which of its references are dead or
        void and which of its attributes are unused, so that is the key.
        """
        cache = self._made.render
        if len(cache) > 50_000:
            cache.clear()
        live = dead.live_attributes
        key = (
            id(d),
            frozenset(d.refs & dead),
            frozenset(d.refs & dead.void),
            None if live is None else frozenset(self._attributes_of(d) - live),
        )
        text = cache.get(key)
        if text is None:
            text = cache[key] = render(d.node, dead)
        return text

    def _attributes_of(self, d: Define) -> frozenset[Key]:
        found = self._made.attributes
        attrs = found.get(id(d))
        if attrs is None:
            attrs = found[id(d)] = frozenset(_attributes_in_node(d.node))
        return attrs

    def _tests(self, name: str) -> list[tuple[DefineTest, DefineTest]]:
        """The compiled dead and void tests of each pattern of definition ``name``."""
        tests = self._made.tests
        found = tests.get(name)
        if found is None:
            found = tests[name] = [compile_tests(d.node) for d in self.defines[name]]
        return found

    def _all_dead(self, ds: list[Define], dead: Dead) -> bool:
        if any(d.element is not None for d in ds):
            return False
        live = dead.live_attributes
        return all(test(dead, dead.void, live) for test, _ in self._tests(ds[0].name))

    def _all_void(self, ds: list[Define], dead: Dead) -> bool:
        if any(d.element is not None for d in ds):
            return False
        live = dead.live_attributes
        return all(test(dead, dead.void, live) for _, test in self._tests(ds[0].name))

    def _referrers(self) -> dict[str, set[str]]:
        """For each definition, the definitions that refer to it."""
        found: dict[str, set[str]] | None = getattr(self, "_referrers_index", None)
        if found is None:
            found = {}
            for name, ds in self.defines.items():
                for d in ds:
                    for ref in d.refs:
                        found.setdefault(ref, set()).add(name)
            self._referrers_index = found
        return found

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
                out.append(self._rendered(d, dead))
                todo.extend(
                    r for r in d.refs if r not in dead and r not in dead.void and r not in seen
                )
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


__all__ = ["Define", "Grammar", "Key", "global_attributes", "inherited_ns"]

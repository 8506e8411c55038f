"""RELAX NG helpers for the schema tests: what a grammar allows, and documents drawn from it.

``content_table`` answers, for every element a grammar defines, which child
elements and which attributes may occur in it (whatever their order), so that
teikit.rng can be compared with tei_all.rng element by element.

``DocumentBuilder`` walks teikit.rng and builds a random document that the
grammar accepts: each ``choice``, ``optional`` and repetition is decided by a
hypothesis draw, text and attribute values come from small samples of values
(edge cases included), and a budget keeps documents small.  Attribute values
come from ``VALUES`` (keyed by the name of the datatype's define) or from the
``data`` type itself; an unknown datatype is an error, so a new datatype in the
grammar cannot go untested.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from hypothesis import strategies as st
from lxml import etree

RNG_NS = "http://relaxng.org/ns/structure/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
T = TypeVar("T")
Draw = Callable[[st.SearchStrategy[Any]], Any]


def _tag(node: etree._Element) -> str:
    """The RELAX NG pattern name of ``node`` (``element``, ``ref`` ...), else ''."""
    tag = node.tag
    if isinstance(tag, str) and tag.startswith(f"{{{RNG_NS}}}"):
        return tag[len(RNG_NS) + 2 :]
    return ""


def _patterns(node: etree._Element) -> Iterator[etree._Element]:
    """The RELAX NG children of ``node`` (annotations and comments left out)."""
    for child in node:
        if _tag(child):
            yield child


def _name(node: etree._Element) -> str:
    name = node.get("name")
    if name is None:
        sub = node.find(f"{{{RNG_NS}}}name")
        name = sub.text.strip() if sub is not None and sub.text else "*"
    return name


class Grammar:
    """A RELAX NG grammar in XML syntax, its defines indexed by name."""

    def __init__(self, path: Path) -> None:
        self.path = path
        tree = etree.parse(str(path))
        self.root = tree.getroot()
        self.ns = self.root.get("ns", "")
        self.defines: dict[str, list[etree._Element]] = {}
        for define in tree.iter(f"{{{RNG_NS}}}define"):
            self.defines.setdefault(define.get("name", ""), []).append(define)
        start = self.root.find(f"{{{RNG_NS}}}start")
        assert start is not None, f"{path} has no start"
        self.start = start

    def elements(self) -> Iterator[etree._Element]:
        yield from self.root.iter(f"{{{RNG_NS}}}element")


def content_table(grammar: Grammar) -> dict[str, tuple[set[str], set[str]]]:
    """For each element name: the child element names and attribute names it may have."""

    def scan(node: etree._Element, seen: set[str], kids: set[str], attrs: set[str]) -> None:
        for child in _patterns(node):
            kind = _tag(child)
            if kind == "element":
                kids.add(_name(child))
            elif kind == "attribute":
                attrs.add(_name(child))
            elif kind == "ref":
                name = child.get("name", "")
                if name not in seen:
                    seen.add(name)
                    for define in grammar.defines.get(name, []):
                        scan(define, seen, kids, attrs)
            elif kind != "notAllowed":
                scan(child, seen, kids, attrs)

    table: dict[str, tuple[set[str], set[str]]] = {}
    for element in grammar.elements():
        kids: set[str] = set()
        attrs: set[str] = set()
        scan(element, set(), kids, attrs)
        old_kids, old_attrs = table.get(_name(element), (set(), set()))
        table[_name(element)] = (old_kids | kids, old_attrs | attrs)
    return table


def closed_values(grammar: Grammar) -> dict[str, set[str]]:
    """Each ``element/@attribute`` whose values are a closed list, with the values.

    Only lists written inline in the attribute, or through defines that hold
    nothing but values, count; datatypes (a pattern, a date) are not lists.
    """

    def values(node: etree._Element, seen: set[str]) -> set[str] | None:
        out: set[str] = set()
        for child in _patterns(node):
            kind = _tag(child)
            if kind == "value":
                out.add(child.text or "")
            elif kind in ("choice", "list", "group", "optional", "oneOrMore"):
                sub = values(child, seen)  # a list of tokens: the union of its tokens
                if sub is None:
                    return None
                out |= sub
            elif kind == "ref" and child.get("name", "") not in seen:
                seen.add(child.get("name", ""))
                for define in grammar.defines.get(child.get("name", ""), []):
                    sub = values(define, seen)
                    if sub is None:
                        return None
                    out |= sub
            else:
                return None
        return out

    found: dict[str, set[str]] = {}

    def attributes(node: etree._Element, owner: str, seen: set[str]) -> None:
        for child in _patterns(node):
            kind = _tag(child)
            if kind == "element":
                continue
            if kind == "attribute":
                vals = values(child, set())
                if vals:
                    found.setdefault(f"{owner}/@{_name(child)}", set()).update(vals)
            elif kind == "ref":
                name = child.get("name", "")
                if name not in seen:
                    seen.add(name)
                    for define in grammar.defines.get(name, []):
                        attributes(define, owner, seen)
            else:
                attributes(child, owner, seen)

    for element in grammar.elements():
        attributes(element, _name(element), set())
    return found


# ---------------------------------------------------------------------------
# Documents drawn from a grammar


WORDS = ["a", "b", "letterspace", "uniform", "curly-apostrophe", "mark-uppercase", "Ä", "x-1"]
TEXTS = ["", "word", "Ц К", "19 September", "a & b < c", "“quoted”", "line\nbreak", " ", "□"]
LANGUAGES = ["en", "ru", "ru-Latn", "de", "zh-Hans", "x-klingon"]
WHEN = [
    "1956",
    "0001",
    "1956-09",
    "1956-09-19",
    "2000-02-29",
    "2024-02-29",
    "1956-12-31",
    "--09",
    "--02-29",
    "--12-31",
    "1956-09-19T07:00:00",
    "1956-09-19T23:59:59.25Z",
    "1956-09-19T00:00:00+14:00",
    "1956-09-19T12:30:00-05:30",
]
POINTERS = ["#a", "#hand-x", "https://example.org/doc/1", "urn:x:y", "a.xml#b"]

# Values for the datatypes teikit.rng names, by define.
VALUES: dict[str, st.SearchStrategy[str]] = {
    "teikit.data.word": st.sampled_from(WORDS),
    "teikit.data.pointer": st.sampled_from(POINTERS),
    "teikit.data.localPointer": st.sampled_from(["#a", "#hand-draft", "#translator", "#_x1"]),
    "teikit.data.language": st.sampled_from(LANGUAGES),
    "teikit.data.count": st.integers(0, 120).map(str),
    "teikit.data.when": st.sampled_from(WHEN),
    "teikit.data.nonblank": st.sampled_from(["GARF", "F", " MOL ", "a\nb", "Ц"]),
}

# Values for data types written inline.
INLINE: dict[str, st.SearchStrategy[str]] = {
    "string": st.sampled_from(TEXTS),
    "NCName": st.sampled_from(["teikit", "x", "a1"]),
    # application/@version
    "token": st.sampled_from(["0.1.0", "1", "2.10", "0.2.0rc1", "3.1.4b"]),
}


@dataclass
class DocumentBuilder:
    """Builds one document valid against ``grammar`` from hypothesis draws."""

    grammar: Grammar
    draw: Draw
    budget: int = 120  # elements, after which every choice is the smallest
    max_repeat: int = 3
    made: int = 0
    ids: int = 0
    costs: dict[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.costs = self._define_costs()

    # The fewest elements a pattern needs: a fixpoint over the defines.
    def _define_costs(self) -> dict[str, float]:
        costs = dict.fromkeys(self.grammar.defines, math.inf)
        changed = True
        while changed:
            changed = False
            for name, defines in self.grammar.defines.items():
                value = min(self._cost_of_group(d, costs) for d in defines)
                if value < costs[name]:
                    costs[name] = value
                    changed = True
        return costs

    def _cost(self, node: etree._Element, costs: dict[str, float]) -> float:
        kind = _tag(node)
        if kind == "element":
            return 1 + self._cost_of_group(node, costs)
        if kind in ("attribute", "text", "empty", "data", "value", "list", "optional",
                    "zeroOrMore"):
            return 0
        if kind == "ref":
            return costs[node.get("name", "")]
        if kind == "choice":
            return min(self._cost(c, costs) for c in _patterns(node))
        if kind == "notAllowed":
            return math.inf
        return self._cost_of_group(node, costs)  # group, oneOrMore, define, mixed

    def _cost_of_group(self, node: etree._Element, costs: dict[str, float]) -> float:
        return sum(
            (self._cost(c, costs) for c in _patterns(node) if _tag(c) != "name"), 0.0
        )

    def cost(self, node: etree._Element) -> float:
        return self._cost(node, self.costs)

    @property
    def frugal(self) -> bool:
        return self.made >= self.budget

    # Building.
    def document(self) -> etree._Element:
        items = self.content(self.grammar.start)
        elements = [i for i in items if isinstance(i, etree._Element)]
        assert len(elements) == 1
        return elements[0]

    def content(self, node: etree._Element) -> list[Any]:
        """Items for the children of ``node`` taken as a group (in order)."""
        out: list[Any] = []
        for child in _patterns(node):
            out += self.pattern(child)
        return out

    def repeat(self, node: etree._Element, least: int) -> list[Any]:
        most = least if self.frugal else self.max_repeat
        count = self.draw(st.integers(least, max(least, most)))
        out: list[Any] = []
        for _ in range(count):
            out += self.content(node)
        return out

    def pattern(self, node: etree._Element) -> list[Any]:
        kind = _tag(node)
        if kind == "element":
            return [self.element(node)]
        if kind == "attribute":
            return [(_name(node), self.value_of(node))]
        if kind == "text":
            return [self.draw(st.sampled_from(TEXTS))]
        if kind in ("empty", "name"):
            return []
        if kind in ("data", "value"):  # text content of a given datatype
            return [self.value(node)]
        if kind == "ref":
            if node.get("name", "") in VALUES:
                return [self.value(node)]
            out: list[Any] = []
            for define in self.grammar.defines[node.get("name", "")]:
                out += self.content(define)
            return out
        if kind in ("group", "define", "mixed"):
            return self.content(node)
        if kind == "optional":
            if self.frugal or not self.draw(st.booleans()):
                return []
            return self.content(node)
        if kind == "zeroOrMore":
            return self.repeat(node, 0)
        if kind == "oneOrMore":
            return self.repeat(node, 1)
        if kind == "choice":
            options = list(_patterns(node))
            if self.frugal:
                cheapest = min(self.cost(o) for o in options)
                options = [o for o in options if self.cost(o) == cheapest]
            return self.pattern(self.draw(st.sampled_from(options)))
        raise AssertionError(f"pattern {kind!r} is not supported by the generator")

    def element(self, node: etree._Element) -> etree._Element:
        self.made += 1
        name = _name(node)
        el = etree.Element(f"{{{self.grammar.ns}}}{name}" if self.grammar.ns else name)
        for item in self.content(node):
            if isinstance(item, tuple):
                attr, value = item
                key = f"{{{XML_NS}}}{attr[4:]}" if attr.startswith("xml:") else attr
                el.set(key, value)
            elif isinstance(item, etree._Element):
                el.append(item)
            elif len(el):
                el[-1].tail = (el[-1].tail or "") + item
            else:
                el.text = (el.text or "") + item
        return el

    # Attribute values.
    def value_of(self, node: etree._Element) -> str:
        children = [c for c in _patterns(node) if _tag(c) != "name"]
        if not children:
            return str(self.draw(st.sampled_from(TEXTS)))
        assert len(children) == 1, f"attribute {_name(node)}: one value pattern expected"
        return self.value(children[0])

    def value(self, node: etree._Element) -> str:
        kind = _tag(node)
        if kind == "value":
            return node.text or ""
        if kind == "choice":
            return self.value(self.draw(st.sampled_from(list(_patterns(node)))))
        if kind == "list":
            return " ".join(self.tokens(node))
        if kind == "ref":
            name = node.get("name", "")
            if name in VALUES:
                return str(self.draw(VALUES[name]))
            defines = self.grammar.defines[name]
            return self.value(next(_patterns(defines[0])))
        if kind == "data":
            kind_of = node.get("type", "")
            if kind_of == "ID":
                self.ids += 1
                return f"id{self.ids}"
            if kind_of in INLINE:
                return str(self.draw(INLINE[kind_of]))
        raise AssertionError(
            f"no values for {etree.tostring(node).decode()[:120]}: add them to rngtools"
        )

    def tokens(self, node: etree._Element) -> list[str]:
        out: list[str] = []
        for child in _patterns(node):
            kind = _tag(child)
            if kind == "oneOrMore":
                for _ in range(self.draw(st.integers(1, 3))):
                    out += self.tokens(child)
            elif kind == "zeroOrMore":
                for _ in range(self.draw(st.integers(0, 2))):
                    out += self.tokens(child)
            elif kind == "optional":
                if self.draw(st.booleans()):
                    out += self.tokens(child)
            elif kind == "group":
                out += self.tokens(child)
            elif kind == "choice" and any(_tag(c) == "group" for c in _patterns(child)):
                picked = self.draw(st.sampled_from(list(_patterns(child))))
                out += self.tokens(picked) if _tag(picked) == "group" else [self.value(picked)]
            else:
                out.append(self.value(child))
        return out


def documents(grammar: Grammar, budget: int = 120) -> st.SearchStrategy[etree._Element]:
    """Documents valid against ``grammar``, as lxml elements."""

    @st.composite
    def build(draw: Draw) -> etree._Element:
        return DocumentBuilder(grammar, draw, budget=budget).document()

    return build()

"""The error pass: every grammar error of an invalid document, found as jing finds them.

It runs only once libxml2 has rejected a document.  The document's tree is walked
with the derivative matcher (:mod:`teikit.validate.derivative`) over the full
grammar; after an error the matcher recovers as jing does and goes on: an element
not allowed is checked against its own definitions and skipped in its parent, an
attribute not allowed is ignored, a bad value counts as given, missing attributes
and an incomplete content count as present, text not allowed is ignored.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from lxml import etree

from ..errors import Diagnostic
from ..tei import line_of
from .derivative import Name, Pat
from .grammar import Grammar, global_attributes
from .rngload import Loaded, loaded
from .wording import DATATYPES, attribute_list, qname, short_list

MAX_ERRORS = 20_000
MAX_ELEMENTS = 250_000  # larger documents: the libxml2 messages (memory under 300 MB)
Make = Callable[[int, str, str, str], Diagnostic]


def _name(tag: str) -> Name:
    if tag.startswith("{"):
        ns, _, local = tag[1:].partition("}")
        return (ns, local)
    return ("", tag)


class ErrorPass:
    """One walk of a document's tree, reporting errors through ``make``."""

    def __init__(self, grammar_path: Path, g: Grammar, make: Make) -> None:
        self.rng: Loaded = loaded(grammar_path)
        self.b = self.rng.b
        self.g = g
        self.make = make
        self.out: list[Diagnostic] = []
        self.check = self.rng.check

    def report(self, line: int | None, rule: str, message: str, detail: str) -> None:
        """Keep one problem (at most ``MAX_ERRORS``)."""
        if len(self.out) < MAX_ERRORS:
            self.out.append(self.make(line or 1, rule, message, detail))

    def run(self, tree: etree._ElementTree) -> list[Diagnostic]:
        """Every error of ``tree``."""
        root = tree.getroot()
        old = sys.getrecursionlimit()
        sys.setrecursionlimit(max(old, 20_000))
        try:
            self.element(root, self.rng.start, None)
        except RecursionError:
            pass
        finally:
            sys.setrecursionlimit(old)
        return self.out

    def _expected(self, p: Pat, parent: str | None) -> str:
        names = sorted(
            {
                qname(e.a[1]) if e.a[0] == "name" else "an element of another namespace"
                for e in self.b.first(p)
            }
        )
        text = short_list(names, 20)
        return text + (f" or the end of `{parent}`" if parent and _ends(p) else "")

    def element(self, el: etree._Element, p: Pat, parent: str | None) -> Pat:
        """Match ``el`` in the state ``p`` of its parent; the parent's next state."""
        b = self.b
        name = _name(str(el.tag))
        shown = qname(name)
        line = line_of(el)
        q = b.start(p, name)
        if q is b.notallowed:
            q = b.start(p, name, lenient=True)
            allowed, anything = (
                self.g.allowed_children(_name(parent_tag(el))) if parent else ([], False)
            )
            if q is not b.notallowed:
                self.report(
                    line,
                    "element-out-of-place",
                    f"element `{shown}` is allowed inside `{parent}`, but not at this point "
                    "(something required is missing before it); expected "
                    + self._expected(p, parent),
                    f'element "{shown}" not allowed yet',
                )
            else:
                where = f" inside `{parent}`" if parent else ""
                text = f"element `{shown}` is not allowed{where}"
                if parent and name not in allowed:
                    text += f"; `{parent}` allows {short_list([qname(k) for k in allowed])}"
                    if anything:
                        text += " or an element of another namespace"
                elif parent:
                    text += f" at this point; expected {self._expected(p, parent)}"
                self.report(
                    line, "element-not-allowed", text, f'element "{shown}" not allowed here'
                )
                defs = self.rng.by_name.get(name, [])
                content = b.notallowed
                for d in defs:
                    content = b.choice(content, b.content(d))
                if not defs:
                    content = b.text  # as jing: only text; each child is reported, then checked
                q = b.after(content, p)
        q = self.attributes(el, q, shown, line)
        closed = b.close(q)
        if closed is b.notallowed:
            missing = sorted(_attr_name(n) for n in _required(q, {}))
            if missing:
                self.report(
                    line,
                    "attribute-missing",
                    f"`{shown}` needs the attribute `{missing[0]}`"
                    + (f" (and {short_list(missing[1:])})" if len(missing) > 1 else ""),
                    f'element "{shown}" missing required attribute',
                )
            closed = b.close(q, lenient=True)
        q = self.children(el, closed, shown)
        done = b.end(q)
        if done is b.notallowed:
            last = _last_line(el)
            allowed, _ = self.g.allowed_children(name)
            self.report(
                last,
                "element-missing",
                f"`{shown}` is missing a required element; `{shown}` allows "
                f"{short_list([qname(k) for k in allowed])}; expected {self._expected(q, None)}",
                f'element "{shown}" incomplete',
            )
            done = b.end(q, lenient=True)
        return done

    def attributes(self, el: etree._Element, q: Pat, shown: str, line: int | None) -> Pat:
        """Match ``el``'s attributes in the state ``q``."""
        b = self.b
        for raw, value in el.attrib.items():
            key = str(raw)
            aname = _name(key)
            r = b.attribute(q, aname, str(value), self.rng.attribute_value)
            if r is not b.notallowed:
                q = r
                continue
            r = b.attribute(q, aname, None, self.rng.attribute_value)
            attr = _attr_name(aname)
            if r is b.notallowed:
                rules = self.g.attribute_rules(_name(str(el.tag)))
                self.report(
                    line,
                    "attribute-not-allowed",
                    f"attribute `{attr}` is not allowed on `{shown}`; `{shown}` takes "
                    f"{attribute_list(global_attributes(self.g), rules)}",
                    f'attribute "{attr}" not allowed here',
                )
                continue
            self.report(
                line,
                "attribute-value",
                self._bad_value(q, aname, attr, shown, str(value)),
                f'value of attribute "{attr}" is invalid',
            )
            q = r
        return q

    def _bad_value(self, q: Pat, aname: Name, attr: str, shown: str, value: str) -> str:
        values: set[str] = set()
        types: set[str] = set()
        stack = [
            a.b for a in self.b.first(q, elements=False) if a.a[0] == "name" and a.a[1] == aname
        ]
        seen: set[int] = set()
        while stack:
            cur = stack.pop()
            if cur.uid in seen:
                continue
            seen.add(cur.uid)
            if cur.kind == "value":
                values.add(cur.a[2])
            elif cur.kind == "data":
                types.add(cur.a[1])
            elif cur.kind == "list":
                stack.append(cur.a)
            elif cur.kind in ("choice",):
                stack.extend(cur.a)
            elif cur.kind in ("group", "interleave", "oneOrMore"):
                stack.extend(x for x in (cur.a, cur.b) if isinstance(x, Pat))
        if values and not types:
            return (
                f"attribute `{attr}` of `{shown}` has the value `{value}`; allowed: "
                f"{short_list(sorted(values), 20)}"
            )
        wanted = " or ".join(sorted(DATATYPES.get(t, f"of type {t}") for t in types)) or "allowed"
        return f"attribute `{attr}` of `{shown}` has the value `{value}`, which is not {wanted}"

    def children(self, el: etree._Element, q: Pat, shown: str) -> Pat:
        """Match ``el``'s content (text and child elements) in the state ``q``."""
        b = self.b
        kids = [c for c in el if isinstance(c.tag, str)]
        if not kids:
            text = "".join(str(t) for t in el.itertext()) if len(el) else (el.text or "")
            r = b.text_deriv(q, text, self.check)
            if not text.strip():
                return b.choice(q, r)
            if r is b.notallowed:
                self.text_error(line_of(el), q, shown)
                return q
            return r
        pending = el.text or ""
        for child in el:
            if not isinstance(child.tag, str):
                pending += child.tail or ""
                continue
            if pending.strip():
                q = self.text(q, pending, line_of(child), shown)
            q = self.element(child, q, shown)
            pending = child.tail or ""
        if pending.strip():
            q = self.text(q, pending, _last_line(el), shown)
        return q

    def text(self, q: Pat, text: str, line: int | None, shown: str) -> Pat:
        """Match a text node; text not allowed is reported and ignored."""
        r = self.b.text_deriv(q, text, self.check)
        if r is self.b.notallowed:
            self.text_error(line, q, shown)
            return q
        return r

    def text_error(self, line: int | None, q: Pat, shown: str) -> None:
        """Report text where the grammar allows none (or not that text)."""
        self.report(
            line,
            "text-not-allowed",
            f"`{shown}` may not contain text here; expected {self._expected(q, None)}",
            "text not allowed here",
        )


def parent_tag(el: etree._Element) -> str:
    """The tag of ``el``'s parent (empty at the root)."""
    parent = el.getparent()
    return str(parent.tag) if parent is not None else ""


def _ends(p: Pat) -> bool:
    if p.kind == "after":
        return bool(p.a.nullable)
    if p.kind == "choice":
        return any(_ends(a) for a in p.a)
    return False


def _required(p: Pat, memo: dict[int, frozenset[Name]]) -> frozenset[Name]:
    """The attributes every way through ``p`` needs."""
    found = memo.get(p.uid)
    if found is not None:
        return found
    memo[p.uid] = frozenset()
    out: frozenset[Name] = frozenset()
    if p.kind == "attribute":
        out = frozenset([p.a[1]]) if p.a[0] == "name" else frozenset()
    elif p.kind in ("group", "interleave"):
        out = _required(p.a, memo) | _required(p.b, memo)
    elif p.kind in ("oneOrMore", "after"):
        out = _required(p.a, memo)
    elif p.kind == "choice":
        sets = [_required(a, memo) for a in p.a]
        out = frozenset.intersection(*sets) if sets else frozenset()
    memo[p.uid] = out
    return out


def _attr_name(name: Name) -> str:
    ns, local = name
    if ns == "http://www.w3.org/XML/1998/namespace":
        return "xml:" + local
    return f"{{{ns}}}{local}" if ns else local


def _last_line(el: etree._Element) -> int | None:
    """The line of the last start tag inside ``el`` (lxml keeps no end-tag lines)."""
    found = el
    for inner in el.iter():
        found = inner
    return line_of(found)


def locate_all(
    tree: etree._ElementTree, grammar_path: Path, g: Grammar, make: Make
) -> list[Diagnostic]:
    """Every grammar error of ``tree`` (an empty list when the pass cannot run)."""
    if sum(1 for _ in tree.iter()) > MAX_ELEMENTS:
        return []
    return ErrorPass(grammar_path, g, make).run(tree)

"""The engines: RELAX NG (libxml2 through lxml), XML Schema (xmlschema), ISO Schematron.

Each engine turns its own errors into diagnostics
(:func:`~teikit.validate.results.problem`).  libxml2's RELAX NG messages are
rewritten into plain sentences, with what the grammar allows at that point read
from the grammar itself.  The
indexed grammars and the loaded XML Schemas are kept in teikit's cache
(:mod:`teikit.validate.cached`); the Schematron engine is
:mod:`teikit.validate.schematron` (:func:`check_sch` is importable from here too).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from lxml import etree

from ..errors import Diagnostic, TeikitError
from ..tei import line_of
from .cached import grammar, load_xsd
from .grammar import Grammar, Key, global_attributes
from .locate import Columns, prefixes, recover, with_prefixes
from .nodes import ATTRIBUTES_LISTED, attribute_key
from .results import problem
from .schematron import check_sch
from .wording import DATATYPES, attribute_list, qname, short_list

_XSDS: dict[str, Any] = {}


def element_names(tree: etree._ElementTree) -> set[Key]:
    """The (namespace, local name) of every element in the document."""
    return _split({el.tag for el in tree.iter()})


def pool_keys(tree: etree._ElementTree) -> set[Key]:
    """The keys a grammar is specialised with: every element and every attribute used.

    Attributes come as :func:`~teikit.validate.nodes.attribute_key` keys, with
    ``ATTRIBUTES_LISTED`` to say they are all there.
    """
    tags: set[object] = set()
    attributes: set[str] = set()
    for el in tree.iter():
        tags.add(el.tag)
        attributes.update(map(str, el.keys()))
    keys = _split(tags)
    keys.add(ATTRIBUTES_LISTED)
    for ns, local in _split(attributes):
        keys.add(attribute_key(ns, local))
    return keys


def _split(tags: Iterable[object]) -> set[Key]:
    names: set[Key] = set()
    for tag in tags:
        if not isinstance(tag, str):
            continue
        if tag.startswith("{"):
            ns, _, local = tag[1:].partition("}")
            names.add((ns, local))
        else:
            names.add(("", tag))
    return names


# ---------------------------------------------------------------------------- RELAX NG

_NOISE = re.compile(r"failed to validate (content|attributes)|Invalid sequence in interleave")


def _key(el: etree._Element) -> Key:
    tag = str(el.tag)
    if tag.startswith("{"):
        ns, _, local = tag[1:].partition("}")
        return (ns, local)
    return ("", tag)


class LineIndex:
    """The elements of a document by the line they start on (built on first use)."""

    def __init__(self, tree: etree._ElementTree) -> None:
        self.tree = tree
        self._by_line: dict[int, list[etree._Element]] | None = None

    def at(self, line: int) -> list[etree._Element]:
        """The elements that start on ``line``, in document order."""
        if self._by_line is None:
            self._by_line = {}
            for el in self.tree.iter():
                if isinstance(el.tag, str):
                    found = line_of(el)
                    if found is not None:
                        self._by_line.setdefault(found, []).append(el)
        return self._by_line.get(line, [])


def _element_at(
    index: LineIndex, line: int, local: str | None, *, last: bool = False
) -> etree._Element | None:
    """The first (or last) element named ``local`` (any name: None) that starts on ``line``."""
    found = [el for el in index.at(line) if local is None or etree.QName(el).localname == local]
    if not found:
        return None
    return found[-1] if last else found[0]


def rewrite_rng(message: str, line: int, tree: LineIndex, g: Grammar) -> tuple[str, str]:
    """A plain message for a libxml2 RELAX NG error, and a rule name."""
    msg = message.strip()
    m = re.match(r"Did not expect element (\S+) there", msg) or re.match(
        r"Element (?:\S+) has extra content: (\S+)", msg
    )
    if m:
        child = m.group(1)
        el = _element_at(tree, line, child, last=True)
        parent = el.getparent() if el is not None else None
        if parent is None:
            outer = re.match(r"Element (\S+) has extra content", msg)
            parent_name = outer.group(1) if outer else None
            return (
                f"element `{child}` is not allowed here"
                + (f" inside `{parent_name}`" if parent_name else ""),
                "element-not-allowed",
            )
        allowed, anything = g.allowed_children(_key(parent))
        names = [qname(k) for k in allowed]
        pname = qname(_key(parent))
        if el is not None and _key(el) in allowed:
            return (
                f"element `{child}` is allowed inside `{pname}`, but not at this point "
                "(out of order, repeated, or something required is missing before it)",
                "element-out-of-place",
            )
        if anything:
            names.append("any element of another namespace")
        return (
            f"element `{child}` is not allowed inside `{pname}`; `{pname}` allows "
            f"{short_list(names)}",
            "element-not-allowed",
        )
    m = re.match(r"Expecting (?:an )?element (\S+), got nothing", msg)
    if m:
        el = _element_at(tree, line, None)
        where = f" inside `{qname(_key(el))}`" if el is not None else ""
        return (f"a required `{m.group(1)}` is missing{where}", "element-missing")
    m = re.match(r"Expecting element (\S+), got (\S+)", msg)
    if m:
        return (
            f"expected `{m.group(1)}` here, found `{m.group(2)}`",
            "element-wrong",
        )
    m = re.match(r"Invalid attribute (\S+) for element (\S+)", msg) or re.match(
        r"Element (\S+) failed to validate attributes", msg
    )
    if m:
        elname = m.group(2) if m.lastindex == 2 else m.group(1)
        el = _element_at(tree, line, elname)
        if el is not None:
            found = _diagnose_attributes(el, g)
            if found:
                return found
        attr = m.group(1) if m.lastindex == 2 else None
        if attr and el is not None:
            value = next(
                (str(v) for k, v in el.attrib.items() if _attribute_name(str(k)) == attr), None
            )
            if value is not None:
                return (
                    f"attribute `{attr}` of `{elname}` has the value `{value}`, which is not of "
                    "the form the grammar asks for",
                    "attribute-value",
                )
        if attr:
            return (
                f"attribute `{attr}` of `{elname}` is not allowed or has a wrong value",
                "attribute",
            )
        return f"an attribute of `{elname}` is missing or has a wrong value", "attributes"
    m = re.match(r"Expecting an element\s*,\s*got nothing", msg)
    if m:
        on_line = tree.at(line)
        element_only = [e for e in on_line if not g.allows_text(_key(e))]
        el = element_only[-1] if element_only else (on_line[0] if on_line else None)
        if el is not None:
            allowed, _ = g.allowed_children(_key(el))
            name = qname(_key(el))
            return (
                f"`{name}` is missing a required element; `{name}` allows "
                f"{short_list([qname(k) for k in allowed])}",
                "element-missing",
            )
        return "a required element is missing", "element-missing"
    m = re.match(r"Type (\S+) doesn't allow value '(.*)'", msg, re.S) or re.match(
        r"Error validating datatype (\S+)", msg
    )
    if m:
        dtype = m.group(1)
        value = m.group(2) if m.lastindex and m.lastindex >= 2 else None
        el = _element_at(tree, line, None)
        attr = None
        if el is not None and value is not None:
            attr = next((str(k) for k, v in el.attrib.items() if v == value), None)
        wanted = DATATYPES.get(dtype, f"of type {dtype}")
        subject = f"attribute `{attr}`" if attr else "a value"
        owner = f" of `{qname(_key(el))}`" if el is not None else ""
        shown = f" `{value}`" if value is not None else ""
        return (f"{subject}{owner} has the value{shown}, which is not {wanted}", "datatype")
    m = re.match(r"Element (\S+) failed to validate content", msg)
    if m:
        return (f"the content of `{m.group(1)}` does not match its grammar", "content")
    m = re.match(r"Did not expect text in element (\S+) content", msg)
    if m:
        return (f"`{m.group(1)}` may not contain text here", "text-not-allowed")
    m = re.match(r"Expecting element (\S+), got nothing", msg)
    return (msg[:1].lower() + msg[1:], "grammar")


def _diagnose_attributes(el: etree._Element, g: Grammar) -> tuple[str, str] | None:
    """Say which attribute of ``el`` is wrong, reading the grammar's rules for it."""
    rules = g.attribute_rules(_key(el))
    if not rules:
        return None
    name = qname(_key(el))
    present = {_attribute_name(str(k)): str(v) for k, v in el.attrib.items()}
    for attr, value in present.items():
        rule = rules.get(attr)
        if rule is None and "*" not in rules:
            return (
                f"attribute `{attr}` is not allowed on `{name}`; `{name}` takes "
                f"{_attribute_list(g, rules)}",
                "attribute-not-allowed",
            )
        if rule is not None and rule[1] is not None and value not in rule[1]:
            tokens = value.split()
            if tokens and all(t in rule[1] for t in tokens):
                continue  # a list of allowed tokens
            return (
                f"attribute `{attr}` of `{name}` has the value `{value}`; allowed: "
                f"{short_list(rule[1], 20)}",
                "attribute-value",
            )
    for attr, (required, _) in sorted(rules.items()):
        if required and attr != "*" and attr not in present:
            return (f"`{name}` needs the attribute `{attr}`", "attribute-missing")
    return None


def _attribute_list(g: Grammar, rules: dict[str, tuple[bool, list[str] | None]]) -> str:
    """The attributes an element takes, its own first, the global ones said once."""
    return attribute_list(global_attributes(g), rules)


def _attribute_name(clark: str) -> str:
    if clark.startswith("{http://www.w3.org/XML/1998/namespace}"):
        return "xml:" + clark.split("}", 1)[1]
    return clark


XML = "{http://www.w3.org/XML/1998/namespace}"


def duplicate_ids(tree: etree._ElementTree, label: str) -> list[Diagnostic]:
    """``xml:id`` values used more than once (an ID must be unique in the document)."""
    owners = tree.xpath("//*[@xml:id]")
    if not isinstance(owners, list):
        return []
    elements = [e for e in owners if isinstance(e, etree._Element)]
    values = [str(e.get(XML + "id")) for e in elements]
    if len(values) == len(set(values)):
        return []
    first: dict[str, int | None] = {}
    problems = []
    for owner, text in zip(elements, values, strict=True):
        line = line_of(owner)
        if text in first:
            where = f" (first at line {first[text]})" if first[text] else ""
            problems.append(
                problem(
                    label,
                    line,
                    None,
                    "error",
                    "rng",
                    "duplicate-id",
                    f"xml:id `{text}` is used twice{where}; an ID must be unique",
                )
            )
        else:
            first[text] = line
    return problems


STATIC_LIMIT = 50
MAX_REPORTED = 200  # libxml2's errors rewritten per document (the first ones matter)
_DEFINED: dict[str, set[str]] = {}
_RULES: dict[str, dict[str, _Rules]] = {}


class _Rules:
    """What the grammar allows on and in one element, ready for quick lookups."""

    def __init__(self, g: Grammar, key: Key) -> None:
        rules = g.attribute_rules(key)
        self.any_attribute = "*" in rules or not rules
        self.attributes = {(XML + a[4:]) if a.startswith("xml:") else a for a in rules}
        self.listed = _attribute_list(g, rules)
        self.nonempty = [
            (XML + a[4:]) if a.startswith("xml:") else a for a in g.nonempty_attributes(key)
        ]
        names, self.any_child = g.allowed_children(key)
        self.children = {f"{{{ns}}}{local}" if ns else local for ns, local in names}
        self.child_list = [qname(k) for k in names]


def static_check(
    tree: etree._ElementTree,
    label: str,
    g: Grammar,
    until: int | None = None,
    limit: int = STATIC_LIMIT,
) -> list[Diagnostic]:
    """Name-level checks read from the grammar: children and attributes nowhere allowed.

    They run only on documents the grammar has already rejected, to name the
    first errors in document order (libxml2 reports errors inside choices and
    interleaves late, or not at all).  They are sound: the grammar's allowed
    names are an over-approximation, so nothing valid is ever flagged.  At most
    ``limit`` problems are reported.
    """
    defined = _DEFINED.get(g.path)
    if defined is None:
        defined = _DEFINED[g.path] = {
            f"{{{ns}}}{local}" if ns else local for ns, local in g.element_names()
        }
    problems: list[Diagnostic] = []
    cache = _RULES.setdefault(g.path, {})
    for el in tree.iter():
        tag = el.tag
        if not isinstance(tag, str) or tag not in defined:
            continue
        if until is not None and (line_of(el) or 0) > until:
            break  # past the first error the grammar reported: nothing earlier to find
        rules = cache.get(tag)
        if rules is None:
            rules = cache[tag] = _Rules(g, _key(el))
        name = qname(_key(el))
        for attr in rules.nonempty:
            value = el.get(attr)
            if value is not None and not value.strip():
                problems.append(
                    problem(
                        label,
                        line_of(el),
                        None,
                        "error",
                        "rng",
                        "attribute-value",
                        f"attribute `{_attribute_name(attr)}` of `{name}` is empty; "
                        "it needs a value",
                    )
                )
        if not rules.any_attribute:
            for raw_attr in el.attrib:
                attr = str(raw_attr)
                if attr not in rules.attributes:
                    problems.append(
                        problem(
                            label,
                            line_of(el),
                            None,
                            "error",
                            "rng",
                            "attribute-not-allowed",
                            f"attribute `{_attribute_name(str(attr))}` is not allowed on `{name}`; "
                            f"`{name}` takes {rules.listed}",
                        )
                    )
        if not rules.any_child:
            for child in el:
                ctag = child.tag
                if isinstance(ctag, str) and ctag not in rules.children:
                    problems.append(
                        problem(
                            label,
                            line_of(child),
                            None,
                            "error",
                            "rng",
                            "element-not-allowed",
                            f"element `{qname(_key(child))}` is not allowed inside `{name}`; "
                            f"`{name}` allows {short_list(rules.child_list)}",
                        )
                    )
        if len(problems) >= limit:
            break
    return problems


def check_rng(
    tree: etree._ElementTree, label: str, path: Path, names: set[Key] | None
) -> list[Diagnostic]:
    """Validate against a RELAX NG grammar (specialised to ``names`` when given)."""
    g = grammar(path)
    relaxng = g.compile(names if names is not None and g.specialisable else None)
    ids = duplicate_ids(tree, label) if g.has_ids else []
    if relaxng.validate(tree):
        return ids
    located = _error_pass(tree, label, path, g)
    if located:
        return finish(located + ids, tree, label)
    problems: list[Diagnostic] = []
    entries = list(relaxng.error_log)[:MAX_REPORTED]
    index = LineIndex(tree)
    specific_lines = {e.line for e in entries if not _NOISE.search(e.message)}
    seen: set[tuple[int, str]] = set()
    for entry in entries:
        if _NOISE.search(entry.message) and (entry.line in specific_lines or problems):
            continue
        message, rule = rewrite_rng(entry.message, entry.line, index, g)
        if (entry.line, message) in seen:
            continue
        seen.add((entry.line, message))
        problems.append(
            problem(
                label,
                entry.line or None,
                None,
                "error",
                "rng",
                rule,
                message,
                detail=entry.message.strip(),
            )
        )
    problems += ids
    found = {(p.line, p.code) for p in problems}
    for extra in static_check(tree, label, g, None, limit=MAX_REPORTED * 10):
        if (extra.line, extra.code) not in found:
            found.add((extra.line, extra.code))
            problems.append(extra)

    def make(line: int, rule: str, message: str, detail: str) -> Diagnostic:
        return problem(label, line, None, "error", "rng", rule, message, detail=detail)

    def rewrite(message: str, line: int, work: etree._ElementTree) -> tuple[str, str]:
        return rewrite_rng(message, line, LineIndex(work), g)

    problems += recover(tree, relaxng, problems, make, rewrite)
    return finish(problems, tree, label)


def _error_pass(
    tree: etree._ElementTree, label: str, path: Path, g: Grammar
) -> list[Diagnostic]:
    """Every error, from the derivative matcher (empty when it cannot run or finds none)."""
    from .errorpass import locate_all

    def make(line: int, rule: str, message: str, detail: str) -> Diagnostic:
        return problem(label, line, None, "error", "rng", rule, message, detail=detail)

    try:
        return locate_all(tree, path, g, make)
    except TeikitError:
        return []


def finish(problems: list[Diagnostic], tree: etree._ElementTree, label: str) -> list[Diagnostic]:
    """Every problem with a line and a column, names written with the document's prefixes."""
    if not problems:
        problems = [
            problem(
                label,
                None,
                None,
                "error",
                "rng",
                "grammar",
                "the document does not match the grammar",
            )
        ]
    known = prefixes(tree)
    columns = Columns(label)
    root_line = line_of(tree.getroot()) or 1
    out = []
    for p in problems:
        line = p.line if p.line else root_line
        message = with_prefixes(p.message, known)
        column = p.column if p.column else columns.of(line, message)
        out.append(dataclasses.replace(p, line=line, column=column, message=message))
    return sorted(out, key=lambda p: (p.line or 0, p.column or 0))


# ---------------------------------------------------------------------------- XML Schema


def check_xsd(tree: etree._ElementTree, label: str, path: Path) -> list[Diagnostic]:
    """Validate against a W3C XML Schema with xmlschema (offline, sandboxed)."""
    import xmlschema

    key = str(path.resolve())
    schema = _XSDS.get(key)
    if schema is None:
        schema = load_xsd(path)
        _XSDS[key] = schema
    problems = []
    resource = xmlschema.XMLResource(tree, allow="none")  # already parsed: nothing to fetch
    for error in schema.iter_errors(resource):
        line = getattr(error, "sourceline", None)
        reason = str(getattr(error, "reason", None) or error.message)
        problems.append(
            problem(
                label,
                line,
                None,
                "error",
                "xsd",
                "xsd",
                reason.rstrip("."),
                detail=str(error.path or ""),
            )
        )
    return problems


__all__ = [
    "LineIndex",
    "check_rng",
    "check_sch",
    "check_xsd",
    "duplicate_ids",
    "element_names",
    "grammar",
    "rewrite_rng",
    "static_check",
]

"""ISO Schematron turned into one XSLT 3.0 stylesheet (teikit's own compiler, no skeleton).

The stylesheet walks the document once.  Every ``sch:rule`` becomes a template
of one mode, its priority falling in document order; a template runs its rule's
tests, then hands the node on with ``xsl:next-match`` to the next rule that
matches, passing the patterns that have fired on the node so that, as
Schematron requires, only the first matching rule of each pattern runs.  The
lowest template goes on to the node's attributes and children.

Each failed assertion (or successful report) is written as
``<f c="N" p="PATH">message</f>``: ``N`` the constraint's index in
:attr:`Compiled.constraints`, ``PATH`` the XPath 3 ``path()`` of the context
node.  A rule whose evaluation raises a dynamic error (a ``cast as`` of a bad
value) is caught with ``xsl:try`` and written as ``<e r="N" p="PATH">``, so one
bad node never stops the check of the rest.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from ..errors import TeikitError

SCH = "http://purl.oclc.org/dsdl/schematron"
XSL = "http://www.w3.org/1999/XSL/Transform"
XS = "http://www.w3.org/2001/XMLSchema"
ERR = "http://www.w3.org/2005/xqt-errors"
BINDINGS = {"xslt2", "xslt3", "xpath2", "xpath3", "xpath31"}
MODE = "teikit-sch"
_UNSUPPORTED = ("include", "extends", "phase", "diagnostics", "properties")


@dataclass(frozen=True)
class Constraint:
    """One ``sch:assert`` or ``sch:report``: its code, kind, role, rule context and test."""

    code: str
    kind: str  # "assert" or "report"
    role: str
    context: str
    test: str
    pattern: int
    rule: int


@dataclass
class Compiled:
    """The stylesheet text and the constraints it checks, in the order it numbers them."""

    xslt: str
    constraints: list[Constraint] = field(default_factory=list)
    rules: list[list[int]] = field(default_factory=list)  # constraint indexes by rule


def _q(local: str) -> str:
    return f"{{{XSL}}}{local}"


def _s(local: str) -> str:
    return f"{{{SCH}}}{local}"


def _words(text: str | None) -> str:
    return " ".join((text or "").split())


def _code(pattern: etree._Element, number: int, node: etree._Element, count: int, n: int) -> str:
    """The code of a constraint: its own id, else its pattern's (``/n`` when several)."""
    own = node.get("id")
    if own:
        return own
    base = pattern.get("id") or f"pattern-{number}"
    return base if count == 1 else f"{base}/{n}"


def _message(node: etree._Element, out: etree._Element) -> None:
    """The assertion's content as XSLT: text kept, ``name`` and ``value-of`` evaluated."""
    if node.text:
        etree.SubElement(out, _q("text")).text = node.text
    for child in node:
        if isinstance(child.tag, str) and child.tag == _s("name"):
            path = child.get("path") or "."
            etree.SubElement(out, _q("value-of"), select=f"name({path})")
        elif isinstance(child.tag, str) and child.tag == _s("value-of"):
            etree.SubElement(out, _q("value-of"), select=child.get("select") or ".")
        elif isinstance(child.tag, str):  # emph, dir, span, foreign markup: their text
            _message(child, out)
        if child.tail:
            etree.SubElement(out, _q("text")).text = child.tail


def _let(node: etree._Element, out: etree._Element) -> None:
    name = node.get("name")
    value = node.get("value")
    if not name or value is None:
        raise TeikitError("a sch:let without name or value", code="schema")
    etree.SubElement(out, _q("variable"), name=name, select=value)


_PREDICATES = re.compile(r"\[[^\[\]]*\]")


def _visits(contexts: list[str]) -> str:
    """What the walk must go into: attributes and text only where some rule can match them."""
    steps = []
    for context in contexts:
        while _PREDICATES.search(context):
            context = _PREDICATES.sub("", context)
        steps.append(context)
    joined = " ".join(steps)
    parts = ["*"]
    if "@" in joined or "attribute::" in joined or "attribute(" in joined:
        parts.insert(0, "@*")
    if re.search(r"\b(text|node)\(\)", joined):
        parts.append("text()")
    if "comment()" in joined or "node()" in joined:
        parts.append("comment()")
    if "processing-instruction(" in joined or "node()" in joined:
        parts.append("processing-instruction()")
    return " | ".join(parts)


def compile_schematron(doc: etree._ElementTree, name: str = "") -> Compiled:
    """Compile a Schematron (XSLT 2/3 or XPath 2/3 binding) to one XSLT 3.0 stylesheet."""
    root = doc.getroot()
    if root.tag != _s("schema"):
        raise TeikitError("not an ISO Schematron schema", path=name or None, code="schema")
    for local in _UNSUPPORTED:
        if root.find(f".//{_s(local)}") is not None or root.find(
            f".//{_s('rule')}[@abstract='true']"
        ) is not None:
            raise TeikitError(
                f"the Schematron uses sch:{local} (or abstract rules), which teikit does not run",
                path=name or None,
                code="schema",
            )
    nsmap: dict[str, str] = {"xsl": XSL, "xs": XS, "err": ERR}
    for ns in root.iter(_s("ns")):
        prefix, uri = ns.get("prefix"), ns.get("uri")
        if prefix and uri is not None and prefix not in ("xsl", "err"):
            nsmap[prefix] = uri
    sheet = etree.Element(_q("stylesheet"), nsmap=nsmap, version="3.0")
    sheet.set("exclude-result-prefixes", "#all")
    etree.SubElement(sheet, _q("output"), method="xml", encoding="UTF-8")
    for let in root.findall(_s("let")):
        _let(let, sheet)
    start = etree.SubElement(sheet, _q("template"), match="/")
    found = etree.SubElement(start, "found")
    etree.SubElement(found, _q("apply-templates"), select=".", mode=MODE)

    compiled = Compiled("")
    contexts: list[str] = []
    rule_nodes: list[tuple[int, etree._Element, etree._Element, list[int]]] = []
    patterns = root.findall(_s("pattern"))
    for p_index, pattern in enumerate(patterns, start=1):
        checks = pattern.findall(f"{_s('rule')}/*")
        tests = [c for c in checks if c.tag in (_s("assert"), _s("report"))]
        n = 0
        for rule in pattern.findall(_s("rule")):
            context = rule.get("context")
            if not context:
                raise TeikitError("a sch:rule without context", path=name or None, code="schema")
            indexes = []
            for node in rule:
                if node.tag not in (_s("assert"), _s("report")):
                    continue
                n += 1
                role = (node.get("role") or rule.get("role") or "").lower()
                kind = etree.QName(node).localname
                code = _code(pattern, p_index, node, len(tests), n)
                indexes.append(len(compiled.constraints))
                compiled.constraints.append(
                    Constraint(code, kind, role, _words(context), _words(node.get("test")),
                               p_index, len(rule_nodes))
                )
            compiled.rules.append(indexes)
            contexts.append(context)
            rule_nodes.append((p_index, pattern, rule, indexes))

    total = len(rule_nodes)
    for r_index, (p_index, pattern, rule, indexes) in enumerate(rule_nodes):
        template = etree.SubElement(
            sheet,
            _q("template"),
            match=" ".join(str(rule.get("context")).split()),
            mode=MODE,
            priority=str(total - r_index),
        )
        param = etree.SubElement(template, _q("param"), name="fired", select="()")
        param.set("as", "xs:integer*")
        choose = etree.SubElement(template, _q("choose"))
        etree.SubElement(choose, _q("when"), test=f"$fired = {p_index}")
        otherwise = etree.SubElement(choose, _q("otherwise"))
        attempt = etree.SubElement(otherwise, _q("try"))
        for let in pattern.findall(_s("let")):
            _let(let, attempt)
        tests = [c for c in rule if c.tag in (_s("assert"), _s("report"), _s("let"))]
        number = iter(indexes)
        for node in tests:
            if node.tag == _s("let"):
                _let(node, attempt)
                continue
            test = node.get("test") or "true()"
            when = f"not({test})" if node.tag == _s("assert") else f"({test})"
            check = etree.SubElement(attempt, _q("if"), test=when)
            hit = etree.SubElement(check, "f", c=str(next(number)), p="{path()}")
            _message(node, hit)
        catch = etree.SubElement(attempt, _q("catch"))
        error = etree.SubElement(catch, "e", r=str(r_index), p="{path()}")
        etree.SubElement(error, _q("value-of"), select="$err:code, $err:description")
        again = etree.SubElement(template, _q("next-match"))
        etree.SubElement(again, _q("with-param"), name="fired", select=f"($fired, {p_index})")
    etree.SubElement(
        etree.SubElement(
            sheet,
            _q("template"),
            match="document-node() | node() | @*",
            mode=MODE,
            priority="-1000",
        ),
        _q("apply-templates"),
        select=_visits(contexts),
        mode=MODE,
    )
    compiled.xslt = etree.tostring(sheet, encoding="unicode")
    return compiled

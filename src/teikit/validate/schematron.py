"""ISO Schematron: XSLT 1 rules through lxml, XSLT 2/3 rules (TEI's own) through SaxonC-HE.

A Schematron with the XSLT 1 query binding (teikit's ``teikit.sch``) runs on
lxml's engine.  One with the ``xslt2``/``xslt3`` binding (TEI's
``tei_all.isosch``) is compiled by :mod:`teikit.validate.schxslt` to one XSLT
3.0 stylesheet, run by ``saxonche`` (``pip install 'teikit[schematron]'``,
imported only then).  Either way each failed assertion or successful report
becomes a diagnostic (:func:`~teikit.validate.results.problem`) at the line and
column of the node it names, with the constraint's code and its message (white
space normalised).  A stylesheet is compiled once per process and kept.
"""

from __future__ import annotations

import copy
import mmap
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeAlias

import lxml.isoschematron as isoschematron  # type: ignore[import-not-found]
from lxml import etree

from ..errors import Diagnostic, TeikitError
from ..tei import all_text, line_of
from .results import problem
from .schemas import RNG_NS, extract_schematron
from .schxslt import BINDINGS, Compiled, Constraint, compile_schematron

SVRL = "http://purl.oclc.org/dsdl/svrl"
_SUPPORTED_BINDINGS = {None, "", "xslt", "xslt1", "exslt"}
_WARNING_ROLES = {"warning", "warn", "info", "information", "nonfatal"}
INSTALL_HINT = "pip install 'teikit[schematron]'"
ALLOWED_PROTOCOLS = "http://saxon.sf.net/feature/allowedProtocols"


@dataclass
class Saxon:
    """A Schematron compiled to XSLT 3 and to a SaxonC executable."""

    compiled: Compiled
    executable: Any
    processor: Any


_Engine: TypeAlias = isoschematron.Schematron | Saxon | str | list[Diagnostic]
_SCHEMATRONS: dict[str, _Engine] = {}
_PROCESSOR: list[Any] = []


def saxon_processor() -> Any:
    """The process's one SaxonC-HE processor (created on first use); None without saxonche."""
    if not _PROCESSOR:
        try:
            import saxonche  # type: ignore[import-not-found,unused-ignore]
        except ImportError:
            return None
        processor = saxonche.PySaxonProcessor(license=False)
        # no network for the rules either (doc(), unparsed-text()): local files only
        processor.set_configuration_property(ALLOWED_PROTOCOLS, "file")
        _PROCESSOR.append(processor)
    return _PROCESSOR[0]


def _read(path: Path) -> etree._ElementTree:
    try:
        return etree.parse(
            str(path), etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
        )
    except (OSError, etree.XMLSyntaxError) as exc:
        raise TeikitError(
            f"cannot read the Schematron: {exc}", path=str(path), code="schema"
        ) from None


def _saxon(doc: etree._ElementTree, path: Path) -> Saxon | str:
    processor = saxon_processor()
    if processor is None:
        return "missing"
    compiled = compile_schematron(doc, str(path))
    try:
        executable = processor.new_xslt30_processor().compile_stylesheet(
            stylesheet_text=compiled.xslt
        )
    except Exception as exc:  # saxonche raises PySaxonApiError (a plain Exception)
        first = " ".join(str(exc).split())[:300]
        raise TeikitError(
            f"the Schematron does not compile: {first}", path=str(path), code="schema"
        ) from None
    return Saxon(compiled, executable, processor)


def _schematron(path: Path) -> _Engine:
    key = str(path.resolve())
    found = _SCHEMATRONS.get(key)
    if found is not None:
        return found
    doc = _read(path)
    if doc.getroot().tag == f"{{{RNG_NS}}}grammar":  # the rules a TEI grammar carries (XSLT 2)
        rules = extract_schematron(doc.getroot())
        if rules is None:
            return []
        doc = etree.ElementTree(etree.fromstring(rules))
    binding = doc.getroot().get("queryBinding")
    result: _Engine
    if binding in BINDINGS:
        result = _saxon(doc, path)
    elif binding not in _SUPPORTED_BINDINGS:
        result = str(binding)
    else:
        try:
            result = isoschematron.Schematron(doc, store_report=True)
        except (etree.SchematronParseError, etree.XSLTParseError) as exc:
            raise TeikitError(
                f"the Schematron does not compile: {exc}", path=str(path), code="schema"
            ) from None
    if result != "missing":
        _SCHEMATRONS[key] = result
    return result


def constraints(path: Path) -> list[Constraint]:
    """The constraints (asserts and reports) of an XSLT 2/3 Schematron, as teikit numbers them."""
    doc = _read(path)
    if doc.getroot().tag == f"{{{RNG_NS}}}grammar":
        rules = extract_schematron(doc.getroot())
        doc = etree.ElementTree(etree.fromstring(rules or b"<none/>"))
    return compile_schematron(doc, str(path)).constraints


def check_sch(
    tree: etree._ElementTree, label: str, path: Path, *, required: bool = True
) -> list[Diagnostic]:
    """Run a Schematron's rules on ``tree``; problems at the line and column of their node.

    Without saxonche an XSLT 2/3 Schematron is an error when ``required`` (it
    was asked for by name), else one warning saying it was not checked.
    """
    sch = _schematron(path)
    if isinstance(sch, list):
        return sch  # a grammar without rules
    root_line = line_of(tree.getroot()) or 1
    if sch == "missing":
        message = (
            f"the Schematron {path.name} needs SaxonC-HE, which is not installed "
            f"({INSTALL_HINT}); its rules were not checked"
        )
        if required:
            raise TeikitError(message, code="schematron-missing")
        return [problem(label, root_line, 1, "warning", "sch", "not-checked", message)]
    if isinstance(sch, str):
        return [
            problem(
                label,
                root_line,
                1,
                "warning",
                "sch",
                "unsupported",
                f"the Schematron {path.name} uses the query binding {sch!r}, which teikit does "
                "not run (only XSLT 1, 2 and 3); its rules were not checked",
            )
        ]
    if isinstance(sch, Saxon):
        return _run_saxon(sch, tree, label, path)
    return _run_lxml(sch, tree, label)


def _run_lxml(
    sch: isoschematron.Schematron, tree: etree._ElementTree, label: str
) -> list[Diagnostic]:
    sch.validate(tree)
    report = sch.validation_report
    problems: list[Diagnostic] = []
    if report is None:
        return problems
    columns = _Columns(label)
    for node in report.getroot().iter(f"{{{SVRL}}}failed-assert", f"{{{SVRL}}}successful-report"):
        location = node.get("location") or ""
        target: etree._Element | None = None
        try:
            found = tree.xpath(location) if location else []
        except etree.XPathError:
            found = []
        if isinstance(found, list) and found and isinstance(found[0], etree._Element):
            target = found[0]
        line, column = columns.of(target, None) if target is not None else (None, None)
        text = " ".join(all_text(t) for t in node.iter(f"{{{SVRL}}}text")).strip()
        role = (node.get("role") or "").lower()
        severity = "warning" if role in _WARNING_ROLES else "error"
        rule = node.get("id") or node.get("test") or "schematron"
        problems.append(problem(label, line, column, severity, "sch", rule, " ".join(text.split())))
    return problems


def _document_text(tree: etree._ElementTree) -> str:
    """The document as SaxonC reads it: the root element, unexpanded entity references dropped."""
    root = tree.getroot()
    if next(root.iter(etree.Entity), None) is not None:
        root = copy.deepcopy(root)  # a copy, its references removed
        for ref in list(root.iter(etree.Entity)):
            _drop(ref)  # its text is unknown (entities are never expanded); its tail is kept
    return etree.tostring(root, encoding="unicode")


def _drop(node: etree._Element) -> None:
    parent = node.getparent()
    assert parent is not None
    tail = node.tail or ""
    previous = node.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + tail
    else:
        parent.text = (parent.text or "") + tail
    parent.remove(node)


def _run_saxon(sch: Saxon, tree: etree._ElementTree, label: str, path: Path) -> list[Diagnostic]:
    root_line = line_of(tree.getroot()) or 1
    try:
        doc = sch.processor.parse_xml(xml_text=_document_text(tree))
        out = sch.executable.transform_to_string(xdm_node=doc)
    except Exception as exc:  # a SaxonC failure: the file is validated without these rules
        first = " ".join(str(exc).split())[:300]
        return [
            problem(label, root_line, 1, "warning", "sch", "not-checked",
                    f"the Schematron {path.name} could not be run on this file: {first}")
        ]
    found = etree.fromstring(out.encode("utf-8")) if out else None
    problems: list[Diagnostic] = []
    if found is None:
        return problems
    columns = _Columns(label)
    constraints = sch.compiled.constraints
    for hit in found:
        target, attribute = node_at(tree, hit.get("p") or "/")
        line, column = columns.of(target, attribute)
        text = " ".join(all_text(hit).split())
        if hit.tag == "f":
            constraint = constraints[int(hit.get("c") or 0)]
            severity = "warning" if constraint.role in _WARNING_ROLES else "error"
            problems.append(
                problem(label, line, column, severity, "sch", constraint.code, text,
                        detail=f"{constraint.kind} {constraint.test}")
            )
        else:  # the rule raised an error on this node: its constraints are not decided here
            for index in sch.compiled.rules[int(hit.get("r") or 0)]:
                constraint = constraints[index]
                problems.append(
                    problem(label, line, column, "warning", "sch", constraint.code,
                            f"not checked here: the rule's test raised {text}",
                            detail=f"{constraint.kind} {constraint.test}")
                )
    return problems


_STEP = re.compile(
    r"/(?:Q\{(?P<uri>[^}]*)\}(?P<local>[^/\[]+)\[(?P<n>\d+)\]"
    r"|@(?:Q\{(?P<auri>[^}]*)\})?(?P<alocal>[^/]+)"
    r"|(?P<other>[a-z-]+\([^)]*\))\[(?P<on>\d+)\])"
)


def node_at(tree: etree._ElementTree, path: str) -> tuple[etree._Element, str | None]:
    """The element an XPath 3 ``path()`` names (or the owner of the attribute it names).

    Returns the element and the attribute's Clark name (or None); a text, comment
    or processing-instruction step names its parent element.
    """
    node: etree._Element | None = None
    attribute: str | None = None
    for step in _STEP.finditer(path):
        if step.group("local") is not None:
            uri, local = step.group("uri"), step.group("local")
            tag = f"{{{uri}}}{local}" if uri else local
            n = int(step.group("n"))
            if node is None:
                root = tree.getroot()
                node = root if root.tag == tag and n == 1 else None
                if node is None:
                    break
                continue
            children = [c for c in node if c.tag == tag]
            if len(children) < n:
                break
            node = children[n - 1]
        elif step.group("alocal") is not None:
            uri = step.group("auri")
            attribute = f"{{{uri}}}{step.group('alocal')}" if uri else step.group("alocal")
            break
        else:
            break
    return (node if node is not None else tree.getroot()), attribute


class _Columns:
    """Lines and columns of start tags and attributes, read from the document's source text."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.data: bytes | mmap.mmap = b""
        self.starts: list[int] | None = None  # the offset of each line's first byte
        self.last: tuple[int, str] | None = None  # the line decoded last

    def _text(self, line: int) -> str | None:
        """Line ``line`` of the source, decoded alone: the file is mapped, never held whole."""
        if self.starts is None:
            self.starts = []
            try:
                with open(self.label, "rb") as stream:
                    self.data = mmap.mmap(stream.fileno(), 0, access=mmap.ACCESS_READ)
            except (OSError, ValueError):  # no such file, or an empty one
                return None
            self.starts = [0] + [m.end() for m in re.finditer(rb"\n", self.data)]
        if not 0 < line <= len(self.starts):
            return None
        if self.last is not None and self.last[0] == line:
            return self.last[1]
        start = self.starts[line - 1]
        end = self.starts[line] - 1 if line < len(self.starts) else len(self.data)
        text = bytes(self.data[start:end]).decode("utf-8", errors="replace").rstrip("\r")
        self.last = (line, text)
        return text

    def of(self, el: etree._Element, attribute: str | None) -> tuple[int | None, int | None]:
        """The 1-based line and column of ``el``'s start tag (of ``attribute`` in it when given)."""
        line = line_of(el)
        if line is None:
            return None, None
        text = self._text(line)
        if text is None:
            return line, 1
        name = _written(el)
        tag = re.compile(rf"<{re.escape(name)}(?=[\s/>]|$)")
        before = sum(1 for other in _preceding_on_line(el, line) if other.tag == el.tag)
        at, start = -1, line
        for match in tag.finditer(text):
            if before == 0:
                at = match.start()
                break
            before -= 1
        if at < 0:  # a start tag over several lines: lxml names the line where it ends
            for back in range(line - 1, max(0, line - 50), -1):
                earlier = list(tag.finditer(self._text(back) or ""))
                if earlier:
                    at, start = earlier[-1].start(), back
                    break
        if at < 0:
            return line, 1
        if attribute is not None:
            written = re.compile(rf"(?:^|\s)({re.escape(_written_attribute(el, attribute))})\s*=")
            for number in range(start, line + 1):
                source = self._text(number) or ""
                found = written.search(source, at if number == start else 0)
                if found:
                    return number, found.start(1) + 1
        return start, at + 1


def _written(el: etree._Element) -> str:
    local = etree.QName(el).localname
    return f"{el.prefix}:{local}" if el.prefix else local


def _written_attribute(el: etree._Element, attribute: str) -> str:
    if not attribute.startswith("{"):
        return attribute
    uri, local = attribute[1:].split("}", 1)
    if uri == "http://www.w3.org/XML/1998/namespace":
        return f"xml:{local}"
    for prefix, known in el.nsmap.items():
        if known == uri and prefix:
            return f"{prefix}:{local}"
    return local


def _preceding_on_line(el: etree._Element, line: int) -> list[etree._Element]:
    """The elements before ``el`` in document order whose start tags are on ``line``."""
    out: list[etree._Element] = []
    node = el
    while True:
        previous = node.getprevious()
        if previous is None:
            parent = node.getparent()
            if parent is None or (line_of(parent) or 0) < line:
                return out
            out.append(parent)
            node = parent
            continue
        node = previous
        while len(node):
            node = node[-1]
        if (line_of(node) or 0) < line and isinstance(node.tag, str):
            # its last descendant starts before the line; an ancestor of it cannot follow
            return out
        if isinstance(node.tag, str):
            out.append(node)

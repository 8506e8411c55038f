"""The ISO Schematron engine (lxml's XSLT 1 implementation), its reports as problems.

A Schematron with another query binding (XSLT 2, XPath 3 …) is not run: it
gives one warning saying so.  Each failed assertion or successful report
becomes a diagnostic (:func:`~teikit.validate.results.problem`) on the line of
the node it names.
"""

from __future__ import annotations

from pathlib import Path

import lxml.isoschematron as isoschematron  # type: ignore[import-not-found]
from lxml import etree

from ..errors import Diagnostic, TeikitError
from ..tei import all_text, line_of
from .results import problem

_SCHEMATRONS: dict[str, isoschematron.Schematron | str] = {}

SVRL = "http://purl.oclc.org/dsdl/svrl"
_SUPPORTED_BINDINGS = {None, "", "xslt", "xslt1", "exslt"}


def _schematron(path: Path) -> isoschematron.Schematron | str:
    key = str(path.resolve())
    found = _SCHEMATRONS.get(key)
    if found is not None:
        return found
    try:
        doc = etree.parse(key, etree.XMLParser(resolve_entities=False, no_network=True))
    except (OSError, etree.XMLSyntaxError) as exc:
        raise TeikitError(
            f"cannot read the Schematron: {exc}", path=str(path), code="schema"
        ) from None
    binding = doc.getroot().get("queryBinding")
    result: isoschematron.Schematron | str
    if binding not in _SUPPORTED_BINDINGS:
        result = str(binding)
    else:
        try:
            result = isoschematron.Schematron(doc, store_report=True)
        except (etree.SchematronParseError, etree.XSLTParseError) as exc:
            raise TeikitError(
                f"the Schematron does not compile: {exc}", path=str(path), code="schema"
            ) from None
    _SCHEMATRONS[key] = result
    return result


def check_sch(tree: etree._ElementTree, label: str, path: Path) -> list[Diagnostic]:
    """Run ISO Schematron rules (XSLT 1 query binding); report other bindings as unsupported."""
    sch = _schematron(path)
    if isinstance(sch, str):
        return [
            problem(
                label,
                None,
                None,
                "warning",
                "sch",
                "unsupported",
                f"the Schematron {path.name} uses the query binding {sch!r}, which teikit does "
                "not run (only XSLT 1); its rules were not checked",
            )
        ]
    sch.validate(tree)
    report = sch.validation_report
    problems: list[Diagnostic] = []
    if report is None:
        return problems
    for node in report.getroot().iter(f"{{{SVRL}}}failed-assert", f"{{{SVRL}}}successful-report"):
        location = node.get("location") or ""
        line = None
        try:
            found = tree.xpath(location) if location else []
        except etree.XPathError:
            found = []
        if isinstance(found, list) and found and isinstance(found[0], etree._Element):
            line = line_of(found[0])
        text = " ".join(all_text(t) for t in node.iter(f"{{{SVRL}}}text")).strip()
        role = (node.get("role") or "").lower()
        severity = "warning" if role in ("warning", "warn", "info", "information") else "error"
        rule = node.get("id") or node.get("test") or "schematron"
        problems.append(problem(label, line, None, severity, "sch", rule, " ".join(text.split())))
    return problems

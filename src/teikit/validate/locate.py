"""Finding every grammar error of an invalid document, each with a line and a column.

libxml2 stops reporting useful errors after the first one in a content model.
This module runs only once libxml2 has rejected a document (the verdict's
speed is unchanged) and goes on as jing does, by recovery on top of libxml2:

1. the name-level check (:func:`~teikit.validate.engines.static_check`) runs
   over the whole document: attributes and children that the grammar allows
   nowhere in their element are errors wherever they are (it is sound: the
   grammar's allowed names are an over-approximation);
2. a working copy of the document has those attributes and elements taken
   out, and is validated again; each time libxml2 reports an error, the
   element at fault (the one named, or the innermost on the reported line)
   is taken out of the copy too and the copy is validated again, so the next
   *independent* error comes to light.  Errors that the removal itself causes
   (a required element now missing in the parent) are not reported.  The loop
   stops when the copy is valid, after ``MAX_PASSES`` passes or
   ``TIME_BUDGET`` seconds.

Lines are those of the source (lxml keeps them on copies); columns are read
from the source text: the column of the start tag named on that line.
"""

from __future__ import annotations

import copy
import re
import time
from collections.abc import Callable
from contextvars import ContextVar
from pathlib import Path

from lxml import etree

from ..errors import Diagnostic
from ..tei import line_of

MAX_PASSES = 400
TIME_BUDGET = 3.0
# recovery works on a copy: past this many elements the copy would double the memory of a
# large file (a 19 MB corpus), so only the errors the first passes found are reported
MAX_ELEMENTS = 150_000
_CLARK = re.compile(r"\{([^{}]+)\}([A-Za-z_][\w.\-]*)")
_NAME = re.compile(r"`([^`\s]+)`")

Rewriter = Callable[[str, int, etree._ElementTree], tuple[str, str]]


def recover(
    tree: etree._ElementTree,
    relaxng: etree.RelaxNG,
    found: list[Diagnostic],
    make: Callable[[int, str, str, str], Diagnostic],
    rewrite: Rewriter,
) -> list[Diagnostic]:
    """Further errors of ``tree`` after those ``found``: see the module's docstring.

    ``make(line, rule, message, detail)`` builds a problem; ``rewrite(message,
    line, work)`` turns a libxml2 message into (message, rule).
    """
    if sum(1 for _ in tree.iter()) > MAX_ELEMENTS:
        return []
    work = copy.deepcopy(tree)
    seen = {(p.line, p.code) for p in found}
    quiet = _take_out_static(work, found)  # parents of removed elements: "missing" is ours
    out: list[Diagnostic] = []
    start = time.perf_counter()
    last = 0.0
    for _ in range(MAX_PASSES):
        began = time.perf_counter()
        if began - start + last > TIME_BUDGET:
            break  # the next pass would go past the budget
        if relaxng.validate(work):
            break
        last = time.perf_counter() - began
        entries = [e for e in relaxng.error_log if e.line]
        if not entries:
            break
        entry = entries[0]
        specific = [
            e for e in entries if e.line == entry.line and "failed to validate" not in e.message
        ]
        entry = specific[0] if specific else entry
        message, rule = rewrite(entry.message, entry.line, work)
        if (entry.line, rule) not in seen and not (
            entry.line in quiet and rule in ("element-missing", "content", "element-wrong")
        ):
            seen.add((entry.line, rule))
            out.append(make(entry.line, rule, message, entry.message.strip()))
        victim = _at_fault(work, entry.line, entry.message)
        if victim is None:
            break
        parent = victim.getparent()
        if parent is None:
            break
        parent_line = line_of(parent)
        if parent_line is not None:
            quiet.add(parent_line)
        _remove(victim)
    return out


def _take_out_static(work: etree._ElementTree, found: list[Diagnostic]) -> set[int]:
    """Remove from ``work`` the attributes and elements already reported as not allowed.

    Returns the lines of the parents of the elements removed.
    """
    parents: set[int] = set()
    by_line: dict[int, list[etree._Element]] = {}
    for el in work.iter():
        if isinstance(el.tag, str):
            line = line_of(el)
            if line is not None:
                by_line.setdefault(line, []).append(el)
    for p in found:
        if p.line is None or p.code not in ("attribute-not-allowed", "element-not-allowed"):
            continue
        names = _NAME.findall(p.message)
        if not names:
            continue
        for el in list(by_line.get(p.line, [])):
            if p.code == "attribute-not-allowed":
                for key in list(el.attrib):
                    if _plain(str(key)) == names[0] or str(key).endswith("}" + names[0]):
                        del el.attrib[key]
            elif etree.QName(el).localname == names[0].split(":")[-1]:
                parent = el.getparent()
                if parent is not None:
                    parents.add(line_of(parent) or 0)
                _remove(el)
    return parents


def _plain(clark: str) -> str:
    if clark.startswith("{http://www.w3.org/XML/1998/namespace}"):
        return "xml:" + clark.split("}", 1)[1]
    return clark


def _at_fault(work: etree._ElementTree, line: int, message: str) -> etree._Element | None:
    """The element a libxml2 error is about: the one it names on ``line``, else the innermost."""
    on_line = [el for el in work.iter() if isinstance(el.tag, str) and line_of(el) == line]
    if not on_line:
        return None
    m = re.search(r"(?:Did not expect element|extra content:) (\S+)", message)
    if m:
        local = m.group(1).split(":")[-1]
        named = [el for el in on_line if etree.QName(el).localname == local]
        if named:
            return named[-1]
    m = re.search(r"Element (\S+)", message) or re.search(r"for element (\S+)", message)
    if m:
        local = m.group(1).split(":")[-1]
        named = [el for el in on_line if etree.QName(el).localname == local]
        if named:
            return named[0]
    return on_line[-1]


def _remove(el: etree._Element) -> None:
    """Take ``el`` out of its parent, keeping the text after it."""
    parent = el.getparent()
    if parent is None:
        return
    tail = el.tail
    prev = el.getprevious()
    parent.remove(el)
    if tail:
        if prev is not None:
            prev.tail = (prev.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail


def prefixes(tree: etree._ElementTree) -> dict[str, str]:
    """Namespace URI to the prefix the document writes for it (the first one declared)."""
    out: dict[str, str] = {}
    root = tree.getroot()
    for el in [root, *root.iterdescendants()][:5000]:
        if not isinstance(el.tag, str):
            continue
        for prefix, uri in el.nsmap.items():
            if prefix and uri not in out:
                out[uri] = prefix
    for uri in {u for p, u in root.nsmap.items() if p is None}:
        out.setdefault(uri, "")  # the default namespace: names written without a prefix
    out.setdefault("http://www.w3.org/XML/1998/namespace", "xml")
    return out


def with_prefixes(message: str, known: dict[str, str]) -> str:
    """``{uri}name`` written as ``prefix:name`` with the document's own prefixes."""

    def swap(m: re.Match[str]) -> str:
        prefix = known.get(m.group(1))
        if prefix is None:
            return m.group(0)
        return f"{prefix}:{m.group(2)}" if prefix else m.group(2)

    return _CLARK.sub(swap, message)


# (label, text): the source text of the document ``label`` when it is not the file on disk
SOURCE_TEXT: ContextVar[tuple[str, str] | None] = ContextVar("SOURCE_TEXT", default=None)


class Columns:
    """Columns of start tags, read from the source text of the document (on demand)."""

    def __init__(self, label: str) -> None:
        self.lines: list[str] | None = None
        held = SOURCE_TEXT.get()
        if held is not None and held[0] == label:
            self.lines = held[1].splitlines()  # an editor's buffer, not the file on disk
            return
        url = label if Path(label).is_file() else None
        if url:
            try:
                self.lines = Path(url).read_text(encoding="utf-8", errors="replace").splitlines()
            except OSError:
                self.lines = None

    def of(self, line: int | None, message: str) -> int:
        """The column (1-based) of the start tag the message names on ``line`` (else 1)."""
        if self.lines is None or line is None or not 0 < line <= len(self.lines):
            return 1
        text = self.lines[line - 1]
        for name in _NAME.findall(message):
            at = text.find("<" + name)
            if at >= 0:
                return at + 1
            at = text.find(" " + name + "=")
            if at >= 0:
                return at + 2
        at = text.find("<")
        return at + 1 if at >= 0 else 1

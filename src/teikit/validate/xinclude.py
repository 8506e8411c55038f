"""XInclude, expanded before validation as jing does: local files only, depth-limited.

Each ``xi:include`` is replaced by what it points to: the included file's root
element (or, with ``xpointer``, the element with that ``xml:id``) for
``parse="xml"``, its text for ``parse="text"``.  The target is read with
teikit's safe parser (no entities, no DTD, no network); an ``href`` with a
URL scheme other than ``file:`` is never fetched.  A target that cannot be
read falls back to the include's ``xi:fallback`` when it has one, as the
XInclude specification says; without one the include is removed and an error
names the target, at the include's line and column.  Includes nest up to
``MAX_DEPTH`` levels; a file including itself is refused.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlparse

from lxml import etree

from ..errors import Diagnostic, TeikitError
from ..tei import line_of
from ..xmlio import parse_file
from .locate import Columns
from .results import problem

XI_NS = "http://www.w3.org/2001/XInclude"
XI_INCLUDE = f"{{{XI_NS}}}include"
XI_FALLBACK = f"{{{XI_NS}}}fallback"
MAX_DEPTH = 8
MAX_INCLUDES = 1000
_ID_POINTER = re.compile(r"^\s*(?:([A-Za-z_][\w.\-]*)|element\(([A-Za-z_][\w.\-]*)\))\s*$")


def has_xinclude(tree: etree._ElementTree) -> bool:
    """True when the document has an ``xi:include`` element (a quick test)."""
    return next(tree.getroot().iter(XI_INCLUDE), None) is not None


def expand(tree: etree._ElementTree, path: str | Path) -> list[Diagnostic]:
    """Expand every ``xi:include`` of ``tree`` (read from ``path``) in place.

    Returns the problems met: a missing or unreadable target without a
    fallback, a network ``href``, a loop, too deep a nesting or an ``xpointer``
    teikit cannot follow, each at the include element's line and column.
    """
    problems: list[Diagnostic] = []
    if not has_xinclude(tree):
        return problems
    label = str(path)
    _expand_in(tree.getroot(), Path(path).resolve(), label, problems, [Path(path).resolve()], [0])
    return problems


def _expand_in(
    root: etree._Element,
    base: Path,
    label: str,
    problems: list[Diagnostic],
    stack: list[Path],
    count: list[int],
) -> None:
    for include in list(root.iter(XI_INCLUDE)):
        if include.getparent() is None and include is not root:
            continue  # already removed with an enclosing include
        count[0] += 1
        replacement, error = _resolve(include, base, stack, count, label, problems)
        if error is not None:
            fallback = include.find(XI_FALLBACK)
            if fallback is not None:
                replacement = [*_fallback_content(fallback)]
            else:
                problems.append(
                    problem(
                        label,
                        line_of(include),
                        Columns(label).of(line_of(include), "`xi:include`"),
                        "error",
                        "xml",
                        "xinclude",
                        error,
                    )
                )
                replacement = []
        _replace(include, replacement)


def _fallback_content(fallback: etree._Element) -> list[etree._Element | str]:
    out: list[etree._Element | str] = []
    if fallback.text:
        out.append(fallback.text)
    for child in fallback:
        tail = child.tail
        child.tail = None
        out.append(child)
        if tail:
            out.append(tail)
    return out


def _resolve(
    include: etree._Element,
    base: Path,
    stack: list[Path],
    count: list[int],
    label: str,
    problems: list[Diagnostic],
) -> tuple[list[etree._Element | str], str | None]:
    href = (include.get("href") or "").strip()
    parse = include.get("parse", "xml")
    pointer = include.get("xpointer")
    if count[0] > MAX_INCLUDES:
        return [], f"more than {MAX_INCLUDES} XIncludes: `{href}` not included"
    if not href:
        return [], "an XInclude without `href` (a pointer into the same document) is not followed"
    parsed = urlparse(href)
    if parsed.scheme and parsed.scheme != "file" and len(parsed.scheme) > 1:
        return [], f"XInclude `{href}` is not local: teikit never fetches from the network"
    relative = unquote(parsed.path) if parsed.scheme == "file" else href
    target = (base.parent / relative).resolve()
    if len(stack) > MAX_DEPTH:
        return [], f"XInclude `{href}` nests deeper than {MAX_DEPTH} levels: not included"
    if target in stack and parse != "text":
        return [], f"XInclude `{href}` includes itself (a loop): not included"
    if not target.is_file():
        return [], f"XInclude target `{href}` not found (looked for {target})"
    if parse == "text":
        try:
            return [target.read_text(encoding=include.get("encoding") or "utf-8")], None
        except (OSError, UnicodeDecodeError, LookupError) as exc:
            return [], f"XInclude target `{href}` cannot be read as text: {exc}"
    if parse != "xml":
        return [], f"XInclude `{href}` has parse=`{parse}`; only xml and text exist"
    try:
        included = parse_file(target)
    except TeikitError as exc:
        return [], f"XInclude target `{href}` cannot be read: {exc.message}"
    top = included.getroot()
    if pointer is not None:
        m = _ID_POINTER.match(pointer)
        if m is None:
            return [], f"XInclude `{href}`: the xpointer `{pointer}` is not one teikit follows"
        wanted = m.group(1) or m.group(2)
        found = included.xpath("//*[@xml:id=$v]", v=wanted)
        if not isinstance(found, list) or not found or not isinstance(found[0], etree._Element):
            return [], f"XInclude `{href}`: no element with xml:id `{wanted}`"
        top = found[0]
    _expand_in(top, target, label, problems, [*stack, target], count)
    top.tail = None
    return [top], None


def _replace(include: etree._Element, content: list[etree._Element | str]) -> None:
    """Put ``content`` where ``include`` is, keeping the text around it."""
    parent = include.getparent()
    if parent is None:
        return
    tail = include.tail or ""
    prev = include.getprevious()
    index = parent.index(include)
    parent.remove(include)
    pending = ""
    inserted: list[etree._Element] = []
    for item in content:
        if isinstance(item, str):
            pending += item
            continue
        _append_text(parent, prev if not inserted else inserted[-1], pending)
        pending = ""
        parent.insert(index + len(inserted), item)
        inserted.append(item)
    _append_text(parent, prev if not inserted else inserted[-1], pending + tail)


def _append_text(parent: etree._Element, prev: etree._Element | None, text: str) -> None:
    if not text:
        return
    if prev is None:
        parent.text = (parent.text or "") + text
    else:
        prev.tail = (prev.tail or "") + text

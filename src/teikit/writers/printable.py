"""The HTML edition made static: the starting point of the PDF and the EPUB.

:func:`edition` renders a document with the HTML writer and parses the page
back; :func:`make_static` takes out what only a browser with JavaScript uses
(the view switch, its legend, the script, the back links of the notes) and
what the chosen view hides, so that nothing depends on a class the script
would set.  :func:`note_bodies` and :func:`inline_notes` move each note to
where it is called from, for a paginated medium.
"""

from __future__ import annotations

from lxml import etree, html

from ..errors import TeikitError
from .policy import VIEWS

# the class of what a view hides (an element hidden in both has both)
HIDDEN_IN = {"reading": "d-only", "diplomatic": "r-only"}
_PARSER = html.HTMLParser(encoding="utf-8", huge_tree=True, no_network=True, remove_comments=True)


def classes(el: etree._Element) -> set[str]:
    """The classes of an element."""
    return set((el.get("class") or "").split())


def has_class(el: etree._Element, name: str) -> bool:
    """Whether ``el`` carries the class ``name``."""
    return name in classes(el)


def drop(el: etree._Element) -> None:
    """Remove ``el`` and its content, keeping the text after it."""
    parent = el.getparent()
    if parent is None:
        return
    tail = el.tail
    if tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(el)


def edition(
    tree: etree._ElementTree | etree._Element, view: str | None, *, backrefs: bool = False
) -> html.HtmlElement:
    """The HTML edition of ``tree`` in ``view`` (``reading`` by default), parsed and static
    (the notes' links back to the text kept with ``backrefs``)."""
    from . import render  # the package's entry point (imported here: it imports this module)

    name = view or "reading"
    if name not in VIEWS:
        raise TeikitError(f"unknown view {name!r}; choose one of: {', '.join(VIEWS)}")
    page = html.document_fromstring(render(tree, "html", view=name), parser=_PARSER)
    make_static(page, name, backrefs=backrefs)
    return page


def make_static(page: html.HtmlElement, view: str, *, backrefs: bool = False) -> None:
    """Take out the interactive parts of the page and what ``view`` does not show."""
    hidden = HIDDEN_IN[view]
    doomed: list[etree._Element] = []
    for el in page.iter(etree.Element):
        tag = el.tag
        cls = classes(el)
        if (
            tag == "script"
            or (tag == "nav" and "controls" in cls)
            or "noscript" in cls
            or ("backref" in cls and not backrefs)
            or hidden in cls
        ):
            doomed.append(el)
        if el.get("hidden") is not None and tag != "nav":
            del el.attrib["hidden"]
    for el in doomed:
        drop(el)


def note_bodies(page: html.HtmlElement) -> dict[str, etree._Element]:
    """The notes of the page's notes section, by ``id`` (``tk-fn-1`` …)."""
    out: dict[str, etree._Element] = {}
    for section in page.iter("section"):
        if has_class(section, "footnotes"):
            for item in section.iter("li"):
                ident = item.get("id")
                if ident:
                    out[ident] = item
    return out


def note_calls(page: html.HtmlElement) -> list[tuple[etree._Element, str]]:
    """Each note call (``sup.noteref``) with the ``id`` of the note it points to."""
    out: list[tuple[etree._Element, str]] = []
    for sup in page.iter("sup"):
        if not has_class(sup, "noteref"):
            continue
        link = sup.find("a")
        href = link.get("href", "") if link is not None else ""
        if href.startswith("#"):
            out.append((sup, href[1:]))
    return out


def inline_notes(page: html.HtmlElement) -> int:
    """Put each note in place of its first call, as ``span.fn``; returns how many moved.

    The notes section keeps only the notes no call points to (it is removed
    when none is left).
    """
    bodies = note_bodies(page)
    moved = 0
    for sup, ident in note_calls(page):
        item = bodies.pop(ident, None)
        if item is None:
            continue
        span = etree.Element("span")
        span.set("class", "fn")
        span.set("id", ident)
        if item.get("lang"):
            span.set("lang", str(item.get("lang")))
        span.text = item.text
        for child in list(item):
            span.append(child)
        span.tail, sup.tail = sup.tail, None
        parent = sup.getparent()
        if parent is not None:
            parent.replace(sup, span)
        drop(item)
        moved += 1
    for section in list(page.iter("section")):
        if has_class(section, "footnotes") and not bodies:
            drop(section)
    return moved


def text_of(el: etree._Element) -> str:
    """The text of an element, spaces collapsed."""
    return " ".join("".join(str(t) for t in el.itertext()).split())

"""The static HTML edition cut into chapters, each an XHTML document of an EPUB.

:func:`chapters` makes: the title page (the header's citation panel and the
colophon); then, from the text, one chapter per column of a parallel text
(the original, each translation), per member of a corpus (``article.member``)
or per division of the body, the rest in chapters of its own in between;
then the notes and the register.  The links between them (note calls, names
to the register, the notes back to the text) are rewritten to name the file
their target went to.  :func:`xhtml` writes one chapter as a well-formed
XHTML document.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree, html

from .printable import classes, has_class, text_of

XHTML = "http://www.w3.org/1999/xhtml"
OPS = "http://www.idpf.org/2007/ops"
HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_DIV_PARENTS = {"tei-body", "tei-front", "tei-back"}


@dataclass
class Chapter:
    """One chapter: its title, language, the elements it holds and its file name."""

    title: str
    lang: str | None
    nodes: list[etree._Element] = field(default_factory=list)
    file: str = ""
    in_toc: bool = True
    kind: str = "text"

    def text(self) -> str:
        """The chapter's text, spaces collapsed."""
        return " ".join(text_of(n) for n in self.nodes)


def _heading(nodes: list[etree._Element]) -> str:
    for node in nodes:
        for el in node.iter(*HEADINGS):
            found = text_of(el)
            if found:
                return found
    return ""


def _lang(el: etree._Element) -> str | None:
    """The language of an element: its own, or that of the first element inside with one."""
    for node in el.iter(etree.Element):
        if node.get("lang"):
            return str(node.get("lang"))
    return None


def _is_split(el: etree._Element) -> bool:
    cls = classes(el)
    if el.tag == "article" and "member" in cls:
        return True
    if "parallel" in cls:
        return True
    parent = el.getparent()
    return "tei-div" in cls and parent is not None and bool(classes(parent) & _DIV_PARENTS)


def _contains_split(el: etree._Element) -> bool:
    return any(_is_split(d) for d in el.iterdescendants(etree.Element))


def _columns(parallel: etree._Element) -> list[Chapter]:
    """One chapter per column of a parallel text."""
    out: list[Chapter] = []
    if not has_class(parallel, "aligned"):
        for col in parallel:
            if isinstance(col.tag, str):
                label = col.find("h2")
                title = text_of(label) if label is not None else ""
                out.append(Chapter(title, col.get("lang"), [col]))
        return out
    sections: list[etree._Element] = []
    for row in parallel:
        if not isinstance(row.tag, str):
            continue
        cells = [c for c in row if isinstance(c.tag, str)]
        if has_class(row, "labels"):
            for cell in cells:
                section = etree.Element("section")
                section.set("class", (cell.get("class") or "").replace("pcell", "column"))
                if cell.get("lang"):
                    section.set("lang", str(cell.get("lang")))
                section.text = cell.text
                for child in list(cell):
                    section.append(child)
                sections.append(section)
                out.append(Chapter(text_of(section), cell.get("lang"), [section]))
            continue
        for section, cell in zip(sections, cells, strict=False):
            for child in list(cell):
                section.append(child)
    return out


def split_text(main: etree._Element, title: str) -> list[Chapter]:
    """The chapters of the text (``main``)."""
    out: list[Chapter] = []
    loose: list[etree._Element] = []

    def flush() -> None:
        if any(text_of(n) for n in loose):
            nodes = list(loose)
            out.append(Chapter(_heading(nodes) or (title if not out else "Text"), None, nodes))
        loose.clear()

    def visit(el: etree._Element) -> None:
        for child in el:
            if not isinstance(child.tag, str):
                continue
            if _is_split(child):
                flush()
                if "parallel" in classes(child):
                    out.extend(_columns(child))
                else:
                    kind = "member" if child.tag == "article" else "text"
                    out.append(Chapter(_heading([child]) or title, _lang(child), [child],
                                       kind=kind))
            elif _contains_split(child):
                visit(child)
            else:
                loose.append(child)

    visit(main)
    flush()
    return out


def chapters(page: html.HtmlElement, title: str) -> list[Chapter]:
    """The page (static, :func:`~teikit.writers.printable.edition`) as chapters, linked."""
    body = page.find("body")
    if body is None:
        return []
    front: list[etree._Element] = []
    main: etree._Element | None = None
    back: list[Chapter] = []
    colophon: list[etree._Element] = []
    for el in body:
        if not isinstance(el.tag, str):
            continue
        if el.tag == "header":
            front.append(el)
        elif el.tag == "main":
            main = el
        elif el.tag == "section" and has_class(el, "footnotes"):
            _mark_notes(page, el)
            back.append(Chapter("Notes", None, [el], kind="notes"))
        elif el.tag == "section" and has_class(el, "register"):
            back.append(Chapter("Register", None, [el], kind="register"))
        elif el.tag == "footer":
            colophon.append(el)
    out = [Chapter(title, None, front + colophon, kind="title")]
    if main is not None:
        out.extend(split_text(main, title))
    out.extend(back)
    for number, chapter in enumerate(out):
        chapter.file = "title.xhtml" if number == 0 else f"{chapter.kind}-{number}.xhtml"
        chapter.title = chapter.title or f"Part {number}"
    _relink(out)
    return out


def _mark_notes(page: html.HtmlElement, section: etree._Element) -> None:
    """EPUB's semantics for the notes: ``noteref`` on the calls, ``endnote`` on the notes."""
    section.set("epub:type", "endnotes")
    for item in section.iter("li"):
        item.set("epub:type", "endnote")
    for sup in page.iter("sup"):
        if has_class(sup, "noteref"):
            for link in sup.iter("a"):
                link.set("epub:type", "noteref")


def _relink(parts: list[Chapter]) -> None:
    """Point each ``#id`` link to the file its target is in (a lost target: no link)."""
    where: dict[str, str] = {}
    for chapter in parts:
        for node in chapter.nodes:
            for el in node.iter(etree.Element):
                ident = el.get("id")
                if ident:
                    where.setdefault(ident, chapter.file)
    for chapter in parts:
        for node in chapter.nodes:
            for link in node.iter("a"):
                href = link.get("href") or ""
                if not href.startswith("#"):
                    continue
                target = where.get(href[1:])
                if target is None:
                    del link.attrib["href"]
                elif target != chapter.file:
                    link.set("href", target + href)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace(
        '"', "&quot;"
    )


def xhtml(chapter: Chapter, css: str, default_lang: str) -> bytes:
    """One chapter as an XHTML document (UTF-8), linked to the stylesheet ``css``."""
    lang = _escape(chapter.lang or default_lang or "und")
    body = "".join(
        etree.tostring(node, method="xml", encoding="unicode", with_tail=True)
        for node in chapter.nodes
    )
    kind = {"title": "titlepage", "notes": "backmatter", "register": "index"}.get(
        chapter.kind, "bodymatter"
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html>\n'
        f'<html xmlns="{XHTML}" xmlns:epub="{OPS}" lang="{lang}" xml:lang="{lang}">\n'
        f'<head>\n<meta charset="utf-8"/>\n<title>{_escape(chapter.title)}</title>\n'
        f'<link rel="stylesheet" type="text/css" href="{_escape(css)}"/>\n</head>\n'
        f'<body epub:type="{kind}">\n{body}\n</body>\n</html>\n'
    ).encode()

"""The EPUB writer: the HTML edition as an EPUB 3 book with ebooklib (``pip install teikit[epub]``).

The page of the HTML writer, made static (:mod:`teikit.writers.printable`),
cut into chapters (:mod:`teikit.writers.chapters`): the header as a title
page, then one chapter per text part (the original, each translation), per
member of a corpus or per division of the body, then the notes and the
register.  Links between chapters are rewritten to point to the right file;
the stylesheet is ``writers/epub.css``, the edition's made simple.  The book
has a navigation document (and an NCX for older readers) and its metadata:
title, languages, date, identifier, translators, publisher, summary.
"""

from __future__ import annotations

import hashlib
import io
import uuid
from functools import cache
from importlib.resources import files
from typing import Any

from lxml import etree

from ..errors import TeikitError
from ..tei import XML_LANG, T
from .chapters import Chapter, chapters, xhtml
from .document import Document
from .printable import edition, text_of

MISSING = "the EPUB export needs ebooklib: pip install 'teikit[epub]'"
CSS_NAME = "style/epub.css"


@cache
def epub_css() -> str:
    """The stylesheet of the book (``teikit/writers/epub.css``), read once."""
    return (files("teikit.writers") / "epub.css").read_text(encoding="utf-8")


def ebooklib() -> Any:
    """The ``ebooklib.epub`` module, or a :class:`TeikitError` saying how to install it."""
    try:
        from ebooklib import epub
    except ImportError:
        raise TeikitError(MISSING, code="missing-extra") from None
    return epub


def require() -> None:
    """Raise :class:`TeikitError` (exit 2) unless ebooklib can be used."""
    ebooklib()


def _first(header: etree._Element | None, paths: list[str]) -> etree._Element | None:
    if header is None:
        return None
    for path in paths:
        found = header.find(path)
        if isinstance(found, etree._Element):
            return found
    return None


def book_date(header: etree._Element | None) -> str | None:
    """The date of the document for ``dc:date`` (its ``@when`` where it has one)."""
    date = _first(header, [
        f"{T}profileDesc/{T}creation/{T}date",
        f"{T}profileDesc/{T}correspDesc/{T}correspAction/{T}date",
        f".//{T}msDesc//{T}origDate",
        f"{T}fileDesc/{T}sourceDesc//{T}date",
        f"{T}fileDesc/{T}publicationStmt/{T}date",
    ])
    if date is None:
        return None
    for name in ("when", "when-iso", "notBefore", "from"):
        if date.get(name):
            return str(date.get(name))
    return text_of(date) or None


def book_identifier(header: etree._Element | None, title: str, text: str) -> str:
    """The book's identifier: the header's ``publicationStmt/idno``, or a UUID from its text."""
    idno = _first(header, [f"{T}fileDesc/{T}publicationStmt/{T}idno"])
    if idno is not None:
        value = text_of(idno)
        if value:
            return value
    digest = hashlib.sha256(f"{title}\n{text}".encode()).hexdigest()
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'teikit:' + digest)}"


def _metadata(book: Any, doc: Document, parts: list[Chapter], text: str) -> None:
    title = doc.title()
    book.set_title(title)
    langs = [doc.main_lang] + [c.lang for c in parts if c.lang]
    seen: list[str] = []
    for lang in langs:
        if lang and lang not in seen:
            seen.append(lang)
    book.set_language(seen[0] if seen else "und")
    for lang in seen[1:]:
        book.add_metadata("DC", "language", lang)
    book.set_identifier(book_identifier(doc.header, title, text))
    date = book_date(doc.header)
    if date:
        book.add_metadata("DC", "date", date)
    fields = {f.label: f for f in doc.citation()}
    if "Author" in fields:
        for name in fields["Author"].value.split("; "):
            book.add_author(name)
    if "Translator" in fields:
        for number, name in enumerate(fields["Translator"].value.split("; ")):
            book.add_author(name, role="trl", uid=f"translator-{number}")
    if "Publisher" in fields:
        book.add_metadata("DC", "publisher", fields["Publisher"].value)
    if "Summary" in fields:
        summary = fields["Summary"]
        book.add_metadata("DC", "description", " ".join(summary.paragraphs) or summary.value)
    if "Source" in fields:
        book.add_metadata("DC", "source", fields["Source"].value)


def write_epub(tree: etree._ElementTree | etree._Element, view: str | None = None) -> bytes:
    """The document as an EPUB 3 book (``view``: ``reading``, the default, or ``diplomatic``)."""
    epub = ebooklib()
    doc = Document(tree)
    page = edition(tree, view, backrefs=True)
    parts = chapters(page, doc.title())
    # a corpus member's language is its TEI's, which the page may not repeat
    members = [p.member for p in doc.parts if p.member is not None]
    for chapter, member in zip([c for c in parts if c.kind == "member"], members, strict=False):
        chapter.lang = chapter.lang or member.get(XML_LANG)
    text = "".join(" ".join(c.text() for c in parts).split())
    book = epub.EpubBook()
    _metadata(book, doc, parts, text)
    style = epub.EpubItem(
        uid="style", file_name=CSS_NAME, media_type="text/css", content=epub_css().encode()
    )
    book.add_item(style)
    items = []
    for number, chapter in enumerate(parts):
        item = epub.EpubItem(
            uid=f"chapter-{number}",
            file_name=chapter.file,
            media_type="application/xhtml+xml",
            content=xhtml(chapter, CSS_NAME, doc.main_lang),
        )
        book.add_item(item)
        items.append(item)
    book.toc = [
        epub.Link(c.file, c.title, f"toc-{n}") for n, c in enumerate(parts) if c.in_toc
    ]
    book.add_item(epub.EpubNcx())
    book.add_item(epub.EpubNav())
    book.spine = items
    out = io.BytesIO()
    epub.write_epub(out, book, {"epub3_pages": False})
    return out.getvalue()

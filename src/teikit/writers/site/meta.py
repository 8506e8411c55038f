"""What the site's index says of a document, read from its ``teiHeader``.

Any project's header, not only teikit's: the title (the document's own, as the
edition shows it), the date (of its making, its sending, its origin, or of the
source it is taken from), the archive or repository that holds it (else who
publishes it), and its languages.  What a header does not say is left empty.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from ...tei import NSMAP, XML_LANG, T
from ..document import Document, squashed_text

# Where a document's own date is, the most telling first.
DATE_PATHS = (
    "t:profileDesc/t:creation//t:date",
    "t:profileDesc/t:creation//t:origDate",
    "t:profileDesc/t:correspDesc/t:correspAction[@type='sent']//t:date",
    "t:profileDesc/t:correspDesc//t:date",
    "t:fileDesc/t:sourceDesc//t:origDate",
    "t:fileDesc/t:sourceDesc//t:bibl/t:date",
    "t:fileDesc/t:sourceDesc//t:date",
)
DATE_ATTRS = ("when", "when-iso", "notBefore", "notBefore-iso", "from", "from-iso",
              "notAfter", "notAfter-iso", "to", "to-iso")
ISO = re.compile(r"^\s*(-?)(\d{1,4})(?:-(\d\d))?(?:-(\d\d))?")
YEAR = re.compile(r"(?<!\d)(\d{3,4})(?!\d)")
PUBLISHERS = ("publisher", "distributor", "authority")


@dataclass
class DocInfo:
    """One row of the index: a document's edition page and what its header says."""

    href: str
    title: str
    date: str = ""
    sort_date: float | None = None
    archive: str = ""
    languages: list[str] = field(default_factory=list)
    language_names: dict[str, str] = field(default_factory=dict)


def date_key(value: str) -> float | None:
    """A number that sorts dates (``-0044-03-15`` before ``1956``), from ISO text."""
    found = ISO.match(value)
    if not found:
        return None
    sign, year, month, day = found.groups()
    number = int(year) * 10000 + int(month or 0) * 100 + int(day or 0)
    return float(-number if sign else number)


def document_date(header: etree._Element | None) -> tuple[str, float | None]:
    """The date as the header writes it and a key to sort by (None: no date)."""
    if header is None:
        return "", None
    for path in DATE_PATHS:
        found = header.xpath(path, namespaces=NSMAP)
        if not isinstance(found, list) or not found:
            continue
        el = found[0]
        assert isinstance(el, etree._Element)
        stamps = [str(el.get(a)) for a in DATE_ATTRS if el.get(a)]
        text = squashed_text(el) or (stamps[0] if stamps else "")
        key = next((k for k in map(date_key, stamps) if k is not None), None)
        if key is None:
            year = YEAR.search(text)
            key = float(int(year.group(1)) * 10000) if year else None
        if text or key is not None:
            return text, key
    return "", None


def archive(header: etree._Element | None) -> str:
    """Who holds the source (``msIdentifier``: repository, institution, place), else
    who publishes the file."""
    if header is None:
        return ""
    ident = header.find(f"{T}fileDesc/{T}sourceDesc//{T}msIdentifier")
    if ident is not None:
        parts = [squashed_text(ident.find(f"{T}{name}"))
                 for name in ("repository", "institution", "settlement")]
        said = ", ".join(p for p in parts if p)
        if said:
            return said
    stmt = header.find(f"{T}fileDesc/{T}publicationStmt")
    if stmt is not None:
        for name in PUBLISHERS:
            text = squashed_text(stmt.find(f"{T}{name}"))
            if text:
                return text
    return ""


def languages(doc: Document) -> list[str]:
    """The document's languages: ``langUsage``, else ``textLang``, else ``xml:lang``."""
    header = doc.header
    found: list[str] = []
    if header is not None:
        for lang in header.iterfind(f"{T}profileDesc/{T}langUsage/{T}language"):
            if lang.get("ident"):
                found.append(str(lang.get("ident")))
        if not found:
            for text_lang in header.iter(T + "textLang"):
                for key in ("mainLang", "otherLangs"):
                    found.extend(str(text_lang.get(key) or "").split())
    if not found:
        for el in (doc.root, *doc.root.iter(T + "text")):
            if el.get(XML_LANG):
                found.append(str(el.get(XML_LANG)))
                break
    return list(dict.fromkeys(f for f in found if f and f != "und"))


def doc_info(doc: Document, href: str, fallback_title: str) -> DocInfo:
    """The index row for ``doc``, whose edition page is at ``href``."""
    title = doc.title() if doc.header is not None else ""
    if not title or title.startswith("Untitled TEI"):
        title = fallback_title
    date, key = document_date(doc.header)
    langs = languages(doc)
    names = {code: doc.languages[code] for code in langs if doc.languages.get(code)}
    return DocInfo(href, title, date, key, archive(doc.header), langs, names)

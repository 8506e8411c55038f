"""The citation of a page: the citation string parsed, the archive signature, the source bibl.

Also the two small helpers every part of the header is made with (:func:`sub`,
:func:`lines_into`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from lxml import etree

from .. import dates
from ..archives import archives
from ..tei import XML_ID, set_line, tei


@dataclass
class Citation:
    """The parts of a Wilson Center citation string."""

    pieces: list[tuple[str, str | None]]
    title: str | None = None
    date: str | None = None
    publisher: str | None = None
    signature: str | None = None
    translator: str | None = None



_TRANSLATED = re.compile(
    r"(?P<sep>\.?\s+)(?P<resp>(?:[Oo]btained and )?[Tt]ranslat\w+(?: for \S+)? by)\s+"
    r"(?P<name>.+?)(?P<end>\.?)$"
)
_CITED_DATE = re.compile(r"^(?P<date>[A-Z][a-z]+ \d{1,2}, \d{4})(?P<sep>,\s+)")


def parse_citation(line: str) -> Citation:
    """Split a citation line into tagged pieces whose texts join back to ``line``."""
    pieces: list[tuple[str, str | None]] = []
    cit = Citation(pieces)
    rest = line
    m = re.match(r"^([\"“])(.+?)(,?[\"”],?\s+)", rest)
    if m:
        pieces += [(m.group(1), None), (m.group(2), "title"), (m.group(3), None)]
        cit.title = m.group(2)
        rest = rest[m.end() :]
    m = _CITED_DATE.match(rest)
    if m:
        pieces += [(m.group("date"), "date"), (m.group("sep"), None)]
        cit.date = m.group("date")
        rest = rest[m.end() :]
    m = re.match(r"^([^,]*Archive[^,]*)(,\s+)", rest)
    if m:
        pieces += [(m.group(1), "publisher"), (m.group(2), None)]
        cit.publisher = m.group(1)
        rest = rest[m.end() :]
    tr = _TRANSLATED.search(rest)
    signature = rest[: tr.start()] if tr else rest.rstrip(".")
    if signature and cit.publisher:
        pieces.append((signature, "signature"))
        cit.signature = signature
    elif signature:
        pieces.append((signature, None))
    if tr:
        pieces += [
            (tr.group("sep"), None),
            (tr.group("resp"), "resp"),
            (rest[tr.end("resp") : tr.start("name")], None),
            (tr.group("name"), "translator"),
            (tr.group("end"), None),
        ]
        cit.translator = tr.group("name")
    else:
        pieces.append((rest[len(signature) :], None))
    if "".join(text for text, _ in pieces) != line:  # never lose a character
        return Citation([(line, None)])
    return cit


_ID_LABELS = {
    "fond": "fond",
    "f": "fond",
    "f.": "fond",
    "opis": "opis",
    "op": "opis",
    "op.": "opis",
    "delo": "delo",
    "d": "delo",
    "d.": "delo",
    "listy": "folios",
    "list": "folios",
    "l": "folios",
    "l.": "folios",
    "ll": "folios",
    "ll.": "folios",
    "k.": "folios",
    "karta": "folios",
    "folio": "folios",
    "folios": "folios",
    "ff.": "folios",
    "sygn.": "signature",
    "sygn": "signature",
    "dosar": "file",
    "box": "box",
    "file": "file",
}


def signature_parts(signature: str) -> tuple[str | None, list[tuple[str, str]]]:
    """The archive abbreviation and typed identifier parts of an archive signature."""
    table = archives()
    archive = None
    rest = signature.strip()
    for abbr in sorted(table, key=len, reverse=True):
        if rest == abbr or rest.startswith((abbr + ",", abbr + " ")):
            archive = abbr
            rest = rest[len(abbr) :].lstrip(", ")
            break
    if archive is None:
        m = re.match(r"^([^,]{1,80})(?:,\s*|$)", rest)
        if m:  # an archive teikit does not know: its name as the citation gives it
            archive = m.group(1).strip()
            rest = rest[m.end() :]
    parts: list[tuple[str, str]] = []
    other: list[str] = []
    for part in [p.strip() for p in rest.split(",") if p.strip()]:
        m = re.match(r"^(\S+)\s+(.+)$", part)
        kind = _ID_LABELS.get(m.group(1).lower()) if m else None
        if m and kind:
            parts.append((kind, m.group(2)))
        else:
            other.append(part)
    if other:
        parts.insert(0, ("shelfmark", ", ".join(other)))
    return archive, parts


def sub(
    parent: etree._Element,
    name: str,
    text: str | None = None,
    line: int | None = None,
    **attrs: str,
) -> etree._Element:
    el = etree.SubElement(parent, tei(name))
    for key, value in attrs.items():
        el.set(XML_ID if key == "xml_id" else key, value)
    if text is not None:
        el.text = text
    if line is not None:
        set_line(el, line)
    return el


def lines_into(el: etree._Element, lines: Iterable[str], line: int | None) -> None:
    """Put lines into a mixed-content element, one lb per line break."""
    first = True
    for text in lines:
        if not first:
            last = el[-1] if len(el) else None
            if last is None:
                el.text = (el.text or "") + "\n"
            else:
                last.tail = (last.tail or "") + "\n"
            lb = etree.SubElement(el, tei("lb"))
            if line is not None:
                set_line(lb, line)
        first = False
        if text:
            last = el[-1] if len(el) else None
            if last is None:
                el.text = (el.text or "") + text
            else:
                last.tail = (last.tail or "") + text


_CITATION_TAGS: dict[str, tuple[str, dict[str, str]]] = {
    "title": ("title", {}),
    "date": ("date", {}),
    "publisher": ("publisher", {}),
    "signature": ("idno", {"type": "archive"}),
    "translator": ("persName", {}),
}


def citation_bibl(parent: etree._Element, lines: tuple[str, ...], line: int) -> Citation | None:
    bibl = sub(parent, "bibl", line=line, type="citation")
    cit: Citation | None = None
    for n, text in enumerate(lines):
        if n:
            lines_into(bibl, ["", ""], line + n)
        url = _URL_LINE.fullmatch(text)
        if url and n:
            address = url.group(1) or url.group(2)
            bracketed = url.group(1) is not None
            if bracketed:
                lines_into(bibl, ["<"], None)
            ref = sub(bibl, "ref", address, line + n, target=address)
            if bracketed:
                ref.tail = ">"
            continue
        if n == 0:
            cit = parse_citation(text)
            resp_stmt: etree._Element | None = None
            for piece, tag in cit.pieces:
                if tag is None:
                    target = resp_stmt if resp_stmt is not None and piece.isspace() else bibl
                    lines_into(target, [piece], None)
                    continue
                if tag == "resp":
                    resp_stmt = sub(bibl, "respStmt", line=line)
                    sub(resp_stmt, "resp", piece, line)
                    continue
                if tag == "translator" and resp_stmt is not None:
                    sub(resp_stmt, "persName", piece, line)
                    resp_stmt = None
                    continue
                name, attrs = _CITATION_TAGS[tag]
                el = sub(bibl, name, piece, line, **attrs)
                when = dates.parse_date(piece) if tag == "date" else None
                if when:
                    el.set("when", when.iso())
        else:
            lines_into(bibl, [text], None)
    return cit


_URL_LINE = re.compile(r"<(\S+)>|(https?://\S+)")


def urls_of(lines: tuple[str, ...]) -> list[str]:
    """The URL lines of a citation field (``<URL>``, or the bare address of a PDF copy)."""
    return [m.group(1) or m.group(2) for n, text in enumerate(lines)
            if n and (m := _URL_LINE.fullmatch(text))]


def source_bibl(parent: etree._Element, lines: tuple[str, ...], line: int) -> Citation:
    """The Source field of the web page: an archive signature, then who translated it."""
    bibl = sub(parent, "bibl", line=line, type="source")
    text = "\n".join(lines)
    tr = _TRANSLATED.search(text) if "\n" not in text else None
    signature = (text[: tr.start()] if tr else text).rstrip(".")
    cit = Citation([], signature=signature or None)
    if signature:
        sub(bibl, "idno", signature, line, type="archive")
    if tr:
        lines_into(bibl, [text[len(signature) : tr.start("resp")]], None)
        resp_stmt = sub(bibl, "respStmt", line=line)
        sub(resp_stmt, "resp", tr.group("resp"), line)
        resp_stmt[-1].tail = text[tr.end("resp") : tr.start("name")]
        sub(resp_stmt, "persName", tr.group("name"), line)
        lines_into(bibl, [text[tr.end("name") :]], None)
        cit.translator = tr.group("name")
    else:
        lines_into(bibl, text[len(signature) :].split("\n"), line)
    return cit


# The end of a source note's first sentence (the archive and the file), before what
# the note goes on to say: the classification, who drafted it, where it was sent.
_SOURCE_END = re.compile(
    r"\.\s+(?=(?:Top Secret|Secret|Confidential|Unclassified|Limited Official Use|"
    r"Official Use Only|No classification|Drafted|Transmitted|Repeated|Sent|Received|"
    r"Printed|The |This |Prepared|Approved|According|Typed|Handwritten|Also|Copies|"
    r"Initialed|Signed|Attached|Cleared|A |An |Eyes Only|Nodis|Exdis|Limdis|Priority|"
    r"Immediate|Flash|Niact)\b)"
)
# A file reference: digits and a separator or capitals, not a bare year ("1962").
_FILE_REF = re.compile(r"(?=.*\d)(?=.*[/–\-.:A-Z])(?!(?:1[89]|20)\d{2}(?:–\d{2,4})?$)\S.*")


def source_note_ms(text: str) -> etree._Element | None:
    """The ``msDesc`` of a source note's first sentence (``Source: Department of State,
    Central Files, 611.48/11–962. Confidential.``): the repository, its collections,
    the file (or box) as an ``idno``; None when the note names no archive."""
    text = " ".join(text.split())
    text = text[len("Source:"):].strip() if text.startswith("Source:") else text
    m = _SOURCE_END.search(text)
    first = text[: m.start()] if m else text.rstrip(".")
    parts = [p.strip() for p in re.split(r",\s+|;\s+", first) if p.strip()]
    if len(parts) < 2 or len(parts[0]) > 80:
        return None
    ms = etree.Element(tei("msDesc"))
    ident = sub(ms, "msIdentifier")
    sub(ident, "repository", parts[0])
    rest = parts[1:]
    file_ref = rest.pop() if rest and _FILE_REF.fullmatch(rest[-1]) else None
    for part in rest:
        sub(ident, "collection", part)
    if file_ref:
        kind = "box" if re.match(r"Box\b", file_ref) else "file"
        sub(ident, "idno", file_ref, type=kind)
    return ms

"""The teiHeader: made from the metadata block and from what the body used.

Every field of the metadata block has one home in the header, from which the
transcription writer reads it back (see README, "Header"):

- the date line: ``profileDesc/creation/date`` (with ``@when``);
- the title: ``titleStmt/title[@type='main']``;
- ``Citation:``: ``sourceDesc/bibl[@type='citation']`` (its parts tagged), from
  which the header also takes the publisher, the source URL, the translator and
  the archive signature (``msDesc/msIdentifier``);
- ``Summary:``: ``profileDesc/abstract``;
- ``Credits:``: ``titleStmt/funder``;
- ``Original Language:``: ``msDesc/msContents/textLang``;
- ``Contents:``: ``msDesc/additional/surrogates/list[@type='contents']``;
- any other ``Label:``: ``notesStmt/note[@type='field'][@n='Label']``.

Whatever teikit adds that the transcription did not say carries
``resp="#teikit"``; the writer leaves it out.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from lxml import etree

from .. import dates, languages
from ..profiles import Profile, fill
from ..tei import XML_ID, set_line, tei


@dataclass
class Metadata:
    """What the reader found in the metadata block."""

    date: tuple[str, int] | None = None
    title: tuple[str, int] | None = None
    fields: list[tuple[str, tuple[str, ...], int]] = field(default_factory=list)
    order: tuple[str, ...] | None = None
    layout: tuple[str, ...] | None = None
    title_n: str | None = None
    title_note: str | None = None

    def field(self, label: str) -> tuple[tuple[str, ...], int] | None:
        """The lines and source line of the field ``label``."""
        for name, lines, line in self.fields:
            if name == label:
                return lines, line
        return None


@dataclass
class Usage:
    """What the body used: pointers, rules, languages."""

    pointers: set[str] = field(default_factory=set)
    rules: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)


@dataclass
class Citation:
    """The parts of a Wilson Center citation string."""

    pieces: list[tuple[str, str | None]]
    title: str | None = None
    date: str | None = None
    publisher: str | None = None
    signature: str | None = None
    translator: str | None = None


@cache
def archives() -> dict[str, dict[str, str]]:
    """The table of archives (``data/archives.toml``)."""
    text = (resources.files("teikit") / "data" / "archives.toml").read_text("utf-8")
    data: dict[str, Any] = tomllib.loads(text)
    return {k: dict(v) for k, v in data.items()}


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


def _sub(
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


def _lines_into(el: etree._Element, lines: Iterable[str], line: int | None) -> None:
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


def _citation_bibl(parent: etree._Element, lines: tuple[str, ...], line: int) -> Citation | None:
    bibl = _sub(parent, "bibl", line=line, type="citation")
    cit: Citation | None = None
    for n, text in enumerate(lines):
        if n:
            _lines_into(bibl, ["", ""], line + n)
        url = re.fullmatch(r"<(\S+)>", text)
        if url:
            _lines_into(bibl, ["<"], None)
            _sub(bibl, "ref", url.group(1), line + n, target=url.group(1)).tail = ">"
            continue
        if n == 0:
            cit = parse_citation(text)
            resp_stmt: etree._Element | None = None
            for piece, tag in cit.pieces:
                if tag is None:
                    target = resp_stmt if resp_stmt is not None and piece.isspace() else bibl
                    _lines_into(target, [piece], None)
                    continue
                if tag == "resp":
                    resp_stmt = _sub(bibl, "respStmt", line=line)
                    _sub(resp_stmt, "resp", piece, line)
                    continue
                if tag == "translator" and resp_stmt is not None:
                    _sub(resp_stmt, "persName", piece, line)
                    resp_stmt = None
                    continue
                name, attrs = _CITATION_TAGS[tag]
                el = _sub(bibl, name, piece, line, **attrs)
                when = dates.parse_date(piece) if tag == "date" else None
                if when:
                    el.set("when", when.iso())
        else:
            _lines_into(bibl, [text], None)
    return cit


def urls_of(lines: tuple[str, ...]) -> list[str]:
    """The ``<URL>`` lines of a citation field."""
    return [m.group(1) for text in lines if (m := re.fullmatch(r"<(\S+)>", text))]


def _source_bibl(parent: etree._Element, lines: tuple[str, ...], line: int) -> Citation:
    """The Source field of the web page: an archive signature, then who translated it."""
    bibl = _sub(parent, "bibl", line=line, type="source")
    text = "\n".join(lines)
    tr = _TRANSLATED.search(text) if "\n" not in text else None
    signature = (text[: tr.start()] if tr else text).rstrip(".")
    cit = Citation([], signature=signature or None)
    if signature:
        _sub(bibl, "idno", signature, line, type="archive")
    if tr:
        _lines_into(bibl, [text[len(signature) : tr.start("resp")]], None)
        resp_stmt = _sub(bibl, "respStmt", line=line)
        _sub(resp_stmt, "resp", tr.group("resp"), line)
        resp_stmt[-1].tail = text[tr.end("resp") : tr.start("name")]
        _sub(resp_stmt, "persName", tr.group("name"), line)
        _lines_into(bibl, [text[tr.end("name") :]], None)
        cit.translator = tr.group("name")
    else:
        _lines_into(bibl, text[len(signature) :].split("\n"), line)
    return cit


def build_header(
    meta: Metadata,
    usage: Usage,
    profile: Profile,
    *,
    source_name: str,
    source_text: str,
    version: str,
) -> etree._Element:
    """The teiHeader of a converted transcription."""
    header = etree.Element(tei("teiHeader"))
    file_desc = _sub(header, "fileDesc")
    title_stmt = _sub(file_desc, "titleStmt")
    if meta.title:
        title = _sub(title_stmt, "title", line=meta.title[1], type="main")
        _lines_into(title, meta.title[0].split("\n"), meta.title[1])
        if meta.title_n:
            title.set("n", meta.title_n)
        if meta.title_note:
            target = fill(str(profile.metadata.get("heading_note", "")), {"n": meta.title_note})
            if target and target in usage.ids:
                _sub(title, "ref", meta.title_note, meta.title[1], target=f"#{target}")
            else:
                _lines_into(title, [meta.title_note], None)
    else:
        name = source_name.rsplit("/", 1)[-1]
        _sub(title_stmt, "title", f"Transcription {name}", type="main", resp="#teikit")
    credits = meta.field("Credits")
    if credits:
        funder = _sub(title_stmt, "funder", line=credits[1])
        _lines_into(funder, credits[0], credits[1])

    citation = meta.field("Citation")
    cit: Citation | None = None
    source_desc = etree.Element(tei("sourceDesc"))
    if citation and citation[0]:
        cit = _citation_bibl(source_desc, citation[0], citation[1] + 2)
    targets = profile.web_targets() if meta.layout and "funder-line" in meta.layout else {}
    source = next((meta.field(lab) for lab, t in targets.items() if t == "source"), None)
    if source and len(source[0]) > 1:  # not a signature: kept as a note
        targets = {lab: ("note" if t == "source" else t) for lab, t in targets.items()}
        source = None
    if source and source[0]:
        found = _source_bibl(source_desc, source[0], source[1] + 2)
        if cit is None or not cit.signature:
            cit = found
    people = profile.people
    translator_id = people.get("translator", {}).get("id", "translator")
    if translator_id in usage.pointers or (cit and cit.translator):
        rs = _sub(title_stmt, "respStmt")
        role = people.get("translator", {}).get("role", "translation from the original language")
        _sub(rs, "resp", role)
        if cit and cit.translator:
            _sub(rs, "persName", cit.translator, xml_id=translator_id)
        else:
            _sub(rs, "name", "the translator (not named)", xml_id=translator_id, resp="#teikit")
    for key, data in people.items():
        ident = data.get("id", key)
        if key == "translator" or ident not in usage.pointers:
            continue
        rs = _sub(title_stmt, "respStmt")
        _sub(rs, "resp", data.get("role", key))
        _sub(rs, "name", data.get("description", key), xml_id=ident, resp="#teikit")
    rs = _sub(title_stmt, "respStmt")
    _sub(rs, "resp", "conversion of the plain-text transcription to TEI")
    _sub(rs, "name", "teikit")

    pub = _sub(file_desc, "publicationStmt")
    rights = [r for lab, t in targets.items() if t == "rights" and (r := meta.field(lab))]
    publisher = cit.publisher if cit else None
    if publisher:
        _sub(pub, "publisher", publisher)
        for url in urls_of(citation[0] if citation else ()):
            _sub(pub, "idno", url, type="URL")
    elif rights and profile.metadata.get("publisher"):
        _sub(pub, "publisher", str(profile.metadata["publisher"]), resp="#teikit")
    else:
        _sub(pub, "p", "Not published; converted from a plain-text transcription.", resp="#teikit")
    if len(pub) and pub[0].tag == tei("publisher"):
        for lines, line in rights:
            availability = _sub(pub, "availability", line=line)
            _lines_into(_sub(availability, "p", line=line + 2), lines, line + 2)

    known = {f.label for f in profile.fields} | {
        lab for lab, t in targets.items() if t != "note"
    }
    if cit is None or not cit.signature:  # no msDesc: these fields have no home there
        known -= {
            f.label for f in profile.fields if f.target in ("original-language", "contents")
        }
    others = [
        (lab, lines, line) for lab, lines, line in meta.fields if lab not in known or not lines
    ]
    if others:
        notes = _sub(file_desc, "notesStmt")
        for label, lines, line in others:
            note = _sub(notes, "note", line=line, type="field", n=label)
            _lines_into(note, lines, line + 2)

    file_desc.append(source_desc)
    ms_desc = _ms_desc(meta, usage, profile, cit)
    if ms_desc is not None:
        source_desc.append(ms_desc)
    wit_ids = [(k, v) for k, v in profile.witnesses.items() if v["id"] in usage.pointers]
    if wit_ids:
        list_wit = _sub(source_desc, "listWit")
        for _, data in wit_ids:
            _sub(list_wit, "witness", data.get("description", ""), xml_id=data["id"])
    if len(source_desc) == 0:
        name = source_name.rsplit("/", 1)[-1]
        _sub(
            source_desc,
            "bibl",
            f"Plain-text transcription {name}; its source is not stated.",
            resp="#teikit",
        )
    _encoding_desc(header, usage, profile, meta, source_name, source_text, version)
    _profile_desc(header, meta, usage, profile, ms_desc is None)
    return header


def _hands(usage: Usage, profile: Profile) -> list[dict[str, str]]:
    return [v for v in profile.hands.values() if v["id"] in usage.pointers]


def _hand_notes(parent: etree._Element, hands: list[dict[str, str]]) -> None:
    for data in hands:
        note = _sub(parent, "handNote", xml_id=data["id"])
        if data.get("medium"):
            note.set("medium", data["medium"])
        _sub(note, "p", data.get("description", ""))


def _ms_desc(
    meta: Metadata, usage: Usage, profile: Profile, cit: Citation | None
) -> etree._Element | None:
    if cit is None or not cit.signature:
        return None
    ms = etree.Element(tei("msDesc"))
    ident = _sub(ms, "msIdentifier")
    archive, parts = signature_parts(cit.signature)
    info = archives().get(archive or "", {})
    if info.get("country"):
        _sub(ident, "country", info["country"])
    if info.get("settlement"):
        _sub(ident, "settlement", info["settlement"])
    if archive and info:
        repo = _sub(ident, "repository", f"{info['name']} (")
        abbr = _sub(repo, "abbr", archive)
        abbr.tail = ")"
    elif archive:
        _sub(ident, "repository", archive)
    for kind, value in parts:
        _sub(ident, "idno", value, type=kind)
    if len(ident) == 0:
        _sub(ident, "idno", cit.signature, type="shelfmark")
    language = meta.field("Original Language")
    if language:
        contents = _sub(ms, "msContents")
        code = languages.code_for(language[0][0]) if language[0] else None
        text_lang = _sub(contents, "textLang", line=language[1])
        if code:
            text_lang.set("mainLang", code)
        _lines_into(text_lang, language[0], language[1] + 2)
    hands = _hands(usage, profile)
    if hands:
        phys = _sub(ms, "physDesc")
        hand_desc = _sub(phys, "handDesc", hands=str(len(hands)))
        _hand_notes(hand_desc, hands)
    contents_field = meta.field("Contents")
    if contents_field:
        add = _sub(ms, "additional")
        sur = _sub(add, "surrogates", line=contents_field[1])
        lst = _sub(sur, "list", type="contents")
        for n, item in enumerate(contents_field[0]):
            _sub(lst, "item", item, contents_field[1] + 2 + n)
    return ms


def _encoding_desc(
    header: etree._Element,
    usage: Usage,
    profile: Profile,
    meta: Metadata,
    source_name: str,
    source_text: str,
    version: str,
) -> None:
    enc = _sub(header, "encodingDesc")
    app_info = _sub(enc, "appInfo")
    app = _sub(app_info, "application", xml_id="teikit", ident="teikit", version=version)
    _sub(app, "label", "teikit")
    digest = hashlib.sha256(source_text.encode("utf-8")).hexdigest()
    name = source_name.rsplit("/", 1)[-1]
    _sub(
        app,
        "desc",
        f"Converted from the transcription {name} (normalised text, "
        f"SHA-256 {digest}) with the profile {profile.name}"
        + (f" (file {Path(profile.source).resolve()})" if profile.source else "")
        + ".",
        type="source",
    )
    if meta.order:
        _sub(app, "desc", " | ".join(meta.order), type="field-order")
    if meta.layout:
        _sub(app, "desc", "\n".join(meta.layout), type="layout")
    decl = _sub(enc, "editorialDecl")
    hyph = _sub(decl, "hyphenation", eol="some")
    _sub(
        hyph,
        "p",
        "A hyphen at a line end inside a word is kept in the text, and the line "
        'break after it is encoded as lb with break="no".',
    )
    _sub(
        decl,
        "p",
        "Line breaks of the transcription are lb; a blank line inside a sentence "
        "is a page break (pb); more than one blank line between blocks is space "
        '(dim="vertical"). Spaces at line ends were dropped.',
    )
    for rule in profile.rules:
        if rule.name not in usage.rules:
            continue
        name = rule.name
        if not rule.description:
            continue
        p = _sub(decl, "p", f"{name}: {rule.description}")
        if rule.example:
            p.text = f"{name}: {rule.description} Example: {rule.example}"


def _profile_desc(
    header: etree._Element,
    meta: Metadata,
    usage: Usage,
    profile: Profile,
    hands_here: bool,
) -> None:
    prof = _sub(header, "profileDesc")
    creation = _sub(prof, "creation")
    if meta.date:
        value = dates.parse_date(meta.date[0])
        date = _sub(creation, "date", meta.date[0], meta.date[1])
        if value:
            date.set("when", value.iso())
    else:  # no date known (enrichment may date it by a dateline): no creation, not empty
        prof.remove(creation)
    if usage.languages:  # none without a body
        lang_usage = _sub(prof, "langUsage")
        for code in usage.languages:
            _sub(lang_usage, "language", languages.name_for(code), ident=code)
    summary = meta.field("Summary")
    if summary:
        abstract = _sub(prof, "abstract", line=summary[1])
        # one p per block of the summary; more than one blank line between blocks
        # is kept as empty lines (lb) at the start of the next p
        blocks: list[list[str]] = [[]]
        for text in summary[0]:
            if text == "" and blocks[-1] and blocks[-1][-1] != "":
                blocks.append([])
            elif text == "" and not blocks[-1]:
                blocks[-1].append("")
            else:
                blocks[-1].append(text)
        for lines in blocks:
            p = _sub(abstract, "p", line=summary[1] + 2)
            _lines_into(p, lines, summary[1] + 2)
    web = meta.layout is not None and "funder-line" in meta.layout
    keywords = [
        (label, found)
        for label, target in (profile.web_targets() if web else {}).items()
        if target == "keywords" and (found := meta.field(label))
    ]
    if keywords:
        text_class = _sub(prof, "textClass", line=keywords[0][1][1])
        for label, (terms, at) in keywords:
            kw = _sub(text_class, "keywords", line=at, n=label)
            for n, term in enumerate(terms):
                _sub(kw, "term", term, at + 2 + n)
    hands = _hands(usage, profile)
    if hands_here and hands:
        notes = _sub(prof, "handNotes")
        _hand_notes(notes, hands)

"""The teiHeader: made from the metadata block and from what the body used.

Every field of the metadata block has one home in the header, from which the
transcription writer reads it back (see docs/convert.md, "Header"):

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
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from .. import dates, languages
from ..archives import archives
from ..profiles import Profile, fill
from ..tei import tei
from .citation import (
    Citation,
    citation_bibl,
    lines_into,
    parse_citation,
    signature_parts,
    source_bibl,
    sub,
    urls_of,
)


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
    original_language: tuple[str, str] | None = None  # implied: (code, the evidence)
    implied_date: tuple[str, str, str] | None = None  # (text, ISO date, the evidence)

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


def _labelled_layout(meta: Metadata) -> bool:
    """Does the page carry labelled fields of the web layouts (or a trailing ``Source:`` line)?"""
    layout = meta.layout or ()
    return "funder-line" in layout or any(item.startswith("line:") for item in layout)


def build_header(
    meta: Metadata,
    usage: Usage,
    profile: Profile,
    *,
    source_name: str,
    source_text: str,
    version: str,
    source_layout: str = "",
) -> etree._Element:
    """The teiHeader of a converted transcription."""
    header = etree.Element(tei("teiHeader"))
    file_desc = sub(header, "fileDesc")
    title_stmt = sub(file_desc, "titleStmt")
    if meta.title:
        title = sub(title_stmt, "title", line=meta.title[1], type="main")
        lines_into(title, meta.title[0].split("\n"), meta.title[1])
        if meta.title_n:
            title.set("n", meta.title_n)
        if meta.title_note:
            target = fill(str(profile.metadata.get("heading_note", "")), {"n": meta.title_note})
            if target and target in usage.ids:
                sub(title, "ref", meta.title_note, meta.title[1], target=f"#{target}")
            else:
                lines_into(title, [meta.title_note], None)
    elif cited := _cited_title(meta):
        # the page gives its title only in its citation: teikit takes it from there (the
        # writer leaves it out, since the citation gives it back)
        sub(title_stmt, "title", cited, type="main", resp="#teikit")
    else:
        name = source_name.rsplit("/", 1)[-1]
        sub(title_stmt, "title", f"Transcription {name}", type="main", resp="#teikit")
    credits = meta.field("Credits")
    if credits:
        funder = sub(title_stmt, "funder", line=credits[1])
        lines_into(funder, credits[0], credits[1])

    citation = meta.field("Citation")
    cit: Citation | None = None
    source_desc = etree.Element(tei("sourceDesc"))
    if citation and citation[0]:
        cit = citation_bibl(source_desc, citation[0], citation[1] + 2)
    targets = profile.web_targets() if _labelled_layout(meta) else {}
    source = next((meta.field(lab) for lab, t in targets.items() if t == "source"), None)
    if source and len(source[0]) > 1:  # not a signature: kept as a note
        targets = {lab: ("note" if t == "source" else t) for lab, t in targets.items()}
        source = None
    if source and source[0]:
        found = source_bibl(source_desc, source[0], source[1] + 2)
        if cit is None or not cit.signature:
            cit = found
    people = profile.people
    translator_id = people.get("translator", {}).get("id", "translator")
    if translator_id in usage.pointers or (cit and cit.translator):
        rs = sub(title_stmt, "respStmt")
        role = people.get("translator", {}).get("role", "translation from the original language")
        sub(rs, "resp", role)
        if cit and cit.translator:
            sub(rs, "persName", cit.translator, xml_id=translator_id)
        else:
            sub(rs, "name", "the translator (not named)", xml_id=translator_id, resp="#teikit")
    for key, data in people.items():
        ident = data.get("id", key)
        if key == "translator" or ident not in usage.pointers:
            continue
        rs = sub(title_stmt, "respStmt")
        sub(rs, "resp", data.get("role", key))
        sub(rs, "name", data.get("description", key), xml_id=ident, resp="#teikit")
    rs = sub(title_stmt, "respStmt")
    sub(rs, "resp", "conversion of the plain-text transcription to TEI")
    sub(rs, "name", "teikit")

    pub = sub(file_desc, "publicationStmt")
    rights = [r for lab, t in targets.items() if t == "rights" and (r := meta.field(lab))]
    publisher = cit.publisher if cit else None
    if publisher:
        sub(pub, "publisher", publisher)
        for url in urls_of(citation[0] if citation else ()):
            sub(pub, "idno", url, type="URL")
    elif rights and profile.metadata.get("publisher"):
        sub(pub, "publisher", str(profile.metadata["publisher"]), resp="#teikit")
    page_url = meta.field("Page URL")
    if page_url and page_url[0] and len(pub) == 0:  # a publisher before the page's address
        sub(pub, "publisher", str(profile.metadata.get("publisher", "")), resp="#teikit")
    elif len(pub) == 0:
        sub(pub, "p", "Not published; converted from a plain-text transcription.", resp="#teikit")
    if page_url and page_url[0]:  # the page's own address, on a line of its head
        sub(pub, "idno", page_url[0][0], page_url[1], type="URL", rend="page-line")
    if len(pub) and pub[0].tag == tei("publisher"):
        for lines, line in rights:
            availability = sub(pub, "availability", line=line)
            lines_into(sub(availability, "p", line=line + 2), lines, line + 2)

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
        notes = sub(file_desc, "notesStmt")
        for label, lines, line in others:
            note = sub(notes, "note", line=line, type="field", n=label)
            lines_into(note, lines, line + 2)

    file_desc.append(source_desc)
    ms_desc = _ms_desc(meta, usage, profile, cit)
    if ms_desc is not None:
        source_desc.append(ms_desc)
    wit_ids = [(k, v) for k, v in profile.witnesses.items() if v["id"] in usage.pointers]
    if wit_ids:
        list_wit = sub(source_desc, "listWit")
        for _, data in wit_ids:
            sub(list_wit, "witness", data.get("description", ""), xml_id=data["id"])
    if len(source_desc) == 0:
        name = source_name.rsplit("/", 1)[-1]
        sub(
            source_desc,
            "bibl",
            f"Plain-text transcription {name}; its source is not stated.",
            resp="#teikit",
        )
    _encoding_desc(header, usage, profile, meta, source_name, source_text, version,
                   source_layout)
    _profile_desc(header, meta, usage, profile, ms_desc is None)
    return header


def _hands(usage: Usage, profile: Profile) -> list[dict[str, str]]:
    return [v for v in profile.hands.values() if v["id"] in usage.pointers]


def _hand_notes(parent: etree._Element, hands: list[dict[str, str]]) -> None:
    for data in hands:
        note = sub(parent, "handNote", xml_id=data["id"])
        if data.get("medium"):
            note.set("medium", data["medium"])
        sub(note, "p", data.get("description", ""))


def _ms_desc(
    meta: Metadata, usage: Usage, profile: Profile, cit: Citation | None
) -> etree._Element | None:
    if cit is None or not cit.signature:
        return None
    ms = etree.Element(tei("msDesc"))
    ident = sub(ms, "msIdentifier")
    archive, parts = signature_parts(cit.signature)
    info = archives().get(archive or "", {})
    if info.get("country"):
        sub(ident, "country", info["country"])
    if info.get("settlement"):
        sub(ident, "settlement", info["settlement"])
    if archive and info:
        repo = sub(ident, "repository", f"{info['name']} (")
        abbr = sub(repo, "abbr", archive)
        abbr.tail = ")"
    elif archive:
        sub(ident, "repository", archive)
    for kind, value in parts:
        sub(ident, "idno", value, type=kind)
    if len(ident) == 0:
        sub(ident, "idno", cit.signature, type="shelfmark")
    language = meta.field("Original Language")
    if language:
        contents = sub(ms, "msContents")
        code = languages.code_for(language[0][0]) if language[0] else None
        text_lang = sub(contents, "textLang", line=language[1])
        if code:
            text_lang.set("mainLang", code)
        lines_into(text_lang, language[0], language[1] + 2)
    hands = _hands(usage, profile)
    if hands:
        phys = sub(ms, "physDesc")
        hand_desc = sub(phys, "handDesc", hands=str(len(hands)))
        _hand_notes(hand_desc, hands)
    contents_field = meta.field("Contents")
    if contents_field:
        add = sub(ms, "additional")
        sur = sub(add, "surrogates", line=contents_field[1])
        lst = sub(sur, "list", type="contents")
        for n, item in enumerate(contents_field[0]):
            sub(lst, "item", item, contents_field[1] + 2 + n)
    return ms


def _encoding_desc(
    header: etree._Element,
    usage: Usage,
    profile: Profile,
    meta: Metadata,
    source_name: str,
    source_text: str,
    version: str,
    source_layout: str,
) -> None:
    enc = sub(header, "encodingDesc")
    app_info = sub(enc, "appInfo")
    app = sub(app_info, "application", xml_id="teikit", ident="teikit", version=version)
    sub(app, "label", "teikit")
    digest = hashlib.sha256(source_text.encode("utf-8")).hexdigest()
    name = source_name.rsplit("/", 1)[-1]
    sub(
        app,
        "desc",
        f"Converted from the transcription {name} (normalised text, "
        f"SHA-256 {digest}) with the profile {profile.name}"
        + (f" (file {Path(profile.source).resolve()})" if profile.source else "")
        + ".",
        type="source",
    )
    if meta.order:
        sub(app, "desc", " | ".join(meta.order), type="field-order")
    if meta.layout:
        sub(app, "desc", "\n".join(meta.layout), type="layout")
    if source_layout:  # what normalising the file dropped, for a byte-exact round trip
        sub(app, "desc", source_layout, type="normalisation")
    decl = sub(enc, "editorialDecl")
    hyph = sub(decl, "hyphenation", eol="some")
    sub(
        hyph,
        "p",
        "A hyphen at a line end inside a word is kept in the text, and the line "
        'break after it is encoded as lb with break="no".',
    )
    sub(
        decl,
        "p",
        "Line breaks of the transcription are lb; a blank line inside a sentence "
        "is a page break (pb); more than one blank line between blocks is space "
        '(dim="vertical"). Spaces at line ends were dropped'
        + (
            "; what reading the file normalised (line ends, spaces at line ends, blank "
            "lines, the spacing of its head) is recorded in appInfo "
            '(desc type="normalisation"), so that it can be written back byte for byte.'
            if source_layout
            else "."
        ),
    )
    for rule in profile.rules:
        if rule.name not in usage.rules:
            continue
        name = rule.name
        if not rule.description:
            continue
        p = sub(decl, "p", f"{name}: {rule.description}")
        if rule.example:
            p.text = f"{name}: {rule.description} Example: {rule.example}"


def _profile_desc(
    header: etree._Element,
    meta: Metadata,
    usage: Usage,
    profile: Profile,
    hands_here: bool,
) -> None:
    prof = sub(header, "profileDesc")
    creation = sub(prof, "creation")
    if meta.date:
        value = dates.parse_date(meta.date[0])
        date = sub(creation, "date", meta.date[0], meta.date[1])
        if value:
            date.set("when", value.iso())
    elif meta.implied_date:  # not a date line: what another line of the page says
        text, when, evidence = meta.implied_date
        date = sub(creation, "date", text, when=when, resp="#teikit")
        date.append(etree.Comment(f" implied by the page: {evidence} "))
    else:  # no date known (enrichment may date it by a dateline): no creation, not empty
        prof.remove(creation)
    codes = list(usage.languages)
    for f in profile.fields:  # the original's language, also when only a translation is given
        found = meta.field(f.label) if f.target == "original-language" else None
        code = languages.code_for(found[0][0]) if found and found[0] else None
        if codes and code and code not in codes:
            codes.insert(0, code)
    implied = meta.original_language
    if codes and implied and implied[0] not in codes:
        codes.insert(0, implied[0])
    if codes:  # none without a body
        lang_usage = sub(prof, "langUsage")
        for code in codes:
            language = sub(lang_usage, "language", languages.name_for(code), ident=code)
            if implied and code == implied[0] and code not in usage.languages:
                language.set("resp", "#teikit")  # not stated: implied by the metadata
                language.append(etree.Comment(f" implied by the metadata: {implied[1]} "))
    summary = meta.field("Summary")
    if summary:
        abstract = sub(prof, "abstract", line=summary[1])
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
            p = sub(abstract, "p", line=summary[1] + 2)
            lines_into(p, lines, summary[1] + 2)
    web = _labelled_layout(meta)
    keywords = [
        (label, found)
        for label, target in (profile.web_targets() if web else {}).items()
        if target == "keywords" and (found := meta.field(label)) and found[0]
    ]  # a label without a value is a note (notesStmt): an empty keywords is not TEI
    if keywords:
        text_class = sub(prof, "textClass", line=keywords[0][1][1])
        for label, (terms, at) in keywords:
            kw = sub(text_class, "keywords", line=at, n=label)
            for n, term in enumerate(terms):
                sub(kw, "term", term, at + 2 + n)
    hands = _hands(usage, profile)
    if hands_here and hands:
        notes = sub(prof, "handNotes")
        _hand_notes(notes, hands)


def _cited_title(meta: Metadata) -> str | None:
    """The quoted title of the page's citation string, when it has one."""
    citation = meta.field("Citation")
    if not citation or not citation[0]:
        return None
    return parse_citation(" ".join(citation[0])).title

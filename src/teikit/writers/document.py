"""What the export writers need to know about a TEI document before they walk it.

:class:`Document` checks the root, finds the parts to render (the ``text`` and
``sourceDoc`` of a ``TEI``, each member of a ``teiCorpus``, or a bare
``surface``), the hands and witnesses the header declares, the names of the
languages, the numbers of the notes (in document order, the same in every
view and format), and the header fields a citation shows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from ..errors import TeikitError
from ..languages import name_for
from ..tei import TEI_NS, XML_ID, XML_LANG, T, local_name
from .register import find_registers, register_places, words_text

_WS = re.compile(r"[ \t\r\n]+")
# Colours for hands: the Okabe-Ito palette, darkened for text on white.
PALETTE = (
    "#b35c00",
    "#0067a5",
    "#00805e",
    "#a23b72",
    "#8f6d00",
    "#c0392b",
    "#5a4fcf",
    "#3d7a8c",
)
UNKNOWN_HAND_COLOUR = "#777777"
MAX_HANDS_LISTED = 40
# Languages of the sources that teikit.languages (modern languages) does not name.
MORE_LANGUAGES = {
    "la": "Latin",
    "grc": "Ancient Greek",
    "he": "Hebrew",
    "heb": "Hebrew",
    "arc": "Aramaic",
    "sa": "Sanskrit",
    "san": "Sanskrit",
    "non": "Old Norse",
    "ang": "Old English",
    "enm": "Middle English",
    "fro": "Old French",
    "gmh": "Middle High German",
    "syr": "Syriac",
    "cop": "Coptic",
    "lat": "Latin",
}


def squash(text: str) -> str:
    """Whitespace runs made one space, ends trimmed."""
    return _WS.sub(" ", text).strip()


def squashed_text(el: etree._Element | None) -> str:
    """The text of an element, whitespace squashed ("" for None).

    :func:`teikit.tei.all_text` is the text as it stands, whitespace and all.
    """
    if el is None:
        return ""
    return squash("".join(t for t in el.itertext() if isinstance(t, str)))


def is_safe_url(url: str) -> bool:
    """Whether a link may point there: http(s), mailto, or a fragment of this page."""
    return url.startswith(("http://", "https://", "mailto:", "#"))


@dataclass
class Hand:
    """A hand: its id, what the header says of it, its colour, whether it is declared."""

    ident: str
    label: str
    index: int
    declared: bool = True

    @property
    def colour(self) -> str:
        """The hand's colour (grey for a hand the header does not declare)."""
        return PALETTE[self.index % len(PALETTE)] if self.declared else UNKNOWN_HAND_COLOUR

    @property
    def css_class(self) -> str:
        """The HTML class that carries the hand's colour."""
        return f"hand-{self.index}" if self.declared else "hand-unknown"


@dataclass
class Part:
    """One text to render: its header (if any) and the elements holding its text."""

    header: etree._Element | None
    content: list[etree._Element]
    member: etree._Element | None = None  # the TEI of a teiCorpus member


@dataclass
class Field:
    """One line of a citation: a label, a value, and a link for it."""

    label: str
    value: str
    href: str | None = None
    paragraphs: list[str] = field(default_factory=list)


_ENTRY_KINDS = {T + "person": "person", T + "org": "body", T + "place": "place"}
_ENTRY_NAMES = (T + "persName", T + "orgName", T + "placeName")


def _register_entries(lists: list[etree._Element]) -> dict[str, str]:
    """``xml:id`` -> "person: Mao Zedong" for the entries of the register lists."""
    out: dict[str, str] = {}
    for register in lists:
        for entry in register.iter(*_ENTRY_KINDS):
            ident = entry.get(XML_ID)
            names = [n for n in entry if n.tag in _ENTRY_NAMES]
            if not ident or not names:
                continue
            english = [n for n in names if (n.get(XML_LANG) or "en") == "en"] or names
            name = words_text(english[0])
            out[ident] = f"{_ENTRY_KINDS[str(entry.tag)]}: {name}"
    return out


# Every hand an element and its descendants point to (compiled once: compiling is as
# dear as evaluating for the many small elements of a text).
_HAND_REFS = etree.XPath(
    ".//@hand | .//t:handShift/@*[local-name() = 'new' or local-name() = 'scribe']",
    namespaces={"t": TEI_NS},
)


class Document:
    """A TEI document prepared for export."""

    def __init__(self, tree: etree._ElementTree | etree._Element) -> None:
        root = tree.getroot() if isinstance(tree, etree._ElementTree) else tree
        check_root(root)
        self.root = root
        self.header = root.find(T + "teiHeader")
        self.parts = list(_parts(root))
        self.hands: dict[str, Hand] = {}
        self.witnesses: dict[str, str] = {}
        self._persons: dict[str, str] | None = None
        self.languages: dict[str, str] = {}
        headers = [self.header] + [p.header for p in self.parts if p.header is not self.header]
        for header in headers:
            if header is None:
                continue
            for el in header.iter(T + "handNote", T + "witness", T + "language"):
                tag = el.tag
                if tag == T + "language":
                    ident = el.get("ident")
                    if ident and ident not in self.languages:
                        self.languages[ident] = squashed_text(el)
                    continue
                ident = el.get(XML_ID)
                if not ident:
                    continue
                if tag == T + "witness":
                    self.witnesses.setdefault(ident, squashed_text(el))
                elif ident not in self.hands:
                    self.hands[ident] = Hand(ident, self._hand_note_label(el), len(self.hands))
        places = register_places([el for part in self.parts for el in part.content])
        places.extend(root.iterchildren(T + "standOff"))
        for part in self.parts:
            if part.member is not None:
                places.extend(part.member.iterchildren(T + "standOff"))
        self.register_lists = find_registers(places)
        self.register_set = set(self.register_lists)
        in_registers = {n for r in self.register_lists for n in r.iter(T + "note")}
        self.note_numbers: dict[etree._Element, int] = {}
        for part in self.parts:
            for el in part.content:
                for note in el.iter(T + "note"):
                    if note not in in_registers:
                        self.note_numbers[note] = len(self.note_numbers) + 1
        self._used_hands: list[Hand] | None = None
        self.main_lang = _main_lang(root)
        self.entries = _register_entries(self.register_lists)

    # ------------------------------------------------------------- look-ups

    @property
    def used_hands(self) -> list[Hand]:
        """Every hand the text points to (``@hand``, ``handShift/@new``/``@scribe``), in
        document order; found when first asked (the plain-text writers never ask)."""
        if self._used_hands is None:
            self._used_hands = []
            seen: set[str] = set()
            for part in self.parts:
                for el in part.content:
                    refs = _HAND_REFS(el)
                    assert isinstance(refs, list)
                    for ref in refs:
                        for token in str(ref).split():
                            if token not in seen:
                                seen.add(token)
                                self._used_hands.append(self.hand(token))
        return self._used_hands

    def hand(self, ref: str) -> Hand:
        """The hand a ``@hand``, ``@new`` or ``@scribe`` token points to: a ``handNote``,
        or a ``person`` (in the header, ``back`` or ``standOff``); an undeclared one is
        made up."""
        ident = ref.lstrip("#")
        found = self.hands.get(ident)
        if found is None:
            person = self.persons().get(ident)
            if person is not None:
                found = Hand(ident, person, len([h for h in self.hands.values() if h.declared]))
            else:
                found = Hand(ident, "not declared in the header", -1, declared=False)
            self.hands[ident] = found
        return found

    def persons(self) -> dict[str, str]:
        """``xml:id`` -> name of every ``person`` of the document (made on first use)."""
        if self._persons is None:
            self._persons = {}
            for person in self.root.iter(T + "person", T + "personGrp"):
                ident = person.get(XML_ID)
                if ident and ident not in self._persons:
                    name = next((c for c in person if c.tag in _PERSON_NAMES), None)
                    self._persons[ident] = words_text(name if name is not None else person)
        return self._persons

    def _hand_note_label(self, note: etree._Element) -> str:
        """What a ``handNote`` says of its hand, with its scribe (``@scribe``, or the
        person ``@scribeRef`` points to) in front when it names one."""
        label = squashed_text(note)
        scribe = note.get("scribe") or ""
        ref = (note.get("scribeRef") or "").split()
        if ref and ref[0].startswith("#"):
            scribe = self.persons().get(ref[0][1:], scribe)
        if scribe and scribe not in label:
            return f"{scribe}: {label}" if label else scribe
        return label

    def hand_name(self, el: etree._Element) -> str:
        """How a ``handShift`` names its hand: ``@new``'s id, else ``@scribe``'s name."""
        new = (el.get("new") or "").split()
        if new:
            return self.hand(new[0]).ident
        scribe = (el.get("scribe") or "").split()
        if scribe:
            hand = self.hand(scribe[0])
            return hand.label if hand.declared and hand.label else hand.ident
        return ""

    def language_name(self, code: str) -> str:
        """The name of a language code: from ``langUsage``, else a built-in name."""
        found = self.languages.get(code)
        if found:
            return found
        name = name_for(code)
        return MORE_LANGUAGES.get(code.split("-")[0], name) if name == code else name

    def witness_label(self, ref: str) -> str:
        """A short description of a witness pointer (its id, and its text when declared)."""
        parts = []
        for token in ref.split():
            ident = token.lstrip("#")
            desc = self.witnesses.get(ident, "")
            first = desc.split(". ")[0] if desc else ""
            parts.append(f"{ident} ({first})" if first else ident)
        return "; ".join(parts)

    def title(self, header: etree._Element | None = None) -> str:
        """The document's title (a fallback when it has none)."""
        header = self.header if header is None else header
        if header is not None:
            stmt = header.find(f"{T}fileDesc/{T}titleStmt")
            if stmt is not None:
                main = own_title(stmt)
                title = squashed_text(main)
                sub = squashed_text(stmt.find(f"{T}title[@type='sub']"))
                if title and sub and sub != title:
                    title = f"{title}: {sub}"
                if title:
                    return title
        return "Untitled TEI document" if header is not None else "TEI document without a header"

    def citation(self, header: etree._Element | None = None) -> list[Field]:
        """The header fields a citation panel shows, those that exist, in a fixed order."""
        header = self.header if header is None else header
        if header is None:
            return []
        return _citation(header)


SERIES_LEVELS = frozenset(("s", "j", "m"))


def own_title(stmt: etree._Element) -> etree._Element | None:
    """The document's own title in a ``titleStmt``: the first ``title`` with
    ``level="a"`` or ``type="main"``, else the first that is not the title of a
    series, a journal or a monograph (``level`` ``s``, ``j``, ``m``), else the first."""
    titles = [t for t in stmt.iterchildren(T + "title")]
    for title in titles:
        if title.get("level") == "a" or title.get("type") == "main":
            return title
    for title in titles:
        if title.get("level") not in SERIES_LEVELS and title.get("type") != "sub":
            return title
    return titles[0] if titles else None


def _author(author: etree._Element) -> str:
    """An author's name: its name elements if it has any (not its identifiers), else its
    text without its ``idno``s."""
    names = [c for c in author if c.tag in _AUTHOR_NAMES]
    if names:
        return ", ".join(t for t in (words_text(n) for n in names) if t)
    pieces = [author.text or ""]
    for child in author:
        if child.tag != T + "idno" and isinstance(child.tag, str):
            pieces.append(" " + words_text(child) + " ")
        pieces.append(child.tail or "")
    return squash("".join(pieces))


_AUTHOR_NAMES = (T + "persName", T + "name", T + "orgName")
_PERSON_NAMES = (T + "persName", T + "name")


def check_root(root: etree._Element) -> None:
    """Refuse a document whose root is not a TEI P5 element."""
    tag = root.tag
    if not isinstance(tag, str) or not tag.startswith(T):
        name = local_name(str(tag))
        ns = etree.QName(root).namespace if isinstance(tag, str) else None
        where = f"in the namespace {ns}" if ns else "in no namespace"
        raise TeikitError(
            f"not a TEI P5 document: the root element <{name}> is {where}; "
            f"TEI P5 elements are in {TEI_NS}",
            line=root.sourceline if isinstance(root.sourceline, int) else None,
            code="not-tei",
        )


def _parts(root: etree._Element) -> list[Part]:
    if root.tag == T + "teiCorpus":
        out: list[Part] = []
        for child in root:
            if child.tag == T + "TEI":
                out.append(Part(child.find(T + "teiHeader"), _content(child), child))
            elif child.tag == T + "teiCorpus":
                out.extend(Part(p.header, p.content, p.member or child) for p in _parts(child))
        return out
    if root.tag == T + "TEI":
        return [Part(root.find(T + "teiHeader"), _content(root))]
    return [Part(None, [root])]


def _content(tei: etree._Element) -> list[etree._Element]:
    return [c for c in tei if c.tag in (T + "text", T + "sourceDoc")]


def _main_lang(root: etree._Element) -> str:
    lang = root.get(XML_LANG)
    if lang:
        return lang
    for el in root.iter(T + "text"):
        if el.get(XML_LANG):
            return str(el.get(XML_LANG))
        break
    return "und"


def _all_text(els: list[etree._Element]) -> str:
    return "; ".join(t for t in (squashed_text(e) for e in els) if t)


def _citation(header: etree._Element) -> list[Field]:
    fields: list[Field] = []

    def find(path: str) -> etree._Element | None:
        found = header.find(path)
        return found if isinstance(found, etree._Element) else None

    def findall(path: str) -> list[etree._Element]:
        return [e for e in header.findall(path) if isinstance(e, etree._Element)]

    def add(label: str, value: str, href: str | None = None) -> None:
        if value:
            fields.append(Field(label, value, href))

    stmt = f"{T}fileDesc/{T}titleStmt"
    add("Author", "; ".join(t for t in (_author(a) for a in findall(f"{stmt}/{T}author")) if t))
    date = find(f"{T}profileDesc/{T}creation/{T}date")
    if date is None:
        date = find(f"{T}profileDesc/{T}correspDesc/{T}correspAction/{T}date")
    if date is None:
        date = find(f".//{T}msDesc//{T}origDate")
    if date is None:
        date = find(f"{T}fileDesc/{T}sourceDesc//{T}date")
    add("Date", squashed_text(date) or (date.get("when") or "" if date is not None else ""))
    ms = find(f"{T}fileDesc/{T}sourceDesc/{T}msDesc/{T}msIdentifier")
    if ms is None:
        ms = find(f".//{T}msIdentifier")
    if ms is not None:
        place = [squashed_text(ms.find(T + n)) for n in ("repository", "settlement", "country")]
        collection = squashed_text(ms.find(T + "collection"))
        add("Archive", ", ".join(p for p in [*place[:1], collection, *place[1:]] if p))
        idnos = [i for i in ms.findall(T + "idno") if squashed_text(i)]
        shelf = ", ".join(
            f"{(i.get('type') or '').capitalize()} {squashed_text(i)}".strip() for i in idnos
        )
        add("Shelfmark", shelf or squashed_text(ms.find(T + "msName")))
    citation = find(f"{T}fileDesc/{T}sourceDesc/{T}bibl[@type='citation']")
    add("Citation", squashed_text(citation))
    translators: list[str] = []
    for resp_stmt in header.iter(T + "respStmt"):
        if "transl" in squashed_text(resp_stmt.find(T + "resp")).lower():
            names = [
                squashed_text(n)
                for n in resp_stmt
                if n.tag in (T + "persName", T + "name", T + "orgName")
            ]
            translators.extend(n for n in names if n not in translators)
    for editor in findall(f".//{T}editor[@role='translator']"):
        if squashed_text(editor) not in translators:
            translators.append(squashed_text(editor))
    add("Translator", "; ".join(t for t in translators if t))
    editors = [e for e in findall(f"{stmt}/{T}editor") if e.get("role") != "translator"]
    add("Editor", _all_text(editors))
    pub = find(f"{T}fileDesc/{T}publicationStmt")
    if pub is not None:
        publisher = _all_text([e for e in pub if e.tag in (T + "publisher", T + "distributor")])
        when = squashed_text(pub.find(T + "date"))
        add("Publisher", ", ".join(p for p in (publisher, when) if p))
    url = None
    for idno in findall(f"{T}fileDesc/{T}publicationStmt/{T}idno"):
        value = squashed_text(idno)
        if value.startswith(("http://", "https://")):
            url = value
            break
    if url is None:
        for ref in [
            *findall(f"{T}fileDesc/{T}sourceDesc//{T}ref"),
            *findall(f"{T}fileDesc/{T}sourceDesc//{T}ptr"),
        ]:
            target = ref.get("target") or ""
            if target.startswith(("http://", "https://")):
                url = target
                break
    if url:
        add("Source", url, url)
    licence = find(f"{T}fileDesc/{T}publicationStmt/{T}availability/{T}licence")
    if licence is not None:
        target = licence.get("target") or ""
        value = squashed_text(licence) or target
        if len(value) > 160:
            value = value[:157].rsplit(" ", 1)[0] + " …"
        add("Licence", value, target if target.startswith(("http://", "https://")) else None)
    langs = [
        squashed_text(lang) or (lang.get("ident") or "")
        for lang in findall(f"{T}profileDesc/{T}langUsage/{T}language")
    ]
    add("Languages", ", ".join(t for t in langs if t))
    abstract = find(f"{T}profileDesc/{T}abstract")
    if abstract is None:
        abstract = find(f".//{T}msContents/{T}summary")
    if abstract is not None:
        paras = [squashed_text(p) for p in abstract.findall(T + "p")] or [squashed_text(abstract)]
        paras = [p for p in paras if p]
        if paras:
            fields.append(Field("Summary", paras[0], None, paras))
    return fields

"""Every real TEI file of ../shared/ref/corpus exports to HTML and text, and the text loses nothing.

The text check compares word sequences: the words of the TEI text (``text``,
``sourceDoc``, or a bare ``surface``), as each view must select them, against
the words of the export with the view's documented additions taken out (note
references, ``⟨…⟩`` qualifiers, page markers, the labels of parallel
divisions and of corpus members).  What each view must hold is stated here,
in the tables below, and computed with lxml from the TEI: it is not read from
:mod:`teikit.writers.policy`, so a change of the policy (a deletion shown in
the reading view, a ``sic`` instead of its ``corr``) fails here.  Words are
runs of letters and digits; a line break inside a word (``break="no"``)
joins the word in the reading view.  Skipped (with a reason) where ../shared
is absent.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import SHARED, shared
from lxml import etree

import teikit
from teikit.writers.document import Document
from teikit.writers.walk import PARALLEL_PARENTS, div_label, parallel_groups
from teikit.xmlio import parse_bytes, parse_file

CORPUS = SHARED / "ref" / "corpus"
SUFFIXES = (".xml", ".tei", ".odd")
TEI_NS = "http://www.tei-c.org/ns/1.0"
T = "{" + TEI_NS + "}"


def tei(*names: str) -> frozenset[str]:
    """TEI element names, in Clark notation."""
    return frozenset(T + n for n in names)


# ------------------------------------------------------------------ what each view holds

READING, DIPLOMATIC = "reading", "diplomatic"
# Metadata is in no view: the header, the facsimile, stand-off markup.
NOT_TEXT = tei("teiHeader", "facsimile", "standOff", "fsdDecl")
# The reading view is the text as meant: deletions, surplus and secluded text,
# abbreviation marks, metamarks and changes of hand are left out of it (a
# deletion quoted in a note is part of what the note says: it stays).
LEFT_OUT = {
    READING: tei("del", "surplus", "secl", "am", "metamark", "handShift"),
    # The diplomatic view is the page as written: the editor's expansions are left out.
    DIPLOMATIC: tei("ex"),
}
# A choice: the reading view shows its first edited alternative, the diplomatic
# view its first original one; a view without its kind shows the first child.
CHOSEN = {READING: tei("corr", "expan", "reg"), DIPLOMATIC: tei("sic", "abbr", "orig")}
# An app: both views show the lem (else the first rdg or rdgGrp), the diplomatic
# view the other readings too; anything else in it shows in both.
READINGS = tei("lem", "rdg", "rdgGrp")
# A note is moved to the notes (in both views); a reference to it stays.
NOTE = T + "note"
# Everything else shows in both views: add, supplied, unclear, a sic or corr
# outside a choice, names, dates …

# ------------------------------------------------------------------ where words part

BREAKS = tei("lb", "pb", "cb")  # a word boundary; with break="no" the word goes on
# Elements without text of their own (a desc in a gap is not written): […] and
# ⟨hand: H⟩ part words, a blank space is a space, the others write nothing.
MARKERS = {
    T + "gap": "sign",
    T + "handShift": "sign",
    T + "space": " ",
    **dict.fromkeys(tei("milestone", "anchor", "graphic", "ptr"), ""),
}
# The signs a view writes around an element's text, (before, after): [-X-],
# {+X+}, X(!), [X], X(?), {X}, ⟪X⟫ … (an rdg only beside the base reading).
BOTH_SIDES, AFTER = (True, True), (False, True)
SIGNS: dict[str, dict[str, tuple[bool, bool]]] = {
    READING: {T + "del": BOTH_SIDES, T + "supplied": BOTH_SIDES},
    DIPLOMATIC: {
        T + "add": BOTH_SIDES,
        T + "del": BOTH_SIDES,
        T + "sic": AFTER,
        T + "supplied": BOTH_SIDES,
        T + "unclear": AFTER,
        T + "surplus": BOTH_SIDES,
        T + "secl": BOTH_SIDES,
        T + "metamark": BOTH_SIDES,
        T + "rdg": BOTH_SIDES,
    },
}
# Line-level elements: their words never run into the words around them (a space
# parts them, whatever the whitespace of the XML).
SEPARATING = tei(
    "addrLine", "address", "salute", "signed", "dateline", "docAuthor", "docDate", "idno"
)  # fmt: skip
# Register lists: in back (standOff is no text anyway) they are data, not running text.
REGISTER_LISTS = tei(
    "listPerson", "listPlace", "listOrg", "listBibl", "listEvent", "listNym", "listObject",
    "listRelation",
)  # fmt: skip
REGISTER_PLACES = tei("back", "standOff")
# Elements holding blocks (text directly in them is formatting), and blocks.
CONTAINERS = tei(
    "TEI", "teiCorpus", "text", "group", "front", "body", "back", "div",
    *(f"div{i}" for i in range(1, 8)), "lg", "sp", "spGrp", "list", "listBibl", "table",
    "row", "figure", "floatingText", "titlePage", "castList", "castGroup", "sourceDoc",
    "surface", "zone", "postscript", "argument", "epigraph",
)  # fmt: skip
BLOCKS = tei(
    "p", "ab", "head", "l", "line", "speaker", "opener", "closer", "trailer", "byline",
    "docTitle", "docImprint", "titlePart", "item", "cell", "castItem", "figDesc", "u",
)  # fmt: skip
# Always inside running text.
INLINE = tei(
    "add", "del", "sic", "corr", "abbr", "expan", "orig", "reg", "ex", "am", "supplied",
    "unclear", "surplus", "secl", "metamark", "app", "lem", "rdg", "fw", "damage",
    "restore", "subst", "mod", "retrace", "choice", "addrLine", "ref", "hi", "emph",
    "foreign", "title", "g",
)  # fmt: skip
# Any other element (a name, a date, a quotation …) is a block where blocks
# stand (in a container, or holding blocks), else inline.


def corpus_files() -> list[str]:
    if not CORPUS.is_dir():
        return ["<corpus absent>"]
    return sorted(
        str(p.relative_to(CORPUS))
        for p in CORPUS.rglob("*")
        if p.suffix in SUFFIXES and p.parts[len(CORPUS.parts)] not in ("large", "schema")
    )


JOIN = "\x01"  # a line break inside a word
BOUNDARY = "\x02"  # a block boundary (a joined word never crosses it)
SIGN = "\x03"  # a sign of the view ([, ], {+ …): it parts words, a joined word too
_JOINED = re.compile(r"[-\u00ad\u2010\u2011\u00ac\u2e17=]?[ \t\r\n]*\x01[ \t\r\n]*")
_WORD = re.compile(r"\w+")
_NOTE_REF = re.compile(r"\[\^\d+\]")
_QUALIFIER = re.compile(
    r"⟨(?:(?:place|hand|wit|reason|by|corr|function|page|column)(?::[^⟩]*| [^⟩]*)?|hand)⟩"
)
_NOTES = re.compile(r"\n\nNotes\n\n(?=\[\^\d+\]: )")


def text_roots(root: etree._Element) -> list[etree._Element]:
    """What holds the text: the ``text`` and ``sourceDoc`` of a TEI, of each TEI of a
    teiCorpus (nested ones too), or the root itself (a bare ``surface``)."""
    if root.tag == T + "teiCorpus":
        return [el for child in root if child.tag in (T + "TEI", T + "teiCorpus")
                for el in text_roots(child)]  # fmt: skip
    if root.tag == T + "TEI":
        return [c for c in root if c.tag in (T + "text", T + "sourceDoc")]
    return [root]


def kind(tag: str) -> str:
    """How an element takes part in the layout (the tables above)."""
    if tag in NOT_TEXT:
        return "none"
    if tag == NOTE:
        return "note"
    if tag in BREAKS:
        return "break"
    if tag in MARKERS:
        return "marker"
    if tag in CONTAINERS:
        return "container"
    if tag in BLOCKS:
        return "block"
    return "inline" if tag in INLINE else "auto"


def holds_blocks(el: etree._Element) -> bool:
    """Whether an element has a block among its children (or deeper, through auto ones)."""
    for child in el:
        if isinstance(child.tag, str):
            k = kind(child.tag)
            if k in ("block", "container") or (k == "auto" and holds_blocks(child)):
                return True
    return False


def is_block(el: etree._Element) -> bool:
    """Whether an element is a block here."""
    k = kind(str(el.tag))
    if k != "auto":
        return k in ("block", "container")
    parent = el.getparent()
    return (parent is not None and kind(str(parent.tag)) == "container") or holds_blocks(el)


def shown(el: etree._Element, view: str, in_note: bool) -> set[etree._Element]:
    """The element children of ``el`` that ``view`` shows."""
    children = [c for c in el if isinstance(c.tag, str)]
    if el.tag == T + "choice":
        if not children:
            return set()
        return {next((c for c in children if c.tag in CHOSEN[view]), children[0])}
    if el.tag == T + "app":
        readings = [c for c in children if c.tag in READINGS]
        base = next((c for c in readings if c.tag == T + "lem"), readings[0] if readings else None)
        if view == READING:
            return {c for c in children if c is base or c.tag not in READINGS}
        return set(children)
    hidden = LEFT_OUT[view] - ({T + "del"} if in_note else set())
    return {c for c in children if c.tag not in hidden}


def is_register(el: etree._Element) -> bool:
    """Whether ``el`` is a register list in ``back`` or ``standOff``."""
    return el.tag in REGISTER_LISTS and next(el.iterancestors(*REGISTER_PLACES), None) is not None


class Reference:
    """The words a view of a document must hold, from the TEI and the tables above."""

    def __init__(self, root: etree._Element, view: str) -> None:
        self.view = view
        self.flow: list[str] = []
        self.notes: list[list[str]] = []
        for el in text_roots(root):
            self.emit(el, self.flow, False)
            self.flow.append(BOUNDARY)

    def emit(self, el: etree._Element, out: list[str], in_note: bool) -> None:
        if el.text:
            out.append(el.text)
        visible = shown(el, self.view, in_note)
        for child in el:
            if child in visible:
                self.visible(child, out, in_note)
            elif isinstance(child, etree._Entity):
                out.append(f"&{child.name};")
            if child.tail:
                out.append(child.tail)

    def visible(self, el: etree._Element, out: list[str], in_note: bool) -> None:
        tag = str(el.tag)
        k = kind(tag)
        if k == "none" or is_register(el):
            return
        if tag in SEPARATING:
            out.append(" ")
            self.visible_element(el, tag, k, out, in_note)
            out.append(" ")
            return
        self.visible_element(el, tag, k, out, in_note)

    def visible_element(
        self, el: etree._Element, tag: str, k: str, out: list[str], in_note: bool
    ) -> None:
        if k == "note":
            words: list[str] = []
            self.notes.append(words)
            self.emit(el, words, True)
            return
        if k == "break":
            out.append(JOIN if el.get("break") == "no" else " ")
            return
        if k == "marker":
            out.append(SIGN if MARKERS[tag] == "sign" else MARKERS[tag])
            return
        block = is_block(el)
        before, after = SIGNS[self.view].get(tag, (False, False))
        parent = el.getparent()
        if tag == T + "rdg" and not (self.view == DIPLOMATIC and parent is not None
                                     and parent.tag == T + "app"
                                     and el not in shown(parent, READING, in_note)):
            before = after = False  # the base reading of an app without lem, or an rdg alone
        out.append(BOUNDARY if block else (SIGN if before else ""))
        self.emit(el, out, in_note)
        out.append(BOUNDARY if block else (SIGN if after else ""))

    def words(self, pieces: list[str]) -> list[str]:
        text = "".join(pieces)
        if self.view == READING:
            text = _JOINED.sub("", text)
        for mark in (JOIN, BOUNDARY, SIGN):
            text = text.replace(mark, " ")
        return _WORD.findall(text)


def members(root: etree._Element) -> list[etree._Element]:
    """The TEI members of a teiCorpus (of nested ones too)."""
    out: list[etree._Element] = []
    for child in root:
        if child.tag == T + "TEI":
            out.append(child)
        elif child.tag == T + "teiCorpus":
            out.extend(members(child))
    return out


def labels(root: etree._Element) -> set[str]:
    """The lines the text writer adds: titles of corpus members, labels of parallel divisions."""
    doc = Document(root)
    found: set[str] = set()
    if root.tag == T + "teiCorpus":
        found = {doc.title(member.find(T + "teiHeader")) for member in members(root)}
    for el in text_roots(root):
        for container in el.iter(*PARALLEL_PARENTS):
            for source, translations in parallel_groups(container).items():
                found.update(div_label(doc, d) for d in (source, *translations))
    return found


def export_words(exported: str, added: set[str]) -> tuple[list[str], list[str]]:
    parts = _NOTES.split(exported)
    body, notes = (parts[0], parts[1]) if len(parts) == 2 else (exported, "")
    body = "\n".join(line for line in body.split("\n") if line not in added)
    notes = re.sub(r"(?m)^\[\^\d+\]: ", "", notes)

    def clean(text: str) -> list[str]:
        text = _NOTE_REF.sub("", text)
        text = _QUALIFIER.sub(" ", text).replace("⟨metamark: ", " ")
        return _WORD.findall(text)

    return clean(body), clean(notes)


def first_difference(expected: list[str], actual: list[str]) -> str:
    pairs = zip(expected, actual, strict=False)
    i = next((i for i, (a, b) in enumerate(pairs) if a != b), min(len(expected), len(actual)))
    start = max(0, i - 5)
    return f"at word {i}: expected {expected[start:i + 6]} got {actual[start:i + 6]}"


def check_views(tree: etree._ElementTree) -> None:
    """Each view's text holds the words the reference says, body and notes, in order."""
    root = tree.getroot()
    added = labels(root)
    for view in (READING, DIPLOMATIC):
        exported = teikit.write(tree, "text", view=view)
        assert "\x00" not in exported
        reference = Reference(root, view)
        body, notes = export_words(exported, added)
        expected_body = reference.words(reference.flow)
        expected_notes = [w for note in reference.notes for w in reference.words(note)]
        assert body == expected_body, f"{view}: {first_difference(expected_body, body)}"
        assert notes == expected_notes, f"{view} notes: {first_difference(expected_notes, notes)}"


@pytest.fixture(scope="module")
def corpus_root() -> Path:
    return shared("ref", "corpus")


@pytest.mark.parametrize("name", corpus_files())
def test_corpus_file_exports_and_keeps_its_text(corpus_root: Path, name: str) -> None:
    tree = parse_file(corpus_root / name)
    page = teikit.write(tree, "html")
    assert page.startswith("<!DOCTYPE html>") and page.endswith("</html>\n")
    assert html_tag_errors(page) == []
    check_views(tree)


# ------------------------------------------------------------------ the reference itself

SAMPLE = f"""<TEI xmlns="{TEI_NS}"><teiHeader><fileDesc><titleStmt><title>Headerword</title>
</titleStmt><publicationStmt><p>Publisherword</p></publicationStmt><sourceDesc><p>Sourceword</p>
</sourceDesc></fileDesc></teiHeader><text><body><p>one <del>struck</del> <add>added</add>
<choice><sic>wrong</sic><corr>right</corr></choice> <choice><abbr>abbr</abbr><expan>expanded
</expan></choice> <choice><orig>olde</orig><reg>old</reg></choice> <supplied>given</supplied>
<unclear>blurred</unclear> <surplus>extra</surplus> ab<ex>brev</ex><am>mark</am>
<app><lem>base</lem><rdg wit="#b">variant</rdg></app> <app><rdg>first</rdg><rdg>second</rdg></app>
<gap reason="illegible"><desc>gapdesc</desc></gap> hy-<lb break="no"/>phen two<lb/>lines
<handShift new="#h"/>after<note>noted <del>quoted</del></note> end</p></body></text>
<standOff><listPerson><person><persName>Standoffname</persName></person></listPerson></standOff>
</TEI>""".encode()

# What the views of SAMPLE hold, word by word (the tables above, applied by hand).
SAMPLE_WORDS = {
    READING: (
        "one added right expanded old given blurred abbrev base first hyphen two lines "
        "after end"
    ),
    DIPLOMATIC: (
        "one struck added wrong abbr olde given blurred extra abmark base variant first "
        "second hy phen two lines after end"
    ),
}


def test_the_reference_says_what_each_view_holds() -> None:
    """The reference on a small document: deletions only in the diplomatic view (and in
    notes), additions in both, corr/expan/reg read and sic/abbr/orig seen, the header,
    the stand-off register and a gap's description in neither."""
    root = parse_bytes(SAMPLE).getroot()
    for view, expected in SAMPLE_WORDS.items():
        reference = Reference(root, view)
        assert reference.words(reference.flow) == expected.split(), view
        assert [reference.words(n) for n in reference.notes] == [["noted", "quoted"]], view


def test_the_sample_exports_as_the_reference_says() -> None:
    check_views(parse_bytes(SAMPLE))


def test_the_check_fails_when_a_view_shows_too_much() -> None:
    """A reading view that kept the deletion would not pass."""
    tree = parse_bytes(SAMPLE)
    reference = Reference(tree.getroot(), READING)
    exported = teikit.write(tree, "text", view=DIPLOMATIC)  # holds the deletion
    body, _ = export_words(exported, set())
    assert "struck" in body and "struck" not in reference.words(reference.flow)
    assert body != reference.words(reference.flow)


# Elements that decide what a view holds, with the least number of corpus files
# that have one with words in them: the check above sees each of them at work.
EXERCISED = {"del": 50, "add": 40, "sic": 30, "corr": 30, "abbr": 20, "expan": 20,
             "orig": 30, "reg": 30, "ex": 10, "note": 80, "app": 30}  # fmt: skip


def test_the_corpus_exercises_each_view() -> None:
    root_dir = shared("ref", "corpus")
    counts = dict.fromkeys(EXERCISED, 0)
    for name in corpus_files():
        try:
            root = parse_file(root_dir / name).getroot()
        except teikit.TeikitError:
            continue
        found = {
            str(el.tag)[len(T):]
            for text in text_roots(root)
            for el in text.iter(*tei(*EXERCISED))
            if "".join(el.itertext()).strip()
        }
        for tag in found:
            counts[tag] += 1
    assert {k: v for k, v in counts.items() if v < EXERCISED[k]} == {}


_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*>")
_VOID = frozenset(("br", "meta", "img", "hr", "input", "link", "wbr"))
_BLOCKS = frozenset(
    ["div", "section", "ul", "ol", "table", "p", "figure", "header", "footer", "nav"]
    + [f"h{i}" for i in range(1, 7)]
)


def html_tag_errors(page: str) -> list[str]:
    """Tags closed in order, no block inside a <p> (which a browser would close early)."""
    page = re.sub(r"(?s)<(style|script)>.*?</\1>", "", page)
    stack: list[str] = []
    in_p = 0
    for m in _TAG.finditer(page):
        closing, name = m.group(1), m.group(2).lower()
        if name in _VOID:
            continue
        if not closing:
            if name in _BLOCKS and in_p:
                return [f"<{name}> inside <p> at {m.start()}"]
            stack.append(name)
            in_p += name == "p"
        else:
            if not stack or stack[-1] != name:
                return [f"</{name}> closes <{stack[-1] if stack else ''}> at {m.start()}"]
            stack.pop()
            in_p -= name == "p"
    return [f"unclosed <{t}>" for t in stack]

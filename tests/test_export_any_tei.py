"""Any TEI reads faithfully (issue 15 §1): no glued words, no register in the running text,
the document's own title, hands however TEI declares them, a faithful transcription or none.

The corpus checks take the words of the TEI from the reference of
``test_export_corpus`` (computed with lxml from the TEI and the tables stated
there, not from :mod:`teikit.writers.policy`): the text nodes of the view,
parted at the boundaries of blocks and of line-level elements (``addrLine``,
``signed``, ``idno`` …), with the register lists of ``back`` and ``standOff``
left out.  A word of the export is *glued* when it is no word of the TEI but
two words of the TEI run together.  Skipped (with a reason) where ../shared is
absent.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import shared
from lxml import etree
from test_export_corpus import (
    DIPLOMATIC,
    NOT_TEXT,
    READING,
    REGISTER_PLACES,
    TEI_NS,
    Reference,
    corpus_files,
    is_register,
    text_roots,
)

import teikit
from teikit.cli import main as cli_main
from teikit.xmlio import parse_bytes, parse_file

T = "{" + TEI_NS + "}"
_WORD = re.compile(r"\w+")
_NOTE_REF = re.compile(r"\[\^\d+\]")
# the view's own additions to the text: qualifiers, page markers, signs
_ADDED = re.compile(r"⟨[^⟩]*⟩|\[…\]")


def body_of(exported: str) -> str:
    """The running text of a text export (the notes cut off, note references out)."""
    body = re.split(r"\n\nNotes\n\n(?=\[\^\d+\]: )", exported)[0]
    return _ADDED.sub(" ", _NOTE_REF.sub("", body))


def tei_words(root: etree._Element, view: str = READING) -> tuple[set[str], list[str]]:
    """The words of a view of the TEI (text and notes), as a set and in order."""
    reference = Reference(root, view)
    flow = reference.words(reference.flow)
    notes = [w for note in reference.notes for w in reference.words(note)]
    return set(flow) | set(notes), flow


def glued(word: str, words: set[str]) -> bool:
    """Whether ``word`` is no word of the TEI, but two words of the TEI run together."""
    if word in words:
        return False
    return any(word[:i] in words and word[i:] in words for i in range(1, len(word)))


def glued_words(tree: etree._ElementTree) -> list[str]:
    """The words of the reading text export that glue two words of the TEI."""
    words, _ = tei_words(tree.getroot())
    exported = body_of(teikit.write(tree, "text", view=READING))
    return [w for token in exported.split() for w in _WORD.findall(token) if glued(w, words)]


def register_only_words(root: etree._Element) -> set[str]:
    """The words of the register lists (``back``, ``standOff``) that the text never has
    (in either view: the HTML holds both)."""
    words = tei_words(root)[0] | tei_words(root, DIPLOMATIC)[0]
    found: set[str] = set()
    places: list[etree._Element] = []
    for member in [root, *root.iter(T + "TEI")]:
        places.extend(member.iterchildren(T + "standOff"))
    for el in text_roots(root):
        places.extend(el.iter(*REGISTER_PLACES))
    for place in places:
        for el in place.iter():
            if isinstance(el.tag, str) and is_register(el):
                text = " ".join(t for t in el.itertext() if isinstance(t, str))
                found.update(w for w in _WORD.findall(text) if w not in words)
    return found


def register_words_in_text(tree: etree._ElementTree) -> set[str]:
    """Register-only words that the reading text export has in its running text."""
    only = register_only_words(tree.getroot())
    if not only:
        return set()
    exported = body_of(teikit.write(tree, "text", view=READING))
    return only & set(_WORD.findall(exported))


def register_only_words_in_html(tree: etree._ElementTree) -> set[str]:
    """Register-only words in the HTML's ``<main>`` (the running text)."""
    only = register_only_words(tree.getroot())
    if not only:
        return set()
    page = teikit.write(tree, "html")
    main = page[page.index("<main>") : page.index("</main>")]
    main = re.sub(r"<br[^>]*>|</?(?:p|div|section|li|td|th|h\d|ul|table|tr)\b[^>]*>", " ", main)
    text = _ADDED.sub(" ", re.sub(r"<[^>]*>", "", main))  # markers (⟨hand: …⟩) name hands
    return {w for w in only & set(_WORD.findall(text)) if not w.isdigit()}


# ------------------------------------------------------------------ the corpus


@pytest.fixture(scope="module")
def corpus_root() -> Path:
    return shared("ref", "corpus")


@pytest.mark.parametrize("name", corpus_files())
def test_corpus_file_glues_no_words_and_keeps_registers_out_of_the_text(
    corpus_root: Path, name: str
) -> None:
    tree = parse_file(corpus_root / name)
    assert glued_words(tree) == []
    assert register_words_in_text(tree) == set()
    assert register_only_words_in_html(tree) == set()


def test_the_corpus_has_registers_and_line_level_elements(corpus_root: Path) -> None:
    """The corpus checks above see registers and line-level elements at work."""
    with_register = with_lines = 0
    for name in corpus_files():
        try:
            root = parse_file(corpus_root / name).getroot()
        except teikit.TeikitError:
            continue
        with_register += bool(register_only_words(root))
        with_lines += any(True for _ in root.iter(T + "addrLine"))
    assert with_register >= 30
    assert with_lines >= 20


# ------------------------------------------------------------------ small documents

HEADER = (
    "<teiHeader><fileDesc><titleStmt>{titles}<author><persName>Ernst von Wildenbruch"
    "</persName><idno type='wikidata'>Q45337</idno><idno>118771760</idno></author>"
    "</titleStmt><publicationStmt><p/></publicationStmt><sourceDesc><p/></sourceDesc>"
    "</fileDesc>{profile}</teiHeader>"
)


def document(
    body: str, titles: str = "<title>T</title>", profile: str = "", back: str = ""
) -> bytes:
    header = HEADER.format(titles=titles, profile=profile)
    return (
        f'<TEI xmlns="{TEI_NS}">{header}<text><body><div>{body}</div></body>{back}</text></TEI>'
    ).encode()


LETTER = document(
    "<opener><address><addrLine>Herrn<hi>Dr</hi> Arthur Schnitzler</addrLine>"
    "<addrLine>Wien – Cottage</addrLine><addrLine>Sternwartestrasse 71</addrLine></address>"
    "</opener><p><handShift scribe='#pmb2121'/>Gruss <rs ref='#pmb2121'>A.</rs>,"
    "<signed>Arthur</signed>.</p>",
    back="<back><listPerson><person xml:id='pmb2121'><persName><forename>Arthur</forename>"
    "<surname>Schnitzler</surname></persName><birth><date>1862</date><placeName>Wien"
    "</placeName><note>Arzt</note></birth></person><person xml:id='x'><persName>Felix Harta"
    "</persName><birth>Budapest 47,49835</birth></person></listPerson>"
    "<listPlace><place xml:id='wien'><placeName>Wien</placeName><location><geo>48,2 16,3"
    "</geo></location></place></listPlace></back>",
)


@pytest.mark.parametrize("to", ["text", "markdown", "html"])
def test_address_lines_part_words_in_every_output(to: str) -> None:
    out = teikit.write(parse_bytes(LETTER), to)
    if to == "html":
        out = re.sub(r"<[^>]*>", "", out[out.index("<main>") :])
    assert "Schnitzler Wien" in out and "Cottage Sternwartestrasse" in out
    assert "SchnitzlerWien" not in out and "CottageSternwarte" not in out
    assert "Arthur." in out  # no space before punctuation after a line-level element
    assert "HerrnDr" in out  # an inline element (hi) parts no words


def test_register_is_no_running_text() -> None:
    tree = parse_bytes(LETTER)
    text = teikit.write(tree, "text")
    for word in ("Budapest", "Harta", "1862", "48", "Arzt"):
        assert word not in text
    assert "[^" not in text  # the note in the register is not numbered in the text
    page = teikit.write(tree, "html")
    main, rest = page.split("</main>")
    assert "Budapest" not in main and "Harta" not in main
    assert '<section class="register"' in rest
    assert ('<div class="entry entry-person" id="pmb2121"><dt><span class="nm nm-person">'
            "Arthur Schnitzler</span></dt>") in rest
    assert "<h3>People</h3>" in rest and "<h3>Places</h3>" in rest
    assert "Felix Harta" in rest and "Budapest 47,49835" in rest


def test_register_words_check_fails_on_a_register_in_the_text() -> None:
    """The corpus check sees a register that is running text (a listPerson in the body)."""
    assert {"Budapest", "Harta", "1862", "Arzt"} <= register_only_words(
        parse_bytes(LETTER).getroot()
    )
    moved = parse_bytes(
        document("<p>x</p><listPerson><person><persName>Budapest</persName></person></listPerson>")
    )
    assert "Budapest" in teikit.write(moved, "text")  # in the body, a list is text


def test_glue_check_fails_on_glued_words() -> None:
    words = {"Schnitzler", "Wien", "Arthur"}
    assert glued("SchnitzlerWien", words)
    assert not glued("Schnitzler", words)
    assert not glued("Vienna", words)


@pytest.mark.parametrize(
    ("titles", "expected"),
    [
        ("<title level='s'>Series</title><title level='a'>Own</title>", "Own"),
        ("<title level='j'>Journal</title><title type='main'>Main</title>", "Main"),
        ("<title level='m'>Book</title><title>First plain</title>", "First plain"),
        ("<title>Only</title>", "Only"),
    ],
)
def test_page_title_is_the_documents_own(titles: str, expected: str) -> None:
    tree = parse_bytes(document("<p>x</p>", titles=titles))
    page = teikit.write(tree, "html")
    assert f"<title>{expected}</title>" in page
    assert teikit.write(tree, "markdown").startswith(f"# {expected}\n")


def test_author_is_named_without_identifiers() -> None:
    md = teikit.write(parse_bytes(LETTER), "markdown")
    assert "- **Author:** Ernst von Wildenbruch\n" in md
    assert "Q45337" not in md


HAND_PROFILES = {
    "handNote": "<profileDesc><handNotes><handNote xml:id='h1'>Goethe, ink</handNote>"
    "</handNotes></profileDesc>",
    "handNote scribeRef": "<profileDesc><handNotes><handNote xml:id='h1' scribeRef='#goethe'/>"
    "</handNotes><particDesc><listPerson><person xml:id='goethe'><persName>J. W. Goethe"
    "</persName></person></listPerson></particDesc></profileDesc>",
    "handNote scribe": "<profileDesc><handNotes><handNote xml:id='h1' scribe='Goethe'/>"
    "</handNotes></profileDesc>",
    "person": "<profileDesc><particDesc><listPerson><person xml:id='h1'><persName>Goethe"
    "</persName></person></listPerson></particDesc></profileDesc>",
}


@pytest.mark.parametrize("how", HAND_PROFILES)
@pytest.mark.parametrize("attribute", ["new", "scribe"])
def test_hands_are_recognised_however_declared(how: str, attribute: str) -> None:
    tree = parse_bytes(
        document(f"<p>a <handShift {attribute}='#h1'/>b</p>", profile=HAND_PROFILES[how])
    )
    page = teikit.write(tree, "html")
    assert "not declared in the header" not in page
    assert "Goethe" in page
    dipl = teikit.write(tree, "text", view="diplomatic")
    assert "⟨hand⟩" not in dipl
    if attribute == "scribe":
        assert re.search(r"⟨hand: [^⟩]*Goethe[^⟩]*⟩b", dipl), dipl
    else:
        assert "⟨hand: h1⟩b" in dipl


def test_scribe_in_a_back_register_is_named() -> None:
    dipl = teikit.write(parse_bytes(LETTER), "text", view="diplomatic")
    assert "⟨hand: Arthur Schnitzler⟩Gruss" in dipl


def test_undeclared_hand_is_still_reported() -> None:
    page = teikit.write(parse_bytes(document("<p>a <handShift new='#zz'/>b</p>")), "html")
    assert "not declared in the header" in page


def test_not_text_is_still_left_out() -> None:
    assert T + "standOff" in NOT_TEXT


# ------------------------------------------------------------------ back to a transcription

FOREIGN_CHOICE = document("<p>a <choice><sic>wrnog</sic><corr>wrong</corr></choice> b</p>")


def test_transcription_of_foreign_tei_with_a_choice_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "foreign.xml"
    path.write_bytes(FOREIGN_CHOICE)
    result = CliRunner().invoke(cli_main, ["export", str(path), "--to", "transcription"])
    assert result.exit_code == 2
    assert f"{path}:1: error: cannot write this TEI back as a transcription faithfully" in (
        result.stderr
    )
    assert "<choice>" in result.stderr and "Traceback" not in result.stderr
    assert "wrnogwrong" not in result.stdout


def test_transcription_of_foreign_tei_without_alternatives_is_written() -> None:
    written = teikit.write(parse_bytes(document("<p>a <hi>b</hi> c</p>")), "transcription")
    assert "a b c" in written


def test_transcription_of_teikits_own_tei_with_choices_is_written() -> None:
    seed = Path(__file__).resolve().parent.parent / "data" / "tei"
    tree = parse_file(seed / "mikoyan-cpsu-cc-1956-09-19.xml")
    assert next(tree.getroot().iter(T + "choice"), None) is not None
    assert teikit.write(tree, "transcription")


def test_a_name_links_to_its_back_register_entry() -> None:
    page = teikit.write(parse_bytes(LETTER), "html")
    assert 'data-ref="#pmb2121" title="person: Arthur Schnitzler"' in page

"""Every row of the conventions table: a hand-written fixture, its TEI, and its round trip."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FIXTURES, SEED_TXT, jing_errors, normalised, shared
from lxml import etree

import teikit
from teikit.profiles import load_profile
from teikit.xmlio import serialise

NS = {"t": "http://www.tei-c.org/ns/1.0"}
RULE_FIXTURES = sorted((FIXTURES / "rules").glob("*.txt"))


def convert(path: Path, enrich: bool = True) -> teikit.build.builder.Conversion:  # type: ignore[name-defined]
    return teikit.convert_document(path.read_bytes(), name=path.name, enrich=enrich)


def xp(root: etree._Element, path: str) -> list[str]:
    """Results of an XPath as strings (element results give their text)."""
    result = root.xpath(path, namespaces=NS)
    if not isinstance(result, list):
        return [str(result)]
    out = []
    for r in result:
        out.append("".join(r.itertext()) if isinstance(r, etree._Element) else str(r))
    return out


@pytest.mark.parametrize("path", RULE_FIXTURES, ids=lambda p: p.stem)
def test_fixture_round_trips_exactly(path: Path) -> None:
    conversion = convert(path)
    assert normalised(teikit.write(conversion.tree)) == normalised(path.read_text("utf-8"))


@pytest.mark.parametrize("path", RULE_FIXTURES, ids=lambda p: p.stem)
def test_fixture_is_valid_tei_all(path: Path, tmp_path: Path) -> None:
    schema = shared("ref", "schema", "tei_all.rng")
    out = tmp_path / "f.xml"
    out.write_bytes(serialise(convert(path).tree))
    assert jing_errors(out, schema) == []


# rule name -> (fixture, [(xpath, expected strings)])
EXPECTED: dict[str, tuple[str, list[tuple[str, list[str]]]]] = {
    "inserted-by-hand": (
        "inserted-by-hand",
        [("//t:add[@type='insertion'][@hand='#hand-annotator']", ["2 March"])],
    ),
    "inserted-by-hand-draft": (
        "draft-readings",
        [("//t:app/t:rdg[@wit='#wit-draft']/t:add[@hand='#hand-draft']", ["all"])],
    ),
    "deleted-in-draft": (
        "draft-readings",
        [("//t:app/t:rdg[@wit='#wit-draft']/t:del", ["without a break"])],
    ),
    "draft-reading": (
        "draft-readings",
        [
            ("//t:app[@type='draft']/t:rdg[@wit='#wit-draft'][not(*)]", ["Korean"]),
            ("//t:app/t:lem[@wit='#wit-typescript'][not(node())]/@wit", ["#wit-typescript"] * 4),
            ("//t:listWit/t:witness/@xml:id", ["wit-typescript", "wit-draft"]),
        ],
    ),
    "transliterated-word": (
        "draft-readings",
        [("//t:rdg/t:foreign[@xml:lang='ru-Latn']", ["uyekhali"])],
    ),
    "translator-note": (
        "translator-note",
        [
            (
                "//t:note[@type='translator'][@resp='#translator']/@rend",
                ["curly-apostrophe", "capital-n"],
            ),
            ("count(//t:note[@type='translator'])", ["3.0"]),
            ("//t:note[@type='translator']/t:supplied", ["plan"]),
        ],
    ),
    "crossed-out-quotation": (
        "translator-note",
        [("//t:note[@type='translator']/t:del", ["with great warmth"])],
    ),
    "handwritten": (
        "handwritten",
        [
            ("//t:closer/t:add[@type='annotation'][@place='bottom']/t:persName", ["P. Petrov"]),
            ("//t:add[@type='annotation']/@rend", ["label-handwriting"]),
            ("//t:add[@type='annotation']/t:gap/@reason", ["illegible"]),
            ("//t:add[@type='annotation']/t:date/@when", ["1957-03-03"]),
            ("//t:handNote/@xml:id", ["hand-annotator"]),
        ],
    ),
    "registry-number": (
        "handwritten",
        [("//t:add/t:idno[@type='registry']", ["Spets N 17-19"])],
    ),
    "authenticator": ("handwritten", [("//t:add/t:persName", ["P. Petrov"])]),
    "annotation-date": ("handwritten", [("//t:add/t:date", ["3 March"])]),
    "illegible": ("supplied", [("//t:gap/@reason", ["illegible"])]),
    "supplied": (
        "supplied",
        [
            (
                "//t:supplied[@resp='#translator'][@reason='omitted-in-original']",
                ["We", "they", "exchange", "our", "us"],
            ),
            ("//t:note[@subtype='unrecognised']", []),
        ],
    ),
    "explanation": (
        "supplied",
        [("//t:supplied[@reason='explanation'][@resp='#editor']", ["Soviet ambassador"])],
    ),
    "expansion": (
        "supplied",
        [("//t:expan[@resp='#translator']/t:ex", ["oreign", "inistry"])],
    ),
    "sic": (
        "sic",
        [
            ("//t:sic", ["3 May", "Hamhun", "3 March 1956"]),
            ("//t:choice/t:corr[@resp='#teikit']", ["3 March", "3 March 1957"]),
            ("//t:date[t:choice]/@when", ["1957-03-03", "1957-03-03"]),
            ("//t:sic/@rend", ["mark-period", "mark-uppercase"]),
        ],
    ),
    "unrecognised": (
        "unrecognised",
        [("//t:note[@type='editorial'][@subtype='unrecognised']", ["#3: 12-4"])],
    ),
    "stamp": (
        "unrecognised",
        [("//t:stamp[@n='Stamp']", ["Received 12 March 1957"]),
         ("//t:stamp/t:date/@when", ["1957-03-12"])],
    ),
    "editor-note": (
        "unrecognised",
        [("//t:note[@type='editorial'][@resp='#editor']", ["the rest of the page is torn"])],
    ),
    "classification": (
        "letter-structure",
        [("//t:opener/t:fw[@type='classification']", ["Секретно", "Secret"])],
    ),
    "copy-number": (
        "letter-structure",
        [("//t:opener/t:fw[@type='copy']", ["Экз. № 2", "Copy no. 2"])],
    ),
    "addressee": (
        "letter-structure",
        [("//t:div[@type='translation']/t:opener/t:address/t:addrLine", ["to the USSR MFA"])],
    ),
    "letterspaced-addressee": (
        "letter-structure",
        [("//t:opener/t:address/t:addrLine/t:hi[@rend='letterspace']", ["МИД СССР"])],
    ),
    "authentication": (
        "letter-structure",
        [("//t:closer/t:seg[@type='authentication']", ["Верно: Петров"])],
    ),
    "dateline": (
        "letter-structure",
        [("//t:closer/t:dateline/t:date/@when", ["1957-03-03", "1957-03-03"])],
    ),
    "signature": ("letter-structure", [("//t:closer/t:signed", ["В. ИВАНОВ", "V. IVANOV"])]),
}

def test_every_rule_here_is_a_rule_of_the_profile() -> None:
    """These fixtures predate the catalogue; every rule has its own fixture pair in
    tests/fixtures/conventions (tests/test_conventions.py checks that)."""
    names = {rule.name for rule in load_profile().rules}
    assert set(EXPECTED) <= names


@pytest.mark.parametrize("rule", sorted(EXPECTED))
def test_rule_makes_its_tei(rule: str) -> None:
    fixture, checks = EXPECTED[rule]
    root = convert(FIXTURES / "rules" / f"{fixture}.txt").tree.getroot()
    for path, expected in checks:
        assert xp(root, path) == expected, path


def test_letterspaced_heading() -> None:
    body = (
        "V e r m e r k\n\nThe minister received the ambassador in his office at noon on that day."
    )
    root = teikit.convert(body).getroot()
    assert xp(root, "//t:opener/t:hi[@rend='letterspace']") == ["Vermerk"]
    assert normalised(teikit.write(root)) == body


def test_page_break_joins_the_sentence() -> None:
    root = convert(FIXTURES / "rules" / "letter-structure.txt", enrich=False).tree.getroot()
    assert xp(root, "//t:div[@type='translation']/t:p[t:pb]") == [
        "Today, 1 March, I was visited by the Deputy Minister, who reported that the plenum is "
        "scheduled for 10 March. He asked that this be\npassed on to Moscow."
    ]


def test_hyphenated_line_break() -> None:
    root = convert(FIXTURES / "rules" / "letter-structure.txt", enrich=False).tree.getroot()
    (lb,) = root.xpath("//t:lb[@break='no']", namespaces=NS)  # type: ignore[misc]
    assert lb.tail.startswith("чен на 10 марта")


def test_edited_tei_changes_the_written_transcription() -> None:
    """The writer reads the markup: edit an add, drop a supplied, and the text follows."""
    tree = teikit.convert(SEED_TXT.read_bytes(), enrich=False)
    root = tree.getroot()
    (add,) = root.xpath("//t:add[@type='insertion']", namespaces=NS)  # type: ignore[misc]
    add.text = "17 September"
    supplied = root.xpath("//t:supplied[.='exchange']", namespaces=NS)[0]  # type: ignore[index]
    parent = supplied.getparent()
    prev = supplied.getprevious()
    # remove the supplied word, keeping the text around it
    if prev is not None:
        prev.tail = (prev.tail or "") + (supplied.tail or "")
    else:
        parent.text = (parent.text or "") + (supplied.tail or "")
    parent.remove(supplied)
    written = teikit.write(tree)
    assert "[inserted by hand: 17 September]" in written
    assert "[inserted by hand: 18 September]" not in written
    assert "After a mutual  of information" in written
    assert "[exchange]" not in written


def test_teikit_additions_are_not_written_back() -> None:
    tree = teikit.convert(SEED_TXT.read_bytes())
    written = teikit.write(tree)
    assert "19 August [SIC]" in written
    assert "19 September [SIC]" not in written
    assert written.count("19 September") == normalised(SEED_TXT.read_text("utf-8")).count(
        "19 September"
    )


@pytest.mark.parametrize("name", ["ex01-embassy-report-hu", "ex02-telegram-ru", "ex03-minutes-pl"])
def test_examples_convert_round_trip_and_validate(name: str, tmp_path: Path) -> None:
    path = shared("examples", f"{name}.txt")
    conversion = convert(path)
    assert normalised(teikit.write(conversion.tree)) == normalised(path.read_text("utf-8"))
    out = tmp_path / "x.xml"
    out.write_bytes(serialise(conversion.tree))
    assert jing_errors(out, shared("ref", "schema", "tei_all.rng")) == []
    assert [str(d) for d in conversion.diagnostics] == []  # every bracket is known


@pytest.mark.parametrize(
    ("bracket", "not_supplied"),
    [
        ("[…]", "…"),
        ("[...]", "..."),
        ("[?]", "?"),
        ("[sic]", "sic"),
        ("F[oreign]", "oreign"),
        ("[illegible signature]", "illegible signature"),
        ("[Stamp: received]", "Stamp: received"),
    ],
)
def test_editorial_words_and_labels_are_not_supplied(bracket: str, not_supplied: str) -> None:
    text = f"The ambassador said {bracket} that the plan was ready and the work had begun."
    root = teikit.convert(text).getroot()
    assert not_supplied not in xp(root, "//t:supplied")
    assert normalised(teikit.write(root)) == text


def test_header_elements_record_a_source_line() -> None:
    conversion = convert(SEED_TXT)
    header = conversion.tree.getroot()[0]
    assert all(el.sourceline for el in header.iter() if isinstance(el.tag, str))
    (title,) = header.iterfind(".//{http://www.tei-c.org/ns/1.0}titleStmt/*[@type='main']")
    assert title.sourceline == 5


@pytest.mark.parametrize(
    "text",
    [
        "[in the handwritten version: [crossed out: A]]",  # found by hypothesis
        "[deleted in the handwritten version: A]",
        "the embassy [crossed out: strongly] recommends",
    ],
)
def test_an_element_with_an_attribute_the_template_lacks_is_another_rules(text: str) -> None:
    """A del with the annotator's hand inside a draft reading is not the draft's deletion:
    the writer matches a template only when the element has no attribute it lacks."""
    assert normalised(teikit.write(teikit.convert(text))) == text

"""Specialised grammars never change a verdict: generated and corpus files, alone and pooled."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import corpus_jing_verdicts, shared
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from teikit.validate import validate, validate_file
from teikit.validate.cached import grammar
from teikit.validate.engines import element_names, pool_keys
from teikit.validate.grammar import Grammar, Key
from teikit.xmlio import parse_file

TEI = "http://www.tei-c.org/ns/1.0"
MINIMAL_MSDESC = "<msDesc><msIdentifier><idno>1</idno></msIdentifier></msDesc>"


@pytest.fixture(scope="module")
def tei_all(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return shared("ref", "schema", "tei_all.rng")


@pytest.fixture(scope="module")
def indexed(tei_all: Path, tmp_path_factory: pytest.TempPathFactory) -> Grammar:
    mp = pytest.MonkeyPatch()
    mp.setenv("TEIKIT_CACHE", str(tmp_path_factory.getbasetemp() / "teikit-cache"))
    try:
        return grammar(tei_all)
    finally:
        mp.undo()


@pytest.fixture(scope="module")
def whole(tei_all: Path) -> etree.RelaxNG:
    """The full tei_all grammar, compiled by lxml as it is (seconds)."""
    return etree.RelaxNG(etree.parse(str(tei_all)))


def document(source: str, body: str) -> etree._ElementTree:
    text = (
        f'<TEI xmlns="{TEI}"><teiHeader><fileDesc><titleStmt><title>t</title></titleStmt>'
        f"<publicationStmt><p>p</p></publicationStmt><sourceDesc>{source}</sourceDesc>"
        f"</fileDesc></teiHeader><text><body>{body}</body></text></TEI>"
    )
    return etree.ElementTree(etree.fromstring(text))


def test_msdesc_with_only_an_identifier_stays_valid(indexed: Grammar, whole: etree.RelaxNG) -> None:
    tree = document(MINIMAL_MSDESC, "<p>x</p>")
    assert whole.validate(tree)
    assert indexed.compile(element_names(tree)).validate(tree)
    # and the same content model still rejects what tei_all rejects
    broken = document("<msDesc><idno>1</idno></msDesc>", "<p>x</p>")
    assert not whole.validate(broken)
    assert not indexed.compile(element_names(broken)).validate(broken)


def test_minimal_msdesc_through_validate_file(tmp_path: Path, tei_all: Path) -> None:
    path = tmp_path / "ms.xml"
    etree.ElementTree(document(MINIMAL_MSDESC, "<p>x</p>").getroot()).write(str(path))
    result = validate_file(path, str(tei_all))
    assert result.status == "valid", [p.message for p in result.problems]


# ------------------------------------------------------------------ generated documents

SOURCES = [
    "<p>s</p>",
    MINIMAL_MSDESC,
    "<msDesc><msIdentifier><idno>1</idno></msIdentifier><p>d</p></msDesc>",
    "<msDesc><msIdentifier><idno>1</idno></msIdentifier><head>h</head></msDesc>",
    "<msDesc><msIdentifier/><msContents><msItem><title>x</title></msItem></msContents>"
    "<physDesc><p>x</p></physDesc></msDesc>",
    "<msDesc><msIdentifier><idno>1</idno></msIdentifier><p>d</p><physDesc/></msDesc>",
    "<msDesc><idno>1</idno></msDesc>",
    "<msDesc><p>no identifier</p></msDesc>",
    "<bibl>b</bibl>",
    "<listBibl><bibl>b</bibl></listBibl>",
    "<listBibl/>",
    "<bibl><title>t</title><author>a</author></bibl>",
]
BODIES = [
    "<p>x</p>",
    "<div><head>h</head><p>x</p></div>",
    "<div><p>x</p><head>late head</head></div>",
    "<div/>",
    "<lg><l>l</l></lg>",
    "<lg><p>p in lg</p></lg>",
    "<ab>a</ab>",
    "<list><item>i</item></list>",
    "<list><p>p</p></list>",
    "<table><row><cell>c</cell></row></table>",
    "<table><cell>c</cell></table>",
    "<p><choice><sic>a</sic><corr>b</corr></choice></p>",
    "<p><choice><abbr>a</abbr></choice></p>",
    "<p><note>n</note><add>a</add><del>d</del></p>",
]

documents = st.tuples(
    st.sampled_from(SOURCES),
    st.lists(st.sampled_from(BODIES), min_size=1, max_size=3),
).map(lambda pair: document(pair[0], "".join(pair[1])))


def pooled(trees: list[etree._ElementTree]) -> set[Key]:
    pool: set[Key] = set()
    for tree in trees:
        pool |= element_names(tree)
    return pool


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(documents, min_size=1, max_size=3))
def test_specialised_verdicts_equal_the_whole_grammar(
    indexed: Grammar, whole: etree.RelaxNG, trees: list[etree._ElementTree]
) -> None:
    pool = indexed.compile(pooled(trees))
    for tree in trees:
        expected = whole.validate(tree)
        assert indexed.compile(element_names(tree)).validate(tree) == expected  # alone
        assert pool.validate(tree) == expected  # in a batch


# Attributes: a pool that lists the attributes its documents use lets the grammar
# drop the patterns of every other attribute; verdicts must not move.
ATTRIBUTED = [
    '<p rend="x">a</p>',
    '<p xml:id="a1">a</p>',
    '<p><date when="tomorrow">d</date></p>',
    '<p><date when="2020-13-01">d</date></p>',
    '<p><date when="2020">d</date></p>',
    '<p><date when="2020-02-29" notBefore="1900">d</date></p>',
    '<p><gap reason="illegible"/></p>',
    '<p><milestone unit="page"/></p>',
    "<p><milestone/></p>",
    '<p foo="x">a</p>',
    '<p><ptr target="#a1"/></p>',
    '<p><ref target="a b">r</ref></p>',
    '<lg><l met="-+-" n="1">l</l></lg>',
    '<p><lb n="1"/><lb break="no"/><lb break="maybe?"/></p>',
    '<p><measure quantity="-1" unit="m">m</measure></p>',
    '<p><measure quantity="x">m</measure></p>',
    '<p xml:lang="en-GB">a</p>',
    '<p xml:lang="toolonglanguage">a</p>',
    '<p xml:space="preserve">a</p>',
    '<p xml:space="bad">a</p>',
    '<p><title level="a">t</title></p>',
    '<p><title level="z">t</title></p>',
    '<p><hi rendition="#r" style="x">h</hi></p>',
    '<p><persName ref="http://x.org/1" key="k">n</persName></p>',
    '<p><add place="above" hand="#h1">a</add><del rend="strikethrough">d</del></p>',
]

attributed = st.tuples(
    st.sampled_from(SOURCES[:3]),
    st.lists(st.sampled_from(ATTRIBUTED + BODIES[:3]), min_size=1, max_size=4, unique=True),
).map(lambda pair: document(pair[0], "".join(pair[1])))


def pooled_keys(trees: list[etree._ElementTree]) -> set[Key]:
    pool: set[Key] = set()
    for tree in trees:
        pool |= pool_keys(tree)
    return pool


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(attributed, min_size=1, max_size=3))
def test_attribute_pools_keep_the_whole_grammars_verdicts(
    indexed: Grammar, whole: etree.RelaxNG, trees: list[etree._ElementTree]
) -> None:
    pool = indexed.compile(pooled_keys(trees))
    for tree in trees:
        expected = whole.validate(tree)
        assert indexed.compile(pool_keys(tree)).validate(tree) == expected  # alone
        assert pool.validate(tree) == expected  # in a batch


def test_attribute_generator_makes_both_verdicts(whole: etree.RelaxNG) -> None:
    verdicts = [whole.validate(document(SOURCES[0], body)) for body in ATTRIBUTED]
    assert verdicts.count(True) >= 8 and verdicts.count(False) >= 8


def test_an_attribute_pool_leaves_out_unused_attributes(indexed: Grammar) -> None:
    tree = document(SOURCES[0], '<p rend="x">a</p>')
    by_elements = indexed.specialise(element_names(tree))
    by_attributes = indexed.specialise(pool_keys(tree))
    assert 'name="rend"' in by_attributes
    assert 'name="facs"' in by_elements and 'name="facs"' not in by_attributes
    assert len(by_attributes) < len(by_elements) * 0.8


def test_the_generator_makes_valid_and_invalid_documents(whole: etree.RelaxNG) -> None:
    verdicts = {whole.validate(document(s, b)) for s in SOURCES for b in BODIES}
    assert verdicts == {True, False}


# ------------------------------------------------------------------ the corpus, alone


@pytest.fixture(scope="module")
def verdicts() -> dict[str, str]:
    return corpus_jing_verdicts()


def test_every_corpus_file_alone_gets_jings_verdict(
    tei_all: Path, verdicts: dict[str, str]
) -> None:
    corpus = shared("ref", "corpus")
    expected = verdicts
    got = {}
    for rel in sorted(expected):
        result = validate_file(corpus / rel, str(tei_all))
        got[rel] = "parse-error" if result.status == "error" else result.status
    assert len(got) == 256
    assert {k: v for k, v in got.items() if v != expected[k]} == {}


def test_corpus_in_one_mixed_batch_gets_jings_verdicts(
    tei_all: Path, tmp_path: Path, verdicts: dict[str, str]
) -> None:
    """Files of different projects pooled together: the verdicts stay jing's."""
    corpus = shared("ref", "corpus")
    expected = verdicts
    chosen = [rel for rel in sorted(expected) if b"XInclude" not in (corpus / rel).read_bytes()]
    chosen = chosen[::7]
    folder = tmp_path / "mixed"
    folder.mkdir()
    for i, rel in enumerate(chosen):
        (folder / f"{i:03d}.xml").write_bytes((corpus / rel).read_bytes())
    report = validate([folder], str(tei_all))
    got = [("parse-error" if r.status == "error" else r.status) for r in report.results]
    assert got == [expected[rel] for rel in chosen]
    assert {"valid", "invalid"} <= set(got)


def test_whole_and_pooled_corpus_agree(indexed: Grammar, whole: etree.RelaxNG) -> None:
    corpus = shared("ref", "corpus")
    files = [p for p in sorted(corpus.rglob("*.xml")) if "large" not in p.parts][::3]
    trees = [parse_file(p) for p in files]
    for start in range(0, len(trees), 6):
        chunk = trees[start : start + 6]
        expected = [whole.validate(t) for t in chunk]
        pool = indexed.compile(pooled(chunk))
        assert [pool.validate(t) for t in chunk] == expected
        keyed = indexed.compile(pooled_keys(chunk))
        assert [keyed.validate(t) for t in chunk] == expected
        assert [indexed.compile(pool_keys(t)).validate(t) for t in chunk] == expected

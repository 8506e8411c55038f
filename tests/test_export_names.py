"""Names in the HTML edition: classes by kind, links to the register, the register's
mentions, the table of contents and the lazy units (the HTML parsed with lxml)."""

from __future__ import annotations

from lxml import html as lxml_html

import teikit
from teikit.xmlio import parse_bytes

LETTER = b"""<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt>
<title>Letter</title></titleStmt><publicationStmt><p/></publicationStmt><sourceDesc><p/>
</sourceDesc></fileDesc></teiHeader><text><body><div><head>One</head>
<p><persName ref="#ps">Arthur Schnitzler</persName> wrote from <placeName ref="#pl">Wien</placeName>
to the <orgName ref="#og">Burgtheater</orgName> on <date when="1900-01-02">2 January</date>;
<name type="place">Ischl</name> and <rs type="person" ref="#ps">he</rs> again.<note>Said by
<persName ref="#ps">Schnitzler</persName>.</note></p></div>
<div><head>Two</head><p><ref target="#pl"><placeName ref="#pl">Vienna</placeName></ref></p></div>
<div><head>Three <note>not in the contents</note></head><p>x</p></div></body>
<back><listPerson><person xml:id="ps"><persName>Arthur Schnitzler</persName>
<birth>1862</birth></person><person xml:id="nobody"><persName>Nobody</persName></person>
</listPerson><listPlace><place xml:id="pl"><placeName>Wien</placeName></place></listPlace>
<listOrg><org xml:id="og"><orgName>Burgtheater</orgName></org></listOrg></back></text></TEI>"""


def page(data: bytes = LETTER) -> lxml_html.HtmlElement:
    return lxml_html.document_fromstring(teikit.write(parse_bytes(data), "html"))


def c(name: str) -> str:
    """An XPath test: the element has the class ``name``."""
    return f"contains(concat(' ', @class, ' '), ' {name} ')"


def q(el: lxml_html.HtmlElement, path: str) -> list[lxml_html.HtmlElement]:
    found = el.xpath(path)
    assert isinstance(found, list)
    return found  # type: ignore[return-value]


def test_names_carry_a_class_of_their_kind() -> None:
    doc = page()
    kinds = {el.text_content(): el.get("class") for el in q(doc, f"//main//*[{c('nm')}]")}
    assert "nm-person" in kinds["Arthur Schnitzler"].split()
    assert "nm-place" in kinds["Wien"].split() and "nm-place" in kinds["Ischl"].split()
    assert "nm-org" in kinds["Burgtheater"].split()
    assert "nm-date" in kinds["2 January"].split()
    assert "nm-person" in kinds["he"].split()  # rs/@type
    legend = q(doc, f"//*[{c('names-legend')}]/*[{c('nm')}]")
    assert {e.text_content() for e in legend} == {"person", "place", "body", "date"}


def test_a_name_links_to_its_register_entry_and_is_a_mention_of_it() -> None:
    doc = page()
    name = q(doc, f"//main//a[{c('nm-person')}][@href='#ps']")[0]
    assert name.text_content() == "Arthur Schnitzler" and name.get("id", "").startswith("tk-m")
    entry = doc.get_element_by_id("ps")
    assert "entry" in entry.get("class").split()
    assert q(entry, "dt")[0].text_content() == "Arthur Schnitzler"
    assert q(entry, "dd[@class='entry-data']")[0].text_content() == "1862"
    mentions = [a.get("href")[1:] for a in q(entry, "dd[@class='mentions']/a")]
    # the name, the rs and the name in the note, in document order
    assert len(mentions) == 3 and mentions[0] == name.get("id")
    assert doc.get_element_by_id(mentions[1]).text_content() == "he"
    footnotes = q(doc, "//section[@class='footnotes']")[0]
    assert q(footnotes, f".//*[@id='{mentions[2]}']")[0].text_content() == "Schnitzler"


def test_every_link_and_mention_points_to_an_id_of_the_page() -> None:
    doc = page()
    ids = {el.get("id") for el in doc.iter() if el.get("id")}
    hrefs = [a.get("href") for a in doc.iter("a") if (a.get("href") or "").startswith("#")]
    assert hrefs and all(h[1:] in ids for h in hrefs)
    assert len(ids) == len([el for el in doc.iter() if el.get("id")])  # ids are unique


def test_an_entry_nobody_names_says_so() -> None:
    entry = page().get_element_by_id("nobody")
    assert q(entry, "dd[{}]".format(c("mentions")))[0].text_content() == "not named in the text"


def test_no_link_inside_a_link() -> None:
    doc = page()
    for a in doc.iter("a"):
        assert not list(a.iterancestors("a"))
    places = q(doc, f"//main//*[{c('nm-place')}]")
    vienna = next(e for e in places if e.text_content() == "Vienna")
    assert vienna.tag == "span" and vienna.getparent().tag == "a"


def test_a_name_without_entry_is_styled_but_no_link() -> None:
    data = LETTER.replace(b'ref="#og"', b'ref="https://example.org/x"')
    org = q(page(data), f"//main//*[{c('nm-org')}]")[0]
    assert org.tag == "span" and org.text_content() == "Burgtheater"


def test_table_of_contents_lists_the_sections_and_they_are_lazy() -> None:
    doc = page()
    links = q(doc, "//nav[@class='toc']//a")
    assert [a.text_content() for a in links] == ["One", "Two", "Three"]
    for a in links:
        section = doc.get_element_by_id(a.get("href")[1:])
        assert section.tag == "section" and "lazy" in section.get("class").split()


def test_a_short_document_has_no_table_of_contents() -> None:
    data = LETTER.replace(b"<div><head>Three", b"<div type='x'><head>Three").replace(
        b"<div><head>Two</head><p>", b"<p>"
    ).replace(b"</p></div>\n<div type", b"</p>\n<div type")
    assert q(page(data), "//nav[@class='toc']") == []


def test_a_corpus_has_a_table_of_its_members() -> None:
    member = LETTER.decode().replace("<title>Letter</title>", "<title>{}</title>")
    corpus = (
        '<teiCorpus xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt>'
        "<title>All</title></titleStmt><publicationStmt><p/></publicationStmt><sourceDesc><p/>"
        "</sourceDesc></fileDesc></teiHeader>"
        + member.format("First").replace('xml:id="', 'xml:id="a').replace('ref="#', 'ref="#a')
        + member.format("Second").replace('xml:id="', 'xml:id="b').replace('ref="#', 'ref="#b')
        + "</teiCorpus>"
    )
    doc = page(corpus.encode())
    top = q(doc, "//nav[@class='toc']/details/ol/li/a")
    assert [a.text_content() for a in top] == ["First", "Second"]
    for a in top:
        article = doc.get_element_by_id(a.get("href")[1:])
        assert article.tag == "article" and "lazy" in article.get("class").split()
    assert len(q(doc, "//nav[@class='toc']/details/ol/li/ol/li")) == 6
    # each member's names link to that member's register entry
    assert q(doc, "//main//a[@href='#bps']")
    assert len(q(doc.get_element_by_id("aps"), "dd[@class='mentions']/a")) == 3

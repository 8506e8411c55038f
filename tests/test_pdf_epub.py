"""export --to pdf and --to epub: the PDF's words in order, the EPUB's structure.

The PDF is made by WeasyPrint (teikit[pdf]) and read back with pypdf; the EPUB
by ebooklib (teikit[epub]), opened with zipfile and read back with ebooklib.
Both are in the test extra; without them the tests skip, except in CI.
"""

from __future__ import annotations

import importlib
import io
import re
import sys
import zipfile
from pathlib import Path
from types import ModuleType

import pytest
from click.testing import CliRunner
from conftest import IN_CI, SEED_TEI
from lxml import etree

from teikit.cli import main
from teikit.writers.printable import edition, text_of
from teikit.xmlio import parse_file

CORPUS = """<?xml version="1.0" encoding="UTF-8"?>
<teiCorpus xmlns="http://www.tei-c.org/ns/1.0">
  <teiHeader><fileDesc><titleStmt><title>Two Letters from the Archive</title></titleStmt>
    <publicationStmt><p>Test</p></publicationStmt><sourceDesc><p>Made for the tests</p>
    </sourceDesc></fileDesc></teiHeader>
  <TEI xml:lang="en">
    <teiHeader><fileDesc><titleStmt><title>First Letter about the Harvest</title></titleStmt>
      <publicationStmt><p>Test</p></publicationStmt><sourceDesc><p>Copy</p></sourceDesc>
      </fileDesc></teiHeader>
    <text><body><div><head>Greetings</head>
      <p>Dear friend, the harvest came early this year.<note place="foot">The year is not
      given in the letter.</note> We worked every day in the fields.</p>
      <p>Yours faithfully, the steward of the estate.</p></div></body></text>
  </TEI>
  <TEI xml:lang="ru">
    <teiHeader><fileDesc><titleStmt><title>Второе письмо о погоде</title></titleStmt>
      <publicationStmt><p>Test</p></publicationStmt><sourceDesc><p>Copy</p></sourceDesc>
      </fileDesc></teiHeader>
    <text><body><div><head>Погода</head>
      <p>Дорогой друг, зима пришла рано и снег лежит повсюду.</p>
      <p>Остаюсь вашим преданным слугой.</p></div></body></text>
  </TEI>
</teiCorpus>
"""


def need(module: str) -> ModuleType:
    """Import an optional library; skip without it (fail in CI, where `make test` installs it)."""
    try:
        return importlib.import_module(module)
    except (ImportError, OSError) as exc:
        if IN_CI:
            pytest.fail(f"CI must have {module} (the test extra installs it): {exc}")
        pytest.skip(f"{module} is not usable here ({exc}): pip install -e '.[test]'")


def export(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["export", *args])
    return result.exit_code, result.output


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def corpus_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("corpus") / "letters.xml"
    path.write_text(CORPUS, encoding="utf-8")
    return path


def pdf_pages(source: Path, out: Path) -> list[str]:
    """Export ``source`` to a PDF with the CLI; the text of each page (pypdf)."""
    need("weasyprint")
    pypdf = need("pypdf")
    code, output = export(str(source), "--to", "pdf", "-o", str(out))
    assert code == 0, output
    assert out.read_bytes().startswith(b"%PDF-")
    return [page.extract_text() or "" for page in pypdf.PdfReader(str(out)).pages]


@pytest.fixture(scope="module")
def sample_pages(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    return pdf_pages(SEED_TEI, tmp_path_factory.mktemp("pdf") / "sample.pdf")


@pytest.fixture(scope="module")
def corpus_pages(tmp_path_factory: pytest.TempPathFactory, corpus_file: Path) -> list[str]:
    return pdf_pages(corpus_file, tmp_path_factory.mktemp("pdf") / "corpus.pdf")


def assert_in_order(text: str, phrases: list[str]) -> None:
    """Each phrase occurs in ``text`` after the one before it."""
    at = 0
    for phrase in phrases:
        found = text.find(phrase, at)
        assert found >= 0, f"{phrase!r} missing after position {at}: {text[at:at + 300]!r}"
        at = found + len(phrase)


def test_pdf_title_page_then_the_text(sample_pages: list[str]) -> None:
    title = flat(sample_pages[0])
    for field in ("Telegram from A. Mikoyan to the CPSU Central Committee", "September 19, 1956",
                  "State Archive of the Russian Federation", "Fond 5446", "Gary Goldberg",
                  "https://wilson-center.drivingcreative.com/document/121799"):
        assert field in title
    assert "Сегодня" not in title  # the text starts on the next page
    body = flat(" ".join(sample_pages[1:]))
    assert "Сегодня состоялась беседа с китайскими товарищами" in body  # Cyrillic intact
    assert body.index("ORIGINAL (RUSSIAN)") < body.index("Сегодня")


def test_pdf_has_every_paragraph_of_each_column_in_order(sample_pages: list[str]) -> None:
    page = edition(parse_file(SEED_TEI), None)
    body = flat(" ".join(sample_pages[1:]))
    for lang in ("ru", "en"):
        starts = []
        for cell in page.iterfind(f".//div[@class='pcell'][@lang='{lang}']"):
            for para in cell.iterfind(".//p"):
                for note in para.iterfind(".//sup"):
                    note.getparent().remove(note)
                words = text_of(para).split()
                if len(words) >= 3:
                    starts.append(" ".join(words[:3]))
        assert len(starts) > 10
        assert_in_order(body, starts)


def test_pdf_notes_are_footnotes_and_pages_numbered(sample_pages: list[str]) -> None:
    with_note = [i for i, p in enumerate(sample_pages) if "crossed out" in p]
    assert with_note, "the translator's note is missing"
    # the note is at the foot of the page that calls it
    assert "Party unity had been strengthened" in flat(sample_pages[with_note[0]])
    assert "Notes" not in [line.strip() for p in sample_pages for line in p.splitlines()]
    for number, text in enumerate(sample_pages[1:], start=2):
        assert str(number) in [line.strip() for line in text.splitlines()], number


def test_pdf_of_a_corpus(corpus_pages: list[str]) -> None:
    assert "Two Letters from the Archive" in corpus_pages[0]
    text = flat(" ".join(corpus_pages[1:]))
    assert_in_order(text, [
        "First Letter about the Harvest", "Dear friend, the harvest came early this year.",
        "We worked every day in the fields.", "Yours faithfully",
        "Второе письмо о погоде", "Дорогой друг, зима пришла рано", "преданным слугой",
    ])
    assert "The year is not given in the letter." in text


def test_pdf_and_epub_need_a_file_not_stdout() -> None:
    for to in ("pdf", "epub"):
        code, output = export(str(SEED_TEI), "--to", to)
        assert code == 2
        assert "writes a binary file" in output


def test_a_missing_extra_is_one_line_and_exit_2(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    for to, module, extra in (("pdf", "weasyprint", "teikit[pdf]"),
                              ("epub", "ebooklib", "teikit[epub]")):
        monkeypatch.setitem(sys.modules, module, None)  # import fails as if not installed
        out = tmp_path / f"x.{to}"
        code, output = export(str(SEED_TEI), "--to", to, "-o", str(out))
        assert code == 2, output
        lines = [line for line in output.splitlines() if line.strip()]
        assert len(lines) == 1 and extra in lines[0], output
        assert not out.exists()


def epub_check(data: bytes) -> dict[str, etree._Element]:
    """The EPUB's own structural check; the parsed XHTML documents by name."""
    zf = zipfile.ZipFile(io.BytesIO(data))
    first = zf.infolist()[0]
    assert first.filename == "mimetype" and first.compress_type == zipfile.ZIP_STORED
    assert zf.read("mimetype") == b"application/epub+zip"
    container = etree.fromstring(zf.read("META-INF/container.xml"))
    ns = {"c": "urn:oasis:names:tc:opendocument:xmlns:container",
          "o": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/",
          "x": "http://www.w3.org/1999/xhtml", "e": "http://www.idpf.org/2007/ops"}
    opf_name = container.xpath("//c:rootfile/@full-path", namespaces=ns)[0]
    opf = etree.fromstring(zf.read(opf_name))
    base = opf_name.rpartition("/")[0]
    for name in ("title", "language", "identifier"):
        assert opf.xpath(f"//o:metadata/dc:{name}/text()", namespaces=ns), name
    assert opf.xpath("//o:metadata/o:meta[@property='dcterms:modified']", namespaces=ns)
    items = {i.get("id"): i for i in opf.xpath("//o:manifest/o:item", namespaces=ns)}
    docs: dict[str, etree._Element] = {}
    for item in items.values():
        name = f"{base}/{item.get('href')}" if base else str(item.get("href"))
        assert name in zf.namelist(), name
        if item.get("media-type") == "application/xhtml+xml":
            docs[str(item.get("href"))] = etree.fromstring(zf.read(name))  # well-formed
    navs = [i for i in items.values() if "nav" in (i.get("properties") or "").split()]
    assert len(navs) == 1 and navs[0].get("href") == "nav.xhtml"
    assert docs["nav.xhtml"].xpath("//x:nav[@e:type='toc']//x:a", namespaces=ns)
    spine = opf.xpath("//o:spine/o:itemref/@idref", namespaces=ns)
    assert spine and all(ref in items for ref in spine)
    # every link inside the book points to a file of it and an id there
    for name, root in docs.items():
        for href in root.xpath("//x:a/@href", namespaces=ns):
            if re.match(r"[a-z]+:", href):
                continue
            target, _, frag = href.partition("#")
            doc = docs[target or name]
            if frag:
                assert doc.xpath("//*[@id=$i]", i=frag), f"{name}: {href}"
    return docs


def test_epub_of_the_sample(tmp_path: Path) -> None:
    need("ebooklib")
    epub = need("ebooklib.epub")
    out = tmp_path / "sample.epub"
    code, output = export(str(SEED_TEI), "--to", "epub", "-o", str(out))
    assert code == 0, output
    docs = epub_check(out.read_bytes())
    book = epub.read_epub(str(out))
    assert book.get_metadata("DC", "title")[0][0].startswith("Telegram from A. Mikoyan")
    langs = {value for value, _ in book.get_metadata("DC", "language")}
    assert {"ru", "en"} <= langs
    assert book.get_metadata("DC", "date")[0][0] == "1956-09-19"
    texts = {name: flat("".join(root.itertext())) for name, root in docs.items()}
    titles = [flat("".join(a.itertext())) for a in docs["nav.xhtml"].iter("{*}a")]
    assert titles[1:3] == ["Original (Russian)", "Translation (English)"]
    original = next(t for t in texts.values() if t.startswith("Original (Russian)"))
    translation = next(t for t in texts.values() if t.startswith("Translation (English)"))
    assert "Сегодня состоялась беседа" in original and "A conversation" not in original
    assert "A conversation with the Chinese comrades" in translation
    assert "Сегодня" not in translation
    calls = [d for d in docs.values() if d.xpath("//*[@*[local-name()='type']='noteref']")]
    assert calls, "the note calls lost their links"


def test_epub_of_a_corpus_has_a_chapter_per_member(tmp_path: Path, corpus_file: Path) -> None:
    need("ebooklib")
    out_dir = tmp_path / "books"
    code, output = export(str(corpus_file), str(SEED_TEI), "--to", "epub", "--out-dir",
                          str(out_dir))
    assert code == 0, output
    assert sorted(p.name for p in out_dir.iterdir()) == [
        "letters.epub", "mikoyan-cpsu-cc-1956-09-19.epub"]
    docs = epub_check((out_dir / "letters.epub").read_bytes())
    titles = [flat("".join(a.itertext())) for a in docs["nav.xhtml"].iter("{*}a")]
    assert titles == ["Two Letters from the Archive", "First Letter about the Harvest",
                      "Второе письмо о погоде", "Notes"]
    russian = [d for d in docs.values() if d.get("lang") == "ru"]
    assert len(russian) == 1 and "Дорогой друг" in "".join(russian[0].itertext())

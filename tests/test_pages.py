"""Real page layouts: the header of every page, whatever the page leaves out.

Invented pages imitating what published pages do: a footer label with no value
(it must not become an empty, invalid ``keywords``), an original language named
in the metadata although only the translation is given (it must reach
``langUsage``).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FIXTURES, jing_errors, normalised, shared

import teikit
from teikit.read.layouts.title import is_title
from teikit.tei import XML_ID
from teikit.validate import validate_file
from teikit.xmlio import serialise

NS = {"t": "http://www.tei-c.org/ns/1.0"}


def check_valid(tree: object, tmp_path: Path) -> None:
    out = tmp_path / "page.xml"
    out.write_bytes(serialise(tree))  # type: ignore[arg-type]
    result = validate_file(out, "teikit")
    assert result.status == "valid", [str(p) for p in result.problems]
    assert jing_errors(out, shared("ref", "schema", "tei_all.rng")) == []


def test_a_footer_label_without_a_value_is_a_note_not_empty_keywords(tmp_path: Path) -> None:
    page = (FIXTURES / "layouts" / "web-current.txt").read_text("utf-8")
    text = page.replace("Associated Topics\n\nPolish October\n\n", "Associated Topics\n\n"
                        "Associated Places\n\n", 1)
    assert text != page
    tree = teikit.convert(text)
    root = tree.getroot()
    assert not [kw for kw in root.iterfind(".//t:keywords", NS) if len(kw) == 0]
    labels = {n.get("n") for n in root.iterfind(".//t:notesStmt/t:note[@type='field']", NS)}
    assert {"Associated Topics", "Associated Places"} <= labels
    assert normalised(teikit.write(tree, "transcription")) == normalised(text)
    check_valid(tree, tmp_path)


ONLY_TRANSLATION = """March 3, 1958

Report of the Hungarian Embassy on the Visit

Summary:

An invented report for teikit's tests.

Original Language:

Hungarian

Contents:

Translation - English

The ambassador reported that the delegation had arrived on the first day of the month.

The talks were held in a friendly atmosphere and ended with a joint statement.
"""


def test_the_original_language_reaches_lang_usage_without_the_original(tmp_path: Path) -> None:
    tree = teikit.convert(ONLY_TRANSLATION)
    root = tree.getroot()
    langs = [el.get("ident") for el in root.iterfind(".//t:langUsage/t:language", NS)]
    assert langs == ["hu", "en"]
    assert [d.get("type") for d in root.iterfind(".//t:text//t:div", NS)] == ["translation"]
    assert normalised(teikit.write(tree, "transcription")) == normalised(ONLY_TRANSLATION)
    check_valid(tree, tmp_path)


def test_profile_auto_picks_frus_for_a_frus_page_and_says_why() -> None:
    frus = FIXTURES / "documents" / "frus-telegram-tehran-1953.txt"
    auto = teikit.convert_document(frus.read_bytes(), name=frus.name)
    named = teikit.convert_document(frus.read_bytes(), name=frus.name, profile="frus")
    assert auto.profile.name == "frus" and "FRUS heading" in auto.profile_reason
    assert named.profile_reason == "named"
    assert serialise(auto.tree) == serialise(named.tree)
    seed = teikit.convert_document((FIXTURES.parent.parent / "data" / "transcriptions" /
                                    "mikoyan-cpsu-cc-1956-09-19.txt").read_bytes())
    assert seed.profile.name == "wilson-center" and seed.profile_reason.startswith("the default")


def test_a_named_profile_overrides_auto() -> None:
    frus = FIXTURES / "documents" / "frus-telegram-tehran-1953.txt"
    forced = teikit.convert_document(frus.read_bytes(), profile="wilson-center")
    assert forced.profile.name == "wilson-center" and forced.profile_reason == "named"


NO_LANGUAGE_NAMED = "\n\n".join([
    "March 3, 1958",
    "Note of the Ministry on the Visit of the Delegation",
    "Contents:",
    "Original Scan\nTranslation - English",
    "Der Botschafter empfing heute den Vertreter des Ministeriums und besprach mit ihm die "
    "Fragen des Handels für das kommende Jahr.",
    "Die Delegation wird in der zweiten Woche des Monats eintreffen und fünf Tage bleiben.",
    "The ambassador today received the representative of the ministry and discussed with "
    "him the questions of trade for the coming year.",
    "The delegation will arrive in the second week of the month and stay for five days.",
]) + "\n"


def test_the_original_language_is_identified_when_the_metadata_does_not_name_it(
    tmp_path: Path,
) -> None:
    tree = teikit.convert(NO_LANGUAGE_NAMED)
    root = tree.getroot()
    parts = [(d.get("type"), d.get("{http://www.w3.org/XML/1998/namespace}lang"))
             for d in root.iterfind(".//t:text/t:body/t:div", NS)]
    assert parts == [("original", "de"), ("translation", "en")]
    assert normalised(teikit.write(tree, "transcription")) == normalised(NO_LANGUAGE_NAMED)
    check_valid(tree, tmp_path)
    english = NO_LANGUAGE_NAMED.split("Der Botschafter")[0] + "The ambassador" + (
        NO_LANGUAGE_NAMED.split("The ambassador")[1])
    only = teikit.convert(english).getroot()
    divs = [(d.get("type"), d.get("{http://www.w3.org/XML/1998/namespace}lang"))
            for d in only.iterfind(".//t:text/t:body/t:div", NS)]
    assert divs == [("translation", "en")]  # no other language: nothing identified


def test_a_banner_above_the_date_is_chrome_and_the_header_is_kept(tmp_path: Path) -> None:
    text = (FIXTURES / "layouts" / "pdf-banner.txt").read_text("utf-8")
    conversion = teikit.convert_document(text, name="pdf-banner.txt")
    root = conversion.tree.getroot()
    title = root.find(".//t:titleStmt/t:title[@type='main']", NS)
    assert title is not None and title.text == (
        "Report of the Embassy on a Conversation with the Minister")
    assert title.get("resp") is None  # the page's own title, not one made from the file name
    assert root.find(".//t:creation/t:date", NS).get("when") == "1958-03-03"  # type: ignore[union-attr]
    assert "Sample Digital Archive" not in "".join(root.find(".//t:text", NS).itertext())  # type: ignore[union-attr]
    assert normalised(teikit.write(conversion.tree, "transcription")) == normalised(text)
    check_valid(conversion.tree, tmp_path)


def test_a_trailing_source_line_goes_to_the_header(tmp_path: Path) -> None:
    text = (FIXTURES / "layouts" / "source-line.txt").read_text("utf-8")
    tree = teikit.convert(text)
    root = tree.getroot()
    assert "GARF" not in "".join(root.find(".//t:text", NS).itertext())  # type: ignore[union-attr]
    ms = root.find(".//t:sourceDesc/t:msDesc/t:msIdentifier", NS)
    assert ms is not None
    assert [(i.get("type"), i.text) for i in ms.iterfind("t:idno", NS)] == [
        ("fond", "5446"), ("opis", "1"), ("delo", "12"), ("folios", "3")]
    translator = root.find(".//t:titleStmt/t:respStmt/t:persName", NS)
    assert translator is not None and translator.text == "Sample Translator D"
    assert normalised(teikit.write(tree, "transcription")) == normalised(text)
    check_valid(tree, tmp_path)


LAYOUT_PAGES = sorted((FIXTURES / "layouts").glob("*.txt"))


@pytest.mark.parametrize("page", LAYOUT_PAGES, ids=[p.stem for p in LAYOUT_PAGES])
def test_every_layout_makes_its_golden_tei_and_round_trips(page: Path) -> None:
    """One golden TEI per page layout (``make golden`` writes them; review the diff)."""
    conversion = teikit.convert_document(page.read_bytes(), name=page.name)
    made = serialise(conversion.tree).decode("utf-8")
    assert made == page.with_suffix(".xml").read_text("utf-8"), "run `make golden`"
    title = conversion.tree.getroot().find(".//t:titleStmt/t:title[@type='main']", NS)
    assert title is not None and title.text  # the page's title, never the file's
    assert not title.text.startswith("Transcription ")
    assert normalised(teikit.write(conversion.tree, "transcription")) == normalised(
        page.read_text("utf-8"))
    assert [d for d in conversion.diagnostics if d.severity == "warning"] == []


def test_a_page_with_only_a_title_line_keeps_its_title_and_the_headnote(tmp_path: Path) -> None:
    page = FIXTURES / "layouts" / "title-line.txt"
    tree = teikit.convert(page.read_text("utf-8"))
    root = tree.getroot()
    title = root.find(".//t:titleStmt/t:title[@type='main']", NS)
    assert title is not None and title.text == "Radio Commentary on the Fishing Agreement"
    body = "".join(root.find(".//t:text", NS).itertext())  # type: ignore[union-attr]
    assert "Radio Commentary on the Fishing" not in body
    note = root.find(".//t:text//t:note[@subtype='headnote']", NS)
    assert note is not None and "FBIS translated from Polish" in "".join(note.itertext())
    assert root.find(".//t:text//t:note[@subtype='unrecognised']", NS) is None
    check_valid(tree, tmp_path)


def test_a_frus_web_page_has_its_heading_under_the_chapter_line_and_the_source_on_top(
    tmp_path: Path,
) -> None:
    page = FIXTURES / "layouts" / "frus-web.txt"
    conversion = teikit.convert_document(page.read_bytes(), name=page.name)
    assert conversion.profile.name == "frus"
    root = conversion.tree.getroot()
    title = root.find(".//t:titleStmt/t:title[@type='main']", NS)
    assert title is not None and title.get("n") == "27"
    assert title.text == "Telegram From the Embassy in Lisbon to the Department of State"
    assert title.find("t:ref", NS).get("target") == "#fn-1"  # type: ignore[union-attr]
    source = root.find(".//t:text//t:note[@type='source']", NS)
    assert source is not None and source.get(XML_ID) == "fn-1"
    body = "".join(root.find(".//t:text", NS).itertext())  # type: ignore[union-attr]
    assert "Coastal Affairs" not in body
    check_valid(conversion.tree, tmp_path)


@pytest.mark.parametrize("line", [
    "Top Secret", "Dear Comrade Ivanov,", "The talks ended at noon.", "[Text] The news",
    "Comrades", "March 3, 1958",
])
def test_lines_that_are_no_title(line: str) -> None:
    assert not is_title(line)


@pytest.mark.parametrize("line", [
    "Memorandum of Conversation with the Ambassador",
    "Castro Speaks on Anniversary of Revolution",
    "Telegram from Beijing to Moscow",
])
def test_lines_that_are_a_title(line: str) -> None:
    assert is_title(line)

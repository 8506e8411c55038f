"""Brackets as real pages write them (issue 13 §2): label variants of a rule, each with
its own fixture pair ``<rule>--<variant>.txt`` + ``.xml`` beside the rule's own pair, and
readings that must not be confident where they are wrong."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FIXTURES, normalised

import teikit

CONVENTIONS = FIXTURES / "conventions"
XML = "http://www.w3.org/XML/1998/namespace"
VARIANTS = sorted(CONVENTIONS.glob("*/*--*.txt"))


def test_there_are_variant_fixtures() -> None:
    assert len(VARIANTS) >= 2


@pytest.mark.parametrize("source", VARIANTS, ids=[p.stem for p in VARIANTS])
def test_variant_fixture_pair(source: Path) -> None:
    """The variant makes exactly the expected TEI for its rule, and round-trips exactly."""
    profile, rule = source.parent.name, source.stem.split("--")[0]
    expected = source.with_suffix(".xml").read_text(encoding="utf-8").strip("\n")
    text = source.read_text(encoding="utf-8")
    conversion = teikit.convert_document(text, name=source.name, profile=profile, enrich=False)
    made = "\n".join(r.tei() for r in conversion.records if r.rule == rule)
    assert made == expected
    assert normalised(teikit.write(conversion.tree)) == normalised(text)
    assert [str(d) for d in conversion.diagnostics] == []


def rules_of(text: str, profile: str = "wilson-center") -> dict[str, str]:
    """What rule read each bracket of ``text`` (the bracket's source as the key)."""
    return {
        r.source: r.rule
        for r in teikit.explain(text, profile=profile)
        if r.kind == "bracket"
    }


RUSSIAN = "Original Language:\n\nRussian\n\nContents:\n\nTranslation - English\n\n"


def test_archive_labels_are_not_supplied_words() -> None:
    text = (
        RUSSIAN + "The director [sign] approved the plan [handwriting] and the word "
        "[orthographic mistake underlined] was adopted unanimously [yedinodushno]."
    )
    assert rules_of(text) == {
        "[sign]": "sign-mark",
        "[handwriting]": "handwriting-mark",
        "[orthographic mistake underlined]": "physical-feature",
        "[yedinodushno]": "transliterated-original",
    }


def test_the_archive_labels_leave_their_words_free_in_other_brackets() -> None:
    text = "The minister agreed [to sign] the treaty [of the handwriting expert] at once."
    assert rules_of(text) == {
        "[to sign]": "supplied",
        "[of the handwriting expert]": "supplied-phrase",
    }


def test_english_words_are_not_transliterations() -> None:
    text = RUSSIAN + "The plan was approved [unanimously] by all the members of the bureau."
    assert rules_of(text) == {"[unanimously]": "supplied"}


def test_a_bare_stamp_is_not_unrecognised() -> None:
    text = RUSSIAN + "[stamp]\n\nThe letter was received.\n\n[Stamp]"
    assert set(rules_of(text).values()) == {"stamp-mark"}


def test_pinyin_rendering_wants_a_capitalised_pinyin_word() -> None:
    text = "The CC Presidium [meeting] was held, and Sachkov [Saqiukefu] spoke first."
    assert rules_of(text) == {
        "[meeting]": "supplied",
        "Sachkov [Saqiukefu]": "pinyin-rendering",
    }


def test_a_common_word_before_a_field_label_is_not_a_name() -> None:
    text = (
        "The list was sent on.\n\n[Additional] Participants: Cde. Orlov, Cde. Belov."
        "\n\n[Anastas] Mikoyan"
    )
    found = rules_of(text)
    assert found["[Additional]"] == "supplied"
    assert found["[Anastas] Mikoyan"] == "name-completion-before"


def test_identities_and_cryptonyms_are_read_in_frus() -> None:
    text = (
        "41. Cable From the Station to the Director\n\n"
        "[Identity 1] met [cryptonym not declassified] in the port and reported."
    )
    assert rules_of(text, "frus") == {
        "[Identity 1]": "identity-substitution",
        "[cryptonym not declassified]": "not-declassified",
    }


BROADCAST = (
    "Original Language:\n\nSpanish\n\nContents:\n\nTranslation - English\n\n"
    "[Text] The radio reported on the rally.\n\n"
    "[Castro] We will never give up the fight.\n\n"
    "[Moderator] Good evening, the crowd shouted [Words indistinct] for an hour.\n\n"
)


def test_a_broadcast_transcript_has_speaker_turns() -> None:
    conversion = teikit.convert_document(BROADCAST, enrich=False)
    root = conversion.tree.getroot()
    ns = {"t": "http://www.tei-c.org/ns/1.0"}
    assert root.xpath("//t:sp/@who", namespaces=ns) == ["#speaker-castro", "#speaker-moderator"]
    assert root.xpath("//t:gap/@reason", namespaces=ns) == ["inaudible"]
    assert root.xpath("//t:note[@rend='broadcast']/text()", namespaces=ns) == ["Text"]
    assert normalised(teikit.write(conversion.tree)) == normalised(BROADCAST)


def test_one_bracketed_name_at_a_paragraph_start_is_no_turn() -> None:
    text = BROADCAST.split("[Text]")[0] + (
        "[Anastas] Mikoyan said that the plan was good.\n\n"
        "[Castro] We will never give up the fight."
    )
    found = rules_of(text)
    assert found["[Anastas] Mikoyan"] == "name-completion-before"
    assert found["[Castro]"] == "supplied"  # one turn alone is no broadcast


def test_one_romanisation_pattern_is_read_one_way_on_a_page() -> None:
    """Korean names given in two romanisations (Revised, McCune-Reischauer) whose initials
    differ as the systems differ (d/t, g/k, b/p, j/ch) are read as the same name, as the
    pair whose initials agree is: never once as a name and once as supplied words."""
    text = (
        "Today I visited Kim Du-bong [Kim Tu Bong] at home. Later Choe Yong-geon "
        "[Choe Yong Kon] and Pak Ui-wan [Pak Ui Wan] came, and Jeong Il-ryong "
        "[Chong Il Lyong] too."
    )
    found = rules_of(text)
    assert set(found.values()) == {"romanisation"}, found
    assert len(found) == 4


def test_romanisations_with_other_initials_are_not_one_name() -> None:
    text = "Today I visited Kim Du-bong [Park Su Hyon] at home."
    assert "romanisation" not in rules_of(text).values()


def test_words_supplied_in_the_original_are_the_editors() -> None:
    """A bracket in the original-language text is no translator's: the editors supplied
    it (resp="#editor", declared in the header), it is not read as a foreign word of the
    original, and the transcription comes back as it was; the translation's stays the
    translator's."""
    source = FIXTURES / "structure" / "supplied-in-original-ru.txt"
    text = source.read_text("utf-8")
    tree = teikit.convert(text)
    ns = {"t": "http://www.tei-c.org/ns/1.0"}
    original = tree.find(".//t:div[@type='original']/t:p/t:supplied", ns)
    translation = tree.find(".//t:div[@type='translation']/t:p/t:supplied", ns)
    assert (original.text, original.get("resp")) == ("в", "#editor")
    assert (translation.text, translation.get("resp")) == ("in", "#translator")
    assert tree.find(".//t:div[@type='original']//t:foreign", ns) is None
    assert "#editor" not in {n.get("resp") for n in tree.iterfind(".//t:titleStmt//t:name", ns)}
    ids = {n.get(f"{{{XML}}}id") for n in tree.iterfind(".//t:titleStmt//t:name", ns)}
    assert "editor" in ids
    assert normalised(teikit.write(tree)) == normalised(text)

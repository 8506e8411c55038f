"""Bilingual enrichment and checks: alignment, the register, dates, cross-language checks.

The answer keys here were made by hand from the texts (the seed's paragraph
pairs, the names in six of its paragraphs and in the samples); the tests compare
what teikit does with them, so a change of the aligner or the name matcher that
loses a pair or invents a name fails.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import FIXTURES, ROOT, SAMPLE, SEED_TEI, SEED_TXT, jing_errors, normalised, shared
from lxml import etree

import teikit
from teikit import api
from teikit.cli import main
from teikit.enrich.align import align
from teikit.enrich.check import check_document, describe
from teikit.enrich.register import Register, name_pattern
from teikit.tei import all_text
from teikit.validate import validate_file
from teikit.writers.entities import entity_rows
from teikit.xmlio import parse_file, serialise

T = "{http://www.tei-c.org/ns/1.0}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
NS = {"t": T[1:-1]}


@pytest.fixture(scope="module")
def seed() -> teikit.build.builder.Conversion:  # type: ignore[name-defined]
    return api.convert_document(SEED_TXT.read_bytes(), name=str(SEED_TXT))


def paragraphs(tree: etree._ElementTree) -> dict[str, etree._Element]:
    return {str(p.get(XML_ID)): p for p in tree.getroot().iter(f"{T}p") if p.get(XML_ID)}


def valid(tree: etree._ElementTree, tmp: Path) -> list[str]:
    """Problems of ``tree`` under teikit's schema (grammar, XSD, Schematron)."""
    path = tmp / "valid.xml"
    path.write_bytes(serialise(tree))
    result = validate_file(path, "teikit")
    return [str(p) for p in result.problems]


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


# ------------------------------------------------------------------ alignment

# The seed's 24 Russian paragraphs and 23 English ones, paired by reading both:
# the translator joined the Russian 20th and 21st paragraphs into one.
SEED_PAIRS = {f"p-ru-{i}": [f"p-en-{i}"] for i in range(1, 20)} | {
    "p-ru-20": ["p-en-20"],
    "p-ru-21": ["p-en-20"],
    "p-ru-22": ["p-en-21"],
    "p-ru-23": ["p-en-22"],
    "p-ru-24": ["p-en-23"],
}


def test_every_seed_paragraph_is_paired_as_in_the_answer_key(seed) -> None:  # type: ignore[no-untyped-def]
    found = paragraphs(seed.tree)
    russian = sorted((k for k in found if k.startswith("p-ru-")), key=lambda k: int(k[5:]))
    assert russian == list(SEED_PAIRS)
    for ru, en in SEED_PAIRS.items():
        assert found[ru].get("corresp", "").split() == [f"#{e}" for e in en], ru
    # and back: the English paragraph points to all the Russian ones it translates
    assert found["p-en-20"].get("corresp") == "#p-ru-20 #p-ru-21"
    for i in range(1, 20):
        assert found[f"p-en-{i}"].get("corresp") == f"#p-ru-{i}"


def test_constructed_pairs_with_a_merge_and_a_split() -> None:
    original = [
        "Сегодня, 3 мая, состоялась встреча с послом.",
        "Он сообщил, что делегация прибудет 10 мая.",
        "Делегация пробудет в стране 5 дней.",
        "Мы согласились. Встреча продолжалась 2 часа, и было решено подготовить проект.",
    ]
    translation = [
        "Today, 3 May, a meeting was held with the ambassador. He reported that the "
        "delegation would arrive on 10 May.",
        "The delegation will stay in the country for 5 days.",
        "We agreed.",
        "The meeting lasted 2 hours, and it was decided to prepare a draft.",
    ]
    beads = [(b.original, b.translation) for b in align(original, translation, 1956)]
    assert beads == [((0, 1), (0,)), ((2,), (1,)), ((3,), (2, 3))]


def test_one_to_one_when_lengths_agree() -> None:
    texts = [f"Paragraph {i} says something of length {'x' * (20 * i)}." for i in range(1, 8)]
    beads = align(texts, texts)
    assert [(b.original, b.translation) for b in beads] == [((i,), (i,)) for i in range(7)]


def test_a_long_document_aligns_in_a_band(seed) -> None:  # type: ignore[no-untyped-def]
    """Many paragraphs: the band search still pairs them one to one."""
    texts = [f"Абзац {i}: {'слово ' * (5 + i % 17)}" for i in range(600)]
    english = [f"Paragraph {i}: {'word ' * (5 + i % 17)}" for i in range(600)]
    beads = align(texts, english)
    assert len(beads) == 600 and all(b.original == b.translation for b in beads)


def test_texts_that_are_not_paragraph_parallel_are_not_aligned() -> None:
    """Beads join two paragraphs at most: 5 against 40 cannot be paired honestly."""
    assert align(["Один абзац."] * 5, ["One paragraph."] * 40) == []


# The sentences of three seed pairs, by their first words, as read from both texts.
SEED_SENTENCES = {
    ("p-ru-2", "p-en-2"): [("Мы сказали", "We said"), ("Мы не имеем", "We do not have"),
                           ("При этом", "We then provided"), ("Как известно", "As is known"),
                           ("Однако факты", "However, the facts")],
    ("p-ru-5", "p-en-5"): [("После взаимной", "After a mutual"), ("Мы предложили", "We proposed")],
    ("p-ru-19", "p-en-19"): [("Мы предложили", "We suggested"), ("Тов. Мао", "Cde. Mao"),
                             ("Он сказал", "He said")],
}


def test_sentences_of_the_seed_are_paired_as_in_the_key(seed) -> None:  # type: ignore[no-untyped-def]
    found = paragraphs(seed.tree)
    for (ru, en), key in SEED_SENTENCES.items():
        left, right = found[ru].findall(f"{T}s"), found[en].findall(f"{T}s")
        assert len(left) == len(right) == len(key), ru
        for k, (s1, s2, (w1, w2)) in enumerate(zip(left, right, key, strict=True), start=1):
            assert all_text(s1).startswith(w1) and all_text(s2).startswith(w2), (ru, k)
            assert s1.get(XML_ID) == f"{ru}-s{k}" and s1.get("corresp") == f"#{en}-s{k}"
            assert s2.get("corresp") == f"#{ru}-s{k}"
    # a pair that splits differently (a translator's note with a quotation) is left alone
    assert found["p-ru-3"].find(f"{T}s") is None and found["p-en-3"].find(f"{T}s") is None
    # the 2-1 pair has no sentence pairs either
    assert found["p-en-20"].find(f"{T}s") is None


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("Cde. Mao agreed. He said so.", ["Cde. Mao agreed.", "He said so."]),
        ("Тов. Мао согласился. Он сказал.", ["Тов. Мао согласился.", "Он сказал."]),
        ("We fly at 7 A. M. together. Then we talk.", ["We fly at 7 A. M. together.",
                                                       "Then we talk."]),
        ("Вылетаем в 7 час. утра. Всё.", ["Вылетаем в 7 час. утра.", "Всё."]),
        ("It ended in 1956. Next year came.", ["It ended in 1956.", "Next year came."]),
        ("One sentence only", ["One sentence only"]),
    ],
)
def test_sentence_spans(text: str, sentences: list[str]) -> None:
    from teikit.enrich.align import sentence_spans

    assert [text[a:b] for a, b in sentence_spans(text)] == sentences


def _pair(left: str, right: str) -> tuple[etree._Element, etree._Element]:
    ns = 'xmlns="http://www.tei-c.org/ns/1.0" xmlns:xml="http://www.w3.org/XML/1998/namespace"'
    a = etree.fromstring(f'<p {ns} xml:id="a">{left}</p>')
    b = etree.fromstring(f'<p {ns} xml:id="b">{right}</p>')
    return a, b


def test_sentences_are_paired_only_when_both_sides_split_alike() -> None:
    from teikit.enrich.align import align_sentences

    a, b = _pair("Мы согласились. Он уехал.", "We agreed. He left. Then it rained.")
    assert align_sentences(a, b) == 0 and a.find(f"{T}s") is None
    # a boundary inside an addition: the sentences cannot be wrapped; nothing changes
    a, b = _pair("Мы согласились. Он уехал.", "We <add>agreed. He</add> left.")
    before = etree.tostring(b)
    assert align_sentences(a, b) == 0 and etree.tostring(b) == before
    a, b = _pair("Мы <persName>согласились</persName>.<lb/>Он уехал.",
                 "We agreed. <persName>He</persName> left.")
    assert align_sentences(a, b) == 2
    assert [all_text(s) for s in a.findall(f"{T}s")] == ["Мы согласились.", "Он уехал."]
    assert [all_text(s) for s in b.findall(f"{T}s")] == ["We agreed.", "He left."]
    assert all_text(a) == "Мы согласились.Он уехал." and a.find(f"{T}lb") is not None


# ------------------------------------------------------------------ names and the register

# Every name in six of the seed's paragraphs, as a reader finds them (text, register id).
SEED_NAMES = {
    "p-ru-5": [("ТПК", "kwp"), ("Ким Ир Сену", "kim-il-sung"), ("ТПК", "kwp"),
               ("КПСС", "cpsu"), ("КПК", "ccp"), ("Пхеньян", "pyongyang"),
               ("Микоян", "mikoyan"), ("Мухитдинов", "mukhitdinov"),
               ("Пономарев", "ponomarev")],
    "p-en-5": [("KWP", "kwp"), ("Kim Il Sung", "kim-il-sung"), ("KWP", "kwp"),
               ("CPSU", "cpsu"), ("CCP", "ccp"), ("Pyongyang", "pyongyang"),
               ("Mikoyan", "mikoyan"), ("Mukhitdinov", "mukhitdinov"),
               ("Ponomarev", "ponomarev")],
    "p-ru-10": [("ЦК КПК", "ccp-cc"), ("Пин Дэ-хуэй", "peng-dehuai"),
                ("Нэ Юн-чжень", "nie-rongzhen"), ("СССР", "ussr"), ("КНР", "prc"),
                ("КНДР", "dprk"), ("Кореи", "korea"), ("ТПК", "kwp")],
    "p-en-10": [("Peng Dehuai", "peng-dehuai"), ("Nie Rongzhen", "nie-rongzhen"),
                ("CCP CC", "ccp-cc"), ("PRC", "prc"), ("DPRK", "dprk"), ("Korea", "korea"),
                ("KWP", "kwp")],
    "p-ru-19": [("Пхеньян", "pyongyang"), ("Ким Ир Сена", "kim-il-sung"), ("ТПК", "kwp"),
                ("КПК", "ccp"), ("Цой Ен Ген", "choe-yong-geon"), ("Пхеньян", "pyongyang"),
                ("Мао Цзэ-дун", "mao-zedong"), ("Цой Ен Гена", "choe-yong-geon")],
    "p-en-19": [("Choe Yong-geon", "choe-yong-geon"), ("KWP", "kwp"), ("CCP", "ccp"),
                ("Kim Il Sung", "kim-il-sung"), ("Pyongyang", "pyongyang"),
                ("Pyongyang", "pyongyang"), ("Mao Zedong", "mao-zedong"),
                ("Choe Yong-geon", "choe-yong-geon")],
}

# The samples: every name of their aligned paragraphs.
SAMPLE_NAMES = {
    "ex02-telegram-ru": {
        "p-ru-1": [("КНДР", "dprk"), ("Пак Кен Ок", "pak-kyong-ok"), ("ЦК ТПК", "kwp-cc"),
                   ("Москву", "moscow")],
        "p-ru-2": [("Пак Кен Ока", "pak-kyong-ok"), ("Москву", "moscow")],
        "p-en-1": [("DPRK", "dprk"), ("Pak Kyong-ok / Pak Kyong Ok", "pak-kyong-ok"),
                   ("KWP CC", "kwp-cc"), ("Moscow", "moscow"), ("Gromyko", "gromyko")],
        "p-en-2": [("Pak Kyong-ok", "pak-kyong-ok"), ("Moscow", "moscow")],
    },
    "ex03-minutes-pl": {
        "p-pl-1": [("Biura Politycznego", "political-bureau")],
        "p-pl-2": [("Nowak", "nowak"), ("Warszawy", "warsaw")],
        "p-pl-3": [("Kowalski", "kowalski")],
        "p-en-1": [("Political Bureau", "political-bureau")],
        "p-en-2": [("Nowak", "nowak"), ("Warsaw", "warsaw")],
        "p-en-3": [("Kowalski", "kowalski"), ("Political Bureau", "political-bureau")],
    },
}


def names_by_paragraph(tree: etree._ElementTree) -> dict[str, list[tuple[str, str]]]:
    out: dict[str, list[tuple[str, str]]] = {}
    for row in entity_rows(tree):
        out.setdefault(row["paragraph"], []).append((row["text"], row["ref"]))
    return out


def test_seed_names_match_the_answer_key_exactly(seed) -> None:  # type: ignore[no-untyped-def]
    found = names_by_paragraph(seed.tree)
    for paragraph, expected in SEED_NAMES.items():
        assert found.get(paragraph) == expected, paragraph  # no name missed, none invented


@pytest.mark.parametrize("name", sorted(SAMPLE_NAMES))
def test_sample_names_match_the_answer_key_exactly(name: str) -> None:
    path = shared("examples", f"{name}.txt")
    found = names_by_paragraph(teikit.convert(path.read_bytes()))
    for paragraph, expected in SAMPLE_NAMES[name].items():
        assert found.get(paragraph) == expected, paragraph


def test_precision_over_the_keys_is_total(seed) -> None:  # type: ignore[no-untyped-def]
    """Every tag in the key's paragraphs is in the key (precision 1.0), and there are many."""
    found = names_by_paragraph(seed.tree)
    tagged = [t for p in SEED_NAMES for t in found.get(p, [])]
    correct = [t for p in SEED_NAMES for t in found.get(p, []) if t in SEED_NAMES[p]]
    assert len(tagged) == len(correct) == sum(len(v) for v in SEED_NAMES.values())


def test_at_least_twenty_people_tagged_and_mao_is_one_entry(seed) -> None:  # type: ignore[no-untyped-def]
    root = seed.tree.getroot()
    people = root.findall(f".//{T}text//{T}persName[@ref]")
    assert len(people) >= 20
    mao = {(p.get("ref"), p.xpath("ancestor::*[@xml:lang][1]/@xml:lang")[0]) for p in people
           if "Мао" in all_text(p) or "Mao" in all_text(p)}
    assert mao == {("#mao-zedong", "ru"), ("#mao-zedong", "en")}
    kim = {all_text(p) for p in people if p.get("ref") == "#kim-il-sung"}
    assert {"Ким Ир Сен", "Ким Ир Сену", "Ким Ир Сена", "Kim Il Sung"} <= kim


def test_entries_are_copied_into_standoff_and_every_ref_resolves(seed) -> None:  # type: ignore[no-untyped-def]
    root = seed.tree.getroot()
    ids = {el.get(XML_ID) for el in root.iter() if el.get(XML_ID)}
    refs = {el.get("ref")[1:] for el in root.iter(f"{T}persName", f"{T}orgName", f"{T}placeName")
            if (el.get("ref") or "").startswith("#")}
    assert refs and refs <= ids
    entries = root.findall(f"{T}standOff/{T}listPerson/{T}person")
    assert {e.get(XML_ID) for e in entries} >= {"mao-zedong", "kim-il-sung", "mikoyan"}


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("Ким Ир Сеном", "ru", ["kim-il-sung"]),  # instrumental case
        ("Ким Ир Сенов", "ru", ["kim-il-sung"]),  # a genitive plural is still the name
        ("Ким сказал", "ru", []),  # a part of a name is not the name
        ("Кимура", "ru", []),
        ("пхеньянский вокзал", "ru", []),  # an adjective made from a place
        ("Пхеньяном", "ru", ["pyongyang"]),
        ("Kimball and Maoist tracts", "en", []),
        ("Moscowitz", "en", []),
        ("Mao Zedong and Mao", "en", ["mao-zedong"]),
        ("Warszawie", "pl", ["warsaw"]),
        ("Warszawski", "pl", []),
    ],
)
def test_names_are_matched_whole_never_as_near_misses(
    text: str, lang: str, expected: list[str]
) -> None:
    register = Register()
    assert [m.ident for m in register.find(text, lang)] == expected


def test_name_pattern_inflects_only_the_last_word_of_a_person() -> None:
    import re

    pattern = re.compile(name_pattern("Ким Ир Сен", "ru"))
    assert pattern.fullmatch("Ким Ир Сену")
    assert not pattern.fullmatch("Кима Ир Сен")


def test_a_user_register_replaces_teikits(tmp_path: Path) -> None:
    register = tmp_path / "register.xml"
    register.write_text(
        '<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>r'
        "</title></titleStmt><publicationStmt><p>p</p></publicationStmt><sourceDesc><p>s</p>"
        "</sourceDesc></fileDesc></teiHeader><standOff><listPerson>"
        '<person xml:id="anastas"><persName xml:lang="en">Mikoyan</persName>'
        '<persName xml:lang="ru">Микоян</persName></person></listPerson></standOff></TEI>',
        encoding="utf-8",
    )
    tree = api.convert_document(SEED_TXT.read_bytes(), register=register).tree
    refs = {el.get("ref") for el in tree.getroot().iter(f"{T}persName") if el.get("ref")}
    assert refs == {"#anastas"}
    assert valid(tree, tmp_path) == []


def test_a_register_without_entries_is_a_clear_error(tmp_path: Path) -> None:
    register = tmp_path / "empty.xml"
    register.write_text('<TEI xmlns="http://www.tei-c.org/ns/1.0"/>', encoding="utf-8")
    out = tmp_path / "x.xml"
    code, _, err = run("convert", str(SEED_TXT), "-o", str(out), "--register", str(register))
    assert code == 2 and "no person, org or place" in err and "Traceback" not in err
    assert not out.exists()


# ------------------------------------------------------------------ dates

@pytest.mark.parametrize(
    ("text", "when"),
    [
        ("Мы вылетаем 19 августа.", "1956-08-19"),
        ("Беседа состоялась 18 сентября.", "1956-09-18"),
        ("Дата: 19.IX-56 г.", "1956-09-19"),
        ("Signed on 19 September 1956.", "1956-09-19"),
        ("Отправлено 19.1X-56г.", "1956-09-19"),  # the OCR form: 1 for I
    ],
)
def test_dates_in_the_running_text_get_when_with_the_documents_year(
    text: str, when: str
) -> None:
    from teikit.enrich.textdates import tag_dates

    p = etree.Element(f"{T}p")
    p.text = text
    assert tag_dates(p, 1956) == 1
    date = p.find(f"{T}date")
    assert date is not None and date.get("when") == when
    assert "".join(p.itertext()) == text  # nothing of the text lost


def test_seed_dates_carry_when(seed) -> None:  # type: ignore[no-untyped-def]
    root = seed.tree.getroot()
    whens = {all_text(d): d.get("when") for d in root.iter(f"{T}date") if d.get("when")}
    assert whens["19 августа в 7 час."] == "1956-08-19T07:00:00"
    assert whens["19.1X-56г."] == "1956-09-19"
    assert whens["18 September"] == "1956-09-18"


# ------------------------------------------------------------------ checks

def test_seed_check_report_is_the_golden_file() -> None:
    findings, _ = api.check_file(SEED_TEI)
    golden = FIXTURES / "check" / f"{SAMPLE}.txt"
    assert "\n".join(map(describe, findings)) + "\n" == golden.read_text(encoding="utf-8"), (
        "the report changed: run `make golden`, review the diff, commit it"
    )


def test_the_sic_is_propagated_to_the_russian_date(tmp_path: Path) -> None:
    out = tmp_path / "checked.xml"
    findings, _ = api.check_file(SEED_TEI, apply=True, output=out)
    assert [f.code for f in findings].count("sic") == 1
    tree = parse_file(out)
    choice = tree.getroot().find(f".//{T}div[@type='original']//{T}date/{T}choice")
    assert choice is not None
    sic, corr = choice.find(f"{T}sic"), choice.find(f"{T}corr")
    assert sic is not None and sic.text == "19 августа" and sic.get("resp") == "#teikit"
    assert sic.get("cert") == "medium"
    assert corr is not None and corr.text == "19 сентября"
    date = choice.getparent()
    assert date.get("when") == "1956-09-19T07:00:00"  # the corrected day, the time kept
    assert all_text(date) == "19 августа19 сентября в 7 час."
    # valid, and the transcription written back is still the input
    assert valid(tree, tmp_path) == []
    assert normalised(teikit.write(tree)) == normalised(SEED_TXT.read_text("utf-8"))
    assert jing_errors(out, shared("ref", "schema", "tei_all.rng")) == []


def test_apply_twice_adds_nothing(tmp_path: Path) -> None:
    once = tmp_path / "once.xml"
    api.check_file(SEED_TEI, apply=True, output=once)
    findings, data = api.check_file(once, apply=True)
    assert "sic" not in [f.code for f in findings]
    assert data == once.read_bytes()


def test_ocr_suspects_and_spellings_are_reported(seed) -> None:  # type: ignore[no-untyped-def]
    messages = [describe(f) for f in seed.findings]
    assert any("'19.1X'" in m and "ocr" in m for m in messages)
    assert any("'УШ'" in m for m in messages)
    assert any("'Пян Дэ-жуэй'" in m and "spelling" in m for m in messages)


CHRONOLOGY = """<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt>
<title>t</title></titleStmt><publicationStmt><p>p</p></publicationStmt><sourceDesc><p>s</p>
</sourceDesc></fileDesc><profileDesc><creation><date when="1956-09-19"/></creation>
</profileDesc></teiHeader><text><body>
<p>The talks were held on <date when="1956-09-18">18 September</date>.</p>
<p>We will fly to Pyongyang on <date when="1956-08-19">19 August</date>.</p>
<p>The plenum of <date when="1956-08-30">30 August</date> expelled them.</p>
</body></text></TEI>"""


def test_a_future_act_dated_before_the_document_is_flagged() -> None:
    tree = etree.ElementTree(etree.fromstring(CHRONOLOGY))
    found = [f for f in check_document(tree) if f.code == "chronology"]
    assert len(found) == 1 and "19 August" in found[0].message  # the past plenum is fine


def test_numbers_one_side_lacks_are_reported() -> None:
    tree = teikit.convert(SEED_TXT.read_bytes())
    p = paragraphs(tree)["p-en-2"]
    p.text = (p.text or "") + " 4000 "
    findings = [
        f for f in check_document(tree) if f.code == "numbers" and f.related[1:] == ("p-en-2",)
    ]
    assert findings and "4000" in findings[0].message


def test_an_unaligned_document_says_so(tmp_path: Path) -> None:
    tree = api.convert_document(SEED_TXT.read_bytes(), enrich=False).tree
    assert [f.code for f in check_document(tree)][:1] == ["alignment"]


# ------------------------------------------------------------------ where it runs

def test_no_enrich_leaves_the_text_as_the_conventions_made_it() -> None:
    plain = api.convert_document(SEED_TXT.read_bytes(), enrich=False)
    root = plain.tree.getroot()
    assert root.find(f"{T}standOff") is None
    assert not root.xpath("//t:p[@corresp]", namespaces=NS)
    assert not root.xpath("//t:*[@ref]", namespaces=NS)
    assert plain.findings == [] and plain.enriched == {}
    assert normalised(teikit.write(plain.tree)) == normalised(SEED_TXT.read_text("utf-8"))


def test_enrichment_adds_markup_only(seed) -> None:  # type: ignore[no-untyped-def]
    """The text of every division is the same with and without enrichment."""
    plain = api.convert_document(SEED_TXT.read_bytes(), enrich=False).tree
    for a, b in zip(plain.getroot().iter(f"{T}div"), seed.tree.getroot().iter(f"{T}div"),
                    strict=True):
        assert all_text(a) == all_text(b)


def test_cli_convert_reports_enrichment_and_checks(tmp_path: Path) -> None:
    out = tmp_path / "m.xml"
    code, stdout, _ = run("convert", str(SEED_TXT), "-o", str(out), "--json")
    (report,) = json.loads(stdout)["files"]
    assert code == 0
    assert report["enriched"]["aligned"] == 23 and report["enriched"]["entries"] >= 25
    assert any(f["code"] == "sic" for f in report["findings"])
    code, stdout, _ = run("convert", str(SEED_TXT), "--no-enrich", "-o", str(tmp_path / "n.xml"),
                          "--json")
    assert code == 0 and json.loads(stdout)["files"][0]["findings"] == []


def test_cli_check_json_apply_and_usage(tmp_path: Path) -> None:
    code, stdout, _ = run("check", str(SEED_TEI), "--json")
    data = json.loads(stdout)
    assert list(data) == ["command", "files", "summary"] and data["command"] == "check"
    assert data["summary"] == {"files": 1, "ok": 1, "skipped": 0, "failed": 0}
    (report,) = data["files"]
    assert code == 0 and report["applied"] is False and report["input"] == str(SEED_TEI)
    assert {f["code"] for f in report["findings"]} >= {"sic", "ocr", "numbers", "spelling"}
    sic = next(f for f in report["findings"] if f["code"] == "sic")
    assert sic["source_line"] == 108  # the line of the transcription
    out = tmp_path / "c.xml"
    code, _, err = run("check", str(SEED_TEI), "--apply", "-o", str(out))
    assert code == 0 and out.exists() and "1 sic" in err
    code, _, err = run("check", str(SEED_TEI), "--apply", "-o", str(out))
    assert code == 2 and "--force" in err
    code, _, err = run("check", str(SEED_TEI), "-o", str(tmp_path / "d.xml"))
    assert code == 2 and not (tmp_path / "d.xml").exists()
    code, _, err = run("check", str(tmp_path / "missing.xml"))
    assert code == 2 and "Traceback" not in err


def test_cli_check_help_has_an_example() -> None:
    code, out, _ = run("check", "--help")
    assert code == 0 and "Example" in out and "teikit check" in out


def test_export_entities_json_and_csv(tmp_path: Path) -> None:
    code, stdout, _ = run("export", str(SEED_TEI), "--to", "entities")
    rows = json.loads(stdout)
    assert code == 0 and rows
    first = rows[0]
    assert set(first) == {"ref", "kind", "text", "lang", "paragraph", "entry", "line"}
    mao = [r for r in rows if r["ref"] == "mao-zedong"]
    assert {r["lang"] for r in mao} == {"ru", "en"} and {r["entry"] for r in mao} == {"Mao Zedong"}
    out = tmp_path / "names.csv"
    code, _, _ = run("export", str(SEED_TEI), "--to", "entities", "--format", "csv", "-o", str(out))
    table = list(csv.DictReader(io.StringIO(out.read_text("utf-8"))))
    assert code == 0 and len(table) == len(rows)
    assert table[0]["ref"] == first["ref"] and table[0]["paragraph"] == first["paragraph"]


def test_entities_of_any_tei_without_a_register() -> None:
    tree = etree.ElementTree(etree.fromstring(
        '<TEI xmlns="http://www.tei-c.org/ns/1.0"><text xml:lang="de"><body><p>Bei '
        '<persName key="goethe">Goethe</persName> in <placeName>Weimar</placeName>.</p>'
        "</body></text></TEI>"))
    rows = entity_rows(tree)
    assert [(r["ref"], r["text"], r["lang"], r["paragraph"]) for r in rows] == [
        ("goethe", "Goethe", "de", "p[1]"), ("", "Weimar", "de", "p[1]")]


def test_enriched_seed_is_valid_for_teikit_and_tei_all(tmp_path: Path, seed) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "seed.xml"
    out.write_bytes(serialise(seed.tree))
    assert valid(seed.tree, tmp_path) == []
    assert jing_errors(out, shared("ref", "schema", "tei_all.rng")) == []


def test_register_is_valid_tei(tmp_path: Path) -> None:
    register = ROOT / "data" / "registers" / "register.xml"
    assert valid(parse_file(register), tmp_path) == []

"""Properties: every transcription teikit accepts round-trips exactly; nothing else crashes."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import teikit
from teikit.profiles import load_profile
from teikit.xmlio import parse_bytes, serialise

EXAMPLES = int(os.environ.get("TEIKIT_FUZZ_EXAMPLES", "150"))
SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

NS = {"t": "http://www.tei-c.org/ns/1.0"}
PROFILE = load_profile()
LABELS = sorted({s.text for r in PROFILE.brackets for s in r.labels})
WORDS = sorted({s.text for r in PROFILE.brackets for s in r.words})

latin = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=1,
                max_size=9)
cyrillic = st.text(alphabet="абвгдежзийклмнопрстуфхцчшщыьэюяАБВГДЕЖЗИКЛМНОПРСТУ", min_size=1,
                   max_size=9)
word = st.one_of(latin, cyrillic, st.sampled_from(
    ["19", "August", "1956", "□", "—", "A.", "MIKOYAN", "Cde.", "“quoted”", "it's", "2-3",
     "19.1X-56г.", "September", "vystupili", "x-", "Secret", "Kim", "Il-sung", "MfS", "CC",
     "Filippov", "7 p.m.", "/Aside./", "x/", "(sp?)", "(phonetic)", "Minister", "the", "of"]
))
# Brackets whose reading depends on the text before or after them.
in_context = st.sampled_from([
    "Pak Heon-yeong [Pak Hon Yong]", "Filippov [Stalin]", "Nie [Rongzhen]", "[Anastas] Mikoyan",
    "Minister [Erich Mielke]", "[Soviet ambassador] Dobrynin", "MfS [Ministry for State Security]",
    "multilateral force [MLF]", "Central Committee [KB]", "F[oreign] M[inistry]", "BENGO[a]",
    "14.15 Uhr[1]", "8 [11] p.m.", "suppose [oppose?]", "he [was?] came", "1088/48121 [?]",
    "[?]", "22 [November]", "[1.] When", "Budapest [sic; Pyongyang]", "defending [handwritten: "
    "weakening]", "[2 names not declassified]", "[less than 1 line of source text not "
    "declassified]", "[Page 12]", "[page 3]", "[5 groups unrecovered]", "[C% suspicions]",
    "Sachkov [Saqiukefu]", "CARTHAGE [KARFAGEN]", "[Stamp: 12 March 1957]", "[…]", "[...]",
    "[Here follows a list]", "[signed, illegible]", "[[two names illegible]]", "[of the Bureau]",
    "Kim [Kim]", "A [B]", "[a] b", "x [y?]", "1 [2]", "[3]", "[i]", "A[b]", "AB[c]",
])

punct = st.sampled_from(["", "", "", ".", ",", ";", ":", "!", "?"])


@st.composite
def phrase(draw: st.DrawFn, depth: int = 0) -> str:
    parts = []
    for _ in range(draw(st.integers(1, 6))):
        choice = draw(st.integers(0, 9))
        if choice < 6 or depth > 2:
            parts.append(draw(word) + draw(punct))
        elif choice == 6:
            parts.append(f"[{draw(st.sampled_from(LABELS))}: {draw(phrase(depth + 1))}]")
        elif choice == 7:
            parts.append(f"[{draw(st.sampled_from(WORDS))}]")
        elif choice == 8:
            parts.append(f"[{draw(latin)}]")
        elif choice == 9 and draw(st.booleans()):
            parts.append(draw(in_context))
        else:
            parts.append(f"[{draw(phrase(depth + 1))}]")
    sep = draw(st.sampled_from([" ", " ", " ", "  ", "\n", "-\n", " \n"]))
    return sep.join(parts)


@st.composite
def block(draw: st.DrawFn) -> str:
    kind = draw(st.integers(0, 5))
    if kind == 0:
        letters = draw(st.lists(st.sampled_from("ЦКПСМИДABC"), min_size=3, max_size=8))
        return " ".join(letters)
    if kind == 1:
        return draw(st.sampled_from([
            "Secret", "Top Secret!", "Copy no. 2", "[to the] CPSU CC", "19 September 1956",
            "A. MIKOYAN", "Верно: Микоян", "лист 2", "(p. 1)", "[Page 7]", "Subject: A visit.",
            "Present: Cdes. A, B.", "Chairman Mao (hereafter, Chairman): Yes.", "Chairman: No.",
            "K: Hello.\nD: Hi.", "Comrade Mielke:\nWe agree.", "[1] A note.", "1. Source: X.",
            "Produced in 3 copies for:\n- Comrade A\n- Comrade B", "Pyongyang, 3 May 1957.",
            "(I. Vinogradov)", "With communist greetings", "Dear Comrade Mielke!",
            "[Handwritten note]: Seen.", "x/ Pseudonym.", "(Not yet proof read)",
            "To be seen by\nComrade Szabó F.", "Sent by wire 3 May 1957", "No. 41/1957/Top Secret.",
            "REPRODUCTION PROHIBITED", "Moscow, October 14, 1962, 7 p.m.", "16. ИХ. 56 г.",
        ]))
    lines = draw(st.lists(phrase(), min_size=1, max_size=4))
    lead = draw(st.sampled_from(["", "", " ", "\t"]))
    return lead + "\n".join(lines)


@st.composite
def transcription(draw: st.DrawFn) -> str:
    out = []
    if draw(st.booleans()):
        out.append(
            "September 19, 1956\n\nA generated document\n\nCitation:\n\n"
            '"A generated document", September 19, 1956, Wilson Center Digital Archive, GARF, '
            "Fond 1, Opis 2, Delo 3. Translated by A. Translator.\n<https://example.org/d/1>\n\n"
            f"Summary:\n\n{draw(latin)} summary.\n\nOriginal Language:\n\n"
            f"{draw(st.sampled_from(['Russian', 'Polish', 'English']))}\n\nContents:\n\n"
            f"{draw(st.sampled_from(['Original Scan', 'Translation - English']))}\n"
            "Translation - English"
        )
    for _ in range(draw(st.integers(1, 8))):
        out.append(draw(block()))
    seps = [draw(st.sampled_from(["\n\n", "\n\n", "\n\n\n", "\n\n\n\n"])) for _ in out]
    text = out[0]
    for sep, part in zip(seps[1:], out[1:], strict=True):
        text += sep + part
    return text


def round_trip(text: str, profile: str = "wilson-center") -> None:
    conversion = teikit.convert_document(text, profile=profile)
    xml = serialise(conversion.tree)
    assert teikit.write(conversion.tree) == text  # byte for byte, spacing and all
    reparsed = parse_bytes(xml)  # what was saved reads back the same
    assert teikit.write(reparsed) == text


@SETTINGS
@given(transcription())
def test_generated_transcriptions_round_trip(text: str) -> None:
    round_trip(text)


@SETTINGS
@given(transcription())
def test_generated_transcriptions_round_trip_with_the_frus_profile(text: str) -> None:
    round_trip(text, "frus")


WEB_TOP = [
    "Skip to content\n\nMay 3, 1957\n\nA web page\n\n"
    "This document was made possible with support from a Foundation",
    "Search in\n\nDigital Archive International History Declassified\n\nMay 3, 1957\n\n"
    "This document was made possible with support from a Foundation\n\n• Citation\n\n"
    "get citation\n\nA summary.\n\n"
    '"A page," May 3, 1957, History and Public Policy Program Digital Archive, GARF, '
    "f. 1. Translated by A. B.\n\n• share document\n\nEnglish HTML",
    "79. Telegram From the Embassy in Iran to the Department of State1",
]
WEB_TAIL = (
    "A summary.\n\nAssociated Topics\n\nPolish October\n\nDocument Information\n\n"
    "Source\n\nAPRF, fond 45, opis 1. Translated by A. B.\n\nRights\n\nReuse welcome."
)


@SETTINGS
@given(st.sampled_from(WEB_TOP), st.lists(block(), min_size=1, max_size=5), st.booleans())
def test_web_and_frus_layouts_round_trip(top: str, blocks: list[str], tail: bool) -> None:
    text = top + "\n\n" + "\n\n".join(blocks) + ("\n\n" + WEB_TAIL if tail else "")
    round_trip(text, "frus" if top[0].isdigit() else "wilson-center")


@st.composite
def respaced(draw: st.DrawFn, text: str) -> str:
    """``text`` as a copy from a PDF or a browser may space it: parts of the head run
    together or far apart, lines indented, spaces at line ends, CRLF line ends."""
    lines = text.split("\n")
    out: list[str] = []
    for n, line in enumerate(lines):
        if line == "" and n < 30 and draw(st.integers(0, 3)) == 0:
            continue  # two parts of the head on consecutive lines
        if line == "" and draw(st.integers(0, 4)) == 0:
            out.append("")  # two blank lines
        if line and n < 30 and draw(st.integers(0, 5)) == 0:
            line = draw(st.sampled_from(["  ", "    ", "\t"])) + line
        if draw(st.integers(0, 6)) == 0:
            line += draw(st.sampled_from([" ", "  ", "\t"]))
        out.append(line)
    eol = draw(st.sampled_from(["\n", "\n", "\r\n"]))
    return draw(st.sampled_from(["", "\n"])) + eol.join(out) + draw(st.sampled_from(["", eol]))


@SETTINGS
@given(st.sampled_from(WEB_TOP[:2]), st.lists(block(), min_size=1, max_size=4), st.booleans(),
       st.data())
def test_pages_spaced_any_way_round_trip_byte_for_byte(
    top: str, blocks: list[str], tail: bool, data: st.DataObject
) -> None:
    text = top + "\n\n" + "\n\n".join(blocks) + ("\n\n" + WEB_TAIL if tail else "")
    spaced = data.draw(respaced(text))
    round_trip(spaced)
    title = "string(//t:titleStmt/t:title[1])"
    tidy, copy = (teikit.convert(t).getroot() for t in (text, spaced))
    assert copy.xpath(title, namespaces=NS) == tidy.xpath(title, namespaces=NS)


ANY_TEXT = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cs",),
        blacklist_characters="\x00",
    ),
    max_size=300,
)


@SETTINGS
@given(ANY_TEXT, st.sampled_from(["wilson-center", "frus"]))
def test_any_text_round_trips_or_is_refused(text: str, profile: str) -> None:
    try:
        conversion = teikit.convert_document(text, profile=profile)
    except teikit.TeikitError as exc:
        assert exc.message and exc.code
        return
    assert teikit.write(conversion.tree) == text


@SETTINGS
@given(st.lists(st.sampled_from(["[", "]", "a", " ", "\n", "\n\n", "x:", "[sic]", "b "]),
                max_size=60).map("".join))
def test_bracket_soup_round_trips_or_is_refused(text: str) -> None:
    try:
        conversion = teikit.convert_document(text)
    except teikit.TeikitError as exc:
        assert exc.code == "empty"  # unbalanced brackets are recovered, never refused
        return
    assert teikit.write(conversion.tree) == text
    recovered = [d for d in conversion.diagnostics
                 if d.code in {"stray-bracket", "unclosed-bracket"}]
    try:
        teikit.convert_document(text, strict=True)
    except teikit.TeikitError as exc:  # strict refuses what was recovered, before anything else
        if recovered:
            assert exc.code == recovered[0].code and exc.line == recovered[0].line
    else:
        assert not recovered


# Pieces of every layout and convention, run together in any order: the metadata
# readers and the rules must never lose a character, whatever they are given.
PIECES = [
    "[", "]", "a", " ", "\n", "\n\n", "\n\n\n", "x:", "[sic]", "b ", "Kim ", "[Kim]", "1",
    "(1)", "x/", "/A./", "Page ", "[1] ", "1. ", "Source: ", "K: ",
    "Chairman Mao (hereafter, Chairman): ", "Secret\n", "лист 2", "(p. 3)", "[[", "]]",
    "F[o]", "MfS [M S]", ":", "Skip to content\n\n",
    "This document was made possible with support from X\n\n", "Source\n\n",
    "Rights\n\n", "12. T1\n\n", "Associated Topics\n\n", "March 3, 1957\n\n",
    "Citation:\n\n", '"T," May 1, 1950, X Archive, GARF. Translated by Y.\n\n',
    "• Citation\n\n", "Document Information\n\n", "x/ note\n\n", "(1) note\n\n",
    "[2] n\n\n", "1. Source: s\n\n", "Time: 3\n", "Present: A\n\n",
]


@SETTINGS
@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join),
       st.sampled_from(["wilson-center", "frus"]))
def test_pieces_of_every_layout_round_trip_or_are_refused(text: str, profile: str) -> None:
    try:
        conversion = teikit.convert_document(text, profile=profile)
    except teikit.TeikitError as exc:
        assert exc.code == "empty"  # unbalanced brackets are recovered, never refused
        return
    assert teikit.write(conversion.tree) == text

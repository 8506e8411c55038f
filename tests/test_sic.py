"""The [sic] correction is inferred from each document's own dates, never invented."""

from __future__ import annotations

import pytest
from lxml import etree

import teikit

NS = {"t": "http://www.tei-c.org/ns/1.0"}


def document(date_line: str, body: str, closer: str = "") -> str:
    return (
        f"{date_line}\n\nA document\n\nCitation:\n\n\"A document\", {date_line}, Wilson Center "
        "Digital Archive, GARF, Fond 1, Opis 1, Delo 1. Translated by T. Translator.\n\n"
        "Original Language:\n\nRussian\n\nContents:\n\nTranslation - English\n\n"
        f"{body}\n\n{closer}".rstrip("\n")
    )


def sics(text: str) -> list[tuple[str, str | None, str | None, str | None]]:
    root = teikit.convert(text).getroot()
    out = []
    for sic in root.iterfind(".//t:sic", NS):
        parent = sic.getparent()
        assert parent is not None
        corr = parent.find("t:corr", NS) if parent.tag == f"{{{NS['t']}}}choice" else None
        when = parent.getparent().get("when") if corr is not None else None  # type: ignore[union-attr]
        out.append(
            (
                sic.text or "",
                corr.text if corr is not None else None,
                when,
                corr.get("cert") if corr is not None else None,
            )
        )
    return out


BODY = "The delegation reported on the talks and the plans of the ministry for the coming year."


@pytest.mark.parametrize(
    ("date_line", "sentence", "expected"),
    [
        # month wrong: the departure is dated to the document's own day
        ("September 19, 1956", "We fly to Pyongyang on 19 August [SIC] at 7 A. M.",
         ("19 August", "19 September", "1956-09-19", "medium")),
        # another document, another month
        ("March 3, 1957", "The delegation leaves on 3 May [sic] as agreed.",
         ("3 May", "3 March", "1957-03-03", "medium")),
        # year wrong
        ("October 2, 1956", "The letter of 2 October 1965 [sic] was answered at once.",
         ("2 October 1965", "2 October 1956", "1956-10-02", "medium")),
        # day wrong
        ("June 5, 1960", "We arrive on 25 June [sic] in the morning.",
         ("25 June", "5 June", "1960-06-05", "medium")),
        # written date form kept: American order
        ("April 14, 1958", "The session of April 14, 1985 [sic] was postponed.",
         ("April 14, 1985", "April 14, 1958", "1958-04-14", "medium")),
    ],
)
def test_correction_inferred(date_line: str, sentence: str, expected: tuple[str, ...]) -> None:
    assert sics(document(date_line, f"{BODY} {sentence}")) == [expected]


@pytest.mark.parametrize(
    ("date_line", "sentence", "sic"),
    [
        # plausible as written (a week after the document): nothing to infer
        ("April 14, 1958", "The delegation would return to Warsaw on 20 April [sic].", "20 April"),
        # more than one field differs from every document date
        ("March 3, 1957", "The hall was finished on 1 February [sic] as he said.", "1 February"),
        # not a date: the word before the mark
        ("March 3, 1957", "The director of the Hamhun [sic] plant spoke.", "Hamhun"),
    ],
)
def test_nothing_inferred_gives_a_bare_sic(date_line: str, sentence: str, sic: str) -> None:
    assert sics(document(date_line, f"{BODY} {sentence}")) == [(sic, None, None, None)]


def test_no_document_date_gives_a_bare_sic() -> None:
    text = f"{BODY} They left on 19 August [SIC] at dawn."
    assert sics(text) == [("19 August", None, None, None)]


def test_dateline_is_a_document_date_too() -> None:
    text = f"{BODY} They left on 2 July [sic] at dawn.\n\n2 June 1950\n\nI. IVANOV"
    assert sics(text) == [("2 July", "2 June", "1950-06-02", "medium")]


def test_correction_is_not_written_back() -> None:
    text = document("September 19, 1956", f"{BODY} We fly on 19 August [SIC] at 7.")
    tree = teikit.convert(text)
    assert "19 August [SIC]" in teikit.write(tree)
    assert "19 September [SIC]" not in teikit.write(tree)
    assert etree.tostring(tree).count(b"<corr") == 1

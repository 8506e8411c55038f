"""Aligning the original and the translation, paragraph by paragraph.

A length-based alignment (in the manner of Gale and Church) by dynamic
programming over the two sequences of paragraphs: the lengths of a pair, scaled
by the ratio of the two texts' total lengths, should agree; beads of one
paragraph to one cost least, one to two and two to one a little more, and a
paragraph left alone much more.  Anchors shared by both sides (numbers, dates)
lower the cost of a pair.  Only a band around the diagonal is searched, so
the time grows linearly with the number of paragraphs.  The result is written
as ``@corresp`` on both sides.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from lxml import etree

from .. import dates
from ..tei import XML_ID, XML_LANG, all_text, tei
from .register import locate, wrap_range

# bead shapes (original paragraphs, translation paragraphs) and their prior costs
BEADS: dict[tuple[int, int], float] = {
    (1, 1): 0.0,
    (2, 1): 2.5,
    (1, 2): 2.5,
    (1, 0): 6.0,
    (0, 1): 6.0,
}
_NUMBER = re.compile(r"(?<![\w.])(\d+(?:[.,]\d+)?)(?:st|nd|rd|th|-?[йяеогм]{1,2})?(?![\w])")
_ENGLISH_NUMBERS = "zero one two three four five six seven eight nine ten eleven twelve"
# number words, so that "two or three days" meets "2-3 дня" and "сто процентов" meets "100%"
NUMBER_WORDS: dict[str, str] = {
    **{w: str(i) for i, w in enumerate(_ENGLISH_NUMBERS.split())},
    "twenty": "20", "thirty": "30", "hundred": "100",
    **{w: n for n, words in {
        "1": "один одна одно одного одной", "2": "два две двух двумя", "3": "три трех трёх тремя",
        "4": "четыре четырех четырёх", "5": "пять пяти", "6": "шесть шести", "7": "семь семи",
        "8": "восемь восьми", "9": "девять девяти", "10": "десять десяти",
        "20": "двадцать двадцати", "30": "тридцать тридцати", "100": "сто ста",
    }.items() for w in words.split()},
}
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Bead:
    """Paragraphs of the original and of the translation that say the same."""

    original: tuple[int, ...]
    translation: tuple[int, ...]


def hour(number: str) -> str | None:
    """The hour of a 24-hour time written as four digits (``1800`` is 18), else None."""
    if len(number) == 4 and number.isdigit() and number.endswith("00") and int(number) <= 2400:
        return str(int(number[:2]))
    return None


@functools.lru_cache(maxsize=4096)
def anchors(text: str, year: int | None = None) -> frozenset[str]:
    """The numbers and dates of a paragraph, comparable across languages."""
    found_dates = dates.find_dates(text, year)
    found = {d.value.iso() for d in found_dates}
    for d in found_dates:
        text = text[: d.start] + " " * (d.end - d.start) + text[d.end :]
    found |= {NUMBER_WORDS[w.lower()] for w in _WORD.findall(text) if w.lower() in NUMBER_WORDS}
    for m in _NUMBER.finditer(text):
        number = m.group(1).replace(",", ".")
        found.add(number)
        if hour(number):
            found.add(str(hour(number)))  # 1800 (hours) is 18 too
    return frozenset(found)


def align(
    original: Sequence[str], translation: Sequence[str], year: int | None = None
) -> list[Bead]:
    """The cheapest alignment of two sequences of paragraph texts."""
    n, m = len(original), len(translation)
    if n == 0 or m == 0 or max(n, m) > 2 * min(n, m) + 10:
        return []  # beads join at most two paragraphs: these texts are not paragraph-parallel
    ratio = sum(map(len, translation)) / max(1, sum(map(len, original)))
    a_orig = [anchors(t, year) for t in original]
    a_tr = [anchors(t, year) for t in translation]
    # Only cells near the proportional diagonal are visited: a band as wide as the
    # difference of the two counts (up to 50) and some, so the time stays linear.
    width = 10 + min(abs(n - m), 50)
    cost: dict[tuple[int, int], float] = {(0, 0): 0.0}
    back: dict[tuple[int, int], tuple[int, int]] = {}
    for i in range(n + 1):
        centre = i * m / n
        for j in range(max(0, math.floor(centre) - width), min(m, math.ceil(centre) + width) + 1):
            here = cost.get((i, j))
            if here is None:
                continue
            for (a, b), prior in BEADS.items():
                if i + a > n or j + b > m:
                    continue
                step = prior + _pair_cost(
                    original[i : i + a], translation[j : j + b], ratio,
                    set().union(*a_orig[i : i + a]), set().union(*a_tr[j : j + b]),
                )
                target = (i + a, j + b)
                if here + step < cost.get(target, math.inf):
                    cost[target] = here + step
                    back[target] = (a, b)
    beads: list[Bead] = []
    i, j = n, m
    while i or j:
        if (i, j) not in back:
            return []  # the end lies outside the band: no alignment rather than a poor one
        a, b = back[(i, j)]
        beads.append(Bead(tuple(range(i - a, i)), tuple(range(j - b, j))))
        i, j = i - a, j - b
    return beads[::-1]


def _pair_cost(
    orig: Sequence[str], trans: Sequence[str], ratio: float, a1: set[str], a2: set[str]
) -> float:
    if not orig or not trans:
        return 0.0
    l1 = sum(map(len, orig)) * ratio
    l2 = sum(map(len, trans))
    mean = (l1 + l2) / 2
    # the difference of lengths, in units of the spread expected for texts this long
    deviation = abs(l1 - l2) / math.sqrt(max(mean, 1.0) * 6.8)
    shared = len(a1 & a2)
    missing = len(a1 ^ a2)
    return deviation * deviation / 2 - 1.5 * shared + 0.5 * min(missing, 4)


def align_divisions(text: etree._Element, year: int | None = None) -> list[Bead]:
    """Align the paragraphs of the original and translation ``div``s; write ``@corresp``.

    Paragraphs get ``xml:id``s (``p-LANG-N``) where they have none.  Returns
    the beads (empty when the document has not both divisions).
    """
    originals = text.findall(f".//{tei('div')}[@type='original']")
    translations = text.findall(f".//{tei('div')}[@type='translation']")
    if len(originals) != 1 or len(translations) != 1:
        return []
    sides = []
    for div in (originals[0], translations[0]):
        lang = div.get(XML_LANG) or "und"
        paragraphs = div.findall(tei("p"))
        for n, p in enumerate(paragraphs, start=1):
            if not p.get(XML_ID):
                p.set(XML_ID, f"p-{lang}-{n}")
        sides.append(paragraphs)
    beads = align([all_text(p) for p in sides[0]], [all_text(p) for p in sides[1]], year)
    for bead in beads:
        if not bead.original or not bead.translation:
            continue
        left = [sides[0][i] for i in bead.original]
        right = [sides[1][j] for j in bead.translation]
        for p in left:
            p.set("corresp", " ".join(f"#{q.get(XML_ID)}" for q in right))
        for p in right:
            p.set("corresp", " ".join(f"#{q.get(XML_ID)}" for q in left))
    return beads


# ---------------------------------------------------------------------------- sentences

# words after which a full stop does not end a sentence (titles, units, initials)
_NO_END = frozenset([
    "cde", "cdes", "comrade", "mr", "mrs", "dr", "st", "no", "nos", "p", "pp", "vol", "ch",
    "art", "gen", "col", "tov", "тов", "тт", "т", "г", "гг", "см", "стр", "ср", "др", "пр",
    "им", "ул",
])
_END = re.compile(r"[.!?…][\"»”’)]*(?=\s+[\"«“„(]?[A-ZА-ЯЁ0-9])")
_TOKEN_BEFORE = re.compile(r"([^\W\d_]+|\d+)[.!?…]?$")
_BREAK_TAGS = {tei("lb"), tei("pb")}


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """The sentences of a paragraph's text as (start, end) offsets, spaces left out.

    A sentence ends at ``.``, ``!``, ``?`` or ``…`` (and closing quotes) before a
    space and a capital letter or a number, except after a title, an
    abbreviation or an initial (``Cde.``, ``тов.``, ``A.``).
    """
    spans: list[tuple[int, int]] = []
    start = len(text) - len(text.lstrip())
    for m in _END.finditer(text):
        if m.group()[0] == ".":
            word = _TOKEN_BEFORE.search(text, 0, m.start() + 1)
            token = word.group(1).lower() if word else ""
            if not token or token in _NO_END or (len(token) == 1 and token.isalpha()):
                continue
        if m.end() <= start:
            continue
        spans.append((start, m.end()))
        start = m.end() + len(text[m.end() :]) - len(text[m.end() :].lstrip())
    end = len(text.rstrip())
    if start < end:
        spans.append((start, end))
    return spans


def _pieces(p: etree._Element) -> list[tuple[etree._Element | None, str, bool]]:
    """The flat text of a paragraph in pieces, a line or page break counting as a space."""
    pieces: list[tuple[etree._Element | None, str, bool]] = [(None, p.text or "", True)]
    for child in p:
        if isinstance(child.tag, str):
            pieces.append((child, " " if child.tag in _BREAK_TAGS else all_text(child), False))
        pieces.append((child, child.tail or "", True))
    return pieces


def _wrappable(pieces: list[tuple[etree._Element | None, str, bool]],
               spans: list[tuple[int, int]]) -> bool:
    return all(
        locate(pieces, a, False) is not None and locate(pieces, b, True) is not None
        for a, b in spans
    )


def align_sentences(left: etree._Element, right: etree._Element) -> int:
    """Pair the sentences of two aligned paragraphs when both split the same way.

    Both must have the same number of sentences (two or more), of comparable
    lengths, each beginning and ending in the paragraph's own text (not inside
    an addition or a name); then each sentence becomes ``s`` with an ``xml:id``
    (the paragraph's, ``-s1``, ``-s2``…) and ``@corresp`` pointing to its
    partner.  Returns the number of pairs (0 when the paragraphs are left alone).
    """
    sides = []
    for p in (left, right):
        if p.find(tei("s")) is not None or not p.get(XML_ID):
            return 0
        pieces = _pieces(p)
        flat = "".join(text for _, text, _ in pieces)
        sides.append((p, pieces, flat, sentence_spans(flat)))
    (_, _, flat1, spans1), (_, _, flat2, spans2) = sides
    if len(spans1) != len(spans2) or len(spans1) < 2:
        return 0
    ratio = len(flat2) / max(1, len(flat1))
    for (a1, b1), (a2, b2) in zip(spans1, spans2, strict=True):
        scaled = (b1 - a1) * ratio
        if not 0.4 <= (b2 - a2) / max(1.0, scaled) <= 2.5:
            return 0  # the same count, but not the same sentences
    if not all(_wrappable(pieces, spans) for _, pieces, _, spans in sides):
        return 0
    ids = [[f"{p.get(XML_ID)}-s{k}" for k in range(1, len(spans1) + 1)] for p, *_ in sides]
    for side, (p, pieces, _, spans) in enumerate(sides):
        other = ids[1 - side]
        for k in range(len(spans) - 1, -1, -1):  # from the last: earlier offsets stay right
            s = etree.Element(tei("s"))
            s.set(XML_ID, ids[side][k])
            s.set("corresp", f"#{other[k]}")
            wrap_range(p, pieces, spans[k][0], spans[k][1], s)
    return len(spans1)


def one_to_one(text: etree._Element) -> list[tuple[etree._Element, etree._Element]]:
    """The pairs of paragraphs aligned one to one (original, translation)."""
    ids = {str(p.get(XML_ID)): p for p in text.iter(tei("p")) if p.get(XML_ID)}
    pairs = []
    for div in text.iter(tei("div")):
        if div.get("type") != "original":
            continue
        for p in div.iter(tei("p")):
            targets = (p.get("corresp") or "").split()
            if len(targets) != 1 or targets[0][1:] not in ids:
                continue
            partner = ids[targets[0][1:]]
            if (partner.get("corresp") or "") == f"#{p.get(XML_ID)}":
                pairs.append((p, partner))
    return pairs

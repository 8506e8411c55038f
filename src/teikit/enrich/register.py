"""A register of people, bodies and places, and tagging their names in both languages.

The register is TEI (``listPerson``, ``listOrg``, ``listPlace`` in ``standOff``),
each entry with its names in English and in the original languages, spelling
variants included (``data/registers/register.xml``).  Names are found in the
text as whole words; in Russian (and other Cyrillic languages) the last word of
a name may carry a case ending (Ким Ир Сену, Ким Ир Сеном, Пхеньяне, Кореи).
A name is tagged only when all of its words are there: "Ким" alone, or an
adjective made from a name ("пхеньянский"), is not a match.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from lxml import etree

from ..errors import TeikitError
from ..languages import SCRIPTS
from ..tei import XML_ID, XML_LANG, all_text, choice_reading, line_of, set_line, tei
from ..xmlio import parse_file

KINDS = {"person": "persName", "org": "orgName", "place": "placeName"}
_HERE = Path(__file__).resolve().parent.parent  # the teikit package
# the installed package's copy first, else the project's data folder
DEFAULT = next(
    (
        p
        for p in (_HERE / "data" / "registers" / "register.xml",
                  _HERE.parent.parent / "data" / "registers" / "register.xml")
        if p.is_file()
    ),
    _HERE.parent.parent / "data" / "registers" / "register.xml",
)
# Russian case endings that may follow the stem of a name's last word
_CONSONANT_ENDINGS: tuple[str, ...] = ("", "а", "у", "ом", "е", "ы", "ов", "ам", "ами", "ах")
_A_ENDINGS: tuple[str, ...] = (
    "а", "я", "ы", "и", "е", "у", "ю", "ой", "ою", "ей", "ам", "ами", "ах",
)
_SOFT_ENDINGS: tuple[str, ...] = ("й", "ь", "я", "ю", "ем", "ём", "е", "и", "ям", "ями", "ях")


@dataclass
class Entry:
    """One person, body or place and the names it goes by."""

    ident: str
    kind: str
    names: list[tuple[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class Mention:
    """A name found in a text: where, which entry."""

    start: int
    end: int
    ident: str
    kind: str


_ADJECTIVE = re.compile(r"(?:ая|яя|ый|ий|ой|ое|ее)$")
_ADJECTIVE_ENDINGS = ("ая", "ой", "ую", "ою", "ей", "ый", "ий", "ого", "его", "ому", "ему",
                      "ым", "им", "ом", "ем", "ое", "ее", "ые", "ие", "ых", "их", "ыми", "ими")


# Polish case endings: nouns in -a (Warszawa, Warszawy, Warszawie, Warszawę) and
# nouns ending in a consonant (Nowak, Nowaka, Nowakowi, Nowakiem)
_POLISH_A_ENDINGS: tuple[str, ...] = ("a", "y", "i", "ie", "ę", "ą", "o")
_POLISH_CONSONANT_ENDINGS: tuple[str, ...] = ("", "a", "owi", "em", "iem", "ie", "u", "y")


def _alternatives(endings: tuple[str, ...]) -> str:
    return "|".join(re.escape(e) for e in sorted(endings, key=len, reverse=True))


def _polish_pattern(word: str) -> str:
    if word.isupper() or not word[-1:].isalpha():
        return re.escape(word)
    if word[-1] == "a":
        return f"{re.escape(word[:-1])}(?:{_alternatives(_POLISH_A_ENDINGS)})"
    if word[-1].lower() in "bcdfghjklłmnprstwz":
        return f"{re.escape(word)}(?:{_alternatives(_POLISH_CONSONANT_ENDINGS)})"
    return re.escape(word)


def _word_pattern(word: str, inflect: bool | str) -> str:
    if inflect == "pl":
        return _polish_pattern(word)
    if not inflect or not re.search("[а-яёА-ЯЁ]", word) or word.isupper():
        return re.escape(word)
    if _ADJECTIVE.search(word) and "-" not in word:
        alternatives = "|".join(sorted(_ADJECTIVE_ENDINGS, key=len, reverse=True))
        return f"{re.escape(word[:-2])}(?:{alternatives})"
    head, _, last = word.rpartition("-")
    prefix = re.escape(head + "-") if head else ""
    low = last[-1:].lower()
    if low in "ая":
        stem, endings = last[:-1], _A_ENDINGS
    elif low in "йь":
        stem, endings = last[:-1], _SOFT_ENDINGS
    elif low in "оеиуыю":  # indeclinable (Мао, Шао-ци, У)
        return re.escape(word)
    else:
        stem, endings = last, _CONSONANT_ENDINGS
    alternatives = "|".join(re.escape(e) for e in sorted(endings, key=len, reverse=True))
    return f"{prefix}{re.escape(stem)}(?:{alternatives})"


def name_pattern(name: str, lang: str, every_word: bool = False) -> str:
    """A regular expression for ``name`` in running text of language ``lang``.

    In a Cyrillic language (and in Polish) the last word may take a case ending; with
    ``every_word`` (names of bodies and places: Трудовая партия Кореи) every
    word may.
    """
    base = lang.split("-")[0]
    inflect: bool | str = "pl" if base == "pl" else SCRIPTS.get(base) == "Cyrl"
    words = name.split()
    parts = [_word_pattern(w, inflect) if every_word else re.escape(w) for w in words[:-1]]
    parts.append(_word_pattern(words[-1], inflect))
    return r"\s+".join(parts)


class Register:
    """The entries of a register file, and a matcher for each language."""

    def __init__(self, path: str | Path = DEFAULT) -> None:
        self.path = str(path)
        tree = parse_file(path)
        self.entries: dict[str, Entry] = {}
        self._elements: dict[str, etree._Element] = {}
        for kind, name_tag in KINDS.items():
            for item in tree.getroot().iter(tei(kind)):
                ident = item.get(XML_ID)
                if not ident:
                    continue
                entry = Entry(ident, kind)
                for name in item.iter(tei(name_tag)):
                    text = " ".join(all_text(name).split())
                    lang = name.get(XML_LANG) or "en"
                    if text:
                        entry.names.append((lang, text))
                self.entries[ident] = entry
                self._elements[ident] = item
        if not self.entries:
            raise TeikitError("no person, org or place with an xml:id", path=self.path,
                              code="register")
        self._matchers: dict[str, tuple[re.Pattern[str], list[tuple[str, str]]]] = {}

    def element(self, ident: str) -> etree._Element:
        """A copy of the entry's TEI element (``person``, ``org``, ``place``)."""
        entry = copy.deepcopy(self._elements[ident])
        for el in entry.iter():  # no lines of the register file in the document
            el.sourceline = 0  # type: ignore[assignment]
        return entry

    def matcher(self, lang: str) -> tuple[re.Pattern[str], list[tuple[str, str]]]:
        """One regex for all names usable in ``lang`` (longest first) and its groups' entries."""
        base = lang.split("-")[0]
        if base in self._matchers:
            return self._matchers[base]
        names: list[tuple[str, str, str]] = []  # (name, ident, kind)
        for entry in self.entries.values():
            for name_lang, text in entry.names:
                same_script = SCRIPTS.get(name_lang.split("-")[0], "Latn") == SCRIPTS.get(
                    base, "Latn"
                )
                if name_lang.split("-")[0] == base or (same_script and base != "en"
                                                      and name_lang != "en"):
                    names.append((text, entry.ident, entry.kind))
        names.sort(key=lambda n: -len(n[0]))
        groups = []
        targets: list[tuple[str, str]] = []
        for i, (text, ident, kind) in enumerate(names):
            groups.append(f"(?P<n{i}>{name_pattern(text, base, kind != 'person')})")
            targets.append((ident, kind))
        pattern = re.compile(r"(?<![\w-])(?:" + "|".join(groups) + r")(?![\w-])") if groups \
            else re.compile(r"(?!x)x")
        self._matchers[base] = (pattern, targets)
        return pattern, targets

    def find(self, text: str, lang: str) -> Iterator[Mention]:
        """The names of the register in ``text``, left to right."""
        pattern, targets = self.matcher(lang)
        for m in pattern.finditer(text):
            group = m.lastgroup
            if group is None:
                continue
            ident, kind = targets[int(group[1:])]
            yield Mention(m.start(), m.end(), ident, kind)


@cache
def load_register(path: str = str(DEFAULT)) -> Register:
    """The register at ``path`` (teikit's own by default), read once per process."""
    return Register(path)


_SKIP = {tei(n) for n in ("persName", "orgName", "placeName", "rs", "date", "idno", "foreign",
                           "hi", "gap", "corr", "expan", "reg", "choice", "lem", "label", "fw")}
# elements a name may run through (wrapped whole): supplied words, the lines of a name
_INSIDE_OK = {tei("supplied"), tei("lb")}


def tag_names(container: etree._Element, register: Register, lang: str) -> int:
    """Wrap the register's names found in the text of ``container`` (in place); how many.

    A name is matched in the text of one element with the supplied words and
    line breaks inside it (``Nie <supplied>Rongzhen</supplied>``); it is never
    tagged inside another name, a date, a note or an apparatus, and never
    crosses into another element.
    """
    count = 0
    for el in list(container.iter()):
        if not isinstance(el.tag, str) or _inside(el, _SKIP, container):
            continue
        if el.tag in _NAMES:
            count += _link(el, register, lang)
        elif el.tag not in _SKIP:
            count += _wrap_in(el, register, lang)
    return count


_NAMES = {tei(n) for n in KINDS.values()}


def _link(el: etree._Element, register: Register, lang: str) -> int:
    """Give a name the conventions made (``Nie [Rongzhen]``) the ``@ref`` of its entry.

    Only when the whole name is one name of the register, of the same kind.
    """
    if el.get("ref") or el.get("key"):
        return 0
    choice = el.find(f".//{tei('choice')}")
    readings = len(choice) if choice is not None else 1
    for i in range(readings):  # a name in two spellings: either may be the register's
        text = " ".join(choice_reading(el, choice, i).split())
        found = list(register.find(text, lang))
        if len(found) != 1 or (found[0].start, found[0].end) != (0, len(text)):
            continue
        if tei(KINDS[found[0].kind]) != el.tag:
            continue
        el.set("ref", f"#{found[0].ident}")
        return 1
    return 0


def _inside(el: etree._Element, names: set[str], top: etree._Element) -> bool:
    cur = el.getparent()
    while cur is not None and cur is not top:
        if cur.tag in names:
            return True
        cur = cur.getparent()
    return False


def _wrap_in(parent: etree._Element, register: Register, lang: str) -> int:
    """Wrap names in ``parent``'s own text, its tails and its supplied children."""
    # the flat text, with where each piece comes from: None (parent.text) or a child
    pieces: list[tuple[etree._Element | None, str, bool]] = [(None, parent.text or "", True)]
    for child in parent:
        if not isinstance(child.tag, str):
            pieces.append((child, "", False))
        elif child.tag in _INSIDE_OK:
            pieces.append((child, all_text(child) if child.tag != tei("lb") else " ", False))
        else:
            pieces.append((child, "\x00", False))  # an element names never cross
        pieces.append((child, child.tail or "", True))
    flat = "".join(text for _, text, _ in pieces)
    mentions = [m for m in register.find(flat, lang) if "\x00" not in flat[m.start : m.end]]
    for mention in reversed(mentions):  # from the end: earlier offsets stay right
        wrapper = etree.Element(tei(KINDS[mention.kind]))
        wrapper.set("ref", f"#{mention.ident}")
        wrap_range(parent, pieces, mention.start, mention.end, wrapper)
    return len(mentions)


Pieces = list[tuple[etree._Element | None, str, bool]]


def locate(pieces: Pieces, at: int, end: bool) -> tuple[etree._Element | None, int] | None:
    """The text piece (its owner) and the offset in it where the flat offset ``at`` falls.

    An ``end`` may fall at the end of a text; a start may too when an element
    follows (a range may begin with an element).  None when ``at`` is inside an
    element's text.
    """
    spans = []
    pos = 0
    for owner, text, is_text in pieces:
        spans.append((pos, pos + len(text), owner, is_text))
        pos += len(text)
    for a, b, owner, is_text in spans:
        if is_text and (a <= at < b or (end and a < at <= b)):
            return owner, at - a
    if not end:
        for a, b, owner, is_text in spans:
            if is_text and at == b:
                return owner, at - a
    return None


def wrap_range(
    parent: etree._Element, pieces: Pieces, start: int, end: int, wrapper: etree._Element
) -> bool:
    """Wrap the content of ``parent`` between two offsets of its flat text in ``wrapper``.

    ``pieces`` are the flat text's parts in order: (owner, text, is_text), where
    ``owner`` is None for ``parent.text``, a child for its tail (``is_text``) or for
    the child itself.  Both offsets must fall in text (never inside a child); ranges
    are wrapped from the last to the first.  False (nothing changed) when they do not.
    """
    first = locate(pieces, start, False)
    last = locate(pieces, end, True)
    if first is None or last is None:
        return False
    (first_owner, first_at), (last_owner, last_at) = first, last
    children = list(parent)
    first_index = 0 if first_owner is None else children.index(first_owner) + 1
    last_index = 0 if last_owner is None else children.index(last_owner) + 1
    # text before the name stays; the name's first text goes into the wrapper
    if first_owner is None:
        head = parent.text or ""
        parent.text = head[:first_at]
    else:
        head = first_owner.tail or ""
        first_owner.tail = head[:first_at]
    if first_owner is last_owner:
        wrapper.text = head[first_at:last_at]
        wrapper.tail = head[last_at:]
    else:
        wrapper.text = head[first_at:]
        moved = children[first_index:last_index]
        for child in moved:
            wrapper.append(child)  # moves it, with its tail
        assert last_owner is not None
        tail = last_owner.tail or ""
        last_owner.tail = tail[:last_at]
        wrapper.tail = tail[last_at:]
    parent.insert(first_index, wrapper)
    line = line_of(parent) if first_owner is None else line_of(first_owner)
    if line is not None:
        set_line(wrapper, line)
    return True


_LISTS = {"person": "listPerson", "org": "listOrg", "place": "listPlace"}
_NAME_TAGS = {tei(n) for n in KINDS.values()}


def attach_register(tree: etree._ElementTree, register: Register) -> int:
    """Copy the register entries the document's names point to into its ``standOff``.

    The lists go into the document's ``standOff`` (made before ``text`` when
    there is none), marked ``resp="#teikit"``; how many entries were copied.
    An entry whose ``xml:id`` the document already uses for something else is
    not copied, and the names pointing to it lose their ``@ref``.
    """
    root = tree.getroot()
    text = root.find(tei("text"))
    if text is None:
        return 0
    taken = {str(i) for el in root.iter() if (i := el.get(XML_ID))}
    wanted: list[str] = []
    for el in text.iter(*_NAME_TAGS):
        ref = el.get("ref") or ""
        ident = ref[1:] if ref.startswith("#") else ""
        if ident not in register.entries:
            continue
        if ident in taken:
            del el.attrib["ref"]  # the document's own id: not the register's entry
        elif ident not in wanted:
            wanted.append(ident)
    if not wanted:
        return 0
    stand_off = root.find(tei("standOff"))
    if stand_off is None:
        stand_off = etree.Element(tei("standOff"))
        text.addprevious(stand_off)
    lists: dict[str, etree._Element] = {}
    for kind in _LISTS:  # persons, then bodies, then places
        for ident in wanted:
            entry = register.entries[ident]
            if entry.kind != kind:
                continue
            if kind not in lists:
                lists[kind] = etree.SubElement(stand_off, tei(_LISTS[kind]))
                lists[kind].set("resp", "#teikit")
            lists[kind].append(register.element(ident))
    return len(wanted)

"""Small, named, generic matchers that the rules of a profile refer to by name.

A rule says *what* must hold around a bracket as data (``shape = { words = [1, 3] }``,
``context = { before = "capitalised-name", relation = "romanisation" }``,
``extent = "name"``); this module says *how* each named test is made.  Every
test is generic (a word class, a relation between two strings, a stretch of
text before or after a bracket) and knows nothing of any one document.

- word tests (``WORD_TESTS``): is a word a function word, a title, a
  capitalised name, a number, an acronym, a month, pinyin ...;
- shape tests (``check_shape``): the bracket's content as a whole;
- context tests (``check_context``): what stands before and after the bracket
  on its line, whether it is glued to a word, the region it is in;
- extent finders (``EXTENTS``, ``EXTENTS_AFTER``): the stretch of text a bracket
  is about (the date before ``[sic]``, the name before ``[Stalin]``, the
  letters before ``[oreign]``);
- relations (``RELATIONS``): between that stretch and the bracket's content
  (romanisation variants, acronym and expansion, a similar spelling).

Word tests live in :mod:`.word_tests` and relations in :mod:`.relations`; both
are re-exported here, so that a rule's every named test can be found from this
module.  :func:`check_rule` refuses a rule naming a test that does not exist
(the loader calls it on every rule it compiles).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .. import dates, languages
from ..errors import TeikitError
from .model import Profile, Rule
from .relations import RELATIONS, Relation, acronym_of
from .word_tests import (
    WORD_TESTS,
    WordTest,
    is_acronym,
    is_name_word,
    is_pinyin,
    is_word,
    word_test,
)

__all__ = [
    "EXTENTS",
    "EXTENTS_AFTER",
    "LINE_TESTS",
    "RELATIONS",
    "WORD_TESTS",
    "ExtentFinder",
    "LineTest",
    "Relation",
    "Site",
    "Span",
    "WordTest",
    "check_context",
    "check_rule",
    "check_shape",
    "is_pinyin",
    "line_test",
    "word_test",
]

_TOKEN_BEFORE = re.compile(r"(\S+)$")
_TOKEN_AFTER = re.compile(r"^(\S+)")


@dataclass(kw_only=True)
class Site:
    """Where a bracket stands: the text around it, and what the document knows."""

    text: str
    start: int  # the '['
    end: int  # the ']'
    content_start: int
    content_end: int
    line_start: int
    line_end: int
    ctx: tuple[str, ...]
    profile: Profile
    lang: str = "und"
    section: str = ""  # the kind of section the bracket is in (original, translation)
    notes: frozenset[str] = frozenset()
    limit_before: int = 0
    limit_after: int = 0
    extras: dict[str, Any] = field(default_factory=dict)

    @property
    def content(self) -> str:
        """The text inside the brackets."""
        return self.text[self.start + 1 : self.end]

    @property
    def before(self) -> str:
        """The text before the bracket on its line (from where text may be taken)."""
        return self.text[max(self.line_start, self.limit_before) : self.start]

    @property
    def after(self) -> str:
        """The text after the bracket on its line (up to where text may be taken)."""
        return self.text[self.end + 1 : min(self.line_end, self.limit_after)]


def _words(content: str) -> list[str]:
    return content.split()


# ---------------------------------------------------------------------------- shape


def check_shape(shape: Mapping[str, Any], site: Site, content: str, nested: bool) -> bool:
    """Does the bracket's ``content`` have the ``shape`` the rule asks for?"""
    profile = site.profile
    if nested and not shape.get("nested"):
        return False
    words = _words(content)
    if not shape.get("reserved") and (
        content.lower() in profile.reserved_words
        or any(w.lower().strip(",.;") in profile.reserved_words for w in words)
    ):
        return False
    if shape.get("standalone"):
        before = site.text[site.start - 1] if site.start > 0 else " "
        after = site.text[site.end + 1] if site.end + 1 < len(site.text) else " "
        if before.isalnum() or after.isalnum():
            return False
    count = shape.get("words")
    if isinstance(count, list):
        if not words or not all(is_word(w.rstrip(",")) for w in words):
            return False
        if not int(count[0]) <= len(words) <= int(count[1]):
            return False
    case = shape.get("case")
    if case and not _case(case, words):
        return False
    test = shape.get("is")
    if test and not (words and all(word_test(str(test))(w, profile) for w in words)):
        return False
    first = shape.get("first")
    if first and not (words and word_test(str(first))(words[0], profile)):
        return False
    return not (shape.get("language") and not _language(str(shape["language"]), content, site))


def _case(case: str, words: list[str]) -> bool:
    letters = [w for w in words if any(c.isalpha() for c in w)]
    if not letters:
        return False
    if case == "lower":
        return all(w[0].islower() for w in letters)
    if case == "capitalised":
        return all(w[0].isupper() for w in letters)
    if case == "upper":
        return all(w.isupper() for w in letters)
    if case == "mixed":
        return any(w[0].islower() for w in letters) and any(w[0].isupper() for w in letters)
    raise KeyError(f"case {case}")


def _language(which: str, content: str, site: Site) -> bool:
    lang = site.lang if site.lang not in ("und", "en") else ""
    if which == "original":
        if not lang:
            return False
        return languages.evidence(content, lang, "en") > 0
    if which == "transliterated":  # every word the original's words in Latin letters
        words = content.split()
        return bool(lang and words) and all(
            languages.looks_transliterated(w, lang) for w in words
        )
    raise KeyError(f"language {which}")


# ---------------------------------------------------------------------------- context


def _word_before(site: Site) -> str | None:
    before = site.before
    if not before.endswith(" ") or before.endswith("  "):
        return None
    m = _TOKEN_BEFORE.search(before[:-1])
    return m.group(1) if m else None


def _word_after(site: Site) -> str | None:
    after = site.after
    if not after.startswith(" ") or after.startswith("  "):
        return None
    m = _TOKEN_AFTER.match(after[1:])
    return m.group(1).rstrip(",.;:!?)”\"") if m else None


def check_context(context: Mapping[str, Any], site: Site) -> bool:
    """Does the text around the bracket have the ``context`` the rule asks for?"""
    profile = site.profile
    text = site.text
    for key, want in context.items():
        if key == "glued":
            glued = site.start > site.line_start and not text[site.start - 1].isspace()
            if glued != bool(want):
                return False
        elif key == "glued_after":
            glued = site.end + 1 < site.line_end and not text[site.end + 1].isspace()
            if glued != bool(want):
                return False
        elif key == "before":
            word = _word_before(site)
            if want == "line-start":
                if site.before.strip():
                    return False
            elif word is None or not word_test(str(want))(word.rstrip(","), profile):
                return False
        elif key == "after":
            word = _word_after(site)
            if want == "line-end":
                if site.after.strip():
                    return False
            elif word is None or not word_test(str(want))(word, profile):
                return False
        elif key == "line":
            if not _line(str(want), site):
                return False
        elif key == "endnote":
            continue  # checked by the reader once the rule's target is known
        elif key == "within":
            if not set(_strings(want)) & set(site.ctx):
                return False
        elif key == "not_within":
            if set(_strings(want)) & set(site.ctx):
                return False
        elif key == "language":
            if not _language(str(want), site.content, site):
                return False
        elif key == "original_language":
            other = site.lang not in ("und", "en")
            if other != (want == "other"):
                return False
        elif key == "section":
            if site.section and site.section not in _strings(want):
                return False
        elif key == "relation":
            continue  # checked once the extent is known
        else:
            raise KeyError(key)
    return True


def _strings(value: Any) -> list[str]:
    return [value] if isinstance(value, str) else [str(v) for v in value]


def _line(want: str, site: Site) -> bool:
    has_before = bool(site.text[site.line_start : site.start].strip())
    has_after = bool(site.text[site.end + 1 : site.line_end].strip(" .,;"))
    if want == "alone":
        return not has_before and not has_after
    if want == "start":
        return not has_before
    if want == "end":
        return not has_after
    if want == "inside":
        return has_before
    raise KeyError(f"line {want}")


# ---------------------------------------------------------------------------- extents


Span = tuple[int, int]


def _one_space_before(site: Site) -> int | None:
    """The offset just before the single space that precedes the bracket."""
    end = site.start - 1
    if end < max(site.line_start, site.limit_before) or site.text[end] != " ":
        return None
    if end - 1 >= 0 and site.text[end - 1].isspace():
        return None
    return end


def _extent_date_or_word(site: Site) -> Span | None:
    end = _one_space_before(site)
    if end is None:
        return None
    start = max(site.line_start, site.limit_before)
    chunk = site.text[start:end]
    found = dates.find_dates(chunk)
    if found and found[-1].end == len(chunk):
        return start + found[-1].start, end
    return _extent_token(site)


_QUOTES = {'"': '"', "”": "“", "»": "«", "’": "‘", "“": "„"}


def _extent_quotation(site: Site) -> Span | None:
    """A quotation just before the bracket, its quotation marks included
    (``"the busy season" [sic; in winter]``), on the bracket's line."""
    end = _one_space_before(site)
    if end is None or end == 0 or site.text[end - 1] not in _QUOTES:
        return None
    start = max(site.line_start, site.limit_before)
    opening = site.text.rfind(_QUOTES[site.text[end - 1]], start, end - 1)
    if opening < 0 or end - opening > 120:
        return None
    return opening, end


def _extent_quotation_or_word(site: Site) -> Span | None:
    return _extent_quotation(site) or _extent_word(site)


def _extent_token(site: Site) -> Span | None:
    end = _one_space_before(site)
    if end is None:
        return None
    start = max(site.line_start, site.limit_before)
    m = re.search(r"[^\s\[\]]+$", site.text[start:end])
    return (start + m.start(), end) if m else None


def _extent_reading(site: Site) -> Span | None:
    """The reading before the bracket (a token that does not end a sentence)."""
    span = _extent_token(site)
    if span is None or site.text[span[1] - 1] in ".!?;:,":
        return None
    return span


def _extent_word(site: Site) -> Span | None:
    """The word before the bracket, without punctuation after it."""
    end = _one_space_before(site)
    if end is None:
        return None
    start = max(site.line_start, site.limit_before)
    m = re.search(r"(?<![^\s(“\"'„«])[^\W\d_]+(?:['’\-][^\W\d_]+)*$", site.text[start:end])
    return (start + m.start(), end) if m else None


def _extent_number(site: Site) -> Span | None:
    end = _one_space_before(site)
    if end is None:
        return None
    start = max(site.line_start, site.limit_before)
    m = re.search(r"(?<![\w.,])\d{1,4}$", site.text[start:end])
    return (start + m.start(), end) if m else None


def _extent_acronym(site: Site) -> Span | None:
    span = _extent_token(site)
    if span and is_acronym(site.text[span[0] : span[1]]):
        return span
    return None


def _name_words_before(site: Site, end: int) -> list[tuple[int, int]]:
    """Offsets of the name words just before ``end``, nearest last (up to four)."""
    start = max(site.line_start, site.limit_before)
    words: list[tuple[int, int]] = []
    pos = end
    while len(words) < 4:
        m = re.search(r"(?:^|(?<=\s))(\S+)$", site.text[start:pos])
        if m is None:
            break
        a, b = start + m.start(1), start + m.end(1)
        if not is_name_word(site.text[a:b], site.profile):
            break
        words.insert(0, (a, b))
        if a - 1 < start or site.text[a - 1] != " ":
            break
        pos = a - 1
    return words


def _extent_name(site: Site) -> Span | None:
    end = _one_space_before(site)
    if end is None:
        return None
    words = _name_words_before(site, end)
    if not words or site.text[words[-1][1] - 1] in ",;:":
        return None
    return words[0][0], end


def _extent_name_parts(site: Site) -> Span | None:
    """The name before the bracket with as many parts as the bracket has words."""
    end = _one_space_before(site)
    if end is None:
        return None
    want = len(_words(site.content))
    words = _name_words_before(site, end)
    parts = 0
    for i in range(len(words) - 1, -1, -1):
        a, b = words[i]
        parts += len(re.split(r"[-‐]", site.text[a:b]))
        if parts == want:
            return a, end
        if parts > want:
            return None
    return None


def _extent_letters(site: Site) -> Span | None:
    """Letters glued to the bracket (a word the bracket completes: F[oreign])."""
    start = max(site.line_start, site.limit_before)
    m = re.search(r"(?<![^\W\d_])[^\W\d_]{1,12}$", site.text[start : site.start])
    return (start + m.start(), site.start) if m else None


def _extent_acronym_words(site: Site) -> Span | None:
    """The words before the bracket whose initials make the acronym in it."""
    end = _one_space_before(site)
    if end is None:
        return None
    acronym = site.content.strip()
    if not is_acronym(acronym):
        return None
    start = max(site.line_start, site.limit_before)
    chunk = site.text[start:end]
    spans = [(start + m.start(), start + m.end()) for m in re.finditer(r"[^\W\d_]+", chunk)]
    if not spans or spans[-1][1] != end:
        return None
    for n in range(1, min(len(spans), len(acronym) + 3) + 1):
        a = spans[-n][0]
        if re.search(r"[,;:.()]", site.text[a:end]):
            return None
        if acronym_of(acronym, site.text[a:end], site.profile):
            return a, end
    return None


def _extent_after_name(site: Site) -> Span | None:
    """The name after the bracket (one to three name words after one space)."""
    start = site.end + 1
    limit = min(site.line_end, site.limit_after)
    if start >= limit or site.text[start] != " ":
        return None
    pos = start + 1
    end = None
    for _ in range(3):
        m = re.match(r"(\S+)", site.text[pos:limit])
        if m is None:
            break
        word = m.group(1)
        bare = word.rstrip(",.;:!?)”\"")
        if not bare or not is_name_word(bare, site.profile):
            break
        end = pos + len(bare)
        if bare != word:
            break
        pos += len(word)
        if pos >= limit or site.text[pos] != " ":
            break
        pos += 1
    return (start + 1, end) if end else None


ExtentFinder = Callable[[Site], "Span | None"]

EXTENTS: dict[str, ExtentFinder] = {
    "date-or-word": _extent_date_or_word,
    "token": _extent_token,
    "reading": _extent_reading,
    "word": _extent_word,
    "quotation-or-word": _extent_quotation_or_word,
    "number": _extent_number,
    "acronym": _extent_acronym,
    "name": _extent_name,
    "name-parts": _extent_name_parts,
    "letters": _extent_letters,
    "acronym-words": _extent_acronym_words,
}

EXTENTS_AFTER: dict[str, ExtentFinder] = {
    "name": _extent_after_name,
}


# ---------------------------------------------------------------------------- checks


_SHAPE_KEYS = {"words", "standalone", "case", "is", "first", "language", "nested", "reserved"}
_CONTEXT_KEYS = {"glued", "glued_after", "before", "after", "line", "endnote", "within",
                 "not_within", "language", "relation", "original_language", "section"}


def check_rule(rule: Rule) -> None:
    """Refuse a rule that names a matcher this module does not have."""

    def fail(what: str) -> TeikitError:
        """The error for ``rule`` naming an unknown ``what``."""
        return TeikitError(f"{rule.kind} rule {rule.name!r}: unknown {what}")

    shape = rule.shape
    if isinstance(shape, dict):
        for key in shape:
            if key not in _SHAPE_KEYS:
                raise fail(f"shape test {key!r} (known: {', '.join(sorted(_SHAPE_KEYS))})")
        for key in ("is", "first"):
            if key in shape:
                _check_word_test(str(shape[key]), fail)
        if shape.get("case") not in (None, "lower", "capitalised", "upper", "mixed"):
            raise fail(f"case {shape['case']!r}")
    elif shape not in (None, "any"):
        raise fail(f"shape {shape!r}")
    for key, value in rule.context.items():
        if key not in _CONTEXT_KEYS:
            raise fail(f"context test {key!r} (known: {', '.join(sorted(_CONTEXT_KEYS))})")
        if key in ("before", "after") and value not in ("line-start", "line-end"):
            _check_word_test(str(value), fail)
        if key == "line" and value not in ("alone", "start", "end", "inside"):
            raise fail(f"line position {value!r}")
        if key == "relation" and value not in RELATIONS:
            raise fail(f"relation {value!r} (known: {', '.join(sorted(RELATIONS))})")
    if rule.detector and rule.kind == "line" and rule.detector not in LINE_TESTS:
        raise fail(f"line test {rule.detector!r} (known: {', '.join(sorted(LINE_TESTS))})")
    if rule.extent and rule.extent not in EXTENTS:
        raise fail(f"extent {rule.extent!r} (known: {', '.join(sorted(EXTENTS))})")
    if rule.extent_after and rule.extent_after not in EXTENTS_AFTER:
        raise fail(f"extent_after {rule.extent_after!r}")
    slots = set(rule.template.slots)
    if rule.extent and "extent" not in slots:
        raise fail("template: a rule with an extent needs an {extent} slot")
    if rule.extent_after and "after" not in slots:
        raise fail("template: a rule with extent_after needs an {after} slot")


def _check_word_test(name: str, fail: Callable[[str], TeikitError]) -> None:
    try:
        word_test(name)
    except KeyError:
        raise fail(f"word test {name!r} (known: {', '.join(sorted(WORD_TESTS))})") from None


# ---------------------------------------------------------------------------- whole lines


_PLACE = (
    r"(?:\[[^\[\]\n]+\]|[A-ZА-ЯЁÁÉÍÓÖŐÚÜŰŁŚŻ][^\W\d_]*"
    r"(?:(?: (?:de|da|do|del|di|la|le|am|an|on|upon|sur|es|el))?[ -][A-ZА-ЯЁ][^\W\d_]*){0,2}"
    r"(?: \[[^\[\]\n]+\])?)"
)
_ZULU = re.compile(r",? \d{4}Z\.?$")  # a telegram's time in GMT (FRUS: "2210Z")
_PLACE_DATE = re.compile(rf"^(?P<place>{_PLACE}),? (?:(?:den|dnia|le|am|дня)\s)?(?P<date>.+?)\.?$")


def _place_date(line: str, profile: Profile) -> bool:
    """A dateline: a place (a bracket allowed) and a date that ends the line."""
    m = _PLACE_DATE.match(_ZULU.sub("", line))
    if m is None:
        return False
    for rest in (m.group("date"), line[m.start("date") :]):  # "1958 r." keeps its dot
        found = dates.find_phrases(rest)
        if found and found[0].start == 0 and found[-1].end == len(rest):
            return True
    return False


LineTest = Callable[[str, Profile], bool]

LINE_TESTS: dict[str, LineTest] = {
    "place-date": _place_date,
}


def line_test(name: str) -> LineTest:
    """The whole-line test called ``name``."""
    return LINE_TESTS[name]

"""Word tests: named classes of a single word, for the rules of a profile.

A rule names a word test where it asks what a word is (``shape = { is =
"capitalised" }``, ``context = { before = "title" }``); :data:`WORD_TESTS` maps
each name to its test, and :func:`word_test` looks one up (``"!title"``
negates).  A test takes the word and the profile, whose word lists
(``[vocabulary]``: function words, titles, time words ...) and aliases some
tests consult.

Hanyu Pinyin is recognised syllable by syllable: :data:`PINYIN_INITIALS` and
:data:`PINYIN_FINALS` make :func:`is_pinyin`.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .. import dates
from .model import Profile

_WORD = re.compile(r"^[^\W\d_]+(?:['’.\-][^\W\d_]*)*$")
_NAME_WORD = re.compile(r"^[^\W\d_](?:[^\W\d_]|['’\-](?=[^\W\d_]))*\.?$")

PINYIN_INITIALS = ("", "b", "p", "m", "f", "d", "t", "n", "l", "g", "k", "h", "j", "q", "x",
                   "zh", "ch", "sh", "r", "z", "c", "s", "y", "w")
PINYIN_FINALS = ("iang", "iong", "uang", "ang", "eng", "ing", "ong", "ian", "iao", "uai", "uan",
                 "ai", "ei", "ao", "ou", "an", "en", "er", "ia", "ie", "iu", "in", "ua", "uo", "ui",
                 "un", "ue", "üe", "a", "o", "e", "i", "u", "ü", "v")
_SYLLABLE = "(?:{})(?:{})".format(
    "|".join(sorted(filter(None, PINYIN_INITIALS), key=len, reverse=True)) + "|",
    "|".join(PINYIN_FINALS),
)
_PINYIN = re.compile(rf"^(?:{_SYLLABLE})(?:['’-]?(?:{_SYLLABLE}))*$")


def is_word(word: str) -> bool:
    """True when ``word`` is made of letters (with inner apostrophes, dots, hyphens)."""
    return bool(_WORD.match(word))


def _capitalised(word: str) -> bool:
    return bool(word) and word[0].isupper() and is_word(word)


def _function_word(word: str, profile: Profile) -> bool:
    return word.lower() in profile.words("function_words")


def _title(word: str, profile: Profile) -> bool:
    return word.lower().rstrip(",") in profile.words("titles")


def is_name_word(word: str, profile: Profile) -> bool:
    """A capitalised word that can be part of a personal name (not a title or function word)."""
    return (
        bool(_NAME_WORD.match(word))
        and word[0].isupper()
        and not _function_word(word, profile)
        and not _title(word, profile)
        and word.lower() not in profile.words("not_names")
    )


def is_acronym(word: str) -> bool:
    """True when ``word`` looks like an acronym (2 to 7 letters, at least two capitals)."""
    letters = [c for c in word if c.isalpha()]
    return (
        1 < len(word) <= 7
        and len(letters) == len(word)
        and word[0].isupper()
        and sum(c.isupper() for c in letters) >= 2
    )


def is_pinyin(word: str, syllables: int = 2) -> bool:
    """True when ``word`` is Hanyu Pinyin (tone marks left out) of at least ``syllables``."""
    m = _PINYIN.match(word.lower())
    if m is None:
        return False
    return syllables <= 1 or len(re.findall(_SYLLABLE, word.lower())) >= syllables


WordTest = Callable[[str, Profile], bool]

WORD_TESTS: dict[str, WordTest] = {
    "word": lambda w, p: is_word(w),
    "capitalised": lambda w, p: _capitalised(w),
    "capitalised-name": is_name_word,
    "uppercase": lambda w, p: is_word(w) and w.isupper() and len(w) > 1,
    "lowercase": lambda w, p: is_word(w) and w[0].islower(),
    "function-word": _function_word,
    "title": _title,
    "number": lambda w, p: bool(re.fullmatch(r"\d{1,4}", w)),
    "ordinal-number": lambda w, p: bool(re.fullmatch(r"\d{1,3}\.?", w)),
    "acronym": lambda w, p: is_acronym(w),
    "month": lambda w, p: w.lower().rstrip(".") in dates.MONTHS,
    "pinyin": lambda w, p: is_pinyin(w),
    "time-word": lambda w, p: w.lower() in p.words("time_words"),
    "roman-numeral": lambda w, p: bool(re.fullmatch(r"[ivxlc]{1,6}", w)),
    "letter": lambda w, p: bool(re.fullmatch(r"[a-z]", w)),
    "known-alias": lambda w, p: w.lower() in p.aliases,
}


def word_test(name: str) -> WordTest:
    """The word test called ``name`` (a ``!`` before the name negates it)."""
    if name.startswith("!"):
        inner = word_test(name[1:])
        return lambda w, p: not inner(w, p)
    try:
        return WORD_TESTS[name]
    except KeyError:
        raise KeyError(name) from None

"""Relations: named tests between the text a bracket is about and the bracket's content.

A bracket rule with an extent (the stretch of text before or after the bracket,
found by :data:`.matchers.EXTENTS`) may ask how that stretch relates to what
the bracket says (``context = { relation = "romanisation" }``): two
romanisations of one name, an acronym and its expansion, a similar spelling, a
known alias ...  :data:`RELATIONS` maps each name to its test, which takes the
extent, the content and the profile.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable

from .model import Profile
from .word_tests import is_acronym, is_pinyin


def _parts(name: str) -> list[str]:
    return [p for p in re.split(r"[\s\-‐]+", name) if p]


def _romanisation(extent: str, content: str, profile: Profile) -> bool:
    """Two romanisations of one name: as many parts, each with the same initial."""
    a, b = _parts(extent), _parts(content)
    if len(a) != len(b) or len(a) < 2 or extent == content:
        return False
    same = {c: group for group in profile.words("romanisation_initials") for c in group}
    return all(
        same.get(x[0].lower(), x[0].lower()) == same.get(y[0].lower(), y[0].lower())
        for x, y in zip(a, b, strict=True)
    )


def _initials(words: str, profile: Profile) -> list[str]:
    return [w[0].lower() for w in re.findall(r"[^\W\d_]+", words)]


def _subsequence(needle: str, hay: list[str] | str) -> bool:
    it = iter(hay)
    return all(any(c == h for h in it) for c in needle)


def _expands(extent: str, content: str, profile: Profile) -> bool:
    """The bracket expands the acronym before it (MfS [Ministry for State Security])."""
    if not is_acronym(extent):
        return False
    initials = _initials(content, profile)
    letters = extent.lower()
    return bool(initials) and initials[0] == letters[0] and _subsequence(letters, initials)


def acronym_of(acronym: str, words: str, profile: Profile) -> bool:
    """``acronym`` is made of the words' initials (each word gives at least its initial)."""
    found = re.findall(r"[^\W\d_]+", words)
    if not found:
        return False
    letters = acronym.lower()
    if found[0][0].lower() != letters[0]:
        return False
    significant = [w for w in found if w.lower() not in profile.words("function_words")]
    if not all(w[0].lower() in letters for w in significant):
        return False
    return _subsequence(letters, "".join(w.lower() for w in found))


def _similar(extent: str, content: str, profile: Profile) -> bool:
    a, b = extent.lower(), content.lower()
    return a != b and difflib.SequenceMatcher(None, a, b).ratio() >= 0.6


def _known_alias(extent: str, content: str, profile: Profile) -> bool:
    real = profile.aliases.get(extent.lower())
    return real is not None and real.lower() == content.lower()


def _pinyin_rendering(extent: str, content: str, profile: Profile) -> bool:
    """A non-Chinese name, then its rendering in pinyin (Sachkov [Saqiukefu])."""
    return (
        " " not in content
        and is_pinyin(content)
        and not any(is_pinyin(part, 1) for part in _parts(extent))
    )


def _same_inflection(extent: str, content: str, profile: Profile) -> bool:
    """Two single lower-case words with the same inflectional ending (one replaces the other)."""
    if " " in content or not (extent.islower() and content.islower()) or extent == content:
        return False
    endings = sorted(profile.words("inflections"), key=len, reverse=True)
    return any(extent.endswith(e) and content.endswith(e) for e in endings)


def _continues_word(extent: str, content: str, profile: Profile) -> bool:
    """Letters that can finish the word begun before the bracket (not BENGO[a])."""
    if len(extent) > 1 and extent.isupper():
        return content.isupper()
    return content.islower()


Relation = Callable[[str, str, Profile], bool]

RELATIONS: dict[str, Relation] = {
    "romanisation": _romanisation,
    "expands": _expands,
    "acronym-of": lambda e, c, p: acronym_of(c, e, p),
    "similar": _similar,
    "known-alias": _known_alias,
    "pinyin-rendering": _pinyin_rendering,
    "different": lambda e, c, p: e.lower() != c.lower(),
    "same-inflection": _same_inflection,
    "continues-word": _continues_word,
}

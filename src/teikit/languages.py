"""Languages: names and codes, scripts, which language a text is in.

Where the two languages of a document are known (the metadata says them), a
light test decides block by block: the script of the letters between languages
written in different scripts (Russian and English), the frequency of short
function words between languages that share one (Polish and English).  Where
the metadata does not name the original's language, it is identified with
py3langid (a maintained fork of langid.py: a small model shipped with the
package, no download, pure Python and NumPy), loaded only then.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import cache
from typing import Any

NAMES: dict[str, str] = {
    "english": "en",
    "russian": "ru",
    "ukrainian": "uk",
    "belarusian": "be",
    "bulgarian": "bg",
    "serbian": "sr",
    "macedonian": "mk",
    "mongolian": "mn",
    "hungarian": "hu",
    "polish": "pl",
    "german": "de",
    "czech": "cs",
    "slovak": "sk",
    "romanian": "ro",
    "albanian": "sq",
    "french": "fr",
    "italian": "it",
    "spanish": "es",
    "portuguese": "pt",
    "chinese": "zh",
    "korean": "ko",
    "japanese": "ja",
    "vietnamese": "vi",
    "serbo-croatian": "sh",
    "croatian": "hr",
    "slovenian": "sl",
    "finnish": "fi",
    "swedish": "sv",
    "hebrew": "he",
    "arabic": "ar",
    "persian": "fa",
    "turkish": "tr",
    "greek": "el",
}
CODES: dict[str, str] = {code: name.title() for name, code in NAMES.items()}

SCRIPTS: dict[str, str] = {
    "ru": "Cyrl",
    "uk": "Cyrl",
    "be": "Cyrl",
    "bg": "Cyrl",
    "sr": "Cyrl",
    "mk": "Cyrl",
    "mn": "Cyrl",
    "zh": "Hani",
    "ja": "Hani",
    "ko": "Hang",
    "he": "Hebr",
    "ar": "Arab",
    "fa": "Arab",
    "el": "Grek",
}


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


FUNCTION_WORDS: dict[str, frozenset[str]] = {
    "en": _words(
        "the of and to in that is was for with on as by at from it he we they this which "
        "be are were have had not but his their our an or would will "
    ),
    "pl": _words(
        "i w z na się że do nie jest o to od za po przez dla oraz tow który która są było "
        "został dnia r aby jak już "
    ),
    "hu": _words(
        "a az és hogy nem is egy van volt meg de ez mint már csak el ki fel be szerint "
        "között után elvtárs "
    ),
    "de": _words(
        "der die das und zu in den von mit ist nicht sich des auf für dem ein eine wir "
        "sie es im als auch an wurde den "
    ),
    "fr": _words("le la les de des et à en du un une que qui est pour dans sur pas "),
    "cs": _words("a v se na že je s z do o k to by jako pro ze jsou "),
    "ro": _words("și în de la cu a pe că din este pentru care nu se "),
    "ru": _words("и в на что с по не о к из от за как это мы он "),
}

_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


def code_for(name: str) -> str | None:
    """The language code for a language name (``Russian`` gives ``ru``)."""
    key = name.strip().lower()
    if key in NAMES:
        return NAMES[key]
    return key if key in CODES else None


def name_for(code: str) -> str:
    """The English name of a language code (the code itself when unknown)."""
    base = code.split("-")[0]
    name = CODES.get(base, code)
    return name + (" (Latin transliteration)" if code.endswith("-Latn") else "")


@cache
def script_of(ch: str) -> str | None:
    """A four-letter script code for a letter, or None for non-letters."""
    if not ch.isalpha():
        return None
    name = unicodedata.name(ch, "")
    for prefix, script in (
        ("CYRILLIC", "Cyrl"),
        ("LATIN", "Latn"),
        ("CJK", "Hani"),
        ("HANGUL", "Hang"),
        ("HIRAGANA", "Hani"),
        ("KATAKANA", "Hani"),
        ("GREEK", "Grek"),
        ("HEBREW", "Hebr"),
        ("ARABIC", "Arab"),
    ):
        if name.startswith(prefix):
            return script
    return None


def evidence(text: str, original: str, translation: str) -> float:
    """Positive when ``text`` reads as the original language, negative for the translation."""
    s_orig = SCRIPTS.get(original, "Latn")
    s_tr = SCRIPTS.get(translation, "Latn")
    words = _WORD.findall(text)
    score = 0.0
    if s_orig != s_tr:
        for ch, n in Counter(text).items():
            script = script_of(ch)
            if script == s_orig:
                score += n
            elif script == s_tr:
                score -= n
        return score
    f_orig = FUNCTION_WORDS.get(original, frozenset())
    f_tr = FUNCTION_WORDS.get(translation, frozenset())
    for word in words:
        low = word.lower()
        if low in f_orig and low not in f_tr:
            score += 1
        elif low in f_tr and low not in f_orig:
            score -= 1
    # letters only one of the two languages uses (ł, ő, ß ...) are strong evidence
    for ch, n in Counter(text).items():
        if ch.isalpha() and not ch.isascii() and script_of(ch) == "Latn":
            score += (0.5 if original != "en" else -0.5) * n
    return score


_TRANSLIT_MARKERS = re.compile(r"(?:zh|kh|shch|ts|y[aeiouy]|vy|yu|ya)")
_TRANSLIT_ENDINGS = re.compile(
    r"(?:ili|ali|eli|yli|ila|ala|ela|alo|ilo|it|at|et|ut|yut|yat|ov|ev|ogo|ego|omu|emu|"
    r"ykh|ikh|ymi|imi|aya|oye|iye|yy|iy|oy|ost|niye|stvo|sya|tsya|shno|zhno|sno|tno)$"
)
_ENGLISH_COMMON = FUNCTION_WORDS["en"] | _words(
    "say said act acts speak speaking out about against into over under after before "
    "again still only also very more most many much some such that those these "
)


def looks_transliterated(word: str, original: str) -> bool:
    """True when a lowercase Latin word looks like the original language transliterated.

    Only for originals in a non-Latin script (for now: Russian and other Cyrillic
    languages): the word must carry both a transliteration digraph or vowel
    pattern and a typical inflectional ending, and must not be a common English word.
    """
    if SCRIPTS.get(original) != "Cyrl":
        return False
    if len(word) < 5 or not word.isascii() or not word.isalpha() or not word.islower():
        return False
    if word in _ENGLISH_COMMON:
        return False
    return bool(_TRANSLIT_MARKERS.search(word)) and bool(_TRANSLIT_ENDINGS.search(word))


@cache
def _identifier() -> Any:
    """py3langid's identifier with normalised probabilities (loaded once, on first use)."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier  # type: ignore[import-untyped]

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


IDENTIFY_MIN_WORDS = 8  # shorter stretches (a signature, a date) say little of their language
IDENTIFY_MIN_PROB = 0.9
IDENTIFY_MIN_SHARE = 0.25  # of the identified text: less is quotation, not a part


def identify(texts: list[str], besides: str) -> str | None:
    """The language other than ``besides`` that a good share of ``texts`` is written in.

    Each text of at least :data:`IDENTIFY_MIN_WORDS` words is identified; the
    language found with confidence for the largest share of their words, when
    that share is at least :data:`IDENTIFY_MIN_SHARE`, is returned.
    """
    words: Counter[str] = Counter()
    total = 0
    for text in texts:
        n = len(_WORD.findall(text))
        if n < IDENTIFY_MIN_WORDS:
            continue
        total += n
        code, prob = _identifier().classify(text)
        if prob >= IDENTIFY_MIN_PROB and code != besides:
            words[str(code)] += n
    if not words or not total:
        return None
    code, n = words.most_common(1)[0]
    return code if n / total >= IDENTIFY_MIN_SHARE else None

"""Pass 1, metadata: the layout readers find the metadata and where the body lies.

The layouts are tried in the order of :data:`teikit.read.layouts.LAYOUTS`; the
first that recognises the page gives the metadata events.  A page no layout
recognises is converted as body text, with a warning.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .. import languages
from ..archives import archives
from .events import DocDate, ImpliedDate, MetaField, OriginalLanguage
from .layouts import LAYOUTS, TRAILING, Found, Page
from .state import ReadState


def run(state: ReadState) -> None:
    """Read the metadata into the stream; set the body's range and the original language."""
    page = Page.of(state)
    for _name, reader in LAYOUTS:
        found = reader(page)
        if found is not None:
            break
    else:
        message = "no metadata block found; converting the body only"
        found = Found([state.warn("no-metadata", message, 0)], 0, len(state.text))
    for _name, trailing in TRAILING:
        found = trailing(page, found)
    state.stream.extend(found.events)
    state.meta_end, state.body_end = found.meta_end, found.body_end
    for event in found.events:
        if not isinstance(event, MetaField):
            continue
        if event.label == "Original Language" and event.lines:
            code = languages.code_for(event.lines[0])
            if code:
                state.original_lang = code
        if event.label == "Contents" and state.contents is None:
            state.contents = event.lines
    source_line = _FBIS_SOURCE.search(state.text, 0, _head_end(state.text))
    if state.original_lang == "und":
        implied = implied_language(found.events)
        if implied is None and source_line:
            code = languages.code_for(source_line.group("lang"))
            if code:
                implied = code, f"the broadcast's source line “{source_line.group(0)}”"
        if implied:
            state.original_lang = implied[0]
            state.stream.append(OriginalLanguage(*implied))
    if source_line and not any(isinstance(e, DocDate) for e in found.events):
        day, month, year = source_line.group("date").split()
        number = _MONTHS.get(month[:3].lower())
        if number:
            full = 1900 + int(year) if len(year) == 2 else int(year)
            when = f"{full}-{number:02d}-{int(day):02d}"
            said = f"the broadcast's source line “{source_line.group(0)}”"
            state.stream.append(ImpliedDate(source_line.group("date"), when, said))


# An FBIS source line: the service's number, the station, the language, the time, the date.
_FBIS_SOURCE = re.compile(
    r"(?m)^(?:[A-Z]{2}\d{6,12}\s+)?(?P<station>[A-Z][\w.'’ -]{2,80}?) in (?P<lang>[A-Z][a-z]+)"
    r"\s+(?P<time>\d{4})\s+GMT\s+(?P<date>\d{1,2}\s+[A-Z][a-z]{2}\s+(?:19|20)?\d{2})\b"
)
_MONTHS = {m: n for n, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}


def _head_end(text: str) -> int:
    """Where the head of a page ends, for the lines read from it: its first 40 lines."""
    at = -1
    for _ in range(40):
        at = text.find("\n", at + 1)
        if at < 0:
            return len(text)
    return at


_TRANSLATED_FROM = re.compile(r"\b[Tt]ranslated (?:for [\w ]{1,40}? )?from (?:the )?([A-Z][a-z]+)")


def implied_language(events: Sequence[object]) -> tuple[str, str] | None:
    """The original's language as the metadata fields imply it: ``Translated from
    German``, else the one language of the archives their signatures name."""
    texts = [" ".join(e.lines) for e in events if isinstance(e, MetaField)
             and e.label in ("Citation", "Source", "Original Archive", "Archive")]
    for text in texts:
        m = _TRANSLATED_FROM.search(text)
        if m and (code := languages.code_for(m.group(1))):
            return code, f"“{m.group(0)}”"
    table = archives()
    found = {(abbr, str(info["language"])) for text in texts
             for abbr, info in table.items()
             if info.get("language") and re.search(rf"(?<![\w-]){re.escape(abbr)}(?![\w-])", text)}
    if len({code for _, code in found}) == 1:
        abbr, code = sorted(found)[0]
        return code, f"the archive {abbr} ({table[abbr]['name']})"
    named = {(m.group(0), code) for text in texts for archive in _ARCHIVE_NAME.findall(text)
             for word, code in _COUNTRY_WORDS.items()
             if (m := re.search(rf"\b{word}", archive))}
    if len({code for _, code in named}) == 1:
        word, code = sorted(named)[0]
        return code, f"an archive of the country its name gives ({word})"
    return None


# An archive named in a field ("Archive of the Ministry of Foreign Affairs of the Czech
# Republic", "Vietnam National Archives Center III", "Arhiv Jugoslavije"), and the words
# of a country's name that give the language its documents are in.
_ARCHIVE_NAME = re.compile(
    r"[^,;.]*\b(?:Archives?|Arhiv\w*|Archiv\w*|Archivum|Archiwum|Arhivele|Архив\w*)\b[^,;.]*"
)
_COUNTRY_WORDS = {
    "Czech": "cs", "Slovak": "sk", "Hungar": "hu", "Magyar": "hu", "Polish": "pl",
    "Poland": "pl", "Polsk": "pl", "Romania": "ro", "Român": "ro", "Bulgaria": "bg",
    "Yugoslav": "sh", "Jugoslav": "sh", "Serbia": "sh", "Croatia": "sh", "Vietnam": "vi",
    "Viet Nam": "vi", "Mongolia": "mn", "Japan": "ja", "Korea": "ko", "China": "zh",
    "Chinese": "zh", "Albania": "sq", "Cuba": "es", "German": "de", "Russia": "ru",
    "Soviet": "ru", "Iran": "fa", "Persia": "fa", "Ital": "it", "France": "fr", "French": "fr",
}

"""``teikit new``: a transcription template in teikit's convention, ready to fill in.

Two layouts, after the profile: a profile whose pages start with a numbered
heading (``metadata.heading``, as FRUS) gets the heading, a dateline, the body
and a numbered source note; any other gets the metadata block the reader knows
(the date, the title, then ``Citation:``, ``Summary:``, ``Original Language:``
and ``Contents:`` fields, as many as the profile lists), then the original and
its translation.  The citation line carries the title, date, archive,
shelfmark, translator and the source URL.  Each template converts as it is,
without a warning.
"""

from __future__ import annotations

from pathlib import Path

from ..profiles import Profile, load_profile
from ..xmlio import write_output

DEFAULT_TITLE = "Title of the document"
DATE = "January 1, 1950"

FIELDS = {
    "citation": (
        '"{title}", {date}, Wilson Center Digital Archive, Archive name, Fond 1, Opis 1, '
        "Delo 1, Listy 1-2. Translated by Translator Name.\n"
        "<https://digitalarchive.wilsoncenter.org/document/000000>"
    ),
    "abstract": "One or two sentences on what the document is and what it says.",
    "original-language": "Russian",
    "contents": "Original Scan\nTranslation - English",
}

BODY = (
    "Текст оригинала: каждый абзац документа на языке оригинала, через пустую строку.\n\n"
    "Второй абзац оригинала.\n\n"
    "The translation: each paragraph of the document in English, after a blank line.\n\n"
    "The second paragraph of the translation.\n"
)

HEADING = (
    "1. {title}1\n\n"
    "City, {date}, noon.\n\n"
    "The text of the document: each paragraph after a blank line.\n\n"
    "The second paragraph of the document.\n\n"
    "Signature\n\n"
    "1. Source: Archive name, file 000.00/1-150. Secret. Received at 2 p.m.\n"
)


def template_path(name: str) -> Path:
    """The file ``teikit new NAME`` writes: ``NAME.txt`` (NAME may end in .txt already)."""
    path = Path(name)
    return path if path.suffix == ".txt" else path.with_name(path.name + ".txt")


def transcription_template(profile: Profile | str = "wilson-center", title: str = "") -> str:
    """The text of a new transcription for ``profile``, with ``title`` (or a placeholder)."""
    prof = load_profile(profile) if isinstance(profile, str) else profile
    title = " ".join(title.split()) or DEFAULT_TITLE
    if prof.metadata.get("heading"):
        return HEADING.format(title=title, date=DATE)
    parts = [DATE, title]
    for found in prof.fields:
        value = FIELDS.get(str(found.target))
        if value is not None:
            parts += [f"{found.label}:", value.format(title=title, date=DATE)]
    return "\n\n".join(parts) + "\n\n" + BODY


def new_transcription(
    name: str, *, profile: Profile | str = "wilson-center", title: str = "", force: bool = False
) -> Path:
    """Write the template of :func:`transcription_template` to ``NAME.txt``; return its path.

    An existing file is never overwritten without ``force``.
    """
    path = template_path(name)
    write_output(path, transcription_template(profile, title), force=force)
    return path


__all__ = ["new_transcription", "template_path", "transcription_template"]

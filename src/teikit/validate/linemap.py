"""Point validation problems in teikit-made TEI back to the transcription's lines.

lxml's line numbers of a converted tree are lost when it is saved (and stop at
65,535), so for a saved file the map is derived again: the header names the
transcription and the SHA-256 of its normalised text; when that file is found
next to the TEI (or in ``../transcriptions/``) and its hash matches, it is
converted again and the two trees are paired element by element.  Validation
does not convert: the caller passes a :data:`LineMap` (``teikit.api`` has one).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

from lxml import etree

from ..errors import Diagnostic
from ..tei import line_of

LineMap = Callable[[Path, etree._ElementTree], "tuple[dict[int, int], str] | None"]
"""Maps a saved TEI file's lines to its transcription's: (line → line, transcription path)."""


def pair_lines(
    saved: etree._ElementTree, made: etree._ElementTree, lines: dict[etree._Element, int]
) -> dict[int, int] | None:
    """Saved lines → transcription lines, pairing ``saved`` with ``made`` element by element.

    ``made`` is the same transcription converted again, ``lines`` its elements'
    transcription lines; None when the two trees differ (the TEI was edited).
    """
    old = [el for el in saved.getroot().iter() if isinstance(el.tag, str)]
    new = [el for el in made.getroot().iter() if isinstance(el.tag, str)]
    if [el.tag for el in old] != [el.tag for el in new]:
        return None
    mapping: dict[int, int] = {}
    for a, b in zip(old, new, strict=True):
        line = lines.get(b)
        old_line = line_of(a)
        if old_line is not None and line is not None:
            mapping.setdefault(old_line, line)
    return mapping


def map_to_transcription(
    path: Path, tree: etree._ElementTree, problems: list[Diagnostic], line_map: LineMap
) -> list[Diagnostic]:
    """The problems with ``source_line`` filled in where ``line_map`` knows the transcription."""
    if not any(p.line for p in problems):
        return problems
    found = line_map(path, tree)
    if found is None:
        return problems
    mapping, transcription = found
    out = []
    for problem in problems:
        line = mapping.get(problem.line) if problem.line else None
        if line is not None:
            problem = dataclasses.replace(problem, source_line=line, source_path=transcription)
        out.append(problem)
    return out

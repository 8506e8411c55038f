"""Point validation problems in teikit-made TEI back to the transcription's lines.

lxml's line numbers of a converted tree are lost when it is saved (and stop at
65,535), so for a saved file teikit re-derives the map: the header names the
transcription and the SHA-256 of its normalised text; when that file is found
next to the TEI (or in ``../transcriptions/``) and its hash matches, it is
converted again and the two trees are paired element by element.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from pathlib import Path

from lxml import etree

from ..errors import TeikitError
from ..read.source import load
from ..tei import all_text, line_of
from .results import Problem

TEI = "{http://www.tei-c.org/ns/1.0}"
_SOURCE = re.compile(
    r"transcription (?P<name>.+?) \(normalised text, SHA-256 (?P<hash>[0-9a-f]{64})\)"
    r"(?: with the profile (?P<profile>[\w-]+)(?: \(file (?P<file>[^)]+)\))?)?"
)


def _declared(tree: etree._ElementTree) -> tuple[list[str], str, str] | None:
    app = tree.getroot().find(f".//{TEI}appInfo/{TEI}application[@ident='teikit']")
    if app is None:
        return None
    desc = app.find(f"{TEI}desc[@type='source']")
    m = _SOURCE.search(all_text(desc)) if desc is not None else None
    if m is None:
        return None
    names = [str(p.get("target")) for p in app.iterfind(f"{TEI}ptr[@type='transcription']")]
    names.append(m.group("name"))
    if m.group("file") and Path(m.group("file")).is_file():
        return names, m.group("hash"), m.group("file")
    return names, m.group("hash"), m.group("profile") or "wilson-center"


def find_transcription(path: Path, tree: etree._ElementTree) -> tuple[Path, str] | None:
    """The transcription a teikit file was made from, if it is found unchanged."""
    declared = _declared(tree)
    if declared is None:
        return None
    names, digest, profile = declared
    folder = path.parent
    candidates = []
    for name in names:
        candidates += [
            folder / name,
            folder / Path(name).name,
            folder.parent / "transcriptions" / Path(name).name,
        ]
    for candidate in candidates:
        if not candidate.is_file():
            continue
        try:
            text = load(candidate.read_bytes(), str(candidate)).text
        except TeikitError:
            continue
        if hashlib.sha256(text.encode("utf-8")).hexdigest() == digest:
            return candidate, profile
    return None


def line_map(path: Path, tree: etree._ElementTree) -> tuple[dict[int, int], str] | None:
    """Map the lines of a saved teikit file to lines of its transcription."""
    found = find_transcription(path, tree)
    if found is None:
        return None
    transcription, profile = found
    from ..api import convert_document

    saved = [el for el in tree.getroot().iter() if isinstance(el.tag, str)]
    for enrich in (True, False):  # converted with enrichment (the default) or without
        try:
            conversion = convert_document(
                transcription.read_bytes(), name=str(transcription), profile=profile,
                enrich=enrich,
            )
        except TeikitError:
            return None
        made = [el for el in conversion.tree.getroot().iter() if isinstance(el.tag, str)]
        if [el.tag for el in saved] == [el.tag for el in made]:
            break
    else:
        return None  # the TEI was edited since: no reliable pairing
    mapping: dict[int, int] = {}
    for old, new in zip(saved, made, strict=True):
        line = conversion.lines.get(new)
        old_line = line_of(old)
        if old_line is not None and line is not None:
            mapping.setdefault(old_line, line)
    return mapping, str(transcription)


def map_to_transcription(
    path: Path, tree: etree._ElementTree, problems: list[Problem]
) -> list[Problem]:
    """The problems with ``source_line`` filled in where the transcription is known."""
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

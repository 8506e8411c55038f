"""Where a teikit file came from: the transcription its header names, found unchanged.

The header of TEI that teikit made names the transcription and the SHA-256 of
its normalised text (``appInfo/application[@ident='teikit']``); the
transcription is looked for next to the TEI file and in ``../transcriptions/``.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from lxml import etree

from .errors import TeikitError
from .read.source import load
from .tei import all_text

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

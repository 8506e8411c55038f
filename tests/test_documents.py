"""Realistic test transcriptions of different archives and layouts (invented content):
each converts with no warning, is valid for teikit's schema (grammar and Schematron, as
`teikit validate --schema teikit` checks it) and for TEI P5 tei_all (jing), and is
written back exactly."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FIXTURES, jing_errors, normalised, shared

import teikit
from teikit.validate import validate
from teikit.xmlio import serialise

DOCUMENTS = sorted((FIXTURES / "documents").glob("*.txt"))
LAYOUTS = sorted((FIXTURES / "layouts").glob("*.txt"))


def profile_of(path: Path) -> str:
    return "frus" if path.stem.startswith("frus-") else "wilson-center"


def test_there_are_five_documents_of_different_archives() -> None:
    assert len(DOCUMENTS) >= 5
    archives = {p.stem.split("-")[0] for p in DOCUMENTS}
    assert len(archives) == len(DOCUMENTS)


@pytest.mark.parametrize("path", DOCUMENTS + LAYOUTS, ids=lambda p: p.stem)
def test_document_converts_without_warnings_and_round_trips(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    conversion = teikit.convert_document(text, name=path.name, profile=profile_of(path))
    assert [str(d) for d in conversion.diagnostics] == []
    assert normalised(teikit.write(conversion.tree, "transcription")) == normalised(text)
    brackets = [r for r in conversion.records if r.kind == "bracket"]
    assert brackets or path in LAYOUTS
    assert not [r for r in brackets if r.note], "no bracket is read tentatively"
    strict = teikit.convert_document(text, name=path.name, profile=profile_of(path), strict=True)
    assert serialise(strict.tree) == serialise(conversion.tree)


def test_documents_are_valid_for_teikit_and_tei_all(tmp_path: Path) -> None:
    files = []
    for path in DOCUMENTS + LAYOUTS:
        out = tmp_path / f"{path.stem}.xml"
        conversion = teikit.convert_document(
            path.read_bytes(), name=path.name, profile=profile_of(path)
        )
        out.write_bytes(serialise(conversion.tree))
        files.append(out)
    report = validate([str(f) for f in files], "teikit", jobs=1)
    assert [(r.path, [str(p) for p in r.problems]) for r in report.results if r.problems] == []
    assert report.exit_code == 0
    schema = shared("ref", "schema", "tei_all.rng")
    for out in files:
        assert jing_errors(out, schema) == [], out.name

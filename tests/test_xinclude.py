"""XInclude is expanded before validating, as jing does: local files only, depth-limited."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import shared

from teikit.validate import validate_file

XI = 'xmlns:xi="http://www.w3.org/2001/XInclude"'
DIV = f'<div xmlns="http://www.tei-c.org/ns/1.0" {XI}><p>x</p>'


def main_doc(body: str) -> str:
    return (
        f'<TEI xmlns="http://www.tei-c.org/ns/1.0" {XI}><teiHeader><fileDesc><titleStmt>'
        "<title>t</title></titleStmt><publicationStmt><p>p</p></publicationStmt><sourceDesc>"
        f"<p>s</p></sourceDesc></fileDesc></teiHeader><text><body>\n{body}\n</body></text></TEI>"
    )


@pytest.fixture
def tei_all() -> str:
    return str(shared("ref", "schema", "tei_all.rng"))


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_included_content_is_validated(tmp_path: Path, tei_all: str) -> None:
    write(tmp_path, "good.xml", '<p xmlns="http://www.tei-c.org/ns/1.0">fine</p>')
    write(tmp_path, "bad.xml", '<p xmlns="http://www.tei-c.org/ns/1.0"><bogus/></p>')
    ok = validate_file(write(tmp_path, "a.xml", main_doc('<xi:include href="good.xml"/>')), tei_all)
    assert ok.status == "valid", [p.message for p in ok.problems]
    bad = validate_file(write(tmp_path, "b.xml", main_doc('<xi:include href="bad.xml"/>')), tei_all)
    assert bad.status == "invalid"
    assert any("bogus" in p.message for p in bad.problems)


def test_missing_target_is_named_at_its_line(tmp_path: Path, tei_all: str) -> None:
    path = write(tmp_path, "m.xml", main_doc('<xi:include href="nowhere.xml"/>'))
    result = validate_file(path, tei_all)
    assert result.status == "invalid"
    first = result.problems[0]
    assert (first.origin, first.code, first.line) == ("xml", "xinclude", 2)
    assert "nowhere.xml" in first.message and "not found" in first.message


def test_missing_target_with_fallback_uses_the_fallback(tmp_path: Path, tei_all: str) -> None:
    body = '<xi:include href="nowhere.xml"><xi:fallback><p>fb</p></xi:fallback></xi:include>'
    result = validate_file(write(tmp_path, "f.xml", main_doc(body)), tei_all)
    assert result.status == "valid", [p.message for p in result.problems]


def test_network_is_never_used(tmp_path: Path, tei_all: str) -> None:
    body = '<xi:include href="http://127.0.0.1:9/part.xml"/>'
    result = validate_file(write(tmp_path, "n.xml", main_doc(body)), tei_all)
    assert any("never fetches" in p.message for p in result.problems)


def test_loops_and_depth_are_bounded(tmp_path: Path, tei_all: str) -> None:
    write(
        tmp_path,
        "loop.xml",
        f'{DIV}<xi:include href="loop.xml"/></div>',
    )
    result = validate_file(
        write(tmp_path, "l.xml", main_doc('<xi:include href="loop.xml"/>')), tei_all
    )
    assert any("loop" in p.message for p in result.problems)
    for i in range(12):
        write(
            tmp_path,
            f"d{i}.xml",
            f'{DIV}<xi:include href="d{i + 1}.xml"/></div>',
        )
    write(tmp_path, "d12.xml", '<p xmlns="http://www.tei-c.org/ns/1.0">end</p>')
    deep = validate_file(
        write(tmp_path, "deep.xml", main_doc('<xi:include href="d0.xml"/>')), tei_all
    )
    assert any("deeper than" in p.message for p in deep.problems)


def test_text_inclusion_and_xpointer(tmp_path: Path, tei_all: str) -> None:
    write(tmp_path, "t.txt", "plain & text")
    write(
        tmp_path, "ids.xml", '<div xmlns="http://www.tei-c.org/ns/1.0"><p xml:id="x1">one</p></div>'
    )
    body = (
        '<p><xi:include href="t.txt" parse="text"/></p><xi:include href="ids.xml" xpointer="x1"/>'
    )
    result = validate_file(write(tmp_path, "x.xml", main_doc(body)), tei_all)
    assert result.status == "valid", [p.message for p in result.problems]
    body = '<xi:include href="ids.xml" xpointer="nope"/>'
    missing = validate_file(write(tmp_path, "y.xml", main_doc(body)), tei_all)
    assert any("nope" in p.message for p in missing.problems)

"""Unbalanced brackets on real pages: recovered as a careful encoder would, said so, given back.

Each fixture imitates a fault seen on published pages (a ``[handwritten: …``
never closed before the next part, an endorsement whose ``[`` was lost, a
doubled bracket with one ``]``, a deletion never closed, an unclosed bracket and
a stray one paragraphs apart).  By default each converts with a warning at the
bracket's line and column, the recovered element says so (``rend="unclosed"``),
the TEI is valid for teikit's schema and for tei_all, and the transcription
comes back byte for byte, unbalanced as it was; ``--strict`` refuses it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import FIXTURES, jing_errors, normalised, shared

import teikit
from teikit.cli import main
from teikit.validate import validate_file
from teikit.xmlio import serialise

CASES = FIXTURES / "recovery"
# fixture -> the recoveries it needs: (code, line, column), and the element recovered
EXPECTED = {
    "unclosed-handwritten": ([("unclosed-bracket", 22, 1)], "add"),
    "stray-endorsement": ([("stray-bracket", 13, 43)], None),
    "doubled-one-closer": ([("unclosed-bracket", 13, 1)], "seg"),
    "unclosed-deletion": ([("unclosed-bracket", 9, 13)], "del"),
    "far-pair": ([("unclosed-bracket", 9, 1), ("stray-bracket", 17, 47)], "add"),
}


def test_every_fixture_has_its_expectations() -> None:
    assert sorted(p.stem for p in CASES.glob("*.txt")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_recovered_with_a_warning_and_given_back_exactly(name: str) -> None:
    path = CASES / f"{name}.txt"
    text = path.read_text("utf-8")
    conversion = teikit.convert_document(text, name=str(path))
    found = [(d.code, d.line, d.column) for d in conversion.diagnostics
             if d.code in ("unclosed-bracket", "stray-bracket")]
    expected, element = EXPECTED[name]
    assert found == expected
    assert all(d.path == str(path) for d in conversion.diagnostics)
    assert normalised(teikit.write(conversion.tree, "transcription")) == normalised(text)
    assert text == normalised(text) + "\n"  # the fixtures have no edge blank lines to forgive
    unclosed = conversion.tree.getroot().xpath(
        "//t:text//*[contains(concat(' ', @rend, ' '), ' unclosed ')]",
        namespaces={"t": "http://www.tei-c.org/ns/1.0"},
    )
    if element is None:
        assert unclosed == []
        assert "31 March 1958]" in "".join(conversion.tree.getroot().itertext())
    else:
        assert [el.tag.rpartition("}")[2] for el in unclosed][:1] == [element]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_golden_tei(name: str) -> None:
    path = CASES / f"{name}.txt"
    made = serialise(teikit.convert_document(path.read_bytes(), name=str(path)).tree)
    assert made == (CASES / f"{name}.xml").read_bytes()


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_recovered_tei_is_valid(name: str, tmp_path: Path) -> None:
    out = tmp_path / f"{name}.xml"
    out.write_bytes(serialise(teikit.convert_document((CASES / f"{name}.txt").read_bytes()).tree))
    result = validate_file(out, "teikit")
    assert result.status == "valid", [str(p) for p in result.problems]
    assert jing_errors(out, shared("ref", "schema", "tei_all.rng")) == []


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_strict_refuses_the_first_fault(name: str, tmp_path: Path) -> None:
    path = CASES / f"{name}.txt"
    result = CliRunner().invoke(main, ["convert", str(path), "--strict", "-o",
                                       str(tmp_path / "o.xml")])
    _code, line, col = EXPECTED[name][0][0]
    assert result.exit_code == 2 and not (tmp_path / "o.xml").exists()
    assert re.search(rf"{re.escape(str(path))}:{line}:{col}: error: ", result.stderr)


def test_explain_shows_each_recovery(tmp_path: Path) -> None:
    path = CASES / "far-pair.txt"
    result = CliRunner().invoke(main, ["convert", str(path), "--explain", "--json", "-o",
                                       str(tmp_path / "o.xml")])
    assert result.exit_code == 0
    records = json.loads(result.stdout)["files"][0]["explain"]
    recoveries = [(r["rule"], r["line"], r["column"]) for r in records if r["kind"] == "recovery"]
    assert recoveries == [("unclosed-bracket", 9, 1), ("stray-bracket", 17, 47)]
    (bracket,) = [r for r in records if r["kind"] == "bracket" and r["line"] == 9]
    assert 'rend="unclosed"' in bracket["tei"]


def test_a_bracket_spanning_one_blank_line_is_not_a_fault() -> None:
    text = "Text [handwritten: first part\n\nsecond part] and more text after it here."
    conversion = teikit.convert_document(text)
    assert not [d for d in conversion.diagnostics if d.code.endswith("-bracket")]
    assert normalised(teikit.write(conversion.tree, "transcription")) == text

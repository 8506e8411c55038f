"""After the first grammar error validation goes on; every problem has a line and a column."""

from __future__ import annotations

from pathlib import Path

from conftest import shared

from teikit.validate import validate_file

DOC = """<TEI xmlns="http://www.tei-c.org/ns/1.0" xmlns:cb="http://example.org/cb">
<teiHeader><fileDesc><titleStmt><title>t</title></titleStmt>
<publicationStmt><p>p</p></publicationStmt><sourceDesc><p>s</p></sourceDesc>
</fileDesc></teiHeader><text><body>
<div><head>one</head><p>a</p><head>late</head></div>
<p bogus="1">b</p>
  <cb:consultation/>
<div><p>c</p><head>late again</head></div>
</body></text></TEI>
"""


def test_independent_errors_after_the_first_are_found(tmp_path: Path) -> None:
    path = tmp_path / "many.xml"
    path.write_text(DOC, encoding="utf-8")
    result = validate_file(path, str(shared("ref", "schema", "tei_all.rng")))
    assert result.status == "invalid"
    lines = {p.line for p in result.errors}
    assert {5, 6, 7, 8} <= lines, [str(p) for p in result.problems]
    assert all(p.line is not None and p.column is not None for p in result.problems)
    consultation = next(p for p in result.errors if p.line == 7)
    assert "`cb:consultation`" in consultation.message and "{http" not in consultation.message
    assert consultation.column == 3
    bogus = next(p for p in result.errors if p.line == 6 and p.code == "attribute-not-allowed")
    assert "or a global attribute" in bogus.message or "global attributes" in bogus.message
    assert "xml:id" not in bogus.message  # the global attributes are not listed

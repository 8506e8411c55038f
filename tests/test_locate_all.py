"""Every grammar error jing reports, at its line, with a column and an editor's message."""

from __future__ import annotations

import csv
import re
import time
from pathlib import Path

import pytest
from conftest import jing_errors, shared

from teikit.validate import validate_file

DOC = """<TEI xmlns="http://www.tei-c.org/ns/1.0" xmlns:cb="http://example.org/cb">
<teiHeader><fileDesc><titleStmt><title>t</title></titleStmt>
<publicationStmt><p>p</p></publicationStmt><sourceDesc><p>s</p></sourceDesc>
</fileDesc></teiHeader><text><body>
<div><p>a</p><head>late</head></div>
<div><p bogus="1">b <date when="2020-13-45">x</date></p>
  <cb:consultation/>
  <list>stray<item>x</item></list>
  <list></list>
  <p><choice/></p></div>
<div><head>fine</head><p>fine</p></div>
</body></text></TEI>
"""

# (line, column, code, the message starts with)
EXPECTED = [
    (5, 14, "element-not-allowed", "element `head` is not allowed inside `div` at this point"),
    (6, 9, "attribute-not-allowed", "attribute `bogus` is not allowed on `p`; `p` takes"),
    (6, 27, "attribute-value", "attribute `when` of `date` has the value `2020-13-45`"),
    (7, 3, "element-not-allowed", "element `cb:consultation` is not allowed inside `div`"),
    (8, 3, "text-not-allowed", "`list` may not contain text here"),
    (9, 3, "element-missing", "`list` is missing a required element"),
    (10, 6, "element-missing", "`choice` is missing a required element"),
]


@pytest.fixture(scope="module")
def tei_all() -> Path:
    return shared("ref", "schema", "tei_all.rng")


def test_each_independent_error_is_located(tmp_path: Path, tei_all: Path) -> None:
    path = tmp_path / "errors.xml"
    path.write_text(DOC, encoding="utf-8")
    result = validate_file(path, str(tei_all))
    assert result.status == "invalid"
    got = [(p.line, p.column, p.code, p.message) for p in result.errors]
    for line, column, code, start in EXPECTED:
        assert any(
            (g[0], g[1], g[2]) == (line, column, code) and g[3].startswith(start) for g in got
        ), (line, code, got)
    assert len(got) == len(EXPECTED), got  # the valid last div adds nothing
    bogus = next(p for p in result.errors if p.code == "attribute-not-allowed")
    assert "or a global attribute" in bogus.message and "xml:id" not in bogus.message
    assert all("{http" not in p.message for p in result.errors)


def test_same_lines_as_jing(tmp_path: Path, tei_all: Path) -> None:
    path = tmp_path / "errors.xml"
    path.write_text(DOC, encoding="utf-8")
    jing = {
        int(m.group(1))
        for e in jing_errors(path, tei_all)
        if (m := re.search(r":(\d+):\d+: error", e))
    }
    ours = {p.line for p in validate_file(path, str(tei_all)).errors}
    assert jing == ours


def test_valid_stays_valid(tmp_path: Path, tei_all: Path) -> None:
    path = tmp_path / "ok.xml"
    path.write_text(re.sub(r"<body>.*</body>", "<body><p>x</p></body>", DOC, flags=re.S))
    assert validate_file(path, str(tei_all)).status == "valid"


def test_corpus_sample_covers_jing_lines(tei_all: Path) -> None:
    """On a sample of invalid corpus files, teikit finds ≥ 95 % of jing's error lines."""
    corpus = shared("ref", "corpus")
    table = shared("ref", "baselines", "corpus-per-file-status.tsv")
    with table.open(encoding="utf-8") as fh:
        rows = [
            r["file"] for r in csv.DictReader(fh, delimiter="\t") if r["jing_status"] == "invalid"
        ]
    sample = [corpus / f for f in rows if (corpus / f).stat().st_size < 400_000][::25][:8]
    found = wanted = 0
    start = time.perf_counter()
    for path in sample:
        jing = {
            int(m.group(1))
            for e in jing_errors(path, tei_all)
            if (m := re.search(r":(\d+):\d+: error", e))
        }
        result = validate_file(path, str(tei_all))
        assert all(p.line and p.column for p in result.problems)
        found += len(jing & {p.line for p in result.errors})
        wanted += len(jing)
    assert wanted and found >= 0.95 * wanted, (found, wanted)
    assert time.perf_counter() - start < 120

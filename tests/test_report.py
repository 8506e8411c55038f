"""What the command line prints: user data verbatim (never rich markup), batch warnings listed.

Square brackets are the transcription convention's own syntax, and rich reads
``[...]`` as markup: a ``[/x]`` in a transcription once crashed ``teikit
convert`` with a MarkupError, and ``[rng:attribute-value]`` vanished from
messages.  Everything printed from the documents must come out as it went in.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from conftest import SEED_TXT
from lxml import etree

from teikit import api
from teikit.build.builder import Conversion
from teikit.cli import main, report
from teikit.enrich.check import finding
from teikit.errors import Diagnostic
from teikit.tei import tei
from teikit.validate import FileResult, Report
from teikit.validate.results import problem as make_problem

# text rich would read as markup (a closing tag, a style, a link), or as an emoji code
BRACKETS = ("[/x]", "[rng:attribute-value]", "[zq blorf]")
TRICKY = "[/x] [rng:attribute-value] [zq blorf] [bold]b[/bold] [link=x]y[/link] :smile:"
TEXT = (
    "A letter [/x] about [zq blorf] and [rng:attribute-value] matters.\n"
    "\n"
    "The second [Provenance: box [bold] 3] paragraph.\n"
)
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
WARNING_LINE = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): warning: (?P<msg>.+)$")


def invoke(*args: str, env: dict[str, str] | None = None) -> Result:
    """Run teikit; fail on any exception (a MarkupError, say) other than the exit."""
    result = CliRunner(env={"COLUMNS": "200", **(env or {})}).invoke(main, list(args))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    assert "Traceback" not in result.stderr
    return result


@pytest.fixture
def letter(tmp_path: Path) -> Path:
    path = tmp_path / "letter.txt"
    path.write_text(TEXT, "utf-8")
    return path


def lines(text: str) -> list[str]:
    return [ANSI.sub("", line) for line in text.splitlines() if line.strip()]


# ------------------------------------------------------------------ convert


def test_bracket_text_in_warnings_and_explain_is_printed_verbatim(letter: Path) -> None:
    expected = [str(d) for d in api.convert_file(letter)[0].diagnostics]
    assert any("'[/x]'" in w for w in expected)  # the library does say it
    assert any("'[rng:attribute-value]'" in w for w in expected)
    result = invoke("convert", str(letter), "--explain")
    assert result.exit_code == 0
    assert result.stdout.startswith("<?xml")
    err = lines(result.stderr)
    for warning in expected:  # each warning whole, on one line
        assert warning in err, (warning, result.stderr)
    table = result.stderr.split("how each convention was read", 1)[1]
    for text in BRACKETS:
        assert text in table, text
    assert "[Provenance: box [bold] 3]" in table


def test_bracket_text_with_an_output_file_and_summary(letter: Path, tmp_path: Path) -> None:
    out = tmp_path / "letter.xml"
    result = invoke("convert", str(letter), "-o", str(out), "--explain")
    assert result.exit_code == 0 and out.exists()
    assert "'[/x]'" in result.stderr and "'[rng:attribute-value]'" in result.stderr
    assert "all in the text" in result.stderr and "warnings: " in result.stderr


def test_bracket_text_from_standard_input(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["convert", "-"], input=TEXT.encode())
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.exit_code == 0, result.stderr
    assert "<stdin>:1:10: warning:" in result.stderr and "'[/x]'" in result.stderr


def test_file_names_with_brackets(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("[zq blorf].txt").write_text(TEXT, "utf-8")
    Path("[rng:x]").mkdir()
    result = invoke("convert", "[zq blorf].txt", "-o", "[rng:x]/o.xml")
    assert result.exit_code == 0
    assert "[zq blorf].txt:1:10: warning:" in result.stderr
    assert "[zq blorf].txt → [rng:x]/o.xml" in result.stderr  # the summary's title


# ------------------------------------------------------------------ batches


@pytest.fixture
def batch(tmp_path: Path, letter: Path) -> Path:
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    shutil.copy(letter, folder / "letter.txt")
    (folder / "sub" / "plain.txt").write_text(
        "The ambassador met the minister.\n\nThey spoke [Archive: note] at length.\n", "utf-8"
    )
    shutil.copy(SEED_TXT, folder / SEED_TXT.name)  # no warnings
    return folder


def expected_warnings(folder: Path) -> list[str]:
    found = []
    for path in sorted(folder.rglob("*.txt")):
        found += [str(d) for d in api.convert_file(path)[0].diagnostics]
    return found


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_batch_lists_every_warning_after_the_summary(
    batch: Path, tmp_path: Path, jobs: str
) -> None:
    expected = expected_warnings(batch)
    assert len(expected) >= 4
    result = invoke("convert", str(batch), "--out-dir", str(tmp_path / "out"), "--jobs", jobs)
    assert result.exit_code == 0
    assert f"3 files: 3 done, 0 up to date, 0 failed, {len(expected)} warnings" in result.stdout
    listed = [line for line in lines(result.stderr) if WARNING_LINE.match(line)]
    assert listed == expected  # file by file, in input order, each FILE:LINE:COL
    for line in listed:
        m = WARNING_LINE.match(line)
        assert m and Path(m["path"]).is_file() and m["path"].startswith(str(batch))
    assert any(re.search(r"'\[/x\]' \[convert:[\w-]+\]$", line) for line in listed)
    assert any(re.search(r"'\[rng:attribute-value\]' \[convert:[\w-]+\]$", line)
               for line in listed)
    # after the per-file progress lines, not among them
    err = lines(result.stderr)
    last_progress = max(i for i, line in enumerate(err) if line.startswith("ok: "))
    assert err.index(listed[0]) > last_progress


def test_a_batch_on_a_terminal_lists_the_warnings_too(batch: Path, tmp_path: Path) -> None:
    expected = expected_warnings(batch)
    result = invoke(
        "convert", str(batch), "--out-dir", str(tmp_path / "out"), "--jobs", "1",
        env={"FORCE_COLOR": "1"},
    )
    assert result.exit_code == 0
    assert "\x1b[" in result.stderr  # a terminal: colours and the progress bar
    assert "ok: " not in result.stderr  # no plain progress lines
    listed = [line for line in lines(result.stderr) if WARNING_LINE.match(line)]
    assert listed == expected


def test_a_batch_without_warnings_lists_none(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SEED_TXT, folder / SEED_TXT.name)
    result = invoke("convert", str(folder), "--out-dir", str(tmp_path / "out"))
    assert result.exit_code == 0
    assert result.stdout.strip() == "1 file: 1 done, 0 up to date, 0 failed"
    assert not [line for line in lines(result.stderr) if WARNING_LINE.match(line)]


def test_a_failing_file_with_brackets_in_its_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("in").mkdir()
    Path("in", "[zq blorf].txt").write_text("A text [/x never closed\n", "utf-8")
    shutil.copy(SEED_TXT, Path("in", SEED_TXT.name))
    result = invoke("convert", "in", "--out-dir", "out", "--strict")
    assert result.exit_code == 2 and "1 failed" in result.stdout
    table = result.stderr.split("failures", 1)[1]  # after the plain progress lines
    assert "│ in/[zq blorf].txt │ in/[zq blorf].txt:1:8: error: " in table


# ------------------------------------------------------------------ validate


def invalid_tei(tmp_path: Path, name: str = "bad.xml") -> Path:
    """teikit's TEI with an attribute value its schema does not allow, full of brackets."""
    tree = api.convert_document(SEED_TXT.read_bytes(), name=SEED_TXT.name).tree
    p = tree.getroot().find(f".//{tei('body')}//{tei('p')}")
    assert p is not None
    note = etree.SubElement(p, tei("note"), type="editorial")
    note.set("subtype", "[/x] [zq blorf]")
    note.text = "x"
    path = tmp_path / name
    path.write_bytes(etree.tostring(tree, xml_declaration=True, encoding="UTF-8"))
    return path


def test_validation_problems_with_brackets_are_printed_verbatim(tmp_path: Path) -> None:
    bad = invalid_tei(tmp_path)
    (problem,) = [p for r in api.validate_inputs([str(bad)]).results for p in r.problems]
    assert "[/x] [zq blorf]" in str(problem) and "[rng:" in str(problem)
    result = invoke("validate", str(bad))
    assert result.exit_code == 1
    assert str(problem) in lines(result.stderr)
    assert "[rng:attribute-value]" in result.stderr
    assert result.stdout.strip() == "1 file, 0 valid, 1 invalid"


def test_validation_table_of_several_files_with_brackets(tmp_path: Path) -> None:
    bad = invalid_tei(tmp_path, "[zq blorf].xml")
    other = invalid_tei(tmp_path, "[rng:x] [bold].xml")
    result = invoke("validate", str(bad), str(other))
    assert result.exit_code == 1
    table = result.stderr.split("┏", 1)[1].split("┘", 1)[0]  # not the progress lines
    for path in (bad, other):
        assert re.search(rf"│ {re.escape(str(path))} +│ teikit │ invalid │ +1 │", table), table
    assert result.stderr.count("[rng:attribute-value]") == 2


# ------------------------------------------------------------------ report.py itself


def test_report_functions_print_tricky_text_verbatim(capsys: pytest.CaptureFixture[str]) -> None:
    report.warnings([f"x.txt:1:2: warning: {TRICKY}"])
    problem = make_problem("x.xml", 3, 4, "error", "rng", "attribute-value", TRICKY)
    report.problems(Report([FileResult("x.xml", "invalid", "teikit", [problem])]), 10)
    report.findings_table([finding("number", TRICKY, line=7)], "[zq blorf].xml")
    report.error(f"x.txt:1:1: error: {TRICKY}")
    err = capsys.readouterr().err
    assert f"x.txt:1:2: warning: {TRICKY}" in err
    assert f"x.xml:3:4: error: {TRICKY} [rng:attribute-value]" in err
    assert f"x.txt:1:1: error: {TRICKY}" in err
    assert "[zq blorf].xml: cross-language checks" in err
    assert "😄" not in err


def test_report_explain_table_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    conversion: Conversion = api.convert_document(TEXT, name="[zq blorf].txt")
    report.explain_table(conversion)
    err = capsys.readouterr().err
    for text in BRACKETS:
        assert text in err
    report.conversion(conversion, b"", "o.xml", explain=True, as_json=True)
    captured = capsys.readouterr()
    assert '"source": "[/x]"' in captured.out and "[rng:attribute-value]" in captured.out


def test_report_batch_warnings_name_file_line_and_column() -> None:
    from teikit.batch import OK, Outcome

    diagnostics = [
        Diagnostic("warning", "w", "first [/x]", 1, 2, "a.txt").as_dict(),
        Diagnostic("warning", "w", "second", 3, 4, None).as_dict(),
    ]
    outcome = Outcome("a.txt", "a.xml", OK, diagnostics=diagnostics)
    assert report.batch_warnings([outcome]) == [
        "a.txt:1:2: warning: first [/x] [convert:w]",
        "a.txt:3:4: warning: second [convert:w]",
    ]

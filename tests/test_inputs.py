"""Issue 16 §2-3: inputs checked for their kind, batches that keep going, one JSON shape.

Each command refuses the wrong kind of input before any work (convert refuses
XML; export and check refuse what is not TEI, and suggest convert for text);
conflicting options are usage errors; a missing file in a batch is one failed
result and ``--json`` always prints its report; every report has the keys
``command``, ``files`` and ``summary`` (last); ``--quiet`` keeps only the
errors; tables off a terminal do not cut paths; ``schema list`` says what is
installed and from where.
"""

from __future__ import annotations

import json
import re
import shutil
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from conftest import SEED_TEI, SEED_TXT

from teikit import inputs
from teikit.cli import main

KEYS = ["command", "files", "summary"]
HTML = b"<!DOCTYPE html>\n<html><head><title>x</title></head><body><p>x</p></body></html>\n"
OTHER_XML = b'<?xml version="1.0"?>\n<catalog><item>x</item></catalog>\n'
ERROR_LINE = re.compile(r"^(?P<path>.+?)(?::\d+:\d+)?: error: (?P<msg>.+)$")


def invoke(*args: str, env: dict[str, str] | None = None) -> Result:
    """Run teikit off a terminal; fail on any exception other than the exit."""
    result = CliRunner(env=env).invoke(main, list(args))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    assert "Traceback" not in result.stderr
    return result


def one_error(result: Result) -> str:
    """The one error line on stderr (``FILE: error: message``): its message."""
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert len(errors) == 1, result.stderr
    m = ERROR_LINE.match(errors[0])
    assert m, errors[0]
    return m["msg"]


def report(result: Result) -> dict[str, Any]:
    """The JSON report on stdout, with the keys every command's report has, in order."""
    data: dict[str, Any] = json.loads(result.stdout)
    assert list(data) == KEYS, list(data)
    return data


@pytest.fixture
def tei(tmp_path: Path) -> Path:
    path = tmp_path / "one.xml"
    shutil.copy(SEED_TEI, path)
    return path


# ------------------------------------------------------------------ §2 input kinds


def test_sniff_tells_the_kinds() -> None:
    assert inputs.sniff(b"\xef\xbb\xbf  A letter.\n") == (inputs.TEXT, None)
    assert inputs.sniff(HTML) == (inputs.HTML, "html")
    assert inputs.sniff(b"<html><body/></html>")[0] == inputs.HTML
    assert inputs.sniff(OTHER_XML) == (inputs.XML, "catalog")
    prolog = (
        b'<?xml version="1.0"?>\n<!-- c -->\n<?xml-model href="x.rng"?>\n'
        b'<tei:TEI xmlns:tei="x"/>'
    )
    assert inputs.sniff(prolog) == (inputs.TEI, "TEI")
    assert inputs.sniff(b" \n") == (inputs.EMPTY, None)
    assert inputs.sniff('<TEI xmlns="x"/>'.encode("utf-16")) == (inputs.TEI, "TEI")


@pytest.mark.parametrize("data", [SEED_TEI.read_bytes(), OTHER_XML], ids=["tei", "xml"])
def test_convert_refuses_xml(tmp_path: Path, data: bytes) -> None:
    source = tmp_path / "in.txt"
    source.write_bytes(data)
    out = tmp_path / "out.xml"
    result = invoke("convert", str(source), "-o", str(out))
    assert result.exit_code == 2
    assert one_error(result).startswith("this is XML: validate or export it")
    assert not out.exists()
    # in a batch it is that file's failure, named as such
    batch = invoke("convert", str(source), str(SEED_TXT), "--out-dir", str(tmp_path / "o"),
                   "--json")
    assert batch.exit_code == 2
    files = report(batch)["files"]
    assert [f["status"] for f in files] == ["error", "ok"]
    assert "this is XML: validate or export it" in files[0]["message"]


def test_convert_refuses_html_but_reads_a_transcription_opening_with_a_bracket(
    tmp_path: Path,
) -> None:
    page = tmp_path / "page.txt"
    page.write_bytes(HTML)
    result = invoke("convert", str(page))
    assert result.exit_code == 2 and "this is HTML" in one_error(result)
    angle = tmp_path / "angle.txt"
    angle.write_text("<illegible> a letter.\n\nAnother paragraph.\n", "utf-8")
    result = invoke("convert", str(angle))
    assert result.exit_code == 0 and result.stdout.startswith("<?xml")


@pytest.mark.parametrize("command", ["export", "check"])
def test_export_and_check_refuse_what_is_not_tei(tmp_path: Path, command: str) -> None:
    text = tmp_path / "letter.txt"
    shutil.copy(SEED_TXT, text)
    result = invoke(command, str(text))
    assert result.exit_code == 2
    message = one_error(result)
    assert message.startswith("this is plain text, not TEI") and "teikit convert" in message
    page = tmp_path / "page.html"
    page.write_bytes(HTML)
    result = invoke(command, str(page))
    assert result.exit_code == 2 and one_error(result).startswith("this is HTML, not TEI")
    assert "nothing to report" not in result.stderr
    other = tmp_path / "catalog.xml"
    other.write_bytes(OTHER_XML)
    result = invoke(command, str(other))
    assert result.exit_code == 2 and "root element is catalog" in one_error(result)


def test_check_takes_files_folders_and_globs(tmp_path: Path) -> None:
    folder = tmp_path / "tei"
    (folder / "sub").mkdir(parents=True)
    shutil.copy(SEED_TEI, folder / "a.xml")
    shutil.copy(SEED_TEI, folder / "sub" / "b.xml")
    for args in ([str(folder / "a.xml"), str(folder / "sub" / "b.xml")], [str(folder)],
                 [str(folder / "**" / "*.xml")]):
        result = invoke("check", *args, "--json")
        assert result.exit_code == 0, result.stderr
        data = report(result)
        assert data["command"] == "check"
        assert data["summary"] == {"files": 2, "ok": 2, "skipped": 0, "failed": 0}
        assert {Path(f["input"]).name for f in data["files"]} == {"a.xml", "b.xml"}
        assert all(any(x["code"] == "sic" for x in f["findings"]) for f in data["files"])
    result = invoke("check", str(folder))
    assert result.exit_code == 0
    assert result.stderr.count("cross-language checks") == 2
    assert result.stdout.startswith("2 files: 2 checked, 0 failed")
    # --apply on several inputs writes into --out-dir, mirroring the folders
    assert invoke("check", str(folder), "--apply").exit_code == 2
    out = tmp_path / "checked"
    result = invoke("check", str(folder), "--apply", "--out-dir", str(out))
    assert result.exit_code == 0, result.stderr
    written = out / "sub" / "b.xml"
    assert written.is_file() and b'resp="#teikit"' in written.read_bytes()


# ------------------------------------------------------------------ §2 conflicting options


@pytest.mark.parametrize(
    "args, named",
    [
        (["convert", str(SEED_TXT), "-o", "x.xml", "--out-dir", "d"], "-o and --out-dir"),
        (["export", str(SEED_TEI), "-o", "x.txt", "--out-dir", "d"], "-o and --out-dir"),
        (["export", str(SEED_TEI), "--to", "html", "--format", "csv"], "--format"),
        (["export", str(SEED_TEI), "--format", "json"], "--format"),
        (["export", str(SEED_TEI), "--view", "reading"], "--view"),
        (["check", str(SEED_TEI), "--apply", "-o", "x.xml", "--out-dir", "d"], "-o and --out-dir"),
        (["check", str(SEED_TEI), "--out-dir", "d"], "--apply"),
        (["check", str(SEED_TEI), "--apply", "--json"], "-o"),
        (["validate", str(SEED_TEI), "--json", "--quiet"], "--json and --quiet"),
        (["convert", str(SEED_TXT), "-o", "x.xml", "--json", "--quiet"], "--json and --quiet"),
    ],
)
def test_conflicting_options_are_usage_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], named: str
) -> None:
    monkeypatch.chdir(tmp_path)
    result = invoke(*args)
    assert result.exit_code == 2 and named in result.stderr, result.stderr
    assert not list(tmp_path.iterdir())  # nothing written


# ------------------------------------------------------------------ §2 missing files, JSON always


def test_validate_a_missing_file_is_one_error_entry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    shutil.copy(SEED_TEI, "a.xml")
    result = invoke("validate", "a.xml", "nosuch.xml", "--json")
    assert result.exit_code == 2
    data = report(result)
    assert data["summary"] == {"files": 2, "valid": 1, "invalid": 0, "error": 1}
    good, missing = data["files"]
    assert good["path"] == "a.xml" and good["status"] == "valid"
    assert missing["path"] == "nosuch.xml" and missing["status"] == "error"
    assert missing["problems"][0]["message"] == "cannot read: no such file"


@pytest.mark.parametrize("command", ["convert", "export"])
def test_a_missing_file_in_a_batch_is_one_failure(tmp_path: Path, command: str) -> None:
    source = SEED_TXT if command == "convert" else SEED_TEI
    out = tmp_path / "out"
    missing = str(tmp_path / f"nosuch{source.suffix}")
    result = invoke(command, str(source), missing, "--out-dir", str(out), "--json")
    assert result.exit_code == 2
    data = report(result)
    assert data["summary"] == {"files": 2, "ok": 1, "skipped": 0, "failed": 1}
    assert data["files"][1]["input"] == missing
    assert data["files"][1]["message"] == f"{missing}: error: cannot read: no such file"
    assert len(list(out.iterdir())) == 1  # the good file was written all the same
    # and on the terminal's report: the failure listed, the count in the summary
    result = invoke(command, str(source), missing, "--out-dir", str(tmp_path / "o2"))
    assert result.exit_code == 2 and "1 failed" in result.stdout and missing in result.stderr


def test_convert_json_reports_the_error_of_one_input(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("\n\n", "utf-8")
    result = invoke("convert", str(empty), "--json", "-o", str(tmp_path / "e.xml"))
    assert result.exit_code == 2
    data = report(result)
    assert data["summary"] == {"files": 1, "ok": 0, "skipped": 0, "failed": 1}
    (entry,) = data["files"]
    assert entry["status"] == "error" and entry["input"] == str(empty)
    assert "empty" in entry["message"]
    assert not (tmp_path / "e.xml").exists()


def test_export_json_of_one_input(tei: Path, tmp_path: Path) -> None:
    result = invoke("export", str(tei), "--json")
    assert result.exit_code == 0, result.stderr
    (entry,) = report(result)["files"]
    assert entry["status"] == "ok" and entry["output"] is None
    assert entry["content"] and entry["content"] == invoke("export", str(tei)).stdout
    out = tmp_path / "one.txt"
    result = invoke("export", str(tei), "--json", "-o", str(out))
    assert result.exit_code == 0
    (entry,) = report(result)["files"]
    assert entry["output"] == str(out) and "content" not in entry
    assert out.read_text("utf-8") == invoke("export", str(tei)).stdout


# ------------------------------------------------------------------ §3 one JSON shape


def test_batch_convert_gives_the_details_single_convert_gives(tmp_path: Path) -> None:
    single = invoke("convert", str(SEED_TXT), "--json", "-o", str(tmp_path / "s.xml"))
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SEED_TXT, folder / SEED_TXT.name)
    shutil.copy(SEED_TXT, folder / "copy.txt")
    batch = invoke("convert", str(folder), "--out-dir", str(tmp_path / "out"), "--json")
    assert single.exit_code == 0 and batch.exit_code == 0
    (one,) = report(single)["files"]
    entries = report(batch)["files"]
    assert len(entries) == 2
    for entry in entries:
        assert set(entry) == set(one)
        assert entry["elements"] == one["elements"] and entry["enriched"] == one["enriched"]
        assert entry["profile"] == "wilson-center"
        assert [(f["code"], f["line"], f["message"]) for f in entry["findings"]] == [
            (f["code"], f["line"], f["message"]) for f in one["findings"]
        ]
        assert entry["findings"] and entry["findings"][0]["path"] == entry["input"]


def test_every_report_has_command_files_and_summary_last(tei: Path, tmp_path: Path) -> None:
    runs = {
        "convert": ["convert", str(SEED_TXT), "--json", "-o", str(tmp_path / "c.xml")],
        "export": ["export", str(tei), "--json"],
        "check": ["check", str(tei), "--json"],
        "validate": ["validate", str(tei), "--json"],
    }
    for command, args in runs.items():
        data = report(invoke(*args))
        assert data["command"] == command and data["summary"]["files"] == 1
    for args in (["conventions", "list", "--json"], ["schema", "list", "--json"]):
        data = json.loads(invoke(*args).stdout)
        assert next(iter(data)) == "command" and list(data)[-1] == "summary"


# ------------------------------------------------------------------ §3 --quiet, paths, plurals


def test_quiet_prints_only_errors(tei: Path, tmp_path: Path) -> None:
    result = invoke("convert", str(SEED_TXT), "-o", str(tmp_path / "q.xml"), "--quiet")
    assert result.exit_code == 0 and result.stdout == "" and result.stderr == ""
    assert (tmp_path / "q.xml").is_file()
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SEED_TXT, folder / "a.txt")
    (folder / "b.txt").write_bytes(b"caf\xe9\n")
    result = invoke("convert", str(folder), "--out-dir", str(tmp_path / "out"), "-q")
    assert result.exit_code == 2 and result.stdout == ""
    assert one_error(result).startswith("invalid UTF-8")
    for args in (["check", str(tei)], ["export", str(tei), "-o", str(tmp_path / "e.txt")],
                 ["validate", str(tei)], ["conventions", "list"], ["schema", "list"]):
        result = invoke(*args, "--quiet")
        assert result.exit_code == 0 and result.stdout == "" and result.stderr == "", args
    result = invoke("convert", str(tei), "--quiet")
    assert result.exit_code == 2 and "this is XML" in one_error(result)


def invalid_copy(path: Path) -> Path:
    data = SEED_TEI.read_bytes().replace(b'<p ', b'<p rend="x" foo="bar" ', 1)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def test_tables_off_a_terminal_keep_whole_paths_and_list_a_file_once(tmp_path: Path) -> None:
    deep = tmp_path / ("a-rather-long-folder-name-" * 4) / "and-deeper-still"
    bad = invalid_copy(deep / "invalid-document-with-a-long-name.xml")
    good = deep / "valid-document-with-a-long-name.xml"
    shutil.copy(SEED_TEI, good)
    assert len(str(bad)) > 120
    result = invoke("validate", str(bad), str(good), env={"COLUMNS": "80"})
    assert result.exit_code == 1
    table = [line for line in result.stderr.splitlines() if line.startswith("│")]
    assert any(str(bad) in line and "invalid" in line for line in table), result.stderr
    assert any(str(good) in line and "valid" in line for line in table)
    # the failing file: once in the table; otherwise only in its problems' own lines
    mentions = [line for line in result.stderr.splitlines() if str(bad) in line]
    assert len([m for m in mentions if not m.startswith(f"{bad}:")]) == 1, mentions
    assert result.stdout.strip() == "2 files, 1 valid, 1 invalid"


def test_one_file_is_one_file(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SEED_TXT, folder / "a.txt")
    result = invoke("convert", str(folder), "--out-dir", str(tmp_path / "o"))
    assert result.stdout.startswith("1 file: 1 done")
    result = invoke("check", str(tmp_path / "o"))
    assert re.match(r"1 file: 1 checked, 0 failed, \d+ findings", result.stdout)


# ------------------------------------------------------------------ §3 schemas


GRAMMAR = (
    b'<grammar xmlns="http://relaxng.org/ns/structure/1.0"><!--\n'
    b"TEI Edition: P5 Version 4.9.0. Last updated on 24th January 2025\n-->"
    b'<start><element name="TEI"><empty/></element></start></grammar>'
)


def test_schema_list_names_version_and_origin(tmp_path: Path) -> None:
    env = {"TEIKIT_CACHE": str(tmp_path / "cache")}
    data = json.loads(invoke("schema", "list", "--json", env=env).stdout)
    rows = {r["name"]: r for r in data["schemas"]}
    assert rows["teikit"]["status"] == "shipped"
    assert rows["tei_all"]["status"] == "not installed" and rows["tei_all"]["path"] is None
    copy = tmp_path / "tei_all.rng"
    copy.write_bytes(GRAMMAR)
    assert invoke("schema", "install", "tei_all", "--from", str(copy), env=env).exit_code == 0
    data = json.loads(invoke("schema", "list", "--json", env=env).stdout)
    rows = {r["name"]: r for r in data["schemas"]}
    assert rows["tei_all"]["status"] == "installed"
    assert rows["tei_all"]["tei_version"] == "4.9.0"
    assert rows["tei_all"]["source"] == str(copy.resolve())
    assert data["summary"] == {"schemas": 2, "usable": 2}
    table = invoke("schema", "list", env=env).stdout
    assert "4.9.0" in table and str(copy.resolve()) in table and "shipped" in table


def test_schema_install_offline_suggests_from(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def offline(*args: object, **kwargs: object) -> None:
        raise urllib.error.URLError("[Errno -3] Temporary failure in name resolution")

    monkeypatch.setattr(urllib.request, "urlopen", offline)
    result = invoke("schema", "install", "tei_all", env={"TEIKIT_CACHE": str(tmp_path)})
    assert result.exit_code == 2
    message = one_error(result)
    assert "cannot download" in message and "--from FILE" in message
    assert "Temporary failure in name resolution" in message


def test_a_missing_xml_model_schema_is_named(tmp_path: Path) -> None:
    doc = tmp_path / "doc.xml"
    doc.write_text(
        '<?xml version="1.0"?>\n'
        '<?xml-model href="schemas/project-custom.rng" type="application/xml" '
        'schematypens="http://relaxng.org/ns/structure/1.0"?>\n'
        '<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader/><text><body><p>x</p></body>'
        "</text></TEI>\n",
        "utf-8",
    )
    result = invoke("validate", str(doc), "--json")
    assert result.exit_code == 2
    (entry,) = report(result)["files"]
    message = entry["problems"][0]["message"]
    assert "schemas/project-custom.rng" in message and "xml-model" in message
    assert "--schema" in message

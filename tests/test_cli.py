"""The command line: bad input, exit codes, safe writes, help with examples, JSON."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import SEED_TXT, normalised

from teikit.cli import main

ERROR_LINE = re.compile(
    r"^(?P<path>[^:]+)(?::(?P<line>\d+):(?P<col>\d+))?: error: (?P<msg>.+)$"
)


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def one_error(stderr: str) -> re.Match[str]:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr
    m = ERROR_LINE.match(lines[0])
    assert m, lines[0]
    return m


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


# ------------------------------------------------------------------ bad input


def test_empty_file(tmp_path: Path) -> None:
    path = write(tmp_path, "empty.txt", b"\n\n  \n")
    code, _, err = run("convert", str(path), "-o", str(tmp_path / "o.xml"))
    assert code == 2
    assert "empty" in err and str(path) in err and "Traceback" not in err
    assert not (tmp_path / "o.xml").exists()


def test_binary_file(tmp_path: Path) -> None:
    path = write(tmp_path, "bin.txt", b"PK\x03\x04\x00\x00garbage")
    code, _, err = run("convert", str(path))
    assert code == 2
    m = one_error(err)
    assert "binary" in m["msg"] and m["line"] == "1" and m["col"] == "5"


def test_invalid_utf8_reports_byte_offset(tmp_path: Path) -> None:
    path = write(tmp_path, "bad.txt", "Title\n\nSome text and \xff more".encode("latin-1"))
    code, _, err = run("convert", str(path))
    assert code == 2
    m = one_error(err)
    assert "byte offset 21" in m["msg"] and (m["line"], m["col"]) == ("3", "15")


def test_utf16_is_refused_clearly(tmp_path: Path) -> None:
    path = write(tmp_path, "u16.txt", "Text".encode("utf-16"))
    code, _, err = run("convert", str(path))
    assert code == 2 and "UTF-16" in one_error(err)["msg"]


def test_unclosed_bracket_names_where_it_opened(tmp_path: Path) -> None:
    text = "First paragraph of the letter.\n\nSecond [handwritten: never\n\nclosed here."
    path = write(tmp_path, "open.txt", text.encode())
    code, _, err = run("convert", str(path), "-o", str(tmp_path / "o.xml"), "--strict")
    assert code == 2
    m = one_error(err)
    assert (m["line"], m["col"]) == ("3", "8") and "never closed" in m["msg"]
    assert not (tmp_path / "o.xml").exists()


def test_unclosed_bracket_is_recovered_by_default(tmp_path: Path) -> None:
    text = "First paragraph of the letter.\n\nSecond [handwritten: never\n\nclosed here."
    path = write(tmp_path, "open.txt", text.encode())
    out = tmp_path / "o.xml"
    code, _, err = run("convert", str(path), "-o", str(out))
    assert code == 0 and out.exists()
    assert re.search(r"open\.txt:3:8: warning: the bracket opened here is never closed", err)
    code, written, _ = run("export", str(out), "--to", "transcription")
    assert code == 0 and normalised(written) == text


def test_stray_closing_bracket_is_text_by_default(tmp_path: Path) -> None:
    path = write(tmp_path, "stray.txt", b"A sentence] with a stray bracket.")
    code, out, err = run("convert", str(path))
    assert code == 0 and "A sentence] with a stray bracket." in out
    assert re.search(r"stray\.txt:1:11: warning: a '\]' closes no bracket", err)


def test_stray_closing_bracket(tmp_path: Path) -> None:
    path = write(tmp_path, "stray.txt", b"A sentence] with a stray bracket.")
    code, _, err = run("convert", str(path), "--strict")
    m = one_error(err)
    assert code == 2 and (m["line"], m["col"]) == ("1", "11") and "closes no bracket" in m["msg"]


def test_no_metadata_block_converts_the_body_and_warns(tmp_path: Path) -> None:
    text = "The ambassador met the minister.\n\nThey spoke about [the] harvest of the year."
    path = write(tmp_path, "plain.txt", text.encode())
    out = tmp_path / "plain.xml"
    code, _, err = run("convert", str(path), "-o", str(out))
    assert code == 0
    assert "no metadata block" in err
    code, written, _ = run("export", str(out), "--to", "transcription")
    assert code == 0 and normalised(written) == text


def test_unknown_label_is_kept_with_a_warning(tmp_path: Path) -> None:
    text = "The letter was sent. [Provenance: Box 3, 1956] It arrived late in the evening."
    path = write(tmp_path, "label.txt", text.encode())
    code, xml, err = run("convert", str(path))
    assert code == 0
    assert re.search(r"label\.txt:1:22: warning: bracket not recognised", err)
    assert '<note type="editorial" subtype="unrecognised">Provenance: Box 3, 1956</note>' in xml


def test_control_character_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "ctl.txt", b"Text with a \x07 bell.")
    code, _, err = run("convert", str(path))
    m = one_error(err)
    assert code == 2 and (m["line"], m["col"]) == ("1", "13") and "U+0007" in m["msg"]


def test_missing_input(tmp_path: Path) -> None:
    code, _, err = run("convert", str(tmp_path / "nope.txt"))
    assert code == 2 and "cannot read" in err and "Traceback" not in err


def test_not_xml_for_export(tmp_path: Path) -> None:
    path = write(tmp_path, "bad.xml", b"<TEI><teiHeader></TEI>")
    code, _, err = run("export", str(path), "--to", "transcription")
    m = one_error(err)
    assert code == 2 and m["line"] == "1" and "not well-formed" in m["msg"]


def test_export_never_reads_external_entities(tmp_path: Path) -> None:
    secret = write(tmp_path, "secret.txt", b"TOP-SECRET-CONTENT")
    xml = (
        f'<!DOCTYPE TEI [<!ENTITY x SYSTEM "file://{secret}">]>'
        '<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><p>a &x; b</p></body></text></TEI>'
    ).encode()
    path = write(tmp_path, "xxe.xml", xml)
    code, out, _ = run("export", str(path), "--to", "transcription")
    assert code == 0 and "TOP-SECRET-CONTENT" not in out


# ------------------------------------------------------------------ writing files


def test_no_overwrite_without_force(tmp_path: Path) -> None:
    out = tmp_path / "o.xml"
    out.write_text("keep me")
    code, _, err = run("convert", str(SEED_TXT), "-o", str(out))
    assert code == 2 and "--force" in err
    assert out.read_text() == "keep me"
    code, _, _ = run("convert", str(SEED_TXT), "-o", str(out), "--force")
    assert code == 0 and out.read_text().startswith("<?xml")


def test_failed_conversion_leaves_no_file(tmp_path: Path) -> None:
    path = write(tmp_path, "open.txt", b"Text [unclosed")
    out = tmp_path / "o.xml"
    out.write_text("old")
    code, _, _ = run("convert", str(path), "-o", str(out), "--force", "--strict")
    assert code == 2 and out.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["o.xml", "open.txt"]


def test_failing_write_leaves_no_partial_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "o.xml"

    def broken_fsync(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    code, _, err = run("convert", str(SEED_TXT), "-o", str(out))
    assert code == 2 and "No space left" in err
    assert list(tmp_path.iterdir()) == []


def test_unwritable_folder_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile

    def refused(*args: object, **kwargs: object) -> tuple[int, str]:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refused)
    code, _, err = run("convert", str(SEED_TXT), "-o", str(tmp_path / "o.xml"))
    m = one_error(err)
    assert code == 2 and "cannot write" in m["msg"] and "Permission denied" in m["msg"]


def test_read_only_folder(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        if os.access(folder, os.W_OK):
            pytest.skip("running as a user who can write anywhere (root)")
        code, _, err = run("convert", str(SEED_TXT), "-o", str(folder / "o.xml"))
        assert code == 2 and "cannot write" in err
    finally:
        folder.chmod(0o700)


# ------------------------------------------------------------------ output


def test_convert_to_stdout_and_summary_with_output(tmp_path: Path) -> None:
    code, xml, _ = run("convert", str(SEED_TXT))
    assert code == 0 and xml.startswith("<?xml") and "<teiHeader>" in xml
    code, out, err = run("convert", str(SEED_TXT), "-o", str(tmp_path / "s.xml"))
    assert code == 0 and out == ""
    assert "hand-annotator" in err and "warnings: 0" in err and "supplied" in err


def test_json_report(tmp_path: Path) -> None:
    code, out, _ = run("convert", str(SEED_TXT), "-o", str(tmp_path / "s.xml"), "--json")
    assert code == 0
    report = json.loads(out)
    assert list(report) == ["command", "files", "summary"] and report["command"] == "convert"
    assert report["summary"] == {"files": 1, "ok": 1, "skipped": 0, "failed": 0}
    (entry,) = report["files"]
    assert entry["output"] == str(tmp_path / "s.xml") and entry["status"] == "ok"
    assert entry["elements"]["supplied"] == 7 and entry["diagnostics"] == []


def test_json_needs_an_output_file() -> None:
    code, _, err = run("convert", str(SEED_TXT), "--json")
    assert code == 2 and "-o" in err


def test_export_round_trip_through_files(tmp_path: Path) -> None:
    xml = tmp_path / "s.xml"
    txt = tmp_path / "s.txt"
    assert run("convert", str(SEED_TXT), "-o", str(xml))[0] == 0
    assert run("export", str(xml), "--to", "transcription", "-o", str(txt))[0] == 0
    assert normalised(txt.read_text("utf-8")) == normalised(SEED_TXT.read_text("utf-8"))


def test_unknown_export_format_is_a_usage_error(tmp_path: Path) -> None:
    code, _, err = run("export", str(SEED_TXT), "--to", "pdf")
    assert code == 2 and "pdf" in err


@pytest.mark.parametrize(
    "command", [[], ["convert"], ["export"], ["conventions"], ["conventions", "list"]]
)
def test_help_has_an_example(command: list[str]) -> None:
    code, out, _ = run(*command, "--help")
    assert code == 0 and "Example" in out and "teikit " in out

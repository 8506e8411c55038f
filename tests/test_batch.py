"""Batches: folders and globs, outputs mirroring the input tree, failures, --update, Ctrl-C."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import FIXTURES, SEED_TEI, SEED_TXT, normalised
from lxml import etree

from teikit.cli import main

TEIKIT = str(Path(sys.executable).parent / "teikit")


def interruptible() -> None:
    """In the child: Ctrl-C as a terminal gives it (a test run in the background of a
    shell inherits SIGINT ignored, and Python then never raises KeyboardInterrupt)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A folder of transcriptions in two sub-folders."""
    root = tmp_path / "in"
    (root / "a").mkdir(parents=True)
    (root / "b" / "c").mkdir(parents=True)
    shutil.copy(SEED_TXT, root / "a" / SEED_TXT.name)
    for fixture in sorted((FIXTURES / "rules").glob("*.txt"))[:3]:
        shutil.copy(fixture, root / "b" / "c" / fixture.name)
    (root / "b" / "notes.md").write_text("not a transcription", "utf-8")
    return root


def outputs(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_convert_a_folder_mirrors_its_tree(tree: Path, tmp_path: Path, jobs: str) -> None:
    out = tmp_path / f"out{jobs}"
    code, stdout, err = run("convert", str(tree), "--out-dir", str(out), "--jobs", jobs)
    assert code == 0, err
    inputs = sorted(str(p.relative_to(tree).with_suffix(".xml")) for p in tree.rglob("*.txt"))
    assert outputs(out) == inputs
    for path in out.rglob("*.xml"):
        etree.parse(str(path))  # whole, well-formed files
    assert "4 files: 4 done, 0 up to date, 0 failed" in stdout
    assert f"ok: {tree / 'a' / SEED_TXT.name}" in err  # plain lines when not on a terminal


def test_jobs_give_the_same_files(tree: Path, tmp_path: Path) -> None:
    run("convert", str(tree), "--out-dir", str(tmp_path / "one"), "--jobs", "1")
    run("convert", str(tree), "--out-dir", str(tmp_path / "two"), "--jobs", "2")
    for path in (tmp_path / "one").rglob("*.xml"):
        other = tmp_path / "two" / path.relative_to(tmp_path / "one")
        assert path.read_bytes() == other.read_bytes()


def test_a_failing_file_does_not_stop_the_batch(tree: Path, tmp_path: Path) -> None:
    (tree / "a" / "broken.txt").write_text("A text [never closed\n", "utf-8")
    out = tmp_path / "out"
    code, stdout, _ = run("convert", str(tree), "--out-dir", str(out), "--json", "--strict")
    assert code == 2  # an unclosed bracket fails only a strict batch (else it is recovered)
    report = json.loads(stdout)
    assert list(report) == ["command", "files", "summary"] and report["command"] == "convert"
    assert report["summary"] == {"files": 5, "ok": 4, "skipped": 0, "failed": 1}
    (failed,) = [f for f in report["files"] if f["status"] == "error"]
    assert failed["input"].endswith("broken.txt") and (failed["line"], failed["column"]) == (1, 8)
    assert "never closed" in failed["message"]
    assert not (out / "a" / "broken.xml").exists()
    assert (out / "a" / SEED_TXT.with_suffix(".xml").name).exists()


def test_failures_are_listed_in_a_table(tree: Path, tmp_path: Path) -> None:
    (tree / "a" / "broken.txt").write_bytes(b"caf\xe9\n")
    code, stdout, err = run("convert", str(tree), "--out-dir", str(tmp_path / "o"))
    assert code == 2 and "failures" in err and "invalid UTF-8" in err
    assert "1 failed" in stdout


def test_no_overwrite_without_force_and_update_refreshes(tree: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run("convert", str(tree), "--out-dir", str(out))[0] == 0
    target = out / "a" / SEED_TXT.with_suffix(".xml").name
    target.write_text("edited by hand", "utf-8")
    code, stdout, _ = run("convert", str(tree), "--out-dir", str(out))
    assert code == 2 and "4 failed" in stdout
    assert target.read_text("utf-8") == "edited by hand"
    # --update: the outputs are newer than their inputs, so nothing is rewritten
    code, stdout, _ = run("convert", str(tree), "--out-dir", str(out), "--update")
    assert code == 0 and "0 done, 4 up to date" in stdout
    assert target.read_text("utf-8") == "edited by hand"
    # an input changed after its output: only that one is rewritten
    source = tree / "a" / SEED_TXT.name
    later = time.time() + 5
    os.utime(source, (later, later))
    code, stdout, _ = run("convert", str(tree), "--out-dir", str(out), "--update")
    assert code == 0 and "1 done, 3 up to date" in stdout
    assert target.read_text("utf-8").startswith("<?xml")
    code, stdout, _ = run("convert", str(tree), "--out-dir", str(out), "--force")
    assert code == 0 and "4 done" in stdout


def test_globs_and_several_files(tree: Path, tmp_path: Path) -> None:
    pattern = str(tree / "b" / "c" / "*.txt")
    code, _, _ = run("convert", pattern, "--out-dir", str(tmp_path / "g"))
    assert code == 0 and outputs(tmp_path / "g") == sorted(
        p.with_suffix(".xml").name for p in (tree / "b" / "c").glob("*.txt")
    )
    code, _, err = run("convert", str(SEED_TXT), str(SEED_TXT))
    assert code == 2 and "--out-dir" in err
    code, _, err = run("convert", str(tmp_path / "nothing-*.txt"), "--out-dir", str(tmp_path))
    assert code == 2 and "matches no file" in err


def test_export_a_folder(tmp_path: Path) -> None:
    src = tmp_path / "tei" / "x"
    src.mkdir(parents=True)
    shutil.copy(SEED_TEI, src / SEED_TEI.name)
    shutil.copy(SEED_TEI, src / "copy.xml")
    out = tmp_path / "html"
    code, _, err = run("export", str(tmp_path / "tei"), "--to", "html", "--out-dir", str(out))
    assert code == 0, err
    assert outputs(out) == sorted([f"x/{SEED_TEI.stem}.html", "x/copy.html"])
    code, _, _ = run("export", str(tmp_path / "tei"), "--to", "text", "--view", "diplomatic",
                     "--out-dir", str(tmp_path / "txt"))
    assert code == 0 and outputs(tmp_path / "txt") == sorted(
        [f"x/{SEED_TEI.stem}.diplomatic.txt", "x/copy.diplomatic.txt"]
    )
    code, _, _ = run("export", str(tmp_path / "tei"), "--out-dir", str(tmp_path / "back"))
    written = (tmp_path / "back" / "x" / f"{SEED_TEI.stem}.txt").read_text("utf-8")
    assert code == 0 and normalised(written) == normalised(SEED_TXT.read_text("utf-8"))


def test_standard_input(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["convert", "-"], input=SEED_TXT.read_bytes())
    assert result.exit_code == 0 and result.stdout.startswith("<?xml")
    result = CliRunner().invoke(main, ["export", "-", "--to", "transcription"],
                                input=SEED_TEI.read_bytes())
    assert result.exit_code == 0
    assert normalised(result.stdout) == normalised(SEED_TXT.read_text("utf-8"))
    result = CliRunner().invoke(main, ["validate", "-"], input=SEED_TEI.read_bytes())
    assert result.exit_code == 0 and "1 valid" in result.stdout


def test_interrupt_leaves_no_half_written_file(tmp_path: Path) -> None:
    """Ctrl-C in the middle of a batch: whole outputs or none, never a temporary file."""
    folder = tmp_path / "many"
    folder.mkdir()
    text = SEED_TXT.read_text("utf-8")
    for i in range(400):
        (folder / f"doc{i:03d}.txt").write_text(text, "utf-8")
    out = tmp_path / "out"
    proc = subprocess.Popen(
        [TEIKIT, "convert", str(folder), "--out-dir", str(out), "--jobs", "2"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
        preexec_fn=interruptible,
    )
    deadline = time.time() + 60
    while time.time() < deadline and len(list(out.glob("*.xml"))) < 10:
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGINT)  # as a terminal's Ctrl-C does
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err
    assert b"Traceback" not in err
    written = list(out.glob("*.xml"))
    assert 10 <= len(written) < 400
    assert [p for p in out.iterdir() if p.suffix != ".xml"] == []  # no temporary files
    for path in written:
        etree.parse(str(path))

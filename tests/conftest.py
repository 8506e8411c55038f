"""Shared test helpers: paths, the reference data in ../shared, jing."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SAMPLE = "mikoyan-cpsu-cc-1956-09-19"
SEED_TXT = ROOT / "data" / "transcriptions" / f"{SAMPLE}.txt"
SEED_TEI = ROOT / "data" / "tei" / f"{SAMPLE}.xml"
FIXTURES = ROOT / "tests" / "fixtures"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def shared(*parts: str) -> Path:
    """A path in ../shared; skip (fail in CI) when the reference data is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        if IN_CI:
            pytest.fail(f"CI must have the reference data: {path} is missing")
        pytest.skip(f"reference data not available: {path} (a clone without ../shared)")
    return path


def jing_errors(xml: Path, schema: Path) -> list[str]:
    """jing's messages for ``xml`` against ``schema`` (empty when valid)."""
    exe = shutil.which("jing")
    if exe is None:
        if IN_CI:
            pytest.fail("jing is required in CI (.ci/run installs it)")
        pytest.skip("jing is not installed (apt-get install jing)")
    result = subprocess.run([exe, str(schema), str(xml)], capture_output=True, text=True)
    return [line for line in result.stdout.splitlines() if line.strip()]


def normalised(text: str) -> str:
    """The round-trip comparison: LF endings, no spaces at line ends, no edge blank lines."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(line.rstrip(" \t") for line in text.split("\n")).strip("\n")


def corpus_jing_verdicts() -> dict[str, str]:
    """jing's verdict on every corpus file (``valid``/``invalid``), by path under the corpus.

    The baselines were taken without expanding XInclude; jing expands it, and so
    does teikit, so the files with an ``xi:include`` are given jing's verdict of
    this run (one JVM for them all).
    """
    import csv

    corpus = shared("ref", "corpus")
    table = shared("ref", "baselines", "corpus-per-file-status.tsv")
    with table.open(encoding="utf-8") as fh:
        verdicts = {row["file"]: row["jing_status"] for row in csv.DictReader(fh, delimiter="\t")}
    including = [rel for rel in verdicts if b"XInclude" in (corpus / rel).read_bytes()]
    if including:
        exe = shutil.which("jing")
        if exe is None:
            if IN_CI:
                pytest.fail("jing is required in CI (.ci/run installs it)")
            pytest.skip("jing is not installed (apt-get install jing)")
        schema = shared("ref", "schema", "tei_all.rng")
        todo = [str((corpus / rel).resolve()) for rel in including]
        bad: set[str] = set()
        while todo:  # jing checks no further file after a fatal error: go on after it
            out = subprocess.run([exe, str(schema), *todo], capture_output=True, text=True).stdout
            fatal = None
            for line in out.splitlines():
                where = str(Path(line.split(":", 1)[0]).resolve())
                if ": error:" in line or ": fatal:" in line:
                    bad.add(where)
                if ": fatal:" in line and fatal is None:
                    fatal = where
            todo = todo[todo.index(fatal) + 1 :] if fatal in todo else []
        for rel in including:
            verdicts[rel] = "invalid" if str((corpus / rel).resolve()) in bad else "valid"
    return verdicts

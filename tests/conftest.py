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

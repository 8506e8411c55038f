"""``teikit new``: the transcription template, and ``teikit conventions list`` at 80 columns."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from teikit.api import transcription_template
from teikit.cli import main
from teikit.config import ENV_VAR
from teikit.profiles import load_profile

NS = {"t": "http://www.tei-c.org/ns/1.0"}


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()  # no config file above is read
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv(ENV_VAR, raising=False)
    return tmp_path


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def converted(name: str, *extra: str) -> tuple[dict[str, object], etree._ElementTree]:
    """Convert ``name``.txt to ``name``.xml; the JSON entry and the TEI."""
    code, stdout, stderr = run("convert", f"{name}.txt", "-o", f"{name}.xml", "--json", *extra)
    assert code == 0, stderr
    entry: dict[str, object] = json.loads(stdout)["files"][0]
    return entry, etree.parse(f"{name}.xml")


def test_new_writes_a_template_that_converts_without_warnings(here: Path) -> None:
    code, _, stderr = run("new", "letter")
    assert code == 0 and "letter.txt" in stderr
    text = (here / "letter.txt").read_text("utf-8")
    for label in ("Citation:", "Summary:", "Original Language:", "Contents:"):
        assert f"\n{label}\n" in text
    entry, tree = converted("letter")
    assert entry["diagnostics"] == [] and entry["profile"] == "wilson-center"
    header = tree.find("t:teiHeader", NS)
    assert header is not None
    assert header.findtext(".//t:title[@type='main']", namespaces=NS) == "Title of the document"
    assert header.xpath("string(.//t:persName[@xml:id='translator'])", namespaces=NS) == (
        "Translator Name"
    )
    assert header.find(".//t:idno[@type='URL']", NS) is not None
    assert header.find(".//t:idno[@type='fond']", NS) is not None
    assert header.find(".//t:abstract", NS) is not None
    assert [lang.get("ident") for lang in header.iterfind(".//t:language", NS)] == ["ru", "en"]


def test_new_never_overwrites_without_force(here: Path) -> None:
    (here / "letter.txt").write_text("mine\n", "utf-8")
    code, _, stderr = run("new", "letter.txt")
    assert code == 2 and "exists" in stderr and "--force" in stderr
    assert (here / "letter.txt").read_text("utf-8") == "mine\n"
    code, _, _ = run("new", "letter", "--force", "--title", "Note from   the Embassy")
    assert code == 0
    assert "\nNote from the Embassy\n" in (here / "letter.txt").read_text("utf-8")
    assert not (here / "letter.txt.txt").exists()


def test_frus_template_has_heading_and_source_note(here: Path) -> None:
    code, _, _ = run("new", "telegram", "--profile", "frus", "--title", "Telegram From Tehran")
    assert code == 0
    text = (here / "telegram.txt").read_text("utf-8")
    assert text.startswith("1. Telegram From Tehran1\n") and "\n1. Source: " in text
    assert "Citation:" not in text
    entry, tree = converted("telegram")
    assert entry["diagnostics"] == [] and entry["profile"] == "frus"  # --profile auto chose it
    assert tree.findtext(".//t:title[@type='main']", namespaces=NS) == "Telegram From Tehran"


def test_profile_from_config_chooses_the_template(here: Path) -> None:
    (here / "teikit.toml").write_text('profile = "frus"\n', "utf-8")
    assert run("new", "doc")[0] == 0
    assert (here / "doc.txt").read_text("utf-8") == transcription_template("frus")


def test_template_follows_the_profiles_fields(here: Path) -> None:
    base = load_profile()
    path = here / "mine.toml"
    path.write_text(
        'name = "mine"\nextends = "wilson-center"\ndescription = "x"\n[metadata]\n'
        'fields = [{ label = "Citation", target = "citation" }]\n',
        "utf-8",
    )
    text = transcription_template(str(path))
    assert "Citation:" in text and "Summary:" not in text
    assert "Summary:" in transcription_template(base)
    code, _, stderr = run("new", "x", "--profile", "nope")
    assert code == 2 and "no profile named 'nope'" in stderr


# ---------------------------------------------------------------------------- conventions list


@pytest.mark.parametrize("profile", ["wilson-center", "frus"])
def test_conventions_list_fits_80_columns_with_whole_rule_names(here: Path, profile: str) -> None:
    code, stdout, _ = run("conventions", "list", "--profile", profile)
    assert code == 0
    lines = stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    starts = {line.split()[0] for line in lines if line and not line[0].isspace()}
    rules = load_profile(profile).rules
    assert all(rule.name in starts for rule in rules)  # each name whole, at a line's start
    assert len(lines) < 4 * len(rules)
    code, with_tei, _ = run("conventions", "list", "--profile", profile, "--tei")
    assert "TEI: <pb" in with_tei and "TEI: " not in stdout
    assert max(len(line) for line in with_tei.splitlines()) <= 80

"""The documentation keeps up: every command, every rule and every decision is in the README."""

from __future__ import annotations

import re

import pytest
from conftest import ROOT

from teikit.cli import main
from teikit.profiles import load_profile

README = (ROOT / "README.md").read_text(encoding="utf-8")
SCHEMA_README = (ROOT / "schema" / "README.md").read_text(encoding="utf-8")
# the README and the guide in docs/
GUIDE = "\n".join(
    [README, *(p.read_text(encoding="utf-8") for p in sorted((ROOT / "docs").rglob("*.md")))]
)


def test_readme_starts_with_the_two_commands() -> None:
    head = README.split("\n## ", 1)[0]
    assert "make demo" in head and "make test" in head


@pytest.mark.parametrize("command", sorted(main.commands))  # type: ignore[attr-defined]
def test_every_command_is_documented(command: str) -> None:
    assert re.search(rf"teikit {command}\b", GUIDE), f"no document shows `teikit {command}`"


@pytest.mark.parametrize("rule", [r.name for r in load_profile().rules])
def test_every_rule_is_in_the_conventions_table(rule: str) -> None:
    assert re.search(rf"^\| `{re.escape(rule)}` \|", README, re.M), rule


@pytest.mark.parametrize("rule", [r for r in load_profile().rules])  # type: ignore[misc]
def test_every_rule_has_a_description_and_an_example(rule) -> None:  # type: ignore[no-untyped-def]
    assert rule.description and rule.example, rule.name


def test_encoding_choices_are_stated_in_schema_readme() -> None:
    for element in ("app", "rdg", "listWit", "choice", "sic", "corr", "supplied", "add", "del"):
        assert f"`{element}`" in SCHEMA_README, element


def test_changelog_has_this_version() -> None:
    import teikit

    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert f"## {teikit.__version__}" in changelog

"""The documentation keeps up with the code.

- the README starts with the two make commands, shows every command and stays under 20 KB;
- every command and every option of the command line (the click tree of ``teikit.cli.main``)
  is in ``docs/commands.md``, under the command's own heading;
- every rule of every shipped profile is in the tables the conventions page is built from
  (the generator is tested directly, no MkDocs needed);
- the encoding decisions stay stated (``schema/README.md``), and what the guide says of
  teikit's additions in the diplomatic view is what the writer does;
- every shell example (a ```console block's ``$ teikit …`` lines) in README.md and docs/*.md
  runs with the exit code it shows (``# exit N``, else 0), in a temporary folder holding the
  bundled sample; a block after ``<!-- no-run -->`` is skipped;
- the site builds with ``mkdocs build --strict`` (when MkDocs is installed; always in CI).
"""

from __future__ import annotations

import importlib.util
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import click
import pytest
from conftest import IN_CI, ROOT

from teikit.cli import main
from teikit.profiles import load_profile, shipped_profiles
from teikit.profiles.rule_table import markdown_tables

README = (ROOT / "README.md").read_text(encoding="utf-8")
SCHEMA_README = (ROOT / "schema" / "README.md").read_text(encoding="utf-8")
DOCS = ROOT / "docs"
COMMANDS_PAGE = (DOCS / "commands.md").read_text(encoding="utf-8")


def command_paths(group: click.Group = main, prefix: str = "") -> list[tuple[str, click.Command]]:
    """Every command of the click tree as ("schema install", command), groups walked."""
    found: list[tuple[str, click.Command]] = []
    for name, command in sorted(group.commands.items()):
        path = f"{prefix}{name}"
        if isinstance(command, click.Group):
            found += command_paths(command, path + " ")
        else:
            found.append((path, command))
    return found


def options_of(command: click.Command) -> list[str]:
    """Every option spelling of ``command`` (``--json``, ``-q``), ``--help`` aside."""
    spellings: list[str] = []
    for param in command.params:
        if isinstance(param, click.Option):
            names = (*param.opts, *param.secondary_opts)
            spellings += [o for o in names if o not in ("-h", "--help")]
    return spellings


def section(page: str, heading: str) -> str:
    """The text of ``page`` under the ``## heading``, up to the next heading of that level."""
    match = re.search(rf"^## {re.escape(heading)}\n(.*?)(?=^## |\Z)", page, re.M | re.S)
    assert match, f"docs/commands.md has no section '## {heading}'"
    return match.group(1)


# --- the README -------------------------------------------------------------------------


def test_readme_starts_with_the_two_commands() -> None:
    head = README.split("\n## ", 1)[0]
    assert "make demo" in head and "make test" in head


def test_readme_is_short() -> None:
    size = len(README.encode("utf-8"))
    assert size < 20_000, f"README.md is {size} bytes: move the detail to docs/"


def test_readme_says_how_to_install() -> None:
    for words in ("pipx install .", "source .venv/bin/activate", ".venv/bin/teikit"):
        assert words in README, words


@pytest.mark.parametrize("command", sorted(main.commands))  # type: ignore[attr-defined]
def test_every_command_is_in_the_readme(command: str) -> None:
    assert re.search(rf"teikit {command}\b", README), f"README does not show `teikit {command}`"


def test_readme_links_resolve() -> None:
    for target in re.findall(r"\]\(((?:docs/)?[\w./-]+\.md)\)", README):
        assert (ROOT / target).is_file(), target


# --- every command and option -----------------------------------------------------------


@pytest.mark.parametrize("path", [p for p, _ in command_paths()])
def test_every_command_and_option_is_documented(path: str) -> None:
    command = dict(command_paths())[path]
    text = section(COMMANDS_PAGE, f"teikit {path}")
    missing = [o for o in options_of(command) if f"`{o}" not in text]
    assert not missing, f"docs/commands.md, teikit {path}: options not documented: {missing}"


def test_the_click_tree_is_walked() -> None:
    paths = [p for p, _ in command_paths()]
    assert "schema install" in paths and "conventions list" in paths and "convert" in paths
    assert "--explain" in options_of(dict(command_paths())["convert"])


# --- the conventions page ---------------------------------------------------------------


def load_hooks() -> ModuleType:
    """tools/docs_hooks.py, the MkDocs hooks (they import nothing of MkDocs)."""
    spec = importlib.util.spec_from_file_location("docs_hooks", ROOT / "tools" / "docs_hooks.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("profile", shipped_profiles())
def test_every_rule_is_in_the_generated_tables(profile: str) -> None:
    tables = markdown_tables(load_profile(profile))
    rows = re.findall(r"^\| `([\w-]+)`", tables, re.M)
    assert rows == [r.name for r in sorted(load_profile(profile).rules, key=_kind_order)]


def _kind_order(rule):  # type: ignore[no-untyped-def]
    return ("bracket", "block", "line", "phrase").index(rule.kind)


def test_the_changed_rules_of_frus() -> None:
    frus, base = load_profile("frus"), load_profile("wilson-center")
    tables = markdown_tables(frus, base)
    assert "`page-marker` (changed)" in tables  # frus's page marker adds ed="frus"
    assert "`footnote-marker`" in tables
    assert "`sic`" not in tables  # the same in both: only in wilson-center's tables
    assert "&#60;pb n=&#34;{n}&#34; ed=&#34;frus&#34;/&#62;" in tables


def test_conventions_page_is_generated_from_every_profile() -> None:
    page = (DOCS / "conventions.md").read_text(encoding="utf-8")
    assert "<!-- rules: wilson-center -->" in page and "<!-- rules-changed: frus -->" in page
    built = load_hooks().expand(page)
    for profile in shipped_profiles():
        for rule in load_profile(profile).rules:
            assert f"| `{rule.name}`" in built, (profile, rule.name)
    assert "| `inserted-by-hand-draft` | `[inserted by hand" not in page  # no table by hand


@pytest.mark.parametrize("rule", [r for r in load_profile().rules])  # type: ignore[misc]
def test_every_rule_has_a_description_and_an_example(rule) -> None:  # type: ignore[no-untyped-def]
    assert rule.description and rule.example, rule.name


def test_generated_cells_keep_markdown_out() -> None:
    tables = markdown_tables(load_profile("wilson-center"))
    rows = [line for line in tables.splitlines() if line.startswith("| `")]
    assert rows
    for line in rows:
        assert line.count(" | ") == 4, line  # five cells: no pipe of a pattern split one
        assert "[" not in line and "*" not in line, line  # no link or emphasis syntax


# --- decisions --------------------------------------------------------------------------


def test_encoding_choices_are_stated_in_schema_readme() -> None:
    for element in ("app", "rdg", "listWit", "choice", "sic", "corr", "supplied", "add", "del"):
        assert f"`{element}`" in SCHEMA_README, element


def test_encoding_decisions_page_states_the_witnesses() -> None:
    page = (DOCS / "encoding.md").read_text(encoding="utf-8")
    for words in ('<app type="draft">', "listWit", 'resp="#teikit"', "cert"):
        assert words in page, words


def test_the_diplomatic_view_shows_teikits_correction_as_the_guide_says() -> None:
    from conftest import SEED_TEI

    from teikit.enrich.check import check_document
    from teikit.writers import write
    from teikit.xmlio import parse_file

    tree = parse_file(SEED_TEI)
    check_document(tree, apply=True)
    diplomatic = write(tree, "text", view="diplomatic")
    reading = write(tree, "text", view="reading")
    shown = "19 August(!)⟨corr: 19 September; by: teikit⟩"
    assert shown in diplomatic
    assert "on 19 September at 7" in reading
    page = (DOCS / "export.md").read_text(encoding="utf-8")
    assert shown in page
    assert "in the diplomatic view they are left out" not in page  # the old contradiction


def test_changelog_has_this_version() -> None:
    import teikit

    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert f"## {teikit.__version__}" in changelog


# --- shell examples ---------------------------------------------------------------------

EXIT = re.compile(r"#\s*exit (\d+)")


def shell_examples(path: Path) -> list[tuple[int, str, int]]:
    """The ``$ teikit …`` lines of the console blocks of ``path``: (line, command, exit)."""
    found: list[tuple[int, str, int]] = []
    lines = path.read_text(encoding="utf-8").split("\n")
    in_block = skip = False
    for number, line in enumerate(lines, 1):
        if not in_block and line.startswith("```") and line[3:].strip() in ("console", "bash"):
            previous = next((x for x in reversed(lines[: number - 1]) if x.strip()), "")
            in_block, skip = True, previous.strip() == "<!-- no-run -->"
        elif in_block and line.startswith("```"):
            in_block = False
        elif in_block and not skip and line.startswith("$ teikit"):
            expected = EXIT.search(line)
            found.append((number, line[2:], int(expected.group(1)) if expected else 0))
    return found


def prepare_sample(folder: Path) -> None:
    """The folder the examples run in: the bundled sample under the names the guide uses.

    ``data/`` as in the clone; ``letter.txt`` and ``transcriptions/`` the sample
    transcription, ``out/mikoyan.xml``, ``letter.xml`` and ``tei/`` its TEI.
    """
    from conftest import SEED_TEI, SEED_TXT

    shutil.copytree(ROOT / "data", folder / "data")
    for name in ("out", "transcriptions", "tei"):
        (folder / name).mkdir()
    shutil.copy(SEED_TXT, folder / "letter.txt")
    shutil.copy(SEED_TXT, folder / "transcriptions" / SEED_TXT.name)
    shutil.copy(SEED_TEI, folder / "letter.xml")
    shutil.copy(SEED_TEI, folder / "out" / "mikoyan.xml")
    shutil.copy(SEED_TEI, folder / "tei" / SEED_TEI.name)


EXAMPLE_FILES = [ROOT / "README.md", *sorted(DOCS.glob("*.md"))]


def test_examples_are_found() -> None:
    assert len(shell_examples(ROOT / "README.md")) >= 10


@pytest.mark.parametrize(
    "page", [p for p in EXAMPLE_FILES if shell_examples(p)], ids=lambda p: p.name
)
def test_shell_examples_run(page: Path, tmp_path: Path) -> None:
    exe = Path(sys.executable).with_name("teikit")
    if not exe.exists():
        exe = Path(shutil.which("teikit") or "teikit")
    prepare_sample(tmp_path)
    env = {"TEIKIT_CACHE": str(tmp_path / "cache"), "PATH": str(exe.parent) + ":/usr/bin:/bin"}
    failures: list[str] = []
    for number, line, expected in shell_examples(page):
        argv = shlex.split(line, comments=True)
        result = subprocess.run(
            [str(exe), *argv[1:]], cwd=tmp_path, capture_output=True, text=True, env=env
        )
        if result.returncode != expected or "Traceback" in result.stderr:
            failures.append(
                f"{page.name}:{number}: `{line}` exited {result.returncode}, not {expected}: "
                f"{result.stderr[-300:]}"
            )
    assert not failures, "\n".join(failures)


# --- the site ---------------------------------------------------------------------------


def test_the_site_builds_strict(tmp_path: Path) -> None:
    if importlib.util.find_spec("mkdocs") is None:
        if IN_CI:
            pytest.fail("CI must build the docs: the test extra installs mkdocs")
        pytest.skip("mkdocs is not installed (pip install 'teikit[docs]')")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "site")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "WARNING" not in result.stderr, result.stderr[-3000:]
    built = (tmp_path / "site" / "conventions.html").read_text(encoding="utf-8")
    assert "inserted-by-hand-draft" in built and "footnote-marker" in built
    api = (tmp_path / "site" / "api.html").read_text(encoding="utf-8")
    assert "convert_many" in api  # written from the docstrings of teikit.api

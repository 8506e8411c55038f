"""Project defaults from teikit.toml or pyproject.toml's [tool.teikit]; shell completion."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from teikit.cli import main
from teikit.config import ENV_VAR, find_config, load_config, read_config
from teikit.errors import TeikitError

LETTER = "Hello world.\n\nA second paragraph.\n"
LOCATED = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): error: (?P<msg>.+)$")


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A version-controlled folder (the search stops there) as the current directory."""
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv(ENV_VAR, raising=False)
    return tmp_path


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


# ---------------------------------------------------------------------------- finding it


def test_nearest_config_wins_and_pyproject_needs_its_table(project: Path) -> None:
    deep = project / "a" / "b"
    deep.mkdir(parents=True)
    (project / "teikit.toml").write_text('profile = "frus"\n', "utf-8")
    assert find_config(deep) == (project / "teikit.toml").resolve()
    (project / "a" / "pyproject.toml").write_text('[project]\nname = "x"\n', "utf-8")
    assert find_config(deep) == (project / "teikit.toml").resolve()  # no [tool.teikit]
    (project / "a" / "pyproject.toml").write_text('[tool.teikit]\nprofile = "frus"\n', "utf-8")
    assert find_config(deep) == (project / "a" / "pyproject.toml").resolve()
    (deep / "teikit.toml").write_text("", "utf-8")
    assert find_config(deep) == (deep / "teikit.toml").resolve()


def test_search_stops_at_the_vcs_root(project: Path) -> None:
    (project / "teikit.toml").write_text('profile = "frus"\n', "utf-8")
    inner = project / "vendored"
    (inner / ".git").mkdir(parents=True)
    assert find_config(inner) is None
    assert find_config(project) is not None


def test_pyproject_tables_and_relative_paths(project: Path) -> None:
    (project / "pyproject.toml").write_text(
        '[tool.teikit]\nregister = "data/register.xml"\nout-dir = "tei"\n'
        '[tool.teikit.validate]\nschema = "tei_all"\n[tool.teikit.convert]\nenrich = false\n',
        "utf-8",
    )
    config = load_config()
    assert config.path == (project / "pyproject.toml").resolve()
    convert = config.defaults("convert")
    assert convert["register"] == str(project.resolve() / "data" / "register.xml")
    assert convert["out_dir"] == str(project.resolve() / "tei")
    assert convert["no_enrich"] is True
    assert config.defaults("validate") == {"schema": "tei_all"}
    assert "register" not in config.defaults("validate")  # not an option of validate


def test_section_overrides_top_level(project: Path) -> None:
    (project / "teikit.toml").write_text(
        'profile = "frus"\njobs = 2\n[conventions]\nprofile = "wilson-center"\n', "utf-8"
    )
    config = load_config()
    assert config.defaults("conventions") == {"profile": "wilson-center"}
    assert config.defaults("convert") == {"profile": "frus", "jobs": 2}


@pytest.mark.parametrize(
    ("text", "line", "column", "message"),
    [
        ('profile = "frus"\nout-dir = \n', 2, 11, "not valid TOML"),
        ('profile = "frus"\n\n[convert]\nprofle = "x"\n', 4, 1, "key 'profle' in [convert]"),
        ('colour = "red"\n', 1, 1, "unknown key 'colour'"),
        ('  jobs = "two"\n', 1, 3, "'jobs' must be an integer, not str"),
        ("[validate]\nmax-problems = -1\n", 2, 1, "'max-problems' must be at least 0"),
        ("[convert]\nstrict = 1\n", 2, 1, "'strict' must be true or false"),
        ('convert = "x"\n', 1, 1, "'convert' must be a table"),
    ],
)
def test_config_errors_are_located(
    project: Path, text: str, line: int, column: int, message: str
) -> None:
    path = project / "teikit.toml"
    path.write_text(text, "utf-8")
    with pytest.raises(TeikitError) as caught:
        read_config(path)
    assert (caught.value.line, caught.value.column) == (line, column)
    assert caught.value.path == str(path) and message in caught.value.message
    code, _, stderr = run("conventions", "list")
    assert code == 2
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    m = LOCATED.match(lines[0])
    assert m and m["path"].endswith("teikit.toml") and (int(m["line"]), int(m["col"])) == (
        line,
        column,
    )
    assert "Traceback" not in stderr


def test_a_value_the_option_refuses_names_the_file(project: Path) -> None:
    (project / "teikit.toml").write_text('[export]\nto = "pdfx"\n', "utf-8")
    code, _, stderr = run("export", "x.xml")
    assert code == 2
    assert re.match(r"^.*teikit\.toml:2:1: error: 'to': 'pdfx' is not one of", stderr)


# ---------------------------------------------------------------------------- the commands


def test_defaults_apply_and_options_override(project: Path) -> None:
    (project / "teikit.toml").write_text('profile = "frus"\n', "utf-8")
    code, stdout, _ = run("conventions", "list", "--json")
    data = json.loads(stdout)
    assert code == 0 and data["profile"] == "frus"
    assert data["config"] == str((project / "teikit.toml").resolve())
    assert list(data)[:2] == ["command", "config"] and list(data)[-1] == "summary"
    code, stdout, _ = run("conventions", "list", "--json", "--profile", "wilson-center")
    assert json.loads(stdout)["profile"] == "wilson-center"
    code, stdout, _ = run("--no-config", "conventions", "list", "--json")
    assert "config" not in json.loads(stdout) and json.loads(stdout)["profile"] == "wilson-center"


def test_help_shows_the_configured_default(project: Path) -> None:
    (project / "teikit.toml").write_text('[validate]\nmax-problems = 7\n', "utf-8")
    code, stdout, _ = run("validate", "--help")
    assert code == 0 and "default: 7" in stdout


def test_out_dir_from_config_is_for_batches(project: Path) -> None:
    (project / "teikit.toml").write_text('out-dir = "tei"\n[convert]\nprofile = "frus"\n', "utf-8")
    for name in ("a", "b"):
        (project / f"{name}.txt").write_text(LETTER, "utf-8")
    code, stdout, stderr = run("convert", "a.txt", "b.txt", "--json")
    assert code == 0, stderr
    data = json.loads(stdout)
    assert [f["status"] for f in data["files"]] == ["ok", "ok"]
    assert {f["profile"] for f in data["files"]} == {"frus"}
    assert (project / "tei" / "a.xml").is_file() and (project / "tei" / "b.xml").is_file()
    # one input with -o, or to stdout: the config's out-dir does not apply
    code, _, stderr = run("convert", "a.txt", "-o", "one.xml")
    assert code == 0 and (project / "one.xml").is_file(), stderr
    assert "config: " in stderr and "teikit.toml" in stderr
    code, stdout, _ = run("convert", "a.txt")
    assert code == 0 and stdout.startswith("<?xml")
    # on the command line, -o and --out-dir still conflict
    code, _, stderr = run("convert", "a.txt", "-o", "x.xml", "--out-dir", "o")
    assert code == 2 and "cannot be used together" in stderr


def test_explicit_config_file_and_environment(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = project / "elsewhere.toml"
    other.write_text('profile = "frus"\n', "utf-8")
    code, stdout, _ = run("--config", str(other), "conventions", "list", "--json")
    assert code == 0 and json.loads(stdout)["profile"] == "frus"
    monkeypatch.setenv(ENV_VAR, str(other))
    code, stdout, _ = run("conventions", "list", "--json")
    assert json.loads(stdout)["config"] == str(other)
    code, _, stderr = run("--config", str(project / "none.toml"), "conventions", "list")
    assert code == 2 and "none.toml: error: cannot read the config file" in stderr
    code, _, stderr = run("--config", str(other), "--no-config", "conventions", "list")
    assert code == 2 and "cannot be used together" in stderr


def test_export_view_from_config_is_dropped_where_it_does_not_apply(project: Path) -> None:
    (project / "a.txt").write_text(LETTER, "utf-8")
    assert run("--no-config", "convert", "a.txt", "-o", "a.xml")[0] == 0
    (project / "teikit.toml").write_text('[export]\nview = "diplomatic"\n', "utf-8")
    code, stdout, stderr = run("export", "a.xml", "--to", "transcription")
    assert code == 0 and "Hello world." in stdout, stderr
    code, _, stderr = run("export", "a.xml", "--to", "transcription", "--view", "reading")
    assert code == 2 and "--view applies to" in stderr


# ---------------------------------------------------------------------------- completion


@pytest.mark.parametrize(
    ("shell", "marker"),
    [("bash", "complete -o nosort -F"), ("zsh", "compdef"), ("fish", "complete --no-files")],
)
def test_completion_script_is_produced(shell: str, marker: str) -> None:
    result = CliRunner().invoke(
        main, [], prog_name="teikit", env={"_TEIKIT_COMPLETE": f"{shell}_source"}
    )
    assert result.exit_code == 0
    assert marker in result.stdout and "_TEIKIT_COMPLETE" in result.stdout


def test_completion_completes_commands() -> None:
    result = CliRunner().invoke(
        main,
        [],
        prog_name="teikit",
        env={"_TEIKIT_COMPLETE": "bash_complete", "COMP_WORDS": "teikit conv", "COMP_CWORD": "1"},
    )
    assert result.exit_code == 0
    assert sorted(result.stdout.split()) == ["plain,conventions", "plain,convert"]


def test_check_out_dir_from_config_only_with_apply(project: Path) -> None:
    for name in ("a", "b"):
        (project / f"{name}.txt").write_text(LETTER, "utf-8")
        assert run("--no-config", "convert", f"{name}.txt", "-o", f"{name}.xml")[0] == 0
    (project / "teikit.toml").write_text('[check]\nout-dir = "checked"\n', "utf-8")
    code, _, stderr = run("check", "a.xml", "b.xml")
    assert code == 0 and not (project / "checked").exists(), stderr
    code, stdout, stderr = run("check", "a.xml", "b.xml", "--apply", "--json")
    assert code == 0, stderr
    assert json.loads(stdout)["summary"]["ok"] == 2
    assert (project / "checked" / "a.xml").is_file() and (project / "checked" / "b.xml").is_file()

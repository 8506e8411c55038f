"""Project defaults: ``teikit.toml``, or ``[tool.teikit]`` in a ``pyproject.toml``.

The file is looked for in the current directory and its parents; the nearest
one wins, and the search stops at the filesystem root or at the root of a
version-controlled tree (a folder holding ``.git``, ``.hg`` or ``.svn``).  A
``pyproject.toml`` counts only when it has a ``[tool.teikit]`` table.

Top-level keys are defaults for every command that has the option; a table per
command (``[convert]``, ``[validate]``, …; in a ``pyproject.toml``
``[tool.teikit.convert]``) overrides them for that command::

    profile = "frus"
    out-dir = "tei"

    [validate]
    schema = "tei_all"

Paths (``register``, ``out-dir``, a ``.toml`` profile, a schema file) are read
relative to the folder of the config file.  A bad file (not TOML, an unknown
key, a wrong type) raises :class:`~teikit.errors.TeikitError` naming the file,
and the line and column where they are known.  The command line gives options
on it precedence over the file.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import TeikitError

CONFIG_NAME = "teikit.toml"
PYPROJECT = "pyproject.toml"
VCS_MARKERS = (".git", ".hg", ".svn")
ENV_VAR = "TEIKIT_CONFIG"
NAMED_SCHEMAS = ("teikit", "tei_all")


@dataclass(frozen=True)
class Key:
    """One key of the file: the option's parameter name, its TOML type, and how it is read.

    ``kind`` is ``str``, ``int``, ``bool`` or ``path`` (a string read relative
    to the config file's folder); ``invert`` turns ``enrich = false`` into the
    flag ``--no-enrich``.
    """

    param: str
    kind: str
    invert: bool = False


PROFILE = Key("profile", "profile")
JOBS = Key("jobs", "int")
SCHEDULER = Key("scheduler", "str")
OUT_DIR = Key("out_dir", "path")

# The keys each command's table may have.
COMMANDS: dict[str, dict[str, Key]] = {
    "convert": {
        "profile": PROFILE,
        "register": Key("register", "path"),
        "out-dir": OUT_DIR,
        "jobs": JOBS,
        "scheduler": SCHEDULER,
        "strict": Key("strict", "bool"),
        "enrich": Key("no_enrich", "bool", invert=True),
    },
    "export": {
        "to": Key("to", "str"),
        "view": Key("view", "str"),
        "format": Key("entity_format", "str"),
        "out-dir": OUT_DIR,
        "jobs": JOBS,
        "scheduler": SCHEDULER,
    },
    "validate": {
        "schema": Key("schema", "schema"),
        "jobs": JOBS,
        "scheduler": SCHEDULER,
        "max-problems": Key("max_problems", "int"),
    },
    "check": {"out-dir": OUT_DIR},
    "conventions": {"profile": PROFILE},
    "new": {"profile": PROFILE},
}
# The top-level keys, and the commands each is a default for.
TOP_LEVEL: dict[str, tuple[str, ...]] = {
    "profile": ("convert", "conventions", "new"),
    "register": ("convert",),
    "schema": ("validate",),
    "out-dir": ("convert", "export"),
    "jobs": ("convert", "export", "validate"),
    "scheduler": ("convert", "export", "validate"),
}
TYPES: dict[str, type] = {
    "str": str, "int": int, "bool": bool, "path": str, "profile": str, "schema": str,
}


@dataclass(frozen=True)
class Setting:
    """A value from the file, with the key it was given as and where."""

    value: Any
    key: str
    line: int | None = None
    column: int | None = None


@dataclass(frozen=True)
class Config:
    """The defaults found: per command, parameter name → :class:`Setting`."""

    path: Path | None = None
    commands: dict[str, dict[str, Setting]] = field(default_factory=dict)

    def defaults(self, command: str) -> dict[str, Any]:
        """The parameter defaults of ``command`` (``convert``, ``conventions``, …)."""
        return {name: s.value for name, s in self.commands.get(command, {}).items()}

    def error(self, setting: Setting, message: str) -> TeikitError:
        """An error about ``setting``, located in the file."""
        return TeikitError(
            message, path=str(self.path), line=setting.line, column=setting.column,
            code="config",
        )


def find_config(start: Path | None = None) -> Path | None:
    """The nearest config file from ``start`` (the current directory) upwards, or None."""
    folder = (start or Path.cwd()).resolve()
    for candidate in (folder, *folder.parents):
        own = candidate / CONFIG_NAME
        if own.is_file():
            return own
        pyproject = candidate / PYPROJECT
        if pyproject.is_file() and _has_tool_table(pyproject):
            return pyproject
        if any((candidate / marker).exists() for marker in VCS_MARKERS):
            return None
    return None


def load_config(path: Path | str | None = None, *, search: bool = True) -> Config:
    """The config at ``path``, else ``$TEIKIT_CONFIG``, else the nearest one (or none).

    ``search=False`` reads only a file given by ``path`` or the environment.
    """
    chosen = Path(path) if path else None
    if chosen is None and os.environ.get(ENV_VAR):
        chosen = Path(os.environ[ENV_VAR])
    if chosen is None and search:
        chosen = find_config()
    if chosen is None:
        return Config()
    return read_config(chosen)


def read_config(path: Path) -> Config:
    """Read and check one config file (``teikit.toml`` or a ``pyproject.toml``)."""
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        raise TeikitError(f"cannot read the config file: {reason}", path=str(path)) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise _toml_error(path, exc) from None
    prefix: tuple[str, ...] = ()
    if path.name == PYPROJECT:
        prefix = ("tool", "teikit")
        data = data.get("tool", {}).get("teikit", {})
        if not isinstance(data, dict):
            raise TeikitError("[tool.teikit] must be a table", path=str(path), code="config")
    return _settings(path, text, data, prefix)


def _settings(path: Path, text: str, data: dict[str, Any], prefix: tuple[str, ...]) -> Config:
    config = Config(path, {name: {} for name in COMMANDS})
    top: dict[str, tuple[Any, Setting]] = {}
    for key, value in data.items():
        where = _locate(text, prefix, key)
        if key in COMMANDS and isinstance(value, dict):
            for sub, sub_value in value.items():
                spec = COMMANDS[key].get(sub)
                setting = Setting(sub_value, sub, *_locate(text, (*prefix, key), sub))
                if spec is None:
                    known = ", ".join(COMMANDS[key])
                    raise config.error(setting, f"unknown key {sub!r} in [{key}] (known: {known})")
                config.commands[key][spec.param] = _checked(config, spec, setting)
        elif key in COMMANDS:
            raise config.error(Setting(value, key, *where), f"{key!r} must be a table ([{key}])")
        elif key in TOP_LEVEL:
            top[key] = (value, Setting(value, key, *where))
        else:
            known = ", ".join([*TOP_LEVEL, *(f"[{c}]" for c in COMMANDS)])
            raise config.error(Setting(value, key, *where), f"unknown key {key!r} (known: {known})")
    for key, (_, setting) in top.items():
        for command in TOP_LEVEL[key]:
            spec = COMMANDS[command][key]
            config.commands[command].setdefault(spec.param, _checked(config, spec, setting))
    return config


def _checked(config: Config, spec: Key, setting: Setting) -> Setting:
    """The setting with its value checked and made the option's value."""
    want = TYPES[spec.kind]
    given = setting.value
    if not isinstance(given, want) or (want is int and isinstance(given, bool)):
        raise config.error(
            setting,
            f"{setting.key!r} must be {_TYPE_NAMES[spec.kind]}, not {type(given).__name__}",
        )
    value: Any = given
    least = 0 if spec.param == "max_problems" else 1
    if spec.kind == "int" and value < least:
        raise config.error(setting, f"{setting.key!r} must be at least {least}, not {value}")
    base = config.path.parent if config.path else Path.cwd()
    if spec.kind == "path" or (spec.kind == "profile" and value.endswith(".toml")) or (
        spec.kind == "schema" and value not in NAMED_SCHEMAS
    ):
        value = str(base / Path(value).expanduser())
    if spec.invert:
        value = not value
    return Setting(value, setting.key, setting.line, setting.column)


_TYPE_NAMES = {
    "str": "a string", "int": "an integer", "bool": "true or false", "path": "a string (a path)",
    "profile": "a string (a profile's name or a .toml file)",
    "schema": "a string (teikit, tei_all or a schema file)",
}


def _has_tool_table(path: Path) -> bool:
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    return re.search(r"^\s*\[\s*tool\s*\.\s*teikit\s*[.\]]", text, re.M) is not None


def _toml_error(path: Path, exc: tomllib.TOMLDecodeError) -> TeikitError:
    """The TOML parser's error as one located line (the message ends '(at line L, column C)')."""
    message = str(exc)
    line = column = None
    m = re.search(r"\s*\(at line (\d+), column (\d+)\)$", message)
    if m:
        line, column = int(m.group(1)), int(m.group(2))
        message = message[: m.start()]
    elif m := re.search(r"\s*\(at end of document\)$", message):
        message = message[: m.start()] + " at the end of the file"
    return TeikitError(
        f"not valid TOML: {message}", path=str(path), line=line, column=column, code="config"
    )


def _locate(text: str, table: tuple[str, ...], key: str) -> tuple[int | None, int | None]:
    """The line and column of ``key = …`` in the table ``table`` (best effort)."""
    current: tuple[str, ...] = ()
    header = re.compile(r"^\s*\[([^\[\]]+)\]\s*(?:#.*)?$")
    assignment = re.compile(r"^(\s*)(?:\"([^\"]*)\"|'([^']*)'|([A-Za-z0-9_-]+))\s*=")
    for number, line in enumerate(text.splitlines(), 1):
        m = header.match(line)
        if m:
            current = tuple(part.strip().strip("\"'") for part in m.group(1).split("."))
            continue
        m = assignment.match(line)
        if m and current == table and key == (m.group(2) or m.group(3) or m.group(4)):
            return number, len(m.group(1)) + 1
    return None, None


__all__ = ["COMMANDS", "TOP_LEVEL", "Config", "Key", "Setting", "find_config", "load_config",
           "read_config"]

"""The options several commands share, and the error handling every command has.

``batch_options`` (``--out-dir``, ``--force``, ``--update``, ``--jobs``,
``--scheduler``), ``json_option``, ``force_option``, ``jobs_option``,
``scheduler_option``, ``output_option`` and ``profile_option`` are written once
here; each command gives its own help text where the meaning differs.
:func:`reports_errors` turns teikit's errors into one line and exit status 2.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from ..config import Config, load_config
from ..errors import TeikitError
from . import report
from .context import CONFIG_KEY

F = TypeVar("F", bound=Callable[..., Any])

STDIN = "-"
GLOB_CHARACTERS = "*?["


def reports_errors(func: F) -> F:
    """Turn a :class:`TeikitError` into one line on stderr and exit status 2.

    Ctrl-C ends the command with one line and status 130, without a traceback.
    """

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except TeikitError as exc:
            report.error(str(exc))
            sys.exit(2)
        except KeyboardInterrupt:
            report.error("teikit: interrupted")
            sys.exit(130)

    return wrapper  # type: ignore[return-value]


def json_option(help: str) -> Callable[[F], F]:
    """``--json`` (the parameter ``as_json``): a report for machines on stdout."""
    return click.option("--json", "as_json", is_flag=True, help=help)


def force_option(help: str = "Overwrite outputs that exist.") -> Callable[[F], F]:
    """``--force``: overwrite an existing output."""
    return click.option("--force", is_flag=True, help=help)


def jobs_option(
    help: str = "Worker processes for several inputs (default: the number of cores).",
) -> Callable[[F], F]:
    """``--jobs``/``-j``: worker processes (None: the library's default, one per core)."""
    return click.option("--jobs", "-j", default=None, type=click.IntRange(1, 64), help=help)


def scheduler_option() -> Callable[[F], F]:
    """``--scheduler``: run the batch on a Dask cluster (the library imports Dask, not this)."""
    return click.option(
        "--scheduler",
        default=None,
        metavar="ADDRESS",
        help="Run the batch on a Dask cluster: a scheduler's address (tcp://host:8786), "
        "or local / local:N to start N local workers (needs pip install 'teikit[cluster]').",
    )


def output_option(help: str) -> Callable[[F], F]:
    """``-o``/``--output``: the one output file."""
    return click.option("-o", "--output", type=click.Path(dir_okay=False), help=help)


def profile_option(help: str, default: str = "wilson-center") -> Callable[[F], F]:
    """``--profile``: a convention profile, by name or file (``auto`` where ``default`` says)."""
    return click.option("--profile", default=default, show_default=True, help=help)


def batch_options(func: F) -> F:
    """The options every batch command shares: --out-dir, --force, --update, --jobs,
    --scheduler."""
    options: list[Callable[[F], F]] = [
        click.option(
            "--out-dir",
            type=click.Path(file_okay=False),
            help="Write one file per input here, mirroring the input folders.",
        ),
        force_option(),
        click.option(
            "--update", is_flag=True, help="Rewrite only outputs older than their inputs."
        ),
        jobs_option(),
        scheduler_option(),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def single_input(inputs: tuple[str, ...], out_dir: str | None) -> bool:
    """One input file (or stdin, ``-``) and no --out-dir: the single-file mode.

    A folder or a glob pattern is a batch even when it is the only input; a file
    that exists is a file, even with ``[`` in its name (as :func:`teikit.batch.expand`
    reads it).
    """
    if len(inputs) != 1 or out_dir is not None:
        return False
    raw = inputs[0]
    path = Path(raw)
    return raw == STDIN or path.is_file() or not (
        path.is_dir() or any(ch in raw for ch in GLOB_CHARACTERS)
    )


def quiet_option(func: F) -> F:
    """``--quiet``/``-q``: no progress, tables, summaries or warnings; errors still printed."""
    return click.option(
        "--quiet",
        "-q",
        is_flag=True,
        help="Print no progress, table, summary or warning; errors are still printed.",
    )(func)


def refuse_together(**given: object) -> None:
    """A usage error (exit 2) when more than one of the named options was given.

    Each keyword is an option's name as the user writes it (``o``, ``out_dir``),
    with its value; None, False and empty values count as not given.
    """
    names = [_flag(name) for name, value in given.items() if value not in (None, False, ())]
    if len(names) > 1:
        raise click.UsageError(f"{' and '.join(names)} cannot be used together")


def given_explicitly(name: str) -> bool:
    """Whether the current command's parameter ``name`` was given (not its default)."""
    ctx = click.get_current_context()
    source = ctx.get_parameter_source(name)
    return source is not None and source.name not in ("DEFAULT", "DEFAULT_MAP")


def _flag(name: str) -> str:
    return f"-{name}" if len(name) == 1 else "--" + name.replace("_", "-")


def use_config(ctx: click.Context, path: str | None) -> Config:
    """Load the project's config and make it the defaults of every command (``default_map``).

    Each value is checked by the option it sets (a ``Choice``, a range), so that
    a wrong one is an error naming the config file, line and column.  The config
    is kept in ``ctx.meta`` for the reports (:func:`teikit.cli.context.config_used`).
    """
    config = load_config(path)
    group = ctx.command
    assert isinstance(group, click.Group)
    default_map: dict[str, Any] = {}
    for name, settings in config.commands.items():
        command = group.commands.get(name)
        if isinstance(command, click.Group):  # conventions: its list command
            command = command.commands.get("list")
        if command is None or not settings:
            continue
        params = {p.name: p for p in command.params}
        for param_name, setting in settings.items():
            param = params[param_name]
            try:
                param.type.convert(setting.value, param, ctx)
            except click.BadParameter as exc:
                raise config.error(setting, f"{setting.key!r}: {exc.message}") from None
        values = config.defaults(name)
        default_map[name] = {"list": values} if name == "conventions" else values
    ctx.default_map = default_map
    ctx.meta[CONFIG_KEY] = config
    return config


def from_config(name: str) -> bool:
    """Whether the current command's parameter ``name`` came from the config file."""
    source = click.get_current_context().get_parameter_source(name)
    return source is not None and source.name == "DEFAULT_MAP"


def batch_out_dir(
    inputs: tuple[str, ...], out_dir: str | None, output: str | None, *, apply: bool = True
) -> str | None:
    """The --out-dir to use: the config's one applies to batches only.

    An ``out-dir`` from the config file is dropped for one input, with ``-o``,
    and (``check``) without ``--apply``: there the command does what it does
    without a config.  One given on the command line is kept as it is.
    """
    if out_dir is not None and from_config("out_dir") and (
        output is not None or not apply or single_input(inputs, None)
    ):
        return None
    return out_dir

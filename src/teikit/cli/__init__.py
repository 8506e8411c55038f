"""The command line: a thin layer over :mod:`teikit.api`.

Exit codes: 0 ok, 1 invalid document, 2 usage or input error.  Errors are one
line (``FILE:LINE:COL: error: message``) on stderr; people get rich tables on
stderr, machines get ``--json`` on stdout.

Each command is a module of its own (its options and one library call);
:mod:`teikit.cli.options` holds the options they share and
:mod:`teikit.cli.report` everything they print.
"""

from __future__ import annotations

import click

from .. import __version__
from . import check, conventions, convert, export, lsp, new, schema, validate
from .options import reports_errors, use_config


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="teikit")
@click.option(
    "--config",
    "config_file",
    type=click.Path(dir_okay=False),
    default=None,
    help="Take the defaults from this file (default: teikit.toml, or [tool.teikit] in "
    "pyproject.toml, in this folder or the nearest parent; $TEIKIT_CONFIG).",
)
@click.option("--no-config", is_flag=True, help="Read no config file.")
@click.pass_context
@reports_errors
def main(ctx: click.Context, config_file: str | None, no_config: bool) -> None:
    """teikit: archival transcriptions to faithful TEI P5, and back.

    Project defaults (profile, register, schema, out-dir, jobs…) come from
    teikit.toml or pyproject.toml's [tool.teikit]; options override them.

    \b
    Examples:
      teikit new letter
      teikit convert letter.txt -o letter.xml
      teikit export letter.xml --to transcription
      teikit --config ../project/teikit.toml convert transcriptions/
    """
    if no_config and config_file:
        raise click.UsageError("--config and --no-config cannot be used together")
    if not no_config:
        use_config(ctx, config_file)


for command in (
    convert.convert,
    conventions.conventions,
    export.export,
    check.check,
    new.new,
    validate.validate,
    schema.schema,
    lsp.lsp_command,
):
    main.add_command(command)

__all__ = ["main"]

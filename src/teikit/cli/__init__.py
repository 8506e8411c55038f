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
from . import check, conventions, convert, export, lsp, schema, validate


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="teikit")
def main() -> None:
    """teikit: archival transcriptions to faithful TEI P5, and back.

    \b
    Examples:
      teikit convert letter.txt -o letter.xml
      teikit export letter.xml --to transcription
    """


for command in (
    convert.convert,
    conventions.conventions,
    export.export,
    check.check,
    validate.validate,
    schema.schema,
    lsp.lsp_command,
):
    main.add_command(command)

__all__ = ["main"]

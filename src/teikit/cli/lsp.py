"""``teikit lsp``: the language server an editor starts (stdio) to validate as you type."""

from __future__ import annotations

import click

from .. import lsp
from .options import reports_errors


@click.command("lsp")
@click.option(
    "--schema",
    "schema",
    default=None,
    metavar="teikit|tei_all|FILE",
    help="Schema for XML documents (default: the document's xml-model, else teikit's); "
    "the editor may set it too (initializationOptions or settings `schema`).",
)
@reports_errors
def lsp_command(schema: str | None) -> None:
    """Run teikit's language server on stdin/stdout for *.xml TEI files and *.txt
    transcriptions: diagnostics on open, change and save.

    \b
    Example (what an editor runs):
      teikit lsp
      teikit lsp --schema tei_all
    """
    lsp.serve(schema)

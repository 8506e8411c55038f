"""``teikit check``: the original and the translation of a TEI document read against each other."""

from __future__ import annotations

import click

from .. import api
from . import report
from .options import force_option, json_option, output_option, reports_errors


@click.command("check")
@click.argument("input", type=click.Path(dir_okay=False))
@click.option(
    "--apply",
    is_flag=True,
    help="Write the propagated sics (sic resp=\"#teikit\" with its correction) into the "
    "document: to -o, or to stdout.",
)
@output_option("With --apply: write here.")
@force_option("Overwrite an existing output (even the input).")
@json_option("Print the findings as JSON on stdout.")
@reports_errors
def check(input: str, apply: bool, output: str | None, force: bool, as_json: bool) -> None:
    """Read the original and the translation of a TEI document against each other.

    For every pair of aligned paragraphs: numbers, dates and register entities
    one side has and the other lacks; a [sic] marked in one language found in
    the other; dates against the document's own chronology; OCR suspects
    (Latin letters in Cyrillic words) and rare spellings of register names.
    Findings are advice: the exit code is 0 unless the input cannot be read.

    \b
    Examples:
      teikit check out/mikoyan.xml
      teikit check out/mikoyan.xml --apply -o out/mikoyan.checked.xml
      teikit check out/mikoyan.xml --json
    """
    if output is not None and not apply:
        raise click.UsageError("-o writes the document with --apply; without it, nothing changes")
    findings, data = api.check_file(input, apply=apply, output=output, force=force)
    report.check(findings, data, input, output, apply=apply, as_json=as_json)

"""``teikit check``: the original and the translation of TEI documents read against each other."""

from __future__ import annotations

import sys

import click

from .. import api, commands
from . import report
from .options import (
    batch_out_dir,
    force_option,
    json_option,
    output_option,
    quiet_option,
    refuse_together,
    reports_errors,
    single_input,
)


@click.command("check")
@click.argument("inputs", nargs=-1, required=True)
@click.option(
    "--apply",
    is_flag=True,
    help="Write the propagated sics (sic resp=\"#teikit\" with its correction) into the "
    "document: to -o (one input), to --out-dir (several), or to stdout.",
)
@output_option("With --apply and one input: write here.")
@click.option(
    "--out-dir",
    type=click.Path(file_okay=False),
    help="With --apply: write one file per input here, mirroring the input folders.",
)
@force_option("Overwrite an existing output (even the input).")
@json_option("Print the findings as JSON on stdout.")
@quiet_option
@reports_errors
def check(
    inputs: tuple[str, ...],
    apply: bool,
    output: str | None,
    out_dir: str | None,
    force: bool,
    as_json: bool,
    quiet: bool,
) -> None:
    """Read the original and the translation of TEI documents against each other.

    For every pair of aligned paragraphs: numbers, dates and register entities
    one side has and the other lacks; a [sic] marked in one language found in
    the other; dates against the document's own chronology; OCR suspects
    (Latin letters in Cyrillic words) and rare spellings of register names.
    Findings are advice: the exit code is 0 unless an input cannot be read.
    Files, folders (searched for *.xml) and glob patterns; only TEI is read.

    \b
    Examples:
      teikit check out/mikoyan.xml
      teikit check out/mikoyan.xml --apply -o out/mikoyan.checked.xml
      teikit check tei/ --json
      teikit check tei/ --apply --out-dir checked/
    """
    out_dir = batch_out_dir(inputs, out_dir, output, apply=apply)
    refuse_together(o=output, out_dir=out_dir)
    refuse_together(json=as_json, quiet=quiet)
    if (output is not None or out_dir is not None) and not apply:
        raise click.UsageError(
            "-o and --out-dir write the documents with --apply; without it, nothing changes"
        )
    if apply and as_json and output is None and out_dir is None:
        raise click.UsageError(
            "--json prints a report on stdout; with --apply give the document a file with -o"
        )
    if single_input(inputs, out_dir) and not as_json:
        findings, data = api.check_file(inputs[0], apply=apply, output=output, force=force)
        report.check(findings, data, inputs[0], output, apply=apply, quiet=quiet)
        return
    if apply and out_dir is None and not single_input(inputs, out_dir):
        raise click.UsageError("--apply with several inputs needs --out-dir")
    results = commands.check_inputs(
        inputs, apply=apply, output=output, out_dir=out_dir, force=force
    )
    sys.exit(report.checks(results, as_json=as_json, quiet=quiet))

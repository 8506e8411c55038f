"""``teikit convert``: plain-text transcriptions to TEI P5, one file or a batch."""

from __future__ import annotations

import sys

import click

from .. import api
from ..errors import TeikitError
from . import report
from .options import (
    batch_options,
    batch_out_dir,
    json_option,
    output_option,
    profile_option,
    quiet_option,
    refuse_together,
    reports_errors,
    single_input,
)


@click.command("convert")
@click.argument("inputs", nargs=-1, required=True)
@output_option("Write the TEI here.")
@batch_options
@profile_option(
    "Convention profile: a shipped name, a .toml file, or auto (the page's layout picks it).",
    default="auto",
)
@json_option("Print a JSON report on stdout (one input: needs -o).")
@click.option(
    "--explain",
    is_flag=True,
    help="Print, for every bracket (and line and block rule, and date without @when), "
    "its line and column, the rule that fired and the TEI it made (stderr; in the "
    "JSON report with --json).",
)
@click.option(
    "--strict",
    is_flag=True,
    help="Make a bracket no rule knows, or one a rule reads only tentatively, an error.",
)
@click.option(
    "--no-enrich",
    "no_enrich",
    is_flag=True,
    help="Leave out the enrichment: paragraph alignment, names linked to the register, "
    "dates in the running text, and the cross-language checks.",
)
@click.option(
    "--register",
    type=click.Path(dir_okay=False),
    default=None,
    help="A register of people, bodies and places (TEI listPerson, listOrg, listPlace) "
    "to link names to, instead of teikit's own.",
)
@quiet_option
@reports_errors
def convert(
    inputs: tuple[str, ...],
    output: str | None,
    out_dir: str | None,
    force: bool,
    update: bool,
    jobs: int | None,
    scheduler: str | None,
    profile: str,
    as_json: bool,
    explain: bool,
    strict: bool,
    no_enrich: bool,
    register: str | None,
    quiet: bool,
) -> None:
    """Convert plain-text transcriptions to TEI P5.

    One input: the TEI goes to -o, or to stdout ("-" reads stdin).  Several
    inputs, folders (searched for *.txt) or glob patterns: one TEI file each in
    --out-dir, mirroring the folders; a failing file (a missing one too) does
    not stop the others.  XML is refused: validate or export it instead.
    Warnings go to stderr.  An output is never overwritten without --force
    (--update rewrites only outdated ones), and never left half-written.

    \b
    Examples:
      teikit convert data/transcriptions/mikoyan-cpsu-cc-1956-09-19.txt -o out/mikoyan.xml
      teikit convert transcriptions/ --out-dir tei/ --update
      teikit convert transcriptions/ --out-dir tei/ --scheduler tcp://scheduler:8786
      teikit convert letter.txt --profile frus --explain -o letter.xml
      teikit convert letter.txt --profile my-archive.toml --strict
      teikit convert letter.txt --register my-register.xml -o letter.xml
    """
    out_dir = batch_out_dir(inputs, out_dir, output)
    refuse_together(o=output, out_dir=out_dir)
    refuse_together(json=as_json, quiet=quiet)
    if single_input(inputs, out_dir):
        if as_json and output is None:
            raise click.UsageError("--json prints a report on stdout; give the TEI a file with -o")
        try:
            conversion, xml = api.convert_input(
                inputs[0],
                output,
                force=force,
                profile=profile,
                strict=strict,
                enrich=not no_enrich,
                register=register,
            )
        except TeikitError as exc:
            if not as_json:
                raise
            sys.exit(report.single_failure("convert", inputs[0], output, exc))
        report.conversion(
            conversion, xml, output, explain=explain, as_json=as_json, quiet=quiet
        )
        return
    if out_dir is None:
        raise click.UsageError("several inputs need --out-dir")
    if explain:
        raise click.UsageError("--explain takes one input")
    with report.BatchProgress("converting", quiet=as_json or quiet) as progress:
        outcomes = api.convert_many(
            inputs,
            out_dir=out_dir,
            force=force,
            update=update,
            profile=profile,
            strict=strict,
            enrich=not no_enrich,
            register=register,
            jobs=jobs,
            scheduler=scheduler,
            progress=progress.outcome,
            started=progress.start,
        )
    sys.exit(report.batch(outcomes, as_json=as_json, quiet=quiet, command="convert"))

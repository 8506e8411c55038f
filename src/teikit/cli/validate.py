"""``teikit validate``: well-formedness, grammar and Schematron for files, folders or stdin."""

from __future__ import annotations

import sys

import click

from .. import api
from . import report
from .options import (
    jobs_option,
    json_option,
    quiet_option,
    refuse_together,
    reports_errors,
    scheduler_option,
)


@click.command("validate")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option(
    "--schema",
    "schema",
    default=None,
    metavar="teikit|tei_all|FILE",
    help="Schema to validate against (default: teikit for teikit's files and files "
    "that name no schema, else the file's xml-model).",
)
@json_option("Print the report as JSON on stdout.")
@jobs_option("Worker processes (default: the number of cores).")
@scheduler_option()
@click.option(
    "--max-problems",
    default=50,
    show_default=True,
    type=click.IntRange(0),
    help="Problems listed on the terminal.",
)
@quiet_option
@reports_errors
def validate(
    paths: tuple[str, ...],
    schema: str | None,
    as_json: bool,
    jobs: int | None,
    scheduler: str | None,
    max_problems: int,
    quiet: bool,
) -> None:
    """Validate TEI files and folders: well-formedness, grammar, Schematron.

    Exit status: 0 all valid, 1 some invalid, 2 some file could not be validated
    (not XML, schema missing, no such file) or a usage error.  Folders are searched for
    *.xml, *.tei and *.odd files.  No network is used: install tei_all once with
    `teikit schema install tei_all`.

    \b
    Examples:
      teikit validate data/tei/
      teikit validate corpus/ --schema tei_all --jobs 2
      teikit validate letter.xml --schema my-project.rng --json
      teikit validate corpus/ --scheduler tcp://scheduler:8786
    """
    refuse_together(json=as_json, quiet=quiet)
    with report.BatchProgress(
        "validating", quiet=as_json or quiet, least=2, lines=False
    ) as progress:
        result = api.validate_inputs(
            paths,
            schema,
            jobs=jobs,
            scheduler=scheduler,
            progress=progress.validated,
            started=progress.start,
        )
    sys.exit(
        report.validation(result, as_json=as_json, max_problems=max_problems, quiet=quiet)
    )

"""``teikit export``: TEI to the transcription, HTML, text, Markdown, a list of names, PDF, EPUB."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .. import api
from ..writers import BINARY_FORMATS, ENTITY_FORMATS, EXPORT_FORMATS, VIEW_NAMES
from . import report
from .options import (
    batch_options,
    batch_out_dir,
    from_config,
    given_explicitly,
    json_option,
    output_option,
    quiet_option,
    refuse_together,
    reports_errors,
    single_input,
)

SITE = "site"


@click.command("export")
@click.argument("inputs", nargs=-1, required=True)
@click.option(
    "--to",
    "to",
    type=click.Choice((*EXPORT_FORMATS, SITE)),
    default="transcription",
    show_default=True,
    help="Output format (pdf needs teikit[pdf], epub teikit[epub]; both need -o or --out-dir).",
)
@click.option(
    "--view",
    type=click.Choice(VIEW_NAMES),
    default=None,
    help="text, markdown, pdf, epub: the view to write (default: reading); "
    "html: the view it opens in.",
)
@click.option(
    "--format",
    "entity_format",
    type=click.Choice(ENTITY_FORMATS),
    default="json",
    show_default=True,
    help="entities: JSON (an array of objects) or CSV (a header row, one row per name).",
)
@output_option("Write here, not stdout.")
@batch_options
@json_option(
    "Print a JSON report per file on stdout (one input without -o: the export is in it)."
)
@quiet_option
@reports_errors
def export(
    inputs: tuple[str, ...],
    to: str,
    view: str | None,
    entity_format: str,
    output: str | None,
    out_dir: str | None,
    force: bool,
    update: bool,
    jobs: int | None,
    scheduler: str | None,
    as_json: bool,
    quiet: bool,
) -> None:
    """Export TEI files: back to the transcription convention, or as an HTML
    edition, plain text or Markdown in a reading or a diplomatic view, or the
    list of their name occurrences (entities: register id, kind, language,
    paragraph) as JSON or CSV, or the edition as a PDF (a title page, the
    original and the translation side by side, footnotes) or an EPUB 3 book; or a
    whole corpus as a static site (--to site, into --out-dir: an index, an edition
    page per document, registers of people, bodies and places, and a search that
    works offline).

    One input goes to -o or stdout ("-" reads stdin); several inputs, folders
    (searched for *.xml) or glob patterns go to --out-dir, one file each.
    Only TEI is read: plain text is to be converted first.

    \b
    Examples:
      teikit export out/mikoyan.xml --to transcription -o out/mikoyan.txt
      teikit export out/mikoyan.xml --to html -o out/mikoyan.html
      teikit export out/mikoyan.xml --to text --view diplomatic
      teikit export out/mikoyan.xml --to entities --format csv -o out/names.csv
      teikit export out/mikoyan.xml --to pdf -o out/mikoyan.pdf
      teikit export out/mikoyan.xml --to epub -o out/mikoyan.epub
      teikit export corpus/ --to html --out-dir site/ --jobs 2
      teikit export corpus/ --to html --out-dir site/ --scheduler local:2
      teikit export corpus/ --to site --out-dir site/ --force
    """
    out_dir = batch_out_dir(inputs, out_dir, output)
    refuse_together(o=output, out_dir=out_dir)
    refuse_together(json=as_json, quiet=quiet)
    if given_explicitly("entity_format") and to != "entities":
        raise click.UsageError(f"--format applies to --to entities, not to --to {to}")
    if view is not None and to in ("transcription", "entities") and from_config("view"):
        view = None  # the config's view is for the formats that have one
    if view is not None and to in ("transcription", "entities"):
        raise click.UsageError(
            f"--view applies to html, text, markdown, pdf and epub, not to --to {to}"
        )
    if to in BINARY_FORMATS and output is None and out_dir is None:
        raise click.UsageError(f"--to {to} writes a binary file: give -o FILE or --out-dir DIR")
    if to == SITE:
        sys.exit(_site(inputs, out_dir, output, view, force, update, jobs, scheduler,
                       as_json, quiet))
    if single_input(inputs, out_dir) and not as_json:
        data = api.export_input(
            inputs[0], to, output, force=force, view=view, entity_format=entity_format
        )
        if output is None:
            report.document(data)
        return
    if out_dir is None and output is None and not single_input(inputs, out_dir):
        raise click.UsageError("several inputs need --out-dir")
    with report.BatchProgress("exporting", quiet=as_json or quiet) as progress:
        outcomes = api.export_many(
            inputs,
            to,
            view=view,
            out_dir=out_dir,
            output=output,
            force=force,
            update=update,
            entity_format=entity_format,
            jobs=jobs,
            scheduler=scheduler,
            progress=progress.outcome,
            started=progress.start,
        )
    sys.exit(report.batch(outcomes, as_json=as_json, quiet=quiet, command="export"))


def _site(
    inputs: tuple[str, ...],
    out_dir: str | None,
    output: str | None,
    view: str | None,
    force: bool,
    update: bool,
    jobs: int | None,
    scheduler: str | None,
    as_json: bool,
    quiet: bool,
) -> int:
    """``--to site``: the site built into --out-dir; returns the exit status."""
    if out_dir is None or output is not None:
        raise click.UsageError("--to site writes a folder: give --out-dir (not -o)")
    for name, given in (("update", update), ("scheduler", scheduler)):
        if given:
            raise click.UsageError(f"--{name} does not apply to --to site")
    with report.BatchProgress("building the site", quiet=as_json or quiet) as progress:
        outcomes, counts = api.export_site(
            inputs, out_dir, view=view, force=force, jobs=jobs,
            progress=progress.outcome, started=progress.start,
        )
    index = str(Path(out_dir) / "index.html")
    extra = {**counts, "index": index}
    return report.batch(outcomes, as_json=as_json, quiet=quiet, command="export", extra=extra)

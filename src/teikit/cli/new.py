"""``teikit new``: a transcription template with the metadata block, ready to fill in."""

from __future__ import annotations

import click

from .. import api
from . import report
from .options import force_option, profile_option, quiet_option, reports_errors


@click.command("new")
@click.argument("name")
@profile_option("The profile whose layout the template follows: a shipped name or a .toml file.")
@click.option("--title", default="", help="The document's title (default: a placeholder).")
@force_option("Overwrite NAME.txt if it exists.")
@quiet_option
@reports_errors
def new(name: str, profile: str, title: str, force: bool, quiet: bool) -> None:
    """Write NAME.txt: a transcription template in teikit's convention.

    The template has the metadata block teikit reads (date, title, citation
    with archive, shelfmark, translator and source URL, summary, original
    language, contents) and placeholder paragraphs; it converts as it is.
    A profile with a numbered heading (frus) gets a heading, a dateline and a
    source note instead.  An existing file is never overwritten without --force.

    \b
    Examples:
      teikit new letter-1956-09-19
      teikit new telegram-79 --profile frus --title "Telegram From the Embassy in Iran"
    """
    path = api.new_transcription(name, profile=profile, title=title, force=force)
    if not quiet:
        report.written(path, "a transcription template: fill it in, then teikit convert it")

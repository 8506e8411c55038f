"""``teikit conventions``: how a profile's brackets, lines and blocks become TEI."""

from __future__ import annotations

import click

from .. import api
from . import report
from .options import json_option, profile_option, quiet_option, reports_errors


@click.group("conventions")
def conventions() -> None:
    """The conventions of a profile: how brackets, lines and blocks become TEI.

    \b
    Examples:
      teikit conventions list
      teikit conventions list --profile frus
      teikit conventions list --profile my-archive.toml --json
    """


@conventions.command("list")
@profile_option("A shipped profile's name or a .toml file.")
@json_option("Print the rules as JSON on stdout.")
@click.option("--tei", is_flag=True, help="Also print the TEI each rule makes.")
@quiet_option
@reports_errors
def conventions_list(profile: str, as_json: bool, tei: bool, quiet: bool) -> None:
    """Print the rules of a profile in the order they are tried, with an example each.

    One rule a line (name, kind, what it is recognised by), its example under
    it; --tei adds the TEI it makes, --json gives everything.

    \b
    Examples:
      teikit conventions list
      teikit conventions list --tei | less
      teikit conventions list --profile frus --json
    """
    prof, rules = api.profile_rules(profile)
    report.conventions(prof, rules, as_json=as_json, quiet=quiet, tei=tei)

"""``teikit schema``: the schemas teikit validates against, kept in its cache."""

from __future__ import annotations

import click

from ..validate.schemas import INSTALLABLE, install_schema, installed_schemas
from . import report
from .options import json_option, quiet_option, reports_errors


@click.group("schema")
def schema() -> None:
    """Manage the schemas teikit validates against (kept in teikit's cache).

    \b
    Examples:
      teikit schema list
      teikit schema install tei_all
    """


@schema.command("install")
@click.argument("name", type=click.Choice(sorted(INSTALLABLE)))
@click.option(
    "--from",
    "source",
    default=None,
    metavar="URL|FILE",
    help="Where to take the schema from (default: the TEI's release location): a grammar "
    "(its Schematron rules are installed beside it), or an ISO Schematron (.isosch) to use "
    "with it.",
)
@quiet_option
@reports_errors
def schema_install(name: str, source: str | None, quiet: bool) -> None:
    """Fetch a schema into the cache ($TEIKIT_CACHE, else ~/.cache/teikit).

    \b
    Examples:
      teikit schema install tei_all
      teikit schema install tei_all --from ../shared/ref/schema/tei_all.rng
      teikit schema install tei_all --from tei_all.isosch
    """
    path, digest = install_schema(name, source)
    if not quiet:
        report.schema_installed(name, path, digest)


@schema.command("list")
@json_option("Print the schemas as JSON on stdout.")
@quiet_option
@reports_errors
def schema_list(as_json: bool, quiet: bool) -> None:
    """List the schemas --schema can name: name, status, TEI version, where from.

    \b
    Examples:
      teikit schema list
      teikit schema list --json
    """
    report.schemas(installed_schemas(), as_json=as_json, quiet=quiet)

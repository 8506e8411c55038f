"""``teikit schema``: the schemas teikit validates against, kept in its cache."""

from __future__ import annotations

import click

from ..validate.schemas import INSTALLABLE, install_schema
from . import report
from .options import reports_errors


@click.group("schema")
def schema() -> None:
    """Manage the schemas teikit validates against (kept in teikit's cache).

    \b
    Example:
      teikit schema install tei_all
    """


@schema.command("install")
@click.argument("name", type=click.Choice(sorted(INSTALLABLE)))
@click.option(
    "--from",
    "source",
    default=None,
    metavar="URL|FILE",
    help="Where to take the schema from (default: the TEI's release location).",
)
@reports_errors
def schema_install(name: str, source: str | None) -> None:
    """Fetch a schema into the cache ($TEIKIT_CACHE, else ~/.cache/teikit).

    \b
    Examples:
      teikit schema install tei_all
      teikit schema install tei_all --from ../shared/ref/schema/tei_all.rng
    """
    path, digest = install_schema(name, source)
    report.schema_installed(name, path, digest)

"""The command line: a thin layer over :mod:`teikit.api`.

Exit codes: 0 ok, 1 invalid document, 2 usage or input error.  Errors are one
line (``FILE:LINE:COL: error: message``) on stderr; people get rich tables on
stderr, machines get ``--json`` on stdout.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

import click
from rich.console import Console
from rich.table import Table

from . import __version__, api
from .builder import Conversion
from .errors import TeikitError
from .writers import FORMATS, VIEW_NAMES

F = TypeVar("F", bound=Callable[..., Any])
SUMMARY_ELEMENTS = (
    "p",
    "lb",
    "pb",
    "opener",
    "closer",
    "add",
    "del",
    "app",
    "rdg",
    "note",
    "supplied",
    "sic",
    "corr",
    "gap",
    "foreign",
    "date",
)


def _stderr() -> Console:
    return Console(stderr=True, highlight=False, soft_wrap=True)


def reports_errors(func: F) -> F:
    """Turn a :class:`TeikitError` into one line on stderr and exit status 2."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except TeikitError as exc:
            click.echo(str(exc), err=True)
            sys.exit(2)
        except KeyboardInterrupt:
            click.echo("teikit: interrupted", err=True)
            sys.exit(130)

    return wrapper  # type: ignore[return-value]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="teikit")
def main() -> None:
    """teikit: archival transcriptions to faithful TEI P5, and back.

    \b
    Examples:
      teikit convert letter.txt -o letter.xml
      teikit export letter.xml --to transcription
    """


def _summary(conversion: Conversion, output: str) -> None:
    console = _stderr()
    counts = conversion.counts()
    table = Table(title=f"{conversion.source.name} → {output}", show_header=True)
    table.add_column("element")
    table.add_column("count", justify="right")
    for name in SUMMARY_ELEMENTS:
        if counts.get(name):
            table.add_row(name, str(counts[name]))
    table.add_row("[bold]all in the text[/bold]", f"[bold]{sum(counts.values())}[/bold]")
    header = sum(conversion.counts("teiHeader").values())
    table.add_row("[bold]all in the header[/bold]", f"[bold]{header}[/bold]")
    console.print(table)
    root = conversion.tree.getroot()
    hands = [
        h.get("{http://www.w3.org/XML/1998/namespace}id")
        for h in root.iter("{http://www.tei-c.org/ns/1.0}handNote")
    ]
    console.print(f"hands: {', '.join(str(h) for h in hands) or 'none'}")
    console.print(f"warnings: {len(conversion.diagnostics)}")


def _report(conversion: Conversion, output: str | None) -> dict[str, Any]:
    return {
        "input": conversion.source.name,
        "output": output,
        "profile": conversion.profile.name,
        "elements": conversion.counts(),
        "diagnostics": [d.as_dict() for d in conversion.diagnostics],
    }


@main.command()
@click.argument("input", type=click.Path(dir_okay=False))
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the TEI here.")
@click.option("--force", is_flag=True, help="Overwrite OUTPUT if it exists.")
@click.option(
    "--profile",
    default="wilson-center",
    show_default=True,
    help="Convention profile: a shipped name or a .toml file.",
)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON report on stdout (needs -o).")
@reports_errors
def convert(input: str, output: str | None, force: bool, profile: str, as_json: bool) -> None:
    """Convert a plain-text transcription to TEI P5.

    Without -o the TEI goes to stdout; warnings go to stderr.  An existing
    output is never overwritten without --force, and never left half-written.

    \b
    Example:
      teikit convert data/transcriptions/mikoyan-cpsu-cc-1956-09-19.txt -o out/mikoyan.xml
    """
    if as_json and output is None:
        raise click.UsageError("--json prints a report on stdout; give the TEI a file with -o")
    conversion, xml = api.convert_file(input, output, force=force, profile=profile)
    console = _stderr()
    for diagnostic in conversion.diagnostics:
        console.print(f"[yellow]{diagnostic}[/yellow]")
    if as_json:
        click.echo(json.dumps(_report(conversion, output), ensure_ascii=False, indent=2))
    elif output is None:
        sys.stdout.buffer.write(xml)
    else:
        _summary(conversion, output)


@main.command()
@click.argument("input", type=click.Path(dir_okay=False))
@click.option(
    "--to",
    "to",
    type=click.Choice(FORMATS),
    default="transcription",
    show_default=True,
    help="Output format.",
)
@click.option(
    "--view",
    type=click.Choice(VIEW_NAMES),
    default=None,
    help="text, markdown: the view to write (default: reading); html: the view it opens in.",
)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write here, not stdout.")
@click.option("--force", is_flag=True, help="Overwrite OUTPUT if it exists.")
@reports_errors
def export(input: str, to: str, view: str | None, output: str | None, force: bool) -> None:
    """Export a TEI file: back to the transcription convention, or as an HTML
    edition, plain text or Markdown in a reading or a diplomatic view.

    \b
    Examples:
      teikit export out/mikoyan.xml --to transcription -o out/mikoyan.txt
      teikit export out/mikoyan.xml --to html -o out/mikoyan.html
      teikit export out/mikoyan.xml --to text --view diplomatic
    """
    text = api.export_file(input, to, output, force=force, view=view)
    if output is None:
        sys.stdout.write(text)

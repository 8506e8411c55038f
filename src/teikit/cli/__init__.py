"""The command line: a thin layer over :mod:`teikit.api`.

Exit codes: 0 ok, 1 invalid document, 2 usage or input error.  Errors are one
line (``FILE:LINE:COL: error: message``) on stderr; people get rich tables on
stderr, machines get ``--json`` on stdout.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from .. import api
from ..batch import FAILED, OK, SKIPPED, Outcome, default_processes, expand
from ..build.builder import Conversion
from ..enrich.check import Finding
from ..errors import TeikitError
from ..profiles import load_profile, rule_rows
from ..validate import FileResult, Report, collect, validate_tree
from ..validate.schemas import INSTALLABLE, install_schema, schemas_for
from ..version import __version__
from ..writers import ENTITY_FORMATS, FORMATS, VIEW_NAMES, render
from ..xmlio import parse_stream, read_stdin, serialise, write_output

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
    "persName",
    "orgName",
    "placeName",
)


def _stderr(width: int | None = None) -> Console:
    return Console(stderr=True, highlight=False, soft_wrap=True, width=width)


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
    if conversion.enriched:
        e = conversion.enriched
        console.print(
            f"enriched: {e.get('aligned', 0)} aligned paragraph pairs, {e.get('names', 0)} "
            f"names linked to {e.get('entries', 0)} register entries, {e.get('dates', 0)} dates"
        )
        _findings_table(conversion.findings, console, output)


def _findings_table(findings: list[Finding], console: Console, title: str) -> None:
    """The cross-language checks' findings as a table (or one line when there are none)."""
    if not findings:
        console.print("checks: nothing to report")
        return
    table = Table(title=f"{title}: cross-language checks", show_header=True)
    table.add_column("line", justify="right")
    table.add_column("check")
    table.add_column("finding", overflow="fold")
    for finding in findings:
        table.add_row(str(finding.line or ""), finding.kind, escape(finding.message))
    console.print(table)


def _report(conversion: Conversion, output: str | None) -> dict[str, Any]:
    return {
        "input": conversion.source.name,
        "output": output,
        "profile": conversion.profile.name,
        "elements": conversion.counts(),
        "diagnostics": [d.as_dict() for d in conversion.diagnostics],
        "enriched": conversion.enriched,
        "findings": [f.as_dict() for f in conversion.findings],
    }


def _batch(
    label: str,
    run: Callable[[Callable[[Outcome], None] | None], list[Outcome]],
    total: int,
    as_json: bool,
) -> int:
    """Run a batch with a progress bar (plain lines when not on a terminal); report; exit code."""
    console = _stderr()
    if console.is_terminal and not as_json:
        with Progress(
            TextColumn(label),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[current]}"),
            console=console,
            transient=True,
        ) as progress:
            task = progress.add_task(label, total=total, current="")

            def advance(outcome: Outcome) -> None:
                progress.update(task, advance=1, current=Path(outcome.input).name)

            outcomes = run(advance)
    else:

        def line(outcome: Outcome) -> None:
            if not as_json:
                target = f" → {outcome.output}" if outcome.output else ""
                click.echo(f"{outcome.status}: {outcome.input}{target}", err=True)

        outcomes = run(line)
    failures = [o for o in outcomes if o.status == FAILED]
    counts = {status: sum(1 for o in outcomes if o.status == status) for status in (OK, SKIPPED)}
    if as_json:
        click.echo(
            json.dumps(
                {
                    "files": [o.as_dict() for o in outcomes],
                    "summary": {
                        "files": len(outcomes),
                        "ok": counts[OK],
                        "skipped": counts[SKIPPED],
                        "failed": len(failures),
                    },
                },
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        if failures:
            table = Table(title="failures", show_header=True)
            table.add_column("file")
            table.add_column("error")
            for o in failures:
                table.add_row(o.input, o.message)
            console.print(table)
        warnings = sum(len(o.diagnostics) for o in outcomes)
        click.echo(
            f"{len(outcomes)} files: {counts[OK]} done, {counts[SKIPPED]} up to date, "
            f"{len(failures)} failed" + (f", {warnings} warnings" if warnings else "")
        )
    return 2 if failures else 0


def batch_options(func: F) -> F:
    """The options every batch command shares: --out-dir, --force, --update, --jobs."""
    options = [
        click.option(
            "--out-dir",
            type=click.Path(file_okay=False),
            help="Write one file per input here, mirroring the input folders.",
        ),
        click.option("--force", is_flag=True, help="Overwrite outputs that exist."),
        click.option(
            "--update", is_flag=True, help="Rewrite only outputs older than their inputs."
        ),
        click.option(
            "--jobs",
            "-j",
            default=None,
            type=click.IntRange(1, 64),
            help="Worker processes for several inputs (default: the number of cores).",
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _single(inputs: tuple[str, ...], out_dir: str | None) -> bool:
    """One input file (or stdin) and no --out-dir: the single-file mode."""
    if len(inputs) != 1 or out_dir is not None:
        return False
    raw = inputs[0]
    return raw == "-" or not (Path(raw).is_dir() or any(ch in raw for ch in "*?["))


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the TEI here.")
@batch_options
@click.option(
    "--profile",
    default="wilson-center",
    show_default=True,
    help="Convention profile: a shipped name or a .toml file.",
)
@click.option(
    "--json", "as_json", is_flag=True, help="Print a JSON report on stdout (one input: needs -o)."
)
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
@reports_errors
def convert(
    inputs: tuple[str, ...],
    output: str | None,
    out_dir: str | None,
    force: bool,
    update: bool,
    jobs: int | None,
    profile: str,
    as_json: bool,
    explain: bool,
    strict: bool,
    no_enrich: bool,
    register: str | None,
) -> None:
    """Convert plain-text transcriptions to TEI P5.

    One input: the TEI goes to -o, or to stdout ("-" reads stdin).  Several
    inputs, folders (searched for *.txt) or glob patterns: one TEI file each in
    --out-dir, mirroring the folders; a failing file does not stop the others.
    Warnings go to stderr.  An output is never overwritten without --force
    (--update rewrites only outdated ones), and never left half-written.

    \b
    Examples:
      teikit convert data/transcriptions/mikoyan-cpsu-cc-1956-09-19.txt -o out/mikoyan.xml
      teikit convert transcriptions/ --out-dir tei/ --update
      teikit convert letter.txt --profile frus --explain -o letter.xml
      teikit convert letter.txt --profile my-archive.toml --strict
      teikit convert letter.txt --register my-register.xml -o letter.xml
    """
    if _single(inputs, out_dir):
        if as_json and output is None:
            raise click.UsageError("--json prints a report on stdout; give the TEI a file with -o")
        if inputs[0] == "-":
            conversion = api.convert_document(
                read_stdin(),
                name="<stdin>",
                profile=profile,
                strict=strict,
                enrich=not no_enrich,
                register=register,
            )
            xml = serialise(conversion.tree)
            if output is not None:
                write_output(output, xml, force=force)
        else:
            conversion, xml = api.convert_file(
                inputs[0],
                output,
                force=force,
                profile=profile,
                strict=strict,
                enrich=not no_enrich,
                register=register,
            )
        console = _stderr()
        for diagnostic in conversion.diagnostics:
            console.print(f"[yellow]{diagnostic}[/yellow]")
        if explain and not as_json:
            _explain_table(conversion, _stderr(None if sys.stderr.isatty() else 200))
        if as_json:
            report = _report(conversion, output)
            if explain:
                report["explain"] = [r.as_dict() for r in conversion.records]
            click.echo(json.dumps(report, ensure_ascii=False, indent=2))
        elif output is None:
            sys.stdout.buffer.write(xml)
        else:
            _summary(conversion, output)
        return
    if out_dir is None:
        raise click.UsageError("several inputs need --out-dir")
    if explain:
        raise click.UsageError("--explain takes one input")
    processes = jobs or default_processes()
    total = len(expand(inputs, api.TRANSCRIPTION_SUFFIXES))
    sys.exit(
        _batch(
            "converting",
            lambda progress: api.convert_many(
                list(inputs),
                out_dir=out_dir,
                force=force,
                update=update,
                profile=profile,
                strict=strict,
                enrich=not no_enrich,
                register=register,
                jobs=processes,
                progress=progress,
            ),
            total,
            as_json,
        )
    )


def _explain_table(conversion: Conversion, console: Console) -> None:
    table = Table(title=f"{conversion.source.name}: how each convention was read")
    table.add_column("line:col", no_wrap=True)
    table.add_column("source")
    table.add_column("rule", no_wrap=True)
    table.add_column("TEI")
    table.add_column("note")
    for record in conversion.records:
        rule = escape(record.rule)
        table.add_row(
            f"{record.line}:{record.column}",
            escape(_short(record.source)),
            f"[yellow]{rule}[/yellow]" if record.note else rule,
            escape(_short(record.tei())),
            escape(record.note),
        )
    console.print(table)


def _short(text: str, size: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= size else text[: size - 1] + "…"


@main.group()
def conventions() -> None:
    """The conventions of a profile: how brackets, lines and blocks become TEI.

    \b
    Examples:
      teikit conventions list
      teikit conventions list --profile frus
      teikit conventions list --profile my-archive.toml --json
    """


@conventions.command("list")
@click.option(
    "--profile",
    default="wilson-center",
    show_default=True,
    help="A shipped profile's name or a .toml file.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the rules as JSON on stdout.")
@reports_errors
def conventions_list(profile: str, as_json: bool) -> None:
    """Print the rules of a profile in the order they are tried, with an example each.

    \b
    Examples:
      teikit conventions list
      teikit conventions list --profile frus --json
    """
    prof = load_profile(profile)
    rows = rule_rows(prof)
    if as_json:
        click.echo(json.dumps(
            {"profile": prof.name, "extends": prof.extends, "rules": rows},
            ensure_ascii=False, indent=2,
        ))
        return
    console = Console(highlight=False, width=None if sys.stdout.isatty() else 200)
    title = f"profile {prof.name}" + (f" (extends {prof.extends})" if prof.extends else "")
    table = Table(title=title, show_lines=False)
    for column in ("rule", "kind", "recognised by", "TEI", "example"):
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*(escape(row[k]) for k in ("name", "kind", "recognised", "tei", "example")))
    console.print(table)
    console.print(f"{len(rows)} rules")


@main.command()
@click.argument("inputs", nargs=-1, required=True)
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
@click.option(
    "--format",
    "entity_format",
    type=click.Choice(ENTITY_FORMATS),
    default="json",
    show_default=True,
    help="entities: JSON (an array of objects) or CSV (a header row, one row per name).",
)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write here, not stdout.")
@batch_options
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="Print a JSON report per file on stdout (several inputs).",
)
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
    as_json: bool,
) -> None:
    """Export TEI files: back to the transcription convention, or as an HTML
    edition, plain text or Markdown in a reading or a diplomatic view, or the
    list of their name occurrences (entities: register id, kind, language,
    paragraph) as JSON or CSV.

    One input goes to -o or stdout ("-" reads stdin); several inputs, folders
    (searched for *.xml) or glob patterns go to --out-dir, one file each.

    \b
    Examples:
      teikit export out/mikoyan.xml --to transcription -o out/mikoyan.txt
      teikit export out/mikoyan.xml --to html -o out/mikoyan.html
      teikit export out/mikoyan.xml --to text --view diplomatic
      teikit export out/mikoyan.xml --to entities --format csv -o out/names.csv
      teikit export corpus/ --to html --out-dir site/ --jobs 2
    """
    if _single(inputs, out_dir) and not as_json:
        if inputs[0] == "-":
            data = render(
                parse_stream(sys.stdin.buffer, "<stdin>"),
                to,
                view=view,
                entity_format=entity_format,
            )
            if output is not None:
                write_output(output, data, force=force)
            else:
                sys.stdout.buffer.write(data)
            return
        text = api.export_file(
            inputs[0], to, output, force=force, view=view, entity_format=entity_format
        )
        if output is None:
            sys.stdout.write(text)
        return
    if out_dir is None and output is None:
        raise click.UsageError("several inputs need --out-dir")
    processes = jobs or default_processes()
    total = len(expand(inputs, api.TEI_SUFFIXES))
    sys.exit(
        _batch(
            "exporting",
            lambda progress: api.export_many(
                list(inputs),
                to,
                view=view,
                out_dir=out_dir,
                output=output,
                force=force,
                update=update,
                entity_format=entity_format,
                jobs=processes,
                progress=progress,
            ),
            total,
            as_json,
        )
    )


@main.command()
@click.argument("input", type=click.Path(dir_okay=False))
@click.option(
    "--apply",
    is_flag=True,
    help="Write the propagated sics (sic resp=\"#teikit\" with its correction) into the "
    "document: to -o, or to stdout.",
)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="With --apply: write here.")
@click.option("--force", is_flag=True, help="Overwrite an existing output (even the input).")
@click.option("--json", "as_json", is_flag=True, help="Print the findings as JSON on stdout.")
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
    if as_json:
        report = {
            "input": input,
            "output": output,
            "applied": apply,
            "findings": [f.as_dict() for f in findings],
        }
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        _findings_table(findings, _stderr(), input)
        if apply and output is None and data is not None:
            sys.stdout.buffer.write(data)
        elif apply:
            sics = sum(1 for f in findings if f.kind == "sic")
            _stderr().print(f"{output}: {sics} sic(s) propagated")


def _problem_table(report: Report, console: Console, limit: int) -> None:
    shown = 0
    for result in report.results:
        for problem in result.problems:
            if shown >= limit:
                continue
            shown += 1
            colour = "red" if problem.severity == "error" else "yellow"
            console.print(f"[{colour}]{problem}[/{colour}]")
    if shown >= limit:
        total = sum(len(r.problems) for r in report.results)
        console.print(f"… {total - limit} more problems (use --json for all)")


def _finish_validation(report: Report, as_json: bool, max_problems: int, console: Console) -> None:
    results = report.results
    if as_json:
        click.echo(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    else:
        if len(results) > 1:
            table = Table(show_header=True)
            table.add_column("file")
            table.add_column("schema")
            table.add_column("status")
            table.add_column("errors", justify="right")
            for result in results:
                if result.status == "valid" and len(results) > 20:
                    continue
                colour = {"valid": "green", "invalid": "red"}.get(result.status, "magenta")
                table.add_row(
                    result.path,
                    result.schema,
                    f"[{colour}]{result.status}[/{colour}]",
                    str(len(result.errors)),
                )
            console.print(table)
        _problem_table(report, console, max_problems)
        click.echo(report.summary())
    sys.exit(report.exit_code)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option(
    "--schema",
    "schema",
    default=None,
    metavar="teikit|tei_all|FILE",
    help="Schema to validate against (default: teikit for teikit's files and files "
    "that name no schema, else the file's xml-model).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON on stdout.")
@click.option(
    "--jobs",
    "-j",
    default=None,
    type=click.IntRange(1, 64),
    help="Worker processes (default: the number of cores).",
)
@click.option(
    "--max-problems",
    default=50,
    show_default=True,
    type=click.IntRange(0),
    help="Problems listed on the terminal.",
)
@reports_errors
def validate(
    paths: tuple[str, ...], schema: str | None, as_json: bool, jobs: int | None, max_problems: int
) -> None:
    """Validate TEI files and folders: well-formedness, grammar, Schematron.

    Exit status: 0 all valid, 1 some invalid, 2 some file could not be validated
    (not XML, schema missing) or a usage error.  Folders are searched for
    *.xml, *.tei and *.odd files.  No network is used: install tei_all once with
    `teikit schema install tei_all`.

    \b
    Examples:
      teikit validate data/tei/
      teikit validate corpus/ --schema tei_all --jobs 2
      teikit validate letter.xml --schema my-project.rng --json
    """
    console = _stderr()
    jobs = jobs or os.cpu_count() or 1
    if paths == ("-",):
        tree = parse_stream(sys.stdin.buffer, "<stdin>")
        schemas = schemas_for(Path("<stdin>"), tree, schema)
        report = Report([validate_tree(tree, "<stdin>", schemas)])
        _finish_validation(report, as_json, max_problems, _stderr())
        return
    total = len(collect(paths))
    if console.is_terminal and not as_json and total > 1:
        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[current]}"),
            console=console,
            transient=True,
        ) as progress:
            task = progress.add_task("validating", total=total, current="")

            def advance(result: FileResult) -> None:
                progress.update(task, advance=1, current=Path(result.path).name)

            report = api.validate_paths(paths, schema, jobs=jobs, progress=advance)
    else:

        def line(result: FileResult) -> None:
            if total > 1 and not as_json:
                click.echo(f"{result.status}: {result.path}", err=True)

        report = api.validate_paths(paths, schema, jobs=jobs, progress=line)
    _finish_validation(report, as_json, max_problems, console)


@main.group()
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
    click.echo(f"{name}: {path} (SHA-256 {digest})")

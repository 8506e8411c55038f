"""Everything the command line prints: the one module of it that uses rich or click.echo.

People get tables, progress bars and coloured warnings on stderr; machines get
``--json`` on stdout; errors are one line (``FILE:LINE:COL: error: message``)
on stderr; documents go to stdout as bytes.

Every ``--json`` report has the same top-level keys, in this order:
``command``, ``files`` (one entry per input, with the same details for one
input as for a batch) and ``summary`` (the counts) last.  Off a terminal,
tables are as wide as their content: paths are never cut.  ``quiet``
(``--quiet``) leaves out progress, tables, summaries and warnings, and keeps
the errors.

What comes from the user's data (transcription text, file names, messages, rule
codes such as ``[rng:attribute-value]``) is handed to rich as
:class:`rich.text.Text`, never as markup, and the consoles made here interpret
no markup and no emoji codes at all: square brackets and colons are printed as
they are, and a ``[/x]`` in a transcription cannot break a table.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from pathlib import Path
from types import TracebackType
from typing import Any

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn
from rich.table import Table
from rich.text import Text

from ..api import conversion_details
from ..batch import FAILED, OK, SKIPPED, Job, Outcome, failed
from ..build.builder import Conversion
from ..commands import CheckResult
from ..errors import Diagnostic, TeikitError
from ..profiles import Profile
from ..tei import XML_ID, tei
from ..validate import FileResult, Report
from ..validate.results import ERROR, INVALID, VALID
from .context import config_used, with_config
from .layout import RULES_WIDTH, rule_lines

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
WIDE = 200  # the width of the explain table written to a file or a pipe
UNCUT = 10_000  # the width of other tables written to a file or a pipe: paths are not cut
TITLE = "table.title"
COLOURS = {"valid": "green", "invalid": "red"}


# ---------------------------------------------------------------------------- basics


def console(*, stderr: bool = True, width: int | None = None, soft_wrap: bool = True) -> Console:
    """A console that reads no markup, emoji code or highlighting into what it prints.

    Off a terminal (a file, a pipe) it is :data:`UNCUT` columns wide unless
    ``width`` says otherwise, so that tables do not cut paths at 80 columns.
    """
    stream = sys.stderr if stderr else sys.stdout
    if width is None and not stream.isatty():
        width = UNCUT
    return Console(
        stderr=stderr,
        markup=False,
        emoji=False,
        highlight=False,
        soft_wrap=soft_wrap,
        width=width,
    )


def plain(value: object, style: str = "") -> Text:
    """``value`` as text that rich prints verbatim (in ``style``)."""
    return Text(str(value), style=style)


def error(message: str) -> None:
    """One line on stderr: an error (``FILE:LINE:COL: error: message``) or a notice."""
    click.echo(message, err=True)


def json_report(data: Any) -> None:
    """``data`` as indented JSON (UTF-8, not escaped to ASCII) on stdout."""
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def envelope(command: str, files: list[dict[str, Any]], summary: dict[str, int]) -> None:
    """A command's JSON report: ``command``, ``files`` and ``summary`` (last), on stdout.

    When a config file gave defaults, its path is the ``config`` key after ``command``.
    """
    json_report({"command": command, **with_config(), "files": files, "summary": summary})


def config_line(out: Console | None = None) -> None:
    """``config: PATH`` on stderr, when a config file gave the defaults."""
    path = config_used()
    if path:
        (out or console()).print(plain(f"config: {path}"))


def written(path: Path, note: str) -> None:
    """A file was written: its path and what it is, on stderr."""
    console().print(plain(f"{path}: {note}"))


def outcome_summary(outcomes: list[Outcome]) -> dict[str, int]:
    """The counts of a conversion, export or check: files, ok, skipped, failed."""
    return {
        "files": len(outcomes),
        "ok": sum(1 for o in outcomes if o.status == OK),
        "skipped": sum(1 for o in outcomes if o.status == SKIPPED),
        "failed": sum(1 for o in outcomes if o.status == FAILED),
    }


def plural(count: int, word: str) -> str:
    """``1 file``, ``2 files``: a count and its noun."""
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def single_failure(command: str, source: str, output: str | None, exc: TeikitError) -> int:
    """``--json`` for one input that failed: the report with its one failed file; returns 2."""
    outcome = failed(Job(Path(source), Path(output) if output else None), exc)
    envelope(command, [outcome.as_dict()], outcome_summary([outcome]))
    return 2


def document(data: bytes) -> None:
    """A document (TEI, an export) on stdout, byte for byte."""
    sys.stdout.flush()
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()


def warnings(diagnostics: Iterable[Diagnostic | str], *, quiet: bool = False) -> None:
    """Each warning as one yellow line on stderr (``FILE:LINE:COL: warning: message``)."""
    if quiet:
        return
    out = console()
    for diagnostic in diagnostics:
        out.print(plain(diagnostic, "yellow"))


# ---------------------------------------------------------------------------- convert


def conversion(
    converted: Conversion,
    xml: bytes,
    output: str | None,
    *,
    explain: bool = False,
    as_json: bool = False,
    quiet: bool = False,
) -> None:
    """What ``teikit convert`` prints for one input.

    The warnings on stderr; with ``explain``, the table of how each convention
    was read (or the records in the JSON); then the JSON report (``as_json``),
    the TEI on stdout (no ``output``), or the summary of what was written
    (not with ``quiet``, which prints no warning either).
    """
    warnings(converted.diagnostics, quiet=quiet)
    if explain and not as_json:
        explain_table(converted)
    if as_json:
        entry = conversion_json(converted, output)
        if explain:
            entry["explain"] = [r.as_dict() for r in converted.records]
        envelope("convert", [entry], {"files": 1, "ok": 1, "skipped": 0, "failed": 0})
    elif output is None:
        document(xml)
    elif not quiet:
        summary(converted, output)


def conversion_json(converted: Conversion, output: str | None) -> dict[str, Any]:
    """The JSON entry of one conversion: a batch's per-file entry, and the same details."""
    outcome = Outcome(
        converted.source.name,
        output,
        OK,
        diagnostics=[d.as_dict() for d in converted.diagnostics],
        details=conversion_details(converted),
    )
    return outcome.as_dict()


def summary(converted: Conversion, output: str) -> None:
    """The elements made, the hands, the warnings and the enrichment, on stderr."""
    out = console()
    counts = converted.counts()
    table = Table(title=plain(f"{converted.source.name} → {output}", TITLE), show_header=True)
    table.add_column("element")
    table.add_column("count", justify="right")
    for name in SUMMARY_ELEMENTS:
        if counts.get(name):
            table.add_row(name, str(counts[name]))
    table.add_row(plain("all in the text", "bold"), plain(sum(counts.values()), "bold"))
    header = sum(converted.counts("teiHeader").values())
    table.add_row(plain("all in the header", "bold"), plain(header, "bold"))
    out.print(table)
    hands = [str(h.get(XML_ID)) for h in converted.tree.getroot().iter(tei("handNote"))]
    out.print(plain(f"profile: {converted.profile.name} ({converted.profile_reason})"))
    config_line(out)
    out.print(plain(f"hands: {', '.join(hands) or 'none'}"))
    out.print(plain(f"warnings: {len(converted.diagnostics)}"))
    if converted.enriched:
        e = converted.enriched
        out.print(
            plain(
                f"enriched: {e.get('aligned', 0)} aligned paragraph pairs, {e.get('names', 0)} "
                f"names linked to {e.get('entries', 0)} register entries, "
                f"{e.get('dates', 0)} dates"
            )
        )
        findings_table(converted.findings, output, out)


def explain_table(converted: Conversion) -> None:
    """``--explain``: every bracket (line and block rule, date) with the rule and TEI made."""
    out = console(width=None if sys.stderr.isatty() else WIDE)
    table = Table(title=plain(f"{converted.source.name}: how each convention was read", TITLE))
    table.add_column("line:col", no_wrap=True)
    table.add_column("source")
    table.add_column("rule", no_wrap=True)
    table.add_column("TEI")
    table.add_column("note")
    for record in converted.records:
        table.add_row(
            plain(f"{record.line}:{record.column}"),
            plain(short(record.source)),
            plain(record.rule, "yellow" if record.note else ""),
            plain(short(record.tei())),
            plain(record.note),
        )
    out.print(table)


def short(text: str, size: int = 90) -> str:
    """``text`` on one line, cut to ``size`` characters with an ellipsis."""
    text = " ".join(text.split())
    return text if len(text) <= size else text[: size - 1] + "…"


# ---------------------------------------------------------------------------- check


def findings_table(findings: list[Diagnostic], title: str, out: Console | None = None) -> None:
    """The cross-language checks' findings as a table (or one line when there are none)."""
    out = out or console()
    if not findings:
        out.print(plain("checks: nothing to report"))
        return
    table = Table(title=plain(f"{title}: cross-language checks", TITLE), show_header=True)
    table.add_column("line", justify="right")
    table.add_column("check")
    table.add_column("finding", overflow="fold")
    for finding in findings:
        table.add_row(plain(finding.line or ""), plain(finding.code), plain(finding.message))
    out.print(table)


def check(
    findings: list[Diagnostic],
    data: bytes | None,
    source: str,
    output: str | None,
    *,
    apply: bool = False,
    quiet: bool = False,
) -> None:
    """What ``teikit check`` prints for one input: the findings, the document with --apply."""
    if not quiet:
        findings_table(findings, source)
    if apply and output is None and data is not None:
        document(data)
    elif apply and not quiet:
        sics = sum(1 for f in findings if f.code == "sic")
        console().print(plain(f"{output}: {sics} sic(s) propagated"))


def checks(results: list[CheckResult], *, as_json: bool = False, quiet: bool = False) -> int:
    """What ``teikit check`` prints for several inputs (or with ``--json``); the exit status.

    Each file's findings as a table (or JSON entries); a file that could not be
    checked is one failure.  The status is 2 when some file failed, else 0.
    """
    outcomes = [r.outcome for r in results]
    if as_json:
        envelope("check", [o.as_dict() for o in outcomes], outcome_summary(outcomes))
    else:
        out = console()
        for result in results:
            if result.outcome.status != OK:
                error(result.outcome.message)
            elif not quiet:
                findings_table(result.findings, result.outcome.input, out)
        if len(results) == 1 and results[0].data is not None and not results[0].outcome.output:
            document(results[0].data)
        if not quiet:
            counts = outcome_summary(outcomes)
            found = sum(len(r.findings) for r in results)
            click.echo(
                f"{plural(counts['files'], 'file')}: {counts['ok']} checked, "
                f"{counts['failed']} failed, {plural(found, 'finding')}"
            )
    return 2 if any(o.status == FAILED for o in outcomes) else 0


# ---------------------------------------------------------------------------- batches


class BatchProgress:
    """A batch's progress: a bar on a terminal, a plain line per file elsewhere.

    A context manager; the library calls :meth:`start` with the number of files,
    then :meth:`outcome` (or :meth:`validated`) for each file done.  ``quiet``
    (``--json``, ``--quiet``) prints nothing; nor does a batch of fewer than
    ``least`` files; without ``lines``, nothing is printed off a terminal (where
    the report that follows lists every file anyway).
    """

    def __init__(
        self, label: str, *, quiet: bool = False, least: int = 1, lines: bool = True
    ) -> None:
        self.label = label
        self.print_lines = lines
        self.quiet = quiet
        self.least = least
        self.console = console()
        self._bar: Progress | None = None
        self._task: TaskID | None = None
        self._lines = False

    def __enter__(self) -> BatchProgress:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None

    def start(self, total: int) -> None:
        """The batch has ``total`` files: show the bar (or get ready for lines)."""
        if self.quiet or total < self.least:
            return
        if not self.console.is_terminal:
            self._lines = self.print_lines
            return
        self._bar = Progress(
            TextColumn("{task.description}", markup=False),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[current]}", markup=False),
            console=self.console,
            transient=True,
        )
        self._bar.start()
        self._task = self._bar.add_task(self.label, total=total, current="")

    def outcome(self, outcome: Outcome) -> None:
        """One file of a conversion or export batch is done."""
        target = f" → {outcome.output}" if outcome.output else ""
        self._advance(outcome.input, f"{outcome.status}: {outcome.input}{target}")

    def validated(self, result: FileResult) -> None:
        """One file of a validation is done."""
        self._advance(result.path, f"{result.status}: {result.path}")

    def _advance(self, path: str, line: str) -> None:
        if self._bar is not None and self._task is not None:
            self._bar.update(self._task, advance=1, current=Path(path).name)
        elif self._lines:
            click.echo(line, err=True)


def batch(
    outcomes: list[Outcome], *, as_json: bool = False, quiet: bool = False, command: str = "",
    extra: dict[str, Any] | None = None,
) -> int:
    """A batch's report; returns the exit status (2 when some file failed, else 0).

    With ``as_json``, every outcome and the counts as JSON on stdout (the
    ``command`` named).  Otherwise the failures as a table on stderr, the counts
    as one line on stdout, and after it every warning, ``FILE:LINE:COL:
    warning: message``, on stderr.  With ``quiet``, only the failures, one line each.
    ``extra`` (a site's counts) joins the JSON summary, or follows the counts' line.
    """
    failures = [o for o in outcomes if o.status == FAILED]
    counts = {status: sum(1 for o in outcomes if o.status == status) for status in (OK, SKIPPED)}
    if as_json:
        summary = {**outcome_summary(outcomes), **(extra or {})}
        envelope(command, [o.as_dict() for o in outcomes], summary)
        return 2 if failures else 0
    if quiet:
        for o in failures:
            error(o.message)
        return 2 if failures else 0
    out = console()
    if failures:
        table = Table(title="failures", show_header=True)
        table.add_column("file")
        table.add_column("error")
        for o in failures:
            table.add_row(plain(o.input), plain(o.message))
        out.print(table)
    found = batch_warnings(outcomes)
    config_line(out)
    click.echo(
        f"{plural(len(outcomes), 'file')}: {counts[OK]} done, {counts[SKIPPED]} up to date, "
        f"{len(failures)} failed" + (f", {plural(len(found), 'warning')}" if found else "")
    )
    if extra:
        click.echo(", ".join(f"{key}: {value}" for key, value in extra.items()))
    warnings(found)
    return 2 if failures else 0


def batch_warnings(outcomes: Iterable[Outcome]) -> list[str]:
    """Every warning of a batch, file by file, as ``FILE:LINE:COL: warning: message``."""
    lines = []
    for outcome in outcomes:
        for found in outcome.diagnostics:
            fields = {**found, "path": found.get("path") or outcome.input}
            lines.append(str(Diagnostic(**fields)))
    return lines


# ---------------------------------------------------------------------------- validate


def validation(
    report: Report, *, as_json: bool = False, max_problems: int = 50, quiet: bool = False
) -> int:
    """What ``teikit validate`` prints; returns the exit status (0, 1 invalid, 2 error).

    With ``as_json``, the whole report on stdout.  Otherwise a table of the files
    (when there are several; only the invalid ones beyond 20), the first
    ``max_problems`` problems on stderr, and the counts on stdout.  With
    ``quiet``, only the problems that are errors.
    """
    if as_json:
        data = report.as_dict()
        envelope("validate", data["files"], data["summary"])
        return report.exit_code
    if quiet:
        for result in report.results:
            for found in result.errors:
                error(str(found))
        return report.exit_code
    out = console()
    results = report.results
    if len(results) > 1:
        table = Table(show_header=True)
        table.add_column("file")
        table.add_column("schema")
        table.add_column("status")
        table.add_column("errors", justify="right")
        for result in results:
            if result.status == "valid" and len(results) > 20:
                continue
            table.add_row(
                plain(result.path),
                plain(result.schema),
                plain(result.status, COLOURS.get(result.status, "magenta")),
                str(len(result.errors)),
            )
        out.print(table)
    problems(report, max_problems, out)
    config_line(out)
    click.echo(validation_summary(report))
    return report.exit_code


def validation_summary(report: Report) -> str:
    """``1 file, 1 valid, 0 invalid`` (and how many could not be validated)."""
    text = (
        f"{plural(len(report.results), 'file')}, {report.count(VALID)} valid, "
        f"{report.count(INVALID)} invalid"
    )
    if report.count(ERROR):
        text += f", {report.count(ERROR)} not validated"
    return text


def problems(report: Report, limit: int, out: Console | None = None) -> None:
    """The first ``limit`` problems, one line each (errors red, warnings yellow)."""
    out = out or console()
    shown = 0
    for result in report.results:
        for problem in result.problems:
            if shown >= limit:
                continue
            shown += 1
            out.print(plain(problem, "red" if problem.severity == "error" else "yellow"))
    if shown >= limit:
        total = sum(len(r.problems) for r in report.results)
        out.print(plain(f"… {total - limit} more problems (use --json for all)"))


# ---------------------------------------------------------------------------- the rest


def conventions(
    profile: Profile,
    rules: list[dict[str, str]],
    *,
    as_json: bool = False,
    quiet: bool = False,
    tei: bool = False,
) -> None:
    """``teikit conventions list``: a profile's rules on stdout (see :func:`rule_lines`), or JSON.

    Off a terminal the list is 80 columns wide; on one, as wide as the terminal.
    """
    if as_json:
        json_report(
            {
                "command": "conventions list",
                **with_config(),
                "profile": profile.name,
                "extends": profile.extends,
                "rules": rules,
                "summary": {"rules": len(rules)},
            }
        )
        return
    if quiet:
        return
    width = RULES_WIDTH
    if sys.stdout.isatty():
        width = min(max(40, Console().width), 120)
    out = console(stderr=False, width=width, soft_wrap=True)
    title = f"profile {profile.name}" + (f" (extends {profile.extends})" if profile.extends else "")
    out.print(plain(title, TITLE))
    for text in rule_lines(rules, width=width, tei=tei):
        out.print(plain(text))
    out.print(plain(f"{len(rules)} rules"))


def schema_installed(name: str, path: Path, digest: str) -> None:
    """``teikit schema install``: where the schema went and its SHA-256, on stdout."""
    click.echo(f"{name}: {path} (SHA-256 {digest})")


def schemas(
    rows: list[dict[str, str | None]], *, as_json: bool = False, quiet: bool = False
) -> None:
    """``teikit schema list``: each schema's name, status, TEI version and origin (stdout)."""
    if as_json:
        usable = sum(1 for r in rows if r["status"] in ("shipped", "installed"))
        summary = {"schemas": len(rows), "usable": usable}
        json_report({"command": "schema list", "schemas": rows, "summary": summary})
        return
    if quiet:
        return
    out = console(stderr=False)
    table = Table(title=plain("schemas", TITLE), show_header=True)
    for column in ("name", "status", "TEI version", "installed from", "path"):
        table.add_column(column)
    for row in rows:
        table.add_row(
            *(plain(row[k] or "—") for k in ("name", "status", "tei_version", "source", "path"))
        )
    out.print(table)

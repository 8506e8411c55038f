"""Everything the command line prints: the one module of it that uses rich or click.echo.

People get tables, progress bars and coloured warnings on stderr; machines get
``--json`` on stdout; errors are one line (``FILE:LINE:COL: error: message``)
on stderr; documents go to stdout as bytes.

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

from ..batch import FAILED, OK, SKIPPED, Outcome
from ..build.builder import Conversion
from ..errors import Diagnostic
from ..profiles import Profile
from ..tei import XML_ID, tei
from ..validate import FileResult, Report

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
WIDE = 200  # the width of tables written to a file or a pipe
TITLE = "table.title"
COLOURS = {"valid": "green", "invalid": "red"}


# ---------------------------------------------------------------------------- basics


def console(*, stderr: bool = True, width: int | None = None, soft_wrap: bool = True) -> Console:
    """A console that reads no markup, emoji code or highlighting into what it prints."""
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


def document(data: bytes) -> None:
    """A document (TEI, an export) on stdout, byte for byte."""
    sys.stdout.flush()
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()


def warnings(diagnostics: Iterable[Diagnostic | str]) -> None:
    """Each warning as one yellow line on stderr (``FILE:LINE:COL: warning: message``)."""
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
) -> None:
    """What ``teikit convert`` prints for one input.

    The warnings on stderr; with ``explain``, the table of how each convention
    was read (or the records in the JSON); then the JSON report (``as_json``),
    the TEI on stdout (no ``output``), or the summary of what was written.
    """
    warnings(converted.diagnostics)
    if explain and not as_json:
        explain_table(converted)
    if as_json:
        data = conversion_json(converted, output)
        if explain:
            data["explain"] = [r.as_dict() for r in converted.records]
        json_report(data)
    elif output is None:
        document(xml)
    else:
        summary(converted, output)


def conversion_json(converted: Conversion, output: str | None) -> dict[str, Any]:
    """The JSON report of one conversion."""
    return {
        "input": converted.source.name,
        "output": output,
        "profile": converted.profile.name,
        "profile_reason": converted.profile_reason,
        "elements": converted.counts(),
        "diagnostics": [d.as_dict() for d in converted.diagnostics],
        "enriched": converted.enriched,
        "findings": [f.as_dict() for f in converted.findings],
    }


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
    as_json: bool = False,
) -> None:
    """What ``teikit check`` prints: the findings (table or JSON), the document with --apply."""
    if as_json:
        json_report(
            {
                "input": source,
                "output": output,
                "applied": apply,
                "findings": [f.as_dict() for f in findings],
            }
        )
        return
    findings_table(findings, source)
    if apply and output is None and data is not None:
        document(data)
    elif apply:
        sics = sum(1 for f in findings if f.code == "sic")
        console().print(plain(f"{output}: {sics} sic(s) propagated"))


# ---------------------------------------------------------------------------- batches


class BatchProgress:
    """A batch's progress: a bar on a terminal, a plain line per file elsewhere.

    A context manager; the library calls :meth:`start` with the number of files,
    then :meth:`outcome` (or :meth:`validated`) for each file done.  ``quiet``
    (``--json``) prints nothing; nor does a batch of fewer than ``least`` files.
    """

    def __init__(self, label: str, *, quiet: bool = False, least: int = 1) -> None:
        self.label = label
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
            self._lines = True
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


def batch(outcomes: list[Outcome], *, as_json: bool = False) -> int:
    """A batch's report; returns the exit status (2 when some file failed, else 0).

    With ``as_json``, every outcome and the counts as JSON on stdout.  Otherwise
    the failures as a table on stderr, the counts as one line on stdout, and
    after it every warning, ``FILE:LINE:COL: warning: message``, on stderr.
    """
    failures = [o for o in outcomes if o.status == FAILED]
    counts = {status: sum(1 for o in outcomes if o.status == status) for status in (OK, SKIPPED)}
    if as_json:
        json_report(
            {
                "files": [o.as_dict() for o in outcomes],
                "summary": {
                    "files": len(outcomes),
                    "ok": counts[OK],
                    "skipped": counts[SKIPPED],
                    "failed": len(failures),
                },
            }
        )
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
    click.echo(
        f"{len(outcomes)} files: {counts[OK]} done, {counts[SKIPPED]} up to date, "
        f"{len(failures)} failed" + (f", {len(found)} warnings" if found else "")
    )
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


def validation(report: Report, *, as_json: bool = False, max_problems: int = 50) -> int:
    """What ``teikit validate`` prints; returns the exit status (0, 1 invalid, 2 error).

    With ``as_json``, the whole report on stdout.  Otherwise a table of the files
    (when there are several; only the invalid ones beyond 20), the first
    ``max_problems`` problems on stderr, and the counts on stdout.
    """
    if as_json:
        json_report(report.as_dict())
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
    click.echo(report.summary())
    return report.exit_code


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


def conventions(profile: Profile, rules: list[dict[str, str]], *, as_json: bool = False) -> None:
    """``teikit conventions list``: a profile's rules as a table on stdout, or JSON."""
    if as_json:
        json_report({"profile": profile.name, "extends": profile.extends, "rules": rules})
        return
    out = console(stderr=False, width=None if sys.stdout.isatty() else WIDE, soft_wrap=False)
    title = f"profile {profile.name}" + (f" (extends {profile.extends})" if profile.extends else "")
    table = Table(title=plain(title, TITLE), show_lines=False)
    for column in ("rule", "kind", "recognised by", "TEI", "example"):
        table.add_column(column, overflow="fold")
    for row in rules:
        table.add_row(*(plain(row[k]) for k in ("name", "kind", "recognised", "tei", "example")))
    out.print(table)
    out.print(plain(f"{len(rules)} rules"))


def schema_installed(name: str, path: Path, digest: str) -> None:
    """``teikit schema install``: where the schema went and its SHA-256, on stdout."""
    click.echo(f"{name}: {path} (SHA-256 {digest})")

"""Library calls of the command line beyond :mod:`teikit.api`: ``check`` on many inputs.

``teikit check`` takes files, folders (searched for ``*.xml``, ``*.tei``,
``*.odd``) and glob patterns like the other commands; each file's findings, or
its error, are one result, and a failing file does not stop the others.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from . import batch
from .api import TEI_SUFFIXES, check_file
from .errors import Diagnostic, TeikitError


@dataclass
class CheckResult:
    """One file's checks: its outcome, its findings and, with ``apply``, the document."""

    outcome: batch.Outcome
    findings: list[Diagnostic] = field(default_factory=list)
    data: bytes | None = None


def check_inputs(
    inputs: Sequence[str],
    *,
    apply: bool = False,
    output: str | None = None,
    out_dir: str | None = None,
    force: bool = False,
    progress: Callable[[batch.Outcome], None] | None = None,
    started: Callable[[int], None] | None = None,
) -> list[CheckResult]:
    """Run the cross-language checks (:func:`teikit.api.check_file`) on every input.

    Without ``apply`` nothing is written.  With it, the documents with their
    propagated sics go to ``output`` (one input), into ``out_dir`` (same file
    names, mirroring the input folders) or, for one input, to the result's
    ``data`` only.  ``started`` is told first how many files there are,
    ``progress`` each outcome.
    """
    if apply:
        jobs = batch.plan(inputs, TEI_SUFFIXES, out_dir, output, lambda p: p.name)
    else:
        jobs = [batch.Job(path, None) for path, _ in batch.expand(inputs, TEI_SUFFIXES)]
    if started is not None:
        started(len(jobs))
    results = []
    for job in jobs:
        result = _check_job(job, apply, force)
        if progress is not None:
            progress(result.outcome)
        results.append(result)
    return results


def _check_job(job: batch.Job, apply: bool, force: bool) -> CheckResult:
    target = str(job.output) if job.output else None
    try:
        if job.output is not None:
            Path(job.output).parent.mkdir(parents=True, exist_ok=True)
        findings, data = check_file(job.input, apply=apply, output=job.output, force=force)
    except TeikitError as exc:
        return CheckResult(batch.failed(job, exc.with_path(str(job.input))))
    except OSError as exc:
        error = TeikitError(f"cannot write: {exc.strerror}", path=target, code="io")
        return CheckResult(batch.failed(job, error))
    details = {"applied": apply, "findings": [f.as_dict() for f in findings]}
    outcome = batch.Outcome(str(job.input), target, batch.OK, details=details)
    return CheckResult(outcome, findings, data)

"""Batches: many inputs, outputs mirroring the input tree, worker processes, no lost work.

A batch keeps going past a file that fails and reports every file's outcome.
Each output is written atomically (temporary file, then rename), so an
interrupted batch leaves whole files or none.  An existing output is never
overwritten without ``force``; with ``update`` it is rewritten only when it is
older than its input (as make does), and skipped otherwise.

On a cluster (``executor``, see :mod:`teikit.cluster`) the jobs go in chunks,
and whether each output may be written is decided before any is sent, so that
a chunk the scheduler runs again (its worker died) rewrites its own outputs
rather than finding them in its way.
"""

from __future__ import annotations

import dataclasses
import functools
import glob
import os
import signal
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from . import cluster
from .errors import TeikitError

LOCAL_CHUNK = 8  # files per task at most in local worker processes

OK = "ok"
SKIPPED = "skipped"
FAILED = "error"


@dataclass
class Job:
    """One input and where its output goes (None: standard output).

    ``replace``: the batch has decided to write the output, and a file found
    there now is its own (a chunk run again after its worker died).
    """

    input: Path
    output: Path | None
    replace: bool = False


@dataclass
class Outcome:
    """What became of one input."""

    input: str
    output: str | None
    status: str
    message: str = ""
    line: int | None = None
    column: int | None = None
    diagnostics: list[dict[str, Any]] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)  # the command's own, per file

    def as_dict(self) -> dict[str, Any]:
        """The outcome as a JSON-ready mapping (with its ``details`` merged in)."""
        out = asdict(self)
        out.update(out.pop("details"))
        return out


def expand(inputs: Iterable[str], suffixes: tuple[str, ...]) -> list[tuple[Path, Path]]:
    """(file, base folder) for every input: files as given, folders searched, globs expanded.

    The base folder is what output paths are made relative to: a folder
    argument itself, or the folder of a file argument.
    """
    found: list[tuple[Path, Path]] = []
    for raw in inputs:
        path = Path(raw)
        if path.is_dir():
            files = sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in suffixes
            )
            if not files:
                raise TeikitError(
                    f"no {' or '.join(suffixes)} files in this folder", path=raw, code="usage"
                )
            found.extend((p, path) for p in files)
        elif path.is_file():
            found.append((path, path.parent))
        elif any(ch in raw for ch in "*?["):
            matches = sorted(Path(p) for p in glob.glob(raw, recursive=True))
            files = [p for p in matches if p.is_file()]
            if not files:
                raise TeikitError("the pattern matches no file", path=raw, code="usage")
            found.extend((p, p.parent) for p in files)
        else:
            # a missing file is that file's failure (the job cannot read it), not the batch's
            found.append((path, path.parent))
    return found


def plan(
    inputs: Iterable[str],
    suffixes: tuple[str, ...],
    out_dir: str | None,
    output: str | None,
    name: Callable[[Path], str],
) -> list[Job]:
    """The jobs for a command: one output file, one folder of outputs, or standard output."""
    files = expand(inputs, suffixes)
    if output is not None:
        if len(files) != 1:
            raise TeikitError(
                "-o names one output; give --out-dir for several inputs", code="usage"
            )
        return [Job(files[0][0], Path(output))]
    if out_dir is None:
        if len(files) != 1:
            raise TeikitError("several inputs need --out-dir", code="usage")
        return [Job(files[0][0], None)]
    root = Path(out_dir)
    jobs = []
    seen: dict[Path, Path] = {}
    for path, base in files:
        relative = path.relative_to(base).parent
        target = root / relative / name(path)
        if target in seen:
            raise TeikitError(
                f"two inputs would write the same output {target} ({seen[target]} and {path})",
                code="usage",
            )
        seen[target] = path
        jobs.append(Job(path, target))
    return jobs


def must_write(job: Job, force: bool, update: bool) -> bool:
    """Whether to write ``job``'s output: False to skip it (``update``, output is newer)."""
    out = job.output
    if out is None or job.replace or not out.exists():
        return True
    if update:
        return out.stat().st_mtime < job.input.stat().st_mtime
    if force:
        return True
    raise TeikitError(
        "output file exists; use --force to overwrite it or --update to refresh it",
        path=str(out),
        code="exists",
    )


def up_to_date(job: Job, force: bool, update: bool) -> Outcome | None:
    """The "skipped" outcome when ``job``'s output is newer (``--update``); otherwise
    None, with the output's folder made, ready for the job to write."""
    if not must_write(job, force, update):
        return Outcome(str(job.input), str(job.output), SKIPPED, "up to date")
    if job.output is not None:
        job.output.parent.mkdir(parents=True, exist_ok=True)
    return None


def failed(job: Job, exc: TeikitError) -> Outcome:
    """The outcome of a job that raised teikit's error."""
    return Outcome(
        str(job.input),
        str(job.output) if job.output else None,
        FAILED,
        str(exc),
        exc.line,
        exc.column,
    )


def run(
    jobs: list[Job],
    worker: Callable[[Job], Outcome],
    *,
    processes: int = 1,
    progress: Callable[[Outcome], None] | None = None,
    executor: cluster.Executor | None = None,
    force: bool = False,
    update: bool = False,
) -> list[Outcome]:
    """Run ``worker`` on every job (in ``processes`` worker processes, or in chunks on
    ``executor``, a cluster), in input order.

    On a cluster, ``force`` and ``update`` (the worker's own) decide, before anything
    is sent, which outputs are written.
    """
    outcomes: list[Outcome | None] = [None] * len(jobs)
    if executor is not None:
        _run_chunks(jobs, worker, executor, outcomes, progress, force, update)
    elif processes <= 1 or len(jobs) <= 1:
        for i, job in enumerate(jobs):
            outcomes[i] = worker(job)
            if progress:
                progress(outcomes[i])  # type: ignore[arg-type]
    else:
        # a few files per task: the parent's cost per task (pickling, waking up) is paid
        # once for each few, and the progress bar still moves smoothly
        size = max(1, min(LOCAL_CHUNK, len(jobs) // (processes * 16)))
        with ProcessPoolExecutor(max_workers=processes, initializer=ignore_interrupts) as pool:
            futures: dict[Future[list[Outcome]], list[int]] = {
                pool.submit(run_chunk, worker, [jobs[i] for i in chunk]): chunk
                for chunk in cluster.chunked(len(jobs), size)
            }
            try:
                for future in as_completed(futures):
                    for i, outcome in zip(futures[future], future.result(), strict=True):
                        outcomes[i] = outcome
                        if progress:
                            progress(outcome)
            except KeyboardInterrupt:
                pool.shutdown(wait=True, cancel_futures=True)
                raise
    return [o for o in outcomes if o is not None]


def _run_chunks(
    jobs: list[Job],
    worker: Callable[[Job], Outcome],
    executor: cluster.Executor,
    outcomes: list[Outcome | None],
    progress: Callable[[Outcome], None] | None,
    force: bool,
    update: bool,
) -> None:
    """The cluster's part of :func:`run`: decided here, written there, told as chunks end."""
    sent: list[Job] = []
    where: list[int] = []
    for i, job in enumerate(jobs):
        try:
            write = must_write(job, force, update)
        except TeikitError:
            write = False
        if not write:
            outcomes[i] = worker(job)  # its own check: skipped or refused, nothing converted
            if progress:
                progress(outcomes[i])  # type: ignore[arg-type]
            continue
        sent.append(dataclasses.replace(job, replace=True))
        where.append(i)
    chunks = cluster.chunked(len(sent), cluster.chunk_size(len(sent), executor.slots))
    task = functools.partial(run_chunk, worker)
    for index, outcome in cluster.dispatch(executor, task, sent, chunks, lost):
        outcomes[where[index]] = outcome
        if progress:
            progress(outcome)


def run_chunk(worker: Callable[[Job], Outcome], jobs: list[Job]) -> list[Outcome]:
    """One task on a cluster: ``worker`` on each of ``jobs``, in order."""
    return [worker(job) for job in jobs]


def lost(job: Job, why: str) -> Outcome:
    """The outcome of a job that no worker could run (each one running it died)."""
    return Outcome(str(job.input), str(job.output) if job.output else None, FAILED, why)


def ignore_interrupts() -> None:
    """In a worker: let the parent handle Ctrl-C (it cancels what has not started)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def default_processes() -> int:
    """The number of cores."""
    return os.cpu_count() or 1

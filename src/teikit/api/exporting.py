"""Exporting: TEI (a file, standard input, a batch) to another format."""


from __future__ import annotations

import functools
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from .. import batch, cluster
from ..errors import TeikitError
from ..inputs import require_tei_file
from ..writers import BINARY_FORMATS, render, require_extra
from ..writers.site import MARKER, Part, edition, write_site
from ..xmlio import parse_file, parse_stream, refuse_overwrite, write_output
from .converting import EXTENSIONS, STDIN, TEI_SUFFIXES


def export_file(
    path: str | Path,
    to: str = "transcription",
    output: str | Path | None = None,
    *,
    force: bool = False,
    view: str | None = None,
    entity_format: str = "json",
) -> str:
    """Export the TEI file ``path`` to the format ``to``; write it to ``output`` when given.

    ``view`` (``reading`` or ``diplomatic``) applies to ``html``, ``text``,
    ``markdown``, ``pdf`` and ``epub``; ``entity_format`` (``json`` or ``csv``)
    to ``entities``.  Returns the exported text.  The binary formats (``pdf``,
    ``epub``) need ``output`` and return an empty string.  Nothing is written
    unless the whole export succeeded; an existing output is not overwritten
    without ``force``.
    """
    name = str(path)
    refuse_overwrite(output, force)
    binary_needs_file(to, output, name)
    require_tei_file(path, "export")
    try:
        # the tree is freed before writing
        data = render(parse_file(path), to, view=view, entity_format=entity_format)
    except TeikitError as exc:
        raise exc.with_path(name) from None
    if output is not None:
        write_output(output, data, force=force)
    return "" if to in BINARY_FORMATS else data.decode("utf-8")


def binary_needs_file(to: str, output: str | Path | None, name: str | None = None) -> None:
    """For ``pdf`` and ``epub``: a usage error without an output file, or without the
    library the format needs (checked before any input is read)."""
    if to not in BINARY_FORMATS:
        return
    if output is None:
        raise TeikitError(
            f"--to {to} writes a binary file: give -o FILE or --out-dir DIR", path=name,
            code="usage",
        )
    try:
        require_extra(to)
    except TeikitError as exc:
        raise (exc.with_path(name) if name else exc) from None


def _export_job(
    job: batch.Job, to: str, view: str | None, force: bool, update: bool, entity_format: str
) -> batch.Outcome:
    try:
        skipped = batch.up_to_date(job, force, update)
        if skipped is not None:
            return skipped
        text = export_file(
            job.input, to, job.output, force=True, view=view, entity_format=entity_format
        )
    except TeikitError as exc:
        return batch.failed(job, exc.with_path(str(job.input)))
    # one input to no file (--json without -o): the export goes into the report
    details = {"content": text} if job.output is None else {}
    return batch.Outcome(
        str(job.input), str(job.output) if job.output else None, batch.OK, details=details
    )


def export_name(path: Path, to: str, view: str | None, entity_format: str = "json") -> str:
    """The output file name for ``path`` exported to ``to`` (in ``view``)."""
    suffix = EXTENSIONS[to]
    if to == "entities":
        suffix = f".entities.{entity_format}"
    if to in ("text", "markdown") and view == "diplomatic":
        suffix = ".diplomatic" + suffix
    return path.stem + suffix


def export_many(
    inputs: Sequence[str],
    to: str = "transcription",
    *,
    view: str | None = None,
    out_dir: str | None = None,
    output: str | None = None,
    force: bool = False,
    update: bool = False,
    entity_format: str = "json",
    jobs: int | None = 1,
    progress: Callable[[batch.Outcome], None] | None = None,
    scheduler: str | None = None,
    started: Callable[[int], None] | None = None,
) -> list[batch.Outcome]:
    """Export TEI files and folders (``*.xml``) into ``out_dir`` (or ``output``); on a Dask
    cluster with ``scheduler``, with ``started`` and ``jobs`` as :func:`convert_many` has."""
    if to in BINARY_FORMATS:
        binary_needs_file(to, out_dir or output)
    planned = batch.plan(
        list(inputs), TEI_SUFFIXES, out_dir, output,
        lambda p: export_name(p, to, view, entity_format),
    )
    if started is not None:
        started(len(planned))
    worker = functools.partial(
        _export_job, to=to, view=view, force=force, update=update, entity_format=entity_format
    )
    with cluster.executor(scheduler) as executor:
        return batch.run(planned, worker, processes=jobs or batch.default_processes(),
                         progress=progress, executor=executor, force=force, update=update)


def export_input(
    source: str,
    to: str = "transcription",
    output: str | Path | None = None,
    *,
    force: bool = False,
    view: str | None = None,
    entity_format: str = "json",
) -> bytes:
    """Export one TEI document: the file ``source``, or standard input when it is ``-``.

    As :func:`export_file`, but returns the export as bytes (UTF-8 text, or
    empty for the binary formats, which go to ``output``).  Standard input
    is parsed as it arrives, with the safe parser's limits.
    """
    if source != STDIN:
        text = export_file(
            source, to, output, force=force, view=view, entity_format=entity_format
        )
        return text.encode("utf-8")
    refuse_overwrite(output, force)
    binary_needs_file(to, output, "<stdin>")
    tree = parse_stream(sys.stdin.buffer, "<stdin>")
    data = render(tree, to, view=view, entity_format=entity_format)
    if output is not None:
        write_output(output, data, force=force)
    return b"" if to in BINARY_FORMATS else data


def _site_job(job: batch.Job, root: Path, view: str | None) -> batch.Outcome:
    """One document of a site: its edition page written, its part of the site returned
    (in ``details["part"]``, which :func:`export_site` takes out)."""
    assert job.output is not None
    try:
        require_tei_file(job.input, "export")
        tree = parse_file(job.input)
        href = job.output.relative_to(root).as_posix()
        page, part = edition(tree, href, job.input.stem, view)
        del tree
        job.output.parent.mkdir(parents=True, exist_ok=True)
        write_output(job.output, page, force=True)
    except TeikitError as exc:
        return batch.failed(job, exc.with_path(str(job.input)))
    details = {"title": part.info.title, "mentions": len(part.mentions), "part": part}
    return batch.Outcome(str(job.input), str(job.output), batch.OK, details=details)


def _replace_folder(built: Path, target: Path) -> None:
    """Put the folder ``built`` at ``target`` (a site there before is removed after)."""
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}.old-{os.getpid()}")
        target.rename(old)
    built.rename(target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _check_site_target(target: Path, force: bool) -> None:
    if not target.exists():
        return
    if not target.is_dir():
        raise TeikitError("the site's --out-dir is a file", path=str(target), code="io")
    if not force:
        raise TeikitError(
            "output folder exists; use --force to replace it", path=str(target), code="exists"
        )
    if any(target.iterdir()) and not (target / MARKER).is_file():
        raise TeikitError(
            f"the folder is not empty and is no teikit site (it has no {MARKER}): "
            "--force replaces only a site", path=str(target), code="exists"
        )


def export_site(
    inputs: Sequence[str],
    out_dir: str | Path,
    *,
    title: str | None = None,
    view: str | None = None,
    force: bool = False,
    jobs: int | None = 1,
    progress: Callable[[batch.Outcome], None] | None = None,
    started: Callable[[int], None] | None = None,
) -> tuple[list[batch.Outcome], dict[str, int]]:
    """Build a static site of the TEI files and folders ``inputs`` in the folder ``out_dir``.

    The site has an index page, an edition page per document (under ``docs/``,
    mirroring the input folders; opening in ``view``), register pages for
    people, bodies and places, and a search index.  It is built in a
    temporary folder beside ``out_dir`` and moved there when whole, so an
    interrupted build leaves no part of a site; an existing site is replaced
    only with ``force`` (and a folder that is not a teikit site never).  A
    document that fails is reported and left out.  Returns every document's
    outcome and the site's counts (documents, register entries, mentions, words).
    """
    target = Path(out_dir)
    _check_site_target(target, force)
    parent = target.parent if str(target.parent) else Path(".")
    parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=parent))
    try:
        planned = batch.plan(
            list(inputs), TEI_SUFFIXES, str(work / "docs"), None, lambda p: p.stem + ".html"
        )
        if started is not None:
            started(len(planned))
        worker = functools.partial(_site_job, root=work, view=view)
        outcomes = batch.run(planned, worker, processes=jobs or batch.default_processes(),
                             progress=progress, force=True)
        parts: list[Part] = []
        for outcome in outcomes:
            part = outcome.details.pop("part", None)
            if isinstance(part, Part):
                parts.append(part)
            if outcome.output is not None:
                outcome.output = str(target / Path(outcome.output).relative_to(work))
        name = title or (Path(inputs[0]).resolve().name if inputs else "") or "TEI documents"
        counts = write_site(work, parts, name)
        _replace_folder(work, target)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return outcomes, counts

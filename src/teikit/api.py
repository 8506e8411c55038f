"""The library functions behind every command (the CLI only calls these)."""

from __future__ import annotations

import dataclasses
import functools
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from lxml import etree

from . import batch
from .build import Conversion, build
from .enrich import check
from .enrich import enrich as enrich_document
from .enrich.register import DEFAULT as DEFAULT_REGISTER
from .enrich.register import Register, load_register
from .errors import Diagnostic, TeikitError
from .inputs import refuse_markup, require_tei_file, require_tei_tree
from .profiles import Profile, load_profile, rule_rows
from .provenance import find_transcription
from .read import Explained, read
from .read.source import load
from .validate import FileResult, Report, collect, validate, validate_file, validate_tree
from .validate.linemap import pair_lines
from .validate.schemas import schemas_for
from .version import __version__
from .writers import render
from .xmlio import parse_file, parse_stream, read_stdin, refuse_overwrite, serialise, write_output


def convert_document(
    text: str | bytes,
    *,
    name: str = "<input>",
    profile: Profile | str = "wilson-center",
    strict: bool = False,
    enrich: bool = True,
    register: str | Path | Register | None = None,
) -> Conversion:
    """Convert a transcription (text or UTF-8 bytes) to TEI, with its diagnostics.

    ``profile`` is a shipped profile's name, a profile file (``.toml``) or a
    :class:`Profile`.  With ``strict``, a bracket that no rule knows or that a
    rule reads only tentatively (an ambiguous bracket) is an error.  The
    conversion's ``records`` say, for every bracket (and line and block rule),
    where it is, the rule that read it and the TEI it made (``--explain``).

    With ``enrich`` (the default), the paragraphs of the original and the
    translation are aligned (``@corresp``), the names of the ``register``
    (teikit's own by default; a path or a :class:`Register`) are tagged with
    ``@ref`` and their entries copied into ``standOff``, dates get ``@when``,
    and the cross-language checks run: their findings are the conversion's
    ``findings`` (``teikit check`` applies them).

    Raises :class:`TeikitError` for input that cannot be converted, XML and
    HTML included (see :func:`teikit.inputs.refuse_markup`).
    """
    refuse_markup(text, name)
    prof = load_profile(profile) if isinstance(profile, str) else profile
    source = load(text, name)
    try:
        conversion = build(read(source, prof, strict=strict), prof, __version__)
    except TeikitError as exc:
        raise exc.with_path(name) from None
    enrich_document(conversion, _register(register) if enrich else None)
    return conversion


def _register(register: str | Path | Register | None) -> Register:
    if isinstance(register, Register):
        return register
    return load_register(str(register or DEFAULT_REGISTER))


def explain(
    text: str | bytes,
    *,
    name: str = "<input>",
    profile: Profile | str = "wilson-center",
) -> list[Explained]:
    """How teikit reads each bracket (and line and block rule, and date) of a transcription.

    Each record has the line and column, the source text, the rule that fired,
    the TEI it made and a note (why a choice is uncertain, why a date has no
    ``@when``).
    """
    return convert_document(text, name=name, profile=profile).records


def convert(
    text: str | bytes, *, profile: Profile | str = "wilson-center", enrich: bool = True
) -> etree._ElementTree:
    """Convert a transcription to a TEI tree (an lxml ``ElementTree``), enriched by default."""
    return convert_document(text, profile=profile, enrich=enrich).tree


def convert_file(
    path: str | Path,
    output: str | Path | None = None,
    *,
    force: bool = False,
    profile: Profile | str = "wilson-center",
    strict: bool = False,
    enrich: bool = True,
    register: str | Path | Register | None = None,
) -> tuple[Conversion, bytes]:
    """Convert the transcription file ``path``; write the TEI to ``output`` when given.

    Returns the conversion and the serialised TEI.  The output is written
    atomically and never overwritten without ``force``.
    """
    name = str(path)
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise TeikitError("cannot read: no such file", path=name, code="io") from None
    except OSError as exc:
        raise TeikitError(f"cannot read: {exc.strerror}", path=name, code="io") from None
    conversion = convert_document(
        data, name=name, profile=profile, strict=strict, enrich=enrich, register=register
    )
    xml = serialise(conversion.tree)
    if output is not None:
        write_output(output, xml, force=force)
    return conversion, xml


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

    ``view`` (``reading`` or ``diplomatic``) applies to ``html``, ``text`` and
    ``markdown``; ``entity_format`` (``json`` or ``csv``) to ``entities``.
    Returns the exported text.  Nothing is written unless the whole export
    succeeded; an existing output is not overwritten without ``force``.
    """
    name = str(path)
    refuse_overwrite(output, force)
    require_tei_file(path, "export")
    try:
        # the tree is freed before writing
        data = render(parse_file(path), to, view=view, entity_format=entity_format)
    except TeikitError as exc:
        raise exc.with_path(name) from None
    if output is not None:
        write_output(output, data, force=force)
    return data.decode("utf-8")


# ---------------------------------------------------------------------------- batches

TRANSCRIPTION_SUFFIXES = (".txt",)
TEI_SUFFIXES = (".xml", ".tei", ".odd")
EXTENSIONS = {
    "transcription": ".txt",
    "html": ".html",
    "text": ".txt",
    "markdown": ".md",
    "entities": ".entities.json",
}


def _convert_job(
    job: batch.Job,
    force: bool,
    update: bool,
    profile: str,
    strict: bool = False,
    enrich: bool = True,
    register: str | None = None,
) -> batch.Outcome:
    try:
        skipped = batch.up_to_date(job, force, update)
        if skipped is not None:
            return skipped
        conversion, _ = convert_file(
            job.input,
            job.output,
            force=True,
            profile=profile,
            strict=strict,
            enrich=enrich,
            register=register,
        )
    except TeikitError as exc:
        return batch.failed(job, exc.with_path(str(job.input)))
    return batch.Outcome(
        str(job.input),
        str(job.output) if job.output else None,
        batch.OK,
        diagnostics=[d.as_dict() for d in conversion.diagnostics],
        details=conversion_details(conversion),
    )


def conversion_details(conversion: Conversion) -> dict[str, object]:
    """What a conversion's report gives beyond its outcome: profile, elements, enrichment."""
    return {
        "profile": conversion.profile.name,
        "elements": conversion.counts(),
        "enriched": conversion.enriched,
        "findings": [f.as_dict() for f in conversion.findings],
    }


def convert_many(
    inputs: list[str],
    *,
    out_dir: str | None = None,
    output: str | None = None,
    force: bool = False,
    update: bool = False,
    profile: str = "wilson-center",
    strict: bool = False,
    enrich: bool = True,
    register: str | None = None,
    jobs: int = 1,
    progress: Callable[[batch.Outcome], None] | None = None,
) -> list[batch.Outcome]:
    """Convert transcription files and folders (``*.txt``) into ``out_dir`` (or ``output``).

    Keeps going past a file that fails; returns one outcome per input.
    """
    load_profile(profile)  # a bad profile is one usage error, not one error per file
    if enrich:
        _register(register)  # and so is a bad register
    planned = batch.plan(
        inputs, TRANSCRIPTION_SUFFIXES, out_dir, output, lambda p: p.with_suffix(".xml").name
    )
    worker = functools.partial(
        _convert_job,
        force=force,
        update=update,
        profile=profile,
        strict=strict,
        enrich=enrich,
        register=register,
    )
    return batch.run(planned, worker, processes=jobs, progress=progress)


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
    inputs: list[str],
    to: str = "transcription",
    *,
    view: str | None = None,
    out_dir: str | None = None,
    output: str | None = None,
    force: bool = False,
    update: bool = False,
    entity_format: str = "json",
    jobs: int = 1,
    progress: Callable[[batch.Outcome], None] | None = None,
) -> list[batch.Outcome]:
    """Export TEI files and folders (``*.xml``) into ``out_dir`` (or ``output``)."""
    planned = batch.plan(
        inputs, TEI_SUFFIXES, out_dir, output, lambda p: export_name(p, to, view, entity_format)
    )
    worker = functools.partial(
        _export_job, to=to, view=view, force=force, update=update, entity_format=entity_format
    )
    return batch.run(planned, worker, processes=jobs, progress=progress)


# ---------------------------------------------------------------------------- checks


def check_file(
    path: str | Path,
    *,
    apply: bool = False,
    output: str | Path | None = None,
    force: bool = False,
) -> tuple[list[Diagnostic], bytes | None]:
    """Run the cross-language checks on the TEI file ``path``; returns the findings.

    With ``apply``, the propagated ``sic``s are written into the document, which
    is returned serialised and, with ``output``, written there (atomically; an
    existing file only with ``force``, which also allows ``output`` to be
    ``path`` itself).
    """
    name = str(path)
    if apply:
        refuse_overwrite(output, force)
    require_tei_file(path, "check")
    try:
        tree = parse_file(path)
        require_tei_tree(tree, name)
        mapped = transcription_lines(Path(path), tree)
        findings = check.check_document(tree, apply=apply)
    except TeikitError as exc:
        raise exc.with_path(name) from None
    findings = [dataclasses.replace(f, path=name) for f in findings]
    if mapped is not None:
        lines, transcription = mapped
        findings = [
            dataclasses.replace(f, source_line=lines.get(f.line), source_path=transcription)
            if f.line and f.line in lines else f
            for f in findings
        ]
    if not apply:
        return findings, None
    data = serialise(tree)
    if output is not None:
        write_output(output, data, force=force)
    return findings, data


def transcription_lines(
    path: Path, tree: etree._ElementTree
) -> tuple[dict[int, int], str] | None:
    """Lines of a saved teikit file → lines of its transcription, when that is found unchanged.

    The transcription is converted again (with enrichment, the default, and
    else without) and paired with the saved tree element by element; None
    when it is not found, or the TEI was edited since.
    """
    found = find_transcription(path, tree)
    if found is None:
        return None
    transcription, profile = found
    for enrich in (True, False):
        try:
            conversion = convert_document(
                transcription.read_bytes(), name=str(transcription), profile=profile,
                enrich=enrich,
            )
        except TeikitError:
            return None
        mapping = pair_lines(tree, conversion.tree, conversion.lines)
        if mapping is not None:
            return mapping, str(transcription)
    return None


def validate_paths(
    paths: Iterable[str | Path],
    schema: str | None = None,
    *,
    jobs: int = 1,
    progress: Callable[[FileResult], None] | None = None,
) -> Report:
    """Validate files and folders (see :func:`teikit.validate.validate`).

    Problems in TEI that teikit made name the transcription's line too.
    """
    return validate(paths, schema, jobs=jobs, progress=progress, line_map=transcription_lines)


def validate_one(path: str | Path, schema: str | None = None) -> FileResult:
    """Validate one file; problems in teikit-made TEI name the transcription's line too."""
    return validate_file(path, schema, line_map=transcription_lines)


# ---------------------------------------------------------------------------- the commands
# One call for each command of the command line (teikit.cli): standard input ("-") as
# well as files, the size of a batch told before it starts (for a progress bar), the
# rules of a profile.

STDIN = "-"


def convert_input(
    source: str,
    output: str | Path | None = None,
    *,
    force: bool = False,
    profile: Profile | str = "wilson-center",
    strict: bool = False,
    enrich: bool = True,
    register: str | Path | Register | None = None,
) -> tuple[Conversion, bytes]:
    """Convert one transcription: the file ``source``, or standard input when it is ``-``.

    As :func:`convert_file`: returns the conversion and the serialised TEI, written
    to ``output`` when given.  Standard input is named ``<stdin>`` in diagnostics
    and refused beyond :data:`teikit.xmlio.STDIN_LIMIT` bytes.
    """
    if source != STDIN:
        return convert_file(
            source,
            output,
            force=force,
            profile=profile,
            strict=strict,
            enrich=enrich,
            register=register,
        )
    conversion = convert_document(
        read_stdin(),
        name="<stdin>",
        profile=profile,
        strict=strict,
        enrich=enrich,
        register=register,
    )
    xml = serialise(conversion.tree)
    if output is not None:
        write_output(output, xml, force=force)
    return conversion, xml


def convert_inputs(
    inputs: Sequence[str],
    *,
    out_dir: str | None = None,
    output: str | None = None,
    force: bool = False,
    update: bool = False,
    profile: str = "wilson-center",
    strict: bool = False,
    enrich: bool = True,
    register: str | None = None,
    jobs: int | None = None,
    progress: Callable[[batch.Outcome], None] | None = None,
    started: Callable[[int], None] | None = None,
) -> list[batch.Outcome]:
    """:func:`convert_many`, telling ``started`` first how many files there are.

    ``jobs`` None means one worker process per core.  An input that does not
    exist (or a folder without ``*.txt``) is an error before any file is converted.
    """
    total = len(batch.expand(inputs, TRANSCRIPTION_SUFFIXES))
    if started is not None:
        started(total)
    return convert_many(
        list(inputs),
        out_dir=out_dir,
        output=output,
        force=force,
        update=update,
        profile=profile,
        strict=strict,
        enrich=enrich,
        register=register,
        jobs=jobs or batch.default_processes(),
        progress=progress,
    )


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

    As :func:`export_file`, but returns the export as UTF-8 bytes.  Standard input
    is parsed as it arrives, with the safe parser's limits.
    """
    if source != STDIN:
        text = export_file(
            source, to, output, force=force, view=view, entity_format=entity_format
        )
        return text.encode("utf-8")
    refuse_overwrite(output, force)
    tree = parse_stream(sys.stdin.buffer, "<stdin>")
    data = render(tree, to, view=view, entity_format=entity_format)
    if output is not None:
        write_output(output, data, force=force)
    return data


def export_inputs(
    inputs: Sequence[str],
    to: str = "transcription",
    *,
    view: str | None = None,
    out_dir: str | None = None,
    output: str | None = None,
    force: bool = False,
    update: bool = False,
    entity_format: str = "json",
    jobs: int | None = None,
    progress: Callable[[batch.Outcome], None] | None = None,
    started: Callable[[int], None] | None = None,
) -> list[batch.Outcome]:
    """:func:`export_many`, telling ``started`` first how many files there are.

    ``jobs`` None means one worker process per core.
    """
    total = len(batch.expand(inputs, TEI_SUFFIXES))
    if started is not None:
        started(total)
    return export_many(
        list(inputs),
        to,
        view=view,
        out_dir=out_dir,
        output=output,
        force=force,
        update=update,
        entity_format=entity_format,
        jobs=jobs or batch.default_processes(),
        progress=progress,
    )


def validate_inputs(
    paths: Sequence[str],
    schema: str | None = None,
    *,
    jobs: int | None = None,
    progress: Callable[[FileResult], None] | None = None,
    started: Callable[[int], None] | None = None,
) -> Report:
    """Validate files and folders, or standard input when ``paths`` is just ``-``.

    ``schema`` is ``teikit``, ``tei_all``, a schema file or None (each file's
    own, else teikit's).  ``started`` is told first how many files there are;
    ``jobs`` None means one worker process per core.
    """
    if list(paths) == [STDIN]:
        tree = parse_stream(sys.stdin.buffer, "<stdin>")
        schemas = schemas_for(Path("<stdin>"), tree, schema)
        return Report([validate_tree(tree, "<stdin>", schemas)])
    total = len(collect(paths))
    if started is not None:
        started(total)
    return validate_paths(paths, schema, jobs=jobs or os.cpu_count() or 1, progress=progress)


def profile_rules(profile: Profile | str = "wilson-center") -> tuple[Profile, list[dict[str, str]]]:
    """A profile (a shipped name, a ``.toml`` file or a :class:`Profile`) and its rules.

    The rules come in the order they are tried, each a mapping with its
    ``name``, ``kind``, what it is ``recognised`` by, the ``tei`` it makes and an
    ``example`` (see :func:`teikit.profiles.rule_rows`).
    """
    prof = load_profile(profile) if isinstance(profile, str) else profile
    return prof, rule_rows(prof)

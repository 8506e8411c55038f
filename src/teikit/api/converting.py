"""Converting: a transcription (text, a file, standard input, a batch) to TEI."""


from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from pathlib import Path

from lxml import etree

from .. import batch, cluster
from ..build import Conversion, build
from ..enrich import enrich as enrich_document
from ..enrich.register import DEFAULT as DEFAULT_REGISTER
from ..enrich.register import Register, load_register
from ..errors import TeikitError
from ..inputs import refuse_markup
from ..profiles import Profile, load_profile
from ..profiles.auto import AUTO, choose_profile
from ..read import Explained, read
from ..read.source import load
from ..version import __version__
from ..xmlio import read_input, read_stdin, serialise, write_output


def convert_document(
    text: str | bytes,
    *,
    name: str = "<input>",
    profile: Profile | str = AUTO,
    strict: bool = False,
    enrich: bool = True,
    register: str | Path | Register | None = None,
) -> Conversion:
    """Convert a transcription (text or UTF-8 bytes) to TEI, with its diagnostics.

    ``profile`` is a shipped profile's name, a profile file (``.toml``), a
    :class:`Profile`, or ``auto`` (the default): the page's layout picks the
    shipped profile, and the conversion's ``profile_reason`` says why.  With
    ``strict``, a bracket that no rule knows or that a rule reads only
    tentatively (an ambiguous bracket) is an error.  The conversion's
    ``records`` say, for every bracket (and line and block rule), where it is,
    the rule that read it and the TEI it made (``--explain``).

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
    source = load(text, name)
    reason = "named"
    if profile == AUTO:
        prof, reason = choose_profile(source.text)
    else:
        prof = load_profile(profile) if isinstance(profile, str) else profile
    try:
        conversion = build(read(source, prof, strict=strict), prof, __version__)
    except TeikitError as exc:
        raise exc.with_path(name) from None
    conversion.profile_reason = reason
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
    profile: Profile | str = AUTO,
) -> list[Explained]:
    """How teikit reads each bracket (and line and block rule, and date) of a transcription.

    Each record has the line and column, the source text, the rule that fired,
    the TEI it made and a note (why a choice is uncertain, why a date has no
    ``@when``).
    """
    return convert_document(text, name=name, profile=profile).records


def convert(
    text: str | bytes, *, profile: Profile | str = AUTO, enrich: bool = True
) -> etree._ElementTree:
    """Convert a transcription to a TEI tree (an lxml ``ElementTree``), enriched by default."""
    return convert_document(text, profile=profile, enrich=enrich).tree


def convert_file(
    path: str | Path,
    output: str | Path | None = None,
    *,
    force: bool = False,
    profile: Profile | str = AUTO,
    strict: bool = False,
    enrich: bool = True,
    register: str | Path | Register | None = None,
) -> tuple[Conversion, bytes]:
    """Convert the transcription file ``path``; write the TEI to ``output`` when given.

    Returns the conversion and the serialised TEI.  The output is written
    atomically and never overwritten without ``force``.
    """
    conversion = convert_document(
        read_input(path), name=str(path), profile=profile, strict=strict, enrich=enrich,
        register=register,
    )
    xml = serialise(conversion.tree)
    if output is not None:
        write_output(output, xml, force=force)
    return conversion, xml


TRANSCRIPTION_SUFFIXES = (".txt",)


TEI_SUFFIXES = (".xml", ".tei", ".odd")


EXTENSIONS = {
    "transcription": ".txt",
    "html": ".html",
    "text": ".txt",
    "markdown": ".md",
    "entities": ".entities.json",
    "pdf": ".pdf",
    "epub": ".epub",
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
        "profile_reason": conversion.profile_reason,
        "elements": conversion.counts(),
        "enriched": conversion.enriched,
        "findings": [f.as_dict() for f in conversion.findings],
    }


def convert_many(
    inputs: Sequence[str],
    *,
    out_dir: str | None = None,
    output: str | None = None,
    force: bool = False,
    update: bool = False,
    profile: str = AUTO,
    strict: bool = False,
    enrich: bool = True,
    register: str | None = None,
    jobs: int | None = 1,
    progress: Callable[[batch.Outcome], None] | None = None,
    scheduler: str | None = None,
    started: Callable[[int], None] | None = None,
) -> list[batch.Outcome]:
    """Convert transcription files and folders (``*.txt``) into ``out_dir`` (or ``output``).

    Keeps going past a file that fails; returns one outcome per input.  ``started``
    is told first how many files there are (for a progress bar); ``jobs`` None means
    one worker process per core.  With ``scheduler`` (``local``, ``local:N`` or a
    Dask scheduler's address) the batch runs on a Dask cluster instead of ``jobs``
    local processes (:mod:`teikit.cluster`).
    """
    if profile != AUTO:
        load_profile(profile)  # a bad profile is one usage error, not one error per file
    if enrich:
        _register(register)  # and so is a bad register
    planned = batch.plan(
        list(inputs), TRANSCRIPTION_SUFFIXES, out_dir, output,
        lambda p: p.with_suffix(".xml").name,
    )
    if started is not None:
        started(len(planned))
    worker = functools.partial(
        _convert_job,
        force=force,
        update=update,
        profile=profile,
        strict=strict,
        enrich=enrich,
        register=register,
    )
    with cluster.executor(scheduler) as executor:
        return batch.run(planned, worker, processes=jobs or batch.default_processes(),
                         progress=progress, executor=executor, force=force, update=update)


STDIN = "-"


def convert_input(
    source: str,
    output: str | Path | None = None,
    *,
    force: bool = False,
    profile: Profile | str = AUTO,
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

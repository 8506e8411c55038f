"""Checking and validating through the library: problems pointed to the transcription.

Validation itself never converts (:mod:`teikit.validate`); here the line map it
is handed converts the transcription a teikit file names, to pair their lines.
"""


from __future__ import annotations

import dataclasses
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from lxml import etree

from .. import cluster
from ..enrich import check
from ..errors import Diagnostic, TeikitError
from ..inputs import require_tei_file, require_tei_tree
from ..profiles import Profile, load_profile, rule_rows
from ..provenance import find_transcription
from ..validate import FileResult, Report, collect, validate, validate_file, validate_tree
from ..validate.linemap import pair_lines
from ..validate.schemas import schemas_for
from ..xmlio import parse_file, parse_stream, refuse_overwrite, serialise, write_output
from .converting import STDIN, convert_document


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
    scheduler: str | None = None,
) -> Report:
    """Validate files and folders (see :func:`teikit.validate.validate`), on a Dask
    cluster with ``scheduler`` (as :func:`convert_many`).

    Problems in TEI that teikit made name the transcription's line too.
    """
    with cluster.executor(scheduler) as executor:
        return validate(paths, schema, jobs=jobs, progress=progress,
                        line_map=transcription_lines, executor=executor)


def validate_one(path: str | Path, schema: str | None = None) -> FileResult:
    """Validate one file; problems in teikit-made TEI name the transcription's line too."""
    return validate_file(path, schema, line_map=transcription_lines)


def validate_inputs(
    paths: Sequence[str],
    schema: str | None = None,
    *,
    jobs: int | None = None,
    progress: Callable[[FileResult], None] | None = None,
    started: Callable[[int], None] | None = None,
    scheduler: str | None = None,
) -> Report:
    """Validate files and folders, or standard input when ``paths`` is just ``-``.

    ``schema`` is ``teikit``, ``tei_all``, a schema file or None (each file's
    own, else teikit's).  ``started`` is told first how many files there are;
    ``jobs`` None means one worker process per core; ``scheduler`` runs it on a
    Dask cluster instead.
    """
    if list(paths) == [STDIN]:
        tree = parse_stream(sys.stdin.buffer, "<stdin>")
        schemas = schemas_for(Path("<stdin>"), tree, schema)
        return Report([validate_tree(tree, "<stdin>", schemas)])
    total = len(collect(paths))
    if started is not None:
        started(total)
    return validate_paths(
        paths, schema, jobs=jobs or os.cpu_count() or 1, progress=progress, scheduler=scheduler
    )


def profile_rules(profile: Profile | str = "wilson-center") -> tuple[Profile, list[dict[str, str]]]:
    """A profile (a shipped name, a ``.toml`` file or a :class:`Profile`) and its rules.

    The rules come in the order they are tried, each a mapping with its
    ``name``, ``kind``, what it is ``recognised`` by, the ``tei`` it makes and an
    ``example`` (see :func:`teikit.profiles.rule_rows`).
    """
    prof = load_profile(profile) if isinstance(profile, str) else profile
    return prof, rule_rows(prof)

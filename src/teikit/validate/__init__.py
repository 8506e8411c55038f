"""teikit validate: well-formedness, then the grammar, then Schematron, for files and folders.

Files in one folder are validated together: their element names are pooled,
and the grammar specialised to that pool is compiled once (see
:mod:`teikit.validate.grammar`); a folder is split into batches of bounded size
so that memory stays bounded.  With ``jobs`` > 1 batches run in worker
processes.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

from lxml import etree

from .. import cluster
from ..batch import ignore_interrupts
from ..errors import Diagnostic, TeikitError
from ..xmlio import parse_file
from .engines import check_rng, check_sch, check_xsd, pool_keys
from .linemap import LineMap, map_to_transcription
from .results import ERROR, INVALID, VALID, FileResult, Report, problem
from .schemas import SchemaSet, install_schema, schemas_for
from .xinclude import expand as expand_xincludes

SUFFIXES = (".xml", ".tei", ".odd")
BATCH_BYTES = 16_000_000
POOL_NAMES = 200
# XInclude is expanded before validating, as jing does (local files only: see .xinclude)
XINCLUDE = True

__all__ = [
    "FileResult",
    "Report",
    "collect",
    "install_schema",
    "validate",
    "validate_file",
    "validate_tree",
]


def collect(paths: Iterable[str | Path]) -> list[Path]:
    """The files to validate: files as given, folders searched for *.xml, *.tei, *.odd."""
    out: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(
                p for p in path.rglob("*") if p.suffix.lower() in SUFFIXES and p.is_file()
            )
            if not found:
                raise TeikitError("no XML files in this folder", path=str(path), code="usage")
            out.extend(found)
        else:
            out.append(path)  # a missing file is that file's error result, not the run's
    return out


def validate_tree(
    tree: etree._ElementTree,
    label: str,
    schemas: SchemaSet,
    names: set[tuple[str, str]] | None = None,
) -> FileResult:
    """Validate a parsed document against a schema set: grammar, XML Schema, Schematron."""
    problems: list[Diagnostic] = []
    pool = names if names is not None else pool_keys(tree)
    for rng in schemas.rng:
        problems += check_rng(tree, label, rng, pool if schemas.specialise else None)
    grammar_ok = not any(p.severity == "error" for p in problems)
    for xsd in schemas.xsd:
        xsd_problems = check_xsd(tree, label, xsd)
        if schemas.rng:
            # the XML Schema is the grammar again: report it only where the verdicts differ
            if grammar_ok and xsd_problems:
                problems += xsd_problems
        else:
            problems += xsd_problems
    for sch in schemas.sch:
        problems += check_sch(tree, label, sch, required=not schemas.sch_optional)
    status = INVALID if any(p.severity == "error" for p in problems) else VALID
    return FileResult(label, status, schemas.label, problems)


def _error_result(path: Path, exc: TeikitError, schema: str = "") -> FileResult:
    found = problem(str(path), exc.line, exc.column, "error", "xml", exc.code, exc.message)
    return FileResult(str(path), ERROR, schema, [found])


def validate_file(
    path: str | Path, schema: str | None = None, *, line_map: LineMap | None = None
) -> FileResult:
    """Validate one file; a file that cannot be read gives status ``error``.

    With ``line_map``, problems in teikit-made TEI name the transcription's lines.
    """
    return _validate_batch([Path(path)], schema, line_map)[0]


def _pools(
    parsed: list[tuple[Path, etree._ElementTree | None, FileResult | None]],
) -> list[set[tuple[str, str]]]:
    """The element pool each file is validated with.

    Files are pooled in order while the pool stays under ``POOL_NAMES`` names:
    one specialised grammar then serves them all, and a pool that small still
    compiles in milliseconds (the grammar for hundreds of names takes seconds).
    """
    pools: list[set[tuple[str, str]]] = []
    current: set[tuple[str, str]] = set()
    for _, tree, _ in parsed:
        names = pool_keys(tree) if tree is not None else set()
        if current and len(current | names) > POOL_NAMES:
            current = set()
        current |= names
        pools.append(current)
    return pools


def _validate_batch(
    paths: list[Path], schema: str | None, line_map: LineMap | None = None
) -> list[FileResult]:
    parsed: list[tuple[Path, etree._ElementTree | None, FileResult | None]] = []
    included: dict[Path, list[Diagnostic]] = {}
    for path in paths:
        try:
            tree = parse_file(path)
        except TeikitError as exc:
            parsed.append((path, None, _error_result(path, exc)))
            continue
        if XINCLUDE:
            included[path] = expand_xincludes(tree, path)  # as jing does, before validating
        parsed.append((path, tree, None))
    results: list[FileResult] = []
    for (path, maybe_tree, failed), pool in zip(parsed, _pools(parsed), strict=True):
        if failed is not None or maybe_tree is None:
            assert failed is not None
            results.append(failed)
            continue
        tree = maybe_tree
        try:
            schemas = schemas_for(path, tree, schema)
            result = validate_tree(tree, str(path), schemas, pool if schemas.specialise else None)
        except TeikitError as exc:
            results.append(_error_result(path, exc.with_path(str(path))))
            continue
        if included.get(path):
            result.problems = [*included[path], *result.problems]
            result.status = INVALID
        if result.problems and line_map is not None:
            result.problems = map_to_transcription(path, tree, result.problems, line_map)
        results.append(result)
    return results


def _batches(files: list[Path]) -> list[list[Path]]:
    """Files grouped by folder, each group cut into batches of bounded size."""
    by_folder: dict[Path, list[Path]] = {}
    for path in files:
        by_folder.setdefault(path.parent, []).append(path)
    batches: list[list[Path]] = []
    for group in by_folder.values():
        current: list[Path] = []
        size = 0
        for path in group:
            try:
                n = path.stat().st_size
            except OSError:
                n = 0
            if current and size + n > BATCH_BYTES:
                batches.append(current)
                current, size = [], 0
            current.append(path)
            size += n
        if current:
            batches.append(current)
    return sorted(batches, key=lambda b: -sum(_size(p) for p in b))


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _iter_results(
    files: list[Path],
    schema: str | None,
    jobs: int,
    line_map: LineMap | None,
    executor: cluster.Executor | None = None,
) -> Iterator[tuple[int, FileResult]]:
    order = {path: i for i, path in enumerate(files)}
    batches = _batches(files)
    if executor is not None:  # a cluster: the batches cut into chunks of a bounded count
        size = cluster.chunk_size(len(files), executor.slots)
        chunks = [
            [order[p] for p in b[i : i + size]] for b in batches for i in range(0, len(b), size)
        ]
        task = functools.partial(_validate_batch, schema=schema, line_map=line_map)
        yield from cluster.dispatch(executor, task, files, chunks, _lost)
        return
    if jobs <= 1 or len(batches) <= 1:
        for batch in batches:
            for path, result in zip(batch, _validate_batch(batch, schema, line_map), strict=True):
                yield order[path], result
        return
    with ProcessPoolExecutor(max_workers=jobs, initializer=ignore_interrupts) as pool:
        futures = {
            pool.submit(_validate_batch, batch, schema, line_map): batch for batch in batches
        }
        try:
            for future in as_completed(futures):
                batch = futures[future]
                for path, result in zip(batch, future.result(), strict=True):
                    yield order[path], result
        except KeyboardInterrupt:
            pool.shutdown(wait=True, cancel_futures=True)
            raise


def _lost(path: Path, why: str) -> FileResult:
    return _error_result(path, TeikitError(why, path=str(path), code="lost"))


def validate(
    paths: Iterable[str | Path],
    schema: str | None = None,
    *,
    jobs: int = 1,
    progress: Callable[[FileResult], None] | None = None,
    line_map: LineMap | None = None,
    executor: cluster.Executor | None = None,
) -> Report:
    """Validate files and folders; ``schema`` is teikit, tei_all, a file, or None (automatic).

    ``line_map`` (a picklable function) points problems in teikit-made TEI to
    the transcription's lines.  With ``executor`` (a cluster, see
    :mod:`teikit.cluster`) the batches run there, not in ``jobs`` processes.
    """
    files = collect(paths)
    if schema is not None:
        from .schemas import named_schema

        named_schema(schema)  # a usage error is raised once, before any file is read
    jobs = max(1, min(jobs, os.cpu_count() or 1))
    slots: list[FileResult | None] = [None] * len(files)
    for index, result in _iter_results(files, schema, jobs, line_map, executor):
        slots[index] = result
        if progress is not None:
            progress(result)
    return Report([r for r in slots if r is not None])

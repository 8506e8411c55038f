"""Benchmark: teikit validate against jing and xmllint --relaxng, on the corpus and one file.

Run with `make bench` (needs ../shared/ref, jing and xmllint). Every figure is
measured in this run, on the same files, and printed as a ratio; nothing is
asserted.  teikit runs from a cache that already holds tei_all and its index, as
after `teikit schema install tei_all` and a first run.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "ref"
TEIKIT = str(Path(sys.executable).parent / "teikit")


def corpus_files() -> list[Path]:
    corpus = SHARED / "corpus"
    return sorted(
        p
        for p in corpus.rglob("*")
        if p.suffix in (".xml", ".odd", ".tei") and "large" not in p.parts
    )


def timed(cmd: list[str], env: dict[str, str] | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, capture_output=True, env=env)
    return time.perf_counter() - start


def main() -> None:
    schema = SHARED / "schema" / "tei_all.rng"
    if not schema.is_file():
        print("bench/validate.py: ../shared/ref is not here; nothing to measure")
        return
    files = corpus_files()
    single = SHARED / "corpus" / "gerdracor" / "lessing-der-misogyn.xml"
    cache = Path(tempfile.mkdtemp(prefix="teikit-bench-"))
    env = dict(os.environ, TEIKIT_CACHE=str(cache))
    subprocess.run(
        [TEIKIT, "schema", "install", "tei_all", "--from", str(schema)],
        env=env,
        check=True,
        capture_output=True,
    )
    subprocess.run(
        [TEIKIT, "validate", str(single), "--schema", "tei_all"], env=env, capture_output=True
    )  # builds the grammar index once
    corpus_args = [str(p) for p in files]
    rows: list[tuple[str, float, float, float]] = []
    for label, teikit_cmd, jing_cmd, xmllint_cmd in (
        (
            f"corpus ({len(files)} files, jobs 1)",
            [TEIKIT, "validate", *corpus_args, "--schema", "tei_all", "--jobs", "1"],
            ["jing", str(schema), *corpus_args],
            ["xmllint", "--noout", "--relaxng", str(schema), *corpus_args],
        ),
        (
            f"corpus ({len(files)} files, jobs 2)",
            [TEIKIT, "validate", *corpus_args, "--schema", "tei_all", "--jobs", "2"],
            ["jing", str(schema), *corpus_args],
            [],
        ),
        (
            "one file",
            [TEIKIT, "validate", str(single), "--schema", "tei_all"],
            ["jing", str(schema), str(single)],
            ["xmllint", "--noout", "--relaxng", str(schema), str(single)],
        ),
    ):
        t = timed(teikit_cmd, env)
        j = timed(jing_cmd) if shutil.which("jing") else float("nan")
        x = timed(xmllint_cmd) if xmllint_cmd and shutil.which("xmllint") else float("nan")
        rows.append((label, t, j, x))
    shutil.rmtree(cache, ignore_errors=True)
    print("validate against tei_all (wall seconds; ratio = other / teikit)")
    for label, t, j, x in rows:
        print(
            f"  {label:28} teikit {t:6.2f}  jing {j:6.2f} ({j / t:4.2f}x)  "
            f"xmllint {x:6.2f} ({x / t:4.2f}x)"
        )
    verdict_and_locate(schema, [p for p in files if p.stat().st_size < 2_000_000])


def verdict_and_locate(schema: Path, files: list[Path]) -> None:
    """The verdict (libxml2) and the error pass (derivatives), timed apart, next to jing.

    The verdict is taken as ``teikit validate`` takes it: files pooled in
    order, one specialised grammar compiled per pool (elements and attributes).
    """
    from teikit.errors import TeikitError
    from teikit.validate import _pools
    from teikit.validate.cached import grammar
    from teikit.validate.errorpass import locate_all
    from teikit.xmlio import parse_file

    g = grammar(schema)
    parsed = []
    start = time.perf_counter()
    for path in files:
        try:
            parsed.append((path, parse_file(path), None))
        except TeikitError:
            continue
    verdict = locate = 0.0
    invalid: list[Path] = []
    pools = _pools(parsed)  # type: ignore[arg-type]
    verdict += time.perf_counter() - start  # parsing included, as jing's time has it
    for (path, tree, _), pool in zip(parsed, pools, strict=True):
        start = time.perf_counter()
        ok = g.compile(pool).validate(tree)
        verdict += time.perf_counter() - start
        if not ok:
            invalid.append(path)
            start = time.perf_counter()
            locate_all(tree, schema, g, lambda *a: a)  # type: ignore[arg-type,return-value]
            locate += time.perf_counter() - start
    jing = jing_valid = float("nan")
    if shutil.which("jing") and invalid:
        jing = timed(["jing", str(schema), *map(str, invalid)])
        jing_valid = timed(["jing", str(schema), *(str(p) for p, _, _ in parsed)])
    print(
        f"  verdict (libxml2, parse included) on {len(parsed)} files {verdict:6.2f} "
        f"(jing {jing_valid:6.2f}); locate (error pass) on the {len(invalid)} invalid "
        f"{locate:6.2f} (jing on those {jing:6.2f})"
    )


if __name__ == "__main__":
    main()

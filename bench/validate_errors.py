"""How many of jing's grammar error lines teikit finds on the invalid corpus files.

Takes up to 3 files per project among those jing calls invalid
(``../shared/ref/baselines/corpus-per-file-status.tsv``), runs jing on them in
one JVM, validates each with teikit against the same tei_all, and prints: the
share of the lines on which jing reports an error that teikit reports an error
on too, the problems without a line or a column, and the time of each.

    .venv/bin/python bench/validate_errors.py [--per-project N]
"""

from __future__ import annotations

import argparse
import csv
import re
import shutil
import subprocess
import time
from pathlib import Path

from teikit.validate import validate_file

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "ref"
JING_LINE = re.compile(r"^(.*?):(\d+):(\d+): (error|fatal):")


def invalid_files(per_project: int) -> list[Path]:
    """Up to ``per_project`` files per project that jing calls invalid."""
    table = SHARED / "baselines" / "corpus-per-file-status.tsv"
    chosen: dict[str, list[Path]] = {}
    with table.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            if row["jing_status"] != "invalid":
                continue
            project = row["file"].split("/")[0]
            if len(chosen.setdefault(project, [])) < per_project:
                chosen[project].append(SHARED / "corpus" / row["file"])
    return [p for files in chosen.values() for p in files]


def jing_lines(files: list[Path], schema: Path) -> tuple[dict[Path, set[int]], float]:
    """The lines of each file on which jing reports an error, and jing's time."""
    exe = shutil.which("jing")
    if exe is None:
        raise SystemExit("jing is not installed")
    # one JVM per file: jing gives up on the files after one with a fatal error
    lines: dict[Path, set[int]] = {p.resolve(): set() for p in files}
    elapsed = 0.0
    for path in files:
        start = time.perf_counter()
        out = subprocess.run([exe, str(schema), str(path)], capture_output=True, text=True).stdout
        elapsed += time.perf_counter() - start
        for text in out.splitlines():
            m = JING_LINE.match(text)
            if m:
                lines.setdefault(Path(m.group(1)).resolve(), set()).add(int(m.group(2)))
    return lines, elapsed


def main() -> None:
    """Print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--per-project", type=int, default=3)
    args = parser.parse_args()
    schema = SHARED / "schema" / "tei_all.rng"
    files = invalid_files(args.per_project)
    expected, jing_time = jing_lines(files, schema)
    validate_file(files[0], str(schema))  # load the grammar once, outside the timing
    found = wanted = problems = no_line = no_column = 0
    start = time.perf_counter()
    for path in files:
        result = validate_file(path, str(schema))
        got = {p.line for p in result.errors if p.line is not None}
        want = expected.get(path.resolve(), set())
        found += len(want & got)
        wanted += len(want)
        problems += len(result.problems)
        no_line += sum(1 for p in result.problems if p.line is None)
        no_column += sum(1 for p in result.problems if p.column is None)
    teikit_time = time.perf_counter() - start
    share = 100 * found / wanted if wanted else 100.0
    print(f"files: {len(files)} invalid (up to {args.per_project} per project)")
    print(f"jing error lines found by teikit: {found} / {wanted} ({share:.1f} %)")
    print(f"teikit problems: {problems}; without a line: {no_line}; without a column: {no_column}")
    print(f"time: teikit {teikit_time:.2f} s, jing {jing_time:.2f} s (a JVM per file)")


if __name__ == "__main__":
    main()

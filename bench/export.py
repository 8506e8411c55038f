"""Benchmark: teikit export (HTML, text) against the floor of parsing and serialising with lxml.

Run with `.venv/bin/python bench/export.py [REPEAT]`.  In one run it prints:

- the 20 files of ../shared/ref/baselines/export-files.txt and the whole corpus
  (../shared/ref/corpus, without large/): the floor (lxml parse + serialise of
  the same files), teikit's export to HTML and to text (parse included, as a
  user runs it), and the ratio of each to the floor;
- the seed: its export in this process, and `teikit export` as a command;
- notes: documents with 1,000 to 8,000 notes, to show the time grows linearly;
- large/: the peak memory (maximum resident set size) and time of each file,
  each exported in a fresh process.

Times are the best of REPEAT runs (default 3) of wall-clock time, the runs of
each measure interleaved, because the machine is shared.  Nothing is asserted.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from lxml import etree

import teikit
from teikit.writers import render
from teikit.xmlio import parse_bytes, parse_file

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "ref"
CORPUS = SHARED / "corpus"
SEED = ROOT / "data" / "tei" / "mikoyan-cpsu-cc-1956-09-19.xml"
# Measured on this machine (../shared/ref/baselines/README.md): TEI Stylesheets to HTML.
STYLESHEETS = "TEI Stylesheets to HTML: 3.82 s per file (median, one JVM each), 35.5 s in one JVM"


def best(measures: dict[str, Callable[[], object]], repeat: int) -> dict[str, float]:
    """The best wall time of each measure over ``repeat`` interleaved rounds."""
    times: dict[str, list[float]] = {name: [] for name in measures}
    for _ in range(repeat):
        for name, run in measures.items():
            start = time.perf_counter()
            run()
            times[name].append(time.perf_counter() - start)
    return {name: min(values) for name, values in times.items()}


def files_measures(files: list[Path]) -> dict[str, Callable[[], object]]:
    def floor() -> None:
        for f in files:
            etree.tostring(parse_file(f))

    def export(to: str) -> Callable[[], None]:
        def run() -> None:
            for f in files:
                render(parse_file(f), to)

        return run

    return {"floor": floor, "html": export("html"), "text": export("text")}


def report_files(title: str, files: list[Path], repeat: int) -> None:
    size = sum(f.stat().st_size for f in files) / 1e6
    t = best(files_measures(files), repeat)
    print(f"\n{title}: {len(files)} files, {size:.1f} MB")
    print(f"  lxml parse + serialise (floor): {t['floor']:.2f} s")
    for to in ("html", "text"):
        print(f"  teikit export --to {to:<5} {t[to]:6.2f} s   {t[to] / t['floor']:.1f}x the floor")


def report_seed(repeat: int) -> None:
    data = SEED.read_bytes()
    t = best(
        {
            "html": lambda: render(parse_bytes(data), "html"),
            "text": lambda: render(parse_bytes(data), "text"),
        },
        max(repeat, 5),
    )
    exe = Path(sys.executable).with_name("teikit")
    with tempfile.TemporaryDirectory() as tmp:
        walls = []
        for _ in range(max(repeat, 3)):
            start = time.perf_counter()
            subprocess.run(
                [str(exe), "export", str(SEED), "--to", "html", "-o", f"{tmp}/s.html", "--force"],
                check=True,
            )
            walls.append(time.perf_counter() - start)
    print(f"\nseed ({SEED.name}, {len(data) / 1e3:.0f} KB)")
    print(f"  in this process: html {t['html'] * 1e3:.1f} ms, text {t['text'] * 1e3:.1f} ms")
    print(f"  `teikit export --to html -o …` as a command: {min(walls):.2f} s (Python start-up in)")


def notes_document(n: int) -> bytes:
    paras = "".join(
        f"<p>Sentence {i} of the text<note n='{i}'>Note {i}, with <hi>some</hi> words.</note> "
        f"goes on.</p>"
        for i in range(n)
    )
    return (
        '<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>N'
        "</title></titleStmt><publicationStmt><p/></publicationStmt><sourceDesc><p/>"
        f"</sourceDesc></fileDesc></teiHeader><text><body><div>{paras}</div></body></text></TEI>"
    ).encode()


def report_notes(repeat: int) -> None:
    sizes = (1000, 2000, 4000, 8000)
    docs = {n: notes_document(n) for n in sizes}
    t = best({str(n): (lambda d=docs[n]: render(parse_bytes(d), "html")) for n in sizes}, repeat)
    print("\nnotes (HTML): time per note should stay flat (it grows with the square when not)")
    for n in sizes:
        print(f"  {n:5d} notes: {t[str(n)]:.3f} s, {t[str(n)] / n * 1e6:.0f} µs per note")
    print(f"  8,000 notes take {t['8000'] / t['1000']:.1f}x the time of 1,000 (linear: 8x)")


MEMORY_PROBE = """
import json, resource, sys, time
from teikit.api import export_file
start = time.perf_counter()
export_file(sys.argv[1], sys.argv[2], sys.argv[3], force=True)
wall = time.perf_counter() - start
print(json.dumps({"wall": wall, "maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""


def report_large() -> None:
    large = sorted((CORPUS / "large").glob("*.xml"))
    if not large:
        return
    print("\nlarge/: each file exported in a fresh process (goal: under 300 MB)")
    with tempfile.TemporaryDirectory() as tmp:
        for f in large:
            for to in ("html", "text"):
                out = subprocess.run(
                    [sys.executable, "-c", MEMORY_PROBE, str(f), to, f"{tmp}/out"],
                    check=True,
                    capture_output=True,
                    text=True,
                ).stdout
                got = json.loads(out)
                mb = got["maxrss_kb"] / 1024
                size = f.stat().st_size / 1e6
                print(
                    f"  {f.name} ({size:.1f} MB) --to {to:<4}: peak {mb:5.0f} MB, "
                    f"{got['wall']:.1f} s"
                )


def main(repeat: int = 3) -> None:
    print(f"teikit {teikit.__version__}; best of {repeat} interleaved runs, wall-clock seconds")
    report_seed(repeat)
    report_notes(repeat)
    if not CORPUS.is_dir():
        print(f"\n{CORPUS} is absent: the corpus figures need ../shared")
        return
    listed = (SHARED / "baselines" / "export-files.txt").read_text().split()
    report_files("baseline files", [CORPUS / name for name in listed], repeat)
    print(f"  (for comparison: {STYLESHEETS})")
    corpus = sorted(
        p
        for p in CORPUS.rglob("*")
        if p.suffix in (".xml", ".tei", ".odd")
        and "large" not in p.parts
        and "schema" not in p.parts
    )
    report_files("whole corpus", corpus, repeat)
    report_large()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3)

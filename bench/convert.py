"""Benchmark: teikit convert, against the floor of parsing and serialising its TEI with lxml.

Run with `make bench`. Every figure is measured in this run and printed as a
ratio; nothing is asserted.

- 1,000 transcriptions made from the seed, the rule fixtures and the samples
  (paragraphs drawn at random): documents per second, and the ratio to lxml
  parsing and serialising the same TEI;
- one long document (the seed's paragraphs repeated) at 1x, 10x and 100x
  (about 100 KB to 10 MB): the time must grow linearly;
- the same 1,000 files converted by the command line with --jobs 1 and --jobs 2.
"""

from __future__ import annotations

import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from lxml import etree

import teikit
from teikit.xmlio import serialise

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "data" / "transcriptions" / "mikoyan-cpsu-cc-1956-09-19.txt"
TEIKIT = str(Path(sys.executable).parent / "teikit")


def sources() -> list[str]:
    files = [SEED, *sorted((ROOT / "tests" / "fixtures" / "rules").glob("*.txt"))]
    examples = ROOT.parent / "shared" / "examples"
    if examples.is_dir():
        files += sorted(examples.glob("*.txt"))
    return [f.read_text("utf-8").strip("\n") for f in files]


def generated(count: int) -> list[str]:
    """``count`` transcriptions: a source's metadata with a random draw of its paragraphs."""
    rng = random.Random(1956)
    docs = []
    texts = sources()
    for _ in range(count):
        text = rng.choice(texts)
        head, sep, body = text.partition("Translation - English\n\n")
        if not sep:
            docs.append(text)
            continue
        paragraphs: list[str] = []
        for chunk in body.split("\n\n"):  # a bracket may span blank lines: keep it whole
            if paragraphs and paragraphs[-1].count("[") > paragraphs[-1].count("]"):
                paragraphs[-1] += "\n\n" + chunk
            else:
                paragraphs.append(chunk)
        keep = sorted(rng.sample(range(len(paragraphs)), max(1, len(paragraphs) * 2 // 3)))
        docs.append(head + sep + "\n\n".join(paragraphs[i] for i in keep))
    return docs


def long_document(factor: int) -> str:
    text = SEED.read_text("utf-8").strip("\n")
    head, sep, body = text.partition("Translation - English\n\n")
    paragraphs = body.split("\n\n")
    return head + sep + "\n\n".join(paragraphs * (4 * factor))


def main(count: int = 1000) -> None:
    docs = generated(count)
    start = time.perf_counter()
    xmls = [serialise(teikit.convert_document(d).tree) for d in docs]
    convert_s = time.perf_counter() - start
    start = time.perf_counter()
    for x in xmls:
        etree.tostring(etree.fromstring(x))
    floor_s = time.perf_counter() - start
    mb = sum(len(d.encode()) for d in docs) / 1e6
    print(f"convert: {len(docs)} transcriptions ({mb:.1f} MB), in one process")
    print(f"  teikit convert + serialise: {convert_s:.2f} s ({len(docs) / convert_s:.0f} docs/s)")
    print(f"  lxml parse + serialise of the same TEI (the floor): {floor_s:.2f} s")
    print(f"  ratio to the floor: {convert_s / floor_s:.1f}x")

    print("convert: one long document")
    base = None
    for factor in (1, 10, 100):
        text = long_document(factor)
        start = time.perf_counter()
        teikit.convert_document(text)
        seconds = time.perf_counter() - start
        base = base or seconds
        print(
            f"  {factor:>3}x  {len(text.encode()) / 1e6:6.2f} MB  {seconds:6.2f} s"
            f"  ({seconds / base:5.1f}x the time of 1x)"
        )

    folder = Path(tempfile.mkdtemp(prefix="teikit-bench-"))
    try:
        (folder / "in").mkdir()
        for i, doc in enumerate(docs):
            (folder / "in" / f"doc{i:04d}.txt").write_text(doc, "utf-8")
        times = {}
        for jobs in (1, 2):
            out = folder / f"out{jobs}"
            start = time.perf_counter()
            subprocess.run(
                [TEIKIT, "convert", str(folder / "in"), "--out-dir", str(out), "--jobs", str(jobs)],
                capture_output=True,
                check=True,
            )
            times[jobs] = time.perf_counter() - start
        print(f"convert: the {len(docs)} files by the command line")
        print(
            f"  --jobs 1: {times[1]:.2f} s; --jobs 2: {times[2]:.2f} s "
            f"({times[1] / times[2]:.2f}x faster)"
        )
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)

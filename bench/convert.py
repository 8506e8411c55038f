"""Benchmark: teikit convert against the floor of parsing and serialising its TEI with lxml.

Run with `make bench`. Prints documents per second and the ratio to the floor,
both measured in this process on the same documents; nothing is asserted.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from lxml import etree

import teikit
from teikit.xmlio import serialise

ROOT = Path(__file__).resolve().parent.parent


def inputs() -> list[bytes]:
    files = [ROOT / "data" / "transcriptions" / "mikoyan-cpsu-cc-1956-09-19.txt"]
    files += sorted((ROOT / "tests" / "fixtures" / "rules").glob("*.txt"))
    examples = ROOT.parent / "shared" / "examples"
    if examples.is_dir():
        files += sorted(examples.glob("*.txt"))
    return [f.read_bytes() for f in files]


def main(repeat: int = 20) -> None:
    docs = inputs() * repeat
    start = time.perf_counter()
    xmls = [serialise(teikit.convert_document(d).tree) for d in docs]
    convert_s = time.perf_counter() - start
    start = time.perf_counter()
    for x in xmls:
        etree.tostring(etree.fromstring(x))
    floor_s = time.perf_counter() - start
    total_mb = sum(len(d) for d in docs) / 1e6
    print(f"convert: {len(docs)} documents, {total_mb:.2f} MB of transcription")
    print(f"  teikit convert+serialise: {convert_s:.3f} s ({len(docs) / convert_s:.0f} docs/s)")
    print(f"  lxml parse+serialise of the same TEI (floor): {floor_s:.3f} s")
    print(f"  ratio to the floor: {convert_s / floor_s:.1f}x")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20)

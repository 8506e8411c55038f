"""Benchmark: one batch on --jobs 1, --jobs 2 and a local Dask cluster of 2 workers.

Run with `make bench` (or `.venv/bin/python bench/cluster.py [COUNT]`; it needs
`pip install -e '.[cluster]'`). Every figure is measured in this run; nothing
is asserted except that the three runs write the same files.

- COUNT (default 1,000) transcriptions made as bench/convert.py makes them,
  converted by the command line: documents per second (start-up included) and
  the ratio of each to --jobs 1;
- the CPU time each run took (teikit and every process it started) and how many
  cores that kept busy: on a machine others use too, the wall-clock ratio is bounded
  by the cores left, and the CPU time shows what the run itself cost;
- what a process pays before its first document (the serial part): starting
  Python and importing teikit, loading the profile and loading the register.
"""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from convert import generated

TEIKIT = str(Path(sys.executable).parent / "teikit")
RUNS = (("--jobs 1", ["--jobs", "1"]), ("--jobs 2", ["--jobs", "2"]),
        ("local cluster, 2 workers", ["--scheduler", "local:2"]))
SERIAL = """
import time
t0 = time.perf_counter()
import teikit.cli, teikit.api
t1 = time.perf_counter()
from teikit.profiles import load_profile
load_profile("wilson-center")
t2 = time.perf_counter()
from teikit.enrich.register import load_register
load_register()
t3 = time.perf_counter()
print(t1 - t0, t2 - t1, t3 - t2)
"""


def files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*.xml")}


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main(count: int = 1000) -> None:
    folder = Path(tempfile.mkdtemp(prefix="teikit-bench-cluster-"))
    try:
        (folder / "in").mkdir()
        for i, doc in enumerate(generated(count)):
            (folder / "in" / f"doc{i:04d}.txt").write_text(doc, "utf-8")
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=True)
        python_s = time.perf_counter() - start
        out = subprocess.run([sys.executable, "-c", SERIAL], capture_output=True, text=True,
                             check=True).stdout.split()
        imports_s, profile_s, register_s = (float(x) for x in out)
        times: dict[str, float] = {}
        cpu: dict[str, float] = {}
        written: dict[str, dict[str, bytes]] = {}
        load = os.getloadavg()[0]
        for label, args in RUNS:
            target = folder / f"out{len(times)}"
            before = _children_cpu()
            start = time.perf_counter()
            subprocess.run([TEIKIT, "convert", str(folder / "in"), "--out-dir", str(target),
                            *args], capture_output=True, check=True)
            times[label] = time.perf_counter() - start
            cpu[label] = _children_cpu() - before
            written[label] = files(target)
        same = all(w == written["--jobs 1"] for w in written.values())
        print(f"convert: {count} transcriptions by the command line (start-up included); "
              f"{os.cpu_count()} cores, load average {load:.2f} before the runs")
        base = times["--jobs 1"]
        for label, seconds in times.items():
            print(f"  {label:<26} {seconds:6.2f} s  {count / seconds:6.0f} docs/s"
                  f"  ({base / seconds:.2f}x --jobs 1)  CPU {cpu[label]:6.2f} s,"
                  f" {cpu[label] / seconds:.2f} cores busy")
        print(f"  the same {len(written['--jobs 1'])} files from each: {'yes' if same else 'NO'}")
        print("serial, once per process before the first document:")
        print(f"  starting Python {python_s:.2f} s; importing teikit {imports_s:.2f} s; "
              f"the profile {profile_s:.3f} s; the register {register_s:.3f} s")
        if not same:
            sys.exit("the runs wrote different files")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
